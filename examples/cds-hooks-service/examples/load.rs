//! A bounded load test of the service on 127.0.0.1: starts it in-process, sends a fixed number
//! of `patient-view` requests (the FHIR Bundle `examples/fhir/bundle-rls.json` as prefetch, with
//! the clinician's assessment, so every request reads the record, checks it and makes the plan)
//! from N client threads with kept-alive connections, and prints requests/s, p50/p99 latency and
//! the process's peak resident set size (service and clients together).
//!
//! ```sh
//! cargo run -p cds-hooks-service --example load -- --concurrency 8 --requests 2000
//! ```

use std::net::TcpListener;
use std::time::{Duration, Instant};

use cds_service::Config;
use serde_json::{Value, json};

fn arg(args: &[String], name: &str, default: usize) -> Result<usize, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{name}: expected a positive number")),
    }
}

/// The prefetch of a Bundle's entries, by the service's keys.
fn prefetch(bundle: &Value) -> Value {
    let entries = bundle["entry"].as_array().cloned().unwrap_or_default();
    let of = |types: &[&str]| -> Value {
        let entry: Vec<Value> = entries
            .iter()
            .filter(|e| types.contains(&e["resource"]["resourceType"].as_str().unwrap_or("")))
            .cloned()
            .collect();
        json!({"resourceType": "Bundle", "type": "searchset", "entry": entry})
    };
    let patient = entries
        .iter()
        .find(|e| e["resource"]["resourceType"] == "Patient")
        .map(|e| e["resource"].clone())
        .unwrap_or(Value::Null);
    json!({
        "patient": patient,
        "conditions": of(&["Condition"]),
        "medicationRequests": of(&["MedicationRequest", "Medication"]),
        "medicationStatements": of(&["MedicationStatement"]),
        "ferritin": of(&["Observation"]),
        "transferrinSaturation": of(&[]),
    })
}

/// The peak resident set size of this process, in KiB (Linux `VmHWM`).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let concurrency = arg(&args, "--concurrency", 8)?;
    let requests = arg(&args, "--requests", 2000)?;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../fhir/bundle-rls.json");
    let bundle: Value =
        serde_json::from_str(&std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?)
            .map_err(|e| format!("{path}: {e}"))?;
    let body = json!({
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/example", "patientId": "p1"},
        "prefetch": prefetch(&bundle),
        "extension": {"leg-spasm-cds.assessment": {
            "presentation": {"kind": "restless_legs"},
            "stage": "non_drug_insufficient", "severity": "moderate"
        }}
    })
    .to_string();

    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let config = Config {
        as_of: Some("2025-07-01".parse().map_err(|e| format!("{e}"))?),
        ..Config::default()
    };
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("the listener");
            cds_service::serve(listener, config, std::future::pending())
                .await
                .expect("the service");
        });
    });

    let url = format!("http://{address}/cds-services/leg-spasm-patient-view");
    let start = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|w| {
            let (url, body) = (url.clone(), body.clone());
            // Requests shared out evenly; the first workers take the remainder.
            let count = requests / concurrency + usize::from(w < requests % concurrency);
            std::thread::spawn(move || -> Result<Vec<Duration>, String> {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .timeout_global(Some(Duration::from_secs(30)))
                    .build()
                    .into();
                let mut latencies = Vec::with_capacity(count);
                for _ in 0..count {
                    let t = Instant::now();
                    let mut response = agent
                        .post(&url)
                        .header("content-type", "application/json")
                        .send(&body)
                        .map_err(|e| e.to_string())?;
                    let text = response
                        .body_mut()
                        .read_to_string()
                        .map_err(|e| e.to_string())?;
                    latencies.push(t.elapsed());
                    if !text.contains("\"cards\"") {
                        return Err(format!("not a CDS Hooks response: {text}"));
                    }
                }
                Ok(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(requests);
    for w in workers {
        latencies.extend(w.join().map_err(|_| "a client thread panicked")??);
    }
    let elapsed = start.elapsed();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    println!(
        "concurrency {concurrency}, {} requests in {:.2} s: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, peak RSS {} KiB",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.50).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        peak_rss_kib().map_or("unknown".to_owned(), |k| k.to_string()),
    );
    Ok(())
}
