//! Which places lie within a radius of a facility, decided once per raster cell.
//!
//! A coverage request asks "is the nearest facility within R?" of every settlement and
//! every grid cell of the population model: a million and more nearest-neighbour searches
//! at ~100 ns each (rstar keeps a heap per search), most of the request's time. Yet the
//! answer only changes near the circles of radius R around the facilities. The mask lays
//! a coarse raster over the units and decides each raster cell once, from the distance of
//! its centre: a cell whose every point is certainly within R (or certainly beyond) answers
//! for all the places in it with a table lookup; only places in cells that a circle
//! crosses are searched as before. No crate answers this question (rstar searches per
//! query point; a distance transform would need a raster fine enough to be exact), and the
//! answer must stay exactly that of the per-place search, so the mask is a plain grid.

use geo::{Point, Rect};

use crate::index::SpatialIndex;

/// The most raster cells a mask has (one byte each).
const MAX_CELLS: f64 = 262_144.0;
/// The fewest cells worth a mask's construction, whatever the number of places.
const MIN_CELLS: f64 = 1_024.0;
/// The most cells along either side, so that a long thin extent stays within bounds too.
const MAX_SIDE_CELLS: f64 = 4_096.0;
/// Searches made before the raster's yield is judged (see `fill`).
const JUDGE_AFTER: usize = 1_024;
/// Cells per radius, along a side: the band of cells that a circle crosses, whose places
/// are searched one by one, is then about R/20 wide.
const CELLS_PER_RADIUS: f64 = 32.0;
/// Slack, in metres, between a cell's bound and R before the cell decides for its places.
/// Distances here are computed to ~1e-9 m (LKS-92 coordinates below 10^6 m); the slack
/// keeps every rounding, and a place on a cell's edge, on the side of the per-place answer.
const SLACK_M: f64 = 0.01;

/// What a raster cell says about the places in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Every point of the cell is within R of a facility.
    Within,
    /// No point of the cell is within R of any facility.
    Beyond,
    /// A circle may cross the cell: each place is searched.
    Search,
}

/// The raster of one facility layer and radius over an extent in LKS-92 metres.
pub struct ReachMask<'a> {
    facilities: &'a SpatialIndex,
    radius_m: f64,
    /// Lower-left corner of the raster.
    x0: f64,
    y0: f64,
    /// Side of a cell, metres, and its inverse (a multiplication per place instead of a
    /// division: the lookup is most of a request's time).
    side: f64,
    per_side: f64,
    nx: usize,
    ny: usize,
    /// Row by row from `y0`, each row from `x0`.
    cells: Vec<Reach>,
}

