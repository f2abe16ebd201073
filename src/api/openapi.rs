//! The OpenAPI 3.0 document: every path, and every query parameter of each
//! items path, including the property filters the collection accepts.

use serde_json::{json, Map, Value};

use super::ogc::{LIMIT_DEFAULT, LIMIT_MAX};
use crate::index::Catalog;

pub(super) fn p(name: &str, description: &str, schema: Value, required: bool) -> Value {
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

/// `datetime`, on servers with a store: the plan as it stood at an instant.
pub(super) fn datetime_param() -> Value {
    p(
        "datetime",
        "Read the plan as it stood at this instant (RFC 3339, e.g. 2025-01-20T00:00:00Z, the approved baseline), from the store's history. OGC API – Features defines `datetime` as a filter on each feature's own time; the plan's features have none, so here it is the record time: the revisions valid at that instant. Intervals are refused (400).",
        json!({"type": "string", "format": "date-time"}),
        false,
    )
}

fn geojson_response(desc: &str) -> Value {
    with_edge_errors(
        json!({"200": {"description": desc, "content": {"application/geo+json": {"schema": {"type": "object"}}}},
           "400": {"$ref": "#/components/responses/BadRequest"},
           "404": {"$ref": "#/components/responses/NotFound"}}),
    )
}

pub(super) fn json_response(desc: &str) -> Value {
    with_edge_errors(
        json!({"200": {"description": desc, "content": {"application/json": {"schema": {"type": "object"}}}},
           "400": {"$ref": "#/components/responses/BadRequest"}}),
    )
}

/// Adds the answers the HTTP edge may give to any request: 414 (request target over 8 KiB),
/// 431 (too many or too large headers).
pub(super) fn with_edge_errors(mut responses: Value) -> Value {
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

/// The answers a write may give besides its success.
pub(super) fn write_errors(mut responses: Value, with_body: bool) -> Value {
    if let Some(m) = responses.as_object_mut() {
        for (code, r) in [
            ("401", "Unauthorized"),
            ("403", "Forbidden"),
            ("404", "NotFound"),
            ("405", "MethodNotAllowed"),
            ("409", "Conflict"),
            ("412", "PreconditionFailed"),
        ] {
            m.insert(
                code.into(),
                json!({"$ref": format!("#/components/responses/{r}")}),
            );
        }
        if with_body {
            m.insert(
                "400".into(),
                json!({"$ref": "#/components/responses/InvalidFeature"}),
            );
            m.insert(
                "413".into(),
                json!({"$ref": "#/components/responses/TooLarge"}),
            );
            m.insert(
                "415".into(),
                json!({"$ref": "#/components/responses/UnsupportedMediaType"}),
            );
        } else {
            m.insert(
                "400".into(),
                json!({"$ref": "#/components/responses/BadRequest"}),
            );
        }
    }
    with_edge_errors(responses)
}

/// The header parameters of a write to an existing feature.
pub(super) fn if_match_param() -> Value {
    json!({"name": "If-Match", "in": "header", "required": false,
           "description": "The ETag of the version the change is based on (from GET, POST, PUT or PATCH); when it is no longer current the answer is 412 and nothing is stored. Optional.",
           "schema": {"type": "string"}})
}

fn content_crs_param() -> Value {
    json!({"name": "Content-Crs", "in": "header", "required": false,
           "description": "The CRS of the body's coordinates: only CRS84 (with or without <>).",
           "schema": {"type": "string", "enum": [super::ogc::CRS84, format!("<{}>", super::ogc::CRS84)]}})
}

/// The write operations of a measure-location collection (OGC API – Features Part 4).
fn write_operations(
    l: &crate::index::Layer,
    items: &mut Value,
    item: &mut Value,
    paths: &mut Map<String, Value>,
) {
    let security = json!([{"bearerAuth": []}]);
    let feature_body = |required_note: &str| {
        json!({"required": true, "description": required_note,
               "content": {
                   "application/geo+json": {"schema": {"$ref": "#/components/schemas/LocationFeature"}},
                   "application/json": {"schema": {"$ref": "#/components/schemas/LocationFeature"}}}})
    };
    let stored = |desc: &str, status: &str| {
        let mut r = Map::new();
        r.insert(status.into(), json!({"description": desc,
            "headers": {"ETag": {"description": "The strong ETag of the stored version", "schema": {"type": "string"}}},
            "content": {"application/geo+json": {"schema": {"type": "object"}}}}));
        Value::Object(r)
    };
    let mut created = stored("Created; `Location` is the new feature's URL", "201");
    created["201"]["headers"]["Location"] =
        json!({"description": "The new feature", "schema": {"type": "string", "format": "uri"}});
    items["post"] = json!({
        "summary": format!("{}: add a location", l.title),
        "description": "A GeoJSON Feature. Properties: `measure_id` (required), `precision` (required: exact, settlement, municipality, region), `provenance` (required; a URL at exact precision), `place_name` (or `name`), `site_status` (null or `candidate`), `note`, `location_id` (optional: `<measure_id>/<name>`; made from the name otherwise), `municipalities` (2021 unit codes; used at municipality or region precision). The geometry is required at exact and settlement precision (a Point at settlement), else optional (a polygon, from which the units are taken). Properties served from the measure are ignored. Needs an editor token.",
        "operationId": format!("createFeature_{}", l.id), "tags": [l.id],
        "security": security,
        "parameters": [content_crs_param()],
        "requestBody": feature_body("The new location as a GeoJSON Feature"),
        "responses": write_errors(created, true)});
    item["put"] = json!({
        "summary": format!("{}: replace a location", l.title),
        "description": "The whole location anew (the same properties as POST; `measure_id` and `location_id` cannot change). Needs an editor token.",
        "operationId": format!("replaceFeature_{}", l.id), "tags": [l.id],
        "security": security,
        "parameters": [feature_id_param(l), if_match_param(), content_crs_param()],
        "requestBody": feature_body("The location as a GeoJSON Feature"),
        "responses": write_errors(stored("Replaced: the feature as now served", "200"), true)});
    item["patch"] = json!({
        "summary": format!("{}: change part of a location", l.title),
        "description": "An RFC 7386 JSON merge patch of the feature, e.g. `{\"properties\": {\"note\": \"…\"}}` or `{\"geometry\": …}`; null removes a property. Needs an editor token.",
        "operationId": format!("updateFeature_{}", l.id), "tags": [l.id],
        "security": security,
        "parameters": [feature_id_param(l), if_match_param(), content_crs_param()],
        "requestBody": {"required": true, "content": {
            "application/merge-patch+json": {"schema": {"type": "object"}},
            "application/json": {"schema": {"type": "object"}}}},
        "responses": write_errors(stored("Updated: the feature as now served", "200"), true)});
    item["delete"] = json!({
        "summary": format!("{}: delete a location", l.title),
        "description": "The location ends; its history stays (see /history). Needs an editor token.",
        "operationId": format!("deleteFeature_{}", l.id), "tags": [l.id],
        "security": security,
        "parameters": [feature_id_param(l), if_match_param()],
        "responses": write_errors(json!({"204": {"description": "Deleted"}}), false)});
    paths.insert(
        format!("/collections/{}/items/{{featureId}}/history", l.id),
        json!({"get": {"summary": format!("{}: every version of a location", l.title),
            "description": "Oldest first, from the baseline (2025-01-20) on, deletions included: version, op, when, author (a token's name), the changeset's kind, and the properties and geometry after the change.",
            "operationId": format!("getFeatureHistory_{}", l.id), "tags": [l.id],
            "parameters": [feature_id_param(l)],
            "responses": with_edge_errors(json!({
                "200": {"description": "The versions", "content": {"application/json": {"schema": {"type": "object", "required": ["versions"], "properties": {"versions": {"type": "array", "items": {"type": "object"}}}}}}},
                "400": {"$ref": "#/components/responses/BadRequest"},
                "404": {"$ref": "#/components/responses/NotFound"}}))}}),
    );
}

/// The document, with servers pointing at `base`; `writable`: the measure
/// locations take writes (a server over a store).
pub fn document(cat: &Catalog, base: &str, writable: bool) -> Value {
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
    let history: Vec<Value> = writable.then(datetime_param).into_iter().collect();
    for l in &cat.layers {
        let mut params = common_items_params();
        params.extend(history.iter().cloned());
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
        let mut items = json!({"get": {"summary": format!("{}: features", l.title), "description": l.description, "operationId": format!("getFeatures_{}", l.id), "tags": [l.id], "parameters": params, "responses": geojson_response("A page of features")}});
        let mut item = json!({"get": {"summary": format!("{}: one feature", l.title), "operationId": format!("getFeature_{}", l.id), "tags": [l.id],
                "parameters": ([vec![feature_id_param(l), f_only[0].clone()], history.clone()].concat()),
                "responses": geojson_response("One feature")}});
        if writable && l.group == crate::index::LayerGroup::Measures {
            write_operations(l, &mut items, &mut item, &mut paths);
        }
        paths.insert(format!("/collections/{}/items", l.id), items);
        paths.insert(format!("/collections/{}/items/{{featureId}}", l.id), item);
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
        "parameters": ([history.clone(), vec![
            vintage,
            p("municipality", "Restrict to one unit (ISO 3166-2 code, e.g. LV-058).", json!({"type": "string"}), false),
            p("layer", "Facility layer for reach: a layer of sites (points).", json!({"type": "string", "enum": site_layers}), false),
            p("radius_m", "Reach in metres, (0, 1000000]; requires `layer`.", json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1000000}), false),
            p("format", "json, geojson (unit polygons with the figures) or csv.", json!({"type": "string", "enum": ["json", "geojson", "csv"], "default": "json"}), false),
        ]].concat()),
        "responses": with_edge_errors(json!({
            "200": {"description": "The coverage report", "content": {
                "application/json": {"schema": {"type": "object"}},
                "application/geo+json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}}))}}));
    paths.insert("/analysis/progress".into(), json!({"get": {
        "summary": "Progress of the plan on a date",
        "description": "Each measure's stage on `date` (approved until a stage record says otherwise), each indicator's latest value, share of its target and whether it is on track or late against a straight path from 0 at approval (2025-01-20) to the target at the end of its target year, and per 2021 unit of the plan territory the measures touching it by stage, the money allocated in it (null when none is recorded) and the standing of the indicators of those measures.",
        "operationId": "progress",
        "parameters": ([history.clone(), vec![
            p("date", "The day to report on, YYYY-MM-DD, from 2025-01-20; default today (UTC).", json!({"type": "string", "format": "date"}), false),
            p("f", "json (default), geojson (the units as a choropleth on the 2021 polygons) or csv (one table, see `table`).", json!({"type": "string", "enum": ["json", "geojson", "csv"]}), false),
            p("table", "With f=csv: units (default), measures or indicators.", json!({"type": "string", "enum": ["units", "measures", "indicators"]}), false),
        ]].concat()),
        "responses": with_edge_errors(json!({
            "200": {"description": "The progress report", "content": {
                "application/json": {"schema": {"type": "object", "required": ["date", "measures", "indicators", "units"]}},
                "application/geo+json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}}))}}));
    reports_paths(cat, &history, &mut paths);
    paths.insert("/analysis/nearest".into(), json!({"get": {
        "summary": "The k nearest features of a layer", "operationId": "nearest",
        "parameters": ([vec![lon.clone(), lat.clone(), layer.clone(), p("k", "How many, 1–1000.", json!({"type": "integer", "minimum": 1, "maximum": 1000, "default": 5}), false)], history.clone()].concat()),
        "responses": geojson_response("Features with `distance_m` (metres)")}}));
    paths.insert("/analysis/within".into(), json!({"get": {
        "summary": "Features of a layer within a radius", "operationId": "within",
        "parameters": ([vec![lon.clone(), lat.clone(), layer, p("radius_m", "Radius in metres, (0, 1000000].", json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1000000}), true)], history.clone()].concat()),
        "responses": geojson_response("Features with `distance_m` (metres)")}}));
    paths.insert("/analysis/locate".into(), json!({"get": {
        "summary": "The unit containing a point, and its distance to the RU and BY borders (metres)", "operationId": "locate",
        "parameters": ([vec![lon, lat], history].concat()), "responses": json_response("The units and distances")}}));
    paths.insert("/plan".into(), json!({"get": {
        "summary": "The plan itself: its challenges, monitoring, priorities after 2027, money pools", "operationId": "plan",
        "parameters": [p("f", "Output format.", json!({"type": "string", "enum": ["json"]}), false)],
        "responses": json_response("The plan's statements, quoted from its summary with English translations")}}));
    paths.insert("/auth/whoami".into(), json!({"get": {
        "summary": "Whose the bearer token is: its name, role and whether it may write (the map checks a token with it before keeping it)",
        "operationId": "whoami", "security": [{"bearerAuth": []}],
        "responses": with_edge_errors(json!({
            "200": {"description": "The token's holder", "content": {"application/json": {"schema": {"type": "object",
                "required": ["name", "role", "can_write"],
                "properties": {"name": {"type": "string"}, "role": {"type": "string", "enum": ["analyst", "editor", "admin"]}, "can_write": {"type": "boolean"}}}}}},
            "401": {"$ref": "#/components/responses/Unauthorized"}}))}}));
    paths.insert("/map".into(), json!({"get": {
        "summary": "The browser map (HTML page; its assets are under /map/)", "operationId": "map",
        "responses": with_edge_errors(json!({"200": {"description": "The map page", "content": {"text/html": {"schema": {"type": "string"}}}},
                      "503": {"description": "The map's assets are not built on this server.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}))}}));
    paths.insert("/export/{file}".into(), export_path(&layer_ids));
    super::openapi_progress::add_paths(&mut paths, writable);
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
            "Unavailable": {"description": "This server was built without the part that makes this (e.g. GDAL for the GeoPackage).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "InvalidFeature": {"description": "The body (or a header) is invalid; `field` names what, e.g. `properties.precision`. Nothing is stored.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Unauthorized": {"description": "No bearer token, or an unknown or revoked one.", "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Forbidden": {"description": "The token's role may not write (an editor token is needed).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "MethodNotAllowed": {"description": "The collection is read-only.", "headers": {"Allow": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Conflict": {"description": "The feature cannot be written this way (one point of a multi-point location, or deleted meanwhile).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "PreconditionFailed": {"description": "If-Match names a version that is no longer current; nothing was stored.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "UnsupportedMediaType": {"description": "The body's Content-Type is not accepted.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }, "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "A token from `pierobeza token create --role editor` (writes)."}},
        "schemas": {"Error": {"type": "object", "required": ["code", "description"], "properties": {
            "code": {"type": "string"}, "description": {"type": "string"}, "parameter": {"type": "string"}, "field": {"type": "string"}, "status": {"type": "integer"}}},
            "LocationFeature": {"type": "object", "required": ["type", "properties"], "properties": {
                "type": {"type": "string", "enum": ["Feature"]},
                "geometry": {"type": "object", "nullable": true},
                "properties": {"type": "object", "properties": {
                    "measure_id": {"type": "string"}, "location_id": {"type": "string"},
                    "place_name": {"type": "string", "nullable": true}, "name": {"type": "string", "nullable": true},
                    "precision": {"type": "string", "enum": ["exact", "settlement", "municipality", "region"]},
                    "provenance": {"type": "string"}, "site_status": {"type": "string", "enum": ["candidate"], "nullable": true},
                    "note": {"type": "string", "nullable": true}}}}}}}
    })
}

/// `/reports`, `/reports/{scope}` and `/reports/{scope}/{file}`: the implementation
/// report pages and their tables.
fn reports_paths(cat: &Catalog, history: &[Value], paths: &mut Map<String, Value>) {
    let mut scopes = vec![crate::report::TERRITORY.to_string()];
    scopes.extend(
        crate::report::territory_units(cat)
            .iter()
            .map(|u| u.code.clone()),
    );
    let scope = json!({"name": "scope", "in": "path", "required": true,
        "description": "`territory` (the whole plan territory) or the ISO 3166-2 code of one of its 2021 units.",
        "schema": {"type": "string", "enum": scopes}, "example": "LV-077"});
    let files: Vec<String> = crate::report::tables::ReportTable::ALL
        .iter()
        .map(|t| t.file_name())
        .collect();
    let file = json!({"name": "file", "in": "path", "required": true,
        "description": "indicators.csv (target, latest value, share, verdict), measures.csv (stage and since when), units.csv (population, measures by stage, money), changes.csv (progress records since `since`), sources.csv (the numbered sources).",
        "schema": {"type": "string", "enum": files}});
    let dates = vec![
        p("date", "The day to report on, YYYY-MM-DD, from 2025-01-20; default today (UTC).", json!({"type": "string", "format": "date"}), false),
        p("since", "List the progress records dated from this day to `date`, YYYY-MM-DD; default 2025-01-20 (the plan's approval). Not after `date`.", json!({"type": "string", "format": "date"}), false),
    ];
    let not_found = json!({"$ref": "#/components/responses/NotFound"});
    let bad = json!({"$ref": "#/components/responses/BadRequest"});
    paths.insert("/reports".into(), json!({"get": {
        "summary": "The implementation reports: links to the territory's and each unit's",
        "operationId": "reports",
        "parameters": [p("f", "json (default) or html; a browser's `Accept: text/html` gets html.", json!({"type": "string", "enum": ["json", "html"]}), false)],
        "responses": with_edge_errors(json!({
            "200": {"description": "The reports", "content": {"application/json": {"schema": {"type": "object", "required": ["reports"]}}, "text/html": {"schema": {"type": "string"}}}},
            "400": bad.clone()}))}}));
    paths.insert("/reports/{scope}".into(), json!({"get": {
        "summary": "The implementation report of the plan territory or one unit, as a printable page",
        "description": "A self-contained A4 HTML page (inline CSS and SVG, no script): key figures (population, measures by stage, money allocated and per inhabitant — \"not recorded\" with the reason when nothing is, never 0), a small map of the public sites, the indicators with target, latest achieved value, share and verdict, the measures by stage, the progress records dated from `since`, and the numbered sources. Print it from the browser (A4). Read from the view the caller may see: without a token, no site finer than the public layers. `f=json` gives the same figures as JSON.",
        "operationId": "report",
        "parameters": ([vec![scope.clone()], dates.clone(), history.to_vec(), vec![
            p("f", "html (default) or json.", json!({"type": "string", "enum": ["html", "json"]}), false)]].concat()),
        "responses": with_edge_errors(json!({
            "200": {"description": "The report", "content": {"text/html": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object", "required": ["scope", "date", "since", "figures", "indicators", "measures", "changes", "sources"]}}}},
            "400": bad.clone(), "404": not_found.clone()}))}}));
    paths.insert("/reports/{scope}/{file}".into(), json!({"get": {
        "summary": "A table of an implementation report as CSV (UTF-8 with BOM, header row: opens in a spreadsheet)",
        "operationId": "reportTable",
        "parameters": ([vec![scope, file], dates, history.to_vec()].concat()),
        "responses": with_edge_errors(json!({
            "200": {"description": "The table, as an attachment", "content": {"text/csv": {"schema": {"type": "string"}}}},
            "400": bad, "404": not_found}))}}));
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
