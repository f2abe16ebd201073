//! The R-tree of one layer, in LKS-92 metres (EPSG:3059).
//!
//! Latvia's national grid keeps planar distances within 0.1% of geodesic ones
//! across the country, so metric queries (nearest, within a radius, containing
//! a point) run on projected geometry and the envelope tree prunes them.

use std::collections::BinaryHeap;

use geo::{BoundingRect, Contains, Distance, Euclidean, Geometry, Intersects, Point, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use super::Feature;
use crate::geom::lks92::geometry_to_lks92;

type Envelope = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Envelope trees over one layer's features, in CRS84 (for bbox filters) and
/// in LKS-92 (for metric queries), plus the projected geometries.
#[derive(Debug)]
pub struct SpatialIndex {
    crs84: RTree<Envelope>,
    metric: RTree<Envelope>,
    projected: Vec<Geometry<f64>>,
}

/// A feature found by a metric query: its position in the layer and its
/// planar distance in LKS-92 metres (0 when the point is inside it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub feature: usize,
    pub distance_m: f64,
}

fn envelope(r: Rect<f64>, i: usize) -> Envelope {
    GeomWithData::new(
        Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
        i,
    )
}

impl SpatialIndex {
    /// Bulk-loads both trees once.
    pub fn build(features: &[Feature]) -> SpatialIndex {
        let projected: Vec<Geometry<f64>> = features
            .iter()
            .map(|f| geometry_to_lks92(&f.geometry))
            .collect();
        let crs84 = RTree::bulk_load(
            features
                .iter()
                .enumerate()
                .filter_map(|(i, f)| f.geometry.bounding_rect().map(|r| envelope(r, i)))
                .collect(),
        );
        let metric = RTree::bulk_load(
            projected
                .iter()
                .enumerate()
                .filter_map(|(i, g)| g.bounding_rect().map(|r| envelope(r, i)))
                .collect(),
        );
        SpatialIndex {
            crs84,
            metric,
            projected,
        }
    }

    /// The feature's geometry in LKS-92 metres.
    pub fn projected(&self, feature: usize) -> &Geometry<f64> {
        &self.projected[feature]
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
            let d = Euclidean.distance(&p, &self.projected[env.data]);
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
                let d = Euclidean.distance(&p, &self.projected[env.data]);
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
        let mut out: Vec<usize> = self
            .metric
            .locate_all_at_point(&[p.x(), p.y()])
            .map(|e| e.data)
            .filter(|&i| self.projected[i].contains(&p))
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
