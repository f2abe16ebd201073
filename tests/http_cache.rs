//! Compression and HTTP caching as clients meet them (issue 15): a real server on
//! loopback over a fresh store, raw HTTP/1.1 so that every header is the test's own.
//! Compressed bodies must decode to exactly the identity body; a current ETag gets a
//! 304, a stale one a 200; a write changes the ETag of what it changes.

mod common;

use std::io::Read;
use std::sync::Mutex;

use common::http::Answer;
use common::live::server;
use serde_json::json;

/// Tests that compare validators across requests hold this: a write in another test
/// would change the data under them.
static DATA: Mutex<()> = Mutex::new(());

fn get(path: &str, headers: &[(&str, &str)]) -> Answer {
    common::http::request(server().addr, "GET", path, headers, None)
}

fn decode(a: &Answer) -> Vec<u8> {
    let mut out = Vec::new();
    match a.header("content-encoding") {
        None => return a.bytes.clone(),
        Some("gzip") => flate2::read::GzDecoder::new(&a.bytes[..])
            .read_to_end(&mut out)
            .map(|_| ()),
        Some("br") => brotli::Decompressor::new(&a.bytes[..], 4096)
            .read_to_end(&mut out)
            .map(|_| ()),
        Some(other) => panic!("unexpected coding {other}"),
    }
    .expect("the body decodes");
    out
}

/// Answers that are kept (anonymous, deterministic) and answers made per request.
const PATHS: [&str; 13] = [
    "/collections/municipalities_2021/items?limit=100",
    "/collections/settlements/items?limit=100",
    "/collections/settlements/items?limit=10&bbox=26,55.8,27,56.2",
    "/collections",
    "/collections/municipalities_2021",
    "/collections/municipalities_2021/items/LV-DGV",
    "/api",
    "/",
    "/analysis/coverage?vintage=2021",
    "/export/coverage.csv",
    "/analysis/progress",
    "/reports/LV-DGV?f=html",
    "/collections/municipalities_2021/tiles/WebMercatorQuad/7/39/73",
];

#[test]
fn compressed_answers_decode_to_exactly_the_identity_answer() {
    let _data = DATA.lock().unwrap_or_else(|e| e.into_inner());
    for path in PATHS {
        let plain = get(path, &[]);
        assert_eq!(plain.status, 200, "{path}: {}", plain.body);
        assert_eq!(plain.header("content-encoding"), None, "{path}");
        assert!(plain.bytes.len() > 1024, "{path}: big enough to compress");
        let tag = plain.header("etag").expect("ETag").to_string();
        assert!(tag.starts_with('"') && tag.ends_with('"'), "strong: {tag}");
        for (accept, coding, suffix) in [
            ("gzip", "gzip", "-gz"),
            ("gzip, deflate, br", "br", "-br"),
            ("br;q=0.5, gzip;q=0.8", "gzip", "-gz"),
            ("br;q=0, gzip;q=0", "identity", ""),
        ] {
            let a = get(path, &[("Accept-Encoding", accept)]);
            assert_eq!(a.status, 200, "{path} {accept}");
            let sent = a.header("content-encoding").unwrap_or("identity");
            assert_eq!(sent, coding, "{path} {accept}");
            assert_eq!(decode(&a), plain.bytes, "{path} {accept}: same body");
            let expected = format!("{}{suffix}\"", tag.trim_end_matches('"'));
            assert_eq!(a.header("etag"), Some(expected.as_str()), "{path} {accept}");
            assert!(a.header("vary").unwrap_or("").contains("Accept-Encoding"));
            if coding != "identity" {
                assert!(a.bytes.len() < plain.bytes.len(), "{path}: compressed");
            }
        }
    }
}

#[test]
fn a_current_etag_gets_304_without_a_body_and_a_stale_one_200() {
    let _data = DATA.lock().unwrap_or_else(|e| e.into_inner());
    for path in [PATHS[0], PATHS[3], PATHS[6], PATHS[8], PATHS[10]] {
        let first = get(path, &[("Accept-Encoding", "gzip")]);
        let tag = first.header("etag").unwrap().to_string();
        assert_eq!(first.header("cache-control"), Some("public, no-cache"));
        // The copy a client holds, in the coding it has or in another one.
        for (held, accept) in [
            (tag.clone(), "gzip"),
            (tag.clone(), "br"),
            (tag.replace("-gz", ""), ""),
        ] {
            let again = get(
                path,
                &[("If-None-Match", &held), ("Accept-Encoding", accept)],
            );
            assert_eq!(again.status, 304, "{path} {held} {accept}");
            assert!(again.bytes.is_empty(), "{path}: a 304 has no body");
            assert!(again.header("etag").is_some() && again.header("cache-control").is_some());
        }
        let listed = format!("\"stale\", {tag}");
        assert_eq!(get(path, &[("If-None-Match", &listed)]).status, 304);
        let stale = get(path, &[("If-None-Match", "\"0123456789abcdef\"")]);
        assert_eq!(stale.status, 200, "{path}");
        assert_eq!(stale.bytes, get(path, &[]).bytes);
        let since = first
            .header("last-modified")
            .expect("Last-Modified")
            .to_string();
        assert_eq!(get(path, &[("If-Modified-Since", &since)]).status, 304);
        let long_ago = "Thu, 01 Jan 2015 00:00:00 GMT";
        assert_eq!(get(path, &[("If-Modified-Since", long_ago)]).status, 200);
    }
    let head = common::http::request(server().addr, "HEAD", PATHS[0], &[], None);
    assert_eq!(head.status, 200);
    assert!(head.bytes.is_empty());
    assert_eq!(head.header("etag"), get(PATHS[0], &[]).header("etag"));
}

