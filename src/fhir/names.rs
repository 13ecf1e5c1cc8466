//! Drugs identified by the ingredient names in a text (knowledge spec Part 8.2): the crate's
//! own drug names, plus the class-member names of the spec's code table ("Names read for class
//! membership"), each read as its class's "other ..." entry. Names match as whole words,
//! case-insensitively, longest first; salts and esters follow the name ("oxycodone
//! hydrochloride" is oxycodone); carbidopa with levodopa is carbidopa-levodopa.

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

/// Every name read, as (words, drug), longest first (by words, then by letters).
fn table() -> Vec<(Vec<&'static str>, Option<Drug>, &'static str)> {
    let mut names: Vec<(Vec<&'static str>, Option<Drug>, &'static str)> =
        <Drug as VariantArray>::VARIANTS
            .iter()
            .filter(|d| named_by_label(**d))
            .map(|&d| (d.label().split(' ').collect(), Some(d), d.label()))
            .chain(CLASS_MEMBERS.iter().flat_map(|(d, names)| {
                names
                    .iter()
                    .map(move |n| (n.split(' ').collect(), Some(*d), *n))
            }))
            .chain(std::iter::once((vec![CARBIDOPA], None, CARBIDOPA)))
            .collect();
    names.sort_by(|a, b| {
        b.0.len()
            .cmp(&a.0.len())
            .then(b.2.len().cmp(&a.2.len()))
            .then(a.2.cmp(b.2))
    });
    names
}

/// The drugs named in a text, each with the name read, in the order of the text.
pub(crate) fn drugs_in(text: &str) -> Vec<(Drug, String)> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut taken = vec![false; words.len()];
    // (position, drug or carbidopa, name)
    let mut found: Vec<(usize, Option<Drug>, &'static str)> = Vec::new();
    for (name, drug, label) in table() {
        let n = name.len();
        if n > words.len() {
            continue;
        }
        for start in 0..=words.len() - n {
            if taken[start..start + n].iter().all(|t| !t) && words[start..start + n] == name[..] {
                taken[start..start + n].iter_mut().for_each(|t| *t = true);
                found.push((start, drug, label));
            }
        }
    }
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
