//! Coverage per municipality: what each unit gets from the plan, and who is
//! within reach of a facility layer.
//!
//! Everything is computed from the catalog's public geometries, so a figure
//! never rests on a location more precise than its record.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use geo::{
    BooleanOps, BoundingRect, Geometry, InteriorPoint, Intersects, Length, MultiLineString,
    MultiPolygon, Point,
};
use serde::Serialize;
use serde_json::Value;

use super::raster::cell_centres;
use super::AnalysisError;
use crate::index::{Catalog, Feature, GeomClass, Layer, LayerGroup};
use crate::model::{Direction, Vintage};

/// What to compute.
#[derive(Debug, Clone)]
pub struct CoverageParams {
    pub vintage: Vintage,
    /// Restrict the unit list to one code (totals still cover all units).
    pub municipality: Option<String>,
    pub facility: Option<FacilityParams>,
}

/// Service coverage of a facility layer within a distance.
#[derive(Debug, Clone)]
pub struct FacilityParams {
    pub layer: String,
    pub radius_m: f64,
}

/// A settlement beyond reach of every facility.
#[derive(Debug, Clone, Serialize)]
pub struct SettlementBeyond {
    pub id: String,
    pub name: String,
    pub population: u64,
    /// LKS-92 planar metres to the nearest facility.
    pub distance_m: f64,
}

/// Reach of a facility layer in one unit.
#[derive(Debug, Clone, Serialize)]
pub struct FacilityCoverage {
    pub layer: String,
    pub radius_m: f64,
    /// Side of the sampling grid used for the area share, metres.
    pub grid_cell_m: f64,
    /// Share of the unit's area within `radius_m` of the nearest facility (0–1).
    pub area_share: f64,
    pub area_covered_km2: f64,
    /// Population of the unit's settlements (GeoNames, places of 500+).
    pub settlement_population: u64,
    pub settlement_population_covered: u64,
    /// Covered share of settlement population (0–1), `None` with no settlements.
    pub population_share: Option<f64>,
    pub settlements: usize,
    /// How many settlements lie beyond reach.
    pub settlements_beyond_count: usize,
    /// The largest of them (at most [`BEYOND_LISTED`]), by population.
    pub settlements_beyond: Vec<SettlementBeyond>,
}

/// How many settlements beyond reach a unit lists by name.
pub const BEYOND_LISTED: usize = 50;

/// The figures of one unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitCoverage {
    pub code: String,
    pub name_lv: String,
    pub name_en: String,
    pub eastern_border_area: bool,
    pub population: Option<u64>,
    pub area_km2: f64,
    /// Distinct measures with at least one location in the unit.
    pub measures_total: usize,
    pub measures_by_direction: BTreeMap<String, usize>,
    pub measures_by_kind: BTreeMap<String, usize>,
    /// Locations that lie in (or name) the unit; one naming several units counts in each.
    pub locations_total: usize,
    /// Per-measure amounts split evenly over the units each measure lands in.
    pub funding_attributed_eur: f64,
    pub funding_per_inhabitant_eur: Option<f64>,
    /// Length of line locations clipped to the unit, km, by measure kind.
    pub line_km_by_kind: BTreeMap<String, f64>,
    /// Area of exact polygon locations clipped to the unit, m², by measure kind.
    pub area_m2_by_kind: BTreeMap<String, f64>,
    pub facility: Option<FacilityCoverage>,
}

/// Sums over a group of units.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupTotals {
    pub units: usize,
    pub population: u64,
    pub area_km2: f64,
    /// Distinct measures with a location in at least one unit of the group.
    pub measures_total: usize,
    pub funding_attributed_eur: f64,
    pub line_km: f64,
    pub settlement_population: Option<u64>,
    pub settlement_population_covered: Option<u64>,
    pub population_share: Option<f64>,
    pub area_covered_km2: Option<f64>,
    pub area_share: Option<f64>,
}

/// Plan-level figures that belong to no single unit.
#[derive(Debug, Clone, Serialize)]
pub struct PlanLevel {
    /// Measures located only at region precision (the whole plan territory).
    pub region_wide_measures: Vec<String>,
    pub region_wide_locations: usize,
    /// Measures with no location at all.
    pub unlocated_measures: Vec<String>,
    /// The plan's funding pools: id → EUR.
    pub funding_pools_eur: BTreeMap<String, f64>,
    pub funding_total_eur: f64,
    pub funding_attributed_eur: f64,
    /// The part of the plan's money that the plan does not tie to a place.
    pub funding_unattributed_eur: f64,
}

