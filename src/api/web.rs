//! The map page: the built assets of web/ at /map.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/map", get(index))
        .route("/map/", get(index))
        .route("/map/{*path}", get(asset))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "map" => "application/json",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

async fn serve_file(st: &AppState, rel: &str) -> Result<Response, ApiError> {
    if rel
        .split('/')
        .any(|seg| seg == ".." || seg.starts_with('.'))
        || rel.contains('\\')
    {
        return Err(ApiError::not_found("file", rel));
    }
    let path = st.web_dir.join(rel);
    match tokio::fs::read(&path).await {
        Ok(bytes) => Ok(([(header::CONTENT_TYPE, content_type(rel))], bytes).into_response()),
        Err(_) if rel == "index.html" => Err(ApiError::Unavailable(format!(
            "the map's assets are not built in {}: run `npm --prefix web ci && npm --prefix web run build`",
            st.web_dir.display()
        ))),
        Err(_) => Err(ApiError::not_found("file", rel)),
    }
}

async fn index(State(st): State<AppState>) -> Result<Response, ApiError> {
    serve_file(&st, "index.html").await
}

async fn asset(State(st): State<AppState>, Path(path): Path<String>) -> Result<Response, ApiError> {
    serve_file(&st, &path).await
}
