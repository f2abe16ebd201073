//! Reach of a facility layer in each unit: the share of the unit's grid cells and the
//! people of its population model within a radius of the nearest facility.

use super::coverage::{FacilityCoverage, SettlementBeyond, BEYOND_LISTED};
use super::largest::Largest;
use super::reach_mask::ReachMask;
use crate::index::{Catalog, Feature, Layer, UnitPopulation};
use crate::model::Vintage;

/// Reach of a facility layer in every unit of `units` (by position), on the population
/// model of `vintage`.
pub(super) fn facility_coverage(
    cat: &Catalog,
    units: &Layer,
    vintage: Vintage,
    facilities: &Layer,
    radius_m: f64,
) -> Vec<FacilityCoverage> {
    let empty = UnitPopulation::default();
    let model = cat.population(vintage);
    let places = model.map_or(0, |m| {
        m.units
            .iter()
            .map(|u| u.cells.len() + u.settlements.len())
            .sum()
    });
    let mask = ReachMask::new(
        &facilities.index,
        radius_m,
        units.index.metric_extent(),
        places,
    );
    units
        .features
        .iter()
        .enumerate()
        .map(|(u, f)| {
            let m = model.and_then(|m| m.units.get(u)).unwrap_or(&empty);
            unit_reach(cat, &mask, facilities, m, f, radius_m)
        })
        .collect()
}

/// Reach in one unit.
fn unit_reach(
    cat: &Catalog,
    mask: &ReachMask,
    facilities: &Layer,
    m: &UnitPopulation,
    unit: &Feature,
    radius_m: f64,
) -> FacilityCoverage {
    let covered = m.cells.iter().filter(|&&p| mask.within(p)).count();
    let area_share = if m.cells.is_empty() {
        0.0
    } else {
        covered as f64 / m.cells.len() as f64
    };
    let area_km2 = unit.record.unit().map_or(0.0, |r| r.area_km2);
    let s = settlement_reach(mask, m);
    let rural_cov = m.rural.map(|r| (r as f64 * area_share).round() as u64);
    let total = m.rural.map(|r| r + m.settlement_total);
    let total_cov = rural_cov.map(|r| r + s.covered);
    let share = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
    FacilityCoverage {
        layer: facilities.id.clone(),
        radius_m,
        grid_cell_m: m.cell_m.round(),
        area_share,
        area_covered_km2: area_share * area_km2,
        settlement_population: m.settlement_total,
        settlement_population_covered: s.covered,
        rural_population: m.rural,
        rural_population_covered: rural_cov,
        population_total: total,
        population_covered: total_cov,
        population_share: total.zip(total_cov).and_then(|(t, c)| share(c, t)),
        settlement_population_share: share(s.covered, m.settlement_total),
        settlements: m.settlements.len(),
        settlements_beyond_count: s.beyond,
        settlements_beyond: name_largest(cat, facilities, m, s.largest),
    }
}

/// What a unit's settlements give: people within reach, and the settlements beyond.
struct SettlementReach {
    covered: u64,
    beyond: usize,
    /// The largest beyond reach (positions in the unit's settlements), largest first.
    largest: Vec<usize>,
}

fn settlement_reach(mask: &ReachMask, m: &UnitPopulation) -> SettlementReach {
    let mut covered = 0u64;
    let mut beyond = 0usize;
    let mut largest = Largest::new(BEYOND_LISTED);
    for (at, s) in m.settlements.iter().enumerate() {
        if mask.within(s.point) {
            covered += s.population;
        } else {
            beyond += 1;
            largest.offer(s.population, s.index, at);
        }
    }
    SettlementReach {
        covered,
        beyond,
        largest: largest.into_sorted(),
    }
}

/// The largest settlements beyond reach with their names and distances, largest first
/// (the distance is searched for these few only).
fn name_largest(
    cat: &Catalog,
    facilities: &Layer,
    m: &UnitPopulation,
    largest: Vec<usize>,
) -> Vec<SettlementBeyond> {
    largest
        .into_iter()
        .filter_map(|at| {
            let placed = &m.settlements[at];
            let s = cat.geodata.settlements.get(placed.index)?;
            let d = facilities.index.nearest_one(placed.point);
            Some(SettlementBeyond {
                id: format!("gn-{}", s.geonameid),
                name: s.name.clone(),
                population: placed.population,
                distance_m: d.map_or(f64::INFINITY, |h| h.distance_m.round()),
            })
        })
        .collect()
}
