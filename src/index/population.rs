//! The population model: every resident of every unit, placed.
//!
//! Each unit's official population (CSB, one reference date) is split into the people of
//! its settlements — points carrying their own figure (CSB for towns, GeoNames for villages)
//! — and a rural remainder (official minus settlements), spread evenly over the unit's land
//! on a regular grid in LKS-92 (dasymetric by area: no finer open population source is
//! reachable, see docs/population-model.md). "Within R" then counts a settlement whole when
//! its point is within R, and the remainder by the share of the unit's cells within R.
//! The grid is built once, with the catalog.

use geo::{BoundingRect, MultiPolygon, Point};

use crate::geom::lks92::to_lks92;
use crate::model::{Geodata, Settlement};

use super::layer::Layer;
use crate::geom::raster::cell_centres;

/// One settlement as the model places it.
#[derive(Debug, Clone, Copy)]
pub struct PlacedSettlement {
    /// Position in `Geodata::settlements` (and in the settlements layer).
    pub index: usize,
    /// LKS-92 metres.
    pub point: Point<f64>,
    pub population: u64,
}

/// The model of one unit (the default: nothing known, no cells).
#[derive(Debug, Clone, Default)]
pub struct UnitPopulation {
    /// The unit's official population, when known.
    pub official: Option<u64>,
    /// Settlements with a figure of their own (neighbourhoods counted by their city are not).
    pub settlements: Vec<PlacedSettlement>,
    pub settlement_total: u64,
    /// Official minus settlements; `None` when the official figure is unknown.
    pub rural: Option<u64>,
    /// Settlement figures exceeding the official total (then the remainder is 0).
    pub overcount: u64,
    /// Centres of the grid cells inside the unit, LKS-92 metres.
    pub cells: Vec<Point<f64>>,
    /// Side of a cell, metres.
    pub cell_m: f64,
}

/// The model of every unit of one vintage, by position in its units layer.
#[derive(Debug, Clone, Default)]
pub struct PopulationModel {
    pub units: Vec<UnitPopulation>,
}

/// Cell side for a unit: at least 400 cells per unit, at most 1 km, at least 50 m.
pub fn cell_size_m(area_km2: f64) -> f64 {
    (area_km2 * 1e6 / 400.0).sqrt().clamp(50.0, 1000.0)
}

fn settlement_unit(units: &Layer, s: &Settlement) -> Option<usize> {
    let (x, y) = to_lks92(s.point.x(), s.point.y());
    let q = Point::new(x, y);
    if let Some(&i) = units.index.containing(q).first() {
        return Some(i);
    }
    units
        .index
        .nearest_one(q)
        .filter(|h| h.distance_m <= 2_000.0)
        .map(|h| h.feature)
}

impl PopulationModel {
    /// Builds the model for the units of `units` (a units layer) from the typed geodata.
    pub fn build(geodata: &Geodata, units: &Layer, populations: &[Option<u64>]) -> Self {
        let mut placed: Vec<Vec<PlacedSettlement>> = vec![Vec::new(); units.features.len()];
        for (index, s) in geodata.settlements.iter().enumerate() {
            let Some(population) = s.population else {
                continue;
            };
            if s.part_of.is_some() {
                continue;
            }
            if let Some(u) = settlement_unit(units, s) {
                let (x, y) = to_lks92(s.point.x(), s.point.y());
                placed[u].push(PlacedSettlement {
                    index,
                    point: Point::new(x, y),
                    population,
                });
            }
        }
        let units = placed
            .into_iter()
            .enumerate()
            .map(|(u, settlements)| {
                let poly = as_multipolygon(units.index.projected(u));
                unit_model(&poly, populations.get(u).copied().flatten(), settlements)
            })
            .collect();
        PopulationModel { units }
    }
}

fn unit_model(
    poly: &MultiPolygon<f64>,
    official: Option<u64>,
    settlements: Vec<PlacedSettlement>,
) -> UnitPopulation {
    let area_km2 = poly
        .bounding_rect()
        .map_or(0.0, |_| geo::Area::unsigned_area(poly) / 1e6);
    let cell_m = cell_size_m(area_km2);
    let settlement_total: u64 = settlements.iter().map(|s| s.population).sum();
    let overcount = official.map_or(0, |o| settlement_total.saturating_sub(o));
    UnitPopulation {
        official,
        rural: official.map(|o| o.saturating_sub(settlement_total)),
        settlements,
        settlement_total,
        overcount,
        cells: cell_centres(poly, cell_m),
        cell_m,
    }
}

/// A unit geometry as a multipolygon (units are areas; anything else is empty).
pub fn as_multipolygon(g: &geo::Geometry<f64>) -> MultiPolygon<f64> {
    match g {
        geo::Geometry::MultiPolygon(mp) => mp.clone(),
        geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p.clone()]),
        _ => MultiPolygon::new(vec![]),
    }
}
