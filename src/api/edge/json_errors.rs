//! Every error answer is JSON in the OGC exception shape, including the ones that axum
//! and tower-http produce by themselves with an empty or plain-text body (405 from the
//! router, 400 from a path or query that does not decode, 404 from the file server, 408
//! from the timeout, 413 from the body limit).

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, Response, StatusCode};
use axum::middleware::Next;
use serde_json::json;

/// The most of a non-JSON error body that is read to quote it in the description.
const QUOTED_BODY_MAX: usize = 4096;

/// Middleware: rewrites error responses whose body is not JSON.
pub async fn json_errors(req: Request, next: Next) -> Response<Body> {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(&resp) {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let text = to_bytes(body, QUOTED_BODY_MAX)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let (code, description, parameter) = describe(status, &method, &path, &parts.headers, text);
    let mut body = json!({"code": code, "description": description, "status": status.as_u16()});
    if let Some(p) = parameter {
        body["parameter"] = json!(p);
    }
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body.to_string()))
}

fn is_json(resp: &Response<Body>) -> bool {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json") || ct.contains("+json"))
}

/// The OGC code, a description and the parameter at fault, by status.
fn describe(
    status: StatusCode,
    method: &Method,
    path: &str,
    headers: &axum::http::HeaderMap,
    text: String,
) -> (&'static str, String, Option<&'static str>) {
    let shown = shorten(path);
    match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = headers
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("GET, HEAD");
            (
                "MethodNotAllowed",
                format!("{method} is not allowed on {shown}; allowed: {allow}"),
                Some("method"),
            )
        }
        StatusCode::NOT_FOUND => ("NotFound", format!("path `{shown}` not found"), None),
        StatusCode::REQUEST_TIMEOUT => (
            "RequestTimeout",
            format!("{method} {shown} took longer than the server's request timeout"),
            None,
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "PayloadTooLarge",
            format!("the request body is larger than the server accepts ({text})"),
            Some("body"),
        ),
        s if s == StatusCode::BAD_REQUEST && text.starts_with("Invalid URL") => (
            "InvalidParameterValue",
            format!("the path `{shown}` does not decode: {text}"),
            Some("path"),
        ),
        s if s == StatusCode::BAD_REQUEST && text.contains("query string") => (
            "InvalidParameterValue",
            format!("the query string does not decode: {text}"),
            Some("query"),
        ),
        s if s.is_client_error() => ("InvalidRequest", fallback_text(s, text), None),
        s => ("ServerError", fallback_text(s, text), None),
    }
}

fn fallback_text(status: StatusCode, text: String) -> String {
    if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("error")
            .to_ascii_lowercase()
    } else {
        text
    }
}

/// Paths are quoted in descriptions, but never at any length.
pub fn shorten(path: &str) -> String {
    const MAX: usize = 200;
    if path.len() <= MAX {
        return path.to_string();
    }
    let mut end = MAX;
    while !path.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &path[..end])
}
