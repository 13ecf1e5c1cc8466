//! The knowledge the crate rests on: statement ids, references, decisions, and citations.
//!
//! Every statement of the article has an id ([`StatementId`], `DX-1` to `PF-5`), and so does
//! every safety addition the crate makes beyond the article (`SA-1` to `SA-15`). Each carries
//! its wording and its references ([`Reference`]: the article's `R1`..`R9`, the external
//! sources `E1`..`E13`). [`Decision`]s record how the crate reads the article where it is
//! ambiguous. Every entry of a [`Plan`](crate::Plan) carries [`Citations`].
//!
//! ```
//! use leg_spasm_cds::{Reference, Source, StatementId};
//! let rx1 = StatementId::Rx1;
//! assert_eq!(rx1.to_string(), "RX-1");
//! assert_eq!(rx1.source(), Source::Article);
//! assert!(rx1.references().contains(Reference::R1));
//! assert_eq!(StatementId::Sa1.source(), Source::SafetyAddition);
//! // R8 is cited by the article but missing from its reference list: it has no title.
//! assert_eq!(Reference::R8.title(), None);
//! ```

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::model::name::{NameError, named_enum};
use crate::model::set::{Set, set};

/// The id of a statement of the article (Part 1 of the spec) or of a safety addition (Part 6).
///
/// The order is the order of the spec: the article's statements, then the additions. Plans list
/// their entries in this order, so `Ord` here has a meaning.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant is its id; `text()` gives its wording
pub enum StatementId {
    #[strum(serialize = "DX-1")]
    Dx1,
    #[strum(serialize = "DX-2")]
    Dx2,
    #[strum(serialize = "DX-3")]
    Dx3,
    #[strum(serialize = "NP-1")]
    Np1,
    #[strum(serialize = "NP-2")]
    Np2,
    #[strum(serialize = "NP-3")]
    Np3,
    #[strum(serialize = "NP-4")]
    Np4,
    #[strum(serialize = "NP-5")]
    Np5,
    #[strum(serialize = "NP-6")]
    Np6,
    #[strum(serialize = "NP-7")]
    Np7,
    #[strum(serialize = "NP-8")]
    Np8,
    #[strum(serialize = "RX-1")]
    Rx1,
    #[strum(serialize = "RX-2")]
    Rx2,
    #[strum(serialize = "RX-3")]
    Rx3,
    #[strum(serialize = "RX-4")]
    Rx4,
    #[strum(serialize = "RX-5")]
    Rx5,
    #[strum(serialize = "FE-1")]
    Fe1,
    #[strum(serialize = "FE-2")]
    Fe2,
    #[strum(serialize = "AV-1")]
    Av1,
    #[strum(serialize = "AV-2")]
    Av2,
    #[strum(serialize = "AV-3")]
    Av3,
    #[strum(serialize = "MO-1")]
    Mo1,
    #[strum(serialize = "MO-2")]
    Mo2,
    #[strum(serialize = "AL-1")]
    Al1,
    #[strum(serialize = "AL-2")]
    Al2,
    #[strum(serialize = "AL-3")]
    Al3,
    #[strum(serialize = "PF-1")]
    Pf1,
    #[strum(serialize = "PF-2")]
    Pf2,
    #[strum(serialize = "PF-3")]
    Pf3,
    #[strum(serialize = "PF-4")]
    Pf4,
    #[strum(serialize = "PF-5")]
    Pf5,
    #[strum(serialize = "SA-1")]
    Sa1,
    #[strum(serialize = "SA-2")]
    Sa2,
    #[strum(serialize = "SA-3")]
    Sa3,
    #[strum(serialize = "SA-4")]
    Sa4,
    #[strum(serialize = "SA-5")]
    Sa5,
    #[strum(serialize = "SA-6")]
    Sa6,
    #[strum(serialize = "SA-7")]
    Sa7,
    #[strum(serialize = "SA-8")]
    Sa8,
    #[strum(serialize = "SA-9")]
    Sa9,
    #[strum(serialize = "SA-10")]
    Sa10,
    #[strum(serialize = "SA-11")]
    Sa11,
    #[strum(serialize = "SA-12")]
    Sa12,
    #[strum(serialize = "SA-13")]
    Sa13,
    #[strum(serialize = "SA-14")]
    Sa14,
    #[strum(serialize = "SA-15")]
    Sa15,
}
named_enum!(StatementId, "statement id");

use Reference::*;
use StatementId::*;

