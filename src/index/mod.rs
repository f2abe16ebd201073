//! Layers built from the model, each with its R-tree, shared read-only by the
//! analyses, the API and the export.

pub mod build;
mod domains;
pub mod filter;
pub mod geojson;
mod keep;
pub mod layer;
pub mod population;
mod positions;
pub mod record;
pub mod sort;
pub mod source;
pub mod spatial;

pub use build::build_catalog;
pub use layer::{Catalog, Feature, GeomClass, Layer, LayerGroup};
pub use population::{PopulationModel, UnitPopulation};
pub use record::{
    BorderRecord, CrossingRecord, LocationRecord, MeasureInfo, Record, SettlementRecord,
    SiteStatus, TerritoryRecord, UnitRecord,
};
pub use spatial::SpatialIndex;
