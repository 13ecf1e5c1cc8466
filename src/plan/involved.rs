//! The drugs an alert or a monitoring item concerns: a short list held inline.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::knowledge::advice::DrugRole;
use crate::model::drug::Drug;
use crate::plan::InvolvedDrug;

/// How many drugs are held inline, without an allocation.
const INLINE: usize = 11;

/// What fills the unused inline places (never read).
const UNUSED: InvolvedDrug = InvolvedDrug {
    drug: Drug::Gabapentin,
    role: DrugRole::Current,
};

/// The drugs an alert or a monitoring item concerns, in order ([`Alert::drugs`],
/// [`Monitoring::drugs`]).
///
/// It reads as a slice of [`InvolvedDrug`] (it dereferences to one: `iter`, `len`, `first`,
/// indexing) and serialises as a list, as a `Vec` would. Up to eleven drugs are held inline,
/// so that an alert or a monitoring item costs no allocation of its own; a longer list is held
/// on the heap.
///
/// [`Alert::drugs`]: crate::Alert::drugs
/// [`Monitoring::drugs`]: crate::Monitoring::drugs
///
/// ```
/// # use leg_spasm_cds::*;
/// let patient = Patient::new(
///     Presentation::RestlessLegs,
///     Stage::Refractory,
///     SymptomSeverity::Severe,
///     Age::new(66)?,
///     Set::new(),
///     Medications::new([Medication::new(Drug::Ropinirole, Days::new(540))])?,
/// );
/// let plan = recommend(&patient);
/// let augmentation = &plan.monitoring[0];
/// assert_eq!(augmentation.drugs.len(), 1);
/// assert_eq!(augmentation.drugs[0].drug, Drug::Ropinirole);
/// assert_eq!(augmentation.drugs[0].role, DrugRole::Current);
/// let drugs: Vec<InvolvedDrug> = augmentation.drugs.to_vec();
/// assert_eq!(augmentation.drugs, drugs);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct InvolvedDrugs {
    list: List,
}

/// The drugs of an [`InvolvedDrugs`]: inline up to `INLINE`, else on the heap.
#[derive(Clone)]
enum List {
    Inline {
        len: u8,
        drugs: [InvolvedDrug; INLINE],
    },
    Heap(Vec<InvolvedDrug>),
}

impl InvolvedDrugs {
    /// No drug.
    pub(crate) const fn new() -> Self {
        InvolvedDrugs {
            list: List::Inline {
                len: 0,
                drugs: [UNUSED; INLINE],
            },
        }
    }

    /// One drug.
    pub(crate) const fn one(drug: InvolvedDrug) -> Self {
        let mut drugs = [UNUSED; INLINE];
        drugs[0] = drug;
        InvolvedDrugs {
            list: List::Inline { len: 1, drugs },
        }
    }

    /// Adds a drug at the end.
    #[inline]
    pub(crate) fn push(&mut self, drug: InvolvedDrug) {
        match &mut self.list {
            List::Inline { len, drugs } if usize::from(*len) < INLINE => {
                drugs[usize::from(*len)] = drug;
                *len += 1;
            }
            List::Inline { drugs, .. } => {
                let mut heap = Vec::with_capacity(2 * INLINE);
                heap.extend_from_slice(drugs);
                heap.push(drug);
                self.list = List::Heap(heap);
            }
            List::Heap(heap) => heap.push(drug),
        }
    }

    /// The drugs, in order.
    pub fn as_slice(&self) -> &[InvolvedDrug] {
        match &self.list {
            List::Inline { len, drugs } => &drugs[..usize::from(*len)],
            List::Heap(drugs) => drugs,
        }
    }
}

impl Default for InvolvedDrugs {
    fn default() -> Self {
        InvolvedDrugs::new()
    }
}

impl Deref for InvolvedDrugs {
    type Target = [InvolvedDrug];
    fn deref(&self) -> &[InvolvedDrug] {
        self.as_slice()
    }
}