impl StatementId {
    /// The statement's wording: a summary of the article's sentence (the article is
    /// authoritative), or the safety addition's text.
    pub const fn text(self) -> &'static str {
        self.entry().0
    }

    /// The references the statement cites, as the spec records them.
    pub const fn references(self) -> Set<Reference> {
        self.entry().1
    }

    /// Whether the statement is the article's or one of the crate's safety additions.
    pub const fn source(self) -> Source {
        if (self as u32) < (Sa1 as u32) {
            Source::Article
        } else {
            Source::SafetyAddition
        }
    }

    /// The one table of statements: wording and references. The `match` is exhaustive, so the
    /// compiler checks that every id has an entry.
    const fn entry(self) -> (&'static str, Set<Reference>) {
        match self {
            Dx1 => (
                "Leg spasms are classified as true cramps, contractures, tetany or dystonias; idiopathic cramps are the most common type.",
                set![R2],
            ),
            Dx2 => (
                "Distinguish leg spasms from restless legs syndrome (RLS): an uncomfortable urge to move the legs that worsens at rest and in the evening.",
                set![R3, R4],
            ),
            Dx3 => (
                "RLS is recognised by four key symptoms: (a) uncomfortable sensations with an urge to move the legs, (b) worse during rest or inactivity, (c) relieved by movement, (d) worse in the evening or at night.",
                set![R3],
            ),
            Np1 => (
                "Stretching is first-line treatment: daily calf and hamstring stretching.",
                set![R5],
            ),
            Np2 => (
                "Massage of the affected muscle gives immediate relief of an acute cramp.",
                set![R6],
            ),
            Np3 => (
                "Walking or moving the affected limb during an acute cramp helps relieve it.",
                set![R6],
            ),
            Np4 => (
                "Relaxation techniques reduce muscle tension and cocontraction.",
                set![R3],
            ),
            Np5 => (
                "Compression devices may help, particularly for RLS-related leg discomfort.",
                set![R7],
            ),
            Np6 => (
                "Avoid postures that hold joints at the end of range for long (full hip, knee or ankle flexion while sitting).",
                set![R3],
            ),
            Np7 => (
                "Encourage even weight distribution in sitting, transfers, standing and walking.",
                set![R3],
            ),
            Np8 => (
                "Consider bilateral high-frequency peroneal nerve stimulation for RLS-related leg discomfort.",
                set![R4],
            ),
            Rx1 => (
                "Alpha-2-delta ligands (gabapentin, gabapentin enacarbil, pregabalin) are the first-line pharmacological treatment (efficacy, lower risk of adverse effects); strongly recommended, particularly for RLS-related spasms.",
                set![R1, R4],
            ),
            Rx2 => (
                "Cyclobenzaprine may be used for acute painful musculoskeletal conditions with muscle spasm, as an adjunct to rest and physical therapy, for short periods (up to 2-3 weeks).",
                set![R8],
            ),
            Rx3 => (
                "Tizanidine (second line) can be considered for chronic muscle spasticity, particularly after stroke.",
                set![R1],
            ),
            Rx4 => (
                "Baclofen (second line) may be used for spasticity that causes pain, poor skin hygiene or decreased function.",
                set![R1],
            ),
            Rx5 => (
                "Extended-release oxycodone and other low-dose opioids may be considered for moderate to severe cases, particularly refractory ones.",
                set![R4],
            ),
            Fe1 => (
                "Check serum iron studies, including ferritin and transferrin saturation, in RLS-related leg spasms.",
                set![R4],
            ),
            Fe2 => (
                "Consider iron supplementation if serum ferritin <= 75 ng/mL or transferrin saturation < 20 %.",
                set![R4],
            ),
            Av1 => (
                "Avoid diazepam and other benzodiazepines during stroke recovery (possible negative effects on recovery).",
                set![R1],
            ),
            Av2 => (
                "Avoid dopaminergic agents (levodopa, pramipexole, ropinirole, rotigotine) for long-term use: risk of augmentation.",
                set![R4, R1],
            ),
            Av3 => (
                "Use caution with antipsychotics that block dopamine receptors: they may worsen RLS.",
                set![R4],
            ),
            Mo1 => (
                "A patient on dopaminergic agents for RLS-related spasms is monitored for augmentation (worsening and earlier onset of symptoms).",
                set![R3, R9],
            ),
            Mo2 => (
                "In end-stage renal disease (ESRD), gabapentin is suggested as an effective option.",
                set![R1],
            ),
            Al1 => (
                "Step 1: start with non-pharmacological approaches (daily calf and hamstring stretching; massage and movement during acute cramps; proper posture and weight distribution).",
                set![R5, R6, R3],
            ),
            Al2 => (
                "Step 2, if step 1 is insufficient: check iron status if RLS is suspected and supplement if needed; start an alpha-2-delta ligand; consider cyclobenzaprine short-term for acute musculoskeletal conditions.",
                set![R4, R1, R8],
            ),
            Al3 => (
                "Step 3, refractory cases: consider second-line agents such as tizanidine or baclofen; extended-release opioids may be considered for severe cases.",
                set![R1, R4],
            ),
            Pf1 => (
                "Cyclobenzaprine only for short periods (up to 2-3 weeks): no evidence for longer use.",
                set![R8],
            ),
            Pf2 => (
                "Cyclobenzaprine is not effective for spasticity associated with cerebral or spinal cord disease.",
                set![R8],
            ),
            Pf3 => (
                "Dopaminergic agents may give short-term relief but lead to augmentation with long-term use.",
                set![R4, R9],
            ),
            Pf4 => (
                "Long-term use of over-the-counter analgesics for leg cramps can lead to adverse events.",
                set![R6],
            ),
            Pf5 => (
                "Nearly a third of patients with leg cramps search the internet for treatments and may use unproven remedies.",
                set![R6],
            ),
            Sa1 => (
                "Quinine must not be used for leg cramps: serious and life-threatening haematological reactions (thrombocytopenia, HUS/TTP) without evidence of benefit.",
                set![E1],
            ),
            Sa2 => (
                "Magnesium does not reduce idiopathic cramps in non-pregnant adults (moderate certainty).",
                set![E2],
            ),
            Sa3 => (
                "Gabapentinoids with an opioid or a benzodiazepine: risk of serious breathing difficulties.",
                set![E3],
            ),
            Sa4 => (
                "Opioid with a benzodiazepine: boxed warning (profound sedation, respiratory depression, death).",
                set![E4],
            ),
            Sa5 => (
                "Iron studies are drawn in the morning, after at least 24 h without iron supplements or iron-rich food.",
                set![E5],
            ),
            Sa6 => (
                "Gabapentin, pregabalin and gabapentin enacarbil are renally cleared: dose by creatinine clearance; gabapentin enacarbil is not recommended in patients on haemodialysis.",
                set![E6],
            ),
            Sa7 => (
                "Tizanidine is contraindicated with strong CYP1A2 inhibitors (fluvoxamine, ciprofloxacin); aminotransferases are checked at baseline and one month after the maximum dose.",
                set![E7],
            ),
            Sa8 => (
                "Cyclobenzaprine is contraindicated with MAO inhibitors (within 14 days), in the acute recovery phase of myocardial infarction, with arrhythmias, heart block or conduction disturbances, congestive heart failure, and hyperthyroidism.",
                set![E8],
            ),
            Sa9 => (
                "Baclofen must not be stopped abruptly (hallucinations, seizures); its label notes no established benefit and poor tolerability after stroke.",
                set![E9],
            ),
            Sa10 => (
                "Current RLS criteria add a fifth: the symptoms are not solely accounted for by another condition (leg cramps, myalgia, venous stasis, leg oedema, arthritis, positional discomfort, habitual foot tapping).",
                set![E10],
            ),
            Sa11 => (
                "Transferrin saturation of 45 % or more calls for an evaluation for iron overload before iron is given.",
                set![E11],
            ),
            Sa12 => (
                "Skeletal muscle relaxants (cyclobenzaprine among them) are potentially inappropriate in adults aged 65 or more (anticholinergic effects, sedation, fractures).",
                set![E12],
            ),
            Sa13 => (
                "The stretching evidence excluded pregnant women and people with neurological disease, and the article's drug advice was not written for pregnancy.",
                set![E13],
            ),
            Sa14 => (
                "Baclofen is renally cleared and accumulates in kidney failure (encephalopathy); the Beers criteria advise avoiding it in older adults with reduced kidney function.",
                set![E12],
            ),
            Sa15 => (
                "Benzodiazepines are potentially inappropriate in adults aged 65 or more: older adults are more sensitive to them (cognitive impairment, delirium, falls, fractures, motor vehicle crashes); the Beers criteria advise avoiding them.",
                set![E12],
            ),
        }
    }
}

