//! CSV for spreadsheets and QGIS "Add delimited text layer": each layer's
//! attribute table with its geometry as WKT (CRS84). The coverage table's CSV
//! is the analysis module's own ([`crate::analysis::table::to_csv`]).

use std::fmt::Write as _;

use geo::{Coord, Geometry, LineString, Polygon};
use serde_json::Value;

use super::round6;
use crate::index::Layer;

/// The file name a layer's table is written as.
pub fn file_name(layer: &Layer) -> String {
    format!("{}.csv", layer.id)
}

/// A layer as CSV: `id`, the schema's properties in order, then `wkt`.
pub fn layer_csv(layer: &Layer) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id".to_string()];
    header.extend(layer.schema.iter().map(|(n, _)| n.clone()));
    header.push("wkt".into());
    // Writing into a Vec cannot fail.
    let _ = w.write_record(&header);
    for f in &layer.features {
        let mut row = vec![f.id.clone()];
        row.extend(
            layer
                .schema
                .iter()
                .map(|(n, _)| cell(f.properties.get(n).unwrap_or(&Value::Null))),
        );
        row.push(wkt(&f.geometry));
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// A property value as a CSV cell: empty for null, JSON text for nested values.
pub fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// OGC WKT of a geometry, coordinates at 6 decimals.
pub fn wkt(g: &Geometry<f64>) -> String {
    let mut s = String::new();
    match g {
        Geometry::Point(p) => {
            s.push_str("POINT ");
            coords(&mut s, &[p.0]);
        }
        Geometry::MultiPoint(mp) => {
            s.push_str("MULTIPOINT (");
            for (i, p) in mp.0.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                coords(&mut s, &[p.0]);
            }
            s.push(')');
        }
        Geometry::LineString(l) => {
            s.push_str("LINESTRING ");
            coords(&mut s, &l.0);
        }
        Geometry::MultiLineString(ml) => {
            s.push_str("MULTILINESTRING ");
            lines(&mut s, &ml.0);
        }
        Geometry::Polygon(p) => {
            s.push_str("POLYGON ");
            polygon(&mut s, p);
        }
        Geometry::MultiPolygon(mp) => {
            s.push_str("MULTIPOLYGON (");
            for (i, p) in mp.0.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                polygon(&mut s, p);
            }
            s.push(')');
        }
        Geometry::Line(l) => {
            s.push_str("LINESTRING ");
            coords(&mut s, &[l.start, l.end]);
        }
        Geometry::Rect(r) => return wkt(&Geometry::Polygon(r.to_polygon())),
        Geometry::Triangle(t) => return wkt(&Geometry::Polygon(t.to_polygon())),
        Geometry::GeometryCollection(gc) => {
            s.push_str("GEOMETRYCOLLECTION (");
            let parts: Vec<String> = gc.0.iter().map(wkt).collect();
            s.push_str(&parts.join(", "));
            s.push(')');
        }
    }
    s
}

fn coords(s: &mut String, cs: &[Coord<f64>]) {
    s.push('(');
    for (i, c) in cs.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "{} {}", round6(c.x), round6(c.y));
    }
    s.push(')');
}

fn lines(s: &mut String, ls: &[LineString<f64>]) {
    s.push('(');
    for (i, l) in ls.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        coords(s, &l.0);
    }
    s.push(')');
}

fn polygon(s: &mut String, p: &Polygon<f64>) {
    let mut rings = vec![p.exterior().clone()];
    rings.extend(p.interiors().iter().cloned());
    lines(s, &rings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Point};

    #[test]
    fn wkt_of_point_and_polygon() {
        assert_eq!(
            wkt(&Point::new(26.1234567, 56.5).into()),
            "POINT (26.123457 56.5)"
        );
        let p = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0)];
        assert_eq!(
            wkt(&Geometry::MultiPolygon(geo::MultiPolygon::new(vec![p]))),
            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))"
        );
    }
}
