//! GeoJSON output: RFC 7946, CRS84, ≤ 6 decimals, one feature a line.

use std::path::Path;

use anyhow::{bail, Context, Result};
use geo::{Area, Coord, LineString, MultiPolygon, Orient, Point, Polygon};
use pierobeza::geom::dissolve::{split_pinches, union_all};
use pierobeza::geom::validity::ring_problem;
use serde_json::{json, Map, Value};

pub use pierobeza::geom::round::round6;

fn pos(c: Coord<f64>) -> Value {
    json!([round6(c.x), round6(c.y)])
}

fn round_ring(r: &LineString<f64>) -> LineString<f64> {
    pierobeza::geom::round::round_line6(r)
}

fn ring_json(r: &LineString<f64>, what: &str) -> Result<Value> {
    if let Some(p) = ring_problem(&r.0) {
        if std::env::var("GEODATA_DEBUG").is_ok() {
            if let pierobeza::geom::validity::RingProblem::SelfIntersection(c) = &p {
                for (i, v) in r.0.iter().enumerate() {
                    if (v.x - c.x).abs() < 0.003 && (v.y - c.y).abs() < 0.003 {
                        eprintln!("  {what} vertex {i}/{}: {:.6} {:.6}", r.0.len(), v.x, v.y);
                    }
                }
            }
        }
        bail!("{what}: after rounding to 6 decimals: {p}");
    }
    Ok(Value::Array(r.0.iter().map(|c| pos(*c)).collect()))
}

/// Rounded to 6 decimals, pinches split, zero-area rings dropped.
pub fn round_mp(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let rounded = MultiPolygon::new(
        mp.0.iter()
            .map(|p| {
                Polygon::new(
                    round_ring(p.exterior()),
                    p.interiors().iter().map(round_ring).collect(),
                )
            })
            .collect(),
    );
    // Rings of (almost) no area left by rounding — below 1e-10 deg², under a square metre —
    // are dropped: they are zero-width spikes, not land.
    let tiny = |r: &LineString<f64>| Polygon::new(r.clone(), vec![]).unsigned_area() < 1e-10;
    MultiPolygon::new(
        split_pinches(&rounded)
            .0
            .into_iter()
            .filter(|p| !tiny(p.exterior()))
            .map(|p| {
                let (e, holes) = p.into_inner();
                Polygon::new(e, holes.into_iter().filter(|h| !tiny(h)).collect())
            })
            .collect(),
    )
}

/// A ring that is not simple, or parts of the multipolygon that overlap or touch along a
/// line (rounding can snap a gap piece that touched its unit at a corner onto its edge).
fn has_problem(mp: &MultiPolygon<f64>) -> bool {
    use geo::Validation;
    mp.0.iter().any(|p| {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .any(|r| ring_problem(&r.0).is_some())
    }) || !mp.is_valid()
}

/// Rounded (`round_mp`); where rounding made two edges cross or two parts overlap or
/// touch along a line, dissolved with itself and rounded again (up to three times).
pub fn clean_mp(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let mut clean = round_mp(mp);
    for _ in 0..3 {
        if !has_problem(&clean) {
            break;
        }
        clean = round_mp(&union_all(&[clean]));
    }
    clean
}

/// Rounds to 6 decimals, splits rings that touch themselves (valid OGC output), orients
/// rings per RFC 7946 §3.1.6 (exteriors counter-clockwise) and checks them. Where
/// rounding made two edges cross (near-degenerate corners of split units) or two parts
/// overlap, the rounded polygon is normalised by a union with itself and rounded again.
pub fn multipolygon_json(mp: &MultiPolygon<f64>, what: &str) -> Result<Value> {
    let clean = clean_mp(mp);
    {
        use geo::Validation;
        if let Some(e) = clean.validation_errors().first() {
            bail!("{what}: still invalid after rounding to 6 decimals and dissolving: {e}");
        }
    }
    let mut polys = Vec::new();
    for p in &clean.0 {
        let p = p.orient(geo::orient::Direction::Default);
        let mut rings = vec![ring_json(p.exterior(), what)?];
        for h in p.interiors() {
            rings.push(ring_json(h, what)?);
        }
        polys.push(Value::Array(rings));
    }
    Ok(json!({"type": "MultiPolygon", "coordinates": polys}))
}

pub fn linestring_json(l: &LineString<f64>) -> Value {
    json!({"type": "LineString", "coordinates": l.0.iter().map(|c| pos(*c)).collect::<Vec<_>>()})
}

pub fn point_json(p: Point<f64>) -> Value {
    json!({"type": "Point", "coordinates": pos(p.0)})
}

pub fn feature(id: &str, properties: Map<String, Value>, geometry: Value) -> Value {
    json!({"type": "Feature", "id": id, "properties": properties, "geometry": geometry})
}

/// Writes a FeatureCollection with one feature per line (readable diffs).
pub fn write_collection(path: &Path, name: &str, features: &[Value]) -> Result<()> {
    let mut s = format!(
        "{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[\n",
        json!(name)
    );
    for (i, f) in features.iter().enumerate() {
        s.push_str(&serde_json::to_string(f)?);
        s.push_str(if i + 1 < features.len() { ",\n" } else { "\n" });
    }
    s.push_str("]}\n");
    std::fs::write(path, s).with_context(|| format!("writing {}", path.display()))
}
