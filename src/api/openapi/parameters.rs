//! The parameters several operations take, defined once under
//! `components/parameters` and referenced by `$ref`: the document is fetched by
//! QGIS for every layer it adds, and a definition repeated per collection made
//! it grow with each layer.

use serde_json::{json, Map, Value};

use crate::api::ogc::{CRS84, LIMIT_DEFAULT, LIMIT_MAX};

/// A query parameter, in the form OGC API – Features uses (`form`, not exploded);
/// QGIS reads a collection's property filters only in that form.
/// `required` is written only when true (false is OpenAPI's default).
pub(super) fn query(name: &str, description: &str, schema: Value, required: bool) -> Value {
    let mut p = json!({"name": name, "in": "query", "description": description,
           "schema": schema, "style": "form", "explode": false});
    if required {
        p["required"] = json!(true);
    }
    p
}

/// A shared parameter; its key under `components/parameters` is [`Param::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Param {
    Limit,
    Offset,
    Bbox,
    /// `f` of a features response: json or geojson.
    FeaturesFormat,
    /// `f` of a JSON-only response.
    JsonFormat,
    Datetime,
    IfMatch,
    ContentCrs,
    /// The day a progress report or implementation report is for.
    ReportDate,
    /// The order of items.
    SortBy,
    /// The attributes of each feature to return.
    Properties,
    /// Features without their geometry.
    SkipGeometry,
    /// The CRS of the answer's coordinates (Part 2).
    Crs,
    /// The CRS of `bbox` (Part 2).
    BboxCrs,
    /// A CQL2 filter (Part 3).
    Filter,
    FilterLang,
    FilterCrs,
}

impl Param {
    const ALL: [Param; 17] = [
        Param::Limit,
        Param::Offset,
        Param::Bbox,
        Param::FeaturesFormat,
        Param::JsonFormat,
        Param::Datetime,
        Param::IfMatch,
        Param::ContentCrs,
        Param::ReportDate,
        Param::SortBy,
        Param::Properties,
        Param::SkipGeometry,
        Param::Crs,
        Param::BboxCrs,
        Param::Filter,
        Param::FilterLang,
        Param::FilterCrs,
    ];

