//! Thresholds, tested on both sides: ferritin 75 and 75.01 ng/mL (FE-2), transferrin
//! saturation 19.99 / 20 (FE-2) and 44.99 / 45 % (SA-11), cyclobenzaprine 21 / 22 days (RX-2,
//! PF-1, DEC-8), over-the-counter analgesic 89 / 90 days (PF-4, DEC-7), age 64 / 65 (SA-12).

use crate::common;

use StatementId::*;
use common::*;
use leg_spasm_cds::*;

/// FE-2: ferritin <= 75 ng/mL triggers iron; 75.01 does not (saturation normal).
#[test]
fn fe2_ferritin_75_is_in_75_01_is_out() {
    assert!(plan(&rls().ferritin(75.0).saturation(30.0)).has_item(Fe2));
    assert!(!plan(&rls().ferritin(75.01).saturation(30.0)).has_item(Fe2));
    // The same value in ug/L means the same (1 ng/mL = 1 ug/L).
    let ug = Ferritin::new(75.0, FerritinUnit::MicrogramsPerLitre).unwrap();
    let p = rls().saturation(30.0);
    let labs = p.labs().with_ferritin(ug);
    assert!(plan(&p.with_labs(labs)).has_item(Fe2));
    assert_eq!(Ferritin::IRON_THRESHOLD.in_ng_per_ml(), 75.0);
}

/// FE-2: saturation < 20 % triggers iron; exactly 20 does not (ferritin normal).
#[test]
fn fe2_saturation_19_99_is_in_20_is_out() {
    assert!(plan(&rls().ferritin(200.0).saturation(19.99)).has_item(Fe2));
    assert!(!plan(&rls().ferritin(200.0).saturation(20.0)).has_item(Fe2));
    assert_eq!(TransferrinSaturation::IRON_THRESHOLD.percent(), 20.0);
}

/// SA-11: saturation >= 45 % puts the overload caution on the iron item; 44.99 does not.
#[test]
fn sa11_saturation_44_99_is_out_45_is_in() {
    let caution = |tsat: f64| {
        plan(&rls().ferritin(40.0).saturation(tsat))
            .attachments_of(Sa11)
            .iter()
            .any(|(_, a)| a.kind == AttachmentKind::Caution)
    };
    assert!(!caution(44.99));
    assert!(caution(45.0));
    assert_eq!(TransferrinSaturation::OVERLOAD_THRESHOLD.percent(), 45.0);
}

/// RX-2, PF-1, DEC-8 (1.2.0): "the item states the days left when cyclobenzaprine is already
/// current (at least 1); not offered when current use has reached 21 days". At 20 days it is
/// offered with 1 day left and no alert; at 21 days it is not offered and PF-1 warns.
#[test]
fn cyclobenzaprine_20_days_is_in_21_is_out() {
    let at_20 = plan(&msk().at(S2).taking(Drug::Cyclobenzaprine, 20));
    let item = at_20
        .item_for(Drug::Cyclobenzaprine)
        .expect("offered at 20 days");
    assert_eq!(item.days_left, Some(Days::new(1)));
    assert!(at_20.alerts_of(Pf1).is_empty());

    let at_21 = plan(&msk().at(S2).taking(Drug::Cyclobenzaprine, 21));
    assert!(!at_21.offers(Drug::Cyclobenzaprine));
    assert_eq!(at_21.alerts_of(Pf1).len(), 1);
    assert_eq!(Days::CYCLOBENZAPRINE_MAX, Days::new(21));
}

/// PF-4, DEC-7: 90 days or more of an OTC analgesic is long-term; 89 is not.
#[test]
fn otc_analgesic_89_days_is_out_90_is_in() {
    for drug in [
        Drug::Ibuprofen,
        Drug::Naproxen,
        Drug::Acetaminophen,
        Drug::Aspirin,
        Drug::OtherOtcAnalgesic,
    ] {
        assert!(
            plan(&cramp().taking(drug, 89)).alerts_of(Pf4).is_empty(),
            "{drug}"
        );
        assert_eq!(
            plan(&cramp().taking(drug, 90)).alerts_of(Pf4).len(),
            1,
            "{drug}"
        );
    }
    assert_eq!(Days::LONG_TERM_ANALGESIC, Days::new(90));
}

/// SA-12: 65 is an older adult for the Beers criteria; 64 is not.
#[test]
fn sa12_age_64_is_out_65_is_in() {
    let caution = |age: u32| {
        !plan(&msk().at(S2).aged(age))
            .attachments_of(Sa12)
            .is_empty()
    };
    let alert = |age: u32| {
        !plan(&cramp().aged(age).taking(Drug::Cyclobenzaprine, 3))
            .alerts_of(Sa12)
            .is_empty()
    };
    assert!(!caution(64));
    assert!(caution(65));
    assert!(!alert(64));
    assert!(alert(65));
    assert_eq!(Age::OLDER_ADULT, Age::new(65).unwrap());
}

/// Ranges of Part 5 at their edges: ferritin 0 and saturation 0 and 100 are valid values; age
/// 0 and 130 are valid ages.
#[test]
fn range_edges_are_valid() {
    assert!(Ferritin::ng_per_ml(0.0).unwrap().calls_for_iron());
    assert!(TransferrinSaturation::new(0.0).unwrap().calls_for_iron());
    assert!(
        TransferrinSaturation::new(100.0)
            .unwrap()
            .calls_for_overload_evaluation()
    );
    assert!(TransferrinSaturation::new(100.000_001).is_err());
    assert_eq!(Age::new(0).unwrap().years(), 0);
    assert_eq!(Age::new(130).unwrap(), Age::MAX);
    assert!(Age::new(131).is_err());
}
