//! The API against the real router and the shipped data.

mod common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::openapi::parameters;
use common::{expect_400, get, get_json, state};
use serde_json::Value;

#[tokio::test]
async fn landing_page_links_the_api_documents() {
    let v = get_json("/").await;
    let links = v["links"].as_array().unwrap();
    let rel = |r: &str| {
        links
            .iter()
            .find(|l| l["rel"] == r)
            .unwrap_or_else(|| panic!("no {r} link"))
    };
    assert_eq!(
        rel("service-desc")["type"],
        "application/vnd.oai.openapi+json;version=3.0"
    );
    assert!(rel("service-desc")["href"]
        .as_str()
        .unwrap()
        .ends_with("/api"));
    for r in ["service-doc", "conformance", "data", "self"] {
        rel(r);
    }
    let c = get_json("/conformance").await;
    let classes: Vec<&str> = c["conformsTo"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(classes.contains(&"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"));
    assert!(classes.contains(&"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"));
    for part3 in ["queryables", "queryables-query-parameters"] {
        let uri = format!("http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/{part3}");
        assert!(classes.contains(&uri.as_str()), "{uri}");
    }
}

#[tokio::test]
async fn openapi_declares_limit_and_every_property_filter() {
    let (status, ct, body) = get("/api").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ct, "application/vnd.oai.openapi+json;version=3.0");
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.0"));
    // One templated items path: GDAL reads a layer's server-side filters from it
    // (when there is no `/collections/<id>/items`), keeping those naming a field.
    let params = parameters(&doc, "/collections/{collectionId}/items", "get");
    let limit = params.iter().find(|p| p["name"] == "limit").unwrap();
    assert_eq!(limit["schema"]["default"], 100);
    assert_eq!(limit["schema"]["maximum"], 10000);
    let ids = &doc["components"]["schemas"]["CollectionId"]["enum"];
    let st = state();
    for l in &st.view().catalog.layers {
        assert!(
            ids.as_array()
                .unwrap()
                .contains(&Value::from(l.id.as_str())),
            "{} not a collectionId",
            l.id
        );
        for (name, _) in &l.schema {
            let p = params
                .iter()
                .find(|p| p["name"] == name.as_str())
                .unwrap_or_else(|| panic!("{}: {name} not declared", l.id));
            // The form GDAL and QGIS take a property filter in.
            assert_eq!(
                (&p["in"], &p["style"], &p["explode"]),
                (&"query".into(), &"form".into(), &false.into())
            );
        }
    }
    // OGC API – Features Parts 2 and 3, on the items and the item.
    for name in ["crs", "bbox-crs", "filter", "filter-lang", "filter-crs"] {
        assert!(params.iter().any(|p| p["name"] == name), "items: {name}");
    }
    let lang = params.iter().find(|p| p["name"] == "filter-lang").unwrap();
    assert_eq!(
        lang["schema"]["enum"],
        serde_json::json!(["cql2-text", "cql2-json"])
    );
    let one = parameters(&doc, "/collections/{collectionId}/items/{featureId}", "get");
    assert!(one.iter().any(|p| p["name"] == "crs"));
    for r in ["Features", "Feature"] {
        assert!(
            doc["components"]["responses"][r]["headers"]["Content-Crs"].is_object(),
            "{r}"
        );
    }
}

/// QGIS fetches /api for every layer it adds: the document stays within 60 kB on
/// the shipped data (issue #15). 617 kB when each collection repeated its
/// parameters and responses; 336 kB with them shared through `components` but a
/// path set per collection; 53 kB with one templated path set (the ids an enum).
#[tokio::test]
async fn openapi_shares_through_components_and_every_ref_resolves() {
    let (_, _, body) = get("/api").await;
    assert!(body.len() <= 60_000, "/api is {} bytes", body.len());
    let doc: Value = serde_json::from_str(&body).unwrap();
    // No path per collection: the collections share the templated ones.
    for path in doc["paths"].as_object().unwrap().keys() {
        if let Some(rest) = path.strip_prefix("/collections/") {
            assert!(rest.starts_with("{collectionId}"), "{path}");
        }
    }
    let mut refs = Vec::new();
    common::openapi::refs(&doc, &mut refs);
    assert!(refs.len() > 100, "{} refs", refs.len());
    for r in refs {
        let pointer = r.strip_prefix("#/components/");
        let target = pointer.and_then(|p| doc["components"].pointer(&format!("/{p}")));
        assert!(target.is_some_and(Value::is_object), "{r} does not resolve");
    }
    // QGIS reads the page size's default and maximum from this very key.
    assert_eq!(
        doc["components"]["parameters"]["limit"]["schema"]["maximum"],
        10000
    );
}

