//! The medication check as CDS Hooks cards, and the cards the service adds: how to get the
//! plan, a plan that could not be made, and the medicines that were not checked.
//!
//! Every clinical word on a card is the library's: an alert's message, its drugs' labels and
//! roles, its rule and citations; a monitoring item's text; a rule not checked as the check
//! prints it; the record's statement about unidentified medicines. The service writes only
//! how to use it.

use std::fmt::Write as _;

use leg_spasm_cds::cds_hooks::{
    self, ARTICLE_AND_ADDITION_LABEL, ARTICLE_LABEL, Card, CardSource, Indicator,
    SAFETY_ADDITION_LABEL, card_uuid,
};
use leg_spasm_cds::{Alert, Check, DrugRole, Record, Source, StatementId};

/// The extension key of the clinician's assessment in a request.
pub const ASSESSMENT_EXTENSION: &str = "leg-spasm-cds.assessment";

/// `source.label` for a set of sources.
fn label(article: bool, addition: bool) -> &'static str {
    match (article, addition) {
        (true, true) => ARTICLE_AND_ADDITION_LABEL,
        (false, true) => SAFETY_ADDITION_LABEL,
        _ => ARTICLE_LABEL,
    }
}

fn label_of(sources: impl IntoIterator<Item = Source>) -> &'static str {
    let (mut article, mut addition) = (false, false);
    for s in sources {
        match s {
            Source::Article => article = true,
            // A safety addition, or a source a later version adds: not the article's.
            _ => addition = true,
        }
    }
    label(article, addition)
}

/// A card from its parts; warning and critical cards offer the override reasons.
fn card(
    uuid_name: &str,
    summary: &str,
    detail: String,
    indicator: Indicator,
    label: &str,
    topic: Option<StatementId>,
) -> Card {
    let source = CardSource::new(label);
    let source = match topic {
        Some(rule) => source.with_statement(rule),
        None => source,
    };
    Card::new(summary, indicator, source)
        .with_uuid(card_uuid(uuid_name))
        .with_detail(detail)
}

