//! The mapping of a plan to cards: card uuids, summaries, details and sources (the rules are
//! in the documentation of the `cds_hooks` module).

use std::borrow::Cow;
use std::fmt::Write as _;

use uuid::Uuid;

use crate::knowledge::evidence::{Citations, Reference, ReferenceKind, Source, StatementId};
use crate::plan::{
    Alert, Attachment, AvoidanceKind, InvolvedDrug, Item, Note, Plan, Severity, StepNumber,
};

use super::response::{Card, CardSource, CdsCoding, CdsResponse, Indicator};
use super::{
    ARTICLE_AND_ADDITION_LABEL, ARTICLE_LABEL, CARD_UUID_NAMESPACE_NAME, OVERRIDE_REASON_SYSTEM,
    SAFETY_ADDITION_LABEL, STATEMENT_SYSTEM, SUMMARY_MAX_CHARS,
};

/// The namespace of the card uuids: the version 5 UUID of [`CARD_UUID_NAMESPACE_NAME`] in the
/// URL namespace.
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, CARD_UUID_NAMESPACE_NAME.as_bytes())
}

/// The uuid of a card: the version 5 UUID of `name` in
/// [`CARD_UUID_NAMESPACE`](super::CARD_UUID_NAMESPACE), lowercase and
/// hyphenated.
///
/// ```
/// use leg_spasm_cds::cds_hooks::card_uuid;
/// assert_eq!(card_uuid("treatment-plan"), "c0a5d077-618d-54c7-9374-8870d9374460");
/// ```
pub fn card_uuid(name: &str) -> String {
    Uuid::new_v5(&namespace(), name.as_bytes()).to_string()
}

/// The override reasons of warning and critical cards, codings of [`OVERRIDE_REASON_SYSTEM`]:
///
/// | code | display |
/// |---|---|
/// | `already-addressed` | Already addressed with the patient |
/// | `benefit-outweighs-risk` | Benefit outweighs the risk for this patient |
/// | `record-inaccurate` | The patient record is inaccurate or out of date |
/// | `specialist-decision` | Decided by the specialist managing the patient |
pub fn override_reasons() -> Vec<CdsCoding> {
    [
        ("already-addressed", "Already addressed with the patient"),
        (
            "benefit-outweighs-risk",
            "Benefit outweighs the risk for this patient",
        ),
        (
            "record-inaccurate",
            "The patient record is inaccurate or out of date",
        ),
        (
            "specialist-decision",
            "Decided by the specialist managing the patient",
        ),
    ]
    .into_iter()
    .map(|(code, display)| CdsCoding {
        system: OVERRIDE_REASON_SYSTEM.to_owned(),
        code: code.to_owned(),
        display: Some(display.to_owned()),
    })
    .collect()
}

/// `text` as a card summary: unchanged if it has at most [`SUMMARY_MAX_CHARS`] characters;
/// otherwise cut to fit with an ellipsis (`…`), after the last whole word if one ends in the
/// last quarter, else on a character boundary.
///
/// ```
/// use leg_spasm_cds::cds_hooks::{summarize, SUMMARY_MAX_CHARS};
/// assert_eq!(summarize("Short enough."), "Short enough.");
/// let long = "µg ".repeat(100);
/// let summary = summarize(&long);
/// assert!(summary.chars().count() <= SUMMARY_MAX_CHARS);
/// assert!(summary.ends_with(" µg…")); // after a whole word
/// // No word to cut after: on a character boundary.
/// assert_eq!(summarize(&"µ".repeat(200)), format!("{}…", "µ".repeat(SUMMARY_MAX_CHARS - 1)));
/// ```
pub fn summarize(text: &str) -> String {
    if text.chars().count() <= SUMMARY_MAX_CHARS {
        return text.to_owned();
    }
    // Room for the text, then the ellipsis: the byte offset of the first character that
    // does not fit is a character boundary.
    let room = SUMMARY_MAX_CHARS - 1;
    let end = text.char_indices().nth(room).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    // Cut after the last whole word if that keeps three quarters of the room.
    let min = text.char_indices().nth(room * 3 / 4).map_or(0, |(i, _)| i);
    let cut = match head.rfind(char::is_whitespace) {
        Some(i) if i >= min && !text[end..].starts_with(char::is_whitespace) => i,
        _ => end,
    };
    let head = head[..cut].trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c));
    format!("{head}…")
}