#[tokio::test]
async fn collections_have_ids_without_dots_and_an_extent() {
    let v = get_json("/collections").await;
    let cols = v["collections"].as_array().unwrap();
    let ids: BTreeSet<&str> = cols.iter().map(|c| c["id"].as_str().unwrap()).collect();
    for want in [
        "municipalities_2021",
        "municipalities_current",
        "plan_territory",
        "border",
        "settlements",
        "border_crossings",
    ] {
        assert!(ids.contains(want), "missing collection {want}");
    }
    assert!(
        ids.iter()
            .any(|i| i.starts_with("disaster_management_centres")),
        "{ids:?}"
    );
    for c in cols {
        let id = c["id"].as_str().unwrap();
        assert!(!id.contains('.'), "{id}");
        let bbox = c["extent"]["spatial"]["bbox"][0].as_array().unwrap();
        assert_eq!(bbox.len(), 4);
        let (minx, maxx) = (bbox[0].as_f64().unwrap(), bbox[2].as_f64().unwrap());
        assert!(
            (20.0..=29.0).contains(&minx) && minx <= maxx,
            "{id}: {bbox:?}"
        );
        let one = get_json(&format!("/collections/{id}")).await;
        assert_eq!(one["id"], id);
        // The map is bilingual: every layer has a Latvian title too.
        assert!(
            c["title_lv"].as_str().is_some_and(|t| !t.is_empty()),
            "{id} has no title_lv"
        );
    }
    let muni = cols
        .iter()
        .find(|c| c["id"] == "municipalities_2021")
        .unwrap();
    assert_eq!(muni["feature_count"], 43);
    let cur = cols
        .iter()
        .find(|c| c["id"] == "municipalities_current")
        .unwrap();
    assert_eq!(cur["feature_count"], 42);
}

/// Follows `next` links from the first page and returns every feature id seen.
async fn walk(first: &str) -> (Vec<String>, u64) {
    let mut ids = Vec::new();
    let mut url = first.to_string();
    let mut matched = None;
    for _ in 0..10_000 {
        let (status, ct, body) = get(&url).await;
        assert_eq!(status, StatusCode::OK, "{url}: {body}");
        assert_eq!(ct, "application/geo+json");
        let v: Value = serde_json::from_str(&body).unwrap();
        let m = v["numberMatched"].as_u64().unwrap();
        assert_eq!(
            *matched.get_or_insert(m),
            m,
            "numberMatched changed while paging"
        );
        let feats = v["features"].as_array().unwrap();
        assert_eq!(v["numberReturned"].as_u64().unwrap() as usize, feats.len());
        ids.extend(feats.iter().map(|f| f["id"].as_str().unwrap().to_string()));
        match v["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["rel"] == "next")
        {
            Some(next) => {
                url = next["href"]
                    .as_str()
                    .unwrap()
                    .replace("http://127.0.0.1:8080", "");
            }
            None => break,
        }
    }
    (ids, matched.unwrap_or(0))
}

#[tokio::test]
async fn paging_visits_every_feature_exactly_once_in_every_collection() {
    let st = state();
    for l in &st.view().catalog.layers {
        let (ids, matched) = walk(&format!("/collections/{}/items?limit=7", l.id)).await;
        assert_eq!(matched as usize, l.features.len(), "{}", l.id);
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{}: a feature came twice", l.id);
        assert_eq!(
            ids.len(),
            l.features.len(),
            "{}: not every feature came",
            l.id
        );
    }
    // prev links go back.
    let v = get_json("/collections/settlements/items?limit=10&offset=20").await;
    let prev = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "prev")
        .unwrap();
    assert!(prev["href"].as_str().unwrap().contains("offset=10"));
}

