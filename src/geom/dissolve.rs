//! Dissolving polygons that share edges into one geometry.

use geo::{unary_union, MultiPolygon, Polygon};

use super::area::polygon_area_km2;

/// Union of CRS84 multipolygons (shared edges vanish, vertices are kept).
pub fn union_all(parts: &[MultiPolygon<f64>]) -> MultiPolygon<f64> {
    let polys: Vec<&Polygon<f64>> = parts.iter().flat_map(|mp| mp.0.iter()).collect();
    unary_union(polys)
}

/// Drops polygons and holes smaller than `min_km2` (numerical slivers of overlays).
pub fn drop_slivers(mp: MultiPolygon<f64>, min_km2: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(
        mp.0.into_iter()
            .filter(|p| polygon_area_km2(&Polygon::new(p.exterior().clone(), vec![])) >= min_km2)
            .map(|p| {
                let (ext, holes) = p.into_inner();
                let holes = holes
                    .into_iter()
                    .filter(|h| polygon_area_km2(&Polygon::new(h.clone(), vec![])) >= min_km2)
                    .collect();
                Polygon::new(ext, holes)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::area_km2;
    use geo::polygon;

    #[test]
    fn two_squares_sharing_an_edge_become_one() {
        let a = polygon![(x: 24.0, y: 56.0), (x: 24.1, y: 56.0), (x: 24.1, y: 56.1), (x: 24.0, y: 56.1)];
        let b = polygon![(x: 24.1, y: 56.0), (x: 24.2, y: 56.0), (x: 24.2, y: 56.1), (x: 24.1, y: 56.1)];
        let (a, b) = (MultiPolygon::new(vec![a]), MultiPolygon::new(vec![b]));
        let u = union_all(&[a.clone(), b.clone()]);
        assert_eq!(u.0.len(), 1);
        let sum = area_km2(&a) + area_km2(&b);
        // The union may drop the collinear vertex on the parallel: geodesic edges differ by ~1e-7.
        assert!((area_km2(&u) - sum).abs() < 1e-6 * sum);
    }

    #[test]
    fn slivers_are_dropped() {
        let big = polygon![(x: 24.0, y: 56.0), (x: 24.1, y: 56.0), (x: 24.1, y: 56.1), (x: 24.0, y: 56.1)];
        let tiny = polygon![(x: 25.0, y: 56.0), (x: 25.000001, y: 56.0), (x: 25.000001, y: 56.000001), (x: 25.0, y: 56.000001)];
        let mp = drop_slivers(MultiPolygon::new(vec![big, tiny]), 1e-4);
        assert_eq!(mp.0.len(), 1);
    }
}
