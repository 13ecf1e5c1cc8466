//! The codes as methods of the model's concepts (`Drug::rxnorm`, `LabKind::loinc`, ...), each
//! the same as the module's function.

use crate::model::drug::Drug;
use crate::model::lab::{FerritinUnit, LabKind};
use crate::model::patient::{Condition, Presentation};

use super::{
    Coding, condition_icd10cm, condition_snomed, loinc, presentation_icd10cm, presentation_snomed,
    rxnorm, ucum_ferritin_unit, ucum_units,
};

impl Drug {
    /// The drug's RxNorm code, if it has a verified one (see [`rxnorm`]).
    ///
    /// ```
    /// use leg_spasm_cds::Drug;
    /// assert_eq!(Drug::Baclofen.rxnorm().unwrap().code, "1292");
    /// assert_eq!(Drug::OtherBenzodiazepine.rxnorm(), None);
    /// ```
    pub fn rxnorm(self) -> Option<Coding> {
        rxnorm(self)
    }
}

impl LabKind {
    /// The lab's LOINC code: ferritin 2276-4, transferrin saturation 2502-3 (see
    /// [`loinc`]).
    ///
    /// ```
    /// use leg_spasm_cds::LabKind;
    /// assert_eq!(LabKind::Ferritin.loinc().code, "2276-4");
    /// assert_eq!(LabKind::TransferrinSaturation.loinc().code, "2502-3");
    /// ```
    pub fn loinc(self) -> Coding {
        loinc(self)
    }

    /// The UCUM codes of the units this lab accepts (see [`ucum_units`]).
    ///
    /// ```
    /// use leg_spasm_cds::LabKind;
    /// let codes: Vec<_> = LabKind::Ferritin.ucum_units().into_iter().map(|c| c.code).collect();
    /// assert_eq!(codes, ["ng/mL", "ug/L"]);
    /// ```
    pub fn ucum_units(self) -> Vec<Coding> {
        ucum_units(self)
    }
}

impl FerritinUnit {
    /// The unit's UCUM code: `ng/mL`, or `ug/L` with the display `µg/L` (see
    /// [`ucum_ferritin_unit`]).
    ///
    /// ```
    /// use leg_spasm_cds::FerritinUnit;
    /// assert_eq!(FerritinUnit::NanogramsPerMillilitre.ucum().code, "ng/mL");
    /// assert_eq!(FerritinUnit::MicrogramsPerLitre.ucum().display, "µg/L");
    /// ```
    pub fn ucum(self) -> Coding {
        ucum_ferritin_unit(self)
    }
}

impl Presentation {
    /// The presentation's ICD-10-CM code, if it has a verified one (see
    /// [`presentation_icd10cm`]).
    ///
    /// ```
    /// use leg_spasm_cds::Presentation;
    /// assert_eq!(Presentation::RestlessLegs.icd10cm().unwrap().code, "G25.81");
    /// assert_eq!(Presentation::AcuteMusculoskeletal.icd10cm(), None);
    /// ```
    pub fn icd10cm(self) -> Option<Coding> {
        presentation_icd10cm(self)
    }

    /// The presentation's SNOMED CT code, if it has a verified one (see
    /// [`presentation_snomed`]).
    ///
    /// ```
    /// use leg_spasm_cds::{OutOfScopeKind, Presentation};
    /// assert_eq!(Presentation::OutOfScope(OutOfScopeKind::Dystonia).snomed().unwrap().code, "15802004");
    /// assert_eq!(Presentation::OutOfScope(OutOfScopeKind::Tetany).snomed(), None);
    /// ```
    pub fn snomed(self) -> Option<Coding> {
        presentation_snomed(self)
    }
}

impl Condition {
    /// The condition's ICD-10-CM code, if it has a verified one that names it (see
    /// [`condition_icd10cm`]).
    ///
    /// ```
    /// use leg_spasm_cds::Condition;
    /// assert_eq!(Condition::Hyperthyroidism.icd10cm().unwrap().code, "E05.90");
    /// assert_eq!(Condition::Pregnancy.icd10cm(), None);
    /// ```
    pub fn icd10cm(self) -> Option<Coding> {
        condition_icd10cm(self)
    }

    /// The condition's SNOMED CT code, if it has a verified one (see
    /// [`condition_snomed`]).
    ///
    /// ```
    /// use leg_spasm_cds::Condition;
    /// assert_eq!(Condition::EndStageRenalDisease.snomed().unwrap().code, "46177005");
    /// assert_eq!(Condition::Arrhythmia.snomed(), None);
    /// ```
    pub fn snomed(self) -> Option<Coding> {
        condition_snomed(self)
    }
}
