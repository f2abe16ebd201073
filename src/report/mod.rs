//! The implementation report: for the plan territory or one of its 2021 units, where
//! the plan stood on a date — key figures, a small map, the indicators against their
//! targets, the measures by stage, what changed since another date, and the sources —
//! as a printable HTML page ([`html`]) and as spreadsheet-ready CSV tables
//! ([`tables`]).
//!
//! A report is assembled from one data view (the catalog a caller may read: the public
//! one draws no site finer than the public layers) and holds typed rows only; the
//! renderers never look at the catalog again, except the map, which is drawn from the
//! same catalog's served geometries.

pub mod changes;
pub mod html;
pub mod map_svg;
pub mod tables;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::progress::{plan_start, Verdict};
use crate::analysis::progress_report::{
    progress_report, served_measure_units, IndicatorRow, MeasureRow, ProgressReport, UnitRow,
};
use crate::index::{Catalog, Record, UnitRecord};
use crate::model::{Stage, Vintage};

pub use changes::{ChangeKind, ChangeRow, SourceRef};
pub use map_svg::MapFigure;

/// The plan's English title.
pub const PLAN_TITLE_EN: &str =
    "Action plan for the economic growth and security of Latvia's Eastern border area 2025–2027";
/// What approved the plan.
pub const PLAN_APPROVED_BY: &str = "Cabinet Order No. 32 of 20 January 2025";
/// The order approving the plan, in the official legal acts portal: the first source of
/// every report.
pub const PLAN_SOURCE: &str = "https://likumi.lv/ta/id/358105-par-ricibas-planu-latvijas-austrumu-pierobezas-ekonomiskajai-izaugsmei-un-drosibas-stiprinasanai-2025-2027-gadam";
/// The path segment (and file stem) of the territory's report.
pub const TERRITORY: &str = "territory";

/// Why a unit's (or the territory's) money is null in a report.
pub const NO_TERRITORY_ALLOCATION: &str =
    "no allocation to a measure in the plan territory is recorded by this date";

/// What a report covers: the whole plan territory or one 2021 unit of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scope {
    /// The unit's ISO 3166-2 code; `None` for the territory.
    pub code: Option<String>,
    pub name_lv: String,
    pub name_en: String,
}

impl Scope {
    /// The territory, or the unit of the plan territory with this code; `None` for
    /// anything else.
    pub fn resolve(cat: &Catalog, id: &str) -> Option<Scope> {
        if id == TERRITORY {
            return Some(Scope {
                code: None,
                name_lv: "Plāna teritorija".into(),
                name_en: "Plan territory".into(),
            });
        }
        let u = territory_units(cat).into_iter().find(|u| u.code == id)?;
        Some(Scope {
            code: Some(u.code.clone()),
            name_lv: u.name_lv.clone(),
            name_en: u.name_en.clone(),
        })
    }

    /// `territory` or the unit code: the page's path segment and file stem.
    pub fn id(&self) -> &str {
        self.code.as_deref().unwrap_or(TERRITORY)
    }

    /// The heading: the unit's Latvian name, or "Plan territory".
    pub fn title(&self) -> &str {
        match self.code {
            Some(_) => &self.name_lv,
            None => &self.name_en,
        }
    }
}

/// The 2021 units of the plan territory as served, in layer order.
pub fn territory_units(cat: &Catalog) -> Vec<&UnitRecord> {
    cat.units_layer(Vintage::V2021)
        .map(|l| {
            l.features
                .iter()
                .filter_map(|f| f.record.unit())
                .filter(|u| u.eastern_border_area)
                .collect()
        })
        .unwrap_or_default()
}

/// A request parameter of a report that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{param}: {reason}")]
pub struct ParamError {
    /// `date` or `since`.
    pub param: &'static str,
    pub reason: String,
}

/// The days a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportDates {
    /// The day reported on.
    pub date: NaiveDate,
    /// Changes dated on or after this day are listed.
    pub since: NaiveDate,
}

impl ReportDates {
    /// `date` (from the plan's approval on) and `since` (default: the approval; not
    /// after `date`).
    pub fn new(date: NaiveDate, since: Option<NaiveDate>) -> Result<ReportDates, ParamError> {
        if date < plan_start() {
            return Err(ParamError {
                param: "date",
                reason: format!("{date} is before the plan's approval ({})", plan_start()),
            });
        }
        let since = since.unwrap_or_else(plan_start);
        if since > date {
            return Err(ParamError {
                param: "since",
                reason: format!("{since} is after the report's date ({date})"),
            });
        }
        Ok(ReportDates { date, since })
    }
}

