//! Applying an import safely: the new files go into a staged copy of the data
//! root, the copy must pass the data check (`load_all`), and only then does it
//! become the output (or, with `--in-place`, its files replace the shipped ones
//! one rename each).

use std::path::{Path, PathBuf};

use super::boundaries::{replace_territory, replace_units};
use super::{FieldMap, ImportError, ImportReport, SourceLayer};
use crate::load::{load_all, DataErrors, DataPaths};
use crate::model::{Geodata, Plan, Vintage};

/// Files to write, relative to the data root, and a note for the user.
#[derive(Debug, Default)]
pub struct Changes {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub toml: Option<String>,
}

/// Where the result goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// Replace files in the source data root.
    InPlace,
    /// A new data root at `out`; an existing one only with `force`.
    Copy { out: PathBuf, force: bool },
}

fn read_text(path: &Path) -> Result<String, ImportError> {
    std::fs::read_to_string(path).map_err(|e| ImportError::io(path, e))
}

/// The new units file of `vintage` (and, for 2021, the plan territory dissolved from it).
pub fn boundary_changes(
    root: &Path,
    source: &SourceLayer,
    map: &FieldMap,
    match_by: &str,
    vintage: Vintage,
) -> Result<Changes, ImportError> {
    let rel = PathBuf::from("geodata").join(format!("municipalities_{}.geojson", vintage.as_str()));
    let shipped = root.join(&rel);
    let new = replace_units(source, &shipped, &read_text(&shipped)?, map, match_by)?;
    let mut changes = Changes::default();
    changes.files.push((rel, new.file));
    let territory_rel = PathBuf::from("geodata").join("plan_territory.geojson");
    let territory = root.join(&territory_rel);
    if vintage == Vintage::V2021 && new.changed && territory.exists() {
        let bytes = replace_territory(&territory, &read_text(&territory)?, &new.units)?;
        changes.files.push((territory_rel, bytes));
    }
    Ok(changes)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), ImportError> {
    std::fs::create_dir_all(to).map_err(|e| ImportError::io(to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| ImportError::io(from, e))? {
        let entry = entry.map_err(|e| ImportError::io(from, e))?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst).map_err(|e| ImportError::io(&src, e))?;
        }
    }
    Ok(())
}

/// `DIR/.NAME.import-PID-N` beside `path`.
fn staging_dir(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "data".into());
    path.with_file_name(format!(".{name}.import-{}-{n}", std::process::id()))
}

/// Stages, checks and applies `changes`; returns where the data now is.
pub fn apply(
    root: &Path,
    target: Target,
    changes: Changes,
    features: usize,
) -> Result<ImportReport, ImportError> {
    let dest = match &target {
        Target::InPlace => root.to_path_buf(),
        Target::Copy { out, force } => {
            if out.exists() && !force {
                return Err(ImportError::Usage(format!(
                    "{} exists: choose another --out, or pass --force to replace its data",
                    out.display()
                )));
            }
            out.clone()
        }
    };
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| ImportError::io(parent, e))?;
    }
    let staging = staging_dir(&dest);
    let result = stage_and_check(root, &staging, &changes).and_then(|_| match &target {
        Target::InPlace => {
            for (rel, _) in &changes.files {
                let to = root.join(rel);
                if let Some(dir) = to.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| ImportError::io(dir, e))?;
                }
                std::fs::rename(staging.join(rel), &to).map_err(|e| ImportError::io(&to, e))?;
            }
            Ok(())
        }
        Target::Copy { out, .. } => {
            std::fs::create_dir_all(out).map_err(|e| ImportError::io(out, e))?;
            for dir in ["geodata", "seeds"] {
                let (from, to) = (staging.join(dir), out.join(dir));
                if !from.exists() {
                    continue;
                }
                if to.exists() {
                    std::fs::remove_dir_all(&to).map_err(|e| ImportError::io(&to, e))?;
                }
                std::fs::rename(&from, &to).map_err(|e| ImportError::io(&to, e))?;
            }
            Ok(())
        }
    });
    let _ = std::fs::remove_dir_all(&staging);
    result?;
    Ok(ImportReport {
        data_root: dest,
        files: changes.files.into_iter().map(|(rel, _)| rel).collect(),
        features,
        toml: changes.toml,
    })
}

/// The data `changes` make of the data root `root`, loaded with the data check
/// from a staged copy (removed afterwards); nothing under `root` changes.
pub fn checked(root: &Path, changes: &Changes) -> Result<(Geodata, Plan), ImportError> {
    let staging = staging_dir(&std::env::temp_dir().join("pierobeza-import"));
    let out = stage_and_check(root, &staging, changes);
    let _ = std::fs::remove_dir_all(&staging);
    out
}

fn stage_and_check(
    root: &Path,
    staging: &Path,
    changes: &Changes,
) -> Result<(Geodata, Plan), ImportError> {
    for dir in ["geodata", "seeds"] {
        let from = root.join(dir);
        if from.is_dir() {
            copy_dir(&from, &staging.join(dir))?;
        }
    }
    for (rel, bytes) in &changes.files {
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| ImportError::io(dir, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| ImportError::io(&path, e))?;
    }
    let loaded = load_all(&DataPaths::under(staging)).map_err(|errs| {
        // Name the files where they would have been, not in the staging copy.
        DataErrors(
            errs.0
                .into_iter()
                .map(|mut e| {
                    if let Ok(rel) = e.file.strip_prefix(staging) {
                        e.file = root.join(rel);
                    }
                    e
                })
                .collect(),
        )
    })?;
    Ok(loaded)
}
