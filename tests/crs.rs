//! OGC API – Features Part 2 (CRS by reference) on the shipped data, over a real
//! server on loopback: `crs` on items and item, `bbox-crs`, `Content-Crs`, and the
//! collections' CRS lists. The coordinates are checked against the CRS84 answer
//! projected here; scripts/owslib-test.sh checks them against PROJ through GDAL.

mod common;

use std::collections::BTreeSet;

use common::http::Answer;
use geo::{coord, Coord, Geometry, Intersects, MapCoords, Rect};
use pierobeza::geom::lks92::coord_to_lks92;
use serde_json::Value;

const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const EPSG_4326: &str = "http://www.opengis.net/def/crs/EPSG/0/4326";
const EPSG_3059: &str = "http://www.opengis.net/def/crs/EPSG/0/3059";

/// Layers of every geometry kind in the shipped data.
const LAYERS: [&str; 4] = [
    "municipalities_2021",
    "settlements",
    "border_crossings",
    "border",
];

use common::live::get_plain as get;

fn ok(path: &str) -> Answer {
    let a = get(path);
    assert_eq!(a.status, 200, "{path}: {}", a.body);
    a
}

fn geometry(f: &Value) -> Geometry<f64> {
    let g: geojson::Geometry = serde_json::from_value(f["geometry"].clone()).unwrap();
    Geometry::try_from(g).unwrap()
}

fn coords(g: &Geometry<f64>) -> Vec<Coord<f64>> {
    use geo::CoordsIter;
    g.coords_iter().collect()
}

fn items(layer: &str, query: &str) -> Vec<Value> {
    let a = ok(&format!("/collections/{layer}/items?limit=10000{query}"));
    a.json()["features"].as_array().unwrap().clone()
}

#[test]
fn conformance_and_collections_declare_the_three_crs() {
    let c = ok("/conformance").json();
    let classes = c["conformsTo"].as_array().unwrap();
    assert!(classes
        .iter()
        .any(|c| c == "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"));
    for col in ok("/collections").json()["collections"].as_array().unwrap() {
        assert_eq!(col["crs"], serde_json::json!([CRS84, EPSG_4326, EPSG_3059]));
        assert_eq!(col["storageCrs"], CRS84);
    }
}

#[test]
fn every_position_in_epsg_3059_is_the_crs84_one_projected_northing_first() {
    for layer in LAYERS {
        let base = items(layer, "");
        let a = ok(&format!(
            "/collections/{layer}/items?limit=10000&crs={EPSG_3059}"
        ));
        assert_eq!(a.header("content-crs"), Some(&*format!("<{EPSG_3059}>")));
        let lks = a.json()["features"].as_array().unwrap().clone();
        assert_eq!(lks.len(), base.len(), "{layer}");
        assert!(!lks.is_empty(), "{layer} has features");
        for (f84, f59) in base.iter().zip(&lks) {
            assert_eq!(f84["id"], f59["id"]);
            assert_eq!(f84["properties"], f59["properties"]);
            let (a, b) = (coords(&geometry(f84)), coords(&geometry(f59)));
            assert_eq!(a.len(), b.len(), "{layer} {}", f84["id"]);
            for (p, q) in a.iter().zip(&b) {
                let en = coord_to_lks92(*p);
                let d = ((en.y - q.x).powi(2) + (en.x - q.y).powi(2)).sqrt();
                assert!(
                    d < 1e-3,
                    "{layer} {}: {p:?} → {q:?} is {d} m off",
                    f84["id"]
                );
            }
        }
    }
}

#[test]
fn epsg_4326_is_latitude_first_and_crs84_can_be_named() {
    let base = items("settlements", "");
    let lat_lon = items("settlements", &format!("&crs={EPSG_4326}"));
    let named = items("settlements", "&crs=%5BOGC%3ACRS84%5D");
    assert_eq!(base, named);
    for (a, b) in base.iter().zip(&lat_lon) {
        let (p, q) = (coords(&geometry(a)), coords(&geometry(b)));
        assert_eq!(p[0], coord! { x: q[0].y, y: q[0].x });
    }
    assert_eq!(
        ok("/collections/settlements/items?limit=1").header("content-crs"),
        Some(&*format!("<{CRS84}>"))
    );
}

#[test]
fn an_item_in_epsg_3059_equals_its_member_of_the_items() {
    let lks = items("municipalities_2021", &format!("&crs={EPSG_3059}"));
    let f = &lks[3];
    let id = f["id"].as_str().unwrap();
    let a = ok(&format!(
        "/collections/municipalities_2021/items/{id}?crs=EPSG:3059"
    ));
    assert_eq!(a.header("content-crs"), Some(&*format!("<{EPSG_3059}>")));
    assert_eq!(a.json()["geometry"], f["geometry"]);
}

/// The ids whose EPSG:3059 geometry meets the box, found by brute force.
fn ids_meeting(features: &[Value], r: Rect<f64>) -> BTreeSet<String> {
    features
        .iter()
        .filter(|f| {
            // The answer is northing first: swap to easting, northing as the box is.
            let g = geometry(f).map_coords(|c| coord! { x: c.y, y: c.x });
            g.intersects(&r)
        })
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

fn ids(features: &[Value]) -> BTreeSet<String> {
    features
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_bbox_in_epsg_3059_selects_what_meets_it_there() {
    // Around Rēzekne (E ~700 km, N ~290 km) and a box over the eastern border.
    for (n0, e0, n1, e1) in [
        (280_000.0, 690_000.0, 300_000.0, 710_000.0),
        (200_000.0, 740_000.0, 320_000.0, 780_000.0),
    ] {
        let r = Rect::new(coord! { x: e0, y: n0 }, coord! { x: e1, y: n1 });
        for layer in LAYERS {
            let all = items(layer, &format!("&crs={EPSG_3059}"));
            let want = ids_meeting(&all, r);
            let got = items(
                layer,
                &format!("&bbox={n0},{e0},{n1},{e1}&bbox-crs={EPSG_3059}"),
            );
            assert_eq!(ids(&got), want, "{layer} in {r:?}");
            if layer == "municipalities_2021" {
                assert!(!want.is_empty() && want.len() < all.len(), "{layer} {r:?}");
            }
        }
    }
}

#[test]
fn a_bbox_in_epsg_4326_is_latitude_first() {
    let crs84 = items("settlements", "&bbox=26.5,56.0,27.5,56.6");
    let lat_lon = items(
        "settlements",
        &format!("&bbox=56.0,26.5,56.6,27.5&bbox-crs={EPSG_4326}"),
    );
    assert!(!crs84.is_empty());
    assert_eq!(ids(&crs84), ids(&lat_lon));
}

#[test]
fn a_crs_not_offered_is_a_400_naming_the_parameter() {
    for (path, param) in [
        (
            "/collections/settlements/items?crs=http://www.opengis.net/def/crs/EPSG/0/3857",
            "crs",
        ),
        ("/collections/settlements/items/x?crs=EPSG:2154", "crs"),
        (
            "/collections/settlements/items?bbox=1,2,3,4&bbox-crs=EPSG:25835",
            "bbox-crs",
        ),
        (
            "/collections/settlements/items?bbox=300000,700000,280000,710000&bbox-crs=EPSG:3059",
            "bbox",
        ),
    ] {
        let a = get(path);
        assert_eq!(a.status, 400, "{path}: {}", a.body);
        assert_eq!(a.json()["parameter"], param, "{path}: {}", a.body);
    }
}
