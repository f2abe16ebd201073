//! Synthetic measure locations for benchmarks at scale (`pierobeza generate`).
//!
//! Three measures of kind `synthetic` — `synthetic-points`, `synthetic-lines`,
//! `synthetic-areas` — served as the collections `synthetic_points`,
//! `synthetic_lines` and `synthetic_areas`, with N locations between them (80 %
//! points, 10 % lines of 2–5 vertices a few km long, 10 % small polygons), all
//! inside a 2021–2025 unit (hence inside Latvia), at `exact` precision. The same
//! seed gives the same locations. Everything is written as one changeset.

use std::time::Instant;

use geo::{Coord, Geometry, LineString, Point, Polygon};

use super::changeset::{Change, ChangeKind, Changeset};
use super::records::location_row;
use super::row::{Kind, Row};
use super::{open_loaded, Backend, DatabaseTarget};
use crate::analysis::proximity::unit_at;
use crate::geom::lks92::{from_lks92, to_lks92};
use crate::index::{build_catalog, Catalog};
use crate::load::DataPaths;
use crate::model::{Direction, Location, Measure, Place, Precision, Vintage};

/// The most locations one run generates.
pub const MAX_LOCATIONS: u64 = 10_000_000;

/// The measures generated, with the geometry class each one's locations have.
pub const MEASURES: [(&str, Class); 3] = [
    ("synthetic-points", Class::Point),
    ("synthetic-lines", Class::Line),
    ("synthetic-areas", Class::Area),
];

/// The kind of every synthetic measure: its layers are `synthetic_points`, …
pub const KIND: &str = "synthetic";

/// The geometry of a synthetic measure's locations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Point,
    Line,
    Area,
}

/// Why generating failed (before anything is written).
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("--locations {0}: give a number from 1 to {MAX_LOCATIONS}")]
    Count(u64),
    #[error("the store holds synthetic measures already ({0}); generate into a fresh database")]
    Exists(String),
    #[error("the store has no 2021–2025 units to place locations in")]
    NoUnits,
    #[error("no place inside Latvia found after {0} tries (are the units empty?)")]
    NoPlace(u64),
}

/// What one run wrote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Generated {
    pub points: usize,
    pub lines: usize,
    pub areas: usize,
    /// Rows committed: the measures and their locations.
    pub records: usize,
    /// Seconds spent generating (before writing).
    pub generate_s: f64,
    /// Seconds spent committing the changeset.
    pub write_s: f64,
}

/// A small, fast, seedable generator (splitmix64): the same seed gives the same
/// sequence on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform integer in [lo, hi] (inclusive).
    pub fn int(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
}

/// How many locations of each class N gives: 80 % points, 10 % lines, the rest areas.
pub fn split(n: usize) -> [usize; 3] {
    let points = n * 8 / 10;
    let lines = n / 10;
    [points, lines, n - points - lines]
}

/// Places synthetic geometries inside the 2021–2025 units of a catalog.
struct Placer<'a> {
    cat: &'a Catalog,
    /// Latvia's extent, CRS84.
    bbox: [f64; 4],
    rng: SplitMix64,
}

/// Tries per location before giving up (the units cover about half of the box).
const TRIES: u64 = 10_000;

