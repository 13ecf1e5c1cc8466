//! A CDS Hooks 2.0 service for the leg spasm knowledge (knowledge spec Part 8.3): the
//! medication check of a FHIR record as cards on `patient-view`, `order-select` and
//! `order-sign`, and the treatment plan when the request carries the clinician's assessment.
//!
//! # Endpoints
//!
//! - `GET /cds-services`: discovery, one service per hook, each with its own id
//!   ([`SERVICES`]) and FHIR prefetch templates ([`PREFETCH`]) for the patient in context.
//! - `POST /cds-services/{id}`: a CDS Hooks request for that service's hook.
//! - `POST /cds-services/{id}/feedback`: CDS Hooks feedback about the cards (logged without
//!   patient data; `200` with an empty object).
//!
//! # What a request gives
//!
//! The prefetched resources are read with the library's FHIR reader, by resource type (the
//! keys only say what was asked for), as of [`Config::as_of`] or today's UTC date. A resource
//! of another patient than `context.patientId` is refused (400). On `order-select` and
//! `order-sign`, every MedicationRequest of `context.draftOrders` is a drafted drug. The cards:
//!
//! 1. one per alert of the medication check, those about the selected orders
//!    (`context.selections`) first, then by urgency;
//! 2. the statement about medicines that could not be identified, when there are any;
//! 3. the check's monitoring, and the rules it could not decide (unless a plan is made, which
//!    decides them), one card each;
//! 4. the treatment plan's cards when the request's `extension` holds the clinician's
//!    assessment under [`cards::ASSESSMENT_EXTENSION`] (`presentation` as in the library's
//!    patient JSON, `stage`, `severity`), else one info card saying how to send it.
//!
//! A prefetch key that is absent is fetched from the request's `fhirServer` with its
//! `fhirAuthorization` bearer token; without them the answer is 412.
//!
//! # Errors
//!
//! Every error is a JSON body `{"error": MESSAGE}`, with `"field"` where a field of the request
//! is at fault: 400 (not a CDS Hooks request, another hook than the service's, no
//! `context.patientId`, FHIR input the reader refuses, another patient's resources, a malformed
//! assessment or feedback), 401 (a missing or refused JWT), 403 (a CORS preflight from an
//! origin not allowed), 404, 405, 412 (prefetch missing and no FHIR server to fetch it from),
//! 413 (a body over [`Config::body_limit`]), 415 (a body that is not `application/json`), 503
//! (a request that took longer than [`Config::request_timeout`]).
//!
//! # Hardening
//!
//! [`serve`] reads at most [`Config::max_connections`] connections at once; a connection that
//! sends no complete request head within [`Config::header_timeout`] (a new one, or one idle
//! between requests) is closed, and none lives longer than [`Config::connection_lifetime`].
//! Every response has `Cache-Control: no-store`; CORS answers the origins of
//! [`Config::allowed_origins`]; the client's JWT is verified ([`jwt`]) unless turned off; each
//! request is logged as one JSON line without patient data.

pub mod cards;
pub mod fetch;
pub mod jwt;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use leg_spasm_cds::cds_hooks::{self, CdsRequest, CdsResponse, CdsService, Discovery};
use leg_spasm_cds::fhir::{self, CivilDate, ReadOptions};
use leg_spasm_cds::{Assessment, Presentation, Stage, SymptomSeverity, check};
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The services: `(id, hook)`, one per hook.
pub const SERVICES: [(&str, &str); 3] = [
    ("leg-spasm-patient-view", "patient-view"),
    ("leg-spasm-order-select", "order-select"),
    ("leg-spasm-order-sign", "order-sign"),
];

