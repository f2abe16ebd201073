//! Measures of the plan, their indicators and money.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Location;

/// The plan's three directions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Security,
    Economy,
    HumanResources,
}

impl Direction {
    pub const ALL: [Direction; 3] = [
        Direction::Security,
        Direction::Economy,
        Direction::HumanResources,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Security => "security",
            Direction::Economy => "economy",
            Direction::HumanResources => "human_resources",
        }
    }
    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "security" => Some(Direction::Security),
            "economy" => Some(Direction::Economy),
            "human_resources" => Some(Direction::HumanResources),
            _ => None,
        }
    }
}

/// Where the money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundingKind {
    StateBudget,
    EuFunds,
    /// State budget and EU or other foreign funds, not split by the source.
    Mixed,
    Private,
    /// A proposal with no funding allocated (annex 3 of the plan).
    UnfundedProposal,
}

impl FundingKind {
    pub const ALL: [FundingKind; 5] = [
        FundingKind::StateBudget,
        FundingKind::EuFunds,
        FundingKind::Mixed,
        FundingKind::Private,
        FundingKind::UnfundedProposal,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            FundingKind::StateBudget => "state_budget",
            FundingKind::EuFunds => "eu_funds",
            FundingKind::Mixed => "mixed",
            FundingKind::Private => "private",
            FundingKind::UnfundedProposal => "unfunded_proposal",
        }
    }
}

/// Money for one measure, where a source gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Funding {
    /// Which plan-level pool the measure belongs to (see [`super::FundingPool`]).
    pub pool: String,
    /// Amount for this measure alone, EUR, only when a source gives it.
    pub amount_eur: Option<f64>,
    /// Where the money comes from, only where a source says; `None` when it is silent.
    pub kind: Option<FundingKind>,
    pub source: Option<String>,
}

/// A result indicator with its target and achieved values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub name_lv: String,
    pub name_en: String,
    /// Unit of the figure, e.g. `jobs`, `km`, `m2`, `kWh/year`, `EUR`.
    pub unit: String,
    /// `=`, `>=` (at least) or `>` (more than), as the plan words it.
    pub comparator: String,
    /// The target figure; `None` for a qualitative indicator.
    pub target: Option<f64>,
    pub target_year: Option<u16>,
    /// Achieved values by year, as reported.
    pub achieved: BTreeMap<u16, f64>,
    pub source: String,
}

/// One measure of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// Stable id, e.g. `sec-01`.
    pub id: String,
    pub direction: Direction,
    /// The kind of measure; measure locations are served as one layer per kind
    /// (e.g. `disaster_management_centres`, `roads`, `broadband`).
    pub kind: String,
    pub title_lv: String,
    pub title_en: String,
    pub institution: Option<String>,
    pub funding: Option<Funding>,
    /// e.g. `planned`, `in_progress`, `proposal`.
    pub status: String,
    pub indicators: Vec<Indicator>,
    /// Stored as records of their own.
    #[serde(skip)]
    pub locations: Vec<Location>,
    /// The plan does not publish its sites (countermobility parks, military bases):
    /// no location may be finer than municipality precision.
    pub sites_not_public: bool,
    pub source: String,
    pub notes: Option<String>,
}
