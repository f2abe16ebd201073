//! `/analysis/progress`: every measure's stage and every indicator's standing as of
//! a date, and per 2021 unit of the plan territory the measures touching it by stage,
//! the money allocated in it and the indicators of the measures touching it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::progress::{stage_at, standing, IndicatorStanding, Verdict};
use crate::index::{Catalog, LayerGroup, Record, SiteStatus};
use crate::model::{Geodata, Municipality, Plan, Stage, Vintage};

/// One indicator of a measure, with its standing.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub measure_id: String,
    pub indicator_id: String,
    pub name_lv: String,
    pub name_en: String,
    pub unit: String,
    #[serde(flatten)]
    pub standing: IndicatorStanding,
    /// The achieved values reported by the date, oldest first (for a chart).
    pub values: Vec<ValuePoint>,
}

/// One reported value of an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct ValuePoint {
    pub date: NaiveDate,
    pub value: f64,
    pub source: String,
}

/// One measure: its stage on the date and since when.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureRow {
    pub measure_id: String,
    pub title_lv: String,
    pub title_en: String,
    pub stage: Stage,
    pub stage_since: NaiveDate,
    /// Units its locations name (2021 codes); empty for plan-wide measures.
    pub municipalities: Vec<String>,
}

/// One unit of the plan territory.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub code: String,
    pub name_lv: String,
    /// Measures whose locations name the unit, by stage.
    pub measures_by_stage: BTreeMap<Stage, usize>,
    /// Inhabitants (CSB, 1 January 2026).
    pub population: Option<u64>,
    /// Money allocated in the unit by the date; `None` when nothing is recorded.
    pub allocated_eur: Option<f64>,
    pub allocated_eur_per_inhabitant: Option<f64>,
    /// Why `allocated_eur` is null.
    pub allocated_unknown_reason: Option<String>,
    /// Indicators of the measures touching the unit: on track, late, not reported.
    pub indicators_on_track: usize,
    pub indicators_late: usize,
    pub indicators_not_reported: usize,
    /// On track / (on track + late): of the indicators with a reported value;
    /// `None` while none has one (not 0: nothing is known to be behind).
    pub indicators_on_track_share: Option<f64>,
}

/// Why a unit's allocated money is null.
pub const NO_ALLOCATION: &str = "no allocation to a measure in this unit is recorded by this date";

/// The whole answer.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressReport {
    pub date: NaiveDate,
    pub measures: Vec<MeasureRow>,
    pub indicators: Vec<IndicatorRow>,
    pub units: Vec<UnitRow>,
}

/// The units (2021 codes) each measure's own locations name (candidate places are
/// not the measure's), from a plan that still holds its locations.
pub fn measure_units(plan: &Plan) -> BTreeMap<String, Vec<String>> {
    plan.measures
        .iter()
        .map(|m| {
            let codes = m
                .locations
                .iter()
                .filter(|l| l.site_status.as_deref() != Some("candidate"))
                .flat_map(|l| l.municipalities.iter().cloned());
            (m.id.clone(), codes.collect())
        })
        .collect()
}

/// The units each measure's own locations name, from the served measure layers of
/// `cat` (a catalog's plan holds no locations; candidate places are not the measure's).
pub fn served_measure_units(cat: &Catalog) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in cat
        .layers
        .iter()
        .filter(|l| l.group == LayerGroup::Measures)
    {
        for f in &l.features {
            if let Record::MeasureLocation(r) = &f.record {
                if r.site_status != SiteStatus::Candidate {
                    out.entry(r.measure.id.clone())
                        .or_default()
                        .extend(r.municipalities.iter().cloned());
                }
            }
        }
    }
    out
}

/// Where the plan stood on `date` (`None` before its approval); `units` gives each
/// measure's units ([`measure_units`]).
pub fn progress_report(
    g: &Geodata,
    plan: &Plan,
    units: &BTreeMap<String, Vec<String>>,
    date: NaiveDate,
) -> Option<ProgressReport> {
    let p = &plan.progress;
    let mut measures = Vec::new();
    let mut indicators = Vec::new();
    for m in &plan.measures {
        let (stage, since) = stage_at(p.stages.iter().filter(|r| r.measure_id == m.id), date)?;
        let mut codes = units.get(&m.id).cloned().unwrap_or_default();
        codes.sort();
        codes.dedup();
        measures.push(MeasureRow {
            measure_id: m.id.clone(),
            title_lv: m.title_lv.clone(),
            title_en: m.title_en.clone(),
            stage,
            stage_since: since,
            municipalities: codes,
        });
        for ind in &m.indicators {
            let values: Vec<_> = p
                .values
                .iter()
                .filter(|v| v.measure_id == m.id && v.indicator_id == ind.id)
                .collect();
            let mut points: Vec<ValuePoint> = values
                .iter()
                .filter(|v| v.date <= date)
                .map(|v| ValuePoint {
                    date: v.date,
                    value: v.value,
                    source: v.source.clone(),
                })
                .collect();
            points.sort_by_key(|p| p.date);
            indicators.push(IndicatorRow {
                measure_id: m.id.clone(),
                indicator_id: ind.id.clone(),
                name_lv: ind.name_lv.clone(),
                name_en: ind.name_en.clone(),
                unit: ind.unit.clone(),
                standing: standing(ind.target, ind.target_year, &values, date),
                values: points,
            });
        }
    }
    let units = g
        .units(Vintage::V2021)
        .iter()
        .filter(|u| u.eastern_border_area)
        .map(|u| unit_row(u, plan, &measures, &indicators, date))
        .collect();
    Some(ProgressReport {
        date,
        measures,
        indicators,
        units,
    })
}