/// The prefetch templates, by key: FHIR R4 reads and searches for the patient in context.
pub const PREFETCH: [(&str, &str); 6] = [
    ("patient", "Patient/{{context.patientId}}"),
    (
        "conditions",
        "Condition?patient={{context.patientId}}&clinical-status=active,recurrence,relapse",
    ),
    (
        "medicationRequests",
        "MedicationRequest?patient={{context.patientId}}&status=active,on-hold",
    ),
    (
        "medicationStatements",
        "MedicationStatement?patient={{context.patientId}}&status=active",
    ),
    (
        "ferritin",
        "Observation?patient={{context.patientId}}&code=http://loinc.org|2276-4,http://loinc.org|20567-4&_sort=-date",
    ),
    (
        "transferrinSaturation",
        "Observation?patient={{context.patientId}}&code=http://loinc.org|2502-3,http://loinc.org|6796-7&_sort=-date",
    ),
];

/// How the service runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The service's base URL as clients call it (no trailing `/`): a JWT's `aud` must be
    /// `{service_url}/cds-services/{id}`.
    pub service_url: String,
    /// The date as of which ages and durations are computed; `None`: today's UTC date.
    pub as_of: Option<CivilDate>,
    /// The largest request body, in bytes.
    pub body_limit: usize,
    /// The longest a request may take, from its head read to its response.
    pub request_timeout: Duration,
    /// The longest wait for a complete request head, on a new connection or between requests
    /// of a kept-alive one: an idle connection is closed after it.
    pub header_timeout: Duration,
    /// The longest a connection lives.
    pub connection_lifetime: Duration,
    /// The most connections served at once; further ones wait to be accepted.
    pub max_connections: usize,
    /// The timeout of a fetch from a request's FHIR server.
    pub fetch_timeout: Duration,
    /// Origins allowed by CORS (`*` for any).
    pub allowed_origins: Vec<String>,
    /// The JWT verifier; `None` turns verification off (local testing only).
    pub jwt: Option<Arc<jwt::Verifier>>,
}

impl Default for Config {
    /// Local testing: `http://127.0.0.1:8080`, no JWT verification, no CORS origin, a 256 KiB
    /// body, 10 s per request, 5 s for a request head, 60 s per connection, 256 connections.
    fn default() -> Config {
        Config {
            service_url: "http://127.0.0.1:8080".to_owned(),
            as_of: None,
            body_limit: 256 * 1024,
            request_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(5),
            connection_lifetime: Duration::from_secs(60),
            max_connections: 256,
            fetch_timeout: Duration::from_secs(5),
            allowed_origins: Vec::new(),
            jwt: None,
        }
    }
}

/// Today's date in UTC, from the system clock.
pub fn today_utc() -> CivilDate {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    CivilDate::new(year, month, day).unwrap_or_else(|_| unreachable!("a civil date"))
}

/// The discovery document: one service per hook, each with the prefetch templates.
pub fn discovery() -> Discovery {
    let prefetch: BTreeMap<String, String> = PREFETCH
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let extension = cards::ASSESSMENT_EXTENSION;
    let services = SERVICES
        .iter()
        .map(|(id, hook)| {
            let what = if *hook == "patient-view" {
                "the medication check of the patient's record (alerts about the drugs taken)"
            } else {
                "the medication check with the draft MedicationRequests of context.draftOrders \
                 as drugs being ordered, cards about the selected orders first"
            };
            CdsService {
                hook: (*hook).to_owned(),
                title: Some("Leg spasm treatment and medication check".to_owned()),
                description: format!(
                    "Cards from the article \"{}\" ({}, {}) and the service's safety additions: \
                     {what}; and the treatment plan when the request's extension \
                     \"{extension}\" holds the clinician's assessment, an object \
                     {{\"presentation\": {{\"kind\": \"restless_legs\"}} (as in the \
                     leg-spasm-cds patient JSON, with its subtype: \"origin\" and \"impacts\" \
                     for spasticity, \"cramp\" for a true cramp), \"stage\": \"nothing_tried\" | \
                     \"non_drug_insufficient\" | ..., \"severity\": \"mild\" | \"moderate\" | \
                     \"severe\"}}.",
                    leg_spasm_cds::ARTICLE_TITLE,
                    leg_spasm_cds::ARTICLE_DATE,
                    leg_spasm_cds::ARTICLE_REVIEW_STATUS,
                ),
                id: (*id).to_owned(),
                prefetch: Some(prefetch.clone()),
                usage_requirements: Some(
                    "FHIR R4 resources of the patient in context; the stage and severity come \
                     from the clinician, not the record. Decision support for a clinician, not \
                     a medical device."
                        .to_owned(),
                ),
            }
        })
        .collect();
    Discovery { services }
}

