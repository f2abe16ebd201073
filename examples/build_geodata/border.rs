//! The land border: edges of Latvia's outline that a neighbouring country's outline shares.

use std::collections::{BTreeMap, HashMap};

use geo::{Coord, LineString, MultiPolygon};

use crate::sources::NeighbourEdges;

type Key = (i64, i64);
/// An undirected edge as found (start, end).
type Edge = (Coord<f64>, Coord<f64>);

fn key(c: Coord<f64>) -> Key {
    ((c.x * 1e6).round() as i64, (c.y * 1e6).round() as i64)
}

fn edges(mp: &MultiPolygon<f64>) -> impl Iterator<Item = (Coord<f64>, Coord<f64>)> + '_ {
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| r.0.windows(2).map(|w| (w[0], w[1])))
        .filter(|(a, b)| key(*a) != key(*b))
}

pub struct BorderLine {
    pub country: String,
    pub line: LineString<f64>,
}

pub struct BorderReport {
    pub lines: Vec<BorderLine>,
    pub outline_edges: usize,
    pub coast_edges: usize,
}

/// Edges of Latvia's outline (the union of the units) that a neighbour's outline shares,
/// chained into lines per neighbour. The rest of the outline is sea coast. Edges are
/// compared at 6 decimals, as written; the outline's land border comes unchanged from
/// the same OpenStreetMap file as the neighbours' edges.
pub fn land_border(
    latvia: &MultiPolygon<f64>,
    neighbour_edges: &[NeighbourEdges],
    neighbour_water: &[MultiPolygon<f64>],
) -> BorderReport {
    let near = NearEdges::new(neighbour_edges, neighbour_water);
    let mut per_country: BTreeMap<&str, Vec<Edge>> = BTreeMap::new();
    let (mut outline_edges, mut coast_edges) = (0, 0);
    for (a, b) in edges(latvia) {
        outline_edges += 1;
        let mid = Coord {
            x: (a.x + b.x) / 2.0,
            y: (a.y + b.y) / 2.0,
        };
        // On a neighbour's outline when both ends and the middle lie on it: the union of
        // the units may split a source edge where a unit boundary meets it.
        let country = near
            .countries_at(a)
            .into_iter()
            .find(|c| near.on(*c, b) && near.on(*c, mid));
        match country {
            Some(c) => per_country
                .entry(neighbour_edges[c].country.as_str())
                .or_default()
                .push((a, b)),
            None => coast_edges += 1,
        }
    }
    let mut lines = Vec::new();
    for (country, es) in per_country {
        for line in chain(&es) {
            lines.push(BorderLine {
                country: country.to_string(),
                line,
            });
        }
    }
    BorderReport {
        lines,
        outline_edges,
        coast_edges,
    }
}

/// Within this many degrees (about 0.2 m) a point lies on a neighbour's edge.
const ON_EDGE_DEG: f64 = 2e-6;
const CELL_DEG: f64 = 0.02;

/// A neighbour's edge: the neighbour's index and the edge's ends.
type OnEdge = (usize, Coord<f64>, Coord<f64>);

/// The neighbours' edges in a grid of `CELL_DEG` cells, for "does this point lie on
/// country c's outline".
struct NearEdges {
    grid: HashMap<(i64, i64), Vec<OnEdge>>,
}

fn cell(c: Coord<f64>) -> (i64, i64) {
    (
        (c.x / CELL_DEG).floor() as i64,
        (c.y / CELL_DEG).floor() as i64,
    )
}

fn dist_to_segment(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    };
    ((a.x + t * dx - p.x).powi(2) + (a.y + t * dy - p.y).powi(2)).sqrt()
}

impl NearEdges {
    /// The neighbours' land edges, and the edges of their side of the border water
    /// (`water[i]` belongs to `neighbour_edges[i]`).
    fn new(neighbour_edges: &[NeighbourEdges], water: &[MultiPolygon<f64>]) -> Self {
        let mut grid: HashMap<(i64, i64), Vec<OnEdge>> = HashMap::new();
        for (i, n) in neighbour_edges.iter().enumerate() {
            let water_edges = water.get(i).into_iter().flat_map(edges);
            for (a, b) in n.edges.iter().copied().chain(water_edges) {
                let lo = cell(Coord {
                    x: a.x.min(b.x) - ON_EDGE_DEG,
                    y: a.y.min(b.y) - ON_EDGE_DEG,
                });
                let hi = cell(Coord {
                    x: a.x.max(b.x) + ON_EDGE_DEG,
                    y: a.y.max(b.y) + ON_EDGE_DEG,
                });
                for x in lo.0..=hi.0 {
                    for y in lo.1..=hi.1 {
                        grid.entry((x, y)).or_default().push((i, a, b));
                    }
                }
            }
        }
        NearEdges { grid }
    }

    fn countries_at(&self, p: Coord<f64>) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .grid
            .get(&cell(p))
            .into_iter()
            .flatten()
            .filter(|(_, a, b)| dist_to_segment(p, *a, *b) < ON_EDGE_DEG)
            .map(|(i, _, _)| *i)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn on(&self, country: usize, p: Coord<f64>) -> bool {
        self.grid
            .get(&cell(p))
            .into_iter()
            .flatten()
            .any(|(i, a, b)| *i == country && dist_to_segment(p, *a, *b) < ON_EDGE_DEG)
    }
}

/// Chains undirected edges into maximal lines, starting from line ends.
fn chain(es: &[Edge]) -> Vec<LineString<f64>> {
    let mut at: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, (a, b)) in es.iter().enumerate() {
        at.entry(key(*a)).or_default().push(i);
        at.entry(key(*b)).or_default().push(i);
    }
    let mut used = vec![false; es.len()];
    let mut out = Vec::new();
    // Start from odd-degree vertices (line ends) first, then any remaining loops.
    let mut starts: Vec<Key> = at
        .iter()
        .filter(|(_, v)| v.len() % 2 == 1)
        .map(|(k, _)| *k)
        .collect();
    starts.sort();
    let mut all: Vec<Key> = at.keys().copied().collect();
    all.sort();
    starts.extend(all);
    for s in starts {
        while let Some(&first) = at.get(&s).and_then(|v| v.iter().find(|&&i| !used[i])) {
            let mut cur = s;
            let mut coords = vec![];
            let mut next = Some(first);
            while let Some(i) = next {
                used[i] = true;
                let (a, b) = es[i];
                let (from, to) = if key(a) == cur { (a, b) } else { (b, a) };
                if coords.is_empty() {
                    coords.push(from);
                }
                coords.push(to);
                cur = key(to);
                next = at
                    .get(&cur)
                    .and_then(|v| v.iter().copied().find(|&j| !used[j]));
            }
            out.push(LineString::new(coords));
        }
    }
    out
}
