//! Replacing a vintage's unit boundaries: each input polygon is matched to a
//! shipped unit (by code or by name), its geometry brought to CRS84 and checked,
//! mapped attributes override the shipped ones, everything else is kept.

use std::path::Path;

use geo::{LineString, MultiPolygon, Orient, Polygon};
use serde_json::{json, Map, Value};

use super::mapping::{coerce, shipped_type, FieldMap};
use super::{SourceCrs, SourceFeature, SourceLayer};
use crate::geom::validity::ring_problem;
use crate::index::GeomClass;
use crate::load::{DataError, DataErrors};

/// Latvia with a margin, CRS84: a reprojected boundary must fall inside it.
const LATVIA_LON: (f64, f64) = (20.5, 28.5);
const LATVIA_LAT: (f64, f64) = (55.5, 58.2);

/// The new units file and the geometries it holds, by unit code.
#[derive(Debug)]
pub struct NewUnits {
    /// The whole `municipalities_<vintage>.geojson`, ready to write.
    pub file: Vec<u8>,
    /// `(code, in the plan territory, geometry)` of every unit.
    pub units: Vec<(String, bool, MultiPolygon<f64>)>,
    /// Whether any boundary differs from the shipped one.
    pub changed: bool,
}

/// A polygon as written: RFC 7946 orientation, 6 decimals, no repeated positions.
fn clean_polygon(p: &Polygon<f64>) -> Result<Polygon<f64>, String> {
    let p = p.orient(geo::orient::Direction::Default);
    let ring = |r: &LineString<f64>| -> Result<LineString<f64>, String> {
        let cs = crate::geom::round::round_line6(r).0;
        match ring_problem(&cs) {
            Some(problem) => Err(format!("after rounding to 6 decimals: {problem}")),
            None => Ok(LineString::new(cs)),
        }
    };
    let exterior = ring(p.exterior())?;
    let holes = p.interiors().iter().map(ring).collect::<Result<_, _>>()?;
    Ok(Polygon::new(exterior, holes))
}

/// A boundary as written (its positions already at 6 decimals).
fn multipolygon_json(mp: &MultiPolygon<f64>) -> Value {
    crate::index::geojson::multi_polygon_json(mp)
}

/// A FeatureCollection written like the shipped files: one feature a line.
pub fn collection_text(name: &Value, features: &[Value]) -> Vec<u8> {
    let texts: Vec<String> = features.iter().map(Value::to_string).collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    crate::index::geojson::collection_lines(&[("name", name.clone())], &texts).into_bytes()
}

/// JSON equality with numbers compared by value (`27` equals `27.0`).
fn same_numbers(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_numbers(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_numbers(v, w)))
        }
        _ => a == b,
    }
}

/// The input geometry as a checked CRS84 multipolygon.
fn unit_geometry(g: &geo::Geometry<f64>, crs: SourceCrs) -> Result<MultiPolygon<f64>, String> {
    let g = match crs {
        SourceCrs::Lks92 => crate::geom::lks92::geometry_from_lks92(g),
        SourceCrs::Crs84 => g.clone(),
    };
    let mp = match g {
        geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
        geo::Geometry::MultiPolygon(mp) => mp,
        other => {
            return Err(format!(
                "a {} where a polygon is expected",
                super::geometry_name(&other)
            ))
        }
    };
    if let Some(c) = mp.0.iter().flat_map(|p| p.exterior().0.iter()).find(|c| {
        !(LATVIA_LON.0..=LATVIA_LON.1).contains(&c.x)
            || !(LATVIA_LAT.0..=LATVIA_LAT.1).contains(&c.y)
    }) {
        return Err(format!(
            "position ({}, {}) lies outside Latvia after reprojection to CRS84 from {}: is the CRS right?",
            c.x,
            c.y,
            crs.name()
        ));
    }
    let polys = mp.0.iter().map(clean_polygon).collect::<Result<_, _>>()?;
    Ok(MultiPolygon::new(polys))
}

/// The shipped units file: its `name` member, its features and their properties.
struct Shipped<'a> {
    path: &'a Path,
    name: Value,
    features: Vec<Value>,
    props: Vec<Map<String, Value>>,
}

