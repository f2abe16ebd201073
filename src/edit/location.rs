//! A GeoJSON feature written to a measure-location layer, as a model [`Location`](crate::model::Location),
//! checked by the rules `pierobeza check` applies to the seeds (where they apply to
//! a single location): the measure exists, the precision fits the geometry and the
//! measure, coordinates are finite and in Latvia, the place lies in the plan
//! territory, exact positions cite a URL. Every failure names its field.

use geo::{Contains, CoordsIter, Geometry, Intersects};
use serde_json::{json, Map, Value};

use super::FieldError;
use crate::index::build::{location_feature_id, sanitize_id, withheld, Audience};
use crate::index::{Catalog, GeomClass};
use crate::model::{Location, Measure, Place, Precision, Vintage};

/// Latvia's extent with a margin, CRS84 degrees (as the seeds' check has it).
const LATVIA_LON: (f64, f64) = (20.5, 28.5);
const LATVIA_LAT: (f64, f64) = (55.5, 58.2);

/// Properties a client may write.
pub const WRITABLE: [&str; 7] = [
    "measure_id",
    "place_name",
    "name",
    "precision",
    "provenance",
    "site_status",
    "note",
];

/// Properties served from the measure or derived: accepted (a client that read a
/// feature sends them back) and ignored, except `location_id`, which must not change.
const DERIVED: [&str; 14] = [
    "location_id",
    "municipalities",
    "kind",
    "direction",
    "title_lv",
    "title_en",
    "institution",
    "status",
    "funding_pool",
    "funding_kind",
    "amount_eur",
    "indicators",
    "sites_not_public",
    "source",
];

/// A written feature's fields, before they are checked against the data.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub measure_id: Option<String>,
    pub location_id: Option<String>,
    pub name: Option<String>,
    pub precision: Option<String>,
    pub provenance: Option<String>,
    pub site_status: Option<String>,
    pub note: Option<String>,
    /// 2021 unit codes (a list or a comma-separated string).
    pub municipalities: Option<Vec<String>>,
    pub geometry: Option<Geometry<f64>>,
}

fn opt_string(props: &Map<String, Value>, key: &str) -> Result<Option<String>, FieldError> {
    match props.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(FieldError::new(
            format!("properties.{key}"),
            format!("must be a string or null, not {other}"),
        )),
    }
}

