//! One structured log line per request, through tower-http's `TraceLayer`: method, path,
//! request id (also sent back as `x-request-id`), status, bytes and latency. The level is
//! set with `RUST_LOG` (target `pierobeza::access`; `RUST_LOG=pierobeza::access=off`
//! silences it).

use std::time::Duration;

use axum::body::{Body, HttpBody};
use axum::http::{header, Request, Response};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{MakeSpan, OnResponse, TraceLayer};
use tracing::Span;

use super::json_errors::shorten;

/// Opens the request's span with the fields every line carries.
#[derive(Clone, Copy, Debug)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, req: &Request<B>) -> Span {
        let id = req
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .filter(|v| plain_id(v))
            .unwrap_or("-");
        let target = req.uri().path_and_query().map_or("", |pq| pq.as_str());
        tracing::info_span!(target: "pierobeza::access", "request",
            method = %req.method(), path = %shorten(target), id = %id)
    }
}

/// A client may send its own `x-request-id`; only a plain one goes into the log.
fn plain_id(id: &str) -> bool {
    id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

/// Writes the line when the response head is ready.
#[derive(Clone, Copy, Debug)]
pub struct LogResponse;

impl OnResponse<Body> for LogResponse {
    fn on_response(self, resp: &Response<Body>, latency: Duration, _span: &Span) {
        let bytes = resp
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .or_else(|| resp.body().size_hint().exact());
        let status = resp.status().as_u16();
        let latency_ms = (latency.as_secs_f64() * 1e6).round() / 1e3;
        match bytes {
            Some(b) => {
                tracing::info!(target: "pierobeza::access", status, bytes = b, latency_ms, "done")
            }
            None => {
                tracing::info!(target: "pierobeza::access", status, bytes = "streamed", latency_ms, "done")
            }
        }
    }
}

/// The layer: a span per request and one line at its response; failures are the line's status.
pub fn layer(
) -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RequestSpan, (), LogResponse, (), (), ()>
{
    TraceLayer::new_for_http()
        .make_span_with(RequestSpan)
        .on_request(())
        .on_response(LogResponse)
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}
