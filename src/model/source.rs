//! A vector layer as read from a file (through GDAL), before `pierobeza import`
//! validates it: plain values that the reader produces and the importer consumes.

use std::path::PathBuf;

use geo::Geometry;
use serde_json::{Map, Value};

use crate::geom::Crs;

/// One input feature: its geometry in the source CRS and its fields.
#[derive(Debug, Clone)]
pub struct SourceFeature {
    /// Position in the layer, from 0.
    pub index: usize,
    /// The geometry in the layer's CRS; `None` when the feature has none (or an empty one).
    pub geometry: Option<Geometry<f64>>,
    /// The attribute fields as JSON values (dates as strings).
    pub fields: Map<String, Value>,
}

/// One input layer as read from a file.
#[derive(Debug, Clone)]
pub struct SourceLayer {
    /// The file it was read from.
    pub path: PathBuf,
    /// The layer's name in that file.
    pub layer_name: String,
    /// GDAL's name of the declared geometry type (`Point`, `Multi Polygon`, ...).
    pub geometry_type: String,
    /// The CRS of its coordinates (declared, recognised or assumed).
    pub crs: Crs,
    /// The attribute field names, in file order.
    pub field_names: Vec<String>,
    /// Every feature, in file order.
    pub features: Vec<SourceFeature>,
}
