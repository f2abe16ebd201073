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

/// A neighbouring country's admin-1 polygon (only its edges are used).
pub struct NeighbourUnit {
    pub country: String,
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

pub fn read_admin1(path: &Path) -> Result<(Vec<OldUnit>, Vec<NeighbourUnit>)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let doc: Value =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let features = doc["features"]
        .as_array()
        .ok_or_else(|| anyhow!("{}: no features", path.display()))?;
    let mut old = Vec::new();
    let mut neighbours = Vec::new();
    for f in features {
        let p = &f["properties"];
        let iso_a2 = p["iso_a2"].as_str().unwrap_or_default();
        if !matches!(iso_a2, "LV" | "RU" | "BY" | "LT" | "EE") {
            continue;
        }
        let geometry = to_multipolygon(&f["geometry"])
            .ok_or_else(|| anyhow!("{}: bad geometry in {}", path.display(), p["name"]))?;
        if iso_a2 != "LV" {
            neighbours.push(NeighbourUnit {
                country: iso_a2.to_string(),
                geometry,
            });
            continue;
        }
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
    let mut seen = BTreeMap::new();
    for u in &old {
        if let Some(prev) = seen.insert(u.code.clone(), u.ne_name.clone()) {
            bail!(
                "duplicate pre-2021 code {} ({} and {})",
                u.code,
                prev,
                u.ne_name
            );
        }
    }
    Ok((old, neighbours))
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
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let doc: Value =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
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