/// Whether advice comes from the article or from the crate's safety additions (Part 6 of the
/// spec). Every plan entry says which, so a reader always sees whose advice it is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Source {
    /// The article "Recommended Treatments for Leg Spasms" (2025-10-31).
    Article,
    /// A safety addition of the crate, from a source outside the article. Additions only warn,
    /// restrict, contraindicate or ask for monitoring; they never add a treatment.
    SafetyAddition,
}
named_enum!(Source, "source");

impl Source {
    /// Human wording: `article` or `safety addition`.
    pub const fn label(self) -> &'static str {
        match self {
            Source::Article => "article",
            Source::SafetyAddition => "safety addition",
        }
    }
}

/// A reference: `R1`..`R9` as the article numbers them, `E1`..`E13` for the sources of the
/// safety additions.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant is its id; `title()` and `source()` describe it
pub enum Reference {
    R1,
    R2,
    R3,
    R4,
    R5,
    R6,
    R7,
    R8,
    R9,
    E1,
    E2,
    E3,
    E4,
    E5,
    E6,
    E7,
    E8,
    E9,
    E10,
    E11,
    E12,
    E13,
}
named_enum!(Reference, "reference");

/// What kind of source a [`Reference`] is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum ReferenceKind {
    /// A guideline, as the article labels it.
    Guideline,
    /// Research, as the article labels it.
    Research,
    /// Cited by the article but missing from its reference list: nothing more is known.
    Unlisted,
    /// A source outside the article, behind a safety addition.
    External,
}
named_enum!(ReferenceKind, "reference kind");

