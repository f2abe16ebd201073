//! GeoJSON output: RFC 7946, CRS84, ≤ 6 decimals, one feature a line.

use std::path::Path;

use anyhow::{bail, Context, Result};
use geo::{Coord, LineString, MultiPolygon, Orient, Point};
use pierobeza::geom::validity::ring_problem;
use serde_json::{json, Map, Value};

pub use pierobeza::geom::round::{clean_mp, round6, round_mp};

fn pos(c: Coord<f64>) -> Value {
    json!([round6(c.x), round6(c.y)])
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
