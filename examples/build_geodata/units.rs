//! Old (Natural Earth, pre-2021) units → the 43 units of 2021, with the two splits.

use std::collections::BTreeMap;

use anyhow::{anyhow, bail, Result};
use geo::{BooleanOps, BoundingRect, Buffer, Coord, LineString, MultiPolygon, Polygon, Rect};
use pierobeza::geom::area_km2;
use pierobeza::geom::dissolve::{drop_slivers, union_all};
use pierobeza::geom::lks92::{
    coord_from_lks92, coord_to_lks92, geometry_from_lks92, geometry_to_lks92,
};
use pierobeza::geom::voronoi::power_cells_m;

use crate::sources::OldUnit;

/// A parish or town centre that seeds a Voronoi cell, with where its coordinate comes from.
pub struct Site {
    pub name: &'static str,
    pub lon: f64,
    pub lat: f64,
    /// The 2021 unit the site's parish went to.
    pub target: &'static str,
    pub source: &'static str,
}

/// Old Aglonas novads (LV-001): Aglonas pagasts → Preiļu novads; Grāveru, Kastuļinas and
/// Šķeltovas pagasts → Krāslavas novads. No coordinate was found for Kastuļina; Grāveru
/// parish's centroid lies between it and Aglona and stands for the eastern parishes.
/// The first target's sites are weighted (power diagram) so that its share of the
/// unit's area equals Aglonas pagasts' share of the official area.
pub const AGLONA_SITES: [Site; 4] = [
    Site {
        name: "Aglona",
        lon: 27.00682,
        lat: 56.13274,
        target: "LV-073",
        source: "GeoNames 461631 (cities500)",
    },
    Site {
        name: "Jaunaglona",
        lon: 27.00714,
        lat: 56.16066,
        target: "LV-073",
        source: "GeoNames 459448 (cities500)",
    },
    Site {
        name: "Šķeltova",
        lon: 27.009444,
        lat: 56.023611,
        target: "LV-047",
        source: "56°01′25″N 27°00′34″E, https://perceptiode.com/Шкелтова",
    },
    Site {
        name: "Grāveru pagasts (centroid)",
        lon: 27.137222,
        lat: 56.061944,
        target: "LV-047",
        source: "56°03′43″N 27°08′14″E, https://perceptiode.com/Граверская_волость",
    },
];

/// Vangaži town (→ Ropažu novads LV-080) inside old Inčukalna novads (LV-037); the rest,
/// Inčukalna pagasts, → Siguldas novads (LV-091). The town is a 5.105 km² enclave-like
/// patch, so a Voronoi cell against Inčukalns (half the unit) would be far too big: it is
/// drawn as a disc of its official area around the GeoNames point instead.
/// Aglonas pagasts and old Aglonas novads, official areas in km².
pub const AGLONA_PARISH_KM2: f64 = 72.48;
pub const AGLONA_NOVADS_KM2: f64 = 392.7;
pub const AGLONA_AREA_SOURCES: &str = "Aglonas pagasts 72.48 km²: https://perceptiode.com/Аглона (ru-WP infobox; et-WP/Wikidata 72.5 km²); Aglonas novads 392.7 km²: http://www.aglona.lv/aglonas-novads/";

pub const VANGAZI: Site = Site {
    name: "Vangaži",
    lon: 24.54468,
    lat: 57.09358,
    target: "LV-080",
    source: "GeoNames 454537 (cities500)",
};
pub const VANGAZI_AREA_KM2: f64 = 5.105;
pub const VANGAZI_AREA_SOURCE: &str =
    "https://incukalns.lv/public/lat/novads1/par_novadu/vangazi/ (Teritorija 5,105 km2)";

/// The forest of Ķekavas pagasts given to Olaines pagasts in 2021 (1,018.54 ha,
/// old_to_new_units.csv). Its outline is not published openly; it must touch Olaine,
/// so it is drawn as the strip of old Ķekava along the Olaine boundary with that area.
pub const KEKAVA_FOREST_KM2: f64 = 10.1854;

