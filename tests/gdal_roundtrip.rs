//! The exports as GDAL reads them, and imports through GDAL (`--features gdal`).
//!
//! `ogrinfo`/`ogr2ogr` (Debian gdal-bin) read every export and must find the
//! catalog's layers, counts, attribute names, types and values; fixtures for
//! import are made at test time with `ogr2ogr` from the shipped geodata/.
#![cfg(feature = "gdal")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

use pierobeza::analysis::coverage::{coverage, CoverageParams, FacilityParams};
use pierobeza::export::cli::{export_catalog, ExportArgs, ExportFormat};
use pierobeza::export::OutputCrs;
use pierobeza::import::{run_import, ImportArgs, ImportError, ImportTarget};
use pierobeza::index::{build_catalog, Catalog};
use pierobeza::load::{load_all, DataPaths};
use pierobeza::model::Vintage;
use serde_json::Value;

fn shipped_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(root: &Path) -> Catalog {
    let (g, p) = load_all(&DataPaths::under(root)).expect("data loads");
    build_catalog(g, p)
}

fn catalog() -> Arc<Catalog> {
    static CAT: OnceLock<Arc<Catalog>> = OnceLock::new();
    CAT.get_or_init(|| Arc::new(load(&shipped_root()))).clone()
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (gdal-bin) must be installed: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn export(cat: &Catalog, format: ExportFormat, out: &Path, crs: OutputCrs) {
    export_catalog(
        cat,
        &ExportArgs {
            format,
            out: out.to_path_buf(),
            crs,
            layers: vec![],
            data_dir: None,
        },
    )
    .unwrap();
}

/// Layer names as `ogrinfo -q` lists them.
fn layer_names(file: &Path) -> Vec<String> {
    run("ogrinfo", &["-q", s(file)])
        .lines()
        .filter_map(|l| l.split_once(": ").map(|(_, r)| r))
        .map(|r| r.split(" (").next().unwrap_or(r).trim().to_string())
        .collect()
}

/// Feature count and `(field, OGR type)` of a layer from `ogrinfo -so`.
fn summary(file: &Path, layer: &str, open_options: &[&str]) -> (usize, Vec<(String, String)>) {
    let mut args = vec!["-so", "-nomd"];
    args.extend_from_slice(open_options);
    args.extend([s(file), layer]);
    let text = run("ogrinfo", &args);
    let mut count = None;
    let mut fields = Vec::new();
    const TYPES: [&str; 9] = [
        "String",
        "Integer",
        "Integer64",
        "Real",
        "Integer(Boolean)",
        "Date",
        "DateTime",
        "StringList",
        "IntegerList",
    ];
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("Feature Count: ") {
            count = n.trim().parse().ok();
        } else if let Some((name, rest)) = line.split_once(": ") {
            let ty = rest.split(" (").next().unwrap_or("").trim();
            if TYPES.contains(&ty) && !name.contains(' ') {
                fields.push((name.to_string(), ty.to_string()));
            }
        }
    }
    (count.expect("a feature count"), fields)
}

/// A layer read by GDAL and written as GeoJSON (lon/lat), parsed.
fn dump(file: &Path, layer: &str, extra: &[&str]) -> Value {
    let mut args = vec!["-f", "GeoJSON", "/vsistdout/"];
    args.extend_from_slice(extra);
    args.extend([s(file), layer]);
    serde_json::from_str(&run("ogr2ogr", &args)).unwrap()
}

fn ogr_type(json_type: &str) -> &'static str {
    match json_type {
        "integer" => "Integer64",
        "number" => "Real",
        "boolean" => "Integer(Boolean)",
        _ => "String",
    }
}

fn coords(v: &Value, out: &mut Vec<(f64, f64)>) {
    match v.as_array() {
        Some(a) if a.len() >= 2 && a[0].is_number() => {
            out.push((a[0].as_f64().unwrap(), a[1].as_f64().unwrap()))
        }
        Some(a) => a.iter().for_each(|x| coords(x, out)),
        None => {}
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn catalog_coords(g: &geo::Geometry<f64>) -> Vec<(f64, f64)> {
    geo::CoordsIter::coords_iter(g)
        .map(|c| (round6(c.x), round6(c.y)))
        .collect()
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-9 * x.abs().max(1.0)
        }
        _ => a == b,
    }
}

