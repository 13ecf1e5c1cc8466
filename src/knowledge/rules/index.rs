//! The table's effects indexed by presentation and stage, computed when the crate compiles:
//! for each presentation kind and stage, the effects whose scope holds the kind and that apply
//! from that stage or an earlier one, in evaluation order (every offer, then every
//! restriction, then every annotation; within a phase, by rule, then in the rule's order). An
//! effect out of scope or from a later stage produces nothing, so a plan evaluates only these.
//!
//! Beside them, the citations of each effect's entries (its statement, the statements it also
//! cites with their references, its decisions), also computed when the crate compiles, and
//! each effect as a plan evaluates it ([`Planned`]): the effect, its rule, its citations, and
//! the drugs without which its output produces nothing.

use super::table::TABLE;
use super::{AlertAbout, AttachTo, Effect, Guard, Offering, Output, Rule};
use crate::knowledge::advice::DrugRole;
use crate::knowledge::evidence::{Citations, Source, StatementId};
use crate::model::drug::{Drug, DrugOrClass};
use crate::model::patient::{
    Condition, CrampKind, Patient, Presentation, PresentationKind, SpasticityOrigin, Stage,
};
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

// Rule and effect positions, and effect numbers, are stored as `u8`.
const _: () = {
    assert!(TABLE.len() <= 256);
    assert!(EFFECTS <= 256);
    let mut i = 0;
    while i < TABLE.len() {
        assert!(TABLE[i].effects.len() <= 256);
        i += 1;
    }
};

/// For each presentation kind and stage, and whether the patient takes any medicine, the
/// numbers of the effects that apply (their places in [`PLANNED`]), and how many there are.
/// An effect whose output needs a drug that cannot be current (no medicine), offered or
/// withheld (no effect of the kind and stage offers it) produces nothing, and is left out.
struct Index {
    effects: [[[[u8; EFFECTS]; 2]; STAGES]; KINDS],
    lens: [[[usize; 2]; STAGES]; KINDS],
    sizes: [[[Sizes; 2]; STAGES]; KINDS],
}

/// The most entries the effects of one list can add to each list of a plan (alerts: at most
/// eight, a first allocation's worth): a list is allocated once, with this room, at its first
/// entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Sizes {
    /// The items of steps 1 to 3.
    pub steps: [u8; 3],
    /// The avoidances.
    pub avoidances: u8,
    /// The alerts, at most eight.
    pub alerts: u8,
    /// The monitoring items.
    pub monitoring: u8,
    /// The notes.
    pub notes: u8,
}

impl Sizes {
    /// No room.
    const NONE: Sizes = Sizes {
        steps: [0; 3],
        avoidances: 0,
        alerts: 0,
        monitoring: 0,
        notes: 0,
    };

    /// With the entries `output` can add.
    const fn with(mut self, output: &Output) -> Sizes {
        match *output {
            Output::Offer { step, .. } => self.steps[step.index()] += 1,
            Output::Avoid { .. } | Output::Withhold { .. } => self.avoidances += 1,
            Output::Alert {
                about:
                    AlertAbout::EachCurrent(of)
                    | AlertAbout::EachCurrentAtLeast(of, _)
                    | AlertAbout::EachCurrentUnknownDuration(of),
                ..
            } => self.alerts += of.drugs().len() as u8,
            Output::Alert { .. } | Output::Contraindications { .. } => self.alerts += 1,
            Output::Monitor { .. } => self.monitoring += 1,
            Output::Note { .. } => self.notes += 1,
            _ => {}
        }
        if self.alerts > 8 {
            self.alerts = 8;
        }
        self
    }
}

