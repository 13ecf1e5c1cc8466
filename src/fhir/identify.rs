//! The identification of a medicine from its coded concept: verified ingredient codes first,
//! then ingredient names (Part 8.2).

use crate::codes::{self, CodeSystem};
use crate::model::drug::Drug;
use crate::model::record::RecordCoding;

use super::{MedicationConcept, model, names};

pub(super) fn concept(cc: &model::CodeableConcept) -> MedicationConcept {
    MedicationConcept {
        text: cc.text.clone(),
        codings: cc
            .coding
            .iter()
            .map(|c| RecordCoding {
                system: c.system.clone(),
                code: c.code.clone(),
                display: c.display.clone(),
            })
            .collect(),
    }
}

pub(super) fn is(system: &Option<String>, s: CodeSystem) -> bool {
    system.as_deref() == Some(s.uri())
}

/// The drugs of a CodeableConcept by the reader's own rules (1) and (2) of Part 8.2, each
/// with what it was read as.
pub(super) fn identify(cc: &model::CodeableConcept) -> Vec<(Drug, String)> {
    // (1) RxNorm ingredient codes of codes.md.
    let rx: Vec<&str> = cc
        .coding
        .iter()
        .filter(|c| is(&c.system, CodeSystem::RxNorm))
        .filter_map(|c| c.code.as_deref())
        .collect();
    let mut out: Vec<(Drug, String)> = Vec::new();
    if let Some(d) = codes::drug_from_rxnorm_ingredients(&rx).filter(|_| rx.len() > 1) {
        out.push((d, format!("RxNorm {}", rx.join(" + "))));
    } else {
        for code in &rx {
            if let Some(d) = codes::drug_from_rxnorm(code)
                && !out.iter().any(|(x, _)| *x == d)
            {
                out.push((d, format!("RxNorm {code}")));
            }
        }
    }
    if !out.is_empty() {
        return out;
    }
    // (2) Ingredient names in the RxNorm displays and the text.
    let texts = cc
        .coding
        .iter()
        .filter(|c| is(&c.system, CodeSystem::RxNorm))
        .filter_map(|c| c.display.as_deref())
        .chain(cc.text.as_deref());
    for text in texts {
        for (d, name) in names::drugs_in(text) {
            if !out.iter().any(|(x, _)| *x == d) {
                out.push((d, name));
            }
        }
    }
    out
}
