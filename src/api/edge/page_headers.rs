//! Security headers: `nosniff` on every answer; on the map page a Content-Security-Policy
//! that allows only the server's own scripts and styles (and the optional online basemap's
//! tiles), a referrer policy and no framing.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The online basemap the map can turn on (web/src/basemap.js).
pub const BASEMAP_TILE_HOST: &str = "https://tile.openstreetmap.org";

/// The map's policy. Inline `style` attributes are allowed (`style-src-attr`): the legend
/// swatches carry their data-driven colour that way; they cannot run code. Scripts and
/// style sheets come only from this server.
fn map_csp() -> String {
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-elem 'self'",
        "style-src-attr 'unsafe-inline'",
        &format!("img-src 'self' data: {BASEMAP_TILE_HOST}"),
        "connect-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
    .join("; ")
}

/// Middleware: adds the headers; the map page's only under `/map`.
pub async fn page_headers(req: Request, next: Next) -> Response {
    let is_map = req.uri().path() == "/map" || req.uri().path().starts_with("/map/");
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The tile server's usage policy asks for a Referer; send the origin only.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if is_map {
        if let Ok(v) = HeaderValue::from_str(&map_csp()) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    resp
}
