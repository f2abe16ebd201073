//! OGC API – Features, Part 1 Core: landing page, conformance, collections, items.

use axum::extract::{Path, Query as AxumQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::write;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::auth::Reader;
use super::crs::{self, ServedCrs};
use super::params::{self, Query};
use super::select::Selection;
use super::{as_of, queryables, ApiError, AppState, DataView};
use crate::index::source::{FeatureSource, ItemQuery};
use crate::index::Layer;

pub const GEOJSON: &str = "application/geo+json";
/// The data's sources as their licences ask them to be credited.
pub const ATTRIBUTION: &str = "Boundaries: Natural Earth (public domain), dissolved to the 2021 units, cut to Latvia's outline and land border from © OpenStreetMap contributors (ODbL 1.0); Rīga from its neighbourhoods (Rīga municipality, via latviastreetify, MIT); settlements: GeoNames (CC BY 4.0); plan: Cabinet Order No. 32 of 2025-01-20 (VARAM).";
pub const OPENAPI: &str = "application/vnd.oai.openapi+json;version=3.0";
/// Default and maximum page size of /items.
pub const LIMIT_DEFAULT: u64 = 100;
pub const LIMIT_MAX: u64 = 10_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(landing))
        .route("/conformance", get(conformance))
        .route("/api", get(api_doc))
        .route("/collections", get(collections))
        .route("/collections/{id}", get(collection))
        .route(
            "/collections/{id}/items",
            get(items).post(write::create).options(write::options_items),
        )
        .route(
            "/collections/{id}/items/{fid}",
            get(item)
                .put(write::replace)
                .patch(write::update)
                .delete(write::delete)
                .options(write::options_item),
        )
        .route("/collections/{id}/items/{fid}/history", get(write::history))
        .route("/collections/{id}/queryables", get(super::queryables::get))
}

/// Browsers (Accept: text/html, or f=html) go to the map.
fn wants_html(headers: &HeaderMap, q: &Query) -> bool {
    match q.get("f").map(String::as_str) {
        Some("html") => true,
        Some(_) => false,
        None => headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html")),
    }
}

fn check_f(q: &Query, html_ok: bool) -> Result<(), ApiError> {
    match q.get("f").map(String::as_str) {
        None | Some("json") | Some("geojson") => Ok(()),
        Some("html") if html_ok => Ok(()),
        Some(other) => Err(ApiError::param(
            "f",
            format!(
                "`{other}` is not a supported format (json{})",
                if html_ok { ", html" } else { "" }
            ),
        )),
    }
}

async fn landing(
    State(st): State<AppState>,
    headers: HeaderMap,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    params::reject_unknown(&q, &["f"], |_| false)?;
    check_f(&q, true)?;
    if wants_html(&headers, &q) {
        // Behind a reverse proxy the map lives under the public URL's path.
        let to = match st.edge.links.public_url() {
            Some(u) => format!("{u}/map"),
            None => "/map".to_string(),
        };
        return Ok(Redirect::to(&to).into_response());
    }
    let b = st.base_url(&headers);
    Ok(Json(json!({
        "title": "pierobeza: Latvia's Eastern border area action plan 2025–2027",
        "description": "Measures of the action plan for the economic growth and security of Latvia's Eastern border area (Latgale and Alūksne), with municipality boundaries, settlements, the state border and border crossings, as OGC API – Features; plus coverage per municipality and proximity analyses.",
        "attribution": ATTRIBUTION,
        "links": landing_links(&b),
    }))
    .into_response())
}