impl Reference {
    /// The title, where one is known. `None` for `R8` and `R9`, which the article cites but
    /// does not list (their titles are never invented), and for the external sources, whose
    /// full citation is [`Reference::source`].
    pub const fn title(self) -> Option<&'static str> {
        match self.entry() {
            (Some(title), _, _) => Some(title),
            _ => None,
        }
    }

    /// The source as the article or the spec gives it (journal or publisher and year, or the
    /// full citation of an external source).
    pub const fn source(self) -> &'static str {
        self.entry().1
    }

    /// The kind of source.
    pub const fn kind(self) -> ReferenceKind {
        self.entry().2
    }

    const fn entry(self) -> (Option<&'static str>, &'static str, ReferenceKind) {
        use ReferenceKind::*;
        match self {
            R1 => (
                Some("Management of Leg Muscle Spasms"),
                "Praxis Medical Insights: Practical Summaries of Clinical Guidelines, 2025",
                Guideline,
            ),
            R2 => (
                Some("Leg cramps: differential diagnosis and management"),
                "American Family Physician, 1995",
                Research,
            ),
            R3 => (
                Some("Guideline Directed Topic Overview"),
                "Dr.Oracle Medical Advisory Board & Editors, 2025",
                Guideline,
            ),
            R4 => (
                Some("Management of Restless Legs Syndrome (RLS)"),
                "Praxis Medical Insights, 2025",
                Guideline,
            ),
            R5 => (
                Some("Non-drug therapies for the secondary prevention of lower limb muscle cramps"),
                "Cochrane Database of Systematic Reviews, 2021",
                Research,
            ),
            R6 => (
                Some("Patient-Reported Leg Cramp Treatments and Their Effectiveness"),
                "Journal of the American Board of Family Medicine, 2024",
                Research,
            ),
            R7 => (
                Some("Restless Legs Syndrome Treatment Guidelines"),
                "Praxis Medical Insights, 2025",
                Guideline,
            ),
            R8 => (
                None,
                "cited by the article (cyclobenzaprine statements) but missing from its reference list",
                Unlisted,
            ),
            R9 => (
                None,
                "cited by the article (augmentation statements) but missing from its reference list",
                Unlisted,
            ),
            E1 => (
                None,
                "US prescribing information for quinine sulfate (Qualaquin), boxed warning; FDA Drug Safety Communication, 8 July 2010 (\"should not be used for night time leg cramps\"); 21 CFR 310.546",
                External,
            ),
            E2 => (
                None,
                "Garrison SR et al. Magnesium for skeletal muscle cramps. Cochrane Database of Systematic Reviews 2020, CD009402.pub3",
                External,
            ),
            E3 => (
                None,
                "FDA Drug Safety Communication, 19 December 2019: serious breathing difficulties with gabapentin and pregabalin taken with opioids or other CNS depressants",
                External,
            ),
            E4 => (
                None,
                "FDA Drug Safety Communication, 31 August 2016: boxed warning on combined use of opioids and benzodiazepines",
                External,
            ),
            E5 => (
                None,
                "Winkelman JW et al. Treatment of restless legs syndrome and periodic limb movement disorder: an AASM clinical practice guideline. J Clin Sleep Med 2025;21(1):137-152",
                External,
            ),
            E6 => (
                None,
                "US prescribing information for gabapentin, pregabalin and gabapentin enacarbil (Horizant): dosing in renal impairment",
                External,
            ),
            E7 => (
                None,
                "US prescribing information for tizanidine: contraindications and hepatotoxicity monitoring",
                External,
            ),
            E8 => (
                None,
                "US prescribing information for cyclobenzaprine: contraindications",
                External,
            ),
            E9 => (
                None,
                "US prescribing information for baclofen tablets: abrupt discontinuation; use in stroke",
                External,
            ),
            E10 => (
                None,
                "Allen RP et al. IRLSSG consensus diagnostic criteria for restless legs syndrome. Sleep Med 2014;15:860-873",
                External,
            ),
            E11 => (
                None,
                "Allen RP et al. Evidence-based and consensus guideline for iron treatment of RLS (IRLSSG). Sleep Med 2018;41:27-44",
                External,
            ),
            E12 => (
                None,
                "American Geriatrics Society 2023 Updated Beers Criteria. J Am Geriatr Soc 2023, doi 10.1111/jgs.18372",
                External,
            ),
            E13 => (
                None,
                "Hawke F et al. Non-drug therapies for the secondary prevention of lower limb muscle cramps. Cochrane 2021, CD008496.pub3 (trials excluded pregnant women and people with neurological disease)",
                External,
            ),
        }
    }
}

