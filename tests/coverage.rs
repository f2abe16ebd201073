//! Coverage per municipality on the shipped data, and reach on a facility placed on purpose.

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use common::{get, get_json, state};
use geo::{Geometry, Point};
use pierobeza::analysis::coverage::{coverage, CoverageParams, FacilityParams};
use pierobeza::geom::lks92::{from_lks92, to_lks92};
use pierobeza::index::build_catalog;
use pierobeza::load::{load_all, DataPaths};
use pierobeza::model::{Direction, Location, Measure, Place, Plan, Precision, Vintage};
use serde_json::Value;

#[tokio::test]
async fn per_unit_figures_add_up_to_the_plan_totals() {
    for vintage in ["2021", "current"] {
        let v = get_json(&format!("/analysis/coverage?vintage={vintage}")).await;
        let units = v["units"].as_array().unwrap();
        assert_eq!(units.len(), if vintage == "2021" { 43 } else { 42 });
        let sum = |k: &str| {
            units
                .iter()
                .map(|u| u[k].as_f64().unwrap_or(0.0))
                .sum::<f64>()
        };
        let t = &v["totals"];
        // Funding: what is attributed to units plus what the plan leaves unplaced = the pools.
        let pl = &v["plan_level"];
        let attributed = sum("funding_attributed_eur");
        assert!((attributed - pl["funding_attributed_eur"].as_f64().unwrap()).abs() < 0.01);
        let total = pl["funding_total_eur"].as_f64().unwrap();
        assert!(
            (attributed + pl["funding_unattributed_eur"].as_f64().unwrap() - total).abs() < 0.01
        );
        assert!(
            (total - (476_082_274.0 + 156_696_926.0)).abs() < 0.5,
            "{total}"
        );
        // No amount is known per unit: null with the reason, never 0.
        for u in units {
            assert!(u["funding_attributed_eur"].is_null(), "{u}");
            assert!(u["funding_per_inhabitant_eur"].is_null(), "{u}");
            assert!(u["funding_unknown_reason"]
                .as_str()
                .is_some_and(|r| r.contains("per pool")));
        }
        assert!(t["plan_territory"]["funding_attributed_eur"].is_null());
        // Groups: plan territory + rest of Latvia = Latvia.
        for k in ["population", "area_km2"] {
            let (a, b, c) = (
                t["plan_territory"][k].as_f64().unwrap(),
                t["rest_of_latvia"][k].as_f64().unwrap(),
                t["latvia"][k].as_f64().unwrap(),
            );
            assert!(
                (a + b - c).abs() < 0.01 * c.max(1.0),
                "{k}: {a} + {b} != {c}"
            );
            assert!(
                (sum(k) - c).abs() < 0.01 * c.max(1.0),
                "{k}: units {} != {c}",
                sum(k)
            );
        }
        if vintage == "2021" {
            assert_eq!(t["plan_territory"]["units"], 11);
            assert_eq!(t["rest_of_latvia"]["units"], 32);
        }
        // Measures by direction never exceed the unit's total.
        for u in units {
            let by = u["measures_by_direction"].as_object().unwrap();
            let s: u64 = by.values().map(|x| x.as_u64().unwrap()).sum();
            assert!(s >= u["measures_total"].as_u64().unwrap());
        }
        // Every measure location is counted in at least one unit or as region-wide.
        let st = state().view();
        let features: usize = st
            .catalog
            .layers
            .iter()
            .filter(|l| l.group == pierobeza::index::LayerGroup::Measures)
            .flat_map(|l| &l.features)
            .filter(|f| {
                f.properties().get("site_status").and_then(Value::as_str) != Some("candidate")
            })
            .count();
        let counted = sum("locations_total") as usize
            + pl["region_wide_locations"].as_u64().unwrap() as usize;
        assert!(features > 0);
        assert!(
            counted >= features,
            "{counted} counted < {features} locations"
        );
    }
}

