//! Ring validity: closed, at least four positions, finite, no self-intersection.

use geo::Coord;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

/// What is wrong with one linear ring.
#[derive(Debug, Clone, PartialEq)]
pub enum RingProblem {
    /// First and last positions differ.
    Unclosed,
    /// Fewer than 4 positions (a closed triangle needs 4).
    TooFewPoints(usize),
    /// A coordinate is NaN or infinite.
    NonFinite,
    /// Two non-adjacent edges touch or cross near this position.
    SelfIntersection(Coord<f64>),
}

impl std::fmt::Display for RingProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RingProblem::Unclosed => write!(f, "ring is not closed (first position != last)"),
            RingProblem::TooFewPoints(n) => write!(f, "ring has {n} positions, at least 4 needed"),
            RingProblem::NonFinite => write!(f, "ring has a non-finite coordinate"),
            RingProblem::SelfIntersection(c) => {
                write!(f, "ring intersects itself near ({:.6}, {:.6})", c.x, c.y)
            }
        }
    }
}

/// The first problem of a ring, or `None` when it is a valid simple closed ring.
///
/// Self-intersection is checked on all pairs of non-adjacent edges (O(n²), fine
/// for the few thousand positions of a municipality ring).
///
/// ```
/// use geo::coord;
/// use pierobeza::geom::validity::{ring_problem, RingProblem};
/// let bowtie = [coord! {x: 0., y: 0.}, coord! {x: 1., y: 1.}, coord! {x: 1., y: 0.}, coord! {x: 0., y: 1.}, coord! {x: 0., y: 0.}];
/// assert!(matches!(ring_problem(&bowtie), Some(RingProblem::SelfIntersection(_))));
/// ```
pub fn ring_problem(ring: &[Coord<f64>]) -> Option<RingProblem> {
    if ring.iter().any(|c| !c.x.is_finite() || !c.y.is_finite()) {
        return Some(RingProblem::NonFinite);
    }
    if ring.len() < 4 {
        return Some(RingProblem::TooFewPoints(ring.len()));
    }
    if ring.first() != ring.last() {
        return Some(RingProblem::Unclosed);
    }
    let n = ring.len() - 1; // edges
                            // Pairs (i, j > i) in the brute-force order, so the problem reported is the same
                            // either way; long rings (municipalities have thousands of positions) only test
                            // the pairs whose bounding boxes meet, found in an R-tree.
    if n <= BRUTE_FORCE_EDGES {
        for i in 0..n {
            if let Some(p) = (i + 1..n).find_map(|j| pair_problem(ring, n, i, j)) {
                return Some(p);
            }
        }
        return None;
    }
    let boxes: Vec<GeomWithData<Rectangle<[f64; 2]>, usize>> = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[i + 1]);
            GeomWithData::new(Rectangle::from_corners([a.x, a.y], [b.x, b.y]), i)
        })
        .collect();
    let tree = RTree::bulk_load(boxes);
    let mut near: Vec<usize> = Vec::new();
    for i in 0..n {
        let (a, b) = (ring[i], ring[i + 1]);
        let env = AABB::from_corners([a.x.min(b.x), a.y.min(b.y)], [a.x.max(b.x), a.y.max(b.y)]);
        near.clear();
        near.extend(
            tree.locate_in_envelope_intersecting(&env)
                .map(|e| e.data)
                .filter(|&j| j > i),
        );
        near.sort_unstable();
        if let Some(p) = near.iter().find_map(|&j| pair_problem(ring, n, i, j)) {
            return Some(p);
        }
    }
    None
}

/// Rings with at most this many edges are checked pair by pair.
const BRUTE_FORCE_EDGES: usize = 64;

/// The problem edges `i` and `j > i` of a closed ring of `n` edges make, if any.
fn pair_problem(ring: &[Coord<f64>], n: usize, i: usize, j: usize) -> Option<RingProblem> {
    let adjacent = j == i + 1 || (i == 0 && j == n - 1);
    let (a, b, c, d) = (ring[i], ring[i + 1], ring[j], ring[j + 1]);
    if adjacent {
        // Adjacent edges may only share their common vertex: a spike back along itself is invalid.
        return collinear_overlap(a, b, c, d).then_some(RingProblem::SelfIntersection(
            if j == i + 1 { b } else { a },
        ));
    }
    segments_touch(a, b, c, d).then_some(RingProblem::SelfIntersection(c))
}