/// The landing page's links; the GeoPackage download only where this build can make it.
fn landing_links(b: &str) -> Vec<Value> {
    let mut links = vec![
        json!({"href": format!("{b}/"), "rel": "self", "type": "application/json", "title": "This document"}),
        json!({"href": format!("{b}/map"), "rel": "alternate", "type": "text/html", "title": "The map"}),
        json!({"href": format!("{b}/api"), "rel": "service-desc", "type": OPENAPI, "title": "The API definition (OpenAPI 3.0)"}),
        json!({"href": format!("{b}/map"), "rel": "service-doc", "type": "text/html", "title": "The map and its documentation"}),
        json!({"href": format!("{b}/conformance"), "rel": "conformance", "type": "application/json", "title": "Conformance classes"}),
        json!({"href": format!("{b}/collections"), "rel": "data", "type": "application/json", "title": "The layers"}),
        json!({"href": format!("{b}/plan"), "rel": "describedby", "type": "application/json", "title": "The plan: challenges, monitoring, priorities after 2027, money pools"}),
    ];
    if cfg!(feature = "gdal") {
        links.push(json!({"href": format!("{b}/export/pierobeza.gpkg"), "rel": "enclosure", "type": "application/geopackage+sqlite3", "title": "Every layer as one GeoPackage with QGIS styles"}));
    }
    links
}

pub const CONFORMANCE: [&str; 16] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    // Part 2 (OGC 18-058r1): `crs`, `bbox-crs`, `Content-Crs`, the collections' lists.
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    // Part 3 (OGC 19-079r2): /collections/{id}/queryables, and each queryable as a
    // `?name=value` parameter of the items (equality).
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    // Part 3 `filter` on the items in CQL2 (OGC 21-065r2), see `super::filter`; each
    // class is tested in tests/filter.rs.
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
];

/// Part 4, declared by a server with a store (its measure locations take writes).
pub const CONFORMANCE_WRITE: [&str; 3] = [
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
];

async fn conformance(
    State(st): State<AppState>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Json<Value>, ApiError> {
    params::reject_unknown(&q, &["f"], |_| false)?;
    check_f(&q, false)?;
    let mut classes: Vec<&str> = CONFORMANCE.to_vec();
    classes.extend(super::tiles::CONFORMANCE);
    if st.store.is_some() {
        classes.extend(CONFORMANCE_WRITE);
    }
    Ok(Json(json!({ "conformsTo": classes })))
}

async fn api_doc(
    State(st): State<AppState>,
    headers: HeaderMap,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    let v = st.view();
    params::reject_unknown(&q, &["f"], |_| false)?;
    check_f(&q, false)?;
    let doc = super::openapi::document(&v.catalog, &st.base_url(&headers), st.store.is_some());
    let mut r = Json(doc).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(OPENAPI));
    Ok(r)
}

fn collection_json(l: &Layer, b: &str) -> Value {
    let bbox = l
        .bbox
        .map(|r| vec![r.min().x, r.min().y, r.max().x, r.max().y])
        .unwrap_or_else(|| vec![20.9, 55.6, 28.3, 58.1]);
    json!({
        "id": l.id,
        "title": l.title,
        "title_lv": l.title_lv,
        "description": l.description,
        "itemType": "feature",
        "geometry_class": l.class.suffix(),
        "geometry_type": l.class.geometry_type(),
        "group": match l.group { crate::index::LayerGroup::Base => "base", crate::index::LayerGroup::Measures => "measures" },
        "feature_count": l.features.len(),
        "crs": crs::SUPPORTED,
        "storageCrs": crs::CRS84,
        "extent": {"spatial": {"bbox": [bbox], "crs": crs::CRS84}},
        "links": [
            {"href": format!("{b}/collections/{}", l.id), "rel": "self", "type": "application/json", "title": l.title},
            {"href": format!("{b}/collections/{}/items", l.id), "rel": "items", "type": GEOJSON, "title": format!("{} (GeoJSON)", l.title)},
            {"href": format!("{b}/export/{}.geojson", l.id), "rel": "enclosure", "type": GEOJSON, "title": "Download every feature"},
            {"href": format!("{b}/collections/{}/queryables", l.id), "rel": queryables::REL, "type": queryables::SCHEMA_JSON, "title": "The properties to filter on (JSON Schema)"},
            {"href": format!("{b}/collections/{}/tiles", l.id), "rel": "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", "type": "application/json", "title": "Vector tiles (MVT)"},
        ]
    })
}

