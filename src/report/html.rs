//! A report as one self-contained HTML page: inline CSS and SVG, no script, no
//! external fetch, A4 print rules (`@page`, rows and figures never split, headings kept
//! with what follows), black and white throughout, UTF-8 for the Latvian names.

use std::fmt::Write;

use super::changes::{number, stage_words};
use super::tables::ReportTable;
use super::{Figures, Report, Scope, PLAN_TITLE_EN};
use crate::analysis::progress::Verdict;
use crate::model::Stage;

/// How a page links to the other pages and to its tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Links {
    /// Served at `/reports/{id}`: tables at `{id}/{table}.csv` with the same query.
    Http { query: String },
    /// Files in one directory: `{id}.html`, tables in `{id}/{table}.csv`.
    Files,
}

impl Links {
    /// The link to table `t` of report `id`.
    pub fn table(&self, id: &str, t: ReportTable) -> String {
        match self {
            Links::Http { query } => format!("{id}/{}{query}", t.file_name()),
            Links::Files => format!("{id}/{}", t.file_name()),
        }
    }
}

/// Text made safe inside HTML (and SVG) content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's style: A4, black on white, tables that repeat their heads and never
/// split a row, the map and the figures kept whole.
const CSS: &str = r##"
@page { size: A4; margin: 14mm 12mm 15mm 12mm; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Liberation Sans", "Noto Sans", Arial, sans-serif; font-size: 9.5pt; line-height: 1.35; color: #000; background: #fff; }
body { max-width: 190mm; margin: 0 auto; padding: 8mm 4mm; }
a { color: #000; }
header { border-bottom: 2pt solid #000; padding-bottom: 2mm; margin-bottom: 3mm; }
.kicker { margin: 0; font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.04em; }
h1 { font-size: 20pt; margin: 1mm 0 1mm; line-height: 1.15; }
h1 .code { font-size: 11pt; font-weight: normal; margin-left: 2mm; }
.meta { margin: 0; font-size: 8.5pt; }
.restricted { border: 1.5pt solid #000; padding: 1.5mm 2mm; font-weight: bold; margin: 2mm 0; }
h2 { font-size: 12pt; margin: 5mm 0 1.5mm; padding-bottom: 0.5mm; border-bottom: 0.8pt solid #000; break-after: avoid; page-break-after: avoid; }
.note { font-size: 8pt; margin: 0 0 1.5mm; }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 2mm; margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
.figure { border: 0.6pt solid #000; padding: 1.5mm 2mm; break-inside: avoid; }
.figure .label { font-size: 7.5pt; text-transform: uppercase; letter-spacing: 0.03em; }
.figure .value { font-size: 15pt; font-weight: bold; line-height: 1.2; }
.figure .value.null { font-size: 11pt; font-style: italic; font-weight: normal; }
.figure .detail { font-size: 7.5pt; }
figure.map { display: grid; grid-template-columns: 64% 1fr; gap: 3mm; margin: 0 0 2mm; break-inside: avoid; page-break-inside: avoid; }
figure.map svg.map { width: 100%; height: auto; max-height: 118mm; display: block; }
figcaption { font-size: 7.5pt; }
figcaption ul { list-style: none; padding: 0; margin: 0 0 2mm; }
figcaption li { display: flex; align-items: center; gap: 1.5mm; margin: 0 0 0.8mm; }
figcaption li svg { flex: none; }
figcaption p { margin: 0 0 1.5mm; }
table { width: 100%; border-collapse: collapse; font-size: 8pt; margin: 0 0 2mm; }
table.keep { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { text-align: left; border-bottom: 1pt solid #000; padding: 0.8mm 1mm; vertical-align: bottom; font-size: 7.5pt; }
td { border-bottom: 0.4pt solid #888; padding: 0.8mm 1mm; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.verdict-late { font-weight: bold; }
.verdict-not_reported, .verdict-no_target, .null { font-style: italic; }
sup.src { font-size: 6.5pt; }
ol.sources { font-size: 7.5pt; padding-left: 6mm; margin: 0; }
ol.sources li { margin: 0 0 0.8mm; break-inside: avoid; word-break: break-word; }
footer { margin-top: 4mm; border-top: 0.6pt solid #000; padding-top: 1.5mm; font-size: 7.5pt; }
.downloads a { margin-right: 2mm; }
@media print {
  body { max-width: none; padding: 0; }
  a { text-decoration: none; }
  .screen-only { display: none; }
}
"##;

/// Tables of at most this many rows are kept on one page.
const KEEP_ROWS: usize = 20;

/// The report as an HTML page.
pub fn report_page(r: &Report, links: &Links) -> String {
    let mut h = String::new();
    let title = r.scope.title();
    let _ = write!(
        h,
        r##"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{} — implementation report, {}</title><style>{CSS}</style></head><body>"##,
        escape(title),
        r.dates.date
    );
    header(&mut h, r);
    figures(&mut h, r);
    map(&mut h, r);
    indicators(&mut h, r);
    measures(&mut h, r);
    changes(&mut h, r);
    sources(&mut h, r);
    footer(&mut h, r, links);
    h.push_str("</body></html>\n");
    h
}

fn header(h: &mut String, r: &Report) {
    let code = r
        .scope
        .code
        .as_deref()
        .map(|c| {
            format!(
                r##"<span class="code">{} · {}</span>"##,
                escape(c),
                escape(&r.scope.name_en)
            )
        })
        .unwrap_or_else(|| {
            r##"<span class="code">Latgale planning region and Alūksnes novads</span>"##.into()
        });
    let data = match &r.data.as_of {
        Some(t) => format!("records as they stood at {}", escape(t)),
        None => format!("records read {}", escape(&short_time(&r.data.view_built))),
    };
    let _ = write!(
        h,
        r#"<header><p class="kicker">Implementation report · {}</p><h1>{}{code}</h1><p class="meta">As of <strong>{}</strong> · changes since {} · data: {data}, store change {}</p></header>"#,
        escape(PLAN_TITLE_EN),
        escape(r.scope.title()),
        r.dates.date,
        r.dates.since,
        r.data.counter,
    );
    if r.data.restricted {
        h.push_str(r##"<p class="restricted">Restricted: this report shows sites that the public layers give only at municipality precision. Do not publish it.</p>"##);
    }
}

/// An RFC 3339 instant to the minute: `2026-06-01 12:30 UTC`.
fn short_time(t: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(t) {
        Ok(d) => d
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%d %H:%M UTC")
            .to_string(),
        Err(_) => t.to_string(),
    }
}

/// A null figure: "not recorded", with the reason.
fn not_recorded(reason: Option<&str>) -> (String, String) {
    (
        r##"<div class="value null">not recorded</div>"##.to_string(),
        reason.map(escape).unwrap_or_default(),
    )
}

fn figure(h: &mut String, label: &str, value: (String, String)) {
    let _ = write!(
        h,
        r##"<div class="figure"><div class="label">{label}</div>{}<div class="detail">{}</div></div>"##,
        value.0, value.1
    );
}

fn value(v: String) -> String {
    format!(r##"<div class="value">{v}</div>"##)
}

fn figures(h: &mut String, r: &Report) {
    let f: &Figures = &r.figures;
    h.push_str(r##"<section class="figures" aria-label="Key figures">"##);
    let pop = match f.population {
        Some(p) => (
            value(number(p as f64)),
            format!(
                "inhabitants{}{}",
                f.population_date
                    .as_deref()
                    .map(|d| format!(" on {}", escape(d)))
                    .unwrap_or_default(),
                cite_all(&f.population_sources)
            ),
        ),
        None => not_recorded(Some("no population figure for a unit")),
    };
    figure(h, "Population", pop);
    figure(
        h,
        "Area",
        (
            value(format!("{} km²", number(f.area_km2))),
            "geodesic, from the served boundary".into(),
        ),
    );
    let stages: Vec<String> = Stage::ALL
        .iter()
        .filter_map(|s| {
            f.measures_by_stage
                .get(s)
                .map(|n| format!("{n} {}", stage_words(s.as_str())))
        })
        .collect();
    figure(
        h,
        "Measures touching",
        (
            value(f.measures_total.to_string()),
            escape(&stages.join(" · ")),
        ),
    );
    let alloc = match f.allocated_eur {
        Some(a) => {
            let wide = f
                .allocated_territory_wide_eur
                .map(|w| format!("; besides, {} EUR for the territory as a whole", number(w)))
                .unwrap_or_default();
            (
                value(format!("{} EUR", number(a))),
                format!("by {}{wide}", r.dates.date),
            )
        }
        None => {
            let (v, mut reason) = not_recorded(f.allocated_unknown_reason.as_deref());
            if let Some(w) = f.allocated_territory_wide_eur {
                let _ = write!(reason, "; {} EUR for the territory as a whole", number(w));
            }
            (v, reason)
        }
    };
    figure(h, "Money allocated", alloc);
    let per = match f.allocated_eur_per_inhabitant {
        Some(x) => (
            value(format!("{} EUR", number(x))),
            "allocated ÷ population".into(),
        ),
        None => not_recorded(f.allocated_unknown_reason.as_deref()),
    };
    figure(h, "EUR per inhabitant", per);
    let all = f.indicators_on_track
        + f.indicators_late
        + f.indicators_not_reported
        + f.indicators_no_target;
    figure(
        h,
        "Indicators on track",
        (
            value(format!("{} of {all}", f.indicators_on_track)),
            format!(
                "{} late · {} not reported · {} without a numeric target",
                f.indicators_late, f.indicators_not_reported, f.indicators_no_target
            ),
        ),
    );
    h.push_str("</section>");
}

/// A small legend swatch.
fn swatch(inner: &str) -> String {
    format!(r##"<svg width="22" height="12" viewBox="0 0 22 12" aria-hidden="true">{inner}</svg>"##)
}

fn map(h: &mut String, r: &Report) {
    let m = &r.map;
    if m.svg.is_empty() {
        return;
    }
    let focus = match &r.scope.code {
        Some(_) => escape(&r.scope.name_lv),
        None => "The plan territory".to_string(),
    };
    let items = [
        (
            r##"<rect x="1" y="1" width="20" height="10" fill="#d9d9d9" stroke="#000" stroke-width="1.4"/>"##,
            focus.as_str(),
        ),
        (
            r##"<rect x="1" y="1" width="20" height="10" fill="#fff" stroke="#555" stroke-width="0.8"/>"##,
            "Other units of the plan territory",
        ),
        (
            r##"<rect x="1" y="1" width="20" height="10" fill="#f7f7f7" stroke="#999" stroke-width="0.6"/>"##,
            "Units outside it (2021–2025)",
        ),
        (
            r##"<line x1="1" y1="6" x2="21" y2="6" stroke="#000" stroke-width="2.6" stroke-dasharray="9 3 2 3"/>"##,
            "State border with Russia, Belarus",
        ),
        (
            r##"<line x1="1" y1="6" x2="21" y2="6" stroke="#000" stroke-width="1.2" stroke-dasharray="5 3"/>"##,
            "State border with Lithuania, Estonia",
        ),
        (
            r##"<circle cx="11" cy="6" r="3.2" fill="#000"/>"##,
            "Site of a measure",
        ),
        (
            r##"<circle cx="11" cy="6" r="4" fill="#fff" stroke="#000" stroke-width="1.4"/>"##,
            "Site known to its settlement only",
        ),
        (
            r##"<path d="M11 1.5L15.5 6L11 10.5L6.5 6Z" fill="#fff" stroke="#000" stroke-width="1.2"/>"##,
            "Candidate place (named, not confirmed)",
        ),
        (
            r##"<line x1="1" y1="6" x2="21" y2="6" stroke="#000" stroke-width="2.4" stroke-linecap="round"/>"##,
            "Line of a measure (road, network)",
        ),
        (
            r##"<defs><pattern id="hatch-key" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="4" stroke="#000" stroke-width="1"/></pattern></defs><rect x="1" y="1" width="20" height="10" fill="url(#hatch-key)" stroke="#000" stroke-width="0.8"/>"##,
            "Area of a measure",
        ),
    ];
    let _ = write!(
        h,
        r##"<section aria-label="Map"><h2>Map</h2><figure class="map">{}<figcaption><ul>"##,
        m.svg
    );
    for (inner, label) in items {
        let _ = write!(h, "<li>{}<span>{label}</span></li>", swatch(inner));
    }
    h.push_str("</ul>");
    let _ = write!(
        h,
        "<p>{} site(s) of the measures drawn, from the public layers{}.",
        m.drawn,
        if r.data.restricted {
            " and the restricted ones"
        } else {
            ""
        }
    );
    if m.candidates > 0 {
        let _ = write!(h, " {} candidate place(s) drawn.", m.candidates);
    }
    if m.coarse > 0 {
        let _ = write!(
            h,
            " {} location(s) known only to the municipality or the territory are not drawn.",
            m.coarse
        );
    }
    if m.over_cap > 0 {
        let _ = write!(h, " {} more site(s) left out of the map.", m.over_cap);
    }
    h.push_str("</p>");
    h.push_str(r##"<p>LKS-92 / Latvia TM (EPSG:3059), north up. Boundaries: Natural Earth (public domain), units of 2021–2025 derived by pierobeza; Latvia's outline and state border © OpenStreetMap contributors, ODbL 1.0 (openstreetmap.org/copyright). Settlement points: GeoNames (CC BY 4.0). Sites: the plan and the public sources of each location.</p>"##);
    h.push_str("</figcaption></figure></section>");
}

/// A source citation `[n]`, linked to the list.
fn cite(n: Option<usize>) -> String {
    n.map(|n| format!(r##" <sup class="src"><a href="#src-{n}">[{n}]</a></sup>"##))
        .unwrap_or_default()
}

/// Several citations, consecutive runs joined: ` [2–12, 14]`.
fn cite_all(ns: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &n in ns {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => runs.push((n, n)),
        }
    }
    if runs.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|&(a, b)| {
            let link = |n: usize| format!(r##"<a href="#src-{n}">{n}</a>"##);
            if a == b {
                link(a)
            } else {
                format!("{}–{}", link(a), link(b))
            }
        })
        .collect();
    format!(r#" <sup class="src">[{}]</sup>"#, parts.join(", "))
}

fn table_open(h: &mut String, rows: usize, heads: &[(&str, bool)]) {
    let class = if rows <= KEEP_ROWS {
        r#" class="keep""#
    } else {
        ""
    };
    let _ = write!(h, "<table{class}><thead><tr>");
    for (name, num) in heads {
        let c = if *num { r#" class="num""# } else { "" };
        let _ = write!(h, "<th{c}>{name}</th>");
    }
    h.push_str("</tr></thead><tbody>");
}

fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::OnTrack => "on track",
        Verdict::Late => "late",
        Verdict::NotReported => "not reported",
        Verdict::NoTarget => "no numeric target",
    }
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::OnTrack => "on_track",
        Verdict::Late => "late",
        Verdict::NotReported => "not_reported",
        Verdict::NoTarget => "no_target",
    }
}

fn indicators(h: &mut String, r: &Report) {
    let _ = write!(
        h,
        r#"<section aria-label="Indicators"><h2>Indicators ({})</h2>"#,
        r.indicators.len()
    );
    let whose = if r.scope.code.is_some() {
        "of the measures touching the unit; targets and values are each measure's own (mostly plan-wide), not the unit's share"
    } else {
        "of every measure"
    };
    let _ = write!(
        h,
        r##"<p class="note">Indicators {whose}. On track: the latest value is at least a straight path from 0 at the plan's approval (2025-01-20) to the target at the target date.</p>"##
    );
    if r.indicators.is_empty() {
        h.push_str(r##"<p class="null">No indicators.</p></section>"##);
        return;
    }
    table_open(
        h,
        r.indicators.len(),
        &[
            ("Measure", false),
            ("Indicator", false),
            ("Unit", false),
            ("Target", true),
            ("Target date", false),
            ("Achieved (latest)", true),
            ("Share", true),
            ("Verdict", false),
        ],
    );
    for line in &r.indicators {
        let i = &line.row;
        let s = &i.standing;
        let latest = match (s.latest, s.latest_date) {
            (Some(v), Some(d)) => format!(
                "{} <span class=\"nowrap\">on {d}</span>{}",
                number(v),
                cite(line.latest_source)
            ),
            _ => r##"<span class="null">not reported</span>"##.into(),
        };
        let target = s
            .target
            .map_or_else(|| r##"<span class="null">none</span>"##.into(), number);
        let share = s
            .share
            .map_or_else(|| "—".into(), |x| format!("{} %", number(x * 100.0)));
        let _ = write!(
            h,
            r##"<tr><td class="nowrap">{}</td><td>{}</td><td>{}</td><td class="num">{target}</td><td class="nowrap">{}</td><td class="num">{latest}</td><td class="num">{share}</td><td class="nowrap verdict-{}">{}</td></tr>"##,
            escape(&i.measure_id),
            escape(&i.name_en),
            escape(&i.unit),
            s.target_date,
            verdict_class(s.verdict),
            verdict_words(s.verdict),
        );
    }
    h.push_str("</tbody></table></section>");
}

fn measures(h: &mut String, r: &Report) {
    let _ = write!(
        h,
        r##"<section aria-label="Measures by stage"><h2>Measures by stage ({})</h2>"##,
        r.measures.len()
    );
    table_open(
        h,
        Stage::ALL.len(),
        &[("Stage", false), ("Measures", true), ("Which", false)],
    );
    for s in Stage::ALL {
        let ids: Vec<&str> = r
            .measures
            .iter()
            .filter(|m| m.row.stage == s)
            .map(|m| m.row.measure_id.as_str())
            .collect();
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            stage_words(s.as_str()),
            ids.len(),
            escape(&ids.join(", "))
        );
    }
    h.push_str("</tbody></table>");
    table_open(
        h,
        r.measures.len(),
        &[
            ("Measure", false),
            ("Title", false),
            ("Stage", false),
            ("Since", false),
            ("Units", false),
        ],
    );
    for line in &r.measures {
        let m = &line.row;
        let units = if r.territory_units > 1 && m.municipalities.len() >= r.territory_units {
            "all units of the territory".to_string()
        } else {
            m.municipalities.join(", ")
        };
        let _ = write!(
            h,
            r##"<tr><td class="nowrap">{}</td><td>{}</td><td class="nowrap">{}{}</td><td class="nowrap">{}</td><td>{}</td></tr>"##,
            escape(&m.measure_id),
            escape(&m.title_en),
            stage_words(m.stage.as_str()),
            cite(line.stage_source),
            m.stage_since,
            escape(&units),
        );
    }
    h.push_str("</tbody></table></section>");
}

fn changes(h: &mut String, r: &Report) {
    let _ = write!(
        h,
        r##"<section aria-label="Changes"><h2>Changed since {} ({})</h2>"##,
        r.dates.since,
        r.changes.len()
    );
    if r.changes.is_empty() {
        let _ = write!(
            h,
            r##"<p class="null">No progress record of these measures is dated from {} to {}.</p></section>"##,
            r.dates.since, r.dates.date
        );
        return;
    }
    table_open(
        h,
        r.changes.len(),
        &[
            ("Date", false),
            ("Measure", false),
            ("Record", false),
            ("What", false),
            ("Source", false),
        ],
    );
    for c in &r.changes {
        let _ = write!(
            h,
            r##"<tr><td class="nowrap">{}</td><td class="nowrap">{}</td><td>{}</td><td>{}</td><td><a href="#src-{n}">[{n}]</a></td></tr>"##,
            c.date,
            escape(&c.measure_id),
            c.kind.as_str(),
            escape(&c.what),
            n = c.source,
        );
    }
    h.push_str("</tbody></table></section>");
}

fn sources(h: &mut String, r: &Report) {
    let _ = write!(
        h,
        r##"<section aria-label="Sources"><h2>Sources ({})</h2><ol class="sources">"##,
        r.sources.len()
    );
    for s in &r.sources {
        let text = match &s.url {
            Some(u) => escape(&s.text).replacen(
                &escape(u),
                &format!(r##"<a href="{}">{}</a>"##, escape(u), escape(u)),
                1,
            ),
            None => escape(&s.text),
        };
        let _ = write!(h, r##"<li id="src-{}">{text}</li>"##, s.n);
    }
    h.push_str("</ol></section>");
}

fn footer(h: &mut String, r: &Report, links: &Links) {
    let id = r.scope.id();
    let _ = write!(
        h,
        r##"<footer><p>Made by pierobeza from the plan's records ({}). Figures are the records' own; a null is shown as "not recorded", never as 0.</p><p class="downloads screen-only">Tables (CSV, UTF-8, for spreadsheets):"##,
        escape(super::PLAN_APPROVED_BY)
    );
    for t in ReportTable::ALL {
        let _ = write!(
            h,
            r##" <a href="{}">{}</a>"##,
            escape(&links.table(id, t)),
            t.file_name()
        );
    }
    h.push_str("</p></footer>");
}

/// The index of the reports: the territory and each unit.
pub fn index_page(scopes: &[Scope], href: impl Fn(&str) -> String) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        r##"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Implementation reports</title><style>{CSS}</style></head><body><header><p class="kicker">{}</p><h1>Implementation reports</h1><p class="meta">One printable page for the plan territory and for each of its 2021 units.</p></header><ul>"##,
        escape(PLAN_TITLE_EN)
    );
    for s in scopes {
        let _ = write!(
            h,
            r##"<li><a href="{}">{}</a>{}</li>"##,
            escape(&href(s.id())),
            escape(s.title()),
            s.code
                .as_deref()
                .map(|c| format!(" ({})", escape(c)))
                .unwrap_or_default()
        );
    }
    h.push_str("</ul></body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_citations_are_one_run() {
        let c = cite_all(&[2, 3, 4, 7]);
        assert!(
            c.contains(
                r##"[<a href="#src-2">2</a>–<a href="#src-4">4</a>, <a href="#src-7">7</a>]"##
            ),
            "{c}"
        );
        assert_eq!(cite_all(&[]), "");
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape(r##"<a href="x">&'"##),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape("Rēzeknes novads"), "Rēzeknes novads");
    }

    #[test]
    fn links_keep_the_query_on_the_server_and_name_files_on_disk() {
        let http = Links::Http {
            query: "?date=2026-01-01".into(),
        };
        assert_eq!(
            http.table("LV-077", ReportTable::Indicators),
            "LV-077/indicators.csv?date=2026-01-01"
        );
        assert_eq!(
            Links::Files.table("territory", ReportTable::Sources),
            "territory/sources.csv"
        );
    }
}
