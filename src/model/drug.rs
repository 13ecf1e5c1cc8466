//! Drugs, drug classes, and a patient's current medicines.
//!
//! [`Drug`] names every drug the spec and its code table name, plus one "other ..." entry per
//! class the rules read, so that any medicine list can be stated without dropping a drug. Each
//! drug belongs to one [`DrugClass`]: the class the rules reason about.
//!
//! ```
//! use leg_spasm_cds::{Days, Drug, DrugClass, Medication, Medications};
//! assert_eq!(Drug::Ropinirole.class(), DrugClass::DopaminergicAgent);
//! assert_eq!(Drug::Selegiline.class(), DrugClass::MaoInhibitor);
//! assert_eq!("gabapentin_enacarbil".parse::<Drug>(), Ok(Drug::GabapentinEnacarbil));
//! // Carbidopa alone is not accepted: it is only taken as carbidopa-levodopa.
//! assert!("carbidopa".parse::<Drug>().is_err());
//!
//! let meds = Medications::new([Medication::new(Drug::Diazepam, Days::new(10))]).unwrap();
//! assert_eq!(meds.days(Drug::Diazepam), Some(Days::new(10).into()));
//! assert!(meds.any_of(DrugClass::Benzodiazepine));
//! ```

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::model::name::{NameError, named_enum};
use crate::model::quantity::{Days, Stated};
use crate::model::set::Set;

/// A drug, or an "other ..." entry for a class member the crate does not name.
///
/// Names are `snake_case` (`gabapentin_enacarbil`, `carbidopa_levodopa`, `other_opioid`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Drug {
    /// Gabapentin, an alpha-2-delta ligand.
    Gabapentin,
    /// Gabapentin enacarbil, an alpha-2-delta ligand (extended-release prodrug of gabapentin).
    GabapentinEnacarbil,
    /// Pregabalin, an alpha-2-delta ligand.
    Pregabalin,
    /// Cyclobenzaprine, a skeletal muscle relaxant.
    Cyclobenzaprine,
    /// Tizanidine, a skeletal muscle relaxant (spasticity).
    Tizanidine,
    /// Baclofen, a skeletal muscle relaxant (spasticity).
    Baclofen,
    /// Oxycodone, an opioid.
    Oxycodone,
    /// An opioid the crate does not name.
    OtherOpioid,
    /// Diazepam, a benzodiazepine.
    Diazepam,
    /// Clonazepam, a benzodiazepine.
    Clonazepam,
    /// Lorazepam, a benzodiazepine.
    Lorazepam,
    /// Alprazolam, a benzodiazepine. No verified RxNorm code: it has none.
    Alprazolam,
    /// A benzodiazepine the crate does not name.
    OtherBenzodiazepine,
    /// Levodopa, a dopaminergic agent.
    Levodopa,
    /// Carbidopa-levodopa, a dopaminergic agent. Carbidopa alone is not accepted.
    CarbidopaLevodopa,
    /// Pramipexole, a dopaminergic agent (dopamine agonist).
    Pramipexole,
    /// Ropinirole, a dopaminergic agent (dopamine agonist).
    Ropinirole,
    /// Rotigotine, a dopaminergic agent (dopamine agonist).
    Rotigotine,
    /// A dopaminergic agent the crate does not name.
    OtherDopaminergicAgent,
    /// Haloperidol, a dopamine-blocking antipsychotic.
    Haloperidol,
    /// Olanzapine, a dopamine-blocking antipsychotic.
    Olanzapine,
    /// Risperidone, a dopamine-blocking antipsychotic.
    Risperidone,
    /// A dopamine-blocking antipsychotic the crate does not name.
    OtherDopamineBlockingAntipsychotic,
    /// Quinine.
    Quinine,
    /// Magnesium oxide.
    MagnesiumOxide,
    /// A magnesium product other than magnesium oxide.
    Magnesium,
    /// Ferrous sulfate, an iron product.
    FerrousSulfate,
    /// Ferric carboxymaltose, an iron product.
    FerricCarboxymaltose,
    /// Iron sucrose, an iron product.
    IronSucrose,
    /// An iron product the crate does not name.
    OtherIronProduct,
    /// Ibuprofen, an over-the-counter analgesic.
    Ibuprofen,
    /// Naproxen, an over-the-counter analgesic.
    Naproxen,
    /// Acetaminophen (paracetamol), an over-the-counter analgesic.
    Acetaminophen,
    /// Aspirin, an over-the-counter analgesic.
    Aspirin,
    /// An over-the-counter analgesic the crate does not name.
    OtherOtcAnalgesic,
    /// Fluvoxamine, a strong CYP1A2 inhibitor.
    Fluvoxamine,
    /// Ciprofloxacin, a strong CYP1A2 inhibitor.
    Ciprofloxacin,
    /// Phenelzine, an MAO inhibitor.
    Phenelzine,
    /// Tranylcypromine, an MAO inhibitor.
    Tranylcypromine,
    /// Selegiline, an MAO inhibitor.
    Selegiline,
    /// Isocarboxazid, an MAO inhibitor.
    Isocarboxazid,
    /// An MAO inhibitor the crate does not name.
    OtherMaoInhibitor,
}
named_enum!(Drug, "drug", hint = drug_hint);

