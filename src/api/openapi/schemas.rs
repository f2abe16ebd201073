//! The schemas under `components/schemas`: the error body every error response
//! carries, and the feature a location write sends.

use serde_json::{json, Map, Value};

/// `Error` and `LocationFeature`.
pub(super) fn components() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("Error".into(), error());
    m.insert("LocationFeature".into(), location_feature());
    m
}

fn error() -> Value {
    json!({"type": "object", "required": ["code", "description"], "properties": {
        "code": {"type": "string"}, "description": {"type": "string"}, "parameter": {"type": "string"},
        "field": {"type": "string"}, "status": {"type": "integer"}}})
}

fn location_feature() -> Value {
    json!({"type": "object", "required": ["type", "properties"], "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "geometry": {"type": "object", "nullable": true},
        "properties": {"type": "object", "properties": {
            "measure_id": {"type": "string"}, "location_id": {"type": "string"},
            "place_name": {"type": "string", "nullable": true}, "name": {"type": "string", "nullable": true},
            "precision": {"type": "string", "enum": ["exact", "settlement", "municipality", "region"]},
            "provenance": {"type": "string"}, "site_status": {"type": "string", "enum": ["candidate"], "nullable": true},
            "note": {"type": "string", "nullable": true}}}}})
}
