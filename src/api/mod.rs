//! The HTTP API: OGC API – Features for every layer, the analyses, the map page.

pub mod analysis;
pub mod as_of;
pub mod auth;
pub mod coverage_cache;
pub mod crs;
pub mod edge;
pub mod error;
pub mod export;
pub mod filter;
pub mod http_cache;
pub mod links;
pub mod live;
pub mod ogc;
pub mod openapi;
pub mod params;
pub mod plan;
pub mod progress;
pub mod queryables;
pub mod report;
pub mod select;
pub mod server;
pub mod sort;
pub mod tiles;
pub mod view;
pub mod web;
pub mod write;

use std::path::PathBuf;
use std::sync::Arc;

use arc_swap::ArcSwap;
use axum::http::{HeaderMap, Uri};
use axum::Router;

pub use error::ApiError;
pub use view::DataView;

use crate::index::Catalog;
use crate::store::Store;

/// Shared state: the current data view (swapped when the store changes), the
/// store it comes from (writes and tokens), the map's files and the edge
/// configuration.
#[derive(Clone)]
pub struct AppState {
    data: Arc<ArcSwap<DataView>>,
    /// The store behind the view; `None` for a catalog-only state (read-only).
    pub store: Option<Store>,
    /// Held while a view is rebuilt from the store, so that a write and the
    /// follower never build the same change twice.
    rebuilding: Arc<tokio::sync::Mutex<()>>,
    /// Built web assets (web/dist), served at /map.
    pub web_dir: PathBuf,
    /// Links, CORS and timeouts at the HTTP edge.
    pub edge: Arc<edge::EdgeConfig>,
    /// Views of past instants (`?datetime=`).
    pub as_of: Arc<as_of::AsOfCache>,
    /// Anonymous answers kept with their compressed bodies until the data changes.
    pub kept: Arc<http_cache::kept::Kept>,
}

impl AppState {
    /// State over a catalog not backed by a store (change counter 0).
    pub fn new(catalog: Arc<Catalog>, web_dir: PathBuf) -> AppState {
        AppState::with_view(DataView::new(catalog, 0), web_dir)
    }

    /// State over a prepared view.
    pub fn with_view(view: DataView, web_dir: PathBuf) -> AppState {
        AppState {
            data: Arc::new(ArcSwap::from_pointee(view)),
            store: None,
            rebuilding: Arc::new(tokio::sync::Mutex::new(())),
            web_dir,
            edge: Arc::new(edge::EdgeConfig::default()),
            as_of: Arc::default(),
            kept: Arc::default(),
        }
    }

    /// The same state with this edge configuration.
    pub fn with_edge(mut self, edge: edge::EdgeConfig) -> AppState {
        self.edge = Arc::new(edge);
        self
    }

    /// The same state with writes going to `store` (the one the view is built from).
    pub fn with_store(mut self, store: Store) -> AppState {
        self.store = Some(store);
        self
    }

    /// The current data: take it once per request.
    pub fn view(&self) -> Arc<DataView> {
        self.data.load_full()
    }

    /// Makes a new view current; requests under way keep theirs.
    pub fn publish(&self, view: DataView) {
        self.data.store(Arc::new(view));
    }

    /// Makes the view current unless one of a later change counter already is.
    pub fn publish_newer(&self, view: DataView) -> bool {
        let newer = view.counter > self.view().counter;
        if newer {
            self.publish(view);
        }
        newer
    }

    /// The lock a view rebuild holds (see [`live::catch_up`]).
    pub(crate) async fn rebuild_lock(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.rebuilding.lock().await
    }

    /// The base of absolute links in the answer to a request with these headers.
    pub fn base_url(&self, headers: &HeaderMap) -> String {
        self.edge.links.base(headers)
    }
}

/// The whole router.
pub fn app(state: AppState) -> Router {
    let edge = Arc::clone(&state.edge);
    let routes = Router::new()
        .merge(ogc::router())
        .merge(tiles::router())
        .merge(analysis::router())
        .merge(progress::router())
        .merge(report::router())
        .merge(write::progress::router())
        .merge(plan::router())
        .merge(auth::router())
        .merge(web::router(&state))
        .merge(export::router())
        .fallback(|uri: Uri| async move {
            ApiError::not_found("path", edge::json_errors::shorten(uri.path()))
        })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http_cache::representations,
        ))
        .with_state(state);
    edge::wrap(routes, &edge)
}
