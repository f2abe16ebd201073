//! Everything that calls the system GDAL library: reading a vector layer for
//! `pierobeza import`, and the GeoPackage writer with its QGIS styles for
//! `pierobeza export`.
//!
//! This is the one module compiled only with the `gdal` cargo feature. It depends
//! on the neutral types ([`crate::geom::Crs`], [`crate::model::SourceLayer`],
//! [`crate::index::Catalog`]), never on `import` or `export`, which both call it.

/// The GeoPackage writer.
pub mod gpkg;
/// Reading a vector layer for import.
pub mod read;
/// QGIS styles (QML and SLD) like the web map's.
pub mod styles;

use std::path::PathBuf;

/// Why writing through GDAL failed; each variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum GdalError {
    /// Moving or removing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// GDAL failed while writing `path`.
    #[error("{}: GDAL: {message}", path.display())]
    Gdal {
        /// The file concerned.
        path: PathBuf,
        /// GDAL's message.
        message: String,
    },
    /// The binary holds two SQLite libraries, which breaks GDAL's GeoPackage writer.
    #[error(
        "this binary bundles its own SQLite next to GDAL's, which breaks GeoPackage files: \
         build it with `cargo build --no-default-features --features gdal`"
    )]
    TwoSqlites,
}

impl GdalError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        GdalError::Io {
            path: path.into(),
            source,
        }
    }
}