#[test]
fn geopackage_holds_every_layer_typed_indexed_and_equal_to_the_catalog() {
    let cat = catalog();
    let dir = tempfile::tempdir().unwrap();
    let gpkg = dir.path().join("pierobeza.gpkg");
    export(&cat, ExportFormat::Gpkg, &gpkg, OutputCrs::Crs84);
    let mut names = layer_names(&gpkg);
    names.sort();
    let mut want: Vec<String> = cat.layers.iter().map(|l| l.id.clone()).collect();
    want.push("layer_styles".into());
    want.sort();
    assert_eq!(names, want);
    for layer in &cat.layers {
        let (count, fields) = summary(&gpkg, &layer.id, &[]);
        assert_eq!(count, layer.features.len(), "{}", layer.id);
        let mut want = vec![("id".to_string(), "String".to_string())];
        want.extend(
            layer
                .schema
                .iter()
                .map(|(n, t)| (n.clone(), ogr_type(t).to_string())),
        );
        assert_eq!(fields, want, "{}", layer.id);
        let index = run(
            "ogrinfo",
            &[
                "-q",
                s(&gpkg),
                "-sql",
                &format!("SELECT HasSpatialIndex('{}', 'geom')", layer.id),
            ],
        );
        assert!(
            index.contains("HasSpatialIndex (Integer) = 1"),
            "{}: {index}",
            layer.id
        );
        let fc = dump(&gpkg, &layer.id, &[]);
        let features = fc["features"].as_array().unwrap();
        assert_eq!(features.len(), layer.features.len());
        for (f, want) in features.iter().zip(&layer.features) {
            let p = &f["properties"];
            assert_eq!(p["id"], want.id.as_str());
            for (name, _) in &layer.schema {
                let w = want.properties().get(name).unwrap_or(&Value::Null);
                assert!(
                    same_value(&p[name], w),
                    "{} {name}: {} vs {w}",
                    want.id,
                    p[name]
                );
            }
            let mut got = Vec::new();
            coords(&f["geometry"]["coordinates"], &mut got);
            let expect = catalog_coords(&want.geometry);
            assert_eq!(got.len(), expect.len(), "{}", want.id);
            for (a, b) in got.iter().zip(&expect) {
                assert!(
                    (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9,
                    "{}",
                    want.id
                );
            }
        }
    }
}

#[test]
fn geojson_and_csv_exports_read_in_gdal_as_the_catalog() {
    let cat = catalog();
    let dir = tempfile::tempdir().unwrap();
    export(&cat, ExportFormat::Geojson, dir.path(), OutputCrs::Crs84);
    export(&cat, ExportFormat::Csv, dir.path(), OutputCrs::Crs84);
    for layer in &cat.layers {
        let gj = dir.path().join(format!("{}.geojson", layer.id));
        assert_eq!(layer_names(&gj), vec![layer.id.clone()]);
        let (count, fields) = summary(&gj, &layer.id, &[]);
        assert_eq!(count, layer.features.len(), "{}", layer.id);
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        let mut want = vec!["id"];
        want.extend(layer.schema.iter().map(|(n, _)| n.as_str()));
        if !layer.features.is_empty() {
            assert_eq!(names, want, "{}", layer.id);
        }
        for ((name, ty), (_, json_type)) in fields.iter().skip(1).zip(&layer.schema) {
            match *json_type {
                "boolean" => assert_eq!(ty, "Integer(Boolean)", "{name}"),
                "number" => assert_eq!(ty, "Real", "{name}"),
                "integer" => assert!(ty.starts_with("Integer"), "{name}: {ty}"),
                _ => {}
            }
        }
        let csv = dir.path().join(format!("{}.csv", layer.id));
        let oo = [
            "-oo",
            "GEOM_POSSIBLE_NAMES=wkt",
            "-oo",
            "KEEP_GEOM_COLUMNS=NO",
        ];
        let (count, fields) = summary(&csv, &layer.id, &oo);
        assert_eq!(count, layer.features.len(), "{}", layer.id);
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, want, "{}", layer.id);
    }
    let (count, _) = summary(&dir.path().join("coverage.csv"), "coverage", &[]);
    assert!(count >= cat.units_layer(Vintage::V2021).unwrap().features.len());
}