    /// The key under `components/parameters`. `limit` is the key QGIS reads the
    /// page size default and maximum from; `limit`, `offset`, `bbox` and `datetime`
    /// `sortby`, `properties` and `skipGeometry` are keyed by their own names (a property of that name cannot be
    /// a filter: the server reads these). The others are hyphenated, so that no property's
    /// filter, keyed by the property's name, finds its key taken.
    pub(super) fn key(self) -> &'static str {
        match self {
            Param::Limit => "limit",
            Param::Offset => "offset",
            Param::Bbox => "bbox",
            Param::FeaturesFormat => "f-features",
            Param::JsonFormat => "f-json",
            Param::Datetime => "datetime",
            Param::IfMatch => "If-Match",
            Param::ContentCrs => "Content-Crs",
            Param::ReportDate => "report-date",
            Param::SortBy => "sortby",
            Param::Properties => "properties",
            Param::SkipGeometry => "skipGeometry",
            Param::Crs => "crs",
            Param::BboxCrs => "bbox-crs",
            Param::Filter => "filter",
            Param::FilterLang => "filter-lang",
            Param::FilterCrs => "filter-crs",
        }
    }

    /// `{"$ref": "#/components/parameters/<key>"}`.
    pub(super) fn to_ref(self) -> Value {
        super::component_ref("parameters", self.key())
    }

    fn definition(self) -> Value {
        match self {
            Param::Limit => query(
                "limit",
                "Page size.",
                json!({"type": "integer", "minimum": 1, "maximum": LIMIT_MAX, "default": LIMIT_DEFAULT}),
                false,
            ),
            Param::Offset => query(
                "offset",
                "Features to skip (paging; follow the `next` link).",
                json!({"type": "integer", "minimum": 0, "maximum": u32::MAX, "default": 0}),
                false,
            ),
            Param::Bbox => query(
                "bbox",
                "minlon,minlat,maxlon,maxlat in CRS84 (or six numbers with heights); minlon > maxlon crosses the antimeridian.",
                // OGC's schema is oneOf 4 or 6 items; schemathesis 4.32 cannot generate from that
                // oneOf, so 4 to 6 is declared and 5 is refused with a 400 naming `bbox`.
                json!({"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}}),
                false,
            ),
            Param::FeaturesFormat => format_param(&["json", "geojson"]),
            Param::JsonFormat => format_param(&["json"]),
            Param::Datetime => datetime(),
            Param::IfMatch => if_match(),
            Param::ContentCrs => content_crs(),
            Param::SortBy => query(
                "sortby",
                "The order of the features: properties (see the collection's queryables), comma-separated, each `+name` (ascending, the default) or `-name` (descending); missing values last, ties in the collection's order. Paging follows the order. An unknown property is a 400.",
                json!({"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}),
                false,
            ),
            Param::Properties => query(
                "properties",
                "Return only these attributes of each feature (comma-separated property names, see the collection's queryables); empty: none. An unknown property is a 400.",
                json!({"type": "array", "items": {"type": "string", "minLength": 1}}),
                false,
            ),
            Param::SkipGeometry => query(
                "skipGeometry",
                "true: each feature's geometry is null.",
                json!({"type": "boolean", "default": false}),
                false,
            ),
            Param::Crs => query(
                "crs",
                "The CRS of the coordinates of the answer, as a URI, e.g. http://www.opengis.net/def/crs/EPSG/0/3059 (LKS-92); default CRS84. The CRSs offered are the collection's `crs` list; another is a 400. The answer names its CRS in `Content-Crs`.",
                uri(),
                false,
            ),
            Param::BboxCrs => query(
                "bbox-crs",
                "The CRS of `bbox`, as a URI (see `crs`); default CRS84. One not offered is a 400.",
                uri(),
                false,
            ),
            Param::Filter => query(
                "filter",
                "A CQL2 expression on the collection's queryables, in `filter-lang` (at most 4 kB). One the server cannot evaluate is a 400 naming its position.",
                json!({"type": "string", "maxLength": 4096}),
                false,
            ),
            Param::FilterLang => query(
                "filter-lang",
                "The language of `filter`; default cql2-text.",
                json!({"type": "string", "enum": ["cql2-text", "cql2-json"]}),
                false,
            ),
            Param::FilterCrs => query(
                "filter-crs",
                "The CRS of the geometries in `filter`: CRS84 (the default) is the one offered.",
                uri(),
                false,
            ),
            Param::ReportDate => query(
                "date",
                "The day to report on, YYYY-MM-DD, from 2025-01-20; default today (UTC).",
                json!({"type": "string", "format": "date"}),
                false,
            ),
        }
    }
}

/// A CRS named by its URI.
fn uri() -> Value {
    json!({"type": "string", "format": "uri"})
}

fn format_param(formats: &[&str]) -> Value {
    query(
        "f",
        "Output format.",
        json!({"type": "string", "enum": formats}),
        false,
    )
}

/// `datetime`, on servers with a store: the plan as it stood at an instant.
fn datetime() -> Value {
    query(
        "datetime",
        "Read the plan as it stood at this instant (RFC 3339, e.g. 2025-01-20T00:00:00Z, the approved baseline), from the store's history. OGC API – Features defines `datetime` as a filter on each feature's own time; the plan's features have none, so here it is the record time: the revisions valid at that instant. Intervals are refused (400).",
        json!({"type": "string", "format": "date-time"}),
        false,
    )
}

/// The header of a write to an existing resource.
fn if_match() -> Value {
    json!({"name": "If-Match", "in": "header", "required": false,
           "description": "The ETag of the version the change is based on (from GET, POST, PUT or PATCH); when it is no longer current the answer is 412 and nothing is stored. Optional.",
           "schema": {"type": "string"}})
}

fn content_crs() -> Value {
    json!({"name": "Content-Crs", "in": "header", "required": false,
           "description": "The CRS of the body's coordinates: only CRS84 (with or without <>).",
           "schema": {"type": "string", "enum": [CRS84, format!("<{CRS84}>")]}})
}

/// `datetime` as a list of zero or one reference: only a server over a store
/// keeps the history it reads.
pub(super) fn history(writable: bool) -> Vec<Value> {
    writable
        .then(|| Param::Datetime.to_ref())
        .into_iter()
        .collect()
}

/// Every shared parameter's definition, keyed as referenced.
pub(super) fn components() -> Map<String, Value> {
    Param::ALL
        .iter()
        .map(|p| (p.key().to_string(), p.definition()))
        .collect()
}
