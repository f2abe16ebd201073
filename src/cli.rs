//! The command line: the same analyses as the API, with table, JSON and CSV output.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::{json, Value};

use crate::analysis::{coverage, proximity, table};
use crate::api::params::Query;
use crate::api::ApiError;
use crate::index::{build_catalog, Catalog};
use crate::load::{load_all, DataErrors, DataPaths};

/// pierobeza: Latvia's Eastern border area action plan 2025–2027 as layers and analyses.
#[derive(Debug, Parser)]
#[command(name = "pierobeza", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve OGC API – Features, the analyses and the map over HTTP.
    Serve(ServeArgs),
    /// Create the database's schema and load geodata/ and seeds/ as the baseline.
    Init(InitArgs),
    /// Add N synthetic measure locations (points, lines, areas inside Latvia) for benchmarks.
    Generate(GenerateArgs),
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
    /// Write every layer as GeoJSON, CSV or one GeoPackage (GeoPackage needs `--features gdal`).
    Export(crate::export::cli::ExportArgs),
    /// Replace the municipality boundaries or add measure locations from a GDAL-readable file.
    Import(crate::import::ImportArgs),
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// Directory holding geodata/ and seeds/ (default: the current directory).
    #[arg(long, env = "PIEROBEZA_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
}

impl DataArgs {
    pub fn paths(&self) -> DataPaths {
        match &self.data_dir {
            Some(d) => DataPaths::under(d),
            None => DataPaths::current_dir(),
        }
    }

    /// The data directory itself.
    pub fn dir(&self) -> PathBuf {
        self.data_dir
            .clone()
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default())
    }
}

/// The store a command uses.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// The database: `postgres://USER@HOST/DB` (PostGIS, shared by several processes),
    /// `sqlite://FILE` or a file path. Default: `pierobeza.sqlite3` in the data directory,
    /// created and loaded from geodata/ and seeds/ on first use.
    #[arg(long, env = "PIEROBEZA_DATABASE")]
    pub database: Option<String>,
    #[command(flatten)]
    pub data: DataArgs,
}

impl StoreArgs {
    /// The database named, or the default file.
    pub fn target(&self) -> Result<crate::store::DatabaseTarget, crate::store::StoreError> {
        crate::store::DatabaseTarget::parse(self.database.as_deref(), &self.data.dir())
    }
}

/// `pierobeza init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// On a store that holds data already: store the difference between it and the
    /// files as one changeset (history is kept), instead of doing nothing.
    #[arg(long)]
    pub reload: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// `pierobeza generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many locations: 80 % points, 10 % lines, 10 % small polygons.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=crate::store::generate::MAX_LOCATIONS))]
    pub locations: u64,
    /// Seed of the generator: the same seed gives the same locations.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PIEROBEZA_BIND", default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "PIEROBEZA_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Built map assets (default: web/dist of this repository).
    #[arg(long, env = "PIEROBEZA_WEB_DIR")]
    pub web_dir: Option<PathBuf>,
    /// The URL clients reach the service at (behind a reverse proxy, e.g.
    /// `https://maps.example.lv/pierobeza`); every absolute link starts with it.
    #[arg(long, env = "PIEROBEZA_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Host names whose `Host` header may be used for links when no --public-url is set
    /// (loopback names always are); other hosts get links to the bound address.
    #[arg(
        long = "allowed-host",
        env = "PIEROBEZA_ALLOWED_HOSTS",
        value_delimiter = ','
    )]
    pub allowed_hosts: Vec<String>,
    /// Web origins that may read the API from a browser: `*` (open data, the default),
    /// `none`, or a comma-separated list such as `https://maps.example.lv`. Only GET and
    /// HEAD are ever allowed cross-origin, never with credentials.
    #[arg(long, env = "PIEROBEZA_CORS_ORIGIN", default_value = "*")]
    pub cors_origin: String,
    /// Seconds a connection may take to send a whole request head (idle keep-alive
    /// connections included) before it is closed.
    #[arg(long, env = "PIEROBEZA_HEADER_TIMEOUT_S", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=30))]
    pub header_timeout_s: u64,
    /// Seconds a request may take from its head to its response head.
    #[arg(long, env = "PIEROBEZA_REQUEST_TIMEOUT_S", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_s: u64,
    /// Most connections open at once; more are closed on arrival.
    #[arg(long, env = "PIEROBEZA_MAX_CONNECTIONS", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,
    #[command(flatten)]
    pub store: StoreArgs,
}

