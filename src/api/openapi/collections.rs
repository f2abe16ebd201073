//! The paths of each collection: its description, its queryables, its features and
//! one feature (and, on a server over a store, the measure locations' writes and history, see
//! [`super::writes`]). All they share is a `$ref` into `components`; inline is only
//! what is the collection's own: its title and description, operation ids and tag,
//! a property filter that cannot be shared, and the `featureId` example. The
//! document grows by about that much per collection.

use serde_json::{json, Map, Value};

use super::filters::Filters;
use super::parameters::{feature_id, history, Param};
use super::responses::{answers, Resp};
use crate::index::{Catalog, Layer, LayerGroup};

/// Adds `/collections/{id}`, `…/items` and `…/items/{featureId}` of every layer;
/// `writable`: a server over a store (history reads, and writes to measure locations).
pub(super) fn add_paths(
    cat: &Catalog,
    filters: &Filters,
    writable: bool,
    paths: &mut Map<String, Value>,
) {
    for l in &cat.layers {
        paths.insert(format!("/collections/{}", l.id), describe(l));
        paths.insert(format!("/collections/{}/queryables", l.id), queryables(l));
        let mut items = json!({"get": features(l, filters, writable)});
        // featureId is a parameter of the path, so of each of its operations.
        let mut item = json!({"parameters": [feature_id(l)], "get": one_feature(l, writable)});
        if writable && l.group == LayerGroup::Measures {
            super::writes::add(l, &mut items, &mut item, paths);
        }
        paths.insert(format!("/collections/{}/items", l.id), items);
        paths.insert(format!("/collections/{}/items/{{featureId}}", l.id), item);
    }
}

fn describe(l: &Layer) -> Value {
    json!({"get": {"summary": l.title, "operationId": format!("describe_{}", l.id), "tags": [l.id],
        "parameters": [Param::JsonFormat.to_ref()],
        "responses": answers(("200", Resp::Collection.to_ref()), &[("400", Resp::BadRequest)])}})
}

/// `GET …/queryables`.
fn queryables(l: &Layer) -> Value {
    json!({"get": {"summary": "The properties to filter on", "operationId": format!("getQueryables_{}", l.id), "tags": [l.id],
        "parameters": [Param::JsonFormat.to_ref()],
        "responses": answers(("200", Resp::Queryables.to_ref()), &[("400", Resp::BadRequest), ("404", Resp::NotFound)])}})
}

/// `GET …/items`: paging, bbox, order, selection, format, `datetime` and a filter per property.
fn features(l: &Layer, filters: &Filters, writable: bool) -> Value {
    let mut params: Vec<Value> = [
        Param::Limit,
        Param::Offset,
        Param::Bbox,
        Param::SortBy,
        Param::Properties,
        Param::SkipGeometry,
        Param::FeaturesFormat,
    ]
    .iter()
    .map(|p| p.to_ref())
    .collect();
    params.extend(history(writable));
    params.extend(l.schema.iter().map(|(name, t)| filters.param(name, t)));
    json!({"summary": "The features", "description": l.description,
        "operationId": format!("getFeatures_{}", l.id), "tags": [l.id], "parameters": params,
        "responses": answers(("200", Resp::Features.to_ref()),
            &[("400", Resp::BadRequest), ("404", Resp::NotFound)])})
}

/// `GET …/items/{featureId}`.
fn one_feature(l: &Layer, writable: bool) -> Value {
    let select = [Param::Properties, Param::SkipGeometry, Param::JsonFormat].map(Param::to_ref);
    let params = [select.to_vec(), history(writable)].concat();
    json!({"summary": "One feature", "operationId": format!("getFeature_{}", l.id), "tags": [l.id],
        "parameters": params,
        "responses": answers(("200", Resp::Feature.to_ref()),
            &[("400", Resp::BadRequest), ("404", Resp::NotFound)])})
}
