//! Shared set-up for the API tests: the real router on the shipped data, built once.

#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::body::Bytes;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use pierobeza::api::{app, AppState};
use pierobeza::cli::load_catalog;
use pierobeza::load::DataPaths;
use serde_json::Value;
use tower::ServiceExt;

pub mod db;
pub mod http;
pub mod live;
pub mod openapi;
pub mod serve;

/// The one runtime the shared stores live on, for as long as the test process lives: a
/// store's pooled PostgreSQL connections belong to the runtime that opened them, and a
/// test's own runtime ends with the test (a connection opened there then fails the next
/// test that draws it from the pool).
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Runtime::new().expect("runtime"))
}

/// The real router's state over a fresh store (SQLite, or PostgreSQL with
/// `PIEROBEZA_TEST_DATABASE=postgres`) loaded from the shipped files.
pub fn state() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| {
            // Its own thread: the caller may be inside a runtime already.
            std::thread::spawn(|| {
                runtime().block_on(async {
                    let target = db::fresh(&db::backend()).await;
                    let web = std::path::PathBuf::from("/nonexistent");
                    pierobeza::api::live::start(&target, &DataPaths::current_dir(), web)
                        .await
                        .expect("the shipped data loads into the store")
                        .state
                })
            })
            .join()
            .expect("store set-up")
        })
        .clone()
}

/// The catalog built straight from the shipped files (no store).
pub fn file_catalog() -> Arc<pierobeza::index::Catalog> {
    static CAT: OnceLock<Arc<pierobeza::index::Catalog>> = OnceLock::new();
    CAT.get_or_init(|| {
        Arc::new(load_catalog(&DataPaths::current_dir()).expect("shipped data loads"))
    })
    .clone()
}

/// One request on the real router, answered and read on the shared [`runtime`] (where
/// the store's connections live): status, headers and body.
pub async fn send(state: AppState, req: Request<Body>) -> (StatusCode, HeaderMap, Bytes) {
    runtime()
        .spawn(async move {
            let resp = app(state).oneshot(req).await.unwrap();
            let (parts, body) = resp.into_parts();
            let bytes = body.collect().await.unwrap().to_bytes();
            (parts.status, parts.headers, bytes)
        })
        .await
        .expect("the request's task")
}

/// GET a path on the real router; returns status, content type and body text.
pub async fn get(path: &str) -> (StatusCode, String, String) {
    let req = Request::get(path)
        .header("host", "127.0.0.1:8080")
        .body(Body::empty())
        .unwrap();
    let (status, headers, bytes) = send(state(), req).await;
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, ct, String::from_utf8_lossy(&bytes).into_owned())
}

/// GET a path that must answer 200 with JSON.
pub async fn get_json(path: &str) -> Value {
    let (status, _, body) = get(path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
}

/// GET a path that must answer 400 naming `param`.
pub async fn expect_400(path: &str, param: &str) {
    let (status, ct, body) = get(path).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
    assert!(ct.starts_with("application/json"), "{path}: {ct}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["parameter"], param, "{path}: {body}");
    assert!(
        v["description"].as_str().is_some_and(|d| d.len() > 10),
        "{body}"
    );
}
