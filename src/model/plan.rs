//! The plan as a whole: its measures and the totals it states.

use super::Measure;

/// A plan-level amount that the plan does not break down by measure.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FundingPool {
    /// e.g. `funded` (the 53 measures) or `unfunded` (annex 3 proposals).
    pub id: String,
    pub name_en: String,
    pub name_lv: String,
    pub amount_eur: f64,
    /// How many measures the plan says the pool covers, when it says so.
    pub measures_count: Option<u32>,
    pub source: String,
}

/// Everything in seeds/.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub measures: Vec<Measure>,
    pub funding_pools: Vec<FundingPool>,
    /// What the plan says about itself beyond its measures: the challenges it answers,
    /// how it is to be monitored, and its priorities after 2027.
    pub statements: Vec<PlanStatement>,
    /// How far the plan has come: stages, indicator values, allocations.
    pub progress: super::Progress,
}

/// What a statement of the plan is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    Challenge,
    Monitoring,
    PriorityAfter2027,
}

impl StatementKind {
    pub fn parse(s: &str) -> Option<StatementKind> {
        match s {
            "challenge" => Some(StatementKind::Challenge),
            "monitoring" => Some(StatementKind::Monitoring),
            "priority_after_2027" => Some(StatementKind::PriorityAfter2027),
            _ => None,
        }
    }
}

/// One statement of the plan summary, quoted and translated.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlanStatement {
    pub id: String,
    pub kind: StatementKind,
    /// The summary's words (Latvian).
    pub text_lv: String,
    pub text_en: String,
    pub source: String,
}

impl Plan {
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }
    pub fn pool(&self, id: &str) -> Option<&FundingPool> {
        self.funding_pools.iter().find(|p| p.id == id)
    }
}
