//! `seeds/plan.toml`: the plan's metadata, territory, directions, pools and public-record figures.

use std::collections::HashSet;
use std::path::Path;

use super::info::{DirectionInfo, Figure, PlanInfo, Territory};
use super::measure::{check_quote, parse_funding_kind};
use super::raw::{
    self, parse_table, record, RawDirection, RawFigure, RawPlanMeta, RawPool, RawTerritory,
};
use super::PLAN_FILE;
use crate::load::DataError;
use crate::model::{Direction, FundingPool, PlanStatement, StatementKind};

/// The sections plan.toml may hold.
const SECTIONS: [&str; 6] = [
    "plan",
    "territory",
    "direction",
    "pool",
    "public_record",
    "statement",
];

/// The parsed plan.toml and its path, for errors.
struct PlanTable<'a> {
    path: &'a Path,
    table: toml::Table,
}

impl PlanTable<'_> {
    /// A section, which must be there.
    fn section(&self, key: &str, errs: &mut Vec<DataError>) -> Option<toml::Value> {
        let v = self.table.get(key).cloned();
        if v.is_none() {
            errs.push(DataError::new(self.path, key, "-", "missing section"));
        }
        v
    }

    /// The `[[key]]` records of a section, which must be there.
    fn items(&self, key: &str, errs: &mut Vec<DataError>) -> Vec<toml::Value> {
        match self.section(key, errs) {
            Some(toml::Value::Array(a)) => a,
            Some(_) => {
                errs.push(DataError::new(
                    self.path,
                    key,
                    "-",
                    format!("expected [[{key}]] records"),
                ));
                vec![]
            }
            None => vec![],
        }
    }
}

/// Reads and parses plan.toml; unknown sections are errors.
fn read_plan_table<'a>(path: &'a Path, errs: &mut Vec<DataError>) -> Option<PlanTable<'a>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            errs.push(DataError::new(path, "-", "-", format!("cannot read: {e}")));
            return None;
        }
    };
    let table = match parse_table(path, &text) {
        Ok(t) => t,
        Err(e) => {
            errs.push(e);
            return None;
        }
    };
    for key in table.keys() {
        if !SECTIONS.contains(&key.as_str()) {
            errs.push(DataError::new(path, key, "-", "unknown section"));
        }
    }
    Some(PlanTable { path, table })
}

/// The `[[direction]]` records: a known direction each.
fn directions(t: &PlanTable, errs: &mut Vec<DataError>) -> Vec<DirectionInfo> {
    let path = t.path;
    let mut directions = Vec::new();
    for (i, v) in t.items("direction", errs).iter().enumerate() {
        let Ok(d) = record::<RawDirection>(path, v, &format!("direction #{}", i + 1))
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
            None => errs.push(DataError::new(path, &d.id, "id", "unknown direction")),
        }
    }
    directions
}

