//! `/progress/{stages|values|allocations}`: the plan's progress records, read by
//! everyone, written by editors. JSON endpoints, not OGC collections: the records
//! have no geometry, and a Features collection of null geometries shows as an
//! empty layer in QGIS (docs/design-progress.md). Writes go through the same
//! checks as the seeds file (`edit::progress`), the same changesets, revisions,
//! `If-Match` and history as the measure locations.

use axum::body::Bytes;
use axum::extract::{Path, Query as AxumQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use super::{
    check_content_type, commit, etag, if_match, json_body, merge_patch, revision_json, ALLOW_ITEM,
    ALLOW_ITEMS, MERGE_PATCH,
};
use crate::api::auth::{Editor, Reader};
use crate::api::params::{reject_unknown, Query};
use crate::api::{as_of, ApiError, AppState};
use crate::edit::progress::{check_allocation, check_id, check_stage, check_value};
use crate::model::{
    Allocation, IndicatorValue, MoneyKind, Plan, ProgressRecord, Stage, StageRecord,
};
use crate::store::records::{progress_from_row, progress_row};
use crate::store::{Change, Kind, Store, VersionedRow};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/progress/{kind}",
            get(list).post(create).options(options_list),
        )
        .route(
            "/progress/{kind}/{id}",
            get(one)
                .put(replace)
                .patch(update)
                .delete(delete)
                .options(options_one),
        )
        .route("/progress/{kind}/{id}/history", get(history))
}

/// The three kinds of progress record, as their path segment names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Stages,
    Values,
    Allocations,
}

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [
        RecordKind::Stages,
        RecordKind::Values,
        RecordKind::Allocations,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Stages => "stages",
            RecordKind::Values => "values",
            RecordKind::Allocations => "allocations",
        }
    }

    fn parse(s: &str) -> Result<RecordKind, ApiError> {
        RecordKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                ApiError::not_found(
                    "progress records",
                    format!("{s} (there are stages, values and allocations)"),
                )
            })
    }

    fn store_kind(self) -> Kind {
        match self {
            RecordKind::Stages => Kind::Stage,
            RecordKind::Values => Kind::IndicatorValue,
            RecordKind::Allocations => Kind::Allocation,
        }
    }

    /// The fields a written record has; `id` may be left out of a new one.
    fn fields(self) -> &'static [&'static str] {
        match self {
            RecordKind::Stages => &[
                "id",
                "measure_id",
                "stage",
                "date",
                "institution",
                "source",
                "note",
            ],
            RecordKind::Values => &[
                "id",
                "measure_id",
                "indicator_id",
                "date",
                "value",
                "source",
                "note",
            ],
            RecordKind::Allocations => &[
                "id",
                "measure_id",
                "municipality",
                "amount_eur",
                "pool",
                "kind",
                "date",
                "source",
                "note",
            ],
        }
    }
}

/// The records of a kind in a plan, as JSON, in the plan's order.
fn records_of(plan: &Plan, kind: RecordKind) -> Vec<(String, String, Value)> {
    let p = &plan.progress;
    let out = |id: &str, m: &str, v: Value| (id.to_string(), m.to_string(), v);
    match kind {
        RecordKind::Stages => p
            .stages
            .iter()
            .map(|r| out(&r.id, &r.measure_id, json!(r)))
            .collect(),
        RecordKind::Values => p
            .values
            .iter()
            .map(|r| out(&r.id, &r.measure_id, json!(r)))
            .collect(),
        RecordKind::Allocations => p
            .allocations
            .iter()
            .map(|r| out(&r.id, &r.measure_id, json!(r)))
            .collect(),
    }
}

/// `GET /progress/{kind}`: every record (`measure_id=` narrows to one measure;
/// `datetime=` reads the store as it stood then).
async fn list(
    State(st): State<AppState>,
    Reader(role): Reader,
    headers: HeaderMap,
    Path(kind): Path<String>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    let kind = RecordKind::parse(&kind)?;
    reject_unknown(&q, &["measure_id", "datetime", "f"], |_| false)?;
    let v = as_of::view_for(&st, &q, role).await?;
    let measure = q.get("measure_id");
    if let Some(m) = measure.filter(|m| v.catalog.plan.measure(m).is_none()) {
        return Err(ApiError::param(
            "measure_id",
            format!("no measure {m:?} in the plan"),
        ));
    }
    let records: Vec<Value> = records_of(&v.catalog.plan, kind)
        .into_iter()
        .filter(|(_, m, _)| measure.is_none_or(|x| x == m))
        .map(|(_, _, r)| r)
        .collect();
    let b = st.base_url(&headers);
    Ok(Json(json!({
        "kind": kind.as_str(),
        "numberReturned": records.len(),
        "records": records,
        "links": [{"href": format!("{b}/progress/{}", kind.as_str()), "rel": "self", "type": "application/json"}],
    }))
    .into_response())
}

