//! One GeoPackage with every layer: typed attributes from the layer schema,
//! an R-tree spatial index per layer, and a QGIS style per layer in `layer_styles`.
//!
//! Tables are created by GDAL, their columns added with SQL (`ALTER TABLE`):
//! the gdal crate cannot set a field subtype, and a `BOOLEAN` column is how a
//! GeoPackage declares an OGR Integer(Boolean). GDAL reads the new columns when
//! the file is reopened, then the features are written in one transaction.

use std::path::Path;

use ::gdal::spatial_ref::SpatialRef;
use ::gdal::vector::sql::Dialect;
use ::gdal::vector::{Feature, LayerAccess, LayerOptions, OGRwkbGeometryType, ToGdal};
use ::gdal::{Dataset, DatasetOptions, DriverManager, GdalOpenFlags};
use geo::{Geometry, MapCoords, MultiLineString, MultiPoint, MultiPolygon};
use serde_json::Value;

use super::styles::{qml, sld, style_for};
use super::GdalError;
use crate::files::temp_sibling;
use crate::geom::Crs;
use crate::index::{Catalog, GeomClass, Layer};

/// Name of the geometry column in every table.
pub const GEOMETRY_COLUMN: &str = "geom";
/// The table QGIS reads default styles from.
pub const STYLES_TABLE: &str = "layer_styles";

