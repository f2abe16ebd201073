//! Files for GIS clients: GeoJSON per layer, CSV attribute tables, the coverage
//! table, and (with the `gdal` feature) one styled GeoPackage.
//!
//! Every writer reads the [`Catalog`](crate::index::Catalog) only, so an export
//! carries exactly the public geometries the API serves.

/// Command-line entry: `pierobeza export`.
pub mod cli;
/// CSV: layer attribute tables with WKT.
pub mod csv;
/// GeoPackage writing, QGIS styles and GDAL reading (the one GDAL boundary).
#[cfg(feature = "gdal")]
pub mod gdal;
/// RFC 7946 FeatureCollections, one per layer.
pub mod geojson;

use std::path::PathBuf;

/// Output coordinate reference system of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputCrs {
    /// OGC CRS84: longitude, latitude in degrees (WGS 84), as served by the API.
    #[default]
    Crs84,
    /// LKS-92 / Latvia TM (EPSG:3059): easting, northing in metres.
    Lks92,
}

impl OutputCrs {
    /// Parses `EPSG:4326`, `CRS84`, `OGC:CRS84` or `EPSG:3059` (case-insensitive).
    pub fn parse(s: &str) -> Option<OutputCrs> {
        match s.trim().to_ascii_uppercase().as_str() {
            "CRS84" | "OGC:CRS84" | "EPSG:4326" | "4326" | "WGS84" => Some(OutputCrs::Crs84),
            "EPSG:3059" | "3059" | "LKS92" | "LKS-92" => Some(OutputCrs::Lks92),
            _ => None,
        }
    }

    /// The EPSG code written into files.
    pub fn epsg(self) -> u32 {
        match self {
            OutputCrs::Crs84 => 4326,
            OutputCrs::Lks92 => 3059,
        }
    }
}

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
    #[error("the GeoPackage export needs GDAL: build with `cargo build --features gdal`")]
    NeedsGdal,
    /// GDAL failed while writing `path`.
    #[error("{}: GDAL: {message}", path.display())]
    Gdal { path: PathBuf, message: String },
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
    let tmp = temp_sibling(path);
    std::fs::write(&tmp, bytes).map_err(|e| ExportError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        ExportError::io(path, e)
    })
}

/// `DIR/.NAME.tmp-PID-N`: a unique name beside `path`, on the same file system.
pub(crate) fn temp_sibling(path: &std::path::Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// A small catalog for unit tests: two units, the border, a settlement.
#[cfg(all(test, feature = "gdal"))]
pub(crate) fn sample_catalog() -> crate::index::Catalog {
    use crate::model::*;
    use geo::{polygon, LineString, MultiPolygon, Point};
    let unit = |code: &str, name: &str, x0: f64| Municipality {
        code: code.into(),
        name_lv: name.into(),
        name_en: name.into(),
        kind: UnitKind::Novads,
        planning_region: "Latgale".into(),
        vintage: Vintage::V2021,
        valid_from: "2021-07-01".into(),
        valid_to: None,
        population: Some(1000),
        population_year: Some(2024),
        population_date: None,
        population_source: None,
        area_km2: 1.5,
        official_area_km2: None,
        eastern_border_area: true,
        plan_share: None,
        plan_part: None,
        provenance: None,
        note: None,
        geometry: MultiPolygon::new(vec![polygon![
            (x: x0, y: 56.0), (x: x0 + 0.5, y: 56.0), (x: x0 + 0.5, y: 56.5), (x: x0, y: 56.5)
        ]]),
    };
    let units = vec![
        unit("LV-001", "Āboliņu novads", 27.0),
        unit("LV-002", "Bērzu novads", 27.5),
    ];
    let mut current = units.clone();
    for u in &mut current {
        u.vintage = Vintage::Current;
    }
    let geodata = Geodata {
        plan_territory: MultiPolygon::new(vec![polygon![
            (x: 27.0, y: 56.0), (x: 28.0, y: 56.0), (x: 28.0, y: 56.5), (x: 27.0, y: 56.5)
        ]]),
        municipalities: [(Vintage::V2021, units), (Vintage::Current, current)].into(),
        border: vec![BorderSegment {
            neighbour: Country::RU,
            geometry: LineString::from(vec![(28.0, 56.0), (28.0, 56.5)]),
            length_m: 55_000.0,
        }],
        settlements: vec![Settlement {
            geonameid: 1,
            name: "Ciems".into(),
            population: Some(600),
            population_basis: "geonames_village".into(),
            population_note: None,
            part_of: None,
            point: Point::new(27.123_456_7, 56.25),
            municipality_2021: "LV-001".into(),
            municipality_current: "LV-001".into(),
            provenance: "test".into(),
            assigned_by: None,
        }],
        ..Geodata::default()
    };
    crate::index::build_catalog(geodata, Plan::default())
}
