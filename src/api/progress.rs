//! `GET /analysis/progress`: where the plan stood on a date (`date`, default
//! today), read from the store as it stood at `datetime` (default now).

use axum::extract::{Query as AxumQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;

use super::auth::Reader;
use super::ogc::GEOJSON;
use super::params::{self, Query};
use super::{as_of, ApiError, AppState};

use crate::analysis::progress_report::{progress_report, served_measure_units};
use crate::export::progress::{table_csv, units_geojson, ProgressTable};
use crate::model::Vintage;
use axum::http::header;

pub fn router() -> Router<AppState> {
    Router::new().route("/analysis/progress", get(progress_handler))
}

/// The `date` parameter: a calendar day, YYYY-MM-DD; today (UTC) when absent.
fn date_param(q: &Query) -> Result<NaiveDate, ApiError> {
    match q.get("date") {
        None => Ok(chrono::Utc::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| ApiError::param("date", format!("{s:?} is not a date (YYYY-MM-DD)"))),
    }
}

async fn progress_handler(
    State(st): State<AppState>,
    Reader(role): Reader,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    params::reject_unknown(&q, &["date", "datetime", "f", "table"], |_| false)?;
    let date = date_param(&q)?;
    let f = params::choice(&q, "f", &["json", "geojson", "csv"], "json")?;
    let table = params::choice(&q, "table", &["units", "measures", "indicators"], "units")?;
    let v = as_of::view_for(&st, &q, role).await?;
    let units = served_measure_units(&v.catalog);
    let report =
        progress_report(&v.catalog.geodata, &v.catalog.plan, &units, date).ok_or_else(|| {
            ApiError::param(
                "date",
                format!("{date} is before the plan's approval (2025-01-20)"),
            )
        })?;
    Ok(match f {
        "geojson" => {
            let layer = v
                .catalog
                .units_layer(Vintage::V2021)
                .ok_or_else(|| ApiError::Internal("no 2021 units layer".into()))?;
            (
                [(header::CONTENT_TYPE, GEOJSON)],
                units_geojson(&report, layer).to_string(),
            )
                .into_response()
        }
        "csv" => {
            let t = ProgressTable::parse(table).unwrap_or(ProgressTable::Units);
            let name = format!(
                "attachment; filename=\"progress-{}-{date}.csv\"",
                t.as_str()
            );
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (header::CONTENT_DISPOSITION, name),
                ],
                table_csv(&report, t),
            )
                .into_response()
        }
        _ => Json(report).into_response(),
    })
}
