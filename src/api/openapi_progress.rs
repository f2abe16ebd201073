//! The OpenAPI description of `/progress/{kind}`: the progress records' JSON
//! endpoints (read by everyone, written by editors) and their bodies.

use serde_json::{json, Map, Value};

use super::openapi::{if_match_param, p, with_edge_errors, write_errors};
use super::write::progress::RecordKind;

/// The body of a written record of `kind`.
fn body_schema(kind: RecordKind) -> Value {
    let text = json!({"type": "string", "maxLength": 2000});
    let date =
        json!({"type": "string", "format": "date", "description": "YYYY-MM-DD, from 2025-01-20"});
    let source = json!({"type": "string", "pattern": "^https?://", "maxLength": 2000, "description": "A URL, with title and date where known"});
    let common = |extra: Value, required: &[&str]| {
        let mut props = json!({
            "id": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,200}$", "description": "Optional on POST (made from measure, kind and date)"},
            "measure_id": {"type": "string"},
            "date": date,
            "source": source,
            "note": text,
        });
        if let (Some(p), Value::Object(e)) = (props.as_object_mut(), extra) {
            p.extend(e);
        }
        let mut req = vec!["measure_id", "date", "source"];
        req.extend_from_slice(required);
        json!({"type": "object", "additionalProperties": false, "required": req, "properties": props})
    };
    match kind {
        RecordKind::Stages => common(
            json!({"stage": {"type": "string", "enum": ["approved", "preparation", "procurement", "under_way", "completed", "suspended"]},
                   "institution": text}),
            &["stage"],
        ),
        RecordKind::Values => common(
            json!({"indicator_id": {"type": "string"},
                   "value": {"type": "number", "minimum": 0, "maximum": 1e12, "description": "Cumulative since approval, in the indicator's unit"}}),
            &["indicator_id", "value"],
        ),
        RecordKind::Allocations => common(
            json!({"municipality": {"type": "string", "nullable": true, "description": "A 2021–2025 unit code of the plan territory; null: the territory as a whole"},
                   "amount_eur": {"type": "number", "exclusiveMinimum": true, "minimum": 0, "maximum": 1e11},
                   "pool": {"type": "string", "description": "funded or unfunded (never past the pool's amount with the others)"},
                   "kind": {"type": "string", "enum": ["state_budget", "eu_funds", "other"]}}),
            &["amount_eur", "pool", "kind"],
        ),
    }
}

fn kind_param() -> Value {
    json!({"name": "kind", "in": "path", "required": true,
           "description": "stages (a measure's stage and date), values (an indicator's achieved value), allocations (money to a measure in a unit or the territory)",
           "schema": {"type": "string", "enum": ["stages", "values", "allocations"]}})
}

fn id_param() -> Value {
    json!({"name": "id", "in": "path", "required": true, "description": "The record's id",
           "schema": {"type": "string"}})
}

fn stored(desc: &str, status: &str) -> Value {
    let mut r = Map::new();
    r.insert(status.into(), json!({"description": desc,
        "headers": {"ETag": {"description": "The strong ETag of the stored version", "schema": {"type": "string"}}},
        "content": {"application/json": {"schema": {"type": "object"}}}}));
    Value::Object(r)
}

fn request_body() -> Value {
    let one_of: Vec<Value> = RecordKind::ALL.iter().map(|k| body_schema(*k)).collect();
    json!({"required": true, "description": "A record of the path's kind (stages, values or allocations: the schemas in that order)",
           "content": {"application/json": {"schema": {"oneOf": one_of}}}})
}

/// Adds the `/progress` paths; writes only on a server over a store.
pub fn add_paths(paths: &mut Map<String, Value>, writable: bool) {
    let security = json!([{"bearerAuth": []}]);
    let history: Vec<Value> = writable
        .then(super::openapi::datetime_param)
        .into_iter()
        .collect();
    let mut list = json!({"get": {
        "summary": "Progress records of a kind", "operationId": "listProgress", "tags": ["progress"],
        "description": "Stages reached, indicator values or allocations, each dated and sourced, in the order recorded.",
        "parameters": ([vec![kind_param(),
            p("measure_id", "Only this measure's records", json!({"type": "string"}), false)], history].concat()),
        "responses": with_edge_errors(json!({
            "200": {"description": "`{kind, numberReturned, records}`", "content": {"application/json": {"schema": {"type": "object"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"},
            "401": {"$ref": "#/components/responses/Unauthorized"},
            "404": {"$ref": "#/components/responses/NotFound"}}))}});
    let mut one = json!({"get": {
        "summary": "One progress record, with its ETag", "operationId": "getProgress", "tags": ["progress"],
        "parameters": [kind_param(), id_param()],
        "responses": with_edge_errors(json!({
            "200": {"description": "The record", "content": {"application/json": {"schema": {"type": "object"}}}},
            "401": {"$ref": "#/components/responses/Unauthorized"},
            "404": {"$ref": "#/components/responses/NotFound"}}))}});
    if writable {
        let mut created = stored("Created; `Location` is the record's URL", "201");
        created["201"]["headers"]["Location"] =
            json!({"description": "The new record", "schema": {"type": "string", "format": "uri"}});
        list["post"] = json!({"summary": "Record progress (editors)", "operationId": "createProgress", "tags": ["progress"],
            "description": "Checked like the seeds file: the measure's, not before 2025-01-20, a URL source; a value's indicator has a numeric target; an allocation's pool is the plan's and is never exceeded, its unit in the plan territory.",
            "security": security, "parameters": [kind_param()], "requestBody": request_body(),
            "responses": write_errors(created, true)});
        one["put"] = json!({"summary": "Replace a progress record (editors)", "operationId": "replaceProgress", "tags": ["progress"],
            "security": security, "parameters": [kind_param(), id_param(), if_match_param()], "requestBody": request_body(),
            "responses": write_errors(stored("Replaced", "200"), true)});
        one["patch"] = json!({"summary": "Change part of a progress record (editors; RFC 7386 merge patch)", "operationId": "updateProgress", "tags": ["progress"],
            "security": security, "parameters": [kind_param(), id_param(), if_match_param()],
            "requestBody": {"required": true, "content": {
                "application/merge-patch+json": {"schema": {"type": "object"}},
                "application/json": {"schema": {"type": "object"}}}},
            "responses": write_errors(stored("Updated", "200"), true)});
        one["delete"] = json!({"summary": "Delete a progress record (editors; its history stays)", "operationId": "deleteProgress", "tags": ["progress"],
            "security": security, "parameters": [kind_param(), id_param(), if_match_param()],
            "responses": write_errors(json!({"204": {"description": "Deleted"}}), false)});
    }
    paths.insert("/progress/{kind}".into(), list);
    paths.insert("/progress/{kind}/{id}".into(), one);
    if writable {
        paths.insert("/progress/{kind}/{id}/history".into(), json!({"get": {
            "summary": "Every version of a progress record", "operationId": "progressHistory", "tags": ["progress"],
            "parameters": [kind_param(), id_param()],
            "responses": with_edge_errors(json!({
                "200": {"description": "The versions, oldest first", "content": {"application/json": {"schema": {"type": "object"}}}},
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "404": {"$ref": "#/components/responses/NotFound"}}))}}));
    }
}
