//! The example CDS Hooks service, started in-process on a free loopback port and called over
//! HTTP: discovery, both hooks, and every kind of bad request.

#[path = "../src/main.rs"]
#[allow(dead_code)]
mod service;

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{Value, json};

/// The address of the service, started once for all the tests of this file.
fn address() -> SocketAddr {
    static ADDRESS: OnceLock<SocketAddr> = OnceLock::new();
    *ADDRESS.get_or_init(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
        listener.set_nonblocking(true).unwrap();
        let address = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                service::serve(listener, std::future::pending())
                    .await
                    .unwrap();
            });
        });
        address
    })
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn url(path: &str) -> String {
    format!("http://{}{path}", address())
}

/// The status and the JSON body of an answer.
fn answer(mut response: ureq::http::Response<ureq::Body>) -> (u16, Value) {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let text = response.body_mut().read_to_string().unwrap();
    assert_eq!(
        content_type.as_deref(),
        Some("application/json"),
        "status {status}: {text}"
    );
    (status, serde_json::from_str(&text).unwrap())
}

fn post(path: &str, body: &str) -> (u16, Value) {
    let response = agent()
        .post(&url(path))
        .header("content-type", "application/json")
        .send(body)
        .unwrap();
    answer(response)
}

fn call(body: &str) -> (u16, Value) {
    post("/cds-services/leg-spasm", body)
}

fn sample(name: &str) -> Value {
    let path = format!(
        "{}/../../examples/patients/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn request(hook: &str, patient: Value) -> Value {
    let mut context = json!({"userId": "Practitioner/example", "patientId": "1288992"});
    if hook == "order-select" {
        context["selections"] = json!(["MedicationRequest/draft-1"]);
        context["draftOrders"] = json!({
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": {
                "resourceType": "MedicationRequest", "id": "draft-1", "status": "draft",
                "intent": "order", "subject": {"reference": "Patient/1288992"},
                "medicationCodeableConcept": {"coding": [{
                    "system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                    "code": "1292", "display": "baclofen"
                }]}
            }}]
        });
    }
    json!({
        "hook": hook,
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": context,
        "prefetch": {"legSpasmPatient": patient}
    })
}

fn error_of(body: &Value) -> &str {
    body["error"].as_str().expect("an error message")
}

#[test]
fn discovery_lists_the_service_for_both_hooks() {
    let response = agent().get(&url("/cds-services")).call().unwrap();
    let (status, body) = answer(response);
    assert_eq!(status, 200);
    let services = body["services"].as_array().unwrap();
    let hooks: Vec<&str> = services
        .iter()
        .map(|s| s["hook"].as_str().unwrap())
        .collect();
    assert_eq!(hooks, ["patient-view", "order-select"]);
    for s in services {
        assert_eq!(s["id"], "leg-spasm");
        assert_eq!(
            s["prefetch"],
            json!({"legSpasmPatient": "Patient/{{context.patientId}}"})
        );
        let description = s["description"].as_str().unwrap();
        assert!(description.contains("\"legSpasmPatient\""), "{description}");
        assert!(description.contains("not a FHIR resource"), "{description}");
        assert!(
            s["usageRequirements"]
                .as_str()
                .unwrap()
                .contains("schema/patient.json")
        );
    }
    assert_eq!(body, serde_json::to_value(service::discovery()).unwrap());
}

#[test]
fn patient_view_gives_the_cards_with_the_critical_alert() {
    let patient = sample("stroke-spasticity-s2-diazepam");
    let (status, body) = call(&request("patient-view", patient).to_string());
    assert_eq!(status, 200, "{body}");
    let cards = body["cards"].as_array().unwrap();
    let critical = &cards[0];
    assert_eq!(critical["indicator"], "critical");
    assert_eq!(critical["source"]["topic"]["code"], "AV-1");
    assert!(
        critical["summary"]
            .as_str()
            .unwrap()
            .starts_with("Diazepam (current): ")
    );
    assert!(!critical["overrideReasons"].as_array().unwrap().is_empty());
    // The same cards as the library maps, and as tests/cds_hooks/ expects.
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/../../tests/cds_hooks/stroke-spasticity-s2-diazepam.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(body, expected);
}

