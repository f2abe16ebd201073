//! Rounding to the 6 decimals (about 0.1 m) that RFC 7946 files carry here.

use geo::{Area, Coord, Geometry, LineString, MapCoords, MultiPolygon, Polygon, Validation};

use super::dissolve::{split_pinches, union_all};
use super::validity::ring_problem;

/// Rounds a degree value to 6 decimals.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A geometry with its coordinates rounded to 6 decimals (no other repair).
pub fn rounded(g: &Geometry<f64>) -> Geometry<f64> {
    g.map_coords(|c| geo::coord! { x: round6(c.x), y: round6(c.y) })
}

/// A ring or line rounded to 6 decimals, with positions that became equal merged.
pub fn round_line6(l: &LineString<f64>) -> LineString<f64> {
    let mut cs: Vec<Coord<f64>> = Vec::with_capacity(l.0.len());
    for c in &l.0 {
        let c = Coord {
            x: round6(c.x),
            y: round6(c.y),
        };
        if cs.last() != Some(&c) {
            cs.push(c);
        }
    }
    LineString::new(cs)
}

/// A multipolygon rounded to 6 decimals, rings that touch themselves split (valid OGC
/// output), and rings of (almost) no area left by rounding dropped — below 1e-10 deg²,
/// under a square metre: zero-width spikes, not land.
pub fn round_mp(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let rounded = MultiPolygon::new(
        mp.0.iter()
            .map(|p| {
                Polygon::new(
                    round_line6(p.exterior()),
                    p.interiors().iter().map(round_line6).collect(),
                )
            })
            .collect(),
    );
    let tiny = |r: &LineString<f64>| Polygon::new(r.clone(), vec![]).unsigned_area() < 1e-10;
    MultiPolygon::new(
        split_pinches(&rounded)
            .0
            .into_iter()
            .filter(|p| !tiny(p.exterior()))
            .map(|p| {
                let (e, holes) = p.into_inner();
                Polygon::new(e, holes.into_iter().filter(|h| !tiny(h)).collect())
            })
            .collect(),
    )
}

/// A ring that is not simple, or parts that overlap or touch along a line.
fn has_problem(mp: &MultiPolygon<f64>) -> bool {
    mp.0.iter().any(|p| {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .any(|r| ring_problem(&r.0).is_some())
    }) || !mp.is_valid()
}

/// `round_mp`, and where rounding made two edges cross or two parts overlap or touch
/// along a line (near-degenerate corners, a piece that touched its neighbour at a point),
/// dissolved with itself and rounded again, up to three times. The result may still be
/// invalid: callers check it (`geo::Validation`) and report what is left.
pub fn clean_mp(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let mut clean = round_mp(mp);
    for _ in 0..3 {
        if !has_problem(&clean) {
            break;
        }
        clean = round_mp(&union_all(&[clean]));
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_mp_dissolves_parts_that_rounding_makes_overlap() {
        use geo::polygon;
        // Two squares 0.3e-6° apart: after rounding to 6 decimals they share an edge.
        let a = polygon![(x: 24.0, y: 56.0), (x: 24.1, y: 56.0), (x: 24.1, y: 56.1), (x: 24.0, y: 56.1)];
        let b = polygon![(x: 24.1000003, y: 56.0), (x: 24.2, y: 56.0), (x: 24.2, y: 56.1), (x: 24.1000003, y: 56.1)];
        let mp = MultiPolygon::new(vec![a, b]);
        assert!(
            !round_mp(&mp).is_valid(),
            "rounded parts touch along a line"
        );
        let clean = clean_mp(&mp);
        assert!(clean.is_valid());
        assert_eq!(clean.0.len(), 1);
    }

    #[test]
    fn rounding_merges_positions_that_become_equal() {
        let l = LineString::from(vec![(24.1000001, 56.9), (24.1000004, 56.9), (24.2, 57.0)]);
        let r = round_line6(&l);
        assert_eq!(r.0.len(), 2);
        assert_eq!(r.0[0], Coord { x: 24.1, y: 56.9 });
    }
}
