//! The tile matrix set offered, as OGC Two Dimensional Tile Matrix Set 2.0 JSON:
//! `/tileMatrixSets` and `/tileMatrixSets/WebMercatorQuad`, the target of the
//! tilesets' `tiling-scheme` links. The 1.0 names (`identifier`, `supportedCRS`,
//! `boundingBox`, `topLeftCorner`) are written beside the 2.0 ones: GDAL before 3.7
//! (Debian 12's OGCAPI driver) reads only those.

use axum::extract::{Path, Query as AxumQuery, State};
use axum::http::HeaderMap;
use axum::response::Json;
use serde_json::{json, Value};

use super::{check_tms, MAX_ZOOM, TMS_ID, TMS_URI};
use crate::api::params::{self, Query};
use crate::api::{ApiError, AppState};
use crate::geom::web_mercator::HALF_WORLD_M;

/// Pixels a tile side, as the definition counts them.
const TILE_PX: u32 = 256;
/// The standardised rendering pixel, metres (0.28 mm).
const PIXEL_M: f64 = 0.000_28;

/// The matrix set's own path under a base URL.
pub fn href(base: &str) -> String {
    format!("{base}/tileMatrixSets/{TMS_ID}")
}

/// `/tileMatrixSets`.
pub async fn list(
    State(st): State<AppState>,
    headers: HeaderMap,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Json<Value>, ApiError> {
    params::reject_unknown(&q, &["f"], |_| false)?;
    params::choice(&q, "f", &["json"], "json")?;
    let b = st.base_url(&headers);
    Ok(Json(json!({
        "links": [{"href": format!("{b}/tileMatrixSets"), "rel": "self", "type": "application/json"}],
        "tileMatrixSets": [{
            "id": TMS_ID,
            "title": "Google Maps Compatible for the World",
            "uri": TMS_URI,
            "links": [{"href": href(&b), "rel": "self", "type": "application/json"}],
        }],
    })))
}

/// `/tileMatrixSets/WebMercatorQuad`.
pub async fn definition(
    Path(tms): Path<String>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Json<Value>, ApiError> {
    params::reject_unknown(&q, &["f"], |_| false)?;
    params::choice(&q, "f", &["json"], "json")?;
    check_tms(&tms)?;
    Ok(Json(json!({
        "id": TMS_ID,
        "identifier": TMS_ID,
        "title": "Google Maps Compatible for the World",
        "uri": TMS_URI,
        "crs": "http://www.opengis.net/def/crs/EPSG/0/3857",
        "supportedCRS": "http://www.opengis.net/def/crs/EPSG/0/3857",
        "boundingBox": {
            "type": "BoundingBoxType",
            "crs": "http://www.opengis.net/def/crs/EPSG/0/3857",
            "lowerCorner": [-HALF_WORLD_M, -HALF_WORLD_M],
            "upperCorner": [HALF_WORLD_M, HALF_WORLD_M],
        },
        "orderedAxes": ["E", "N"],
        "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        "tileMatrices": (0..=MAX_ZOOM).map(matrix).collect::<Vec<_>>(),
    })))
}

fn matrix(z: u8) -> Value {
    let n = 1u64 << z;
    let cell = 2.0 * HALF_WORLD_M / (f64::from(TILE_PX) * n as f64);
    json!({
        "id": z.to_string(),
        "identifier": z.to_string(),
        "scaleDenominator": cell / PIXEL_M,
        "cellSize": cell,
        "cornerOfOrigin": "topLeft",
        "pointOfOrigin": [-HALF_WORLD_M, HALF_WORLD_M],
        "topLeftCorner": [-HALF_WORLD_M, HALF_WORLD_M],
        "tileWidth": TILE_PX,
        "tileHeight": TILE_PX,
        "matrixWidth": n,
        "matrixHeight": n,
    })
}
