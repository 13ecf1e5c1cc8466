//! The code tables: every verified code of the crate's concepts, with its display and the way
//! it is looked up (emitted, read, or both); checked when the crate compiles where a lookup
//! must always find a code.

use strum::VariantArray;

use crate::model::drug::Drug;
use crate::model::lab::{FerritinUnit, LabKind};
use crate::model::patient::{Condition, OutOfScopeKind, Presentation};

use super::{CodeSystem, Coding};

/// Which way a code is looked up (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Way {
    /// The same concept: emitted and read.
    Both,
    /// Broader than the concept, or lacking a subtype it requires: emitted, never read.
    EmitOnly,
    /// Narrower than the concept, or an alternative code: read, never emitted.
    ReadOnly,
}

impl Way {
    pub(super) const fn emitted(self) -> bool {
        matches!(self, Way::Both | Way::EmitOnly)
    }
    pub(super) const fn read(self) -> bool {
        matches!(self, Way::Both | Way::ReadOnly)
    }
}

/// One code of a table.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) code: &'static str,
    pub(super) display: &'static str,
    pub(super) way: Way,
}

/// An entry, as a struct literal so that `&[...]` of entries is a `'static` constant.
macro_rules! entry {
    ($way:ident, $code:literal, $display:literal $(,)?) => {
        Entry {
            code: $code,
            display: $display,
            way: Way::$way,
        }
    };
}

/// The first entry that is emitted.
pub(super) const fn emitted(entries: &'static [Entry]) -> Option<&'static Entry> {
    let mut i = 0;
    while i < entries.len() {
        if entries[i].way.emitted() {
            return Some(&entries[i]);
        }
        i += 1;
    }
    None
}

/// Whether an entry with `code` is read.
pub(super) fn reads(entries: &[Entry], code: &str) -> bool {
    entries.iter().any(|e| e.way.read() && e.code == code)
}

/// RxNorm, ingredient level (TTY=IN; gabapentin enacarbil TTY=PIN). The `match` is exhaustive:
/// every drug has a decided entry, and an empty one means no verified code.
pub(super) const fn rxnorm_table(drug: Drug) -> &'static [Entry] {
    use Drug::*;
    match drug {
        Gabapentin => &[entry!(Both, "25480", "gabapentin")],
        GabapentinEnacarbil => &[entry!(Both, "1101333", "gabapentin enacarbil")],
        Pregabalin => &[entry!(Both, "187832", "pregabalin")],
        Cyclobenzaprine => &[entry!(Both, "21949", "cyclobenzaprine")],
        Tizanidine => &[entry!(Both, "57258", "tizanidine")],
        Baclofen => &[entry!(Both, "1292", "baclofen")],
        Oxycodone => &[entry!(Both, "7804", "oxycodone")],
        Diazepam => &[entry!(Both, "3322", "diazepam")],
        Clonazepam => &[entry!(Both, "2598", "clonazepam")],
        Lorazepam => &[entry!(Both, "6470", "lorazepam")],
        Levodopa => &[entry!(Both, "6375", "levodopa")],
        Pramipexole => &[entry!(Both, "746741", "pramipexole")],
        Ropinirole => &[entry!(Both, "72302", "ropinirole")],
        Rotigotine => &[entry!(Both, "616739", "rotigotine")],
        Haloperidol => &[entry!(Both, "5093", "haloperidol")],
        Olanzapine => &[entry!(Both, "61381", "olanzapine")],
        Risperidone => &[entry!(Both, "35636", "risperidone")],
        Quinine => &[entry!(Both, "9071", "quinine")],
        MagnesiumOxide => &[entry!(Both, "6582", "magnesium oxide")],
        FerrousSulfate => &[entry!(Both, "24947", "ferrous sulfate")],
        FerricCarboxymaltose => &[entry!(Both, "1433693", "ferric carboxymaltose")],
        IronSucrose => &[entry!(Both, "24909", "iron sucrose")],
        Ibuprofen => &[entry!(Both, "5640", "ibuprofen")],
        Naproxen => &[entry!(Both, "7258", "naproxen")],
        Acetaminophen => &[entry!(Both, "161", "acetaminophen")],
        Aspirin => &[entry!(Both, "1191", "aspirin")],
        Fluvoxamine => &[entry!(Both, "42355", "fluvoxamine")],
        Ciprofloxacin => &[entry!(Both, "2551", "ciprofloxacin")],
        Phenelzine => &[entry!(Both, "8123", "phenelzine")],
        Tranylcypromine => &[entry!(Both, "10734", "tranylcypromine")],
        Selegiline => &[entry!(Both, "9639", "selegiline")],
        Isocarboxazid => &[entry!(Both, "6011", "isocarboxazid")],
        // A combination: no code of its own; its ingredients are read together
        // (`drug_from_rxnorm_ingredients`).
        CarbidopaLevodopa => &[],
        // No ingredient code exists for plain magnesium.
        Magnesium => &[],
        // Named by the code table, but its code (596) was found only in low-trust tables.
        Alprazolam => &[],
        // Every unnamed member of a class: no single code.
        OtherOpioid
        | OtherBenzodiazepine
        | OtherDopaminergicAgent
        | OtherDopamineBlockingAntipsychotic
        | OtherIronProduct
        | OtherOtcAnalgesic
        | OtherMaoInhibitor => &[],
    }
}

