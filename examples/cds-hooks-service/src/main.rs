//! A CDS Hooks 2.0 service for the leg spasm knowledge, on 127.0.0.1.
//!
//! ```sh
//! cargo run -p cds-hooks-service          # port 8080
//! cargo run -p cds-hooks-service -- 9000  # or PORT=9000
//! curl -s http://127.0.0.1:8080/cds-services
//! ```
//!
//! - `GET /cds-services`: discovery. One service, id `leg-spasm`, listed once per hook it
//!   answers: `patient-view` and `order-select`.
//! - `POST /cds-services/leg-spasm`: a CDS Hooks request for either hook; the answer is the
//!   cards of the plan (`leg_spasm_cds::cds_hooks::cards`).
//!
//! # The patient record
//!
//! The service reads no FHIR resource. The request carries the patient's record, in the
//! crate's JSON form (what `Patient::from_json` reads; JSON Schema `schema/patient.json`), in
//! `prefetch` under the key `legSpasmPatient`. Discovery declares that key with the template
//! `Patient/{{context.patientId}}`, which names the patient in context: the CDS client, or an
//! integration layer in front of it, sends that patient's record in the crate's form, not the
//! FHIR Patient resource. Both hooks give the same cards: `order-select` does not read the
//! orders being selected (`context.draftOrders`).
//!
//! # Errors
//!
//! Every error is a JSON body `{"error": MESSAGE}`, with `"field"` (a path in the request)
//! where one is at fault:
//!
//! - 400: the body is not UTF-8 or not a CDS Hooks request (`hookInstance: missing field`),
//!   the hook is not one of the two, the prefetch has no patient record, or the record is not
//!   valid; the message is the crate's, naming the field and the value
//!   (`prefetch.legSpasmPatient: age: age 131 is above the maximum of 130 years`).
//! - 413: a body larger than [`BODY_LIMIT`] (256 KiB).
//! - 404 and 405: another path, or another method.
//!
//! # Not for production as it stands
//!
//! Plain HTTP on the loopback interface only; the JSON web token that CDS Hooks requires
//! clients to send is not checked; no CORS. Put it behind a server that terminates TLS and
//! verifies the client's token before exposing it.
//!
//! # Reuse
//!
//! The routes are [`router`]; `tests/service.rs` includes this file to start the
//! same service in-process.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::rejection::BytesRejection;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use leg_spasm_cds::cds_hooks::{self, CdsRequest, CdsService, Discovery, PREFETCH_KEY};
use leg_spasm_cds::recommend;
use tokio::net::TcpListener;

/// The service id: `POST /cds-services/leg-spasm`.
pub const SERVICE_ID: &str = "leg-spasm";

/// The hooks the service answers.
pub const HOOKS: [&str; 2] = ["patient-view", "order-select"];

/// The largest request body read, in bytes: 256 KiB (a patient record is well under 1 KiB; an
/// `order-select` request also carries the draft orders).
pub const BODY_LIMIT: usize = 256 * 1024;

/// The port without an argument or `PORT`.
pub const DEFAULT_PORT: u16 = 8080;

/// The discovery document: the service once per hook, with its prefetch template.
pub fn discovery() -> Discovery {
    let prefetch = BTreeMap::from([(
        PREFETCH_KEY.to_owned(),
        "Patient/{{context.patientId}}".to_owned(),
    )]);
    let description = format!(
        "Treatment plan for leg spasms (true cramps, restless legs, spasticity, acute \
         musculoskeletal spasm) from the article \"{}\" ({}, {}) and the service's safety \
         additions: a card per alert about the patient's current or offered drugs, the stepwise \
         plan with its citations, what to avoid, and notes. Reads the patient's record, in \
         leg-spasm-cds JSON form (not a FHIR resource), from prefetch key \"{PREFETCH_KEY}\".",
        leg_spasm_cds::ARTICLE_TITLE,
        leg_spasm_cds::ARTICLE_DATE,
        leg_spasm_cds::ARTICLE_REVIEW_STATUS,
    );
    let usage = format!(
        "Send, under prefetch key \"{PREFETCH_KEY}\", the record of the patient in context in \
         leg-spasm-cds JSON form (JSON Schema schema/patient.json), not the FHIR Patient \
         resource: the template names the patient, not the data to send. order-select gives the \
         cards of that record and does not read the draft orders. Decision support for a \
         clinician, not a medical device."
    );
    Discovery {
        services: HOOKS
            .iter()
            .map(|hook| CdsService {
                hook: (*hook).to_owned(),
                title: Some("Leg spasm treatment".to_owned()),
                description: description.clone(),
                id: SERVICE_ID.to_owned(),
                prefetch: Some(prefetch.clone()),
                usage_requirements: Some(usage.clone()),
            })
            .collect(),
    }
}