/// The effects of `table` that apply for each kind and stage, in evaluation order.
const fn index(table: &[Rule]) -> Index {
    let mut index = Index {
        effects: [[[[0; EFFECTS]; 2]; STAGES]; KINDS],
        lens: [[[0; 2]; STAGES]; KINDS],
        sizes: [[[Sizes::NONE; 2]; STAGES]; KINDS],
    };
    let mut kind = 0;
    while kind < KINDS {
        let mut stage = 0;
        while stage < STAGES {
            index_one(table, &mut index, kind, stage, 0);
            index_one(table, &mut index, kind, stage, 1);
            stage += 1;
        }
        kind += 1;
    }
    index
}

/// Whether `effect` applies to the kind at `kind` at the stage at `stage`.
const fn applies(effect: &Effect, kind: usize, stage: usize) -> bool {
    !effect
        .scope
        .intersection(Set::from_bits(1 << kind))
        .is_empty()
        && effect.from as usize <= stage
}

/// The drugs the effects of `table` that apply to a kind at a stage can offer, as bits.
const fn offerable(table: &[Rule], kind: usize, stage: usize) -> u64 {
    let mut drugs = 0;
    let mut i = 0;
    while i < table.len() {
        let effects = table[i].effects;
        let mut j = 0;
        while j < effects.len() {
            if let Output::Offer {
                what: Offering::Drug(d),
                ..
            } = effects[j].then
                && applies(&effects[j], kind, stage)
            {
                drugs |= bits(DrugOrClass::Drug(d).drugs());
            }
            j += 1;
        }
        i += 1;
    }
    drugs
}

/// Whether the output of `effect` can act for a kind at a stage whose effects can offer the
/// drugs `offerable`, for a patient with a medicine (`meds` 1) or none: a drug it needs can
/// be current, or offered, or withheld (only an offered drug is withheld).
const fn can_act(effect: &Effect, offerable: u64, meds: usize) -> bool {
    let need = need(effect);
    !need.any()
        || (meds == 1 && need.current != 0)
        || (need.offered | need.withheld) & offerable != 0
}

/// Fills the list of one kind and stage, for a patient with a medicine (`meds` 1) or none.
/// An effect whose output needs a drug that cannot be current (no medicine), offered or
/// withheld (no effect of the kind and stage offers it) produces nothing, and is left out.
const fn index_one(table: &[Rule], index: &mut Index, kind: usize, stage: usize, meds: usize) {
    let offerable = offerable(table, kind, stage);
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
                    && applies(effect, kind, stage)
                    && can_act(effect, offerable, meds)
                {
                    let n = index.lens[kind][stage][meds];
                    index.effects[kind][stage][meds][n] = (FIRST[i] + j) as u8;
                    index.lens[kind][stage][meds] = n + 1;
                    index.sizes[kind][stage][meds] =
                        index.sizes[kind][stage][meds].with(&effect.then);
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

// Step 1 holds only non-drug measures, and every measure is in step 1: the engine looks for
// drug and iron items in steps 2 and 3 only.
const _: () = {
    use crate::knowledge::advice::StepNumber;
    let mut i = 0;
    while i < TABLE.len() {
        let mut j = 0;
        while j < TABLE[i].effects.len() {
            if let Output::Offer { step, what, .. } = TABLE[i].effects[j].then {
                let measure = matches!(what, Offering::Measure(_));
                assert!(measure == matches!(step, StepNumber::One));
            }
            j += 1;
        }
        i += 1;
    }
};

static INDEX: Index = index(&TABLE);

/// The effects whose scope holds `kind` and that apply at `stage`, in evaluation order: by
/// phase, then by rule, then in the rule's order; without the effects whose output needs a
/// current drug when the patient takes no medicine (`medicines` false).
pub(crate) fn effects_for(
    kind: PresentationKind,
    stage: Stage,
    medicines: bool,
) -> impl Iterator<Item = &'static Planned> {
    let (k, s, m) = (kind as usize, stage as usize, usize::from(medicines));
    INDEX.effects[k][s][m][..INDEX.lens[k][s][m]]
        .iter()
        .map(|&n| &PLANNED[usize::from(n)])
}

/// The room to allocate for each list of a plan, for the effects [`effects_for`] lists.
pub(crate) fn sizes_for(kind: PresentationKind, stage: Stage, medicines: bool) -> Sizes {
    let (k, s, m) = (kind as usize, stage as usize, usize::from(medicines));
    INDEX.sizes[k][s][m]
}

/// Where each rule's effects start in [`CITATIONS`].
const FIRST: [usize; TABLE.len()] = {
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
pub(crate) fn citations(rule: usize, effect: usize) -> &'static Citations {
    &CITATIONS[FIRST[rule] + effect]
}

/// The drugs without which an effect's output produces nothing, whatever its guard: a
/// current drug among `current`, an offered one among `offered` (the plan's offers so far) or
/// a withheld one among `withheld`, each a set of drugs as bits (every drug's bit fits in a
/// `u64`). All three empty: the output needs none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Need {
    /// Current drugs, any of which lets the output act.
    pub current: u64,
    /// Offered drugs, any of which lets the output act.
    pub offered: u64,
    /// Withheld drugs, any of which lets the output act.
    pub withheld: u64,
}