#[tokio::test]
async fn plan_units_get_the_plan_measures() {
    let v = get_json("/analysis/coverage?municipality=LV-058").await;
    let u = &v["units"][0];
    assert_eq!(u["code"], "LV-058");
    assert_eq!(u["eastern_border_area"], true);
    // Ludza is one of the 11 candidate towns named in the news, not a confirmed site of the
    // plan's 7 centres: the measure does not land in Ludza, and its sites are unknown.
    assert!(
        u["measures_by_kind"]
            .get("disaster_management_centres")
            .is_none(),
        "{u}"
    );
    assert!(v["plan_level"]["unlocated_measures"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m == "sec-01"));
    // Rīga is not in the plan territory and gets no located security measure there.
    let v = get_json("/analysis/coverage?municipality=LV-RIX").await;
    assert_eq!(v["units"][0]["eastern_border_area"], false);
}

#[tokio::test]
async fn coverage_comes_as_geojson_and_csv() {
    let (status, ct, body) =
        get("/analysis/coverage?format=geojson&layer=settlements&radius_m=25000").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ct, "application/geo+json");
    let v: Value = serde_json::from_str(&body).unwrap();
    let feats = v["features"].as_array().unwrap();
    assert_eq!(feats.len(), 43);
    for f in feats {
        assert_eq!(f["geometry"]["type"], "MultiPolygon");
        let s = f["properties"]["area_share"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s));
        // Every settlement is a facility of itself: all settlement population is covered.
        assert_eq!(
            f["properties"]["settlement_population"],
            f["properties"]["settlement_population_covered"]
        );
    }
    // The figures alone, as the map asks for them: the same properties, no shapes.
    let bare = get_json(
        "/analysis/coverage?format=geojson&layer=settlements&radius_m=25000&skipGeometry=true",
    )
    .await;
    for (a, b) in feats.iter().zip(bare["features"].as_array().unwrap()) {
        assert!(b["geometry"].is_null());
        assert_eq!((&a["id"], &a["properties"]), (&b["id"], &b["properties"]));
    }
    common::expect_400("/analysis/coverage?skipGeometry=yes", "skipGeometry").await;
    let (status, ct, body) = get("/analysis/coverage?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ct.starts_with("text/csv"));
    let mut rdr = csv::Reader::from_reader(body.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "code");
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 43 + 3);
    assert!(rows.iter().any(|r| &r[0] == "PLAN_TERRITORY"));
}

/// A plan of one measure of `kind` with one exactly known location.
fn one_location_plan(kind: &str, geometry: Geometry<f64>) -> Plan {
    let m = Measure {
        id: format!("test-{kind}"),
        direction: Direction::Security,
        kind: kind.into(),
        title_lv: "Tests".into(),
        title_en: "Test".into(),
        institution: None,
        funding: None,
        status: "planned".into(),
        indicators: vec![],
        locations: vec![Location {
            id: format!("test-{kind}/site"),
            name: Some("site".into()),
            place: Place::Geometry(geometry),
            precision: Precision::Exact,
            provenance: "test".into(),
            municipalities: vec![],
            site_status: None,
            note: None,
        }],
        sites_not_public: false,
        source: "test".into(),
        notes: None,
    };
    Plan {
        measures: vec![m],
        funding_pools: vec![],
        statements: vec![],
        progress: Default::default(),
    }
}

/// A plan with one facility placed `offset_m` east of a settlement.
fn plan_with_facility_near(name: &str, offset_m: f64) -> (pierobeza::index::Catalog, String) {
    let (g, _) = load_all(&DataPaths::current_dir()).unwrap();
    let s = g
        .settlements
        .iter()
        .find(|s| s.name == name)
        .unwrap()
        .clone();
    let (x, y) = to_lks92(s.point.x(), s.point.y());
    let (lon, lat) = from_lks92(x + offset_m, y);
    let plan = one_location_plan("test_facilities", Geometry::Point(Point::new(lon, lat)));
    (build_catalog(g, plan), s.municipality_2021)
}

