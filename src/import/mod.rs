//! `pierobeza import`: official data in through GDAL. Replaces a vintage's unit
//! boundaries (e.g. with the State Land Service's) or adds measure locations,
//! from a Shapefile, GeoPackage or GeoJSON in LKS-92 (EPSG:3059) or WGS 84.
//!
//! Nothing is written until the whole input has been validated, and the new data
//! root is loaded with the data check before it replaces anything; shipped data
//! is changed only with `--in-place`.

/// Replacing unit boundaries.
pub mod boundaries;
/// An import as one changeset of the store (`--database`).
pub mod into_store;
/// Measure locations as GeoJSON files under seeds/.
pub mod locations;
/// `--map TARGET=SOURCE` and value conversion.
pub mod mapping;
/// Writing a new data root: stage, check, then replace.
pub mod stage;

use std::path::PathBuf;

use geo::Geometry;

use crate::load::{DataErrors, DataPaths};
use crate::model::Vintage;
pub use mapping::FieldMap;

/// The CRS of an input layer: CRS84 (WGS 84 or ETRS89 lon/lat) or LKS-92.
pub use crate::geom::Crs as SourceCrs;
pub use crate::model::{SourceFeature, SourceLayer};

/// The kind of a geometry, for messages.
pub fn geometry_name(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::Line(_) | Geometry::LineString(_) => "LineString",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => "Polygon",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
    }
}

/// Why an import did not happen. Nothing was written when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input or the data it would produce fails validation (file, record, field).
    #[error("{0}")]
    Data(#[from] DataErrors),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Options that do not fit together.
    #[error("{0}")]
    Usage(String),
    /// Import reads through GDAL.
    #[error("import reads files through GDAL: build with `cargo build --no-default-features --features gdal`")]
    NeedsGdal,
}

impl ImportError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ImportError::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<crate::load::DataError> for ImportError {
    fn from(e: crate::load::DataError) -> Self {
        ImportError::Data(e.into())
    }
}

/// What the input becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportTarget {
    /// Replace the unit boundaries of `--vintage` (`geodata/municipalities_<vintage>.geojson`).
    Municipalities,
    /// Add the features as exact locations of `--measure` (GeoJSON files under seeds/geometries/).
    Locations,
}

/// Arguments of `pierobeza import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Input: a Shapefile (.shp with .shx, .dbf, .prj), a GeoPackage or a GeoJSON file.
    pub input: PathBuf,
    /// The layer to read from a multi-layer input (a GeoPackage); its only layer by default.
    #[arg(long)]
    pub layer: Option<String>,
    /// What the input replaces or adds.
    #[arg(long, value_enum, default_value = "municipalities")]
    pub target: ImportTarget,
    /// Vintage of the boundaries: `2021` (2021–2025, the plan's) or `current`.
    #[arg(long, default_value = "2021", value_parser = parse_vintage)]
    pub vintage: Vintage,
    /// Field mapping TARGET=SOURCE, repeatable: `--map code=ATVK_CODE --map name_lv=NOSAUKUMS`.
    /// A target without a mapping is read from the input field of the same name, if any.
    #[arg(long = "map", value_parser = mapping::parse_pair)]
    pub map: Vec<(String, String)>,
    /// The unit field input features are matched on: `code` (ISO 3166-2) or `name_lv`.
    #[arg(long, default_value = "code")]
    pub match_by: String,
    /// The measure the locations belong to (with `--target locations`).
    #[arg(long)]
    pub measure: Option<String>,
    /// CRS of the input when it declares none (a Shapefile without .prj), or to override it:
    /// EPSG:3059 or EPSG:4326.
    #[arg(long, value_parser = parse_source_crs)]
    pub s_srs: Option<SourceCrs>,
    /// Directory holding geodata/ and seeds/ to start from (default: this repository).
    #[arg(long, env = "PIEROBEZA_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Where to write the new data root (a copy of `--data-dir` with the import applied).
    #[arg(long, default_value = "pierobeza-data", conflicts_with = "in_place")]
    pub out: PathBuf,
    /// Replace the files in `--data-dir` itself instead of writing a copy.
    #[arg(long)]
    pub in_place: bool,
    /// Let `--out` be an existing directory, whose data root is replaced.
    #[arg(long)]
    pub force: bool,
    /// Import into this store instead of writing files: `postgres://…`, `sqlite://FILE` or a
    /// file path. The import is one changeset (one revision per record, all or nothing),
    /// checked by the rules an API write obeys; running servers on the store pick it up.
    #[arg(long, env = "PIEROBEZA_DATABASE", conflicts_with_all = ["in_place", "force"])]
    pub database: Option<String>,
    /// The author the changeset is recorded under (with `--database`).
    #[arg(long, default_value = "import", requires = "database")]
    pub author: String,
    /// Provenance of the imported locations when the input has no mapped `provenance`
    /// field; exact positions must cite a URL (with `--database`).
    #[arg(long, requires = "database")]
    pub provenance: Option<String>,
}

