//! What changed since a date (the progress records dated in the report's window) and
//! the numbered list of sources a report cites.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::{ReportDates, PLAN_APPROVED_BY, PLAN_SOURCE};
use crate::analysis::progress_report::{IndicatorRow, MeasureRow};
use crate::model::{MoneyKind, Plan};

/// One source, as its records give it ("URL (date)" or a title), numbered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRef {
    pub n: usize,
    pub text: String,
    /// The first `http(s)://` address in the text, if any.
    pub url: Option<String>,
}

/// The sources cited so far, numbered in order of first citation; the plan is 1.
#[derive(Debug, Clone)]
pub struct Citations(Vec<SourceRef>);

impl Default for Citations {
    fn default() -> Self {
        Citations::new()
    }
}

impl Citations {
    /// The list with the plan as source 1.
    pub fn new() -> Citations {
        let mut c = Citations(Vec::new());
        c.cite(&format!(
            "{PLAN_APPROVED_BY}, approving the plan: {PLAN_SOURCE}"
        ));
        c
    }

    /// The number of `text`, added when new.
    pub fn cite(&mut self, text: &str) -> usize {
        let text = text.trim();
        if let Some(s) = self.0.iter().find(|s| s.text == text) {
            return s.n;
        }
        let n = self.0.len() + 1;
        self.0.push(SourceRef {
            n,
            text: text.to_string(),
            url: first_url(text),
        });
        n
    }

    pub fn into_sources(self) -> Vec<SourceRef> {
        self.0
    }
}

/// The first web address in a source text.
pub fn first_url(text: &str) -> Option<String> {
    text.split_whitespace()
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
        .map(|w| {
            w.trim_end_matches([')', ',', ';', '.', ']'])
                .trim_start_matches('(')
                .to_string()
        })
}

/// The kind of a progress record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Stage,
    Value,
    Allocation,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Stage => "stage",
            ChangeKind::Value => "value",
            ChangeKind::Allocation => "allocation",
        }
    }
}

/// One progress record in the report's window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRow {
    pub date: NaiveDate,
    pub kind: ChangeKind,
    pub measure_id: String,
    pub record_id: String,
    /// What the record says, in a few words: "stage: under way", "jobs: 12",
    /// "178,500 EUR (EU funds, pool funded) in LV-077".
    pub what: String,
    /// The unit an allocation is in (`None`: the territory as a whole; other kinds: none).
    pub municipality: Option<String>,
    pub note: Option<String>,
    /// The source's number in the report's list.
    pub source: usize,
}

/// The source of the stage record a measure's current stage comes from.
pub fn stage_source(plan: &Plan, m: &MeasureRow, cites: &mut Citations) -> Option<usize> {
    let r = plan
        .progress
        .stages
        .iter()
        .filter(|r| r.measure_id == m.measure_id && r.date == m.stage_since && r.stage == m.stage)
        .min_by(|a, b| a.id.cmp(&b.id))?;
    Some(cites.cite(&r.source))
}

/// The source of an indicator's latest value.
pub fn latest_value_source(i: &IndicatorRow, cites: &mut Citations) -> Option<usize> {
    let (date, value) = (i.standing.latest_date?, i.standing.latest?);
    let p = i
        .values
        .iter()
        .rev()
        .find(|p| p.date == date && p.value == value)?;
    Some(cites.cite(&p.source))
}