impl AsRef<[InvolvedDrug]> for InvolvedDrugs {
    fn as_ref(&self) -> &[InvolvedDrug] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a InvolvedDrugs {
    type Item = &'a InvolvedDrug;
    type IntoIter = std::slice::Iter<'a, InvolvedDrug>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl FromIterator<InvolvedDrug> for InvolvedDrugs {
    fn from_iter<I: IntoIterator<Item = InvolvedDrug>>(iter: I) -> Self {
        let mut out = InvolvedDrugs::new();
        for d in iter {
            out.push(d);
        }
        out
    }
}

impl From<Vec<InvolvedDrug>> for InvolvedDrugs {
    fn from(drugs: Vec<InvolvedDrug>) -> Self {
        if drugs.len() <= INLINE {
            drugs.into_iter().collect()
        } else {
            InvolvedDrugs {
                list: List::Heap(drugs),
            }
        }
    }
}

impl From<InvolvedDrugs> for Vec<InvolvedDrug> {
    fn from(drugs: InvolvedDrugs) -> Self {
        match drugs.list {
            List::Heap(drugs) => drugs,
            List::Inline { .. } => drugs.to_vec(),
        }
    }
}

/// Equal when they hold the same drugs in the same order (however they are stored).
impl PartialEq for InvolvedDrugs {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for InvolvedDrugs {}

impl PartialEq<[InvolvedDrug]> for InvolvedDrugs {
    fn eq(&self, other: &[InvolvedDrug]) -> bool {
        self.as_slice() == other
    }
}

impl<const N: usize> PartialEq<[InvolvedDrug; N]> for InvolvedDrugs {
    fn eq(&self, other: &[InvolvedDrug; N]) -> bool {
        self.as_slice() == other
    }
}

impl PartialEq<Vec<InvolvedDrug>> for InvolvedDrugs {
    fn eq(&self, other: &Vec<InvolvedDrug>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl PartialEq<InvolvedDrugs> for Vec<InvolvedDrug> {
    fn eq(&self, other: &InvolvedDrugs) -> bool {
        self.as_slice() == other.as_slice()
    }
}

/// As the slice of drugs.
impl Hash for InvolvedDrugs {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

/// As a list, like a `Vec`.
impl fmt::Debug for InvolvedDrugs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

/// As a list of drugs.
impl Serialize for InvolvedDrugs {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

/// From a list of drugs.
impl<'de> Deserialize<'de> for InvolvedDrugs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<InvolvedDrug>::deserialize(deserializer).map(InvolvedDrugs::from)
    }
}

/// The schema of a list of drugs, as a `Vec` has it.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for InvolvedDrugs {
    fn inline_schema() -> bool {
        <Vec<InvolvedDrug>>::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Vec<InvolvedDrug>>::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        <Vec<InvolvedDrug>>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<InvolvedDrug>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::set::Member;

    /// Lists held inline and on the heap read alike, compare alike and serialise as a `Vec`.
    #[test]
    fn inline_and_heap_lists_read_alike() {
        let all: Vec<InvolvedDrug> = Drug::ALL
            .iter()
            .zip(DrugRole::ALL.iter().cycle())
            .map(|(&drug, &role)| InvolvedDrug { drug, role })
            .collect();
        for n in 0..=all.len() {
            let vec = all[..n].to_vec();
            let mut pushed = InvolvedDrugs::new();
            for &d in &vec {
                pushed.push(d);
            }
            let converted = InvolvedDrugs::from(vec.clone());
            assert_eq!(pushed, converted);
            assert_eq!(pushed, vec);
            assert_eq!(vec, pushed);
            assert_eq!(pushed.len(), n);
            assert_eq!(pushed.iter().copied().collect::<Vec<_>>(), vec);
            assert_eq!(Vec::from(pushed.clone()), vec);
            assert_eq!(format!("{pushed:?}"), format!("{vec:?}"));
            assert_eq!(
                serde_json::to_string(&pushed).unwrap(),
                serde_json::to_string(&vec).unwrap()
            );
            let read: InvolvedDrugs =
                serde_json::from_str(&serde_json::to_string(&vec).unwrap()).unwrap();
            assert_eq!(read, pushed);
            if n > 0 {
                assert_ne!(InvolvedDrugs::from(all[1..n].to_vec()), pushed);
            }
        }
        assert_eq!(InvolvedDrugs::one(all[0]), [all[0]]);
        assert_eq!(InvolvedDrugs::default(), InvolvedDrugs::new());
    }
}
