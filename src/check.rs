//! `pierobeza check`: validate all shipped data and show that the totals reconcile.
//! (Owned by the plan-data work; stub.)

use crate::load::DataPaths;

/// The outcome of a check: a printable report and whether the data is sound.
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub text: String,
    pub ok: bool,
}

/// Loads everything under `paths`, validates it and builds the report.
pub fn run(paths: &DataPaths) -> CheckReport {
    match crate::load::load_all(paths) {
        Ok(_) => CheckReport {
            text: "ok".into(),
            ok: true,
        },
        Err(e) => CheckReport {
            text: e.to_string(),
            ok: false,
        },
    }
}
