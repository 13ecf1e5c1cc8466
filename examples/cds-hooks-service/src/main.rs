//! The CDS Hooks service as a program (see the `cds_service` library for what it answers).
//!
//! ```sh
//! cargo run -p cds-hooks-service -- --no-jwt          # http://127.0.0.1:8080, local testing
//! curl -s http://127.0.0.1:8080/cds-services
//! ```
//!
//! Settings, by environment variable (the port also as the first argument):
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `PORT` | the port | 8080 |
//! | `CDS_BIND` | the address to listen on | `127.0.0.1` |
//! | `CDS_SERVICE_URL` | the base URL clients call (a JWT's `aud` is `{CDS_SERVICE_URL}/cds-services/{id}`) | `http://127.0.0.1:{PORT}` |
//! | `CDS_JWKS` | the JWKS of the trusted issuers: a file, or an `http://` URL read at start | none: required unless `--no-jwt` |
//! | `CDS_JWT_ISSUERS` | the allowed `iss` values, comma-separated | none: required with `CDS_JWKS` |
//! | `CDS_ALLOWED_ORIGINS` | CORS origins, comma-separated, or `*` | none |
//! | `CDS_AS_OF` | the as-of date of the FHIR reader, `YYYY-MM-DD` | today (UTC) |
//! | `CDS_MAX_CONNECTIONS` | connections served at once | 256 |
//! | `CDS_HEADER_TIMEOUT_MS` | wait for a request head (idle connections close after it) | 5000 |
//! | `CDS_REQUEST_TIMEOUT_MS` | longest request | 10000 |

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use cds_service::{Config, jwt, serve};
use tokio::net::TcpListener;

const USAGE: &str = "usage: cds_hooks_service [PORT] [--no-jwt]\n\nServes CDS Hooks on \
http://CDS_BIND:PORT/cds-services. The client's JWT is verified against CDS_JWKS with the issuers \
of CDS_JWT_ISSUERS; --no-jwt turns verification off (local testing only). Other settings: \
CDS_SERVICE_URL, CDS_ALLOWED_ORIGINS, CDS_AS_OF, CDS_MAX_CONNECTIONS, CDS_HEADER_TIMEOUT_MS, \
CDS_REQUEST_TIMEOUT_MS.";

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn number<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("{name}: {v:?} is not a number")),
    }
}

fn list(name: &str) -> Vec<String> {
    var(name)
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The configuration and the address from the arguments and the environment.
fn configure() -> Result<(Config, SocketAddr), String> {
    let mut no_jwt = false;
    let mut port = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--no-jwt" => no_jwt = true,
            a if port.is_none() && !a.starts_with('-') => port = Some(a.to_owned()),
            a => return Err(format!("unknown argument {a:?}")),
        }
    }
    let port: u16 = match port.or_else(|| var("PORT")) {
        None => 8080,
        Some(p) => p
            .trim()
            .parse()
            .map_err(|_| format!("port {p:?} is not a number from 0 to 65535"))?,
    };
    let bind: IpAddr = match var("CDS_BIND") {
        None => IpAddr::V4(Ipv4Addr::LOCALHOST),
        Some(b) => b
            .parse()
            .map_err(|_| format!("CDS_BIND: {b:?} is not an IP address"))?,
    };
    let defaults = Config::default();
    let mut config = Config {
        service_url: var("CDS_SERVICE_URL")
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://127.0.0.1:{port}")),
        allowed_origins: list("CDS_ALLOWED_ORIGINS"),
        max_connections: number("CDS_MAX_CONNECTIONS", defaults.max_connections)?,
        header_timeout: Duration::from_millis(number(
            "CDS_HEADER_TIMEOUT_MS",
            defaults.header_timeout.as_millis() as u64,
        )?),
        request_timeout: Duration::from_millis(number(
            "CDS_REQUEST_TIMEOUT_MS",
            defaults.request_timeout.as_millis() as u64,
        )?),
        ..defaults
    };
    if let Some(date) = var("CDS_AS_OF") {
        config.as_of = Some(
            date.parse()
                .map_err(|e| format!("CDS_AS_OF: {date:?}: {e}"))?,
        );
    }
    if !no_jwt {
        let jwks = var("CDS_JWKS").ok_or(
            "CDS_JWKS: missing; give the JWKS of the trusted issuers (a file or an http:// URL), \
             or --no-jwt for local testing",
        )?;
        let issuers = list("CDS_JWT_ISSUERS");
        let verifier = jwt::Verifier::from_source(&jwks, issuers)?;
        config.jwt = Some(Arc::new(verifier));
    }
    Ok((config, SocketAddr::new(bind, port)))
}

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::args().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let (config, address) = match configure() {
        Ok(c) => c,
        Err(message) => {
            eprintln!("cds_hooks_service: {message}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cds_hooks_service: cannot listen on {address}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let shown = listener.local_addr().unwrap_or(address);
    eprintln!(
        "CDS Hooks discovery at http://{shown}/cds-services (JWT verification {}; Ctrl-C stops)",
        if config.jwt.is_some() { "on" } else { "off" }
    );
    let shutdown = async {
        // Without a signal handler, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    match serve(listener, config, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cds_hooks_service: {e}");
            ExitCode::FAILURE
        }
    }
}