impl<'a> Shipped<'a> {
    fn parse(path: &'a Path, text: &str) -> Result<Self, DataError> {
        let shipped: Value = serde_json::from_str(text)
            .map_err(|e| DataError::new(path, "-", "-", format!("not JSON: {e}")))?;
        let name = shipped.get("name").cloned().unwrap_or(Value::Null);
        let features: Vec<Value> = shipped
            .get("features")
            .and_then(Value::as_array)
            .cloned()
            .ok_or_else(|| DataError::new(path, "-", "features", "no features array"))?;
        let props = features
            .iter()
            .map(|f| {
                f.get("properties")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        Ok(Shipped {
            path,
            name,
            features,
            props,
        })
    }
}

/// How input features are matched to shipped units and which fields they fill.
struct Matching<'a> {
    /// The unit field matched on (`code` or `name_lv`).
    match_by: &'a str,
    /// The input field holding the `match_by` value.
    key_source: &'a str,
    /// `(unit field, input field, shipped JSON type)` of every field filled from the input.
    targets: Vec<(String, &'a str, Option<&'static str>)>,
}

/// The layer as a whole must hold polygons.
fn check_polygons(source: &SourceLayer) -> Result<(), DataError> {
    let classes: Vec<Option<GeomClass>> = source
        .features
        .iter()
        .filter_map(|f| f.geometry.as_ref().map(GeomClass::of))
        .collect();
    if !classes.is_empty() && classes.iter().all(|c| *c != Some(GeomClass::Areas)) {
        return Err(DataError::new(
            &source.path,
            "-",
            "geometry",
            format!(
                "expected a polygon layer of unit boundaries, the input layer `{}` holds {} geometries",
                source.layer_name, source.geometry_type
            ),
        ));
    }
    Ok(())
}

/// Checks the mapping against the input's and the shipped file's fields and finds
/// the match key and the fields to fill.
fn matching<'a>(
    source: &SourceLayer,
    props: &'a [Map<String, Value>],
    shipped_path: &Path,
    map: &'a FieldMap,
    match_by: &'a str,
) -> Result<Matching<'a>, DataErrors> {
    let file = source.path.as_path();
    let mut errs: Vec<DataError> = Vec::new();
    for s in map.missing_sources(&source.field_names) {
        errs.push(DataError::new(
            file,
            "-",
            s,
            format!(
                "field named in --map is not in the input (fields: {})",
                source.field_names.join(", ")
            ),
        ));
    }
    for (t, _) in &map.0 {
        if !props.iter().any(|p| p.contains_key(t)) {
            let known: Vec<&String> = props
                .first()
                .map(|p| p.keys().collect())
                .unwrap_or_default();
            errs.push(DataError::new(
                shipped_path,
                "-",
                t.as_str(),
                format!("--map target is not a unit field (fields: {known:?})"),
            ));
        }
    }
    let Some(key_source) = map.source_of(match_by, &source.field_names) else {
        errs.push(DataError::new(
            file,
            "-",
            match_by,
            format!(
                "required field `{match_by}` is not mapped: the input has fields {}; add --map {match_by}=FIELD",
                source.field_names.join(", ")
            ),
        ));
        return Err(DataErrors(errs));
    };
    if !errs.is_empty() {
        return Err(DataErrors(errs));
    }
    // Targets filled from the input: every shipped field the mapping (or a same-named field) covers.
    let mut targets = Vec::new();
    if let Some(first) = props.first() {
        for t in first.keys() {
            if let Some(s) = map.source_of(t, &source.field_names) {
                targets.push((t.clone(), s, shipped_type(props, t)));
            }
        }
    }
    Ok(Matching {
        match_by,
        key_source,
        targets,
    })
}

/// The shipped unit an input feature replaces: `(unit index, record label, key)`.
/// A feature without a key, with an unknown key or with a key seen before is an error.
fn match_unit(
    f: &SourceFeature,
    file: &Path,
    shipped: &Shipped,
    m: &Matching,
    seen: &mut [Option<usize>],
) -> Result<(usize, String, String), DataError> {
    let (match_by, key_source) = (m.match_by, m.key_source);
    let record = format!("feature #{}", f.index + 1);
    let key = match f.fields.get(key_source).map(|v| coerce(v, Some("string"))) {
        Some(Ok(Value::String(s))) if !s.trim().is_empty() => s.trim().to_string(),
        _ => {
            return Err(DataError::new(
                file,
                &record,
                key_source,
                format!("no `{match_by}` value"),
            ))
        }
    };
    let record = format!("{record} ({key})");
    let Some(i) = shipped
        .props
        .iter()
        .position(|p| p.get(match_by).and_then(Value::as_str) == Some(key.as_str()))
    else {
        return Err(DataError::new(
            file,
            &record,
            key_source,
            format!(
                "no shipped unit has {match_by} `{key}` in {}",
                shipped.path.display()
            ),
        ));
    };
    if let Some(prev) = seen[i] {
        return Err(DataError::new(
            file,
            &record,
            key_source,
            format!("unit `{key}` is also feature #{}", prev + 1),
        ));
    }
    seen[i] = Some(f.index);
    Ok((i, record, key))
}

