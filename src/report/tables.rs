//! A report's tables as CSV for spreadsheets: UTF-8 with a byte-order mark (so that
//! Excel reads "ā"), a header row, one row per record, nulls as empty cells. The
//! units, measures and indicators tables are those of `/analysis/progress`
//! ([`crate::export::progress`]) cut to the report's scope; changes and sources are
//! the report's own.

use super::Report;
use serde_json::Value;

use crate::export::csv::cell;
use crate::export::progress::{table_csv, table_rows, ProgressTable};

/// One of a report's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTable {
    Units,
    Measures,
    Indicators,
    Changes,
    Sources,
}

impl ReportTable {
    pub const ALL: [ReportTable; 5] = [
        ReportTable::Indicators,
        ReportTable::Measures,
        ReportTable::Units,
        ReportTable::Changes,
        ReportTable::Sources,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportTable::Units => "units",
            ReportTable::Measures => "measures",
            ReportTable::Indicators => "indicators",
            ReportTable::Changes => "changes",
            ReportTable::Sources => "sources",
        }
    }

    /// `indicators.csv` and so on.
    pub fn file_name(self) -> String {
        format!("{}.csv", self.as_str())
    }

    /// The table a file name names.
    pub fn from_file_name(name: &str) -> Option<ReportTable> {
        ReportTable::ALL
            .into_iter()
            .find(|t| name.strip_suffix(".csv") == Some(t.as_str()))
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Table `t` of `r` as CSV bytes (with the byte-order mark).
pub fn table(r: &Report, t: ReportTable) -> Vec<u8> {
    let body = match t {
        ReportTable::Units => table_csv(&r.progress(), ProgressTable::Units),
        ReportTable::Measures => measures_csv(r),
        ReportTable::Indicators => indicators_csv(r),
        ReportTable::Changes => changes_csv(r),
        ReportTable::Sources => sources_csv(r),
    };
    let mut out = Vec::with_capacity(body.len() + BOM.len());
    out.extend_from_slice(BOM);
    out.extend_from_slice(&body);
    out
}

/// Writes `rows` under `header` (writing into a Vec cannot fail).
fn csv_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// A progress table's rows (flat properties) with a last column, `source`: the
/// number of the row's source in the report.
fn with_source(t: ProgressTable, r: &Report, sources: &[Option<usize>]) -> Vec<u8> {
    let rows = table_rows(&r.progress(), t);
    let Some(first) = rows.first() else {
        return table_csv(&r.progress(), t);
    };
    let mut header: Vec<&str> = first.keys().map(String::as_str).collect();
    header.push("source");
    let lines = rows.iter().zip(sources).map(|(row, src)| {
        let mut line: Vec<String> = header[..header.len() - 1]
            .iter()
            .map(|k| cell(row.get(*k).unwrap_or(&Value::Null)))
            .collect();
        line.push(src.map(|n| n.to_string()).unwrap_or_default());
        line
    });
    csv_bytes(&header, lines)
}

fn measures_csv(r: &Report) -> Vec<u8> {
    let sources: Vec<Option<usize>> = r.measures.iter().map(|m| m.stage_source).collect();
    with_source(ProgressTable::Measures, r, &sources)
}

fn indicators_csv(r: &Report) -> Vec<u8> {
    let sources: Vec<Option<usize>> = r.indicators.iter().map(|i| i.latest_source).collect();
    with_source(ProgressTable::Indicators, r, &sources)
}

fn changes_csv(r: &Report) -> Vec<u8> {
    csv_bytes(
        &[
            "date",
            "kind",
            "measure_id",
            "record_id",
            "what",
            "municipality",
            "note",
            "source",
        ],
        r.changes.iter().map(|c| {
            vec![
                c.date.to_string(),
                c.kind.as_str().to_string(),
                c.measure_id.clone(),
                c.record_id.clone(),
                c.what.clone(),
                c.municipality.clone().unwrap_or_default(),
                c.note.clone().unwrap_or_default(),
                c.source.to_string(),
            ]
        }),
    )
}

fn sources_csv(r: &Report) -> Vec<u8> {
    csv_bytes(
        &["n", "source", "url"],
        r.sources.iter().map(|s| {
            vec![
                s.n.to_string(),
                s.text.clone(),
                s.url.clone().unwrap_or_default(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_round_trip() {
        for t in ReportTable::ALL {
            assert_eq!(ReportTable::from_file_name(&t.file_name()), Some(t));
        }
        assert_eq!(ReportTable::from_file_name("indicators"), None);
        assert_eq!(ReportTable::from_file_name("x.csv"), None);
    }
}
