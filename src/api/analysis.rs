//! HTTP endpoints of the analyses: coverage, nearest, within, locate.

use axum::extract::{Query as AxumQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::auth::Reader;
use super::ogc::GEOJSON;
use super::params::{self, Query};
use super::{as_of, ApiError, AppState};
use crate::analysis::coverage::{CoverageParams, FacilityParams};
use crate::analysis::proximity::{self, Found};
use crate::analysis::{table, AnalysisError};
use crate::index::geojson;
use crate::index::Catalog;
use std::sync::Arc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/analysis/coverage", get(coverage_handler))
        .route("/analysis/nearest", get(nearest_handler))
        .route("/analysis/within", get(within_handler))
        .route("/analysis/locate", get(locate_handler))
}

/// Maps an analysis error onto the parameter that caused it.
fn param_error(e: AnalysisError) -> ApiError {
    match e {
        AnalysisError::UnknownLayer(l) => {
            ApiError::param("layer", format!("unknown layer `{l}`; see /collections"))
        }
        AnalysisError::UnknownMunicipality(c, v) => {
            ApiError::param("municipality", format!("no unit `{c}` in vintage {v}"))
        }
        AnalysisError::EmptyLayer(l) => {
            ApiError::param("layer", format!("layer `{l}` has no features"))
        }
        AnalysisError::NotSites(l) => ApiError::param(
            "layer",
            format!("layer `{l}` holds lines or unit/region polygons, not sites: reach is measured from a points layer (`*_points`, `settlements`, `border_crossings`)"),
        ),
    }
}

/// Runs CPU-heavy work off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::Internal(format!("analysis task failed: {e}")))?
}

fn layer_param(cat: &Catalog, q: &Query) -> Result<String, ApiError> {
    let id = q
        .get("layer")
        .ok_or_else(|| ApiError::param("layer", "required; a collection id from /collections"))?;
    if cat.layer(id).is_none() {
        return Err(ApiError::param(
            "layer",
            format!("unknown layer `{id}`; see /collections"),
        ));
    }
    Ok(id.clone())
}

/// Parses the coverage parameters (shared by the CLI's own parser through the same checks).
pub fn coverage_params(cat: &Catalog, q: &Query) -> Result<CoverageParams, ApiError> {
    params::reject_unknown(
        q,
        &[
            "vintage",
            "municipality",
            "layer",
            "radius_m",
            "format",
            "f",
            "datetime",
            "skipGeometry",
        ],
        |_| false,
    )?;
    params::choice(q, "skipGeometry", &["true", "false"], "false")?;
    let vintage = params::vintage(q)?;
    let facility = match (q.get("layer"), q.get("radius_m")) {
        (None, None) => None,
        (Some(_), None) => return Err(ApiError::param("radius_m", "required with `layer`")),
        (None, Some(_)) => return Err(ApiError::param("layer", "required with `radius_m`")),
        (Some(_), Some(_)) => Some(FacilityParams {
            layer: layer_param(cat, q)?,
            radius_m: params::radius_m(q)?,
        }),
    };
    let municipality = q.get("municipality").cloned();
    if let Some(code) = &municipality {
        let units = cat.units_layer(vintage);
        if units.and_then(|l| l.feature(code)).is_none() {
            return Err(ApiError::param(
                "municipality",
                format!("no unit `{code}` in vintage {}", vintage.as_str()),
            ));
        }
    }
    Ok(CoverageParams {
        vintage,
        municipality,
        facility,
    })
}

