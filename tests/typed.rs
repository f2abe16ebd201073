//! The analyses read the features' typed records, never the JSON properties of
//! responses: renaming (or blanking) every property of every feature changes no figure.

use pierobeza::analysis::coverage::{coverage, CoverageParams, FacilityParams};
use pierobeza::analysis::proximity::{locate, nearest, within};
use pierobeza::cli::load_catalog;
use pierobeza::index::Catalog;
use pierobeza::load::DataPaths;
use pierobeza::model::Vintage;
use serde_json::{json, Map, Value};

/// Every analysis answer the catalog gives, as JSON.
fn answers(cat: &Catalog) -> Vec<Value> {
    let mut out = Vec::new();
    for vintage in Vintage::ALL {
        for facility in [None, Some(("settlements", 10_000.0))] {
            let params = CoverageParams {
                vintage,
                municipality: None,
                facility: facility.map(|(layer, radius_m)| FacilityParams {
                    layer: layer.into(),
                    radius_m,
                }),
            };
            let report = coverage(cat, &params).expect("coverage runs");
            out.push(serde_json::to_value(&report).expect("serializes"));
        }
    }
    for (lon, lat) in [(27.33, 56.51), (26.54, 55.87), (24.1, 56.95), (28.2, 56.0)] {
        out.push(json!(locate(cat, lon, lat)));
        for layer in ["settlements", "border", "municipalities_2021"] {
            let near = nearest(cat, layer, lon, lat, 5).expect("nearest runs");
            let close = within(cat, layer, lon, lat, 20_000.0).expect("within runs");
            out.push(json!([near, close]));
        }
    }
    out
}

/// Each property renamed to `x_<name>` with a null value.
fn blank(properties: &Map<String, Value>) -> Map<String, Value> {
    properties
        .keys()
        .map(|k| (format!("x_{k}"), Value::Null))
        .collect()
}

#[test]
fn renaming_every_property_changes_no_analysis_result() {
    let mut cat = load_catalog(&DataPaths::current_dir()).expect("shipped data loads");
    let before = answers(&cat);
    let mut renamed = 0;
    for layer in &mut cat.layers {
        for f in &mut layer.features {
            let renamed_props = blank(f.properties());
            f.set_properties(renamed_props);
            renamed += f.properties().len();
        }
    }
    assert!(renamed > 1_000, "only {renamed} properties renamed");
    let after = answers(&cat);
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a);
    }
    // The answers are not trivially empty: units are named and measures counted.
    let units = before[0]["units"].as_array().expect("units");
    assert!(units.iter().any(|u| u["measures_total"].as_u64() > Some(0)));
    assert!(units.iter().all(|u| u["name_lv"].as_str() != Some("")));
}
