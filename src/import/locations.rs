//! Measure locations from a file: each feature becomes a GeoJSON file under
//! `seeds/geometries/<measure>/`, and the `[[measure.locations]]` entries that
//! reference them are printed for the measure's TOML (the seeds stay
//! hand-edited, reviewed text).

use std::fmt::Write as _;
use std::path::PathBuf;

use geo::CoordsIter;
use serde_json::{json, Value};

use super::mapping::coerce;
use super::stage::Changes;
use super::{FieldMap, ImportError, SourceCrs, SourceLayer};
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
        let id = match coerce(
            f.fields.get(id_field).unwrap_or(&Value::Null),
            Some("string"),
        ) {
            Ok(Value::String(s)) if is_id(s.trim()) => s.trim().to_string(),
            _ => {
                errs.push(DataError::new(
                    file,
                    &record,
                    id_field,
                    "a location id needs lowercase letters, digits, `-` or `_`",
                ));
                continue;
            }
        };
        let Some(g) = &f.geometry else {
            errs.push(DataError::new(file, &record, "geometry", "no geometry"));
            continue;
        };
        let g = match source.crs {
            SourceCrs::Lks92 => crate::geom::lks92::geometry_from_lks92(g),
            SourceCrs::Crs84 => g.clone(),
        };
        let outside = g
            .coords_iter()
            .any(|c| !(20.5..=28.5).contains(&c.x) || !(55.5..=58.2).contains(&c.y));
        if outside || matches!(g, geo::Geometry::GeometryCollection(_)) {
            errs.push(DataError::new(
                file,
                &record,
                "geometry",
                format!(
                    "a {} outside Latvia after reprojection from {}",
                    super::geometry_name(&g),
                    source.crs.name()
                ),
            ));
            continue;
        }
        let g = crate::geom::round::rounded(&g);
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
        let _ = write!(
            toml,
            "[[measure.locations]]\nid = {}\nkind = \"geojson\"\n{}file = {}\nprecision = \"exact\"\nprovenance = {}\n\n",
            json!(id),
            name.map(|n| format!("name = {}\n", json!(n))).unwrap_or_default(),
            json!(rel.to_string_lossy()),
            json!(provenance),
        );
    }
    if !errs.is_empty() {
        return Err(ImportError::Data(DataErrors(errs)));
    }
    changes.toml = Some(toml);
    Ok(changes)
}
