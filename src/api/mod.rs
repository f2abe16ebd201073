//! The HTTP API: OGC API – Features for every layer, the analyses, the map page.

pub mod analysis;
pub mod edge;
pub mod error;
pub mod export;
pub mod links;
pub mod ogc;
pub mod openapi;
pub mod params;
pub mod plan;
pub mod server;
pub mod web;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::http::{HeaderMap, Uri};
use axum::Router;

pub use error::ApiError;

use crate::index::geojson::feature_json;
use crate::index::Catalog;

/// Shared, read-only state built once at start-up.
#[derive(Clone)]
pub struct AppState {
    pub catalog: Arc<Catalog>,
    /// Built web assets (web/dist), served at /map.
    pub web_dir: PathBuf,
    /// Every feature of every layer as GeoJSON text, by layer id, in layer order.
    pub features_json: Arc<HashMap<String, Vec<String>>>,
    /// Start-up time (RFC 3339), the `timeStamp` of item pages: the data does not change while serving.
    pub started: String,
    /// The GeoPackage download in CRS84 and in LKS-92, built on first request.
    pub gpkg_cache: Arc<[OnceLock<axum::body::Bytes>; 2]>,
    /// Links, CORS and timeouts at the HTTP edge.
    pub edge: Arc<edge::EdgeConfig>,
}

impl AppState {
    /// Serializes every feature once.
    pub fn new(catalog: Arc<Catalog>, web_dir: PathBuf) -> AppState {
        let features_json = catalog
            .layers
            .iter()
            .map(|l| {
                (
                    l.id.clone(),
                    l.features
                        .iter()
                        .map(|f| feature_json(f).to_string())
                        .collect(),
                )
            })
            .collect();
        AppState {
            catalog,
            web_dir,
            features_json: Arc::new(features_json),
            started: rfc3339_now(),
            gpkg_cache: Arc::new([OnceLock::new(), OnceLock::new()]),
            edge: Arc::new(edge::EdgeConfig::default()),
        }
    }

    /// The same state with this edge configuration.
    pub fn with_edge(mut self, edge: edge::EdgeConfig) -> AppState {
        self.edge = Arc::new(edge);
        self
    }

    /// The base of absolute links in the answer to a request with these headers.
    pub fn base_url(&self, headers: &HeaderMap) -> String {
        self.edge.links.base(headers)
    }
}

fn rfc3339_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The whole router.
pub fn app(state: AppState) -> Router {
    let edge = Arc::clone(&state.edge);
    let routes = Router::new()
        .merge(ogc::router())
        .merge(analysis::router())
        .merge(plan::router())
        .merge(web::router(&state))
        .merge(export::router())
        .fallback(|uri: Uri| async move {
            ApiError::not_found("path", edge::json_errors::shorten(uri.path()))
        })
        .with_state(state);
    edge::wrap(routes, &edge)
}
