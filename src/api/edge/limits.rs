//! Bounds on what a request may carry before any handler sees it: the length of the
//! request target and the number and size of the headers.
//!
//! hyper has its own, larger bounds (a 64 KiB request target, 100 headers, a ~400 KiB read
//! buffer); beyond those it answers by itself with an empty body and closes the connection.
//! Ours sit below them so that every request a client can reasonably send gets a JSON
//! answer naming what was too long.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Longest request target (path and query) accepted, in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Most headers accepted in one request.
pub const MAX_HEADERS: usize = 64;
/// Most bytes of header names and values accepted in one request.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Largest request body accepted (no endpoint takes a body yet; this bounds the reads).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Middleware: 414 for a long request target, 431 for too many or too large headers.
pub async fn request_limits(req: Request, next: Next) -> Response {
    let target_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target_len > MAX_URI_BYTES {
        return refuse(
            StatusCode::URI_TOO_LONG,
            "URITooLong",
            "uri",
            format!(
                "the request target is {target_len} bytes; at most {MAX_URI_BYTES} are accepted"
            ),
        );
    }
    let headers = req.headers();
    if headers.len() > MAX_HEADERS {
        return refuse(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "RequestHeaderFieldsTooLarge",
            "headers",
            format!(
                "{} headers; at most {MAX_HEADERS} are accepted",
                headers.len()
            ),
        );
    }
    let header_bytes: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len())
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return refuse(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "RequestHeaderFieldsTooLarge",
            "headers",
            format!(
                "the headers take {header_bytes} bytes; at most {MAX_HEADER_BYTES} are accepted"
            ),
        );
    }
    next.run(req).await
}

fn refuse(status: StatusCode, code: &str, parameter: &str, description: String) -> Response {
    let body = json!({"code": code, "description": description, "parameter": parameter,
                      "status": status.as_u16()});
    (status, Json(body)).into_response()
}