async fn collections(
    State(st): State<AppState>,
    headers: HeaderMap,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Json<Value>, ApiError> {
    let v = st.view();
    params::reject_unknown(&q, &["f"], |_| false)?;
    check_f(&q, false)?;
    let b = st.base_url(&headers);
    Ok(Json(json!({
        "links": [{"href": format!("{b}/collections"), "rel": "self", "type": "application/json"}],
        "collections": v.catalog.collections().iter().map(|l| collection_json(l, &b)).collect::<Vec<_>>(),
    })))
}

fn layer<'a>(v: &'a DataView, id: &str) -> Result<&'a Layer, ApiError> {
    v.catalog
        .collection(id)
        .ok_or_else(|| ApiError::not_found("collection", id))
}

async fn collection(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Json<Value>, ApiError> {
    let v = st.view();
    params::reject_unknown(&q, &["f"], |_| false)?;
    check_f(&q, false)?;
    let l = layer(&v, &id)?;
    Ok(Json(collection_json(l, &st.base_url(&headers))))
}

/// Parameters every items request may carry besides property filters.
pub const ITEMS_PARAMS: [&str; 13] = [
    "bbox",
    "limit",
    "offset",
    "f",
    "crs",
    "bbox-crs",
    "datetime",
    "sortby",
    "properties",
    "skipGeometry",
    "filter",
    "filter-lang",
    "filter-crs",
];

/// The CRS features are stored in and served in by default.
pub use super::crs::CRS84;

/// Refuses a property filter whose value cannot be of the property's type.
fn check_filters(l: &Layer, filters: &[(&String, &String)]) -> Result<(), ApiError> {
    for (k, v) in filters {
        let t = l.property_type(k).unwrap_or("string");
        let bad_number = match t {
            "integer" => v.parse::<i64>().is_err(),
            "number" => !v.parse::<f64>().is_ok_and(f64::is_finite),
            _ => false,
        };
        if bad_number {
            return Err(ApiError::param(
                k.as_str(),
                format!("`{v}` is not a valid {t}; the property is {t}"),
            ));
        }
        if t == "boolean" && !matches!(v.as_str(), "true" | "false") {
            return Err(ApiError::param(
                k.as_str(),
                format!("`{v}` is not true or false"),
            ));
        }
    }
    Ok(())
}

async fn items(
    State(st): State<AppState>,
    Reader(role): Reader,
    headers: HeaderMap,
    Path(id): Path<String>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    let v = as_of::view_for(&st, &q, role).await?;
    let l = layer(&v, &id)?;
    params::reject_unknown(&q, &ITEMS_PARAMS, |k| l.property_type(k).is_some())?;
    check_f(&q, false)?;
    let crs = ServedCrs::param(&q, "crs")?;
    let limit = params::int_in(&q, "limit", LIMIT_DEFAULT, 1, LIMIT_MAX)?;
    let offset = params::int_in(&q, "offset", 0, 0, u64::from(u32::MAX))?;
    let area = crs::bbox(&q)?;
    let filters: Vec<(&String, &String)> = q
        .iter()
        .filter(|(k, _)| !ITEMS_PARAMS.contains(&k.as_str()))
        .collect();
    check_filters(l, &filters)?;
    let sort = super::sort::sortby(&q, l)?;
    let selection = Selection::parse(&q, l)?;
    let filter = super::filter::parse(&q, l)?;
    let query = ItemQuery {
        sort,
        area,
        filter,
        filters: filters
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        offset: offset as usize,
        limit: limit as usize,
    };
    let found = v
        .catalog
        .items(&id, &query)
        .ok_or_else(|| ApiError::not_found("collection", &id))?;
    let matched = found.matched as u64;
    let page = found.positions;
    let b = st.base_url(&headers);
    let link = |off: u64| {
        let mut qs: Vec<(String, String)> = q
            .iter()
            .filter(|(k, _)| k.as_str() != "offset")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        qs.sort();
        qs.push(("offset".into(), off.to_string()));
        if !q.contains_key("limit") {
            qs.push(("limit".into(), limit.to_string()));
        }
        let enc: Vec<String> = qs
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect();
        format!("{b}/collections/{id}/items?{}", enc.join("&"))
    };
    let mut links = vec![
        json!({"href": link(offset), "rel": "self", "type": GEOJSON}),
        json!({"href": format!("{b}/collections/{id}"), "rel": "collection", "type": "application/json"}),
    ];
    if offset + (page.len() as u64) < matched {
        links.push(
            json!({"href": link(offset + page.len() as u64), "rel": "next", "type": GEOJSON}),
        );
    }
    if offset > 0 {
        links.push(
            json!({"href": link(offset.saturating_sub(limit)), "rel": "prev", "type": GEOJSON}),
        );
    }
    // Each feature is serialized once (on first request); a page is a concatenation.
    let texts = page
        .iter()
        .map(|&i| selection.text_of(crs.feature_text(&v, l, i)))
        .collect::<Result<Vec<_>, _>>()?;
    let features: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
    let body = crate::index::geojson::collection_text(
        &[
            ("numberMatched", json!(matched)),
            ("numberReturned", json!(page.len())),
            ("timeStamp", json!(v.updated)),
            ("links", Value::Array(links)),
        ],
        &features,
    );
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(GEOJSON)),
            (crs::CONTENT_CRS, crs.content_crs()),
        ],
        body,
    )
        .into_response())
}