/// Carbidopa: read only as an ingredient of carbidopa-levodopa, with levodopa. Carbidopa alone
/// is not a drug of the crate.
pub(super) const CARBIDOPA: Entry = entry!(ReadOnly, "2019", "carbidopa");

/// A presentation or condition, as the ICD-10-CM and SNOMED CT tables key them. The codes do
/// not depend on a cramp's kind or on a spasticity's origin and impacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Concept {
    TrueCramp,
    RestlessLegs,
    Spasticity,
    AcuteMusculoskeletal,
    OutOfScope(OutOfScopeKind),
    Condition(Condition),
}

impl Concept {
    pub(super) fn of(presentation: Presentation) -> Concept {
        match presentation {
            Presentation::TrueCramp(_) => Concept::TrueCramp,
            Presentation::RestlessLegs => Concept::RestlessLegs,
            Presentation::Spasticity { .. } => Concept::Spasticity,
            Presentation::AcuteMusculoskeletal => Concept::AcuteMusculoskeletal,
            Presentation::OutOfScope(k) => Concept::OutOfScope(k),
        }
    }

    /// Every concept, presentations first.
    pub(super) fn all() -> impl Iterator<Item = Concept> {
        [
            Concept::TrueCramp,
            Concept::RestlessLegs,
            Concept::Spasticity,
            Concept::AcuteMusculoskeletal,
        ]
        .into_iter()
        .chain(
            <OutOfScopeKind as VariantArray>::VARIANTS
                .iter()
                .map(|&k| Concept::OutOfScope(k)),
        )
        .chain(
            <Condition as VariantArray>::VARIANTS
                .iter()
                .map(|&c| Concept::Condition(c)),
        )
    }

    /// The whole presentation, where the concept determines it. A true cramp needs its kind and
    /// spasticity its origin and impacts, which no code carries.
    pub(super) fn presentation(self) -> Option<Presentation> {
        match self {
            Concept::RestlessLegs => Some(Presentation::RestlessLegs),
            Concept::AcuteMusculoskeletal => Some(Presentation::AcuteMusculoskeletal),
            Concept::OutOfScope(k) => Some(Presentation::OutOfScope(k)),
            Concept::TrueCramp | Concept::Spasticity | Concept::Condition(_) => None,
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            Concept::TrueCramp => "true cramp",
            Concept::RestlessLegs => "restless legs",
            Concept::Spasticity => "spasticity",
            Concept::AcuteMusculoskeletal => "acute musculoskeletal spasm",
            Concept::OutOfScope(k) => k.label(),
            Concept::Condition(c) => c.label(),
        }
    }
}

/// ICD-10-CM. Exhaustive over the conditions and the out-of-scope kinds.
pub(super) const fn icd10cm_table(concept: Concept) -> &'static [Entry] {
    match concept {
        // A symptom code, broader than a true cramp: ICD-10-CM also indexes spasticity here.
        Concept::TrueCramp => &[entry!(EmitOnly, "R25.2", "cramp and spasm")],
        Concept::RestlessLegs => &[entry!(Both, "G25.81", "restless legs syndrome")],
        // ICD-10-CM codes spasticity by its cause (I69.3-, G35, G80.-, G82.-).
        Concept::Spasticity => &[],
        Concept::AcuteMusculoskeletal => &[],
        Concept::OutOfScope(kind) => match kind {
            OutOfScopeKind::Contracture => &[entry!(
                Both,
                "M62.40",
                "contracture of muscle, unspecified site"
            )],
            OutOfScopeKind::Tetany => &[entry!(Both, "R29.0", "tetany")],
            OutOfScopeKind::Dystonia => &[entry!(Both, "G24.9", "dystonia, unspecified")],
        },
        Concept::Condition(condition) => match condition {
            Condition::Pregnancy => &[],
            // Judgement: I69.30 (sequelae of cerebral infarction, unspecified) is not
            // "recovering from a stroke" (see the module documentation).
            Condition::StrokeRecovery => &[],
            Condition::EndStageRenalDisease => &[entry!(Both, "N18.6", "end-stage renal disease")],
            Condition::RecentMyocardialInfarction => &[entry!(
                Both,
                "I21.9",
                "acute myocardial infarction, unspecified"
            )],
            Condition::Arrhythmia => &[],
            // Narrower: an atrioventricular block is one heart block or conduction disturbance.
            Condition::HeartBlock => &[entry!(
                ReadOnly,
                "I44.30",
                "atrioventricular block, unspecified"
            )],
            Condition::CongestiveHeartFailure => {
                &[entry!(Both, "I50.9", "heart failure, unspecified")]
            }
            Condition::Hyperthyroidism => &[entry!(
                Both,
                "E05.90",
                "thyrotoxicosis, unspecified, without crisis"
            )],
        },
    }
}

