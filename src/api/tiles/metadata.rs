//! The documents that describe a collection's tiles: the tilesets list and the
//! tileset metadata (OGC API – Tiles 1.0, OGC 20-057), and TileJSON 3.0.0 for
//! MapLibre-style clients.

use std::sync::Arc;

use axum::extract::{Path, Query as AxumQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Json, Response};
use geo::{coord, Rect};
use serde_json::{json, Value};

use super::{check_tms, matrix_set, MAX_ZOOM, MVT, TMS_ID, TMS_URI};
use crate::api::auth::Reader;
use crate::api::ogc::{ATTRIBUTION, CRS84};
use crate::api::params::{self, Query};
use crate::api::{ApiError, AppState, DataView};
use crate::auth::Role;
use crate::geom::web_mercator::{to_mercator, HALF_WORLD_M};
use crate::index::layer::GeomClass;
use crate::index::source::FeatureSource;
use crate::index::Layer;

const TILING_SCHEME: &str = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
const TILEJSON: &str = "application/vnd.mapbox.tile+json";

/// Latvia, for a layer with no feature yet.
fn extent(l: &Layer) -> Rect<f64> {
    l.bbox.unwrap_or(Rect::new(
        coord! { x: 20.9, y: 55.6 },
        coord! { x: 28.3, y: 58.1 },
    ))
}

/// Checks the query (`f=json` at most) and finds the collection in the caller's
/// current view.
fn view_for(st: &AppState, role: Role, q: &Query, id: &str) -> Result<Arc<DataView>, ApiError> {
    params::reject_unknown(q, &["f"], |_| false)?;
    params::choice(q, "f", &["json"], "json")?;
    let v = st.view().for_role(role);
    match v.catalog.collection(id) {
        Some(_) => Ok(v),
        None => Err(ApiError::not_found("collection", id)),
    }
}

fn layer<'a>(v: &'a DataView, id: &str) -> Result<&'a Layer, ApiError> {
    v.catalog
        .collection(id)
        .ok_or_else(|| ApiError::not_found("collection", id))
}