/// `GET /progress/{kind}/{id}`: one record, with its ETag.
async fn one(
    State(st): State<AppState>,
    Reader(role): Reader,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let kind = RecordKind::parse(&kind)?;
    let v = st.view().for_role(role);
    let (_, _, rec) = records_of(&v.catalog.plan, kind)
        .into_iter()
        .find(|(rid, _, _)| *rid == id)
        .ok_or_else(|| ApiError::not_found("progress record", format!("{}/{id}", kind.as_str())))?;
    let tag = match st.store.as_ref() {
        Some(store) => stored(store, kind, &id).await?.as_ref().map(etag),
        None => None,
    };
    Ok(with_etag(Json(rec).into_response(), tag))
}

fn with_etag(mut resp: Response, tag: Option<String>) -> Response {
    if let Some(t) = tag.and_then(|t| HeaderValue::from_str(&t).ok()) {
        resp.headers_mut().insert(header::ETAG, t);
    }
    resp
}

async fn stored(
    store: &Store,
    kind: RecordKind,
    id: &str,
) -> Result<Option<VersionedRow>, ApiError> {
    store
        .current_version(kind.store_kind(), id)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))
}

fn the_store(st: &AppState) -> Result<&Store, ApiError> {
    st.store.as_ref().ok_or_else(|| ApiError::MethodNotAllowed {
        allow: crate::api::auth::READ_ONLY,
        reason:
            "this server reads files, not a store: progress records are written with --database"
                .into(),
    })
}

// --- reading a written record ------------------------------------------------------------

/// A required field of the body.
fn req<T: DeserializeOwned>(o: &Map<String, Value>, name: &str) -> Result<T, ApiError> {
    match o.get(name) {
        None | Some(Value::Null) => Err(ApiError::field(name, "is required")),
        Some(v) => serde_json::from_value(v.clone())
            .map_err(|e| ApiError::field(name, format!("{v} is not accepted: {e}"))),
    }
}

/// An optional field (absent or null is `None`).
fn opt<T: DeserializeOwned>(o: &Map<String, Value>, name: &str) -> Result<Option<T>, ApiError> {
    match o.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => req(o, name).map(Some),
    }
}

fn date(o: &Map<String, Value>) -> Result<NaiveDate, ApiError> {
    let s: String = req(o, "date")?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .map_err(|_| ApiError::field("date", format!("{s:?} is not a date (YYYY-MM-DD)")))
}

/// The record a body describes, with id `id`, checked against the plan.
fn parse(
    kind: RecordKind,
    body: &Value,
    id: &str,
    plan: &Plan,
    g: &crate::model::Geodata,
) -> Result<ProgressRecord, ApiError> {
    let o = body
        .as_object()
        .ok_or_else(|| ApiError::field("body", "a progress record is a JSON object"))?;
    if let Some(k) = o.keys().find(|k| !kind.fields().contains(&k.as_str())) {
        return Err(ApiError::field(
            k.clone(),
            format!(
                "not a field of {} (fields: {})",
                kind.as_str(),
                kind.fields().join(", ")
            ),
        ));
    }
    let measure_id: String = req(o, "measure_id")?;
    let source: String = req(o, "source")?;
    let note: Option<String> = opt(o, "note")?;
    let rec = match kind {
        RecordKind::Stages => {
            let s: String = req(o, "stage")?;
            let stage = Stage::parse(&s).ok_or_else(|| {
                let all: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
                ApiError::field("stage", format!("{s:?} is not one of {}", all.join(", ")))
            })?;
            let r = StageRecord {
                id: id.to_string(),
                measure_id,
                stage,
                date: date(o)?,
                institution: opt(o, "institution")?,
                source,
                note,
            };
            check_stage(plan, &r)?;
            ProgressRecord::Stage(r)
        }
        RecordKind::Values => {
            let r = IndicatorValue {
                id: id.to_string(),
                measure_id,
                indicator_id: req(o, "indicator_id")?,
                date: date(o)?,
                value: req(o, "value")?,
                source,
                note,
            };
            check_value(plan, &r)?;
            ProgressRecord::Value(r)
        }
        RecordKind::Allocations => {
            let r = Allocation {
                id: id.to_string(),
                measure_id,
                municipality: opt(o, "municipality")?,
                amount_eur: req(o, "amount_eur")?,
                pool: req(o, "pool")?,
                kind: req::<MoneyKind>(o, "kind")?,
                date: date(o)?,
                source,
                note,
            };
            check_allocation(plan, g, &r)?;
            ProgressRecord::Allocation(r)
        }
    };
    Ok(rec)
}

