//! CSV for spreadsheets and QGIS "Add delimited text layer": each layer's
//! attribute table with its geometry as WKT (CRS84). The coverage table's CSV
//! is the analysis module's own ([`crate::analysis::table::to_csv`]).

use geo::{Geometry, MultiLineString, MultiPolygon};
use serde_json::Value;
use wkt::ToWkt;

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
                .map(|(n, _)| cell(f.properties().get(n).unwrap_or(&Value::Null))),
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

/// OGC WKT of a geometry (written by the `wkt` crate), coordinates at 6 decimals.
///
/// Empty parts of a multi-geometry are left out, and an empty geometry is written as
/// `<TYPE> EMPTY` (e.g. `POLYGON EMPTY`), which GDAL and QGIS read.
pub fn wkt(g: &Geometry<f64>) -> String {
    without_empty_parts(crate::geom::round::rounded(g)).wkt_string()
}

/// The geometry without the empty polygons, lines and members it may contain: the `wkt`
/// crate writes an empty member as `()`, which no reader accepts.
fn without_empty_parts(g: Geometry<f64>) -> Geometry<f64> {
    match g {
        Geometry::MultiPolygon(mp) => Geometry::MultiPolygon(MultiPolygon::new(
            mp.0.into_iter()
                .filter(|p| !p.exterior().0.is_empty())
                .collect(),
        )),
        Geometry::MultiLineString(ml) => Geometry::MultiLineString(MultiLineString::new(
            ml.0.into_iter().filter(|l| !l.0.is_empty()).collect(),
        )),
        Geometry::GeometryCollection(gc) => {
            Geometry::GeometryCollection(gc.0.into_iter().map(without_empty_parts).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, LineString, Point, Polygon};

    #[test]
    fn wkt_of_point_and_polygon() {
        assert_eq!(
            wkt(&Point::new(26.1234567, 56.5).into()),
            "POINT(26.123457 56.5)"
        );
        let p = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0)];
        assert_eq!(
            wkt(&Geometry::MultiPolygon(MultiPolygon::new(vec![p]))),
            "MULTIPOLYGON(((0 0,1 0,1 1,0 0)))"
        );
    }

    #[test]
    fn empty_geometries_are_written_empty() {
        let empty = Polygon::new(LineString::new(vec![]), vec![]);
        assert_eq!(wkt(&empty.clone().into()), "POLYGON EMPTY");
        assert_eq!(wkt(&MultiPolygon::new(vec![]).into()), "MULTIPOLYGON EMPTY");
        assert_eq!(
            wkt(&MultiPolygon::new(vec![empty.clone()]).into()),
            "MULTIPOLYGON EMPTY"
        );
        let p = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0)];
        assert_eq!(
            wkt(&MultiPolygon::new(vec![empty, p]).into()),
            "MULTIPOLYGON(((0 0,1 0,1 1,0 0)))"
        );
        assert_eq!(
            wkt(&MultiLineString::new(vec![LineString::new(vec![])]).into()),
            "MULTILINESTRING EMPTY"
        );
    }

    /// GDAL reads what is written, the empty polygon included.
    #[cfg(feature = "gdal")]
    #[test]
    fn gdal_reads_the_wkt() {
        let empty = Polygon::new(LineString::new(vec![]), vec![]);
        let p = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0)];
        for (g, is_empty) in [
            (Geometry::Polygon(empty.clone()), true),
            (MultiPolygon::new(vec![empty, p]).into(), false),
            (Point::new(26.1234567, 56.5).into(), false),
        ] {
            let text = wkt(&g);
            let read = gdal::vector::Geometry::from_wkt(&text).expect("GDAL reads the WKT");
            assert_eq!(read.is_empty(), is_empty, "{text}");
        }
    }
}
