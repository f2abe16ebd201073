//! Lengths and distances in metres.

use geo::{
    Closest, ClosestPoint, Coord, Euclidean, Geodesic, Length, LineString, MultiLineString, Point,
};

use super::lks92::coord_to_lks92;

/// Geodesic (ellipsoidal) length of a CRS84 line in metres.
pub fn length_m(line: &LineString<f64>) -> f64 {
    Geodesic.length(line)
}

/// Shortest distance in metres from a CRS84 point to CRS84 lines, `None` when there are no lines.
///
/// Measured in LKS-92 (EPSG:3059) metres: inside Latvia the projection's scale
/// error is below 0.04 %, i.e. under 40 m per 100 km.
pub fn distance_to_lines_m(point: Point<f64>, lines: &MultiLineString<f64>) -> Option<f64> {
    let p = Point::from(coord_to_lks92(point.0));
    let projected = MultiLineString::new(
        lines
            .0
            .iter()
            .map(|l| {
                LineString::new(
                    l.0.iter()
                        .map(|c| coord_to_lks92(*c))
                        .collect::<Vec<Coord<f64>>>(),
                )
            })
            .collect(),
    );
    match projected.closest_point(&p) {
        Closest::Intersection(_) => Some(0.0),
        Closest::SinglePoint(q) => Some(Euclidean.length(&geo::Line::new(p.0, q.0))),
        Closest::Indeterminate => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::line_string;

    #[test]
    fn degree_of_latitude_is_about_111_km() {
        let l = line_string![(x: 24.0, y: 56.0), (x: 24.0, y: 57.0)];
        assert!((length_m(&l) - 111_443.0).abs() < 100.0, "{}", length_m(&l));
    }

    #[test]
    fn distance_to_a_meridian_segment() {
        let lines =
            MultiLineString::new(vec![line_string![(x: 24.0, y: 56.0), (x: 24.0, y: 57.0)]]);
        let d = distance_to_lines_m(Point::new(24.1, 56.5), &lines).unwrap_or(f64::NAN);
        // 0.1° of longitude at 56.5° N is about 6.16 km.
        assert!((d - 6160.0).abs() < 30.0, "{d}");
        assert_eq!(
            distance_to_lines_m(Point::new(24.1, 56.5), &MultiLineString::new(vec![])),
            None
        );
    }
}
