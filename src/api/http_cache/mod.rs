//! HTTP caching and compression at no cost on the hot path.
//!
//! Every answer of a GET gets a strong `ETag` (its body's digest, one per coding),
//! `Last-Modified` (when the data last changed), `Cache-Control` and `Vary`; a
//! request whose copy is current gets a 304 without a body. Anonymous answers of
//! deterministic paths are kept in memory with their gzip and brotli bodies, made
//! once at a good ratio when a second request asks (the first is answered at the
//! fastest level), until the data changes; everything else is compressed per request
//! at the fastest levels. tower-http's `CompressionLayer` compressed every
//! answer at the default level on every request: 27 ms for a 484 kB page that takes
//! 0.7 ms to make.

pub mod coding;
pub mod conditions;
pub mod kept;
pub mod policy;
pub mod representation;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use self::coding::{negotiate, Coding, Effort};
use self::conditions::Conditions;
use self::kept::Key;
use self::representation::Representation;
use super::{AppState, DataView};

/// What the middleware reads off a request before the handler takes it.
struct Asked {
    coding: Coding,
    conditions: Conditions,
    /// The request carried credentials: its answer is private and never kept.
    authenticated: bool,
    own_tag: bool,
    key: Option<Key>,
    /// The data the answer is made from (its build time is `Last-Modified`).
    view: Arc<DataView>,
}

/// Middleware around every route (the map's files have their own, see `map_files`).
pub async fn representations(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if req.uri().path() == "/map" || req.uri().path().starts_with("/map/") {
        return map_files(next.run(req).await);
    }
    let asked = asked(&st, &req);
    if let Some(kept) = asked.key.as_ref().and_then(|k| st.kept.get(k)) {
        return kept
            .respond(asked.coding, &asked.conditions, asked.authenticated)
            .await;
    }
    let is_get = matches!(*req.method(), Method::GET | Method::HEAD);
    let resp = next.run(req).await;
    if !is_get || resp.status() != StatusCode::OK {
        return per_request(resp, asked.coding).await;
    }
    let (parts, body) = resp.into_parts();
    let Ok(body) = axum::body::to_bytes(body, policy::MAX_BODY).await else {
        return unbuffered();
    };
    let kept = asked.key.is_some() && body.len() <= policy::MAX_KEPT_BODY;
    let effort = if kept {
        Effort::Kept
    } else {
        Effort::PerRequest
    };
    let r = Arc::new(Representation::new(
        parts.headers,
        body,
        asked.own_tag,
        DateTime::parse_from_rfc3339(&asked.view.updated)
            .ok()
            .map(|t| t.with_timezone(&Utc)),
        effort,
    ));
    if let (true, Some(key)) = (kept, asked.key) {
        st.kept.keep(key, Arc::clone(&r));
    }
    r.respond_first(asked.coding, &asked.conditions, asked.authenticated)
        .await
}

fn asked(st: &AppState, req: &Request) -> Asked {
    let h = req.headers();
    let view = st.view();
    let path = req.uri().path();
    let key = policy::shareable(req.method(), path, h).then(|| Key::of(view.counter, req.uri(), h));
    Asked {
        coding: negotiate(h.get(header::ACCEPT_ENCODING)),
        conditions: Conditions::of(h),
        authenticated: h.contains_key(header::AUTHORIZATION),
        own_tag: policy::own_tag_is_representation(path),
        key,
        view,
    }
}

/// An answer that is not a 200 of a GET (errors, writes): compressed at the fastest
/// level when it is large enough, never tagged.
async fn per_request(resp: Response, coding: Coding) -> Response {
    let (mut parts, body) = resp.into_parts();
    let size = axum::body::HttpBody::size_hint(&body).exact();
    let worth = coding != Coding::Identity
        && size.is_some_and(|n| {
            (policy::MIN_COMPRESSED as u64..=policy::MAX_BODY as u64).contains(&n)
        })
        && policy::compressible(parts.headers.get(header::CONTENT_TYPE))
        && !parts.headers.contains_key(header::CONTENT_ENCODING);
    if !worth {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, policy::MAX_BODY).await else {
        return unbuffered();
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_ENCODING,
        HeaderValue::from_static(coding.token()),
    );
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    let body = coding::compress(&bytes, coding, Effort::PerRequest);
    Response::from_parts(parts, Body::from(body))
}

/// The map's files: `ServeDir` sends the build's `.br` / `.gz` siblings and answers
/// `If-Modified-Since`; their names carry no hash, so browsers ask again each use.
fn map_files(mut resp: Response) -> Response {
    resp.headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
    resp
}

/// The JSON error of a body that could not be read back (larger than any answer the
/// service makes, or a failed stream).
fn unbuffered() -> Response {
    super::ApiError::Internal("the answer could not be buffered".into()).into_response()
}
