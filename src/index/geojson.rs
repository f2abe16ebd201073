//! The crate's one GeoJSON writer (RFC 7946): geometries in CRS84 at most 6 decimals,
//! Features as `type`, `id`, `geometry`, `properties`, and FeatureCollections as `type`,
//! the foreign members in the order given, then `features`. The API, the analyses'
//! answers, the export and the importers all write through it.

use geo::{Coord, Geometry, LineString, MultiPolygon, Polygon};
use serde_json::{json, Map, Value};

use super::Feature;

pub use crate::geom::round::round6;

fn pos(c: &Coord<f64>) -> Value {
    json!([round6(c.x), round6(c.y)])
}

fn line(l: &LineString<f64>) -> Value {
    Value::Array(l.0.iter().map(pos).collect())
}

fn poly(p: &Polygon<f64>) -> Value {
    let mut rings = vec![line(p.exterior())];
    rings.extend(p.interiors().iter().map(line));
    Value::Array(rings)
}

/// A multipolygon as a GeoJSON geometry object.
pub fn multi_polygon_json(mp: &MultiPolygon<f64>) -> Value {
    json!({"type": "MultiPolygon", "coordinates": mp.0.iter().map(poly).collect::<Vec<_>>()})
}

/// A geo geometry as a GeoJSON geometry object.
pub fn geometry_json(g: &Geometry<f64>) -> Value {
    match g {
        Geometry::Point(p) => json!({"type": "Point", "coordinates": pos(&p.0)}),
        Geometry::MultiPoint(mp) => json!({"type": "MultiPoint",
            "coordinates": mp.0.iter().map(|p| pos(&p.0)).collect::<Vec<_>>()}),
        Geometry::LineString(l) => json!({"type": "LineString", "coordinates": line(l)}),
        Geometry::Line(l) => {
            json!({"type": "LineString", "coordinates": [pos(&l.start), pos(&l.end)]})
        }
        Geometry::MultiLineString(ml) => json!({"type": "MultiLineString",
            "coordinates": ml.0.iter().map(line).collect::<Vec<_>>()}),
        Geometry::Polygon(p) => json!({"type": "Polygon", "coordinates": poly(p)}),
        Geometry::MultiPolygon(mp) => multi_polygon_json(mp),
        Geometry::Rect(r) => geometry_json(&Geometry::Polygon(r.to_polygon())),
        Geometry::Triangle(t) => geometry_json(&Geometry::Polygon(t.to_polygon())),
        Geometry::GeometryCollection(gc) => json!({"type": "GeometryCollection",
            "geometries": gc.0.iter().map(geometry_json).collect::<Vec<_>>()}),
    }
}

/// A GeoJSON Feature object; a missing geometry is written as `null`.
pub fn feature_value(
    id: &str,
    geometry: Option<&Geometry<f64>>,
    properties: Map<String, Value>,
) -> Value {
    json!({
        "type": "Feature",
        "id": id,
        "geometry": geometry.map_or(Value::Null, geometry_json),
        "properties": Value::Object(properties),
    })
}

/// A catalog feature as a GeoJSON Feature object, with its served properties.
pub fn feature_json(f: &Feature) -> Value {
    feature_value(&f.id, Some(&f.geometry), f.properties().clone())
}

/// A FeatureCollection: `type`, the foreign `members` in order, then `features`.
pub fn collection(members: Vec<(&str, Value)>, features: Vec<Value>) -> Value {
    let mut fc = Map::new();
    fc.insert("type".into(), json!("FeatureCollection"));
    for (k, v) in members {
        fc.insert(k.into(), v);
    }
    fc.insert("features".into(), Value::Array(features));
    Value::Object(fc)
}

/// The text of [`collection`] from features already serialized (the API's cached items),
/// without parsing them again.
pub fn collection_text(members: &[(&str, Value)], features: &[&str]) -> String {
    collection_layout(members, features, ("", ",", ""))
}

/// The text of [`collection`] laid out like the shipped data files: one feature a line,
/// and a final newline.
pub fn collection_lines(members: &[(&str, Value)], features: &[&str]) -> String {
    let mut s = collection_layout(members, features, ("\n", ",\n", "\n"));
    s.push('\n');
    s
}

/// A FeatureCollection's text with `(before, between, after)` around the features.
fn collection_layout(
    members: &[(&str, Value)],
    features: &[&str],
    (before, between, after): (&str, &str, &str),
) -> String {
    let size: usize = features.iter().map(|f| f.len() + between.len()).sum();
    let mut s = String::with_capacity(size + 512);
    s.push_str("{\"type\":\"FeatureCollection\"");
    for (k, v) in members {
        s.push(',');
        s.push_str(&Value::String((*k).to_string()).to_string());
        s.push(':');
        s.push_str(&v.to_string());
    }
    s.push_str(",\"features\":[");
    s.push_str(before);
    for (n, f) in features.iter().enumerate() {
        if n > 0 {
            s.push_str(between);
        }
        s.push_str(f);
    }
    if !features.is_empty() {
        s.push_str(after);
    }
    s.push_str("]}");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_value_collections_agree() {
        let f = feature_value("a", None, Map::new());
        let members = [("numberReturned", json!(1)), ("name", json!("x\"y"))];
        let text = collection_text(&members, &[&f.to_string()]);
        let value = collection(members.to_vec(), vec![f]);
        assert_eq!(text, value.to_string());
        assert!(text.starts_with(r#"{"type":"FeatureCollection","numberReturned":1,"#));
        assert!(text.contains(r#""geometry":null"#));
    }
}
