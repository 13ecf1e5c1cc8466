//! Starting the service on a free loopback port, calling it, building requests from FHIR
//! resources, and checking cards against CDS Hooks 2.0.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cds_service::Config;
use serde_json::{Value, json};

/// A service running on its own thread, for the rest of the test binary.
pub struct Server {
    /// Its loopback address.
    pub address: SocketAddr,
}

/// The configuration of the tests: an as-of date, so that ages and durations are fixed.
pub fn test_config() -> Config {
    Config {
        as_of: Some("2025-07-01".parse().unwrap()),
        ..Config::default()
    }
}

/// Starts the service with `config` on a free loopback port.
pub fn start(config: Config) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.set_nonblocking(true).unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            cds_service::serve(listener, config, std::future::pending())
                .await
                .unwrap();
        });
    });
    Server { address }
}

/// A client that answers every status, with a bound on each call.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

impl Server {
    /// The URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// GET a path.
    pub fn get(&self, path: &str) -> (u16, ureq::http::HeaderMap, Value) {
        answer(agent().get(&self.url(path)).call().unwrap())
    }

    /// POST a body with a content type.
    pub fn post(
        &self,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> (u16, ureq::http::HeaderMap, Value) {
        answer(
            agent()
                .post(&self.url(path))
                .header("content-type", content_type)
                .send(body)
                .unwrap(),
        )
    }

    /// POST a CDS Hooks request to the service of its hook.
    pub fn call(&self, request: &Value) -> (u16, ureq::http::HeaderMap, Value) {
        let hook = request["hook"].as_str().unwrap();
        self.post(
            &format!("/cds-services/leg-spasm-{hook}"),
            "application/json",
            &request.to_string(),
        )
    }
}

/// The status, the headers and the JSON body of an answer.
pub fn answer(
    mut response: ureq::http::Response<ureq::Body>,
) -> (u16, ureq::http::HeaderMap, Value) {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.body_mut().read_to_string().unwrap();
    assert_eq!(
        headers.get("content-type").map(|v| v.to_str().unwrap()),
        Some("application/json"),
        "status {status}: {text}"
    );
    assert_eq!(
        headers.get("cache-control").map(|v| v.to_str().unwrap()),
        Some("no-store"),
        "status {status}"
    );
    (status, headers, serde_json::from_str(&text).unwrap())
}

/// The message of an error answer.
pub fn error_of(body: &Value) -> &str {
    body["error"].as_str().unwrap_or_else(|| panic!("{body}"))
}

/// A fixture of `examples/fhir/`.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/../fhir/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A searchset Bundle of resources.
pub fn searchset(resources: &[Value]) -> Value {
    json!({
        "resourceType": "Bundle", "type": "searchset",
        "entry": resources.iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()
    })
}

/// The prefetch a FHIR server fills the service's templates with, from a Bundle's entries.
pub fn prefetch_of_bundle(bundle: &Value) -> Value {
    let resources: Vec<Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"].clone())
        .collect();
    let of = |types: &[&str]| -> Vec<Value> {
        resources
            .iter()
            .filter(|r| types.contains(&r["resourceType"].as_str().unwrap()))
            .cloned()
            .collect()
    };
    json!({
        "patient": of(&["Patient"])[0],
        "conditions": searchset(&of(&["Condition"])),
        "medicationRequests": searchset(&of(&["MedicationRequest", "Medication"])),
        "medicationStatements": searchset(&of(&["MedicationStatement"])),
        "ferritin": searchset(&of(&["Observation"])),
        "transferrinSaturation": searchset(&[]),
    })
}

/// The prefetch of a Patient, Conditions and MedicationStatements.
pub fn prefetch_of(patient: &Value, conditions: &[Value], statements: &[Value]) -> Value {
    json!({
        "patient": patient,
        "conditions": searchset(conditions),
        "medicationRequests": searchset(&[]),
        "medicationStatements": searchset(statements),
        "ferritin": searchset(&[]),
        "transferrinSaturation": searchset(&[]),
    })
}

/// A Patient resource.
pub fn patient(id: &str, birth_date: &str) -> Value {
    json!({"resourceType": "Patient", "id": id, "birthDate": birth_date})
}

/// An active MedicationStatement of a medicine named as RxNorm names it.
pub fn statement(patient: &str, text: &str, start: &str) -> Value {
    json!({
        "resourceType": "MedicationStatement",
        "id": format!("ms-{}", text.split(' ').next().unwrap()),
        "status": "active",
        "subject": {"reference": format!("Patient/{patient}")},
        "medicationCodeableConcept": {"text": text},
        "effectivePeriod": {"start": start}
    })
}

/// A `draftOrders` Bundle of draft MedicationRequests `(id, text)`.
pub fn draft_orders(patient: &str, orders: &[(&str, &str)]) -> Value {
    let resources: Vec<Value> = orders
        .iter()
        .map(|(id, text)| {
            json!({
                "resourceType": "MedicationRequest", "id": id, "status": "draft",
                "intent": "order",
                "subject": {"reference": format!("Patient/{patient}")},
                "medicationCodeableConcept": {"text": text}
            })
        })
        .collect();
    json!({"resourceType": "Bundle", "type": "collection",
        "entry": resources.iter().map(|r| json!({"resource": r})).collect::<Vec<_>>()})
}

/// A CDS Hooks request.
pub fn request(hook: &str, patient: &str, prefetch: Value, extension: Option<Value>) -> Value {
    let mut r = json!({
        "hook": hook,
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/example", "patientId": patient},
        "prefetch": prefetch,
    });
    if hook != "patient-view" {
        r["context"]["draftOrders"] = draft_orders(patient, &[]);
    }
    if let Some(e) = extension {
        r["extension"] = e;
    }
    r
}

/// Whether a text is a lowercase hyphenated UUID.
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

/// The cards of a response, each checked against CDS Hooks 2.0: a summary under 140
/// characters, an indicator, a source label, a topic that is a Coding, a uuid unique in the
/// response, override reasons with a display on warning and critical cards, links absent or
/// valid.
pub fn conforming_cards(body: &Value) -> Vec<Value> {
    let cards = body["cards"].as_array().unwrap_or_else(|| panic!("{body}"));
    assert!(!cards.is_empty());
    let mut uuids = Vec::new();
    for card in cards {
        let summary = card["summary"].as_str().unwrap();
        assert!(
            !summary.is_empty() && summary.chars().count() < 140,
            "{summary}"
        );
        let indicator = card["indicator"].as_str().unwrap();
        assert!(
            ["info", "warning", "critical"].contains(&indicator),
            "{card}"
        );
        assert!(!card["source"]["label"].as_str().unwrap().is_empty());
        if let Some(topic) = card["source"].get("topic") {
            assert!(!topic["system"].as_str().unwrap().is_empty(), "{card}");
            assert!(!topic["code"].as_str().unwrap().is_empty(), "{card}");
        }
        let uuid = card["uuid"].as_str().unwrap();
        assert!(is_uuid(uuid), "{uuid}");
        assert!(!uuids.contains(&uuid), "duplicate uuid {uuid}");
        uuids.push(uuid);
        let reasons = card.get("overrideReasons").and_then(Value::as_array);
        if indicator == "info" {
            assert!(reasons.is_none(), "{card}");
        } else {
            let reasons = reasons.unwrap_or_else(|| panic!("no override reasons: {card}"));
            assert!(!reasons.is_empty());
            for r in reasons {
                assert!(!r["system"].as_str().unwrap().is_empty());
                assert!(!r["code"].as_str().unwrap().is_empty());
                assert!(!r["display"].as_str().unwrap().is_empty());
            }
        }
        if let Some(links) = card.get("links") {
            for l in links.as_array().unwrap() {
                assert!(!l["label"].as_str().unwrap().is_empty());
                assert!(l["url"].as_str().unwrap().starts_with("https://"));
                assert!(["absolute", "smart"].contains(&l["type"].as_str().unwrap()));
            }
        }
        assert!(
            card.get("suggestions")
                .is_none_or(|s| s.as_array().unwrap().is_empty())
        );
    }
    cards.clone()
}

/// A FHIR server stub on loopback: answers every GET with `body` and keeps each request's
/// line and `authorization` header.
pub struct FhirStub {
    /// Its address.
    pub address: SocketAddr,
    seen: Arc<Mutex<Vec<String>>>,
}

impl FhirStub {
    /// Starts it; it answers at most 16 requests.
    pub fn start(body: Value) -> FhirStub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(16) {
                let Ok(mut stream) = stream else { continue };
                stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let mut entry = line.trim_end().to_owned();
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                        break;
                    }
                    if header.to_ascii_lowercase().starts_with("authorization:") {
                        let value = header.split_once(':').unwrap().1.trim();
                        entry.push_str(&format!(" authorization: {value}"));
                    }
                }
                log.lock().unwrap().push(entry);
                let text = body.to_string();
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/fhir+json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                    text.len()
                );
            }
        });
        FhirStub { address, seen }
    }

    /// The requests seen: `GET /path HTTP/1.1 authorization: Bearer ...`.
    pub fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}
