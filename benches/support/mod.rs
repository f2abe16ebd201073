//! Seeded synthetic data for the benches: points over Latvia, the real units
//! (or stand-ins before geodata/ exists), settlements with populations and the
//! facility towns.

use std::path::Path;

use geo::algorithm::indexed::IntervalTreeMultiPolygon;
use geo::{BoundingRect, Contains, Geometry, MultiPolygon, Point};
use pierobeza::geom::lks92::{geometry_to_lks92, to_lks92};
use pierobeza::index::{
    Catalog, Feature, GeomClass, Layer, LayerGroup, Record, SettlementRecord, UnitRecord,
};
use pierobeza::load::DataPaths;
use pierobeza::model::{UnitKind, Vintage};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;
use serde_json::Value;

/// Latvia's extent in CRS84 degrees (lon, lat).
pub const LON: (f64, f64) = (20.97, 28.24);
pub const LAT: (f64, f64) = (55.67, 58.09);
/// The seed of every synthetic set, so each run sees the same points.
pub const SEED: u64 = 0x5EED_1A7F_2025;
pub const QUERIES: usize = 4096;

/// xorshift64*: tiny, seeded and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
    }
}

/// Where the synthetic points may fall and what they are tested against.
pub struct Ground {
    /// "real" (geodata/) or "synthetic" (stand-ins until geodata/ is committed).
    pub source: &'static str,
    /// The real catalog when the shipped data loads (for the coverage bench).
    pub catalog: Option<Catalog>,
    /// The units of 2021 as a layer (id `municipalities_2021`).
    pub units: Layer,
    /// Latvia's outline, CRS84, indexed for rejection sampling; `None` = the bbox.
    pub outline: Option<IntervalTreeMultiPolygon<f64>>,
    /// Facilities for the coverage bench, CRS84 (id, lon, lat).
    pub facilities: Vec<(String, f64, f64)>,
}

/// The 11 towns named for disaster-management centres (approximate town
/// centres), used when the seeds' layer is not available.
pub const DMC_TOWNS: [(&str, f64, f64); 11] = [
    ("daugavpils", 26.536, 55.875),
    ("rezekne", 27.332, 56.510),
    ("ludza", 27.719, 56.546),
    ("kraslava", 27.168, 55.895),
    ("balvi", 27.265, 57.131),
    ("preili", 26.725, 56.294),
    ("livani", 26.176, 56.354),
    ("dagda", 27.537, 56.095),
    ("ilukste", 26.297, 55.978),
    ("aglona", 27.006, 56.131),
    ("aluksne", 27.050, 57.422),
];

pub fn point_feature(lon: f64, lat: f64) -> Feature {
    Feature::new("", Geometry::Point(Point::new(lon, lat)), Record::Empty)
}

/// A unit record with what the coverage reads: code, area and population.
fn unit_record(code: &str, area_km2: f64, population: Option<u64>) -> Record {
    Record::Unit(std::sync::Arc::new(UnitRecord {
        code: code.to_string(),
        vintage: Vintage::V2021,
        name_lv: code.to_string(),
        name_en: code.to_string(),
        kind: UnitKind::Novads,
        planning_region: String::new(),
        valid_from: String::new(),
        valid_to: None,
        population,
        population_year: None,
        population_date: None,
        population_source: None,
        area_km2,
        official_area_km2: None,
        eastern_border_area: false,
        plan_share: None,
        plan_part: None,
        plan_area_km2: 0.0,
        plan_population: None,
        provenance: None,
        note: None,
    }))
}

pub fn units_layer(features: Vec<Feature>) -> Layer {
    Layer::new(
        "municipalities_2021",
        "Municipalities 2021",
        "bench",
        LayerGroup::Base,
        GeomClass::Areas,
        features,
    )
}