/// The routes: discovery, the service, and JSON errors for anything else.
pub fn router() -> Router {
    Router::new()
        .route("/cds-services", get(|| async { Json(discovery()) }))
        .route(&format!("/cds-services/{SERVICE_ID}"), post(call))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// An error as the service answers it: `{"error": ..., "field": ...}`.
fn error(status: StatusCode, message: String, field: Option<String>) -> Response {
    let mut body = serde_json::Map::new();
    body.insert("error".to_owned(), message.into());
    if let Some(field) = field {
        body.insert("field".to_owned(), field.into());
    }
    (status, Json(body)).into_response()
}

async fn call(body: Result<Bytes, BytesRejection>) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the request body is larger than {BODY_LIMIT} bytes"),
                None,
            );
        }
        Err(rejection) => return error(rejection.status(), rejection.body_text(), None),
    };
    let Ok(text) = std::str::from_utf8(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "the request body is not UTF-8 text".to_owned(),
            None,
        );
    };
    let request = match CdsRequest::from_json(text) {
        Ok(request) => request,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("not a CDS Hooks request: {e}"),
                Some(e.field()),
            );
        }
    };
    if !HOOKS.contains(&request.hook.as_str()) {
        return error(
            StatusCode::BAD_REQUEST,
            format!(
                "hook: {:?} is not a hook of this service; expected one of: {}",
                request.hook,
                HOOKS.join(", ")
            ),
            Some("hook".to_owned()),
        );
    }
    if request.hook_instance.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "hookInstance: empty; expected the UUID of this call".to_owned(),
            Some("hookInstance".to_owned()),
        );
    }
    match request.patient() {
        Ok(patient) => Json(cds_hooks::response(&recommend(&patient))).into_response(),
        Err(e) => error(StatusCode::BAD_REQUEST, e.to_string(), Some(e.field())),
    }
}

async fn not_found(method: Method, uri: Uri) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!(
            "no resource at {method} {}; discovery is GET /cds-services, the service POST \
             /cds-services/{SERVICE_ID}",
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

/// Serves [`router`] on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router())
        .with_graceful_shutdown(shutdown)
        .await
}

/// The port: the first argument, else `PORT`, else [`DEFAULT_PORT`].
fn port(arg: Option<String>, env: Option<String>) -> Result<u16, String> {
    match arg.or(env) {
        None => Ok(DEFAULT_PORT),
        Some(p) => p
            .trim()
            .parse()
            .map_err(|_| format!("port {p:?} is not a number from 0 to 65535")),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let arg = std::env::args().nth(1);
    if matches!(arg.as_deref(), Some("-h" | "--help")) {
        println!(
            "usage: cds_hooks_service [PORT]\n\nServes CDS Hooks on http://127.0.0.1:PORT/cds-services \
             (PORT: the argument, else the PORT environment variable, else {DEFAULT_PORT})."
        );
        return ExitCode::SUCCESS;
    }
    let port = match port(arg, std::env::var("PORT").ok()) {
        Ok(port) => port,
        Err(message) => {
            eprintln!("cds_hooks_service: {message}");
            return ExitCode::from(2);
        }
    };
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = match TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cds_hooks_service: cannot listen on {address}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(a) => eprintln!("CDS Hooks discovery at http://{a}/cds-services (Ctrl-C stops)"),
        Err(_) => eprintln!("CDS Hooks service listening on {address} (Ctrl-C stops)"),
    }
    let shutdown = async {
        // Without a signal handler, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    match serve(listener, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cds_hooks_service: {e}");
            ExitCode::FAILURE
        }
    }
}
