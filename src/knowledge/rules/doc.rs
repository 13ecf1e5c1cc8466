//! The rule table as a Markdown document for clinicians: [`decision_table`].

use std::fmt::Write as _;

use strum::VariantArray;

use super::{Output, Rule, table};
use crate::knowledge::evidence::{Decision, Reference, ReferenceKind, Source, StatementId};
use crate::knowledge::{ARTICLE_DATE, ARTICLE_REVIEW_STATUS, ARTICLE_TITLE, KNOWLEDGE_VERSION};
use crate::model::patient::{PresentationKind, Stage};
use crate::model::set::Set;

/// The crate's rule table as a Markdown document a clinician can read without reading code.
///
/// A header (the article, its date and review status, the knowledge version), a legend, then
/// every rule in the order of its statement id: its words, whether it is the article's or a
/// safety addition, its references and decisions, and one table row per effect (where and when
/// it applies, its condition, what it produces and with which severity). Then the decisions
/// and the references. The document is generated from the table itself, so it cannot drift
/// from what [`recommend`](crate::recommend) does; `cargo run --example decision_table` writes
/// it to `docs/decision-table.md`.
///
/// ```
/// let markdown = leg_spasm_cds::rules::decision_table();
/// assert!(markdown.starts_with("# Decision table"));
/// assert!(markdown.contains("\n### RX-1\n"));
/// assert!(markdown.contains("\n### SA-14\n"));
/// assert!(markdown.contains("| DEC-13 |"));
/// ```
pub fn decision_table() -> String {
    let mut out = String::new();
    header(&mut out);
    legend(&mut out);
    section(&mut out, Source::Article);
    section(&mut out, Source::SafetyAddition);
    decisions(&mut out);
    references(&mut out);
    out
}

// `write!` into a `String` cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {
        let _ = write!($out, $($arg)*);
    };
}
macro_rules! wl {
    ($out:expr) => {
        $out.push('\n');
    };
    ($out:expr, $($arg:tt)*) => {
        let _ = writeln!($out, $($arg)*);
    };
}

/// Text for a table cell: a `|` would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn header(out: &mut String) {
    let rules = table();
    let article = rules
        .iter()
        .filter(|r| r.id.source() == Source::Article)
        .count();
    wl!(out, "# Decision table: treatment of leg spasms");
    wl!(out);
    wl!(
        out,
        "Generated from the rule table of the crate `leg-spasm-cds` by `cargo run --example decision_table`. Do not edit it by hand: change the rules and regenerate it."
    );
    wl!(out);
    wl!(out, "| | |");
    wl!(out, "|---|---|");
    wl!(out, "| Article | {} |", cell(ARTICLE_TITLE));
    wl!(out, "| Last updated | {ARTICLE_DATE} |");
    wl!(out, "| Review status | {ARTICLE_REVIEW_STATUS} |");
    wl!(out, "| Knowledge version | {KNOWLEDGE_VERSION} |");
    wl!(
        out,
        "| Rules | {}: {article} statements of the article, {} safety additions |",
        rules.len(),
        rules.len() - article
    );
    wl!(out);
    wl!(
        out,
        "This is decision support for a clinician, built from an article that is pending human review. It does not replace clinical judgement, and it gives no doses."
    );
    wl!(out);
}

