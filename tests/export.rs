//! Export in the default build: GeoJSON and CSV files, from the CLI and over
//! HTTP, hold exactly the catalog's layers, features and attributes.

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use pierobeza::api::{app, AppState};
use pierobeza::export::cli::{run_export, ExportArgs, ExportFormat};
use pierobeza::export::OutputCrs;
use pierobeza::index::{build_catalog, Catalog};
use pierobeza::load::{load_all, DataPaths};
use serde_json::Value;
use tower::ServiceExt;

fn catalog() -> Arc<Catalog> {
    static CAT: OnceLock<Arc<Catalog>> = OnceLock::new();
    CAT.get_or_init(|| {
        let (g, p) = load_all(&DataPaths::current_dir()).expect("shipped data loads");
        Arc::new(build_catalog(g, p))
    })
    .clone()
}

fn args(format: ExportFormat, out: &std::path::Path) -> ExportArgs {
    ExportArgs {
        format,
        out: out.to_path_buf(),
        crs: OutputCrs::Crs84,
        layers: vec![],
        data_dir: None,
    }
}

/// Every number in a GeoJSON coordinate array has at most 6 decimals.
fn max_decimals(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.iter().map(max_decimals).max().unwrap_or(0),
        Value::Number(n) => {
            let s = n.to_string();
            s.split_once('.').map(|(_, d)| d.len()).unwrap_or(0)
        }
        _ => 0,
    }
}

#[test]
fn geojson_files_hold_every_feature_of_every_layer() {
    let cat = catalog();
    let dir = tempfile::tempdir().unwrap();
    let written = run_export(&args(ExportFormat::Geojson, dir.path())).unwrap();
    assert_eq!(written.len(), cat.layers.len());
    for layer in &cat.layers {
        let text =
            std::fs::read_to_string(dir.path().join(format!("{}.geojson", layer.id))).unwrap();
        let fc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(fc["type"], "FeatureCollection");
        assert_eq!(fc["name"], layer.id.as_str());
        assert!(fc.get("crs").is_none(), "RFC 7946 has no crs member");
        let features = fc["features"].as_array().unwrap();
        assert_eq!(features.len(), layer.features.len(), "{}", layer.id);
        for (f, want) in features.iter().zip(&layer.features) {
            assert_eq!(f["id"], want.id.as_str());
            assert_eq!(f["properties"], Value::Object(want.properties().clone()));
            assert!(
                max_decimals(&f["geometry"]["coordinates"]) <= 6,
                "{}",
                want.id
            );
            let g: geo::Geometry<f64> =
                serde_json::from_value::<geojson::Geometry>(f["geometry"].clone())
                    .unwrap()
                    .try_into()
                    .unwrap();
            let (a, b) = (
                geo::CoordsIter::coords_iter(&g),
                geo::CoordsIter::coords_iter(&want.geometry),
            );
            for (p, q) in a.zip(b) {
                assert!(
                    (p.x - q.x).abs() <= 5e-7 && (p.y - q.y).abs() <= 5e-7,
                    "{}",
                    want.id
                );
            }
        }
    }
}

#[test]
fn csv_tables_and_coverage_match_the_catalog() {
    let cat = catalog();
    let dir = tempfile::tempdir().unwrap();
    run_export(&args(ExportFormat::Csv, dir.path())).unwrap();
    for layer in &cat.layers {
        let mut r = csv::Reader::from_path(dir.path().join(format!("{}.csv", layer.id))).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let mut want = vec!["id".to_string()];
        want.extend(layer.schema.iter().map(|(n, _)| n.clone()));
        want.push("wkt".into());
        assert_eq!(header, want, "{}", layer.id);
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), layer.features.len(), "{}", layer.id);
        for (row, f) in rows.iter().zip(&layer.features) {
            assert_eq!(&row[0], f.id.as_str());
            for (i, (name, _)) in layer.schema.iter().enumerate() {
                let v = f.properties().get(name).unwrap_or(&Value::Null);
                assert_eq!(
                    row[i + 1],
                    pierobeza::export::csv::cell(v),
                    "{} {name}",
                    f.id
                );
            }
            assert!(row[row.len() - 1].starts_with(match layer.class {
                pierobeza::index::GeomClass::Points => "POINT",
                pierobeza::index::GeomClass::Lines => "MULTILINESTRING",
                pierobeza::index::GeomClass::Areas => "MULTIPOLYGON",
            }));
        }
    }
    let coverage = std::fs::read_to_string(dir.path().join("coverage.csv")).unwrap();
    let report = pierobeza::analysis::coverage::coverage(
        &cat,
        &pierobeza::analysis::coverage::CoverageParams {
            vintage: pierobeza::model::Vintage::V2021,
            municipality: None,
            facility: None,
        },
    )
    .unwrap();
    assert_eq!(coverage, pierobeza::analysis::table::to_csv(&report));
}