/// Which state of the records a report was made from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataStamp {
    /// The instant asked for (`datetime`), when the report reads the past.
    pub as_of: Option<String>,
    /// When the view read was built (RFC 3339).
    pub view_built: String,
    /// The store's change counter of the view (0 without a store).
    pub counter: i64,
    /// Whether the view holds sites the public may not see (a reader with a token).
    pub restricted: bool,
}

impl DataStamp {
    /// The stamp of a view built at `view_built` with change counter `counter` from
    /// `cat`, read as of `as_of` when given.
    pub fn of(cat: &Catalog, as_of: Option<String>, view_built: &str, counter: i64) -> DataStamp {
        DataStamp {
            as_of,
            view_built: view_built.to_string(),
            counter,
            restricted: cat.audience == crate::index::build::Audience::Restricted,
        }
    }
}

/// The figures at the top of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Inhabitants; `None` when a unit's figure is missing.
    pub population: Option<u64>,
    pub population_date: Option<String>,
    /// The sources of the population figures (numbers in [`Report::sources`]).
    pub population_sources: Vec<usize>,
    pub area_km2: f64,
    /// Measures touching the scope, by stage on the date.
    pub measures_by_stage: BTreeMap<Stage, usize>,
    pub measures_total: usize,
    /// Money allocated in the scope by the date; `None` when nothing is recorded.
    pub allocated_eur: Option<f64>,
    pub allocated_eur_per_inhabitant: Option<f64>,
    /// Why `allocated_eur` (or the amount per inhabitant) is null.
    pub allocated_unknown_reason: Option<String>,
    /// In a unit's report: money allocated to the territory as a whole (not split to
    /// units) by the date, when any is.
    pub allocated_territory_wide_eur: Option<f64>,
    pub indicators_on_track: usize,
    pub indicators_late: usize,
    pub indicators_not_reported: usize,
    pub indicators_no_target: usize,
}

/// A measure touching the scope, with the source of its current stage.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureLine {
    #[serde(flatten)]
    pub row: MeasureRow,
    /// The source of the stage record behind `stage` (none while `approved` by the plan).
    pub stage_source: Option<usize>,
}

/// An indicator of a measure touching the scope, with the source of its latest value.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLine {
    #[serde(flatten)]
    pub row: IndicatorRow,
    pub latest_source: Option<usize>,
}

/// A whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scope: Scope,
    #[serde(flatten)]
    pub dates: ReportDates,
    pub data: DataStamp,
    pub figures: Figures,
    pub measures: Vec<MeasureLine>,
    pub indicators: Vec<IndicatorLine>,
    /// The progress rows of the scope's units (one for a unit, every unit for the territory).
    pub units: Vec<UnitRow>,
    /// Progress records dated from `since` to `date`, oldest first.
    pub changes: Vec<ChangeRow>,
    /// Every source cited in the report, numbered from 1 (1 is the plan).
    pub sources: Vec<SourceRef>,
    pub map: MapFigure,
    /// How many units the plan territory has (a measure naming all is "all units").
    pub territory_units: usize,
}

impl Report {
    /// The scoped rows as a [`ProgressReport`] (for the CSV tables of
    /// [`crate::export::progress`]).
    pub fn progress(&self) -> ProgressReport {
        ProgressReport {
            date: self.dates.date,
            measures: self.measures.iter().map(|m| m.row.clone()).collect(),
            indicators: self.indicators.iter().map(|i| i.row.clone()).collect(),
            units: self.units.clone(),
        }
    }
}

/// Assembles the report of `scope` from `cat` (the view the reader may see).
pub fn build(
    cat: &Catalog,
    scope: &Scope,
    dates: ReportDates,
    data: DataStamp,
) -> Result<Report, ParamError> {
    let units = served_measure_units(cat);
    let all =
        progress_report(&cat.geodata, &cat.plan, &units, dates.date).ok_or_else(|| ParamError {
            param: "date",
            reason: format!("{} is before the plan's approval", dates.date),
        })?;
    let code = scope.code.as_deref();
    let touching: Vec<MeasureRow> = all
        .measures
        .into_iter()
        .filter(|m| code.is_none_or(|c| m.municipalities.iter().any(|x| x == c)))
        .collect();
    let ids: BTreeSet<String> = touching.iter().map(|m| m.measure_id.clone()).collect();
    let indicators: Vec<IndicatorRow> = all
        .indicators
        .into_iter()
        .filter(|i| ids.contains(i.measure_id.as_str()))
        .collect();
    let unit_rows: Vec<UnitRow> = all
        .units
        .into_iter()
        .filter(|u| code.is_none_or(|c| u.code == c))
        .collect();
    let mut cites = changes::Citations::new();
    let figures = figures(
        cat,
        scope,
        &unit_rows,
        &touching,
        &indicators,
        dates.date,
        &mut cites,
    );
    let measures = touching
        .into_iter()
        .map(|row| MeasureLine {
            stage_source: changes::stage_source(&cat.plan, &row, &mut cites),
            row,
        })
        .collect();
    let indicators = indicators
        .into_iter()
        .map(|row| IndicatorLine {
            latest_source: changes::latest_value_source(&row, &mut cites),
            row,
        })
        .collect();
    let changes = changes::changes_since(&cat.plan, &ids, code, dates, &mut cites);
    let map = map_svg::draw(cat, code, &ids);
    Ok(Report {
        scope: scope.clone(),
        dates,
        data,
        figures,
        measures,
        indicators,
        units: unit_rows,
        changes,
        sources: cites.into_sources(),
        map,
        territory_units: territory_units(cat).len(),
    })
}