fn legend(out: &mut String) {
    let presentations: Vec<String> = <PresentationKind as VariantArray>::VARIANTS
        .iter()
        .map(|&p| format!("{} {}", p.abbreviation(), presentation_words(p)))
        .collect();
    let stages: Vec<String> = <Stage as VariantArray>::VARIANTS
        .iter()
        .map(|s| s.label().to_owned())
        .collect();
    wl!(out, "## How to read this table");
    wl!(out);
    wl!(
        out,
        "Each rule implements one statement of the article (DX diagnosis, NP non-drug measures, RX drugs, FE iron, AV avoidance, MO monitoring, AL the stepwise algorithm, PF pitfalls) or one safety addition (SA) that the crate adds from sources outside the article. A rule has one row per thing it can add to a plan."
    );
    wl!(out);
    wl!(
        out,
        "- **Applies to**: the presentations: {}. \"All\" means all five. A patient has one presentation.",
        presentations.join("; ")
    );
    wl!(
        out,
        "- **Stages**: the treatment stage reported from the history ({}). A row applies from its first stage on: a later stage keeps everything of the earlier ones.",
        stages.join("; ")
    );
    wl!(
        out,
        "- **Condition**: what must also hold for the patient, or for the plan being built. Drugs are offered first; contraindications then withdraw offered drugs; cautions, avoidances, alerts, monitoring and notes come last, so \"the plan offers\" means after the contraindications."
    );
    wl!(out, "- **Produces**:");
    wl!(
        out,
        "  - *Item in step N*: something to do, in step 1 (non-drug measures), step 2 (if step 1 is insufficient; the iron work-up at every stage) or step 3 (refractory cases). In brackets, the article's tier (first-line, adjunct, second-line, additional; none for iron) and its strength wording (strongly recommended, recommended, suggested, can be considered, may be considered, may be used, may help); in quotes, the item's words."
    );
    wl!(
        out,
        "  - *Worded*, *marked preferred*, *maximum duration*: changes to an item offered by another row."
    );
    wl!(
        out,
        "  - *Avoidance list*: a drug or class not to give: to avoid, contraindicated, not effective, or use with caution. It holds only what is not offered."
    );
    wl!(
        out,
        "  - *Where a drug would otherwise be offered*: a contraindication. The drug is not offered and goes on the avoidance list."
    );
    wl!(
        out,
        "  - *Caution* or *instruction*: attached to the offered item it concerns, not listed apart."
    );
    wl!(
        out,
        "  - *Alert*: about a drug the patient takes (current), the plan offers, or the plan withheld. Alerts ask for a review of the drug and its indication; they never advise stopping a drug abruptly."
    );
    wl!(
        out,
        "  - *Monitoring* and *Note*: what to watch, and information for the clinician. Notes never change the treatment."
    );
    wl!(
        out,
        "- **Severity**: info, warning or critical (most urgent). Alerts are listed critical first."
    );
    wl!(
        out,
        "- **Also cites**: further statements the entry cites (the algorithm step, say) and the decisions (DEC-n) it rests on. Every entry also cites its own statement and that statement's references."
    );
    wl!(
        out,
        "- **Source**: the article, or a safety addition. Safety additions may warn, restrict, contraindicate or ask for monitoring; they never add a treatment."
    );
    wl!(
        out,
        "- **References**: R1 to R9 are the article's (R8 and R9 are cited by the article but missing from its reference list); E1 to E13 are the sources of the safety additions. See the lists at the end."
    );
    wl!(out);
}

/// A presentation with its subtypes, for the legend.
const fn presentation_words(kind: PresentationKind) -> &'static str {
    match kind {
        PresentationKind::TrueCramp => "true cramp (idiopathic or secondary)",
        PresentationKind::RestlessLegs => "restless-legs-related leg discomfort",
        PresentationKind::Spasticity => {
            "chronic spasticity (origin: stroke, spinal cord disease or injury, other cerebral disease, other or unknown)"
        }
        PresentationKind::AcuteMusculoskeletal => {
            "acute painful musculoskeletal condition with muscle spasm"
        }
        PresentationKind::OutOfScope => {
            "contracture, tetany or dystonia (classified; the article gives no treatment)"
        }
    }
}

fn section(out: &mut String, source: Source) {
    match source {
        Source::Article => {
            wl!(out, "## Statements of the article");
        }
        Source::SafetyAddition => {
            wl!(out, "## Safety additions");
            wl!(out);
            wl!(
                out,
                "From sources outside the article (E1 to E13). They may warn, restrict, contraindicate or ask for monitoring; they never add a treatment. Every plan marks them as coming from outside the article."
            );
        }
    }
    wl!(out);
    for rule in table().iter().filter(|r| r.id.source() == source) {
        rule_section(out, rule);
    }
}

