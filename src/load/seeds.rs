//! Reads seeds/ (the plan as TOML records, see `seeds/README.md`) into [`Plan`],
//! resolving locations against geodata/ and collecting every error it finds.

mod info;
mod raw;
mod resolve;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

pub use info::{DirectionInfo, Figure, PlanInfo, Territory};
pub use resolve::find_settlement;

use raw::{
    parse_table, record, RawDirection, RawFigure, RawMeasure, RawPlanMeta, RawPool, RawTerritory,
};

use super::{DataError, DataErrors};
use crate::model::{
    Direction, Funding, FundingKind, FundingPool, Geodata, Indicator, Measure, Plan,
};

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

    let (info, pools) = load_plan_file(dir, summary.as_deref(), &mut errs);
    let territory = info
        .as_ref()
        .map(|i| i.territory.codes())
        .unwrap_or_default();
    let target_year = info.as_ref().map(|i| i.target_year);

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
            target_year,
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

    match info {
        Some(info) if errs.is_empty() => Ok(SeedData {
            plan: Plan {
                measures: measures.into_iter().map(|(_, m)| m).collect(),
                funding_pools: pools,
            },
            info,
        }),
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

fn load_plan_file(
    dir: &Path,
    summary: Option<&str>,
    errs: &mut Vec<DataError>,
) -> (Option<PlanInfo>, Option<Vec<FundingPool>>) {
    let path = dir.join(PLAN_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            errs.push(DataError::new(&path, "-", "-", format!("cannot read: {e}")));
            return (None, None);
        }
    };
    let table = match parse_table(&path, &text) {
        Ok(t) => t,
        Err(e) => {
            errs.push(e);
            return (None, None);
        }
    };
    for key in table.keys() {
        if !["plan", "territory", "direction", "pool", "public_record"].contains(&key.as_str()) {
            errs.push(DataError::new(&path, key, "-", "unknown section"));
        }
    }
    let section = |key: &str, errs: &mut Vec<DataError>| -> Option<toml::Value> {
        let v = table.get(key).cloned();
        if v.is_none() {
            errs.push(DataError::new(&path, key, "-", "missing section"));
        }
        v
    };
    let items = |key: &str, errs: &mut Vec<DataError>| -> Vec<toml::Value> {
        match section(key, errs) {
            Some(toml::Value::Array(a)) => a,
            Some(_) => {
                errs.push(DataError::new(
                    &path,
                    key,
                    "-",
                    format!("expected [[{key}]] records"),
                ));
                vec![]
            }
            None => vec![],
        }
    };

    let meta: Option<RawPlanMeta> = section("plan", errs)
        .and_then(|v| record(&path, &v, "plan").map_err(|e| errs.push(e)).ok());
    let territory: Option<RawTerritory> = section("territory", errs).and_then(|v| {
        record(&path, &v, "territory")
            .map_err(|e| errs.push(e))
            .ok()
    });

    let mut directions = Vec::new();
    for (i, v) in items("direction", errs).iter().enumerate() {
        let Ok(d) = record::<RawDirection>(&path, v, &format!("direction #{}", i + 1))
            .map_err(|e| errs.push(e))
        else {
            continue;
        };
        match Direction::parse(&d.id) {
            Some(direction) => directions.push(DirectionInfo {
                direction,
                number: d.number,
                name_lv: d.name_lv,
                name_en: d.name_en,
                source: d.source,
            }),
            None => errs.push(DataError::new(&path, &d.id, "id", "unknown direction")),
        }
    }

    let mut pools = Vec::new();
    let mut pool_annexes = Vec::new();
    let mut pool_ids = HashSet::new();
    for (i, v) in items("pool", errs).iter().enumerate() {
        let Ok(p) =
            record::<RawPool>(&path, v, &format!("pool #{}", i + 1)).map_err(|e| errs.push(e))
        else {
            continue;
        };
        if !pool_ids.insert(p.id.clone()) {
            errs.push(DataError::new(&path, &p.id, "id", "duplicate pool id"));
        }
        if parse_funding_kind(&p.kind).is_none() {
            errs.push(DataError::new(
                &path,
                &p.id,
                "kind",
                format!("unknown funding kind {:?}", p.kind),
            ));
        }
        if !(p.amount_eur.is_finite() && p.amount_eur >= 0.0) {
            errs.push(DataError::new(
                &path,
                &p.id,
                "amount_eur",
                "amount must be a non-negative number",
            ));
        }
        check_quote(
            &path,
            &p.id,
            "quote",
            &p.source,
            p.quote.as_deref(),
            summary,
            errs,
        );
        if let Some(a) = p.annex {
            pool_annexes.push((p.id.clone(), a));
        }
        pools.push(FundingPool {
            id: p.id,
            name_en: p.name_en,
            name_lv: p.name_lv,
            amount_eur: p.amount_eur,
            measures_count: p.measures_count,
            source: p.source,
        });
    }

    let mut figures = Vec::new();
    for (i, v) in items("public_record", errs).iter().enumerate() {
        if let Ok(f) = record::<RawFigure>(&path, v, &format!("public_record #{}", i + 1))
            .map_err(|e| errs.push(e))
        {
            if f.source.trim().is_empty() {
                errs.push(DataError::new(&path, &f.id, "source", "empty source"));
            }
            figures.push(Figure {
                id: f.id,
                name_en: f.name_en,
                value: f.value,
                unit: f.unit,
                source: f.source,
                note: f.note,
            });
        }
    }

    let info = match (meta, territory) {
        (Some(m), Some(t)) => Some(PlanInfo {
            id: m.id,
            title_lv: m.title_lv,
            title_en: m.title_en,
            approved_by: m.approved_by,
            approved_on: iso_date(&path, m.approved_on, errs),
            responsible_institution: m.responsible_institution,
            period_start: m.period_start,
            period_end: m.period_end,
            target_year: m.target_year,
            report_due: iso_date(&path, m.report_due, errs),
            source: m.source,
            notes: m.notes,
            pool_annexes,
            territory: Territory {
                name_lv: t.name_lv,
                name_en: t.name_en,
                definition_en: t.definition_en,
                novadi: t.novadi,
                state_cities: t.state_cities,
                units: t.units.into_iter().map(|u| (u.code, u.name_lv)).collect(),
                units_2021_total: t.units_2021_total,
                units_current_total: t.units_current_total,
                vintage_2021_valid_from: iso_date(&path, t.vintage_2021_valid_from, errs),
                vintage_2021_valid_to: iso_date(&path, t.vintage_2021_valid_to, errs),
                varaklani_merged_on: iso_date(&path, t.varaklani_merged_on, errs),
                source: t.source,
            },
            directions,
            public_record: figures,
        }),
        _ => None,
    };
    (info, Some(pools))
}

