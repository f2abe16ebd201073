//! OGC API – Tiles on the shipped data over a real server on loopback: the
//! documents, tiles checked against a brute-force selection of the items, and
//! GDAL's MVT driver (`ogrinfo`, gdal-bin: CI installs it) reading a tile.

mod common;

use std::collections::BTreeSet;
use std::f64::consts::PI;
use std::process::Command;

use common::live::server;
use geo::{coord, BoundingRect, Geometry, Intersects, Rect};
use geozero::mvt::{Message, Tile};
use serde_json::Value;

const MVT: &str = "application/vnd.mapbox-vector-tile";
const TILES: &str = "tiles/WebMercatorQuad";

use common::live::get_plain as get;

fn ok_json(path: &str) -> Value {
    let a = get(path);
    assert_eq!(a.status, 200, "{path}: {}", a.body);
    a.json()
}

/// The CRS84 box of tile z/row/col grown by `margin` tile sides (the slippy-map
/// formulas, written here apart from the server's).
fn tile_box(z: u32, row: u32, col: u32, margin: f64) -> Rect<f64> {
    let n = f64::from(1u32 << z);
    let lon = |c: f64| c / n * 360.0 - 180.0;
    let lat = |r: f64| (PI * (1.0 - 2.0 * r / n)).sinh().atan().to_degrees();
    let (c, r) = (f64::from(col), f64::from(row));
    Rect::new(
        coord! { x: lon(c - margin), y: lat(r + 1.0 + margin) },
        coord! { x: lon(c + 1.0 + margin), y: lat(r - margin) },
    )
}

fn geometry(f: &Value) -> Geometry<f64> {
    let g: geojson::Geometry = serde_json::from_value(f["geometry"].clone()).unwrap();
    Geometry::try_from(g).unwrap()
}

/// Ids of the layer's features that meet a CRS84 box and are points or span at least
/// `min_deg` of longitude or latitude, by brute force over the items.
fn ids_meeting(layer: &str, b: Rect<f64>, min_deg: f64) -> BTreeSet<String> {
    let all = ok_json(&format!("/collections/{layer}/items?limit=10000"));
    all["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f, geometry(f)))
        .filter(|(_, g)| {
            let r = g.bounding_rect().unwrap();
            let across = r.width().max(r.height());
            g.intersects(&b) && (across >= min_deg || across == 0.0)
        })
        .map(|(f, _)| f["id"].as_str().unwrap().to_string())
        .collect()
}

/// The tile's features' `id` tags, decoded from the MVT.
fn tile_ids(layer: &str, z: u32, row: u32, col: u32) -> BTreeSet<String> {
    let a = get(&format!("/collections/{layer}/{TILES}/{z}/{row}/{col}"));
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.header("content-type"), Some(MVT));
    let tile = Tile::decode(&a.bytes[..]).expect("an MVT");
    let Some(l) = tile.layers.first() else {
        return BTreeSet::new();
    };
    assert_eq!(l.name, layer);
    assert_eq!(l.extent, Some(4096));
    let id_key = l.keys.iter().position(|k| k == "id").unwrap() as u32;
    l.features
        .iter()
        .map(|f| {
            let v = f.tags.chunks(2).find(|kv| kv[0] == id_key).unwrap()[1];
            l.values[v as usize].string_value.clone().unwrap()
        })
        .collect()
}

/// Every feature meeting the tile is in it, unless it is a speck at this zoom (under
/// 8 of the tile's 4096 units across: generalised away), and none that does not meet
/// the tile's buffer.
fn assert_tile_is_the_brute_force_selection(layer: &str, z: u32, row: u32, col: u32) {
    let got = tile_ids(layer, z, row, col);
    let speck_deg = 8.0 / 4096.0 * 360.0 / f64::from(1u32 << z);
    let core = ids_meeting(layer, tile_box(z, row, col, 0.0), speck_deg);
    let buffered = ids_meeting(layer, tile_box(z, row, col, 64.0 / 4096.0), 0.0);
    assert!(!core.is_empty(), "{layer} {z}/{row}/{col}: an empty test");
    assert!(
        core.is_subset(&got),
        "{layer} {z}/{row}/{col}: {core:?} ⊄ {got:?}"
    );
    assert!(
        got.is_subset(&buffered),
        "{layer} {z}/{row}/{col}: {got:?} ⊄ {buffered:?}"
    );
}

#[test]
fn tiles_hold_the_features_that_meet_them() {
    // Rēzekne's tile at zoom 7, Latgale at 5, all of Latvia at 0, one at zoom 10.
    for (layer, z, row, col) in [
        ("municipalities_2021", 7, 39, 73),
        ("municipalities_2021", 5, 9, 18),
        ("municipalities_2021", 0, 0, 0),
        ("municipalities_2021", 10, 316, 588),
        ("settlements", 7, 39, 73),
        ("border", 7, 39, 73),
        ("border_crossings", 5, 9, 18),
    ] {
        assert_tile_is_the_brute_force_selection(layer, z, row, col);
    }
    // Far from Latvia: a tile with nothing is an empty body.
    let a = get(&format!("/collections/settlements/{TILES}/7/100/10"));
    assert_eq!((a.status, a.bytes.len()), (200, 0));
}

