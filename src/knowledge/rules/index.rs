//! The table's effects indexed by presentation, computed when the crate compiles: for each
//! presentation kind, the effects whose scope holds it, in evaluation order (every offer, then
//! every restriction, then every annotation; within a phase, by rule, then in the rule's
//! order). An effect out of scope produces nothing, so a plan evaluates only these.

use super::Rule;
use super::table::TABLE;
use crate::model::patient::PresentationKind;
use crate::model::set::Set;

/// The number of presentation kinds.
const KINDS: usize = <PresentationKind as strum::EnumCount>::COUNT;

/// The number of effects in the table.
const EFFECTS: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < TABLE.len() {
        n += TABLE[i].effects.len();
        i += 1;
    }
    n
};

// Rule and effect positions are stored as `u8`.
const _: () = {
    assert!(TABLE.len() <= 256);
    let mut i = 0;
    while i < TABLE.len() {
        assert!(TABLE[i].effects.len() <= 256);
        i += 1;
    }
};

/// For each presentation kind, the (rule, effect) positions in scope, and how many there are.
struct Index {
    effects: [[(u8, u8); EFFECTS]; KINDS],
    lens: [usize; KINDS],
}

/// The effects of `table` in scope for each kind, in evaluation order.
const fn index(table: &[Rule]) -> Index {
    let mut index = Index {
        effects: [[(0, 0); EFFECTS]; KINDS],
        lens: [0; KINDS],
    };
    let mut kind = 0;
    while kind < KINDS {
        let member = Set::<PresentationKind>::from_bits(1 << kind);
        let mut phase = 0;
        // The phases in order: `Phase::Offer`, `Phase::Restrict`, `Phase::Annotate`.
        while phase < 3 {
            let mut i = 0;
            while i < table.len() {
                let effects = table[i].effects;
                let mut j = 0;
                while j < effects.len() {
                    let effect = &effects[j];
                    if effect.then.phase() as usize == phase
                        && !effect.scope.intersection(member).is_empty()
                    {
                        let n = index.lens[kind];
                        index.effects[kind][n] = (i as u8, j as u8);
                        index.lens[kind] = n + 1;
                    }
                    j += 1;
                }
                i += 1;
            }
            phase += 1;
        }
        kind += 1;
    }
    index
}

// The phases are numbered as the loop above takes them.
const _: () = {
    use super::Phase;
    assert!(Phase::Offer as usize == 0);
    assert!(Phase::Restrict as usize == 1);
    assert!(Phase::Annotate as usize == 2);
};

static INDEX: Index = index(&TABLE);

/// The (rule, effect) positions of the effects whose scope holds `kind`, in evaluation order:
/// by phase, then by rule, then in the rule's order.
pub(crate) fn effects_for(kind: PresentationKind) -> &'static [(u8, u8)] {
    let k = kind as usize;
    &INDEX.effects[k][..INDEX.lens[k]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::rules::Phase;
    use crate::model::set::Member;

    /// The index holds exactly the effects in scope, in the order the full evaluation runs
    /// them.
    #[test]
    fn the_index_is_the_table_filtered_by_scope() {
        for &kind in PresentationKind::ALL {
            let mut expected = Vec::new();
            for phase in [Phase::Offer, Phase::Restrict, Phase::Annotate] {
                for (i, rule) in TABLE.iter().enumerate() {
                    for (j, effect) in rule.effects.iter().enumerate() {
                        if effect.then.phase() == phase && effect.scope.contains(kind) {
                            expected.push((i as u8, j as u8));
                        }
                    }
                }
            }
            assert_eq!(effects_for(kind), expected.as_slice(), "{kind:?}");
        }
    }
}
