//! OGC API – Features Part 4 on the measure-location layers: create (POST), replace
//! (PUT), update (PATCH, RFC 7386 merge patch) and delete, each one changeset in
//! the store with the token's name as author; `OPTIONS` answers with `Allow` (QGIS
//! turns editing on from it); `/history` lists a feature's versions.
//!
//! A write is visible to the next request of this process: the view is rebuilt
//! before the answer ([`live::catch_up`]). `If-Match` is optional (QGIS and OWSLib
//! never send it); when sent it is checked in the commit's transaction.

/// Progress records (stages, indicator values, allocations) as JSON endpoints.
pub mod progress;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::auth::{Editor, Reader, READ_ONLY};
use super::ogc::{served_feature, urlencode, CRS84, GEOJSON};
use super::{live, ApiError, AppState, DataView};
use crate::auth::Role;
use crate::edit::location;
use crate::index::build::location_feature_id;
use crate::index::build::Audience;
use crate::index::{Layer, LayerGroup};
use crate::model::{Location, Measure, Precision};
use crate::store::records::{location_from_row, location_row};
use crate::store::{
    Backend, Change, ChangeKind, Changeset, Kind, Row, Store, StoreError, VersionedRow,
};

/// `Allow` of a writable items resource.
pub const ALLOW_ITEMS: &str = "GET, HEAD, OPTIONS, POST";
/// `Allow` of a writable item.
pub const ALLOW_ITEM: &str = "GET, HEAD, OPTIONS, PUT, PATCH, DELETE";
pub const MERGE_PATCH: &str = "application/merge-patch+json";

/// Whether a layer takes writes on this server: a measure-location layer over a store.
pub fn writable(st: &AppState, l: &Layer) -> bool {
    st.store.is_some() && l.group == LayerGroup::Measures
}

fn layer<'a>(v: &'a DataView, id: &str) -> Result<&'a Layer, ApiError> {
    v.catalog
        .layer(id)
        .ok_or_else(|| ApiError::not_found("collection", id))
}

/// The store, and the collection if it takes writes.
fn writable_layer<'a>(
    st: &'a AppState,
    v: &'a DataView,
    id: &str,
) -> Result<(&'a Store, &'a Layer), ApiError> {
    let l = layer(v, id)?;
    match st.store.as_ref() {
        Some(store) if writable(st, l) => Ok((store, l)),
        _ => Err(ApiError::MethodNotAllowed {
            allow: READ_ONLY,
            reason: format!("collection `{id}` is read-only; the measure locations take writes"),
        }),
    }
}

fn no_content(allow: &'static str) -> Response {
    (
        StatusCode::NO_CONTENT,
        [(header::ALLOW, HeaderValue::from_static(allow))],
    )
        .into_response()
}

/// `OPTIONS /collections/{id}/items`.
pub async fn options_items(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let v = st.view();
    let l = layer(&v, &id)?;
    Ok(no_content(if writable(&st, l) {
        ALLOW_ITEMS
    } else {
        READ_ONLY
    }))
}