fn orient(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> f64 {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

fn on_segment(a: Coord<f64>, b: Coord<f64>, p: Coord<f64>) -> bool {
    p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y)
}

fn segments_touch(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> bool {
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    if ((o1 > 0.0 && o2 < 0.0) || (o1 < 0.0 && o2 > 0.0))
        && ((o3 > 0.0 && o4 < 0.0) || (o3 < 0.0 && o4 > 0.0))
    {
        return true;
    }
    (o1 == 0.0 && on_segment(a, b, c))
        || (o2 == 0.0 && on_segment(a, b, d))
        || (o3 == 0.0 && on_segment(c, d, a))
        || (o4 == 0.0 && on_segment(c, d, b))
}

/// Two edges sharing a vertex overlap along a line (the ring doubles back).
fn collinear_overlap(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> bool {
    if orient(a, b, c) != 0.0 || orient(a, b, d) != 0.0 {
        return false;
    }
    // Shared vertex s, the other ends p and q: overlap when p and q are on the same side of s.
    let (s, p, q) = if b == c {
        (b, a, d)
    } else if a == d {
        (a, b, c)
    } else {
        return false;
    };
    (p.x - s.x) * (q.x - s.x) + (p.y - s.y) * (q.y - s.y) > 0.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::coord;

    fn sq() -> Vec<Coord<f64>> {
        vec![
            coord! {x: 0., y: 0.},
            coord! {x: 1., y: 0.},
            coord! {x: 1., y: 1.},
            coord! {x: 0., y: 1.},
            coord! {x: 0., y: 0.},
        ]
    }

    /// A closed circle of `n` positions, radius 1.
    fn circle(n: usize) -> Vec<Coord<f64>> {
        let mut r: Vec<Coord<f64>> = (0..n)
            .map(|k| {
                let a = std::f64::consts::TAU * k as f64 / n as f64;
                coord! {x: a.cos(), y: a.sin()}
            })
            .collect();
        r.push(r[0]);
        r
    }

    fn brute_force(ring: &[Coord<f64>]) -> Option<RingProblem> {
        let n = ring.len() - 1;
        (0..n).find_map(|i| (i + 1..n).find_map(|j| pair_problem(ring, n, i, j)))
    }

    #[test]
    fn long_rings_are_checked_like_short_ones() {
        let ok = circle(2000);
        assert_eq!(ring_problem(&ok), None);
        // One vertex pulled across the circle: its edges cross many others.
        let mut crossed = circle(2000);
        crossed[700] = coord! {x: 0.0, y: -1.5};
        let found = ring_problem(&crossed);
        assert!(matches!(found, Some(RingProblem::SelfIntersection(_))));
        assert_eq!(found, brute_force(&crossed));
        // A spike back along an edge, and a vertex touching a far edge.
        let mut spike = circle(500);
        spike[201] = spike[199];
        assert_eq!(ring_problem(&spike), brute_force(&spike));
        assert!(ring_problem(&spike).is_some());
    }

    #[test]
    fn square_is_valid() {
        assert_eq!(ring_problem(&sq()), None);
    }

    #[test]
    fn unclosed_and_short_rings() {
        let mut r = sq();
        r.pop();
        assert_eq!(ring_problem(&r), Some(RingProblem::Unclosed));
        assert_eq!(ring_problem(&r[..3]), Some(RingProblem::TooFewPoints(3)));
    }

    #[test]
    fn touching_vertex_is_self_intersection() {
        // A figure eight through (1,1).
        let r = vec![
            coord! {x: 0., y: 0.},
            coord! {x: 2., y: 0.},
            coord! {x: 1., y: 1.},
            coord! {x: 2., y: 2.},
            coord! {x: 0., y: 2.},
            coord! {x: 1., y: 1.},
            coord! {x: 0., y: 0.},
        ];
        assert!(matches!(
            ring_problem(&r),
            Some(RingProblem::SelfIntersection(_))
        ));
    }
}