/// An id for a new record: the one given (not in use now), or
/// `<measure>-<kind>-<date>[-N]` that no record of the kind has had.
async fn new_id(store: &Store, kind: RecordKind, body: &Value) -> Result<String, ApiError> {
    if let Some(given) = body.get("id").filter(|v| !v.is_null()) {
        let id = given
            .as_str()
            .ok_or_else(|| ApiError::field("id", "is a string"))?;
        check_id(id)?;
        if stored(store, kind, id).await?.is_some() {
            return Err(ApiError::field("id", format!("{id:?} is taken")));
        }
        return Ok(id.to_string());
    }
    let part = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(40)
            .collect::<String>()
    };
    let stem = format!("{}-{}-{}", part("measure_id"), kind.as_str(), part("date"));
    for n in 1..1000 {
        let id = if n == 1 {
            stem.clone()
        } else {
            format!("{stem}-{n}")
        };
        let seen = store
            .history(kind.store_kind(), &id)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        if seen.is_empty() {
            return Ok(id);
        }
    }
    Err(ApiError::Conflict(format!(
        "no free id like {stem}-N; give `id`"
    )))
}

// --- writes ------------------------------------------------------------------------------

/// The answer to a write: the record as stored now, with its ETag.
async fn written(
    st: &AppState,
    store: &Store,
    headers: &HeaderMap,
    kind: RecordKind,
    rec: &ProgressRecord,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let now = stored(store, kind, rec.id()).await?;
    let body = now
        .as_ref()
        .map(|v| v.row.body.clone())
        .unwrap_or(Value::Null);
    let mut resp = with_etag((status, Json(body)).into_response(), now.as_ref().map(etag));
    if status == StatusCode::CREATED {
        let b = st.base_url(headers);
        let url = format!("{b}/progress/{}/{}", kind.as_str(), rec.id());
        if let Ok(u) = HeaderValue::from_str(&url) {
            resp.headers_mut().insert(header::LOCATION, u);
        }
    }
    Ok(resp)
}

/// `POST /progress/{kind}`: a new record; 201 with `Location` and `ETag`.
async fn create(
    State(st): State<AppState>,
    Path(kind): Path<String>,
    caller: Result<Editor, ApiError>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let kind = RecordKind::parse(&kind)?;
    let Editor(who) = caller?;
    let store = the_store(&st)?;
    check_content_type(&headers, &["application/json"])?;
    let body = json_body(&body)?;
    if !body.is_object() {
        return Err(ApiError::field(
            "body",
            "a progress record is a JSON object",
        ));
    }
    let v = st.view();
    let id = new_id(store, kind, &body).await?;
    let rec = parse(kind, &body, &id, &v.catalog.plan, &v.catalog.geodata)?;
    let seq = chrono::Utc::now().timestamp_micros();
    commit(
        &st,
        store,
        &who.name,
        Change::Create(progress_row(&rec, seq)),
    )
    .await?;
    tracing::info!(author = %who.name, kind = kind.as_str(), id = %id, "progress record created");
    written(&st, store, &headers, kind, &rec, StatusCode::CREATED).await
}