#[test]
fn a_settlement_10_km_away_is_covered_at_15_km_not_at_5() {
    let (cat, unit) = plan_with_facility_near("Ludza", 10_000.0);
    let run = |r: f64| {
        coverage(
            &cat,
            &CoverageParams {
                vintage: Vintage::V2021,
                municipality: Some(unit.clone()),
                facility: Some(FacilityParams {
                    layer: "test_facilities_points".into(),
                    radius_m: r,
                }),
            },
        )
        .unwrap()
    };
    let near = run(15_000.0);
    let f = near.units[0].facility.as_ref().unwrap();
    assert!(
        !f.settlements_beyond.iter().any(|s| s.name == "Ludza"),
        "{:?}",
        f.settlements_beyond
    );
    assert!(f.area_share > 0.0 && f.area_share < 1.0);
    let far = run(5_000.0);
    let f5 = far.units[0].facility.as_ref().unwrap();
    let ludza = f5
        .settlements_beyond
        .iter()
        .find(|s| s.name == "Ludza")
        .expect("Ludza beyond 5 km");
    assert!(
        (ludza.distance_m - 10_000.0).abs() < 20.0,
        "{}",
        ludza.distance_m
    );
    assert!(f5.area_share < f.area_share);
    assert!(f5.settlement_population_covered < f.settlement_population_covered);
    // Area within 5 km of one point: about pi * 25 km², if the disc lies inside the unit.
    let covered = f5.area_covered_km2;
    let disc = std::f64::consts::PI * 25.0;
    assert!(
        (covered - disc).abs() / disc < 0.15,
        "{covered} km² vs {disc}"
    );
}

#[test]
fn the_current_vintage_has_42_units_and_no_varaklani() {
    let st = state().view();
    let c = coverage(
        &st.catalog,
        &CoverageParams {
            vintage: Vintage::Current,
            municipality: None,
            facility: None,
        },
    )
    .unwrap();
    assert_eq!(c.units.len(), 42);
    assert!(c.units.iter().all(|u| u.code != "LV-102"));
    let _ = Arc::strong_count(&st.catalog);
}

#[test]
fn the_beyond_list_is_capped_but_counted() {
    // Reach of the settlements layer from a single far facility: nearly every
    // settlement is beyond 5 km, more than the list shows in Rīga's neighbours.
    let (cat, _) = plan_with_facility_near("Zilupe", 0.0);
    let c = coverage(
        &cat,
        &CoverageParams {
            vintage: Vintage::V2021,
            municipality: None,
            facility: Some(FacilityParams {
                layer: "test_facilities_points".into(),
                radius_m: 5_000.0,
            }),
        },
    )
    .unwrap();
    let total_settlements: usize = c
        .units
        .iter()
        .map(|u| u.facility.as_ref().unwrap().settlements)
        .sum();
    let beyond: usize = c
        .units
        .iter()
        .map(|u| u.facility.as_ref().unwrap().settlements_beyond_count)
        .sum();
    // Settlements with a figure of their own (a city's neighbourhoods, villages without a
    // figure and towns CSB counts within their parish are in the rural remainder).
    let own_figure = cat
        .geodata
        .settlements
        .iter()
        .filter(|s| s.population.is_some() && s.part_of.is_none())
        .count();
    assert!((100..147).contains(&own_figure), "{own_figure}");
    assert_eq!(total_settlements, own_figure);
    assert!(beyond >= own_figure - 2, "{beyond}");
    for u in &c.units {
        let f = u.facility.as_ref().unwrap();
        assert!(f.settlements_beyond.len() <= pierobeza::analysis::coverage::BEYOND_LISTED);
        assert_eq!(
            f.settlements_beyond.len(),
            f.settlements_beyond_count
                .min(pierobeza::analysis::coverage::BEYOND_LISTED)
        );
        assert!(f
            .settlements_beyond
            .windows(2)
            .all(|w| w[0].population >= w[1].population));
    }
}