/// The answer of a coverage query.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageReport {
    pub vintage: &'static str,
    pub units: Vec<UnitCoverage>,
    pub totals: BTreeMap<&'static str, GroupTotals>,
    pub plan_level: PlanLevel,
    pub method: Vec<String>,
}

/// A measure location as the analysis sees it (from a measure layer feature).
struct Loc<'a> {
    feature: &'a Feature,
    layer: &'a Layer,
    index: usize,
    measure_id: &'a str,
    kind: &'a str,
    direction: &'a str,
    amount_eur: Option<f64>,
    precision: &'a str,
}

fn prop_str<'a>(f: &'a Feature, k: &str) -> &'a str {
    f.properties
        .get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn measure_locations(cat: &Catalog) -> Vec<Loc<'_>> {
    cat.layers
        .iter()
        .filter(|l| l.group == LayerGroup::Measures)
        .flat_map(|l| {
            l.features.iter().enumerate().map(move |(i, f)| Loc {
                feature: f,
                layer: l,
                index: i,
                measure_id: prop_str(f, "measure_id"),
                kind: prop_str(f, "kind"),
                direction: prop_str(f, "direction"),
                amount_eur: f.properties.get("amount_eur").and_then(Value::as_f64),
                precision: prop_str(f, "precision"),
            })
        })
        .collect()
}

/// Maps each 2021–2025 unit code to the unit of `vintage` that contains it.
fn vintage_map(cat: &Catalog, vintage: Vintage) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Some(target) = cat.units_layer(vintage) else {
        return out;
    };
    for m in cat.geodata.units(Vintage::V2021) {
        if vintage == Vintage::V2021 {
            out.insert(m.code.clone(), m.code.clone());
            continue;
        }
        if target.feature(&m.code).is_some() {
            out.insert(m.code.clone(), m.code.clone());
        } else if let Some(p) = m.geometry.interior_point() {
            let (x, y) = crate::geom::lks92::to_lks92(p.x(), p.y());
            if let Some(&i) = target.index.containing(Point::new(x, y)).first() {
                out.insert(m.code.clone(), target.features[i].id.clone());
            }
        }
    }
    out
}

/// The units of `units` (by position) a location lies in; `None` for region-wide.
fn units_of(loc: &Loc, units: &Layer, map: &HashMap<String, String>) -> Option<Vec<usize>> {
    match loc.precision {
        "region" => None,
        "municipality" => {
            let codes: BTreeSet<&str> = prop_str(loc.feature, "municipalities")
                .split(',')
                .filter(|c| !c.is_empty())
                .filter_map(|c| map.get(c).map(String::as_str))
                .collect();
            Some(
                codes
                    .into_iter()
                    .filter_map(|c| units.feature(c).map(|(i, _)| i))
                    .collect(),
            )
        }
        _ => {
            let g = loc.layer.index.projected(loc.index);
            let found: Vec<usize> = match g {
                Geometry::Point(p) => units.index.containing(*p),
                _ => {
                    let Some(bb) = g.bounding_rect() else {
                        return Some(vec![]);
                    };
                    (0..units.features.len())
                        .filter(|&i| {
                            units.index.projected(i).bounding_rect().is_some_and(|ub| {
                                ub.intersects(&bb) && units.index.projected(i).intersects(g)
                            })
                        })
                        .collect()
                }
            };
            if found.is_empty() {
                // A point on the coast or a river bank just outside the polygons:
                // the nearest unit within 2 km.
                if let Geometry::Point(p) = g {
                    return Some(
                        units
                            .index
                            .nearest(*p, 1)
                            .into_iter()
                            .filter(|h| h.distance_m <= 2_000.0)
                            .map(|h| h.feature)
                            .collect(),
                    );
                }
            }
            Some(found)
        }
    }
}

