//! Guards: what an effect reads of the patient and of the plan being built, each read
//! recorded for the trace.

use crate::engine::Engine;
use crate::knowledge::rules::Guard;
use crate::model::drug::{Drug, DrugOrClass};
use crate::model::patient::{Presentation, RlsCriterion};
use crate::model::quantity::Stated;
use crate::model::set::Set;
use crate::plan::trace::Input;

/// The article's four RLS criteria (DX-3), as a set.
const ARTICLE_FOUR: Set<RlsCriterion> = {
    let mut set = Set::new();
    let mut i = 0;
    while i < RlsCriterion::ARTICLE_FOUR.len() {
        set = set.union(Set::from_bits(1 << (RlsCriterion::ARTICLE_FOUR[i] as u32)));
        i += 1;
    }
    set
};

impl<const TRACE: bool> Engine<'_, TRACE> {
    pub(super) fn current(&mut self, of: DrugOrClass) -> Set<Drug> {
        let drugs = self.patient.medications().drugs().intersection(of.drugs());
        self.read(Input::Current { of, drugs });
        drugs
    }

    pub(super) fn offered(&mut self, of: DrugOrClass) -> Set<Drug> {
        let drugs = self.offered.intersection(of.drugs());
        self.read(Input::Offered { of, drugs });
        drugs
    }

    /// A guard's value: with the trace by [`Engine::guard`], which records what it reads;
    /// without, by [`Engine::quick`], which records nothing.
    #[inline(always)]
    pub(super) fn holds(&mut self, guard: &Guard) -> bool {
        if TRACE {
            return self.guard(guard);
        }
        self.quick(guard)
    }

    /// A guard's value without recording what it reads: the guards that read one value are
    /// decided in place (no call), a negation by one call of [`Engine::check_one`], the
    /// others by [`Engine::check`].
    #[inline(always)]
    fn quick(&self, guard: &Guard) -> bool {
        let p = self.patient;
        match *guard {
            Guard::Always => true,
            Guard::Has(condition) => p.has(condition),
            Guard::Current(of) => !p.medications().drugs().intersection(of.drugs()).is_empty(),
            Guard::Offered(of) => !self.offered.intersection(of.drugs()).is_empty(),
            Guard::Withheld(drug) => self.withheld.contains(drug),
            Guard::SeverityAtLeast(s) => p.severity() >= s,
            Guard::Not(g) => !self.check_one(g),
            Guard::All(_) | Guard::Any(_) => self.check(guard),
            Guard::StrokeRecovery => p.stroke_recovery(),
            _ => self.check_one(guard),
        }
    }

    /// A guard's value, as [`Engine::guard`] gives it, without recording what it reads (a plan
    /// without its trace): the combinations, their parts decided in place where they read one
    /// value, and the other guards by [`Engine::check_one`]. Both are small, so their calls
    /// are cheap.
    #[inline(never)]
    fn check(&self, guard: &Guard) -> bool {
        match *guard {
            Guard::Not(g) => !self.quick(g),
            Guard::All(gs) => gs.iter().all(|g| self.quick(g)),
            Guard::Any(gs) => gs.iter().any(|g| self.quick(g)),
            _ => self.check_one(guard),
        }
    }

    /// The value of a guard that is not a combination, as [`Engine::guard`] gives it, without
    /// recording what it reads.
    #[inline(never)]
    fn check_one(&self, guard: &Guard) -> bool {
        let p = self.patient;
        match *guard {
            Guard::Always => true,
            Guard::Not(_) | Guard::All(_) | Guard::Any(_) => self.check(guard),
            Guard::Has(condition) => p.has(condition),
            Guard::StrokeRecovery => p.stroke_recovery(),
            Guard::Cramp(kind) => {
                matches!(p.presentation(), Presentation::TrueCramp(k) if k == kind)
            }
            Guard::Origin(origin) => matches!(
                p.presentation(),
                Presentation::Spasticity { origin: o, .. } if o == origin
            ),
            Guard::AnyImpact => matches!(
                p.presentation(),
                Presentation::Spasticity { impacts, .. } if !impacts.is_empty()
            ),
            Guard::SeverityAtLeast(s) => p.severity() >= s,
            // An unknown age is read by `AgeUnknown`, which words the alert for it.
            Guard::AgeAtLeast(age) => matches!(p.age(), Stated::Known(a) if a >= age),
            Guard::AgeUnknown => p.age().is_unknown(),
            Guard::Current(of) => !p.medications().drugs().intersection(of.drugs()).is_empty(),
            Guard::CurrentAtLeast(drug, limit) => match p.medications().days(drug) {
                Some(Stated::Known(d)) => d >= limit,
                // DEC-16: a use of unknown length counts as long-term.
                Some(Stated::Unknown) => true,
                None => false,
            },
            Guard::Offered(of) => !self.offered.intersection(of.drugs()).is_empty(),
            Guard::Withheld(drug) => self.withheld.contains(drug),
            Guard::IronCalledFor => p.labs().call_for_iron(),
            Guard::FerritinMeasured => p.labs().ferritin().is_some(),
            Guard::SaturationMeasured => p.labs().transferrin_saturation().is_some(),
            Guard::SaturationAtOverload => p
                .labs()
                .transferrin_saturation()
                .is_some_and(|t| t.calls_for_overload_evaluation()),
            Guard::ArticleCriteriaPresent => {
                p.rls_criteria().is_some_and(|c| ARTICLE_FOUR.is_subset(&c))
            }
            Guard::CriterionReported(criterion) => {
                p.rls_criteria().is_some_and(|c| c.contains(criterion))
            }
        }
    }

    pub(super) fn guard(&mut self, guard: &Guard) -> bool {
        let p = self.patient;
        match *guard {
            Guard::Always => true,
            Guard::Not(g) => !self.holds(g),
            Guard::All(gs) => gs.iter().all(|g| self.holds(g)),
            Guard::Any(gs) => gs.iter().any(|g| self.holds(g)),
            Guard::Has(condition) => {
                let present = p.has(condition);
                self.read(Input::Condition { condition, present });
                present
            }
            Guard::StrokeRecovery => {
                let yes = p.stroke_recovery();
                self.read(Input::StrokeRecovery(yes));
                yes
            }
            Guard::Cramp(kind) => {
                let cramp = match p.presentation() {
                    Presentation::TrueCramp(k) => Some(k),
                    _ => None,
                };
                self.read(Input::CrampKind(cramp));
                cramp == Some(kind)
            }
            Guard::Origin(origin) => {
                let actual = match p.presentation() {
                    Presentation::Spasticity { origin, .. } => Some(origin),
                    _ => None,
                };
                self.read(Input::SpasticityOrigin(actual));
                actual == Some(origin)
            }
            Guard::AnyImpact => {
                let impacts = match p.presentation() {
                    Presentation::Spasticity { impacts, .. } => Some(impacts),
                    _ => None,
                };
                self.read(Input::SpasticityImpacts(impacts));
                impacts.is_some_and(|i| !i.is_empty())
            }
            Guard::SeverityAtLeast(s) => {
                self.read(Input::Severity(p.severity()));
                p.severity() >= s
            }
            Guard::AgeAtLeast(age) => {
                self.read(Input::Age(p.age()));
                match p.age() {
                    Stated::Known(a) => a >= age,
                    // Read by `AgeUnknown`, which words the alert for an unknown age.
                    Stated::Unknown => false,
                }
            }
            Guard::AgeUnknown => {
                self.read(Input::Age(p.age()));
                p.age().is_unknown()
            }
            Guard::Current(of) => !self.current(of).is_empty(),
            Guard::CurrentAtLeast(drug, limit) => match p.medications().days(drug) {
                Some(days) => {
                    self.read(Input::Medication { drug, days });
                    match days {
                        Stated::Known(d) => d >= limit,
                        // DEC-16: a use of unknown length counts as long-term.
                        Stated::Unknown => true,
                    }
                }
                None => {
                    self.current(DrugOrClass::Drug(drug));
                    false
                }
            },
            Guard::Offered(of) => !self.offered(of).is_empty(),
            Guard::Withheld(drug) => {
                let withheld = self.withheld.contains(drug);
                self.read(Input::Withheld { drug, withheld });
                withheld
            }
            Guard::IronCalledFor => {
                self.read(Input::Ferritin(p.labs().ferritin()));
                self.read(Input::TransferrinSaturation(
                    p.labs().transferrin_saturation(),
                ));
                p.labs().call_for_iron()
            }
            Guard::FerritinMeasured => {
                self.read(Input::Ferritin(p.labs().ferritin()));
                p.labs().ferritin().is_some()
            }
            Guard::SaturationMeasured => {
                self.read(Input::TransferrinSaturation(
                    p.labs().transferrin_saturation(),
                ));
                p.labs().transferrin_saturation().is_some()
            }
            Guard::SaturationAtOverload => {
                self.read(Input::TransferrinSaturation(
                    p.labs().transferrin_saturation(),
                ));
                p.labs()
                    .transferrin_saturation()
                    .is_some_and(|t| t.calls_for_overload_evaluation())
            }
            Guard::ArticleCriteriaPresent => {
                self.read(Input::RlsCriteria(p.rls_criteria()));
                p.rls_criteria().is_some_and(|c| ARTICLE_FOUR.is_subset(&c))
            }
            Guard::CriterionReported(criterion) => {
                self.read(Input::RlsCriteria(p.rls_criteria()));
                p.rls_criteria().is_some_and(|c| c.contains(criterion))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The set of the article's four criteria, made when the crate compiles, is the set of the
    /// list.
    #[test]
    fn the_article_four_as_a_set() {
        assert_eq!(ARTICLE_FOUR, Set::from(RlsCriterion::ARTICLE_FOUR));
    }
}
