//! The implementation reports' paths: `/reports`, `/reports/{scope}` (a
//! printable page) and `/reports/{scope}/{file}` (its tables as CSV).

use serde_json::{json, Map, Value};

use super::parameters::{history, query, Param};
use super::responses::{answers, Resp};
use crate::index::Catalog;
use crate::report::tables::ReportTable;

/// The keys under `components/parameters` of what a page and its tables share.
const SCOPE: &str = "report-scope";
const SINCE: &str = "report-since";

/// The scope (the territory or one of its units) and `since`.
pub(super) fn parameters(cat: &Catalog) -> Map<String, Value> {
    let mut scopes = vec![crate::report::TERRITORY.to_string()];
    scopes.extend(
        crate::report::territory_units(cat)
            .iter()
            .map(|u| u.code.clone()),
    );
    let mut m = Map::new();
    m.insert(SCOPE.into(), json!({"name": "scope", "in": "path", "required": true,
        "description": "`territory` (the whole plan territory) or the ISO 3166-2 code of one of its 2021 units.",
        "schema": {"type": "string", "enum": scopes}, "example": "LV-077"}));
    m.insert(SINCE.into(), query("since", "List the progress records dated from this day to `date`, YYYY-MM-DD; default 2025-01-20 (the plan's approval). Not after `date`.",
        json!({"type": "string", "format": "date"}), false));
    m
}

/// Adds the three report paths; `writable`: a server over a store (`datetime`).
pub(super) fn add_paths(writable: bool, paths: &mut Map<String, Value>) {
    let r = |key: &str| super::component_ref("parameters", key);
    let shared = |first: Vec<Value>| {
        [
            first,
            vec![Param::ReportDate.to_ref(), r(SINCE)],
            history(writable),
        ]
        .concat()
    };
    let found = [("400", Resp::BadRequest), ("404", Resp::NotFound)];
    paths.insert("/reports".into(), json!({"get": {
        "summary": "The implementation reports: links to the territory's and each unit's",
        "operationId": "reports",
        "parameters": [query("f", "json (default) or html; a browser's `Accept: text/html` gets html.", json!({"type": "string", "enum": ["json", "html"]}), false)],
        "responses": answers(("200", json!({"description": "The reports", "content": {"application/json": {"schema": {"type": "object", "required": ["reports"]}}, "text/html": {"schema": {"type": "string"}}}})),
            &[("400", Resp::BadRequest)])}}));
    paths.insert("/reports/{scope}".into(), json!({"get": {
        "summary": "The implementation report of the plan territory or one unit, as a printable page",
        "description": "A self-contained A4 HTML page (inline CSS and SVG, no script): key figures (population, measures by stage, money allocated and per inhabitant — \"not recorded\" with the reason when nothing is, never 0), a small map of the public sites, the indicators with target, latest achieved value, share and verdict, the measures by stage, the progress records dated from `since`, and the numbered sources. Print it from the browser (A4). Read from the view the caller may see: without a token, no site finer than the public layers. `f=json` gives the same figures as JSON.",
        "operationId": "report",
        "parameters": ([shared(vec![r(SCOPE)]), vec![
            query("f", "html (default) or json.", json!({"type": "string", "enum": ["html", "json"]}), false)]].concat()),
        "responses": answers(("200", json!({"description": "The report", "content": {"text/html": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object", "required": ["scope", "date", "since", "figures", "indicators", "measures", "changes", "sources"]}}}})),
            &found)}}));
    paths.insert("/reports/{scope}/{file}".into(), json!({"get": {
        "summary": "A table of an implementation report as CSV (UTF-8 with BOM, header row: opens in a spreadsheet)",
        "operationId": "reportTable",
        "parameters": shared(vec![r(SCOPE), table_file()]),
        "responses": answers(("200", json!({"description": "The table, as an attachment", "content": {"text/csv": {"schema": {"type": "string"}}}})),
            &found)}}));
}

fn table_file() -> Value {
    let files: Vec<String> = ReportTable::ALL.iter().map(|t| t.file_name()).collect();
    json!({"name": "file", "in": "path", "required": true,
        "description": "indicators.csv (target, latest value, share, verdict), measures.csv (stage and since when), units.csv (population, measures by stage, money), changes.csv (progress records since `since`), sources.csv (the numbered sources).",
        "schema": {"type": "string", "enum": files}})
}