/// The cards for a plan, most urgent first; see the [module documentation](crate::cds_hooks).
pub fn cards(plan: &Plan) -> Vec<Card> {
    let mut cards: Vec<Card> = plan.alerts.iter().map(|a| alert_card(plan, a)).collect();
    cards.extend(
        plan.notes
            .iter()
            .filter(|n| n.severity > Severity::Info)
            .map(|n| note_card(plan, n)),
    );
    cards.extend(plan_card(plan));
    cards.extend(avoid_card(plan));
    cards.extend(notes_card(plan));
    // Stable: within an indicator, the order above.
    cards.sort_by_key(|c| std::cmp::Reverse(c.indicator));
    cards
}

/// The response for a plan: its [`cards`].
pub fn response(plan: &Plan) -> CdsResponse {
    CdsResponse {
        cards: cards(plan),
        system_actions: Vec::new(),
    }
}

impl Card {
    /// A card with its summary (cut to fit by [`summarize`]), its indicator and its source;
    /// warning and critical cards offer the [`override_reasons`]. Add the rest with the
    /// `with_` methods.
    ///
    /// ```
    /// use leg_spasm_cds::cds_hooks::{Card, CardSource, Indicator};
    /// let card = Card::new("The plan needs the stage and the severity.", Indicator::Info,
    ///     CardSource::new("leg-spasm-cds")).with_detail("Send them in the request's extension.");
    /// assert!(card.override_reasons.is_empty());
    /// assert_eq!(card.detail.as_deref(), Some("Send them in the request's extension."));
    /// ```
    pub fn new(summary: &str, indicator: Indicator, source: CardSource) -> Card {
        Card {
            uuid: None,
            summary: summarize(summary),
            detail: None,
            indicator,
            source,
            suggestions: Vec::new(),
            selection_behavior: None,
            override_reasons: if indicator > Indicator::Info {
                override_reasons()
            } else {
                Vec::new()
            },
            links: Vec::new(),
        }
    }

    /// With a uuid.
    #[must_use]
    pub fn with_uuid(mut self, uuid: impl Into<String>) -> Card {
        self.uuid = Some(uuid.into());
        self
    }

    /// With its detail, in GitHub-flavoured Markdown.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Card {
        self.detail = Some(detail.into());
        self
    }
}

impl CardSource {
    /// A source with its label only.
    pub fn new(label: impl Into<String>) -> CardSource {
        CardSource {
            label: label.into(),
            url: None,
            icon: None,
            topic: None,
        }
    }

    /// With the statement or safety addition the card is about as its topic (a coding in
    /// [`STATEMENT_SYSTEM`]).
    #[must_use]
    pub fn with_statement(mut self, rule: StatementId) -> CardSource {
        self.topic = Some(CdsCoding {
            system: STATEMENT_SYSTEM.to_owned(),
            code: rule.to_string(),
            display: None,
        });
        self
    }
}

impl CdsResponse {
    /// A response holding these cards and no system action.
    pub fn new(cards: Vec<Card>) -> CdsResponse {
        CdsResponse {
            cards,
            system_actions: Vec::new(),
        }
    }
}

/// A card of the crate, from its parts.
fn card(
    uuid_name: &str,
    summary: &str,
    detail: String,
    indicator: Indicator,
    sources: Sources,
    topic: StatementId,
) -> Card {
    Card::new(
        summary,
        indicator,
        CardSource::new(sources.label()).with_statement(topic),
    )
    .with_uuid(card_uuid(uuid_name))
    .with_detail(detail)
}

/// Which knowledge the entries of a card come from.
#[derive(Default, Clone, Copy)]
struct Sources {
    article: bool,
    addition: bool,
}

impl Sources {
    fn add(&mut self, source: Source) {
        match source {
            Source::Article => self.article = true,
            Source::SafetyAddition => self.addition = true,
        }
    }

    fn of(sources: impl IntoIterator<Item = Source>) -> Sources {
        let mut s = Sources::default();
        for source in sources {
            s.add(source);
        }
        s
    }

    fn label(self) -> &'static str {
        match (self.article, self.addition) {
            (true, true) => ARTICLE_AND_ADDITION_LABEL,
            (false, true) => SAFETY_ADDITION_LABEL,
            _ => ARTICLE_LABEL,
        }
    }
}

/// Markdown with the characters that could start markup escaped.
fn md(text: &str) -> Cow<'_, str> {
    const SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~'];
    if !text.contains(SPECIAL) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// `text` with its first letter upper-cased.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` with its first letter lower-cased, unless it starts an acronym (`RLS`).
