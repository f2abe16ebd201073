//! The shapes of the seed files as written (TOML), before validation.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::load::DataError;

/// `seeds/plan.toml`: the plan's metadata, territory, directions, pools and public-record figures.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlanMeta {
    pub id: String,
    pub title_lv: String,
    pub title_en: String,
    pub approved_by: String,
    pub approved_on: IsoDate,
    pub responsible_institution: String,
    pub period_start: u16,
    pub period_end: u16,
    /// The year targets refer to unless an indicator says otherwise.
    pub target_year: u16,
    pub report_due: IsoDate,
    pub source: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerritory {
    pub name_lv: String,
    pub name_en: String,
    pub definition_en: String,
    pub novadi: u32,
    pub state_cities: u32,
    pub units_2021_total: u32,
    pub units_current_total: u32,
    pub vintage_2021_valid_from: IsoDate,
    pub vintage_2021_valid_to: IsoDate,
    pub varaklani_merged_on: IsoDate,
    pub source: String,
    #[serde(rename = "unit")]
    pub units: Vec<RawTerritoryUnit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerritoryUnit {
    pub code: String,
    pub name_lv: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDirection {
    pub id: String,
    pub number: u8,
    pub name_lv: String,
    pub name_en: String,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPool {
    pub id: String,
    pub name_lv: String,
    pub name_en: String,
    pub amount_eur: f64,
    #[serde(default)]
    pub measures_count: Option<u32>,
    /// `unfunded_proposal`, `state_budget`, ... only where the source says.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub annex: Option<u32>,
    pub source: String,
    #[serde(default)]
    pub quote: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFigure {
    pub id: String,
    pub name_en: String,
    pub value: f64,
    pub unit: String,
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// One `[[statement]]` of plan.toml: a challenge, the monitoring paragraph, a priority
/// after 2027, quoted from the summary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStatement {
    pub id: String,
    pub kind: String,
    /// The summary's words; checked against the summary text.
    pub quote: String,
    pub text_en: String,
    pub source: String,
}

/// One `[[measure]]` record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    pub id: String,
    pub direction: String,
    pub kind: String,
    pub title_lv: String,
    pub title_en: String,
    #[serde(default)]
    pub institution: Option<String>,
    /// Where the institution is named (required with `institution`).
    #[serde(default)]
    pub institution_source: Option<String>,
    #[serde(default)]
    pub funding: Option<RawFunding>,
    pub status: String,
    #[serde(default)]
    pub indicators: Vec<RawIndicator>,
    #[serde(default)]
    pub locations: Vec<RawLocation>,
    #[serde(default)]
    pub sites_not_public: bool,
    pub source: String,
    /// The words of the source the record rests on (checked against seeds/sources/).
    #[serde(default)]
    pub quote: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFunding {
    pub pool: String,
    #[serde(default)]
    pub amount_eur: Option<f64>,
    /// Only where a source says where the money comes from.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: String,
    pub name_lv: String,
    pub name_en: String,
    pub unit: String,
    #[serde(default = "default_comparator")]
    pub comparator: String,
    /// A qualitative indicator (a model, a status) has no target figure.
    #[serde(default)]
    pub qualitative: bool,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub target_year: Option<u16>,
    /// Achieved values by year (`"2025" = 3`).
    #[serde(default)]
    pub achieved: BTreeMap<String, f64>,
    pub source: String,
    #[serde(default)]
    pub quote: Option<String>,
}

fn default_comparator() -> String {
    "=".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    pub id: String,
    /// `settlement`, `point`, `municipalities`, `plan_territory` or `geojson`.
    pub kind: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub lat: Option<f64>,
    /// Where `lon`/`lat` come from (for a settlement: used only when geodata lacks the name).
    #[serde(default)]
    pub coords_source: Option<String>,
    #[serde(default)]
    pub codes: Vec<String>,
    /// Path of a GeoJSON file relative to seeds/.
    #[serde(default)]
    pub file: Option<String>,
    pub precision: String,
    pub provenance: String,
    /// `candidate`: a place named for the measure (e.g. in the news) that the plan does not
    /// confirm as one of its sites; served in a layer of its own, never as the measure's sites.
    #[serde(default)]
    pub site_status: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A date written as a TOML local date (`2025-01-20`); a quoted ISO string is accepted too.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum IsoDate {
    Toml(toml::value::Datetime),
    Text(String),
}

impl IsoDate {
    /// The date as `YYYY-MM-DD`, or `None` when it is not a plain date.
    pub fn iso(&self) -> Option<String> {
        let s = match self {
            IsoDate::Toml(d) => d.to_string(),
            IsoDate::Text(s) => s.clone(),
        };
        let b = s.as_bytes();
        let ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        ok.then_some(s)
    }
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .map_or(1, |s| s.bytes().filter(|&b| b == b'\n').count() + 1)
}

/// Parses a whole TOML file into a table; a syntax error names its line.
pub fn parse_table(path: &Path, text: &str) -> Result<toml::Table, DataError> {
    toml::from_str::<toml::Table>(text).map_err(|e| {
        let record = e.span().map_or_else(
            || "-".to_string(),
            |s| format!("line {}", line_of(text, s.start)),
        );
        DataError::new(
            path,
            record,
            "-",
            format!("malformed TOML: {}", e.message().trim()),
        )
    })
}

/// Deserializes one record; on failure names the record by its `id` if it has one.
pub fn record<T: DeserializeOwned>(
    path: &Path,
    value: &toml::Value,
    fallback_label: &str,
) -> Result<T, DataError> {
    value.clone().try_into::<T>().map_err(|e| {
        let msg = e.message().trim().to_string();
        let field = field_of_message(&msg);
        DataError::new(path, label_of(value, fallback_label), field, msg)
    })
}

/// The record label: its `id` when it has a string one.
pub fn label_of(value: &toml::Value, fallback: &str) -> String {
    value
        .get("id")
        .and_then(toml::Value::as_str)
        .map_or_else(|| fallback.to_string(), str::to_string)
}

/// serde names the field in backticks ("missing field `target`"); use it when present.
fn field_of_message(msg: &str) -> String {
    let mut parts = msg.split('`');
    match (parts.next(), parts.next()) {
        (Some(_), Some(f)) if !f.is_empty() => f.to_string(),
        _ => "-".to_string(),
    }
}

/// The `[[measure]]` records of a file as text slices with their first line, so a record
/// that does not fit the schema is reported at its own line and field.
pub fn record_slices<'t>(text: &'t str, header: &str) -> Vec<(usize, &'t str)> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == header {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            (line_of(text, s), &text[s..end])
        })
        .collect()
}

/// Deserializes one record from its own text, so errors carry a line and a field path
/// (`indicators[0].target`).
pub fn record_from_text<T: DeserializeOwned>(
    path: &Path,
    first_line: usize,
    slice: &str,
    label: &str,
) -> Result<T, DataError> {
    #[derive(Deserialize)]
    struct One<T> {
        measure: Vec<T>,
    }
    match toml::from_str::<One<T>>(slice) {
        Ok(mut one) if one.measure.len() == 1 => Ok(one.measure.remove(0)),
        Ok(_) => Err(DataError::new(path, label, "-", "expected one record")),
        Err(e) => {
            let msg = e.message().trim().to_string();
            let (line, field) = match e.span() {
                Some(span) => {
                    let local = line_of(slice, span.start);
                    (first_line + local - 1, field_at(slice, local, &msg))
                }
                None => (first_line, field_of_message(&msg)),
            };
            Err(DataError::new(
                path,
                label,
                field,
                format!("{msg} (line {line})"),
            ))
        }
    }
}

/// The dotted path of the key on a 1-based line of a record: the sub-table header above it
/// (`[[measure.indicators]]` → `indicators[i]`) and the key before `=`.
fn field_at(slice: &str, line: usize, msg: &str) -> String {
    let lines: Vec<&str> = slice.lines().collect();
    let here = lines.get(line - 1).copied().unwrap_or_default().trim();
    let key = match here.split_once('=') {
        Some((k, _)) if !here.starts_with('[') => k.trim().to_string(),
        _ => field_of_message(msg),
    };
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut table: Option<String> = None;
    for l in lines.iter().take(line) {
        let l = l.trim();
        if let Some(name) = l
            .strip_prefix("[[measure.")
            .and_then(|r| r.strip_suffix("]]"))
        {
            let n = counts.entry(name).or_insert(0);
            table = Some(format!("{name}[{}]", *n));
            *n += 1;
        } else if let Some(name) = l
            .strip_prefix("[measure.")
            .and_then(|r| r.strip_suffix(']'))
        {
            table = Some(name.to_string());
        }
    }
    match table {
        Some(t) if key == "-" => t,
        Some(t) => format!("{t}.{key}"),
        None => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_names_its_line() {
        let text = "a = 1\nb = 2\nc = = 3\n";
        let e = parse_table(Path::new("x.toml"), text).unwrap_err();
        assert_eq!(e.record, "line 3");
    }

    #[test]
    fn record_type_error_names_line_and_field_path() {
        let text = "# c\n[[measure]]\nid = 'a'\n\n[[measure]]\nid = 'b'\n[[measure.indicators]]\nid = 'x'\n[[measure.indicators]]\ntarget = 'seven'\n";
        let slices = record_slices(text, "[[measure]]");
        assert_eq!(slices.iter().map(|s| s.0).collect::<Vec<_>>(), vec![2, 5]);
        #[derive(Debug, Deserialize)]
        struct M {
            #[allow(dead_code)]
            indicators: Vec<I>,
        }
        #[derive(Debug, Deserialize)]
        struct I {
            #[allow(dead_code)]
            target: Option<f64>,
        }
        let (line, slice) = slices[1];
        let e = record_from_text::<M>(Path::new("m.toml"), line, slice, "b").unwrap_err();
        assert_eq!(e.field, "indicators[1].target");
        assert!(e.message.ends_with("(line 10)"), "{}", e.message);
    }

    #[test]
    fn record_error_names_id_and_field() {
        let v: toml::Value = toml::from_str::<toml::Table>("id = 'x'\nunit = 'km'\n")
            .map(toml::Value::Table)
            .unwrap();
        let e = record::<RawIndicator>(Path::new("m.toml"), &v, "indicator #1").unwrap_err();
        assert_eq!(e.record, "x");
        assert_eq!(e.field, "name_lv");
    }
}
