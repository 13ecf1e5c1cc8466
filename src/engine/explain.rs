//! [`Plan::explain`]: every way a plan concerns one drug, read from the plan itself.
//!
//! The answer to "why (not) this drug?" lists, from the plan's own entries: whether the
//! patient takes it, the item offering it, the rules that would offer it and why they did not
//! (withheld by a contraindication, not applicable, stage not reached), the avoidances that
//! cover it (avoid, contraindicated, not effective, caution), the alerts and the monitoring
//! that name it. A drug no entry of the plan concerns is "not considered by any rule".

use std::fmt::{self, Display, Formatter};

use crate::knowledge::evidence::StatementId;
use crate::model::drug::{Drug, DrugOrClass, Medication};
use crate::plan::trace::{DrugOutcome, Reason, TraceEntry};
use crate::plan::{Alert, Avoidance, AvoidanceKind, DrugRole, Item, Monitoring, Plan};

/// One way a plan concerns a drug; each names the statement behind it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Concern<'a> {
    /// The patient takes the drug (as the plan's [`Plan::patient`] states).
    Current(Medication),
    /// An item offers it; the item names its rule, step and attachments.
    Offered(&'a Item),
    /// `rule` would offer it, but the contraindication `by` withheld it.
    Withheld {
        /// The rule that would offer it.
        rule: StatementId,
        /// The statement that withheld it.
        by: StatementId,
    },
    /// `rule` can offer the drug but did not for this patient, for `reason`.
    NotOffered {
        /// The rule that can offer it.
        rule: StatementId,
        /// Why it did not (not applicable, stage not reached, condition not met; `Fired` when
        /// the rule fired for other drugs only).
        reason: Reason,
    },
    /// An avoidance covers it, as the drug itself or through its class.
    Avoided(&'a Avoidance),
    /// An alert names it, in the role given.
    Alerted {
        /// The alert.
        alert: &'a Alert,
        /// How the drug stands in the alert: current, offered or withheld.
        role: DrugRole,
    },
    /// A monitoring item names it, in the role given.
    Monitored {
        /// The monitoring item.
        monitoring: &'a Monitoring,
        /// How the drug stands in it.
        role: DrugRole,
    },
}

impl Concern<'_> {
    /// The statement behind this concern (for `Current`, none: it is the patient's record).
    pub fn rule(&self) -> Option<StatementId> {
        match self {
            Concern::Current(_) => None,
            Concern::Offered(item) => Some(item.rule),
            Concern::Withheld { by, .. } => Some(*by),
            Concern::NotOffered { rule, .. } => Some(*rule),
            Concern::Avoided(a) => Some(a.rule),
            Concern::Alerted { alert, .. } => Some(alert.rule),
            Concern::Monitored { monitoring, .. } => Some(monitoring.rule),
        }
    }
}

/// The answer of [`Plan::explain`]: every way the plan concerns one drug.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Explanation<'a> {
    /// The drug asked about.
    pub drug: Drug,
    /// Every way the plan concerns it, in this order: current, offered, withheld, not
    /// offered, avoided, alerted, monitored. Empty: no rule considered it.
    pub concerns: Vec<Concern<'a>>,
    /// The trace entries of every rule that can offer the drug, fired or not (the inputs
    /// each read and its drug-by-drug decisions).
    pub offering_rules: Vec<TraceEntry<'a>>,
}

impl Explanation<'_> {
    /// Whether any entry of the plan concerns the drug.
    pub fn is_considered(&self) -> bool {
        !self.concerns.is_empty()
    }

    /// Whether an item offers the drug.
    pub fn is_offered(&self) -> bool {
        self.concerns
            .iter()
            .any(|c| matches!(c, Concern::Offered(_)))
    }

    /// The statements behind the concerns, each once, in the order of the concerns.
    pub fn rules(&self) -> Vec<StatementId> {
        let mut rules = Vec::new();
        for r in self.concerns.iter().filter_map(Concern::rule) {
            if !rules.contains(&r) {
                rules.push(r);
            }
        }
        rules
    }
}