/// `OPTIONS /collections/{id}/items/{featureId}`: also for an id not (yet) there,
/// which QGIS asks about on an empty layer.
pub async fn options_item(
    State(st): State<AppState>,
    Path((id, _fid)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let v = st.view();
    let l = layer(&v, &id)?;
    Ok(no_content(if writable(&st, l) {
        ALLOW_ITEM
    } else {
        READ_ONLY
    }))
}

// --- ETags --------------------------------------------------------------------------

/// JSON with object keys sorted: the same text whichever order a backend keeps them in.
fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&m[k], out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The strong ETag of a stored version: `"<version>-<first 8 hex of its content's SHA-256>"`.
pub fn etag(v: &VersionedRow) -> String {
    let mut text = String::new();
    canonical(&v.row.body, &mut text);
    let mut h = Sha256::new();
    h.update(v.row.id.as_bytes());
    h.update([0]);
    h.update(v.row.parent.as_deref().unwrap_or("").as_bytes());
    h.update([0]);
    h.update(text.as_bytes());
    h.update([0]);
    if let Some(g) = &v.row.geometry {
        h.update(crate::store::wkb::encode(g).unwrap_or_default());
    }
    let d = h.finalize();
    let hex: String = d[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{}-{hex}\"", v.version)
}

/// The versions `If-Match` allows, given the current one; `Ok(None)` without the
/// header (or with `*`), 412 when no listed tag is the current one.
fn if_match(headers: &HeaderMap, current: &VersionedRow) -> Result<Option<Vec<i64>>, ApiError> {
    let values: Vec<&HeaderValue> = headers.get_all(header::IF_MATCH).iter().collect();
    if values.is_empty() {
        return Ok(None);
    }
    let mut tags = Vec::new();
    for v in values {
        let s = v
            .to_str()
            .map_err(|_| ApiError::field("If-Match", "is not ASCII"))?;
        tags.extend(s.split(',').map(str::trim).filter(|t| !t.is_empty()));
    }
    if tags.contains(&"*") {
        return Ok(None);
    }
    let now = etag(current);
    // Strong comparison (RFC 9110 §13.1.1): a weak tag never matches.
    if tags.contains(&now.as_str()) {
        Ok(Some(vec![current.version]))
    } else {
        Err(ApiError::PreconditionFailed(format!(
            "If-Match {} does not name the current version {now}; read the feature again",
            tags.join(", ")
        )))
    }
}

// --- request bodies -------------------------------------------------------------------

/// Refuses a body of another media type than `accepted` (a missing Content-Type is
/// taken as JSON: OWSLib's PUT sends none).
fn check_content_type(headers: &HeaderMap, accepted: &[&str]) -> Result<(), ApiError> {
    let Some(ct) = headers.get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let ct = ct.to_str().unwrap_or("");
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if accepted.contains(&essence.as_str()) {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType(format!(
            "Content-Type {ct:?} is not accepted here; send {}",
            accepted.join(" or ")
        )))
    }
}

/// Only CRS84 coordinates are taken (Part 2 is not offered).
fn check_content_crs(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(v) = headers.get("content-crs") else {
        return Ok(());
    };
    let s = v.to_str().unwrap_or("").trim();
    let s = s
        .strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(s);
    if s == CRS84 {
        Ok(())
    } else {
        Err(ApiError::field(
            "Content-Crs",
            format!("{s:?} is not offered; send coordinates in {CRS84}"),
        ))
    }
}

fn json_body(body: &Bytes) -> Result<Value, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::field("body", format!("not JSON: {e}")))
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    if let Value::Object(t) = target {
        for (k, v) in p {
            if v.is_null() {
                t.shift_remove(k);
            } else {
                merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

// --- the records ------------------------------------------------------------------------

fn measure<'a>(v: &'a DataView, id: &str) -> Result<&'a Measure, ApiError> {
    v.catalog
        .plan
        .measures
        .iter()
        .find(|m| m.id == id)
        .ok_or_else(|| {
            ApiError::field(
                "properties.measure_id",
                format!("no measure {id:?} in the plan"),
            )
        })
}

/// A stored location row as the model, with its measure's id.
fn stored_location(v: &DataView, row: &Row) -> Result<(String, Location), ApiError> {
    let parent = row
        .parent
        .clone()
        .ok_or_else(|| ApiError::Internal(format!("location {} has no measure", row.id)))?;
    measure(v, &parent).map_err(|_| {
        ApiError::Internal(format!("location {}: measure {parent} not in view", row.id))
    })?;
    let loc = location_from_row(row).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((parent, loc))
}

fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::Stale { .. } => {
            ApiError::PreconditionFailed(format!("{e}; read the feature again (If-Match)"))
        }
        StoreError::Missing { .. } => ApiError::Conflict(format!("{e} any more")),
        StoreError::Exists { .. } => ApiError::field("properties.location_id", e.to_string()),
        other => ApiError::Internal(other.to_string()),
    }
}