// A set of drugs fits in a `u64`.
const _: () = assert!(<Drug as Member>::ALL.len() <= 64);

impl Need {
    /// No drug needed.
    const NOTHING: Need = Need {
        current: 0,
        offered: 0,
        withheld: 0,
    };

    /// Whether the output needs a drug at all.
    pub const fn any(&self) -> bool {
        self.current | self.offered | self.withheld != 0
    }
}

/// The bits of a set of drugs.
const fn bits(drugs: Set<Drug>) -> u64 {
    drugs.bits() as u64
}

/// Whether `roles` holds `role`.
const fn has(roles: Set<DrugRole>, role: DrugRole) -> bool {
    !roles
        .intersection(Set::from_bits(1 << (role as u32)))
        .is_empty()
}

/// What an alert or a monitoring item that names the drugs of `list`, each in its roles,
/// needs: one drug in one of its roles (a drafted drug, read as current, is not in a plan).
const fn need_of(list: &[(DrugOrClass, Set<DrugRole>)]) -> Need {
    let mut need = Need::NOTHING;
    let mut i = 0;
    while i < list.len() {
        let (of, roles) = list[i];
        let drugs = of.drugs();
        if has(roles, DrugRole::Current) {
            need.current |= bits(drugs);
        }
        if has(roles, DrugRole::Offered) {
            need.offered |= bits(drugs);
        }
        if has(roles, DrugRole::Withheld) {
            need.withheld |= bits(drugs);
        }
        i += 1;
    }
    need
}

/// What the output of `effect` needs to produce anything.
const fn need(effect: &Effect) -> Need {
    let mut need = Need::NOTHING;
    match effect.then {
        Output::Alert {
            about:
                AlertAbout::EachCurrent(of)
                | AlertAbout::EachCurrentAtLeast(of, _)
                | AlertAbout::EachCurrentUnknownDuration(of),
            ..
        } => need.current = bits(of.drugs()),
        Output::Alert {
            about: AlertAbout::Together(list),
            ..
        }
        | Output::Monitor { about: list, .. } => need = need_of(list),
        Output::Contraindications { drug, .. } => {
            need.current = bits(DrugOrClass::Drug(drug).drugs());
        }
        Output::Attach {
            to: AttachTo::Drug(of),
            ..
        } => need.offered = bits(of.drugs()),
        Output::Prefer(drug) | Output::Limit { drug, .. } | Output::Withhold { drug, .. } => {
            need.offered = bits(DrugOrClass::Drug(drug).drugs());
        }
        _ => {}
    }
    need
}

/// One bit test of a [`Test`]: whether the plan has one of these current, offered or
/// withheld drugs, or the patient one of these facts (each a set as bits, the facts as
/// [`facts`] gives them); `negated`: whether it has none of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Clause {
    /// Current drugs.
    pub current: u64,
    /// Offered drugs.
    pub offered: u64,
    /// Withheld drugs.
    pub withheld: u64,
    /// Facts of the patient ([`facts`]).
    pub facts: u64,
    /// Whether the clause holds when none of them is there (rather than one).
    pub negated: bool,
}

