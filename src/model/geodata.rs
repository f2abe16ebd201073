//! The geographic base layers: units, the state border, settlements, crossings.

use std::collections::BTreeMap;

use geo::{LineString, MultiLineString, MultiPolygon, Point};
use serde::{Deserialize, Serialize};

use super::{Municipality, Vintage};

/// A neighbouring state, by ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Country {
    RU,
    BY,
    LT,
    EE,
}

impl Country {
    pub const ALL: [Country; 4] = [Country::RU, Country::BY, Country::LT, Country::EE];
    pub fn as_str(self) -> &'static str {
        match self {
            Country::RU => "RU",
            Country::BY => "BY",
            Country::LT => "LT",
            Country::EE => "EE",
        }
    }
    pub fn parse(s: &str) -> Option<Country> {
        match s {
            "RU" => Some(Country::RU),
            "BY" => Some(Country::BY),
            "LT" => Some(Country::LT),
            "EE" => Some(Country::EE),
            _ => None,
        }
    }
}

/// A stretch of the state border with one neighbour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BorderSegment {
    pub neighbour: Country,
    /// Stored in the geometry column, not in the record body.
    #[serde(skip, default = "super::empty::line_string")]
    pub geometry: LineString<f64>,
    /// Geodesic length in metres.
    pub length_m: f64,
}

/// A town or village (GeoNames), tagged with its units by point-in-polygon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settlement {
    pub geonameid: u64,
    pub name: String,
    /// Residents on the reference date; `None` where no figure exists or the place is
    /// counted in another (a neighbourhood of a city): `population_note` says which.
    pub population: Option<u64>,
    /// Where the figure comes from: `csb_town`, `geonames_village`, `part_of_city`,
    /// `in_parish` or `unknown`.
    pub population_basis: String,
    pub population_note: Option<String>,
    /// The unit whose figure already counts this place (a city's neighbourhood).
    pub part_of: Option<String>,
    /// Stored in the geometry column, not in the record body.
    #[serde(skip)]
    pub point: Point<f64>,
    /// Unit code in the 2021–2025 vintage.
    pub municipality_2021: String,
    /// Unit code in the current vintage.
    pub municipality_current: String,
    pub provenance: String,
    /// How the units were assigned: `point_in_polygon` or `nearest_unit_within_2km`.
    pub assigned_by: Option<String>,
}

/// A border crossing point with Russia or Belarus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Crossing {
    pub id: String,
    pub name: String,
    pub counterpart: String,
    pub country: Country,
    /// `road`, `rail` or `local`.
    pub mode: String,
    /// `open`, `closed`, ...
    pub status: String,
    pub status_detail: String,
    /// ISO date of the status change, when known.
    pub status_date: Option<String>,
    /// Stored in the geometry column, not in the record body.
    #[serde(skip)]
    pub point: Point<f64>,
    /// What the point is: `exact` (the crossing) or `settlement` (the village it is named after).
    pub precision: super::Precision,
    pub provenance: String,
    pub municipality_2021: String,
    /// What the point is (e.g. "village centre; NOT the crossing").
    pub point_basis: Option<String>,
    pub notes: Option<String>,
}

/// Everything in geodata/.
#[derive(Debug, Clone, PartialEq)]
pub struct Geodata {
    pub municipalities: BTreeMap<Vintage, Vec<Municipality>>,
    /// Union of the plan's 11 units of the 2021–2025 vintage.
    pub plan_territory: MultiPolygon<f64>,
    pub latvia: MultiPolygon<f64>,
    pub border: Vec<BorderSegment>,
    pub settlements: Vec<Settlement>,
    pub crossings: Vec<Crossing>,
}

impl Default for Geodata {
    fn default() -> Self {
        Geodata {
            municipalities: BTreeMap::new(),
            plan_territory: MultiPolygon::new(vec![]),
            latvia: MultiPolygon::new(vec![]),
            border: vec![],
            settlements: vec![],
            crossings: vec![],
        }
    }
}

impl Geodata {
    /// The units of one vintage (empty when not loaded).
    pub fn units(&self, vintage: Vintage) -> &[Municipality] {
        self.municipalities
            .get(&vintage)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// A unit by its code in one vintage.
    pub fn unit(&self, vintage: Vintage, code: &str) -> Option<&Municipality> {
        self.units(vintage).iter().find(|m| m.code == code)
    }

    /// The border with one neighbour as one geometry.
    pub fn border_with(&self, country: Country) -> MultiLineString<f64> {
        MultiLineString::new(
            self.border
                .iter()
                .filter(|s| s.neighbour == country)
                .map(|s| s.geometry.clone())
                .collect(),
        )
    }
}