#[test]
fn line_locations_are_clipped_to_units_and_add_up_to_their_length() {
    let (g, _) = load_all(&DataPaths::current_dir()).unwrap();
    let town = |n: &str| g.settlements.iter().find(|s| s.name == n).unwrap().point;
    let (a, b) = (town("Ludza"), town("Daugavpils"));
    let line = geo::LineString::from(vec![(a.x(), a.y()), (b.x(), b.y())]);
    let cat = build_catalog(
        g,
        one_location_plan("test_roads", Geometry::LineString(line.clone())),
    );
    let c = coverage(
        &cat,
        &CoverageParams {
            vintage: Vintage::V2021,
            municipality: None,
            facility: None,
        },
    )
    .unwrap();
    let per_unit: Vec<(&str, f64)> = c
        .units
        .iter()
        .filter_map(|u| {
            u.line_km_by_kind
                .get("test_roads")
                .map(|km| (u.code.as_str(), *km))
        })
        .collect();
    let total: f64 = per_unit.iter().map(|(_, km)| km).sum();
    let (x1, y1) = to_lks92(a.x(), a.y());
    let (x2, y2) = to_lks92(b.x(), b.y());
    let length_km = (x2 - x1).hypot(y2 - y1) / 1000.0;
    assert!(
        (total - length_km).abs() < 0.01 * length_km,
        "{per_unit:?}: {total} vs {length_km}"
    );
    // From Ludza (Ludzas novads) into Daugavpils city, through at least one unit between.
    let codes: Vec<&str> = per_unit.iter().map(|(c, _)| *c).collect();
    assert!(
        codes.contains(&"LV-058") && codes.contains(&"LV-DGV") && codes.len() >= 3,
        "{codes:?}"
    );
    assert!(
        (c.totals["plan_territory"].line_km.unwrap() - total).abs() < 0.01,
        "the line lies in the plan territory"
    );
    // With a line recorded, a unit it does not cross has 0 km, a known figure.
    let riga = c.units.iter().find(|u| u.code == "LV-RIX").unwrap();
    assert_eq!(riga.line_km, Some(0.0));
}

#[tokio::test]
async fn unknown_lengths_are_null_not_zero() {
    // The shipped plan has no road geometry yet: line km is unknown everywhere.
    let v = get_json("/analysis/coverage").await;
    for u in v["units"].as_array().unwrap() {
        assert!(u["line_km"].is_null(), "{}", u["code"]);
        assert!(u["area_m2"].is_null(), "{}", u["code"]);
    }
    assert!(v["totals"]["latvia"]["line_km"].is_null());
    let (_, _, csv) = get("/analysis/coverage?format=csv").await;
    assert!(
        !csv.contains(",-0,") && !csv.contains(",-0.0"),
        "no negative zero"
    );
}

#[test]
fn settlements_follow_the_boundaries_loaded_not_the_tags_in_the_file() {
    // On the shipped data the computed units equal the file's tags.
    let st = state().view();
    let served = st.catalog.layer("settlements").unwrap();
    for (f, s) in served.features.iter().zip(&st.catalog.geodata.settlements) {
        assert_eq!(
            f.properties()["municipality_2021"],
            s.municipality_2021.as_str(),
            "{}",
            s.name
        );
        assert_eq!(
            f.properties()["municipality_current"],
            s.municipality_current.as_str(),
            "{}",
            s.name
        );
    }
    // Swap two units' boundaries (as an import of other boundaries would change
    // them): Ludza town is now tagged with the code that holds its polygon.
    let (mut g, plan) = load_all(&DataPaths::current_dir()).unwrap();
    let units = g.municipalities.get_mut(&Vintage::V2021).unwrap();
    let a = units.iter().position(|m| m.code == "LV-058").unwrap();
    let b = units.iter().position(|m| m.code == "LV-077").unwrap();
    let ga = units[a].geometry.clone();
    units[a].geometry = units[b].geometry.clone();
    units[b].geometry = ga;
    let cat = build_catalog(g, plan);
    let ludza = cat
        .layer("settlements")
        .unwrap()
        .features
        .iter()
        .find(|f| f.properties()["name"] == "Ludza")
        .unwrap();
    assert_eq!(ludza.properties()["municipality_2021"], "LV-077");
    let c = coverage(
        &cat,
        &CoverageParams {
            vintage: Vintage::V2021,
            municipality: Some("LV-077".into()),
            facility: Some(FacilityParams {
                layer: "settlements".into(),
                radius_m: 1.0,
            }),
        },
    )
    .unwrap();
    let f = c.units[0].facility.as_ref().unwrap();
    assert!(
        f.settlement_population >= 7_000,
        "Ludza's people count in the unit that now holds it: {}",
        f.settlement_population
    );
}

