//! One error type for every handler: a status, an OGC-style code and a JSON body
//! that names the parameter at fault.

use axum::http::StatusCode;
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
    /// The server cannot do this (a missing optional part, e.g. unbuilt web assets).
    #[error("{0}")]
    Unavailable(String),
    /// A bug or an I/O failure; the details are logged, not sent.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    pub fn param(parameter: impl Into<String>, reason: impl Into<String>) -> Self {
        ApiError::InvalidParameter {
            parameter: parameter.into(),
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
        (status, Json(body)).into_response()
    }
}
