//! The property filters of `/collections/{collectionId}/items` (`?name=value`):
//! one query parameter per property name of any collection, listed once on the
//! templated items path. A collection answers a filter on a property it lacks
//! with a 400. Each stays one `form` parameter of the property's own name (not
//! one exploded object): that is the form GDAL reads a collection's server-side
//! filters from (it keeps those whose name is a field of the layer).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::api::ogc::ITEMS_PARAMS;
use crate::index::Catalog;

/// Every property filter, by name: of the JSON type every collection with the
/// property agrees on, else a string. Names the items path reads itself
/// (`limit`, `bbox`, …) are not filters and are left out.
pub(super) fn params(cat: &Catalog) -> Vec<Value> {
    let mut types: BTreeMap<&str, BTreeSet<&'static str>> = BTreeMap::new();
    for l in &cat.layers {
        for (name, t) in &l.schema {
            types.entry(name.as_str()).or_default().insert(t);
        }
    }
    types
        .into_iter()
        .filter(|(name, _)| !ITEMS_PARAMS.contains(name) && !["filter", "filter-lang", "filter-crs"].contains(name))
        .map(|(name, ts)| {
            let t = match (ts.len(), ts.first()) {
                (1, Some(t)) => *t,
                _ => "string",
            };
            json!({"name": name, "in": "query", "schema": {"type": t}, "style": "form", "explode": false})
        })
        .collect()
}