/// An error as the service answers it: `{"error": ..., "field": ...}`.
pub fn error(status: StatusCode, message: impl Into<String>, field: Option<&str>) -> Response {
    let mut body = Map::new();
    body.insert("error".to_owned(), Value::String(message.into()));
    if let Some(field) = field {
        body.insert("field".to_owned(), field.into());
    }
    (status, Json(body)).into_response()
}

/// A refused request: the status, the message and the field at fault.
#[derive(Debug)]
pub struct Refusal {
    status: StatusCode,
    message: String,
    field: Option<String>,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        error(self.status, self.message, self.field.as_deref())
    }
}

fn refuse(status: StatusCode, message: impl Into<String>, field: Option<&str>) -> Refusal {
    Refusal {
        status,
        message: message.into(),
        field: field.map(str::to_owned),
    }
}

/// What the request log says about a call: its hook and hook instance.
#[derive(Clone)]
struct CallInfo {
    hook: String,
    hook_instance: String,
}

/// The routes, with the service's middleware (CORS, JWT, request timeout, no-store, logs).
pub fn router(config: Config) -> Router {
    let config = Arc::new(config);
    let limit = config.body_limit;
    Router::new()
        .route("/cds-services", get(|| async { Json(discovery()) }))
        .route("/cds-services/{id}", post(call))
        .route("/cds-services/{id}/feedback", post(feedback))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(config.clone(), around))
        .with_state(config)
}

/// CORS, JWT, the request timeout, `Cache-Control: no-store` and the request log.
async fn around(State(config): State<Arc<Config>>, request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let origin = request.headers().get(header::ORIGIN).cloned();
    let allowed = origin
        .as_ref()
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| {
            config
                .allowed_origins
                .iter()
                .any(|a| a == "*" || a.eq_ignore_ascii_case(o))
        });
    let mut response = if method == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        if allowed {
            let mut r = StatusCode::NO_CONTENT.into_response();
            let h = r.headers_mut();
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, OPTIONS"),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("authorization, content-type"),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            );
            r
        } else {
            error(
                StatusCode::FORBIDDEN,
                "CORS: this origin is not allowed; the service answers browsers of its configured origins only",
                None,
            )
        }
    } else if let Some(refusal) = (method == Method::POST)
        .then(|| config.jwt.as_ref())
        .flatten()
        .and_then(|v| v.check(request.headers(), &config.service_url, &path).err())
    {
        error(StatusCode::UNAUTHORIZED, format!("JWT: {refusal}"), None)
    } else {
        match tokio::time::timeout(config.request_timeout, next.run(request)).await {
            Ok(r) => r,
            Err(_) => error(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the request took longer than {} ms",
                    config.request_timeout.as_millis()
                ),
                None,
            ),
        }
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if allowed && let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    let info = response.extensions().get::<CallInfo>().cloned();
    let line = json!({
        "method": method.as_str(),
        "path": path,
        "status": response.status().as_u16(),
        "duration_ms": start.elapsed().as_secs_f64() * 1000.0,
        "hook": info.as_ref().map(|i| i.hook.as_str()),
        "hookInstance": info.as_ref().map(|i| i.hook_instance.as_str()),
    });
    eprintln!("{line}");
    response
}

