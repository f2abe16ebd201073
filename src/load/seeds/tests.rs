//! Location resolution against a small hand-made geodata.

use std::collections::BTreeMap;
use std::path::Path;

use geo::{polygon, MultiPolygon, Point};

use super::raw::RawLocation;
use super::resolve::{resolve, Ctx};
use crate::load::DataError;
use crate::model::{
    Geodata, Location, Municipality, Place, Precision, Settlement, UnitKind, Vintage,
};

/// A unit covering [lon0, lon0 + 1) × [56, 57).
fn unit(code: &str, lon0: f64) -> Municipality {
    Municipality {
        code: code.into(),
        name_lv: code.into(),
        name_en: code.into(),
        kind: UnitKind::Novads,
        planning_region: "Latgale".into(),
        vintage: Vintage::V2021,
        valid_from: "2021-07-01".into(),
        valid_to: Some("2025-06-30".into()),
        population: None,
        population_year: None,
        population_date: None,
        population_source: None,
        area_km2: 0.0,
        official_area_km2: None,
        eastern_border_area: code != "LV-050",
        plan_share: None,
        plan_part: None,
        provenance: None,
        note: None,
        geometry: MultiPolygon::new(vec![polygon![
            (x: lon0, y: 56.0), (x: lon0 + 1.0, y: 56.0), (x: lon0 + 1.0, y: 57.0), (x: lon0, y: 57.0)
        ]]),
    }
}

fn settlement(name: &str, lon: f64, unit: &str, population: u64) -> Settlement {
    Settlement {
        geonameid: population,
        name: name.into(),
        population: Some(population),
        population_basis: "csb_town".into(),
        population_note: None,
        part_of: None,
        point: Point::new(lon, 56.5),
        municipality_2021: unit.into(),
        municipality_current: unit.into(),
        provenance: "test".into(),
        assigned_by: None,
    }
}

/// LV-058 (lon 27–28) is in the plan territory; LV-050 (lon 21–22) is not.
fn geodata() -> Geodata {
    let mut municipalities = BTreeMap::new();
    municipalities.insert(
        Vintage::V2021,
        vec![unit("LV-058", 27.0), unit("LV-050", 21.0)],
    );
    Geodata {
        municipalities,
        settlements: vec![
            settlement("Ludza", 27.7, "LV-058", 7000),
            settlement("Kalna", 21.5, "LV-050", 900),
            settlement("Kalna", 27.2, "LV-058", 100),
        ],
        ..Geodata::default()
    }
}

fn territory() -> Vec<String> {
    vec!["LV-058".into()]
}

fn run(g: &Geodata, sites_not_public: bool, toml_text: &str) -> Result<Location, Vec<DataError>> {
    let raw: RawLocation = toml::from_str(toml_text).expect("test location");
    let territory = territory();
    let dir = std::env::temp_dir();
    let ctx = Ctx {
        geodata: g,
        territory: &territory,
        seeds_dir: &dir,
        file: Path::new("m.toml"),
        measure_id: "m-01",
        sites_not_public,
    };
    resolve(&ctx, 0, &raw)
}

fn fields(r: Result<Location, Vec<DataError>>) -> Vec<String> {
    r.expect_err("should fail")
        .into_iter()
        .map(|e| e.field)
        .collect()
}

#[test]
fn settlement_resolves_to_its_geodata_point_and_unit() {
    let l = run(
        &geodata(),
        false,
        r#"id = "t"
kind = "settlement"
name = "Ludza"
precision = "settlement"
provenance = "src""#,
    )
    .unwrap();
    assert_eq!(l.id, "m-01/t");
    assert_eq!(l.municipalities, vec!["LV-058"]);
    assert!(matches!(l.place, Place::Settlement { point, .. } if point == Point::new(27.7, 56.5)));
    assert!(l.provenance.contains("geodata settlements"));
}

#[test]
fn same_name_prefers_the_plan_territory_over_population() {
    let l = run(
        &geodata(),
        false,
        "id = 't'\nkind = 'settlement'\nname = 'kalna'\nprecision = 'settlement'\nprovenance = 's'",
    )
    .unwrap();
    assert_eq!(l.municipalities, vec!["LV-058"]);
}