/// The location a feature of a writable collection stands for, as stored now.
async fn current(store: &Store, l: &Layer, fid: &str) -> Result<VersionedRow, ApiError> {
    let (_, f) = l
        .feature(fid)
        .ok_or_else(|| ApiError::not_found("feature", format!("{}/{fid}", l.id)))?;
    let rec = f
        .record
        .location()
        .ok_or_else(|| ApiError::Internal(format!("{}/{fid} is not a location", l.id)))?;
    let loc_fid = rec.location_id.replace(['/', '?', '#', ' '], "-");
    if loc_fid != fid {
        return Err(ApiError::Conflict(format!(
            "feature {fid} is one point of the multi-point location {}: it cannot be written one point at a time",
            rec.location_id
        )));
    }
    store
        .current_version(Kind::Location, &rec.location_id)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .ok_or_else(|| ApiError::not_found("feature", format!("{}/{fid}", l.id)))
}

/// The view writes go through: the editors', with the sites the public does not
/// see. A collection only that view has is not named to a caller who is not an
/// editor (404, as to the public).
fn write_view(
    st: &AppState,
    id: &str,
    caller: &Result<Editor, ApiError>,
) -> Result<Arc<DataView>, ApiError> {
    let public = st.view();
    if public.catalog.layer(id).is_none() && caller.is_err() {
        return Err(ApiError::not_found("collection", id));
    }
    Ok(public.for_role(Role::Editor))
}

/// Commits one change by `author` and makes it visible to the next request.
async fn commit(
    st: &AppState,
    store: &Store,
    author: &str,
    change: Change,
) -> Result<(), ApiError> {
    let cs = Changeset::now(author, ChangeKind::Api, vec![change]);
    let done = store.commit(&cs).await.map_err(store_error)?;
    live::catch_up(store, st, done.counter)
        .await
        .map_err(|e| ApiError::Internal(format!("publishing a write: {e}")))
}

/// The answer to a create or replace: the feature as now served, with its ETag.
async fn written(
    st: &AppState,
    store: &Store,
    headers: &HeaderMap,
    collection: &str,
    loc: &Location,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let fid = location_feature_id(loc);
    let b = st.base_url(headers);
    let now = store
        .current_version(Kind::Location, &loc.id)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let v = st.view().for_role(Role::Editor);
    let body = served_feature(&v, collection, &fid, &b)?.to_string();
    let mut resp = (status, [(header::CONTENT_TYPE, GEOJSON)], body).into_response();
    let h = resp.headers_mut();
    if let Some(tag) = now.as_ref().map(etag) {
        if let Ok(t) = HeaderValue::from_str(&tag) {
            h.insert(header::ETAG, t);
        }
    }
    if status == StatusCode::CREATED {
        let loc_url = format!("{b}/collections/{collection}/items/{}", urlencode(&fid));
        if let Ok(u) = HeaderValue::from_str(&loc_url) {
            h.insert(header::LOCATION, u);
        }
    }
    Ok(resp)
}

/// A location id for a new location: the one asked for (unused), or one made
/// from the name that no record, current or deleted, has had.
async fn new_location_id(
    store: &Store,
    v: &DataView,
    m: &Measure,
    input: &location::Input,
) -> Result<String, ApiError> {
    let taken = |id: String| async move {
        let fid = id.replace(['/', '?', '#', ' '], "-");
        let in_view = v
            .catalog
            .layers
            .iter()
            .filter(|l| l.group == LayerGroup::Measures)
            .any(|l| l.feature(&fid).is_some());
        let stored = store
            .ids_by_feature_id(Kind::Location, &fid)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok::<_, ApiError>((in_view, stored))
    };
    if let Some(id) = &input.location_id {
        location::check_location_id(&m.id, id)?;
        let (in_view, stored) = taken(id.clone()).await?;
        // A deleted location may be created again (its history continues).
        let live_clash = in_view || stored.iter().any(|s| s != id);
        let live_same = store
            .current_version(Kind::Location, id)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .is_some();
        if live_clash || live_same {
            return Err(ApiError::field(
                "properties.location_id",
                format!("{id:?} is taken (ids are unique, also once `/` is made `-`)"),
            ));
        }
        return Ok(id.clone());
    }
    let stem = location::new_location_stem(&m.id, input.name.as_deref());
    for n in 1..1000 {
        let id = if n == 1 {
            stem.clone()
        } else {
            format!("{stem}-{n}")
        };
        let (in_view, stored) = taken(id.clone()).await?;
        if !in_view && stored.is_empty() {
            return Ok(id);
        }
    }
    Err(ApiError::Conflict(format!(
        "no free location id like {stem}-N; give properties.location_id"
    )))
}