fn rule_section(out: &mut String, rule: &Rule) {
    let id = rule.id;
    wl!(out, "### {id}");
    wl!(out);
    wl!(out, "> {}", id.text());
    wl!(out);
    let source = match id.source() {
        Source::Article => "statement of the article",
        Source::SafetyAddition => "safety addition (from outside the article)",
    };
    wl!(out, "- Source: {source}");
    let refs: Vec<String> = id.references().iter().map(reference_line).collect();
    wl!(out, "- References: {}", refs.join("; "));
    let decisions = rule_decisions(rule);
    if !decisions.is_empty() {
        wl!(out, "- Decisions: {decisions}");
    }
    wl!(out);
    wl!(
        out,
        "| Applies to | Stages | Condition | Produces | Severity | Also cites |"
    );
    wl!(out, "|---|---|---|---|---|---|");
    for effect in rule.effects {
        let produces = match effect.then {
            Output::Algorithm => {
                let citing = citing(id);
                if citing.is_empty() {
                    format!("{:#}", effect.then)
                } else {
                    format!("{:#}. Cited by the items of: {citing}", effect.then)
                }
            }
            then => format!("{then:#}"),
        };
        let severity = effect
            .then
            .severity()
            .map(|s| s.to_string())
            .unwrap_or_default();
        let mut also = Vec::new();
        if !effect.also_cites.is_empty() {
            also.push(effect.also_cites.to_string());
        }
        if !effect.decisions.is_empty() {
            also.push(effect.decisions.to_string());
        }
        wl!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            applies_to(effect.scope),
            stages(effect.from),
            cell(&effect.when.to_string()),
            cell(&produces),
            severity,
            also.join("; ")
        );
    }
    wl!(out);
}

/// The decisions a rule rests on: its own and those of its effects.
fn rule_decisions(rule: &Rule) -> Set<Decision> {
    rule.effects
        .iter()
        .fold(rule.decisions, |acc, e| acc.union(e.decisions))
}

/// The rules with an effect that cites `id` beside its own statement.
fn citing(id: StatementId) -> Set<StatementId> {
    table()
        .iter()
        .filter(|r| r.effects.iter().any(|e| e.also_cites.contains(id)))
        .map(|r| r.id)
        .collect()
}

fn applies_to(scope: Set<PresentationKind>) -> String {
    if scope == Set::all() {
        return "All".to_owned();
    }
    scope
        .iter()
        .map(PresentationKind::abbreviation)
        .collect::<Vec<_>>()
        .join(", ")
}

fn stages(from: Stage) -> String {
    <Stage as VariantArray>::VARIANTS
        .iter()
        .filter(|s| **s >= from)
        .map(|s| s.short())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `R2: Leg cramps: differential diagnosis and management (American Family Physician, 1995)`.
fn reference_line(reference: Reference) -> String {
    match reference.title() {
        Some(title) => format!("{reference}: {title} ({})", reference.source()),
        None => format!("{reference}: {}", reference.source()),
    }
}

fn decisions(out: &mut String) {
    wl!(out, "## Decisions");
    wl!(out);
    wl!(
        out,
        "How the crate reads the article where it is ambiguous. \"Used by\" lists the rules that rest on each decision."
    );
    wl!(out);
    wl!(out, "| Decision | Text | Used by |");
    wl!(out, "|---|---|---|");
    for &decision in <Decision as VariantArray>::VARIANTS {
        let users: Set<StatementId> = table()
            .iter()
            .filter(|r| rule_decisions(r).contains(decision))
            .map(|r| r.id)
            .collect();
        wl!(
            out,
            "| {decision} | {} | {} |",
            cell(decision.text()),
            if users.is_empty() {
                "the table as a whole (no single rule)".to_owned()
            } else {
                users.to_string()
            }
        );
    }
    wl!(out);
}

fn references(out: &mut String) {
    wl!(out, "## References");
    wl!(out);
    wl!(
        out,
        "R1 to R9 as the article numbers them; E1 to E13 are the sources of the safety additions. Titles are never invented: R8 and R9 are cited by the article but missing from its reference list."
    );
    wl!(out);
    wl!(out, "| Reference | Title | Source | Kind | Cited by |");
    wl!(out, "|---|---|---|---|---|");
    for &reference in <Reference as VariantArray>::VARIANTS {
        let kind = match reference.kind() {
            ReferenceKind::Guideline => "guideline",
            ReferenceKind::Research => "research",
            ReferenceKind::Unlisted => "cited by the article, not listed",
            ReferenceKind::External => "outside the article (safety additions)",
        };
        let cited_by: Set<StatementId> = <StatementId as VariantArray>::VARIANTS
            .iter()
            .copied()
            .filter(|s| s.references().contains(reference))
            .collect();
        w!(out, "| {reference} | ");
        w!(out, "{}", cell(reference.title().unwrap_or("")));
        wl!(
            out,
            " | {} | {kind} | {cited_by} |",
            cell(reference.source())
        );
    }
}
