//! The request a CDS client sends (CDS Hooks 2.0, "HTTP Request"): its reading, with the
//! field path of every error, and the patient record in its prefetch.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::model::patient::{Patient, PatientError};
use crate::wire::path;

use super::PREFETCH_KEY;

/// The body of a call to a CDS service (CDS Hooks 2.0, "Calling a CDS Service").
///
/// Read it with [`CdsRequest::from_json`] (or `serde_json::from_str`): the prefetched values
/// are kept as raw JSON, which only serde_json's own readers can produce. Fields the
/// specification does not define are ignored.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CdsRequest {
    /// The hook that triggered the call, for example `patient-view`.
    pub hook: String,
    /// A UUID for this call of the hook.
    pub hook_instance: String,
    /// The base URL of the CDS client's FHIR server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub fhir_server: Option<String>,
    /// An access token to the FHIR server. This crate never uses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "FhirAuthorization"))]
    pub fhir_authorization: Option<FhirAuthorization>,
    /// The hook's context: for `patient-view`, `userId` and `patientId`; for `order-select`,
    /// also `selections` and `draftOrders`.
    pub context: Map<String, Value>,
    /// The prefetched data, by prefetch key, each value as its raw JSON text. The patient
    /// record is under [`PREFETCH_KEY`]. A key given twice is an error.
    #[cfg_attr(
        feature = "schemars",
        schemars(
            description = "The prefetched data, by prefetch key. The patient record, in the crate's JSON form (patient.json), is under \"legSpasmPatient\"."
        )
    )]
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "unique_keys"
    )]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "BTreeMap<String, Box<RawValue>>")
    )]
    pub prefetch: Option<BTreeMap<String, Box<RawValue>>>,
    /// Extensions, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "Map<String, Value>"))]
    pub extension: Option<Map<String, Value>>,
}

/// `fhirAuthorization`: an OAuth 2.0 bearer token for the CDS client's FHIR server. Its
/// `Debug` hides the token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FhirAuthorization {
    /// The access token.
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
    /// The lifetime of the token, in seconds.
    pub expires_in: u64,
    /// The scopes granted.
    pub scope: String,
    /// The OAuth 2.0 client identifier of the CDS service.
    pub subject: String,
}

impl fmt::Debug for FhirAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FhirAuthorization")
            .field("access_token", &"(hidden)")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field("subject", &self.subject)
            .finish()
    }
}

/// Reads `prefetch`, rejecting a key given twice (a map would keep the last silently).
fn unique_keys<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<String, Box<RawValue>>>, D::Error> {
    struct Unique(BTreeMap<String, Box<RawValue>>);
    impl<'de> Deserialize<'de> for Unique {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Unique;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object of prefetched data, each key once")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
                    let mut out = BTreeMap::new();
                    while let Some(key) = map.next_key::<String>()? {
                        if out.contains_key(&key) {
                            return Err(serde::de::Error::custom(format_args!(
                                "prefetch key {key:?} is given twice"
                            )));
                        }
                        let value: Box<RawValue> = map.next_value()?;
                        out.insert(key, value);
                    }
                    Ok(Unique(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    Ok(Option::<Unique>::deserialize(d)?.map(|u| u.0))
}

/// A request that cannot be answered: not a CDS Hooks request, or without a valid patient
/// record. The message names the field, as a path in the request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The body is not JSON, or a field of the request is missing or has the wrong type.
    #[error("{field}: {message}")]
    Malformed {
        /// The path where reading stopped (`.` for the document itself).
        field: String,
        /// What the reader reported.
        message: String,
    },
    /// The prefetch has no patient record under [`PREFETCH_KEY`] (absent, or `null`).
    #[error(
        "prefetch.{PREFETCH_KEY}: missing: the request must carry the patient record, in the crate's JSON form, in prefetch under \"{PREFETCH_KEY}\""
    )]
    MissingPatient,
    /// The patient record is not valid.
    #[error("prefetch.{PREFETCH_KEY}: {0}")]
    InvalidPatient(PatientError),
}

impl RequestError {
    /// The field the error is about, as a path in the request (`hookInstance`,
    /// `prefetch.legSpasmPatient.age`).
    pub fn field(&self) -> String {
        match self {
            RequestError::Malformed { field, .. } => field.clone(),
            RequestError::MissingPatient => format!("prefetch.{PREFETCH_KEY}"),
            RequestError::InvalidPatient(e) => match e.field() {
                // The patient's text as a whole (too large, not JSON).
                "input" => format!("prefetch.{PREFETCH_KEY}"),
                f => path::join(&format!("prefetch.{PREFETCH_KEY}"), f),
            },
        }
    }
}

impl CdsRequest {
    /// Reads a request; an error names the field where reading stopped.
    ///
    /// ```
    /// use leg_spasm_cds::cds_hooks::CdsRequest;
    /// let err = CdsRequest::from_json(r#"{"hook": "patient-view", "context": {}}"#).unwrap_err();
    /// assert_eq!(err.field(), ".");
    /// assert!(err.to_string().contains("missing field `hookInstance`"));
    ///
    /// let err = CdsRequest::from_json(r#"{"hook": 5}"#).unwrap_err();
    /// assert_eq!(err.field(), "hook");
    /// ```
    pub fn from_json(json: &str) -> Result<CdsRequest, RequestError> {
        let mut de = serde_json::Deserializer::from_str(json);
        let request: CdsRequest =
            serde_path_to_error::deserialize(&mut de).map_err(|e| RequestError::Malformed {
                field: path::of(e.path()),
                message: e.into_inner().to_string(),
            })?;
        de.end().map_err(|e| RequestError::Malformed {
            field: path::DOCUMENT.to_owned(),
            message: e.to_string(),
        })?;
        Ok(request)
    }

    /// The patient record in the prefetch, under [`PREFETCH_KEY`], read and validated by
    /// [`Patient::from_json`].
    ///
    /// ```
    /// use leg_spasm_cds::cds_hooks::{CdsRequest, RequestError};
    /// let request = CdsRequest::from_json(r#"{
    ///     "hook": "patient-view", "hookInstance": "1", "context": {},
    ///     "prefetch": {"legSpasmPatient": {
    ///         "presentation": {"kind": "restless_legs"}, "stage": "nothing_tried",
    ///         "severity": "mild", "age": 131, "conditions": [], "medications": []
    ///     }}
    /// }"#)?;
    /// let err = request.patient().unwrap_err();
    /// assert_eq!(err.field(), "prefetch.legSpasmPatient.age");
    /// assert_eq!(
    ///     err.to_string(),
    ///     "prefetch.legSpasmPatient: age: age 131 is above the maximum of 130 years"
    /// );
    /// # Ok::<(), RequestError>(())
    /// ```
    pub fn patient(&self) -> Result<Patient, RequestError> {
        let record = self
            .prefetch
            .as_ref()
            .and_then(|p| p.get(PREFETCH_KEY))
            .filter(|r| r.get() != "null")
            .ok_or(RequestError::MissingPatient)?;
        Patient::from_json(record.get()).map_err(RequestError::InvalidPatient)
    }
}