impl<'a> Placer<'a> {
    fn new(cat: &'a Catalog, seed: u64) -> Result<Placer<'a>, GenerateError> {
        let units = cat
            .units_layer(Vintage::V2021)
            .ok_or(GenerateError::NoUnits)?;
        let b = units.bbox.ok_or(GenerateError::NoUnits)?;
        Ok(Placer {
            cat,
            bbox: [b.min().x, b.min().y, b.max().x, b.max().y],
            rng: SplitMix64::new(seed),
        })
    }

    /// The 2021 unit holding an LKS-92 point.
    fn unit(&self, x: f64, y: f64) -> Option<String> {
        unit_at(self.cat, Vintage::V2021, Point::new(x, y)).map(|u| u.code)
    }

    /// A random LKS-92 point inside a unit, and the unit.
    fn anchor(&mut self) -> Result<(f64, f64, String), GenerateError> {
        for _ in 0..TRIES {
            let lon = self.rng.range(self.bbox[0], self.bbox[2]);
            let lat = self.rng.range(self.bbox[1], self.bbox[3]);
            let (x, y) = to_lks92(lon, lat);
            if let Some(code) = self.unit(x, y) {
                return Ok((x, y, code));
            }
        }
        Err(GenerateError::NoPlace(TRIES))
    }

    /// LKS-92 vertices as CRS84 coordinates, if every one is inside a unit.
    fn inside(&self, xy: &[(f64, f64)]) -> Option<Vec<Coord<f64>>> {
        xy.iter()
            .map(|&(x, y)| {
                self.unit(x, y)?;
                let (lon, lat) = from_lks92(x, y);
                Some(Coord { x: lon, y: lat })
            })
            .collect()
    }

    fn point(&mut self) -> Result<(Geometry<f64>, String), GenerateError> {
        let (x, y, code) = self.anchor()?;
        let (lon, lat) = from_lks92(x, y);
        Ok((Geometry::Point(Point::new(lon, lat)), code))
    }

    /// A line of 2–5 vertices, 0.5–2 km apart, wandering from its first vertex.
    fn line(&mut self) -> Result<(Geometry<f64>, String), GenerateError> {
        for _ in 0..TRIES {
            let (x, y, code) = self.anchor()?;
            let n = self.rng.int(2, 5) as usize;
            let mut heading = self.rng.range(0.0, std::f64::consts::TAU);
            let mut xy = vec![(x, y)];
            for _ in 1..n {
                let (px, py) = xy[xy.len() - 1];
                let step = self.rng.range(500.0, 2_000.0);
                heading += self.rng.range(-0.6, 0.6);
                xy.push((px + step * heading.cos(), py + step * heading.sin()));
            }
            if let Some(cs) = self.inside(&xy) {
                return Ok((Geometry::LineString(LineString::new(cs)), code));
            }
        }
        Err(GenerateError::NoPlace(TRIES))
    }

    /// A star-shaped polygon of 5–8 vertices, 100–500 m around its centre.
    fn area(&mut self) -> Result<(Geometry<f64>, String), GenerateError> {
        for _ in 0..TRIES {
            let (x, y, code) = self.anchor()?;
            let n = self.rng.int(5, 8);
            let r = self.rng.range(100.0, 500.0);
            let start = self.rng.range(0.0, std::f64::consts::TAU);
            let mut xy: Vec<(f64, f64)> = (0..n)
                .map(|i| {
                    let a = start + std::f64::consts::TAU * i as f64 / n as f64;
                    let ri = r * self.rng.range(0.6, 1.0);
                    (x + ri * a.cos(), y + ri * a.sin())
                })
                .collect();
            xy.push(xy[0]);
            if let Some(cs) = self.inside(&xy) {
                let poly = Polygon::new(LineString::new(cs), vec![]);
                return Ok((Geometry::Polygon(poly), code));
            }
        }
        Err(GenerateError::NoPlace(TRIES))
    }

    fn place(&mut self, class: Class) -> Result<(Geometry<f64>, String), GenerateError> {
        match class {
            Class::Point => self.point(),
            Class::Line => self.line(),
            Class::Area => self.area(),
        }
    }
}

/// A synthetic measure: nothing but its id, kind and where it comes from.
pub fn synthetic_measure(id: &str, seed: u64) -> Measure {
    Measure {
        id: id.to_string(),
        direction: Direction::Economy,
        kind: KIND.to_string(),
        title_lv: format!("Sintētisks mērījums ({id})"),
        title_en: format!("Synthetic benchmark measure ({id})"),
        institution: None,
        funding: None,
        status: "synthetic".to_string(),
        indicators: Vec::new(),
        locations: Vec::new(),
        sites_not_public: false,
        source: format!("synthetic (pierobeza generate, seed {seed})"),
        notes: Some("Benchmark data: not part of the plan.".to_string()),
    }
}

/// The rows of `n` synthetic locations and their three measures, placed inside the
/// 2021–2025 units of `cat`. `measure_seq` and `location_seq` are the first free
/// `seq` of each kind (after the records already stored).
pub fn synthetic_rows(
    cat: &Catalog,
    n: usize,
    seed: u64,
    measure_seq: usize,
    location_seq: usize,
) -> Result<Vec<Row>, GenerateError> {
    let mut placer = Placer::new(cat, seed)?;
    let counts = split(n);
    let provenance = format!("synthetic (pierobeza generate, seed {seed})");
    let mut out = Vec::with_capacity(n + MEASURES.len());
    let mut seq = location_seq;
    for (j, ((measure_id, class), count)) in MEASURES.iter().zip(counts).enumerate() {
        let m = synthetic_measure(measure_id, seed);
        out.push(Row {
            kind: Kind::Measure,
            id: m.id.clone(),
            parent: None,
            seq: (measure_seq + j) as i64,
            geometry: None,
            body: serde_json::to_value(&m).unwrap_or(serde_json::Value::Null),
        });
        for i in 1..=count {
            let (geom, code) = placer.place(*class)?;
            let loc = Location {
                id: format!("{measure_id}/{i:07}"),
                name: None,
                place: Place::Geometry(geom),
                precision: Precision::Exact,
                provenance: provenance.clone(),
                municipalities: vec![code],
                site_status: None,
                note: None,
            };
            out.push(location_row(measure_id, &loc, seq));
            seq += 1;
        }
    }
    Ok(out)
}

/// `pierobeza generate`: opens the store (loading the baseline into an empty one),
/// then commits `n` synthetic locations and their measures as one changeset.
/// `progress` hears each step.
pub async fn generate(
    target: &DatabaseTarget,
    paths: &DataPaths,
    n: u64,
    seed: u64,
    progress: &dyn Fn(&str),
) -> anyhow::Result<Generated> {
    if n == 0 || n > MAX_LOCATIONS {
        return Err(GenerateError::Count(n).into());
    }
    let n = usize::try_from(n).map_err(|_| GenerateError::Count(n))?;
    progress(&format!("opening {}", target.display()));
    let loaded = open_loaded(target, paths).await?;
    if loaded.initialised {
        progress("loaded geodata/ and seeds/ as the baseline");
    }
    let store = loaded.store;
    let plan = &loaded.snapshot.plan;
    let measure_seq = plan.measures.len();
    let location_seq = plan.measures.iter().map(|m| m.locations.len()).sum();
    let cat = tokio::task::spawn_blocking(move || {
        build_catalog(loaded.snapshot.geodata, loaded.snapshot.plan)
    })
    .await?;
    if let Some(m) = cat
        .plan
        .measures
        .iter()
        .find(|m| MEASURES.iter().any(|(id, _)| *id == m.id))
    {
        return Err(GenerateError::Exists(m.id.clone()).into());
    }
    progress(&format!("generating {n} locations (seed {seed})…"));
    let t0 = Instant::now();
    let rows = tokio::task::spawn_blocking(move || {
        synthetic_rows(&cat, n, seed, measure_seq, location_seq)
    })
    .await??;
    let generate_s = t0.elapsed().as_secs_f64();
    let [points, lines, areas] = split(n);
    let records = rows.len();
    progress(&format!(
        "generated in {generate_s:.1} s; writing {records} records as one changeset…"
    ));
    let t1 = Instant::now();
    let mut cs = Changeset::now(
        "generate",
        ChangeKind::Generate,
        rows.into_iter().map(Change::Create).collect(),
    );
    cs.note = Some(format!(
        "{n} synthetic locations (seed {seed}) for benchmarks"
    ));
    store.commit(&cs).await?;
    let write_s = t1.elapsed().as_secs_f64();
    progress(&format!("written in {write_s:.1} s"));
    Ok(Generated {
        points,
        lines,
        areas,
        records,
        generate_s,
        write_s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_deterministic_and_in_range() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        for _ in 0..1000 {
            let x = a.unit();
            assert_eq!(x, b.unit());
            assert!((0.0..1.0).contains(&x));
            let k = a.int(2, 5);
            assert_eq!(k, b.int(2, 5));
            assert!((2..=5).contains(&k));
        }
    }

    #[test]
    fn split_adds_up() {
        for n in [1, 2, 9, 10, 11, 1000, 999_999] {
            let [p, l, a] = split(n);
            assert_eq!(p + l + a, n);
        }
        assert_eq!(split(1000), [800, 100, 100]);
    }
}
