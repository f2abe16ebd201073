//! Where a measure lands, how precisely we know it, and who says so.

use geo::{Geometry, Point};
use serde::{Deserialize, Serialize};

/// How precisely a location is known from public sources, finest first.
///
/// The order matters: `Exact < Settlement < Municipality < Region`, so
/// `a <= b` reads "a is at least as precise as b".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// The site itself (a building, a bridge, a crossing point).
    Exact,
    /// A town or village centre: the site is somewhere in or near it.
    Settlement,
    /// Somewhere in one or more municipalities.
    Municipality,
    /// Somewhere in the plan territory (or a planning region).
    Region,
}

impl Precision {
    pub const ALL: [Precision; 4] = [
        Precision::Exact,
        Precision::Settlement,
        Precision::Municipality,
        Precision::Region,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Exact => "exact",
            Precision::Settlement => "settlement",
            Precision::Municipality => "municipality",
            Precision::Region => "region",
        }
    }
    pub fn parse(s: &str) -> Option<Precision> {
        match s {
            "exact" => Some(Precision::Exact),
            "settlement" => Some(Precision::Settlement),
            "municipality" => Some(Precision::Municipality),
            "region" => Some(Precision::Region),
            _ => None,
        }
    }
}

/// The geometry of a location as recorded (CRS84), or a reference to units.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// A point, a line or a polygon with coordinates.
    Geometry(Geometry<f64>),
    /// A named settlement from geodata/ (resolved to its point on load).
    Settlement { name: String, point: Point<f64> },
    /// One or more units by ISO 3166-2 code, in the 2021–2025 vintage.
    Municipalities(Vec<String>),
    /// The whole plan territory.
    PlanTerritory,
}

/// One place of a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// Stable id, unique within the plan (e.g. `sec-dmc-01/dagda`).
    pub id: String,
    /// Human label of the place.
    pub name: Option<String>,
    pub place: Place,
    pub precision: Precision,
    /// Where the location comes from (a file and row, a URL, "plan summary").
    pub provenance: String,
    /// Units (2021–2025 codes) the location lies in, filled on load.
    pub municipalities: Vec<String>,
    /// `Some("candidate")` for a place named for the measure but not confirmed as its site.
    pub site_status: Option<String>,
    pub note: Option<String>,
}