fn uncapitalized(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first
            .to_lowercase()
            .chain(text[first.len_utf8()..].chars())
            .collect(),
        _ => text.to_owned(),
    }
}

/// `; *safety addition*`, after the citations of an entry from outside the article.
fn marker(source: Source) -> &'static str {
    match source {
        Source::Article => "",
        Source::SafetyAddition => "; *safety addition*",
    }
}

/// `gabapentin, pregabalin (offered)`, or each with its role when they differ.
fn drugs_phrase(drugs: &[InvolvedDrug]) -> String {
    let same = drugs.windows(2).all(|w| w[0].role == w[1].role);
    let mut out = String::new();
    for (i, d) in drugs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(d.drug.label());
        if !same {
            let _ = write!(out, " ({})", d.role.label());
        }
    }
    if same {
        if let Some(d) = drugs.first() {
            let _ = write!(out, " ({})", d.role.label());
        }
    }
    out
}

/// The closing sections of a detail: references, decisions, and the knowledge used.
fn closing(out: &mut String, plan: &Plan, citations: Citations, sources: Sources) {
    if !citations.references.is_empty() {
        out.push_str("\n**References**\n\n");
        for r in citations.references {
            let _ = writeln!(out, "- {r}: {}", md(&reference_text(r)));
        }
    }
    if !citations.decisions.is_empty() {
        out.push_str("\n**Decisions where the article is ambiguous**\n\n");
        for d in citations.decisions {
            let _ = writeln!(out, "- {d}: {}", md(d.text()));
        }
    }
    let p = &plan.provenance;
    let _ = write!(
        out,
        "\nKnowledge: \"{}\" ({}, {}), knowledge version {}",
        md(&p.article_title),
        md(&p.article_date),
        md(&p.review_status),
        md(&p.knowledge_version),
    );
    if sources.addition {
        out.push_str("; entries marked *safety addition* come from sources outside the article");
    }
    out.push_str(". Decision support for a clinician, not a medical device.");
}

/// A reference as a card cites it: its title and source, or what is known of it.
fn reference_text(r: Reference) -> Cow<'static, str> {
    match (r.title(), r.kind()) {
        (Some(title), _) => format!("{title} ({})", r.source()).into(),
        (None, ReferenceKind::Unlisted) => "cited by the article, not listed".into(),
        (None, _) => r.source().into(),
    }
}

/// The drugs of an alert, the first `shown` by name and the rest counted:
/// `gabapentin, pregabalin and 3 more (offered)`, each with its role when the roles differ.
fn drugs_shown(drugs: &[InvolvedDrug], shown: usize, roles: bool) -> String {
    let same = !roles || drugs.windows(2).all(|w| w[0].role == w[1].role);
    let mut out = String::new();
    for (i, d) in drugs.iter().take(shown).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(d.drug.label());
        if !same {
            let _ = write!(out, " ({})", d.role.label());
        }
    }
    if shown < drugs.len() {
        let _ = write!(out, " and {} more", drugs.len() - shown);
    }
    if same && roles {
        if let Some(d) = drugs.first() {
            let _ = write!(out, " ({})", d.role.label());
        }
    }
    out
}

