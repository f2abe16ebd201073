//! Random and malformed parameters into the real router: never a 5xx, never a panic,
//! and every 4xx says what was wrong in JSON.

mod common;

use common::get;
use proptest::prelude::*;

const PATHS: [&str; 9] = [
    "/",
    "/collections",
    "/collections/settlements",
    "/collections/settlements/items",
    "/collections/municipalities_2021/items",
    "/analysis/coverage",
    "/analysis/nearest",
    "/analysis/within",
    "/analysis/locate",
];
const KEYS: [&str; 14] = [
    "lon",
    "lat",
    "layer",
    "k",
    "radius_m",
    "bbox",
    "limit",
    "offset",
    "municipality",
    "vintage",
    "format",
    "f",
    "name",
    "population",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|x| x.to_string()),
        any::<i64>().prop_map(|x| x.to_string()),
        (-200.0f64..200.0).prop_map(|x| x.to_string()),
        Just("settlements".to_string()),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,6}",
        (
            (-200.0f64..200.0),
            (-100.0f64..100.0),
            (-200.0f64..200.0),
            (-100.0f64..100.0)
        )
            .prop_map(|(a, b, c, d)| format!("{a},{b},{c},{d}")),
    ]
}

fn enc(s: &str) -> String {
    pierobeza::api::ogc::urlencode(s)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn no_input_gives_a_server_error(
        path in prop::sample::select(PATHS.to_vec()),
        params in prop::collection::vec((prop::sample::select(KEYS.to_vec()), value()), 0..5),
    ) {
        let q: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", enc(v))).collect();
        let url = format!("{path}?{}", q.join("&"));
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (status, ct, body) = rt.block_on(get(&url));
        prop_assert!(!status.is_server_error(), "{url}: {status} {body}");
        if status.is_client_error() {
            prop_assert!(ct.starts_with("application/json"), "{url}: {ct}");
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            prop_assert!(v["description"].as_str().is_some(), "{url}: {body}");
        }
    }

    #[test]
    fn garbage_paths_are_404_not_panics(seg in "[ -~]{1,20}") {
        let url = format!("/collections/{}/items/{}", enc(&seg), enc(&seg));
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (status, _, _) = rt.block_on(get(&url));
        prop_assert!(status.is_client_error(), "{url}: {status}");
    }
}
