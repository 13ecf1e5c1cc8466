//! The input as a list of resources: a Bundle, a list or a CDS Hooks prefetch object, read
//! by resource type, each resource with its element path; and the typed reading of one
//! resource, with the path of its error.

use serde_json::Value;

use crate::wire::path as field_path;

use super::date::CivilDate;
use super::{FhirError, MAX_DEPTH};

/// One resource of the input.
pub(super) struct Res<'v> {
    pub(super) value: &'v Value,
    pub(super) path: String,
    pub(super) full_url: Option<&'v str>,
    pub(super) kind: &'v str,
    pub(super) id: Option<&'v str>,
}

impl Res<'_> {
    pub(super) fn name(&self) -> String {
        match self.id {
            Some(id) => format!("{}/{}", self.kind, id),
            None => format!("{} (no id)", self.kind),
        }
    }
}

pub(super) fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}...", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

pub(super) fn collect<'v>(
    v: &'v Value,
    path: String,
    full_url: Option<&'v str>,
    depth: usize,
    out: &mut Vec<Res<'v>>,
) -> Result<(), FhirError> {
    if depth > MAX_DEPTH {
        return Err(FhirError::NotAResource {
            path,
            value: "nesting deeper than 8 levels".to_owned(),
        });
    }
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, format!("{path}[{i}]"), None, depth + 1, out)?;
            }
            Ok(())
        }
        Value::Object(map) => match map.get("resourceType") {
            Some(Value::String(t)) if t == "Bundle" => {
                match map.get("entry") {
                    None => {}
                    Some(Value::Array(entries)) => {
                        for (i, e) in entries.iter().enumerate() {
                            let url = e.get("fullUrl").and_then(Value::as_str);
                            match e.get("resource") {
                                Some(r) => collect(
                                    r,
                                    format!("{path}.entry[{i}].resource"),
                                    url,
                                    depth + 1,
                                    out,
                                )?,
                                None => continue,
                            }
                        }
                    }
                    Some(other) => {
                        return Err(FhirError::Malformed {
                            resource: "Bundle".to_owned(),
                            path: format!("{path}.entry"),
                            message: format!("expected an array, found {}", short(other)),
                        });
                    }
                }
                Ok(())
            }
            Some(Value::String(t)) => {
                let id = match map.get("id") {
                    None => None,
                    Some(Value::String(id)) => Some(id.as_str()),
                    Some(other) => {
                        return Err(FhirError::Malformed {
                            resource: t.clone(),
                            path: format!("{path}.id"),
                            message: format!("expected a string, found {}", short(other)),
                        });
                    }
                };
                out.push(Res {
                    value: v,
                    path,
                    full_url,
                    kind: t,
                    id,
                });
                Ok(())
            }
            Some(other) => Err(FhirError::Malformed {
                resource: "resource".to_owned(),
                path: format!("{path}.resourceType"),
                message: format!("expected a string, found {}", short(other)),
            }),
            None => {
                // A prefetch object: its values, whatever their keys.
                for (k, item) in map {
                    if !item.is_null() {
                        collect(item, format!("{path}.{k}"), None, depth + 1, out)?;
                    }
                }
                Ok(())
            }
        },
        other => Err(FhirError::NotAResource {
            path,
            value: short(other),
        }),
    }
}

pub(super) fn parse<T: serde::de::DeserializeOwned>(r: &Res<'_>) -> Result<T, FhirError> {
    // Read without tracking the path first; a resource that does not read is read again
    // with the tracking, for the element path of the error.
    T::deserialize(r.value).or_else(|_| {
        serde_path_to_error::deserialize(r.value).map_err(|e| FhirError::Malformed {
            resource: r.name(),
            path: field_path::join(&r.path, &field_path::of(e.path())),
            message: e.inner().to_string(),
        })
    })
}

pub(super) fn date(r: &Res<'_>, element: &str, text: &str) -> Result<CivilDate, FhirError> {
    text.parse().map_err(|_| FhirError::InvalidValue {
        resource: r.name(),
        path: format!("{}.{element}", r.path),
        value: format!("{text:?}"),
        reason: "is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)".to_owned(),
    })
}
