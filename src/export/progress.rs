//! The progress report as files: its three tables as CSV (spreadsheet-ready, one
//! column per stage), and its per-unit rows as a GeoJSON choropleth on the served
//! 2021 unit polygons.

use serde_json::{json, Map, Value};

use super::csv::cell;
use crate::analysis::progress_report::{IndicatorRow, MeasureRow, ProgressReport, UnitRow};
use crate::index::geojson::geometry_json;
use crate::index::Layer;
use crate::model::Stage;

/// One of the report's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressTable {
    Units,
    Measures,
    Indicators,
}

impl ProgressTable {
    pub const ALL: [ProgressTable; 3] = [
        ProgressTable::Units,
        ProgressTable::Measures,
        ProgressTable::Indicators,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProgressTable::Units => "units",
            ProgressTable::Measures => "measures",
            ProgressTable::Indicators => "indicators",
        }
    }

    pub fn parse(s: &str) -> Option<ProgressTable> {
        ProgressTable::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A unit row as flat properties (one `measures_<stage>` column per stage).
pub fn unit_properties(u: &UnitRow) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("code".into(), json!(u.code));
    p.insert("name_lv".into(), json!(u.name_lv));
    p.insert("population".into(), json!(u.population));
    for s in Stage::ALL {
        let n = u.measures_by_stage.get(&s).copied().unwrap_or(0);
        p.insert(format!("measures_{}", s.as_str()), json!(n));
    }
    p.insert("allocated_eur".into(), json!(u.allocated_eur));
    p.insert(
        "allocated_eur_per_inhabitant".into(),
        json!(u.allocated_eur_per_inhabitant),
    );
    p.insert(
        "allocated_unknown_reason".into(),
        json!(u.allocated_unknown_reason),
    );
    p.insert("indicators_on_track".into(), json!(u.indicators_on_track));
    p.insert("indicators_late".into(), json!(u.indicators_late));
    p.insert(
        "indicators_not_reported".into(),
        json!(u.indicators_not_reported),
    );
    p.insert(
        "indicators_on_track_share".into(),
        json!(u.indicators_on_track_share),
    );
    p
}

fn measure_properties(m: &MeasureRow) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("measure_id".into(), json!(m.measure_id));
    p.insert("title_lv".into(), json!(m.title_lv));
    p.insert("title_en".into(), json!(m.title_en));
    p.insert("stage".into(), json!(m.stage.as_str()));
    p.insert("stage_since".into(), json!(m.stage_since));
    p.insert("municipalities".into(), json!(m.municipalities.join(" ")));
    p
}

fn indicator_properties(i: &IndicatorRow) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("measure_id".into(), json!(i.measure_id));
    p.insert("indicator_id".into(), json!(i.indicator_id));
    p.insert("name_lv".into(), json!(i.name_lv));
    p.insert("name_en".into(), json!(i.name_en));
    p.insert("unit".into(), json!(i.unit));
    if let Value::Object(s) = json!(i.standing) {
        p.extend(s);
    }
    p.insert("values_reported".into(), json!(i.values.len()));
    p
}

/// The rows of a table as flat properties.
pub fn table_rows(r: &ProgressReport, t: ProgressTable) -> Vec<Map<String, Value>> {
    match t {
        ProgressTable::Units => r.units.iter().map(unit_properties).collect(),
        ProgressTable::Measures => r.measures.iter().map(measure_properties).collect(),
        ProgressTable::Indicators => r.indicators.iter().map(indicator_properties).collect(),
    }
}

/// A table as CSV with a header row; nulls are empty cells.
pub fn table_csv(r: &ProgressReport, t: ProgressTable) -> Vec<u8> {
    let rows = table_rows(r, t);
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = match rows.first() {
        Some(first) => first.keys().cloned().collect(),
        None => vec![],
    };
    // Writing into a Vec cannot fail.
    let _ = w.write_record(&header);
    for row in &rows {
        let _ = w.write_record(
            header
                .iter()
                .map(|k| cell(row.get(k).unwrap_or(&Value::Null))),
        );
    }
    w.into_inner().unwrap_or_default()
}

/// The unit rows on the served 2021 unit polygons (`units`), a choropleth.
pub fn units_geojson(r: &ProgressReport, units: &Layer) -> Value {
    let features: Vec<Value> = r
        .units
        .iter()
        .filter_map(|u| {
            let (_, f) = units.feature(&u.code)?;
            Some(json!({
                "type": "Feature",
                "id": u.code,
                "geometry": geometry_json(&f.geometry),
                "properties": unit_properties(u),
            }))
        })
        .collect();
    json!({
        "type": "FeatureCollection",
        "date": r.date,
        "numberReturned": features.len(),
        "features": features,
    })
}
