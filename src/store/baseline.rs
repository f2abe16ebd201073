//! The shipped files as the store's first revision, and opening a store ready to
//! serve: loaded on first use, read back afterwards.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::changeset::{Change, ChangeKind, Changeset};
use super::records::to_rows;
use super::row::{Kind, Row};
use super::{Backend, DatabaseTarget, Snapshot, Store, StoreError};
use crate::load::{load_all, DataPaths};
use crate::model::{Geodata, Plan};

/// The baseline's date: the plan was approved on 20 January 2025.
pub const BASELINE_AT: &str = "2025-01-20T00:00:00.000000Z";

/// A store and its current state.
pub struct Loaded {
    pub store: Store,
    pub snapshot: Snapshot,
    /// Whether this call loaded the baseline into an empty store.
    pub initialised: bool,
    /// Set when the shipped files differ from the ones the baseline came from.
    pub files_changed: bool,
}

/// Opens the store; an empty one gets the baseline from `paths` first.
pub async fn open_loaded(target: &DatabaseTarget, paths: &DataPaths) -> anyhow::Result<Loaded> {
    let store = Store::open(target).await?;
    let digest = baseline_digest(paths)?;
    if store.is_empty().await? {
        let (geodata, plan) = load_all(paths)?;
        let commit = commit_baseline(&store, &geodata, &plan, &digest).await?;
        let snapshot = Snapshot {
            geodata,
            plan,
            counter: commit,
        };
        return Ok(Loaded {
            store,
            snapshot,
            initialised: true,
            files_changed: false,
        });
    }
    let snapshot = store.snapshot().await?;
    let files_changed = store.baseline_digest().await?.as_deref() != Some(digest.as_str());
    Ok(Loaded {
        store,
        snapshot,
        initialised: false,
        files_changed,
    })
}

/// Whether a row is a progress record (what sources said after the approval).
fn is_progress(r: &Row) -> bool {
    matches!(
        r.kind,
        Kind::Stage | Kind::IndicatorValue | Kind::Allocation
    )
}

/// Writes the model as the baseline changeset, dated at the plan's approval, and
/// the shipped progress records (seeds/progress.toml) as a second changeset dated
/// now: the store as of 20 January 2025 is the plan as approved, and `datetime`
/// before the load shows no progress. Returns the change counter.
pub async fn commit_baseline(
    store: &Store,
    geodata: &Geodata,
    plan: &Plan,
    digest: &str,
) -> Result<i64, StoreError> {
    let (progress, plan_rows): (Vec<Row>, Vec<Row>) =
        to_rows(geodata, plan).into_iter().partition(is_progress);
    let cs = Changeset {
        author: "baseline".into(),
        kind: ChangeKind::Baseline,
        at: Some(BASELINE_AT.into()),
        note: Some("geodata/ and seeds/ as shipped".into()),
        changes: plan_rows.into_iter().map(Change::Create).collect(),
    };
    let mut c = store.commit(&cs).await?;
    if !progress.is_empty() {
        let mut seeds = Changeset::now(
            "seeds/progress.toml",
            ChangeKind::Import,
            progress.into_iter().map(Change::Create).collect(),
        );
        seeds.note = Some("progress reported by public sources, as shipped".into());
        c = store.commit(&seeds).await?;
    }
    store.set_baseline_digest(digest).await?;
    Ok(c.counter)
}

/// The changes that turn the stored records into `new` ones: replaced where the
/// body or geometry differs, created, and deleted where gone.
pub fn reload_changes(current: Vec<Row>, new: Vec<Row>) -> Vec<Change> {
    let mut old: HashMap<(Kind, String), Row> = current
        .into_iter()
        .map(|r| ((r.kind, r.id.clone()), r))
        .collect();
    let mut out = Vec::new();
    for r in new {
        match old.remove(&(r.kind, r.id.clone())) {
            Some(o) if o == r => {}
            Some(_) => out.push(Change::Replace(r)),
            None => out.push(Change::Create(r)),
        }
    }
    let mut gone: Vec<(Kind, String)> = old.into_keys().collect();
    gone.sort();
    out.extend(
        gone.into_iter()
            .map(|(kind, id)| Change::Delete { kind, id }),
    );
    out
}

/// SHA-256 over the paths and bytes of every file under geodata/ and seeds/.
pub fn baseline_digest(paths: &DataPaths) -> Result<String, StoreError> {
    let mut files = Vec::new();
    for (name, dir) in [("geodata", &paths.geodata), ("seeds", &paths.seeds)] {
        let mut found = Vec::new();
        collect_files(dir, &mut found)?;
        for f in found {
            let rel = f.strip_prefix(dir).unwrap_or(&f).to_string_lossy();
            files.push((format!("{name}/{rel}"), f));
        }
    }
    files.sort();
    let mut h = Sha256::new();
    for (rel, f) in files {
        let bytes = std::fs::read(&f)
            .map_err(|e| StoreError::Config(format!("reading {}: {e}", f.display())))?;
        for part in [rel.as_bytes(), &bytes] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
    }
    Ok(format!("{:x}", h.finalize()))
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), StoreError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| StoreError::Config(format!("reading {}: {e}", dir.display())))?;
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_files(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// What `init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitOutcome {
    /// The baseline was loaded into an empty store (records written).
    Loaded(usize),
    /// The store held data; with `reload`, this many changes were stored.
    Reloaded(usize),
    /// The store held data and nothing was asked.
    AlreadyLoaded { files_changed: bool },
}

/// `pierobeza init`: schema, then the baseline (or, with `reload`, the difference
/// between the store and the files as one changeset). `progress` hears each step.
pub async fn init(
    target: &DatabaseTarget,
    paths: &DataPaths,
    reload: bool,
    progress: &dyn Fn(&str),
) -> anyhow::Result<InitOutcome> {
    progress(&format!(
        "opening {} (migrating the schema)",
        target.display()
    ));
    let store = Store::open(target).await?;
    let digest = baseline_digest(paths)?;
    let empty = store.is_empty().await?;
    if !empty && !reload {
        let files_changed = store.baseline_digest().await?.as_deref() != Some(digest.as_str());
        return Ok(InitOutcome::AlreadyLoaded { files_changed });
    }
    progress("reading and checking geodata/ and seeds/");
    let (geodata, plan) = load_all(paths)?;
    if empty {
        let n = to_rows(&geodata, &plan).len();
        progress(&format!(
            "writing {n} records as the baseline of {BASELINE_AT}"
        ));
        commit_baseline(&store, &geodata, &plan, &digest).await?;
        return Ok(InitOutcome::Loaded(n));
    }
    progress("comparing the files with the store");
    let (current, _) = store.current_rows().await?;
    let changes = reload_changes(current, to_rows(&geodata, &plan));
    let n = changes.len();
    if n > 0 {
        progress(&format!("storing {n} changes as one changeset"));
        let mut cs = Changeset::now("init --reload", ChangeKind::Import, changes);
        cs.note = Some("geodata/ and seeds/ reloaded".into());
        store.commit(&cs).await?;
    }
    store.set_baseline_digest(&digest).await?;
    Ok(InitOutcome::Reloaded(n))
}
