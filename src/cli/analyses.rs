//! `pierobeza coverage`, `nearest`, `within` and `locate`: typed options, the
//! analyses called directly, output rendered as a table, CSV or JSON.

use clap::Args;
use serde_json::{json, Map, Value};

use super::args::DataArgs;
use super::render::{render, Format};
use super::values;
use super::{load_catalog, CliError};
use crate::analysis::coverage::{CoverageParams, FacilityParams};
use crate::analysis::{coverage, proximity, table, AnalysisError};
use crate::index::Catalog;
use crate::model::Vintage;

/// Options of `pierobeza coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Units: 2021 (the plan's 43) or current (42).
    #[arg(long, default_value = "2021", value_parser = values::vintage)]
    pub vintage: Vintage,
    /// Only this unit (ISO 3166-2 code, e.g. LV-058).
    #[arg(long)]
    pub municipality: Option<String>,
    /// Facility layer (collection id) for reach.
    #[arg(long, requires = "radius_m")]
    pub layer: Option<String>,
    /// Reach in metres (with --layer).
    #[arg(long, allow_hyphen_values = true, requires = "layer", value_parser = values::radius_m)]
    pub radius_m: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub data: DataArgs,
}

/// A point: `--lon` and `--lat`.
#[derive(Debug, Args)]
pub struct PointArgs {
    /// Longitude, WGS 84 degrees.
    #[arg(long, allow_hyphen_values = true, value_parser = values::lon)]
    pub lon: f64,
    /// Latitude, WGS 84 degrees.
    #[arg(long, allow_hyphen_values = true, value_parser = values::lat)]
    pub lat: f64,
}

/// Options of `pierobeza nearest`.
#[derive(Debug, Args)]
pub struct NearestArgs {
    #[command(flatten)]
    pub point: PointArgs,
    /// Layer (collection id).
    #[arg(long)]
    pub layer: String,
    /// How many (1 to 1000).
    #[arg(long, default_value_t = 5, allow_hyphen_values = true,
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub k: u16,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub data: DataArgs,
}

/// Options of `pierobeza within`.
#[derive(Debug, Args)]
pub struct WithinArgs {
    #[command(flatten)]
    pub point: PointArgs,
    /// Layer (collection id).
    #[arg(long)]
    pub layer: String,
    /// Radius in metres.
    #[arg(long, allow_hyphen_values = true, value_parser = values::radius_m)]
    pub radius_m: f64,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub data: DataArgs,
}

/// Options of `pierobeza locate`.
#[derive(Debug, Args)]
pub struct LocateArgs {
    #[command(flatten)]
    pub point: PointArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub data: DataArgs,
}

fn catalog(data: &DataArgs) -> Result<Catalog, CliError> {
    Ok(load_catalog(&data.paths())?)
}

/// An analysis refusal as an error naming the option that caused it.
fn option_error(e: AnalysisError) -> CliError {
    let option = match e {
        AnalysisError::UnknownMunicipality(..) => "--municipality",
        AnalysisError::UnknownLayer(_)
        | AnalysisError::EmptyLayer(_)
        | AnalysisError::NotSites(_) => "--layer",
    };
    CliError::option(option, e.to_string())
}

/// `pierobeza coverage`.
pub fn run_coverage(a: &CoverageArgs) -> Result<String, CliError> {
    let cat = catalog(&a.data)?;
    let facility = match (&a.layer, a.radius_m) {
        (Some(layer), Some(radius_m)) => Some(FacilityParams {
            layer: layer.clone(),
            radius_m,
        }),
        _ => None,
    };
    let params = CoverageParams {
        vintage: a.vintage,
        municipality: a.municipality.clone(),
        facility,
    };
    let report = coverage::coverage(&cat, &params).map_err(option_error)?;
    Ok(match a.format {
        Format::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        Format::Csv => table::to_csv(&report),
        Format::Table => coverage_table(&report, params.facility.is_some()),
    })
}

/// The coverage report as a text table with a plan-level line under it.
fn coverage_table(report: &coverage::CoverageReport, reach: bool) -> String {
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
    if reach {
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

fn found_rows(found: &[proximity::Found]) -> Vec<Map<String, Value>> {
    found
        .iter()
        .map(|f| {
            let mut m = Map::new();
            m.insert("id".into(), json!(f.id));
            let name = f.feature.record.label().unwrap_or_default();
            m.insert("name".into(), json!(name));
            m.insert("distance_m".into(), json!(f.distance_m.round()));
            m.insert("distance_method".into(), json!(f.distance_method));
            if let Some(p) = f.feature.record.precision() {
                m.insert("precision".into(), json!(p.as_str()));
            }
            m
        })
        .collect()
}

const FOUND_COLUMNS: [&str; 5] = ["id", "name", "distance_m", "distance_method", "precision"];

/// `pierobeza nearest`.
pub fn run_nearest(a: &NearestArgs) -> Result<String, CliError> {
    let cat = catalog(&a.data)?;
    let found = proximity::nearest(&cat, &a.layer, a.point.lon, a.point.lat, usize::from(a.k))
        .map_err(option_error)?;
    Ok(render(&found_rows(&found), &FOUND_COLUMNS, a.format))
}

/// `pierobeza within`.
pub fn run_within(a: &WithinArgs) -> Result<String, CliError> {
    let cat = catalog(&a.data)?;
    let found = proximity::within(&cat, &a.layer, a.point.lon, a.point.lat, a.radius_m)
        .map_err(option_error)?;
    Ok(render(&found_rows(&found), &FOUND_COLUMNS, a.format))
}

/// `pierobeza locate`.
pub fn run_locate(a: &LocateArgs) -> Result<String, CliError> {
    let cat = catalog(&a.data)?;
    let (lon, lat) = (a.point.lon, a.point.lat);
    let l = proximity::locate(&cat, lon, lat);
    if a.format == Format::Json {
        return Ok(serde_json::to_string_pretty(&l).unwrap_or_default() + "\n");
    }
    let mut m = Map::new();
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
