//! Settlements (GeoNames) and border crossings (fact table), tagged by point-in-polygon.

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};
use geo::{Contains, InteriorPoint, MultiLineString, MultiPolygon, Point};
use pierobeza::geom::distance_to_lines_m;

/// Units of one vintage, for point-in-polygon.
pub struct Units<'a>(pub &'a BTreeMap<String, MultiPolygon<f64>>);

/// How a point was given its unit.
pub enum Assigned {
    Inside(String),
    /// Outside every polygon (e.g. on the coast at 1:10m); nearest unit, distance in metres.
    Nearest(String, f64),
}

impl Units<'_> {
    pub fn containing(&self, p: Point<f64>) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(_, g)| g.contains(&p))
            .map(|(c, _)| c.as_str())
            .collect()
    }

    /// The unit containing `p`, else the nearest within `max_m` metres.
    pub fn assign(&self, p: Point<f64>, max_m: f64) -> Option<Assigned> {
        if let [one] = self.containing(p).as_slice() {
            return Some(Assigned::Inside(one.to_string()));
        }
        let mut best: Option<(String, f64)> = None;
        for (code, g) in self.0 {
            let rings = MultiLineString::new(
                g.0.iter()
                    .flat_map(|p| {
                        std::iter::once(p.exterior().clone()).chain(p.interiors().iter().cloned())
                    })
                    .collect(),
            );
            if let Some(d) = distance_to_lines_m(p, &rings) {
                if best.as_ref().is_none_or(|(_, b)| d < *b) {
                    best = Some((code.clone(), d));
                }
            }
        }
        best.filter(|(_, d)| *d <= max_m)
            .map(|(c, d)| Assigned::Nearest(c, d))
    }
}

/// Status of a crossing as read from the fact table's status text (curated by hand:
/// the text mixes the state, its date and side remarks).
pub struct CrossingStatus {
    pub name: &'static str,
    pub slug: &'static str,
    pub status: &'static str,
    pub date: Option<&'static str>,
}

pub const CROSSING_STATUS: [CrossingStatus; 14] = [
    CrossingStatus {
        name: "Terehova",
        slug: "terehova",
        status: "open",
        date: Some("2025-03-19"),
    },
    CrossingStatus {
        name: "Grebņeva",
        slug: "grebneva",
        status: "open",
        date: Some("2025-03-19"),
    },
    CrossingStatus {
        name: "Vientuļi",
        slug: "vientuli",
        status: "suspended",
        date: Some("2023-10-16"),
    },
    CrossingStatus {
        name: "Pededze",
        slug: "pededze",
        status: "suspended",
        date: Some("2023-10-16"),
    },
    CrossingStatus {
        name: "Pāternieki",
        slug: "paternieki",
        status: "open",
        date: Some("2025-03-19"),
    },
    CrossingStatus {
        name: "Silene",
        slug: "silene",
        status: "closed",
        date: Some("2023-09-19"),
    },
    CrossingStatus {
        name: "Indra",
        slug: "indra",
        status: "unknown",
        date: None,
    },
    CrossingStatus {
        name: "Zilupe",
        slug: "zilupe",
        status: "unknown",
        date: None,
    },
    CrossingStatus {
        name: "Kārsava",
        slug: "karsava",
        status: "unknown",
        date: None,
    },
    CrossingStatus {
        name: "Vecumi",
        slug: "vecumi",
        status: "unknown",
        date: None,
    },
    CrossingStatus {
        name: "Meikšāni",
        slug: "meiksani",
        status: "unknown",
        date: None,
    },
    CrossingStatus {
        name: "Piedruja",
        slug: "piedruja",
        status: "unknown",
        date: None,
    },
    CrossingStatus {
        name: "Vorzova",
        slug: "vorzova",
        status: "unknown",
        date: None,
    },
    CrossingStatus {
        name: "Kaplava",
        slug: "kaplava",
        status: "unknown",
        date: None,
    },
];

/// A crossing ready to write, or the reason it was left out.
pub enum PlacedCrossing {
    Placed {
        slug: &'static str,
        point: Point<f64>,
        precision: &'static str,
        point_basis: String,
        status: &'static CrossingStatus,
    },
    LeftOut {
        name: String,
        reason: String,
    },
}

fn num(row: &BTreeMap<String, String>, k: &str) -> Option<f64> {
    row.get(k).and_then(|v| v.parse::<f64>().ok())
}

/// Places one row: its own coordinate, else the fallback, else (with a cited unit) an
/// interior point of that 2021 unit at precision `municipality`, else left out.
pub fn place_crossing(
    row: &BTreeMap<String, String>,
    units_2021: &BTreeMap<String, MultiPolygon<f64>>,
    name_to_code: &BTreeMap<String, String>,
) -> Result<PlacedCrossing> {
    let name = row["name_lv"].clone();
    let status = CROSSING_STATUS
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| anyhow!("crossing {name} has no curated status"))?;
    let mode = row["mode"].as_str();
    if let (Some(lat), Some(lon)) = (num(row, "lat"), num(row, "lon")) {
        // Every coordinate in the table is a village or town centroid, never the checkpoint.
        let basis = format!(
            "{} (not the checkpoint itself)",
            row["coordinate_precision"]
        );
        let _ = mode;
        return Ok(PlacedCrossing::Placed {
            slug: status.slug,
            point: Point::new(lon, lat),
            precision: "settlement",
            point_basis: basis,
            status,
        });
    }
    if let (Some(lat), Some(lon)) = (num(row, "fallback_lat"), num(row, "fallback_lon")) {
        return Ok(PlacedCrossing::Placed {
            slug: status.slug,
            point: Point::new(lon, lat),
            precision: "settlement",
            point_basis: row["fallback_basis"].clone(),
            status,
        });
    }
    let muni = row["municipality"].as_str();
    let unit_name = muni.split(" (").next().unwrap_or_default().trim();
    if let Some(code) = name_to_code.get(unit_name) {
        let g = units_2021
            .get(code)
            .ok_or_else(|| anyhow!("no geometry for {code}"))?;
        let p = g
            .interior_point()
            .ok_or_else(|| anyhow!("no interior point for {code}"))?;
        return Ok(PlacedCrossing::Placed {
            slug: status.slug,
            point: p,
            precision: "municipality",
            point_basis: format!(
                "no coordinate published; the table cites only the unit \"{muni}\": an interior point of {unit_name}, NOT the crossing"
            ),
            status,
        });
    }
    Ok(PlacedCrossing::LeftOut {
        name,
        reason: "no coordinate, no fallback coordinate and no municipality in the fact table"
            .into(),
    })
}