/// A decision the crate took where the article is ambiguous (Part 3 of the spec).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Display,
    IntoStaticStr,
    EnumIter,
    VariantNames,
    VariantArray,
    EnumCount,
    EnumString,
)]
#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant is its id; `text()` gives its wording
pub enum Decision {
    #[strum(serialize = "DEC-1")]
    Dec1,
    #[strum(serialize = "DEC-2")]
    Dec2,
    #[strum(serialize = "DEC-3")]
    Dec3,
    #[strum(serialize = "DEC-4")]
    Dec4,
    #[strum(serialize = "DEC-5")]
    Dec5,
    #[strum(serialize = "DEC-6")]
    Dec6,
    #[strum(serialize = "DEC-7")]
    Dec7,
    #[strum(serialize = "DEC-8")]
    Dec8,
    #[strum(serialize = "DEC-9")]
    Dec9,
    #[strum(serialize = "DEC-10")]
    Dec10,
    #[strum(serialize = "DEC-11")]
    Dec11,
    #[strum(serialize = "DEC-12")]
    Dec12,
    #[strum(serialize = "DEC-13")]
    Dec13,
    #[strum(serialize = "DEC-14")]
    Dec14,
    #[strum(serialize = "DEC-15")]
    Dec15,
    #[strum(serialize = "DEC-16")]
    Dec16,
}
named_enum!(Decision, "decision");

impl Decision {
    /// The decision's wording.
    pub const fn text(self) -> &'static str {
        use Decision::*;
        match self {
            Dec1 => {
                "Specific over generic: where a statement names a presentation, it governs that presentation; the generic algorithm (AL-1..3) fills the gaps."
            }
            Dec2 => "Opioids (RX-5) only for RLS: their only citation is the RLS guideline R4.",
            Dec3 => {
                "Tizanidine and baclofen are the article's only spasticity drugs, so for spasticity they are offered at stage 2; for true cramps they come at stage 3 as AL-3 says; never for RLS or acute musculoskeletal spasm."
            }
            Dec4 => {
                "Alpha-2-delta ligands are not offered for spasticity or acute musculoskeletal spasm, which have their own statements."
            }
            Dec5 => {
                "Iron studies and supplementation (FE-1, FE-2) apply to RLS at every stage. With one lab known and meeting its threshold, supplementation is triggered; with one known and normal, the other is requested."
            }
            Dec6 => {
                "Contracture, tetany and dystonia get the classification, a note that the knowledge base holds no treatment for them and that the underlying cause needs evaluation, and no drug. A secondary true cramp gets a note that its underlying cause needs evaluation."
            }
            Dec7 => {
                "Long-term over-the-counter analgesic use means 90 days or more. For RLS, any current dopaminergic use triggers MO-1 and the AV-2 alert."
            }
            Dec8 => {
                "Cyclobenzaprine: 21 days at most, the upper end of \"2-3 weeks\". Current use of 21 days or more is not continued: the drug is not offered and PF-1's alert is raised. A use of unknown length counts as 21 days or more (an exposure of unknown length is never extended)."
            }
            Dec9 => {
                "Alert severities: where a safety addition states a severity, it governs; otherwise a benzodiazepine during stroke recovery is critical, every other alert about a drug is a warning, and counselling is info."
            }
            Dec10 => {
                "\"Recovering from a stroke\" is true when the caller says so or when the presentation is spasticity of stroke origin."
            }
            Dec11 => {
                "Alerts about a current drug never advise stopping it abruptly; they ask for a review of the drug and its indication."
            }
            Dec12 => {
                "A caution about a drug that is offered is attached to that item, not listed as an avoidance. The avoidance list holds only drugs or classes that are not offered."
            }
            Dec13 => "Where SA-7 withholds tizanidine, no other drug becomes preferred.",
            Dec14 => {
                "MO-2 does not weaken or strengthen RX-1: in end-stage renal disease the gabapentin item keeps RX-1's strength and carries MO-2's sentence as an attached note citing MO-2 and R1."
            }
            Dec15 => {
                "An entry that cites a statement or addition also cites that statement's or addition's references."
            }
            Dec16 => {
                "Unknown inputs are read on the safer side for the rule that reads them and are always said: a medicine of unknown duration counts as long-term for PF-1 and PF-4; an unknown age counts as 65 or more for SA-12 and SA-15."
            }
        }
    }
}

