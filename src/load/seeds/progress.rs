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
use crate::analysis::progress::plan_start;
use crate::load::DataError;
use crate::model::Geodata;
use crate::model::{
    Allocation, IndicatorValue, MoneyKind, Plan, Progress, Stage, StageRecord, Vintage,
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
    fn err(&self, id: &str, field: &str, msg: impl Into<String>) -> DataError {
        DataError::new(self.path, id, field, msg.into())
    }

    /// The record's measure exists, its date is not before the approval and it cites a source.
    fn common(
        &self,
        id: &str,
        measure: &str,
        date: NaiveDate,
        source: &str,
    ) -> Result<(), DataError> {
        if self.plan.measure(measure).is_none() {
            return Err(self.err(
                id,
                "measure",
                format!("{measure:?} is not a measure of the plan"),
            ));
        }
        if date < plan_start() {
            return Err(self.err(
                id,
                "date",
                format!("{date} is before the plan's approval (2025-01-20)"),
            ));
        }
        if !source.contains("://") {
            return Err(self.err(id, "source", "must cite a URL"));
        }
        Ok(())
    }

    fn stage(&self, r: RawStage) -> Result<StageRecord, DataError> {
        self.common(&r.id, &r.measure, r.date, &r.source)?;
        let stage = Stage::parse(&r.stage).ok_or_else(|| {
            let all: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
            self.err(
                &r.id,
                "stage",
                format!("{:?} is not one of {}", r.stage, all.join(", ")),
            )
        })?;
        Ok(StageRecord {
            id: r.id,
            measure_id: r.measure,
            stage,
            date: r.date,
            institution: r.institution,
            source: r.source,
            note: r.note,
        })
    }

    fn value(&self, r: RawValue) -> Result<IndicatorValue, DataError> {
        self.common(&r.id, &r.measure, r.date, &r.source)?;
        let m = self.plan.measure(&r.measure).expect("checked above");
        let Some(ind) = m.indicators.iter().find(|i| i.id == r.indicator) else {
            return Err(self.err(
                &r.id,
                "indicator",
                format!("{:?} is not an indicator of {}", r.indicator, m.id),
            ));
        };
        if ind.target.is_none() {
            return Err(self.err(
                &r.id,
                "indicator",
                format!("{} has no numeric target", ind.id),
            ));
        }
        if !r.value.is_finite() || r.value < 0.0 {
            return Err(self.err(&r.id, "value", "must be a finite number, 0 or more"));
        }
        Ok(IndicatorValue {
            id: r.id,
            measure_id: r.measure,
            indicator_id: r.indicator,
            date: r.date,
            value: r.value,
            source: r.source,
            note: r.note,
        })
    }

    fn allocation(&self, r: RawAllocation) -> Result<Allocation, DataError> {
        self.common(&r.id, &r.measure, r.date, &r.source)?;
        if !r.amount_eur.is_finite() || r.amount_eur <= 0.0 {
            return Err(self.err(&r.id, "amount_eur", "must be a positive number of euros"));
        }
        if self.plan.pool(&r.pool).is_none() {
            return Err(self.err(
                &r.id,
                "pool",
                format!("{:?} is not a funding pool of the plan", r.pool),
            ));
        }
        if let Some(code) = &r.municipality {
            match self.geodata.unit(Vintage::V2021, code) {
                None => {
                    return Err(self.err(
                        &r.id,
                        "municipality",
                        format!("{code:?} is not a 2021–2025 unit"),
                    ))
                }
                Some(u) if !u.eastern_border_area => {
                    return Err(self.err(
                        &r.id,
                        "municipality",
                        format!("{code} is not in the plan territory"),
                    ))
                }
                Some(_) => {}
            }
        }
        Ok(Allocation {
            id: r.id,
            measure_id: r.measure,
            municipality: r.municipality,
            amount_eur: r.amount_eur,
            pool: r.pool,
            kind: r.kind,
            date: r.date,
            source: r.source,
            note: r.note,
        })
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
