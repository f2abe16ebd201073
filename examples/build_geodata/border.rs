//! The land border: edges of Latvia's outline that a neighbour's admin-1 polygon shares.

use std::collections::{BTreeMap, HashMap};

use geo::{Coord, LineString, MultiPolygon};

use crate::sources::{NeighbourUnit, OldUnit};

type Key = (i64, i64);
/// An undirected edge as found (start, end).
type Edge = (Coord<f64>, Coord<f64>);

fn key(c: Coord<f64>) -> Key {
    ((c.x * 1e6).round() as i64, (c.y * 1e6).round() as i64)
}

fn edge_key(a: Coord<f64>, b: Coord<f64>) -> (Key, Key) {
    let (ka, kb) = (key(a), key(b));
    if ka <= kb {
        (ka, kb)
    } else {
        (kb, ka)
    }
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

/// Outline edges (used by exactly one Latvian unit) shared with a neighbour's unit,
/// chained into lines per neighbour. The rest of the outline is sea coast.
pub fn land_border(old: &[OldUnit], neighbours: &[NeighbourUnit]) -> BorderReport {
    // Per undirected edge: how many Latvian units use it, and the edge as first seen.
    let mut count: HashMap<(Key, Key), (usize, Edge)> = HashMap::new();
    for u in old {
        for (a, b) in edges(&u.geometry) {
            count.entry(edge_key(a, b)).or_insert((0, (a, b))).0 += 1;
        }
    }
    let mut country_of: HashMap<(Key, Key), &str> = HashMap::new();
    for n in neighbours {
        for (a, b) in edges(&n.geometry) {
            country_of.insert(edge_key(a, b), n.country.as_str());
        }
    }
    let mut per_country: BTreeMap<&str, Vec<Edge>> = BTreeMap::new();
    let (mut outline_edges, mut coast_edges) = (0, 0);
    let mut outline: Vec<_> = count.iter().filter(|(_, v)| v.0 == 1).collect();
    outline.sort_by_key(|(k, _)| **k);
    for (k, (_, (a, b))) in outline {
        outline_edges += 1;
        match country_of.get(k) {
            Some(c) => per_country.entry(c).or_default().push((*a, *b)),
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