fn unit_row(
    unit: &Municipality,
    plan: &Plan,
    measures: &[MeasureRow],
    indicators: &[IndicatorRow],
    date: NaiveDate,
) -> UnitRow {
    let code = unit.code.as_str();
    let touching: Vec<&MeasureRow> = measures
        .iter()
        .filter(|m| m.municipalities.iter().any(|c| c == code))
        .collect();
    let mut by_stage = BTreeMap::new();
    for m in &touching {
        *by_stage.entry(m.stage).or_insert(0) += 1;
    }
    let allocated: Vec<f64> = plan
        .progress
        .allocations
        .iter()
        .filter(|a| a.date <= date && a.municipality.as_deref() == Some(code))
        .map(|a| a.amount_eur)
        .collect();
    let verdicts: Vec<Verdict> = indicators
        .iter()
        .filter(|i| touching.iter().any(|m| m.measure_id == i.measure_id))
        .map(|i| i.standing.verdict)
        .collect();
    let count = |v: Verdict| verdicts.iter().filter(|&&x| x == v).count();
    let allocated_eur = (!allocated.is_empty()).then(|| allocated.iter().sum::<f64>());
    let (on_track, late, not_reported) = (
        count(Verdict::OnTrack),
        count(Verdict::Late),
        count(Verdict::NotReported),
    );
    let judged = on_track + late;
    UnitRow {
        code: code.to_string(),
        name_lv: unit.name_lv.clone(),
        measures_by_stage: by_stage,
        population: unit.population,
        allocated_eur,
        allocated_eur_per_inhabitant: allocated_eur
            .zip(unit.population.filter(|&p| p > 0))
            .map(|(a, p)| a / p as f64),
        allocated_unknown_reason: allocated_eur.is_none().then(|| NO_ALLOCATION.to_string()),
        indicators_on_track: on_track,
        indicators_late: late,
        indicators_not_reported: not_reported,
        indicators_on_track_share: (judged > 0).then(|| on_track as f64 / judged as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_all, DataPaths};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_shipped_progress_as_of_dates_before_and_after_its_records() {
        let paths = DataPaths::under(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        let (g, plan) = load_all(&paths).expect("the shipped data loads");
        let units = measure_units(&plan);
        assert!(progress_report(&g, &plan, &units, d(2025, 1, 19)).is_none());
        let first = progress_report(&g, &plan, &units, d(2025, 2, 1)).unwrap();
        assert!(first.measures.iter().all(|m| m.stage == Stage::Approved));
        // By 1 June 2025 only the industrial park (eco-03) is recorded as under way, and no
        // money is recorded in any unit.
        let before = progress_report(&g, &plan, &units, d(2025, 6, 1)).unwrap();
        let moved: Vec<_> = before
            .measures
            .iter()
            .filter(|m| m.stage != Stage::Approved)
            .map(|m| (m.measure_id.as_str(), m.stage, m.stage_since))
            .collect();
        assert_eq!(moved, vec![("eco-03", Stage::UnderWay, d(2025, 2, 9))]);
        assert!(before.units.iter().all(|u| u.allocated_eur.is_none()));
        let after = progress_report(&g, &plan, &units, d(2026, 6, 1)).unwrap();
        let sec02 = after
            .measures
            .iter()
            .find(|m| m.measure_id == "sec-02")
            .unwrap();
        assert_eq!(
            (sec02.stage, sec02.stage_since),
            (Stage::UnderWay, d(2026, 3, 6))
        );
        // The only allocation in Rēzeknes novads dated by then: eco-13's ERDF part.
        let rez = after.units.iter().find(|u| u.code == "LV-077").unwrap();
        assert_eq!(rez.allocated_eur, Some(178_500.0));
        // Every unit of the territory is touched by the plan-wide measures.
        assert!(after
            .units
            .iter()
            .all(|u| u.measures_by_stage.values().sum::<usize>() > 0));
        // No indicator has a reported value in the shipped records.
        assert!(after
            .indicators
            .iter()
            .all(|i| matches!(i.standing.verdict, Verdict::NotReported | Verdict::NoTarget)));
    }
}
