//! The table's effects indexed by presentation and stage, computed when the crate compiles:
//! for each presentation kind and stage, the effects whose scope holds the kind and that apply
//! from that stage or an earlier one, in evaluation order (every offer, then every
//! restriction, then every annotation; within a phase, by rule, then in the rule's order). An
//! effect out of scope or from a later stage produces nothing, so a plan evaluates only these.
//!
//! Beside them, the citations of each effect's entries (its statement, the statements it also
//! cites with their references, its decisions), also computed when the crate compiles.

use super::Rule;
use super::table::TABLE;
use crate::knowledge::evidence::{Citations, StatementId};
use crate::model::patient::{PresentationKind, Stage};
use crate::model::set::{Member, Set};

/// The number of presentation kinds.
const KINDS: usize = <PresentationKind as strum::EnumCount>::COUNT;

/// The number of stages.
const STAGES: usize = <Stage as strum::EnumCount>::COUNT;

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

/// For each presentation kind and stage, the (rule, effect) positions that apply, and how
/// many there are.
struct Index {
    effects: [[[(u8, u8); EFFECTS]; STAGES]; KINDS],
    lens: [[usize; STAGES]; KINDS],
}

/// The effects of `table` that apply for each kind and stage, in evaluation order.
const fn index(table: &[Rule]) -> Index {
    let mut index = Index {
        effects: [[[(0, 0); EFFECTS]; STAGES]; KINDS],
        lens: [[0; STAGES]; KINDS],
    };
    let mut kind = 0;
    while kind < KINDS {
        let mut stage = 0;
        while stage < STAGES {
            index_one(table, &mut index, kind, stage);
            stage += 1;
        }
        kind += 1;
    }
    index
}

/// Fills the list of one kind and stage.
const fn index_one(table: &[Rule], index: &mut Index, kind: usize, stage: usize) {
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
                    && effect.from as usize <= stage
                {
                    let n = index.lens[kind][stage];
                    index.effects[kind][stage][n] = (i as u8, j as u8);
                    index.lens[kind][stage] = n + 1;
                }
                j += 1;
            }
            i += 1;
        }
        phase += 1;
    }
}

// The phases are numbered as the loop above takes them.
const _: () = {
    use super::Phase;
    assert!(Phase::Offer as usize == 0);
    assert!(Phase::Restrict as usize == 1);
    assert!(Phase::Annotate as usize == 2);
};

// The stages are numbered in their order, and the index by their number.
const _: () = {
    assert!(Stage::NothingTried as usize == 0);
    assert!(Stage::NonDrugInsufficient as usize == 1);
    assert!(Stage::Refractory as usize == 2);
};

static INDEX: Index = index(&TABLE);

/// The (rule, effect) positions of the effects whose scope holds `kind` and that apply at
/// `stage`, in evaluation order: by phase, then by rule, then in the rule's order.
pub(crate) fn effects_for(kind: PresentationKind, stage: Stage) -> &'static [(u8, u8)] {
    let (k, s) = (kind as usize, stage as usize);
    &INDEX.effects[k][s][..INDEX.lens[k][s]]
}

/// Where each rule's effects start in [`CITATIONS`].
static FIRST: [usize; TABLE.len()] = {
    let mut first = [0; TABLE.len()];
    let mut i = 1;
    while i < TABLE.len() {
        first[i] = first[i - 1] + TABLE[i - 1].effects.len();
        i += 1;
    }
    first
};

/// The citations of each effect's entries, rule by rule, in each rule's order.
static CITATIONS: [Citations; EFFECTS] = {
    let none = Citations {
        statements: Set::new(),
        decisions: Set::new(),
        references: Set::new(),
    };
    let mut all = [none; EFFECTS];
    let mut n = 0;
    let mut i = 0;
    while i < TABLE.len() {
        let rule = &TABLE[i];
        let mut j = 0;
        while j < rule.effects.len() {
            let effect = &rule.effects[j];
            // As `Citations::of(id).with_statements(also_cites).with_decisions(decisions)`.
            let mut references = rule.id.references();
            let mut k = 0;
            while k < <StatementId as Member>::ALL.len() {
                let id = <StatementId as Member>::ALL[k];
                if !effect
                    .also_cites
                    .intersection(Set::from_bits(1 << k))
                    .is_empty()
                {
                    references = references.union(id.references());
                }
                k += 1;
            }
            all[n] = Citations {
                statements: Set::<StatementId>::from_bits(1 << (rule.id as u32))
                    .union(effect.also_cites),
                decisions: effect.decisions,
                references,
            };
            n += 1;
            j += 1;
        }
        i += 1;
    }
    all
};

/// The citations of the entries the effect at `effect` of the rule at `rule` produces: the
/// rule's statement, the statements it also cites with their references (DEC-15), its
/// decisions.
pub(crate) fn citations(rule: usize, effect: usize) -> Citations {
    CITATIONS[FIRST[rule] + effect]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::rules::Phase;

    /// The index holds exactly the effects in scope and reached, in the order the full
    /// evaluation runs them.
    #[test]
    fn the_index_is_the_table_filtered_by_scope_and_stage() {
        for &kind in PresentationKind::ALL {
            for &stage in Stage::ALL {
                let mut expected = Vec::new();
                for phase in [Phase::Offer, Phase::Restrict, Phase::Annotate] {
                    for (i, rule) in TABLE.iter().enumerate() {
                        for (j, effect) in rule.effects.iter().enumerate() {
                            if effect.then.phase() == phase
                                && effect.scope.contains(kind)
                                && effect.from <= stage
                            {
                                expected.push((i as u8, j as u8));
                            }
                        }
                    }
                }
                assert_eq!(
                    effects_for(kind, stage),
                    expected.as_slice(),
                    "{kind:?} {stage:?}"
                );
            }
        }
    }

    /// The citations computed when the crate compiles are those computed at run time.
    #[test]
    fn the_citations_are_each_effects() {
        for (i, rule) in TABLE.iter().enumerate() {
            for (j, effect) in rule.effects.iter().enumerate() {
                assert_eq!(
                    citations(i, j),
                    Citations::of(rule.id)
                        .with_statements(effect.also_cites)
                        .with_decisions(effect.decisions),
                    "{:?} effect {j}",
                    rule.id
                );
            }
        }
    }
}
