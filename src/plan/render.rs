//! Text for people: `Display` for a plan and its parts.
//!
//! `{plan}` renders what a clinician reads, top-down: the patient in one line, the
//! classification, the critical and warning alerts and notes, the three steps with each
//! item's citations and cautions, what to avoid, monitoring, the notes and alerts for
//! information, and the knowledge used, each entry marked `[article]` or `[safety addition]`.
//! `{plan:#}` adds the trace.

use std::fmt::{self, Display, Formatter, Write as _};

use crate::knowledge::evidence::Source;
use crate::model::set::Set;
use crate::plan::trace::{DrugOutcome, Input, Reason, TraceEntry};
use crate::plan::{
    Alert, Attachment, Avoidance, InvolvedDrug, Item, Monitoring, Note, Plan, Severity,
};

pub(crate) fn marker(source: Source) -> &'static str {
    match source {
        Source::Article => "[article]",
        Source::SafetyAddition => "[safety addition]",
    }
}

fn drugs(f: &mut Formatter<'_>, drugs: &[InvolvedDrug]) -> fmt::Result {
    for (i, d) in drugs.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{} ({})", d.drug.label(), d.role.label())?;
    }
    Ok(())
}

impl Display for Attachment {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}): {} ({})",
            marker(self.source),
            self.kind.label(),
            self.severity,
            self.text,
            self.citations
        )
    }
}

impl Display for Item {
    /// One line for the item, then one indented line per attachment.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", marker(self.source), self.action.label())?;
        if self.preferred {
            f.write_str(" [preferred]")?;
        }
        match self.tier {
            Some(tier) => write!(f, " ({}; {})", tier.label(), self.strength.label())?,
            None => write!(f, " ({})", self.strength.label())?,
        }
        write!(f, ": {}", self.detail)?;
        if let Some(max) = self.max_days {
            write!(f, " At most {max}")?;
            if let Some(left) = self.days_left {
                write!(f, "; {left} left")?;
            }
            f.write_str(".")?;
        }
        write!(f, " ({})", self.citations)?;
        for a in &self.attachments {
            write!(f, "\n      {a}")?;
        }
        Ok(())
    }
}

impl Display for Avoidance {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}. {} ({})",
            marker(self.source),
            self.target,
            self.kind.label(),
            self.reason,
            self.citations
        )
    }
}

impl Display for Alert {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} about ", marker(self.source), self.rule)?;
        drugs(f, &self.drugs)?;
        write!(f, ": {} ({})", self.message, self.citations)
    }
}

impl Display for Monitoring {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} for ", marker(self.source), self.what.label())?;
        drugs(f, &self.drugs)?;
        write!(f, ": {} ({})", self.text, self.citations)
    }
}

impl Display for Note {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}): {} ({})",
            marker(self.source),
            self.kind.label(),
            self.severity,
            self.text,
            self.citations
        )
    }
}

impl Display for Reason {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match *self {
            Reason::Fired => f.write_str("fired"),
            Reason::NotApplicable { presentation } => {
                write!(f, "not applicable to {}", presentation.label())
            }
            Reason::StageNotReached { stage, from } => {
                write!(
                    f,
                    "applies from {}; the stage is {}",
                    from.short(),
                    stage.short()
                )
            }
            Reason::ConditionNotMet => f.write_str("condition not met"),
            Reason::NothingToActOn => f.write_str("nothing to act on"),
            Reason::NotChecked { unknown } => write!(f, "not checked: {}", unknown.label()),
            Reason::PlanOnly => f.write_str("plan only: no entry of a medication check"),
        }
    }
}

fn drug_set(f: &mut Formatter<'_>, set: Set<crate::model::drug::Drug>) -> fmt::Result {
    if set.is_empty() {
        return f.write_str("none");
    }
    for (i, d) in set.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        f.write_str(d.label())?;
    }
    Ok(())
}

impl Display for Input {
    /// `field = value`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Input::Presentation(p) => write!(f, "presentation = {}", p.label()),
            Input::CrampKind(k) => match k {
                Some(k) => write!(f, "cramp kind = {}", k.label()),
                None => f.write_str("cramp kind = not a true cramp"),
            },
            Input::SpasticityOrigin(o) => match o {
                Some(o) => write!(f, "spasticity origin = {}", o.label()),
                None => f.write_str("spasticity origin = not spasticity"),
            },
            Input::SpasticityImpacts(i) => match i {
                Some(i) if i.is_empty() => f.write_str("spasticity causes = none reported"),
                Some(i) => write!(f, "spasticity causes = {i}"),
                None => f.write_str("spasticity causes = not spasticity"),
            },
            Input::Stage(s) => write!(f, "stage = {}", s.short()),
            Input::Severity(s) => write!(f, "severity = {s}"),
            Input::Age(a) => write!(f, "age = {a}"),
            Input::Condition { condition, present } => {
                write!(
                    f,
                    "{} = {}",
                    condition.label(),
                    if *present { "yes" } else { "no" }
                )
            }
            Input::StrokeRecovery(b) => {
                write!(
                    f,
                    "recovering from a stroke = {}",
                    if *b { "yes" } else { "no" }
                )
            }
            Input::Current { of, drugs } => {
                write!(f, "current {} = ", of.label())?;
                drug_set(f, *drugs)
            }
            Input::Medication { drug, days } => write!(f, "{} taken for = {days}", drug.label()),
            Input::Offered { of, drugs } => {
                write!(f, "offered {} = ", of.label())?;
                drug_set(f, *drugs)
            }
            Input::Item { rule, present } => {
                write!(
                    f,
                    "{rule} item in the plan = {}",
                    if *present { "yes" } else { "no" }
                )
            }
            Input::Cited { statement, cited } => {
                write!(
                    f,
                    "an item cites {statement} = {}",
                    if *cited { "yes" } else { "no" }
                )
            }
            Input::Withheld { drug, withheld } => {
                write!(
                    f,
                    "{} withheld = {}",
                    drug.label(),
                    if *withheld { "yes" } else { "no" }
                )
            }
            Input::Ferritin(v) => match v {
                Some(v) => write!(f, "ferritin = {v}"),
                None => f.write_str("ferritin = not measured"),
            },
            Input::TransferrinSaturation(v) => match v {
                Some(v) => write!(f, "transferrin saturation = {v}"),
                None => f.write_str("transferrin saturation = not measured"),
            },
            Input::RlsCriteria(v) => match v {
                Some(c) => write!(f, "RLS criteria reported = {c}"),
                None => f.write_str("RLS criteria = not reported"),
            },
        }
    }
}

