//! Rules over the whole plan, applied on every load (not only by `check`): every
//! direction has measures, and the public record's parts add up to its total.

use std::path::Path;

use super::info::PlanInfo;
use super::PLAN_FILE;
use crate::load::DataError;
use crate::model::{Direction, Measure};

/// How far the public-record parts may differ from their total (they are rounded to 0.1 M EUR).
pub const ROUNDING_M_EUR: f64 = 0.05;

/// Every violation of the plan-wide rules.
pub fn plan_rules(dir: &Path, info: &PlanInfo, measures: &[Measure]) -> Vec<DataError> {
    let mut errs = Vec::new();
    for d in Direction::ALL {
        if !measures.iter().any(|m| m.direction == d) {
            errs.push(DataError::new(
                dir,
                d.as_str(),
                "direction",
                "no measures in this direction",
            ));
        }
    }
    let fig = |id: &str| info.figure(id).map(|f| f.value);
    match (
        fig("amount_total"),
        fig("amount_state_budget"),
        fig("amount_eu_foreign"),
    ) {
        (Some(total), Some(state), Some(eu)) if (state + eu - total).abs() > ROUNDING_M_EUR => {
            errs.push(DataError::new(
                dir.join(PLAN_FILE),
                "amount_total",
                "value",
                format!("{state} + {eu} = {} M EUR, not {total}", state + eu),
            ));
        }
        (Some(_), Some(_), Some(_)) => {}
        _ => errs.push(DataError::new(
            dir.join(PLAN_FILE),
            "public_record",
            "-",
            "amount_total, amount_state_budget and amount_eu_foreign are required",
        )),
    }
    errs
}