/// Whether `id` names the layer a measure of the plan would be served in that has
/// no location yet: `<kind>[_candidates]_<points|lines|areas>` (e.g. `roads_lines`
/// before the first road section is drawn). Such a layer takes its first location.
fn future_layer(v: &DataView, id: &str) -> bool {
    let Some(kind) = ["_points", "_lines", "_areas"]
        .iter()
        .find_map(|suffix| id.strip_suffix(suffix))
    else {
        return false;
    };
    let kind = kind.strip_suffix("_candidates").unwrap_or(kind);
    v.catalog
        .plan
        .measures
        .iter()
        .any(|m| crate::index::build::sanitize_id(&m.kind) == kind)
}

/// The store and collection a new location is posted to: a writable layer, or a
/// measure layer that has no location yet ([`future_layer`]).
fn create_target<'a>(
    st: &'a AppState,
    v: &'a DataView,
    id: &str,
) -> Result<(&'a Store, String), ApiError> {
    match (st.store.as_ref(), v.catalog.layer(id)) {
        (Some(store), None) if future_layer(v, id) => Ok((store, id.to_string())),
        _ => writable_layer(st, v, id).map(|(store, l)| (store, l.id.clone())),
    }
}

/// `POST /collections/{id}/items`: a new location; 201 with `Location` and `ETag`.
/// A measure layer without locations yet (`roads_lines`) takes its first one.
pub async fn create(
    State(st): State<AppState>,
    Path(id): Path<String>,
    caller: Result<Editor, ApiError>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let v = write_view(&st, &id, &caller)?;
    let (store, collection) = create_target(&st, &v, &id)?;
    let Editor(who) = caller?;
    check_content_type(&headers, &[GEOJSON, "application/json"])?;
    check_content_crs(&headers)?;
    let input = location::parse(&json_body(&body)?)?;
    let measure_id = input
        .measure_id
        .clone()
        .ok_or_else(|| ApiError::field("properties.measure_id", "is required"))?;
    let m = measure(&v, &measure_id)?;
    let loc_id = new_location_id(store, &v, m, &input).await?;
    let loc = location::to_location(&v.catalog, m, &loc_id, input, &collection, None)?;
    let seq = chrono::Utc::now().timestamp_micros() as usize;
    let row = location_row(&m.id, &loc, seq);
    commit(&st, store, &who.name, Change::Create(row)).await?;
    tracing::info!(author = %who.name, collection = %id, location = %loc.id, "created");
    let served_in = location::layer_id(m, &loc, Audience::Restricted);
    written(&st, store, &headers, &served_in, &loc, StatusCode::CREATED).await
}