/// The progress records of the measures `ids` dated from `since` to `date`, oldest
/// first; in a unit's report (`code`), allocations only in that unit or the territory
/// as a whole.
pub fn changes_since(
    plan: &Plan,
    ids: &BTreeSet<String>,
    code: Option<&str>,
    dates: ReportDates,
    cites: &mut Citations,
) -> Vec<ChangeRow> {
    let window = |d: NaiveDate| dates.since <= d && d <= dates.date;
    let ours = |m: &str| ids.contains(m);
    let p = &plan.progress;
    let mut out = Vec::new();
    for r in p
        .stages
        .iter()
        .filter(|r| window(r.date) && ours(&r.measure_id))
    {
        out.push(ChangeRow {
            date: r.date,
            kind: ChangeKind::Stage,
            measure_id: r.measure_id.clone(),
            record_id: r.id.clone(),
            what: format!("stage: {}", stage_words(r.stage.as_str())),
            municipality: None,
            note: r.note.clone(),
            source: cites.cite(&r.source),
        });
    }
    for r in p
        .values
        .iter()
        .filter(|r| window(r.date) && ours(&r.measure_id))
    {
        let unit = plan
            .measure(&r.measure_id)
            .and_then(|m| m.indicators.iter().find(|i| i.id == r.indicator_id))
            .map_or(String::new(), |i| format!(" {}", i.unit));
        out.push(ChangeRow {
            date: r.date,
            kind: ChangeKind::Value,
            measure_id: r.measure_id.clone(),
            record_id: r.id.clone(),
            what: format!("{}: {}{unit}", r.indicator_id, number(r.value)),
            municipality: None,
            note: r.note.clone(),
            source: cites.cite(&r.source),
        });
    }
    let in_scope = |m: &Option<String>| code.is_none() || m.is_none() || m.as_deref() == code;
    for r in p
        .allocations
        .iter()
        .filter(|r| window(r.date) && ours(&r.measure_id) && in_scope(&r.municipality))
    {
        let place = r
            .municipality
            .as_deref()
            .map_or("the territory as a whole".to_string(), |c| {
                format!("in {c}")
            });
        out.push(ChangeRow {
            date: r.date,
            kind: ChangeKind::Allocation,
            measure_id: r.measure_id.clone(),
            record_id: r.id.clone(),
            what: format!(
                "{} EUR allocated ({}, pool {}) {place}",
                number(r.amount_eur),
                money_words(r.kind),
                r.pool
            ),
            municipality: r.municipality.clone(),
            note: r.note.clone(),
            source: cites.cite(&r.source),
        });
    }
    out.sort_by(|a, b| {
        (a.date, a.kind, &a.measure_id, &a.record_id).cmp(&(
            b.date,
            b.kind,
            &b.measure_id,
            &b.record_id,
        ))
    });
    out
}

/// A stage as words: `under_way` → "under way".
pub fn stage_words(s: &str) -> String {
    s.replace('_', " ")
}

fn money_words(k: MoneyKind) -> &'static str {
    match k {
        MoneyKind::StateBudget => "state budget",
        MoneyKind::EuFunds => "EU funds",
        MoneyKind::Other => "other",
    }
}

/// A figure with thousands separated by commas and at most two decimals
/// (178500 → "178,500", 12.5 → "12.5").
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let rounded = (x * 100.0).round() / 100.0;
    let neg = rounded < 0.0;
    let abs = rounded.abs();
    let whole = abs.trunc();
    let cents = ((abs - whole) * 100.0).round() as u64;
    let digits = format!("{whole:.0}");
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = match cents {
        0 => String::new(),
        c if c % 10 == 0 => format!(".{}", c / 10),
        c => format!(".{c:02}"),
    };
    format!("{}{grouped}{frac}", if neg { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_short() {
        assert_eq!(number(178_500.0), "178,500");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(1_234_567.891), "1,234,567.89");
        assert_eq!(number(-1500.05), "-1,500.05");
        assert_eq!(number(999.999), "1,000");
    }

    #[test]
    fn a_source_is_numbered_once_and_its_address_found() {
        let mut c = Citations::new();
        let a = c.cite("https://example.lv/a (2025-08-14)");
        assert_eq!(a, 2);
        assert_eq!(c.cite("https://example.lv/a (2025-08-14)"), 2);
        let s = c.into_sources();
        assert_eq!(s[0].url.as_deref(), Some(PLAN_SOURCE));
        assert_eq!(s[1].url.as_deref(), Some("https://example.lv/a"));
    }
}
