//! Sampling a polygon on a regular grid (scanline fill), for area shares.

use geo::{Coord, MultiPolygon, Point};

/// Centres of the grid cells of side `cell_m` whose centre lies inside `mp`
/// (planar coordinates, e.g. LKS-92 metres). Uses an even-odd scanline per
/// row, so holes and multi-part polygons come out right.
pub fn cell_centres(mp: &MultiPolygon<f64>, cell_m: f64) -> Vec<Point<f64>> {
    use geo::BoundingRect;
    let Some(bb) = mp.bounding_rect() else {
        return Vec::new();
    };
    if cell_m.is_nan() || cell_m <= 0.0 {
        return Vec::new();
    }
    let edges: Vec<(Coord<f64>, Coord<f64>)> =
        mp.0.iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|ring| ring.lines().map(|l| (l.start, l.end)))
            .collect();
    // Grid anchored on multiples of the cell size, so neighbouring units share a grid.
    let x0 = (bb.min().x / cell_m).floor() * cell_m + cell_m / 2.0;
    let mut y = (bb.min().y / cell_m).floor() * cell_m + cell_m / 2.0;
    let mut out = Vec::new();
    let mut xs: Vec<f64> = Vec::new();
    while y <= bb.max().y {
        xs.clear();
        for (a, b) in &edges {
            if (a.y > y) != (b.y > y) {
                xs.push(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
            }
        }
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            let first = ((pair[0] - x0) / cell_m).ceil();
            let mut x = x0 + first * cell_m;
            while x < pair[1] {
                out.push(Point::new(x, y));
                x += cell_m;
            }
        }
        y += cell_m;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon};

    #[test]
    fn square_with_hole_counts_cells() {
        let p = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            interiors: [[(x: 2.0, y: 2.0), (x: 4.0, y: 2.0), (x: 4.0, y: 4.0), (x: 2.0, y: 4.0)]],
        );
        let cells = cell_centres(&MultiPolygon::new(vec![p]), 1.0);
        assert_eq!(cells.len(), 100 - 4);
        assert!(!cells.contains(&Point::new(2.5, 2.5)));
        assert!(cells.contains(&Point::new(0.5, 0.5)));
    }
}
