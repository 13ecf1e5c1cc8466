//! The medication check (knowledge spec Part 8.1): the alerts about the drugs a patient takes
//! or is being ordered that the record lets the rules decide, without a stage or a severity.
//!
//! [`check`] evaluates the same rule table with the same engine as
//! [`recommend`](crate::recommend), in a mode where only the effects that raise alerts or
//! monitoring are evaluated:
//!
//! - A drafted drug (one being ordered) counts exactly as a current drug with 0 days of use,
//!   and is named in the alert with the role [`DrugRole::Ordered`] (a drug both current and
//!   drafted stays current, with its days). Ordering only adds alerts (INV-14).
//! - Nothing is offered in a check, so the plan's offered and withheld drugs are empty: an
//!   alert whose guard reads them (SA-3 and SA-4 on an offered drug, SA-7 on a withheld
//!   tizanidine, SA-7's monitoring of an offered tizanidine) is raised from the drugs taken
//!   or ordered only, never from a plan the check does not make.
//! - A rule that needs an input the record lacks is listed in [`Check::not_checked`] with the
//!   input ([`UnknownInput`]), never skipped silently: a rule scoped to a presentation when
//!   the record states none, one that reads the subtype (SA-2 needs an idiopathic cramp) when
//!   the record states the kind only, one that reads the stage or the severity. Guards are
//!   read in three-valued logic, so a rule whose outcome is decided whatever the unknown
//!   input (SA-2 for a pregnant patient) is decided, not listed.
//!
//! How the check agrees with a plan (INV-13): for a patient `p` with nothing drafted,
//! `check(&Record::from_patient(&p))` raises exactly the alerts `recommend(&p)` raises whose
//! drugs are all current. A plan alert that names current drugs together with offered or
//! withheld ones (SA-3, SA-4) is raised by the check from its current drugs alone, where they
//! meet the rule by themselves; at stage 1, where no drug is offered, the check's alerts are
//! exactly the plan's.
//!
//! ```
//! use leg_spasm_cds::check::{self, UnknownInput};
//! use leg_spasm_cds::record::{MedicineSource, Record};
//! use leg_spasm_cds::{Days, Drug, DrugRole, Severity, StatementId, Stated};
//!
//! // A patient on diazepam; oxycodone is being ordered. No presentation is recorded.
//! let mut record = Record::new(Some("p1".into()));
//! let source = |name: &str| MedicineSource {
//!     resource: format!("MedicationRequest/{name}"),
//!     read_as: name.into(),
//! };
//! record.add_medicine(Drug::Diazepam, Stated::Known(Days::new(30)), source("diazepam"));
//! record.add_drafted(Drug::Oxycodone, Stated::Known(Days::new(0)), source("oxycodone"));
//!
//! let result = check::check(&record);
//!
//! // SA-4's boxed warning, naming the ordered opioid and the current benzodiazepine.
//! let sa4 = &result.alerts[0];
//! assert_eq!((sa4.rule, sa4.severity), (StatementId::Sa4, Severity::Critical));
//! assert_eq!(sa4.drugs[0].drug, Drug::Oxycodone);
//! assert_eq!(sa4.drugs[0].role, DrugRole::Ordered);
//! // Rules scoped to a presentation are listed as not checked, never skipped.
//! assert!(result.not_checked.iter().any(|n| n.rule == StatementId::Av2
//!     && n.unknown == UnknownInput::Presentation));
//! // One trace entry per rule, as in a plan.
//! assert_eq!(result.trace.len(), leg_spasm_cds::rules::table().len());
//! println!("{result}");
//! ```

use std::borrow::Cow;
use std::fmt::{self, Display, Formatter};

use serde::{Deserialize, Serialize};

use crate::knowledge::evidence::{Citations, Source, StatementId};
use crate::model::record::{Record, RecordPresentation, UnidentifiedMedicine};
use crate::plan::render::{marker, section};
use crate::plan::trace::Trace;
use crate::plan::{Alert, Monitoring, Provenance, Severity};

#[cfg(doc)]
use crate::plan::DrugRole;
pub use crate::plan::trace::UnknownInput;

/// The medication check of a record: the alerts and monitoring about the drugs it lists as
/// current or drafted, the rules it could not decide, and the medicines it could not check.
///
/// Pure and total, like [`recommend`](crate::recommend): no I/O, no clock, no global state;
/// every record gives a check. See the [module documentation](self) for what it reads.
#[must_use]
pub fn check(record: &Record) -> Check {
    crate::engine::check_record(record)
}

/// A rule the check could not decide, and the input it lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NotChecked {
    /// The rule (statement id).
    pub rule: StatementId,
    /// The input the record lacks.
    pub unknown: UnknownInput,
    /// What the rule rests on.
    pub citations: Citations,
    /// The article's, or a safety addition.
    pub source: Source,
}

impl NotChecked {
    pub(crate) fn new(rule: StatementId, unknown: UnknownInput) -> NotChecked {
        NotChecked {
            rule,
            unknown,
            citations: Citations::of(rule),
            source: rule.source(),
        }
    }
}

