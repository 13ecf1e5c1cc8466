//! The CDS Hooks service, started in-process on free loopback ports and called over HTTP:
//! discovery, the three hooks from FHIR resources alone, fetching from a FHIR server, feedback,
//! every error status, CORS, `Cache-Control`, and idle connections closed by the server.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use cds_service::Config;
use common::*;
use serde_json::{Value, json};

#[test]
fn discovery_lists_one_service_per_hook_with_fhir_prefetch_templates() {
    let server = start(Config::default());
    let (status, headers, body) = server.get("/cds-services");
    assert_eq!(status, 200);
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    let services = body["services"].as_array().unwrap();
    let hooks: Vec<&str> = services
        .iter()
        .map(|s| s["hook"].as_str().unwrap())
        .collect();
    assert_eq!(hooks, ["patient-view", "order-select", "order-sign"]);
    let mut ids: Vec<&str> = services.iter().map(|s| s["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3, "one id per service");
    for s in services {
        assert!(!s["description"].as_str().unwrap().is_empty());
        assert!(
            s["description"]
                .as_str()
                .unwrap()
                .contains("leg-spasm-cds.assessment"),
            "the extension is documented"
        );
        let prefetch = s["prefetch"].as_object().unwrap();
        assert_eq!(prefetch.len(), 6);
        for (_, template) in prefetch {
            assert!(template.as_str().unwrap().contains("{{context.patientId}}"));
        }
        let all: String = prefetch.values().map(|v| v.as_str().unwrap()).collect();
        for loinc in ["2276-4", "20567-4", "2502-3"] {
            assert!(all.contains(loinc), "{loinc}");
        }
        for resource in [
            "Patient/",
            "Condition?",
            "MedicationRequest?",
            "MedicationStatement?",
        ] {
            assert!(all.contains(resource), "{resource}");
        }
    }
}

#[test]
fn patient_view_from_a_fhir_bundle_gives_conforming_cards() {
    let server = start(test_config());
    let prefetch = prefetch_of_bundle(&fixture("bundle-rls.json"));
    let (status, headers, body) = server.call(&request("patient-view", "p1", prefetch, None));
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    let cards = conforming_cards(&body);
    let summaries: Vec<&str> = cards
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    assert!(
        summaries
            .iter()
            .any(|s| s.starts_with("2 medicines could not be identified")),
        "{summaries:#?}"
    );
    assert!(
        summaries
            .iter()
            .any(|s| s.starts_with("Treatment plan: send the presentation")),
        "{summaries:#?}"
    );
    assert!(
        summaries.iter().any(|s| s.contains("rules not checked")),
        "{summaries:#?}"
    );
    // Without the assessment there is no plan.
    assert!(!summaries.iter().any(|s| s.starts_with("Treatment plan (")));
}

#[test]
fn patient_view_with_the_assessment_gives_the_plan() {
    let server = start(test_config());
    let prefetch = prefetch_of_bundle(&fixture("bundle-rls.json"));
    let extension = json!({"leg-spasm-cds.assessment": {
        "presentation": {"kind": "restless_legs"},
        "stage": "non_drug_insufficient",
        "severity": "moderate"
    }});
    let (status, _, body) = server.call(&request("patient-view", "p1", prefetch, Some(extension)));
    assert_eq!(status, 200, "{body}");
    let cards = conforming_cards(&body);
    assert!(
        cards.iter().any(|c| c["summary"]
            .as_str()
            .unwrap()
            .starts_with("Treatment plan (")),
        "{body:#}"
    );
    assert!(!cards.iter().any(|c| {
        c["summary"]
            .as_str()
            .unwrap()
            .starts_with("Treatment plan: send")
    }),);
    // The plan decides the rules the record alone could not.
    assert!(
        !cards
            .iter()
            .any(|c| c["summary"].as_str().unwrap().contains("rules not checked")),
        "{body:#}"
    );
}

#[test]
fn a_malformed_assessment_is_refused_naming_the_field() {
    let server = start(test_config());
    let prefetch = prefetch_of(&patient("p1", "1950-01-01"), &[], &[]);
    let extension = json!({"leg-spasm-cds.assessment": {
        "presentation": {"kind": "restless_legs"}, "stage": "later", "severity": "moderate"
    }});
    let (status, _, body) = server.call(&request("patient-view", "p1", prefetch, Some(extension)));
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "extension.leg-spasm-cds.assessment.stage");
}

/// The first card of an order-select drafting `drafted` for a patient on `current`.
fn first_card_of_order(current: &[&str], drafted: &str) -> Value {
    let server = start(test_config());
    let statements: Vec<Value> = current
        .iter()
        .map(|name| statement("p7", name, "2025-01-01"))
        .collect();
    let prefetch = prefetch_of(&patient("p7", "1950-01-01"), &[], &statements);
    let mut request = request("order-select", "p7", prefetch, None);
    request["context"]["draftOrders"] = draft_orders("p7", &[("draft-1", drafted)]);
    request["context"]["selections"] = json!(["MedicationRequest/draft-1"]);
    let (status, _, body) = server.call(&request);
    assert_eq!(status, 200, "{body}");
    conforming_cards(&body)[0].clone()
}

#[test]
fn order_select_drafting_quinine_gets_the_critical_card_first() {
    let card = first_card_of_order(&[], "quinine sulfate 324 MG Oral Capsule");
    assert_eq!(card["indicator"], "critical", "{card:#}");
    assert_eq!(card["source"]["topic"]["code"], "SA-1");
    // The summary names the drug first (the library drops the role where the whole phrase
    // would not fit); the detail names it with its role.
    assert!(
        card["summary"].as_str().unwrap().starts_with("Quinine"),
        "{card:#}"
    );
    assert!(
        card["detail"]
            .as_str()
            .unwrap()
            .contains("Quinine (ordered)"),
        "{card:#}"
    );
}

#[test]
fn order_select_drafting_an_opioid_for_a_benzodiazepine_user_gets_the_critical_card() {
    let card = first_card_of_order(
        &["diazepam 5 MG Oral Tablet"],
        "oxycodone hydrochloride 5 MG Oral Tablet",
    );
    assert_eq!(card["indicator"], "critical", "{card:#}");
    assert_eq!(card["source"]["topic"]["code"], "SA-4");
    assert!(
        card["summary"]
            .as_str()
            .unwrap()
            .contains("Oxycodone (ordered)")
    );
}

#[test]
fn order_select_drafting_tizanidine_with_fluvoxamine_gets_the_critical_card() {
    let card = first_card_of_order(
        &["fluvoxamine maleate 50 MG Oral Tablet"],
        "tizanidine 4 MG Oral Tablet",
    );
    assert_eq!(card["indicator"], "critical", "{card:#}");
    assert_eq!(card["source"]["topic"]["code"], "SA-7");
    assert!(
        card["summary"]
            .as_str()
            .unwrap()
            .contains("Tizanidine (ordered)")
    );
}

#[test]
fn order_sign_reads_the_draft_orders_of_the_fixture() {
    let server = start(test_config());
    let prefetch = prefetch_of(&patient("p7", "1950-01-01"), &[], &[]);
    let mut request = request("order-sign", "p7", prefetch, None);
    request["context"]["draftOrders"] = fixture("draft-orders.json");
    let (status, _, body) = server.call(&request);
    assert_eq!(status, 200, "{body}");
    let cards = conforming_cards(&body);
    assert_eq!(cards[0]["indicator"], "critical");
    assert!(cards.iter().any(|c| c["source"]["topic"]["code"] == "SA-1"));
}

#[test]
fn cards_about_the_selection_come_first() {
    let server = start(test_config());
    let prefetch = prefetch_of(
        &patient("p7", "1950-01-01"),
        &[],
        &[statement(
            "p7",
            "fluvoxamine 50 MG Oral Tablet",
            "2025-01-01",
        )],
    );
    let mut request = request("order-select", "p7", prefetch, None);
    request["context"]["draftOrders"] = draft_orders(
        "p7",
        &[
            ("q", "quinine 324 MG Oral Capsule"),
            ("t", "tizanidine 4 MG Oral Tablet"),
        ],
    );
    for (selected, rule) in [
        ("MedicationRequest/t", "SA-7"),
        ("MedicationRequest/q", "SA-1"),
    ] {
        request["context"]["selections"] = json!([selected]);
        let (status, _, body) = server.call(&request);
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            conforming_cards(&body)[0]["source"]["topic"]["code"],
            rule,
            "{selected}"
        );
    }
}