impl<'a> ReachMask<'a> {
    /// A mask for about `places` places inside `extent` (the units' envelope). Without an
    /// extent, or with a radius that is not a positive number, every place is searched.
    pub fn new(
        facilities: &'a SpatialIndex,
        radius_m: f64,
        extent: Option<Rect<f64>>,
        places: usize,
    ) -> ReachMask<'a> {
        let mut mask = ReachMask {
            facilities,
            radius_m,
            x0: 0.0,
            y0: 0.0,
            side: 1.0,
            per_side: 1.0,
            nx: 0,
            ny: 0,
            cells: Vec::new(),
        };
        let Some(extent) = extent.filter(|_| radius_m.is_finite() && radius_m > 0.0) else {
            return mask;
        };
        mask.side = cell_side(extent, radius_m, places);
        mask.per_side = 1.0 / mask.side;
        mask.x0 = extent.min().x;
        mask.y0 = extent.min().y;
        mask.nx = (extent.width() / mask.side).ceil().max(1.0) as usize;
        mask.ny = (extent.height() / mask.side).ceil().max(1.0) as usize;
        mask.cells = vec![Reach::Search; mask.nx * mask.ny];
        mask.fill();
        mask
    }

    /// Whether the nearest facility to `p` (LKS-92 metres) is within the radius: the
    /// answer of `SpatialIndex::nearest_one`, looked up where the cell decides it.
    pub fn within(&self, p: Point<f64>) -> bool {
        match self.cell_of(p) {
            Some(Reach::Within) => true,
            Some(Reach::Beyond) => false,
            Some(Reach::Search) | None => self.search(p),
        }
    }

    /// The per-place answer, by a nearest-neighbour search.
    fn search(&self, p: Point<f64>) -> bool {
        self.facilities
            .nearest_one(p)
            .is_some_and(|h| h.distance_m <= self.radius_m)
    }

    /// The cell a point falls in; `None` outside the raster (or for a NaN coordinate).
    fn cell_of(&self, p: Point<f64>) -> Option<Reach> {
        let fx = (p.x() - self.x0) * self.per_side;
        let fy = (p.y() - self.y0) * self.per_side;
        let inside = fx >= 0.0 && fy >= 0.0 && fx < self.nx as f64 && fy < self.ny as f64;
        inside.then(|| self.cells[fy as usize * self.nx + fx as usize])
    }

    /// Decides the cells row by row, and stops where the searches stop paying: when they
    /// decide fewer cells than they cost (dense facilities and a radius below the cell
    /// size), the rest of the raster is left to the per-place search, so a mask never
    /// costs much more than the searches it saves.
    fn fill(&mut self) {
        let (mut searches, mut decided) = (0, 0);
        for row in 0..self.ny {
            let (s, d) = self.fill_row(row);
            searches += s;
            decided += d;
            if searches > JUDGE_AFTER && decided < searches {
                return;
            }
        }
    }

    /// Decides the cells of one row; returns the searches made and the cells decided. The
    /// distance to the nearest facility changes by at most the distance moved, so one
    /// search at a cell's centre also decides the next cells of the row as long as the
    /// margin to R lasts: far from every circle a row costs a few searches.
    fn fill_row(&mut self, row: usize) -> (usize, usize) {
        let y = self.y0 + (row as f64 + 0.5) * self.side;
        let (mut i, mut searches, mut decided) = (0, 0, 0);
        while i < self.nx {
            let x = self.x0 + (i as f64 + 0.5) * self.side;
            let d = self
                .facilities
                .nearest_one(Point::new(x, y))
                .map_or(f64::INFINITY, |h| h.distance_m);
            searches += 1;
            let (reach, more) = self.classify(d);
            let end = (i + 1).saturating_add(more).min(self.nx);
            self.cells[row * self.nx + i..row * self.nx + end].fill(reach);
            if reach != Reach::Search {
                decided += end - i;
            }
            i = end;
        }
        (searches, decided)
    }

    /// The class of a cell whose centre is `d` from the nearest facility, and how many
    /// cells after it in the row certainly share the class: the centre `t` cells on is at
    /// most `t` sides further or nearer, and a point of a cell at most half a diagonal
    /// from its centre.
    fn classify(&self, d: f64) -> (Reach, usize) {
        let half_diagonal = self.side * std::f64::consts::FRAC_1_SQRT_2;
        let inside = self.radius_m - SLACK_M - half_diagonal - d;
        let outside = d - half_diagonal - self.radius_m - SLACK_M;
        if inside >= 0.0 {
            (Reach::Within, (inside / self.side) as usize)
        } else if outside > 0.0 {
            // An infinite distance (no facility) saturates: the rest of the row.
            (Reach::Beyond, (outside / self.side) as usize)
        } else {
            (Reach::Search, 0)
        }
    }
}

