//! The vector tiles' paths (OGC API – Tiles): the tile matrix set, each collection's
//! tilesets, tileset metadata, TileJSON and tiles.

use serde_json::{json, Map, Value};

use super::collections::COLLECTION_ID;
use super::responses::{answers, Resp};
use crate::api::tiles::{MAX_ZOOM, MVT, TMS_ID};

fn tms_param() -> Value {
    json!({"name": "tileMatrixSetId", "in": "path", "required": true,
        "schema": {"type": "string", "enum": [TMS_ID]}})
}

fn tile_param(name: &str, description: &str, max: Option<u32>) -> Value {
    let mut schema = json!({"type": "integer", "minimum": 0});
    if let Some(m) = max {
        schema["maximum"] = json!(m);
    }
    json!({"name": name, "in": "path", "required": true, "description": description, "schema": schema})
}

fn get(summary: &str, id: &str, ok: Value) -> Value {
    json!({"get": {"summary": summary, "operationId": id,
        "responses": answers(("200", ok), &[("400", Resp::BadRequest), ("404", Resp::NotFound)])}})
}

fn json_ok(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"type": "object"}}}})
}

/// Adds the tiles' paths.
pub(super) fn add_paths(paths: &mut Map<String, Value>) {
    let collection = super::component_ref("parameters", COLLECTION_ID);
    let with = |mut op: Value, params: Value| {
        op["parameters"] = params;
        op
    };
    paths.insert(
        "/tileMatrixSets".into(),
        get(
            "The tile matrix sets",
            "tileMatrixSets",
            json_ok("The list"),
        ),
    );
    paths.insert(
        "/tileMatrixSets/{tileMatrixSetId}".into(),
        with(
            get(
                "A tile matrix set (OGC TMS 2.0 JSON)",
                "tileMatrixSet",
                json_ok("Its definition"),
            ),
            json!([tms_param()]),
        ),
    );
    paths.insert(
        "/collections/{collectionId}/tiles".into(),
        with(
            get(
                "A collection's vector tilesets",
                "collectionTilesets",
                json_ok("The tilesets"),
            ),
            json!([collection]),
        ),
    );
    paths.insert(
        "/collections/{collectionId}/tiles/{tileMatrixSetId}".into(),
        with(
            get(
                "A tileset's metadata",
                "collectionTileset",
                json_ok("Limits per zoom, the layer and its attributes, links"),
            ),
            json!([collection, tms_param()]),
        ),
    );
    paths.insert(
        "/collections/{collectionId}/tiles/{tileMatrixSetId}/tilejson.json".into(),
        with(
            get(
                "The tileset as TileJSON 3.0.0",
                "collectionTileJson",
                json_ok("TileJSON"),
            ),
            json!([collection, tms_param()]),
        ),
    );
    let tile_ok = json!({"description": "A Mapbox Vector Tile (empty where nothing is)",
        "content": {MVT: {"schema": {"type": "string", "format": "binary"}}}});
    paths.insert(
        "/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}"
            .into(),
        with(
            get("A vector tile of the collection", "collectionTile", tile_ok),
            json!([
                collection,
                tms_param(),
                tile_param("tileMatrix", "Zoom level", Some(u32::from(MAX_ZOOM))),
                tile_param("tileRow", "Row from the top, below 2^zoom", None),
                tile_param(
                    "tileCol",
                    "Column from the left, below 2^zoom (`.pbf` may follow)",
                    None
                )
            ]),
        ),
    );
}