#[test]
fn card_uuids_differ_between_calls() {
    let server = start(test_config());
    let prefetch = prefetch_of_bundle(&fixture("bundle-rls.json"));
    let uuids = |instance: &str| -> Vec<String> {
        let mut r = request("patient-view", "p1", prefetch.clone(), None);
        r["hookInstance"] = json!(instance);
        let (_, _, body) = server.call(&r);
        conforming_cards(&body)
            .iter()
            .map(|c| c["uuid"].as_str().unwrap().to_owned())
            .collect()
    };
    let a = uuids("0b7c6f2e-0000-4000-8000-000000000001");
    let b = uuids("0b7c6f2e-0000-4000-8000-000000000002");
    assert!(a.iter().all(|u| !b.contains(u)), "{a:?} {b:?}");
}

#[test]
fn a_missing_prefetch_without_a_fhir_server_is_412() {
    let server = start(test_config());
    let mut prefetch = prefetch_of(&patient("p1", "1950-01-01"), &[], &[]);
    prefetch
        .as_object_mut()
        .unwrap()
        .remove("medicationStatements");
    let (status, _, body) = server.call(&request("patient-view", "p1", prefetch, None));
    assert_eq!(status, 412, "{body}");
    assert!(error_of(&body).contains("medicationStatements"), "{body}");
    let (status, _, _) = server.call(&request("patient-view", "p1", Value::Null, None));
    assert_eq!(status, 412);
}

