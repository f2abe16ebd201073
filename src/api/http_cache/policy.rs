//! Which answers may be kept and shared, and what caches along the way are told.

use axum::http::{header, HeaderMap, HeaderValue, Method};

/// The largest body kept in memory (a GeoPackage of every layer is a few MB on the
/// shipped data; the view keeps those itself).
pub const MAX_KEPT_BODY: usize = 16 * 1024 * 1024;

/// The largest body tagged and compressed at all: beyond it the answer goes out as
/// the handler made it.
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// Below this a body is sent as it is: compression would save less than its header.
pub const MIN_COMPRESSED: usize = 1024;

/// Paths whose answer is a function of the data (the change counter) and the URL,
/// Host and Accept alone. Not the reports and progress figures (their default day is
/// today), the record routes (`/progress/...`, their ETag is the stored version) or
/// `/auth`.
fn deterministic(path: &str) -> bool {
    matches!(
        path,
        "/" | "/conformance" | "/api" | "/collections" | "/plan"
    ) || path.starts_with("/collections/")
        || path.starts_with("/export/")
        || matches!(
            path,
            "/analysis/coverage" | "/analysis/nearest" | "/analysis/within" | "/analysis/locate"
        )
}

/// Whether the answer to this request may be kept and served to other anonymous
/// callers: a GET or HEAD without credentials on a deterministic path. An
/// authenticated caller may see restricted sites, so its answers are never shared.
pub fn shareable(method: &Method, path: &str, headers: &HeaderMap) -> bool {
    (method == Method::GET || method == Method::HEAD)
        && !headers.contains_key(header::AUTHORIZATION)
        && deterministic(path)
}

/// Whether a handler's own `ETag` describes the whole representation: the progress
/// records' tags are the stored version of what is sent. A feature's tag is the
/// version of its location, while the answer also carries its measure's fields, so a
/// 304 on it could confirm a stale copy; its body tag decides instead.
pub fn own_tag_is_representation(path: &str) -> bool {
    path.starts_with("/progress/")
}

/// `Cache-Control` of a data answer: any cache may keep it but must ask again before
/// each use (data changes when someone writes), which costs a 304 when nothing did.
/// An authenticated answer is for that caller only.
pub fn cache_control(authenticated: bool) -> HeaderValue {
    HeaderValue::from_static(if authenticated {
        "private, no-cache"
    } else {
        "public, no-cache"
    })
}

/// `Vary` of a data answer: the format follows `Accept`, the coding
/// `Accept-Encoding`, and what a caller may see its credentials.
pub fn vary() -> HeaderValue {
    HeaderValue::from_static("Accept, Accept-Encoding, Authorization")
}

/// Whether a body of this `Content-Type` shrinks when compressed (text, JSON, XML,
/// CSV, SVG, JavaScript, vector tiles (their property values are text), and the
/// GeoPackage's SQLite pages; not images or archives).
pub fn compressible(content_type: Option<&HeaderValue>) -> bool {
    let Some(ct) = content_type.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let ct = ct.to_ascii_lowercase();
    ct.starts_with("text/")
        || ct.contains("json")
        || ct.contains("xml")
        || ct.contains("javascript")
        || ct.contains("csv")
        || ct.contains("vector-tile")
        || ct.contains("geopackage")
        || ct.contains("sqlite")
}
