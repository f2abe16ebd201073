//! Speed of the spatial core (issue 4, "Speed") on repeatable synthetic data.
//!
//! Sizes 10k, 100k, 1M and 10M points spread over Latvia (inside the real
//! outline once geodata/ is there, else over its bounding box): R-tree bulk
//! load, nearest-5, within 5 km, point-in-municipality against the 43 units of
//! 2021, and coverage of all units against 10k–1M population points.
//!
//! `cargo bench --bench spatial` runs everything (about 15 minutes on 2 cores);
//! `cargo bench --bench spatial -- nearest` runs one group. Under `cargo test
//! --benches` criterion runs each benchmark once, and this file keeps to 10k
//! points there so CI never builds the 10M-point trees. Method and figures:
//! docs/benchmarks.md.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use geo::algorithm::indexed::IntervalTreeMultiPolygon;
use geo::{BoundingRect, Contains, Geometry, MultiPolygon, Point};
use pierobeza::analysis::coverage::{coverage, CoverageParams, FacilityParams};
use pierobeza::geom::lks92::{geometry_to_lks92, to_lks92};
use pierobeza::index::{Catalog, Feature, GeomClass, Layer, LayerGroup, SpatialIndex};
use pierobeza::load::DataPaths;
use pierobeza::model::{Geodata, Plan, Vintage};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;
use serde_json::{json, Map, Value};

/// Latvia's extent in CRS84 degrees (lon, lat).
const LON: (f64, f64) = (20.97, 28.24);
const LAT: (f64, f64) = (55.67, 58.09);
/// The seed of every synthetic set, so each run sees the same points.
const SEED: u64 = 0x5EED_1A7F_2025;
const QUERIES: usize = 4096;
const RADIUS_M: f64 = 5_000.0;
/// Reach of the facility layer in the coverage bench.
const FACILITY_RADIUS_M: f64 = 25_000.0;

/// xorshift64*: tiny, seeded and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
    }
}

/// Where the synthetic points may fall and what they are tested against.
struct Ground {
    /// "real" (geodata/) or "synthetic" (stand-ins until geodata/ is committed).
    source: &'static str,
    /// The real catalog when the shipped data loads (for the coverage bench).
    catalog: Option<Catalog>,
    /// The units of 2021 as a layer (id `municipalities_2021`).
    units: Layer,
    /// Latvia's outline, CRS84, indexed for rejection sampling; `None` = the bbox.
    outline: Option<IntervalTreeMultiPolygon<f64>>,
    /// Facilities for the coverage bench, CRS84 (id, lon, lat).
    facilities: Vec<(String, f64, f64)>,
}

/// The 11 towns named for disaster-management centres (approximate town
/// centres), used when the seeds' layer is not available.
const DMC_TOWNS: [(&str, f64, f64); 11] = [
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

fn point_feature(lon: f64, lat: f64) -> Feature {
    Feature {
        id: String::new(),
        geometry: Geometry::Point(Point::new(lon, lat)),
        properties: Map::new(),
    }
}

fn units_layer(features: Vec<Feature>) -> Layer {
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
            Some(Feature {
                id: code,
                geometry: Geometry::MultiPolygon(mp),
                properties: props,
            })
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
            Feature {
                id: format!("SYN-{i:02}"),
                geometry: Geometry::MultiPolygon(MultiPolygon::new(vec![poly])),
                properties: json!({ "code": format!("SYN-{i:02}"), "area_km2": area_km2 })
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
            }
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
    fn load() -> Ground {
        let paths = DataPaths::shipped();
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
    fn points(&self, n: usize, seed: u64) -> Vec<(f64, f64)> {
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
    fn queries(&self) -> Vec<Point<f64>> {
        self.points(QUERIES, SEED ^ 0xC0FFEE)
            .into_iter()
            .map(|(x, y)| {
                let (e, n) = to_lks92(x, y);
                Point::new(e, n)
            })
            .collect()
    }
}

/// Sizes to run: all four under `cargo bench`, only 10k when criterion runs
/// the file as a test (no `--bench` argument), so `cargo test` stays fast.
fn sizes() -> Vec<usize> {
    let full = std::env::args().any(|a| a == "--bench");
    let all = [10_000, 100_000, 1_000_000, 10_000_000];
    let max = std::env::var("PIEROBEZA_BENCH_MAX")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    all.into_iter()
        .filter(|&n| (full || n == 10_000) && n <= max)
        .collect()
}

fn label(n: usize) -> String {
    match n {
        n if n >= 1_000_000 => format!("{}M", n / 1_000_000),
        n => format!("{}k", n / 1_000),
    }
}

/// Smaller samples for the big sizes keep the whole run near 15 minutes.
fn tune(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, n: usize) {
    if n >= 1_000_000 {
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3))
            .sampling_mode(SamplingMode::Flat);
    } else {
        g.sample_size(20)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(if n >= 100_000 { 4 } else { 2 }));
    }
}

