//! `seeds/progress.toml`: what public sources said about the plan's progress after
//! its approval — stages reached, indicator values, money allocated to places —
//! each record dated and sourced. Checked against the plan (the measure, its
//! indicator, the pool, a 2021 unit of the plan territory) and never dated before
//! the approval.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::raw::{parse_table, record};
use crate::edit::progress::{check_allocation, check_stage, check_value};
use crate::edit::FieldError;
use crate::load::DataError;
use crate::model::{
    Allocation, Geodata, IndicatorValue, MoneyKind, Plan, Progress, Stage, StageRecord,
};

/// The progress file, relative to seeds/.
pub const PROGRESS_FILE: &str = "progress.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    id: String,
    measure: String,
    stage: String,
    date: NaiveDate,
    institution: Option<String>,
    source: String,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValue {
    id: String,
    measure: String,
    indicator: String,
    date: NaiveDate,
    value: f64,
    source: String,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllocation {
    id: String,
    measure: String,
    municipality: Option<String>,
    amount_eur: f64,
    pool: String,
    kind: MoneyKind,
    date: NaiveDate,
    source: String,
    note: Option<String>,
}

/// The file's records, checked; every broken rule is pushed to `errs`. A missing
/// file is no progress (the plan as approved).
pub fn load_progress(
    dir: &Path,
    plan: &Plan,
    geodata: &Geodata,
    errs: &mut Vec<DataError>,
) -> Progress {
    let path = dir.join(PROGRESS_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Progress::default();
    };
    let table = match parse_table(&path, &text) {
        Ok(t) => t,
        Err(e) => {
            errs.push(e);
            return Progress::default();
        }
    };
    let ctx = Ctx {
        path: &path,
        plan,
        geodata,
    };
    let mut ids = HashSet::new();
    let mut out = Progress::default();
    for (key, items) in &table {
        let Some(items) = items.as_array() else {
            errs.push(DataError::new(
                &path,
                key,
                "-",
                format!("expected [[{key}]] records"),
            ));
            continue;
        };
        for (i, v) in items.iter().enumerate() {
            let label = format!("{key} #{}", i + 1);
            let r = match key.as_str() {
                "stage" => record::<RawStage>(&path, v, &label)
                    .and_then(|r| ctx.stage(r))
                    .map(|r| {
                        let id = r.id.clone();
                        out.stages.push(r);
                        id
                    }),
                "value" => record::<RawValue>(&path, v, &label)
                    .and_then(|r| ctx.value(r))
                    .map(|r| {
                        let id = r.id.clone();
                        out.values.push(r);
                        id
                    }),
                "allocation" => record::<RawAllocation>(&path, v, &label)
                    .and_then(|r| ctx.allocation(r))
                    .map(|r| {
                        let id = r.id.clone();
                        out.allocations.push(r);
                        id
                    }),
                _ => Err(DataError::new(
                    &path,
                    key,
                    "-",
                    "unknown section: use [[stage]], [[value]] or [[allocation]]",
                )),
            };
            match r {
                Ok(id) if !ids.insert(id.clone()) => errs.push(DataError::new(
                    &path,
                    &id,
                    "id",
                    "duplicate progress record id",
                )),
                Ok(_) => {}
                Err(e) => errs.push(e),
            }
        }
    }
    out
}

struct Ctx<'a> {
    path: &'a Path,
    plan: &'a Plan,
    geodata: &'a Geodata,
}

impl Ctx<'_> {
    /// A broken rule as a data error naming the file, the record and the field as
    /// the file spells it (`measure`, `indicator`).
    fn err(&self, id: &str, e: FieldError) -> DataError {
        let field = match e.field.as_str() {
            "measure_id" => "measure",
            "indicator_id" => "indicator",
            other => other,
        };
        DataError::new(self.path, id, field, e.message)
    }

    fn stage(&self, r: RawStage) -> Result<StageRecord, DataError> {
        let stage = Stage::parse(&r.stage).ok_or_else(|| {
            let all: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
            let msg = format!("{:?} is not one of {}", r.stage, all.join(", "));
            self.err(&r.id, FieldError::new("stage", msg))
        })?;
        let rec = StageRecord {
            id: r.id,
            measure_id: r.measure,
            stage,
            date: r.date,
            institution: r.institution,
            source: r.source,
            note: r.note,
        };
        check_stage(self.plan, &rec).map_err(|e| self.err(&rec.id, e))?;
        Ok(rec)
    }

    fn value(&self, r: RawValue) -> Result<IndicatorValue, DataError> {
        let rec = IndicatorValue {
            id: r.id,
            measure_id: r.measure,
            indicator_id: r.indicator,
            date: r.date,
            value: r.value,
            source: r.source,
            note: r.note,
        };
        check_value(self.plan, &rec).map_err(|e| self.err(&rec.id, e))?;
        Ok(rec)
    }

    fn allocation(&self, r: RawAllocation) -> Result<Allocation, DataError> {
        let rec = Allocation {
            id: r.id,
            measure_id: r.measure,
            municipality: r.municipality,
            amount_eur: r.amount_eur,
            pool: r.pool,
            kind: r.kind,
            date: r.date,
            source: r.source,
            note: r.note,
        };
        check_allocation(self.plan, self.geodata, &rec).map_err(|e| self.err(&rec.id, e))?;
        Ok(rec)
    }
}

#[cfg(test)]
mod tests {
    use crate::load::{load_all, DataPaths};
    use crate::model::Stage;

    #[test]
    fn the_shipped_progress_records_load_and_are_checked() {
        let paths = DataPaths::under(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        let (_, plan) = load_all(&paths).expect("the shipped data loads");
        let p = &plan.progress;
        assert_eq!(
            (p.stages.len(), p.values.len(), p.allocations.len()),
            (12, 0, 1)
        );
        let s = p.stages.iter().find(|s| s.measure_id == "sec-02").unwrap();
        assert_eq!(s.stage, Stage::UnderWay);
        let a = p
            .allocations
            .iter()
            .find(|a| a.measure_id == "eco-13")
            .unwrap();
        assert_eq!(
            (a.municipality.as_deref(), a.amount_eur),
            (Some("LV-077"), 178_500.0)
        );
    }
}
