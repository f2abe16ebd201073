//! Reads one vector layer (Shapefile, GeoPackage, GeoJSON, anything GDAL opens)
//! into plain Rust values for `pierobeza import`, with its CRS recognised as
//! LKS-92 (EPSG:3059) or WGS 84 lon/lat.
//!
//! Errors are [`DataError`](crate::load::DataError)s, like the data check's: file, record, field.

use std::path::Path;

use ::gdal::spatial_ref::SpatialRef;
use ::gdal::vector::{FieldValue, Layer, LayerAccess};
use ::gdal::{Dataset, DatasetOptions, GdalOpenFlags};
use serde_json::{json, Map, Value};

use crate::geom::Crs;
use crate::load::DataError;
use crate::model::{SourceFeature, SourceLayer};

/// Opens `path` and reads `layer` (or its only layer) with every feature.
///
/// `assume` is the CRS to use when the file declares none, or to override it.
pub fn read_layer(
    path: &Path,
    layer: Option<&str>,
    assume: Option<Crs>,
) -> Result<SourceLayer, DataError> {
    let ds = open(path)?;
    let mut lyr = pick_layer(&ds, path, layer)?;
    let crs = layer_crs(path, &lyr, assume)?;
    let geometry_type = ::gdal::vector::geometry_type_to_name(lyr.defn().geometry_type());
    let field_names: Vec<String> = lyr.defn().fields().map(|f| f.name()).collect();
    let layer_name = lyr.name();
    let features = read_features(path, &mut lyr)?;
    Ok(SourceLayer {
        path: path.to_path_buf(),
        layer_name,
        geometry_type,
        crs,
        field_names,
        features,
    })
}

/// An error about the whole file.
fn file_err(path: &Path, field: &str, message: String) -> DataError {
    DataError::new(path, "-", field, message)
}

/// Opens `path` read-only as a vector dataset.
fn open(path: &Path) -> Result<Dataset, DataError> {
    Dataset::open_ex(
        path,
        DatasetOptions {
            open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_READONLY,
            ..Default::default()
        },
    )
    .map_err(|e| {
        let hint = if e.to_string().contains(".shx") {
            " (a Shapefile needs its .shx and .dbf beside the .shp)"
        } else {
            ""
        };
        file_err(
            path,
            "-",
            format!("GDAL cannot open it as a vector file{hint}: {e}"),
        )
    })
}

/// The layer named `layer`, or the only one; several layers need a name.
fn pick_layer<'d>(
    ds: &'d Dataset,
    path: &Path,
    layer: Option<&str>,
) -> Result<Layer<'d>, DataError> {
    let names: Vec<String> = ds.layers().map(|l| l.name()).collect();
    match layer {
        Some(name) => ds.layer_by_name(name).map_err(|_| {
            file_err(
                path,
                "-",
                format!("no layer `{name}` (layers: {})", names.join(", ")),
            )
        }),
        None if names.len() == 1 => ds
            .layer(0)
            .map_err(|e| file_err(path, "-", format!("cannot read its layer: {e}"))),
        None => Err(file_err(
            path,
            "-",
            format!(
                "{} layers ({}): name one with --layer",
                names.len(),
                names.join(", ")
            ),
        )),
    }
}

/// The layer's CRS: `assume` if given, else the declared one if it is LKS-92 or
/// WGS 84; anything else is an error that says how to fix it.
fn layer_crs(path: &Path, lyr: &Layer, assume: Option<Crs>) -> Result<Crs, DataError> {
    match (assume, lyr.spatial_ref()) {
        (Some(c), _) => Ok(c),
        (None, Some(srs)) => identify(&srs).ok_or_else(|| {
            file_err(
                path,
                "crs",
                format!(
                    "unsupported coordinate reference system `{}`: reproject to EPSG:3059 or EPSG:4326 first (ogr2ogr -t_srs EPSG:3059)",
                    srs.name().unwrap_or_else(|| "unnamed".into())
                ),
            )
        }),
        (None, None) => Err(file_err(
            path,
            "crs",
            "unknown coordinate reference system (a Shapefile without its .prj?): pass --s-srs EPSG:3059 or --s-srs EPSG:4326".into(),
        )),
    }
}

/// Every feature: geometry (none when empty) and fields as JSON.
fn read_features(path: &Path, lyr: &mut Layer) -> Result<Vec<SourceFeature>, DataError> {
    let mut features = Vec::new();
    for (index, f) in lyr.features().enumerate() {
        let record = format!("feature #{}", index + 1);
        let geometry = match f.geometry() {
            None => None,
            Some(g) if g.is_empty() => None,
            Some(g) => Some(g.to_geo().map_err(|e| {
                DataError::new(
                    path,
                    &record,
                    "geometry",
                    format!("unreadable geometry: {e}"),
                )
            })?),
        };
        let mut fields = Map::new();
        for (name, value) in f.fields() {
            fields.insert(name, value.map(field_json).unwrap_or(Value::Null));
        }
        features.push(SourceFeature {
            index,
            geometry,
            fields,
        });
    }
    Ok(features)
}

/// EPSG:3059 or WGS 84 lon/lat, by authority code or, for an authority-less
/// definition (an ESRI .prj), by its parameters.
fn identify(srs: &SpatialRef) -> Option<Crs> {
    let mut srs = srs.clone();
    if srs.auth_code().is_err() {
        let _ = srs.auto_identify_epsg();
    }
    match srs.auth_code() {
        Ok(3059) => return Some(Crs::Lks92),
        Ok(4326) | Ok(4258) => return Some(Crs::Crs84),
        _ => {}
    }
    if srs.auth_name().as_deref() == Some("OGC") && srs.name().as_deref() == Some("WGS 84 (CRS84)")
    {
        return Some(Crs::Crs84);
    }
    let semi_major = srs.semi_major().ok()?;
    if (semi_major - 6_378_137.0).abs() > 1e-3 {
        return None;
    }
    if srs.is_geographic() {
        return Some(Crs::Crs84);
    }
    let p = |n: &str| srs.get_proj_param(n).ok().flatten();
    let tm = p("central_meridian") == Some(24.0)
        && p("scale_factor") == Some(0.9996)
        && p("false_easting") == Some(500_000.0)
        && p("false_northing") == Some(-6_000_000.0);
    (srs.is_projected() && tm).then_some(Crs::Lks92)
}

fn field_json(v: FieldValue) -> Value {
    match v {
        FieldValue::IntegerValue(i) => json!(i),
        FieldValue::Integer64Value(i) => json!(i),
        FieldValue::RealValue(x) => json!(x),
        FieldValue::StringValue(s) => json!(s),
        FieldValue::IntegerListValue(l) => json!(l),
        FieldValue::Integer64ListValue(l) => json!(l),
        FieldValue::RealListValue(l) => json!(l),
        FieldValue::StringListValue(l) => json!(l),
        FieldValue::DateValue(d) => json!(d.to_string()),
        FieldValue::DateTimeValue(d) => json!(d.to_string()),
    }
}
