//! `pierobeza generate`: synthetic locations survive the store and the catalog build,
//! land in the expected collections, and the same seed gives the same data.

use pierobeza::index::build_catalog;
use pierobeza::load::DataPaths;
use pierobeza::store::generate::generate;
use pierobeza::store::{DatabaseTarget, Store};

fn fresh() -> DatabaseTarget {
    let dir = tempfile::tempdir().expect("temp dir").keep();
    DatabaseTarget::Sqlite(dir.join("generate.sqlite3"))
}

/// (collection, feature count, first feature's id and geometry as WKT-ish debug text).
async fn collections(target: &DatabaseTarget) -> Vec<(String, usize, String)> {
    let store = Store::open(target).await.expect("open");
    let s = store.snapshot().await.expect("snapshot");
    let cat = build_catalog(s.geodata, s.plan);
    ["synthetic_points", "synthetic_lines", "synthetic_areas"]
        .iter()
        .map(|id| {
            let l = cat.layer(id).unwrap_or_else(|| panic!("no layer {id}"));
            let first = l
                .features
                .first()
                .map(|f| {
                    format!(
                        "{} {:?} {:?}",
                        f.id,
                        f.geometry,
                        f.properties().get("municipalities")
                    )
                })
                .unwrap_or_default();
            (id.to_string(), l.features.len(), first)
        })
        .collect()
}

#[tokio::test]
async fn generated_locations_reach_the_catalog_and_repeat_with_the_seed() {
    let paths = DataPaths::current_dir();
    let quiet = |_: &str| {};
    let a = fresh();
    let g = generate(&a, &paths, 1000, 42, &quiet)
        .await
        .expect("generate");
    assert_eq!(
        (g.points, g.lines, g.areas, g.records),
        (800, 100, 100, 1003)
    );
    let got = collections(&a).await;
    let counts: Vec<usize> = got.iter().map(|c| c.1).collect();
    assert_eq!(counts, [800, 100, 100]);
    assert!(
        got[0].2.starts_with("synthetic-points-0000001 POINT("),
        "{}",
        got[0].2
    );
    assert!(got[0].2.contains("LV-"), "a unit code: {}", got[0].2);

    // Generating again into the same store is refused, and nothing is written.
    let again = generate(&a, &paths, 10, 42, &quiet).await;
    assert!(again
        .unwrap_err()
        .to_string()
        .contains("synthetic measures already"));

    let b = fresh();
    generate(&b, &paths, 1000, 42, &quiet)
        .await
        .expect("generate");
    assert_eq!(collections(&b).await, got, "same seed, same data");

    let c = fresh();
    generate(&c, &paths, 1000, 43, &quiet)
        .await
        .expect("generate");
    assert_ne!(
        collections(&c).await[0].2,
        got[0].2,
        "another seed, other data"
    );

    for bad in [0, pierobeza::store::generate::MAX_LOCATIONS + 1] {
        let e = generate(&fresh(), &paths, bad, 1, &quiet)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("--locations"), "{e}");
    }
}
