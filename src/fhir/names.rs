//! Drugs identified by the ingredient names in a text (knowledge spec Part 8.2): the crate's
//! own drug names, plus the class-member names of the spec's code table ("Names read for class
//! membership"), each read as its class's "other ..." entry. Names match as whole words,
//! case-insensitively, longest first; salts and esters follow the name ("oxycodone
//! hydrochloride" is oxycodone); carbidopa with levodopa is carbidopa-levodopa.

use std::collections::HashMap;
use std::sync::LazyLock;

use strum::VariantArray;

use crate::model::drug::Drug;

/// The class-member names of the spec's code table, each with the crate's entry it reads as.
/// No code is attached to them.
const CLASS_MEMBERS: &[(Drug, &[&str])] = &[
    (
        Drug::OtherOpioid,
        &[
            "morphine",
            "hydromorphone",
            "hydrocodone",
            "oxymorphone",
            "fentanyl",
            "methadone",
            "tramadol",
            "tapentadol",
            "codeine",
            "buprenorphine",
            "meperidine",
        ],
    ),
    (
        Drug::OtherBenzodiazepine,
        &[
            "temazepam",
            "chlordiazepoxide",
            "clorazepate",
            "midazolam",
            "triazolam",
            "oxazepam",
            "estazolam",
            "flurazepam",
            "quazepam",
            "clobazam",
        ],
    ),
    (
        Drug::OtherDopaminergicAgent,
        &["apomorphine", "bromocriptine", "cabergoline"],
    ),
    (
        Drug::OtherDopamineBlockingAntipsychotic,
        &[
            "chlorpromazine",
            "fluphenazine",
            "perphenazine",
            "prochlorperazine",
            "thioridazine",
            "trifluoperazine",
            "thiothixene",
            "loxapine",
            "pimozide",
            "ziprasidone",
            "paliperidone",
            "lurasidone",
            "asenapine",
            "iloperidone",
            "quetiapine",
            "clozapine",
        ],
    ),
    (
        Drug::OtherMaoInhibitor,
        &["rasagiline", "safinamide", "moclobemide"],
    ),
    (
        Drug::OtherIronProduct,
        &[
            "ferrous gluconate",
            "ferrous fumarate",
            "iron dextran",
            "ferumoxytol",
            "ferric derisomaltose",
            "sodium ferric gluconate",
            "ferric citrate",
            "polysaccharide iron complex",
        ],
    ),
    (
        Drug::Magnesium,
        &[
            "magnesium citrate",
            "magnesium hydroxide",
            "magnesium sulfate",
            "magnesium chloride",
            "magnesium lactate",
            "magnesium gluconate",
        ],
    ),
];

/// Carbidopa: a drug of the crate only with levodopa.
const CARBIDOPA: &str = "carbidopa";

/// Whether the drug's label is an ingredient name (not an "other ..." entry or a combination).
const fn named_by_label(drug: Drug) -> bool {
    !matches!(
        drug,
        Drug::OtherOpioid
            | Drug::OtherBenzodiazepine
            | Drug::OtherDopaminergicAgent
            | Drug::OtherDopamineBlockingAntipsychotic
            | Drug::OtherIronProduct
            | Drug::OtherOtcAnalgesic
            | Drug::OtherMaoInhibitor
            | Drug::Magnesium
            | Drug::CarbidopaLevodopa
    )
}

/// A name read: its words, the drug it reads as (`None` for carbidopa alone), and the name.
struct Name {
    words: Vec<&'static str>,
    drug: Option<Drug>,
    label: &'static str,
}

/// Every name read, longest first (by words, then by letters), with an index from each first
/// word to the names it starts, in table order. Built once.
struct Table {
    names: Vec<Name>,
    by_first_word: HashMap<&'static str, Vec<usize>>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut names: Vec<Name> = <Drug as VariantArray>::VARIANTS
        .iter()
        .filter(|d| named_by_label(**d))
        .map(|&d| (Some(d), d.label()))
        .chain(
            CLASS_MEMBERS
                .iter()
                .flat_map(|(d, names)| names.iter().map(move |n| (Some(*d), *n))),
        )
        .chain(std::iter::once((None, CARBIDOPA)))
        .map(|(drug, label)| Name {
            words: label.split(' ').collect(),
            drug,
            label,
        })
        .collect();
    names.sort_by(|a, b| {
        b.words
            .len()
            .cmp(&a.words.len())
            .then(b.label.len().cmp(&a.label.len()))
            .then(a.label.cmp(b.label))
    });
    let mut by_first_word: HashMap<&'static str, Vec<usize>> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        by_first_word.entry(name.words[0]).or_default().push(i);
    }
    Table {
        names,
        by_first_word,
    }
});

