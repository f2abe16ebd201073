//! Voronoi (and power) cells of a few sites, in projected metres (e.g. LKS-92).
//!
//! Each cell is the bounding rectangle clipped by the bisector half-planes to
//! every other site: O(n²) and exact for the handful of parish centres used to
//! split a municipality; no triangulation needed. Power cells (weighted
//! Voronoi) move each bisector by the sites' weights, which lets a split match
//! known parish areas while keeping straight cell edges.

use geo::{Coord, LineString, Polygon, Rect};

/// One convex cell per site (in the sites' order), clipped to `bounds`.
/// Sites must be distinct; a duplicated site gets an empty cell.
pub fn voronoi_cells_m(sites: &[Coord<f64>], bounds: Rect<f64>) -> Vec<Polygon<f64>> {
    power_cells_m(sites, &vec![0.0; sites.len()], bounds)
}

/// Power-diagram cells: a point `x` is in site `i`'s cell when
/// `|x − sᵢ|² − wᵢ` is smallest. Weights are in m²; all zero gives Voronoi cells.
/// A site whose cell is empty gets a polygon with an empty exterior.
pub fn power_cells_m(
    sites: &[Coord<f64>],
    weights_m2: &[f64],
    bounds: Rect<f64>,
) -> Vec<Polygon<f64>> {
    // Work relative to the first site: squares of LKS-92 coordinates would lose precision.
    let o = sites.first().copied().unwrap_or(Coord { x: 0.0, y: 0.0 });
    let rel = |c: Coord<f64>| Coord {
        x: c.x - o.x,
        y: c.y - o.y,
    };
    let sites_rel: Vec<Coord<f64>> = sites.iter().map(|c| rel(*c)).collect();
    let (bmin, bmax) = (rel(bounds.min()), rel(bounds.max()));
    let bounds = Rect::new(bmin, bmax);
    let weight = |i: usize| weights_m2.get(i).copied().unwrap_or(0.0);
    sites_rel
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let (min, max) = (bounds.min(), bounds.max());
            let mut cell = vec![
                min,
                Coord { x: max.x, y: min.y },
                max,
                Coord { x: min.x, y: max.y },
            ];
            for (j, &other) in sites_rel.iter().enumerate() {
                if i != j {
                    cell = clip_closer_to(&cell, s, weight(i), other, weight(j));
                }
            }
            let mut ring: Vec<Coord<f64>> = cell
                .iter()
                .map(|c| Coord {
                    x: c.x + o.x,
                    y: c.y + o.y,
                })
                .collect();
            if let Some(&first) = ring.first() {
                ring.push(first);
            }
            Polygon::new(LineString::new(ring), vec![])
        })
        .collect()
}

/// Keeps the part of a convex polygon (open ring) where `s` (weight `ws`) has a
/// smaller power distance than `o` (weight `wo`).
fn clip_closer_to(
    poly: &[Coord<f64>],
    s: Coord<f64>,
    ws: f64,
    o: Coord<f64>,
    wo: f64,
) -> Vec<Coord<f64>> {
    let m = Coord {
        x: (s.x + o.x) / 2.0,
        y: (s.y + o.y) / 2.0,
    };
    let d = Coord {
        x: o.x - s.x,
        y: o.y - s.y,
    };
    // |p−s|² − ws ≤ |p−o|² − wo  ⇔  2 d·(p − m) + (wo − ws) ≤ 0.
    let side = |p: Coord<f64>| 2.0 * ((p.x - m.x) * d.x + (p.y - m.y) * d.y) + (wo - ws);
    let mut out = Vec::with_capacity(poly.len() + 1);
    for k in 0..poly.len() {
        let (p, q) = (poly[k], poly[(k + 1) % poly.len()]);
        let (sp, sq) = (side(p), side(q));
        if sp <= 0.0 {
            out.push(p);
        }
        if (sp < 0.0 && sq > 0.0) || (sp > 0.0 && sq < 0.0) {
            let t = sp / (sp - sq);
            out.push(Coord {
                x: p.x + t * (q.x - p.x),
                y: p.y + t * (q.y - p.y),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{coord, Area};

    #[test]
    fn two_sites_split_a_square_in_halves() {
        let b = Rect::new(coord! {x: 0., y: 0.}, coord! {x: 10., y: 10.});
        let cells = voronoi_cells_m(&[coord! {x: 2., y: 5.}, coord! {x: 8., y: 5.}], b);
        assert_eq!(cells.len(), 2);
        assert!((cells[0].unsigned_area() - 50.0).abs() < 1e-9);
        assert!((cells[1].unsigned_area() - 50.0).abs() < 1e-9);
    }

    #[test]
    fn weight_moves_the_bisector() {
        let b = Rect::new(coord! {x: 0., y: 0.}, coord! {x: 10., y: 10.});
        // Bisector at x = 5 + (w0 − w1) / (2·6): weight 12 on the first site moves it to x = 6.
        let cells = power_cells_m(
            &[coord! {x: 2., y: 5.}, coord! {x: 8., y: 5.}],
            &[12.0, 0.0],
            b,
        );
        assert!((cells[0].unsigned_area() - 60.0).abs() < 1e-9);
        assert!((cells[1].unsigned_area() - 40.0).abs() < 1e-9);
    }

    #[test]
    fn cells_tile_the_bounds() {
        let b = Rect::new(coord! {x: 0., y: 0.}, coord! {x: 10., y: 10.});
        let sites = [
            coord! {x: 1., y: 1.},
            coord! {x: 9., y: 2.},
            coord! {x: 5., y: 9.},
            coord! {x: 4., y: 4.},
        ];
        let total: f64 = voronoi_cells_m(&sites, b)
            .iter()
            .map(|c| c.unsigned_area())
            .sum();
        assert!((total - 100.0).abs() < 1e-9);
    }
}
