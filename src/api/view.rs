//! One consistent view of the data for a request: the catalog built from a store
//! snapshot and what is derived from it. A request takes the current view once
//! and keeps it, so a refresh in the middle of a request never mixes two states.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::index::geojson::feature_json;
use crate::index::Catalog;

/// The data as of one change counter.
pub struct DataView {
    pub catalog: Arc<Catalog>,
    /// Every feature of every layer as GeoJSON text, by layer id, in layer order.
    pub features_json: HashMap<String, Vec<String>>,
    /// When this view was built (RFC 3339): the `timeStamp` of item pages.
    pub updated: String,
    /// The store's change counter the view was built at (0 without a store).
    pub counter: i64,
    /// The GeoPackage download in CRS84 and in LKS-92, built on first request.
    pub gpkg_cache: [OnceLock<axum::body::Bytes>; 2],
}

impl DataView {
    /// Serializes every feature once.
    pub fn new(catalog: Arc<Catalog>, counter: i64) -> DataView {
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
        DataView {
            catalog,
            features_json,
            updated: crate::store::now_rfc3339(),
            counter,
            gpkg_cache: [OnceLock::new(), OnceLock::new()],
        }
    }
}
