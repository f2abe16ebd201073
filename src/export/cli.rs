//! `pierobeza export --format geojson|gpkg|csv --out PATH [--crs EPSG:3059]`.

use std::path::{Path, PathBuf};

use super::{write_atomic, ExportError, OutputCrs};
use crate::analysis::coverage::{coverage, CoverageParams};
use crate::index::{build_catalog, Catalog, Layer};
use crate::load::{load_all, DataPaths};
use crate::model::Vintage;

/// File format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One RFC 7946 GeoJSON file per layer (CRS84) in the `--out` directory.
    Geojson,
    /// One GeoPackage with every layer and its QGIS style (needs the `gdal` feature).
    Gpkg,
    /// One CSV per layer (attributes and WKT) plus `coverage.csv` in the `--out` directory.
    Csv,
}

/// Arguments of `pierobeza export`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// A directory for geojson and csv (created if missing), a `.gpkg` file for gpkg.
    #[arg(long)]
    pub out: PathBuf,
    /// CRS of the GeoPackage: EPSG:4326 (lon/lat, the default) or EPSG:3059 (LKS-92 metres).
    /// GeoJSON and CSV are always CRS84.
    #[arg(long, default_value = "EPSG:4326", value_parser = parse_crs)]
    pub crs: OutputCrs,
    /// Export only this layer (repeatable); every layer by default.
    #[arg(long = "layer")]
    pub layers: Vec<String>,
    /// Directory holding geodata/ and seeds/ (default: this repository).
    #[arg(long, env = "PIEROBEZA_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
}

fn parse_crs(s: &str) -> Result<OutputCrs, String> {
    OutputCrs::parse(s).ok_or_else(|| format!("unsupported CRS `{s}`: use EPSG:4326 or EPSG:3059"))
}

/// Loads the data (`--data` or the shipped data), builds the catalog and exports it;
/// returns the files written.
pub fn run_export(args: &ExportArgs) -> Result<Vec<PathBuf>, ExportError> {
    run_export_with_progress(args, &|_| {})
}

/// [`run_export`], telling `progress` what step it is at (loading, then writing
/// so many layers and features).
pub fn run_export_with_progress(
    args: &ExportArgs,
    progress: &dyn Fn(&str),
) -> Result<Vec<PathBuf>, ExportError> {
    let paths = args
        .data_dir
        .as_deref()
        .map(DataPaths::under)
        .unwrap_or_else(DataPaths::current_dir);
    progress("loading geodata/ and seeds/");
    let (geodata, plan) = load_all(&paths)?;
    let catalog = build_catalog(geodata, plan);
    let layers = select_layers(&catalog, &args.layers)?;
    let features: usize = layers.iter().map(|l| l.features.len()).sum();
    progress(&format!(
        "writing {} layer(s), {features} feature(s) as {} to {}",
        layers.len(),
        format_name(args.format),
        args.out.display()
    ));
    export_catalog(&catalog, args)
}

/// The format's name, for messages.
fn format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Geojson => "GeoJSON",
        ExportFormat::Gpkg => "a GeoPackage",
        ExportFormat::Csv => "CSV",
    }
}

/// Exports an already built catalog as `args` say; returns the files written.
pub fn export_catalog(catalog: &Catalog, args: &ExportArgs) -> Result<Vec<PathBuf>, ExportError> {
    let layers = select_layers(catalog, &args.layers)?;
    if args.format != ExportFormat::Gpkg && args.crs != OutputCrs::Crs84 {
        return Err(ExportError::Usage(
            "GeoJSON and CSV are written in CRS84 (RFC 7946); --crs EPSG:3059 applies to --format gpkg"
                .into(),
        ));
    }
    match args.format {
        ExportFormat::Geojson => write_each(&args.out, &layers, |l| {
            (super::geojson::file_name(l), super::geojson::layer_bytes(l))
        }),
        ExportFormat::Csv => {
            let mut written = write_each(&args.out, &layers, |l| {
                (super::csv::file_name(l), super::csv::layer_csv(l))
            })?;
            let path = args.out.join("coverage.csv");
            write_atomic(&path, &coverage_csv(catalog, Vintage::V2021)?)?;
            written.push(path);
            Ok(written)
        }
        ExportFormat::Gpkg => {
            write_gpkg(catalog, &layers, &args.out, args.crs)?;
            Ok(vec![args.out.clone()])
        }
    }
}

/// The coverage table of a vintage as CSV bytes.
pub fn coverage_csv(catalog: &Catalog, vintage: Vintage) -> Result<Vec<u8>, ExportError> {
    let report = coverage(
        catalog,
        &CoverageParams {
            vintage,
            municipality: None,
            facility: None,
        },
    )?;
    Ok(crate::analysis::table::to_csv(&report).into_bytes())
}

/// Which table of a coverage report a spreadsheet download holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageTable {
    /// One row per unit (a column sum is the total).
    Units,
    /// One row per group: plan territory, rest of Latvia, Latvia.
    Totals,
}

/// The coverage table for spreadsheets: UTF-8 with a byte-order mark (so Excel reads
/// "ā"), the units and the totals in separate files, the reach columns when `params` has a
/// facility layer.
pub fn coverage_sheet(
    catalog: &Catalog,
    params: &CoverageParams,
    table: CoverageTable,
) -> Result<Vec<u8>, ExportError> {
    let report = coverage(catalog, params)?;
    let text = match table {
        CoverageTable::Units => crate::analysis::table::units_csv(&report),
        CoverageTable::Totals => crate::analysis::table::totals_csv(&report),
    };
    let mut out = Vec::with_capacity(text.len() + 3);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    out.extend_from_slice(text.as_bytes());
    Ok(out)
}

/// Writes the GeoPackage of `layers` to `out` (GDAL build only).
pub fn write_gpkg(
    catalog: &Catalog,
    layers: &[&Layer],
    out: &Path,
    crs: OutputCrs,
) -> Result<(), ExportError> {
    #[cfg(feature = "gdal")]
    {
        Ok(crate::gdal::gpkg::write_gpkg(catalog, layers, out, crs)?)
    }
    #[cfg(not(feature = "gdal"))]
    {
        let _ = (catalog, layers, out, crs);
        Err(ExportError::NeedsGdal)
    }
}

/// The named layers in catalog order, or every layer when none is named.
pub fn select_layers<'a>(
    catalog: &'a Catalog,
    ids: &[String],
) -> Result<Vec<&'a Layer>, ExportError> {
    if let Some(unknown) = ids.iter().find(|id| catalog.layer(id).is_none()) {
        return Err(ExportError::UnknownLayer(unknown.clone()));
    }
    Ok(catalog
        .layers
        .iter()
        .filter(|l| ids.is_empty() || ids.contains(&l.id))
        .collect())
}

fn write_each(
    dir: &Path,
    layers: &[&Layer],
    render: impl Fn(&Layer) -> (String, Vec<u8>),
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|e| ExportError::io(dir, e))?;
    layers
        .iter()
        .map(|l| {
            let (name, bytes) = render(l);
            let path = dir.join(name);
            write_atomic(&path, &bytes)?;
            Ok(path)
        })
        .collect()
}