#[tokio::test]
async fn bbox_filters_spatially() {
    // A box around Daugavpils city centre only.
    let v = get_json("/collections/municipalities_2021/items?bbox=26.50,55.86,26.56,55.89").await;
    let codes: BTreeSet<&str> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(codes.contains("LV-DGV"), "{codes:?}");
    assert!(!codes.contains("LV-RIX"), "{codes:?}");
    assert!(codes.len() <= 3, "{codes:?}");
    // Every settlement returned lies in the box, and none outside is missed.
    let (minx, miny, maxx, maxy) = (26.0, 56.0, 27.5, 56.8);
    let v = get_json(&format!(
        "/collections/settlements/items?limit=10000&bbox={minx},{miny},{maxx},{maxy}"
    ))
    .await;
    let inside: BTreeSet<String> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let c = f["geometry"]["coordinates"].as_array().unwrap();
            let (x, y) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
            assert!(x >= minx && x <= maxx && y >= miny && y <= maxy);
            f["id"].as_str().unwrap().to_string()
        })
        .collect();
    let all = get_json("/collections/settlements/items?limit=10000").await;
    let expected: BTreeSet<String> = all["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            let c = f["geometry"]["coordinates"].as_array().unwrap();
            let (x, y) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
            x >= minx && x <= maxx && y >= miny && y <= maxy
        })
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(inside, expected);
    assert!(!inside.is_empty());
}

#[tokio::test]
async fn a_bbox_with_minlon_above_maxlon_crosses_the_antimeridian() {
    let count = |bbox: &'static str| async move {
        let v = get_json(&format!(
            "/collections/settlements/items?limit=1&bbox={bbox}"
        ))
        .await;
        v["numberMatched"].as_u64().unwrap()
    };
    let band = count("-180,56,180,57").await;
    let inner = count("26,56,27,57").await;
    let crossing = count("27,56,26,57").await;
    assert!(inner > 0 && crossing > 0, "{inner} {crossing}");
    assert_eq!(crossing + inner, band);
}

#[tokio::test]
async fn property_filters_select_by_equality() {
    let v = get_json("/collections/municipalities_2021/items?eastern_border_area=true").await;
    assert_eq!(v["numberMatched"], 11);
    let v = get_json("/collections/municipalities_2021/items?kind=state_city").await;
    assert_eq!(v["numberMatched"], 7);
    let v = get_json("/collections/border/items?neighbour=RU").await;
    assert!(v["numberMatched"].as_u64().unwrap() >= 1);
    for f in v["features"].as_array().unwrap() {
        assert_eq!(f["properties"]["neighbour"], "RU");
    }
    expect_400(
        "/collections/municipalities_2021/items?population=many",
        "population",
    )
    .await;
    expect_400(
        "/collections/municipalities_2021/items?eastern_border_area=yes",
        "eastern_border_area",
    )
    .await;
}

#[tokio::test]
async fn single_features_and_404s() {
    let f = get_json("/collections/municipalities_2021/items/LV-058").await;
    assert_eq!(f["properties"]["name_lv"], "Ludzas novads");
    assert_eq!(f["geometry"]["type"], "MultiPolygon");
    for path in [
        "/collections/nope",
        "/collections/nope/items",
        "/collections/municipalities_2021/items/LV-999",
        "/no/such/path",
    ] {
        let (status, ct, body) = get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(ct.starts_with("application/json"));
        assert!(body.contains("not found"), "{body}");
    }
}