/// The body, or the error answer: 415 unless `application/json`, 413 over the limit.
fn json_body(
    config: &Config,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<String, Refusal> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    if media_type.as_deref() != Some("application/json") {
        return Err(refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "Content-Type: {}; expected application/json",
                media_type.as_deref().unwrap_or("missing")
            ),
            None,
        ));
    }
    let body = match body {
        Ok(body) => body,
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the request body is larger than {} bytes",
                    config.body_limit
                ),
                None,
            ));
        }
        Err(r) => return Err(refuse(r.status(), r.body_text(), None)),
    };
    String::from_utf8(body.to_vec()).map_err(|_| {
        refuse(
            StatusCode::BAD_REQUEST,
            "the request body is not UTF-8 text",
            None,
        )
    })
}

/// The hook of a service id.
fn hook_of(id: &str) -> Option<&'static str> {
    SERVICES.iter().find(|(s, _)| *s == id).map(|(_, h)| *h)
}

async fn call(
    State(config): State<Arc<Config>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(hook) = hook_of(&id) else {
        return unknown_service(&id);
    };
    let text = match json_body(&config, &headers, body) {
        Ok(text) => text,
        Err(r) => return r.into_response(),
    };
    let request = match CdsRequest::from_json(&text) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("not a CDS Hooks request: {e}"),
                Some(&e.field()),
            );
        }
    };
    let info = CallInfo {
        hook: request.hook.clone(),
        hook_instance: request.hook_instance.clone(),
    };
    let mut response = match answer(&config, hook, request).await {
        Ok(r) => Json(r).into_response(),
        Err(r) => r.into_response(),
    };
    response.extensions_mut().insert(info);
    response
}

fn bad(message: impl Into<String>, field: &str) -> Refusal {
    refuse(StatusCode::BAD_REQUEST, message, Some(field))
}

/// A FHIR resource id (FHIR R4: `[A-Za-z0-9\-\.]{1,64}`).
fn is_fhir_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// The cards of a request for `hook`, or the error answer.
async fn answer(config: &Config, hook: &str, request: CdsRequest) -> Result<CdsResponse, Refusal> {
    if request.hook != hook {
        return Err(bad(
            format!(
                "hook: {:?} is not this service's hook; this service answers {hook:?}",
                request.hook
            ),
            "hook",
        ));
    }
    if request.hook_instance.is_empty() {
        return Err(bad(
            "hookInstance: empty; expected the UUID of this call",
            "hookInstance",
        ));
    }
    let Some(patient_id) = request.context.get("patientId").and_then(Value::as_str) else {
        return Err(bad(
            "context.patientId: missing or not a string; expected the id of the patient in context",
            "context.patientId",
        ));
    };
    if !is_fhir_id(patient_id) {
        return Err(bad(
            format!("context.patientId: {patient_id:?} is not a FHIR resource id"),
            "context.patientId",
        ));
    }
    // The prefetched values, by key; the absent ones fetched, or 412.
    let mut prefetch = Map::new();
    for (key, raw) in request.prefetch.iter().flatten() {
        let value: Value = serde_json::from_str(raw.get())
            .map_err(|e| bad(format!("prefetch.{key}: {e}"), &format!("prefetch.{key}")))?;
        prefetch.insert(key.clone(), value);
    }
    let missing: Vec<(&str, &str)> = PREFETCH
        .iter()
        .copied()
        .filter(|(k, _)| !prefetch.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        let keys: Vec<&str> = missing.iter().map(|(k, _)| *k).collect();
        let (Some(server), Some(auth)) = (&request.fhir_server, &request.fhir_authorization) else {
            return Err(refuse(
                StatusCode::PRECONDITION_FAILED,
                format!(
                    "prefetch: missing {}, and the request gives no fhirServer with \
                     fhirAuthorization to fetch them from",
                    keys.join(", ")
                ),
                Some("prefetch"),
            ));
        };
        for (key, template) in missing {
            let query = template.replace("{{context.patientId}}", patient_id);
            let value = fetch::fetch(
                server,
                &auth.access_token,
                &query,
                config.fetch_timeout,
                config.body_limit * 16,
            )
            .await
            .map_err(|e| {
                refuse(
                    StatusCode::PRECONDITION_FAILED,
                    format!("prefetch.{key}: not sent, and fetching it failed: {e}"),
                    Some(&format!("prefetch.{key}")),
                )
            })?;
            prefetch.insert(key.to_owned(), value);
        }
    }
    let as_of = config.as_of.unwrap_or_else(today_utc);
    let options = ReadOptions::new(as_of).with_patient_id(patient_id);
    let mut reading = fhir::read(&Value::Object(prefetch), &options)
        .map_err(|e| bad(format!("prefetch: {e}"), "prefetch"))?;
    let mut selections = Vec::new();
    if hook != "patient-view" {
        let draft = request.context.get("draftOrders").ok_or_else(|| {
            bad(
                "context.draftOrders: missing; expected a Bundle of the orders being drafted",
                "context.draftOrders",
            )
        })?;
        fhir::read_draft_orders(draft, &mut reading, &options)
            .map_err(|e| bad(format!("context.draftOrders: {e}"), "context.draftOrders"))?;
        if let Some(s) = request.context.get("selections") {
            selections = serde_json::from_value::<Vec<String>>(s.clone()).map_err(|e| {
                bad(
                    format!("context.selections: {e}; expected a list of resource references"),
                    "context.selections",
                )
            })?;
        }
    }
    let record = reading.record;
    let result = check::check(&record);
    let plan = assessment(request.extension.as_ref())?.map(|a| record.recommend(&a));
    // With a plan, the rules the check could not decide are decided by the plan.
    let planned = matches!(plan, Some(Ok(_)));
    let check_cards = cards::check_cards(&result, &record, &selections, !planned);
    let plan_cards = match plan {
        None => vec![cards::plan_needs_assessment()],
        Some(Ok(plan)) => cds_hooks::cards(&plan),
        Some(Err(e)) => vec![cards::plan_not_made(&e.to_string())],
    };
    Ok(CdsResponse::new(cards::finish(
        &request.hook_instance,
        check_cards,
        plan_cards,
    )))
}

