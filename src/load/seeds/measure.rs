//! `seeds/measures/*.toml`: one `[[measure]]` per record, validated into [`Measure`].

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::raw::{self, parse_table, record, RawMeasure};
use super::{normalize_ws, resolve, STATUSES, SUMMARY_FILE};
use crate::load::DataError;
use crate::model::{Direction, Funding, FundingKind, FundingPool, Geodata, Indicator, Measure};

/// What reading one measure file needs to know.
pub(super) struct FileCtx<'a> {
    pub(super) dir: &'a Path,
    pub(super) file: &'a Path,
    pub(super) geodata: &'a Geodata,
    pub(super) territory: &'a [String],
    pub(super) pools: Option<&'a [FundingPool]>,
    pub(super) summary: Option<&'a str>,
}

/// The valid measures of one file, and the ids (with lines) of all its records.
pub(super) fn load_measure_file(
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

pub(super) fn parse_funding_kind(s: &str) -> Option<FundingKind> {
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
pub(super) fn check_quote(
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

/// A [`DataError`] about field `field` of record `id` in `file`.
fn err_at(file: &Path, id: &str, field: &str, msg: String) -> DataError {
    DataError::new(file, id, field, msg)
}

/// The measure's own fields: id, direction (which must match the file), kind,
/// titles, status, institution and quote. Returns the direction when it parses.
fn check_header(
    ctx: &FileCtx,
    file_stem: &str,
    raw: &RawMeasure,
    errs: &mut Vec<DataError>,
) -> Option<Direction> {
    let file = ctx.file;
    let id = raw.id.as_str();
    let e = |field: &str, msg: String| err_at(file, id, field, msg);
    if !is_id(id) {
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
        id,
        "quote",
        &raw.source,
        raw.quote.as_deref(),
        ctx.summary,
        errs,
    );
    direction
}

/// The measure's own funding: a known pool, a non-negative amount and a kind,
/// each with its source.
fn convert_funding(
    ctx: &FileCtx,
    id: &str,
    f: &raw::RawFunding,
    errs: &mut Vec<DataError>,
) -> Funding {
    let e = |field: &str, msg: String| err_at(ctx.file, id, field, msg);
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
    let kind = f.kind.as_deref().map(parse_funding_kind);
    if let (Some(None), Some(k)) = (kind, &f.kind) {
        errs.push(e("funding.kind", format!("unknown funding kind {k:?}")));
    }
    if f.kind.is_some() && f.source.as_deref().is_none_or(str::is_empty) {
        errs.push(e(
            "funding.source",
            "a funding kind needs its source".into(),
        ));
    }
    Funding {
        pool: f.pool.clone(),
        amount_eur: f.amount_eur,
        kind: kind.flatten(),
        source: f.source.clone(),
    }
}

/// Indicator `i` of measure `id`: snake_case id unique in the measure (`ind_ids`),
/// a known comparator, a target when quantitative, a source and quote, achieved
/// values by year.
fn convert_indicator(
    ctx: &FileCtx,
    id: &str,
    i: usize,
    r: &raw::RawIndicator,
    ind_ids: &mut HashSet<String>,
    errs: &mut Vec<DataError>,
) -> Indicator {
    let e = |field: &str, msg: String| err_at(ctx.file, id, field, msg);
    let fld = |x: &str| format!("indicators[{i}].{x}");
    if !is_snake_case(&r.id) {
        errs.push(e(
            &fld("id"),
            format!("indicator id {:?} is not snake_case", r.id),
        ));
    }
    if !ind_ids.insert(r.id.clone()) {
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
        ctx.file,
        id,
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
    Indicator {
        id: format!("{id}/{}", r.id),
        name_lv: r.name_lv.clone(),
        name_en: r.name_en.clone(),
        unit: r.unit.clone(),
        comparator: r.comparator.clone(),
        target: r.target,
        // Only a year the source states: the plan's period end is not a target year.
        target_year: r.target_year,
        achieved,
        source: r.source.clone(),
    }
}

/// The measure's locations, resolved; ids unique in the measure, at least one.
fn convert_locations(
    ctx: &FileCtx,
    raw: &RawMeasure,
    errs: &mut Vec<DataError>,
) -> Vec<crate::model::Location> {
    let id = raw.id.as_str();
    let rctx = resolve::Ctx {
        geodata: ctx.geodata,
        territory: ctx.territory,
        seeds_dir: ctx.dir,
        file: ctx.file,
        measure_id: id,
        sites_not_public: raw.sites_not_public,
    };
    let mut locations = Vec::new();
    let mut loc_ids = HashSet::new();
    for (i, r) in raw.locations.iter().enumerate() {
        if !loc_ids.insert(r.id.as_str()) {
            errs.push(err_at(
                ctx.file,
                id,
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
        errs.push(err_at(
            ctx.file,
            id,
            "locations",
            "no locations (use plan_territory when the plan names no place)".into(),
        ));
    }
    locations
}

/// The notes, with the source that names the institution appended.
fn measure_notes(raw: &RawMeasure) -> Option<String> {
    match (&raw.institution_source, &raw.notes) {
        (Some(src), Some(n)) if raw.institution.is_some() => {
            Some(format!("{n} Institution named by: {src}"))
        }
        (Some(src), None) if raw.institution.is_some() => {
            Some(format!("Institution named by: {src}"))
        }
        (_, n) => n.clone(),
    }
}

fn convert_measure(
    ctx: &FileCtx,
    file_stem: &str,
    raw: RawMeasure,
    errs: &mut Vec<DataError>,
) -> Option<Measure> {
    let before = errs.len();
    let direction = check_header(ctx, file_stem, &raw, errs);
    let funding = raw
        .funding
        .as_ref()
        .map(|f| convert_funding(ctx, &raw.id, f, errs));
    let mut ind_ids = HashSet::new();
    let indicators: Vec<Indicator> = raw
        .indicators
        .iter()
        .enumerate()
        .map(|(i, r)| convert_indicator(ctx, &raw.id, i, r, &mut ind_ids, errs))
        .collect();
    let locations = convert_locations(ctx, &raw, errs);
    let notes = measure_notes(&raw);
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
