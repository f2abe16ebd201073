//! The OpenAPI 3.0 document: every path, and every query parameter of each
//! items path, including the property filters the collection accepts.

use serde_json::{json, Map, Value};

use super::ogc::{LIMIT_DEFAULT, LIMIT_MAX};
use crate::index::Catalog;

fn p(name: &str, description: &str, schema: Value, required: bool) -> Value {
    json!({"name": name, "in": "query", "required": required, "description": description,
           "schema": schema, "style": "form", "explode": false})
}

fn common_items_params() -> Vec<Value> {
    vec![
        p(
            "limit",
            "Page size.",
            json!({"type": "integer", "minimum": 1, "maximum": LIMIT_MAX, "default": LIMIT_DEFAULT}),
            false,
        ),
        p(
            "offset",
            "Features to skip (paging; follow the `next` link).",
            json!({"type": "integer", "minimum": 0, "maximum": u32::MAX, "default": 0}),
            false,
        ),
        p(
            "bbox",
            "minlon,minlat,maxlon,maxlat in CRS84 (or six numbers with heights); minlon > maxlon crosses the antimeridian.",
            // OGC's schema is oneOf 4 or 6 items; schemathesis 4.32 cannot generate from that
            // oneOf, so 4 to 6 is declared and 5 is refused with a 400 naming `bbox`.
            json!({"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}}),
            false,
        ),
        p(
            "f",
            "Output format.",
            json!({"type": "string", "enum": ["json", "geojson"]}),
            false,
        ),
    ]
}

fn geojson_response(desc: &str) -> Value {
    with_edge_errors(
        json!({"200": {"description": desc, "content": {"application/geo+json": {"schema": {"type": "object"}}}},
           "400": {"$ref": "#/components/responses/BadRequest"},
           "404": {"$ref": "#/components/responses/NotFound"}}),
    )
}

fn json_response(desc: &str) -> Value {
    with_edge_errors(
        json!({"200": {"description": desc, "content": {"application/json": {"schema": {"type": "object"}}}},
           "400": {"$ref": "#/components/responses/BadRequest"}}),
    )
}

/// Adds the answers the HTTP edge may give to any request: 414 (request target over 8 KiB),
/// 431 (too many or too large headers).
fn with_edge_errors(mut responses: Value) -> Value {
    if let Some(m) = responses.as_object_mut() {
        m.insert(
            "414".into(),
            json!({"$ref": "#/components/responses/TooLarge"}),
        );
        m.insert(
            "431".into(),
            json!({"$ref": "#/components/responses/TooLarge"}),
        );
    }
    responses
}

/// The document, with servers pointing at `base`.
pub fn document(cat: &Catalog, base: &str) -> Value {
    let mut paths = Map::new();
    let f_only = vec![p(
        "f",
        "Output format.",
        json!({"type": "string", "enum": ["json"]}),
        false,
    )];
    paths.insert("/".into(), json!({"get": {"summary": "Landing page", "operationId": "getLandingPage", "parameters": f_only, "responses": json_response("Links to the API")}}));
    paths.insert("/conformance".into(), json!({"get": {"summary": "Conformance classes", "operationId": "getConformanceDeclaration", "parameters": f_only, "responses": json_response("The conformance classes")}}));
    paths.insert("/api".into(), json!({"get": {"summary": "This document", "operationId": "getAPI", "parameters": f_only, "responses": with_edge_errors(json!({"200": {"description": "OpenAPI 3.0", "content": {"application/vnd.oai.openapi+json;version=3.0": {}}}, "400": {"$ref": "#/components/responses/BadRequest"}}))}}));
    paths.insert("/collections".into(), json!({"get": {"summary": "The layers", "operationId": "getCollections", "parameters": f_only, "responses": json_response("Every collection")}}));
    for l in &cat.layers {
        let mut params = common_items_params();
        for (name, t) in &l.schema {
            params.push(p(
                name,
                &format!("Features whose `{name}` equals this value."),
                json!({"type": t}),
                false,
            ));
        }
        paths.insert(
            format!("/collections/{}", l.id),
            json!({"get": {"summary": l.title, "operationId": format!("describe_{}", l.id), "tags": [l.id], "parameters": f_only, "responses": json_response("The collection")}}),
        );
        paths.insert(
            format!("/collections/{}/items", l.id),
            json!({"get": {"summary": format!("{}: features", l.title), "description": l.description, "operationId": format!("getFeatures_{}", l.id), "tags": [l.id], "parameters": params, "responses": geojson_response("A page of features")}}),
        );
        paths.insert(
            format!("/collections/{}/items/{{featureId}}", l.id),
            json!({"get": {"summary": format!("{}: one feature", l.title), "operationId": format!("getFeature_{}", l.id), "tags": [l.id],
                "parameters": [feature_id_param(l), f_only[0]],
                "responses": geojson_response("One feature")}}),
        );
    }
    let layer_ids: Vec<&str> = cat.layers.iter().map(|l| l.id.as_str()).collect();
    let site_layers: Vec<&str> = cat
        .layers
        .iter()
        .filter(|l| l.class == crate::index::GeomClass::Points)
        .map(|l| l.id.as_str())
        .collect();
    let lon = p(
        "lon",
        "Longitude, WGS 84 degrees, [-180, 180].",
        json!({"type": "number", "minimum": -180, "maximum": 180}),
        true,
    );
    let lat = p(
        "lat",
        "Latitude, WGS 84 degrees, [-90, 90].",
        json!({"type": "number", "minimum": -90, "maximum": 90}),
        true,
    );
    let layer = p(
        "layer",
        "A collection id.",
        json!({"type": "string", "enum": layer_ids}),
        true,
    );
    let vintage = p(
        "vintage",
        "Units: 2021 (the plan's 43) or current (42).",
        json!({"type": "string", "enum": ["2021", "current"], "default": "2021"}),
        false,
    );
    paths.insert("/analysis/coverage".into(), json!({"get": {
        "summary": "Coverage per municipality",
        "description": "Per unit: measures by direction and kind, funding attributed, line km and polygon m² clipped to the unit; with `layer` and `radius_m`, the share of the unit's area and settlement population within that distance (metres) of the nearest feature of the layer, and the settlements beyond. Totals for the plan territory, the rest of Latvia and Latvia. Areas in km², distances in metres.",
        "operationId": "coverage",
        "parameters": [
            vintage,
            p("municipality", "Restrict to one unit (ISO 3166-2 code, e.g. LV-058).", json!({"type": "string"}), false),
            p("layer", "Facility layer for reach: a layer of sites (points).", json!({"type": "string", "enum": site_layers}), false),
            p("radius_m", "Reach in metres, (0, 1000000]; requires `layer`.", json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1000000}), false),
            p("format", "json, geojson (unit polygons with the figures) or csv.", json!({"type": "string", "enum": ["json", "geojson", "csv"], "default": "json"}), false),
        ],
        "responses": with_edge_errors(json!({
            "200": {"description": "The coverage report", "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/geo+json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}}))}}));
    paths.insert("/analysis/nearest".into(), json!({"get": {
        "summary": "The k nearest features of a layer", "operationId": "nearest",
        "parameters": [lon, lat, layer, p("k", "How many, 1–1000.", json!({"type": "integer", "minimum": 1, "maximum": 1000, "default": 5}), false)],
        "responses": geojson_response("Features with `distance_m` (metres)")}}));
    paths.insert("/analysis/within".into(), json!({"get": {
        "summary": "Features of a layer within a radius", "operationId": "within",
        "parameters": [lon, lat, layer, p("radius_m", "Radius in metres, (0, 1000000].", json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1000000}), true)],
        "responses": geojson_response("Features with `distance_m` (metres)")}}));
    paths.insert("/analysis/locate".into(), json!({"get": {
        "summary": "The unit containing a point, and its distance to the RU and BY borders (metres)", "operationId": "locate",
        "parameters": [lon, lat], "responses": json_response("The units and distances")}}));
    paths.insert("/plan".into(), json!({"get": {
        "summary": "The plan itself: its challenges, monitoring, priorities after 2027, money pools", "operationId": "plan",
        "parameters": [p("f", "Output format.", json!({"type": "string", "enum": ["json"]}), false)],
        "responses": json_response("The plan's statements, quoted from its summary with English translations")}}));
    paths.insert("/map".into(), json!({"get": {
        "summary": "The browser map (HTML page; its assets are under /map/)", "operationId": "map",
        "responses": with_edge_errors(json!({"200": {"description": "The map page", "content": {"text/html": {"schema": {"type": "string"}}}},
                      "503": {"description": "The map's assets are not built on this server.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}))}}));
    paths.insert("/export/{file}".into(), export_path(&layer_ids));
    json!({
        "openapi": "3.0.3",
        "info": {"title": "pierobeza", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Latvia's Eastern border area action plan 2025–2027 as OGC API – Features, with coverage and proximity analyses.",
                 "license": {"name": "MIT OR Apache-2.0"}},
        "servers": [{"url": base}],
        "paths": paths,
        "components": {"responses": {
            "BadRequest": {"description": "A parameter is invalid; the body names it.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "NotFound": {"description": "No such collection or feature.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "TooLarge": {"description": "The request target (over 8 KiB) or the headers (over 64 or 16 KiB) are too large; the body names which.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Unavailable": {"description": "This server was built without the part that makes this (e.g. GDAL for the GeoPackage).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }, "schemas": {"Error": {"type": "object", "required": ["code", "description"], "properties": {
            "code": {"type": "string"}, "description": {"type": "string"}, "parameter": {"type": "string"}, "status": {"type": "integer"}}}}}
    })
}

/// `/export/{file}`: every file name the server makes, as an enum.
fn export_path(layer_ids: &[&str]) -> Value {
    let mut files: Vec<String> = vec!["coverage.csv".into(), "coverage-totals.csv".into()];
    // The GeoPackage is offered only by a server built with GDAL (otherwise it is a 503).
    if cfg!(feature = "gdal") {
        files.push("pierobeza.gpkg".into());
    }
    for id in layer_ids {
        files.push(format!("{id}.geojson"));
        files.push(format!("{id}.csv"));
    }
    json!({"get": {
        "summary": "Downloads: a layer as GeoJSON or CSV, the coverage table as CSV, or every layer as one GeoPackage",
        "operationId": "export",
        "parameters": [
            {"name": "file", "in": "path", "required": true, "schema": {"type": "string", "enum": files}},
            p("vintage", "coverage*.csv only: units of 2021 or current.", json!({"type": "string", "enum": ["2021", "current"], "default": "2021"}), false),
            p("layer", "coverage*.csv only: a layer of sites for the reach columns (with radius_m).", json!({"type": "string"}), false),
            p("radius_m", "coverage*.csv only: reach in metres, (0, 1000000].", json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1000000}), false),
            p("crs", "pierobeza.gpkg only: EPSG:4326 or EPSG:3059 (LKS-92).", json!({"type": "string", "enum": ["EPSG:4326", "EPSG:3059"], "default": "EPSG:4326"}), false),
        ],
        "responses": with_edge_errors(json!({
            "200": {"description": "The file, as an attachment", "content": {
                "application/geo+json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}},
                "application/geopackage+sqlite3": {"schema": {"type": "string", "format": "binary"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"},
            "404": {"$ref": "#/components/responses/NotFound"},
            "503": {"$ref": "#/components/responses/Unavailable"}}))}})
}

/// The `featureId` path parameter, with a real id of the layer as its example (so that
/// clients and fuzzers reach a feature, not only 404s).
fn feature_id_param(l: &crate::index::Layer) -> Value {
    let mut p =
        json!({"name": "featureId", "in": "path", "required": true, "schema": {"type": "string"}});
    if let Some(f) = l.features.first() {
        p["example"] = json!(f.id);
    }
    p
}