/// The clinician's assessment in the request's extension, if there is one.
fn assessment(extension: Option<&Map<String, Value>>) -> Result<Option<Assessment>, Refusal> {
    let key = cards::ASSESSMENT_EXTENSION;
    let Some(value) = extension.and_then(|e| e.get(key)) else {
        return Ok(None);
    };
    let field = |name: &str| format!("extension.{key}.{name}");
    let object = value.as_object().ok_or_else(|| {
        bad(
            format!("extension.{key}: expected an object"),
            &format!("extension.{key}"),
        )
    })?;
    let text = |name: &str| -> Result<&str, Refusal> {
        object.get(name).and_then(Value::as_str).ok_or_else(|| {
            bad(
                format!("{}: missing or not a string", field(name)),
                &field(name),
            )
        })
    };
    let presentation_value = object.get("presentation").ok_or_else(|| {
        bad(
            format!("{}: missing", field("presentation")),
            &field("presentation"),
        )
    })?;
    let presentation: Presentation =
        serde_json::from_value(presentation_value.clone()).map_err(|e| {
            bad(
                format!("{}: {e}", field("presentation")),
                &field("presentation"),
            )
        })?;
    let stage: Stage = text("stage")?
        .parse()
        .map_err(|e| bad(format!("{}: {e}", field("stage")), &field("stage")))?;
    let severity: SymptomSeverity = text("severity")?
        .parse()
        .map_err(|e| bad(format!("{}: {e}", field("severity")), &field("severity")))?;
    Ok(Some(Assessment {
        presentation: Some(presentation),
        stage: Some(stage),
        severity: Some(severity),
    }))
}

/// The outcomes CDS Hooks 2.0 feedback may report.
const OUTCOMES: [&str; 2] = ["accepted", "overridden"];

async fn feedback(
    State(config): State<Arc<Config>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if hook_of(&id).is_none() {
        return unknown_service(&id);
    }
    match json_body(&config, &headers, body).and_then(|text| read_feedback(&id, &text)) {
        Ok(()) => Json(json!({})).into_response(),
        Err(r) => r.into_response(),
    }
}