#[test]
fn order_select_gives_the_cards_of_the_record() {
    let patient = sample("rls-s3-severe-ropinirole");
    let (status, body) = call(&request("order-select", patient).to_string());
    assert_eq!(status, 200, "{body}");
    let cards = body["cards"].as_array().unwrap();
    let topics: Vec<&str> = cards
        .iter()
        .map(|c| c["source"]["topic"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(topics, ["AV-2", "SA-3", "RX-5", "AV-2", "DX-3"]);
    assert_eq!(cards[0]["indicator"], "warning");
}

#[test]
fn a_malformed_request_is_refused_naming_the_field() {
    // Not JSON at all.
    let (status, body) = call("{\"hook\": ");
    assert_eq!(status, 400);
    assert!(
        error_of(&body).starts_with("not a CDS Hooks request: "),
        "{body}"
    );

    // No hookInstance.
    let mut req = request("patient-view", sample("idiopathic-cramp-s1"));
    req.as_object_mut().unwrap().remove("hookInstance");
    let (status, body) = call(&req.to_string());
    assert_eq!(status, 400);
    assert!(
        error_of(&body).contains("missing field `hookInstance`"),
        "{body}"
    );

    // The context of the wrong type.
    let mut req = request("patient-view", sample("idiopathic-cramp-s1"));
    req["context"] = json!("1288992");
    let (status, body) = call(&req.to_string());
    assert_eq!(status, 400);
    assert_eq!(body["field"], "context");
    assert!(
        error_of(&body).starts_with("not a CDS Hooks request: context: "),
        "{body}"
    );

    // A hook the service does not answer.
    let req = request("order-sign", sample("idiopathic-cramp-s1"));
    let (status, body) = call(&req.to_string());
    assert_eq!(status, 400);
    assert_eq!(body["field"], "hook");
    assert_eq!(
        error_of(&body),
        "hook: \"order-sign\" is not a hook of this service; expected one of: patient-view, \
         order-select"
    );

    // No prefetch: the patient record is missing.
    let mut req = request("patient-view", sample("idiopathic-cramp-s1"));
    req.as_object_mut().unwrap().remove("prefetch");
    let (status, body) = call(&req.to_string());
    assert_eq!(status, 400);
    assert_eq!(body["field"], "prefetch.legSpasmPatient");
    assert!(error_of(&body).contains("missing"), "{body}");
}

#[test]
fn an_invalid_patient_is_refused_naming_the_field_and_the_value() {
    let mut patient = sample("stroke-spasticity-s2-diazepam");
    patient["age"] = json!(131);
    let (status, body) = call(&request("patient-view", patient).to_string());
    assert_eq!(status, 400);
    assert_eq!(body["field"], "prefetch.legSpasmPatient.age");
    assert_eq!(
        error_of(&body),
        "prefetch.legSpasmPatient: age: age 131 is above the maximum of 130 years"
    );

    let mut patient = sample("rls-s2-esrd");
    patient["medications"] = json!([{"drug": "carbidopa", "days": 10}]);
    let (status, body) = call(&request("order-select", patient).to_string());
    assert_eq!(status, 400);
    assert_eq!(
        body["field"],
        "prefetch.legSpasmPatient.medications[0].drug"
    );
    assert!(
        error_of(&body).starts_with(
            "prefetch.legSpasmPatient: medications[0].drug: unknown drug \"carbidopa\""
        ),
        "{body}"
    );
}

#[test]
fn an_oversized_body_is_refused() {
    // A valid request, padded past the limit with an extension.
    let mut req = request("patient-view", sample("idiopathic-cramp-s1"));
    req["extension"] = json!({"org.example.padding": "x".repeat(service::BODY_LIMIT)});
    let (status, body) = call(&req.to_string());
    assert_eq!(status, 413);
    assert_eq!(
        error_of(&body),
        format!(
            "the request body is larger than {} bytes",
            service::BODY_LIMIT
        )
    );
    // Just under the limit, the same request is answered.
    let mut req = request("patient-view", sample("idiopathic-cramp-s1"));
    req["extension"] = json!({"org.example.padding": "x".repeat(service::BODY_LIMIT - 2048)});
    let (status, _) = call(&req.to_string());
    assert_eq!(status, 200);
}

#[test]
fn other_paths_and_methods_get_json_errors() {
    let (status, body) = answer(agent().get(&url("/nowhere")).call().unwrap());
    assert_eq!(status, 404);
    assert!(error_of(&body).contains("GET /cds-services"), "{body}");
    let (status, body) = post("/cds-services/another-service", "{}");
    assert_eq!(status, 404, "{body}");
    let (status, body) = answer(agent().get(&url("/cds-services/leg-spasm")).call().unwrap());
    assert_eq!(status, 405);
    assert_eq!(
        error_of(&body),
        "GET is not allowed on /cds-services/leg-spasm"
    );
}