#[tokio::test]
async fn both_vintages_agree_on_the_plan_territory() {
    let mut seen = Vec::new();
    for vintage in ["2021", "current"] {
        let v = get_json(&format!(
            "/analysis/coverage?vintage={vintage}&layer=disaster_management_centres_candidates_points&radius_m=25000"
        ))
        .await;
        let t = &v["totals"];
        seen.push((
            t["plan_territory"]["population"].as_u64().unwrap(),
            t["plan_territory"]["area_km2"].as_f64().unwrap(),
            t["plan_territory"]["population_covered"].as_u64().unwrap(),
            t["latvia"]["population"].as_u64().unwrap(),
        ));
        if vintage == "current" {
            let madona = v["units"]
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["code"] == "LV-059")
                .unwrap();
            assert_eq!(madona["plan_population"], 2774, "{madona}");
        }
    }
    assert_eq!(seen[0], seen[1], "2021 vs current");
    // The plan territory is the 11 units of 2021; Latvia's total is CSB's for 2026-01-01.
    assert_eq!(seen[0].3, 1_845_096);
    assert!((seen[0].1 - 16_558.0).abs() < 5.0, "{}", seen[0].1);
}

#[test]
fn every_unit_is_its_settlements_plus_a_rural_remainder() {
    let st = state().view();
    for vintage in Vintage::ALL {
        let units = st.catalog.geodata.units(vintage);
        let model = st.catalog.population(vintage).unwrap();
        assert_eq!(model.units.len(), units.len());
        let mut latvia = 0;
        for (m, u) in model.units.iter().zip(units) {
            let official = u
                .population
                .unwrap_or_else(|| panic!("{} has no population", u.code));
            assert_eq!(m.official, Some(official), "{}", u.code);
            assert_eq!(m.overcount, 0, "{}: settlements exceed the unit", u.code);
            assert_eq!(
                m.settlement_total + m.rural.unwrap(),
                official,
                "{}",
                u.code
            );
            assert!(!m.cells.is_empty(), "{}", u.code);
            latvia += official;
        }
        assert_eq!(latvia, 1_845_096, "{vintage:?}");
    }
    // The audit's example: Kārsava is CSB's ~1,800, not GeoNames' 5,127.
    let karsava = st
        .catalog
        .geodata
        .settlements
        .iter()
        .find(|s| s.name == "Kārsava")
        .unwrap();
    assert_eq!(karsava.population, Some(1_799));
}

/// A facility in open country (no settlement with a figure within 5 km) in Rēzeknes novads.
fn rural_facility_catalog(lon: f64, lat: f64) -> pierobeza::index::Catalog {
    let (g, _) = load_all(&DataPaths::current_dir()).unwrap();
    let plan = one_location_plan("test_facilities", Geometry::Point(Point::new(lon, lat)));
    build_catalog(g, plan)
}