/// Build, nearest-5 and within-5 km, one size at a time (10M points take ~3 GB).
fn bench_points(c: &mut Criterion, ground: &Ground) {
    let queries = ground.queries();
    for n in sizes() {
        let t = Instant::now();
        let features: Vec<Feature> = ground
            .points(n, SEED ^ n as u64)
            .into_iter()
            .map(|(x, y)| point_feature(x, y))
            .collect();
        eprintln!("{}: generated in {:.1?}", label(n), t.elapsed());

        let index = if n >= 10_000_000 {
            // A 10M build takes ~20 s; criterion's minimum of 10 samples plus
            // warm-up would spend 4 minutes on it, so it is timed once here.
            let t = Instant::now();
            let index = SpatialIndex::build(&features);
            eprintln!(
                "build/{}: one run {:.2?} (single sample, not criterion)",
                label(n),
                t.elapsed()
            );
            index
        } else {
            let mut g = c.benchmark_group("build");
            tune(&mut g, n);
            g.throughput(Throughput::Elements(n as u64));
            g.bench_function(BenchmarkId::from_parameter(label(n)), |b| {
                b.iter(|| black_box(SpatialIndex::build(black_box(&features))))
            });
            g.finish();
            // What dominates the build: projecting to LKS-92, or loading the trees.
            let mut g = c.benchmark_group("build_parts");
            tune(&mut g, n);
            g.throughput(Throughput::Elements(n as u64));
            g.bench_function(BenchmarkId::new("project_lks92", label(n)), |b| {
                b.iter(|| {
                    black_box(
                        features
                            .iter()
                            .map(|f| geometry_to_lks92(&f.geometry))
                            .collect::<Vec<_>>(),
                    )
                })
            });
            let envelopes: Vec<GeomWithData<Rectangle<[f64; 2]>, usize>> = features
                .iter()
                .enumerate()
                .filter_map(|(i, f)| {
                    let r = f.geometry.bounding_rect()?;
                    Some(GeomWithData::new(
                        Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                        i,
                    ))
                })
                .collect();
            g.bench_function(BenchmarkId::new("one_bulk_load", label(n)), |b| {
                b.iter(|| black_box(RTree::bulk_load(envelopes.clone())))
            });
            g.finish();
            SpatialIndex::build(&features)
        };
        let hits: usize = queries
            .iter()
            .map(|&q| index.within(q, RADIUS_M).len())
            .sum();
        eprintln!(
            "{}: within {RADIUS_M} m returns {:.1} points on average",
            label(n),
            hits as f64 / queries.len() as f64
        );

        let mut g = c.benchmark_group("nearest5");
        tune(&mut g, n);
        let mut i = 0;
        g.bench_function(BenchmarkId::from_parameter(label(n)), |b| {
            b.iter(|| {
                i = (i + 1) % queries.len();
                black_box(index.nearest(queries[i], 5))
            })
        });
        g.finish();

        // The floor: rstar alone on bare LKS-92 points, no exact-distance
        // refinement, heap or result vector.
        let bare: RTree<GeomWithData<[f64; 2], usize>> = RTree::bulk_load(
            (0..features.len())
                .filter_map(|i| match index.projected(i) {
                    Geometry::Point(p) => Some(GeomWithData::new([p.x(), p.y()], i)),
                    _ => None,
                })
                .collect(),
        );
        let mut g = c.benchmark_group("nearest5_bare_rstar");
        tune(&mut g, n);
        let mut i = 0;
        g.bench_function(BenchmarkId::from_parameter(label(n)), |b| {
            b.iter(|| {
                i = (i + 1) % queries.len();
                let q = queries[i];
                let mut out = [0usize; 5];
                for (slot, e) in out
                    .iter_mut()
                    .zip(bare.nearest_neighbor_iter(&[q.x(), q.y()]))
                {
                    *slot = e.data;
                }
                black_box(out)
            })
        });
        g.finish();
        drop(bare);

        let mut g = c.benchmark_group("within5km");
        tune(&mut g, n);
        let mut i = 0;
        g.bench_function(BenchmarkId::from_parameter(label(n)), |b| {
            b.iter(|| {
                i = (i + 1) % queries.len();
                black_box(index.within(queries[i], RADIUS_M))
            })
        });
        g.finish();
    }
}

