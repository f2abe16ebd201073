//! Geometry algorithms: metrics, projections and polygon work.
//!
//! Pure functions, one algorithm a file, units in the names: `_km2`, `_m`,
//! CRS84 (lon/lat degrees) unless a name says `lks92` (EPSG:3059 metres).

/// Geodesic areas (km²) of polygons in CRS84.
pub mod area;
/// The coordinate reference systems of files: CRS84 and LKS-92.
pub mod crs;
/// Dissolving polygons into one (union) and dropping slivers.
pub mod dissolve;
/// Distances and lengths in metres (geodesic, or in LKS-92 for point–line).
pub mod distance;
/// LKS-92 (EPSG:3059) Transverse Mercator forward and inverse, mm-accurate.
pub mod lks92;
/// Sampling a polygon on a regular grid of cell centres (scanline).
pub mod raster;
/// Rounding coordinates to 6 decimals.
pub mod round;
/// Ring and polygon validity checks (closed, ≥4 points, simple).
pub mod validity;
/// Voronoi cells of a few sites in projected metres, by half-plane clipping.
pub mod voronoi;
/// The WebMercatorQuad tiling (EPSG:3857) of the vector tiles.
pub mod web_mercator;

pub use area::{area_km2, polygon_area_km2};
pub use crs::Crs;
pub use distance::{distance_to_lines_m, length_m};
pub use lks92::{coord_from_lks92, coord_to_lks92, from_lks92, to_lks92};