fn drug_hint(s: &str) -> Option<&'static str> {
    match s {
        "carbidopa" => Some("carbidopa is accepted only with levodopa, as carbidopa_levodopa"),
        _ => None,
    }
}

impl Drug {
    /// Human wording, for example `gabapentin enacarbil` or `other opioid`.
    pub const fn label(self) -> &'static str {
        use Drug::*;
        match self {
            Gabapentin => "gabapentin",
            GabapentinEnacarbil => "gabapentin enacarbil",
            Pregabalin => "pregabalin",
            Cyclobenzaprine => "cyclobenzaprine",
            Tizanidine => "tizanidine",
            Baclofen => "baclofen",
            Oxycodone => "oxycodone",
            OtherOpioid => "other opioid",
            Diazepam => "diazepam",
            Clonazepam => "clonazepam",
            Lorazepam => "lorazepam",
            Alprazolam => "alprazolam",
            OtherBenzodiazepine => "other benzodiazepine",
            Levodopa => "levodopa",
            CarbidopaLevodopa => "carbidopa-levodopa",
            Pramipexole => "pramipexole",
            Ropinirole => "ropinirole",
            Rotigotine => "rotigotine",
            OtherDopaminergicAgent => "other dopaminergic agent",
            Haloperidol => "haloperidol",
            Olanzapine => "olanzapine",
            Risperidone => "risperidone",
            OtherDopamineBlockingAntipsychotic => "other dopamine-blocking antipsychotic",
            Quinine => "quinine",
            MagnesiumOxide => "magnesium oxide",
            Magnesium => "magnesium (other product)",
            FerrousSulfate => "ferrous sulfate",
            FerricCarboxymaltose => "ferric carboxymaltose",
            IronSucrose => "iron sucrose",
            OtherIronProduct => "other iron product",
            Ibuprofen => "ibuprofen",
            Naproxen => "naproxen",
            Acetaminophen => "acetaminophen",
            Aspirin => "aspirin",
            OtherOtcAnalgesic => "other over-the-counter analgesic",
            Fluvoxamine => "fluvoxamine",
            Ciprofloxacin => "ciprofloxacin",
            Phenelzine => "phenelzine",
            Tranylcypromine => "tranylcypromine",
            Selegiline => "selegiline",
            Isocarboxazid => "isocarboxazid",
            OtherMaoInhibitor => "other MAO inhibitor",
        }
    }
}

/// The classes of drugs the rules reason about.
///
/// Classes have no `Ord`: no order between them means anything clinically.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum DrugClass {
    /// Alpha-2-delta ligands (gabapentinoids): gabapentin, gabapentin enacarbil, pregabalin.
    AlphaTwoDeltaLigand,
    /// Skeletal muscle relaxants: cyclobenzaprine, tizanidine, baclofen.
    SkeletalMuscleRelaxant,
    /// Opioids.
    Opioid,
    /// Benzodiazepines.
    Benzodiazepine,
    /// Dopaminergic agents: levodopa and the dopamine agonists.
    DopaminergicAgent,
    /// Antipsychotics that block dopamine receptors.
    DopamineBlockingAntipsychotic,
    /// Over-the-counter analgesics.
    OtcAnalgesic,
    /// Iron products.
    Iron,
    /// Magnesium products.
    Magnesium,
    /// Quinine.
    Quinine,
    /// Strong CYP1A2 inhibitors (fluvoxamine, ciprofloxacin).
    Cyp1a2Inhibitor,
    /// Monoamine oxidase (MAO) inhibitors. One taken in the last 14 days is listed as current.
    MaoInhibitor,
}
named_enum!(DrugClass, "drug class");

impl DrugClass {
    /// Human wording, for example `alpha-2-delta ligands`.
    pub const fn label(self) -> &'static str {
        use DrugClass::*;
        match self {
            AlphaTwoDeltaLigand => "alpha-2-delta ligands",
            SkeletalMuscleRelaxant => "skeletal muscle relaxants",
            Opioid => "opioids",
            Benzodiazepine => "benzodiazepines",
            DopaminergicAgent => "dopaminergic agents",
            DopamineBlockingAntipsychotic => "dopamine-blocking antipsychotics",
            OtcAnalgesic => "over-the-counter analgesics",
            Iron => "iron products",
            Magnesium => "magnesium products",
            Quinine => "quinine",
            Cyp1a2Inhibitor => "strong CYP1A2 inhibitors",
            MaoInhibitor => "MAO inhibitors",
        }
    }
}