/// Replaces or amends (`patch`) the location of a feature with a written body.
async fn rewrite(
    st: AppState,
    who: crate::auth::Principal,
    id: String,
    fid: String,
    headers: HeaderMap,
    body: Value,
    patch: bool,
) -> Result<Response, ApiError> {
    let v = st.view().for_role(Role::Editor);
    let (store, l) = writable_layer(&st, &v, &id)?;
    let now = current(store, l, &fid).await?;
    let expect = if_match(&headers, &now)?;
    let (measure_id, old) = stored_location(&v, &now.row)?;
    let body = if patch {
        let mut doc = location::editable(&measure_id, &old);
        merge_patch(&mut doc, &body);
        doc
    } else {
        body
    };
    if let Some(given) = body.get("id").filter(|g| !g.is_null()) {
        let same = match given {
            Value::String(s) => *s == fid,
            Value::Number(n) => n.to_string() == fid,
            _ => false,
        };
        if !same {
            return Err(ApiError::field(
                "id",
                format!("{given} is not the feature written ({fid})"),
            ));
        }
    }
    let mut input = location::parse(&body)?;
    if let Some(mid) = input.measure_id.as_deref().filter(|mid| *mid != measure_id) {
        return Err(ApiError::field(
            "properties.measure_id",
            format!("{mid} is not this location's measure ({measure_id}); a location cannot move to another measure"),
        ));
    }
    if let Some(lid) = input.location_id.as_deref().filter(|lid| *lid != old.id) {
        return Err(ApiError::field(
            "properties.location_id",
            format!("{lid} is not this location ({}); ids do not change", old.id),
        ));
    }
    input.measure_id = Some(measure_id.clone());
    let m = measure(&v, &measure_id)?;
    let loc = location::to_location(&v.catalog, m, &old.id, input, &l.id, Some(&old))?;
    let row = location_row(&measure_id, &loc, now.row.seq as usize);
    let change = if patch {
        Change::Update(row)
    } else {
        Change::Replace(row)
    };
    let change = change.expecting_if(expect);
    commit(&st, store, &who.name, change).await?;
    tracing::info!(author = %who.name, collection = %id, location = %loc.id, patch, "replaced");
    let served_in = location::layer_id(m, &loc, Audience::Restricted);
    written(&st, store, &headers, &served_in, &loc, StatusCode::OK).await
}

/// `PUT /collections/{id}/items/{featureId}`: the whole location anew.
pub async fn replace(
    State(st): State<AppState>,
    Path((id, fid)): Path<(String, String)>,
    caller: Result<Editor, ApiError>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    writable_layer(&st, &*write_view(&st, &id, &caller)?, &id)?;
    let Editor(who) = caller?;
    check_content_type(&headers, &[GEOJSON, "application/json"])?;
    check_content_crs(&headers)?;
    let body = json_body(&body)?;
    rewrite(st, who, id, fid, headers, body, false).await
}

/// `PATCH /collections/{id}/items/{featureId}`: an RFC 7386 merge patch of the
/// feature (`{"properties": {"note": …}}`, `{"geometry": …}`).
pub async fn update(
    State(st): State<AppState>,
    Path((id, fid)): Path<(String, String)>,
    caller: Result<Editor, ApiError>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    writable_layer(&st, &*write_view(&st, &id, &caller)?, &id)?;
    let Editor(who) = caller?;
    check_content_type(&headers, &[MERGE_PATCH, "application/json"])?;
    check_content_crs(&headers)?;
    let body = json_body(&body)?;
    if !body.is_object() {
        return Err(ApiError::field("body", "a merge patch is a JSON object"));
    }
    rewrite(st, who, id, fid, headers, body, true).await
}