fn iso_date(path: &Path, d: raw::IsoDate, errs: &mut Vec<DataError>) -> String {
    d.iso().unwrap_or_else(|| {
        errs.push(DataError::new(
            path,
            "-",
            "-",
            format!("not a YYYY-MM-DD date: {d:?}"),
        ));
        String::new()
    })
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

struct FileCtx<'a> {
    dir: &'a Path,
    file: &'a Path,
    geodata: &'a Geodata,
    territory: &'a [String],
    pools: Option<&'a [FundingPool]>,
    target_year: Option<u16>,
    summary: Option<&'a str>,
}

/// The valid measures of one file, and the ids (with lines) of all its records.
fn load_measure_file(
    ctx: &FileCtx,
    errs: &mut Vec<DataError>,
) -> (Vec<Measure>, Vec<(String, Option<usize>)>) {
    let path = ctx.file;
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            errs.push(DataError::new(path, "-", "-", format!("cannot read: {e}")));
            return (vec![], vec![]);
        }
    };
    let table = match parse_table(path, &text) {
        Ok(t) => t,
        Err(e) => {
            errs.push(e);
            return (vec![], vec![]);
        }
    };
    for key in table.keys().filter(|k| *k != "measure") {
        errs.push(DataError::new(
            path,
            key,
            "-",
            "unknown key (expected [[measure]] records)",
        ));
    }
    let records = match table.get("measure") {
        Some(toml::Value::Array(a)) => a.clone(),
        Some(_) => {
            errs.push(DataError::new(
                path,
                "measure",
                "-",
                "expected [[measure]] records",
            ));
            return (vec![], vec![]);
        }
        None => vec![],
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let mut out = Vec::new();
    // Records are read from their own text when it can be cut cleanly, for lines in errors.
    let slices = raw::record_slices(&text, "[[measure]]");
    let slices = (slices.len() == records.len()).then_some(slices);
    let ids = records
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let label = raw::label_of(v, &format!("measure #{}", i + 1));
            (label, slices.as_ref().map(|s| s[i].0))
        })
        .collect();
    for (i, v) in records.iter().enumerate() {
        let label = raw::label_of(v, &format!("measure #{}", i + 1));
        let parsed = match &slices {
            Some(s) => raw::record_from_text::<RawMeasure>(path, s[i].0, s[i].1, &label),
            None => record::<RawMeasure>(path, v, &label),
        };
        match parsed {
            Ok(raw) => {
                if let Some(m) = convert_measure(ctx, stem, raw, errs) {
                    out.push(m);
                }
            }
            Err(e) => errs.push(e),
        }
    }
    (out, ids)
}