#[test]
fn the_documents_lead_from_a_collection_to_a_tile() {
    let classes = ok_json("/conformance")["conformsTo"].clone();
    for c in [
        "core",
        "tileset",
        "tilesets-list",
        "geodata-tilesets",
        "mvt",
    ] {
        let uri = format!("http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/{c}");
        assert!(
            classes.as_array().unwrap().iter().any(|x| x == &*uri),
            "{uri}"
        );
    }
    let col = ok_json("/collections/municipalities_2021");
    let link = |v: &Value, rel: &str| -> String {
        let l = v["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["rel"] == rel);
        l.unwrap_or_else(|| panic!("no {rel} link")).clone()["href"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let path = |href: String| {
        href.split_once("//")
            .unwrap()
            .1
            .split_once('/')
            .unwrap()
            .1
            .to_string()
    };
    let sets = ok_json(&format!(
        "/{}",
        path(link(
            &col,
            "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
        ))
    ));
    let set = &sets["tilesets"][0];
    assert_eq!(set["dataType"], "vector");
    let tileset = ok_json(&format!("/{}", path(link(set, "self"))));
    let tms = ok_json(&format!(
        "/{}",
        path(link(
            &tileset,
            "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
        ))
    ));
    assert_eq!(tms["tileMatrices"][7]["matrixWidth"], 128);
    let z7 = &tileset["tileMatrixSetLimits"][7];
    assert!(z7["minTileRow"].as_u64() <= Some(39) && z7["maxTileRow"].as_u64() >= Some(39));
    assert!(z7["minTileCol"].as_u64() <= Some(73) && z7["maxTileCol"].as_u64() >= Some(73));
    let template = link(&tileset, "item");
    let url = template
        .replace("{tileMatrix}", "7")
        .replace("{tileRow}", "39")
        .replace("{tileCol}", "73");
    let a = get(&format!("/{}", path(url)));
    assert_eq!(a.status, 200);
    assert!(Tile::decode(&a.bytes[..]).is_ok_and(|t| !t.layers[0].features.is_empty()));
    let tj = ok_json(&format!("/{}", path(link(&tileset, "alternate"))));
    assert_eq!(tj["tilejson"], "3.0.0");
    assert!(tj["tiles"][0].as_str().unwrap().ends_with("/{z}/{y}/{x}"));
    assert_eq!(tj["vector_layers"][0]["fields"]["code"], "String");
}

#[test]
fn bad_tiles_are_named() {
    for (path, status, what) in [
        (
            "municipalities_2021/tiles/WebMercatorQuad/21/0/0",
            404,
            "tile",
        ),
        (
            "municipalities_2021/tiles/WebMercatorQuad/2/4/0",
            404,
            "tile",
        ),
        (
            "municipalities_2021/tiles/WorldCRS84Quad/2/0/0",
            404,
            "tileMatrixSet",
        ),
        (
            "municipalities_2021/tiles/WebMercatorQuad/2/x/0",
            400,
            "tileRow",
        ),
        ("nope/tiles/WebMercatorQuad/2/0/0", 404, "collection"),
    ] {
        let a = get(&format!("/collections/{path}"));
        assert_eq!(a.status, status, "{path}: {}", a.body);
        assert!(a.body.contains(what), "{path}: {}", a.body);
    }
}

#[test]
fn ogrinfo_reads_a_tile_of_the_municipalities() {
    let ogrinfo = Command::new("ogrinfo").arg("--version").output();
    assert!(
        ogrinfo.is_ok_and(|o| o.status.success()),
        "ogrinfo (gdal-bin) is needed: apt-get install gdal-bin"
    );
    let url = format!(
        "MVT:/vsicurl/http://{}/collections/municipalities_2021/{TILES}/7/39/73.pbf",
        server().addr
    );
    let out = Command::new("ogrinfo")
        .args([
            "-ro", "-al", "-geom=NO", "-oo", "X=73", "-oo", "Y=39", "-oo", "Z=7", &url,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Layer name: municipalities_2021"), "{text}");
    let codes: BTreeSet<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("code (String) = "))
        .map(str::to_string)
        .collect();
    assert_eq!(codes, tile_ids("municipalities_2021", 7, 39, 73));
    // GDAL places them where they are: the extent is inside the tile's buffer (EPSG:3857).
    let extent = text.lines().find(|l| l.starts_with("Extent:")).unwrap();
    assert!(extent.contains("(28"), "{extent}");
}
