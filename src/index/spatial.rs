//! The R-tree of one layer, in LKS-92 metres (EPSG:3059).
//!
//! Latvia's national grid keeps planar distances within 0.1% of geodesic ones
//! across the country, so metric queries (nearest, within a radius, containing
//! a point) run on projected geometry and the envelope tree prunes them.

use std::collections::BinaryHeap;
use std::sync::OnceLock;

use geo::algorithm::indexed::IntervalTreeMultiPolygon;
use geo::orient::{Direction, Orient};
use geo::{BoundingRect, Contains, Distance, Euclidean, Geometry, Intersects, Point, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use super::Feature;
use crate::geom::lks92::geometry_to_lks92_fast;

type Envelope = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Envelope trees over one layer's features, in CRS84 (for bbox filters) and
/// in LKS-92 (for metric queries), plus the projected geometries.
pub struct SpatialIndex {
    crs84: RTree<Envelope>,
    metric: RTree<Envelope>,
    projected: Vec<Geometry<f64>>,
    /// Every feature is a point, so an envelope distance is the exact distance.
    all_points: bool,
    /// Interval trees for point-in-polygon on area features (twice as fast as a ring
    /// walk), built on the first containment query: a layer of 100,000 areas that is
    /// never asked which area holds a point does not pay for them at start-up.
    areas: OnceLock<Vec<Option<IntervalTreeMultiPolygon<f64>>>>,
}

impl std::fmt::Debug for SpatialIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpatialIndex")
            .field("features", &self.projected.len())
            .field("all_points", &self.all_points)
            .finish()
    }
}

/// A feature found by a metric query: its position in the layer and its
/// planar distance in LKS-92 metres (0 when the point is inside it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub feature: usize,
    pub distance_m: f64,
}

/// A scoped thread's result; a panic there is a bug in rstar or geo: pass it on.
fn join<T>(h: std::thread::ScopedJoinHandle<'_, T>) -> T {
    h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
}

fn envelope(r: Rect<f64>, i: usize) -> Envelope {
    GeomWithData::new(
        Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
        i,
    )
}

impl SpatialIndex {
    /// Bulk-loads both trees once, on two threads: each projects half of the
    /// geometries, then one loads the CRS84 tree while the other loads the metric
    /// one (a layer of a million features builds in about half the time).
    pub fn build(features: &[Feature]) -> SpatialIndex {
        let project = |fs: &[Feature]| -> Vec<Geometry<f64>> {
            fs.iter()
                .map(|f| geometry_to_lks92_fast(&f.geometry))
                .collect()
        };
        let (crs84, projected, metric) = std::thread::scope(|s| {
            let (lower, upper) = features.split_at(features.len() / 2);
            let upper = s.spawn(|| project(upper));
            let mut projected = project(lower);
            projected.extend(join(upper));
            let crs84 = s.spawn(|| {
                RTree::bulk_load(
                    features
                        .iter()
                        .enumerate()
                        .filter_map(|(i, f)| f.geometry.bounding_rect().map(|r| envelope(r, i)))
                        .collect(),
                )
            });
            let metric = RTree::bulk_load(
                projected
                    .iter()
                    .enumerate()
                    .filter_map(|(i, g)| g.bounding_rect().map(|r| envelope(r, i)))
                    .collect(),
            );
            (join(crs84), projected, metric)
        });
        let all_points = projected.iter().all(|g| matches!(g, Geometry::Point(_)));
        SpatialIndex {
            crs84,
            metric,
            projected,
            all_points,
            areas: OnceLock::new(),
        }
    }

    /// The extent of every feature in CRS84 (the root of the CRS84 tree), `None` when
    /// the layer is empty.
    pub fn crs84_bounds(&self) -> Option<Rect<f64>> {
        if self.crs84.size() == 0 {
            return None;
        }
        let e = self.crs84.root().envelope();
        let (lo, hi) = (e.lower(), e.upper());
        Some(Rect::new(
            geo::coord! { x: lo[0], y: lo[1] },
            geo::coord! { x: hi[0], y: hi[1] },
        ))
    }