/// The `[[pool]]` records (unique ids, known kinds, non-negative amounts, quotes
/// found in the summary) and the annex each pool is listed in.
fn pools(
    t: &PlanTable,
    summary: Option<&str>,
    errs: &mut Vec<DataError>,
) -> (Vec<FundingPool>, Vec<(String, u32)>) {
    let path = t.path;
    let mut pools = Vec::new();
    let mut pool_annexes = Vec::new();
    let mut pool_ids = HashSet::new();
    for (i, v) in t.items("pool", errs).iter().enumerate() {
        let Ok(p) =
            record::<RawPool>(path, v, &format!("pool #{}", i + 1)).map_err(|e| errs.push(e))
        else {
            continue;
        };
        if !pool_ids.insert(p.id.clone()) {
            errs.push(DataError::new(path, &p.id, "id", "duplicate pool id"));
        }
        if let Some(k) = p
            .kind
            .as_deref()
            .filter(|k| parse_funding_kind(k).is_none())
        {
            errs.push(DataError::new(
                path,
                &p.id,
                "kind",
                format!("unknown funding kind {k:?}"),
            ));
        }
        if !(p.amount_eur.is_finite() && p.amount_eur >= 0.0) {
            errs.push(DataError::new(
                path,
                &p.id,
                "amount_eur",
                "amount must be a non-negative number",
            ));
        }
        check_quote(
            path,
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
    (pools, pool_annexes)
}

/// The `[[public_record]]` figures, each with a source.
fn figures(t: &PlanTable, errs: &mut Vec<DataError>) -> Vec<Figure> {
    let path = t.path;
    let mut figures = Vec::new();
    for (i, v) in t.items("public_record", errs).iter().enumerate() {
        if let Ok(f) = record::<RawFigure>(path, v, &format!("public_record #{}", i + 1))
            .map_err(|e| errs.push(e))
        {
            if f.source.trim().is_empty() {
                errs.push(DataError::new(path, &f.id, "source", "empty source"));
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
    figures
}

/// The plan's metadata and territory, with the parts read from other sections.
fn plan_info(
    path: &Path,
    m: RawPlanMeta,
    t: RawTerritory,
    pool_annexes: Vec<(String, u32)>,
    directions: Vec<DirectionInfo>,
    figures: Vec<Figure>,
    errs: &mut Vec<DataError>,
) -> PlanInfo {
    PlanInfo {
        id: m.id,
        title_lv: m.title_lv,
        title_en: m.title_en,
        approved_by: m.approved_by,
        approved_on: iso_date(path, m.approved_on, errs),
        responsible_institution: m.responsible_institution,
        period_start: m.period_start,
        period_end: m.period_end,
        target_year: m.target_year,
        report_due: iso_date(path, m.report_due, errs),
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
            vintage_2021_valid_from: iso_date(path, t.vintage_2021_valid_from, errs),
            vintage_2021_valid_to: iso_date(path, t.vintage_2021_valid_to, errs),
            varaklani_merged_on: iso_date(path, t.varaklani_merged_on, errs),
            source: t.source,
        },
        directions,
        public_record: figures,
    }
}

/// Reads plan.toml: the plan's metadata and its funding pools (every error collected).
pub(super) fn load_plan_file(
    dir: &Path,
    summary: Option<&str>,
    errs: &mut Vec<DataError>,
) -> (
    Option<PlanInfo>,
    Option<Vec<FundingPool>>,
    Vec<PlanStatement>,
) {
    let path = dir.join(PLAN_FILE);
    let Some(t) = read_plan_table(&path, errs) else {
        return (None, None, vec![]);
    };
    let meta: Option<RawPlanMeta> = t
        .section("plan", errs)
        .and_then(|v| record(&path, &v, "plan").map_err(|e| errs.push(e)).ok());
    let territory: Option<RawTerritory> = t.section("territory", errs).and_then(|v| {
        record(&path, &v, "territory")
            .map_err(|e| errs.push(e))
            .ok()
    });
    let directions = directions(&t, errs);
    let (pools, pool_annexes) = pools(&t, summary, errs);
    let figures = figures(&t, errs);
    let statements = match t.table.get("statement") {
        Some(toml::Value::Array(a)) => statements(&path, a, summary, errs),
        Some(_) => {
            errs.push(DataError::new(
                &path,
                "statement",
                "-",
                "expected [[statement]] records",
            ));
            vec![]
        }
        None => vec![],
    };
    let info = match (meta, territory) {
        (Some(m), Some(t)) => Some(plan_info(
            &path,
            m,
            t,
            pool_annexes,
            directions,
            figures,
            errs,
        )),
        _ => None,
    };
    (info, Some(pools), statements)
}

/// The `[[statement]]` records, each quote checked against the summary.
fn statements(
    path: &Path,
    records: &[toml::Value],
    summary: Option<&str>,
    errs: &mut Vec<DataError>,
) -> Vec<PlanStatement> {
    let mut out = Vec::new();
    for (i, v) in records.iter().enumerate() {
        let Ok(r) = record::<raw::RawStatement>(path, v, &format!("statement #{}", i + 1))
            .map_err(|e| errs.push(e))
        else {
            continue;
        };
        let Some(kind) = StatementKind::parse(&r.kind) else {
            errs.push(DataError::new(
                path,
                &r.id,
                "kind",
                format!(
                    "{:?} is not challenge, monitoring or priority_after_2027",
                    r.kind
                ),
            ));
            continue;
        };
        check_quote(
            path,
            &r.id,
            "quote",
            &r.source,
            Some(&r.quote),
            summary,
            errs,
        );
        out.push(PlanStatement {
            id: r.id,
            kind,
            text_lv: r.quote,
            text_en: r.text_en,
            source: r.source,
        });
    }
    out
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