/// Where the bits of the kinds of true cramp start among a patient's [`facts`].
const CRAMP_FACTS: u32 = 56;

/// Where the bits of the origins of spasticity start among a patient's [`facts`].
const ORIGIN_FACTS: u32 = 60;

// The conditions, the kinds of cramp and the origins of spasticity each fit in their bits.
const _: () = {
    assert!(<Condition as Member>::ALL.len() <= CRAMP_FACTS as usize);
    assert!(CRAMP_FACTS as usize + <CrampKind as Member>::ALL.len() <= ORIGIN_FACTS as usize);
    assert!(ORIGIN_FACTS as usize + <SpasticityOrigin as Member>::ALL.len() <= 64);
};

/// The facts of `patient` a [`Clause`] tests, as bits: its conditions (`Guard::Has`), the
/// kind of its true cramp (`Guard::Cramp`), the origin of its spasticity (`Guard::Origin`).
pub(crate) fn facts(patient: &Patient) -> u64 {
    let presentation = match patient.presentation() {
        Presentation::TrueCramp(kind) => 1 << (CRAMP_FACTS + kind as u32),
        Presentation::Spasticity { origin, .. } => 1 << (ORIGIN_FACTS + origin as u32),
        _ => 0,
    };
    patient.conditions().bits() as u64 | presentation
}

impl Clause {
    /// No drug and no condition: holds never (negated: always).
    const NONE: Clause = Clause {
        current: 0,
        offered: 0,
        withheld: 0,
        facts: 0,
        negated: false,
    };

    /// The clause that holds when one of `a`'s or `b`'s bits is there (neither negated).
    const fn or(a: Clause, b: Clause) -> Clause {
        Clause {
            current: a.current | b.current,
            offered: a.offered | b.offered,
            withheld: a.withheld | b.withheld,
            facts: a.facts | b.facts,
            negated: false,
        }
    }

    /// The clause that holds exactly when `guard` does, if `guard` is one bit test (a fact, a
    /// current, offered or withheld drug, or any of these).
    const fn of(guard: &Guard) -> Option<Clause> {
        let mut clause = Clause::NONE;
        match *guard {
            Guard::Has(condition) => clause.facts = 1 << (condition as u32),
            Guard::Cramp(kind) => clause.facts = 1 << (CRAMP_FACTS + kind as u32),
            Guard::Origin(origin) => clause.facts = 1 << (ORIGIN_FACTS + origin as u32),
            Guard::Current(of) => clause.current = bits(of.drugs()),
            Guard::Offered(of) => clause.offered = bits(of.drugs()),
            Guard::Withheld(drug) => clause.withheld = bits(DrugOrClass::Drug(drug).drugs()),
            Guard::Any(guards) => {
                let mut i = 0;
                while i < guards.len() {
                    match Clause::of(&guards[i]) {
                        Some(c) => clause = Clause::or(clause, c),
                        None => return None,
                    }
                    i += 1;
                }
            }
            _ => return None,
        }
        Some(clause)
    }
}

/// The most clauses of a [`Test`].
const CLAUSES: usize = 4;

/// How a planned effect's guard is decided (a plan without its trace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decide {
    /// It always holds.
    Always,
    /// By the clauses of the [`Test`].
    Clauses,
    /// By evaluating it (it is not made of bit tests).
    Evaluate,
}

/// A planned effect's guard as bit tests that read nothing, where it is made of them: it
/// holds when every clause does.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Test {
    /// The clauses, the first `len` of them used.
    pub clauses: [Clause; CLAUSES],
    /// How many clauses are used.
    pub len: u8,
    /// How the guard is decided.
    pub decide: Decide,
}