/// What a plan entry rests on: statement ids, the crate's decisions, and references.
///
/// Invariant INV-10 of the spec: every entry a plan holds cites at least one statement and at
/// least one reference.
///
/// # Examples
///
/// ```
/// use leg_spasm_cds::{Citations, Decision, Reference, Set, StatementId};
/// let citations = Citations::of(StatementId::Rx1)
///     .with_statements(Set::from([StatementId::Al2]))
///     .with_decisions(Set::from([Decision::Dec4]));
/// assert!(citations.statements.contains(StatementId::Al2));
/// // DEC-15: AL-2 is cited with its references (R4, R1, R8).
/// assert_eq!(citations.references, Set::from([Reference::R1, Reference::R4, Reference::R8]));
/// assert_eq!(citations.to_string(), "RX-1, AL-2; DEC-4; R1, R4, R8");
///
/// // Whether a safety addition is among the statements.
/// assert!(!citations.has_addition());
/// assert!(citations.union(Citations::of(StatementId::Sa6)).has_addition());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "What a plan entry rests on: statement ids, the crate's decisions, and references."
    )
)]
#[non_exhaustive]
pub struct Citations {
    /// Statement ids of the article (Part 1) and of the safety additions (Part 6).
    pub statements: Set<StatementId>,
    /// The crate's decisions on ambiguities (Part 3).
    #[serde(default, skip_serializing_if = "Set::is_empty")]
    pub decisions: Set<Decision>,
    /// References (`R1`..`R9`, `E1`..`E13`).
    pub references: Set<Reference>,
}

impl Citations {
    /// The citations of one statement: its id and its references.
    pub fn of(id: StatementId) -> Self {
        Citations {
            statements: Set::new().with(id),
            decisions: Set::new(),
            references: id.references(),
        }
    }

    /// Adds statement ids with their references (DEC-15: an entry that cites a statement also
    /// cites that statement's references).
    #[must_use]
    pub fn with_statements(mut self, ids: Set<StatementId>) -> Self {
        self.statements = self.statements.union(ids);
        for id in ids {
            self.references = self.references.union(id.references());
        }
        self
    }

    /// Adds decisions.
    #[must_use]
    pub fn with_decisions(mut self, decisions: Set<Decision>) -> Self {
        self.decisions = self.decisions.union(decisions);
        self
    }

    /// The union of two citations.
    #[must_use]
    pub fn union(self, other: Citations) -> Self {
        Citations {
            statements: self.statements.union(other.statements),
            decisions: self.decisions.union(other.decisions),
            references: self.references.union(other.references),
        }
    }

    /// Whether any cited statement is a safety addition.
    pub fn has_addition(&self) -> bool {
        self.statements
            .iter()
            .any(|s| s.source() == Source::SafetyAddition)
    }
}

impl std::fmt::Display for Citations {
    /// `RX-1, AL-2; DEC-4; R1, R4`: statements, then decisions (if any), then references.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.statements)?;
        if !self.decisions.is_empty() {
            write!(f, "; {}", self.decisions)?;
        }
        write!(f, "; {}", self.references)
    }
}
