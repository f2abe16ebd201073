//! Border water: lakes and river stretches that the land border runs through.
//!
//! The OpenStreetMap land polygons leave out water; Latvia's own lakes are holes in its
//! polygon (filled in `refit`), but a lake or river on the border is a gap *between*
//! Latvia's and a neighbour's land (as are slivers where the two simplified polygons do
//! not quite meet). Such a gap is a hole of the union of both countries'
//! land. It is split between the countries by nearest shore (Voronoi cells of points
//! along each shore, as `refit` splits gaps between units), a median line — which is how
//! most lake borders are drawn, though the treaty line may differ.

use std::collections::BTreeMap;

use anyhow::Result;
use geo::{BooleanOps, Distance, Euclidean, MultiPolygon};
use pierobeza::geom::dissolve::union_all;
use pierobeza::geom::lks92::geometry_to_lks92;
use pierobeza::geom::{area_km2, polygon_area_km2};

use crate::refit::nearest_split;
use crate::sources::NeighbourEdges;

const LATVIA: &str = "LV";

pub struct BorderWater {
    /// The water on Latvia's side.
    pub latvia: MultiPolygon<f64>,
    /// Per neighbour (same order as the input), the water on its side: the edges it shares
    /// with Latvia's part are border.
    pub neighbours: Vec<MultiPolygon<f64>>,
    pub notes: Vec<String>,
}

/// `lv_land`: Latvia's land with its own lakes filled.
pub fn border_water(lv_land: &MultiPolygon<f64>, nbs: &[NeighbourEdges]) -> Result<BorderWater> {
    let mut all = vec![lv_land.clone()];
    all.extend(nbs.iter().map(|n| n.land.clone()));
    let union = union_all(&all);
    let holes = crate::units::holes_of(&union);
    let labels: Vec<String> = std::iter::once(LATVIA.to_string())
        .chain(nbs.iter().map(|n| n.country.clone()))
        .collect();
    let metric: BTreeMap<&String, MultiPolygon<f64>> = labels
        .iter()
        .zip(std::iter::once(lv_land).chain(nbs.iter().map(|n| &n.land)))
        .map(|(l, g)| (l, geometry_to_lks92(g)))
        .collect();
    let mut parts: BTreeMap<String, Vec<MultiPolygon<f64>>> = BTreeMap::new();
    let mut per_country: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    for w in &holes {
        let wm = geometry_to_lks92(w);
        let touching: Vec<&String> = labels
            .iter()
            .filter(|l| {
                metric
                    .get(l)
                    .is_some_and(|g| Euclidean.distance(g, &wm) < 1.0)
            })
            .collect();
        if !touching.iter().any(|l| *l == LATVIA) {
            continue;
        }
        for l in touching.iter().filter(|l| **l != LATVIA) {
            let e = per_country.entry((*l).clone()).or_default();
            e.0 += 1;
            e.1 += polygon_area_km2(w);
        }
        let split = if touching.len() == 1 {
            vec![(LATVIA.to_string(), MultiPolygon::new(vec![w.clone()]))]
        } else {
            nearest_split(w, &wm, &touching, &metric)
        };
        for (l, g) in split {
            parts.entry(l).or_default().push(g);
        }
    }
    let take = |l: &str| union_all(parts.get(l).map(Vec::as_slice).unwrap_or_default());
    let latvia = take(LATVIA);
    let neighbours: Vec<MultiPolygon<f64>> = nbs.iter().map(|n| take(&n.country)).collect();
    let mut notes = vec![format!(
        "Border water (gaps between Latvia's and a neighbour's land: border lakes and rivers, and slivers where the two land polygons do not meet): {:.2} km² on Latvia's side, {:.2} km² on the neighbours'",
        area_km2(&latvia),
        neighbours.iter().map(area_km2).sum::<f64>()
    )];
    for (c, (n, km2)) in &per_country {
        notes.push(format!(
            "Border water shared with {c}: {n} gaps, {km2:.2} km² in all"
        ));
    }
    Ok(BorderWater {
        latvia,
        neighbours,
        notes,
    })
}

/// Latvia's land plus its side of the border water.
pub fn with_water(land: &MultiPolygon<f64>, water: &BorderWater) -> MultiPolygon<f64> {
    land.union(&water.latvia)
}
