//! Speed of the spatial core (issue 4, "Speed") on repeatable synthetic data.
//!
//! Sizes 10k, 100k, 1M and 10M points spread over Latvia (inside the real
//! outline once geodata/ is there, else over its bounding box): R-tree bulk
//! load, nearest-5, within 5 km, point-in-municipality against the 43 units of
//! 2021, and coverage of all units against 10k–1M population points. The data
//! comes from `support/`.
//!
//! `cargo bench --bench spatial` runs everything (about 6 minutes on 2 cores);
//! `cargo bench --bench spatial -- nearest` runs one group. Under `cargo test
//! --benches` criterion runs each benchmark once, and this file keeps to 10k
//! points there so CI never builds the 10M-point trees. Method and figures:
//! docs/benchmarks.md.

mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use geo::{BoundingRect, Geometry};
use pierobeza::analysis::coverage::{coverage, CoverageParams, FacilityParams};
use pierobeza::geom::lks92::{geometry_to_lks92, to_lks92};
use pierobeza::index::{Catalog, Feature, SpatialIndex};
use pierobeza::model::{Geodata, Plan, Vintage};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;

use support::{
    facility_layer, point_feature, settlements, units_layer, Ground, IntervalUnits, SEED,
};

/// Radius of the within query, metres.
const RADIUS_M: f64 = 5_000.0;
/// Reach of the facility layer in the coverage bench.
const FACILITY_RADIUS_M: f64 = 25_000.0;

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

/// Build, nearest-5 and within-5 km, one size at a time (10M points take several GB).
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
        audience: pierobeza::index::build::Audience::Public,
        layers: vec![units_layer(ground.units.features.clone())],
        geodata: Geodata::default(),
        plan: Plan::default(),
        unit_layers: [(Vintage::V2021, "municipalities_2021".to_string())].into(),
        population: Default::default(),
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
        install_population_model(&mut cat);
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
                let u = f.properties().get("municipality_2021")?.as_str()?;
                let pop = f.properties().get("population")?.as_u64()?;
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

/// The population model the coverage reads, from the synthetic settlements layer: each point
/// a settlement with its own figure, and each unit's official population their sum plus a
/// rural remainder of 20 % (so the grid part is exercised too).
fn install_population_model(cat: &mut Catalog) {
    use pierobeza::model::Settlement;
    let Some(s) = cat.layer("settlements") else {
        return;
    };
    let settlements: Vec<Settlement> = s
        .features
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let Geometry::Point(p) = f.geometry else {
                return None;
            };
            Some(Settlement {
                geonameid: i as u64,
                name: format!("S{i}"),
                population: f.properties().get("population").and_then(|v| v.as_u64()),
                population_basis: "synthetic".into(),
                population_note: None,
                part_of: None,
                point: p,
                municipality_2021: String::new(),
                municipality_current: String::new(),
                provenance: "bench".into(),
                assigned_by: None,
            })
        })
        .collect();
    let geodata = Geodata {
        settlements,
        ..Geodata::default()
    };
    let Some(units) = cat.units_layer(Vintage::V2021) else {
        return;
    };
    let bare = pierobeza::index::PopulationModel::build(&geodata, units, &[]);
    let official: Vec<Option<u64>> = bare
        .units
        .iter()
        .map(|u| Some(u.settlement_total + u.settlement_total / 4))
        .collect();
    let model = pierobeza::index::PopulationModel::build(&geodata, units, &official);
    cat.population.insert(Vintage::V2021, model);
}