impl ServeArgs {
    /// The edge configuration for a server bound to `bound` (`host:port`).
    pub fn edge(&self, bound: &str) -> Result<crate::api::edge::EdgeConfig, String> {
        if let Some(u) = &self.public_url {
            crate::api::links::validate_public_url(u).map_err(|e| format!("--public-url: {e}"))?;
        }
        let cors = crate::api::edge::CorsPolicy::parse(&self.cors_origin)
            .map_err(|e| format!("--cors-origin: {e}"))?;
        Ok(crate::api::edge::EdgeConfig {
            links: crate::api::links::LinkBase::new(
                self.public_url.as_deref(),
                &self.allowed_hosts,
                bound,
            ),
            cors,
            request_timeout: std::time::Duration::from_secs(self.request_timeout_s),
        })
    }

    /// Bounds on connections.
    pub fn conn_limits(&self) -> crate::api::server::ConnLimits {
        crate::api::server::ConnLimits {
            header_read_timeout: std::time::Duration::from_secs(self.header_timeout_s),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
        }
    }
}

/// Output format of the analysis commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Units: 2021 (the plan's 43) or current (42).
    #[arg(long, default_value = "2021")]
    pub vintage: String,
    /// Only this unit (ISO 3166-2 code, e.g. LV-058).
    #[arg(long)]
    pub municipality: Option<String>,
    /// Facility layer (collection id) for reach.
    #[arg(long)]
    pub layer: Option<String>,
    /// Reach in metres (with --layer).
    #[arg(long, allow_hyphen_values = true)]
    pub radius_m: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
pub struct PointArgs {
    /// Longitude, WGS 84 degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub lon: String,
    /// Latitude, WGS 84 degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub lat: String,
}

#[derive(Debug, Args)]
pub struct NearestArgs {
    #[command(flatten)]
    pub point: PointArgs,
    /// Layer (collection id).
    #[arg(long)]
    pub layer: String,
    /// How many.
    #[arg(long, default_value = "5", allow_hyphen_values = true)]
    pub k: String,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
pub struct WithinArgs {
    #[command(flatten)]
    pub point: PointArgs,
    /// Layer (collection id).
    #[arg(long)]
    pub layer: String,
    /// Radius in metres.
    #[arg(long, allow_hyphen_values = true)]
    pub radius_m: String,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
pub struct LocateArgs {
    #[command(flatten)]
    pub point: PointArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub data: DataArgs,
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Data(#[from] DataErrors),
    #[error("{0}")]
    Param(#[from] ApiError),
}

/// Loads the data and builds the catalog.
pub fn load_catalog(paths: &DataPaths) -> Result<Catalog, DataErrors> {
    let (g, p) = load_all(paths)?;
    Ok(build_catalog(g, p))
}

fn query(pairs: &[(&str, Option<&String>)]) -> Query {
    pairs
        .iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_string(), v.clone())))
        .collect()
}

fn state(data: &DataArgs) -> Result<Catalog, CliError> {
    Ok(load_catalog(&data.paths())?)
}

/// Renders rows of flat objects as an aligned text table, a CSV, or JSON.
pub fn render(rows: &[serde_json::Map<String, Value>], columns: &[&str], format: Format) -> String {
    let cell = |v: Option<&Value>| match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    };
    match format {
        Format::Json => serde_json::to_string_pretty(&rows).unwrap_or_default(),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(columns);
            for r in rows {
                let _ = w.write_record(columns.iter().map(|c| cell(r.get(*c))));
            }
            String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
        }
        Format::Table => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| columns.iter().map(|c| cell(r.get(*c))).collect())
                .collect();
            let widths: Vec<usize> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    cells
                        .iter()
                        .map(|r| r[i].chars().count())
                        .chain([c.len()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |vals: Vec<String>| {
                vals.iter()
                    .zip(&widths)
                    .map(|(v, w)| format!("{v:<w$}", w = *w))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            let mut out = vec![line(columns.iter().map(|c| c.to_string()).collect())];
            out.extend(cells.into_iter().map(line));
            out.join("\n") + "\n"
        }
    }
}

