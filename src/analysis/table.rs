//! A coverage report as a flat table: one row per unit, then the group totals.
//! The same columns feed the choropleth GeoJSON, the CSV and the CLI table.

use serde_json::{json, Map, Value};

use super::coverage::{CoverageReport, GroupTotals, UnitCoverage};
use crate::model::Direction;

/// The flat figures of one unit.
pub fn unit_row(u: &UnitCoverage) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("code".into(), json!(u.code));
    m.insert("name_lv".into(), json!(u.name_lv));
    m.insert("name_en".into(), json!(u.name_en));
    m.insert("eastern_border_area".into(), json!(u.eastern_border_area));
    m.insert("population".into(), json!(u.population));
    m.insert("area_km2".into(), json!(round(u.area_km2, 2)));
    m.insert("measures_total".into(), json!(u.measures_total));
    for d in Direction::ALL {
        m.insert(
            format!("measures_{}", d.as_str()),
            json!(u
                .measures_by_direction
                .get(d.as_str())
                .copied()
                .unwrap_or(0)),
        );
    }
    m.insert("locations_total".into(), json!(u.locations_total));
    m.insert(
        "funding_attributed_eur".into(),
        json!(u.funding_attributed_eur.map(|x| round(x, 2))),
    );
    m.insert(
        "funding_per_inhabitant_eur".into(),
        json!(u.funding_per_inhabitant_eur.map(|x| round(x, 2))),
    );
    m.insert(
        "funding_unknown_reason".into(),
        json!(u.funding_unknown_reason),
    );
    m.insert(
        "allocated_eur".into(),
        json!(u.allocated_eur.map(|x| round(x, 2))),
    );
    m.insert(
        "allocated_eur_per_inhabitant".into(),
        json!(u.allocated_eur_per_inhabitant.map(|x| round(x, 2))),
    );
    m.insert(
        "allocated_unknown_reason".into(),
        json!(u.allocated_unknown_reason),
    );
    m.insert("plan_area_km2".into(), json!(u.plan_area_km2));
    m.insert("plan_population".into(), json!(u.plan_population));
    m.insert("line_km".into(), json!(u.line_km.map(|x| round(x, 3))));
    m.insert("area_m2".into(), json!(u.area_m2.map(|x| round(x, 0))));
    if let Some(f) = &u.facility {
        m.insert("facility_layer".into(), json!(f.layer));
        m.insert("radius_m".into(), json!(f.radius_m));
        m.insert("area_share".into(), json!(round(f.area_share, 4)));
        m.insert(
            "area_covered_km2".into(),
            json!(round(f.area_covered_km2, 2)),
        );
        m.insert(
            "settlement_population".into(),
            json!(f.settlement_population),
        );
        m.insert(
            "settlement_population_covered".into(),
            json!(f.settlement_population_covered),
        );
        m.insert(
            "settlement_population_share".into(),
            json!(f.settlement_population_share.map(|x| round(x, 4))),
        );
        m.insert("rural_population".into(), json!(f.rural_population));
        m.insert(
            "rural_population_covered".into(),
            json!(f.rural_population_covered),
        );
        m.insert("population_total".into(), json!(f.population_total));
        m.insert("population_covered".into(), json!(f.population_covered));
        m.insert(
            "population_share".into(),
            json!(f.population_share.map(|x| round(x, 4))),
        );
        m.insert("settlements".into(), json!(f.settlements));
        m.insert(
            "settlements_beyond".into(),
            json!(f.settlements_beyond_count),
        );
    }
    m
}

/// The flat figures of a group (plan territory, rest of Latvia, Latvia).
pub fn totals_row(name: &str, t: &GroupTotals) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("code".into(), json!(name.to_uppercase()));
    m.insert("name_lv".into(), json!(""));
    m.insert("name_en".into(), json!(name.replace('_', " ")));
    m.insert(
        "eastern_border_area".into(),
        json!(name == "plan_territory"),
    );
    m.insert("population".into(), json!(t.population));
    m.insert("area_km2".into(), json!(round(t.area_km2, 2)));
    m.insert("measures_total".into(), json!(t.measures_total));
    m.insert(
        "funding_attributed_eur".into(),
        json!(t.funding_attributed_eur.map(|x| round(x, 2))),
    );
    m.insert(
        "allocated_eur".into(),
        json!(t.allocated_eur.map(|x| round(x, 2))),
    );
    m.insert("line_km".into(), json!(t.line_km.map(|x| round(x, 3))));
    if let Some(a) = t.area_covered_km2 {
        m.insert(
            "area_share".into(),
            json!(t.area_share.map(|x| round(x, 4))),
        );
        m.insert("area_covered_km2".into(), json!(round(a, 2)));
        m.insert(
            "settlement_population".into(),
            json!(t.settlement_population),
        );
        m.insert(
            "settlement_population_covered".into(),
            json!(t.settlement_population_covered),
        );
        m.insert("rural_population".into(), json!(t.rural_population));
        m.insert(
            "rural_population_covered".into(),
            json!(t.rural_population_covered),
        );
        m.insert("population_total".into(), json!(t.population_total));
        m.insert("population_covered".into(), json!(t.population_covered));
        m.insert(
            "population_share".into(),
            json!(t.population_share.map(|x| round(x, 4))),
        );
    }
    m
}

/// Rounded to `digits`, with no negative zero (spreadsheets print `-0`).
fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f + 0.0
}

/// The report as CSV: a header, one row per unit, then the totals rows.
pub fn to_csv(r: &CoverageReport) -> String {
    let mut rows: Vec<Map<String, Value>> = r.units.iter().map(unit_row).collect();
    for (name, t) in &r.totals {
        rows.push(totals_row(name, t));
    }
    rows_csv(&rows)
}

/// The unit rows alone, for spreadsheets: a sum over the column is the total.
pub fn units_csv(r: &CoverageReport) -> String {
    let rows: Vec<Map<String, Value>> = r.units.iter().map(unit_row).collect();
    rows_csv(&rows)
}

/// The group totals alone (plan territory, rest of Latvia, Latvia), one row each.
pub fn totals_csv(r: &CoverageReport) -> String {
    let rows: Vec<Map<String, Value>> = r
        .totals
        .iter()
        .map(|(name, t)| totals_row(name, t))
        .collect();
    rows_csv(&rows)
}

/// Rows as CSV with the union of their keys as columns; unknown values are empty cells.
fn rows_csv(rows: &[Map<String, Value>]) -> String {
    let mut columns: Vec<String> = Vec::new();
    for row in rows {
        for k in row.keys() {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&columns);
    for row in rows {
        let rec: Vec<String> = columns
            .iter()
            .map(|c| match row.get(c) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            })
            .collect();
        let _ = w.write_record(&rec);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