/// Cuts from `unit` the strip within distance d (LKS-92 metres) of `neighbour`, with d
/// chosen by bisection so the strip has `strip_km2`: (strip, unit − strip).
pub fn split_strip(
    unit: &MultiPolygon<f64>,
    neighbour: &MultiPolygon<f64>,
    strip_km2: f64,
) -> Result<(MultiPolygon<f64>, MultiPolygon<f64>)> {
    let n_m = geometry_to_lks92(neighbour);
    let strip_at = |d: f64| {
        let zone = geometry_from_lks92(&n_m.buffer(d));
        unit.intersection(&zone)
    };
    let (mut lo, mut hi) = (0.0, 10_000.0);
    if area_km2(&strip_at(hi)) < strip_km2 {
        bail!("strip of {strip_km2} km² not reachable within 10 km");
    }
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if area_km2(&strip_at(mid)) < strip_km2 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(tile(unit, strip_at(hi)))
}

/// Pieces of the 2021 units, before dissolving, and notes on the splits.
pub struct Pieces {
    pub by_unit: BTreeMap<String, Vec<MultiPolygon<f64>>>,
    pub split_notes: Vec<String>,
}

pub fn pieces_2021(old: &[OldUnit], mapping: &[BTreeMap<String, String>]) -> Result<Pieces> {
    let mut target: BTreeMap<&str, &str> = BTreeMap::new();
    for row in mapping {
        let (o, n) = (row["old_iso"].as_str(), row["new_iso"].as_str());
        let whole = row["whole"] == "true";
        // Ķekava: the unit goes to LV-052 except a 10.19 km² forest (handled below).
        if whole || (o == "LV-052" && n == "LV-052") {
            target.insert(o, n);
        }
    }
    let mut by_unit: BTreeMap<String, Vec<MultiPolygon<f64>>> = BTreeMap::new();
    let mut split_notes = Vec::new();
    for u in old {
        match u.code.as_str() {
            "LV-001" => {
                for site in &AGLONA_SITES {
                    split_notes.push(format!(
                        "LV-001 site {} ({:.6}, {:.6}) → {}: {}",
                        site.name, site.lon, site.lat, site.target, site.source
                    ));
                }
                let share = AGLONA_PARISH_KM2 / AGLONA_NOVADS_KM2;
                let parts = split_power(&u.geometry, &AGLONA_SITES, share)?;
                split_notes.push(format!(
                    "LV-001 Aglonas novads: Natural Earth {:.2} km² vs official {AGLONA_NOVADS_KM2} km²; Aglonas pagasts share {:.2} % ({AGLONA_AREA_SOURCES})",
                    area_km2(&u.geometry),
                    100.0 * share
                ));
                for (code, part) in parts {
                    split_notes.push(format!(
                        "LV-001 Aglonas novads → {code}: {:.2} km²",
                        area_km2(&part)
                    ));
                    by_unit.entry(code).or_default().push(part);
                }
            }
            "LV-037" => {
                split_notes.push(format!(
                    "LV-037 site {} ({:.6}, {:.6}) → {}: {}; disc of {VANGAZI_AREA_KM2} km² ({VANGAZI_AREA_SOURCE})",
                    VANGAZI.name, VANGAZI.lon, VANGAZI.lat, VANGAZI.target, VANGAZI.source
                ));
                let (town, rest) = split_disc(&u.geometry, &VANGAZI, VANGAZI_AREA_KM2);
                split_notes.push(format!(
                    "LV-037 Inčukalna novads → LV-080 (Vangaži disc): {:.2} km², → LV-091: {:.2} km²",
                    area_km2(&town),
                    area_km2(&rest)
                ));
                by_unit.entry("LV-080".into()).or_default().push(town);
                by_unit.entry("LV-091".into()).or_default().push(rest);
            }
            "LV-052" => {
                let olaine = old
                    .iter()
                    .find(|o| o.code == "LV-068")
                    .ok_or_else(|| anyhow!("no LV-068"))?;
                let (forest, rest) = split_strip(&u.geometry, &olaine.geometry, KEKAVA_FOREST_KM2)?;
                split_notes.push(format!(
                    "LV-052 Ķekavas novads → LV-068 (forest strip along the Olaine boundary): {:.2} km², → LV-052: {:.2} km²",
                    area_km2(&forest),
                    area_km2(&rest)
                ));
                by_unit.entry("LV-068".into()).or_default().push(forest);
                by_unit.entry("LV-052".into()).or_default().push(rest);
            }
            code => {
                let new = target
                    .get(code)
                    .ok_or_else(|| anyhow!("no 2021 unit for {code} ({})", u.ne_name))?;
                by_unit
                    .entry(new.to_string())
                    .or_default()
                    .push(u.geometry.clone());
            }
        }
    }
    Ok(Pieces {
        by_unit,
        split_notes,
    })
}

