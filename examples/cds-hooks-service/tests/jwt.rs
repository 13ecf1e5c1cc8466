//! The client's JWT: accepted when signed by a key of the configured JWKS with the expected
//! claims; each kind of bad token refused with 401. The key pair is made at test time.

mod common;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use cds_service::{Config, jwt::Verifier};
use common::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::ecdsa::SigningKey;
use p256::pkcs8::EncodePrivateKey;
use serde_json::{Value, json};

const SERVICE_URL: &str = "https://cds.example.org";
const ISSUER: &str = "https://ehr.example.org";
const PATH: &str = "/cds-services/leg-spasm-patient-view";

/// Base64url without padding (RFC 7515).
fn b64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn key() -> SigningKey {
    SigningKey::random(&mut rand_core::OsRng)
}

/// The JWKS of a key, as its `kid`.
fn jwks(key: &SigningKey, kid: &str) -> String {
    let point = key.verifying_key().to_encoded_point(false);
    json!({"keys": [{
        "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": kid,
        "x": b64url(point.x().unwrap()), "y": b64url(point.y().unwrap()),
    }]})
    .to_string()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Good claims.
fn claims() -> Value {
    json!({
        "iss": ISSUER, "aud": format!("{SERVICE_URL}{PATH}"), "iat": now(),
        "exp": now() + 300, "jti": "0e5f8d0c-5d4f-4e0c-9d2e-4e6b1f3c2a10",
    })
}

fn token(key: &SigningKey, kid: &str, claims: &Value) -> String {
    let der = key.to_pkcs8_der().unwrap();
    let header = Header {
        kid: Some(kid.to_owned()),
        ..Header::new(Algorithm::ES256)
    };
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_ec_der(der.as_bytes())).unwrap()
}

/// The status and body of a patient-view call with an Authorization header.
fn call(server: &Server, authorization: Option<&str>) -> (u16, Value) {
    let request = request(
        "patient-view",
        "p1",
        prefetch_of(&patient("p1", "1950-01-01"), &[], &[]),
        None,
    );
    let mut call = agent()
        .post(&server.url(PATH))
        .header("content-type", "application/json");
    if let Some(a) = authorization {
        call = call.header("authorization", a);
    }
    let (status, _, body) = answer(call.send(request.to_string()).unwrap());
    (status, body)
}

#[test]
fn tokens_are_verified() {
    let signer = key();
    let verifier = Verifier::new(&jwks(&signer, "k1"), vec![ISSUER.to_owned()]).unwrap();
    let server = start(Config {
        service_url: SERVICE_URL.to_owned(),
        jwt: Some(Arc::new(verifier)),
        ..test_config()
    });
    let bearer = |t: String| format!("Bearer {t}");

    // Accepted.
    let (status, body) = call(&server, Some(&bearer(token(&signer, "k1", &claims()))));
    assert_eq!(status, 200, "{body}");
    // Discovery needs no token.
    assert_eq!(server.get("/cds-services").0, 200);

    let with = |name: &str, value: Value| {
        let mut c = claims();
        if value.is_null() {
            c.as_object_mut().unwrap().remove(name);
        } else {
            c[name] = value;
        }
        bearer(token(&signer, "k1", &c))
    };
    let refused = [
        ("no token", None, "Authorization: missing"),
        (
            "bad signature",
            Some(bearer(token(&key(), "k1", &claims()))),
            "signature",
        ),
        (
            "unknown key",
            Some(bearer(token(&signer, "k2", &claims()))),
            "kid",
        ),
        (
            "wrong aud",
            Some(with(
                "aud",
                json!(format!("{SERVICE_URL}/cds-services/other")),
            )),
            "aud",
        ),
        (
            "expired",
            Some(with("exp", json!(now() - 3600))),
            "exp: the token has expired",
        ),
        (
            "unknown iss",
            Some(with("iss", json!("https://other.example.org"))),
            "iss",
        ),
        (
            "missing jti",
            Some(with("jti", Value::Null)),
            "jti: missing",
        ),
        ("not a JWT", Some("Bearer abc".to_owned()), "not a JWT"),
    ];
    for (what, authorization, message) in refused {
        let (status, body) = call(&server, authorization.as_deref());
        assert_eq!(status, 401, "{what}: {body}");
        assert!(error_of(&body).contains(message), "{what}: {body}");
    }
}

#[test]
fn the_verifier_refuses_a_bad_configuration() {
    assert!(Verifier::new("{}", vec![ISSUER.to_owned()]).is_err());
    assert!(Verifier::new(&jwks(&key(), "k1"), Vec::new()).is_err());
}
