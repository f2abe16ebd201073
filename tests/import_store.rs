//! `pierobeza import --database`: an import is one changeset of the store, checked
//! by the rules an API write obeys, all or nothing, on both backends (PostGIS on
//! the throwaway loopback cluster scripts/postgres.sh starts).

#![cfg(feature = "gdal")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use pierobeza::import::{run_store_import, ImportArgs, ImportError, ImportTarget};
use pierobeza::load::DataPaths;
use pierobeza::model::{Place, Precision, Vintage};
use pierobeza::store::{init, Backend, DatabaseTarget, Kind, Store};

const MEASURE: &str = "hr-03";
const SOURCE: &str = "https://www.geonames.org/";

fn shipped_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Settlements of the shipped data named in `names`, as an LKS-92 GeoPackage
/// with the fields VIETA (id) and NOSAUKUMS (name), in the order given.
fn sites(dir: &Path, file: &str, names: &[&str]) -> PathBuf {
    let out = dir.join(file);
    let list = names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(",");
    let order = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("WHEN '{n}' THEN {i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let sql = format!(
        "SELECT 'gn-' || geonameid AS VIETA, name AS NOSAUKUMS, geometry FROM settlements \
         WHERE name IN ({list}) ORDER BY CASE name {order} END"
    );
    let status = Command::new("ogr2ogr")
        .args(["-f", "GPKG", "-t_srs", "EPSG:3059", "-nln", "sites"])
        .args(["-dialect", "SQLite", "-sql", &sql])
        .arg(&out)
        .arg(shipped_root().join("geodata/settlements.geojson"))
        .status()
        .expect("ogr2ogr (gdal-bin) must be installed");
    assert!(status.success(), "ogr2ogr failed");
    out
}

fn args(input: &Path, target: &DatabaseTarget) -> ImportArgs {
    ImportArgs {
        input: input.to_path_buf(),
        layer: None,
        target: ImportTarget::Locations,
        vintage: Vintage::V2021,
        map: vec![
            ("id".into(), "VIETA".into()),
            ("name".into(), "NOSAUKUMS".into()),
        ],
        match_by: "code".into(),
        measure: Some(MEASURE.into()),
        s_srs: None,
        data_dir: Some(shipped_root()),
        out: PathBuf::from("unused"),
        in_place: false,
        force: false,
        database: Some(target.display()),
        author: "import-test".into(),
        provenance: Some(SOURCE.into()),
    }
}

async fn loaded_store(backend: &str) -> (DatabaseTarget, Store) {
    let target = common::db::fresh(backend).await;
    let paths = DataPaths::under(&shipped_root());
    init(&target, &paths, false, &|_| {}).await.expect("init");
    let store = Store::open(&target).await.expect("open");
    (target, store)
}

async fn locations_of(store: &Store) -> Vec<String> {
    let snap = store.snapshot().await.unwrap();
    let m = snap.plan.measures.iter().find(|m| m.id == MEASURE).unwrap();
    m.locations.iter().map(|l| l.id.clone()).collect()
}

async fn imports_as_one_changeset(backend: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (target, store) = loaded_store(backend).await;
    let before = store.change_counter().await.unwrap();

    // One bad feature (Valmiera is outside the plan territory): nothing is stored,
    // and the error names the file, the feature and the field.
    let bad = sites(dir.path(), "bad.gpkg", &["Ludza", "Valmiera"]);
    let err = run_store_import(&args(&bad, &target), &|_| {})
        .await
        .expect_err("a feature outside the territory is refused");
    let ImportError::Data(errs) = &err else {
        panic!("a data error, not {err}");
    };
    assert_eq!(errs.0.len(), 1, "{err}");
    let e = &errs.0[0];
    assert!(e.file.ends_with("bad.gpkg"), "{err}");
    assert_eq!(
        (e.record.as_str(), e.field.as_str()),
        ("feature #2", "geometry"),
        "{err}"
    );
    assert!(e.message.contains("plan territory"), "{err}");
    assert_eq!(
        store.change_counter().await.unwrap(),
        before,
        "nothing stored"
    );
    let baseline = locations_of(&store).await;
    assert!(!baseline.iter().any(|id| id.starts_with("hr-03/gn-")));

    // Two good features: one changeset, one revision each, by the named author.
    let good = sites(dir.path(), "good.gpkg", &["Ludza", "Balvi"]);
    let done = run_store_import(&args(&good, &target), &|_| {})
        .await
        .expect("import");
    assert_eq!((done.features, done.created, done.replaced), (2, 2, 0));
    assert_eq!(done.counter, Some(before + 1), "one commit");
    assert_eq!(store.change_counter().await.unwrap(), before + 1);
    let now = locations_of(&store).await;
    let new: Vec<&String> = now.iter().filter(|id| !baseline.contains(id)).collect();
    assert_eq!(new.len(), 2, "{new:?}");
    for id in new {
        let h = store.history(Kind::Location, id).await.unwrap();
        assert_eq!(h.len(), 1, "{id}");
        assert_eq!(
            (h[0].op.as_str(), h[0].author.as_str()),
            ("create", "import-test")
        );
        assert_eq!(h[0].changeset_kind, "import");
        assert!(h[0].note.as_deref().unwrap_or("").contains("good.gpkg"));
    }
    let snap = store.snapshot().await.unwrap();
    let m = snap.plan.measures.iter().find(|m| m.id == MEASURE).unwrap();
    let ludza = m
        .locations
        .iter()
        .find(|l| l.name.as_deref() == Some("Ludza"))
        .expect("Ludza imported");
    assert_eq!(ludza.precision, Precision::Exact);
    assert_eq!(ludza.provenance, SOURCE);
    assert!(matches!(ludza.place, Place::Geometry(_)));
    assert_eq!(ludza.municipalities, vec!["LV-058".to_string()]);

    // The same file again: the records exist, so they are replaced (a second
    // revision each), still as one changeset.
    let again = run_store_import(&args(&good, &target), &|_| {})
        .await
        .expect("re-import");
    assert_eq!((again.created, again.replaced), (0, 2));
    assert_eq!(store.change_counter().await.unwrap(), before + 2);
}

#[tokio::test]
async fn import_into_sqlite_is_one_checked_changeset() {
    imports_as_one_changeset("sqlite").await;
}

#[tokio::test]
async fn import_into_postgis_is_one_checked_changeset() {
    imports_as_one_changeset("postgres").await;
}

#[tokio::test]
async fn reimporting_the_shipped_boundaries_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (target, store) = loaded_store("sqlite").await;
    let before = store.change_counter().await.unwrap();
    let gpkg = dir.path().join("units.gpkg");
    let status = Command::new("ogr2ogr")
        .args(["-f", "GPKG", "-t_srs", "EPSG:3059"])
        .arg(&gpkg)
        .arg(shipped_root().join("geodata/municipalities_2021.geojson"))
        .status()
        .expect("ogr2ogr (gdal-bin) must be installed");
    assert!(status.success());
    let mut a = args(&gpkg, &target);
    a.target = ImportTarget::Municipalities;
    a.map = vec![];
    a.measure = None;
    a.provenance = None;
    let done = run_store_import(&a, &|_| {}).await.expect("import");
    assert_eq!(done.features, 43);
    assert_eq!(done.counter, None, "{done}");
    assert_eq!(store.change_counter().await.unwrap(), before);
}