impl Display for NotChecked {
    /// `[article] AV-2: not checked: presentation unknown (AV-2; R4, R1)`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: not checked: {} ({})",
            marker(self.source),
            self.rule,
            self.unknown,
            self.citations
        )
    }
}

/// The result of a medication check (knowledge spec Part 8.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Check {
    /// The presentation as far as the record states it.
    pub presentation: RecordPresentation,
    /// Alerts, critical first, then by statement id, then by drug (as in a plan). A drafted
    /// drug is named with the role "ordered".
    pub alerts: Vec<Alert>,
    /// What to monitor about the drugs taken or ordered, in the order of their statement ids.
    pub monitoring: Vec<Monitoring>,
    /// The rules the check could not decide, with the input each lacks, in the order of their
    /// statement ids.
    pub not_checked: Vec<NotChecked>,
    /// The medicines of the record that could not be identified: none of them was checked.
    pub unidentified: Vec<UnidentifiedMedicine>,
    /// "N medicines could not be identified and were not checked", when there are any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unidentified_medicines: Option<String>,
    /// One entry per rule, decided or not, in the order of the statement ids.
    pub trace: Trace,
    /// The knowledge used, with the safety additions that fired.
    pub provenance: Provenance,
}

impl Check {
    /// Whether the rule was listed as not checked.
    pub fn is_checked(&self, rule: StatementId) -> bool {
        !self.not_checked.iter().any(|n| n.rule == rule)
    }

    /// The most urgent severity among the alerts, if any.
    pub fn highest_severity(&self) -> Option<Severity> {
        self.alerts.iter().map(|a| a.severity).max()
    }

    /// The check as it serialises without its trace: the `trace` key left out, every other
    /// key as [`Check`] writes it.
    pub fn without_trace(&self) -> CheckWithoutTrace<'_> {
        CheckWithoutTrace { check: self }
    }
}

/// A [`Check`] that serialises without its `trace` key: every other key as the check writes
/// it, in the same order. Made by [`Check::without_trace`].
#[derive(Debug, Clone, Copy)]
pub struct CheckWithoutTrace<'a> {
    check: &'a Check,
}

impl<'a> CheckWithoutTrace<'a> {
    /// The check.
    pub fn check(self) -> &'a Check {
        self.check
    }
}

/// The fields of [`Check`] but its trace, in its order and with its attributes.
#[derive(Serialize)]
#[serde(rename = "Check")]
struct Fields<'a> {
    presentation: &'a RecordPresentation,
    alerts: &'a [Alert],
    monitoring: &'a [Monitoring],
    not_checked: &'a [NotChecked],
    unidentified: &'a [UnidentifiedMedicine],
    #[serde(skip_serializing_if = "Option::is_none")]
    unidentified_medicines: Option<&'a str>,
    provenance: &'a Provenance,
}

impl Serialize for CheckWithoutTrace<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Destructured so that a field added to `Check` must be placed here.
        let Check {
            presentation,
            alerts,
            monitoring,
            not_checked,
            unidentified,
            unidentified_medicines,
            trace: _,
            provenance,
        } = self.check;
        Fields {
            presentation,
            alerts,
            monitoring,
            not_checked,
            unidentified,
            unidentified_medicines: unidentified_medicines.as_deref(),
            provenance,
        }
        .serialize(s)
    }
}

impl Display for Check {
    /// Alerts first (critical first), then monitoring, then the rules not checked, then the
    /// statement about unidentified medicines; `{:#}` adds the trace.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let p = &self.provenance;
        writeln!(f, "Medication check")?;
        writeln!(
            f,
            "Knowledge: \"{}\" ({}, {}), knowledge version {}",
            p.article_title, p.article_date, p.review_status, p.knowledge_version
        )?;
        if p.additions_fired.is_empty() {
            writeln!(f, "Safety additions fired: none")?;
        } else {
            writeln!(f, "Safety additions fired: {}", p.additions_fired)?;
        }
        writeln!(f, "Presentation: {}", self.presentation)?;
        let alerts: Vec<SeverityAlert<'_>> = self.alerts.iter().map(SeverityAlert).collect();
        section(f, "Alerts", &alerts)?;
        section(f, "Monitoring", &self.monitoring)?;
        section(f, "Not checked", &self.not_checked)?;
        let statement: Cow<'_, str> = match &self.unidentified_medicines {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Borrowed("every medicine was identified"),
        };
        writeln!(f, "\nUnidentified medicines: {statement}")?;
        if f.alternate() {
            writeln!(f, "\nTrace")?;
            for e in &self.trace {
                writeln!(f, "  {e}")?;
            }
        }
        Ok(())
    }
}

/// An alert with its severity in front: `CRITICAL [safety addition] SA-1 about ...`.
struct SeverityAlert<'a>(&'a Alert);

impl Display for SeverityAlert<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let severity = self.0.severity.to_string().to_uppercase();
        write!(f, "{severity} {}", self.0)
    }
}
