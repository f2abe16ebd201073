//! Everything that calls the system GDAL library: the GeoPackage writer, its
//! QGIS styles, and the vector reader used by `pierobeza import`.
//!
//! This is the one module compiled only with the `gdal` cargo feature.

/// The GeoPackage writer.
pub mod gpkg;
/// Reading a vector layer for import.
pub mod read;
/// QGIS styles (QML and SLD) like the web map's.
pub mod styles;
