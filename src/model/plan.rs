//! The plan as a whole: its measures and the totals it states.

use super::Measure;

/// A plan-level amount that the plan does not break down by measure.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub measures: Vec<Measure>,
    pub funding_pools: Vec<FundingPool>,
}

impl Plan {
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }
    pub fn pool(&self, id: &str) -> Option<&FundingPool> {
        self.funding_pools.iter().find(|p| p.id == id)
    }
}
