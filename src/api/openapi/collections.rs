//! The paths of the collections: one templated set, `/collections/{collectionId}`,
//! `…/queryables`, `…/items`, `…/items/{featureId}` (and on a server over a store
//! the measure locations' writes and `…/history`, see [`super::writes`]), with the
//! collection ids as an enum (`components/schemas/CollectionId`).
//!
//! Why not a path set per collection, as before: every collection is served by the
//! same handlers with the same parameters, so 41 copies made the document 336 kB
//! (issue #15 asks ≤ 60 kB). What clients read from this document, and where:
//! - GDAL's OAPIF driver (3.6) looks for the server-side property filters in
//!   `paths./collections/<id>/items.get.parameters` and, when that path is absent,
//!   in `paths./collections/{collectionId}/items.get.parameters`, keeping those
//!   whose name is a field of the layer. The templated items GET lists every
//!   property's filter (see [`super::filters`]), so each layer keeps its own.
//! - QGIS 3.22 reads only `components/parameters/limit` (maximum and default).
//! - QGIS ≥ 3.32 also reads literal `/collections/<id>/items` paths for "simple
//!   queryables"; without them it filters on the client (same features, more
//!   transfer) or, once /conformance declares Part 3 with CQL2 text, sends `filter`.
//!   Listing each collection's filters literally would cost ~42 kB on the shipped
//!   data (758 references; the document ~90 kB): see docs/benchmarks.md.
//! - OWSLib does not read it.

use serde_json::{json, Map, Value};

use super::parameters::{history, Param};
use super::responses::{answers, Resp};
use crate::index::{Catalog, LayerGroup};

/// The keys under `components/parameters` of the path parameters.
pub(super) const COLLECTION_ID: &str = "collectionId";
pub(super) const LOCATION_COLLECTION_ID: &str = "locationCollectionId";
pub(super) const FEATURE_ID: &str = "featureId";

/// The collections that take writes (a server over a store): the measure locations.
fn locations(cat: &Catalog) -> Vec<&str> {
    cat.layers
        .iter()
        .filter(|l| l.group == LayerGroup::Measures)
        .map(|l| l.id.as_str())
        .collect()
}

/// A collection id and a feature id of it, as the examples of the path parameters
/// (so that clients and fuzzers reach a feature, not only 404s): a measure
/// location's when there is one, so that the writes' examples name one too.
fn example(cat: &Catalog) -> Option<(&str, &str)> {
    let with_features = || cat.layers.iter().filter(|l| !l.features.is_empty());
    let l = with_features()
        .find(|l| l.group == LayerGroup::Measures)
        .or_else(|| with_features().next())?;
    Some((l.id.as_str(), l.features.first()?.id.as_str()))
}

/// `CollectionId` (every collection) and `LocationCollectionId` (those that take
/// writes; only when there are any), under `components/schemas`.
pub(super) fn schemas(cat: &Catalog, writable: bool) -> Map<String, Value> {
    let ids: Vec<&str> = cat.layers.iter().map(|l| l.id.as_str()).collect();
    let mut m = Map::new();
    m.insert(
        "CollectionId".into(),
        json!({"type": "string", "enum": ids}),
    );
    let locs = locations(cat);
    if writable && !locs.is_empty() {
        m.insert(
            "LocationCollectionId".into(),
            json!({"type": "string", "enum": locs}),
        );
    }
    m
}

/// The path parameters `collectionId`, `locationCollectionId` and `featureId`.
pub(super) fn parameters(cat: &Catalog, writable: bool) -> Map<String, Value> {
    let (id, fid) = example(cat).unzip();
    let path = |name: &str, schema: Value, ex: Option<&str>| {
        let mut p = json!({"name": name, "in": "path", "required": true, "schema": schema});
        if let Some(e) = ex {
            p["example"] = json!(e);
        }
        p
    };
    let mut m = Map::new();
    let collection = super::component_ref("schemas", "CollectionId");
    m.insert(COLLECTION_ID.into(), path("collectionId", collection, id));
    if writable && !locations(cat).is_empty() {
        let location = super::component_ref("schemas", "LocationCollectionId");
        m.insert(
            LOCATION_COLLECTION_ID.into(),
            path("collectionId", location, id),
        );
    }
    m.insert(
        FEATURE_ID.into(),
        path("featureId", json!({"type": "string"}), fid),
    );
    m
}

/// Adds the templated collection paths; `writable`: a server over a store
/// (history reads, and writes to measure locations).
pub(super) fn add_paths(cat: &Catalog, writable: bool, paths: &mut Map<String, Value>) {
    let r = |key: &str| super::component_ref("parameters", key);
    let collection = || vec![r(COLLECTION_ID)];
    paths.insert(
        "/collections/{collectionId}".into(),
        json!({"parameters": collection(), "get": describe()}),
    );
    paths.insert(
        "/collections/{collectionId}/queryables".into(),
        json!({"parameters": collection(), "get": queryables()}),
    );
    let mut items = json!({"parameters": collection(), "get": features(cat, writable)});
    let mut item =
        json!({"parameters": [r(COLLECTION_ID), r(FEATURE_ID)], "get": one_feature(writable)});
    if writable && !locations(cat).is_empty() {
        super::writes::add(&mut items, &mut item, paths);
    }
    paths.insert("/collections/{collectionId}/items".into(), items);
    paths.insert("/collections/{collectionId}/items/{featureId}".into(), item);
}

fn describe() -> Value {
    json!({"summary": "A collection", "operationId": "describeCollection",
        "parameters": [Param::JsonFormat.to_ref()],
        "responses": answers(("200", Resp::Collection.to_ref()), &[("400", Resp::BadRequest), ("404", Resp::NotFound)])})
}

/// `GET …/queryables`.
fn queryables() -> Value {
    json!({"summary": "The properties to filter on", "operationId": "getQueryables",
        "parameters": [Param::JsonFormat.to_ref()],
        "responses": answers(("200", Resp::Queryables.to_ref()), &[("400", Resp::BadRequest), ("404", Resp::NotFound)])})
}

/// `GET …/items`: paging, bbox, order, selection, format, CRS, `filter`,
/// `datetime` and every property filter.
fn features(cat: &Catalog, writable: bool) -> Value {
    let mut params: Vec<Value> = [
        Param::Limit,
        Param::Offset,
        Param::Bbox,
        Param::BboxCrs,
        Param::Crs,
        Param::SortBy,
        Param::Properties,
        Param::SkipGeometry,
        Param::Filter,
        Param::FilterLang,
        Param::FilterCrs,
        Param::FeaturesFormat,
    ]
    .iter()
    .map(|p| p.to_ref())
    .collect();
    params.extend(history(writable));
    params.extend(super::filters::params(cat));
    json!({"summary": "The features",
        "description": "Every parameter after `f` (and `datetime`) is a property filter, `name=value` (equality), on a property of the collection (see its queryables); one on a property the collection lacks is a 400.",
        "operationId": "getFeatures", "parameters": params,
        "responses": answers(("200", Resp::Features.to_ref()),
            &[("400", Resp::BadRequest), ("404", Resp::NotFound)])})
}

/// `GET …/items/{featureId}`.
fn one_feature(writable: bool) -> Value {
    let select = [
        Param::Crs,
        Param::Properties,
        Param::SkipGeometry,
        Param::JsonFormat,
    ]
    .map(Param::to_ref);
    let params = [select.to_vec(), history(writable)].concat();
    json!({"summary": "One feature", "operationId": "getFeature",
        "parameters": params,
        "responses": answers(("200", Resp::Feature.to_ref()),
            &[("400", Resp::BadRequest), ("404", Resp::NotFound)])})
}
