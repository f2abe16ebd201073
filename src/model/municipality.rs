//! Local government units (municipalities) in two vintages.

use geo::MultiPolygon;
use serde::{Deserialize, Serialize};

/// Which set of units a boundary belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vintage {
    /// The 43 units of the 2021 reform, valid 2021-07-01 to 2025-06-30. The plan's vintage.
    #[serde(rename = "2021")]
    V2021,
    /// The 42 units since 2025-07-01 (Varakļānu novads merged into Madonas novads).
    #[serde(rename = "current")]
    Current,
}

impl Vintage {
    /// All vintages, oldest first.
    pub const ALL: [Vintage; 2] = [Vintage::V2021, Vintage::Current];

    /// The short name used in file names, collection ids and query parameters.
    pub fn as_str(self) -> &'static str {
        match self {
            Vintage::V2021 => "2021",
            Vintage::Current => "current",
        }
    }

    /// Parses `2021` or `current`.
    pub fn parse(s: &str) -> Option<Vintage> {
        match s {
            "2021" | "2021-2025" => Some(Vintage::V2021),
            "current" | "2025" => Some(Vintage::Current),
            _ => None,
        }
    }
}

/// State city (valstspilsēta) or municipality (novads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    StateCity,
    Novads,
}

/// One local government unit with its boundary (CRS84).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Municipality {
    /// ISO 3166-2 code, e.g. `LV-111` or `LV-DGV`.
    pub code: String,
    pub name_lv: String,
    pub name_en: String,
    pub kind: UnitKind,
    pub planning_region: String,
    pub vintage: Vintage,
    /// ISO date, e.g. `2021-07-01`.
    pub valid_from: String,
    /// ISO date or `None` while in force.
    pub valid_to: Option<String>,
    pub population: Option<u64>,
    pub population_year: Option<u16>,
    /// The reference date of `population` (ISO), e.g. `2026-01-01`.
    pub population_date: Option<String>,
    pub population_source: Option<String>,
    /// Area computed from the geometry, km² (geodesic).
    pub area_km2: f64,
    /// Area as officially published, km².
    pub official_area_km2: Option<f64>,
    /// One of the plan's 11 units (2021–2025 vintage), or a current unit that contains part of them.
    pub eastern_border_area: bool,
    /// Share of the unit's area inside the plan territory (0–1), where given.
    pub plan_share: Option<f64>,
    /// The part inside the plan territory of a unit only partly in it (Madonas novads since
    /// 2025-07-01: the former Varakļānu novads): its area and population.
    pub plan_part: Option<PlanPart>,
    /// Where the boundary comes from and how it was derived.
    pub provenance: Option<String>,
    pub note: Option<String>,
    /// Stored in the geometry column, not in the record body.
    #[serde(skip, default = "super::empty::multi_polygon")]
    pub geometry: MultiPolygon<f64>,
}

/// The part of a current unit that lies in the plan territory.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlanPart {
    pub area_km2: f64,
    pub population: u64,
}

impl Municipality {
    /// Area and population inside the plan territory: all of a plan unit, the recorded
    /// part of a unit only partly in it, nothing of the others.
    pub fn plan_figures(&self) -> (f64, Option<u64>) {
        match (&self.plan_part, self.eastern_border_area) {
            (Some(p), _) => (p.area_km2, Some(p.population)),
            (None, true) => (self.area_km2, self.population),
            (None, false) => (0.0, Some(0)),
        }
    }
}
