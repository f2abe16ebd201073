//! The OpenAPI description of `/progress/{kind}`: the progress records' JSON
//! endpoints (read by everyone, written by editors) and their bodies.

use serde_json::{json, Map, Value};

use super::bodies::Body;
use super::parameters::{history, query, Param};
use super::responses::{answers, write_answers, Resp};
use crate::api::write::progress::RecordKind;

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

/// The keys under `components/parameters` of the path parameters.
const KIND: &str = "progress-kind";
const ID: &str = "progress-id";
/// The key under `components/requestBodies` of a written record.
const BODY: &str = "ProgressRecord";

/// The key under `components/schemas` of the body of a record of `kind`.
fn schema_key(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Stages => "StageRecord",
        RecordKind::Values => "ValueRecord",
        RecordKind::Allocations => "AllocationRecord",
    }
}

/// `kind` and `id`, the path parameters.
pub(super) fn parameters() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(KIND.into(), json!({"name": "kind", "in": "path", "required": true,
           "description": "stages (a measure's stage and date), values (an indicator's achieved value), allocations (money to a measure in a unit or the territory)",
           "schema": {"type": "string", "enum": ["stages", "values", "allocations"]}}));
    m.insert(
        ID.into(),
        json!({"name": "id", "in": "path", "required": true, "description": "The record's id",
           "schema": {"type": "string"}}),
    );
    m
}

/// The body of each kind of record.
pub(super) fn schemas() -> Map<String, Value> {
    RecordKind::ALL
        .iter()
        .map(|k| (schema_key(*k).to_string(), body_schema(*k)))
        .collect()
}

/// The body of a POST or PUT: a record of the path's kind.
pub(super) fn request_bodies() -> Map<String, Value> {
    let one_of: Vec<Value> = RecordKind::ALL
        .iter()
        .map(|k| super::component_ref("schemas", schema_key(*k)))
        .collect();
    let mut m = Map::new();
    m.insert(BODY.into(), json!({"required": true, "description": "A record of the path's kind (stages, values or allocations: the schemas in that order)",
           "content": {"application/json": {"schema": {"oneOf": one_of}}}}));
    m
}

fn stored(desc: &str) -> Value {
    json!({"description": desc, "headers": {"ETag": super::responses::etag()},
        "content": {"application/json": {"schema": {"type": "object"}}}})
}

/// Path parameters, as references.
fn path_params(keys: &[&str]) -> Vec<Value> {
    keys.iter()
        .map(|k| super::component_ref("parameters", k))
        .collect()
}

/// Adds the `/progress` paths; writes only on a server over a store.
pub(super) fn add_paths(paths: &mut Map<String, Value>, writable: bool) {
    let mut list = json!({"parameters": path_params(&[KIND]), "get": {
        "summary": "Progress records of a kind", "operationId": "listProgress", "tags": ["progress"],
        "description": "Stages reached, indicator values or allocations, each dated and sourced, in the order recorded.",
        "parameters": ([vec![query("measure_id", "Only this measure's records", json!({"type": "string"}), false)],
            history(writable)].concat()),
        "responses": answers(("200", json!({"description": "`{kind, numberReturned, records}`", "content": {"application/json": {"schema": {"type": "object"}}}})),
            &[("400", Resp::BadRequest), ("401", Resp::Unauthorized), ("404", Resp::NotFound)])}});
    let mut one = json!({"parameters": path_params(&[KIND, ID]), "get": {
        "summary": "One progress record, with its ETag", "operationId": "getProgress", "tags": ["progress"],
        "responses": answers(("200", json!({"description": "The record", "content": {"application/json": {"schema": {"type": "object"}}}})),
            &[("401", Resp::Unauthorized), ("404", Resp::NotFound)])}});
    if writable {
        add_writes(&mut list, &mut one);
    }
    paths.insert("/progress/{kind}".into(), list);
    paths.insert("/progress/{kind}/{id}".into(), one);
    if writable {
        paths.insert("/progress/{kind}/{id}/history".into(), json!({"parameters": path_params(&[KIND, ID]), "get": {
            "summary": "Every version of a progress record", "operationId": "progressHistory", "tags": ["progress"],
            "responses": answers(("200", json!({"description": "The versions, oldest first", "content": {"application/json": {"schema": {"type": "object"}}}})),
                &[("401", Resp::Unauthorized), ("404", Resp::NotFound)])}}));
    }
}

/// POST to `list`; PUT, PATCH and DELETE to `one`. Each needs an editor token.
fn add_writes(list: &mut Value, one: &mut Value) {
    let security = json!([{"bearerAuth": []}]);
    let body = super::component_ref("requestBodies", BODY);
    let if_match = [Param::IfMatch.to_ref()];
    let mut created = stored("Created; `Location` is the record's URL");
    created["headers"]["Location"] =
        json!({"description": "The new record", "schema": {"type": "string", "format": "uri"}});
    list["post"] = json!({"summary": "Record progress (editors)", "operationId": "createProgress", "tags": ["progress"],
        "description": "Checked like the seeds file: the measure's, not before 2025-01-20, a URL source; a value's indicator has a numeric target; an allocation's pool is the plan's and is never exceeded, its unit in the plan territory.",
        "security": security, "requestBody": body,
        "responses": write_answers(("201", created), true)});
    one["put"] = json!({"summary": "Replace a progress record (editors)", "operationId": "replaceProgress", "tags": ["progress"],
        "security": security, "parameters": if_match, "requestBody": body,
        "responses": write_answers(("200", stored("Replaced")), true)});
    one["patch"] = json!({"summary": "Change part of a progress record (editors; RFC 7386 merge patch)", "operationId": "updateProgress", "tags": ["progress"],
        "security": security, "parameters": if_match, "requestBody": Body::MergePatch.to_ref(),
        "responses": write_answers(("200", stored("Updated")), true)});
    one["delete"] = json!({"summary": "Delete a progress record (editors; its history stays)", "operationId": "deleteProgress", "tags": ["progress"],
        "security": security, "parameters": if_match,
        "responses": write_answers(("204", Resp::Deleted.to_ref()), false)});
}
