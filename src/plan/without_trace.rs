//! A plan written without its trace ([`Plan::without_trace`]), and without its wording too
//! ([`PlanWithoutTrace::without_wording`]).
//!
//! Most of a plan's JSON is its trace (one entry per rule with every input it read), which a
//! CDS Hooks card or a population screen never reads. The first view writes every other field
//! of the plan exactly as the plan writes it, in the same order, and leaves the `trace` key
//! out; it also leaves the trace unbuilt. The second also leaves out each entry's words for
//! people (an item's `detail`, an attachment's, a monitoring item's and a note's `text`, an
//! avoidance's `reason`, an alert's `message`): what is left are the codes a program keys on.

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

use crate::knowledge::evidence::{Citations, Source, StatementId};
use crate::model::drug::DrugOrClass;
use crate::model::patient::{Patient, Stage};
use crate::model::quantity::Days;
use crate::plan::{
    Action, Alert, AttachmentKind, AvoidanceKind, Classification, InvolvedDrug, Item, Monitoring,
    MonitoringKind, Note, NoteKind, Plan, Provenance, Severity, Step, StepNumber, Strength, Tier,
};
use crate::plan::{Attachment, Avoidance};

/// A [`Plan`] that serialises without its `trace` key: every other key as the plan writes it,
/// in the same order. Made by [`Plan::without_trace`].
///
/// ```
/// # use leg_spasm_cds::*;
/// let patient = Patient::new(
///     Presentation::RestlessLegs,
///     Stage::NonDrugInsufficient,
///     SymptomSeverity::Moderate,
///     Age::new(66)?,
///     Set::from([Condition::EndStageRenalDisease]),
///     Medications::none(),
/// );
/// let plan = recommend(&patient);
/// let short = serde_json::to_value(plan.without_trace()).unwrap();
/// let mut full = serde_json::to_value(&plan).unwrap();
/// full.as_object_mut().unwrap().remove("trace");
/// assert_eq!(short, full);
/// # Ok::<(), QuantityError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PlanWithoutTrace<'a> {
    plan: &'a Plan,
}

impl<'a> PlanWithoutTrace<'a> {
    /// The plan.
    pub fn plan(self) -> &'a Plan {
        self.plan
    }

    /// The plan as it serialises without its trace and without the words each entry says to
    /// people: what is left are the codes (statement ids, actions, drugs and their roles,
    /// tiers, strengths, severities, kinds, citations, sources). For programs that key on
    /// them (a population screen, statistics); a person needs the words, which the plan and
    /// [`Plan::without_trace`] write.
    pub fn without_wording(self) -> PlanCodes<'a> {
        PlanCodes { plan: self.plan }
    }
}

/// A [`Plan`] that serialises without its `trace` key and without the words of its entries:
/// every entry of the plan with every key but its words (an item's `detail`, an attachment's,
/// a monitoring item's and a note's `text`, an avoidance's `reason`, an alert's `message`),
/// each as the plan writes it, in the same order. The restated patient, the classification,
/// the provenance and the statement of medicines not identified stay. Made by
/// [`PlanWithoutTrace::without_wording`].
///
/// ```
/// # use leg_spasm_cds::*;
/// let patient = Patient::new(
///     Presentation::RestlessLegs,
///     Stage::NonDrugInsufficient,
///     SymptomSeverity::Moderate,
///     Age::new(66)?,
///     Set::from([Condition::EndStageRenalDisease]),
///     Medications::none(),
/// );
/// let plan = recommend(&patient);
/// let codes = serde_json::to_value(plan.without_trace().without_wording()).unwrap();
/// let first = &codes["steps"][0]["items"][0];
/// assert_eq!(first["rule"], "NP-1");
/// assert!(first.get("detail").is_none());
/// # Ok::<(), QuantityError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PlanCodes<'a> {
    plan: &'a Plan,
}