#[test]
fn lks92_geopackage_reprojects_back_within_a_centimetre() {
    let cat = catalog();
    let dir = tempfile::tempdir().unwrap();
    let gpkg = dir.path().join("lks92.gpkg");
    export(&cat, ExportFormat::Gpkg, &gpkg, OutputCrs::Lks92);
    let info = run("ogrinfo", &["-so", s(&gpkg), "municipalities_2021"]);
    assert!(info.contains("LKS92 / Latvia TM"), "{info}");
    let mut checked = 0;
    for layer in &cat.layers {
        let fc = dump(
            &gpkg,
            &layer.id,
            &["-t_srs", "EPSG:4326", "-lco", "COORDINATE_PRECISION=10"],
        );
        for (f, want) in fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&layer.features)
        {
            let mut got = Vec::new();
            coords(&f["geometry"]["coordinates"], &mut got);
            for (a, b) in got.iter().zip(catalog_coords(&want.geometry)) {
                let dx_m = (a.0 - b.0) * 111_320.0 * b.1.to_radians().cos();
                let dy_m = (a.1 - b.1) * 110_574.0;
                assert!(dx_m.hypot(dy_m) < 0.01, "{}: {a:?} vs {b:?}", want.id);
                checked += 1;
            }
        }
    }
    assert!(checked > 0);
}

#[test]
fn layer_styles_hold_a_default_style_per_layer() {
    let cat = catalog();
    let dir = tempfile::tempdir().unwrap();
    let gpkg = dir.path().join("styled.gpkg");
    export(&cat, ExportFormat::Gpkg, &gpkg, OutputCrs::Crs84);
    let fc = dump(&gpkg, "layer_styles", &[]);
    let rows = fc["features"].as_array().unwrap();
    let by_table: BTreeMap<&str, &Value> = rows
        .iter()
        .map(|r| {
            (
                r["properties"]["f_table_name"].as_str().unwrap(),
                &r["properties"],
            )
        })
        .collect();
    assert_eq!(rows.len(), cat.layers.len());
    for layer in &cat.layers {
        let st = by_table
            .get(layer.id.as_str())
            .unwrap_or_else(|| panic!("no style for {}", layer.id));
        assert_eq!(st["useAsDefault"], true);
        assert_eq!(st["f_geometry_column"], "geom");
        let qml = st["styleQML"].as_str().unwrap();
        assert!(qml.contains("<renderer-v2"), "{}", layer.id);
        assert!(st["styleSLD"]
            .as_str()
            .unwrap()
            .contains("<StyledLayerDescriptor"));
        if layer.id.ends_with("_areas") {
            assert!(qml.contains("LinePatternFill"), "{} is hatched", layer.id);
        }
        if layer.class == pierobeza::index::GeomClass::Points {
            assert!(
                qml.contains("value=\"circle\""),
                "{} uses circles",
                layer.id
            );
        }
    }
    let border = by_table["border"]["styleQML"].as_str().unwrap();
    assert!(border.contains("attr=\"neighbour\"") && border.contains("192,0,0,255"));
    let plan = by_table["plan_territory"]["styleQML"].as_str().unwrap();
    assert!(plan.contains("name=\"outline_width\" type=\"QString\" value=\"3.5\""));
}