/// Units straight from geodata/municipalities_2021.geojson, for when the
/// loader cannot (yet) build the whole catalog.
fn units_from_file(path: &Path) -> Option<Vec<Feature>> {
    let text = std::fs::read_to_string(path).ok()?;
    let fc: geojson::FeatureCollection = text.parse().ok()?;
    let features: Vec<Feature> = fc
        .features
        .into_iter()
        .filter_map(|f| {
            let props = f.properties.clone().unwrap_or_default();
            let code = props.get("code").and_then(Value::as_str)?.to_string();
            let g: Geometry<f64> = f.geometry?.value.try_into().ok()?;
            let mp = match g {
                Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
                Geometry::MultiPolygon(mp) => mp,
                _ => return None,
            };
            let area = props.get("area_km2").and_then(Value::as_f64).unwrap_or(0.0);
            let population = props.get("population").and_then(Value::as_u64);
            let record = unit_record(&code, area, population);
            Some(Feature::new(code, Geometry::MultiPolygon(mp), record))
        })
        .collect();
    (!features.is_empty()).then_some(features)
}

/// 43 strips across the bounding box with 200-vertex jagged edges: only a
/// stand-in so the benches run before geodata/ exists.
fn synthetic_units() -> Vec<Feature> {
    let n = 43;
    let w = (LON.1 - LON.0) / n as f64;
    let edge = |i: usize, y: f64| {
        LON.0
            + i as f64 * w
            + if i == 0 || i == n {
                0.0
            } else {
                0.3 * w * (y * 40.0 + i as f64).sin()
            }
    };
    (0..n)
        .map(|i| {
            let steps = 200;
            let ys: Vec<f64> = (0..=steps)
                .map(|k| LAT.0 + (LAT.1 - LAT.0) * k as f64 / steps as f64)
                .collect();
            let mut ring: Vec<(f64, f64)> = ys.iter().map(|&y| (edge(i, y), y)).collect();
            ring.extend(ys.iter().rev().map(|&y| (edge(i + 1, y), y)));
            ring.push(ring[0]);
            let poly = geo::Polygon::new(ring.into(), vec![]);
            let area_km2 = (w * 63.0) * ((LAT.1 - LAT.0) * 111.2);
            let code = format!("SYN-{i:02}");
            let record = unit_record(&code, area_km2, None);
            Feature::new(
                code,
                Geometry::MultiPolygon(MultiPolygon::new(vec![poly])),
                record,
            )
        })
        .collect()
}