/// The finding without its parenthesised lists: `... reactions (thrombocytopenia, HUS/TTP)
/// without ...` becomes `... reactions without ...`.
fn without_parentheses(finding: &str) -> String {
    let mut out = String::with_capacity(finding.len());
    let mut depth = 0i32;
    for c in finding.chars() {
        match c {
            '(' => {
                if depth == 0 && out.ends_with(' ') {
                    out.pop();
                }
                depth += 1;
            }
            ')' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The finding after its lead-in (the text up to its first `: `), if it has one.
fn without_lead_in(finding: &str) -> Option<&str> {
    finding.find(": ").map(|i| &finding[i + 2..])
}

/// The shorter forms of a finding, longest first: the finding cut before each phrase that is
/// not inside parentheses (`, `, `: `, ` (`), each ending with a full stop.
fn finding_cuts(finding: &str) -> Vec<String> {
    let body = finding.strip_suffix('.').unwrap_or(finding);
    let mut depth = 0i32;
    let mut cuts = Vec::new();
    for (i, c) in body.char_indices() {
        match c {
            '(' => {
                if depth == 0 && body[..i].ends_with(' ') {
                    cuts.push(i - 1);
                }
                depth += 1;
            }
            ')' => depth -= 1,
            ',' | ':' if depth == 0 => cuts.push(i),
            _ => {}
        }
    }
    cuts.into_iter()
        .rev()
        .map(|i| format!("{}.", body[..i].trim_end()))
        .collect()
}

/// An alert's summary: the drugs, then the finding, which names the drug or class and the
/// risk (`Diazepam (current): a benzodiazepine during stroke recovery: possible negative
/// effects on recovery.`). It always ends on a whole phrase: the whole message if it fits;
/// else its first sentence (the finding); else the finding with fewer drugs named; else the
/// finding cut before its last phrases, the risk kept where it comes first.
///
/// ```
/// use leg_spasm_cds::cds_hooks::{alert_summary, SUMMARY_MAX_CHARS};
/// use leg_spasm_cds::{recommend, Patient};
/// let patient = Patient::from_json(r#"{"presentation": {"kind": "spasticity", "origin": "stroke",
///     "impacts": []}, "stage": "nothing_tried", "severity": "mild", "age": 60,
///     "conditions": [], "medications": [{"drug": "diazepam", "days": 10}]}"#)?;
/// let plan = recommend(&patient);
/// let summary = alert_summary(&plan.alerts[0]);
/// assert!(summary.starts_with("Diazepam (current): "));
/// assert!(summary.chars().count() <= SUMMARY_MAX_CHARS && summary.ends_with('.'));
/// # Ok::<(), leg_spasm_cds::PatientError>(())
/// ```
pub fn alert_summary(alert: &Alert) -> String {
    let message = uncapitalized(&alert.message);
    let finding = match message.find(". ") {
        Some(end) => message[..=end].to_owned(),
        None => message.clone(),
    };
    let n = alert.drugs.len();
    let fits = |s: &String| s.chars().count() <= SUMMARY_MAX_CHARS;
    let with = |shown: usize, roles: bool, text: &str| {
        format!(
            "{}: {text}",
            capitalized(&drugs_shown(&alert.drugs, shown, roles))
        )
    };
    let one = n.min(1);
    // Longest and most complete first.
    let mut candidates = vec![with(n, true, &message), with(n, true, &finding)];
    candidates.extend((1..n).rev().map(|shown| with(shown, true, &finding)));
    candidates.extend((1..=n).rev().map(|shown| with(shown, false, &finding)));
    let plain = without_parentheses(&finding);
    candidates.push(with(one, true, &plain));
    candidates.push(with(one, false, &plain));
    if let Some(rest) = without_lead_in(&plain) {
        candidates.push(with(one, false, rest));
    }
    candidates.extend(
        finding_cuts(&finding)
            .iter()
            .map(|cut| with(one, false, cut)),
    );
    candidates
        .into_iter()
        .find(fits)
        .unwrap_or_else(|| with(n, true, &message))
}

fn alert_card(plan: &Plan, alert: &Alert) -> Card {
    let drugs = drugs_phrase(&alert.drugs);
    let summary = alert_summary(alert);
    let mut detail = String::new();
    let _ = writeln!(detail, "{}\n", md(&alert.message));
    let _ = writeln!(detail, "Drugs: {}.\n", md(&drugs));
    let _ = writeln!(
        detail,
        "Raised by {} ({}). Citations: {}.",
        alert.rule,
        match alert.source {
            Source::Article => "the article",
            Source::SafetyAddition => "a *safety addition*",
        },
        alert.citations
    );
    closing(
        &mut detail,
        plan,
        alert.citations,
        Sources::of([alert.source]),
    );
    let names: Vec<&str> = alert.drugs.iter().map(|d| d.drug.name()).collect();
    card(
        &format!("alert|{}|{}|{}", alert.rule, names.join(","), alert.message),
        &summary,
        detail,
        alert.severity.into(),
        Sources::of([alert.source]),
        alert.rule,
    )
}

fn note_card(plan: &Plan, note: &Note) -> Card {
    let mut detail = String::new();
    let _ = writeln!(
        detail,
        "**{}** ({}): {} ({}{})",
        capitalized(note.kind.label()),
        note.severity,
        md(&note.text),
        note.citations,
        marker(note.source)
    );
    closing(
        &mut detail,
        plan,
        note.citations,
        Sources::of([note.source]),
    );
    card(
        &format!("note|{}|{}", note.rule, note.text),
        &note.text,
        detail,
        note.severity.into(),
        Sources::of([note.source]),
        note.rule,
    )
}

fn item_line(out: &mut String, item: &Item) {
    let mut qualifiers: Vec<&str> = Vec::new();
    if item.preferred {
        qualifiers.push("preferred");
    }
    if let Some(tier) = item.tier {
        qualifiers.push(tier.label());
    }
    qualifiers.push(item.strength.label());
    let _ = write!(
        out,
        "- **{}** ({}): {}",
        md(&item.action.label()),
        qualifiers.join("; "),
        md(&item.detail)
    );
    if let Some(max) = item.max_days {
        let _ = write!(out, " At most {max}");
        if let Some(left) = item.days_left {
            let _ = write!(out, "; {left} left");
        }
        out.push('.');
    }
    let _ = writeln!(out, " ({}{})", item.citations, marker(item.source));
    for a in &item.attachments {
        attachment_line(out, a);
    }
}

fn attachment_line(out: &mut String, a: &Attachment) {
    let _ = writeln!(
        out,
        "  - {} ({}): {} ({}{})",
        capitalized(a.kind.label()),
        a.severity,
        md(&a.text),
        a.citations,
        marker(a.source)
    );
}

fn plan_card(plan: &Plan) -> Option<Card> {
    let last = plan.steps.iter().rev().find(|s| !s.items.is_empty())?;
    let topic = last.items[0].rule;
    let mut sources = Sources::default();
    let mut citations = Citations::default();
    let mut detail = String::new();
    let _ = writeln!(
        detail,
        "{}. Stage: {}.",
        md(&capitalized(&plan.classification.presentation.to_string())),
        md(plan.stage.label())
    );
    let mut summary = format!("Treatment plan ({}): ", plan.stage.short());
    for (i, step) in plan
        .steps
        .iter()
        .filter(|s| !s.items.is_empty())
        .enumerate()
    {
        let _ = writeln!(
            detail,
            "\n**{}**\n",
            step.number.title(plan.classification.presentation.kind())
        );
        for item in &step.items {
            item_line(&mut detail, item);
            sources.add(item.source);
            citations = citations.union(item.citations);
            for a in &item.attachments {
                sources.add(a.source);
                citations = citations.union(a.citations);
            }
        }
        if i > 0 {
            summary.push_str("; ");
        }
        summary.push_str(&step_summary(step.number, &step.items));
    }
    if !plan.monitoring.is_empty() {
        detail.push_str("\n**Monitoring**\n\n");
        for m in &plan.monitoring {
            let _ = writeln!(
                detail,
                "- {} for {}: {} ({}{})",
                capitalized(m.what.label()),
                md(&drugs_phrase(&m.drugs)),
                md(&m.text),
                m.citations,
                marker(m.source)
            );
            sources.add(m.source);
            citations = citations.union(m.citations);
        }
    }
    closing(&mut detail, plan, citations, sources);
    Some(card(
        "treatment-plan",
        &summary,
        detail,
        Indicator::Info,
        sources,
        topic,
    ))
}

/// `4 non-drug measures` for step 1; `step 2: tizanidine (preferred), baclofen` after it.
fn step_summary(step: StepNumber, items: &[Item]) -> String {
    if step == StepNumber::One {
        return match items.len() {
            1 => "1 non-drug measure".to_owned(),
            n => format!("{n} non-drug measures"),
        };
    }
    let labels: Vec<String> = items
        .iter()
        .map(|i| {
            let label = i.action.label();
            if i.preferred {
                format!("{label} (preferred)")
            } else {
                label.into_owned()
            }
        })
        .collect();
    format!("step {}: {}", step.get(), labels.join(", "))
}

fn avoid_card(plan: &Plan) -> Option<Card> {
    let first = plan.avoidances.first()?;
    let mut detail = String::new();
    let mut citations = Citations::default();
    let mut summary = "Avoid: ".to_owned();
    for (i, a) in plan.avoidances.iter().enumerate() {
        let _ = writeln!(
            detail,
            "- **{}**: {}. {} ({}{})",
            md(a.target.label()),
            a.kind.label(),
            md(&a.reason),
            a.citations,
            marker(a.source)
        );
        citations = citations.union(a.citations);
        if i > 0 {
            summary.push_str("; ");
        }
        summary.push_str(a.target.label());
        if a.kind != AvoidanceKind::Avoid {
            let _ = write!(summary, " ({})", a.kind.label());
        }
    }
    let sources = Sources::of(plan.avoidances.iter().map(|a| a.source));
    closing(&mut detail, plan, citations, sources);
    let contraindication = plan
        .avoidances
        .iter()
        .any(|a| a.kind == AvoidanceKind::Contraindicated);
    Some(card(
        "avoid",
        &summary,
        detail,
        if contraindication {
            Indicator::Warning
        } else {
            Indicator::Info
        },
        sources,
        first.rule,
    ))
}

fn notes_card(plan: &Plan) -> Option<Card> {
    let notes: Vec<&Note> = plan
        .notes
        .iter()
        .filter(|n| n.severity == Severity::Info)
        .collect();
    let first = notes.first()?;
    let mut detail = String::new();
    let mut citations = Citations::default();
    for n in &notes {
        let _ = writeln!(
            detail,
            "- **{}**: {} ({}{})",
            capitalized(n.kind.label()),
            md(&n.text),
            n.citations,
            marker(n.source)
        );
        citations = citations.union(n.citations);
    }
    let sources = Sources::of(notes.iter().map(|n| n.source));
    closing(&mut detail, plan, citations, sources);
    let summary = if notes.len() == 1 {
        first.text.to_string()
    } else {
        let mut kinds: Vec<&str> = Vec::new();
        for n in &notes {
            if !kinds.contains(&n.kind.label()) {
                kinds.push(n.kind.label());
            }
        }
        format!("{} ({} notes)", capitalized(&kinds.join(", ")), notes.len())
    };
    Some(card(
        "notes",
        &summary,
        detail,
        Indicator::Info,
        sources,
        first.rule,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cds_hooks::CARD_UUID_NAMESPACE;

    #[test]
    fn the_namespace_is_the_v5_uuid_of_its_name() {
        // The values were computed independently of this crate (Python's uuid.uuid5).
        assert_eq!(namespace().to_string(), CARD_UUID_NAMESPACE);
        assert_eq!(CARD_UUID_NAMESPACE, "080cb515-1818-56a2-8045-ec85b5bda32d");
        assert_eq!(
            card_uuid("treatment-plan"),
            "c0a5d077-618d-54c7-9374-8870d9374460"
        );
    }

    #[test]
    fn summaries_are_cut_on_a_character_boundary_with_an_ellipsis() {
        // Exactly at the limit: unchanged.
        let at = "a".repeat(SUMMARY_MAX_CHARS);
        assert_eq!(summarize(&at), at);
        // One over, no space: cut on a character, the ellipsis last.
        let over = "é".repeat(SUMMARY_MAX_CHARS + 1);
        let s = summarize(&over);
        assert_eq!(s.chars().count(), SUMMARY_MAX_CHARS);
        assert!(s.ends_with("é…"));
        // Multi-byte characters of every width around the cut.
        for filler in ["a", "é", "€", "𝄞"] {
            for n in SUMMARY_MAX_CHARS - 3..SUMMARY_MAX_CHARS + 4 {
                let text = filler.repeat(n);
                let s = summarize(&text);
                assert!(s.chars().count() <= SUMMARY_MAX_CHARS, "{filler} x {n}");
                if n > SUMMARY_MAX_CHARS {
                    assert!(s.ends_with('…'));
                }
            }
        }
        // Words: cut after the last whole word, without trailing punctuation.
        let words = "word, ".repeat(40);
        let s = summarize(&words);
        assert!(s.ends_with("word…"), "{s}");
        assert!(s.chars().count() <= SUMMARY_MAX_CHARS);
        // A word ending exactly at the cut is kept whole.
        let exact = format!("{} {}", "a".repeat(SUMMARY_MAX_CHARS - 2), "b".repeat(10));
        assert_eq!(
            summarize(&exact),
            format!("{}…", "a".repeat(SUMMARY_MAX_CHARS - 2))
        );
    }

    #[test]
    fn markdown_escapes_markup_only() {
        assert_eq!(md("ferritin <= 75 ng/mL"), "ferritin \\<= 75 ng/mL");
        assert_eq!(md("a*b_c[d]"), "a\\*b\\_c\\[d\\]");
        assert!(matches!(md("plain, text (R1)."), Cow::Borrowed(_)));
    }

    #[test]
    fn capitalisation_keeps_acronyms() {
        assert_eq!(capitalized("diazepam (current)"), "Diazepam (current)");
        assert_eq!(uncapitalized("A benzodiazepine"), "a benzodiazepine");
        assert_eq!(uncapitalized("RLS is"), "RLS is");
        assert_eq!(uncapitalized(""), "");
    }
}
