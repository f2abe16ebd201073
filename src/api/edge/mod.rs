//! The HTTP edge: everything between the socket and the handlers — request ids and the
//! request log, bounds on what a request may carry, the overall request timeout, CORS,
//! security headers, and JSON for every error.

pub mod access_log;
pub mod cors;
pub mod json_errors;
pub mod limits;
pub mod page_headers;

use std::time::Duration;

use axum::http::{HeaderName, StatusCode};
use axum::middleware::from_fn;
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;

pub use cors::CorsPolicy;

use super::links::LinkBase;

/// How the edge behaves; `serve` fills it from the command line.
#[derive(Debug, Clone)]
pub struct EdgeConfig {
    /// Where absolute links point.
    pub links: LinkBase,
    /// Which origins may read from a browser.
    pub cors: CorsPolicy,
    /// The longest a request may take, from its head to its response head.
    pub request_timeout: Duration,
}

impl Default for EdgeConfig {
    fn default() -> Self {
        EdgeConfig {
            links: LinkBase::default(),
            cors: CorsPolicy::Any,
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// Wraps the routes in the edge layers (the last one added sees the request first).
pub fn wrap(routes: Router, cfg: &EdgeConfig) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let mut r = routes
        .layer(RequestBodyLimitLayer::new(limits::MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            cfg.request_timeout,
        ))
        .layer(from_fn(limits::request_limits))
        .layer(from_fn(json_errors::json_errors));
    if let Some(cors) = cfg.cors.layer() {
        r = cors::around(r, cors);
    }
    r.layer(from_fn(page_headers::page_headers))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(access_log::layer())
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
    // Compression and validators: `http_cache`, around the routes.
}