/// `Quinine (ordered)`, `Oxycodone (ordered), diazepam (current)`.
fn drugs_phrase(alert: &Alert) -> String {
    let mut out = String::new();
    for (i, d) in alert.drugs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{} ({})", d.drug.label(), d.role.label());
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

/// The name of an alert's uuid, as the library names the uuid of a plan's alert card: the
/// same rule about the same drugs saying the same thing is the same card.
pub fn alert_uuid_name(alert: &Alert) -> String {
    let names: Vec<&str> = alert.drugs.iter().map(|d| d.drug.name()).collect();
    format!("alert|{}|{}|{}", alert.rule, names.join(","), alert.message)
}

fn alert_card(alert: &Alert) -> Card {
    let drugs = drugs_phrase(alert);
    let mut detail = String::new();
    let _ = writeln!(detail, "{}\n", alert.message);
    let _ = writeln!(detail, "Drugs: {drugs}.\n");
    let _ = write!(
        detail,
        "Raised by {} ({}) in the medication check. Citations: {}.",
        alert.rule,
        match alert.source {
            Source::Article => "the article",
            _ => "a *safety addition*",
        },
        alert.citations
    );
    card(
        &alert_uuid_name(alert),
        &cds_hooks::alert_summary(alert),
        detail,
        alert.severity.into(),
        label_of([alert.source]),
        Some(alert.rule),
    )
}

/// Whether an alert is about a selected order: it names a drafted drug read from one of the
/// selected resources (`MedicationRequest/id`), or any drafted drug when nothing is selected.
fn about_selection(alert: &Alert, record: &Record, selections: &[String]) -> bool {
    alert
        .drugs
        .iter()
        .filter(|d| d.role == DrugRole::Ordered)
        .any(|d| {
            selections.is_empty()
                || record.drafted.iter().any(|m| {
                    m.drug == d.drug
                        && m.sources
                            .iter()
                            .any(|s| selections.iter().any(|sel| sel == &s.resource))
                })
        })
}

/// The cards of a medication check: one per alert (those about the selected orders first,
/// then by urgency), the monitoring together, the rules not checked together, and the
/// statement about unidentified medicines. `not_checked`: whether to give the card of the
/// rules not checked (not when a plan decides them).
pub fn check_cards(
    check: &Check,
    record: &Record,
    selections: &[String],
    not_checked: bool,
) -> Vec<Card> {
    let mut alerts: Vec<(bool, Card)> = check
        .alerts
        .iter()
        .map(|a| (about_selection(a, record, selections), alert_card(a)))
        .collect();
    // Stable: about the selection first, then the most urgent, then the check's order.
    alerts.sort_by_key(|(selected, c)| {
        (std::cmp::Reverse(*selected), std::cmp::Reverse(c.indicator))
    });
    let mut cards: Vec<Card> = alerts.into_iter().map(|(_, c)| c).collect();
    if let Some(statement) = &check.unidentified_medicines {
        let mut detail = format!("{statement}:\n\n");
        for m in &check.unidentified {
            let text = m.text.as_deref().unwrap_or("(no text)");
            let codes: Vec<String> = m
                .codings
                .iter()
                .map(|c| {
                    format!(
                        "{}|{}",
                        c.system.as_deref().unwrap_or("?"),
                        c.code.as_deref().unwrap_or("?")
                    )
                })
                .collect();
            let _ = write!(detail, "- {}: {text}", m.resource);
            if !codes.is_empty() {
                let _ = write!(detail, " ({})", codes.join(", "));
            }
            if m.drafted {
                detail.push_str(" (being ordered)");
            }
            detail.push('\n');
        }
        cards.push(card(
            &format!("unidentified|{statement}"),
            &capitalized(statement),
            detail,
            Indicator::Warning,
            ARTICLE_AND_ADDITION_LABEL,
            None,
        ));
    }
    if let Some(first) = check.monitoring.first() {
        let mut detail = String::new();
        for m in &check.monitoring {
            let _ = writeln!(detail, "- {} ({}; {})", m.text, m.rule, m.citations);
        }
        cards.push(card(
            "check-monitoring",
            &format!("Monitoring ({}): {}", check.monitoring.len(), first.text),
            detail,
            Indicator::Info,
            label_of(check.monitoring.iter().map(|m| m.source)),
            Some(first.rule),
        ));
    }
    if let Some(first) = check.not_checked.first().filter(|_| not_checked) {
        let mut detail =
            String::from("The record lacks an input these rules need; they were not decided:\n\n");
        for n in &check.not_checked {
            let _ = writeln!(detail, "- {n}");
        }
        cards.push(card(
            "check-not-checked",
            &format!(
                "Medication check: {} rules not checked ({})",
                check.not_checked.len(),
                first.unknown
            ),
            detail,
            Indicator::Info,
            label_of(check.not_checked.iter().map(|n| n.source)),
            Some(first.rule),
        ));
    }
    cards
}

/// The info card of a request without the clinician's assessment: how to get the plan.
pub fn plan_needs_assessment() -> Card {
    card(
        "plan-needs-assessment",
        "Treatment plan: send the presentation, stage and severity to get it",
        format!(
            "The treatment plan needs the clinician's assessment, which no record holds: the \
             presentation with its subtype, the treatment stage and the severity. Send them in \
             the request's `extension` under `{ASSESSMENT_EXTENSION}`, for example \
             `{{\"{ASSESSMENT_EXTENSION}\": {{\"presentation\": {{\"kind\": \"restless_legs\"}}, \
             \"stage\": \"non_drug_insufficient\", \"severity\": \"moderate\"}}}}` (the service's \
             discovery describes the shape)."
        ),
        Indicator::Info,
        ARTICLE_LABEL,
        None,
    )
}

/// The info card of an assessment the record does not allow a plan for.
pub fn plan_not_made(error: &str) -> Card {
    card(
        &format!("plan-not-made|{error}"),
        "Treatment plan not made: the assessment does not fit the record",
        format!("The treatment plan was not made: {error}."),
        Indicator::Info,
        ARTICLE_LABEL,
        None,
    )
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The cards of a response: the check's, then the plan's that are not the check's alerts
/// again (same rule, drugs and message), each with a uuid unique to this response: the
/// version 5 uuid of the hook instance, the card's position and its own uuid.
pub fn finish(hook_instance: &str, check: Vec<Card>, plan: Vec<Card>) -> Vec<Card> {
    let shown: Vec<Option<String>> = check.iter().map(|c| c.uuid.clone()).collect();
    let mut cards = check;
    cards.extend(plan.into_iter().filter(|c| !shown.contains(&c.uuid)));
    let namespace =
        uuid::Uuid::parse_str(cds_hooks::CARD_UUID_NAMESPACE).unwrap_or(uuid::Uuid::NAMESPACE_URL);
    for (i, c) in cards.iter_mut().enumerate() {
        let name = format!(
            "{hook_instance}|{i}|{}",
            c.uuid.as_deref().unwrap_or_default()
        );
        c.uuid = Some(uuid::Uuid::new_v5(&namespace, name.as_bytes()).to_string());
    }
    cards
}
