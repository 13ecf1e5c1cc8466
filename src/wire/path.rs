//! Field paths in reading errors, written one way by every reader of the crate (the patient
//! JSON, the CDS Hooks request, the FHIR resources): `labs.ferritin.value`,
//! `medications[2].days`, and `.` for the document itself. A key that is not a plain name
//! (empty, or with a character other than ASCII letters, digits and `_`) is quoted, `["a b"]`,
//! so that a path is never empty or ambiguous.

use std::fmt::Write as _;

/// The path of the document itself.
pub(crate) const DOCUMENT: &str = ".";

/// The path serde_path_to_error recorded, in the crate's form.
pub(crate) fn of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                let _ = write!(out, "[{index}]");
            }
            Segment::Map { key } | Segment::Enum { variant: key } => push_key(&mut out, key),
            Segment::Unknown => {}
        }
    }
    if out.is_empty() {
        DOCUMENT.to_owned()
    } else {
        out
    }
}

/// Appends one key: `.key` (no dot at the start), or `["key"]` when it is not a plain name.
fn push_key(out: &mut String, key: &str) {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(key);
    } else {
        let quoted = serde_json::to_string(key).unwrap_or_else(|_| format!("{key:?}"));
        let _ = write!(out, "[{quoted}]");
    }
}

/// A path inside the element at `prefix`: `join("prefix.key", "age")` is `prefix.key.age`,
/// `join("entry", "[2].id")` is `entry[2].id`, and the document of either side is the other.
pub(crate) fn join(prefix: &str, path: &str) -> String {
    match (prefix, path) {
        ("" | DOCUMENT, p) => p.to_owned(),
        (p, "" | DOCUMENT) => p.to_owned(),
        (p, q) if q.starts_with('[') => format!("{p}{q}"),
        (p, q) => format!("{p}.{q}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(json: &str) -> String {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            value: u8,
        }
        let mut de = serde_json::Deserializer::from_str(json);
        let e =
            serde_path_to_error::deserialize::<_, std::collections::BTreeMap<String, Vec<Inner>>>(
                &mut de,
            )
            .unwrap_err();
        of(e.path())
    }

    #[test]
    fn plain_keys_are_dotted_and_indexes_bracketed() {
        assert_eq!(
            path_of(r#"{"labs": [{"value": 1}, {"value": -1}]}"#),
            "labs[1].value"
        );
    }

    #[test]
    fn keys_that_are_not_plain_names_are_quoted() {
        assert_eq!(
            path_of(r#"{"a.b": [{"value": -1}]}"#),
            r#"["a.b"][0].value"#
        );
        assert_eq!(path_of(r#"{"": [{"value": -1}]}"#), r#"[""][0].value"#);
    }

    #[test]
    fn the_document_is_a_dot() {
        assert_eq!(path_of("[]"), ".");
    }

    #[test]
    fn joined_paths_have_one_separator() {
        assert_eq!(join("prefetch.p", "age"), "prefetch.p.age");
        assert_eq!(join("Bundle.entry", "[2].id"), "Bundle.entry[2].id");
        assert_eq!(join("prefetch.p", "."), "prefetch.p");
        assert_eq!(join(".", "age"), "age");
        assert_eq!(join("", "age"), "age");
    }
}