/// A drug or a whole class: what an avoidance, a rule or a trace input is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DrugOrClass {
    /// One drug.
    Drug(Drug),
    /// Every member of a class.
    Class(DrugClass),
}

impl DrugOrClass {
    /// Human wording.
    pub const fn label(self) -> &'static str {
        match self {
            DrugOrClass::Drug(d) => d.label(),
            DrugOrClass::Class(c) => c.label(),
        }
    }
}

impl fmt::Display for DrugOrClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl From<Drug> for DrugOrClass {
    fn from(d: Drug) -> Self {
        DrugOrClass::Drug(d)
    }
}

impl From<DrugClass> for DrugOrClass {
    fn from(c: DrugClass) -> Self {
        DrugOrClass::Class(c)
    }
}

/// A medicine the patient currently takes, with how many days it has been taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Medication {
    /// The drug.
    pub drug: Drug,
    /// Days of use so far, or stated as unknown (DEC-16: read as long-term).
    pub days: Stated<Days>,
}

impl Medication {
    /// A current medicine taken for `days` (a [`Days`], or [`Stated::Unknown`]).
    ///
    /// ```
    /// use leg_spasm_cds::{Days, Drug, Medication, Stated};
    /// let known = Medication::new(Drug::Cyclobenzaprine, Days::new(3));
    /// assert_eq!(known.days, Stated::Known(Days::new(3)));
    /// let unknown = Medication::new(Drug::Cyclobenzaprine, Stated::Unknown);
    /// assert!(unknown.days.is_unknown());
    /// ```
    pub fn new(drug: Drug, days: impl Into<Stated<Days>>) -> Self {
        Medication {
            drug,
            days: days.into(),
        }
    }
}

/// The same drug listed twice in a medicine list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("drug \"{drug}\" is listed twice")]
pub struct DuplicateDrug {
    /// The drug listed twice.
    pub drug: Drug,
}

/// The patient's current medicines: each drug at most once, kept in declaration order of
/// [`Drug`]. An empty list means "checked, none", which is why a patient must state it.
///
/// Up to four medicines are held inline, so that copying a patient (a plan restates it, and
/// its trace keeps one) allocates nothing; a longer list is shared between its copies.
#[derive(Clone, Serialize, Deserialize)]
#[serde(try_from = "Vec<Medication>", into = "Vec<Medication>")]
pub struct Medications {
    list: List,
    drugs: Set<Drug>,
}

/// The medicines of a [`Medications`]: inline up to `Medications::INLINE`, else shared.
#[derive(Clone)]
enum List {
    Inline {
        len: u8,
        items: [Medication; Medications::INLINE],
    },
    Shared(Arc<[Medication]>),
}

/// What fills the unused inline places (never read).
const UNUSED: Medication = Medication {
    drug: Drug::Gabapentin,
    days: Stated::Unknown,
};

impl Medications {
    /// How many medicines are held inline, without an allocation.
    const INLINE: usize = 4;

    /// A list of current medicines; errors if a drug appears twice.
    ///
    /// # Examples
    ///
    /// ```
    /// use leg_spasm_cds::{Days, Drug, DrugClass, Medication, Medications};
    /// let meds = Medications::new([
    ///     Medication::new(Drug::Ropinirole, Days::new(400)),
    ///     Medication::new(Drug::Gabapentin, Days::new(30)),
    /// ])?;
    /// // Kept in the declaration order of `Drug`, whatever the order given.
    /// let drugs: Vec<Drug> = meds.iter().map(|m| m.drug).collect();
    /// assert_eq!(drugs, [Drug::Gabapentin, Drug::Ropinirole]);
    /// assert!(meds.any_of(DrugClass::DopaminergicAgent));
    /// assert_eq!(meds.days(Drug::Ropinirole), Some(Days::new(400).into()));
    ///
    /// // The same drug twice is an error, never a silent merge.
    /// let err = Medications::new([
    ///     Medication::new(Drug::Diazepam, Days::new(10)),
    ///     Medication::new(Drug::Diazepam, Days::new(20)),
    /// ])
    /// .unwrap_err();
    /// assert_eq!(err.drug, Drug::Diazepam);
    /// assert_eq!(err.to_string(), "drug \"diazepam\" is listed twice");
    ///
    /// // "Checked, none" is an empty list.
    /// assert!(Medications::new([])?.is_empty());
    /// # Ok::<(), leg_spasm_cds::DuplicateDrug>(())
    /// ```
    pub fn new(list: impl IntoIterator<Item = Medication>) -> Result<Self, DuplicateDrug> {
        let mut drugs = Set::new();
        let mut items = [UNUSED; Medications::INLINE];
        let mut len = 0;
        let mut spilled: Vec<Medication> = Vec::new();
        for m in list {
            if !drugs.insert(m.drug) {
                return Err(DuplicateDrug { drug: m.drug });
            }
            if len < Medications::INLINE {
                items[len] = m;
                len += 1;
            } else {
                if spilled.is_empty() {
                    spilled.extend_from_slice(&items);
                }
                spilled.push(m);
            }
        }
        // Each drug is listed once: the sort's order is the same stable or not.
        let list = if spilled.is_empty() {
            items[..len].sort_unstable_by_key(|m| m.drug as u32);
            List::Inline {
                len: len as u8,
                items,
            }
        } else {
            spilled.sort_unstable_by_key(|m| m.drug as u32);
            List::Shared(spilled.into())
        };
        Ok(Medications { list, drugs })
    }