/// Dissolves each unit's pieces. Nothing is dropped here: a dropped fragment would be a
/// gap between units (splits below already hand tiny fragments to the other side).
pub fn dissolve(
    pieces: &BTreeMap<String, Vec<MultiPolygon<f64>>>,
) -> BTreeMap<String, MultiPolygon<f64>> {
    pieces
        .iter()
        .map(|(code, parts)| (code.clone(), union_all(parts)))
        .collect()
}

/// Where a computed split point lies on a neighbour's edge (a T-junction), rounding moves it
/// off that edge and leaves a speck of gap or overlap. Inserting every unit's vertex into
/// any other unit's edge it lies on (within `tol_deg`) makes the shared boundary identical.
pub fn node_vertices(units: &mut BTreeMap<String, MultiPolygon<f64>>, tol_deg: f64) -> usize {
    use std::collections::{HashMap, HashSet};
    const CELL: f64 = 0.01;
    let cell = |c: Coord<f64>| ((c.x / CELL).floor() as i64, (c.y / CELL).floor() as i64);
    let mut grid: HashMap<(i64, i64), Vec<Coord<f64>>> = HashMap::new();
    let mut seen = HashSet::new();
    for g in units.values() {
        for p in &g.0 {
            for r in std::iter::once(p.exterior()).chain(p.interiors()) {
                for c in &r.0 {
                    if seen.insert((c.x.to_bits(), c.y.to_bits())) {
                        grid.entry(cell(*c)).or_default().push(*c);
                    }
                }
            }
        }
    }
    let mut inserted = 0;
    let mut node_ring = |r: &LineString<f64>| -> LineString<f64> {
        let mut out = Vec::with_capacity(r.0.len());
        for w in r.0.windows(2) {
            let (a, b) = (w[0], w[1]);
            out.push(a);
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            let len2 = dx * dx + dy * dy;
            if len2 == 0.0 {
                continue;
            }
            let (c0, c1) = (
                cell(Coord {
                    x: a.x.min(b.x) - tol_deg,
                    y: a.y.min(b.y) - tol_deg,
                }),
                cell(Coord {
                    x: a.x.max(b.x) + tol_deg,
                    y: a.y.max(b.y) + tol_deg,
                }),
            );
            let mut on: Vec<(f64, Coord<f64>)> = Vec::new();
            for i in c0.0..=c1.0 {
                for j in c0.1..=c1.1 {
                    for v in grid.get(&(i, j)).into_iter().flatten() {
                        if *v == a || *v == b {
                            continue;
                        }
                        let t = ((v.x - a.x) * dx + (v.y - a.y) * dy) / len2;
                        if t <= 0.0 || t >= 1.0 {
                            continue;
                        }
                        let (px, py) = (a.x + t * dx - v.x, a.y + t * dy - v.y);
                        if (px * px + py * py).sqrt() < tol_deg {
                            on.push((t, *v));
                        }
                    }
                }
            }
            on.sort_by(|x, y| x.0.total_cmp(&y.0));
            inserted += on.len();
            out.extend(on.into_iter().map(|(_, v)| v));
        }
        if let Some(&last) = r.0.last() {
            out.push(last);
        }
        LineString::new(out)
    };
    for g in units.values_mut() {
        *g = MultiPolygon::new(
            g.0.iter()
                .map(|p| {
                    Polygon::new(
                        node_ring(p.exterior()),
                        p.interiors().iter().map(&mut node_ring).collect(),
                    )
                })
                .collect(),
        );
    }
    inserted
}