async fn item(
    State(st): State<AppState>,
    Reader(role): Reader,
    headers: HeaderMap,
    Path((id, fid)): Path<(String, String)>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    params::reject_unknown(
        &q,
        &["f", "datetime", "properties", "skipGeometry", "crs"],
        |_| false,
    )?;
    check_f(&q, false)?;
    let crs = ServedCrs::param(&q, "crs")?;
    let v = as_of::view_for(&st, &q, role).await?;
    let l = layer(&v, &id)?;
    let selection = Selection::parse(&q, l)?;
    let mut feature = served_feature(&v, &id, &fid, &st.base_url(&headers))?;
    crs.reproject(&mut feature, l, &fid);
    selection.apply(&mut feature);
    let mut resp = (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(GEOJSON)),
            (crs::CONTENT_CRS, crs.content_crs()),
        ],
        feature.to_string(),
    )
        .into_response();
    // A writable feature's version, for If-Match (not of a past state).
    if let (Some(store), Some(loc)) = (
        st.store
            .as_ref()
            .filter(|_| write::writable(&st, l) && !q.contains_key("datetime")),
        l.feature(&fid).and_then(|(_, f)| f.record.location()),
    ) {
        let now = store
            .current_version(crate::store::Kind::Location, &loc.location_id)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        if let Some(tag) = now.as_ref().map(write::etag) {
            if let Ok(t) = HeaderValue::from_str(&tag) {
                resp.headers_mut().insert(header::ETAG, t);
            }
        }
    }
    Ok(resp)
}

/// A feature of a collection as served, with its links.
pub fn served_feature(v: &DataView, id: &str, fid: &str, b: &str) -> Result<Value, ApiError> {
    let l = layer(v, id)?;
    let (i, _) = v
        .catalog
        .feature(id, fid)
        .ok_or_else(|| ApiError::not_found("feature", format!("{id}/{fid}")))?;
    let mut feature: Value = serde_json::from_str(v.feature_text(l, i))
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let fe = urlencode(fid);
    let mut links = vec![
        json!({"href": format!("{b}/collections/{id}/items/{fe}"), "rel": "self", "type": GEOJSON}),
        json!({"href": format!("{b}/collections/{id}"), "rel": "collection", "type": "application/json"}),
    ];
    if l.group == crate::index::LayerGroup::Measures {
        links.push(json!({"href": format!("{b}/collections/{id}/items/{fe}/history"), "rel": "version-history", "type": "application/json"}));
    }
    feature["links"] = Value::Array(links);
    Ok(feature)
}

/// Percent-encodes a query component.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
