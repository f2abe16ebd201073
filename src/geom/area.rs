//! Geodesic area on the GRS80/WGS84 ellipsoid (Karney 2013, via `geo`).

use geo::{GeodesicArea, LineString, MultiPolygon, Polygon};

/// Geodesic area of a CRS84 polygon in km², holes subtracted, orientation ignored.
///
/// ```
/// use geo::polygon;
/// let p = polygon![(x: 24.0, y: 56.0), (x: 24.01, y: 56.0), (x: 24.01, y: 56.01), (x: 24.0, y: 56.01)];
/// let a = pierobeza::geom::polygon_area_km2(&p);
/// assert!((a - 0.6955).abs() < 0.001);
/// ```
pub fn polygon_area_km2(p: &Polygon<f64>) -> f64 {
    let holes: f64 = p.interiors().iter().map(ring_area_m2).sum();
    (ring_area_m2(p.exterior()) - holes) / 1e6
}

/// Area enclosed by one ring, m², whatever its winding: each ring is measured on its
/// own (the polygon-level routine assumes RFC 7946 winding and otherwise returns the
/// rest of the Earth for a hole).
fn ring_area_m2(r: &LineString<f64>) -> f64 {
    const EARTH_M2: f64 = 510_065_621_724_088.4;
    let a = Polygon::new(r.clone(), vec![]).geodesic_area_signed().abs();
    if a > EARTH_M2 / 2.0 {
        EARTH_M2 - a
    } else {
        a
    }
}

/// Geodesic area of a CRS84 multipolygon in km² (sum of its polygons).
pub fn area_km2(mp: &MultiPolygon<f64>) -> f64 {
    mp.0.iter().map(polygon_area_km2).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn one_degree_cell_near_equator() {
        // 1°×1° at the equator on WGS84 is about 12,308 km².
        let p = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)];
        let a = area_km2(&MultiPolygon::new(vec![p]));
        assert!((a - 12308.8).abs() < 1.0, "{a}");
    }

    #[test]
    fn hole_is_subtracted() {
        let outer = polygon![(x: 24.0, y: 56.0), (x: 24.1, y: 56.0), (x: 24.1, y: 56.1), (x: 24.0, y: 56.1)];
        let with_hole = Polygon::new(
            outer.exterior().clone(),
            vec![polygon![(x: 24.02, y: 56.02), (x: 24.04, y: 56.02), (x: 24.04, y: 56.04), (x: 24.02, y: 56.04)]
                .exterior()
                .clone()],
        );
        assert!(polygon_area_km2(&with_hole) < polygon_area_km2(&outer));
        // Winding does not matter, for the shell or the hole.
        let (ext, holes) = with_hole.clone().into_inner();
        let mut ext_cw = ext.clone();
        ext_cw.0.reverse();
        let mut holes_ccw = holes.clone();
        holes_ccw[0].0.reverse();
        let a = polygon_area_km2(&with_hole);
        assert!((polygon_area_km2(&Polygon::new(ext_cw, holes_ccw)) - a).abs() < 1e-9);
        assert!(a > 0.0);
    }
}