impl<'a> PlanCodes<'a> {
    /// The plan.
    pub fn plan(self) -> &'a Plan {
        self.plan
    }
}

impl Plan {
    /// The plan as it serialises without its trace: the `trace` key left out, every other key
    /// as [`Plan`] writes it. The trace is most of a plan's JSON (BENCHMARKS.md gives
    /// the sizes of the sample plans).
    pub fn without_trace(&self) -> PlanWithoutTrace<'_> {
        PlanWithoutTrace { plan: self }
    }
}

/// The fields of [`Plan`] but its trace, in its order and with its attributes, each list
/// written as the list of its entries' views (`St` for the steps, `Av` the avoidances, `Al`
/// the alerts, `Mo` the monitoring items, `No` the notes).
#[derive(Serialize)]
#[serde(rename = "Plan")]
struct Fields<'a, St, Av, Al, Mo, No> {
    patient: &'a Patient,
    classification: &'a Classification,
    stage: Stage,
    steps: Each<'a, Step, St>,
    avoidances: Each<'a, Avoidance, Av>,
    alerts: Each<'a, Alert, Al>,
    monitoring: Each<'a, Monitoring, Mo>,
    notes: Each<'a, Note, No>,
    provenance: &'a Provenance,
    #[serde(skip_serializing_if = "Option::is_none")]
    unidentified_medicines: Option<&'a str>,
}

/// How each list's entries are written.
struct Views<'a, St, Av, Al, Mo, No> {
    steps: fn(&'a Step) -> St,
    avoidances: fn(&'a Avoidance) -> Av,
    alerts: fn(&'a Alert) -> Al,
    monitoring: fn(&'a Monitoring) -> Mo,
    notes: fn(&'a Note) -> No,
}

impl<'a, St, Av, Al, Mo, No> Fields<'a, St, Av, Al, Mo, No> {
    fn of(plan: &'a Plan, views: Views<'a, St, Av, Al, Mo, No>) -> Self {
        // Destructured so that a field added to `Plan` must be placed here.
        let Plan {
            patient,
            classification,
            stage,
            steps,
            avoidances,
            alerts,
            monitoring,
            notes,
            trace: _,
            provenance,
            unidentified_medicines,
        } = plan;
        Fields {
            patient,
            classification,
            stage: *stage,
            steps: Each(steps, views.steps),
            avoidances: Each(avoidances, views.avoidances),
            alerts: Each(alerts, views.alerts),
            monitoring: Each(monitoring, views.monitoring),
            notes: Each(notes, views.notes),
            provenance,
            unidentified_medicines: unidentified_medicines.as_deref(),
        }
    }
}

impl Serialize for PlanWithoutTrace<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let views = Views {
            steps: |x| x,
            avoidances: |x| x,
            alerts: |x| x,
            monitoring: |x| x,
            notes: |x| x,
        };
        Fields::of(self.plan, views).serialize(s)
    }
}

impl Serialize for PlanCodes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let views = Views {
            steps: StepCodes::of,
            avoidances: AvoidanceCodes::of,
            alerts: AlertCodes::of,
            monitoring: MonitoringCodes::of,
            notes: NoteCodes::of,
        };
        Fields::of(self.plan, views).serialize(s)
    }
}

/// Writes a list as the list of each element's view.
struct Each<'a, T, V>(&'a [T], fn(&'a T) -> V);

impl<'a, T, V: Serialize> Serialize for Each<'a, T, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for x in self.0 {
            seq.serialize_element(&(self.1)(x))?;
        }
        seq.end()
    }
}

/// A [`Step`] with its items' codes.
#[derive(Serialize)]
#[serde(rename = "Step")]
struct StepCodes<'a> {
    number: StepNumber,
    items: Each<'a, Item, ItemCodes<'a>>,
}

impl<'a> StepCodes<'a> {
    fn of(step: &'a Step) -> Self {
        let Step { number, items } = step;
        StepCodes {
            number: *number,
            items: Each(items, ItemCodes::of),
        }
    }
}