fn is_snake_case(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
}

fn parse_funding_kind(s: &str) -> Option<FundingKind> {
    [
        FundingKind::StateBudget,
        FundingKind::EuFunds,
        FundingKind::Mixed,
        FundingKind::Private,
        FundingKind::UnfundedProposal,
    ]
    .into_iter()
    .find(|k| k.as_str() == s)
}

/// A `quote` on a record whose source is the plan summary must occur in it verbatim
/// (up to whitespace).
fn check_quote(
    file: &Path,
    record: &str,
    field: &str,
    source: &str,
    quote: Option<&str>,
    summary: Option<&str>,
    errs: &mut Vec<DataError>,
) {
    let Some(q) = quote else { return };
    if !source.starts_with("plan-summary") {
        return;
    }
    match summary {
        None => errs.push(DataError::new(
            file,
            record,
            field,
            format!("cannot check the quote: {SUMMARY_FILE} missing"),
        )),
        Some(text) if !text.contains(&normalize_ws(q)) => errs.push(DataError::new(
            file,
            record,
            field,
            format!("quote not found in the plan summary: {q:?}"),
        )),
        Some(_) => {}
    }
}

fn convert_measure(
    ctx: &FileCtx,
    file_stem: &str,
    raw: RawMeasure,
    errs: &mut Vec<DataError>,
) -> Option<Measure> {
    let before = errs.len();
    let file = ctx.file;
    let id = raw.id.clone();
    let e = |field: &str, msg: String| DataError::new(file, &id, field, msg);

    if !is_id(&id) {
        errs.push(e(
            "id",
            format!("bad id {id:?} (lowercase letters, digits and '-')"),
        ));
    }
    let direction = Direction::parse(&raw.direction);
    match direction {
        None => errs.push(e(
            "direction",
            format!("unknown direction {:?}", raw.direction),
        )),
        Some(d) if d.as_str() != file_stem => errs.push(e(
            "direction",
            format!(
                "{} in {file_stem}.toml (one file per direction)",
                d.as_str()
            ),
        )),
        Some(_) => {}
    }
    if !is_snake_case(&raw.kind) {
        errs.push(e("kind", format!("kind {:?} is not snake_case", raw.kind)));
    }
    for (field, v) in [
        ("title_lv", &raw.title_lv),
        ("title_en", &raw.title_en),
        ("source", &raw.source),
    ] {
        if v.trim().is_empty() {
            errs.push(e(field, "empty".into()));
        }
    }
    if !STATUSES.contains(&raw.status.as_str()) {
        errs.push(e(
            "status",
            format!("unknown status {:?} ({})", raw.status, STATUSES.join(", ")),
        ));
    }
    if raw.institution.is_some() && raw.institution_source.as_deref().is_none_or(str::is_empty) {
        errs.push(e(
            "institution_source",
            "an institution needs the source that names it".into(),
        ));
    }
    check_quote(
        file,
        &id,
        "quote",
        &raw.source,
        raw.quote.as_deref(),
        ctx.summary,
        errs,
    );

    let funding = raw.funding.as_ref().and_then(|f| {
        if let Some(pools) = ctx.pools {
            if !pools.iter().any(|p| p.id == f.pool) {
                errs.push(e(
                    "funding.pool",
                    format!("unknown funding pool {:?}", f.pool),
                ));
            }
        }
        if let Some(a) = f.amount_eur {
            if !(a.is_finite() && a >= 0.0) {
                errs.push(e(
                    "funding.amount_eur",
                    "amount must be a non-negative number".into(),
                ));
            }
            if f.source.as_deref().is_none_or(str::is_empty) {
                errs.push(e(
                    "funding.source",
                    "a per-measure amount needs its source".into(),
                ));
            }
        }
        let kind = parse_funding_kind(&f.kind);
        if kind.is_none() {
            errs.push(e(
                "funding.kind",
                format!("unknown funding kind {:?}", f.kind),
            ));
        }
        Some(Funding {
            pool: f.pool.clone(),
            amount_eur: f.amount_eur,
            kind: kind?,
            source: f.source.clone(),
        })
    });

    let mut indicators = Vec::new();
    let mut ind_ids = HashSet::new();
    for (i, r) in raw.indicators.iter().enumerate() {
        let fld = |x: &str| format!("indicators[{i}].{x}");
        if !is_snake_case(&r.id) {
            errs.push(e(
                &fld("id"),
                format!("indicator id {:?} is not snake_case", r.id),
            ));
        }
        if !ind_ids.insert(r.id.as_str()) {
            errs.push(e(&fld("id"), format!("duplicate indicator id {:?}", r.id)));
        }
        if !["=", ">=", ">"].contains(&r.comparator.as_str()) {
            errs.push(e(
                &fld("comparator"),
                format!("unknown comparator {:?} (=, >=, >)", r.comparator),
            ));
        }
        match (r.qualitative, r.target) {
            (false, None) => errs.push(e(
                &fld("target"),
                "missing target (a quantitative indicator needs one)".into(),
            )),
            (true, Some(_)) => errs.push(e(
                &fld("target"),
                "a qualitative indicator has no target figure".into(),
            )),
            (false, Some(t)) if !t.is_finite() => {
                errs.push(e(&fld("target"), "target is not a number".into()))
            }
            _ => {}
        }
        if r.source.trim().is_empty() {
            errs.push(e(&fld("source"), "empty source".into()));
        }
        check_quote(
            file,
            &id,
            &fld("quote"),
            &r.source,
            r.quote.as_deref(),
            ctx.summary,
            errs,
        );
        let mut achieved = BTreeMap::new();
        for (year, value) in &r.achieved {
            match year.parse::<u16>() {
                Ok(y) if (2000..=2100).contains(&y) => {
                    achieved.insert(y, *value);
                }
                _ => errs.push(e(&fld("achieved"), format!("bad year {year:?}"))),
            }
        }
        indicators.push(Indicator {
            id: format!("{id}/{}", r.id),
            name_lv: r.name_lv.clone(),
            name_en: r.name_en.clone(),
            unit: r.unit.clone(),
            comparator: r.comparator.clone(),
            target: r.target,
            target_year: r
                .target_year
                .or(if r.qualitative { None } else { ctx.target_year }),
            achieved,
            source: r.source.clone(),
        });
    }

    let rctx = resolve::Ctx {
        geodata: ctx.geodata,
        territory: ctx.territory,
        seeds_dir: ctx.dir,
        file,
        measure_id: &id,
        sites_not_public: raw.sites_not_public,
    };
    let mut locations = Vec::new();
    let mut loc_ids = HashSet::new();
    for (i, r) in raw.locations.iter().enumerate() {
        if !loc_ids.insert(r.id.as_str()) {
            errs.push(e(
                &format!("locations[{i}].id"),
                format!("duplicate location id {:?}", r.id),
            ));
        }
        match resolve::resolve(&rctx, i, r) {
            Ok(l) => locations.push(l),
            Err(es) => errs.extend(es),
        }
    }
    if locations.is_empty() && raw.locations.is_empty() {
        errs.push(e(
            "locations",
            "no locations (use plan_territory when the plan names no place)".into(),
        ));
    }

    let notes = match (&raw.institution_source, raw.notes) {
        (Some(src), Some(n)) if raw.institution.is_some() => {
            Some(format!("{n} Institution named by: {src}"))
        }
        (Some(src), None) if raw.institution.is_some() => {
            Some(format!("Institution named by: {src}"))
        }
        (_, n) => n,
    };

    if errs.len() > before {
        return None;
    }
    Some(Measure {
        id: raw.id,
        direction: direction?,
        kind: raw.kind,
        title_lv: raw.title_lv,
        title_en: raw.title_en,
        institution: raw.institution,
        funding,
        status: raw.status,
        indicators,
        locations,
        sites_not_public: raw.sites_not_public,
        source: raw.source,
        notes,
    })
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
