//! Request guards that every route passes through: the CSRF check for browser writes and
//! the security headers on every response.
//!
//! CSRF: a random token lives in a `fw_csrf` cookie (SameSite=Strict) that the server sets
//! on the first page a browser loads, and in each page (a `<meta>` for scripts, a hidden
//! `_csrf` field in forms). A write (any method but GET, HEAD, OPTIONS) must echo it, in the
//! `X-CSRF-Token` header or the form field, unless it carries an `Authorization` header, which
//! browsers never add to cross-site requests on their own.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::cookie;
use crate::error::ApiError;

/// The CSRF cookie's name.
pub const CSRF_COOKIE: &str = "fw_csrf";

/// The CSRF token of this request's browser, for pages to embed.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Largest form body read for its CSRF field.
const FORM_LIMIT: usize = 1024 * 1024;

fn fresh_token() -> String {
    let mut bytes = [0u8; 16];
    // Without randomness no write can be protected; an empty token matches nothing.
    if getrandom::fill(&mut bytes).is_err() {
        return String::new();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn same(a: &str, b: &str) -> bool {
    // Length and content compared without an early exit.
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Checks writes for the CSRF token; gives pages the token (setting the cookie if new).
pub async fn csrf(request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let existing = cookie(&parts, CSRF_COOKIE)
        .filter(|c| c.len() == 32)
        .map(str::to_string);
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    let scripted = parts.headers.contains_key(header::AUTHORIZATION);
    let mut body = body;
    if !safe && !scripted {
        let Some(expected) = existing.as_deref() else {
            return ApiError::forbidden(
                "missing CSRF cookie: load a page of the web app first, or send an Authorization header",
            )
            .into_response();
        };
        let header_token = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let ok = match header_token {
            Some(t) => same(&t, expected),
            None => {
                let is_form = parts
                    .headers
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
                if !is_form {
                    false
                } else {
                    let bytes = match to_bytes(body, FORM_LIMIT).await {
                        Ok(b) => b,
                        Err(_) => {
                            return ApiError::too_large("form body over 1 MiB").into_response();
                        }
                    };
                    let found = url::form_urlencoded::parse(&bytes)
                        .find(|(k, _)| k == "_csrf")
                        .is_some_and(|(_, v)| same(&v, expected));
                    body = Body::from(bytes);
                    found
                }
            }
        };
        if !ok {
            return ApiError::forbidden(
                "CSRF token missing or wrong: reload the page and try again",
            )
            .into_response();
        }
    }
    let (token, set_cookie) = match existing {
        Some(t) => (t, false),
        None => (fresh_token(), true),
    };
    parts.extensions.insert(CsrfToken(token.clone()));
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if set_cookie
        && !token.is_empty()
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{CSRF_COOKIE}={token}; Path=/; SameSite=Strict; HttpOnly"
        ))
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// The Content-Security-Policy: nothing but forewarn's own scripts, styles and data.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers to every response.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
