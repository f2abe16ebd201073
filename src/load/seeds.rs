//! Reads seeds/ (the plan as TOML records, see `seeds/README.md`) into [`Plan`],
//! resolving locations against geodata/ and collecting every error it finds.

mod info;
mod measure;
mod plan_file;
pub mod progress;
mod raw;
mod resolve;
pub mod rules;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use info::{DirectionInfo, Figure, PlanInfo, Territory};
pub use resolve::find_settlement;

use measure::{load_measure_file, FileCtx};
use plan_file::load_plan_file;

use super::{DataError, DataErrors};
use crate::model::{FundingPool, Geodata, Measure, Plan};

/// The plan file, relative to seeds/.
pub const PLAN_FILE: &str = "plan.toml";
/// The directory of measure files, relative to seeds/.
pub const MEASURES_DIR: &str = "measures";
/// The committed copy of the plan summary that `quote` fields are checked against.
pub const SUMMARY_FILE: &str = "sources/action-plan-summary.lv.txt";

/// Values `status` may take.
pub const STATUSES: [&str; 4] = ["approved", "in_progress", "completed", "proposal"];

/// Everything in seeds/: the measures and pools, plus the plan's own metadata.
#[derive(Debug, Clone)]
pub struct SeedData {
    pub plan: Plan,
    pub info: PlanInfo,
}

/// Reads and validates seeds/, resolving locations against `geodata`.
pub fn load_seeds(dir: &Path, geodata: &Geodata) -> Result<Plan, DataErrors> {
    load_seed_data(dir, geodata).map(|d| d.plan)
}

/// Like [`load_seeds`], also returning the plan metadata and public-record figures.
pub fn load_seed_data(dir: &Path, geodata: &Geodata) -> Result<SeedData, DataErrors> {
    let mut errs = Vec::new();
    let summary = std::fs::read_to_string(dir.join(SUMMARY_FILE))
        .ok()
        .map(|t| normalize_ws(&t));

    let (info, pools, statements) = load_plan_file(dir, summary.as_deref(), &mut errs);
    let territory = info
        .as_ref()
        .map(|i| i.territory.codes())
        .unwrap_or_default();

    let files = measure_files(dir, &mut errs);
    let mut measures: Vec<(PathBuf, Measure)> = Vec::new();
    let mut ids: Vec<(PathBuf, String, Option<usize>)> = Vec::new();
    for file in &files {
        let ctx = FileCtx {
            dir,
            file,
            geodata,
            territory: &territory,
            pools: pools.as_deref(),
            summary: summary.as_deref(),
        };
        let (ms, file_ids) = load_measure_file(&ctx, &mut errs);
        measures.extend(ms.into_iter().map(|m| (file.clone(), m)));
        ids.extend(
            file_ids
                .into_iter()
                .map(|(id, line)| (file.clone(), id, line)),
        );
    }

    // Ids are unique across files (checked on every record, valid or not).
    let at = |file: &Path, line: &Option<usize>| match line {
        Some(l) => format!("{} line {l}", file.display()),
        None => file.display().to_string(),
    };
    let mut seen: BTreeMap<&str, (&Path, &Option<usize>)> = BTreeMap::new();
    for (file, id, line) in &ids {
        match seen.get(id.as_str()) {
            Some((first, first_line)) => errs.push(DataError::new(
                file,
                id,
                "id",
                format!(
                    "duplicate measure id: the record at {} repeats the one at {}",
                    at(file, line),
                    at(first, first_line)
                ),
            )),
            None => {
                seen.insert(id, (file, line));
            }
        }
    }

    let pools = pools.unwrap_or_default();
    reconcile(&pools, &measures, dir, &mut errs);
    // Plan-wide rules once every record loaded (a broken file would cascade).
    if let (Some(info), true) = (&info, errs.is_empty()) {
        let ms: Vec<Measure> = measures.iter().map(|(_, m)| m.clone()).collect();
        errs.extend(rules::plan_rules(dir, info, &ms));
    }

    let mut plan = Plan {
        measures: measures.into_iter().map(|(_, m)| m).collect(),
        funding_pools: pools,
        statements,
        progress: Default::default(),
    };
    if errs.is_empty() {
        plan.progress = progress::load_progress(dir, &plan, geodata, &mut errs);
    }
    match info {
        Some(info) if errs.is_empty() => Ok(SeedData { plan, info }),
        _ => {
            if errs.is_empty() {
                errs.push(DataError::new(
                    dir.join(PLAN_FILE),
                    "-",
                    "-",
                    "plan metadata missing",
                ));
            }
            Err(DataErrors(errs))
        }
    }
}

/// Collapses every run of whitespace to one space, so quotes survive the PDF's line breaks.
pub fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn measure_files(dir: &Path, errs: &mut Vec<DataError>) -> Vec<PathBuf> {
    let mdir = dir.join(MEASURES_DIR);
    match std::fs::read_dir(&mdir) {
        Ok(rd) => {
            let mut files: Vec<PathBuf> = rd
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect();
            files.sort();
            files
        }
        Err(e) => {
            errs.push(DataError::new(
                &mdir,
                "-",
                "-",
                format!("cannot read directory: {e}"),
            ));
            vec![]
        }
    }
}

/// Per-measure amounts must fit in their pool, and no pool may hold more measures than the
/// plan says it covers.
fn reconcile(
    pools: &[FundingPool],
    measures: &[(PathBuf, Measure)],
    dir: &Path,
    errs: &mut Vec<DataError>,
) {
    let plan_file = dir.join(PLAN_FILE);
    for p in pools {
        let in_pool: Vec<&Measure> = measures
            .iter()
            .map(|(_, m)| m)
            .filter(|m| m.funding.as_ref().is_some_and(|f| f.pool == p.id))
            .collect();
        let sum: f64 = in_pool
            .iter()
            .filter_map(|m| m.funding.as_ref().and_then(|f| f.amount_eur))
            .sum();
        if sum > p.amount_eur + 0.5 {
            errs.push(DataError::new(
                &plan_file,
                &p.id,
                "amount_eur",
                format!(
                    "per-measure amounts add up to {sum} EUR, more than the pool's {} EUR",
                    p.amount_eur
                ),
            ));
        }
        if let Some(n) = p.measures_count {
            if in_pool.len() > n as usize {
                errs.push(DataError::new(
                    &plan_file,
                    &p.id,
                    "measures_count",
                    format!(
                        "{} measures reference the pool, the plan says {n}",
                        in_pool.len()
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests;
