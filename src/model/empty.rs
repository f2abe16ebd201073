//! Empty geometries: the defaults of geometry fields that are stored apart from
//! their record's body (a geometry column) and set after the body is read.

use geo::{LineString, MultiPolygon};

/// An empty line string.
pub fn line_string() -> LineString<f64> {
    LineString::new(vec![])
}

/// An empty multipolygon.
pub fn multi_polygon() -> MultiPolygon<f64> {
    MultiPolygon::new(vec![])
}
