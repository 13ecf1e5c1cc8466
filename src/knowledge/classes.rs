//! Drug class membership: the class the rules read for each drug, and what a class or a
//! drug-or-class covers. Reviewed with the rules: moving a drug to another class changes the
//! advice of a plan and bumps [`KNOWLEDGE_VERSION`](crate::KNOWLEDGE_VERSION).
//!
//! The functions are associated with the model's types (`Drug::class`, `DrugClass::members`,
//! `DrugOrClass::covers`, `Medications::any_of`), so a caller finds them on the type.

use strum::VariantArray;

use crate::model::drug::{Drug, DrugClass, DrugOrClass, Medications};
use crate::model::set::{Set, set};

impl Drug {
    /// The class the rules read for this drug.
    pub const fn class(self) -> DrugClass {
        use Drug::*;
        use DrugClass as C;
        match self {
            Gabapentin | GabapentinEnacarbil | Pregabalin => C::AlphaTwoDeltaLigand,
            Cyclobenzaprine | Tizanidine | Baclofen => C::SkeletalMuscleRelaxant,
            Oxycodone | OtherOpioid => C::Opioid,
            Diazepam | Clonazepam | Lorazepam | Alprazolam | OtherBenzodiazepine => {
                C::Benzodiazepine
            }
            Levodopa
            | CarbidopaLevodopa
            | Pramipexole
            | Ropinirole
            | Rotigotine
            | OtherDopaminergicAgent => C::DopaminergicAgent,
            Haloperidol | Olanzapine | Risperidone | OtherDopamineBlockingAntipsychotic => {
                C::DopamineBlockingAntipsychotic
            }
            Quinine => C::Quinine,
            MagnesiumOxide | Magnesium => C::Magnesium,
            FerrousSulfate | FerricCarboxymaltose | IronSucrose | OtherIronProduct => C::Iron,
            Ibuprofen | Naproxen | Acetaminophen | Aspirin | OtherOtcAnalgesic => C::OtcAnalgesic,
            Fluvoxamine | Ciprofloxacin => C::Cyp1a2Inhibitor,
            Phenelzine | Tranylcypromine | Selegiline | Isocarboxazid | OtherMaoInhibitor => {
                C::MaoInhibitor
            }
        }
    }
}

impl DrugClass {
    /// Every drug of the class.
    pub const fn members(self) -> Set<Drug> {
        Set::from_bits(CLASS_MEMBERS[self as usize])
    }
}

/// The members of each class, as bit masks over [`Drug`], computed when the crate compiles.
const CLASS_MEMBERS: [u128; <DrugClass as strum::EnumCount>::COUNT] = {
    let drugs = <Drug as VariantArray>::VARIANTS;
    let mut masks = [0u128; <DrugClass as strum::EnumCount>::COUNT];
    let mut i = 0;
    while i < drugs.len() {
        masks[drugs[i].class() as usize] |= 1 << (drugs[i] as u32);
        i += 1;
    }
    masks
};

impl DrugOrClass {
    /// Whether `drug` is this drug or a member of this class.
    pub const fn covers(self, drug: Drug) -> bool {
        match self {
            DrugOrClass::Drug(d) => d as u32 == drug as u32,
            DrugOrClass::Class(c) => drug.class() as u32 == c as u32,
        }
    }

    /// The drugs covered.
    pub const fn drugs(self) -> Set<Drug> {
        match self {
            DrugOrClass::Drug(d) => set![d],
            DrugOrClass::Class(c) => c.members(),
        }
    }
}

impl Medications {
    /// Whether any member of `class` is current.
    pub fn any_of(&self, class: DrugClass) -> bool {
        self.iter().any(|m| m.drug.class() == class)
    }
}
