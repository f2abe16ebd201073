//! Downloads: GeoJSON per layer, the GeoPackage, the coverage CSV. (Owned by the export work; stub.)

use axum::Router;

use super::AppState;

/// Routes under /export.
pub fn router() -> Router<AppState> {
    Router::new()
}