    fn area_trees(&self) -> &[Option<IntervalTreeMultiPolygon<f64>>] {
        self.areas.get_or_init(|| {
            self.projected
                .iter()
                .map(|g| match g {
                    // The interval tree counts windings: holes must run clockwise.
                    Geometry::MultiPolygon(mp) => Some(IntervalTreeMultiPolygon::new(
                        &mp.orient(Direction::Default),
                    )),
                    Geometry::Polygon(p) => Some(IntervalTreeMultiPolygon::new(
                        &geo::MultiPolygon::new(vec![p.orient(Direction::Default)]),
                    )),
                    _ => None,
                })
                .collect()
        })
    }

    /// Exact planar distance from `p` to feature `i`, given the envelope's squared distance.
    fn exact(&self, p: &Point<f64>, i: usize, envelope_d2: f64) -> f64 {
        if self.all_points {
            envelope_d2.sqrt()
        } else {
            Euclidean.distance(p, &self.projected[i])
        }
    }

    /// The nearest feature to a point in LKS-92 metres, without allocating.
    pub fn nearest_one(&self, p: Point<f64>) -> Option<Hit> {
        if self.all_points {
            // Envelopes of points are the points: rstar's own search is exact.
            return self.metric.nearest_neighbor(&[p.x(), p.y()]).map(|env| {
                let [x, y] = env.geom().lower();
                Hit {
                    feature: env.data,
                    distance_m: (x - p.x()).hypot(y - p.y()),
                }
            });
        }
        let mut best: Option<Hit> = None;
        for (env, d2) in self
            .metric
            .nearest_neighbor_iter_with_distance_2(&[p.x(), p.y()])
        {
            if let Some(b) = best {
                if d2.sqrt() > b.distance_m {
                    break;
                }
            }
            let d = self.exact(&p, env.data, d2);
            if best.is_none_or(|b| d < b.distance_m || (d == b.distance_m && env.data < b.feature))
            {
                best = Some(Hit {
                    feature: env.data,
                    distance_m: d,
                });
            }
        }
        best
    }

    /// The envelope of every feature in LKS-92 metres; `None` for an empty layer.
    pub fn metric_extent(&self) -> Option<Rect<f64>> {
        if self.metric.size() == 0 {
            return None;
        }
        let e = self.metric.root().envelope();
        let ([x0, y0], [x1, y1]) = (e.lower(), e.upper());
        Some(Rect::new(
            geo::coord! { x: x0, y: y0 },
            geo::coord! { x: x1, y: y1 },
        ))
    }

    /// The feature's geometry in LKS-92 metres.
    pub fn projected(&self, feature: usize) -> &Geometry<f64> {
        &self.projected[feature]
    }

    /// Positions of the features whose LKS-92 envelope meets a box in LKS-92 metres,
    /// in layer order: the candidates for an exact test.
    pub fn envelopes_meeting(&self, bbox: Rect<f64>) -> Vec<usize> {
        let aabb = AABB::from_corners([bbox.min().x, bbox.min().y], [bbox.max().x, bbox.max().y]);
        let mut hits: Vec<usize> = self
            .metric
            .locate_in_envelope_intersecting(&aabb)
            .map(|e| e.data)
            .collect();
        hits.sort_unstable();
        hits
    }

    /// Positions of the features whose geometry intersects a CRS84 box, in layer order.
    pub fn in_bbox(&self, features: &[Feature], bbox: Rect<f64>) -> Vec<usize> {
        let aabb = AABB::from_corners([bbox.min().x, bbox.min().y], [bbox.max().x, bbox.max().y]);
        let mut hits: Vec<usize> = self
            .crs84
            .locate_in_envelope_intersecting(&aabb)
            .map(|e| e.data)
            .filter(|&i| features[i].geometry.intersects(&bbox))
            .collect();
        hits.sort_unstable();
        hits
    }

    /// The `k` features nearest to a point given in LKS-92 metres, nearest first.
    pub fn nearest(&self, p: Point<f64>, k: usize) -> Vec<Hit> {
        if k == 0 {
            return Vec::new();
        }
        // A max-heap of the k best exact distances so far; the envelope
        // distance is a lower bound, so the walk stops once it passes the worst.
        let mut best: BinaryHeap<HeapHit> = BinaryHeap::new();
        for (env, d2) in self
            .metric
            .nearest_neighbor_iter_with_distance_2(&[p.x(), p.y()])
        {
            if best.len() == k {
                if let Some(worst) = best.peek() {
                    if d2.sqrt() > worst.0.distance_m {
                        break;
                    }
                }
            }
            let d = self.exact(&p, env.data, d2);
            let hit = HeapHit(Hit {
                feature: env.data,
                distance_m: d,
            });
            if best.len() < k {
                best.push(hit);
            } else if let Some(worst) = best.peek() {
                if hit < *worst {
                    best.pop();
                    best.push(hit);
                }
            }
        }
        let mut out: Vec<Hit> = best.into_iter().map(|h| h.0).collect();
        out.sort_by(|a, b| {
            a.distance_m
                .total_cmp(&b.distance_m)
                .then(a.feature.cmp(&b.feature))
        });
        out
    }