/// The holes of a multipolygon, each as a polygon of its own.
pub fn holes_of(mp: &MultiPolygon<f64>) -> Vec<Polygon<f64>> {
    mp.0.iter()
        .flat_map(|p| p.interiors())
        .map(|h| Polygon::new(h.clone(), vec![]))
        .collect()
}

/// Holes of the union of all (rounded) units are gaps, since Latvia has no enclaves: specks
/// left where computed split lines meet after rounding. Each goes to the unit sharing the
/// most boundary with it (the largest overlap of a 1 m buffer), then is rounded again.
pub fn fill_gaps(units: &mut BTreeMap<String, MultiPolygon<f64>>) -> Vec<String> {
    let mut notes = Vec::new();
    for _round in 0..3 {
        let all: Vec<MultiPolygon<f64>> = units.values().cloned().collect();
        let union = union_all(&all);
        let holes = holes_of(&union);
        if holes.is_empty() {
            break;
        }
        for gap in holes {
            let gap = MultiPolygon::new(vec![gap]);
            let near = geometry_from_lks92(&geometry_to_lks92(&gap).buffer(1.0));
            let owner = units
                .iter()
                .map(|(c, g)| (c.clone(), area_km2(&g.intersection(&near))))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(c, _)| c);
            if let Some(code) = owner {
                let at = gap.0[0].exterior().0[0];
                notes.push(format!(
                    "{:.1} m² at ({:.6}, {:.6}) → {code}",
                    area_km2(&gap) * 1e6,
                    at.x,
                    at.y
                ));
                if let Some(g) = units.get_mut(&code) {
                    *g = crate::write::clean_mp(&union_all(&[g.clone(), gap]));
                }
            }
        }
    }
    notes
}

/// `first` minus its slivers, and the rest of `unit`; rest fragments under 1000 m² go
/// back to `first`, so the two parts tile the unit with no gap and no crumbs.
fn tile(
    unit: &MultiPolygon<f64>,
    first: MultiPolygon<f64>,
) -> (MultiPolygon<f64>, MultiPolygon<f64>) {
    let first = drop_slivers(first, 1e-3);
    let rest = unit.difference(&first);
    let (crumbs, rest): (Vec<Polygon<f64>>, Vec<Polygon<f64>>) = rest
        .0
        .into_iter()
        .partition(|p| pierobeza::geom::polygon_area_km2(p) < 1e-3);
    let first = if crumbs.is_empty() {
        first
    } else {
        union_all(&[first, MultiPolygon::new(crumbs)])
    };
    (first, MultiPolygon::new(rest))
}

fn lks92_bounds(mp: &MultiPolygon<f64>, pad_m: f64) -> Result<Rect<f64>> {
    let projected = MultiPolygon::new(
        mp.0.iter()
            .map(|p| {
                Polygon::new(
                    LineString::new(p.exterior().0.iter().map(|c| coord_to_lks92(*c)).collect()),
                    vec![],
                )
            })
            .collect(),
    );
    let r = projected
        .bounding_rect()
        .ok_or_else(|| anyhow!("empty unit"))?;
    Ok(Rect::new(
        Coord {
            x: r.min().x - pad_m,
            y: r.min().y - pad_m,
        },
        Coord {
            x: r.max().x + pad_m,
            y: r.max().y + pad_m,
        },
    ))
}

