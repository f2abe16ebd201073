//! `/collections/{id}/queryables` (OGC API – Features Part 3, "Queryables"): the
//! properties a client may filter on, as a JSON Schema built from the layer's typed
//! schema. Every property of the layer is a queryable (each one is a `?name=value`
//! filter on the items), plus the geometry, declared by the layer's class.

use axum::extract::{Path, Query as AxumQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::auth::Reader;
use super::params::{self, Query};
use super::{ApiError, AppState};
use crate::index::{GeomClass, Layer};

/// The media type of a JSON Schema document.
pub const SCHEMA_JSON: &str = "application/schema+json";
/// The link relation from a collection to its queryables.
pub const REL: &str = "http://www.opengis.net/def/rel/ogc/1.0/queryables";
const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// `GET /collections/{id}/queryables`. The schema is read from the caller's view:
/// the restricted view has the same fields, but nothing here may assume so.
pub async fn get(
    State(st): State<AppState>,
    Reader(role): Reader,
    headers: HeaderMap,
    Path(id): Path<String>,
    AxumQuery(q): AxumQuery<Query>,
) -> Result<Response, ApiError> {
    params::reject_unknown(&q, &["f"], |_| false)?;
    if let Some(f) = q.get("f").filter(|f| f.as_str() != "json") {
        return Err(ApiError::param(
            "f",
            format!("`{f}` is not a supported format (json)"),
        ));
    }
    let v = st.view().for_role(role);
    let l = v
        .catalog
        .layer(&id)
        .ok_or_else(|| ApiError::not_found("collection", &id))?;
    let url = format!("{}/collections/{id}/queryables", st.base_url(&headers));
    let body = document(l, &url).to_string();
    Ok(([(header::CONTENT_TYPE, SCHEMA_JSON)], body).into_response())
}

/// The queryables of `l` as a JSON Schema whose `$id` is `url`.
pub fn document(l: &Layer, url: &str) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "geometry".into(),
        json!({"title": "Geometry", "format": geometry_format(l.class)}),
    );
    for (name, t) in &l.schema {
        properties.insert(name.clone(), property(l, name, t));
    }
    json!({
        "$schema": DIALECT,
        "$id": url,
        "type": "object",
        "title": l.title,
        "description": format!("The properties of {} that the items can be filtered on (?name=value) and sorted by (sortby).", l.id),
        "properties": properties,
        "additionalProperties": false,
    })
}

/// One property: its JSON type, and its values where the record's field is an enum.
fn property(l: &Layer, name: &str, t: &str) -> Value {
    let mut p = json!({"title": name, "type": t});
    if let Some(values) = l.property_domain(name) {
        p["enum"] = json!(values);
    }
    p
}

/// Part 3's `format` of a spatial queryable, for the type the layer is declared with.
fn geometry_format(class: GeomClass) -> &'static str {
    match class {
        GeomClass::Points => "geometry-point",
        GeomClass::Lines => "geometry-multilinestring",
        GeomClass::Areas => "geometry-multipolygon",
    }
}