    /// Every feature within `radius_m` of a point in LKS-92 metres, nearest first.
    pub fn within(&self, p: Point<f64>, radius_m: f64) -> Vec<Hit> {
        let mut out: Vec<Hit> = self
            .metric
            .locate_within_distance([p.x(), p.y()], radius_m * radius_m)
            .filter_map(|env| {
                let d = if self.all_points {
                    let [x, y] = env.geom().lower();
                    (x - p.x()).hypot(y - p.y())
                } else {
                    Euclidean.distance(&p, &self.projected[env.data])
                };
                (d <= radius_m).then_some(Hit {
                    feature: env.data,
                    distance_m: d,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            a.distance_m
                .total_cmp(&b.distance_m)
                .then(a.feature.cmp(&b.feature))
        });
        out
    }

    /// Features whose area contains a point in LKS-92 metres (boundary excluded).
    pub fn containing(&self, p: Point<f64>) -> Vec<usize> {
        let areas = self.area_trees();
        let mut out: Vec<usize> = self
            .metric
            .locate_all_at_point(&[p.x(), p.y()])
            .map(|e| e.data)
            .filter(|&i| match &areas[i] {
                Some(tree) => tree.contains(&p),
                None => self.projected[i].contains(&p),
            })
            .collect();
        out.sort_unstable();
        out
    }
}

/// Orders hits by distance, then position, for the k-best heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct HeapHit(Hit);

impl Eq for HeapHit {}

impl PartialOrd for HeapHit {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for HeapHit {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .distance_m
            .total_cmp(&other.0.distance_m)
            .then(self.0.feature.cmp(&other.0.feature))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon};

    fn feature(g: Geometry<f64>) -> Feature {
        Feature::new("", g, crate::index::Record::Empty)
    }

    /// A seeded xorshift, so failures repeat.
    fn points(n: usize, seed: u64) -> Vec<Point<f64>> {
        let mut s = seed;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| Point::new(21.0 + 7.0 * next(), 55.7 + 2.3 * next()))
            .collect()
    }

    #[test]
    fn nearest_one_agrees_with_nearest_and_brute_force() {
        let pts = points(500, 7);
        let idx =
            SpatialIndex::build(&pts.iter().map(|p| feature((*p).into())).collect::<Vec<_>>());
        for q in points(200, 99) {
            let (x, y) = crate::geom::lks92::to_lks92(q.x(), q.y());
            let qp = Point::new(x, y);
            let one = idx.nearest_one(qp).unwrap();
            let k = idx.nearest(qp, 3);
            assert_eq!(one.feature, k[0].feature);
            let brute = (0..pts.len())
                .map(|i| Euclidean.distance(&qp, idx.projected(i)))
                .fold(f64::INFINITY, f64::min);
            assert!((one.distance_m - brute).abs() < 1e-6);
            assert!(k.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
        }
    }

    #[test]
    fn interval_tree_containment_matches_the_ring_walk() {
        let sq = polygon!(
            exterior: [(x: 23.0, y: 56.0), (x: 26.0, y: 56.0), (x: 26.0, y: 57.5), (x: 23.0, y: 57.5)],
            interiors: [[(x: 24.0, y: 56.5), (x: 25.0, y: 56.5), (x: 25.0, y: 57.0), (x: 24.0, y: 57.0)]],
        );
        let f = feature(Geometry::MultiPolygon(MultiPolygon::new(vec![sq])));
        let idx = SpatialIndex::build(std::slice::from_ref(&f));
        for q in points(2000, 3) {
            let (x, y) = crate::geom::lks92::to_lks92(q.x(), q.y());
            let qp = Point::new(x, y);
            let want = idx.projected(0).contains(&qp);
            assert_eq!(!idx.containing(qp).is_empty(), want, "{q:?}");
        }
    }
}