/// Computes the coverage report.
pub fn coverage(cat: &Catalog, params: &CoverageParams) -> Result<CoverageReport, AnalysisError> {
    let vintage = params.vintage;
    let units = cat.units_layer(vintage).ok_or_else(|| {
        AnalysisError::UnknownLayer(format!("municipalities_{}", vintage.as_str()))
    })?;
    if let Some(code) = &params.municipality {
        if units.feature(code).is_none() {
            return Err(AnalysisError::UnknownMunicipality(
                code.clone(),
                vintage.as_str().into(),
            ));
        }
    }
    let facility_layer = match &params.facility {
        Some(fp) => Some(
            cat.layer(&fp.layer)
                .ok_or_else(|| AnalysisError::UnknownLayer(fp.layer.clone()))?,
        ),
        None => None,
    };

    let map = vintage_map(cat, vintage);
    let locs = measure_locations(cat);
    let n = units.features.len();
    let mut unit_measures: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); n];
    let mut unit_dir: Vec<BTreeMap<String, BTreeSet<&str>>> = vec![BTreeMap::new(); n];
    let mut unit_kind: Vec<BTreeMap<String, BTreeSet<&str>>> = vec![BTreeMap::new(); n];
    let mut unit_locs = vec![0usize; n];
    let mut unit_line_km: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); n];
    let mut unit_area_m2: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); n];
    let mut measure_units: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    let mut measure_amount: BTreeMap<&str, f64> = BTreeMap::new();
    let mut region_measures: BTreeSet<&str> = BTreeSet::new();
    let mut region_locs = 0usize;
    let mut located: BTreeSet<&str> = BTreeSet::new();

    for loc in &locs {
        located.insert(loc.measure_id);
        if let Some(a) = loc.amount_eur {
            measure_amount.insert(loc.measure_id, a);
        }
        let Some(us) = units_of(loc, units, &map) else {
            region_locs += 1;
            region_measures.insert(loc.measure_id);
            continue;
        };
        for &u in &us {
            unit_measures[u].insert(loc.measure_id);
            unit_dir[u]
                .entry(loc.direction.to_string())
                .or_default()
                .insert(loc.measure_id);
            unit_kind[u]
                .entry(loc.kind.to_string())
                .or_default()
                .insert(loc.measure_id);
            unit_locs[u] += 1;
            measure_units.entry(loc.measure_id).or_default().insert(u);
            let exact_geometry = loc.precision == "exact" || loc.precision == "settlement";
            if exact_geometry {
                let g = loc.layer.index.projected(loc.index);
                let unit_poly = as_multipolygon(units.index.projected(u));
                match (loc.layer.class, g) {
                    (GeomClass::Lines, Geometry::MultiLineString(ml)) => {
                        let clipped: MultiLineString<f64> = unit_poly.clip(ml, false);
                        *unit_line_km[u].entry(loc.kind.to_string()).or_default() +=
                            geo::Euclidean.length(&clipped) / 1000.0;
                    }
                    (GeomClass::Areas, Geometry::MultiPolygon(mp)) => {
                        use geo::Area;
                        *unit_area_m2[u].entry(loc.kind.to_string()).or_default() +=
                            unit_poly.intersection(mp).unsigned_area();
                    }
                    _ => {}
                }
            }
        }
    }
    // Measures whose every location is region-wide stay plan-level.
    let region_wide: Vec<String> = region_measures
        .iter()
        .filter(|m| !measure_units.contains_key(**m))
        .map(|m| m.to_string())
        .collect();

    let mut funding = vec![0.0f64; n];
    let mut attributed = 0.0;
    for (m, amount) in &measure_amount {
        if let Some(us) = measure_units.get(m) {
            if !us.is_empty() {
                let share = amount / us.len() as f64;
                for &u in us {
                    funding[u] += share;
                }
                attributed += amount;
            }
        }
    }

    let facility = match (&params.facility, facility_layer) {
        (Some(fp), Some(fl)) => {
            if fl.features.is_empty() {
                return Err(AnalysisError::EmptyLayer(fl.id.clone()));
            }
            Some(facility_coverage(cat, units, vintage, fl, fp.radius_m))
        }
        _ => None,
    };

    let mut facility = facility.map(Vec::into_iter);
    let mut out_units = Vec::with_capacity(n);
    for (u, f) in units.features.iter().enumerate() {
        let population = f.properties.get("population").and_then(Value::as_u64);
        out_units.push(UnitCoverage {
            code: f.id.clone(),
            name_lv: prop_str(f, "name_lv").to_string(),
            name_en: prop_str(f, "name_en").to_string(),
            eastern_border_area: f
                .properties
                .get("eastern_border_area")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            population,
            area_km2: f
                .properties
                .get("area_km2")
                .and_then(Value::as_f64)
                .unwrap_or(0.0),
            measures_total: unit_measures[u].len(),
            measures_by_direction: Direction::ALL
                .iter()
                .map(|d| {
                    let k = d.as_str().to_string();
                    let c = unit_dir[u].get(&k).map_or(0, BTreeSet::len);
                    (k, c)
                })
                .collect(),
            measures_by_kind: unit_kind[u]
                .iter()
                .map(|(k, s)| (k.clone(), s.len()))
                .collect(),
            locations_total: unit_locs[u],
            funding_attributed_eur: funding[u],
            funding_per_inhabitant_eur: population
                .filter(|&p| p > 0)
                .map(|p| funding[u] / p as f64),
            line_km_by_kind: unit_line_km[u].clone(),
            area_m2_by_kind: unit_area_m2[u].clone(),
            facility: facility.as_mut().and_then(Iterator::next),
        });
    }

    let mut totals = BTreeMap::new();
    for (name, pick) in [
        ("plan_territory", Some(true)),
        ("rest_of_latvia", Some(false)),
        ("latvia", None),
    ] {
        let members: Vec<usize> = (0..n)
            .filter(|&u| pick.is_none_or(|p| out_units[u].eastern_border_area == p))
            .collect();
        totals.insert(name, group_totals(&out_units, &members, &unit_measures));
    }

    let pools: BTreeMap<String, f64> = cat
        .plan
        .funding_pools
        .iter()
        .map(|p| (p.id.clone(), p.amount_eur))
        .collect();
    let funding_total: f64 = pools.values().sum();
    let unlocated: Vec<String> = cat
        .plan
        .measures
        .iter()
        .filter(|m| !located.contains(m.id.as_str()))
        .map(|m| m.id.clone())
        .collect();

    if let Some(code) = &params.municipality {
        out_units.retain(|u| &u.code == code);
    }
    let mut method = vec![
        "Units contain a location by point-in-polygon in LKS-92 (EPSG:3059); municipality-precision locations count in the units they name; region-precision ones are plan-level.".to_string(),
        "Funding: the plan gives amounts per pool, not per measure; only per-measure amounts from a cited source are attributed, split evenly over the units the measure lands in.".to_string(),
    ];
    if let Some(fp) = &params.facility {
        method.push(format!(
            "Reach: LKS-92 planar distance to the nearest feature of `{}` (≤0.1% from geodesic in Latvia); area share sampled on a grid of at least 400 cells per unit (cell ≤1 km); population from GeoNames settlements of 500+ inhabitants only.",
            fp.layer
        ));
    }
    Ok(CoverageReport {
        vintage: vintage.as_str(),
        units: out_units,
        totals,
        plan_level: PlanLevel {
            region_wide_measures: region_wide,
            region_wide_locations: region_locs,
            unlocated_measures: unlocated,
            funding_pools_eur: pools,
            funding_total_eur: funding_total,
            funding_attributed_eur: attributed,
            funding_unattributed_eur: funding_total - attributed,
        },
        method,
    })
}

