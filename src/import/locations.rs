//! Measure locations from a file: each feature becomes a GeoJSON file under
//! `seeds/geometries/<measure>/`, and the `[[measure.locations]]` entries that
//! reference them are printed for the measure's TOML (the seeds stay
//! hand-edited, reviewed text).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use geo::{CoordsIter, Geometry};
use serde_json::{json, Value};

use super::mapping::coerce;
use super::stage::Changes;
use super::{FieldMap, ImportError, SourceCrs, SourceFeature, SourceLayer};
use crate::load::{DataError, DataErrors};

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The files and TOML entries for `source`'s features as exact locations of `measure`.
pub fn location_changes(
    source: &SourceLayer,
    map: &FieldMap,
    measure: &str,
) -> Result<Changes, ImportError> {
    let file = source.path.as_path();
    if !is_id(measure) {
        return Err(ImportError::Usage(format!(
            "--measure `{measure}` is not a measure id (lowercase letters, digits, `-`)"
        )));
    }
    let Some(id_field) = map.source_of("id", &source.field_names) else {
        return Err(DataError::new(
            file,
            "-",
            "id",
            format!(
                "required field `id` is not mapped: the input has fields {}; add --map id=FIELD",
                source.field_names.join(", ")
            ),
        )
        .into());
    };
    let name_field = map.source_of("name", &source.field_names);
    let mut errs = Vec::new();
    let mut changes = Changes::default();
    let mut toml = String::new();
    let provenance = format!(
        "{} (layer {}) via pierobeza import",
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        source.layer_name
    );
    for f in &source.features {
        let record = format!("feature #{}", f.index + 1);
        let (id, g) = match location_id(f, id_field)
            .map_err(|msg| DataError::new(file, &record, id_field, msg))
            .and_then(|id| {
                location_geometry(f, source)
                    .map(|g| (id, g))
                    .map_err(|msg| DataError::new(file, &record, "geometry", msg))
            }) {
            Ok(found) => found,
            Err(e) => {
                errs.push(e);
                continue;
            }
        };
        let name = name_field
            .and_then(|n| f.fields.get(n))
            .and_then(Value::as_str)
            .map(str::to_string);
        let rel = PathBuf::from("geometries")
            .join(measure)
            .join(format!("{id}.geojson"));
        let mut properties = serde_json::Map::new();
        properties.insert("name".into(), json!(name));
        properties.insert("provenance".into(), json!(provenance));
        let feature = crate::index::geojson::feature_value(&id, Some(&g), properties);
        changes.files.push((
            PathBuf::from("seeds").join(&rel),
            format!("{feature}\n").into_bytes(),
        ));
        toml.push_str(&toml_entry(&id, name.as_deref(), &rel, &provenance));
    }
    if !errs.is_empty() {
        return Err(ImportError::Data(DataErrors(errs)));
    }
    changes.toml = Some(toml);
    Ok(changes)
}

/// The feature's location id: lowercase letters, digits, `-` or `_`.
pub(super) fn location_id(f: &SourceFeature, id_field: &str) -> Result<String, String> {
    match coerce(
        f.fields.get(id_field).unwrap_or(&Value::Null),
        Some("string"),
    ) {
        Ok(Value::String(s)) if is_id(s.trim()) => Ok(s.trim().to_string()),
        _ => Err("a location id needs lowercase letters, digits, `-` or `_`".into()),
    }
}

/// The feature's geometry in CRS84 at 6 decimals; it must lie in Latvia.
pub(super) fn location_geometry(
    f: &SourceFeature,
    source: &SourceLayer,
) -> Result<Geometry<f64>, String> {
    let Some(g) = &f.geometry else {
        return Err("no geometry".into());
    };
    let g = match source.crs {
        SourceCrs::Lks92 => crate::geom::lks92::geometry_from_lks92(g),
        SourceCrs::Crs84 => g.clone(),
    };
    let outside = g
        .coords_iter()
        .any(|c| !(20.5..=28.5).contains(&c.x) || !(55.5..=58.2).contains(&c.y));
    if outside || matches!(g, Geometry::GeometryCollection(_)) {
        return Err(format!(
            "a {} outside Latvia after reprojection from {}",
            super::geometry_name(&g),
            source.crs.name()
        ));
    }
    Ok(crate::geom::round::rounded(&g))
}

/// The `[[measure.locations]]` entry that references the written file.
fn toml_entry(id: &str, name: Option<&str>, rel: &Path, provenance: &str) -> String {
    let mut toml = String::new();
    let _ = write!(
        toml,
        "[[measure.locations]]\nid = {}\nkind = \"geojson\"\n{}file = {}\nprecision = \"exact\"\nprovenance = {}\n\n",
        json!(id),
        name.map(|n| format!("name = {}\n", json!(n))).unwrap_or_default(),
        json!(rel.to_string_lossy()),
        json!(provenance),
    );
    toml
}
