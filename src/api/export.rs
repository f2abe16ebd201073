//! Downloads: `/export/{layer}.geojson`, `/export/{layer}.csv`,
//! `/export/coverage.csv` and `/export/coverage-totals.csv` (for spreadsheets: UTF-8 with a
//! BOM, units and totals apart, reach columns with `layer` + `radius_m`) and
//! `/export/pierobeza.gpkg` (GDAL build only).
//!
//! Files are built off the async workers (`spawn_blocking`); each is sent as an
//! attachment with its file name.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::{ApiError, AppState};
use crate::export::{cli, csv, geojson, ExportError, OutputCrs};
use crate::index::Catalog;

/// Routes under /export.
pub fn router() -> Router<AppState> {
    Router::new().route("/export/{file}", get(download))
}

fn attachment(content_type: &'static str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// Runs `work` on the blocking pool; a panic there is an internal error.
async fn blocking<T: Send + 'static>(
    catalog: &Arc<Catalog>,
    work: impl FnOnce(&Catalog) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let catalog = Arc::clone(catalog);
    tokio::task::spawn_blocking(move || work(&catalog))
        .await
        .map_err(|e| ApiError::Internal(format!("export task: {e}")))?
}

fn export_error(e: ExportError) -> ApiError {
    match e {
        ExportError::NeedsGdal => ApiError::Unavailable(
            "the GeoPackage export needs the server built with GDAL: `cargo build --no-default-features --features gdal`"
                .into(),
        ),
        ExportError::UnknownLayer(id) => ApiError::not_found("collection", id),
        ExportError::Analysis(e) => ApiError::param("vintage", e.to_string()),
        other => ApiError::Internal(other.to_string()),
    }
}

async fn download(
    State(st): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let v = st.view();
    if file == "pierobeza.gpkg" {
        super::params::reject_unknown(&q, &["crs"], |_| false)?;
        let crs = match q.get("crs") {
            None => OutputCrs::Crs84,
            Some(s) => OutputCrs::parse(s)
                .ok_or_else(|| ApiError::param("crs", "use EPSG:4326 or EPSG:3059"))?,
        };
        // Build each GeoPackage once per data view.
        let slot = match crs {
            OutputCrs::Crs84 => 0,
            OutputCrs::Lks92 => 1,
        };
        let cache = Arc::clone(&v);
        let bytes = blocking(&v.catalog, move |cat| {
            if let Some(b) = cache.gpkg_cache[slot].get() {
                return Ok(b.clone());
            }
            let built = axum::body::Bytes::from(gpkg_bytes(cat, crs)?);
            Ok(cache.gpkg_cache[slot].get_or_init(|| built).clone())
        })
        .await?;
        return Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "application/geopackage+sqlite3".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"pierobeza.gpkg\"".to_string(),
                ),
            ],
            bytes,
        )
            .into_response());
    }
    let table = match file.as_str() {
        "coverage.csv" => Some(cli::CoverageTable::Units),
        "coverage-totals.csv" => Some(cli::CoverageTable::Totals),
        _ => None,
    };
    if let Some(table) = table {
        let params = super::analysis::coverage_params(&v.catalog, &q)?;
        let bytes = blocking(&v.catalog, move |cat| {
            cli::coverage_sheet(cat, &params, table).map_err(export_error)
        })
        .await?;
        return Ok(attachment("text/csv; charset=utf-8", &file, bytes));
    }
    // A layer file takes no parameter: one that would change nothing is refused by name.
    super::params::reject_unknown(&q, &[], |_| false)?;
    let (id, ext) = file
        .rsplit_once('.')
        .ok_or_else(|| ApiError::not_found("export", file.clone()))?;
    if v.catalog.layer(id).is_none() {
        return Err(ApiError::not_found("collection", id));
    }
    let id = id.to_string();
    match ext {
        "geojson" => {
            let bytes = blocking(&v.catalog, move |cat| {
                Ok(cat.layer(&id).map(geojson::layer_bytes).unwrap_or_default())
            })
            .await?;
            Ok(attachment("application/geo+json", &file, bytes))
        }
        "csv" => {
            let bytes = blocking(&v.catalog, move |cat| {
                Ok(cat.layer(&id).map(csv::layer_csv).unwrap_or_default())
            })
            .await?;
            Ok(attachment("text/csv; charset=utf-8", &file, bytes))
        }
        _ => Err(ApiError::not_found("export", file)),
    }
}

/// The GeoPackage of every layer, built in a temporary file and read back.
fn gpkg_bytes(cat: &Catalog, crs: OutputCrs) -> Result<Vec<u8>, ApiError> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let path = std::env::temp_dir().join(format!(
        "pierobeza-{}-{}.gpkg",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let layers: Vec<_> = cat.layers.iter().collect();
    let written = cli::write_gpkg(cat, &layers, &path, crs).map_err(export_error);
    let bytes = written.and_then(|()| {
        std::fs::read(&path).map_err(|e| ApiError::Internal(format!("{}: {e}", path.display())))
    });
    let _ = std::fs::remove_file(&path);
    bytes
}