impl Test {
    /// No clause: the guard always holds.
    const ALWAYS: Test = Test {
        clauses: [Clause::NONE; CLAUSES],
        len: 0,
        decide: Decide::Always,
    };

    /// Adds `clause`; whether there was room.
    const fn push(&mut self, clause: Clause) -> bool {
        if self.len as usize == CLAUSES {
            return false;
        }
        self.clauses[self.len as usize] = clause;
        self.len += 1;
        true
    }

    /// Adds the clauses of `guard`, all of which hold exactly when `guard` does; whether
    /// `guard` is made of bit tests (and they fit).
    const fn push_guard(&mut self, guard: &Guard) -> bool {
        match *guard {
            Guard::Always => true,
            Guard::All(guards) => {
                let mut i = 0;
                while i < guards.len() {
                    if !self.push_guard(&guards[i]) {
                        return false;
                    }
                    i += 1;
                }
                true
            }
            Guard::Not(inner) => match Clause::of(inner) {
                Some(mut clause) => {
                    clause.negated = true;
                    self.push(clause)
                }
                None => false,
            },
            _ => match Clause::of(guard) {
                Some(clause) => self.push(clause),
                None => false,
            },
        }
    }

    /// The test of `guard`: its clauses if it is made of bit tests, else none and the guard
    /// to evaluate.
    const fn of(guard: &Guard) -> Test {
        let mut test = Test::ALWAYS;
        if !test.push_guard(guard) {
            return Test {
                decide: Decide::Evaluate,
                ..Test::ALWAYS
            };
        }
        if test.len > 0 {
            test.decide = Decide::Clauses;
        }
        test
    }
}

/// One effect as a plan evaluates it.
#[derive(Debug)]
pub(crate) struct Planned {
    /// The effect.
    pub effect: &'static Effect,
    /// The citations of the entries it produces.
    pub citations: Citations,
    /// The position of its rule in the table.
    pub rule: u8,
    /// The rule's statement id.
    pub id: StatementId,
    /// The source of the rule's statement (`id.source()`).
    pub source: Source,
    /// The rule's bit among the safety additions that fired (0 for the article's rules).
    pub addition: u128,
    /// What its output needs to produce anything.
    pub need: Need,
    /// Whether its output needs a drug at all (`need.any()`).
    pub needs_drug: bool,
    /// Its guard as bit tests, where it is made of them.
    pub test: Test,
}