/// Checks a feedback body and logs it without patient data.
fn read_feedback(id: &str, text: &str) -> Result<(), Refusal> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| bad(format!("not JSON: {e}"), "."))?;
    let Some(items) = value.get("feedback").and_then(Value::as_array) else {
        return Err(bad("feedback: missing or not a list", "feedback"));
    };
    let mut outcomes = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let f = |name: &str| format!("feedback[{i}].{name}");
        if !item.get("card").is_some_and(Value::is_string) {
            return Err(bad(
                format!("{}: missing or not a string", f("card")),
                &f("card"),
            ));
        }
        let outcome = item.get("outcome").and_then(Value::as_str);
        let Some(outcome) = outcome.filter(|o| OUTCOMES.contains(o)) else {
            return Err(bad(
                format!("{}: expected \"accepted\" or \"overridden\"", f("outcome")),
                &f("outcome"),
            ));
        };
        if !item.get("outcomeTimestamp").is_some_and(Value::is_string) {
            return Err(bad(
                format!("{}: missing or not a string", f("outcomeTimestamp")),
                &f("outcomeTimestamp"),
            ));
        }
        if let Some(reason) = item.get("overrideReason") {
            if outcome != "overridden" {
                return Err(bad(
                    format!("{}: given with outcome {outcome:?}", f("overrideReason")),
                    &f("overrideReason"),
                ));
            }
            let code = reason.pointer("/reason/code").and_then(Value::as_str);
            let system = reason.pointer("/reason/system").and_then(Value::as_str);
            if reason.get("reason").is_some() && (code.is_none() || system.is_none()) {
                return Err(bad(
                    format!(
                        "{}: expected a Coding with system and code",
                        f("overrideReason.reason")
                    ),
                    &f("overrideReason.reason"),
                ));
            }
        }
        if let Some(accepted) = item.get("acceptedSuggestions")
            && !accepted
                .as_array()
                .is_some_and(|a| a.iter().all(|s| s.get("id").is_some_and(Value::is_string)))
        {
            return Err(bad(
                format!(
                    "{}: expected a list of {{\"id\": ...}}",
                    f("acceptedSuggestions")
                ),
                &f("acceptedSuggestions"),
            ));
        }
        // The card's uuid, the outcome and the reason's code: nothing about the patient (the
        // user's comment may name them and is not logged).
        outcomes.push(json!({
            "card": item["card"],
            "outcome": outcome,
            "reason": item.pointer("/overrideReason/reason/code"),
        }));
    }
    eprintln!("{}", json!({"feedback": id, "items": outcomes}));
    Ok(())
}

fn unknown_service(id: &str) -> Response {
    let ids: Vec<&str> = SERVICES.iter().map(|(s, _)| *s).collect();
    error(
        StatusCode::NOT_FOUND,
        format!("no service {id:?}; the services are {}", ids.join(", ")),
        None,
    )
}

async fn not_found(method: Method, uri: Uri) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!(
            "no resource at {method} {}; discovery is GET /cds-services",
            uri.path()
        ),
        None,
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", uri.path()),
        None,
    )
}

/// Serves [`router`] on `listener` until `shutdown` completes: at most
/// [`Config::max_connections`] at once, each closed when idle past [`Config::header_timeout`]
/// or older than [`Config::connection_lifetime`].
pub async fn serve(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let (header_timeout, lifetime) = (config.header_timeout, config.connection_lifetime);
    let app = router(config);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => return Ok(()),
            p = limits.clone().acquire_owned() => p.map_err(std::io::Error::other)?,
        };
        let (stream, _) = tokio::select! {
            () = &mut shutdown => return Ok(()),
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of descriptors and the like: wait, keep serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // Answers are written at once, not held back waiting for the client's ACK.
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .keep_alive(true);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = tokio::time::sleep(lifetime) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(header_timeout, connection).await;
                }
            }
        });
    }
}
