//! Money where it lands: the allocations recorded for the plan's measures, summed
//! per unit and per pool, with each pool's unallocated remainder, so that units +
//! territory-wide + unallocated = the pool (476,082,274 EUR funded, 156,696,926 EUR
//! unfunded) whatever has been recorded.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::Plan;

/// Why a unit's allocated money is null.
pub const NO_ALLOCATION: &str = "no allocation to a measure in this unit has been recorded (progress records: /progress/allocations)";

/// One pool of the plan and what has been allocated from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolMoney {
    /// The pool as the plan states it.
    pub pool_eur: f64,
    /// Allocations to a unit of the plan territory.
    pub allocated_in_units_eur: f64,
    /// Allocations to the territory as a whole.
    pub allocated_territory_wide_eur: f64,
    /// `pool_eur` − both sums: what no recorded allocation accounts for yet.
    pub unallocated_eur: f64,
    pub allocations: usize,
}

/// Every pool of the plan with its recorded allocations.
pub fn pool_money(plan: &Plan) -> BTreeMap<String, PoolMoney> {
    plan.funding_pools
        .iter()
        .map(|p| {
            let of_pool: Vec<_> = plan
                .progress
                .allocations
                .iter()
                .filter(|a| a.pool == p.id)
                .collect();
            let sum = |in_unit: bool| -> f64 {
                of_pool
                    .iter()
                    .filter(|a| a.municipality.is_some() == in_unit)
                    .map(|a| a.amount_eur)
                    .sum()
            };
            let (units, wide) = (sum(true), sum(false));
            let money = PoolMoney {
                pool_eur: p.amount_eur,
                allocated_in_units_eur: units,
                allocated_territory_wide_eur: wide,
                unallocated_eur: p.amount_eur - units - wide,
                allocations: of_pool.len(),
            };
            (p.id.clone(), money)
        })
        .collect()
}

/// EUR allocated per unit; `to_unit` maps a 2021 code to the unit reported
/// (itself, or the current unit that contains it).
pub fn allocated_by_unit(plan: &Plan, to_unit: &HashMap<String, String>) -> HashMap<String, f64> {
    let mut out = HashMap::new();
    for a in &plan.progress.allocations {
        let Some(code) = a.municipality.as_ref().and_then(|c| to_unit.get(c)) else {
            continue;
        };
        *out.entry(code.clone()).or_insert(0.0) += a.amount_eur;
    }
    out
}
