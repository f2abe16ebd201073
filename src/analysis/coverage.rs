//! Coverage per municipality: what each unit gets from the plan, and who is
//! within reach of a facility layer.
//!
//! Everything is computed from the catalog's public geometries, so a figure
//! never rests on a location more precise than its record.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use geo::{
    BooleanOps, BoundingRect, Geometry, InteriorPoint, Intersects, Length, MultiLineString, Point,
};
use serde::Serialize;

use super::allocations::{allocated_by_unit, pool_money, PoolMoney, NO_ALLOCATION};
use super::reach;
use super::AnalysisError;
use crate::index::population::as_multipolygon;
use crate::index::{Catalog, Feature, GeomClass, Layer, LayerGroup, LocationRecord, SiteStatus};
use crate::model::{Direction, Precision, Vintage};

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
///
/// Population is the model of [`crate::index::population`]: settlements carry their own
/// figure; the rest of the unit's official population (the rural remainder) is spread
/// evenly over its grid cells. `population_total` = settlements + rural = the official figure.
#[derive(Debug, Clone, Serialize)]
pub struct FacilityCoverage {
    pub layer: String,
    pub radius_m: f64,
    /// Side of the grid used for the area share and the rural remainder, metres.
    pub grid_cell_m: f64,
    /// Share of the unit's area within `radius_m` of the nearest facility (0–1).
    pub area_share: f64,
    pub area_covered_km2: f64,
    /// People in the unit's settlements with a figure of their own.
    pub settlement_population: u64,
    pub settlement_population_covered: u64,
    /// The rest of the official population, spread over the unit's land; `None` when the
    /// unit's official population is unknown.
    pub rural_population: Option<u64>,
    pub rural_population_covered: Option<u64>,
    /// Settlements + rural remainder (= the official population).
    pub population_total: Option<u64>,
    pub population_covered: Option<u64>,
    /// Covered share of the whole modelled population (0–1).
    pub population_share: Option<f64>,
    /// Covered share of the settlement population alone (0–1).
    pub settlement_population_share: Option<f64>,
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
    /// Per-measure amounts split evenly over the units each measure lands in; `None` when
    /// no measure landing in the unit has a recorded amount (`funding_unknown_reason` says why).
    pub funding_attributed_eur: Option<f64>,
    pub funding_per_inhabitant_eur: Option<f64>,
    pub funding_unknown_reason: Option<String>,
    /// Money allocated to measures in the unit (progress records); `None` when none is
    /// recorded (`allocated_unknown_reason` says so).
    pub allocated_eur: Option<f64>,
    pub allocated_eur_per_inhabitant: Option<f64>,
    pub allocated_unknown_reason: Option<String>,
    /// For a unit only partly in the plan territory (Madonas novads since 2025-07-01): the
    /// area and population of its plan part (the former Varakļānu novads).
    pub plan_area_km2: Option<f64>,
    pub plan_population: Option<u64>,
    /// Length of line locations clipped to the unit, km, by measure kind.
    pub line_km_by_kind: BTreeMap<String, f64>,
    /// Area of exact polygon locations clipped to the unit, m², by measure kind.
    pub area_m2_by_kind: BTreeMap<String, f64>,
    /// Sum of `line_km_by_kind`; `None` while no measure of the plan has a line location
    /// recorded (then the length is unknown, not 0: the plan's roads have no geometry yet).
    pub line_km: Option<f64>,
    /// Sum of `area_m2_by_kind`; `None` while no measure has an exact polygon recorded.
    pub area_m2: Option<f64>,
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
    /// Sum over the members with a known amount; `None` when none has one.
    pub funding_attributed_eur: Option<f64>,
    /// Sum of the members' allocations; `None` when none has one.
    pub allocated_eur: Option<f64>,
    /// `None` while no line location is recorded anywhere.
    pub line_km: Option<f64>,
    pub settlement_population: Option<u64>,
    pub settlement_population_covered: Option<u64>,
    pub rural_population: Option<u64>,
    pub rural_population_covered: Option<u64>,
    pub population_total: Option<u64>,
    pub population_covered: Option<u64>,
    /// Covered share of the whole modelled population.
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
    /// Per pool: allocated in units, territory-wide, and the unallocated remainder
    /// (the three add up to the pool).
    pub allocations_by_pool: BTreeMap<String, PoolMoney>,
}