#[test]
fn a_missing_prefetch_is_fetched_from_the_fhir_server_with_the_token() {
    // The FHIR server's answer to the MedicationStatement search: a benzodiazepine.
    let bundle = json!({"resourceType": "Bundle", "type": "searchset", "entry": [
        {"resource": statement("p7", "diazepam 5 MG Oral Tablet", "2025-01-01")}
    ]});
    let fhir = FhirStub::start(bundle);
    let server = start(test_config());
    let mut prefetch = prefetch_of(&patient("p7", "1950-01-01"), &[], &[]);
    prefetch
        .as_object_mut()
        .unwrap()
        .remove("medicationStatements");
    let mut request = request("order-select", "p7", prefetch, None);
    request["fhirServer"] = json!(format!("http://{}/fhir", fhir.address));
    request["fhirAuthorization"] = json!({
        "access_token": "token-123", "token_type": "Bearer", "expires_in": 300,
        "scope": "patient/*.read", "subject": "leg-spasm-cds"
    });
    request["context"]["draftOrders"] =
        draft_orders("p7", &[("d", "oxycodone hydrochloride 5 MG Oral Tablet")]);
    let (status, _, body) = server.call(&request);
    assert_eq!(status, 200, "{body}");
    let seen = fhir.requests();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0].starts_with("GET /fhir/MedicationStatement?patient=p7&status=active "),
        "{seen:?}"
    );
    assert!(
        seen[0].contains("authorization: Bearer token-123"),
        "{seen:?}"
    );
    assert_eq!(
        conforming_cards(&body)[0]["source"]["topic"]["code"],
        "SA-4"
    );
}

#[test]
fn resources_of_another_patient_are_refused_with_400() {
    let server = start(test_config());
    let prefetch = prefetch_of(
        &patient("p1", "1950-01-01"),
        &[],
        &[statement("p2", "diazepam 5 MG Oral Tablet", "2025-01-01")],
    );
    let (status, _, body) = server.call(&request("patient-view", "p1", prefetch, None));
    assert_eq!(status, 400, "{body}");
    assert!(
        error_of(&body).contains("not the patient in context"),
        "{body}"
    );
    // The Patient resource itself of another patient.
    let prefetch = prefetch_of(&patient("p2", "1950-01-01"), &[], &[]);
    let (status, _, body) = server.call(&request("patient-view", "p1", prefetch, None));
    assert_eq!(status, 400, "{body}");
}

#[test]
fn malformed_requests_are_400_naming_the_field() {
    let server = start(test_config());
    let prefetch = prefetch_of(&patient("p1", "1950-01-01"), &[], &[]);
    let mut no_patient = request("patient-view", "p1", prefetch.clone(), None);
    no_patient["context"] = json!({});
    let wrong_hook = request("order-select", "p1", prefetch.clone(), None);
    let mut no_drafts = request("order-select", "p1", prefetch, None);
    no_drafts["context"]
        .as_object_mut()
        .unwrap()
        .remove("draftOrders");
    for (path, body, field) in [
        (
            "/cds-services/leg-spasm-patient-view",
            no_patient,
            "context.patientId",
        ),
        ("/cds-services/leg-spasm-patient-view", wrong_hook, "hook"),
        (
            "/cds-services/leg-spasm-order-select",
            no_drafts,
            "context.draftOrders",
        ),
        (
            "/cds-services/leg-spasm-patient-view",
            json!({"hook": "patient-view"}),
            ".",
        ),
    ] {
        let (status, _, answer) = server.post(path, "application/json", &body.to_string());
        assert_eq!(status, 400, "{answer}");
        assert_eq!(answer["field"], field, "{answer}");
    }
}

#[test]
fn status_codes_415_404_405_413() {
    let server = start(test_config());
    let body = request("patient-view", "p1", Value::Null, None).to_string();
    let path = "/cds-services/leg-spasm-patient-view";
    let (status, headers, answer) = server.post(path, "text/plain", &body);
    assert_eq!(status, 415, "{answer}");
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    assert_eq!(
        server
            .post(path, "application/json; charset=utf-8", &body)
            .0,
        412
    );
    assert_eq!(
        server
            .post("/cds-services/nothing", "application/json", &body)
            .0,
        404
    );
    assert_eq!(server.post("/elsewhere", "application/json", &body).0, 404);
    assert_eq!(server.get(path).0, 405);
    let big = format!(
        "{{\"pad\": \"{}\"}}",
        "x".repeat(Config::default().body_limit)
    );
    assert_eq!(server.post(path, "application/json", &big).0, 413);
}