/// An [`Item`] without its `detail`, its attachments without their `text`.
#[derive(Serialize)]
#[serde(rename = "Item")]
struct ItemCodes<'a> {
    rule: StatementId,
    step: StepNumber,
    action: Action,
    tier: Option<Tier>,
    strength: Strength,
    preferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_days: Option<Days>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days_left: Option<Days>,
    #[serde(skip_serializing_if = "<[Attachment]>::is_empty")]
    attachments: Each<'a, Attachment, AttachmentCodes<'a>>,
    citations: &'a Citations,
    source: Source,
}

impl<'a> ItemCodes<'a> {
    fn of(item: &'a Item) -> Self {
        let Item {
            rule,
            step,
            action,
            tier,
            strength,
            preferred,
            max_days,
            days_left,
            detail: _,
            attachments,
            citations,
            source,
        } = item;
        ItemCodes {
            rule: *rule,
            step: *step,
            action: *action,
            tier: *tier,
            strength: *strength,
            preferred: *preferred,
            max_days: *max_days,
            days_left: *days_left,
            attachments: Each(attachments, AttachmentCodes::of),
            citations,
            source: *source,
        }
    }
}

impl<T, V> std::ops::Deref for Each<'_, T, V> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0
    }
}

/// Declares the view of a plan's entry without its words: a struct that serialises as the
/// entry does (same name, every field in the same order) minus the field `$words`, each field
/// copied (`*`) or borrowed (`&`), and its constructor `of`. The entry is destructured in
/// full, so a field added to it does not compile until its view says whether to write it.
macro_rules! codes_view {
    ($(#[$doc:meta])* $view:ident<$a:lifetime> of $entry:ident as $name:literal without $words:ident {
        $($field:ident: $ty:ty = $how:tt),+ $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Serialize)]
        #[serde(rename = $name)]
        struct $view<$a> {
            $($field: $ty),+
        }

        impl<$a> $view<$a> {
            fn of(entry: &$a $entry) -> Self {
                let $entry { $($field,)+ $words: _ } = entry;
                $view { $($field: codes_view!(@take $how $field)),+ }
            }
        }
    };
    (@take * $field:ident) => { *$field };
    (@take & $field:ident) => { $field };
}

codes_view! {
    /// An [`Attachment`] without its `text`.
    AttachmentCodes<'a> of Attachment as "Attachment" without text {
        rule: StatementId = *,
        kind: AttachmentKind = *,
        severity: Severity = *,
        citations: &'a Citations = &,
        source: Source = *,
    }
}

codes_view! {
    /// An [`Avoidance`] without its `reason`.
    AvoidanceCodes<'a> of Avoidance as "Avoidance" without reason {
        rule: StatementId = *,
        target: DrugOrClass = *,
        kind: AvoidanceKind = *,
        citations: &'a Citations = &,
        source: Source = *,
    }
}

codes_view! {
    /// An [`Alert`] without its `message`.
    AlertCodes<'a> of Alert as "Alert" without message {
        rule: StatementId = *,
        severity: Severity = *,
        drugs: &'a [InvolvedDrug] = &,
        citations: &'a Citations = &,
        source: Source = *,
    }
}

codes_view! {
    /// A [`Monitoring`] item without its `text`.
    MonitoringCodes<'a> of Monitoring as "Monitoring" without text {
        rule: StatementId = *,
        what: MonitoringKind = *,
        drugs: &'a [InvolvedDrug] = &,
        citations: &'a Citations = &,
        source: Source = *,
    }
}

codes_view! {
    /// A [`Note`] without its `text`.
    NoteCodes<'a> of Note as "Note" without text {
        rule: StatementId = *,
        kind: NoteKind = *,
        severity: Severity = *,
        citations: &'a Citations = &,
        source: Source = *,
    }
}