/// Reads a GeoJSON feature body (the geometry type and properties, not the rules).
pub fn parse(body: &Value) -> Result<Input, FieldError> {
    let obj = body
        .as_object()
        .ok_or_else(|| FieldError::new("body", "a GeoJSON Feature object is expected"))?;
    match obj.get("type") {
        Some(Value::String(t)) if t == "Feature" => {}
        _ => return Err(FieldError::new("type", "must be \"Feature\"")),
    }
    let props = match obj.get("properties") {
        Some(Value::Object(m)) => m.clone(),
        None | Some(Value::Null) => Map::new(),
        Some(_) => return Err(FieldError::new("properties", "must be an object")),
    };
    for k in props.keys() {
        if !WRITABLE.contains(&k.as_str()) && !DERIVED.contains(&k.as_str()) {
            return Err(FieldError::new(
                format!("properties.{k}"),
                format!(
                    "not a property of a measure location (writable: {})",
                    WRITABLE.join(", ")
                ),
            ));
        }
    }
    let place_name = opt_string(&props, "place_name")?;
    let name = opt_string(&props, "name")?;
    let name = match (place_name, name) {
        (Some(a), Some(b)) if a != b => {
            return Err(FieldError::new(
                "properties.name",
                "`name` and `place_name` are the same property and differ",
            ))
        }
        (a, b) => a.or(b),
    };
    let municipalities = match props.get("municipalities") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(
            s.split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
        ),
        Some(Value::Array(a)) => Some(
            a.iter()
                .map(|c| {
                    c.as_str().map(str::to_string).ok_or_else(|| {
                        FieldError::new("properties.municipalities", "must be unit codes (strings)")
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        Some(_) => {
            return Err(FieldError::new(
                "properties.municipalities",
                "must be a list of unit codes or a comma-separated string",
            ))
        }
    };
    let geometry = match obj.get("geometry") {
        None | Some(Value::Null) => None,
        Some(g) => Some(geometry(g)?),
    };
    Ok(Input {
        measure_id: opt_string(&props, "measure_id")?,
        location_id: opt_string(&props, "location_id")?,
        name,
        precision: opt_string(&props, "precision")?,
        provenance: opt_string(&props, "provenance")?,
        site_status: opt_string(&props, "site_status")?,
        note: opt_string(&props, "note")?,
        municipalities,
        geometry,
    })
}

fn geometry(v: &Value) -> Result<Geometry<f64>, FieldError> {
    let gj: geojson::Geometry = serde_json::from_value(v.clone())
        .map_err(|e| FieldError::new("geometry", format!("not a GeoJSON geometry: {e}")))?;
    let g = Geometry::<f64>::try_from(gj)
        .map_err(|e| FieldError::new("geometry", format!("not a usable geometry: {e}")))?;
    match &g {
        Geometry::Point(_)
        | Geometry::LineString(_)
        | Geometry::MultiLineString(_)
        | Geometry::Polygon(_)
        | Geometry::MultiPolygon(_) => {}
        Geometry::MultiPoint(_) => {
            return Err(FieldError::new(
                "geometry",
                "a MultiPoint is served as one feature per point: write one Point per feature",
            ))
        }
        _ => {
            return Err(FieldError::new(
                "geometry",
                "must be a Point, LineString, MultiLineString, Polygon or MultiPolygon",
            ))
        }
    }
    if g.coords_iter().next().is_none() {
        return Err(FieldError::new("geometry", "has no coordinates"));
    }
    for c in g.coords_iter() {
        if !c.x.is_finite() || !c.y.is_finite() {
            return Err(FieldError::new("geometry", "coordinates must be finite"));
        }
        if !(LATVIA_LON.0..=LATVIA_LON.1).contains(&c.x)
            || !(LATVIA_LAT.0..=LATVIA_LAT.1).contains(&c.y)
        {
            return Err(FieldError::new(
                "geometry",
                format!(
                    "({}, {}) is not in Latvia (CRS84 longitude, latitude; swapped?)",
                    c.x, c.y
                ),
            ));
        }
    }
    Ok(g)
}

/// A location as the editable feature it is read back as (the body a merge patch
/// applies to): the stored place's geometry, not the one served.
pub fn editable(measure_id: &str, loc: &Location) -> Value {
    let geometry = match &loc.place {
        Place::Geometry(g) => Some(g.clone()),
        Place::Settlement { point, .. } => Some(Geometry::Point(*point)),
        Place::Municipalities(_) | Place::PlanTerritory => None,
    };
    json!({
        "type": "Feature",
        "geometry": geometry
            .as_ref()
            .and_then(|g| serde_json::to_value(geojson::Geometry::from(g)).ok()),
        "properties": {
            "measure_id": measure_id,
            "location_id": loc.id,
            "place_name": loc.name,
            "precision": loc.precision.as_str(),
            "provenance": loc.provenance,
            "site_status": loc.site_status,
            "note": loc.note,
            "municipalities": loc.municipalities,
        }
    })
}

/// Units of the 2021 vintage a geometry lies in (a point) or meets.
fn units_of(cat: &Catalog, g: &Geometry<f64>) -> Vec<String> {
    cat.geodata
        .units(Vintage::V2021)
        .iter()
        .filter(|m| match g {
            Geometry::Point(p) => m.geometry.contains(p),
            other => m.geometry.intersects(other),
        })
        .map(|m| m.code.clone())
        .collect()
}

/// The plan territory's units (2021 codes).
fn territory(cat: &Catalog) -> Vec<String> {
    cat.geodata
        .units(Vintage::V2021)
        .iter()
        .filter(|m| m.eastern_border_area)
        .map(|m| m.code.clone())
        .collect()
}

/// The kind part of the layer a location of a measure is served in (candidate
/// places have a layer of their own), as `index::build` groups them.
fn layer_kind(m: &Measure, loc: &Location) -> String {
    sanitize_id(&match loc.site_status.as_deref() {
        Some("candidate") => format!("{}_candidates", m.kind),
        _ => m.kind.clone(),
    })
}

/// The layer a location of a measure is served in.
pub fn layer_id(m: &Measure, loc: &Location, audience: Audience) -> String {
    format!(
        "{}_{}",
        layer_kind(m, loc),
        layer_class(m, loc, audience).suffix()
    )
}

fn layer_class(m: &Measure, loc: &Location, audience: Audience) -> GeomClass {
    let coarse = withheld(audience, m, loc.precision);
    match &loc.place {
        Place::Settlement { .. } if !coarse => GeomClass::Points,
        Place::Geometry(g) if !coarse && loc.precision <= Precision::Settlement => {
            GeomClass::of(g).unwrap_or(GeomClass::Areas)
        }
        _ => GeomClass::Areas,
    }
}

/// Whether a location id (`<measure>/<name>`) is well formed for its measure.
pub fn check_location_id(measure_id: &str, id: &str) -> Result<(), FieldError> {
    let rest = id
        .strip_prefix(measure_id)
        .and_then(|r| r.strip_prefix('/'));
    let ok = rest.is_some_and(|r| {
        !r.is_empty()
            && r.len() <= 64
            && r.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
    });
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            "properties.location_id",
            format!("must be `{measure_id}/` and 1–64 letters, digits, `-` or `_` (got {id:?})"),
        ))
    }
}

/// Latvian letters without their marks, for ids made from names.
fn ascii_letter(c: char) -> Option<char> {
    let c = c.to_lowercase().next().unwrap_or(c);
    let plain = match c {
        'ā' => 'a',
        'č' => 'c',
        'ē' => 'e',
        'ģ' => 'g',
        'ī' => 'i',
        'ķ' => 'k',
        'ļ' => 'l',
        'ņ' => 'n',
        'ō' => 'o',
        'ŗ' => 'r',
        'š' => 's',
        'ū' => 'u',
        'ž' => 'z',
        c if c.is_ascii_alphanumeric() => c,
        _ => return None,
    };
    Some(plain)
}

/// A location id for a new location of a measure: from its name (ASCII), else `site`.
pub fn new_location_stem(measure_id: &str, name: Option<&str>) -> String {
    let slug: String = name
        .unwrap_or("")
        .chars()
        .map(|c| ascii_letter(c).unwrap_or('-'))
        .collect();
    let slug: String = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .take(40)
        .collect();
    let slug = slug.trim_end_matches('-');
    format!(
        "{measure_id}/{}",
        if slug.is_empty() { "site" } else { slug }
    )
}

/// Checks a written feature against the data and makes it a location with `id`
/// of measure `m`, to be served in collection `collection`. `previous` is the
/// stored location it replaces (a settlement place keeps its settlement).
pub fn to_location(
    cat: &Catalog,
    m: &Measure,
    id: &str,
    input: Input,
    collection: &str,
    previous: Option<&Location>,
) -> Result<Location, FieldError> {
    let loc = check(cat, id, input, previous)?;
    check_layer(m, &loc, collection)?;
    Ok(loc)
}

/// Checks a written feature against the data and makes it a location with `id`,
/// wherever it is served (an import names no layer; see [`to_location`]).
pub fn check(
    cat: &Catalog,
    id: &str,
    input: Input,
    previous: Option<&Location>,
) -> Result<Location, FieldError> {
    let precision_s = input
        .precision
        .ok_or_else(|| FieldError::new("properties.precision", "is required"))?;
    let precision = Precision::parse(&precision_s).ok_or_else(|| {
        FieldError::new(
            "properties.precision",
            format!("{precision_s:?} is not exact, settlement, municipality or region"),
        )
    })?;
    let provenance = input
        .provenance
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| {
            FieldError::new(
                "properties.provenance",
                "is required: where the location comes from",
            )
        })?;
    if let Some(s) = input.site_status.as_deref().filter(|s| *s != "candidate") {
        return Err(FieldError::new(
            "properties.site_status",
            format!("{s:?} is not `candidate` (or null for a site of the measure)"),
        ));
    }
    if precision == Precision::Exact && !provenance.contains("://") {
        return Err(FieldError::new(
            "properties.provenance",
            "exact precision needs a provenance citing the coordinate (a URL)",
        ));
    }
    let territory = territory(cat);
    let known_units = |codes: &[String]| -> Result<(), FieldError> {
        if codes.is_empty() {
            return Err(FieldError::new(
                "properties.municipalities",
                "names no unit",
            ));
        }
        for c in codes {
            if cat.geodata.unit(Vintage::V2021, c).is_none() {
                return Err(FieldError::new(
                    "properties.municipalities",
                    format!("{c:?} is not a unit of the 2021–2025 vintage"),
                ));
            }
            if !territory.contains(c) {
                return Err(FieldError::new(
                    "properties.municipalities",
                    format!("{c} is not in the plan territory"),
                ));
            }
        }
        Ok(())
    };
    let (place, municipalities) = match precision {
        Precision::Exact | Precision::Settlement => {
            let g = input.geometry.ok_or_else(|| {
                FieldError::new(
                    "geometry",
                    format!("is required at {} precision", precision.as_str()),
                )
            })?;
            if precision == Precision::Settlement && !matches!(g, Geometry::Point(_)) {
                return Err(FieldError::new(
                    "geometry",
                    "settlement precision is a settlement's point: a Point",
                ));
            }
            if !cat.geodata.latvia.0.is_empty() && !cat.geodata.latvia.intersects(&g) {
                return Err(FieldError::new("geometry", "is not in Latvia"));
            }
            let units = units_of(cat, &g);
            if units.is_empty() || units.iter().any(|c| !territory.contains(c)) {
                return Err(FieldError::new(
                    "geometry",
                    format!("lies outside the plan territory (units: {units:?})"),
                ));
            }
            let place = match (previous.map(|p| &p.place), &g) {
                (Some(Place::Settlement { name, point }), Geometry::Point(p))
                    if p == point && input.name.as_deref() == Some(name.as_str()) =>
                {
                    Place::Settlement {
                        name: name.clone(),
                        point: *point,
                    }
                }
                _ => Place::Geometry(g),
            };
            (place, units)
        }
        Precision::Municipality | Precision::Region => {
            if let Some(g) = &input.geometry {
                if !matches!(g, Geometry::Polygon(_) | Geometry::MultiPolygon(_)) {
                    return Err(FieldError::new(
                        "geometry",
                        format!(
                            "{} precision is an area: a (Multi)Polygon or null",
                            precision.as_str()
                        ),
                    ));
                }
            }
            let codes = match (input.municipalities, &input.geometry) {
                (Some(c), _) if !c.is_empty() => c,
                (_, Some(g)) => units_of(cat, g),
                (_, None) if precision == Precision::Region => Vec::new(),
                _ => {
                    return Err(FieldError::new(
                        "properties.municipalities",
                        "municipality precision needs the units (2021 codes) or a polygon",
                    ))
                }
            };
            if codes.is_empty() {
                (Place::PlanTerritory, territory.clone())
            } else {
                known_units(&codes)?;
                (Place::Municipalities(codes.clone()), codes)
            }
        }
    };
    let loc = Location {
        id: id.to_string(),
        name: input.name,
        place,
        precision,
        provenance,
        municipalities,
        site_status: input.site_status,
        note: input.note,
    };
    if location_feature_id(&loc).is_empty() {
        return Err(FieldError::new("properties.location_id", "is empty"));
    }
    Ok(loc)
}

/// Whether `loc` of `m` is served in `collection`, for the editor or the public;
/// else the field that sends it elsewhere.
fn check_layer(m: &Measure, loc: &Location, collection: &str) -> Result<(), FieldError> {
    // A site the public does not see is written where the editor sees it, or where
    // the public sees it (its units' layer).
    let target = layer_id(m, loc, Audience::Restricted);
    if target != collection && layer_id(m, loc, Audience::Public) != collection {
        // The kind part names the measure (or the candidate status); the suffix the geometry.
        let kind = layer_kind(m, loc);
        let field = if collection.starts_with(&format!("{kind}_")) {
            "geometry"
        } else if collection.contains("_candidates_") != loc.site_status.is_some() {
            "properties.site_status"
        } else {
            "properties.measure_id"
        };
        return Err(FieldError::new(
            field,
            format!(
                "a location of measure {} ({}, {} precision) is served in `{target}`, not `{collection}`",
                m.id,
                m.kind,
                loc.precision.as_str()
            ),
        ));
    }
    Ok(())
}
