//! The analyses' paths: coverage per unit, progress on a date, and the
//! proximity queries around a point (nearest, within, locate).

use serde_json::{json, Map, Value};

use super::parameters::{history, query, Param};
use super::responses::{geojson_ok, json_ok, with_edge_errors, Resp};
use crate::index::{Catalog, GeomClass};

/// The keys under `components/parameters` of the point and layer the proximity
/// queries take.
const LON: &str = "point-lon";
const LAT: &str = "point-lat";
const LAYER: &str = "analysis-layer";

/// The parameters more than one analysis takes: a point and a layer.
pub(super) fn parameters() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        LON.into(),
        query(
            "lon",
            "Longitude, WGS 84 degrees, [-180, 180].",
            json!({"type": "number", "minimum": -180, "maximum": 180}),
            true,
        ),
    );
    m.insert(
        LAT.into(),
        query(
            "lat",
            "Latitude, WGS 84 degrees, [-90, 90].",
            json!({"type": "number", "minimum": -90, "maximum": 90}),
            true,
        ),
    );
    m.insert(
        LAYER.into(),
        query(
            "layer",
            "A collection id.",
            super::component_ref("schemas", "CollectionId"),
            true,
        ),
    );
    m
}

/// Adds `/analysis/…`; `writable`: a server over a store (`datetime`).
pub(super) fn add_paths(cat: &Catalog, writable: bool, paths: &mut Map<String, Value>) {
    paths.insert("/analysis/coverage".into(), coverage(cat, writable));
    paths.insert("/analysis/progress".into(), progress(writable));
    let r = |key: &str| super::component_ref("parameters", key);
    let with_history = |params: Vec<Value>| [params, history(writable)].concat();
    paths.insert("/analysis/nearest".into(), json!({"get": {
        "summary": "The k nearest features of a layer", "operationId": "nearest",
        "parameters": with_history(vec![r(LON), r(LAT), r(LAYER),
            query("k", "How many, 1–1000.", json!({"type": "integer", "minimum": 1, "maximum": 1000, "default": 5}), false)]),
        "responses": geojson_ok("Features with `distance_m` (metres)")}}));
    paths.insert("/analysis/within".into(), json!({"get": {
        "summary": "Features of a layer within a radius", "operationId": "within",
        "parameters": with_history(vec![r(LON), r(LAT), r(LAYER),
            query("radius_m", "Radius in metres, (0, 1000000].", json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1000000}), true)]),
        "responses": geojson_ok("Features with `distance_m` (metres)")}}));
    paths.insert("/analysis/locate".into(), json!({"get": {
        "summary": "The unit containing a point, and its distance to the RU and BY borders (metres)", "operationId": "locate",
        "parameters": with_history(vec![r(LON), r(LAT)]), "responses": json_ok("The units and distances")}}));
}

fn coverage(cat: &Catalog, writable: bool) -> Value {
    let site_layers: Vec<&str> = cat
        .layers
        .iter()
        .filter(|l| l.class == GeomClass::Points)
        .map(|l| l.id.as_str())
        .collect();
    json!({"get": {
        "summary": "Coverage per municipality",
        "description": "Per unit: measures by direction and kind, funding attributed, line km and polygon m² clipped to the unit; with `layer` and `radius_m`, the share of the unit's area and settlement population within that distance (metres) of the nearest feature of the layer, and the settlements beyond. Totals for the plan territory, the rest of Latvia and Latvia. Areas in km², distances in metres.",
        "operationId": "coverage",
        "parameters": ([history(writable), vec![
            query("vintage", "Units: 2021 (the plan's 43) or current (42).", json!({"type": "string", "enum": ["2021", "current"], "default": "2021"}), false),
            query("municipality", "Restrict to one unit (ISO 3166-2 code, e.g. LV-058).", json!({"type": "string"}), false),
            query("layer", "Facility layer for reach: a layer of sites (points).", json!({"type": "string", "enum": site_layers}), false),
            query("radius_m", "Reach in metres, (0, 1000000]; requires `layer`.", json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1000000}), false),
            query("format", "json, geojson (unit polygons with the figures) or csv.", json!({"type": "string", "enum": ["json", "geojson", "csv"], "default": "json"}), false),
            query("skipGeometry", "geojson: the figures without the units' polygons.", json!({"type": "boolean", "default": false}), false),
        ]].concat()),
        "responses": with_edge_errors(json!({
            "200": {"description": "The coverage report", "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/geo+json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}}}},
            "400": Resp::BadRequest.to_ref()}))}})
}

fn progress(writable: bool) -> Value {
    json!({"get": {
        "summary": "Progress of the plan on a date",
        "description": "Each measure's stage on `date` (approved until a stage record says otherwise), each indicator's latest value, share of its target and whether it is on track or late against a straight path from 0 at approval (2025-01-20) to the target at the end of its target year, and per 2021 unit of the plan territory the measures touching it by stage, the money allocated in it (null when none is recorded) and the standing of the indicators of those measures.",
        "operationId": "progress",
        "parameters": ([history(writable), vec![
            Param::ReportDate.to_ref(),
            query("f", "json (default), geojson (the units as a choropleth on the 2021 polygons) or csv (one table, see `table`).", json!({"type": "string", "enum": ["json", "geojson", "csv"]}), false),
            query("table", "With f=csv: units (default), measures or indicators.", json!({"type": "string", "enum": ["units", "measures", "indicators"]}), false),
        ]].concat()),
        "responses": with_edge_errors(json!({
            "200": {"description": "The progress report", "content": {
                "application/json": {"schema": {"type": "object", "required": ["date", "measures", "indicators", "units"]}},
                "application/geo+json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}}}},
            "400": Resp::BadRequest.to_ref()}))}})
}