/// A polygon drawn in LKS-92 metres, densified to ≤ 200 m edges and brought back to CRS84,
/// so its straight LKS-92 edges stay straight on the ground.
pub fn polygon_from_lks92(p: &Polygon<f64>) -> Polygon<f64> {
    let mut out = Vec::new();
    for w in p.exterior().0.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
        let steps = (len / 200.0).ceil().max(1.0) as usize;
        for k in 0..steps {
            let t = k as f64 / steps as f64;
            out.push(coord_from_lks92(Coord {
                x: a.x + t * (b.x - a.x),
                y: a.y + t * (b.y - a.y),
            }));
        }
    }
    if let Some(&first) = out.first() {
        out.push(first);
    }
    Polygon::new(LineString::new(out), vec![])
}

fn cells_of(sites: &[Site], cells: &[Polygon<f64>], target: &str) -> MultiPolygon<f64> {
    let polys: Vec<MultiPolygon<f64>> = sites
        .iter()
        .zip(cells)
        .filter(|(s, c)| s.target == target && c.exterior().0.len() >= 4)
        .map(|(_, c)| MultiPolygon::new(vec![polygon_from_lks92(c)]))
        .collect();
    union_all(&polys)
}

/// Splits a unit between two targets by power cells (weighted Voronoi, in LKS-92) of the
/// sites, clipped to the unit. The first target's sites share one weight, found by
/// bisection so that its part is `first_share` of the unit's area; the second target
/// gets the unit minus the first part, so the parts tile the unit exactly.
pub fn split_power(
    unit: &MultiPolygon<f64>,
    sites: &[Site],
    first_share: f64,
) -> Result<BTreeMap<String, MultiPolygon<f64>>> {
    let bounds = lks92_bounds(unit, 5_000.0)?;
    let projected: Vec<Coord<f64>> = sites
        .iter()
        .map(|s| coord_to_lks92(Coord { x: s.lon, y: s.lat }))
        .collect();
    let mut targets: Vec<&str> = sites.iter().map(|s| s.target).collect();
    targets.dedup();
    let [first, second] = targets.as_slice() else {
        bail!("a split needs sites of exactly two targets, in order");
    };
    let total = area_km2(unit);
    let span = bounds.width().max(bounds.height());
    let part_for = |w: f64| {
        let weights: Vec<f64> = sites
            .iter()
            .map(|s| if s.target == *first { w } else { 0.0 })
            .collect();
        let cells = power_cells_m(&projected, &weights, bounds);
        unit.intersection(&cells_of(sites, &cells, first))
    };
    let (mut lo, mut hi) = (-span * span, span * span);
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if area_km2(&part_for(mid)) < first_share * total {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let a = part_for((lo + hi) / 2.0);
    if std::env::var("GEODATA_DEBUG").is_ok() {
        for q in &a.0 {
            eprintln!(
                "{first}: polygon {:.4} km², {} vertices, {} holes",
                pierobeza::geom::polygon_area_km2(q),
                q.exterior().0.len(),
                q.interiors().len()
            );
        }
    }
    let (a, b) = tile(unit, a);
    Ok(BTreeMap::from([
        (first.to_string(), a),
        (second.to_string(), b),
    ]))
}

/// Cuts a disc of `area_km2` around `site` (in LKS-92) out of a unit: (disc ∩ unit, unit − disc).
pub fn split_disc(
    unit: &MultiPolygon<f64>,
    site: &Site,
    disc_km2: f64,
) -> (MultiPolygon<f64>, MultiPolygon<f64>) {
    let c = coord_to_lks92(Coord {
        x: site.lon,
        y: site.lat,
    });
    let r = (disc_km2 * 1e6 / std::f64::consts::PI).sqrt();
    let n = 72;
    let mut ring: Vec<Coord<f64>> = (0..n)
        .map(|k| {
            let a = 2.0 * std::f64::consts::PI * k as f64 / n as f64;
            coord_from_lks92(Coord {
                x: c.x + r * a.cos(),
                y: c.y + r * a.sin(),
            })
        })
        .collect();
    ring.push(ring[0]);
    let disc = MultiPolygon::new(vec![Polygon::new(LineString::new(ring), vec![])]);
    tile(unit, unit.intersection(&disc))
}