/// Every file of a data root, for "nothing changed" checks.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, base, out);
            } else {
                out.insert(
                    p.strip_prefix(base).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    for d in ["geodata", "seeds"] {
        walk(&root.join(d), root, &mut out);
    }
    out
}

/// A copy of the shipped data root to import into.
fn data_copy(dir: &Path) -> PathBuf {
    let root = dir.join("data");
    for d in ["geodata", "seeds"] {
        let out = run("cp", &["-r", s(&shipped_root().join(d)), s(&root.join(d))]);
        let _ = out;
    }
    root
}

fn import_args(input: &Path, data: &Path, out: &Path, map: &[(&str, &str)]) -> ImportArgs {
    ImportArgs {
        input: input.to_path_buf(),
        layer: None,
        target: ImportTarget::Municipalities,
        vintage: Vintage::V2021,
        map: map
            .iter()
            .map(|(t, s)| (t.to_string(), s.to_string()))
            .collect(),
        match_by: "code".into(),
        measure: None,
        s_srs: None,
        data_dir: Some(data.to_path_buf()),
        out: out.to_path_buf(),
        in_place: false,
        force: false,
        database: None,
        author: "import".into(),
        provenance: None,
    }
}

#[test]
fn geopackage_round_trip_changes_nothing() {
    let cat = catalog();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let data = data_copy(dir.path());
    let a = dir.path().join("a.gpkg");
    export(&cat, ExportFormat::Gpkg, &a, OutputCrs::Crs84);
    let mut args = import_args(&a, &data, &dir.path().join("out"), &[]);
    args.layer = Some("municipalities_2021".into());
    let report = run_import(&args).unwrap();
    let again = load(&report.data_root);
    let b = dir.path().join("b.gpkg");
    export(&again, ExportFormat::Gpkg, &b, OutputCrs::Crs84);
    for layer in &cat.layers {
        assert_eq!(
            dump(&a, &layer.id, &[])["features"],
            dump(&b, &layer.id, &[])["features"],
            "{}",
            layer.id
        );
    }
    assert_eq!(snapshot(&data), snapshot(&shipped_root()));
}

/// The shipped 2021 units as a Shapefile in EPSG:3059 with the State Land
/// Service's kind of field names, two plan units' codes swapped.
fn vzd_shapefile(dir: &Path, swap: (&str, &str)) -> PathBuf {
    let shp = dir.join("vzd").join("Novadi.shp");
    std::fs::create_dir_all(shp.parent().unwrap()).unwrap();
    let src = shipped_root().join("geodata/municipalities_2021.geojson");
    let sql = format!(
        "SELECT CASE code WHEN '{a}' THEN '{b}' WHEN '{b}' THEN '{a}' ELSE code END AS KODS, \
         name_lv AS NOSAUKUMS, geometry FROM municipalities_2021",
        a = swap.0,
        b = swap.1
    );
    run(
        "ogr2ogr",
        &[
            "-f",
            "ESRI Shapefile",
            "-lco",
            "ENCODING=UTF-8",
            "-t_srs",
            "EPSG:3059",
            "-dialect",
            "SQLite",
            "-sql",
            &sql,
            s(&shp),
            s(&src),
        ],
    );
    shp
}

#[test]
fn shapefile_in_lks92_with_mapped_fields_replaces_boundaries_and_coverage_follows() {
    let cat = catalog();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let data = data_copy(dir.path());
    let (x, y) = ("LV-047", "LV-056");
    let shp = vzd_shapefile(dir.path(), (x, y));
    let out = dir.path().join("official");
    let report = run_import(&import_args(
        &shp,
        &data,
        &out,
        &[("code", "KODS"), ("name_lv", "NOSAUKUMS")],
    ))
    .unwrap();
    assert_eq!(report.data_root, out);
    assert_eq!(
        snapshot(&data),
        snapshot(&shipped_root()),
        "the source data is untouched"
    );
    let new = load(&out);
    let (old_units, new_units) = (
        cat.units_layer(Vintage::V2021).unwrap(),
        new.units_layer(Vintage::V2021).unwrap(),
    );
    // The boundary of x is now the one y had, through EPSG:3059 and back.
    let (gx, gy) = (
        catalog_coords(&new_units.feature(x).unwrap().1.geometry),
        catalog_coords(&old_units.feature(y).unwrap().1.geometry),
    );
    assert_eq!(gx.len(), gy.len());
    for (a, b) in gx.iter().zip(&gy) {
        assert!((a.0 - b.0).abs() <= 2e-6 && (a.1 - b.1).abs() <= 2e-6);
    }
    // Coverage is computed from the new boundaries.
    let params = CoverageParams {
        vintage: Vintage::V2021,
        municipality: None,
        facility: Some(FacilityParams {
            layer: "settlements".into(),
            radius_m: 5_000.0,
        }),
    };
    let (before, after) = (
        coverage(&cat, &params).unwrap(),
        coverage(&new, &params).unwrap(),
    );
    let unit = |r: &pierobeza::analysis::coverage::CoverageReport, c: &str| {
        r.units.iter().find(|u| u.code == c).cloned().unwrap()
    };
    let (bx, by, ax) = (unit(&before, x), unit(&before, y), unit(&after, x));
    assert_eq!(
        ax.name_lv, by.name_lv,
        "name_lv comes from the mapped NOSAUKUMS"
    );
    assert!(
        (ax.area_km2 - by.area_km2).abs() < 0.05,
        "{} vs {}",
        ax.area_km2,
        by.area_km2
    );
    assert!(
        (bx.area_km2 - by.area_km2).abs() > 1.0,
        "the test swaps units of different size"
    );
    let share =
        |u: &pierobeza::analysis::coverage::UnitCoverage| u.facility.as_ref().unwrap().area_share;
    assert!(
        (share(&ax) - share(&by)).abs() < 0.02,
        "{} vs {}",
        share(&ax),
        share(&by)
    );
}

fn import_error(args: &ImportArgs) -> String {
    match run_import(args) {
        Err(e @ (ImportError::Data(_) | ImportError::Usage(_))) => e.to_string(),
        other => panic!("expected a data error, got {other:?}"),
    }
}

#[test]
fn broken_inputs_give_clear_errors_and_leave_the_data_untouched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let data = data_copy(dir.path());
    let before = snapshot(&data);
    let map = [("code", "KODS"), ("name_lv", "NOSAUKUMS")];
    let in_place = |input: &Path, map: &[(&str, &str)]| {
        let mut a = import_args(input, &data, &dir.path().join("unused"), map);
        a.in_place = true;
        a
    };

    let shp = vzd_shapefile(dir.path(), ("LV-047", "LV-047"));
    // Unmapped required field.
    let e = import_error(&in_place(&shp, &[("name_lv", "NOSAUKUMS")]));
    assert!(
        e.contains("required field `code` is not mapped") && e.contains("KODS"),
        "{e}"
    );
    // Missing .prj: the CRS is unknown.
    std::fs::remove_file(shp.with_extension("prj")).unwrap();
    let e = import_error(&in_place(&shp, &map));
    assert!(
        e.contains("unknown coordinate reference system") && e.contains("--s-srs"),
        "{e}"
    );
    // Missing .shx.
    std::fs::remove_file(shp.with_extension("shx")).unwrap();
    let e = import_error(&in_place(&shp, &map));
    assert!(e.contains("Novadi.shp") && e.contains(".shx"), "{e}");

    // A CRS that is neither LKS-92 nor WGS 84.
    let merc = dir.path().join("merc.gpkg");
    run(
        "ogr2ogr",
        &[
            "-f",
            "GPKG",
            "-t_srs",
            "EPSG:3857",
            s(&merc),
            s(&shipped_root().join("geodata/municipalities_2021.geojson")),
        ],
    );
    let e = import_error(&in_place(&merc, &[]));
    assert!(e.contains("unsupported coordinate reference system"), "{e}");

    // Points where polygons are expected.
    let pts = dir.path().join("pts.shp");
    run(
        "ogr2ogr",
        &[
            "-f",
            "ESRI Shapefile",
            "-t_srs",
            "EPSG:3059",
            s(&pts),
            s(&shipped_root().join("geodata/settlements.geojson")),
        ],
    );
    let e = import_error(&in_place(&pts, &[("code", "name")]));
    assert!(e.contains("expected a polygon layer"), "{e}");

    // A copy never lands on an existing directory without --force.
    let taken = dir.path().join("taken");
    std::fs::create_dir_all(&taken).unwrap();
    let good = vzd_shapefile(&dir.path().join("again"), ("LV-047", "LV-047"));
    let e = import_error(&import_args(&good, &data, &taken, &map));
    assert!(e.contains("--force"), "{e}");

    assert_eq!(snapshot(&data), before, "a failed import writes nothing");
    assert_eq!(snapshot(&data), snapshot(&shipped_root()));
}