/// The drugs named in a text, each with the name read, in the order of the text.
pub(crate) fn drugs_in(text: &str) -> Vec<(Drug, String)> {
    let table = &*TABLE;
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // Only the names whose first word is in the text can match: tried in table order, which
    // is what makes the longest name win.
    let mut candidates: Vec<usize> = words
        .iter()
        .filter_map(|w| table.by_first_word.get(w))
        .flatten()
        .copied()
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut taken = vec![false; words.len()];
    // (position, drug or carbidopa, name)
    let mut found: Vec<(usize, Option<Drug>, &'static str)> = Vec::new();
    for name in candidates.iter().map(|&i| &table.names[i]) {
        let n = name.words.len();
        if n > words.len() {
            continue;
        }
        for start in 0..=words.len() - n {
            if taken[start..start + n].iter().all(|t| !t)
                && words[start..start + n] == name.words[..]
            {
                taken[start..start + n].iter_mut().for_each(|t| *t = true);
                found.push((start, name.drug, name.label));
            }
        }
    }
    in_text_order(found)
}

/// The names found (position, drug or carbidopa, name) as drugs in the order of the text,
/// each once, with the name read.
fn in_text_order(mut found: Vec<(usize, Option<Drug>, &'static str)>) -> Vec<(Drug, String)> {
    found.sort_by_key(|f| f.0);
    let carbidopa = found.iter().any(|f| f.1.is_none());
    let mut out: Vec<(Drug, String)> = Vec::new();
    for (_, drug, label) in found {
        let (drug, read) = match drug {
            // Carbidopa alone is not a drug of the crate; with levodopa it is carbidopa-levodopa.
            None => continue,
            Some(Drug::Levodopa) if carbidopa => {
                (Drug::CarbidopaLevodopa, format!("{CARBIDOPA} / {label}"))
            }
            Some(d) => (d, label.to_owned()),
        };
        if !out.iter().any(|(d, _)| *d == drug) {
            out.push((drug, read));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drugs(text: &str) -> Vec<Drug> {
        drugs_in(text).into_iter().map(|(d, _)| d).collect()
    }

    /// The reading without the first-word index: every name of the table tried at every
    /// position, in table order.
    fn every_name_tried(text: &str) -> Vec<(Drug, String)> {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut taken = vec![false; words.len()];
        let mut found: Vec<(usize, Option<Drug>, &'static str)> = Vec::new();
        for name in &TABLE.names {
            let n = name.words.len();
            for start in 0..(words.len() + 1).saturating_sub(n) {
                if taken[start..start + n].iter().all(|t| !t)
                    && words[start..start + n] == name.words[..]
                {
                    taken[start..start + n].iter_mut().for_each(|t| *t = true);
                    found.push((start, name.drug, name.label));
                }
            }
        }
        // The same ordering of what was found: the index is what differs.
        in_text_order(found)
    }

    #[test]
    fn the_index_reads_as_every_name_tried() {
        // Every name, and every pair of names, with the words of one run into the other's.
        let labels: Vec<&str> = TABLE.names.iter().map(|n| n.label).collect();
        for a in &labels {
            assert_eq!(drugs_in(a), every_name_tried(a), "{a}");
            for b in &labels {
                let text = format!("{a} / {b} {a}");
                assert_eq!(drugs_in(&text), every_name_tried(&text), "{text}");
                let joined = format!("{} {b}", a.split(' ').next().unwrap_or(a));
                assert_eq!(drugs_in(&joined), every_name_tried(&joined), "{joined}");
            }
        }
    }

    #[test]
    fn whole_words_longest_first() {
        assert_eq!(
            drugs("Gabapentin Enacarbil 600 MG"),
            [Drug::GabapentinEnacarbil]
        );
        assert_eq!(drugs("gabapentin 300 MG Oral Capsule"), [Drug::Gabapentin]);
        assert_eq!(drugs("gabapentinoid"), []);
        assert_eq!(
            drugs("acetaminophen 325 MG / oxycodone hydrochloride 5 MG Oral Tablet [Percocet]"),
            [Drug::Acetaminophen, Drug::Oxycodone]
        );
        assert_eq!(
            drugs("carbidopa 25 MG / levodopa 100 MG"),
            [Drug::CarbidopaLevodopa]
        );
        assert_eq!(drugs("carbidopa / levodopa"), [Drug::CarbidopaLevodopa]);
        assert_eq!(drugs("carbidopa 25 MG Oral Tablet"), []);
        assert_eq!(
            drugs("hydromorphone hydrochloride 2 MG"),
            [Drug::OtherOpioid]
        );
        assert_eq!(
            drugs("sodium ferric gluconate complex"),
            [Drug::OtherIronProduct]
        );
        assert_eq!(drugs("magnesium oxide 400 MG"), [Drug::MagnesiumOxide]);
        assert_eq!(drugs("magnesium citrate"), [Drug::Magnesium]);
        assert_eq!(drugs("Lyrica"), []);
    }
}