/// Every effect as a plan evaluates it, rule by rule, in each rule's order, then fillers up
/// to 256 entries: every `u8` effect number is in bounds, so reading one is not checked.
static PLANNED: [Planned; 1 << u8::BITS] = {
    const FILLER: Planned = Planned {
        effect: &TABLE[0].effects[0],
        citations: Citations {
            statements: Set::new(),
            decisions: Set::new(),
            references: Set::new(),
        },
        rule: 0,
        id: StatementId::Dx1,
        source: StatementId::Dx1.source(),
        addition: 0,
        need: Need::NOTHING,
        needs_drug: false,
        test: Test::ALWAYS,
    };
    let mut all = [FILLER; 1 << u8::BITS];
    let mut i = 0;
    while i < TABLE.len() {
        let rule = &TABLE[i];
        let mut j = 0;
        while j < rule.effects.len() {
            let n = FIRST[i] + j;
            all[n] = Planned {
                effect: &rule.effects[j],
                citations: CITATIONS[n],
                rule: i as u8,
                id: rule.id,
                source: rule.id.source(),
                addition: if matches!(rule.id.source(), Source::SafetyAddition) {
                    1 << i
                } else {
                    0
                },
                need: need(&rule.effects[j]),
                needs_drug: need(&rule.effects[j]).any(),
                test: Test::of(&rule.effects[j].when),
            };
            j += 1;
        }
        i += 1;
    }
    all
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::rules::Phase;

    /// The position of a planned effect in its rule: the effect the same in every field (the
    /// effects of a rule differ).
    fn position(p: &Planned) -> u8 {
        let words = format!("{:?}", p.effect);
        let effects = TABLE[usize::from(p.rule)].effects;
        let mut at = effects
            .iter()
            .enumerate()
            .filter(|(_, e)| format!("{e:?}") == words)
            .map(|(j, _)| j as u8);
        let j = at.next().expect("an effect of its rule");
        assert_eq!(at.next(), None, "two effects of {:?} are the same", p.id);
        j
    }

    /// The index holds exactly the effects in scope and reached, in the order the full
    /// evaluation runs them, but those whose output needs a drug that cannot be current
    /// (without a medicine), offered or withheld (none of the effects offers it).
    #[test]
    fn the_index_is_the_table_filtered_by_scope_and_stage() {
        for &kind in PresentationKind::ALL {
            for &stage in Stage::ALL {
                let mut offerable = Set::<Drug>::new();
                for rule in &TABLE {
                    for effect in rule.effects {
                        if let Output::Offer {
                            what: Offering::Drug(d),
                            ..
                        } = effect.then
                            && effect.scope.contains(kind)
                            && effect.from <= stage
                        {
                            offerable.insert(d);
                        }
                    }
                }
                let offerable = offerable.bits() as u64;
                for medicines in [false, true] {
                    let mut expected = Vec::new();
                    for phase in [Phase::Offer, Phase::Restrict, Phase::Annotate] {
                        for (i, rule) in TABLE.iter().enumerate() {
                            for (j, effect) in rule.effects.iter().enumerate() {
                                let need = need(effect);
                                let can_act = !need.any()
                                    || (medicines && need.current != 0)
                                    || (need.offered | need.withheld) & offerable != 0;
                                if effect.then.phase() == phase
                                    && effect.scope.contains(kind)
                                    && effect.from <= stage
                                    && can_act
                                {
                                    expected.push((i as u8, j as u8));
                                }
                            }
                        }
                    }
                    let planned: Vec<(u8, u8)> = effects_for(kind, stage, medicines)
                        .map(|p| (p.rule, position(p)))
                        .collect();
                    assert_eq!(planned, expected, "{kind:?} {stage:?} {medicines}");
                }
            }
        }
    }

    /// The value of `guard` over bits: the plan's current, offered and withheld drugs and the
    /// patient's facts (as [`facts`] sets them), for the guards a [`Clause`] can test.
    fn value(guard: &Guard, [current, offered, withheld, facts]: [u64; 4]) -> bool {
        let has = |bits: u64, set: Set<Drug>| bits & (set.bits() as u64) != 0;
        match *guard {
            Guard::Always => true,
            Guard::Not(g) => !value(g, [current, offered, withheld, facts]),
            Guard::All(gs) => gs
                .iter()
                .all(|g| value(g, [current, offered, withheld, facts])),
            Guard::Any(gs) => gs
                .iter()
                .any(|g| value(g, [current, offered, withheld, facts])),
            Guard::Has(c) => facts & (1 << (c as u32)) != 0,
            Guard::Cramp(k) => facts & (1 << (CRAMP_FACTS + k as u32)) != 0,
            Guard::Origin(o) => facts & (1 << (ORIGIN_FACTS + o as u32)) != 0,
            Guard::Current(of) => has(current, of.drugs()),
            Guard::Offered(of) => has(offered, of.drugs()),
            Guard::Withheld(d) => has(withheld, Set::from([d])),
            _ => unreachable!("not a bit test: {guard:?}"),
        }
    }

    /// Each guard made of bit tests has clauses that hold exactly when it does, on every
    /// single bit, every pair of bits, of each kind and across kinds, that its clauses name.
    #[test]
    fn the_clauses_hold_when_the_guard_does() {
        let mut tested = 0;
        for p in &PLANNED[..EFFECTS] {
            let test = p.test;
            assert_eq!(
                test.decide == Decide::Clauses,
                test.len > 0,
                "{:?}",
                p.effect
            );
            if let Guard::Always = p.effect.when {
                assert_eq!(test.decide, Decide::Always);
            }
            if test.decide != Decide::Clauses {
                continue;
            }
            let clauses = &test.clauses[..usize::from(test.len)];
            // Every bit a clause names, as (kind, bit).
            let mut bits = Vec::new();
            for c in clauses {
                for (k, mask) in [c.current, c.offered, c.withheld, c.facts]
                    .into_iter()
                    .enumerate()
                {
                    for b in 0..64 {
                        if mask & (1 << b) != 0 {
                            bits.push((k, 1u64 << b));
                        }
                    }
                }
            }
            let mut states = vec![[0u64; 4]];
            for &(k, b) in &bits {
                for &(l, c) in &bits {
                    let mut state = [0u64; 4];
                    state[k] |= b;
                    state[l] |= c;
                    states.push(state);
                }
            }
            for state in states {
                let [current, offered, withheld, facts] = state;
                let passes = clauses.iter().all(|c| {
                    let hit = current & c.current
                        | offered & c.offered
                        | withheld & c.withheld
                        | facts & c.facts
                        != 0;
                    hit != c.negated
                });
                assert_eq!(passes, value(&p.effect.when, state), "{:?}", p.effect);
            }
            tested += 1;
        }
        assert!(tested > 10);
    }

    /// The facts of a patient: its conditions, its kind of cramp, its origin of spasticity.
    #[test]
    fn the_facts_of_a_patient() {
        use crate::model::drug::Medications;
        use crate::model::patient::SymptomSeverity;
        use crate::model::quantity::Stated;
        let patient = |presentation, conditions| {
            Patient::new(
                presentation,
                Stage::NothingTried,
                SymptomSeverity::Mild,
                Stated::Unknown,
                conditions,
                Medications::none(),
            )
        };
        for &c in <Condition as Member>::ALL {
            let p = patient(Presentation::RestlessLegs, Set::from([c]));
            assert_eq!(facts(&p), 1 << (c as u32));
        }
        for &k in <CrampKind as Member>::ALL {
            let p = patient(Presentation::TrueCramp(k), Set::new());
            assert_eq!(facts(&p), 1 << (CRAMP_FACTS + k as u32));
        }
        for &origin in <SpasticityOrigin as Member>::ALL {
            let presentation = Presentation::Spasticity {
                origin,
                impacts: Set::new(),
            };
            assert_eq!(
                facts(&patient(presentation, Set::new())),
                1 << (ORIGIN_FACTS + origin as u32)
            );
        }
    }

    /// The citations computed when the crate compiles are those computed at run time.
    #[test]
    fn the_citations_are_each_effects() {
        for (i, rule) in TABLE.iter().enumerate() {
            for (j, effect) in rule.effects.iter().enumerate() {
                assert_eq!(
                    *citations(i, j),
                    Citations::of(rule.id)
                        .with_statements(effect.also_cites)
                        .with_decisions(effect.decisions),
                    "{:?} effect {j}",
                    rule.id
                );
            }
        }
    }

    /// Each planned effect is its rule's: the rule's id, its citations, its bit among the
    /// safety additions.
    #[test]
    fn each_planned_effect_is_its_rules() {
        for (i, rule) in TABLE.iter().enumerate() {
            for (j, effect) in rule.effects.iter().enumerate() {
                let p = &PLANNED[FIRST[i] + j];
                assert_eq!(format!("{:?}", p.effect), format!("{effect:?}"));
                assert_eq!(
                    (usize::from(p.rule), p.id, position(p)),
                    (i, rule.id, j as u8)
                );
                assert_eq!(p.citations, *citations(i, j));
                assert_eq!(p.source, rule.id.source());
                let addition = rule.id.source() == Source::SafetyAddition;
                assert_eq!(p.addition, if addition { 1 << i } else { 0 });
            }
        }
    }
}