#[test]
fn points_in_lks92_become_measure_locations_with_their_toml() {
    let cat = catalog();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let data = data_copy(dir.path());
    let shp = dir.path().join("sites.shp");
    run(
        "ogr2ogr",
        &[
            "-f",
            "ESRI Shapefile",
            "-t_srs",
            "EPSG:3059",
            "-dialect",
            "SQLite",
            "-sql",
            "SELECT 'gn-' || geonameid AS VIETA, name AS NOSAUKUMS, geometry FROM settlements LIMIT 2",
            s(&shp),
            s(&shipped_root().join("geodata/settlements.geojson")),
        ],
    );
    let mut args = import_args(
        &shp,
        &data,
        &dir.path().join("out"),
        &[("id", "VIETA"), ("name", "NOSAUKUMS")],
    );
    args.target = ImportTarget::Locations;
    args.measure = Some("sec-sites".into());
    let report = run_import(&args).unwrap();
    assert_eq!(report.files.len(), 2);
    let toml = report.toml.unwrap();
    assert_eq!(toml.matches("[[measure.locations]]").count(), 2);
    assert!(toml.contains("kind = \"geojson\"") && toml.contains("precision = \"exact\""));
    let settlements = cat.layer("settlements").unwrap();
    for (rel, want) in report.files.iter().zip(&settlements.features) {
        let f: Value =
            serde_json::from_str(&std::fs::read_to_string(report.data_root.join(rel)).unwrap())
                .unwrap();
        assert_eq!(f["id"], want.id.as_str());
        let c = &f["geometry"]["coordinates"];
        let p = catalog_coords(&want.geometry)[0];
        assert!((c[0].as_f64().unwrap() - p.0).abs() <= 1e-6);
        assert!((c[1].as_f64().unwrap() - p.1).abs() <= 1e-6);
    }
    assert_eq!(snapshot(&data), snapshot(&shipped_root()));
}