/// Unit envelopes in LKS-92 over interval-tree polygons: an alternative to
/// `SpatialIndex::containing` (which walks every ring edge of each candidate).
struct IntervalUnits {
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    polys: Vec<IntervalTreeMultiPolygon<f64>>,
}

impl IntervalUnits {
    fn new(units: &Layer) -> IntervalUnits {
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

    fn containing(&self, p: Point<f64>) -> Option<usize> {
        self.tree
            .locate_all_at_point(&[p.x(), p.y()])
            .map(|e| e.data)
            .find(|&i| self.polys[i].contains(&p))
    }
}

fn bench_containing(c: &mut Criterion, ground: &Ground) {
    let queries = ground.queries();
    let units = &ground.units;
    let fast = IntervalUnits::new(units);
    let differ = queries
        .iter()
        .filter(|&&q| units.index.containing(q).first().copied() != fast.containing(q))
        .count();
    let inside = queries
        .iter()
        .filter(|&&q| !units.index.containing(q).is_empty())
        .count();
    let vertices: usize = units
        .features
        .iter()
        .map(|f| geo::CoordsIter::coords_count(&f.geometry))
        .sum();
    eprintln!(
        "point-in-municipality: {} units, {vertices} vertices, {inside}/{} queries inside a unit, {differ} answers differ between the two methods",
        units.features.len(),
        queries.len()
    );
    let mut g = c.benchmark_group("point_in_municipality");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let mut i = 0;
    g.bench_function("catalog_containing", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            black_box(units.index.containing(queries[i]))
        })
    });
    let mut i = 0;
    g.bench_function("interval_tree", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            black_box(fast.containing(queries[i]))
        })
    });
    g.finish();
}