/// Side of a cell: a 32nd of the radius, but no more cells than a quarter of the places
/// (the raster must cost less than the searches it saves), at most [`MAX_CELLS`] and at
/// most [`MAX_SIDE_CELLS`] along a side.
fn cell_side(extent: Rect<f64>, radius_m: f64, places: usize) -> f64 {
    let budget = (places as f64 / 4.0).clamp(MIN_CELLS, MAX_CELLS);
    let smallest = (extent.width() * extent.height() / budget).sqrt();
    let longest = extent.width().max(extent.height()) / MAX_SIDE_CELLS;
    (radius_m / CELLS_PER_RADIUS)
        .max(smallest)
        .max(longest)
        .max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{Feature, Record};
    use geo::coord;

    /// A seeded xorshift over a 200 km square, so failures repeat.
    fn points(n: usize, seed: u64) -> Vec<Point<f64>> {
        let mut s = seed;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| {
                Point::new(
                    400_000.0 + 200_000.0 * next(),
                    200_000.0 + 200_000.0 * next(),
                )
            })
            .collect()
    }

    /// An index over points given in LKS-92 (the index projects from CRS84).
    fn index(pts: &[Point<f64>]) -> SpatialIndex {
        let features: Vec<Feature> = pts
            .iter()
            .map(|p| {
                let (lon, lat) = crate::geom::lks92::from_lks92(p.x(), p.y());
                Feature::new("", Point::new(lon, lat).into(), Record::Empty)
            })
            .collect();
        SpatialIndex::build(&features)
    }

    #[test]
    fn every_answer_is_the_nearest_neighbour_search() {
        let facilities = index(&points(12, 1));
        let extent = Rect::new(
            coord! { x: 400_000.0, y: 200_000.0 },
            coord! { x: 600_000.0, y: 400_000.0 },
        );
        // Places inside and outside the extent, and on the circles themselves.
        let mut places = points(20_000, 2);
        places.extend(
            points(200, 3)
                .iter()
                .map(|p| Point::new(p.x() + 150_000.0, p.y())),
        );
        for r in [1.0, 700.0, 5_000.0, 25_000.0, 90_000.0, 1e6] {
            for i in 0..12 {
                let f = facilities.projected(i);
                if let geo::Geometry::Point(c) = f {
                    places.push(Point::new(c.x() + r, c.y()));
                    places.push(Point::new(c.x(), c.y() - r));
                }
            }
            let mask = ReachMask::new(&facilities, r, Some(extent), places.len());
            let decided = places
                .iter()
                .filter(|p| mask.cell_of(**p).is_some_and(|c| c != Reach::Search))
                .count();
            for p in &places {
                let want = facilities
                    .nearest_one(*p)
                    .is_some_and(|h| h.distance_m <= r);
                assert_eq!(mask.within(*p), want, "r = {r}, {p:?}");
            }
            // The mask decides most places by itself (here over 90 %).
            assert!(decided * 100 >= places.len() * 85, "r = {r}: {decided}");
        }
    }

    #[test]
    fn dense_facilities_and_a_tiny_radius_leave_the_places_to_the_search() {
        let sites = points(20_000, 6);
        let facilities = index(&sites);
        let extent = Rect::new(
            coord! { x: 400_000.0, y: 200_000.0 },
            coord! { x: 600_000.0, y: 400_000.0 },
        );
        let mask = ReachMask::new(&facilities, 1.0, Some(extent), sites.len());
        let searched = mask.cells.iter().filter(|c| **c == Reach::Search).count();
        assert!(searched * 2 > mask.cells.len(), "{searched}");
        for p in sites.iter().chain(&points(2_000, 7)) {
            let want = facilities
                .nearest_one(*p)
                .is_some_and(|h| h.distance_m <= 1.0);
            assert_eq!(mask.within(*p), want, "{p:?}");
        }
    }

    #[test]
    fn a_long_thin_extent_keeps_the_raster_small() {
        let facilities = index(&points(3, 8));
        let extent = Rect::new(coord! { x: 0.0, y: 0.0 }, coord! { x: 1e7, y: 1.0 });
        let mask = ReachMask::new(&facilities, 1.0, Some(extent), 1_000_000);
        assert!(mask.cells.len() <= 4_097, "{}", mask.cells.len());
    }

    #[test]
    fn without_an_extent_or_a_usable_radius_every_place_is_searched() {
        let facilities = index(&points(3, 4));
        let places = points(100, 5);
        for (r, extent) in [
            (f64::NAN, None),
            (5_000.0, None),
            (
                0.0,
                Some(Rect::new(coord! {x: 0.0, y: 0.0}, coord! {x: 1e6, y: 1e6})),
            ),
        ] {
            let mask = ReachMask::new(&facilities, r, extent, places.len());
            assert!(mask.cells.is_empty());
            for p in &places {
                let want = facilities
                    .nearest_one(*p)
                    .is_some_and(|h| h.distance_m <= r);
                assert_eq!(mask.within(*p), want);
            }
        }
    }
}
