//! The writes of a measure-location collection (OGC API – Features Part 4) and
//! the history of its locations. Their bodies, answers and headers are the same
//! in every such collection, so they are references into `components`.

use serde_json::{json, Map, Value};

use super::bodies::Body;
use super::parameters::{feature_id, Param};
use super::responses::{answers, write_answers, Resp};
use crate::index::Layer;

/// Adds POST to `items`, PUT, PATCH and DELETE to `item`, and the
/// `…/items/{featureId}/history` path.
pub(super) fn add(l: &Layer, items: &mut Value, item: &mut Value, paths: &mut Map<String, Value>) {
    let (if_match, crs) = (Param::IfMatch.to_ref(), Param::ContentCrs.to_ref());
    items["post"] = write(
        l,
        ("createFeature", "Add a location"),
        vec![crs.clone()],
        Some(Body::NewLocation),
        write_answers(("201", Resp::FeatureCreated.to_ref()), true),
    );
    item["put"] = write(
        l,
        ("replaceFeature", "Replace a location"),
        vec![if_match.clone(), crs.clone()],
        Some(Body::Location),
        write_answers(("200", Resp::FeatureStored.to_ref()), true),
    );
    item["patch"] = write(
        l,
        ("updateFeature", "Change part of a location"),
        vec![if_match.clone(), crs],
        Some(Body::MergePatch),
        write_answers(("200", Resp::FeatureStored.to_ref()), true),
    );
    item["delete"] = write(
        l,
        (
            "deleteFeature",
            "Delete a location (it ends; its history stays)",
        ),
        vec![if_match],
        None,
        write_answers(("204", Resp::Deleted.to_ref()), false),
    );
    paths.insert(
        format!("/collections/{}/items/{{featureId}}/history", l.id),
        json!({"parameters": [feature_id(l)], "get": {"summary": "Every version of a location",
            "operationId": format!("getFeatureHistory_{}", l.id), "tags": [l.id],
            "responses": answers(("200", Resp::FeatureHistory.to_ref()),
                &[("400", Resp::BadRequest), ("404", Resp::NotFound)])}}),
    );
}

/// One write operation of `l`: `(operation id prefix, summary)`, its header
/// parameters, its body and its answers. Every write needs an editor token.
fn write(
    l: &Layer,
    (op, summary): (&str, &str),
    params: Vec<Value>,
    body: Option<Body>,
    responses: Value,
) -> Value {
    let mut o = json!({"summary": summary, "operationId": format!("{op}_{}", l.id), "tags": [l.id],
        "security": [{"bearerAuth": []}], "parameters": params});
    if let Some(b) = body {
        o["requestBody"] = b.to_ref();
    }
    o["responses"] = responses;
    o
}
