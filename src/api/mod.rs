//! The HTTP API: OGC API – Features for every layer, the analyses, the map page.

pub mod error;
pub mod export;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;

pub use error::ApiError;

use crate::index::Catalog;

/// Shared, read-only state built once at start-up.
#[derive(Clone)]
pub struct AppState {
    pub catalog: Arc<Catalog>,
    /// Built web assets (web/dist), served at /map.
    pub web_dir: PathBuf,
}

/// The whole router.
pub fn app(state: AppState) -> Router {
    Router::new().merge(export::router()).with_state(state)
}