#[tokio::test]
async fn bad_parameters_get_400_naming_them() {
    expect_400("/collections/settlements/items?limit=0", "limit").await;
    expect_400("/collections/settlements/items?limit=10001", "limit").await;
    expect_400("/collections/settlements/items?limit=abc", "limit").await;
    expect_400("/collections/settlements/items?offset=-1", "offset").await;
    expect_400("/collections/settlements/items?bbox=1,2,3", "bbox").await;
    expect_400("/collections/settlements/items?bbox=27,57,26,56", "bbox").await;
    expect_400("/collections/settlements/items?bbox=a,b,c,d", "bbox").await;
    expect_400("/collections/settlements/items?bbox=0,0,200,10", "bbox").await;
    expect_400("/collections/settlements/items?colour=red", "colour").await;
    // An integer property is filtered by integers only.
    expect_400(
        "/collections/settlements/items?population=0.5",
        "population",
    )
    .await;
    expect_400(
        "/collections/settlements/items?population=1e3",
        "population",
    )
    .await;
    expect_400(
        "/collections/settlements/items?crs=http://www.opengis.net/def/crs/EPSG/0/3857",
        "crs",
    )
    .await;
    // Naming the CRS served is fine (QGIS may).
    get_json("/collections/settlements/items?crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84&bbox-crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84&bbox=26,56,27,57").await;
    expect_400(
        "/analysis/nearest?lon=27&lat=56.5&layer=settlements&k=0",
        "k",
    )
    .await;
    expect_400(
        "/analysis/nearest?lon=27&lat=56.5&layer=settlements&k=1001",
        "k",
    )
    .await;
    expect_400(
        "/analysis/nearest?lon=200&lat=56.5&layer=settlements",
        "lon",
    )
    .await;
    expect_400("/analysis/nearest?lon=27&lat=-91&layer=settlements", "lat").await;
    expect_400("/analysis/nearest?lon=NaN&lat=56&layer=settlements", "lon").await;
    expect_400("/analysis/nearest?lon=27&lat=56.5&layer=nope", "layer").await;
    expect_400("/analysis/nearest?lon=27&lat=56.5", "layer").await;
    expect_400(
        "/analysis/within?lon=27&lat=56.5&layer=settlements&radius_m=-5",
        "radius_m",
    )
    .await;
    expect_400(
        "/analysis/within?lon=27&lat=56.5&layer=settlements&radius_m=1e12",
        "radius_m",
    )
    .await;
    expect_400(
        "/analysis/within?lon=27&lat=56.5&layer=settlements",
        "radius_m",
    )
    .await;
    expect_400("/analysis/locate?lon=27", "lat").await;
    expect_400("/analysis/coverage?municipality=LV-999", "municipality").await;
    expect_400("/analysis/coverage?vintage=1990", "vintage").await;
    expect_400("/analysis/coverage?layer=settlements", "radius_m").await;
    expect_400("/analysis/coverage?layer=nope&radius_m=1000", "layer").await;
    // Reach is measured from sites: unit/region polygons and lines are refused by name.
    expect_400(
        "/analysis/coverage?layer=municipalities_2021&radius_m=1000",
        "layer",
    )
    .await;
    expect_400("/analysis/coverage?layer=border&radius_m=1", "layer").await;
    expect_400("/collections/border/items?length_m=", "length_m").await;
    expect_400("/analysis/coverage?format=xml", "format").await;
}

#[tokio::test]
async fn locate_finds_the_unit_and_border_distances() {
    // Zilupe town centre (GeoNames): Ludzas novads, a few km from Russia.
    let v = get_json("/analysis/locate?lon=28.1225&lat=56.385556").await;
    assert_eq!(v["municipality"]["code"], "LV-058");
    assert_eq!(v["in_plan_territory"], true);
    let ru = v["distance_to_border_m"]["RU"].as_f64().unwrap();
    assert!(ru < 5_000.0, "Zilupe is {ru} m from RU");
    // Rīga: far from both.
    let v = get_json("/analysis/locate?lon=24.1052&lat=56.9496").await;
    assert_eq!(v["municipality"]["code"], "LV-RIX");
    assert_eq!(v["in_plan_territory"], false);
    assert!(v["distance_to_border_m"]["RU"].as_f64().unwrap() > 150_000.0);
    // Varakļāni: Varakļānu novads in 2021, Madonas novads today.
    let vk = state()
        .view()
        .catalog
        .geodata
        .settlements
        .iter()
        .find(|s| s.name == "Varakļāni")
        .map(|s| s.point);
    if let Some(p) = vk {
        let v = get_json(&format!("/analysis/locate?lon={}&lat={}", p.x(), p.y())).await;
        assert_eq!(v["municipality"]["code"], "LV-102");
        assert_eq!(v["municipality_current"]["code"], "LV-059");
    }
    // State cities are holes in the novadi around them: their centres are in the city only.
    for (town, code) in [
        ("Daugavpils", "LV-DGV"),
        ("Rēzekne", "LV-REZ"),
        ("Jelgava", "LV-JEL"),
    ] {
        let p = state()
            .view()
            .catalog
            .geodata
            .settlements
            .iter()
            .find(|s| s.name == town)
            .unwrap()
            .point;
        let v = get_json(&format!("/analysis/locate?lon={}&lat={}", p.x(), p.y())).await;
        assert_eq!(v["municipality"]["code"], code, "{town}");
        let view = state().view();
        let units = view
            .catalog
            .units_layer(pierobeza::model::Vintage::V2021)
            .unwrap();
        let (x, y) = pierobeza::geom::lks92::to_lks92(p.x(), p.y());
        assert_eq!(
            units.index.containing(geo::Point::new(x, y)).len(),
            1,
            "{town} in two units"
        );
    }
    // The sea: no unit.
    let v = get_json("/analysis/locate?lon=20.0&lat=57.0").await;
    assert_eq!(v["in_latvia"], false);
    assert!(v["municipality"].is_null());
}

