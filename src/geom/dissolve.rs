//! Dissolving polygons that share edges into one geometry.

use std::collections::HashMap;

use geo::orient::{Direction, Orient};
use geo::{unary_union, Contains, Coord, LineString, MultiPolygon, Point, Polygon};

use super::area::polygon_area_km2;

/// Union of CRS84 multipolygons (shared edges vanish, vertices are kept).
///
/// `geo::unary_union` takes its fill rule from the first ring's winding order, so a
/// clockwise polygon (a shapefile's, or a computed one) listed first would erase every
/// counter-clockwise one: every polygon is oriented the same way (RFC 7946) first.
pub fn union_all(parts: &[MultiPolygon<f64>]) -> MultiPolygon<f64> {
    let polys: Vec<Polygon<f64>> = parts
        .iter()
        .flat_map(|mp| mp.0.iter())
        .map(|p| p.orient(Direction::Default))
        .collect();
    unary_union(&polys)
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

/// Splits rings that touch themselves at a vertex ("pinches", which unions of units
/// produce where a third unit wedges in) into simple rings, as OGC validity requires:
/// a loop turning the same way as its ring becomes a polygon (or hole) of its own, a loop
/// turning the other way becomes a hole touching the shell (or an island in a hole).
/// Vertices are compared exactly, so call it after any rounding.
pub fn split_pinches(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let mut shells: Vec<LineString<f64>> = Vec::new();
    let mut holes: Vec<LineString<f64>> = Vec::new();
    for p in &mp.0 {
        for (i, r) in std::iter::once(p.exterior())
            .chain(p.interiors())
            .enumerate()
        {
            let ring_sign = signed_area(&r.0).signum();
            for loop_ in simple_loops(&r.0) {
                let same = signed_area(&loop_).signum() == ring_sign;
                // Exterior (i == 0): same turn → shell. Hole: same turn → hole.
                if (i == 0) == same {
                    shells.push(LineString::new(loop_));
                } else {
                    holes.push(LineString::new(loop_));
                }
            }
        }
    }
    let mut polys: Vec<Polygon<f64>> = shells
        .into_iter()
        .map(|s| Polygon::new(s, vec![]))
        .collect();
    for h in holes {
        let shell_vertices: std::collections::HashSet<(u64, u64)> = polys
            .iter()
            .flat_map(|p| {
                p.exterior()
                    .0
                    .iter()
                    .map(|c| (c.x.to_bits(), c.y.to_bits()))
            })
            .collect();
        // A hole vertex not on any shell decides which shell holds the hole.
        let probe =
            h.0.iter()
                .find(|c| !shell_vertices.contains(&(c.x.to_bits(), c.y.to_bits())));
        let owner = probe.and_then(|c| {
            polys
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    Polygon::new(p.exterior().clone(), vec![]).contains(&Point::from(*c))
                })
                .min_by(|a, b| {
                    signed_area(&a.1.exterior().0)
                        .abs()
                        .total_cmp(&signed_area(&b.1.exterior().0).abs())
                })
                .map(|(i, _)| i)
        });
        if let Some(i) = owner {
            polys[i].interiors_push(h);
        }
    }
    MultiPolygon::new(polys)
}

/// Cuts a closed ring at repeated vertices into closed loops without repeats.
fn simple_loops(ring: &[Coord<f64>]) -> Vec<Vec<Coord<f64>>> {
    let open = match ring.split_last() {
        Some((last, rest)) if Some(last) == rest.first() => rest,
        _ => ring,
    };
    let key = |c: &Coord<f64>| (c.x.to_bits(), c.y.to_bits());
    let mut path: Vec<Coord<f64>> = Vec::new();
    let mut at: HashMap<(u64, u64), usize> = HashMap::new();
    let mut out = Vec::new();
    for c in open {
        if let Some(&k) = at.get(&key(c)) {
            let mut loop_: Vec<Coord<f64>> = path.split_off(k + 1);
            loop_.insert(0, path[k]);
            loop_.push(*c);
            for v in &loop_[1..loop_.len() - 1] {
                at.remove(&key(v));
            }
            if loop_.len() >= 4 {
                out.push(loop_);
            }
        } else {
            at.insert(key(c), path.len());
            path.push(*c);
        }
    }
    if let Some(&first) = path.first() {
        path.push(first);
        if path.len() >= 4 {
            out.push(path);
        }
    }
    out
}