#[test]
fn a_facility_in_open_country_covers_rural_people() {
    let reach = |lon: f64, lat: f64| {
        let cat = rural_facility_catalog(lon, lat);
        let c = coverage(
            &cat,
            &CoverageParams {
                vintage: Vintage::V2021,
                municipality: Some("LV-077".into()),
                facility: Some(FacilityParams {
                    layer: "test_facilities_points".into(),
                    radius_m: 5_000.0,
                }),
            },
        )
        .unwrap();
        c.units[0].facility.clone().unwrap()
    };
    // South-east of Rēzekne, 22 km from the nearest town.
    let here = reach(27.60, 56.35);
    assert_eq!(here.settlement_population_covered, 0, "{here:?}");
    let rural = here.rural_population_covered.unwrap();
    assert!(rural > 0, "{here:?}");
    assert!(here.population_share.unwrap() > 0.0);
    // Its share of the remainder is its share of the unit's area.
    let expected = here.rural_population.unwrap() as f64 * here.area_share;
    assert!((rural as f64 - expected).abs() <= 1.0);
    // Moved 28 km west, still in open country of the same unit: covers other people.
    let moved = reach(27.15, 56.30);
    assert!(moved.rural_population_covered.unwrap() > 0);
    assert_ne!(moved.population_covered, here.population_covered);
    // Moved out of the unit (into Russia, 40 km beyond the border): covers nobody here.
    let away = reach(29.2, 56.9);
    assert_eq!(away.population_covered, Some(0));
}

#[test]
fn a_region_named_by_its_units_is_their_union_not_the_plan_territory() {
    let st = state().view();
    let bases = st.catalog.layer("military_bases_areas").unwrap();
    let Geometry::MultiPolygon(mp) = &bases.features[0].geometry else {
        panic!("military bases are served as the units' polygons");
    };
    let area = pierobeza::geom::area::area_km2(mp);
    let plan = pierobeza::geom::area::area_km2(&st.catalog.geodata.plan_territory);
    let aluksne = st
        .catalog
        .geodata
        .unit(Vintage::V2021, "LV-007")
        .unwrap()
        .area_km2;
    // The Latgale region: the plan territory less Alūksnes novads.
    assert!(
        (plan - aluksne - area).abs() < 5.0,
        "{area} vs {plan} - {aluksne}"
    );
}

/// The view keeps each report (src/api/coverage_cache.rs): a repeated request is the
/// same answer as the first and as a fresh computation, for either vintage, with and
/// without a facility layer, and for one municipality picked out of the kept report.
#[tokio::test]
async fn a_repeated_request_is_read_from_the_view_and_equals_a_fresh_computation() {
    let view = state().view();
    let facility = |radius_m: f64| {
        Some(FacilityParams {
            layer: "settlements".into(),
            radius_m,
        })
    };
    let cases = [
        (
            "vintage=current&layer=settlements&radius_m=25000",
            Vintage::Current,
            None,
            facility(25_000.0),
        ),
        (
            "layer=settlements&radius_m=25000.0&municipality=LV-058",
            Vintage::V2021,
            Some("LV-058"),
            facility(25_000.0),
        ),
        (
            "layer=settlements&radius_m=25000",
            Vintage::V2021,
            None,
            facility(25_000.0),
        ),
        (
            "vintage=2021&municipality=LV-RIX",
            Vintage::V2021,
            Some("LV-RIX"),
            None,
        ),
    ];
    for (query, vintage, municipality, facility) in cases {
        let path = format!("/analysis/coverage?{query}");
        let first = get_json(&path).await;
        let again = get_json(&path).await;
        let params = CoverageParams {
            vintage,
            municipality: municipality.map(str::to_string),
            facility,
        };
        let fresh = serde_json::to_value(coverage(&view.catalog, &params).unwrap()).unwrap();
        assert_eq!(first, fresh, "{query}");
        assert_eq!(again, fresh, "{query}");
        // Read from memory: the same report, not an equal one computed again.
        let all = CoverageParams {
            municipality: None,
            ..params
        };
        let a = view.coverage.report(&view.catalog, &all).unwrap();
        let b = view.coverage.report(&view.catalog, &all).unwrap();
        assert!(Arc::ptr_eq(&a, &b), "{query}");
    }
    assert!(view.coverage.len() >= 3);
}
