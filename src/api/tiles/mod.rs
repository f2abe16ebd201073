//! OGC API – Tiles for every collection: Mapbox Vector Tiles in the WebMercatorQuad
//! tile matrix set, with the tilesets list, the tileset metadata and a TileJSON.
//!
//! A tile is cut from the caller's view (public geometry for the public, finer for
//! analysts), like the items, and as an anonymous GET of a path under
//! `/collections/` it is kept compressed by `http_cache` until the data changes, so
//! a tile is generalised and clipped once per data version.

mod matrix_set;
mod metadata;

use axum::extract::{Path, Query as AxumQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::auth::Reader;
use super::params::{self, Query};
use super::{as_of, ApiError, AppState};
use crate::export::mvt;
use crate::geom::web_mercator::Tile;
use crate::index::source::FeatureSource;

/// The MVT media type.
pub const MVT: &str = "application/vnd.mapbox-vector-tile";
/// The one tile matrix set offered.
pub const TMS_ID: &str = "WebMercatorQuad";
/// Its definition's URI.
pub const TMS_URI: &str = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
/// The deepest zoom level served: about 0.3 m a pixel at 56°N, finer than any data.
pub const MAX_ZOOM: u8 = 20;

/// OGC API – Tiles 1.0 classes, as `tests/tiles.rs` exercises them.
pub const CONFORMANCE: [&str; 5] = [
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tileMatrixSets", get(matrix_set::list))
        .route("/tileMatrixSets/{tms}", get(matrix_set::definition))
        .route("/collections/{id}/tiles", get(metadata::tilesets))
        .route("/collections/{id}/tiles/{tms}", get(metadata::tileset))
        .route(
            "/collections/{id}/tiles/{tms}/tilejson.json",
            get(metadata::tilejson),
        )
        .route("/collections/{id}/tiles/{tms}/{z}/{y}/{x}", get(tile))
}

/// A 404 naming the tile matrix set unless it is the one offered.
fn check_tms(tms: &str) -> Result<(), ApiError> {
    if tms == TMS_ID {
        return Ok(());
    }
    Err(ApiError::not_found("tileMatrixSet", tms))
}

/// The tile of `tileMatrix/tileRow/tileCol`: a 400 naming a part that is no integer,
/// a 404 for a tile outside the matrix set.
fn parse_tile(z: &str, row: &str, col: &str) -> Result<Tile, ApiError> {
    let int = |name: &'static str, s: &str| {
        s.parse::<u32>()
            .map_err(|_| ApiError::param(name, format!("`{s}` is not a non-negative integer")))
    };
    // `73.pbf` as well as `73`: GDAL's MVT driver opens a URL ending in digit
    // segments only with a tile file extension.
    let col = col
        .strip_suffix(".pbf")
        .or_else(|| col.strip_suffix(".mvt"))
        .unwrap_or(col);
    let (z, row, col) = (
        int("tileMatrix", z)?,
        int("tileRow", row)?,
        int("tileCol", col)?,
    );
    u8::try_from(z)
        .ok()
        .filter(|z| *z <= MAX_ZOOM)
        .and_then(|z| Tile::new(z, row, col))
        .ok_or_else(|| ApiError::not_found("tile", format!("{z}/{row}/{col}")))
}

async fn tile(
    State(st): State<AppState>,
    Reader(role): Reader,
    Path((id, tms, z, y, x)): Path<(String, String, String, String, String)>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    params::reject_unknown(&q, &["datetime"], |_| false)?;
    check_tms(&tms)?;
    let t = parse_tile(&z, &y, &x)?;
    let v = as_of::view_for(&st, &q, role).await?;
    if v.catalog.collection(&id).is_none() {
        return Err(ApiError::not_found("collection", id));
    }
    // Clipping a low-zoom tile of many polygons takes milliseconds: off the runtime.
    let body = tokio::task::spawn_blocking(move || {
        v.catalog
            .collection(&id)
            .map(|l| mvt::encode(l, t))
            .unwrap_or_default()
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(MVT))],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_paths_are_checked_part_by_part() {
        assert_eq!(
            parse_tile("7", "39", "73").unwrap(),
            Tile::new(7, 39, 73).unwrap()
        );
        assert_eq!(
            parse_tile("7", "39", "73.pbf").unwrap(),
            Tile::new(7, 39, 73).unwrap()
        );
        assert!(parse_tile("7", "39", "73.png").is_err());
        assert!(matches!(
            parse_tile("7", "x", "73"),
            Err(ApiError::InvalidParameter { ref parameter, .. }) if parameter == "tileRow"
        ));
        assert!(matches!(
            parse_tile("7", "128", "0"),
            Err(ApiError::NotFound { .. })
        ));
        assert!(matches!(
            parse_tile("21", "0", "0"),
            Err(ApiError::NotFound { .. })
        ));
        assert!(matches!(
            parse_tile("300", "0", "0"),
            Err(ApiError::NotFound { .. })
        ));
        assert!(check_tms("WorldCRS84Quad").is_err());
    }
}