impl Plan {
    /// Every way the plan concerns `drug`: the answer to "why was this drug (not) offered?"
    /// and "why is it flagged?". A query of the plan's own entries; no rule is run again.
    ///
    /// ```
    /// # use leg_spasm_cds::*;
    /// // Restless legs, on pramipexole for 200 days.
    /// let patient = Patient::new(
    ///     Presentation::RestlessLegs,
    ///     Stage::NonDrugInsufficient,
    ///     SymptomSeverity::Moderate,
    ///     Age::new(70)?,
    ///     [Condition::EndStageRenalDisease],
    ///     Medications::new([Medication::new(Drug::Pramipexole, Days::new(200))])?,
    /// );
    /// let plan = recommend(&patient);
    ///
    /// // Avoided, and a warning: dopaminergic agents in RLS (AV-2, PF-3).
    /// let why = plan.explain(Drug::Pramipexole);
    /// assert!(why.concerns.iter().any(|c| matches!(c, Concern::Avoided(a) if a.rule == StatementId::Av2)));
    /// assert!(why.rules().contains(&StatementId::Av2));
    ///
    /// // Withheld: RX-1 would offer gabapentin enacarbil, SA-6 withheld it.
    /// let why = plan.explain(Drug::GabapentinEnacarbil);
    /// assert!(why.concerns.contains(&Concern::Withheld { rule: StatementId::Rx1, by: StatementId::Sa6 }));
    ///
    /// // No rule of this plan concerns clonazepam.
    /// let why = plan.explain(Drug::Clonazepam);
    /// assert!(!why.is_considered());
    /// assert_eq!(why.to_string(), "clonazepam: not considered by any rule of this plan.");
    /// # Ok::<(), PatientError>(())
    /// ```
    pub fn explain(&self, drug: Drug) -> Explanation<'_> {
        let offering = crate::knowledge::rules::offering(drug);
        let offering_rules: Vec<TraceEntry<'_>> = self
            .trace
            .iter()
            .filter(|e| offering.contains(e.rule))
            .collect();
        let mut concerns = Vec::new();
        if let Some(m) = self.patient.medications().iter().find(|m| m.drug == drug) {
            concerns.push(Concern::Current(*m));
        }
        concerns.extend(
            self.items()
                .filter(|i| i.action.drug() == Some(drug))
                .map(Concern::Offered),
        );
        let mut not_offered = Vec::new();
        for e in &offering_rules {
            match e.drugs.iter().find(|d| d.drug == drug).map(|d| d.outcome) {
                Some(DrugOutcome::Withheld { by }) => {
                    concerns.push(Concern::Withheld { rule: e.rule, by });
                }
                Some(DrugOutcome::Offered) => {}
                None => not_offered.push(Concern::NotOffered {
                    rule: e.rule,
                    reason: e.reason,
                }),
            }
        }
        concerns.extend(not_offered);
        concerns.extend(
            self.avoidances
                .iter()
                .filter(|a| a.target.covers(drug))
                .map(Concern::Avoided),
        );
        for alert in &self.alerts {
            if let Some(d) = alert.drugs.iter().find(|d| d.drug == drug) {
                concerns.push(Concern::Alerted {
                    alert,
                    role: d.role,
                });
            }
        }
        for monitoring in &self.monitoring {
            if let Some(d) = monitoring.drugs.iter().find(|d| d.drug == drug) {
                concerns.push(Concern::Monitored {
                    monitoring,
                    role: d.role,
                });
            }
        }
        Explanation {
            drug,
            concerns,
            offering_rules,
        }
    }
}

/// The text without its final full stop.
fn clause(text: &str) -> &str {
    text.strip_suffix('.').unwrap_or(text)
}

impl Display for Concern<'_> {
    /// A clause: `offered at step 2 by RX-1 (first-line; recommended)`,
    /// `withheld by SA-6 (RX-1 would offer it)`, `warning alert AV-2 (current): ...`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Concern::Current(m) => write!(f, "the patient takes it ({})", m.days),
            Concern::Offered(item) => {
                write!(f, "offered at step {} by {} (", item.step.get(), item.rule)?;
                if let Some(tier) = item.tier {
                    write!(f, "{}; ", tier.label())?;
                }
                f.write_str(item.strength.label())?;
                if item.preferred {
                    f.write_str("; preferred")?;
                }
                f.write_str(")")?;
                for (i, a) in item.attachments.iter().enumerate() {
                    f.write_str(if i == 0 { ", with " } else { ", " })?;
                    write!(f, "{} {}", a.kind.label(), a.rule)?;
                }
                Ok(())
            }
            Concern::Withheld { rule, by } => write!(f, "withheld by {by} ({rule} would offer it)"),
            Concern::NotOffered {
                rule,
                reason: Reason::Fired,
            } => write!(f, "not offered by {rule}, which offered other drugs"),
            Concern::NotOffered { rule, reason } => write!(f, "not offered by {rule}: {reason}"),
            Concern::Avoided(a) => {
                let kind = match a.kind {
                    AvoidanceKind::Avoid => "avoided",
                    AvoidanceKind::Contraindicated => "contraindicated",
                    AvoidanceKind::NotEffective => "not effective",
                    _ => "to use with caution",
                };
                write!(f, "{kind} ")?;
                if let DrugOrClass::Class(c) = a.target {
                    write!(f, "as one of the {} ", c.label())?;
                }
                write!(
                    f,
                    "by {} ({}): {}",
                    a.rule,
                    a.source.label(),
                    clause(&a.reason)
                )
            }
            Concern::Alerted { alert, role } => write!(
                f,
                "{} alert {} ({}): {}",
                alert.severity,
                alert.rule,
                role.label(),
                clause(&alert.message)
            ),
            Concern::Monitored { monitoring, role } => write!(
                f,
                "monitoring of {} by {} ({}): {}",
                monitoring.what.label(),
                monitoring.rule,
                role.label(),
                clause(&monitoring.text)
            ),
        }
    }
}

impl Display for Explanation<'_> {
    /// One sentence a clinician reads: the drug, then every concern, separated by `; `.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.drug.label())?;
        if self.concerns.is_empty() {
            return f.write_str("not considered by any rule of this plan.");
        }
        for (i, c) in self.concerns.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{c}")?;
        }
        f.write_str(".")
    }
}