/// Shoelace area in coordinate units (positive counter-clockwise).
fn signed_area(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum::<f64>()
        / 2.0
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
    fn a_clockwise_polygon_first_does_not_erase_the_others() {
        // Clockwise, as a shapefile stores an outer ring.
        let cw = polygon![(x: 24.0, y: 56.0), (x: 24.0, y: 56.1), (x: 24.1, y: 56.1), (x: 24.1, y: 56.0)];
        let ccw = polygon![(x: 25.0, y: 56.0), (x: 25.1, y: 56.0), (x: 25.1, y: 56.1), (x: 25.0, y: 56.1)];
        let (a, b) = (MultiPolygon::new(vec![cw]), MultiPolygon::new(vec![ccw]));
        let u = union_all(&[a.clone(), b.clone()]);
        assert_eq!(u.0.len(), 2);
        let sum = area_km2(&a) + area_km2(&b);
        assert!((area_km2(&u) - sum).abs() < 1e-6 * sum);
    }

    #[test]
    fn slivers_are_dropped() {
        let big = polygon![(x: 24.0, y: 56.0), (x: 24.1, y: 56.0), (x: 24.1, y: 56.1), (x: 24.0, y: 56.1)];
        let tiny = polygon![(x: 25.0, y: 56.0), (x: 25.000001, y: 56.0), (x: 25.000001, y: 56.000001), (x: 25.0, y: 56.000001)];
        let mp = drop_slivers(MultiPolygon::new(vec![big, tiny]), 1e-4);
        assert_eq!(mp.0.len(), 1);
    }

    #[test]
    fn pinched_ring_becomes_two_polygons() {
        use geo::coord;
        // Two squares touching at (1,1), drawn as one ring.
        let ring = vec![
            coord! {x: 0., y: 0.},
            coord! {x: 1., y: 0.},
            coord! {x: 1., y: 1.},
            coord! {x: 2., y: 1.},
            coord! {x: 2., y: 2.},
            coord! {x: 1., y: 2.},
            coord! {x: 1., y: 1.},
            coord! {x: 0., y: 1.},
            coord! {x: 0., y: 0.},
        ];
        let mp = split_pinches(&MultiPolygon::new(vec![Polygon::new(
            LineString::new(ring),
            vec![],
        )]));
        assert_eq!(mp.0.len(), 2);
        for p in &mp.0 {
            assert!(crate::geom::validity::ring_problem(&p.exterior().0).is_none());
        }
    }

    #[test]
    fn inward_loop_becomes_a_hole() {
        use geo::coord;
        // A square whose boundary runs in to (2,2) and around a clockwise inner loop.
        let ring = vec![
            coord! {x: 0., y: 0.},
            coord! {x: 4., y: 0.},
            coord! {x: 4., y: 4.},
            coord! {x: 2., y: 4.},
            coord! {x: 2., y: 3.},
            coord! {x: 3., y: 3.},
            coord! {x: 3., y: 2.},
            coord! {x: 2., y: 2.},
            coord! {x: 2., y: 3.},
            coord! {x: 2., y: 4.},
            coord! {x: 0., y: 4.},
            coord! {x: 0., y: 0.},
        ];
        let mp = split_pinches(&MultiPolygon::new(vec![Polygon::new(
            LineString::new(ring),
            vec![],
        )]));
        let holes: usize = mp.0.iter().map(|p| p.interiors().len()).sum();
        assert_eq!((mp.0.len(), holes), (1, 1), "{mp:?}");
    }
}