fn haversine_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    // Independent check: the sphere of mean radius, within 0.5% of the ellipsoid.
    let r = 6_371_008.8;
    let (l1, p1, l2, p2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * ((l2 - l1) / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

#[tokio::test]
async fn nearest_and_within_measure_known_distances() {
    let st = state();
    let town = |n: &str| {
        st.view()
            .catalog
            .geodata
            .settlements
            .iter()
            .find(|s| s.name == n)
            .unwrap_or_else(|| panic!("{n}"))
            .point
    };
    let (dgp, rez) = (town("Daugavpils"), town("Rēzekne"));
    let v = get_json(&format!(
        "/analysis/nearest?lon={}&lat={}&layer=settlements&k=1000",
        dgp.x(),
        dgp.y()
    ))
    .await;
    let feats = v["features"].as_array().unwrap();
    assert_eq!(feats[0]["properties"]["name"], "Daugavpils");
    assert_eq!(feats[0]["properties"]["distance_m"], 0.0);
    let d: Vec<f64> = feats
        .iter()
        .map(|f| f["properties"]["distance_m"].as_f64().unwrap())
        .collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "not sorted");
    let rz = feats
        .iter()
        .find(|f| f["properties"]["name"] == "Rēzekne")
        .unwrap();
    let api = rz["properties"]["distance_m"].as_f64().unwrap();
    let reference = haversine_m((dgp.x(), dgp.y()), (rez.x(), rez.y()));
    assert!(
        (api - reference).abs() / reference < 0.005,
        "{api} vs {reference}"
    );
    assert!(
        (70_000.0..95_000.0).contains(&api),
        "Daugavpils–Rēzekne {api} m"
    );
    // within returns exactly the nearest ones up to the radius.
    let r = api + 1.0;
    let w = get_json(&format!(
        "/analysis/within?lon={}&lat={}&layer=settlements&radius_m={r}",
        dgp.x(),
        dgp.y()
    ))
    .await;
    let within_n = w["features"].as_array().unwrap().len();
    assert_eq!(within_n, d.iter().filter(|&&x| x <= r).count());
    assert!(w["features"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["properties"]["name"] == "Rēzekne"));
}

#[tokio::test]
async fn unpublished_sites_are_never_served_as_points() {
    let st = state();
    for l in &st.view().catalog.layers {
        for f in &l.features {
            let secret = f
                .properties()
                .get("sites_not_public")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if secret {
                assert_eq!(
                    l.class,
                    pierobeza::index::GeomClass::Areas,
                    "{}/{} served as {:?}",
                    l.id,
                    f.id,
                    l.class
                );
                let p = f.properties()["precision"].as_str().unwrap();
                assert!(p == "municipality" || p == "region", "{}: {p}", f.id);
            }
            if let Some(p) = f.properties().get("precision").and_then(Value::as_str) {
                if p == "municipality" || p == "region" {
                    assert_eq!(
                        l.class,
                        pierobeza::index::GeomClass::Areas,
                        "{}/{}",
                        l.id,
                        f.id
                    );
                }
            }
        }
    }
    // The countermobility parks exist, at region/municipality precision only.
    assert!(st
        .view()
        .catalog
        .layers
        .iter()
        .any(|l| l.id.starts_with("countermobility") && l.id.ends_with("_areas")));
    assert!(!st
        .view()
        .catalog
        .layers
        .iter()
        .any(|l| l.id.starts_with("countermobility") && l.id.ends_with("_points")));
}

#[tokio::test]
async fn large_pages_are_gzipped_on_request_and_readable_cross_origin() {
    use axum::body::Body;
    use axum::http::Request;
    let req = Request::get("/collections/municipalities_2021/items?limit=43")
        .header("accept-encoding", "gzip")
        .header("origin", "http://example.org")
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = common::send(state(), req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-encoding"], "gzip");
    assert_eq!(headers["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn crossings_say_what_their_point_is() {
    let v = get_json("/collections/border_crossings/items").await;
    let feats = v["features"].as_array().unwrap();
    assert!(feats.len() >= 10);
    for f in feats {
        let p = &f["properties"];
        assert!(
            p["point_basis"].as_str().is_some_and(|s| s.len() > 5),
            "{}: no point_basis",
            f["id"]
        );
        // No source gives a checkpoint itself: nothing may claim to be exact.
        assert_ne!(p["precision"], "exact", "{}", f["id"]);
    }
    let m = get_json("/collections/municipalities_current/items/LV-059").await;
    let share = m["properties"]["plan_share"].as_f64().unwrap();
    assert!(share > 0.0 && share < 0.2, "Madona's plan share {share}");
}

#[tokio::test]
async fn the_plan_says_what_it_answers_and_how_it_is_monitored() {
    let v = get_json("/plan").await;
    assert_eq!(v["challenges"].as_array().unwrap().len(), 4, "{v}");
    assert_eq!(v["priorities_after_2027"].as_array().unwrap().len(), 5);
    let monitoring = &v["monitoring"][0];
    assert!(monitoring["text_lv"]
        .as_str()
        .unwrap()
        .contains("Latvijas Bankas ekspertus"));
    assert!(monitoring["text_en"]
        .as_str()
        .unwrap()
        .contains("Bank of Latvia"));
    let pools: f64 = v["funding_pools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["amount_eur"].as_f64().unwrap())
        .sum();
    assert_eq!(pools, 476_082_274.0 + 156_696_926.0);
    expect_400("/plan?f=xml", "f").await;
}

#[tokio::test]
async fn progress_reports_the_stages_and_money_of_a_date() {
    let r = get_json("/analysis/progress?date=2026-06-01").await;
    assert_eq!(r["date"], "2026-06-01");
    let sec02 = r["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["measure_id"] == "sec-02")
        .unwrap();
    assert_eq!(
        (sec02["stage"].as_str(), sec02["stage_since"].as_str()),
        (Some("under_way"), Some("2026-03-06"))
    );
    let units = r["units"].as_array().unwrap();
    let rez = units.iter().find(|u| u["code"] == "LV-077").unwrap();
    assert_eq!(rez["allocated_eur"], 178_500.0);
    let ludza = units.iter().find(|u| u["code"] == "LV-058").unwrap();
    assert!(
        ludza["allocated_eur"].is_null(),
        "nothing recorded is null, not 0"
    );
    let first = get_json("/analysis/progress?date=2025-02-01").await;
    assert!(first["measures"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["stage"] == "approved"));
    // By 1 June 2025 only the industrial park (eco-03) is recorded as under way.
    let before = get_json("/analysis/progress?date=2025-06-01").await;
    let moved: Vec<_> = before["measures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["stage"] != "approved")
        .map(|m| {
            (
                m["measure_id"].as_str(),
                m["stage"].as_str(),
                m["stage_since"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        moved,
        vec![(Some("eco-03"), Some("under_way"), Some("2025-02-09"))]
    );
    expect_400("/analysis/progress?date=2024-12-31", "date").await;
    expect_400("/analysis/progress?date=1.6.2026", "date").await;
}

/// Whether a JSON value is of a queryable's declared type.
fn of_type(v: &Value, t: &str) -> bool {
    match t {
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        _ => v.is_string(),
    }
}

/// Every feature of a collection, in one page (the shipped layers are smaller).
async fn all_features(id: &str) -> Vec<Value> {
    let page = get_json(&format!("/collections/{id}/items?limit=10000")).await;
    assert_eq!(page["numberMatched"], page["numberReturned"], "{id}");
    page["features"].as_array().unwrap().clone()
}

/// Part 3: every collection links its queryables, and they are exactly the
/// properties its items carry, of the types of their values, with every value of
/// an enumerated property in its `enum`; the geometry's format is the layer's type.
#[tokio::test]
async fn queryables_are_the_properties_the_items_carry() {
    let cols = get_json("/collections").await;
    for c in cols["collections"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let link = c["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["rel"] == "http://www.opengis.net/def/rel/ogc/1.0/queryables");
        assert_eq!(link.unwrap()["type"], "application/schema+json", "{id}");
        let path = format!("/collections/{id}/queryables");
        let (status, ct, body) = get(&path).await;
        assert_eq!(
            (status, ct.as_str()),
            (StatusCode::OK, "application/schema+json")
        );
        let q: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(q["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(q["$id"], format!("http://127.0.0.1:8080{path}"));
        assert_eq!(
            (&q["type"], &q["additionalProperties"]),
            (&"object".into(), &false.into())
        );
        let mut props = q["properties"].as_object().unwrap().clone();
        let geometry = props.remove("geometry").unwrap();
        let want = c["geometry_type"].as_str().unwrap().to_lowercase();
        assert_eq!(geometry["format"], format!("geometry-{want}"), "{id}");
        for f in all_features(id).await {
            let fp = f["properties"].as_object().unwrap();
            let keys: BTreeSet<&String> = fp.keys().collect();
            assert_eq!(keys, props.keys().collect(), "{id}");
            for (k, v) in fp.iter().filter(|(_, v)| !v.is_null()) {
                let t = props[k]["type"].as_str().unwrap();
                assert!(of_type(v, t), "{id}.{k}: {v} is not {t}");
                if let Some(values) = props[k]["enum"].as_array() {
                    assert!(values.contains(v), "{id}.{k}: {v} not in {values:?}");
                }
            }
        }
    }
    let precision =
        &get_json("/collections/border_crossings/queryables").await["properties"]["precision"];
    assert_eq!(
        precision["enum"],
        serde_json::json!(["exact", "settlement", "municipality", "region"])
    );
    expect_400("/collections/border/queryables?f=html", "f").await;
    expect_400("/collections/border/queryables?limit=1", "limit").await;
    let (status, _, _) = get("/collections/nope/queryables").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Properties and whether each is descending.
type SortKeys<'a> = &'a [(&'a str, bool)];

/// The order `sortby` promises, brute force: a stable sort of the features in
/// collection order, by each key in its direction, missing values last.
fn brute_sorted(mut features: Vec<Value>, keys: &[(&str, bool)]) -> Vec<String> {
    let cmp = |a: &Value, b: &Value| match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64().unwrap().total_cmp(&y.as_f64().unwrap()),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => panic!("{a} and {b} are of different kinds"),
    };
    features.sort_by(|a, b| {
        for (name, desc) in keys {
            let (va, vb) = (&a["properties"][*name], &b["properties"][*name]);
            let o = match (va.is_null(), vb.is_null()) {
                (true, true) => std::cmp::Ordering::Equal,
                (true, false) => std::cmp::Ordering::Greater,
                (false, true) => std::cmp::Ordering::Less,
                _ if *desc => cmp(vb, va),
                _ => cmp(va, vb),
            };
            if o.is_ne() {
                return o;
            }
        }
        std::cmp::Ordering::Equal
    });
    features
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

fn ids(page: &Value) -> Vec<String> {
    let features = page["features"].as_array().unwrap();
    features
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

/// `sortby` orders the whole selection before paging: ascending, descending and
/// several keys equal a brute-force sort; pages of 7 concatenate to the full order
/// with `numberMatched` unchanged.
#[tokio::test]
async fn sortby_orders_every_feature_and_pages_follow_the_order() {
    let cases: [(&str, &str, SortKeys); 6] = [
        ("settlements", "population", &[("population", false)]),
        ("settlements", "-population", &[("population", true)]),
        ("settlements", "+name", &[("name", false)]),
        ("municipalities_2021", "-area_km2", &[("area_km2", true)]),
        (
            "municipalities_2021",
            "planning_region,-population",
            &[("planning_region", false), ("population", true)],
        ),
        (
            "border_crossings",
            "-status,name",
            &[("status", true), ("name", false)],
        ),
    ];
    for (id, sortby, keys) in cases {
        let features = all_features(id).await;
        let want = brute_sorted(features.clone(), keys);
        assert_ne!(
            want,
            ids(&serde_json::json!({"features": features})),
            "{id}: order unchanged"
        );
        let q = sortby.replace('+', "%2B");
        let full = get_json(&format!("/collections/{id}/items?limit=10000&sortby={q}")).await;
        assert_eq!(ids(&full), want, "{id} sortby={sortby}");
        let (mut paged, mut offset) = (Vec::new(), 0);
        loop {
            let page = get_json(&format!(
                "/collections/{id}/items?limit=7&offset={offset}&sortby={q}"
            ))
            .await;
            assert_eq!(page["numberMatched"], want.len(), "{id}");
            let got = ids(&page);
            if got.is_empty() {
                break;
            }
            offset += got.len();
            paged.extend(got);
        }
        assert_eq!(paged, want, "{id} sortby={sortby}, pages of 7");
    }
    // A `+` left unencoded arrives as a space: still ascending.
    let plus = get_json("/collections/settlements/items?limit=10000&sortby=+name").await;
    let asc = get_json("/collections/settlements/items?limit=10000&sortby=name").await;
    assert_eq!(ids(&plus), ids(&asc));
    for bad in ["nope", "-", "name,", "name,-nope", "geometry"] {
        expect_400(
            &format!("/collections/settlements/items?sortby={bad}"),
            "sortby",
        )
        .await;
    }
}

/// `properties` keeps only the named attributes (none when empty) and
/// `skipGeometry=true` nulls the geometry, on items and on one item; unknown
/// names and values are 400s naming the parameter.
#[tokio::test]
async fn properties_and_skip_geometry_select_what_is_returned() {
    let whole = all_features("settlements").await;
    let page = get_json(
        "/collections/settlements/items?limit=10000&properties=population,name&skipGeometry=true",
    )
    .await;
    let got = page["features"].as_array().unwrap();
    assert_eq!(got.len(), whole.len());
    for (g, w) in got.iter().zip(&whole) {
        assert_eq!(g["id"], w["id"]);
        assert!(g["geometry"].is_null() && !w["geometry"].is_null());
        let keys: Vec<&String> = g["properties"].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["name", "population"]
                .map(String::from)
                .iter()
                .collect::<Vec<_>>()
        );
        assert_eq!(
            (&g["properties"]["name"], &g["properties"]["population"]),
            (&w["properties"]["name"], &w["properties"]["population"])
        );
    }
    let none = get_json("/collections/border/items?properties=").await;
    for f in none["features"].as_array().unwrap() {
        assert_eq!(f["properties"], serde_json::json!({}));
        assert!(f["geometry"].is_object());
    }
    let fid = whole[0]["id"].as_str().unwrap();
    let one = get_json(&format!(
        "/collections/settlements/items/{fid}?properties=name&skipGeometry=true"
    ))
    .await;
    assert_eq!(
        one["properties"],
        serde_json::json!({"name": whole[0]["properties"]["name"]})
    );
    assert!(one["geometry"].is_null() && one["links"].is_array());
    let kept = get_json(&format!(
        "/collections/settlements/items/{fid}?skipGeometry=false"
    ))
    .await;
    assert_eq!(
        (&kept["geometry"], &kept["properties"]),
        (&whole[0]["geometry"], &whole[0]["properties"])
    );
    for path in [
        "/collections/settlements/items",
        &format!("/collections/settlements/items/{fid}"),
    ] {
        expect_400(&format!("{path}?properties=name,nope"), "properties").await;
        expect_400(&format!("{path}?properties=geometry"), "properties").await;
        expect_400(&format!("{path}?skipGeometry=yes"), "skipGeometry").await;
    }
}

/// The conformance document declares exactly the classes the tests cover, each named
/// here with the suite that covers it (issue 16): a class added without tests, or one
/// dropped, fails here.
#[tokio::test]
async fn conformance_lists_exactly_the_tested_classes() {
    let c = get_json("/conformance").await;
    let got: BTreeSet<&str> = c["conformsTo"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let f = "http://www.opengis.net/spec/ogcapi-features";
    let cql2 = "http://www.opengis.net/spec/cql2/1.0/conf";
    let tiles = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf";
    let want: BTreeSet<String> = [
        format!("{f}-1/1.0/conf/core"),       // this file, e2e_gdal.rs
        format!("{f}-1/1.0/conf/geojson"),    // this file, e2e_gdal.rs
        format!("{f}-1/1.0/conf/oas30"),      // this file, schemathesis
        format!("{f}-2/1.0/conf/crs"),        // crs.rs, owslib/test_crs.py
        format!("{f}-3/1.0/conf/queryables"), // this file, owslib/test_queryables.py
        format!("{f}-3/1.0/conf/queryables-query-parameters"), // this file
        format!("{f}-3/1.0/conf/filter"),     // filter.rs, owslib/test_filter.py
        format!("{f}-3/1.0/conf/features-filter"), // filter.rs
        format!("{cql2}/cql2-text"),          // filter.rs
        format!("{cql2}/cql2-json"),          // filter.rs
        format!("{cql2}/basic-cql2"),         // filter.rs
        format!("{cql2}/advanced-comparison-operators"), // filter.rs
        format!("{cql2}/basic-spatial-functions"), // filter.rs
        format!("{cql2}/basic-spatial-functions-plus"), // filter.rs
        format!("{cql2}/spatial-functions"),  // filter.rs
        format!("{cql2}/temporal-functions"), // filter.rs
        format!("{tiles}/core"),              // tiles.rs
        format!("{tiles}/tileset"),           // tiles.rs
        format!("{tiles}/tilesets-list"),     // tiles.rs
        format!("{tiles}/geodata-tilesets"),  // tiles.rs
        format!("{tiles}/mvt"),               // tiles.rs (ogrinfo)
        format!("{f}-4/1.0/conf/create-replace-delete"), // write.rs, owslib/test_write.py
        format!("{f}-4/1.0/conf/update"),     // write.rs, owslib/test_write.py
        format!("{f}-4/1.0/conf/features"),   // write.rs (the writes act on features)
    ]
    .into_iter()
    .collect();
    let want: BTreeSet<&str> = want.iter().map(String::as_str).collect();
    assert_eq!(got, want);
}
