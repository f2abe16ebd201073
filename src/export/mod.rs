//! Files for GIS clients: GeoJSON per layer, CSV attribute tables, the coverage
//! table, and (with the `gdal` feature) one styled GeoPackage.
//!
//! Every writer reads the [`Catalog`](crate::index::Catalog) only, so an export
//! carries exactly the public geometries the API serves.

/// Command-line entry: `pierobeza export`.
pub mod cli;
/// CSV: layer attribute tables with WKT.
pub mod csv;
/// RFC 7946 FeatureCollections, one per layer.
pub mod geojson;
/// Mapbox Vector Tiles of a layer (WebMercatorQuad).
pub mod mvt;
/// The progress report's tables (CSV) and its per-unit choropleth (GeoJSON).
pub mod progress;

use std::path::PathBuf;

/// Output coordinate reference system of an export (CRS84 or LKS-92).
pub use crate::geom::Crs as OutputCrs;

/// Why an export failed; each variant names what it concerns.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A layer id that the catalog does not hold.
    #[error("unknown layer `{0}`")]
    UnknownLayer(String),
    /// An option that does not fit the format.
    #[error("{0}")]
    Usage(String),
    /// The coverage analysis refused to run.
    #[error("coverage: {0}")]
    Analysis(#[from] crate::analysis::AnalysisError),
    /// The data in the data directory does not load.
    #[error("{0}")]
    Data(#[from] crate::load::DataErrors),
    /// The GeoPackage needs the GDAL build.
    #[error("the GeoPackage export needs GDAL: build with `cargo build --no-default-features --features gdal`")]
    NeedsGdal,
    /// GDAL failed while writing `path`.
    #[error("{}: GDAL: {message}", path.display())]
    Gdal { path: PathBuf, message: String },
}

#[cfg(feature = "gdal")]
impl From<crate::gdal::GdalError> for ExportError {
    fn from(e: crate::gdal::GdalError) -> Self {
        use crate::gdal::GdalError;
        match e {
            GdalError::Io { path, source } => ExportError::Io { path, source },
            GdalError::Gdal { path, message } => ExportError::Gdal { path, message },
            e @ GdalError::TwoSqlites => ExportError::Usage(e.to_string()),
        }
    }
}

impl ExportError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ExportError::Io {
            path: path.into(),
            source,
        }
    }
}

pub use crate::geom::round::round6;

/// Writes bytes to `path` through a temporary sibling and a rename, so a reader
/// never sees half a file and a failure leaves the old file in place.
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::files::write_atomic(path, bytes).map_err(|(path, e)| ExportError::io(path, e))
}