/// A settlements layer of `n` synthetic places with populations, each tagged
/// with its unit of 2021 like the real layer.
fn settlements(ground: &Ground, n: usize) -> Layer {
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
            Feature {
                id: format!("syn-{i}"),
                geometry: Geometry::Point(Point::new(x, y)),
                properties: json!({
                    "name": format!("S{i}"),
                    "population": population,
                    "municipality_2021": unit,
                })
                .as_object()
                .cloned()
                .unwrap_or_default(),
            }
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

fn facility_layer(ground: &Ground) -> Layer {
    Layer::new(
        "bench_facilities",
        "Disaster-management-centre towns",
        "bench",
        LayerGroup::Base,
        GeomClass::Points,
        ground
            .facilities
            .iter()
            .map(|(id, x, y)| Feature {
                id: id.clone(),
                ..point_feature(*x, *y)
            })
            .collect(),
    )
}

/// Coverage of all units with a facility layer and `n` population points.
fn bench_coverage(c: &mut Criterion, ground: &mut Ground) {
    let full = std::env::args().any(|a| a == "--bench");
    let ns: &[usize] = if full {
        &[10_000, 100_000, 1_000_000]
    } else {
        &[10_000]
    };
    // The real catalog (measures included) when it loads, else units only.
    let mut cat = ground.catalog.take().unwrap_or_else(|| Catalog {
        layers: vec![units_layer(ground.units.features.clone())],
        geodata: Geodata::default(),
        plan: Plan::default(),
        unit_layers: [(Vintage::V2021, "municipalities_2021".to_string())].into(),
    });
    cat.layers
        .retain(|l| l.id != "settlements" && l.id != "bench_facilities");
    cat.layers.push(facility_layer(ground));
    let params = CoverageParams {
        vintage: Vintage::V2021,
        municipality: None,
        facility: Some(FacilityParams {
            layer: "bench_facilities".into(),
            radius_m: FACILITY_RADIUS_M,
        }),
    };
    for &n in ns {
        cat.layers.retain(|l| l.id != "settlements");
        cat.layers.push(settlements(ground, n));
        let report = coverage(&cat, &params).expect("coverage runs");
        let t = report.totals.get("latvia");
        eprintln!(
            "coverage {}: {} units, population share within {FACILITY_RADIUS_M} m: {:?}",
            label(n),
            report.units.len(),
            t.and_then(|t| t.population_share)
        );
        let mut g = c.benchmark_group("coverage_all_units");
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(if n >= 1_000_000 { 10 } else { 3 }))
            .sampling_mode(SamplingMode::Flat);
        g.bench_function(BenchmarkId::from_parameter(label(n)), |b| {
            b.iter(|| black_box(coverage(&cat, &params)))
        });
        // What the population part could cost with settlements kept as typed
        // columns (unit position, population, LKS-92 point) built once, and a
        // bare point tree of facilities: per settlement one nearest-neighbour
        // query and two adds, no JSON property lookups or string clones.
        let s = cat.layer("settlements").expect("pushed above");
        let unit_pos: std::collections::HashMap<&str, usize> = ground
            .units
            .features
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.as_str(), i))
            .collect();
        let typed: Vec<(usize, u64, [f64; 2])> = s
            .features
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let u = f.properties.get("municipality_2021")?.as_str()?;
                let pop = f.properties.get("population")?.as_u64()?;
                let Geometry::Point(p) = s.index.projected(i) else {
                    return None;
                };
                Some((*unit_pos.get(u)?, pop, [p.x(), p.y()]))
            })
            .collect();
        let fac: RTree<[f64; 2]> = RTree::bulk_load(
            ground
                .facilities
                .iter()
                .map(|(_, x, y)| {
                    let (e, n) = to_lks92(*x, *y);
                    [e, n]
                })
                .collect(),
        );
        let r2 = FACILITY_RADIUS_M * FACILITY_RADIUS_M;
        g.bench_function(BenchmarkId::new("population_reach_typed", label(n)), |b| {
            b.iter(|| {
                let mut sums = vec![(0u64, 0u64); ground.units.features.len()];
                for &(u, pop, p) in &typed {
                    sums[u].0 += pop;
                    if fac
                        .nearest_neighbor(&p)
                        .is_some_and(|f| (f[0] - p[0]).powi(2) + (f[1] - p[1]).powi(2) <= r2)
                    {
                        sums[u].1 += pop;
                    }
                }
                black_box(sums)
            })
        });
        g.finish();
    }
}

/// Whether a criterion name filter on the command line can match anything in
/// these groups; the set-up of 10M points is skipped when it cannot.
fn wanted(groups: &[&str]) -> bool {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let takes_value = |a: &str| {
        matches!(
            a,
            "--save-baseline"
                | "--baseline"
                | "--baseline-lenient"
                | "--load-baseline"
                | "--sample-size"
                | "--warm-up-time"
                | "--measurement-time"
                | "--nresamples"
                | "--noise-threshold"
                | "--confidence-level"
                | "--significance-level"
                | "--profile-time"
                | "--plotting-backend"
                | "--output-format"
                | "--color"
                | "-c"
        )
    };
    let filters: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with('-') && (*i == 0 || !takes_value(&args[i - 1])))
        .map(|(_, a)| a)
        .collect();
    filters.is_empty()
        || filters.iter().any(|f| {
            groups
                .iter()
                .any(|g| g.contains(f.as_str()) || f.contains(g))
        })
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut ground = Ground::load();
    eprintln!("data source: {}", ground.source);
    if wanted(&["point_in_municipality"]) {
        bench_containing(&mut c, &ground);
    }
    if wanted(&["coverage_all_units"]) {
        bench_coverage(&mut c, &mut ground);
    }
    if wanted(&["build", "nearest5", "within5km"]) {
        bench_points(&mut c, &ground);
    }
    c.final_summary();
}