/// `DELETE /collections/{id}/items/{featureId}`: 204; the history stays.
pub async fn delete(
    State(st): State<AppState>,
    Path((id, fid)): Path<(String, String)>,
    caller: Result<Editor, ApiError>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let v = write_view(&st, &id, &caller)?;
    let (store, l) = writable_layer(&st, &v, &id)?;
    let Editor(who) = caller?;
    let now = current(store, l, &fid).await?;
    let expect = if_match(&headers, &now)?;
    let change = Change::Delete {
        kind: Kind::Location,
        id: now.row.id.clone(),
    };
    let change = change.expecting_if(expect);
    commit(&st, store, &who.name, change).await?;
    tracing::info!(author = %who.name, collection = %id, location = %now.row.id, "deleted");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The location ids a feature id of a collection stands for, deleted ones too.
async fn history_ids(
    store: &Store,
    v: &DataView,
    l: &Layer,
    fid: &str,
) -> Result<Vec<String>, ApiError> {
    if let Some((_, f)) = l.feature(fid) {
        if let Some(r) = f.record.location() {
            return Ok(vec![r.location_id.clone()]);
        }
    }
    // Not served now (deleted): the records whose feature id it was, whose measure's
    // kind is this collection's.
    let ids = store
        .ids_by_feature_id(Kind::Location, fid)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut out = Vec::new();
    for id in ids {
        let measure_id = id.split('/').next().unwrap_or("");
        let fits = v
            .catalog
            .plan
            .measures
            .iter()
            .find(|m| m.id == measure_id)
            .is_some_and(|m| {
                let kind = crate::index::build::sanitize_id(&m.kind);
                l.id.strip_prefix(&kind)
                    .is_some_and(|rest| rest.starts_with('_'))
            });
        if fits {
            out.push(id);
        }
    }
    Ok(out)
}

/// Whether a stored location is finer than the public may see.
fn restricted(v: &DataView, measure_id: &str, loc: &Location) -> bool {
    let public = v.catalog.plan.measure(measure_id);
    public.is_none_or(|m| m.sites_not_public) && loc.precision < Precision::Municipality
}

/// A restricted version as the public may see it: no geometry, no place name.
fn withhold(doc: &mut Value) {
    doc["geometry"] = Value::Null;
    if let Some(p) = doc["properties"].as_object_mut() {
        p.insert("place_name".into(), Value::Null);
        p.insert(
            "withheld".into(),
            json!("the measure does not publish its sites: the geometry and place name are for analysts"),
        );
    }
}

/// What every version in a history says: version, op, when, who, the changeset's
/// kind and note, and the version's ETag (none for a deletion).
pub fn revision_json(r: &crate::store::Revision) -> serde_json::Map<String, Value> {
    let tag = r.row.as_ref().map(|row| {
        etag(&VersionedRow {
            version: r.version,
            row: row.clone(),
        })
    });
    let v = json!({
        "version": r.version,
        "op": r.op,
        "at": r.at,
        "until": r.until,
        "author": r.author,
        "changeset_kind": r.changeset_kind,
        "changeset_note": r.note,
        "etag": tag,
    });
    match v {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}

/// `GET /collections/{id}/items/{featureId}/history`: every version of the
/// feature's location, oldest first, with who changed it and when; the baseline
/// and deletions included.
pub async fn history(
    State(st): State<AppState>,
    Reader(role): Reader,
    headers: HeaderMap,
    Path((id, fid)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let v = st.view().for_role(role);
    let l = layer(&v, &id)?;
    let Some(store) = st
        .store
        .as_ref()
        .filter(|_| l.group == LayerGroup::Measures)
    else {
        return Err(ApiError::not_found(
            "history",
            format!("{id}/{fid} (history is kept for the measure locations)"),
        ));
    };
    let ids = history_ids(store, &v, l, &fid).await?;
    let mut versions = Vec::new();
    for loc_id in &ids {
        for r in store
            .history(Kind::Location, loc_id)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
        {
            let (properties, geometry) = match &r.row {
                Some(row) => {
                    let (mid, loc) = stored_location(&v, row)?;
                    let mut doc = location::editable(&mid, &loc);
                    if role < Role::Analyst && restricted(&v, &mid, &loc) {
                        withhold(&mut doc);
                    }
                    (doc["properties"].take(), doc["geometry"].take())
                }
                None => (Value::Null, Value::Null),
            };
            let mut version = revision_json(&r);
            version.shift_insert(0, "location_id".into(), json!(loc_id));
            version.insert("properties".into(), properties);
            version.insert("geometry".into(), geometry);
            versions.push(Value::Object(version));
        }
    }
    if versions.is_empty() {
        return Err(ApiError::not_found("feature", format!("{id}/{fid}")));
    }
    let b = st.base_url(&headers);
    let fe = urlencode(&fid);
    Ok(Json(json!({
        "collection": id,
        "featureId": fid,
        "versions": versions,
        "links": [
            {"href": format!("{b}/collections/{id}/items/{fe}/history"), "rel": "self", "type": "application/json"},
            {"href": format!("{b}/collections/{id}/items/{fe}"), "rel": "item", "type": GEOJSON},
        ],
    }))
    .into_response())
}