    /// No current medicine ("checked, none").
    pub const fn none() -> Self {
        Medications {
            list: List::Inline {
                len: 0,
                items: [UNUSED; Medications::INLINE],
            },
            drugs: Set::new(),
        }
    }

    /// The medicines, in declaration order of [`Drug`].
    fn as_slice(&self) -> &[Medication] {
        match &self.list {
            List::Inline { len, items } => &items[..usize::from(*len)],
            List::Shared(items) => items,
        }
    }

    /// The medicines, in declaration order of [`Drug`].
    pub fn iter(&self) -> std::slice::Iter<'_, Medication> {
        self.as_slice().iter()
    }

    /// How many medicines.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.drugs.is_empty()
    }

    /// The current drugs.
    pub fn drugs(&self) -> Set<Drug> {
        self.drugs
    }

    /// Whether `drug` is current.
    pub fn contains(&self, drug: Drug) -> bool {
        self.drugs.contains(drug)
    }

    /// Days of use of `drug` (known or stated unknown), if current.
    pub fn days(&self, drug: Drug) -> Option<Stated<Days>> {
        if !self.drugs.contains(drug) {
            return None;
        }
        self.iter().find(|m| m.drug == drug).map(|m| m.days)
    }
}

impl Default for Medications {
    fn default() -> Self {
        Medications::none()
    }
}

/// Two lists are equal when they hold the same medicines (however they are stored).
impl PartialEq for Medications {
    fn eq(&self, other: &Self) -> bool {
        self.drugs == other.drugs && self.as_slice() == other.as_slice()
    }
}

impl Eq for Medications {}

impl Hash for Medications {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
        self.drugs.hash(state);
    }
}

/// As a struct of the list and the set of drugs.
impl fmt::Debug for Medications {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Medications")
            .field("list", &self.as_slice())
            .field("drugs", &self.drugs)
            .finish()
    }
}

impl TryFrom<Vec<Medication>> for Medications {
    type Error = DuplicateDrug;
    fn try_from(list: Vec<Medication>) -> Result<Self, DuplicateDrug> {
        Medications::new(list)
    }
}

impl From<Medications> for Vec<Medication> {
    fn from(m: Medications) -> Self {
        m.as_slice().to_vec()
    }
}

impl<'a> IntoIterator for &'a Medications {
    type Item = &'a Medication;
    type IntoIter = std::slice::Iter<'a, Medication>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::set::Member;

    /// Lists held inline (up to four medicines) and shared (more) read the same: sorted by
    /// drug, equal when they hold the same medicines, a duplicate rejected in either.
    #[test]
    fn inline_and_shared_lists_read_alike() {
        for n in 0..=Drug::ALL.len() {
            let given: Vec<Medication> = Drug::ALL[..n]
                .iter()
                .rev()
                .enumerate()
                .map(|(i, &d)| Medication::new(d, Days::new(i as u32)))
                .collect();
            let meds = Medications::new(given.clone()).unwrap();
            assert_eq!(meds.len(), n);
            assert_eq!(meds.is_empty(), n == 0);
            let drugs: Vec<Drug> = meds.iter().map(|m| m.drug).collect();
            assert_eq!(drugs, Drug::ALL[..n]);
            assert_eq!(meds.drugs().len(), n);
            for m in &given {
                assert_eq!(meds.days(m.drug), Some(m.days));
            }
            let copy = meds.clone();
            assert_eq!(copy, meds);
            assert_eq!(Vec::from(copy), meds.iter().copied().collect::<Vec<_>>());
            if n > 0 {
                let mut twice = given.clone();
                twice.push(given[0]);
                assert_eq!(
                    Medications::new(twice).unwrap_err().drug,
                    given[0].drug,
                    "{n} medicines"
                );
                // One medicine fewer is another list.
                assert_ne!(Medications::new(given[1..].to_vec()).unwrap(), meds);
            }
        }
        assert_eq!(Medications::default(), Medications::none());
    }
}
