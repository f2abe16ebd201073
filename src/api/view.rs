//! One consistent view of the data for a request: the catalog built from a store
//! snapshot and what is derived from it. A request takes the current view once
//! and keeps it, so a refresh in the middle of a request never mixes two states.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::coverage_cache::CoverageCache;
use crate::auth::Role;
use crate::index::geojson::feature_json;
use crate::index::{Catalog, Layer};

/// The data as of one change counter.
pub struct DataView {
    pub catalog: Arc<Catalog>,
    /// Each feature's GeoJSON text, by layer id, in layer order: written on first
    /// request and kept (serializing a million features up front cost seconds of
    /// start-up and a kilobyte each).
    features_json: HashMap<String, Vec<OnceLock<String>>>,
    /// When this view was built (RFC 3339): the `timeStamp` of item pages.
    pub updated: String,
    /// The store's change counter the view was built at (0 without a store).
    pub counter: i64,
    /// The GeoPackage download in CRS84 and in LKS-92, built on first request.
    pub gpkg_cache: [OnceLock<axum::body::Bytes>; 2],
    /// Coverage reports computed over this view's catalog: they hold as long as the view.
    pub coverage: CoverageCache,
    /// The same data for analysts and up, where some site is stored finer than the
    /// public may see; `None` when the public view is all there is.
    pub restricted: Option<Arc<DataView>>,
}

impl DataView {
    /// A view over a catalog; features are serialized when first asked for.
    pub fn new(catalog: Arc<Catalog>, counter: i64) -> DataView {
        let features_json = catalog
            .layers
            .iter()
            .map(|l| {
                (
                    l.id.clone(),
                    (0..l.features.len()).map(|_| OnceLock::new()).collect(),
                )
            })
            .collect();
        DataView {
            catalog,
            features_json,
            updated: crate::store::now_rfc3339(),
            counter,
            gpkg_cache: [OnceLock::new(), OnceLock::new()],
            coverage: CoverageCache::default(),
            restricted: None,
        }
    }

    /// The view a caller of `role` reads: the restricted one from analyst up.
    pub fn for_role(self: &Arc<Self>, role: Role) -> Arc<DataView> {
        match &self.restricted {
            Some(r) if role >= Role::Analyst => Arc::clone(r),
            _ => Arc::clone(self),
        }
    }
}

impl DataView {
    /// The GeoJSON text of feature `i` of `layer` (a layer of this view's catalog).
    pub fn feature_text(&self, layer: &Layer, i: usize) -> &str {
        match self.features_json.get(&layer.id).and_then(|v| v.get(i)) {
            Some(cell) => cell.get_or_init(|| feature_json(&layer.features[i]).to_string()),
            None => "null",
        }
    }
}
