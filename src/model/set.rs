//! [`Set`]: a small, `Copy`, ordered set of the members of one of the crate's enums.
//!
//! Conditions, RLS criteria, spasticity impacts and the citations of every plan entry are
//! sets. A [`Set`] is a 128-bit mask, so it costs nothing to copy, iterates in declaration
//! order (the order of the spec for statement ids), and serialises as a list of names. Reading
//! a list that names a member twice is an error, so that a duplicated entry in a caller's
//! record is reported rather than silently merged.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;

/// A [`Set`] of the members given, usable in constants: `set![Reference::R1, Reference::R4]`.
macro_rules! set {
    ($($member:expr),* $(,)?) => {
        $crate::model::set::Set::from_bits(0 $(| (1u128 << ($member as u32)))*)
    };
}
pub(crate) use set;

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// An enum whose values can be members of a [`Set`]. Implemented by the crate's fieldless
/// enums; sealed.
pub trait Member: Copy + Eq + fmt::Debug + Serialize + sealed::Sealed + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];
    /// The position of `self` in [`Member::ALL`].
    fn index(self) -> u32;
    /// The canonical name of `self`.
    fn name(self) -> &'static str;
}

/// A set of members of one enum, in declaration order.
///
/// ```
/// use leg_spasm_cds::{Condition, Set};
/// let conditions = Set::from([Condition::Pregnancy, Condition::EndStageRenalDisease]);
/// assert!(conditions.contains(Condition::Pregnancy));
/// assert_eq!(conditions.len(), 2);
/// assert!(Set::<Condition>::new().is_empty());
/// // From an array, a `Vec`, a slice or any iterator of members.
/// assert_eq!(Set::from(vec![Condition::Pregnancy]), Set::from([Condition::Pregnancy]));
/// let none: Set<Condition> = [].into();
/// assert!(none.is_empty());
/// let collected: Set<Condition> = [Condition::Arrhythmia].into_iter().collect();
/// assert_eq!(collected.len(), 1);
/// ```
pub struct Set<T> {
    bits: u128,
    marker: PhantomData<T>,
}

impl<T> Set<T> {
    /// The empty set.
    pub const fn new() -> Self {
        Set {
            bits: 0,
            marker: PhantomData,
        }
    }

    /// The members as bits, the member at position `i` of [`Member::ALL`] at bit `i`.
    pub(crate) const fn bits(self) -> u128 {
        self.bits
    }

    pub(crate) const fn from_bits(bits: u128) -> Self {
        Set {
            bits,
            marker: PhantomData,
        }
    }

    /// Whether the set has no member.
    pub const fn is_empty(&self) -> bool {
        self.bits == 0
    }

    /// The number of members.
    pub const fn len(&self) -> usize {
        self.bits.count_ones() as usize
    }

    /// The members of `self` or `other`.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Set::from_bits(self.bits | other.bits)
    }

    /// The members of both `self` and `other`.
    #[must_use]
    pub const fn intersection(self, other: Self) -> Self {
        Set::from_bits(self.bits & other.bits)
    }

    /// Whether every member of `self` is in `other`.
    pub const fn is_subset(&self, other: &Self) -> bool {
        self.bits & !other.bits == 0
    }
}

impl<T: Member> Set<T> {
    /// Whether `value` is a member.
    pub fn contains(&self, value: T) -> bool {
        self.bits & (1 << value.index()) != 0
    }

    /// Adds `value`; returns whether it was new.
    pub fn insert(&mut self, value: T) -> bool {
        let new = !self.contains(value);
        self.bits |= 1 << value.index();
        new
    }

    /// Removes `value`; returns whether it was present.
    pub fn remove(&mut self, value: T) -> bool {
        let present = self.contains(value);
        self.bits &= !(1 << value.index());
        present
    }

    /// The set with `value` added.
    #[must_use]
    pub fn with(mut self, value: T) -> Self {
        self.insert(value);
        self
    }

    /// The members, in declaration order.
    pub fn iter(&self) -> Iter<T> {
        Iter {
            bits: self.bits,
            marker: PhantomData,
        }
    }

    /// Every variant of `T`.
    pub const fn all() -> Self {
        let n = T::ALL.len();
        Set::from_bits(if n >= 128 { u128::MAX } else { (1 << n) - 1 })
    }

    /// The members of `self` that are not in `other`.
    pub const fn difference(self, other: Self) -> Self {
        Set::from_bits(self.bits & !other.bits)
    }
}

/// An iterator over the members of a [`Set`], in declaration order.
#[derive(Debug, Clone)]
pub struct Iter<T> {
    bits: u128,
    marker: PhantomData<T>,
}

impl<T: Member> Iterator for Iter<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        if self.bits == 0 {
            return None;
        }
        let i = self.bits.trailing_zeros();
        self.bits &= self.bits - 1;
        Some(T::ALL[i as usize])
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.bits.count_ones() as usize;
        (n, Some(n))
    }
}

impl<T: Member> ExactSizeIterator for Iter<T> {}

impl<T: Member> IntoIterator for Set<T> {
    type Item = T;
    type IntoIter = Iter<T>;
    fn into_iter(self) -> Iter<T> {
        self.iter()
    }
}

impl<T: Member> IntoIterator for &Set<T> {
    type Item = T;
    type IntoIter = Iter<T>;
    fn into_iter(self) -> Iter<T> {
        self.iter()
    }
}

impl<T: Member> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Set::new();
        for v in iter {
            set.insert(v);
        }
        set
    }
}

impl<T: Member> Extend<T> for Set<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for v in iter {
            self.insert(v);
        }
    }
}

impl<T: Member, const N: usize> From<[T; N]> for Set<T> {
    fn from(values: [T; N]) -> Self {
        values.into_iter().collect()
    }
}

impl<T: Member> From<Vec<T>> for Set<T> {
    /// The members of the list; a member listed twice is kept once.
    fn from(values: Vec<T>) -> Self {
        values.into_iter().collect()
    }
}

impl<T: Member> From<&[T]> for Set<T> {
    /// The members of the slice; a member listed twice is kept once.
    fn from(values: &[T]) -> Self {
        values.iter().copied().collect()
    }
}

// Manual impls: derives would demand the bounds of `T` on the marker.
impl<T> Clone for Set<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Set<T> {}
impl<T> PartialEq for Set<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}
impl<T> Eq for Set<T> {}
impl<T> std::hash::Hash for Set<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.bits.hash(state);
    }
}
impl<T> Default for Set<T> {
    fn default() -> Self {
        Set::new()
    }
}

impl<T: Member> fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Member + fmt::Display> fmt::Display for Set<T> {
    /// The members' names, comma-separated; `none` for the empty set.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("none");
        }
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            fmt::Display::fmt(&v, f)?;
        }
        Ok(())
    }
}
