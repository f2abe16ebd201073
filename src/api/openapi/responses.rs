//! The responses several operations give, defined once under
//! `components/responses` and referenced by `$ref`, and the lists of error
//! responses each kind of operation documents.

use serde_json::{json, Map, Value};

/// A shared response; its key under `components/responses` is [`Resp::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Resp {
    BadRequest,
    NotFound,
    TooLarge,
    Unavailable,
    InvalidFeature,
    Unauthorized,
    Forbidden,
    MethodNotAllowed,
    Conflict,
    PreconditionFailed,
    UnsupportedMediaType,
    /// A page of a collection's features.
    Features,
    /// One feature.
    Feature,
    /// A collection's description.
    Collection,
    /// A written feature, as now served, with its ETag.
    FeatureStored,
    /// A created feature, with its ETag and URL.
    FeatureCreated,
    /// 204 after a DELETE.
    Deleted,
    /// Every version of a location.
    FeatureHistory,
    /// A collection's queryables (JSON Schema).
    Queryables,
}

impl Resp {
    const ALL: [Resp; 19] = [
        Resp::BadRequest,
        Resp::NotFound,
        Resp::TooLarge,
        Resp::Unavailable,
        Resp::InvalidFeature,
        Resp::Unauthorized,
        Resp::Forbidden,
        Resp::MethodNotAllowed,
        Resp::Conflict,
        Resp::PreconditionFailed,
        Resp::UnsupportedMediaType,
        Resp::Features,
        Resp::Feature,
        Resp::Collection,
        Resp::FeatureStored,
        Resp::FeatureCreated,
        Resp::Deleted,
        Resp::FeatureHistory,
        Resp::Queryables,
    ];

    /// The key under `components/responses`: the variant's name.
    pub(super) fn key(self) -> &'static str {
        match self {
            Resp::BadRequest => "BadRequest",
            Resp::NotFound => "NotFound",
            Resp::TooLarge => "TooLarge",
            Resp::Unavailable => "Unavailable",
            Resp::InvalidFeature => "InvalidFeature",
            Resp::Unauthorized => "Unauthorized",
            Resp::Forbidden => "Forbidden",
            Resp::MethodNotAllowed => "MethodNotAllowed",
            Resp::Conflict => "Conflict",
            Resp::PreconditionFailed => "PreconditionFailed",
            Resp::UnsupportedMediaType => "UnsupportedMediaType",
            Resp::Features => "Features",
            Resp::Feature => "Feature",
            Resp::Collection => "Collection",
            Resp::FeatureStored => "FeatureStored",
            Resp::FeatureCreated => "FeatureCreated",
            Resp::Deleted => "Deleted",
            Resp::FeatureHistory => "FeatureHistory",
            Resp::Queryables => "Queryables",
        }
    }

    /// `{"$ref": "#/components/responses/<key>"}`.
    pub(super) fn to_ref(self) -> Value {
        super::component_ref("responses", self.key())
    }

    fn definition(self) -> Value {
        let (none, object) = (json!({}), json!({"schema": {"type": "object"}}));
        match self {
            Resp::BadRequest => error_body("A parameter is invalid; the body names it.", none),
            Resp::NotFound => error_body("No such collection or feature.", none),
            Resp::TooLarge => error_body("The request target (over 8 KiB) or the headers (over 64 or 16 KiB) are too large; the body names which.", none),
            Resp::Unavailable => error_body("This server was built without the part that makes this (e.g. GDAL for the GeoPackage).", none),
            Resp::InvalidFeature => error_body("The body (or a header) is invalid; `field` names what, e.g. `properties.precision`. Nothing is stored.", none),
            Resp::Unauthorized => error_body("No bearer token, or an unknown or revoked one.", json!({"WWW-Authenticate": {"schema": {"type": "string"}}})),
            Resp::Forbidden => error_body("The token's role may not write (an editor token is needed).", none),
            Resp::MethodNotAllowed => error_body("The collection is read-only.", json!({"Allow": {"schema": {"type": "string"}}})),
            Resp::Conflict => error_body("The feature cannot be written this way (one point of a multi-point location, or deleted meanwhile).", none),
            Resp::PreconditionFailed => error_body("If-Match names a version that is no longer current; nothing was stored.", none),
            Resp::UnsupportedMediaType => error_body("The body's Content-Type is not accepted.", none),
            Resp::Features => json!({"description": "A page of features",
                "headers": {"Content-Crs": content_crs()}, "content": {"application/geo+json": object}}),
            Resp::Feature => json!({"description": "One feature",
                "headers": {"Content-Crs": content_crs()}, "content": {"application/geo+json": object}}),
            Resp::Collection => json!({"description": "The collection", "content": {"application/json": object}}),
            Resp::FeatureStored => json!({"description": "Stored: the feature as now served",
                "headers": {"ETag": etag()}, "content": {"application/geo+json": object}}),
            Resp::FeatureCreated => json!({"description": "Created; `Location` is the new feature's URL",
                "headers": {"ETag": etag(),
                            "Location": {"description": "The new feature", "schema": {"type": "string", "format": "uri"}}},
                "content": {"application/geo+json": object}}),
            Resp::Deleted => json!({"description": "Deleted; its history stays (see its `/history`)"}),
            Resp::Queryables => json!({
                "description": "The properties the items can be filtered on, as a JSON Schema (OGC API – Features Part 3): each property's type, its values where they are an enum, and the geometry's format.",
                "content": {"application/schema+json": {"schema": {"type": "object",
                    "required": ["$schema", "$id", "type", "properties"],
                    "properties": {"properties": {"type": "object"}}}}}}),
            Resp::FeatureHistory => json!({
                "description": "Every version of the location, oldest first, from the baseline (2025-01-20) on, deletions included: version, op, when, author (a token's name), the changeset's kind, and the properties and geometry after the change.",
                "content": {"application/json": {"schema": {"type": "object", "required": ["versions"],
                    "properties": {"versions": {"type": "array", "items": {"type": "object"}}}}}}}),
        }
    }
}

