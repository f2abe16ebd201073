//! `pierobeza report --out DIR [--date D] [--since D] [--datetime T]`: the
//! implementation report as files — `territory.html`, one `<code>.html` per unit, an
//! `index.html`, and each report's tables in `<id>/<table>.csv` (the layout of the
//! server's `/reports/...`, so the pages' table links work on disk) — read from the
//! same store, and the same public view, as `pierobeza serve`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use clap::Args;

use super::args::StoreArgs;
use super::values;
use crate::api::{as_of, live};
use crate::auth::Role;
use crate::report::html::{index_page, report_page, Links};
use crate::report::tables::{table, ReportTable};
use crate::report::{build, territory_units, DataStamp, Report, ReportDates, Scope, TERRITORY};

/// Options of `pierobeza report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Directory to write the pages and tables to (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// The day to report on, YYYY-MM-DD, from 2025-01-20 (default: today, UTC).
    #[arg(long, value_parser = values::day)]
    pub date: Option<chrono::NaiveDate>,
    /// List the progress records dated from this day (default: the plan's approval).
    #[arg(long, value_parser = values::day)]
    pub since: Option<chrono::NaiveDate>,
    /// Read the records as they stood at this instant (RFC 3339), from the store's history.
    #[arg(long)]
    pub datetime: Option<String>,
    /// The database (and where geodata/ and seeds/ are).
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Writes every report; returns the files written.
pub async fn run_report(a: &ReportArgs, say: &dyn Fn(&str)) -> anyhow::Result<Vec<PathBuf>> {
    let date = a.date.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let dates =
        ReportDates::new(date, a.since).map_err(|e| anyhow!("--{}: {}", e.param, e.reason))?;
    let target = a.store.target()?;
    say(&format!("reading {}", target.display()));
    let started = live::start(&target, &a.store.data.paths(), PathBuf::new())
        .await
        .with_context(|| format!("opening {}", target.display()))?;
    let mut q: HashMap<String, String> = HashMap::new();
    if let Some(t) = &a.datetime {
        q.insert("datetime".into(), t.clone());
    }
    let v = as_of::view_for(&started.state, &q, Role::Anonymous)
        .await
        .map_err(|e| anyhow!("--datetime: {e}"))?;
    let cat = &v.catalog;
    let mut scopes: Vec<Scope> = Scope::resolve(cat, TERRITORY).into_iter().collect();
    scopes.extend(
        territory_units(cat)
            .into_iter()
            .filter_map(|u| Scope::resolve(cat, &u.code)),
    );
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    say(&format!(
        "writing {} reports as of {} to {}",
        scopes.len(),
        dates.date,
        a.out.display()
    ));
    let mut written = Vec::new();
    for scope in &scopes {
        let stamp = DataStamp::of(cat, a.datetime.clone(), &v.updated, v.counter);
        let r =
            build(cat, scope, dates, stamp).map_err(|e| anyhow!("--{}: {}", e.param, e.reason))?;
        written.extend(write_report(&a.out, &r)?);
    }
    let index = a.out.join("index.html");
    write(
        &index,
        index_page(&scopes, |id| format!("{id}.html")).as_bytes(),
    )?;
    written.push(index);
    Ok(written)
}

/// One report's page and tables.
fn write_report(dir: &Path, r: &Report) -> anyhow::Result<Vec<PathBuf>> {
    let id = r.scope.id();
    let page = dir.join(format!("{id}.html"));
    write(&page, report_page(r, &Links::Files).as_bytes())?;
    let tables = dir.join(id);
    std::fs::create_dir_all(&tables).with_context(|| format!("creating {}", tables.display()))?;
    let mut out = vec![page];
    for t in ReportTable::ALL {
        let path = tables.join(t.file_name());
        write(&path, &table(r, t))?;
        out.push(path);
    }
    Ok(out)
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::files::write_atomic(path, bytes)
        .map_err(|(p, e)| anyhow!("writing {}: {e}", p.display()))
}
