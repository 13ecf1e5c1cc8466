//! `Set`, the set type behind conditions, RLS criteria, spasticity impacts and every plan
//! entry's citations, checked against a model: a `BTreeSet` of declaration indices. Part 5
//! asks that a list naming a member twice is an error, not silently merged; Part 7 that
//! citations list statement ids in the spec's order.

use std::collections::BTreeSet;

use leg_spasm_cds::{Condition, Member, Set, StatementId};
use proptest::prelude::*;

fn model(set: &Set<StatementId>) -> BTreeSet<u32> {
    set.iter().map(Member::index).collect()
}

fn ids() -> impl Strategy<Value = Vec<StatementId>> {
    prop::collection::vec(prop::sample::select(StatementId::ALL), 0..12)
}

proptest! {
    /// Building, inserting and removing agree with the model; iteration is in declaration
    /// order (the spec's order for statement ids) and reports its exact length.
    #[test]
    fn a_set_behaves_like_an_ordered_set(a in ids(), b in ids(), removed in ids()) {
        let expected_a: BTreeSet<u32> = a.iter().map(|id| id.index()).collect();
        let expected_b: BTreeSet<u32> = b.iter().map(|id| id.index()).collect();

        let mut set = Set::new();
        for &id in &a {
            let was_new = !set.contains(id);
            prop_assert_eq!(set.insert(id), was_new);
        }
        prop_assert_eq!(model(&set), expected_a.clone());
        prop_assert_eq!(set.len(), expected_a.len());
        prop_assert_eq!(set.is_empty(), expected_a.is_empty());
        prop_assert_eq!(set, a.iter().copied().collect::<Set<_>>());

        let iter = set.iter();
        prop_assert_eq!(iter.size_hint(), (expected_a.len(), Some(expected_a.len())));
        prop_assert_eq!(iter.len(), expected_a.len());
        let listed: Vec<u32> = set.into_iter().map(Member::index).collect();
        prop_assert_eq!(&listed, &expected_a.iter().copied().collect::<Vec<_>>());
        let by_ref: Vec<StatementId> = (&set).into_iter().collect();
        prop_assert_eq!(by_ref.len(), listed.len());
        for id in StatementId::ALL {
            prop_assert_eq!(set.contains(*id), expected_a.contains(&id.index()));
        }

        let other: Set<StatementId> = b.iter().copied().collect();
        prop_assert_eq!(model(&set.union(other)), &expected_a | &expected_b);
        prop_assert_eq!(model(&set.intersection(other)), &expected_a & &expected_b);
        prop_assert_eq!(set.is_subset(&other), expected_a.is_subset(&expected_b));
        prop_assert!(set.is_subset(&set.union(other)));

        let mut extended = set;
        extended.extend(b.iter().copied());
        prop_assert_eq!(extended, set.union(other));

        let mut shrunk = set;
        let mut expected = expected_a.clone();
        for &id in &removed {
            prop_assert_eq!(shrunk.remove(id), expected.remove(&id.index()));
        }
        prop_assert_eq!(model(&shrunk), expected);

        if let Some(&first) = b.first() {
            let with = set.with(first);
            prop_assert!(with.contains(first));
            prop_assert_eq!(with.len(), expected_a.len() + usize::from(!expected_a.contains(&first.index())));
        }
    }

    /// Sets that differ are told apart by `==`; a copy equals its original.
    #[test]
    fn equality_follows_the_members(a in ids(), b in ids()) {
        let x: Set<StatementId> = a.iter().copied().collect();
        let y: Set<StatementId> = b.iter().copied().collect();
        prop_assert_eq!(x == y, model(&x) == model(&y));
        // The manual `Clone` impl (a derive would demand `T: Clone` of the marker).
        #[allow(clippy::clone_on_copy)]
        let cloned = x.clone();
        prop_assert_eq!(cloned, x);
    }

    /// Part 5: a list read from JSON that names a member twice is an error that names it;
    /// a list without repeats reads back as written, in declaration order.
    #[test]
    fn a_list_with_a_repeat_is_refused(a in ids()) {
        let json = serde_json::to_string(&a).unwrap();
        let read: Result<Set<StatementId>, _> = serde_json::from_str(&json);
        let unique: BTreeSet<u32> = a.iter().map(|id| id.index()).collect();
        if unique.len() == a.len() {
            let set = read.unwrap();
            prop_assert_eq!(model(&set), unique);
            let written = serde_json::to_string(&set).unwrap();
            let mut sorted = a.clone();
            sorted.sort_by_key(|id| id.index());
            prop_assert_eq!(written, serde_json::to_string(&sorted).unwrap());
        } else {
            let message = read.unwrap_err().to_string();
            prop_assert!(message.contains("is listed twice"), "{}", message);
        }
    }
}

#[test]
fn the_first_and_last_members_fit() {
    let last = *StatementId::ALL.last().unwrap();
    let first = StatementId::ALL[0];
    let set = Set::from([last, first]);
    assert_eq!(set.iter().collect::<Vec<_>>(), [first, last]);
    assert_eq!(set.len(), 2);
    assert_eq!(
        Set::<StatementId>::all().iter().collect::<Vec<_>>(),
        StatementId::ALL
    );
    assert_eq!(Set::<StatementId>::all().len(), StatementId::ALL.len());
    assert_eq!(Set::<Condition>::default(), Set::new());
}

/// Display lists the names comma-separated, `none` when empty; Debug lists the members.
#[test]
fn a_set_reads_as_its_names() {
    assert_eq!(Set::<Condition>::new().to_string(), "none");
    let two = Set::from([Condition::EndStageRenalDisease, Condition::Pregnancy]);
    assert_eq!(two.to_string(), "pregnancy, end_stage_renal_disease");
    assert_eq!(Set::from([Condition::Arrhythmia]).to_string(), "arrhythmia");
    assert_eq!(format!("{two:?}"), "{Pregnancy, EndStageRenalDisease}");
    assert_eq!(format!("{:?}", Set::<Condition>::new()), "{}");
}

/// Part 5: a set is read from a list; anything else is an error that says what was expected.
#[test]
fn a_set_is_read_from_a_list_only() {
    for json in [r#""pregnancy""#, "{}", "3"] {
        let message = serde_json::from_str::<Set<Condition>>(json)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("expected a list of names, each at most once"),
            "{json}: {message}"
        );
    }
}

/// Sets with different members hash differently (with the standard library's fixed-key
/// hasher, checked on every singleton and the empty set), so sets work as map keys.
#[test]
fn different_sets_hash_differently() {
    let hash = |set: Set<StatementId>| {
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&set, &mut hasher);
        std::hash::Hasher::finish(&hasher)
    };
    let mut hashes: Vec<u64> = StatementId::ALL
        .iter()
        .map(|&id| hash(Set::from([id])))
        .collect();
    hashes.push(hash(Set::new()));
    let count = hashes.len();
    hashes.sort_unstable();
    hashes.dedup();
    assert_eq!(hashes.len(), count);
}