/// An error response: the JSON error body, and the headers that come with it.
fn error_body(description: &str, headers: Value) -> Value {
    let mut r = json!({"description": description,
        "content": {"application/json": {"schema": super::component_ref("schemas", "Error")}}});
    if headers.as_object().is_some_and(|h| !h.is_empty()) {
        r["headers"] = headers;
    }
    r
}

/// The `Content-Crs` header of features (OGC API – Features Part 2): the CRS of
/// their coordinates, e.g. `<http://www.opengis.net/def/crs/EPSG/0/3059>`.
fn content_crs() -> Value {
    json!({"description": "The CRS of the coordinates, as a URI in angle brackets", "schema": {"type": "string"}})
}

/// The `ETag` header of a stored version (the `If-Match` of the next write).
pub(super) fn etag() -> Value {
    json!({"description": "The strong ETag of the stored version", "schema": {"type": "string"}})
}

/// Every shared response's definition, keyed as referenced.
pub(super) fn components() -> Map<String, Value> {
    Resp::ALL
        .iter()
        .map(|r| (r.key().to_string(), r.definition()))
        .collect()
}

/// `ok` (a status and its response), then the errors each `(status, response)`,
/// then those the HTTP edge may give to any request: 414 (request target over
/// 8 KiB), 431 (too many or too large headers).
pub(super) fn answers(ok: (&str, Value), errors: &[(&str, Resp)]) -> Value {
    let mut m = Map::new();
    m.insert(ok.0.into(), ok.1);
    for (code, r) in errors {
        m.insert((*code).into(), r.to_ref());
    }
    with_edge_errors(Value::Object(m))
}

/// Adds the answers the HTTP edge may give to any request (see [`answers`]).
pub(super) fn with_edge_errors(mut responses: Value) -> Value {
    if let Some(m) = responses.as_object_mut() {
        m.insert("414".into(), Resp::TooLarge.to_ref());
        m.insert("431".into(), Resp::TooLarge.to_ref());
    }
    responses
}

/// The answers of a write: `ok` (a status and its response), and the errors a
/// write may give; `with_body`: it takes a body (POST, PUT, PATCH).
pub(super) fn write_answers(ok: (&str, Value), with_body: bool) -> Value {
    let mut errors = vec![
        ("401", Resp::Unauthorized),
        ("403", Resp::Forbidden),
        ("404", Resp::NotFound),
        ("405", Resp::MethodNotAllowed),
        ("409", Resp::Conflict),
        ("412", Resp::PreconditionFailed),
    ];
    if with_body {
        errors.extend([
            ("400", Resp::InvalidFeature),
            ("413", Resp::TooLarge),
            ("415", Resp::UnsupportedMediaType),
        ]);
    } else {
        errors.push(("400", Resp::BadRequest));
    }
    answers(ok, &errors)
}

/// A JSON `200` described by `desc`, or a 400 (an invalid parameter).
pub(super) fn json_ok(desc: &str) -> Value {
    answers(
        (
            "200",
            json!({"description": desc, "content": {"application/json": {"schema": {"type": "object"}}}}),
        ),
        &[("400", Resp::BadRequest)],
    )
}

/// A GeoJSON `200` described by `desc`, or 400, or 404.
pub(super) fn geojson_ok(desc: &str) -> Value {
    answers(
        (
            "200",
            json!({"description": desc, "content": {"application/geo+json": {"schema": {"type": "object"}}}}),
        ),
        &[("400", Resp::BadRequest), ("404", Resp::NotFound)],
    )
}