#[tokio::test]
async fn http_geopackage_download_opens_in_gdal() {
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let cat = catalog();
    let state = pierobeza::api::AppState::new(cat.clone(), PathBuf::from("/nonexistent"));
    let get = |crs: &'static str| {
        pierobeza::api::app(state.clone()).oneshot(
            Request::get(format!("/export/pierobeza.gpkg?crs={crs}"))
                .body(Body::empty())
                .unwrap(),
        )
    };
    let resp = get("EPSG:3059").await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.headers()[header::CONTENT_DISPOSITION],
        "attachment; filename=\"pierobeza.gpkg\""
    );
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("download.gpkg");
    std::fs::write(&path, &body).unwrap();
    let names = layer_names(&path);
    assert_eq!(names.len(), cat.layers.len() + 1);
    let info = run("ogrinfo", &["-so", s(&path), "border"]);
    assert!(info.contains("LKS92 / Latvia TM"), "{info}");
    // Built once per CRS: the second download is the same file, the other CRS another.
    let bytes = |crs: &'static str| async move {
        let resp = get(crs).await.unwrap();
        resp.into_body().collect().await.unwrap().to_bytes()
    };
    let again = bytes("EPSG:3059").await;
    assert_eq!(again, body);
    let crs84 = bytes("EPSG:4326").await;
    assert_ne!(crs84, body);
}