/// Writes `layers` into a new GeoPackage at `out` (replacing it), in `crs`.
pub fn write_gpkg(
    catalog: &Catalog,
    layers: &[&Layer],
    out: &Path,
    crs: Crs,
) -> Result<(), GdalError> {
    one_sqlite()?;
    let mut tmp = temp_sibling(out);
    tmp.set_extension("gpkg");
    let result = build(catalog, layers, &tmp, crs)
        .and_then(|()| std::fs::rename(&tmp, out).map_err(|e| GdalError::io(out, e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A build with both `gdal` and the bundled SQLite (`--all-features`) holds two
/// SQLite libraries in one process, and GDAL's GeoPackage writer then corrupts its
/// files: refuse, and say how to build it. The shipped GDAL build is
/// `--no-default-features --features gdal` (one system SQLite).
fn one_sqlite() -> Result<(), GdalError> {
    if cfg!(feature = "bundled-sqlite") {
        return Err(GdalError::TwoSqlites);
    }
    Ok(())
}

fn gdal_err(path: &Path) -> impl Fn(::gdal::errors::GdalError) -> GdalError + '_ {
    move |e| GdalError::Gdal {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// SQL identifier quoting.
fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The SQLite column type GDAL maps back to the schema's JSON type.
fn column_type(json_type: &str) -> &'static str {
    match json_type {
        "integer" => "INTEGER",
        "number" => "REAL",
        "boolean" => "BOOLEAN",
        _ => "TEXT",
    }
}

fn geometry_type(layer: &Layer) -> OGRwkbGeometryType::Type {
    match layer.class {
        GeomClass::Points
            if layer
                .features
                .iter()
                .any(|f| matches!(f.geometry, Geometry::MultiPoint(_))) =>
        {
            OGRwkbGeometryType::wkbMultiPoint
        }
        GeomClass::Points => OGRwkbGeometryType::wkbPoint,
        GeomClass::Lines => OGRwkbGeometryType::wkbMultiLineString,
        GeomClass::Areas => OGRwkbGeometryType::wkbMultiPolygon,
    }
}

/// The geometry as written: promoted to the layer's multi type, rounded as the
/// API rounds (6 decimals in CRS84), projected to LKS-92 at millimetres if asked.
fn output_geometry(g: &Geometry<f64>, ty: OGRwkbGeometryType::Type, crs: Crs) -> Geometry<f64> {
    let g = crate::geom::round::rounded(g);
    let g = match (g, ty) {
        (Geometry::Point(p), OGRwkbGeometryType::wkbMultiPoint) => {
            Geometry::MultiPoint(MultiPoint::new(vec![p]))
        }
        (Geometry::LineString(l), _) => Geometry::MultiLineString(MultiLineString::new(vec![l])),
        (Geometry::Polygon(p), _) => Geometry::MultiPolygon(MultiPolygon::new(vec![p])),
        (g, _) => g,
    };
    match crs {
        Crs::Crs84 => g,
        Crs::Lks92 => crate::geom::lks92::geometry_to_lks92(&g).map_coords(|c| {
            geo::coord! { x: (c.x * 1e3).round() / 1e3, y: (c.y * 1e3).round() / 1e3 }
        }),
    }
}

fn build(catalog: &Catalog, layers: &[&Layer], path: &Path, crs: Crs) -> Result<(), GdalError> {
    let err = gdal_err(path);
    let srs = SpatialRef::from_epsg(crs.epsg()).map_err(&err)?;
    let driver = DriverManager::get_driver_by_name("GPKG").map_err(&err)?;
    {
        let mut ds = driver.create_vector_only(path).map_err(&err)?;
        let geom_opt = format!("GEOMETRY_NAME={GEOMETRY_COLUMN}");
        for layer in layers {
            let identifier = format!("IDENTIFIER={}", layer.title);
            let description = format!("DESCRIPTION={}", layer.description);
            let opts = [
                geom_opt.as_str(),
                "FID=fid",
                "SPATIAL_INDEX=YES",
                identifier.as_str(),
                description.as_str(),
            ];
            ds.create_layer(LayerOptions {
                name: &layer.id,
                srs: Some(&srs),
                ty: geometry_type(layer),
                options: Some(&opts),
            })
            .map_err(&err)?;
            let mut columns = vec![("id".to_string(), "TEXT")];
            columns.extend(
                layer
                    .schema
                    .iter()
                    .map(|(n, t)| (n.clone(), column_type(t))),
            );
            for (name, ty) in columns {
                ds.execute_sql(
                    format!(
                        "ALTER TABLE {} ADD COLUMN {} {ty}",
                        ident(&layer.id),
                        ident(&name)
                    ),
                    None,
                    Dialect::DEFAULT,
                )
                .map_err(&err)?;
            }
        }
        create_styles_table(&mut ds).map_err(&err)?;
        ds.close().map_err(&err)?;
    }

    let mut ds = Dataset::open_ex(
        path,
        DatasetOptions {
            open_flags: GdalOpenFlags::GDAL_OF_UPDATE | GdalOpenFlags::GDAL_OF_VECTOR,
            ..Default::default()
        },
    )
    .map_err(&err)?;
    let txn = ds.start_transaction().map_err(&err)?;
    for layer in layers {
        write_features(&txn, layer, crs).map_err(&err)?;
        write_style(&txn, catalog, layer).map_err(&err)?;
    }
    txn.commit().map_err(&err)?;
    ds.execute_sql(
        format!("UPDATE {STYLES_TABLE} SET update_time = strftime('%Y-%m-%dT%H:%M:%fZ','now')"),
        None,
        Dialect::DEFAULT,
    )
    .map_err(&err)?;
    ds.close().map_err(&err)
}

fn write_features(ds: &Dataset, layer: &Layer, crs: Crs) -> ::gdal::errors::Result<()> {
    let out = ds.layer_by_name(&layer.id)?;
    let defn = out.defn();
    let ty = geometry_type(layer);
    let id_idx = defn.field_index("id")?;
    let columns: Vec<(usize, &str, &'static str)> = layer
        .schema
        .iter()
        .map(|(n, t)| Ok((defn.field_index(n)?, n.as_str(), *t)))
        .collect::<::gdal::errors::Result<_>>()?;
    for f in &layer.features {
        let mut feature = Feature::new(defn)?;
        feature.set_field_string(id_idx, &f.id)?;
        for &(idx, name, ty) in &columns {
            match f.properties().get(name).unwrap_or(&Value::Null) {
                Value::Null => feature.set_field_null(idx)?,
                Value::Bool(b) => feature.set_field_integer(idx, i32::from(*b))?,
                Value::Number(n) if ty == "integer" => match n.as_i64() {
                    Some(i) => feature.set_field_integer64(idx, i)?,
                    None => feature.set_field_double(idx, n.as_f64().unwrap_or(f64::NAN))?,
                },
                Value::Number(n) => {
                    feature.set_field_double(idx, n.as_f64().unwrap_or(f64::NAN))?
                }
                Value::String(s) => feature.set_field_string(idx, s)?,
                other => feature.set_field_string(idx, &other.to_string())?,
            }
        }
        feature.set_geometry(output_geometry(&f.geometry, ty, crs).to_gdal()?)?;
        feature.create(&out)?;
    }
    Ok(())
}

/// The table QGIS creates to store styles in a GeoPackage, with its column names.
fn create_styles_table(ds: &mut Dataset) -> ::gdal::errors::Result<()> {
    ds.create_layer(LayerOptions {
        name: STYLES_TABLE,
        ty: OGRwkbGeometryType::wkbNone,
        options: Some(&["FID=id"]),
        ..Default::default()
    })?;
    let columns = [
        ("f_table_catalog", "TEXT(256)"),
        ("f_table_schema", "TEXT(256)"),
        ("f_table_name", "TEXT(256)"),
        ("f_geometry_column", "TEXT(256)"),
        ("styleName", "TEXT"),
        ("styleQML", "TEXT"),
        ("styleSLD", "TEXT"),
        ("useAsDefault", "BOOLEAN"),
        ("description", "TEXT"),
        ("owner", "TEXT(30)"),
        ("ui", "TEXT(30)"),
        ("update_time", "DATETIME"),
    ];
    for (name, ty) in columns {
        ds.execute_sql(
            format!("ALTER TABLE {STYLES_TABLE} ADD COLUMN {} {ty}", ident(name)),
            None,
            Dialect::DEFAULT,
        )?;
    }
    Ok(())
}

fn write_style(ds: &Dataset, catalog: &Catalog, layer: &Layer) -> ::gdal::errors::Result<()> {
    let styles = ds.layer_by_name(STYLES_TABLE)?;
    let defn = styles.defn();
    let style = style_for(catalog, layer);
    let mut f = Feature::new(defn)?;
    let text = |f: &mut Feature, name: &str, value: &str| -> ::gdal::errors::Result<()> {
        f.set_field_string(defn.field_index(name)?, value)
    };
    text(&mut f, "f_table_catalog", "")?;
    text(&mut f, "f_table_schema", "")?;
    text(&mut f, "f_table_name", &layer.id)?;
    text(&mut f, "f_geometry_column", GEOMETRY_COLUMN)?;
    text(&mut f, "styleName", &layer.id)?;
    text(&mut f, "styleQML", &qml(&style))?;
    text(&mut f, "styleSLD", &sld(&layer.id, &style))?;
    text(&mut f, "description", "pierobeza: as on the web map")?;
    text(&mut f, "owner", "")?;
    text(&mut f, "ui", "")?;
    f.set_field_integer(defn.field_index("useAsDefault")?, 1)?;
    f.create(&styles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ogrinfo(args: &[&str]) -> String {
        let out = std::process::Command::new("ogrinfo")
            .args(args)
            .output()
            .expect("ogrinfo (gdal-bin) is installed");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    #[test]
    fn writes_typed_layers_index_and_styles() {
        let cat = sample_catalog();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.gpkg");
        let layers: Vec<&Layer> = cat.layers.iter().collect();
        write_gpkg(&cat, &layers, &path, Crs::Crs84).unwrap();
        let p = path.to_str().unwrap();
        let info = ogrinfo(&["-so", p, "municipalities_2021"]);
        assert!(info.contains("Feature Count: 2"), "{info}");
        assert!(
            info.contains("eastern_border_area: Integer(Boolean)"),
            "{info}"
        );
        assert!(info.contains("population: Integer64"), "{info}");
        assert!(info.contains("area_km2: Real"), "{info}");
        let styles = ogrinfo(&["-q", p, "-sql", "SELECT count(*) AS n FROM layer_styles"]);
        assert!(
            styles.contains(&format!("n (Integer) = {}", cat.layers.len())),
            "{styles}"
        );
        let rtree = ogrinfo(&[
            "-q",
            p,
            "-sql",
            "SELECT count(*) AS n FROM rtree_settlements_geom",
        ]);
        assert!(rtree.contains("n (Integer) = 1"), "{rtree}");
    }

    /// A small catalog for unit tests: two units, the border, a settlement.
    fn sample_catalog() -> crate::index::Catalog {
        use crate::model::*;
        use geo::{polygon, LineString, MultiPolygon, Point};
        let unit = |code: &str, name: &str, x0: f64| Municipality {
            code: code.into(),
            name_lv: name.into(),
            name_en: name.into(),
            kind: UnitKind::Novads,
            planning_region: "Latgale".into(),
            vintage: Vintage::V2021,
            valid_from: "2021-07-01".into(),
            valid_to: None,
            population: Some(1000),
            population_year: Some(2024),
            population_date: None,
            population_source: None,
            area_km2: 1.5,
            official_area_km2: None,
            eastern_border_area: true,
            plan_share: None,
            plan_part: None,
            provenance: None,
            note: None,
            geometry: MultiPolygon::new(vec![polygon![
                (x: x0, y: 56.0), (x: x0 + 0.5, y: 56.0), (x: x0 + 0.5, y: 56.5), (x: x0, y: 56.5)
            ]]),
        };
        let units = vec![
            unit("LV-001", "Āboliņu novads", 27.0),
            unit("LV-002", "Bērzu novads", 27.5),
        ];
        let mut current = units.clone();
        for u in &mut current {
            u.vintage = Vintage::Current;
        }
        let geodata = Geodata {
            plan_territory: MultiPolygon::new(vec![polygon![
                (x: 27.0, y: 56.0), (x: 28.0, y: 56.0), (x: 28.0, y: 56.5), (x: 27.0, y: 56.5)
            ]]),
            municipalities: [(Vintage::V2021, units), (Vintage::Current, current)].into(),
            border: vec![BorderSegment {
                neighbour: Country::RU,
                geometry: LineString::from(vec![(28.0, 56.0), (28.0, 56.5)]),
                length_m: 55_000.0,
            }],
            settlements: vec![Settlement {
                geonameid: 1,
                name: "Ciems".into(),
                population: Some(600),
                population_basis: "geonames_village".into(),
                population_note: None,
                part_of: None,
                point: Point::new(27.123_456_7, 56.25),
                municipality_2021: "LV-001".into(),
                municipality_current: "LV-001".into(),
                provenance: "test".into(),
                assigned_by: None,
            }],
            ..Geodata::default()
        };
        crate::index::build_catalog(geodata, Plan::default())
    }
}