/// SNOMED CT. Exhaustive over the conditions and the out-of-scope kinds.
pub(super) const fn snomed_table(concept: Concept) -> &'static [Entry] {
    match concept {
        // Muscle cramp (55300003) is not verified.
        Concept::TrueCramp => &[],
        Concept::RestlessLegs => &[entry!(Both, "32914008", "restless legs")],
        // Spasticity of any origin; read back it lacks the origin and impacts.
        Concept::Spasticity => &[entry!(EmitOnly, "221360009", "spasticity")],
        Concept::AcuteMusculoskeletal => &[],
        Concept::OutOfScope(kind) => match kind {
            OutOfScopeKind::Contracture | OutOfScopeKind::Tetany => &[],
            OutOfScopeKind::Dystonia => &[entry!(Both, "15802004", "dystonia")],
        },
        Concept::Condition(condition) => match condition {
            Condition::EndStageRenalDisease => {
                &[entry!(Both, "46177005", "end-stage renal disease")]
            }
            // Judgement: 230690007 (cerebrovascular accident) is the stroke, not the recovery.
            Condition::StrokeRecovery => &[],
            Condition::Pregnancy
            | Condition::RecentMyocardialInfarction
            | Condition::Arrhythmia
            | Condition::HeartBlock
            | Condition::CongestiveHeartFailure
            | Condition::Hyperthyroidism => &[],
        },
    }
}

/// LOINC. The first entry is the one emitted.
pub(super) const fn loinc_table(lab: LabKind) -> &'static [Entry] {
    match lab {
        LabKind::Ferritin => &[
            entry!(Both, "2276-4", "ferritin [mass/volume] in serum or plasma"),
            entry!(ReadOnly, "20567-4", "ferritin, serum"),
        ],
        LabKind::TransferrinSaturation => &[
            entry!(
                Both,
                "2502-3",
                "iron saturation [mass fraction] in serum or plasma",
            ),
            // Deprecated: accepted on input, never emitted.
            entry!(
                ReadOnly,
                "6796-7",
                "transferrin saturation (deprecated code)"
            ),
        ],
    }
}

/// A unit, as the UCUM table keys them.
#[derive(Debug, Clone, Copy)]
pub(super) enum Unit {
    Ferritin(FerritinUnit),
    Percent,
}

/// UCUM.
pub(super) const fn ucum_table(unit: Unit) -> &'static [Entry] {
    match unit {
        Unit::Ferritin(FerritinUnit::NanogramsPerMillilitre) => &[entry!(Both, "ng/mL", "ng/mL")],
        Unit::Ferritin(FerritinUnit::MicrogramsPerLitre) => &[entry!(Both, "ug/L", "µg/L")],
        Unit::Percent => &[entry!(Both, "%", "%")],
    }
}

// Every lab and every unit has a code to emit, so their lookups need no `Option`.
const _: () = {
    let labs = <LabKind as VariantArray>::VARIANTS;
    let mut i = 0;
    while i < labs.len() {
        assert!(
            emitted(loinc_table(labs[i])).is_some(),
            "a lab has no LOINC code"
        );
        i += 1;
    }
    let units = <FerritinUnit as VariantArray>::VARIANTS;
    let mut i = 0;
    while i < units.len() {
        assert!(
            emitted(ucum_table(Unit::Ferritin(units[i]))).is_some(),
            "a ferritin unit has no UCUM code"
        );
        i += 1;
    }
    assert!(emitted(ucum_table(Unit::Percent)).is_some());
};

pub(super) fn emit(system: CodeSystem, entries: &'static [Entry]) -> Option<Coding> {
    emitted(entries).map(|e| Coding::from_entry(system, e))
}

pub(super) fn emit_always(system: CodeSystem, entries: &'static [Entry]) -> Coding {
    match emitted(entries) {
        Some(e) => Coding::from_entry(system, e),
        // Checked when the crate compiles (above).
        None => unreachable!("every lab and unit has a code to emit"),
    }
}