/// `/collections/{id}/tiles`: the one tileset.
pub async fn tilesets(
    State(st): State<AppState>,
    Reader(role): Reader,
    headers: HeaderMap,
    Path(id): Path<String>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Json<Value>, ApiError> {
    let v = view_for(&st, role, &q, &id)?;
    let (b, l) = (st.base_url(&headers), layer(&v, &id)?);
    let tiles = format!("{b}/collections/{id}/tiles");
    Ok(Json(json!({
        "links": [{"href": tiles, "rel": "self", "type": "application/json"}],
        "tilesets": [{
            "title": l.title,
            "dataType": "vector",
            "crs": "http://www.opengis.net/def/crs/EPSG/0/3857",
            "tileMatrixSetURI": TMS_URI,
            "links": [
                {"href": format!("{tiles}/{TMS_ID}"), "rel": "self", "type": "application/json", "title": format!("{} tiles in {TMS_ID}", l.title)},
                {"href": matrix_set::href(&b), "rel": TILING_SCHEME, "type": "application/json", "title": TMS_ID},
            ],
        }],
    })))
}

/// `/collections/{id}/tiles/WebMercatorQuad`: the tileset metadata.
pub async fn tileset(
    State(st): State<AppState>,
    Reader(role): Reader,
    headers: HeaderMap,
    Path((id, tms)): Path<(String, String)>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Json<Value>, ApiError> {
    check_tms(&tms)?;
    let v = view_for(&st, role, &q, &id)?;
    let (b, l) = (st.base_url(&headers), layer(&v, &id)?);
    let tiles = format!("{b}/collections/{id}/tiles/{TMS_ID}");
    let e = extent(l);
    Ok(Json(json!({
        "title": l.title,
        "description": l.description,
        "dataType": "vector",
        "crs": "http://www.opengis.net/def/crs/EPSG/0/3857",
        "tileMatrixSetURI": TMS_URI,
        "tileMatrixSetLimits": (0..=MAX_ZOOM).map(|z| limits(e, z)).collect::<Vec<_>>(),
        "boundingBox": {"lowerLeft": [e.min().x, e.min().y], "upperRight": [e.max().x, e.max().y], "crs": CRS84},
        "layers": [{
            "id": l.id,
            "title": l.title,
            "dataType": "vector",
            "geometryDimension": dimension(l.class),
            "minTileMatrix": "0",
            "maxTileMatrix": MAX_ZOOM.to_string(),
            "propertiesSchema": {"type": "object", "properties": property_types(l, json_type)},
        }],
        "attribution": ATTRIBUTION,
        "links": [
            {"href": tiles, "rel": "self", "type": "application/json"},
            {"href": matrix_set::href(&b), "rel": TILING_SCHEME, "type": "application/json", "title": TMS_ID},
            {"href": format!("{tiles}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"), "rel": "item", "type": MVT, "templated": true, "title": "A tile (MVT)"},
            {"href": format!("{tiles}/tilejson.json"), "rel": "alternate", "type": TILEJSON, "title": "TileJSON 3.0.0"},
            {"href": format!("{b}/collections/{id}"), "rel": "collection", "type": "application/json"},
        ],
    })))
}

/// `/collections/{id}/tiles/WebMercatorQuad/tilejson.json`: TileJSON 3.0.0.
pub async fn tilejson(
    State(st): State<AppState>,
    Reader(role): Reader,
    headers: HeaderMap,
    Path((id, tms)): Path<(String, String)>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    check_tms(&tms)?;
    let v = view_for(&st, role, &q, &id)?;
    let (b, l) = (st.base_url(&headers), layer(&v, &id)?);
    let e = extent(l);
    let doc = json!({
        "tilejson": "3.0.0",
        "name": l.id,
        "description": l.title,
        "attribution": ATTRIBUTION,
        "scheme": "xyz",
        "tiles": [format!("{b}/collections/{id}/tiles/{TMS_ID}/{{z}}/{{y}}/{{x}}")],
        "minzoom": 0,
        "maxzoom": MAX_ZOOM,
        "bounds": [e.min().x, e.min().y, e.max().x, e.max().y],
        "center": [e.center().x, e.center().y, 7],
        "vector_layers": [{
            "id": l.id,
            "description": l.title,
            "minzoom": 0,
            "maxzoom": MAX_ZOOM,
            "fields": property_types(l, tilejson_type),
        }],
    });
    let mut r = Json(doc).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(r)
}

/// The rows and columns of zoom `z` that hold the extent.
fn limits(e: Rect<f64>, z: u8) -> Value {
    let n = f64::from(1u32 << z);
    let cell = |m: f64| {
        ((m + HALF_WORLD_M) / (2.0 * HALF_WORLD_M) * n)
            .floor()
            .clamp(0.0, n - 1.0)
    };
    let (lo, hi) = (to_mercator(e.min()), to_mercator(e.max()));
    json!({
        "tileMatrix": z.to_string(),
        "minTileRow": (n - 1.0 - cell(hi.y)) as u32,
        "maxTileRow": (n - 1.0 - cell(lo.y)) as u32,
        "minTileCol": cell(lo.x) as u32,
        "maxTileCol": cell(hi.x) as u32,
    })
}

fn dimension(c: GeomClass) -> u8 {
    match c {
        GeomClass::Points => 0,
        GeomClass::Lines => 1,
        GeomClass::Areas => 2,
    }
}

/// The tile's attributes (`id` and the layer's properties) with their types.
fn property_types(l: &Layer, ty: fn(&str) -> Value) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("id".into(), ty("string"));
    for (name, t) in &l.schema {
        m.insert(name.clone(), ty(t));
    }
    Value::Object(m)
}

fn json_type(t: &str) -> Value {
    json!({"type": t})
}

fn tilejson_type(t: &str) -> Value {
    Value::from(match t {
        "number" | "integer" => "Number",
        "boolean" => "Boolean",
        _ => "String",
    })
}