impl Display for TraceEntry<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.reason)?;
        for (i, d) in self.drugs.iter().enumerate() {
            f.write_str(if i == 0 { " [" } else { ", " })?;
            match d.outcome {
                DrugOutcome::Offered => write!(f, "{} offered", d.drug.label())?,
                DrugOutcome::Withheld { by } => write!(f, "{} withheld by {by}", d.drug.label())?,
            }
            if i + 1 == self.drugs.len() {
                f.write_str("]")?;
            }
        }
        if !self.inputs.is_empty() {
            f.write_str("; read: ")?;
            for (i, input) in self.inputs.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{input}")?;
            }
        }
        Ok(())
    }
}

pub(crate) fn section<T: Display>(
    f: &mut Formatter<'_>,
    title: &str,
    entries: &[T],
) -> fmt::Result {
    writeln!(f, "\n{title}")?;
    if entries.is_empty() {
        return writeln!(f, "  (none)");
    }
    for e in entries {
        writeln!(f, "  {e}")?;
    }
    Ok(())
}

/// The alerts and notes of one severity, under its upper-case heading; nothing if none.
fn severity_group(f: &mut Formatter<'_>, plan: &Plan, severity: Severity) -> fmt::Result {
    let alerts = plan.alerts.iter().filter(|a| a.severity == severity);
    let notes = plan.notes.iter().filter(|n| n.severity == severity);
    if alerts.clone().next().is_none() && notes.clone().next().is_none() {
        return Ok(());
    }
    let mut title = String::new();
    write!(title, "{severity}")?;
    writeln!(f, "  {}", title.to_uppercase())?;
    for a in alerts {
        writeln!(f, "    {a}")?;
    }
    for n in notes {
        writeln!(f, "    {n}")?;
    }
    Ok(())
}

impl Display for Plan {
    /// The plan as a clinician reads it, top-down: whom it is for, the classification, what
    /// needs attention first (critical and warning alerts and notes), the three steps, what
    /// to avoid, monitoring, the notes and alerts for information, and the knowledge used.
    /// `{:#}` adds the trace.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(f, "Treatment plan for leg spasms")?;
        writeln!(f, "Patient: {}", self.patient)?;
        if let Some(statement) = &self.unidentified_medicines {
            writeln!(f, "Unidentified medicines: {statement}")?;
        }
        let c = &self.classification;
        write!(f, "Classification: {}", c.presentation)?;
        if let Some(category) = c.category {
            write!(f, "; DX-1 category: {}", category.label())?;
        }
        writeln!(f, " ({})", c.citations)?;
        writeln!(f, "Stage: {}", self.stage.label())?;

        writeln!(f, "\nCritical and warning")?;
        let urgent = self.alerts.iter().any(|a| a.severity > Severity::Info)
            || self.notes.iter().any(|n| n.severity > Severity::Info);
        if !urgent {
            writeln!(f, "  (none)")?;
        }
        severity_group(f, self, Severity::Critical)?;
        severity_group(f, self, Severity::Warning)?;

        let presentation = c.presentation.kind();
        for step in &self.steps {
            writeln!(f, "\n{}", step.number.title(presentation))?;
            if step.items.is_empty() {
                writeln!(f, "  (none)")?;
            }
            for item in &step.items {
                writeln!(f, "  {item}")?;
            }
        }
        section(f, "Avoid", &self.avoidances)?;
        section(f, "Monitoring", &self.monitoring)?;
        let notes: Vec<&Note> = self
            .notes
            .iter()
            .filter(|n| n.severity == Severity::Info)
            .collect();
        section(f, "Notes", &notes)?;
        let info: Vec<&Alert> = self
            .alerts
            .iter()
            .filter(|a| a.severity == Severity::Info)
            .collect();
        section(f, "Alerts for information", &info)?;

        let p = &self.provenance;
        writeln!(
            f,
            "\nKnowledge: \"{}\" ({}, {}), knowledge version {}",
            p.article_title, p.article_date, p.review_status, p.knowledge_version
        )?;
        if p.additions_fired.is_empty() {
            writeln!(f, "Safety additions fired: none")?;
        } else {
            writeln!(f, "Safety additions fired: {}", p.additions_fired)?;
        }

        if f.alternate() {
            writeln!(f, "\nTrace")?;
            for e in &self.trace {
                writeln!(f, "  {e}")?;
            }
        }
        Ok(())
    }
}