/// Why a unit's funding is null: what the plan publishes, and what it does not.
pub const FUNDING_UNKNOWN: &str = "unknown: the plan states its money per pool (476,082,274 EUR for measures with funding allocated, 156,696,926 EUR for proposals without), not per measure or municipality, and no amount for a measure landing in this unit has been recorded";

/// The answer of a coverage query.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageReport {
    pub vintage: &'static str,
    pub units: Vec<UnitCoverage>,
    pub totals: BTreeMap<&'static str, GroupTotals>,
    pub plan_level: PlanLevel,
    pub method: Vec<String>,
}

/// A measure location as the analysis sees it: a measure layer feature's typed record.
struct Loc<'a> {
    record: &'a LocationRecord,
    layer: &'a Layer,
    index: usize,
}

impl<'a> Loc<'a> {
    fn measure_id(&self) -> &'a str {
        &self.record.measure.id
    }

    /// Served at a site's own geometry (a point, line or polygon of the site or its
    /// settlement), not a unit's or the region's polygon.
    fn exact(&self) -> bool {
        self.record.precision <= Precision::Settlement
    }
}

/// The measures' sites; candidate places (named in the news, not confirmed by the plan)
/// are not sites and never count a measure into a unit.
fn measure_locations(cat: &Catalog) -> Vec<Loc<'_>> {
    cat.layers
        .iter()
        .filter(|l| l.group == LayerGroup::Measures)
        .flat_map(|l| {
            l.features.iter().enumerate().filter_map(move |(i, f)| {
                let record = f.record.location()?;
                (record.site_status != SiteStatus::Candidate).then_some(Loc {
                    record,
                    layer: l,
                    index: i,
                })
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
    match loc.record.precision {
        Precision::Region => None,
        Precision::Municipality => {
            let codes: BTreeSet<&str> = loc
                .record
                .municipalities
                .iter()
                .filter_map(|c| map.get(c).map(String::as_str))
                .collect();
            Some(
                codes
                    .into_iter()
                    .filter_map(|c| units.feature(c).map(|(i, _)| i))
                    .collect(),
            )
        }
        Precision::Exact | Precision::Settlement => Some(units_touching(loc, units)),
    }
}

/// The units a location's own geometry lies in or crosses; a point on the coast or a
/// river bank just outside the polygons goes to the nearest unit within 2 km.
fn units_touching(loc: &Loc, units: &Layer) -> Vec<usize> {
    let g = loc.layer.index.projected(loc.index);
    let found: Vec<usize> = match g {
        Geometry::Point(p) => units.index.containing(*p),
        _ => {
            let Some(bb) = g.bounding_rect() else {
                return vec![];
            };
            units
                .index
                .envelopes_meeting(bb)
                .into_iter()
                .filter(|&i| units.index.projected(i).intersects(g))
                .collect()
        }
    };
    match g {
        Geometry::Point(p) if found.is_empty() => units
            .index
            .nearest(*p, 1)
            .into_iter()
            .filter(|h| h.distance_m <= 2_000.0)
            .map(|h| h.feature)
            .collect(),
        _ => found,
    }
}

/// Computes the coverage report. The plan territory is fixed by the plan (its 11 units of
/// 2021), so the group totals are always summed over the 2021 units: both vintages agree
/// on the plan territory, the rest of Latvia and Latvia, whatever merged since.
pub fn coverage(cat: &Catalog, params: &CoverageParams) -> Result<CoverageReport, AnalysisError> {
    let mut report = coverage_in(cat, params)?;
    if params.vintage != Vintage::V2021 {
        let base = coverage_in(
            cat,
            &CoverageParams {
                vintage: Vintage::V2021,
                municipality: None,
                facility: params.facility.clone(),
            },
        )?;
        report.totals = base.totals;
        report.method.push("Totals (plan territory, rest of Latvia, Latvia) are summed over the plan's 2021 units, so they equal the 2021 vintage's: in the current vintage only the former Varakļānu novads part of Madonas novads (plan_area_km2, plan_population) is plan territory.".to_string());
    }
    Ok(report)
}

/// The facility layer of a reach query: a layer of sites (points). Reach from a unit or
/// region polygon would measure from wherever the boundary happens to be — the site is not
/// public or not located — and line or polygon layers would cost a polygon distance per
/// grid cell (seconds per request), so they are refused by name.
fn reach_layer<'a>(cat: &'a Catalog, id: &str) -> Result<&'a Layer, AnalysisError> {
    let l = cat
        .layer(id)
        .ok_or_else(|| AnalysisError::UnknownLayer(id.to_string()))?;
    if l.class != GeomClass::Points {
        return Err(AnalysisError::NotSites(id.to_string()));
    }
    Ok(l)
}

/// What the measure locations give each unit (by position in the units layer).
struct Tally<'a> {
    measures: Vec<BTreeSet<&'a str>>,
    by_direction: Vec<BTreeMap<Direction, BTreeSet<&'a str>>>,
    by_kind: Vec<BTreeMap<String, BTreeSet<&'a str>>>,
    locations: Vec<usize>,
    line_km: Vec<BTreeMap<String, f64>>,
    area_m2: Vec<BTreeMap<String, f64>>,
    /// The units each measure lands in.
    measure_units: BTreeMap<&'a str, BTreeSet<usize>>,
    measure_amount: BTreeMap<&'a str, f64>,
    region_measures: BTreeSet<&'a str>,
    region_locations: usize,
    /// Measures with at least one location.
    located: BTreeSet<&'a str>,
    /// Whether any location has an exact line (or polygon) geometry.
    any_lines: bool,
    any_areas: bool,
}

