//! The command line: the same analyses as the API, with table, JSON and CSV output.

//!
//! Options are typed and checked by clap (a bad value names its option); the
//! commands call the library ([`crate::analysis`], [`crate::export`],
//! [`crate::import`]), never the HTTP layer.

/// The analysis commands: coverage, nearest, within, locate.
pub mod analyses;
/// Shared options (data directory, database) and those of `init` and `serve`.
pub mod args;
/// Table, CSV and JSON output.
pub mod render;
/// `report`: the implementation report as HTML pages and CSV tables.
pub mod report;
/// Parsers for option values (coordinates, radius, vintage).
pub mod values;

use clap::{Parser, Subcommand};

use crate::index::{build_catalog, Catalog};
use crate::load::{load_all, DataErrors, DataPaths};

pub use analyses::{
    run_coverage, run_locate, run_nearest, run_within, CoverageArgs, LocateArgs, NearestArgs,
    PointArgs, WithinArgs,
};
pub use args::{DataArgs, GenerateArgs, InitArgs, ServeArgs, StoreArgs};
pub use render::{render, Format};

/// pierobeza: Latvia's Eastern border area action plan 2025–2027 as layers and analyses.
#[derive(Debug, Parser)]
#[command(name = "pierobeza", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve OGC API – Features, the analyses and the map over HTTP.
    Serve(ServeArgs),
    /// Create the database's schema and load geodata/ and seeds/ as the baseline.
    Init(InitArgs),
    /// Add N synthetic measure locations (points, lines, areas inside Latvia) for benchmarks.
    Generate(GenerateArgs),
    /// Create, list and revoke bearer tokens (stored only as digests).
    Token(crate::auth::cli::TokenArgs),
    /// Validate all shipped data and show that the totals reconcile with the plan.
    Check(DataArgs),
    /// Coverage per municipality.
    Coverage(CoverageArgs),
    /// The k nearest features of a layer to a point.
    Nearest(NearestArgs),
    /// Features of a layer within a radius of a point.
    Within(WithinArgs),
    /// The unit containing a point and its distance to the RU and BY borders.
    Locate(LocateArgs),
    /// Write every layer as GeoJSON, CSV or one GeoPackage (GeoPackage needs the GDAL build: `--no-default-features --features gdal`).
    Export(crate::export::cli::ExportArgs),
    /// Replace the municipality boundaries or add measure locations from a GDAL-readable file.
    Import(crate::import::ImportArgs),
    /// Write the implementation report: territory.html, one page per unit, and their CSV tables.
    Report(report::ReportArgs),
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The data in the data directory does not load.
    #[error("{0}")]
    Data(#[from] DataErrors),
    /// An option names something that is not there (an unknown layer or unit).
    #[error("{option}: {reason}")]
    Option {
        /// The option, as typed: `--layer`.
        option: &'static str,
        /// What is wrong with its value.
        reason: String,
    },
}

impl CliError {
    /// An error about the value of `option` (`--layer`).
    pub fn option(option: &'static str, reason: impl Into<String>) -> Self {
        CliError::Option {
            option,
            reason: reason.into(),
        }
    }
}

/// Loads the data and builds the catalog.
pub fn load_catalog(paths: &DataPaths) -> Result<Catalog, DataErrors> {
    let (g, p) = load_all(paths)?;
    Ok(build_catalog(g, p))
}
