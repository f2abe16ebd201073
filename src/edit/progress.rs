//! The rules a progress record obeys, whoever writes it (the seeds file, an editor
//! through the API): its measure is the plan's, it is not dated before the plan's
//! approval, it cites a URL; an indicator value names an indicator of its measure
//! with a numeric target; an allocation names a pool of the plan and, if any, a 2021
//! unit of the plan territory. Fields are named as the records name them.

use chrono::NaiveDate;

use super::FieldError;
use crate::analysis::progress::plan_start;
use crate::model::{Allocation, Geodata, IndicatorValue, Plan, StageRecord, Vintage};

/// The longest text a record's `id`, `source`, `institution` or `note` may have.
pub const MAX_TEXT: usize = 2_000;

fn text(field: &str, s: &str) -> Result<(), FieldError> {
    if s.chars().count() > MAX_TEXT {
        return Err(FieldError::new(
            field,
            format!("longer than {MAX_TEXT} characters"),
        ));
    }
    Ok(())
}

/// The id: 1–200 characters of letters, digits, `-`, `_` or `.`.
pub fn check_id(id: &str) -> Result<(), FieldError> {
    let ok = !id.is_empty()
        && id.len() <= 200
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            "id",
            format!("{id:?} is not 1–200 letters, digits, '-', '_' or '.'"),
        ))
    }
}

/// What every progress record shares.
fn common(
    plan: &Plan,
    id: &str,
    measure: &str,
    date: NaiveDate,
    source: &str,
    note: Option<&str>,
) -> Result<(), FieldError> {
    check_id(id)?;
    if plan.measure(measure).is_none() {
        return Err(FieldError::new(
            "measure_id",
            format!("{measure:?} is not a measure of the plan"),
        ));
    }
    if date < plan_start() {
        return Err(FieldError::new(
            "date",
            format!("{date} is before the plan's approval (2025-01-20)"),
        ));
    }
    if !(source.starts_with("https://") || source.starts_with("http://")) {
        return Err(FieldError::new(
            "source",
            "must start with a URL (https://…)",
        ));
    }
    text("source", source)?;
    text("note", note.unwrap_or(""))
}

/// A stage reached.
pub fn check_stage(plan: &Plan, r: &StageRecord) -> Result<(), FieldError> {
    common(
        plan,
        &r.id,
        &r.measure_id,
        r.date,
        &r.source,
        r.note.as_deref(),
    )?;
    text("institution", r.institution.as_deref().unwrap_or(""))
}

/// An indicator's achieved value.
pub fn check_value(plan: &Plan, r: &IndicatorValue) -> Result<(), FieldError> {
    common(
        plan,
        &r.id,
        &r.measure_id,
        r.date,
        &r.source,
        r.note.as_deref(),
    )?;
    let m = plan
        .measure(&r.measure_id)
        .ok_or_else(|| FieldError::new("measure_id", "not a measure of the plan"))?;
    let Some(ind) = m.indicators.iter().find(|i| i.id == r.indicator_id) else {
        let ids: Vec<&str> = m.indicators.iter().map(|i| i.id.as_str()).collect();
        return Err(FieldError::new(
            "indicator_id",
            format!(
                "{:?} is not an indicator of {} (its indicators: {})",
                r.indicator_id,
                m.id,
                ids.join(", ")
            ),
        ));
    };
    if ind.target.is_none() {
        return Err(FieldError::new(
            "indicator_id",
            format!("{} has no numeric target to report against", ind.id),
        ));
    }
    if !r.value.is_finite() || r.value < 0.0 || r.value > 1e12 {
        return Err(FieldError::new(
            "value",
            "must be a finite number from 0 to 10^12",
        ));
    }
    Ok(())
}

/// Money allocated: never more, with the pool's other allocations, than the pool.
pub fn check_allocation(plan: &Plan, g: &Geodata, r: &Allocation) -> Result<(), FieldError> {
    common(
        plan,
        &r.id,
        &r.measure_id,
        r.date,
        &r.source,
        r.note.as_deref(),
    )?;
    if !r.amount_eur.is_finite() || r.amount_eur <= 0.0 || r.amount_eur > 1e11 {
        return Err(FieldError::new(
            "amount_eur",
            "must be a positive number of euros, at most 10^11",
        ));
    }
    let Some(pool) = plan.pool(&r.pool) else {
        let ids: Vec<&str> = plan.funding_pools.iter().map(|p| p.id.as_str()).collect();
        return Err(FieldError::new(
            "pool",
            format!(
                "{:?} is not a funding pool of the plan ({})",
                r.pool,
                ids.join(", ")
            ),
        ));
    };
    let others: f64 = plan
        .progress
        .allocations
        .iter()
        .filter(|a| a.pool == r.pool && a.id != r.id)
        .map(|a| a.amount_eur)
        .sum();
    if others + r.amount_eur > pool.amount_eur + 0.005 {
        return Err(FieldError::new(
            "amount_eur",
            format!(
                "{} EUR would take the {} pool past its {} EUR ({} EUR is allocated already)",
                r.amount_eur, pool.id, pool.amount_eur, others
            ),
        ));
    }
    let Some(code) = &r.municipality else {
        return Ok(());
    };
    match g.unit(Vintage::V2021, code) {
        None => Err(FieldError::new(
            "municipality",
            format!("{code:?} is not a 2021–2025 unit (LV-0NN); null for the territory as a whole"),
        )),
        Some(u) if !u.eastern_border_area => Err(FieldError::new(
            "municipality",
            format!("{code} ({}) is not in the plan territory", u.name_lv),
        )),
        Some(_) => Ok(()),
    }
}