#[test]
fn geojson_export_refuses_lks92() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = args(ExportFormat::Geojson, dir.path());
    a.crs = OutputCrs::Lks92;
    let e = pierobeza::export::cli::export_catalog(&catalog(), &a).unwrap_err();
    assert!(e.to_string().contains("RFC 7946"), "{e}");
    a.crs = OutputCrs::Crs84;
    a.layers = vec!["no_such_layer".into()];
    let e = pierobeza::export::cli::export_catalog(&catalog(), &a).unwrap_err();
    assert!(e.to_string().contains("no_such_layer"), "{e}");
}

async fn get(path: &str) -> (StatusCode, Option<String>, Option<String>, Vec<u8>) {
    let state = AppState::new(catalog(), std::path::PathBuf::from("/nonexistent"));
    let resp = app(state)
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let h = |k: header::HeaderName| {
        resp.headers()
            .get(k)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    };
    let (ct, cd) = (h(header::CONTENT_TYPE), h(header::CONTENT_DISPOSITION));
    let status = resp.status();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, ct, cd, body)
}

#[tokio::test]
async fn http_downloads_are_attachments_with_the_same_content() {
    let cat = catalog();
    for layer in &cat.layers {
        let (status, ct, cd, body) = get(&format!("/export/{}.geojson", layer.id)).await;
        assert_eq!(status, StatusCode::OK, "{}", layer.id);
        assert_eq!(ct.as_deref(), Some("application/geo+json"));
        assert_eq!(
            cd.as_deref(),
            Some(format!("attachment; filename=\"{}.geojson\"", layer.id).as_str())
        );
        assert_eq!(body, pierobeza::export::geojson::layer_bytes(layer));
    }
    let (status, ct, cd, _) = get("/export/coverage.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ct.as_deref(), Some("text/csv; charset=utf-8"));
    assert_eq!(cd.as_deref(), Some("attachment; filename=\"coverage.csv\""));
    let (status, ..) = get("/export/coverage.csv?vintage=1999").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, ..) = get("/export/no_such_layer.geojson").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[cfg(not(feature = "gdal"))]
#[tokio::test]
async fn geopackage_without_gdal_is_503_saying_how_to_build() {
    let (status, ct, _, body) = get("/export/pierobeza.gpkg").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ct.as_deref(), Some("application/json"));
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert!(
        v["description"]
            .as_str()
            .unwrap()
            .contains("--features gdal"),
        "{v}"
    );
}

#[cfg(not(feature = "gdal"))]
#[test]
fn import_without_gdal_says_how_to_build() {
    use clap::Parser;
    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        import: pierobeza::import::ImportArgs,
    }
    let cli = Cli::parse_from(["x", "some.shp", "--map", "code=ATVK"]);
    let e = pierobeza::import::run_import(&cli.import).unwrap_err();
    assert!(e.to_string().contains("--features gdal"), "{e}");
}

#[tokio::test]
async fn the_coverage_sheet_matches_the_map_units_and_totals_apart() {
    let q = "layer=settlements&radius_m=25000";
    let (status, _, cd, body) = get(&format!("/export/coverage.csv?{q}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cd.as_deref(), Some("attachment; filename=\"coverage.csv\""));
    // UTF-8 with a byte-order mark, so that spreadsheets read "ā".
    assert_eq!(&body[..3], b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&body[3..]).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    for col in [
        "population_share",
        "rural_population_covered",
        "facility_layer",
    ] {
        assert!(
            headers.iter().any(|h| h == col),
            "{col} missing: {headers:?}"
        );
    }
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    // Units only: a column sum is the total.
    assert!(
        rows.iter().all(|r| r[0].starts_with("LV-")),
        "a total row among the units"
    );
    assert!(!text.contains("-0,") && !text.contains(",-0\n") && !text.contains("-0.0"));
    let (status, _, _, totals) = get(&format!("/export/coverage-totals.csv?{q}")).await;
    assert_eq!(status, StatusCode::OK);
    let totals = std::str::from_utf8(&totals[3..]).unwrap();
    assert_eq!(totals.lines().count(), 4, "{totals}");
    assert!(totals.contains("PLAN_TERRITORY"));
    // The figure follows the facility chosen.
    let (_, _, _, other) = get("/export/coverage.csv?layer=border_crossings&radius_m=25000").await;
    assert_ne!(other, body);
    let (status, ..) = get("/export/coverage.csv?layer=border&radius_m=5").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A parameter that would change nothing is refused by name.
    let (status, _, _, body) = get("/export/settlements.csv?radius_m=5").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&body).contains("radius_m"));
}
