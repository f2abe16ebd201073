//! How far the plan has come: each measure's stage, each indicator's achieved
//! values, and money allocated to places, every record dated and sourced. Written
//! by editors after the approved baseline; the baseline itself holds none, so a
//! measure without a stage record is `approved` as of 20 January 2025.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The stages a measure goes through (or `Suspended`, which may come at any point).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Approved,
    Preparation,
    Procurement,
    UnderWay,
    Completed,
    Suspended,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Approved,
        Stage::Preparation,
        Stage::Procurement,
        Stage::UnderWay,
        Stage::Completed,
        Stage::Suspended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Approved => "approved",
            Stage::Preparation => "preparation",
            Stage::Procurement => "procurement",
            Stage::UnderWay => "under_way",
            Stage::Completed => "completed",
            Stage::Suspended => "suspended",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A measure reached `stage` on `date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageRecord {
    pub id: String,
    pub measure_id: String,
    pub stage: Stage,
    pub date: NaiveDate,
    /// The institution responsible from then on, where the source names it.
    pub institution: Option<String>,
    /// Where this is said: a URL, with title and date where known.
    pub source: String,
    pub note: Option<String>,
}

/// An indicator's achieved value as of `date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    pub id: String,
    pub measure_id: String,
    pub indicator_id: String,
    pub date: NaiveDate,
    /// In the indicator's unit; cumulative since the plan's approval.
    pub value: f64,
    pub source: String,
    pub note: Option<String>,
}

/// Where allocated money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoneyKind {
    StateBudget,
    EuFunds,
    Other,
}

/// Money allocated to a measure in one municipality, or in the region as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Allocation {
    pub id: String,
    pub measure_id: String,
    /// A 2021–2025 unit code; `None` for the plan territory as a whole.
    pub municipality: Option<String>,
    pub amount_eur: f64,
    /// The plan's pool the money counts against (`funded` or `unfunded`).
    pub pool: String,
    pub kind: MoneyKind,
    /// The day it was decided (contracted, granted).
    pub date: NaiveDate,
    pub source: String,
    pub note: Option<String>,
}

/// Every progress record of the plan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub stages: Vec<StageRecord>,
    pub values: Vec<IndicatorValue>,
    pub allocations: Vec<Allocation>,
}

/// One progress record of any kind: what the write path and the store pass on.
#[derive(Debug, Clone, PartialEq)]
pub enum ProgressRecord {
    Stage(StageRecord),
    Value(IndicatorValue),
    Allocation(Allocation),
}

impl ProgressRecord {
    pub fn id(&self) -> &str {
        match self {
            ProgressRecord::Stage(r) => &r.id,
            ProgressRecord::Value(r) => &r.id,
            ProgressRecord::Allocation(r) => &r.id,
        }
    }

    pub fn measure_id(&self) -> &str {
        match self {
            ProgressRecord::Stage(r) => &r.measure_id,
            ProgressRecord::Value(r) => &r.measure_id,
            ProgressRecord::Allocation(r) => &r.measure_id,
        }
    }
}