/// Sets the mapped attributes of `p` from the input feature; a value that does not
/// convert to the shipped type is an error.
fn fill_attributes(
    p: &mut Map<String, Value>,
    f: &SourceFeature,
    targets: &[(String, &str, Option<&'static str>)],
    file: &Path,
    record: &str,
    errs: &mut Vec<DataError>,
) {
    for (t, s, ty) in targets {
        match coerce(f.fields.get(*s).unwrap_or(&Value::Null), *ty) {
            Ok(v) => {
                p.insert(t.clone(), v);
            }
            Err(msg) => errs.push(DataError::new(file, record, *s, msg)),
        }
    }
}

/// A new boundary: its area recomputed and its provenance naming the input (the
/// attribute part of the old provenance kept).
fn derive_figures(p: &mut Map<String, Value>, geometry: &MultiPolygon<f64>, source: &SourceLayer) {
    if p.contains_key("area_km2") {
        let a = crate::geom::area::area_km2(geometry);
        p.insert("area_km2".into(), json!((a * 100.0).round() / 100.0));
    }
    if p.contains_key("provenance") {
        let old = p
            .get("provenance")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let attributes = old
            .split_once("; attributes:")
            .map(|(_, a)| a)
            .unwrap_or("");
        let src = source
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut text = format!(
            "boundary: {src} (layer {}, {}) via pierobeza import",
            source.layer_name,
            source.crs.name()
        );
        if !attributes.is_empty() {
            text.push_str("; attributes:");
            text.push_str(attributes);
        }
        p.insert("provenance".into(), json!(text));
    }
}

/// A boundary that comes back unchanged (a round trip) keeps its derived figures,
/// so re-importing an export changes nothing.
fn keep_figures(p: &mut Map<String, Value>, shipped: &Map<String, Value>) {
    for k in ["area_km2", "provenance"] {
        match shipped.get(k) {
            Some(v) => p.insert(k.to_string(), v.clone()),
            None => p.remove(k),
        };
    }
}

/// Every shipped unit must have been matched by an input feature.
fn unmatched_units(
    shipped: &Shipped,
    m: &Matching,
    file: &Path,
    seen: &[Option<usize>],
) -> Vec<DataError> {
    seen.iter()
        .enumerate()
        .filter(|(_, s)| s.is_none())
        .map(|(i, _)| {
            let key = shipped.props[i]
                .get(m.match_by)
                .and_then(Value::as_str)
                .unwrap_or("?");
            DataError::new(
                file,
                "-",
                m.key_source,
                format!("shipped unit `{key}` has no feature in the input: it must hold every unit of the vintage"),
            )
        })
        .collect()
}

/// Builds the replacement units file from `source` and the shipped file's text.
pub fn replace_units(
    source: &SourceLayer,
    shipped_path: &Path,
    shipped_text: &str,
    map: &FieldMap,
    match_by: &str,
) -> Result<NewUnits, DataErrors> {
    let file = source.path.as_path();
    let mut shipped = Shipped::parse(shipped_path, shipped_text)?;
    check_polygons(source)?;
    let m = matching(source, &shipped.props, shipped_path, map, match_by)?;

    let mut errs: Vec<DataError> = Vec::new();
    let mut seen: Vec<Option<usize>> = vec![None; shipped.features.len()];
    let mut changed = false;
    let mut units = Vec::new();
    for f in &source.features {
        let (i, record, key) = match match_unit(f, file, &shipped, &m, &mut seen) {
            Ok(found) => found,
            Err(e) => {
                errs.push(e);
                continue;
            }
        };
        let geometry = match f.geometry.as_ref().map(|g| unit_geometry(g, source.crs)) {
            Some(Ok(g)) => g,
            Some(Err(msg)) => {
                errs.push(DataError::new(file, &record, "geometry", msg));
                continue;
            }
            None => {
                errs.push(DataError::new(file, &record, "geometry", "no geometry"));
                continue;
            }
        };
        let mut p = shipped.props[i].clone();
        fill_attributes(&mut p, f, &m.targets, file, &record, &mut errs);
        let new_geometry = multipolygon_json(&geometry);
        let unchanged = shipped.features[i]
            .get("geometry")
            .is_some_and(|g| same_numbers(g, &new_geometry));
        changed |= !unchanged;
        if unchanged {
            keep_figures(&mut p, &shipped.props[i]);
        } else {
            derive_figures(&mut p, &geometry, source);
        }
        let code = p
            .get("code")
            .and_then(Value::as_str)
            .unwrap_or(&key)
            .to_string();
        let in_plan = p
            .get("eastern_border_area")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        shipped.features[i]["properties"] = Value::Object(p);
        shipped.features[i]["geometry"] = new_geometry;
        units.push((code, in_plan, geometry));
    }
    errs.extend(unmatched_units(&shipped, &m, file, &seen));
    if !errs.is_empty() {
        return Err(DataErrors(errs));
    }
    Ok(NewUnits {
        file: collection_text(&shipped.name, &shipped.features),
        units,
        changed,
    })
}

/// The plan territory file with its geometry replaced by the union of the plan's units.
pub fn replace_territory(
    path: &Path,
    text: &str,
    units: &[(String, bool, MultiPolygon<f64>)],
) -> Result<Vec<u8>, DataError> {
    let mut fc: Value = serde_json::from_str(text)
        .map_err(|e| DataError::new(path, "-", "-", format!("not JSON: {e}")))?;
    let parts: Vec<MultiPolygon<f64>> = units
        .iter()
        .filter(|(_, in_plan, _)| *in_plan)
        .map(|(_, _, g)| g.clone())
        .collect();
    // Units reprojected from LKS-92 meet with hairline gaps and crumbs; what is under
    // 1,000 m² is numerical (Latvia has no enclaves), and rounding is cleaned up.
    let union = crate::geom::dissolve::drop_slivers(crate::geom::dissolve::union_all(&parts), 1e-3);
    let union = crate::geom::round::clean_mp(&union);
    let union = MultiPolygon::new(
        union
            .0
            .iter()
            .map(clean_polygon)
            .collect::<Result<_, _>>()
            .map_err(|m| DataError::new(path, "plan territory", "geometry", m))?,
    );
    let name = fc.get("name").cloned().unwrap_or(Value::Null);
    let Some(features) = fc.get_mut("features").and_then(Value::as_array_mut) else {
        return Err(DataError::new(path, "-", "features", "no features array"));
    };
    for f in features.iter_mut() {
        f["geometry"] = multipolygon_json(&union);
        if f["properties"].get("area_km2").is_some() {
            let a = crate::geom::area::area_km2(&union);
            f["properties"]["area_km2"] = json!((a * 100.0).round() / 100.0);
        }
    }
    Ok(collection_text(&name, features))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::SourceFeature;
    use geo::polygon;

    const SHIPPED: &str = r#"{"type":"FeatureCollection","name":"municipalities_2021","features":[
{"type":"Feature","id":"LV-001","properties":{"code":"LV-001","name_lv":"Āboliņu novads","population":1000,"area_km2":1.0,"eastern_border_area":true,"provenance":"boundary: NE; attributes: municipalities.csv"},"geometry":{"type":"MultiPolygon","coordinates":[]}},
{"type":"Feature","id":"LV-002","properties":{"code":"LV-002","name_lv":"Bērzu novads","population":2000,"area_km2":1.0,"eastern_border_area":false,"provenance":"x"},"geometry":{"type":"MultiPolygon","coordinates":[]}}
]}
"#;

    /// A 10 km square in LKS-92 around (e, n).
    fn square_lks92(e: f64, n: f64) -> geo::Geometry<f64> {
        polygon![(x: e, y: n), (x: e + 10_000.0, y: n), (x: e + 10_000.0, y: n + 10_000.0), (x: e, y: n + 10_000.0)].into()
    }

    fn layer(features: Vec<(Option<geo::Geometry<f64>>, Value, Value)>) -> SourceLayer {
        SourceLayer {
            path: "in.shp".into(),
            layer_name: "in".into(),
            geometry_type: "Polygon".into(),
            crs: SourceCrs::Lks92,
            field_names: vec!["KODS".into(), "NOSAUKUMS".into(), "IEDZ".into()],
            features: features
                .into_iter()
                .enumerate()
                .map(|(index, (geometry, code, pop))| SourceFeature {
                    index,
                    geometry,
                    fields: [
                        ("KODS".to_string(), code),
                        ("NOSAUKUMS".to_string(), json!("Jauns")),
                        ("IEDZ".to_string(), pop),
                    ]
                    .into_iter()
                    .collect(),
                })
                .collect(),
        }
    }

    fn map() -> FieldMap {
        FieldMap(vec![
            ("code".into(), "KODS".into()),
            ("name_lv".into(), "NOSAUKUMS".into()),
            ("population".into(), "IEDZ".into()),
        ])
    }

    #[test]
    fn mapped_fields_and_reprojected_geometry_replace_the_shipped_ones() {
        let src = layer(vec![
            (
                Some(square_lks92(700_000.0, 300_000.0)),
                json!("LV-001"),
                json!("1500"),
            ),
            (
                Some(square_lks92(720_000.0, 300_000.0)),
                json!("LV-002"),
                json!(2500),
            ),
        ]);
        let new = replace_units(&src, Path::new("m.geojson"), SHIPPED, &map(), "code").unwrap();
        let fc: Value = serde_json::from_slice(&new.file).unwrap();
        let p = &fc["features"][0]["properties"];
        assert_eq!(p["name_lv"], "Jauns");
        assert_eq!(p["population"], 1500);
        assert_eq!(p["eastern_border_area"], true);
        assert!((p["area_km2"].as_f64().unwrap() - 100.0).abs() < 0.1, "{p}");
        assert!(p["provenance"]
            .as_str()
            .unwrap()
            .ends_with("; attributes: municipalities.csv"));
        let c = &fc["features"][0]["geometry"]["coordinates"][0][0][0];
        let (lon, lat) = crate::geom::lks92::from_lks92(700_000.0, 300_000.0);
        assert!(
            (c[0].as_f64().unwrap() - lon).abs() < 1e-6
                && (c[1].as_f64().unwrap() - lat).abs() < 1e-6
        );
        assert_eq!(new.units.len(), 2);
    }

    #[test]
    fn every_problem_is_named_with_file_feature_and_field() {
        let pt: geo::Geometry<f64> = geo::Point::new(700_000.0, 300_000.0).into();
        let e = replace_units(
            &layer(vec![(Some(pt), json!("LV-001"), json!(1))]),
            Path::new("m"),
            SHIPPED,
            &map(),
            "code",
        )
        .unwrap_err();
        assert!(e.to_string().contains("expected a polygon layer"), "{e}");

        let unmapped = FieldMap(vec![]);
        let src = layer(vec![(
            Some(square_lks92(700_000.0, 300_000.0)),
            json!("LV-001"),
            json!(1),
        )]);
        let e = replace_units(&src, Path::new("m"), SHIPPED, &unmapped, "code").unwrap_err();
        assert!(
            e.to_string()
                .contains("required field `code` is not mapped"),
            "{e}"
        );

        let src = layer(vec![
            (
                Some(square_lks92(700_000.0, 300_000.0)),
                json!("LV-001"),
                json!("many"),
            ),
            (
                Some(square_lks92(700_000.0, 300_000.0)),
                json!("LV-999"),
                json!(1),
            ),
        ]);
        let e = replace_units(&src, Path::new("m"), SHIPPED, &map(), "code").unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("in.shp: feature #1 (LV-001): IEDZ: expected integer"),
            "{text}"
        );
        assert!(
            text.contains("feature #2 (LV-999): KODS: no shipped unit"),
            "{text}"
        );
        assert!(
            text.contains("shipped unit `LV-002` has no feature"),
            "{text}"
        );

        // Degrees read as metres: far outside Latvia.
        let mut src = layer(vec![(
            Some(square_lks92(700_000.0, 300_000.0)),
            json!("LV-001"),
            json!(1),
        )]);
        src.crs = SourceCrs::Crs84;
        let e = replace_units(&src, Path::new("m"), SHIPPED, &map(), "code").unwrap_err();
        assert!(e.to_string().contains("outside Latvia"), "{e}");
    }
}