fn as_multipolygon(g: &Geometry<f64>) -> MultiPolygon<f64> {
    match g {
        Geometry::MultiPolygon(mp) => mp.clone(),
        Geometry::Polygon(p) => MultiPolygon::new(vec![p.clone()]),
        _ => MultiPolygon::new(vec![]),
    }
}

fn group_totals(
    units: &[UnitCoverage],
    members: &[usize],
    unit_measures: &[BTreeSet<&str>],
) -> GroupTotals {
    let mut t = GroupTotals {
        units: members.len(),
        ..GroupTotals::default()
    };
    let mut measures: BTreeSet<&str> = BTreeSet::new();
    let mut area_cov = None::<f64>;
    let (mut sp, mut spc) = (None::<u64>, None::<u64>);
    for &u in members {
        let x = &units[u];
        t.population += x.population.unwrap_or(0);
        t.area_km2 += x.area_km2;
        t.funding_attributed_eur += x.funding_attributed_eur;
        t.line_km += x.line_km_by_kind.values().sum::<f64>();
        measures.extend(unit_measures[u].iter().copied());
        if let Some(f) = &x.facility {
            *area_cov.get_or_insert(0.0) += f.area_covered_km2;
            *sp.get_or_insert(0) += f.settlement_population;
            *spc.get_or_insert(0) += f.settlement_population_covered;
        }
    }
    t.measures_total = measures.len();
    t.area_covered_km2 = area_cov;
    t.area_share = area_cov.map(|a| {
        if t.area_km2 > 0.0 {
            a / t.area_km2
        } else {
            0.0
        }
    });
    t.settlement_population = sp;
    t.settlement_population_covered = spc;
    t.population_share = match (sp, spc) {
        (Some(a), Some(b)) if a > 0 => Some(b as f64 / a as f64),
        _ => None,
    };
    t
}

