//! Output of the analysis commands: an aligned text table, CSV or JSON.

use clap::ValueEnum;
use serde_json::Value;

/// Output format of the analysis commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// Pretty-printed JSON.
    Json,
    /// Comma-separated values with a header row.
    Csv,
}

/// Renders rows of flat objects as an aligned text table, a CSV, or JSON.
pub fn render(rows: &[serde_json::Map<String, Value>], columns: &[&str], format: Format) -> String {
    let cell = |v: Option<&Value>| match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    };
    match format {
        Format::Json => serde_json::to_string_pretty(&rows).unwrap_or_default(),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(columns);
            for r in rows {
                let _ = w.write_record(columns.iter().map(|c| cell(r.get(*c))));
            }
            String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
        }
        Format::Table => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| columns.iter().map(|c| cell(r.get(*c))).collect())
                .collect();
            let widths: Vec<usize> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    cells
                        .iter()
                        .map(|r| r[i].chars().count())
                        .chain([c.len()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |vals: Vec<String>| {
                vals.iter()
                    .zip(&widths)
                    .map(|(v, w)| format!("{v:<w$}", w = *w))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            let mut out = vec![line(columns.iter().map(|c| c.to_string()).collect())];
            out.extend(cells.into_iter().map(line));
            out.join("\n") + "\n"
        }
    }
}