async fn coverage_handler(
    State(st): State<AppState>,
    Reader(role): Reader,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    let v = as_of::view_for(&st, &q, role).await?;
    let p = coverage_params(&v.catalog, &q)?;
    let format = params::choice(&q, "format", &["json", "geojson", "csv"], "json")?;
    let format = match q.get("f").map(String::as_str) {
        Some("csv") => "csv",
        Some("geojson") => "geojson",
        Some("json") | None => format,
        Some(other) => {
            return Err(ApiError::param(
                "f",
                format!("`{other}` is not one of json, geojson, csv"),
            ))
        }
    };
    let v2 = Arc::clone(&v);
    let report = blocking(move || v2.coverage.report(&v2.catalog, &p).map_err(param_error)).await?;
    Ok(match format {
        "csv" => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"coverage.csv\"",
                ),
            ],
            table::to_csv(&report),
        )
            .into_response(),
        "geojson" => {
            let units = v.catalog.units_layer(
                crate::model::Vintage::parse(report.vintage)
                    .unwrap_or(crate::model::Vintage::V2021),
            );
            // `skipGeometry=true`: the figures alone (the map has the units' shapes).
            let skip = q.get("skipGeometry").is_some_and(|s| s == "true");
            let features: Vec<Value> = report
                .units
                .iter()
                .map(|u| {
                    let geometry = units
                        .filter(|_| !skip)
                        .and_then(|l| l.feature(&u.code))
                        .map(|(_, f)| &f.geometry);
                    geojson::feature_value(&u.code, geometry, table::unit_row(u))
                })
                .collect();
            let body = geojson::collection(
                vec![
                    ("vintage", json!(report.vintage)),
                    ("totals", json!(report.totals)),
                    ("plan_level", json!(report.plan_level)),
                    ("method", json!(report.method)),
                ],
                features,
            );
            ([(header::CONTENT_TYPE, GEOJSON)], body.to_string()).into_response()
        }
        _ => Json(&*report).into_response(),
    })
}

fn found_collection(found: &[Found], layer: &str) -> Value {
    let features: Vec<Value> = found
        .iter()
        .map(|f| {
            let mut props = f.feature.properties().clone();
            props.insert("distance_m".into(), json!(f.distance_m.round()));
            props.insert("distance_method".into(), json!(f.distance_method));
            props.insert("layer".into(), json!(layer));
            geojson::feature_value(f.id, Some(&f.feature.geometry), props)
        })
        .collect();
    geojson::collection(vec![("numberReturned", json!(features.len()))], features)
}

async fn nearest_handler(
    State(st): State<AppState>,
    Reader(role): Reader,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    params::reject_unknown(&q, &["lon", "lat", "layer", "k", "f", "datetime"], |_| {
        false
    })?;
    let v = as_of::view_for(&st, &q, role).await?;
    let (lon, lat) = params::lon_lat(&q)?;
    let layer = layer_param(&v.catalog, &q)?;
    let k = params::int_in(&q, "k", 5, 1, 1000)? as usize;
    let body = blocking(move || {
        let found = proximity::nearest(&v.catalog, &layer, lon, lat, k).map_err(param_error)?;
        Ok(found_collection(&found, &layer).to_string())
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, GEOJSON)], body).into_response())
}

async fn within_handler(
    State(st): State<AppState>,
    Reader(role): Reader,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    params::reject_unknown(
        &q,
        &["lon", "lat", "layer", "radius_m", "f", "datetime"],
        |_| false,
    )?;
    let v = as_of::view_for(&st, &q, role).await?;
    let (lon, lat) = params::lon_lat(&q)?;
    let layer = layer_param(&v.catalog, &q)?;
    let r = params::radius_m(&q)?;
    let body = blocking(move || {
        let found = proximity::within(&v.catalog, &layer, lon, lat, r).map_err(param_error)?;
        Ok(found_collection(&found, &layer).to_string())
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, GEOJSON)], body).into_response())
}

async fn locate_handler(
    State(st): State<AppState>,
    Reader(role): Reader,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Json<Value>, ApiError> {
    params::reject_unknown(&q, &["lon", "lat", "f", "datetime"], |_| false)?;
    let v = as_of::view_for(&st, &q, role).await?;
    let (lon, lat) = params::lon_lat(&q)?;
    let located = blocking(move || Ok(proximity::locate(&v.catalog, lon, lat))).await?;
    Ok(Json(json!(located)))
}