/// `pierobeza coverage`.
pub fn run_coverage(a: &CoverageArgs) -> Result<String, CliError> {
    let st = state(&a.data)?;
    let q = query(&[
        ("vintage", Some(&a.vintage)),
        ("municipality", a.municipality.as_ref()),
        ("layer", a.layer.as_ref()),
        ("radius_m", a.radius_m.as_ref()),
    ]);
    let p = crate::api::analysis::coverage_params(&st, &q)?;
    let report =
        coverage::coverage(&st, &p).map_err(|e| ApiError::param("coverage", e.to_string()))?;
    Ok(match a.format {
        Format::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        Format::Csv => table::to_csv(&report),
        Format::Table => {
            let mut rows: Vec<_> = report.units.iter().map(table::unit_row).collect();
            rows.extend(report.totals.iter().map(|(n, t)| table::totals_row(n, t)));
            let mut cols = vec![
                "code",
                "name_lv",
                "population",
                "area_km2",
                "measures_total",
                "measures_security",
                "measures_economy",
                "measures_human_resources",
                "funding_attributed_eur",
            ];
            if p.facility.is_some() {
                cols.extend(["area_share", "population_share", "settlements_beyond"]);
            }
            let mut s = render(&rows, &cols, Format::Table);
            s.push_str(&format!(
                "\nplan-level: {} region-wide measures; funding {:.0} EUR in pools, {:.0} EUR attributed to units, {:.0} EUR not tied to a place by the plan\n",
                report.plan_level.region_wide_measures.len(),
                report.plan_level.funding_total_eur,
                report.plan_level.funding_attributed_eur,
                report.plan_level.funding_unattributed_eur
            ));
            s
        }
    })
}

fn found_rows(found: &[proximity::Found]) -> Vec<serde_json::Map<String, Value>> {
    found
        .iter()
        .map(|f| {
            let mut m = serde_json::Map::new();
            m.insert("id".into(), json!(f.id));
            let name = ["name", "place_name", "name_lv", "title_en"]
                .iter()
                .find_map(|k| f.feature.properties.get(*k).and_then(Value::as_str))
                .unwrap_or_default();
            m.insert("name".into(), json!(name));
            m.insert("distance_m".into(), json!(f.distance_m.round()));
            m.insert("distance_method".into(), json!(f.distance_method));
            if let Some(p) = f.feature.properties.get("precision") {
                m.insert("precision".into(), p.clone());
            }
            m
        })
        .collect()
}

const FOUND_COLUMNS: [&str; 5] = ["id", "name", "distance_m", "distance_method", "precision"];

/// `pierobeza nearest`.
pub fn run_nearest(a: &NearestArgs) -> Result<String, CliError> {
    let st = state(&a.data)?;
    let q = query(&[
        ("lon", Some(&a.point.lon)),
        ("lat", Some(&a.point.lat)),
        ("k", Some(&a.k)),
    ]);
    let (lon, lat) = crate::api::params::lon_lat(&q)?;
    let k = crate::api::params::int_in(&q, "k", 5, 1, 1000)? as usize;
    let found = proximity::nearest(&st, &a.layer, lon, lat, k)
        .map_err(|e| ApiError::param("layer", e.to_string()))?;
    Ok(render(&found_rows(&found), &FOUND_COLUMNS, a.format))
}

/// `pierobeza within`.
pub fn run_within(a: &WithinArgs) -> Result<String, CliError> {
    let st = state(&a.data)?;
    let q = query(&[
        ("lon", Some(&a.point.lon)),
        ("lat", Some(&a.point.lat)),
        ("radius_m", Some(&a.radius_m)),
    ]);
    let (lon, lat) = crate::api::params::lon_lat(&q)?;
    let r = crate::api::params::radius_m(&q)?;
    let found = proximity::within(&st, &a.layer, lon, lat, r)
        .map_err(|e| ApiError::param("layer", e.to_string()))?;
    Ok(render(&found_rows(&found), &FOUND_COLUMNS, a.format))
}

/// `pierobeza locate`.
pub fn run_locate(a: &LocateArgs) -> Result<String, CliError> {
    let st = state(&a.data)?;
    let q = query(&[("lon", Some(&a.point.lon)), ("lat", Some(&a.point.lat))]);
    let (lon, lat) = crate::api::params::lon_lat(&q)?;
    let l = proximity::locate(&st, lon, lat);
    let mut m = serde_json::Map::new();
    m.insert("lon".into(), json!(lon));
    m.insert("lat".into(), json!(lat));
    m.insert(
        "municipality".into(),
        json!(l.municipality.as_ref().map(|u| u.code.clone())),
    );
    m.insert(
        "name_lv".into(),
        json!(l.municipality.as_ref().map(|u| u.name_lv.clone())),
    );
    m.insert(
        "municipality_current".into(),
        json!(l.municipality_current.as_ref().map(|u| u.code.clone())),
    );
    m.insert("in_plan_territory".into(), json!(l.in_plan_territory));
    m.insert("distance_to_ru_m".into(), json!(l.distance_to_border_m.ru));
    m.insert("distance_to_by_m".into(), json!(l.distance_to_border_m.by));
    if a.format == Format::Json {
        return Ok(serde_json::to_string_pretty(&l).unwrap_or_default() + "\n");
    }
    let cols = [
        "lon",
        "lat",
        "municipality",
        "name_lv",
        "municipality_current",
        "in_plan_territory",
        "distance_to_ru_m",
        "distance_to_by_m",
    ];
    Ok(render(&[m], &cols, a.format))
}