/// The key figures: a unit's from its progress row, the territory's summed over its units.
fn figures(
    cat: &Catalog,
    scope: &Scope,
    units: &[UnitRow],
    measures: &[MeasureRow],
    indicators: &[IndicatorRow],
    date: NaiveDate,
    cites: &mut changes::Citations,
) -> Figures {
    let records = territory_units(cat);
    let in_scope: Vec<&UnitRecord> = records
        .into_iter()
        .filter(|u| scope.code.as_deref().is_none_or(|c| u.code == c))
        .collect();
    let population = units
        .iter()
        .map(|u| u.population)
        .sum::<Option<u64>>()
        .filter(|_| !units.is_empty());
    let first = in_scope.first();
    let mut population_sources: Vec<usize> = in_scope
        .iter()
        .filter_map(|u| u.population_source.as_deref())
        .map(|s| cites.cite(s))
        .collect();
    population_sources.dedup();
    let area_km2 = match scope.code {
        Some(_) => in_scope.iter().map(|u| u.area_km2).sum(),
        None => territory_area(cat).unwrap_or_else(|| in_scope.iter().map(|u| u.area_km2).sum()),
    };
    let mut by_stage = BTreeMap::new();
    for m in measures {
        *by_stage.entry(m.stage).or_insert(0) += 1;
    }
    let dated = cat
        .plan
        .progress
        .allocations
        .iter()
        .filter(|a| a.date <= date);
    let (allocated, reason, territory_wide) = match scope.code.as_deref() {
        Some(_) => {
            let u = units.first();
            let wide: Vec<f64> = dated
                .filter(|a| a.municipality.is_none())
                .map(|a| a.amount_eur)
                .collect();
            (
                u.and_then(|u| u.allocated_eur),
                u.and_then(|u| u.allocated_unknown_reason.clone()),
                (!wide.is_empty()).then(|| wide.iter().sum()),
            )
        }
        None => {
            let all: Vec<f64> = dated.map(|a| a.amount_eur).collect();
            let sum = (!all.is_empty()).then(|| all.iter().sum::<f64>());
            let reason = sum.is_none().then(|| NO_TERRITORY_ALLOCATION.to_string());
            (sum, reason, None)
        }
    };
    let per_inhabitant = allocated
        .zip(population.filter(|&p| p > 0))
        .map(|(a, p)| a / p as f64);
    let reason = reason.or_else(|| {
        (allocated.is_some() && per_inhabitant.is_none())
            .then(|| "the population is not known".to_string())
    });
    let count = |v: Verdict| {
        indicators
            .iter()
            .filter(|i| i.standing.verdict == v)
            .count()
    };
    Figures {
        population,
        population_date: first.and_then(|u| u.population_date.clone()),
        population_sources,
        area_km2,
        measures_total: measures.len(),
        measures_by_stage: by_stage,
        allocated_eur: allocated,
        allocated_eur_per_inhabitant: per_inhabitant,
        allocated_unknown_reason: reason,
        allocated_territory_wide_eur: territory_wide,
        indicators_on_track: count(Verdict::OnTrack),
        indicators_late: count(Verdict::Late),
        indicators_not_reported: count(Verdict::NotReported),
        indicators_no_target: count(Verdict::NoTarget),
    }
}

/// The served area of the plan territory, km².
fn territory_area(cat: &Catalog) -> Option<f64> {
    cat.layer("plan_territory")?
        .features
        .iter()
        .find_map(|f| match &f.record {
            Record::Territory(t) => Some(t.area_km2),
            _ => None,
        })
}
