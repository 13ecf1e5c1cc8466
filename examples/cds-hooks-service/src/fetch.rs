//! Fetching a prefetch template's data from the request's FHIR server, with its bearer token.

use std::time::Duration;

use serde_json::Value;

/// GETs `{server}/{query}` with `Authorization: Bearer {token}` and reads the JSON answer
/// (at most `limit` bytes), off the async runtime. Plain HTTP only (the client has no TLS):
/// a FHIR server reached over HTTPS needs a gateway in front of it.
///
/// # Errors
///
/// The URL, the transport error or the status, as a message.
pub async fn fetch(
    server: &str,
    token: &str,
    query: &str,
    timeout: Duration,
    limit: usize,
) -> Result<Value, String> {
    let url = format!("{}/{query}", server.trim_end_matches('/'));
    let token = token.to_owned();
    let shown = url.clone();
    tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .build()
            .into();
        let mut response = agent
            .get(&url)
            .header("Authorization", &format!("Bearer {token}"))
            .header("Accept", "application/fhir+json, application/json")
            .call()
            .map_err(|e| format!("GET {url}: {e}"))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("GET {url}: status {status}"));
        }
        let text = response
            .body_mut()
            .with_config()
            .limit(limit as u64)
            .read_to_string()
            .map_err(|e| format!("GET {url}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("GET {url}: not JSON: {e}"))
    })
    .await
    .map_err(|e| format!("GET {shown}: {e}"))?
}
