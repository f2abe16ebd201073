//! RFC 7946 GeoJSON for catalog features: CRS84, at most 6 decimals.

use geo::{Coord, Geometry, LineString, Polygon};
use serde_json::{json, Value};

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
        Geometry::MultiPolygon(mp) => json!({"type": "MultiPolygon",
            "coordinates": mp.0.iter().map(poly).collect::<Vec<_>>()}),
        Geometry::Rect(r) => geometry_json(&Geometry::Polygon(r.to_polygon())),
        Geometry::Triangle(t) => geometry_json(&Geometry::Polygon(t.to_polygon())),
        Geometry::GeometryCollection(gc) => json!({"type": "GeometryCollection",
            "geometries": gc.0.iter().map(geometry_json).collect::<Vec<_>>()}),
    }
}

/// A feature as a GeoJSON Feature object.
pub fn feature_json(f: &Feature) -> Value {
    json!({
        "type": "Feature",
        "id": f.id,
        "geometry": geometry_json(&f.geometry),
        "properties": Value::Object(f.properties.clone()),
    })
}