fn facilities_of(cat: &Catalog) -> Vec<(String, f64, f64)> {
    cat.layer("disaster_management_centres_points")
        .map(|l| {
            l.features
                .iter()
                .filter_map(|f| match f.geometry {
                    Geometry::Point(p) => Some((f.id.clone(), p.x(), p.y())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

impl Ground {
    pub fn load() -> Ground {
        let paths = DataPaths::current_dir();
        let towns = || {
            DMC_TOWNS
                .iter()
                .map(|(id, x, y)| (id.to_string(), *x, *y))
                .collect()
        };
        let catalog = pierobeza::cli::load_catalog(&paths).ok().filter(|c| {
            c.units_layer(Vintage::V2021)
                .is_some_and(|l| !l.features.is_empty())
        });
        let (source, units, facilities) = match &catalog {
            Some(cat) => {
                let l = cat.units_layer(Vintage::V2021).expect("checked above");
                let f = facilities_of(cat);
                eprintln!("facilities: {} from the seeds' layer", f.len());
                let f = if f.is_empty() { towns() } else { f };
                ("real", units_layer(l.features.clone()), f)
            }
            None => match units_from_file(&paths.geodata.join("municipalities_2021.geojson")) {
                Some(u) => ("real", units_layer(u), towns()),
                None => ("synthetic", units_layer(synthetic_units()), towns()),
            },
        };
        let outline = (source == "real").then(|| {
            let parts: Vec<geo::Polygon<f64>> = units
                .features
                .iter()
                .flat_map(|f| match &f.geometry {
                    Geometry::MultiPolygon(mp) => mp.0.clone(),
                    _ => vec![],
                })
                .collect();
            IntervalTreeMultiPolygon::new(&MultiPolygon::new(parts))
        });
        eprintln!(
            "bench ground: {source} units ({}), {} facilities{}",
            units.features.len(),
            facilities.len(),
            if source == "real" {
                ""
            } else {
                " — figures NOT representative"
            }
        );
        Ground {
            source,
            catalog,
            units,
            outline,
            facilities,
        }
    }

    /// `n` CRS84 points, uniform over Latvia (rejection-sampled against the outline).
    pub fn points(&self, n: usize, seed: u64) -> Vec<(f64, f64)> {
        let mut rng = Rng::new(seed);
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let p = Point::new(rng.range(LON.0, LON.1), rng.range(LAT.0, LAT.1));
            if self.outline.as_ref().is_none_or(|o| o.contains(&p)) {
                out.push((p.x(), p.y()));
            }
        }
        out
    }

    /// Query points in LKS-92 metres (a different seed from the data).
    pub fn queries(&self) -> Vec<Point<f64>> {
        self.points(QUERIES, SEED ^ 0xC0FFEE)
            .into_iter()
            .map(|(x, y)| {
                let (e, n) = to_lks92(x, y);
                Point::new(e, n)
            })
            .collect()
    }
}

/// Unit envelopes in LKS-92 over interval-tree polygons: an alternative to
/// `SpatialIndex::containing` (which walks every ring edge of each candidate).
pub struct IntervalUnits {
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    polys: Vec<IntervalTreeMultiPolygon<f64>>,
}

impl IntervalUnits {
    pub fn new(units: &Layer) -> IntervalUnits {
        let projected: Vec<MultiPolygon<f64>> = units
            .features
            .iter()
            .map(|f| match &f.geometry {
                Geometry::MultiPolygon(mp) => geometry_to_lks92(mp),
                _ => MultiPolygon::new(vec![]),
            })
            .collect();
        let tree = RTree::bulk_load(
            projected
                .iter()
                .enumerate()
                .filter_map(|(i, mp)| {
                    let r = mp.bounding_rect()?;
                    Some(GeomWithData::new(
                        Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                        i,
                    ))
                })
                .collect(),
        );
        let polys = projected
            .iter()
            .map(IntervalTreeMultiPolygon::new)
            .collect();
        IntervalUnits { tree, polys }
    }

    pub fn containing(&self, p: Point<f64>) -> Option<usize> {
        self.tree
            .locate_all_at_point(&[p.x(), p.y()])
            .map(|e| e.data)
            .find(|&i| self.polys[i].contains(&p))
    }
}

/// A settlements layer of `n` synthetic places with populations, each tagged
/// with its unit of 2021 like the real layer.
pub fn settlements(ground: &Ground, n: usize) -> Layer {
    let tagger = IntervalUnits::new(&ground.units);
    let mut rng = Rng::new(SEED ^ 0x5E77);
    let features: Vec<Feature> = ground
        .points(n, SEED ^ 0x5E771E ^ n as u64)
        .into_iter()
        .enumerate()
        .map(|(i, (x, y))| {
            let (e, nn) = to_lks92(x, y);
            let unit = tagger
                .containing(Point::new(e, nn))
                .map(|u| ground.units.features[u].id.clone())
                .unwrap_or_default();
            // Heavy-tailed sizes, like towns: mostly villages, a few cities.
            let population = (500.0 / (1.0 - rng.range(0.0, 0.999)).powf(1.2)) as u64;
            Feature::new(
                format!("syn-{i}"),
                Geometry::Point(Point::new(x, y)),
                Record::Settlement(std::sync::Arc::new(SettlementRecord {
                    name: format!("S{i}"),
                    population: Some(population),
                    municipality_2021: unit,
                    ..SettlementRecord::default()
                })),
            )
        })
        .collect();
    Layer::new(
        "settlements",
        "Settlements (synthetic)",
        "bench",
        LayerGroup::Base,
        GeomClass::Points,
        features,
    )
}

pub fn facility_layer(ground: &Ground) -> Layer {
    Layer::new(
        "bench_facilities",
        "Disaster-management-centre towns",
        "bench",
        LayerGroup::Base,
        GeomClass::Points,
        ground
            .facilities
            .iter()
            .map(|(id, x, y)| {
                Feature::new(
                    id.clone(),
                    Geometry::Point(Point::new(*x, *y)),
                    Record::Empty,
                )
            })
            .collect(),
    )
}
