//! The request bodies of the measure locations' writes, under
//! `components/requestBodies`: the same for every measure-location collection,
//! so described once (the rules of a location with them).

use serde_json::{json, Map, Value};

/// A shared request body; its key under `components/requestBodies` is [`Body::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Body {
    /// POST: a new location.
    NewLocation,
    /// PUT: a location anew.
    Location,
    /// PATCH: an RFC 7386 merge patch (of a feature or a progress record).
    MergePatch,
}

impl Body {
    const ALL: [Body; 3] = [Body::NewLocation, Body::Location, Body::MergePatch];

    pub(super) fn key(self) -> &'static str {
        match self {
            Body::NewLocation => "NewLocation",
            Body::Location => "Location",
            Body::MergePatch => "MergePatch",
        }
    }

    /// `{"$ref": "#/components/requestBodies/<key>"}`.
    pub(super) fn to_ref(self) -> Value {
        super::component_ref("requestBodies", self.key())
    }

    fn definition(self) -> Value {
        match self {
            Body::NewLocation => feature("The new location as a GeoJSON Feature. Properties: `measure_id` (required), `precision` (required: exact, settlement, municipality, region), `provenance` (required; a URL at exact precision), `place_name` (or `name`), `site_status` (null or `candidate`), `note`, `location_id` (optional: `<measure_id>/<name>`; made from the name otherwise), `municipalities` (2021 unit codes; used at municipality or region precision). The geometry is required at exact and settlement precision (a Point at settlement), else optional (a polygon, from which the units are taken). Properties served from the measure are ignored."),
            Body::Location => feature("The whole location anew, as a GeoJSON Feature: the same properties as POST; `measure_id` and `location_id` cannot change."),
            Body::MergePatch => json!({"required": true,
                "description": "An RFC 7386 JSON merge patch, e.g. `{\"properties\": {\"note\": \"…\"}}` or `{\"geometry\": …}` for a location; null removes a member.",
                "content": {
                    "application/merge-patch+json": {"schema": {"type": "object"}},
                    "application/json": {"schema": {"type": "object"}}}}),
        }
    }
}

/// A location as a GeoJSON Feature, in either media type.
fn feature(description: &str) -> Value {
    let schema = json!({"schema": super::component_ref("schemas", "LocationFeature")});
    json!({"required": true, "description": description,
           "content": {"application/geo+json": schema, "application/json": schema}})
}

/// Every shared request body's definition, keyed as referenced.
pub(super) fn components() -> Map<String, Value> {
    Body::ALL
        .iter()
        .map(|b| (b.key().to_string(), b.definition()))
        .collect()
}
