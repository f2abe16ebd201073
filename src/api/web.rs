//! The map page: the built assets of web/ at /map, through tower-http's `ServeDir`
//! (ETag/Last-Modified, Range, a real MIME table).
//!
//! `ServeDir` already refuses `..`, absolute and drive-prefixed components, but it follows
//! symbolic links. A guard in front of it accepts only plain path components (no dot
//! files, backslashes, NUL or encoded separators) and checks that the resolved file lies
//! inside the web directory, so a link pointing out of it is not followed.

use std::path::{Component, Path, PathBuf};

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use percent_encoding::percent_decode_str;
use tower_http::services::ServeDir;

use super::{ApiError, AppState};

pub fn router(st: &AppState) -> Router<AppState> {
    // The build writes each file's .br and .gz beside it (web/build.mjs): compressed
    // once, at the best levels, instead of per request.
    let files = ServeDir::new(&st.web_dir)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip();
    let guarded = Router::new()
        .fallback_service(files)
        .layer(from_fn_with_state(st.web_dir.clone(), guard));
    Router::new().nest_service("/map", guarded)
}

/// The request's path below /map as plain components, or `None` if any is not plain.
fn plain_components(rel: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for raw in rel.split('/').filter(|s| !s.is_empty()) {
        let seg = percent_decode_str(raw).decode_utf8().ok()?;
        let bad = seg.starts_with('.')
            || seg.contains('/')
            || seg.contains(['\\', '\0', ':'])
            || seg.chars().any(char::is_control);
        let mut comps = Path::new(seg.as_ref()).components();
        let one_normal =
            matches!(comps.next(), Some(Component::Normal(_))) && comps.next().is_none();
        if bad || !one_normal {
            return None;
        }
        out.push(seg.to_string());
    }
    Some(out)
}

/// Whether `path` (which exists) resolves, links followed, to a place inside `root`.
async fn inside(root: &Path, path: &Path) -> bool {
    let (Ok(root), Ok(real)) = (
        tokio::fs::canonicalize(root).await,
        tokio::fs::canonicalize(path).await,
    ) else {
        return false;
    };
    real.starts_with(root)
}

async fn guard(State(web_dir): State<PathBuf>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        // The JSON edge turns this into the OGC exception, naming the method.
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let rel = req.uri().path().to_string();
    let Some(parts) = plain_components(&rel) else {
        return ApiError::not_found("file", format!("/map{rel}")).into_response();
    };
    let mut path = web_dir.clone();
    path.extend(&parts);
    if parts.is_empty() && !path.join("index.html").is_file() {
        return ApiError::Unavailable(format!(
            "the map's assets are not built in {}: run `npm --prefix web ci && npm --prefix web run build`",
            web_dir.display()
        ))
        .into_response();
    }
    if tokio::fs::symlink_metadata(&path).await.is_ok() && !inside(&web_dir, &path).await {
        tracing::warn!(path = %rel, "refused a link out of the web directory");
        return ApiError::not_found("file", format!("/map{rel}")).into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::plain_components;

    #[test]
    fn only_plain_components_pass() {
        assert_eq!(
            plain_components("/assets/a.png"),
            Some(vec!["assets".into(), "a.png".into()])
        );
        assert_eq!(plain_components("/"), Some(vec![]));
        for bad in [
            "/../x",
            "/%2e%2e/x",
            "/a/%2E%2E/%2E%2E/etc/passwd",
            "/.hidden",
            "/a\\b",
            "/a%5cb",
            "/a%00b",
            "/c:/x",
            "/%FF",
            "/%2Fetc%2Fpasswd/..",
        ] {
            assert_eq!(plain_components(bad), None, "{bad}");
        }
    }
}
