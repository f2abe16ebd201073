//! `/reports`: the implementation report as printable HTML pages, one for the plan
//! territory and one per 2021 unit of it, and their tables as CSV. Each request builds
//! its report from the view the caller may read (`datetime` and the caller's role
//! through [`as_of::view_for`]), so a write shows in the next report and nothing is
//! cached across writes.

use axum::extract::{Path, Query as AxumQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use serde_json::json;

use super::auth::Reader;
use super::params::{self, Query};
use super::{as_of, ApiError, AppState};
use crate::report::html::{index_page, report_page, Links};
use crate::report::tables::{table, ReportTable};
use crate::report::{build, territory_units, DataStamp, ParamError, Report, ReportDates, Scope};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reports", get(index))
        .route("/reports/{scope}", get(page))
        .route("/reports/{scope}/{file}", get(table_file))
}

/// The report pages' policy: nothing but the page's own inline style and SVG.
const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HTML: &str = "text/html; charset=utf-8";

/// The query parameters a report takes.
const REPORT_PARAMS: [&str; 3] = ["date", "since", "datetime"];

/// A day parameter (YYYY-MM-DD), if given.
fn day(q: &Query, name: &str) -> Result<Option<NaiveDate>, ApiError> {
    q.get(name)
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| ApiError::param(name, format!("{s:?} is not a date (YYYY-MM-DD)")))
        })
        .transpose()
}

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> Self {
        ApiError::param(e.param, e.reason)
    }
}

/// `?f=`: html (default) or json.
fn wants_json(q: &Query) -> Result<bool, ApiError> {
    Ok(params::choice(q, "f", &["html", "json"], "html")? == "json")
}

fn html_response(body: String) -> Response {
    let mut resp = ([(header::CONTENT_TYPE, HTML)], body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(REPORT_CSP),
    );
    resp
}

/// `GET /reports`: links to the territory's report and each unit's (JSON, or HTML
/// with `f=html` or a browser's `Accept`).
async fn index(
    State(st): State<AppState>,
    headers: HeaderMap,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    params::reject_unknown(&q, &["f"], |_| false)?;
    let f = params::choice(&q, "f", &["json", "html"], "json")?;
    let browser = !q.contains_key("f")
        && headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"));
    let v = st.view();
    let mut scopes: Vec<Scope> = Scope::resolve(&v.catalog, crate::report::TERRITORY)
        .into_iter()
        .collect();
    scopes.extend(
        territory_units(&v.catalog)
            .into_iter()
            .filter_map(|u| Scope::resolve(&v.catalog, &u.code)),
    );
    let b = st.base_url(&headers);
    if f == "html" || browser {
        let page = index_page(&scopes, |id| format!("{b}/reports/{id}"));
        return Ok(html_response(page));
    }
    let reports: Vec<_> = scopes
        .iter()
        .map(|s| {
            let id = s.id();
            json!({
                "id": id,
                "code": s.code,
                "name_lv": s.name_lv,
                "name_en": s.name_en,
                "links": [
                    {"href": format!("{b}/reports/{id}"), "rel": "alternate", "type": "text/html", "title": "The printable report"},
                    {"href": format!("{b}/reports/{id}?f=json"), "rel": "alternate", "type": "application/json"},
                ],
                "tables": ReportTable::ALL.iter().map(|t| format!("{b}/reports/{id}/{}", t.file_name())).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({
        "reports": reports,
        "links": [{"href": format!("{b}/reports"), "rel": "self", "type": "application/json"}],
    }))
    .into_response())
}

/// The report of `scope` for this request: its parameters checked (400 naming the bad
/// one), the scope known (404 otherwise).
async fn report_for(
    st: &AppState,
    role: crate::auth::Role,
    scope: &str,
    q: &Query,
) -> Result<Report, ApiError> {
    let date = day(q, "date")?.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let since = day(q, "since")?;
    let dates = ReportDates::new(date, since)?;
    let v = as_of::view_for(st, q, role).await?;
    let scope = Scope::resolve(&v.catalog, scope).ok_or_else(|| {
        let codes: Vec<String> = territory_units(&v.catalog)
            .iter()
            .map(|u| u.code.clone())
            .collect();
        ApiError::not_found(
            "report",
            format!("{scope} (reports: territory, {})", codes.join(", ")),
        )
    })?;
    let as_of = q.get("datetime").cloned();
    let stamp = DataStamp::of(&v.catalog, as_of, &v.updated, v.counter);
    Ok(build(&v.catalog, &scope, dates, stamp)?)
}

/// The query string the page's table links repeat (the same date, since and instant).
fn carried_query(q: &Query) -> String {
    let pairs: Vec<String> = REPORT_PARAMS
        .iter()
        .filter_map(|k| {
            q.get(*k).map(|v| {
                format!(
                    "{k}={}",
                    percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
                )
            })
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// `GET /reports/{scope}`: the printable page (or its figures with `f=json`).
async fn page(
    State(st): State<AppState>,
    Reader(role): Reader,
    Path(scope): Path<String>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    params::reject_unknown(&q, &["date", "since", "datetime", "f"], |_| false)?;
    let json = wants_json(&q)?;
    let r = report_for(&st, role, &scope, &q).await?;
    if json {
        return Ok(Json(r).into_response());
    }
    let links = Links::Http {
        query: carried_query(&q),
    };
    Ok(html_response(report_page(&r, &links)))
}

/// `GET /reports/{scope}/{table}.csv`: one of the report's tables.
async fn table_file(
    State(st): State<AppState>,
    Reader(role): Reader,
    Path((scope, file)): Path<(String, String)>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    params::reject_unknown(&q, &REPORT_PARAMS, |_| false)?;
    let t = ReportTable::from_file_name(&file).ok_or_else(|| {
        let names: Vec<String> = ReportTable::ALL.iter().map(|t| t.file_name()).collect();
        ApiError::not_found("table", format!("{file} (tables: {})", names.join(", ")))
    })?;
    let r = report_for(&st, role, &scope, &q).await?;
    let name = format!(
        "attachment; filename=\"report-{}-{}-{}\"",
        r.scope.id(),
        r.dates.date,
        t.file_name()
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
        ],
        table(&r, t),
    )
        .into_response())
}