fn parse_vintage(s: &str) -> Result<Vintage, String> {
    Vintage::parse(s).ok_or_else(|| format!("unknown vintage `{s}`: use 2021 or current"))
}

fn parse_source_crs(s: &str) -> Result<SourceCrs, String> {
    SourceCrs::parse(s).ok_or_else(|| format!("unsupported CRS `{s}`: use EPSG:3059 or EPSG:4326"))
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The data root that now holds the imported data.
    pub data_root: PathBuf,
    /// Files written, relative to `data_root`.
    pub files: Vec<PathBuf>,
    /// Features imported.
    pub features: usize,
    /// Text to add to the measure's TOML (locations only).
    pub toml: Option<String>,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "imported {} feature(s) into {} (checked with the data check):",
            self.features,
            self.data_root.display()
        )?;
        for file in &self.files {
            writeln!(f, "  {}", file.display())?;
        }
        if let Some(toml) = &self.toml {
            writeln!(f, "\nAdd to the measure's [[measure]] record:\n\n{toml}")?;
        }
        Ok(())
    }
}

/// Reads the input through GDAL.
pub fn read_source(args: &ImportArgs) -> Result<SourceLayer, ImportError> {
    #[cfg(feature = "gdal")]
    {
        Ok(crate::gdal::read::read_layer(
            &args.input,
            args.layer.as_deref(),
            args.s_srs,
        )?)
    }
    #[cfg(not(feature = "gdal"))]
    {
        let _ = args;
        Err(ImportError::NeedsGdal)
    }
}

/// The data root an import starts from: `--data-dir`, else the current directory.
pub fn source_root(args: &ImportArgs) -> PathBuf {
    match &args.data_dir {
        Some(d) => d.clone(),
        None => DataPaths::current_dir()
            .geodata
            .parent()
            .map(PathBuf::from)
            .unwrap_or_default(),
    }
}

/// Runs `pierobeza import --database`: read, validate, store as one changeset.
pub async fn run_store_import(
    args: &ImportArgs,
    progress: &dyn Fn(&str),
) -> Result<into_store::StoreImport, ImportError> {
    let target = crate::store::DatabaseTarget::parse(args.database.as_deref(), &source_root(args))
        .map_err(|e| ImportError::Usage(e.to_string()))?;
    progress(&format!("reading {}", args.input.display()));
    let source = read_source(args)?;
    into_store::import(args, &source, &target, &args.author, progress).await
}

/// Runs `pierobeza import`: read, validate, write a checked data root.
pub fn run_import(args: &ImportArgs) -> Result<ImportReport, ImportError> {
    run_import_with_progress(args, &|_| {})
}

/// [`run_import`], telling `progress` what step it is at (one short line a step:
/// reading, validating, writing and checking).
pub fn run_import_with_progress(
    args: &ImportArgs,
    progress: &dyn Fn(&str),
) -> Result<ImportReport, ImportError> {
    let source_root = source_root(args);
    progress(&format!("reading {}", args.input.display()));
    let source = read_source(args)?;
    progress(&format!(
        "read {} feature(s) of layer `{}` ({}, {})",
        source.features.len(),
        source.layer_name,
        source.geometry_type,
        source.crs.name()
    ));
    let map = FieldMap(args.map.clone());
    let changes = match args.target {
        ImportTarget::Municipalities => {
            stage::boundary_changes(&source_root, &source, &map, &args.match_by, args.vintage)?
        }
        ImportTarget::Locations => {
            let measure = args.measure.as_deref().ok_or_else(|| {
                ImportError::Usage("--target locations needs --measure MEASURE_ID".into())
            })?;
            locations::location_changes(&source, &map, measure)?
        }
    };
    progress(&format!(
        "validated; writing {} file(s) and running the data check on the result",
        changes.files.len()
    ));
    let target = if args.in_place {
        stage::Target::InPlace
    } else {
        stage::Target::Copy {
            out: args.out.clone(),
            force: args.force,
        }
    };
    stage::apply(&source_root, target, changes, source.features.len())
}
