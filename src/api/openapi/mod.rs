//! The OpenAPI 3.0 document served at `/api`: every path and every query
//! parameter, the property filters of the items included. QGIS fetches it for
//! every layer it adds, so it is kept small (≤ 60 kB on the shipped data, issue
//! #15): the collections share one templated path set with their ids as an enum
//! (see `collections.rs` for what clients read and why that keeps them working),
//! and whatever several operations share is defined once under `components` and
//! referenced by `$ref`.

use serde_json::{json, Map, Value};

use crate::index::Catalog;

mod analysis;
mod bodies;
mod collections;
mod export;
mod filters;
mod parameters;
mod progress;
mod reports;
mod responses;
mod schemas;
mod service;
mod tiles;
mod writes;

/// `{"$ref": "#/components/<section>/<key>"}`.
fn component_ref(section: &str, key: &str) -> Value {
    json!({"$ref": format!("#/components/{section}/{key}")})
}

/// One map of the entries of all of `maps` (each module's keys are its own).
fn merged<const N: usize>(maps: [Map<String, Value>; N]) -> Map<String, Value> {
    maps.into_iter().flatten().collect()
}

/// The document, with servers pointing at `base`; `writable`: the measure
/// locations take writes (a server over a store).
pub fn document(cat: &Catalog, base: &str, writable: bool) -> Value {
    let parameters = merged([
        parameters::components(),
        analysis::parameters(),
        reports::parameters(cat),
        progress::parameters(),
        collections::parameters(cat, writable),
    ]);
    let mut paths = Map::new();
    service::add_paths(&mut paths);
    collections::add_paths(cat, writable, &mut paths);
    tiles::add_paths(&mut paths);
    analysis::add_paths(cat, writable, &mut paths);
    reports::add_paths(writable, &mut paths);
    paths.insert("/export/{file}".into(), export::path(cat));
    progress::add_paths(&mut paths, writable);
    json!({
        "openapi": "3.0.3",
        "info": {"title": "pierobeza", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Latvia's Eastern border area action plan 2025–2027 as OGC API – Features, with coverage and proximity analyses. Every GET answer carries a strong ETag (one per content coding) and Last-Modified; send If-None-Match or If-Modified-Since to get 304 Not Modified while the data is unchanged. Answers come in gzip or br on request (Accept-Encoding).",
                 "license": {"name": "MIT OR Apache-2.0"}},
        "servers": [{"url": base}],
        "paths": paths,
        "components": {
            "parameters": parameters,
            "responses": responses::components(),
            "requestBodies": merged([bodies::components(), progress::request_bodies()]),
            "schemas": merged([schemas::components(), progress::schemas(), collections::schemas(cat, writable)]),
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                "description": "A token from `pierobeza token create --role editor` (writes)."}},
        },
    })
}
