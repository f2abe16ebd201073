//! One error type for every handler: a status, an OGC-style code and a JSON body
//! that names the parameter at fault.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// What went wrong in a request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A query or path parameter is malformed or out of range.
    #[error("invalid parameter `{parameter}`: {reason}")]
    InvalidParameter { parameter: String, reason: String },
    /// An unknown collection, feature or municipality.
    #[error("{what} `{id}` not found")]
    NotFound { what: &'static str, id: String },
    /// A field of a request body (or a request header) is missing or invalid.
    #[error("invalid `{field}`: {reason}")]
    InvalidField { field: String, reason: String },
    /// A write without a valid bearer token (`invalid` when one was presented).
    #[error("{reason}")]
    Unauthorized { reason: String, invalid: bool },
    /// A valid token whose role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// `If-Match` names a version that is no longer current.
    #[error("{0}")]
    PreconditionFailed(String),
    /// The request conflicts with the stored state.
    #[error("{0}")]
    Conflict(String),
    /// The method is not offered on this resource.
    #[error("{reason}")]
    MethodNotAllowed { allow: &'static str, reason: String },
    /// A request body in a media type the resource does not take.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The server cannot do this (a missing optional part, e.g. unbuilt web assets).
    #[error("{0}")]
    Unavailable(String),
    /// A bug or an I/O failure; the details are logged, not sent.
    #[error("internal error")]
    Internal(String),
}

impl From<crate::edit::FieldError> for ApiError {
    fn from(e: crate::edit::FieldError) -> Self {
        ApiError::InvalidField {
            field: e.field,
            reason: e.message,
        }
    }
}

impl ApiError {
    pub fn param(parameter: impl Into<String>, reason: impl Into<String>) -> Self {
        ApiError::InvalidParameter {
            parameter: parameter.into(),
            reason: reason.into(),
        }
    }
    pub fn field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        ApiError::InvalidField {
            field: field.into(),
            reason: reason.into(),
        }
    }
    pub fn not_found(what: &'static str, id: impl Into<String>) -> Self {
        ApiError::NotFound {
            what,
            id: id.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, parameter) = match &self {
            ApiError::InvalidParameter { parameter, .. } => (
                StatusCode::BAD_REQUEST,
                "InvalidParameterValue",
                Some(parameter.clone()),
            ),
            ApiError::InvalidField { .. } => (StatusCode::BAD_REQUEST, "InvalidValue", None),
            ApiError::Unauthorized { .. } => (StatusCode::UNAUTHORIZED, "Unauthorized", None),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "Forbidden", None),
            ApiError::PreconditionFailed(_) => (
                StatusCode::PRECONDITION_FAILED,
                "PreconditionFailed",
                Some("If-Match".to_string()),
            ),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "Conflict", None),
            ApiError::MethodNotAllowed { .. } => (
                StatusCode::METHOD_NOT_ALLOWED,
                "MethodNotAllowed",
                Some("method".to_string()),
            ),
            ApiError::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UnsupportedMediaType",
                Some("Content-Type".to_string()),
            ),
            ApiError::NotFound { .. } => (StatusCode::NOT_FOUND, "NotFound", None),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "Unavailable", None),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "ServerError", None)
            }
        };
        let mut body = json!({
            "code": code,
            "description": self.to_string(),
            "status": status.as_u16(),
        });
        if let Some(p) = parameter {
            body["parameter"] = json!(p);
        }
        if let ApiError::InvalidField { field, .. } = &self {
            body["field"] = json!(field);
        }
        let mut resp = (status, Json(body)).into_response();
        match &self {
            // RFC 6750 §3: the scheme, and `invalid_token` when one was presented.
            ApiError::Unauthorized { invalid, .. } => {
                let v = if *invalid {
                    r#"Bearer realm="pierobeza", error="invalid_token""#
                } else {
                    r#"Bearer realm="pierobeza""#
                };
                resp.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(v));
            }
            ApiError::MethodNotAllowed { allow, .. } => {
                resp.headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static(allow));
            }
            _ => {}
        }
        resp
    }
}