#[test]
fn a_write_changes_the_etag_of_what_it_changes() {
    let _data = DATA.lock().unwrap_or_else(|e| e.into_inner());
    let s = server();
    let items = "/collections/higher_education_points/items?limit=1000";
    let before = get(items, &[("Accept-Encoding", "br")]);
    let tag = before.header("etag").unwrap().to_string();
    let point = json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [26.51, 55.88]},
        "properties": {"measure_id": "hr-03", "place_name": "HTTP cache test site", "precision": "exact",
                       "provenance": "https://example.lv/cache", "note": "made by tests/http_cache.rs"}});
    let auth = format!("Bearer {}", s.editor);
    let made = common::http::request(
        s.addr,
        "POST",
        "/collections/higher_education_points/items",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/geo+json"),
        ],
        Some(&point.to_string()),
    );
    assert_eq!(made.status, 201, "{}", made.body);
    let after = get(items, &[("If-None-Match", &tag), ("Accept-Encoding", "br")]);
    assert_eq!(after.status, 200, "the held copy is stale now");
    assert_ne!(after.header("etag"), Some(tag.as_str()));
    let text = String::from_utf8(decode(&after)).unwrap();
    assert!(
        text.contains("HTTP cache test site"),
        "the new answer, not a kept one"
    );
    let gone = made
        .header("location")
        .unwrap()
        .split_once("/collections")
        .unwrap()
        .1;
    let fid = format!("/collections{gone}");
    let tag_now = get(&fid, &[]).header("etag").unwrap().to_string();
    let deleted = common::http::request(
        s.addr,
        "DELETE",
        &fid,
        &[("Authorization", &auth), ("If-Match", &tag_now)],
        None,
    );
    assert_eq!(deleted.status, 204, "{}", deleted.body);
}

#[test]
fn authenticated_answers_are_private_and_never_served_to_anyone_else() {
    let s = server();
    let path = "/collections/settlements/items?limit=5";
    let analyst = format!("Bearer {}", s.analyst);
    let a = get(
        path,
        &[("Authorization", &analyst), ("Accept-Encoding", "gzip")],
    );
    assert_eq!(a.status, 200);
    assert_eq!(a.header("cache-control"), Some("private, no-cache"));
    assert!(a.header("vary").unwrap().contains("Authorization"));
    // A refused token's answer is not kept for the next anonymous caller.
    let refused = get(path, &[("Authorization", "Bearer pbz_not-a-token")]);
    assert_eq!(refused.status, 401);
    let anonymous = get(path, &[]);
    assert_eq!(anonymous.status, 200);
    assert_eq!(anonymous.header("cache-control"), Some("public, no-cache"));
    // An error is never given a validator or kept.
    let missing = get("/collections/nope/items", &[("Accept-Encoding", "gzip")]);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("etag"), None);
}

/// A URL asked once is compressed at the fastest level and its ETag is weak (the kept
/// level's bytes differ); asked again, the kept body is made at the better level with
/// the strong tag. Both decode to the identity body, and the weak tag revalidates.
#[test]
fn a_first_answer_is_compressed_fast_and_weakly_tagged_the_kept_one_strongly() {
    let _data = DATA.lock().unwrap_or_else(|e| e.into_inner());
    let path = "/collections/settlements/items?limit=100&offset=3";
    let br = [("Accept-Encoding", "gzip, deflate, br")];
    let first = get(path, &br);
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.header("content-encoding"), Some("br"));
    let weak = first.header("etag").expect("ETag").to_string();
    assert!(
        weak.starts_with("W/\"") && weak.ends_with("-br\""),
        "weak: {weak}"
    );
    let second = get(path, &br);
    let strong = second.header("etag").expect("ETag").to_string();
    assert_eq!(
        strong,
        weak.trim_start_matches("W/"),
        "the same content, now strong"
    );
    let plain = get(path, &[]);
    assert_eq!(decode(&first), plain.bytes);
    assert_eq!(decode(&second), plain.bytes);
    assert!(
        second.bytes.len() < first.bytes.len(),
        "kept level {} B, first answer {} B",
        second.bytes.len(),
        first.bytes.len()
    );
    let again = get(path, &[br[0], ("If-None-Match", weak.as_str())]);
    assert_eq!(again.status, 304, "the weak tag revalidates");
}
