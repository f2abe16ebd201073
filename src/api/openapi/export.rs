//! `/export/{file}`: the downloads, every file name the server makes as an enum.

use serde_json::{json, Value};

use super::parameters::query;
use super::responses::{answers, Resp};
use crate::index::Catalog;

pub(super) fn path(cat: &Catalog) -> Value {
    json!({"get": {
        "summary": "Downloads: a layer as GeoJSON or CSV, the coverage table as CSV, or every layer as one GeoPackage",
        "operationId": "export",
        "parameters": [
            {"name": "file", "in": "path", "required": true, "schema": {"type": "string", "enum": files(cat)}},
            query("vintage", "coverage*.csv only: units of 2021 or current.", json!({"type": "string", "enum": ["2021", "current"], "default": "2021"}), false),
            query("layer", "coverage*.csv only: a layer of sites for the reach columns (with radius_m).", json!({"type": "string"}), false),
            query("radius_m", "coverage*.csv only: reach in metres, (0, 1000000].", json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1000000}), false),
            query("crs", "pierobeza.gpkg only: EPSG:4326 or EPSG:3059 (LKS-92).", json!({"type": "string", "enum": ["EPSG:4326", "EPSG:3059"], "default": "EPSG:4326"}), false),
        ],
        "responses": answers(("200", json!({"description": "The file, as an attachment", "content": {
                "application/geo+json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}},
                "application/geopackage+sqlite3": {"schema": {"type": "string", "format": "binary"}}}})),
            &[("400", Resp::BadRequest), ("404", Resp::NotFound), ("503", Resp::Unavailable)])}})
}

fn files(cat: &Catalog) -> Vec<String> {
    let mut files: Vec<String> = vec!["coverage.csv".into(), "coverage-totals.csv".into()];
    // The GeoPackage is offered only by a server built with GDAL (otherwise it is a 503).
    if cfg!(feature = "gdal") {
        files.push("pierobeza.gpkg".into());
    }
    for l in &cat.layers {
        files.push(format!("{}.geojson", l.id));
        files.push(format!("{}.csv", l.id));
    }
    files
}
