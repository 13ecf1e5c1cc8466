//! Verification of the client's JWT (CDS Hooks 2.0, "Trusting CDS Clients").
//!
//! Every `POST` carries `Authorization: Bearer {JWT}`. The token is accepted when:
//!
//! - its header names an asymmetric algorithm (ES256, ES384, RS256..RS512, PS256..PS512,
//!   EdDSA) and a `kid` found in the configured JWKS (the keys of the trusted issuers, from a
//!   file or a URL read at start);
//! - its signature verifies against that key;
//! - `iss` is one of the allowed issuers; `aud` is the URL of the service called,
//!   `{service_url}/cds-services/{id}` (also for that service's `/feedback`); `exp` is in the
//!   future (60 s of clock skew allowed); `jti` is present.
//!
//! A refusal names what was wrong, never the token.

use axum::http::{HeaderMap, header};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, errors::ErrorKind};
use serde::Deserialize;

/// Verifies the bearer JWT of a request.
#[derive(Debug)]
pub struct Verifier {
    keys: JwkSet,
    issuers: Vec<String>,
}

/// The claims read besides those `jsonwebtoken` validates.
#[derive(Deserialize)]
struct Claims {
    jti: Option<String>,
}

impl Verifier {
    /// A verifier of the keys of `jwks` (a JWKS document) for the `issuers` allowed.
    ///
    /// # Errors
    ///
    /// The JWKS is not a JWK Set, or no issuer is allowed.
    pub fn new(jwks: &str, issuers: Vec<String>) -> Result<Verifier, String> {
        let keys: JwkSet =
            serde_json::from_str(jwks).map_err(|e| format!("the JWKS is not a JWK Set: {e}"))?;
        if issuers.is_empty() {
            return Err("no JWT issuer is allowed; list the trusted issuers".to_owned());
        }
        Ok(Verifier { keys, issuers })
    }

    /// A verifier of the JWKS read from a file or an `http://` URL.
    ///
    /// # Errors
    ///
    /// The JWKS cannot be read, or as [`Verifier::new`].
    pub fn from_source(source: &str, issuers: Vec<String>) -> Result<Verifier, String> {
        let text = if source.starts_with("http://") {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .timeout_global(Some(std::time::Duration::from_secs(10)))
                .build()
                .into();
            agent
                .get(source)
                .call()
                .and_then(|mut r| r.body_mut().read_to_string())
                .map_err(|e| format!("JWKS {source}: {e}"))?
        } else {
            std::fs::read_to_string(source).map_err(|e| format!("JWKS {source}: {e}"))?
        };
        Verifier::new(&text, issuers).map_err(|e| format!("JWKS {source}: {e}"))
    }

    /// Checks the `Authorization` header of a request to `path` of the service at
    /// `service_url`.
    ///
    /// # Errors
    ///
    /// What is wrong with the token, in words.
    pub fn check(&self, headers: &HeaderMap, service_url: &str, path: &str) -> Result<(), String> {
        let value = headers
            .get(header::AUTHORIZATION)
            .ok_or("Authorization: missing; expected Bearer and the client's JWT")?;
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or("Authorization: expected Bearer and the client's JWT")?
            .trim();
        let head = jsonwebtoken::decode_header(token)
            .map_err(|e| format!("the token is not a JWT: {e}"))?;
        if matches!(
            head.alg,
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512
        ) {
            return Err(format!(
                "alg {:?}: expected an asymmetric algorithm (ES256, RS256...)",
                head.alg
            ));
        }
        let kid = head
            .kid
            .as_deref()
            .ok_or("kid: missing from the JWT header")?;
        let jwk = self
            .keys
            .find(kid)
            .ok_or_else(|| format!("kid {kid:?}: not a key of the configured JWKS"))?;
        let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("kid {kid:?}: {e}"))?;
        let service_path = path.strip_suffix("/feedback").unwrap_or(path);
        let audience = format!("{service_url}{service_path}");
        let mut validation = Validation::new(head.alg);
        validation.set_audience(&[&audience]);
        validation.set_issuer(&self.issuers);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        let data = jsonwebtoken::decode::<Claims>(token, &key, &validation).map_err(|e| match e
            .kind()
        {
            ErrorKind::InvalidSignature => "the signature does not verify".to_owned(),
            ErrorKind::ExpiredSignature => "exp: the token has expired".to_owned(),
            ErrorKind::InvalidAudience => format!("aud: expected {audience}"),
            ErrorKind::InvalidIssuer => "iss: not an allowed issuer".to_owned(),
            ErrorKind::MissingRequiredClaim(c) => format!("{c}: missing"),
            ErrorKind::InvalidAlgorithm => {
                format!("alg {:?}: not the algorithm of key {kid:?}", head.alg)
            }
            _ => format!("the token is refused: {e}"),
        })?;
        match data.claims.jti {
            Some(jti) if !jti.is_empty() => Ok(()),
            _ => Err("jti: missing".to_owned()),
        }
    }
}
