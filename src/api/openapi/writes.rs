//! The writes of the measure-location collections (OGC API – Features Part 4)
//! and the history of their locations, on the templated collection paths: their
//! `collectionId` is a `LocationCollectionId` (an operation's path parameter
//! overrides the path's of the same name).

use serde_json::{json, Map, Value};

use super::bodies::Body;
use super::collections::{FEATURE_ID, LOCATION_COLLECTION_ID};
use super::parameters::Param;
use super::responses::{answers, write_answers, Resp};

/// Adds POST to `items`, PUT, PATCH and DELETE to `item`, and the
/// `…/items/{featureId}/history` path.
pub(super) fn add(items: &mut Value, item: &mut Value, paths: &mut Map<String, Value>) {
    let (if_match, crs) = (Param::IfMatch.to_ref(), Param::ContentCrs.to_ref());
    items["post"] = write(
        ("createFeature", "Add a location"),
        vec![crs.clone()],
        Some(Body::NewLocation),
        write_answers(("201", Resp::FeatureCreated.to_ref()), true),
    );
    item["put"] = write(
        ("replaceFeature", "Replace a location"),
        vec![if_match.clone(), crs.clone()],
        Some(Body::Location),
        write_answers(("200", Resp::FeatureStored.to_ref()), true),
    );
    item["patch"] = write(
        ("updateFeature", "Change part of a location"),
        vec![if_match.clone(), crs],
        Some(Body::MergePatch),
        write_answers(("200", Resp::FeatureStored.to_ref()), true),
    );
    item["delete"] = write(
        (
            "deleteFeature",
            "Delete a location (it ends; its history stays)",
        ),
        vec![if_match],
        None,
        write_answers(("204", Resp::Deleted.to_ref()), false),
    );
    let r = |key: &str| super::component_ref("parameters", key);
    paths.insert(
        "/collections/{collectionId}/items/{featureId}/history".into(),
        json!({"parameters": [r(LOCATION_COLLECTION_ID), r(FEATURE_ID)], "get": {"summary": "Every version of a location",
            "operationId": "getFeatureHistory",
            "responses": answers(("200", Resp::FeatureHistory.to_ref()),
                &[("400", Resp::BadRequest), ("404", Resp::NotFound)])}}),
    );
}

/// One write: `(operation id, summary)`, its header parameters (after the
/// measure-location `collectionId`), its body and its answers. Every write needs
/// an editor token.
fn write(
    (op, summary): (&str, &str),
    params: Vec<Value>,
    body: Option<Body>,
    responses: Value,
) -> Value {
    let mut all = vec![super::component_ref("parameters", LOCATION_COLLECTION_ID)];
    all.extend(params);
    let mut o = json!({"summary": summary, "operationId": op,
        "security": [{"bearerAuth": []}], "parameters": all});
    if let Some(b) = body {
        o["requestBody"] = b.to_ref();
    }
    o["responses"] = responses;
    o
}