/// Replaces (`patch`: amends) a stored record.
async fn rewrite(
    st: AppState,
    who: String,
    kind: RecordKind,
    id: String,
    headers: HeaderMap,
    body: Value,
    patch: bool,
) -> Result<Response, ApiError> {
    let store = the_store(&st)?;
    let now = stored(store, kind, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("progress record", format!("{}/{id}", kind.as_str())))?;
    let expect = if_match(&headers, &now)?;
    let old = progress_from_row(&now.row).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut body = if patch {
        let mut doc = now.row.body.clone();
        merge_patch(&mut doc, &body);
        doc
    } else {
        body
    };
    if let Some(given) = body.get("id").filter(|g| !g.is_null()) {
        if given.as_str() != Some(id.as_str()) {
            return Err(ApiError::field(
                "id",
                format!("{given} is not the record written ({id}); ids do not change"),
            ));
        }
    }
    if let Some(obj) = body.as_object_mut() {
        obj.remove("id");
    }
    let v = st.view();
    let rec = parse(kind, &body, &id, &v.catalog.plan, &v.catalog.geodata)?;
    if rec.measure_id() != old.measure_id() {
        return Err(ApiError::field(
            "measure_id",
            format!(
                "a record stays with its measure ({}); delete it and create another",
                old.measure_id()
            ),
        ));
    }
    let row = progress_row(&rec, now.row.seq);
    let change = if patch {
        Change::Update(row)
    } else {
        Change::Replace(row)
    };
    let change = change.expecting_if(expect);
    commit(&st, store, &who, change).await?;
    tracing::info!(author = %who, kind = kind.as_str(), id = %id, patch, "progress record replaced");
    written(&st, store, &headers, kind, &rec, StatusCode::OK).await
}

/// `PUT /progress/{kind}/{id}`: the whole record anew.
async fn replace(
    State(st): State<AppState>,
    Path((kind, id)): Path<(String, String)>,
    caller: Result<Editor, ApiError>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let kind = RecordKind::parse(&kind)?;
    let Editor(who) = caller?;
    check_content_type(&headers, &["application/json"])?;
    let body = json_body(&body)?;
    rewrite(st, who.name, kind, id, headers, body, false).await
}

/// `PATCH /progress/{kind}/{id}`: an RFC 7386 merge patch (`{"note": …}`).
async fn update(
    State(st): State<AppState>,
    Path((kind, id)): Path<(String, String)>,
    caller: Result<Editor, ApiError>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let kind = RecordKind::parse(&kind)?;
    let Editor(who) = caller?;
    check_content_type(&headers, &[MERGE_PATCH, "application/json"])?;
    let body = json_body(&body)?;
    if !body.is_object() {
        return Err(ApiError::field("body", "a merge patch is a JSON object"));
    }
    rewrite(st, who.name, kind, id, headers, body, true).await
}

/// `DELETE /progress/{kind}/{id}`: 204; the history stays.
async fn delete(
    State(st): State<AppState>,
    Path((kind, id)): Path<(String, String)>,
    caller: Result<Editor, ApiError>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let kind = RecordKind::parse(&kind)?;
    let Editor(who) = caller?;
    let store = the_store(&st)?;
    let now = stored(store, kind, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("progress record", format!("{}/{id}", kind.as_str())))?;
    let expect = if_match(&headers, &now)?;
    let change = Change::Delete {
        kind: kind.store_kind(),
        id: id.clone(),
    };
    let change = change.expecting_if(expect);
    commit(&st, store, &who.name, change).await?;
    tracing::info!(author = %who.name, kind = kind.as_str(), id = %id, "progress record deleted");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /progress/{kind}/{id}/history`: every version, oldest first, with who
/// changed it and when.
async fn history(
    State(st): State<AppState>,
    Reader(_): Reader,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let kind = RecordKind::parse(&kind)?;
    let store = st.store.as_ref().ok_or_else(|| {
        ApiError::not_found(
            "history",
            format!("{}/{id} (kept in a store)", kind.as_str()),
        )
    })?;
    let revs = store
        .history(kind.store_kind(), &id)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if revs.is_empty() {
        return Err(ApiError::not_found(
            "progress record",
            format!("{}/{id}", kind.as_str()),
        ));
    }
    let versions: Vec<Value> = revs
        .into_iter()
        .map(|r| {
            let mut v = revision_json(&r);
            v.insert("record".into(), json!(r.row.map(|row| row.body)));
            Value::Object(v)
        })
        .collect();
    Ok(Json(json!({"kind": kind.as_str(), "id": id, "versions": versions})).into_response())
}

async fn options_list(
    State(st): State<AppState>,
    Path(kind): Path<String>,
) -> Result<Response, ApiError> {
    RecordKind::parse(&kind)?;
    Ok(allow(st.store.is_some(), ALLOW_ITEMS))
}

async fn options_one(
    State(st): State<AppState>,
    Path((kind, _)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    RecordKind::parse(&kind)?;
    Ok(allow(st.store.is_some(), ALLOW_ITEM))
}

fn allow(writable: bool, allow: &'static str) -> Response {
    let allow = if writable {
        allow
    } else {
        crate::api::auth::READ_ONLY
    };
    (
        StatusCode::NO_CONTENT,
        [(header::ALLOW, HeaderValue::from_static(allow))],
    )
        .into_response()
}
