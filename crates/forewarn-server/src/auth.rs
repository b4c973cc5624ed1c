//! Who is asking: API tokens with roles, and the access rules.
//!
//! A token is 32 random bytes shown once, in hex after `fw_`, when `forewarn token create`
//! makes it; the store keeps only its BLAKE3 hash (a token is random and long, so a fast hash
//! is enough: there is nothing to guess). Scripts send it as `Authorization: Bearer fw_...`;
//! the web app keeps it in an HttpOnly, SameSite=Strict cookie after the login page.
//!
//! On a loopback-only server started without `--require-token`, a request without a token
//! acts as the local analyst (no TLP:RED clearance). Otherwise every request needs a token.
//! Viewers read; analysts also review and ingest; admins also manage tokens.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use forewarn_model::Role;
use forewarn_store::{ApiToken, Store, StoreError};

use crate::error::ApiError;
use crate::state::{Access, AppState};

/// The cookie that carries a signed-in browser's token.
pub const TOKEN_COOKIE: &str = "fw_token";

/// A new token's secret (shown once) and the hash the store keeps.
pub fn new_secret() -> Result<(String, String), getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let secret = format!(
        "fw_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let hash = hash(&secret);
    Ok((secret, hash))
}

/// The stored form of a secret.
pub fn hash(secret: &str) -> String {
    blake3::hash(secret.trim().as_bytes()).to_hex().to_string()
}

/// Why a token could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The system's random source failed.
    #[error("cannot draw random bytes for a token: {0}")]
    Random(getrandom::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Makes a token: returns its record and the secret to hand to its user (never stored).
pub fn create_token(
    store: &mut dyn Store,
    name: &str,
    role: Role,
    red: bool,
) -> Result<(ApiToken, String), TokenError> {
    let (secret, hash) = new_secret().map_err(TokenError::Random)?;
    let token = store.put_token(name, role, red, &hash)?;
    Ok((token, secret))
}

/// The party behind a request.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The token's name, or `local` for the open loopback analyst.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// Whether it may see documents marked TLP:RED.
    pub red: bool,
    /// Whether the token came in an `Authorization` header (a script: no CSRF check).
    pub bearer: bool,
}

fn rank(r: Role) -> u8 {
    match r {
        Role::Viewer => 0,
        Role::Analyst => 1,
        Role::Admin => 2,
    }
}

impl Principal {
    /// Refuses unless the principal's role is at least `role`.
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        if rank(self.role) >= rank(role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "this needs the {role} role; the token {:?} is a {}",
                self.name, self.role
            )))
        }
    }

    /// Whether this principal may see a document with this marking.
    pub fn may_see(&self, tlp: Option<forewarn_model::Tlp>) -> bool {
        self.red || tlp != Some(forewarn_model::Tlp::Red)
    }
}

/// The value of cookie `name` in the request, if any.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer(parts: &Parts) -> Option<&str> {
    let v = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Looks up a presented secret.
pub async fn verify(state: &AppState, secret: &str) -> Result<Option<ApiToken>, ApiError> {
    let hash = hash(secret);
    state
        .read(move |store| Ok(store.token_by_hash(&hash)?))
        .await
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(p) = parts.extensions.get::<Principal>() {
            return Ok(p.clone());
        }
        let (secret, is_bearer) = match bearer(parts) {
            Some(t) => (Some(t.to_string()), true),
            None => (cookie(parts, TOKEN_COOKIE).map(str::to_string), false),
        };
        let principal = match secret {
            Some(secret) => match verify(state, &secret).await? {
                Some(t) if t.revoked.is_none() => Principal {
                    name: t.name,
                    role: t.role,
                    red: t.red,
                    bearer: is_bearer,
                },
                Some(_) => return Err(ApiError::unauthorized("this token was revoked")),
                None => return Err(ApiError::unauthorized("unknown token")),
            },
            None if state.access() == Access::LocalOpen => Principal {
                name: "local".into(),
                role: Role::Analyst,
                red: false,
                bearer: false,
            },
            None => {
                return Err(ApiError::unauthorized(
                    "a token is required: send `Authorization: Bearer fw_...` (make one with `forewarn token create`)",
                ));
            }
        };
        parts.extensions.insert(principal.clone());
        Ok(principal)
    }
}