impl<'a> Tally<'a> {
    fn new(n: usize, locs: &[Loc<'a>]) -> Tally<'a> {
        let any = |class| locs.iter().any(|l| l.exact() && l.layer.class == class);
        Tally {
            measures: vec![BTreeSet::new(); n],
            by_direction: vec![BTreeMap::new(); n],
            by_kind: vec![BTreeMap::new(); n],
            locations: vec![0; n],
            line_km: vec![BTreeMap::new(); n],
            area_m2: vec![BTreeMap::new(); n],
            measure_units: BTreeMap::new(),
            measure_amount: BTreeMap::new(),
            region_measures: BTreeSet::new(),
            region_locations: 0,
            located: BTreeSet::new(),
            any_lines: any(GeomClass::Lines),
            any_areas: any(GeomClass::Areas),
        }
    }

    /// Counts every location into the units it lies in (or the plan level).
    fn count(&mut self, locs: &[Loc<'a>], units: &Layer, map: &HashMap<String, String>) {
        for loc in locs {
            let m = loc.measure_id();
            self.located.insert(m);
            if let Some(a) = loc.record.measure.amount_eur {
                self.measure_amount.insert(m, a);
            }
            let Some(us) = units_of(loc, units, map) else {
                self.region_locations += 1;
                self.region_measures.insert(m);
                continue;
            };
            for u in us {
                self.count_in(loc, units, u);
            }
        }
    }

    /// Counts one location into unit `u`.
    fn count_in(&mut self, loc: &Loc<'a>, units: &Layer, u: usize) {
        let m = loc.measure_id();
        let r = loc.record;
        self.measures[u].insert(m);
        self.by_direction[u]
            .entry(r.measure.direction)
            .or_default()
            .insert(m);
        self.by_kind[u]
            .entry(r.measure.kind.clone())
            .or_default()
            .insert(m);
        self.locations[u] += 1;
        self.measure_units.entry(m).or_default().insert(u);
        if loc.exact() {
            self.clip(loc, units, u);
        }
    }

    /// Adds the length (or area) of a location's own geometry inside unit `u`.
    fn clip(&mut self, loc: &Loc, units: &Layer, u: usize) {
        let g = loc.layer.index.projected(loc.index);
        let unit_poly = as_multipolygon(units.index.projected(u));
        let kind = &loc.record.measure.kind;
        match (loc.layer.class, g) {
            (GeomClass::Lines, Geometry::MultiLineString(ml)) => {
                let clipped: MultiLineString<f64> = unit_poly.clip(ml, false);
                *self.line_km[u].entry(kind.to_string()).or_default() +=
                    geo::Euclidean.length(&clipped) / 1000.0;
            }
            (GeomClass::Areas, Geometry::MultiPolygon(mp)) => {
                use geo::Area;
                *self.area_m2[u].entry(kind.to_string()).or_default() +=
                    unit_poly.intersection(mp).unsigned_area();
            }
            _ => {}
        }
    }

    /// Measures whose every location is region-wide: they stay plan-level.
    fn region_wide(&self) -> Vec<String> {
        self.region_measures
            .iter()
            .filter(|m| !self.measure_units.contains_key(**m))
            .map(|m| m.to_string())
            .collect()
    }

    /// Each measure's amount split evenly over the units it lands in: per unit, and the
    /// total so attributed.
    fn funding(&self) -> (Vec<Option<f64>>, f64) {
        let mut funding: Vec<Option<f64>> = vec![None; self.measures.len()];
        let mut attributed = 0.0;
        for (m, amount) in &self.measure_amount {
            let Some(us) = self.measure_units.get(m).filter(|us| !us.is_empty()) else {
                continue;
            };
            let share = amount / us.len() as f64;
            for &u in us {
                *funding[u].get_or_insert(0.0) += share;
            }
            attributed += amount;
        }
        (funding, attributed)
    }

    /// The figures of unit `u` (its record, funding and facility reach given).
    fn unit(
        &self,
        u: usize,
        f: &Feature,
        funding: Option<f64>,
        allocated: Option<f64>,
        facility: Option<FacilityCoverage>,
    ) -> UnitCoverage {
        let r = f.record.unit();
        let population = r.and_then(|r| r.population);
        UnitCoverage {
            code: f.id.clone(),
            name_lv: r.map(|r| r.name_lv.clone()).unwrap_or_default(),
            name_en: r.map(|r| r.name_en.clone()).unwrap_or_default(),
            eastern_border_area: r.is_some_and(|r| r.eastern_border_area),
            population,
            area_km2: r.map_or(0.0, |r| r.area_km2),
            measures_total: self.measures[u].len(),
            measures_by_direction: Direction::ALL
                .iter()
                .map(|d| {
                    let c = self.by_direction[u].get(d).map_or(0, BTreeSet::len);
                    (d.as_str().to_string(), c)
                })
                .collect(),
            measures_by_kind: self.by_kind[u]
                .iter()
                .map(|(k, s)| (k.clone(), s.len()))
                .collect(),
            locations_total: self.locations[u],
            funding_attributed_eur: funding,
            funding_per_inhabitant_eur: funding
                .zip(population.filter(|&p| p > 0))
                .map(|(f, p)| f / p as f64),
            funding_unknown_reason: funding.is_none().then(|| FUNDING_UNKNOWN.to_string()),
            allocated_eur: allocated,
            allocated_eur_per_inhabitant: allocated
                .zip(population.filter(|&p| p > 0))
                .map(|(a, p)| a / p as f64),
            allocated_unknown_reason: allocated.is_none().then(|| NO_ALLOCATION.to_string()),
            plan_area_km2: r.and_then(|r| r.plan_part).map(|p| p.area_km2),
            plan_population: r.and_then(|r| r.plan_part).map(|p| p.population),
            line_km_by_kind: self.line_km[u].clone(),
            area_m2_by_kind: self.area_m2[u].clone(),
            line_km: self.any_lines.then(|| self.line_km[u].values().sum()),
            area_m2: self.any_areas.then(|| self.area_m2[u].values().sum()),
            facility,
        }
    }
}

/// The report over the units of `params.vintage`, totals included.
fn coverage_in(cat: &Catalog, params: &CoverageParams) -> Result<CoverageReport, AnalysisError> {
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
        Some(fp) => Some(reach_layer(cat, &fp.layer)?),
        None => None,
    };
    let facility = match (&params.facility, facility_layer) {
        (Some(fp), Some(fl)) => {
            if fl.features.is_empty() {
                return Err(AnalysisError::EmptyLayer(fl.id.clone()));
            }
            Some(reach::facility_coverage(
                cat,
                units,
                vintage,
                fl,
                fp.radius_m,
            ))
        }
        _ => None,
    };

    let locs = measure_locations(cat);
    let mut tally = Tally::new(units.features.len(), &locs);
    let to_unit = vintage_map(cat, vintage);
    tally.count(&locs, units, &to_unit);
    let (funding, attributed) = tally.funding();
    let allocated = allocated_by_unit(&cat.plan, &to_unit);
    let mut facility = facility.map(Vec::into_iter);
    let mut out_units: Vec<UnitCoverage> = units
        .features
        .iter()
        .enumerate()
        .map(|(u, f)| {
            let a = allocated.get(&f.id).copied();
            let reach = facility.as_mut().and_then(Iterator::next);
            tally.unit(u, f, funding[u], a, reach)
        })
        .collect();
    let totals = all_totals(&out_units, &tally.measures);
    if let Some(code) = &params.municipality {
        out_units.retain(|u| &u.code == code);
    }
    Ok(CoverageReport {
        vintage: vintage.as_str(),
        units: out_units,
        totals,
        plan_level: plan_level(cat, &tally, attributed),
        method: method(params, facility_layer),
    })
}

/// Totals over the plan territory, the rest of Latvia and Latvia.
fn all_totals(
    units: &[UnitCoverage],
    unit_measures: &[BTreeSet<&str>],
) -> BTreeMap<&'static str, GroupTotals> {
    [
        ("plan_territory", Some(true)),
        ("rest_of_latvia", Some(false)),
        ("latvia", None),
    ]
    .into_iter()
    .map(|(name, pick)| {
        let members: Vec<usize> = (0..units.len())
            .filter(|&u| pick.is_none_or(|p| units[u].eastern_border_area == p))
            .collect();
        (name, group_totals(units, &members, unit_measures))
    })
    .collect()
}

/// The figures that belong to no single unit.
fn plan_level(cat: &Catalog, tally: &Tally, attributed: f64) -> PlanLevel {
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
        .filter(|m| !tally.located.contains(m.id.as_str()))
        .map(|m| m.id.clone())
        .collect();
    PlanLevel {
        region_wide_measures: tally.region_wide(),
        region_wide_locations: tally.region_locations,
        unlocated_measures: unlocated,
        funding_pools_eur: pools,
        funding_total_eur: funding_total,
        funding_attributed_eur: attributed,
        funding_unattributed_eur: funding_total - attributed,
        allocations_by_pool: pool_money(&cat.plan),
    }
}

/// How the figures were computed.
fn method(params: &CoverageParams, facility_layer: Option<&Layer>) -> Vec<String> {
    let mut method = vec![
        "Units contain a location by point-in-polygon in LKS-92 (EPSG:3059); municipality-precision locations count in the units they name; region-precision ones are plan-level.".to_string(),
        "Funding: the plan gives amounts per pool, not per measure; only per-measure amounts from a cited source are attributed, split evenly over the units the measure lands in.".to_string(),
        "Allocated: money recorded as allocated to a measure in a 2021 unit (progress records, each with its source), summed into the unit that holds it; territory-wide allocations and each pool's unallocated remainder are in plan_level.allocations_by_pool.".to_string(),
        "Line km and exact areas are null while no measure has a line (or exact polygon) location recorded: unknown, not 0 (the plan's 34 km of roads have no geometry yet).".to_string(),
    ];
    if let Some(fl) = facility_layer.filter(|l| l.id.ends_with("_candidates_points")) {
        method.push(format!("The facility layer `{}` holds candidate places named in public sources, not sites the plan confirms: the disaster-management layer lists the 11 towns named in the news, while the plan states 7 centres whose sites are not published.", fl.id));
    }
    if let Some(fp) = &params.facility {
        method.push(format!(
            "Reach: LKS-92 planar distance to the nearest feature of `{}` (≤0.1% from geodesic in Latvia); area share sampled on a grid of at least 400 cells per unit (cell ≤1 km). Population: every unit's official population (CSB, 1 January 2026) = its settlements' own figures (CSB for towns, GeoNames for villages; a city's neighbourhoods are counted by the city) + a rural remainder spread evenly over the unit's grid cells; a settlement counts whole when its point is within reach, the remainder by the share of cells within reach. No lakes, forests or built-up areas are modelled: rural people are placed by area only.",
            fp.layer
        ));
    }
    method
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
    for &u in members {
        let x = &units[u];
        t.population += x.population.unwrap_or(0);
        t.area_km2 += x.area_km2;
        if let Some(f) = x.funding_attributed_eur {
            *t.funding_attributed_eur.get_or_insert(0.0) += f;
        }
        if let Some(a) = x.allocated_eur {
            *t.allocated_eur.get_or_insert(0.0) += a;
        }
        if let Some(km) = x.line_km {
            *t.line_km.get_or_insert(0.0) += km;
        }
        measures.extend(unit_measures[u].iter().copied());
        if let Some(f) = &x.facility {
            *area_cov.get_or_insert(0.0) += f.area_covered_km2;
            add(&mut t.settlement_population, Some(f.settlement_population));
            add(
                &mut t.settlement_population_covered,
                Some(f.settlement_population_covered),
            );
            add(&mut t.rural_population, f.rural_population);
            add(&mut t.rural_population_covered, f.rural_population_covered);
            add(&mut t.population_total, f.population_total);
            add(&mut t.population_covered, f.population_covered);
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
    t.population_share = match (t.population_total, t.population_covered) {
        (Some(a), Some(b)) if a > 0 => Some(b as f64 / a as f64),
        _ => None,
    };
    t
}

/// Adds `x` to a sum that starts unknown.
fn add(sum: &mut Option<u64>, x: Option<u64>) {
    if let Some(x) = x {
        *sum.get_or_insert(0) += x;
    }
}