#[test]
fn feedback_is_accepted_and_checked() {
    let server = start(test_config());
    let path = "/cds-services/leg-spasm-order-select/feedback";
    let good = json!({"feedback": [
        {"card": "9368d37b-283f-44a0-93ea-547cebab93ed", "outcome": "overridden",
         "overrideReason": {"reason": {"system": "urn:leg-spasm-cds:override-reason",
             "code": "benefit-outweighs-risk"}, "userComment": "discussed"},
         "outcomeTimestamp": "2025-07-01T10:00:00Z"},
        {"card": "2f1d5c59-0000-4000-8000-000000000000", "outcome": "accepted",
         "outcomeTimestamp": "2025-07-01T10:00:00Z"}
    ]});
    let (status, _, body) = server.post(path, "application/json", &good.to_string());
    assert_eq!(status, 200, "{body}");
    let bad = json!({"feedback": [{"card": "x", "outcome": "ignored",
        "outcomeTimestamp": "2025-07-01T10:00:00Z"}]});
    let (status, _, body) = server.post(path, "application/json", &bad.to_string());
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "feedback[0].outcome");
    assert_eq!(
        server
            .post(
                "/cds-services/nothing/feedback",
                "application/json",
                &good.to_string()
            )
            .0,
        404
    );
}

#[test]
fn cors_answers_the_allowed_origins_only() {
    let server = start(Config {
        allowed_origins: vec!["https://ehr.example.org".to_owned()],
        ..test_config()
    });
    let preflight = |origin: &str| {
        let response = agent()
            .options(&server.url("/cds-services/leg-spasm-patient-view"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .call()
            .unwrap();
        (response.status().as_u16(), response.headers().clone())
    };
    let (status, headers) = preflight("https://ehr.example.org");
    assert_eq!(status, 204);
    assert_eq!(
        headers.get("access-control-allow-origin").unwrap(),
        "https://ehr.example.org"
    );
    assert!(
        headers
            .get("access-control-allow-methods")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("POST")
    );
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    let (status, headers) = preflight("https://evil.example.com");
    assert_eq!(status, 403);
    assert!(headers.get("access-control-allow-origin").is_none());
    let response = agent()
        .get(&server.url("/cds-services"))
        .header("origin", "https://ehr.example.org")
        .call()
        .unwrap();
    assert_eq!(
        response
            .headers()
            .get("access-control-allow-origin")
            .unwrap(),
        "https://ehr.example.org"
    );
}

#[test]
fn idle_connections_are_closed_by_the_server() {
    let timeout = Duration::from_millis(300);
    let server = start(Config {
        header_timeout: timeout,
        ..test_config()
    });
    // A connection that sends nothing, and one idle after a request.
    let mut silent = TcpStream::connect(server.address).unwrap();
    let mut kept = TcpStream::connect(server.address).unwrap();
    kept.write_all(b"GET /cds-services HTTP/1.1\r\nhost: x\r\n\r\n")
        .unwrap();
    for stream in [&mut silent, &mut kept] {
        // Generous margin: the read fails (a test failure) only if the server holds the
        // connection for 10 s more than its timeout.
        stream
            .set_read_timeout(Some(timeout + Duration::from_secs(10)))
            .unwrap();
        let mut buf = Vec::new();
        let read = stream.read_to_end(&mut buf);
        assert!(
            read.is_ok(),
            "the server kept the connection open: {read:?}"
        );
    }
}

#[test]
fn connections_beyond_the_limit_wait_and_are_then_served() {
    let server = start(Config {
        max_connections: 1,
        header_timeout: Duration::from_millis(300),
        ..test_config()
    });
    // One silent connection holds the only slot until the header timeout closes it; a
    // request on a second connection is answered after that.
    let _silent = TcpStream::connect(server.address).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    let (status, _, _) = server.get("/cds-services");
    assert_eq!(status, 200);
}

/// A request of `requests/`, as the README sends it.
fn request_file(name: &str) -> String {
    let path = format!("{}/requests/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_readme_requests_give_the_cards_it_describes() {
    // The service's own date, as the README runs it.
    let server = start(Config::default());
    let (status, _, body) = server.post(
        "/cds-services/leg-spasm-patient-view",
        "application/json",
        &request_file("patient-view.json"),
    );
    assert_eq!(status, 200, "{body}");
    conforming_cards(&body);
    let (status, _, body) = server.post(
        "/cds-services/leg-spasm-order-select",
        "application/json",
        &request_file("order-select.json"),
    );
    assert_eq!(status, 200, "{body}");
    let first = &conforming_cards(&body)[0];
    assert_eq!(first["indicator"], "critical", "{first:#}");
    assert_eq!(first["source"]["topic"]["code"], "SA-4");
}