/// Reach of a facility layer in every unit of `units` (by position).
fn facility_coverage(
    cat: &Catalog,
    units: &Layer,
    vintage: Vintage,
    facilities: &Layer,
    radius_m: f64,
) -> Vec<FacilityCoverage> {
    let nearest = |p: Point<f64>| facilities.index.nearest_one(p).map(|h| h.distance_m);
    // Settlements grouped by their unit in this vintage, from the typed columns.
    let settlements = cat.layer("settlements");
    let mut by_unit: Vec<Vec<usize>> = vec![Vec::new(); units.features.len()];
    let mut population: &[Option<f64>] = &[];
    if let Some(s) = settlements {
        let cols = s.columns();
        population = cols.number("population").unwrap_or(&[]);
        let position: HashMap<&str, usize> = units
            .features
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.as_str(), i))
            .collect();
        if let Some(codes) = cols.text(&format!("municipality_{}", vintage.as_str())) {
            // Resolve each distinct code once, then every settlement by index.
            let mut unit_of_word: HashMap<u32, Option<usize>> = HashMap::new();
            for (i, code) in codes.iter().enumerate() {
                let Some(w) = code else { continue };
                let unit = *unit_of_word
                    .entry(*w)
                    .or_insert_with(|| position.get(cols.word(*w)).copied());
                if let Some(u) = unit {
                    by_unit[u].push(i);
                }
            }
        }
    }
    let pop_of = |i: usize| population.get(i).copied().flatten().unwrap_or(0.0).max(0.0) as u64;
    units
        .features
        .iter()
        .enumerate()
        .map(|(u, f)| {
            let poly = as_multipolygon(units.index.projected(u));
            let area_km2 = f
                .properties
                .get("area_km2")
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            let cell = (area_km2 * 1e6 / 400.0).sqrt().clamp(50.0, 1000.0);
            let cells = cell_centres(&poly, cell);
            let covered = cells
                .iter()
                .filter(|&&p| nearest(p).is_some_and(|d| d <= radius_m))
                .count();
            let area_share = if cells.is_empty() {
                0.0
            } else {
                covered as f64 / cells.len() as f64
            };
            let mut pop = 0u64;
            let mut pop_cov = 0u64;
            // Positions and distances first; names are copied only for the list.
            let mut beyond: Vec<(usize, u64, f64)> = Vec::new();
            let members = &by_unit[u];
            if let Some(s) = settlements {
                for &i in members {
                    let p = pop_of(i);
                    pop += p;
                    let Geometry::Point(pt) = s.index.projected(i) else {
                        continue;
                    };
                    match nearest(*pt) {
                        Some(d) if d <= radius_m => pop_cov += p,
                        d => beyond.push((i, p, d.map_or(f64::INFINITY, f64::round))),
                    }
                }
            }
            let beyond_count = beyond.len();
            // Largest first; names are copied for the listed ones only.
            beyond.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            beyond.truncate(BEYOND_LISTED);
            let beyond: Vec<SettlementBeyond> = match settlements {
                Some(s) => {
                    let mut named: Vec<SettlementBeyond> = beyond
                        .into_iter()
                        .map(|(i, population, distance_m)| SettlementBeyond {
                            id: s.features[i].id.clone(),
                            name: prop_str(&s.features[i], "name").to_string(),
                            population,
                            distance_m,
                        })
                        .collect();
                    named.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(&b.name)));
                    named
                }
                None => Vec::new(),
            };
            FacilityCoverage {
                layer: facilities.id.clone(),
                radius_m,
                grid_cell_m: cell.round(),
                area_share,
                area_covered_km2: area_share * area_km2,
                settlement_population: pop,
                settlement_population_covered: pop_cov,
                population_share: (pop > 0).then(|| pop_cov as f64 / pop as f64),
                settlements: members.len(),
                settlements_beyond_count: beyond_count,
                settlements_beyond: beyond,
            }
        })
        .collect()
}
