//! Plan-level facts from `seeds/plan.toml` that are not measures: the approving act,
//! the territory, the directions and the figures of the public record.

use crate::model::Direction;

/// The plan's metadata and the figures it states about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanInfo {
    pub id: String,
    pub title_lv: String,
    pub title_en: String,
    pub approved_by: String,
    /// ISO date.
    pub approved_on: String,
    pub responsible_institution: String,
    pub period_start: u16,
    pub period_end: u16,
    /// The year indicator targets refer to unless stated otherwise.
    pub target_year: u16,
    /// ISO date by which implementing institutions report.
    pub report_due: String,
    pub source: String,
    pub notes: Option<String>,
    pub territory: Territory,
    /// (pool id, annex number) for pools the plan lists in an annex.
    pub pool_annexes: Vec<(String, u32)>,
    pub directions: Vec<DirectionInfo>,
    /// Figures from published sources outside the summary (news, legal acts).
    pub public_record: Vec<Figure>,
}

/// The plan territory: units of the 2021–2025 vintage.
#[derive(Debug, Clone, PartialEq)]
pub struct Territory {
    pub name_lv: String,
    pub name_en: String,
    pub definition_en: String,
    pub novadi: u32,
    pub state_cities: u32,
    /// (code, Latvian name) of each unit.
    pub units: Vec<(String, String)>,
    pub units_2021_total: u32,
    pub units_current_total: u32,
    /// ISO date: first day of the 2021–2025 vintage (the 2021 reform).
    pub vintage_2021_valid_from: String,
    /// ISO date: last day of the 2021–2025 vintage.
    pub vintage_2021_valid_to: String,
    /// ISO date Varakļānu novads merged into Madonas novads.
    pub varaklani_merged_on: String,
    pub source: String,
}

impl Territory {
    pub fn codes(&self) -> Vec<String> {
        self.units.iter().map(|(c, _)| c.clone()).collect()
    }
}

/// One of the plan's three directions as the summary numbers and names it.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectionInfo {
    pub direction: Direction,
    pub number: u8,
    pub name_lv: String,
    pub name_en: String,
    pub source: String,
}

/// A stated figure with its unit and source.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub id: String,
    pub name_en: String,
    pub value: f64,
    pub unit: String,
    pub source: String,
    pub note: Option<String>,
}

impl PlanInfo {
    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.public_record.iter().find(|f| f.id == id)
    }
}