#[test]
fn unknown_settlement_without_cited_coordinates_fails() {
    let f = fields(run(
        &geodata(),
        false,
        "id = 't'\nkind = 'settlement'\nname = 'Atlantīda'\nprecision = 'settlement'\nprovenance = 's'",
    ));
    assert_eq!(f, vec!["locations[0].name"]);
}

#[test]
fn cited_coordinates_stand_in_for_a_missing_settlement() {
    let l = run(
        &Geodata::default(),
        false,
        "id = 't'\nkind = 'settlement'\nname = 'Ludza'\nlon = 27.7\nlat = 56.5\ncoords_source = 'places.csv'\nprecision = 'settlement'\nprovenance = 's'",
    )
    .unwrap();
    assert!(l.provenance.ends_with("point: places.csv"));
}

#[test]
fn unit_codes_are_checked_against_geodata_and_the_territory() {
    let f = fields(run(
        &geodata(),
        false,
        "id = 't'\nkind = 'municipalities'\ncodes = ['LV-058', 'LV-999', 'LV-050']\nprecision = 'municipality'\nprovenance = 's'",
    ));
    // LV-999 does not exist; LV-050 exists but lies outside the plan territory.
    assert_eq!(f, vec!["locations[0].codes[1]", "locations[0].kind"]);
}

#[test]
fn a_point_outside_latvia_or_the_territory_fails() {
    let swapped = fields(run(
        &geodata(),
        false,
        "id = 't'\nkind = 'point'\nlon = 56.5\nlat = 27.7\nprecision = 'exact'\nprovenance = 'https://example.org/s'",
    ));
    assert!(swapped.contains(&"locations[0].lon".to_string()));
    assert!(swapped.contains(&"locations[0].lat".to_string()));
    let outside = fields(run(
        &geodata(),
        false,
        "id = 't'\nkind = 'point'\nlon = 21.5\nlat = 56.5\nprecision = 'exact'\nprovenance = 'https://x'",
    ));
    assert_eq!(outside, vec!["locations[0].kind"]);
}

#[test]
fn hidden_sites_stay_coarse() {
    let f = fields(run(
        &geodata(),
        true,
        "id = 't'\nkind = 'settlement'\nname = 'Ludza'\nprecision = 'settlement'\nprovenance = 's'",
    ));
    assert_eq!(f, vec!["locations[0].precision", "locations[0].kind"]);
    let ok = run(
        &geodata(),
        true,
        "id = 't'\nkind = 'plan_territory'\nprecision = 'region'\nprovenance = 's'",
    )
    .unwrap();
    assert_eq!(ok.precision, Precision::Region);
    assert_eq!(ok.municipalities, territory());
}

#[test]
fn geojson_geometry_is_read_from_seeds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("line.geojson"),
        r#"{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[27.1,56.4],[27.6,56.6]]}}"#,
    )
    .unwrap();
    let raw: RawLocation = toml::from_str(
        "id = 'road'\nkind = 'geojson'\nfile = 'line.geojson'\nprecision = 'exact'\nprovenance = 'https://example.org/s'",
    )
    .unwrap();
    let g = geodata();
    let territory = territory();
    let ctx = Ctx {
        geodata: &g,
        territory: &territory,
        seeds_dir: dir.path(),
        file: Path::new("m.toml"),
        measure_id: "m-01",
        sites_not_public: false,
    };
    let l = resolve(&ctx, 0, &raw).unwrap();
    assert!(matches!(
        l.place,
        Place::Geometry(geo::Geometry::LineString(_))
    ));
    assert_eq!(l.municipalities, vec!["LV-058"]);
}

#[test]
fn an_exact_point_needs_a_cited_coordinate() {
    let f = fields(run(
        &geodata(),
        false,
        "id = 't'\nkind = 'point'\nlon = 27.5\nlat = 56.5\nprecision = 'exact'\nprovenance = 'plan-summary: x'",
    ));
    assert_eq!(f, vec!["locations[0].precision"]);
    let ok = run(
        &geodata(),
        false,
        "id = 't'\nkind = 'point'\nlon = 27.5\nlat = 56.5\nprecision = 'exact'\nprovenance = 'https://example.org/x'",
    );
    assert!(ok.is_ok());
}
