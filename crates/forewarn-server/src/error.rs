//! Errors as the API and the pages report them: an HTTP status, a stable machine-readable
//! code and a message for a person. API routes answer with JSON; pages with an HTML page.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use forewarn_store::StoreError;
use serde::Serialize;

/// A failed request.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code (`not_found`, `bad_request`, `unauthorized`, ...).
    pub code: &'static str,
    /// What went wrong, for a person.
    pub message: String,
}

/// The JSON body of an error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// HTTP status code.
    pub status: u16,
    /// Stable machine-readable code.
    pub code: String,
    /// What went wrong.
    pub message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400: the request is malformed.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 401: no valid token.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 403: the token's role may not do this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404: no such thing.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 409: the request conflicts with the record (an ambiguous name, a decided pair).
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 413: the body is too large.
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
    }

    /// 422: well-formed but unusable (a document that cannot be read).
    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "unprocessable", message)
    }

    /// 500: our fault.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            status: self.status.as_u16(),
            code: self.code.to_string(),
            message: self.message.clone(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.status, self.code, self.message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match &e {
            StoreError::Query(_) => ApiError::bad_request(e.to_string()),
            StoreError::NotFound { .. } => ApiError::not_found(e.to_string()),
            _ => {
                tracing::error!("store: {e}");
                ApiError::internal(e.to_string())
            }
        }
    }
}

impl From<forewarn_kb::KbError> for ApiError {
    fn from(e: forewarn_kb::KbError) -> Self {
        match e {
            forewarn_kb::KbError::Store(s) => s.into(),
        }
    }
}

impl From<forewarn_kb::review::ReviewError> for ApiError {
    fn from(e: forewarn_kb::review::ReviewError) -> Self {
        use forewarn_kb::review::ReviewError;
        match e {
            ReviewError::Store(s) => s.into(),
            ReviewError::NotFound(m) => ApiError::not_found(m),
            ReviewError::Refused(m) => ApiError::conflict(m),
        }
    }
}

impl From<forewarn_export::ExportError> for ApiError {
    fn from(e: forewarn_export::ExportError) -> Self {
        use forewarn_export::ExportError;
        match e {
            ExportError::Store(s) => s.into(),
            ExportError::Unsupported { .. } => ApiError::bad_request(e.to_string()),
            ExportError::Io(_) | ExportError::Csv(_) => ApiError::internal(e.to_string()),
        }
    }
}

/// A request axum could not read (a body that is not JSON or not of the expected shape, a
/// query string or path segment of the wrong type): the same JSON error as every other,
/// with the reason axum gives. A body sent as another media type than JSON is 415; every
/// other malformed request is 400.
fn rejected(status: StatusCode, reason: String) -> ApiError {
    if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
        ApiError::new(status, "unsupported_media_type", reason)
    } else if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(status, "payload_too_large", reason)
    } else {
        ApiError::bad_request(reason)
    }
}

impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        rejected(r.status(), r.body_text())
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(r: axum::extract::rejection::QueryRejection) -> Self {
        rejected(r.status(), r.body_text())
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(r: axum::extract::rejection::PathRejection) -> Self {
        rejected(r.status(), r.body_text())
    }
}

/// `axum::Json` whose rejection is an [`ApiError`].
#[derive(Debug, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Query` whose rejection is an [`ApiError`].
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `axum::extract::Path` whose rejection is an [`ApiError`].
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}
