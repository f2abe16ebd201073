//! The write path over HTTP (OGC API – Features Part 4 on the measure locations):
//! a real server on loopback over a fresh store (SQLite, or PostGIS with
//! `PIEROBEZA_TEST_DATABASE=postgres`), spoken to with raw HTTP/1.1 so that every
//! header is the test's own.

mod common;

use std::f64::consts::PI;

use common::http::Answer;
use common::live::server;
use serde_json::{json, Value};

/// One request on a fresh connection.
fn request(method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> Answer {
    common::http::request(server().addr, method, path, headers, body)
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn get(path: &str) -> Answer {
    request("GET", path, &[], None)
}

/// Feature ids of a collection.
fn ids(collection: &str) -> Vec<String> {
    let a = get(&format!("/collections/{collection}/items?limit=10000"));
    assert_eq!(a.status, 200, "{}", a.body);
    a.json()["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

/// The first feature of a collection.
fn first(collection: &str) -> Value {
    get(&format!("/collections/{collection}/items?limit=1")).json()["features"][0].clone()
}

fn write(
    method: &str,
    path: &str,
    token: Option<&str>,
    extra: &[(&str, &str)],
    body: &Value,
) -> Answer {
    let ct = if method == "PATCH" {
        "application/merge-patch+json"
    } else {
        "application/geo+json"
    };
    send(ct, method, path, token, extra, body)
}

/// A request with a body of media type `ct`, as the holder of `token`.
fn send(
    ct: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    extra: &[(&str, &str)],
    body: &Value,
) -> Answer {
    let auth = token.map(bearer);
    let mut headers: Vec<(&str, &str)> = vec![("Content-Type", ct)];
    if let Some(a) = &auth {
        headers.push(("Authorization", a));
    }
    headers.extend_from_slice(extra);
    request(method, path, &headers, Some(&body.to_string()))
}

fn new_point(measure: &str, name: &str, lon: f64, lat: f64) -> Value {
    json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
           "properties": {"measure_id": measure, "place_name": name, "precision": "exact",
                          "provenance": "https://example.lv/site", "note": "made by the test"}})
}

#[test]
fn create_replace_patch_delete_and_the_history_they_leave() {
    let s = server();
    let c = "higher_education_points";
    let before = ids(c);
    let a = write(
        "POST",
        &format!("/collections/{c}/items"),
        Some(&s.editor),
        &[],
        &new_point("hr-03", "Daugavpils Universitāte, jaunā ēka", 26.52, 55.87),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let location = a.header("location").expect("Location").to_string();
    let prefix = format!("http://{}/collections/{c}/items/", s.addr);
    assert!(location.starts_with(&prefix), "{location}");
    let fid = location.rsplit("/items/").next().unwrap().to_string();
    assert_eq!(fid, "hr-03-daugavpils-universitate-jauna-eka");
    let etag1 = a.header("etag").expect("ETag").to_string();
    assert!(etag1.starts_with("\"1-"), "{etag1}");
    assert_eq!(
        a.json()["properties"]["location_id"],
        "hr-03/daugavpils-universitate-jauna-eka"
    );

    // Visible at once, in the item and in the items.
    let item = format!("/collections/{c}/items/{fid}");
    let g = get(&item);
    assert_eq!(g.status, 200, "{}", g.body);
    assert_eq!(g.header("etag"), Some(etag1.as_str()));
    assert_eq!(g.json()["properties"]["municipalities"], "LV-DGV");
    assert_eq!(ids(c).len(), before.len() + 1);

    // PUT the feature back as read, with a new note.
    let mut f = g.json();
    f["properties"]["note"] = json!("replaced");
    f.as_object_mut().unwrap().remove("links");
    let p = write("PUT", &item, Some(&s.editor), &[("If-Match", &etag1)], &f);
    assert_eq!(p.status, 200, "{}", p.body);
    let etag2 = p.header("etag").unwrap().to_string();
    assert!(etag2.starts_with("\"2-"), "{etag2}");
    assert_eq!(p.json()["properties"]["note"], "replaced");

    // PATCH the geometry only (a merge patch keeps the rest).
    let patch = json!({"geometry": {"type": "Point", "coordinates": [26.53, 55.875]}});
    let u = request(
        "PATCH",
        &item,
        &[
            ("Content-Type", "application/merge-patch+json"),
            ("Authorization", &bearer(&s.editor)),
        ],
        Some(&patch.to_string()),
    );
    assert_eq!(u.status, 200, "{}", u.body);
    let after = get(&item).json();
    assert_eq!(after["geometry"]["coordinates"], json!([26.53, 55.875]));
    assert_eq!(after["properties"]["note"], "replaced");
    assert!(u.header("etag").unwrap().starts_with("\"3-"));

    // DELETE: gone from the items, kept in the history.
    let d = request(
        "DELETE",
        &item,
        &[("Authorization", &bearer(&s.editor))],
        None,
    );
    assert_eq!(d.status, 204, "{}", d.body);
    assert_eq!(get(&item).status, 404);
    assert_eq!(ids(c), before);

    let h = get(&format!("{item}/history"));
    assert_eq!(h.status, 200, "{}", h.body);
    let versions = h.json()["versions"].as_array().unwrap().clone();
    let ops: Vec<(i64, &str, &str, &str)> = versions
        .iter()
        .map(|v| {
            (
                v["version"].as_i64().unwrap(),
                v["op"].as_str().unwrap(),
                v["author"].as_str().unwrap(),
                v["changeset_kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ops,
        vec![
            (1, "create", "editor-test", "api"),
            (2, "replace", "editor-test", "api"),
            (3, "update", "editor-test", "api"),
            (4, "delete", "editor-test", "api"),
        ]
    );
    assert_eq!(versions[1]["properties"]["note"], "replaced");
    assert_eq!(
        versions[2]["geometry"]["coordinates"],
        json!([26.53, 55.875])
    );
    assert!(versions[3]["properties"].is_null());
}

#[test]
fn the_history_starts_at_the_baseline() {
    let f = first("mobility_points");
    let fid = f["id"].as_str().unwrap();
    let h = get(&format!("/collections/mobility_points/items/{fid}/history"));
    assert_eq!(h.status, 200, "{}", h.body);
    let v = &h.json()["versions"][0];
    assert_eq!(v["version"], 1);
    assert_eq!(v["op"], "create");
    assert_eq!(v["author"], "baseline");
    assert_eq!(v["changeset_kind"], "baseline");
    assert_eq!(v["at"], "2025-01-20T00:00:00.000000Z");
    assert_eq!(v["properties"]["measure_id"], f["properties"]["measure_id"]);
    assert_eq!(
        get("/collections/mobility_points/items/no-such/history").status,
        404
    );
}

#[test]
fn writes_need_an_editor_token_in_the_authorization_header() {
    let s = server();
    let c = "disaster_management_centres_candidates_points";
    let before = ids(c);
    let f = first(c);
    let measure = f["properties"]["measure_id"].as_str().unwrap().to_string();
    let body = json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [27.0, 56.5]},
        "properties": {"measure_id": measure, "precision": "settlement", "provenance": "news", "site_status": "candidate"}});
    let items = format!("/collections/{c}/items");

    let none = write("POST", &items, None, &[], &body);
    assert_eq!(none.status, 401, "{}", none.body);
    assert!(none
        .header("www-authenticate")
        .unwrap()
        .starts_with("Bearer"));
    assert_eq!(none.json()["code"], "Unauthorized");

    for bad in ["pbz_not-a-token", s.revoked.as_str()] {
        let a = write("POST", &items, Some(bad), &[], &body);
        assert_eq!(a.status, 401, "{}", a.body);
        assert!(a
            .header("www-authenticate")
            .unwrap()
            .contains("invalid_token"));
    }
    // Not a bearer token, or one in the query string: not a credential.
    let basic = request(
        "POST",
        &items,
        &[
            ("Authorization", "Basic ZWQ6cHc="),
            ("Content-Type", "application/json"),
        ],
        Some(&body.to_string()),
    );
    assert_eq!(basic.status, 401);
    let query = write(
        "POST",
        &format!("{items}?access_token={}", s.editor),
        None,
        &[],
        &body,
    );
    assert_eq!(query.status, 401);

    let analyst = write("POST", &items, Some(&s.analyst), &[], &body);
    assert_eq!(analyst.status, 403, "{}", analyst.body);
    assert_eq!(analyst.json()["code"], "Forbidden");

    let fid = f["id"].as_str().unwrap();
    for method in ["PUT", "PATCH", "DELETE"] {
        let a = write(method, &format!("{items}/{fid}"), None, &[], &f);
        assert_eq!(a.status, 401, "{method}: {}", a.body);
        let a = write(method, &format!("{items}/{fid}"), Some(&s.analyst), &[], &f);
        assert_eq!(a.status, 403, "{method}: {}", a.body);
    }
    // Read-only collections refuse writes whoever asks.
    let ro = write(
        "POST",
        "/collections/municipalities_2021/items",
        Some(&s.editor),
        &[],
        &body,
    );
    assert_eq!(ro.status, 405, "{}", ro.body);
    assert_eq!(ro.header("allow"), Some("GET, HEAD, OPTIONS"));

    assert_eq!(ids(c), before, "nothing was stored");
    let now = get(&format!("{items}/{fid}")).json();
    assert_eq!(now["properties"], f["properties"]);
    assert_eq!(now["geometry"], f["geometry"]);
}

#[test]
fn a_stale_if_match_is_refused_and_the_feature_stays() {
    let s = server();
    let c = "hospitals_points";
    let f = first(c);
    let fid = f["id"].as_str().unwrap();
    let item = format!("/collections/{c}/items/{fid}");
    let g = get(&item);
    let etag = g.header("etag").expect("ETag on GET item").to_string();
    // A tag of another version, and a weak one (never matches strongly).
    let (v, rest) = etag.trim_matches('"').split_once('-').unwrap();
    let stale = format!("\"{}-{rest}\"", v.parse::<i64>().unwrap() + 7);
    for tag in [stale.as_str(), &format!("W/{etag}")] {
        for method in ["PATCH", "PUT", "DELETE"] {
            let body = if method == "PATCH" {
                json!({"properties": {"note": "must not be stored"}})
            } else {
                let mut b = g.json();
                b["properties"]["note"] = json!("must not be stored");
                b
            };
            let a = write(method, &item, Some(&s.editor), &[("If-Match", tag)], &body);
            assert_eq!(a.status, 412, "{method} {tag}: {}", a.body);
            assert_eq!(a.json()["code"], "PreconditionFailed");
        }
    }
    let after = get(&item);
    assert_eq!(after.header("etag"), Some(etag.as_str()));
    assert_eq!(after.json()["properties"], g.json()["properties"]);
    let h = get(&format!("{item}/history")).json();
    assert_eq!(h["versions"].as_array().unwrap().len(), 1, "{h}");
}

#[test]
fn an_invalid_feature_is_refused_naming_the_field_and_nothing_is_stored() {
    let s = server();
    let c = "mobility_points";
    let before = ids(c);
    let measure = first(c)["properties"]["measure_id"]
        .as_str()
        .unwrap()
        .to_string();
    let items = format!("/collections/{c}/items");
    let ok = new_point(&measure, "x", 27.0, 56.5);
    let with = |path: &[&str], v: Value| {
        let mut b = ok.clone();
        let mut at = &mut b;
        for p in &path[..path.len() - 1] {
            at = &mut at[*p];
        }
        if v.is_null() {
            at.as_object_mut().unwrap().remove(path[path.len() - 1]);
        } else {
            at[path[path.len() - 1]] = v;
        }
        b
    };
    let cases = [
        (
            with(&["properties", "precision"], json!("huge")),
            "properties.precision",
        ),
        (
            with(&["properties", "precision"], Value::Null),
            "properties.precision",
        ),
        (
            with(&["properties", "provenance"], Value::Null),
            "properties.provenance",
        ),
        // Exact needs a cited URL.
        (
            with(&["properties", "provenance"], json!("a phone call")),
            "properties.provenance",
        ),
        (
            with(&["properties", "measure_id"], Value::Null),
            "properties.measure_id",
        ),
        (
            with(&["properties", "measure_id"], json!("no-such-measure")),
            "properties.measure_id",
        ),
        // A measure of another kind is served in another collection.
        (
            with(&["properties", "measure_id"], json!("hr-03")),
            "properties.measure_id",
        ),
        (
            with(&["properties", "site_status"], json!("maybe")),
            "properties.site_status",
        ),
        (
            with(&["properties", "colour"], json!("red")),
            "properties.colour",
        ),
        // Rīga: in Latvia, not in the plan territory; Tallinn: not in Latvia.
        (
            with(&["geometry", "coordinates"], json!([24.1, 56.95])),
            "geometry",
        ),
        (
            with(&["geometry", "coordinates"], json!([24.75, 59.43])),
            "geometry",
        ),
        (
            with(&["geometry", "coordinates"], json!([56.5, 27.0])),
            "geometry",
        ),
        (with(&["geometry"], Value::Null), "geometry"),
        (with(&["geometry", "type"], json!("Polygon")), "geometry"),
        // A line is served among the lines, not here.
        (
            with(
                &["geometry"],
                json!({"type": "LineString", "coordinates": [[27.0, 56.5], [27.1, 56.5]]}),
            ),
            "geometry",
        ),
        (with(&["type"], json!("FeatureCollection")), "type"),
    ];
    for (body, field) in cases {
        let a = write("POST", &items, Some(&s.editor), &[], &body);
        assert_eq!(a.status, 400, "{field}: {}", a.body);
        assert_eq!(a.json()["field"], field, "{}", a.body);
    }
    let crs = write(
        "POST",
        &items,
        Some(&s.editor),
        &[("Content-Crs", "http://www.opengis.net/def/crs/EPSG/0/3059")],
        &ok,
    );
    assert_eq!(crs.status, 400);
    assert_eq!(crs.json()["field"], "Content-Crs");
    let not_json = request(
        "POST",
        &items,
        &[
            ("Authorization", &bearer(&s.editor)),
            ("Content-Type", "application/json"),
        ],
        Some("{not json"),
    );
    assert_eq!(not_json.status, 400);
    let text = request(
        "POST",
        &items,
        &[
            ("Authorization", &bearer(&s.editor)),
            ("Content-Type", "text/plain"),
        ],
        Some(&ok.to_string()),
    );
    assert_eq!(text.status, 415);
    assert_eq!(ids(c), before, "nothing was stored");
}

#[test]
fn options_answers_allow_and_cors_preflights_never_allow_writes() {
    let a = request("OPTIONS", "/collections/mobility_points/items", &[], None);
    assert_eq!(a.status, 204);
    assert_eq!(a.header("allow"), Some("GET, HEAD, OPTIONS, POST"));
    let fid = first("mobility_points")["id"].as_str().unwrap().to_string();
    for id in [fid.as_str(), "unknown_id"] {
        let a = request(
            "OPTIONS",
            &format!("/collections/mobility_points/items/{id}"),
            &[("Authorization", "Bearer whatever")],
            None,
        );
        assert_eq!(a.status, 204, "{id}");
        assert_eq!(
            a.header("allow"),
            Some("GET, HEAD, OPTIONS, PUT, PATCH, DELETE")
        );
    }
    for path in [
        "/collections/municipalities_2021/items",
        "/collections/municipalities_2021/items/LV-058",
    ] {
        let a = request("OPTIONS", path, &[], None);
        assert_eq!(a.status, 204, "{path}");
        assert_eq!(a.header("allow"), Some("GET, HEAD, OPTIONS"), "{path}");
    }
    assert_eq!(
        request("OPTIONS", "/collections/nope/items", &[], None).status,
        404
    );

    // A foreign page's preflight for a write with a token: the CORS layer answers,
    // and allows neither the method nor the Authorization header.
    let pre = request(
        "OPTIONS",
        "/collections/mobility_points/items",
        &[
            ("Origin", "https://evil.example"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization, content-type",
            ),
        ],
        None,
    );
    assert!(pre.status < 300, "{pre:?}");
    assert!(pre.header("allow").is_none(), "{pre:?}");
    let methods = pre.header("access-control-allow-methods").unwrap_or("");
    assert!(
        !methods.contains("POST") && methods.contains("GET"),
        "{methods}"
    );
    let allowed = pre
        .header("access-control-allow-headers")
        .unwrap_or("")
        .to_ascii_lowercase();
    assert!(!allowed.contains("authorization"), "{allowed}");
    assert!(pre.header("access-control-allow-credentials").is_none());
}

#[test]
fn conformance_and_the_openapi_document_advertise_the_writes() {
    let c = get("/conformance").json();
    let classes: Vec<&str> = c["conformsTo"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for want in [
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    ] {
        assert!(classes.contains(&want), "{classes:?}");
    }
    let doc = get("/api").json();
    let items = &doc["paths"]["/collections/{collectionId}/items"];
    assert_eq!(
        items["post"]["responses"]["401"]["$ref"],
        "#/components/responses/Unauthorized"
    );
    let item = &doc["paths"]["/collections/{collectionId}/items/{featureId}"];
    for m in ["put", "patch", "delete"] {
        for code in ["401", "403", "412", "400"] {
            assert!(item[m]["responses"][code].is_object(), "{m} {code}");
        }
        assert_eq!(item[m]["security"][0]["bearerAuth"], json!([]));
    }
    // The writes' collectionId names the measure locations only.
    assert_eq!(
        items["post"]["parameters"][0]["$ref"],
        "#/components/parameters/locationCollectionId"
    );
    let locations = doc["components"]["schemas"]["LocationCollectionId"]["enum"]
        .as_array()
        .unwrap();
    assert!(locations.contains(&json!("mobility_points")));
    assert!(!locations.contains(&json!("municipalities_2021")));
    assert_eq!(
        doc["components"]["securitySchemes"]["bearerAuth"]["scheme"],
        "bearer"
    );
}

#[test]
fn datetime_reads_the_plan_as_it_stood_then() {
    let s = server();
    // Not the collection the create/replace/delete test lists (tests share the server).
    let c = "hospitals_points";
    let now = || chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let before = now();
    let a = write(
        "POST",
        &format!("/collections/{c}/items"),
        Some(&s.editor),
        &[],
        &new_point("hr-07", "As-of test site", 26.61, 55.91),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let fid = a
        .header("location")
        .unwrap()
        .rsplit("/items/")
        .next()
        .unwrap()
        .to_string();
    let after = now();
    let enc = |t: &str| t.replace(':', "%3A").replace('+', "%2B");
    let listed = |t: &str| {
        let a = get(&format!(
            "/collections/{c}/items?limit=10000&datetime={}",
            enc(t)
        ));
        assert_eq!(a.status, 200, "{}", a.body);
        a.json()["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == fid.as_str())
    };
    assert!(
        !listed("2025-01-20T00:00:00Z"),
        "the baseline has no such site"
    );
    assert!(!listed(&before));
    assert!(listed(&after));
    assert!(ids(c).contains(&fid));
    let item = |t: &str| get(&format!("/collections/{c}/items/{fid}?datetime={}", enc(t))).status;
    assert_eq!((item(&before), item(&after)), (404, 200));
    // The analyses read the same past: nearest to the new site itself.
    let nearest = |t: &str| {
        let a = get(&format!(
            "/analysis/nearest?lon=26.61&lat=55.91&layer={c}&k=1&datetime={}",
            enc(t)
        ));
        assert_eq!(a.status, 200, "{}", a.body);
        a.json()["features"][0].clone()
    };
    assert_eq!(nearest(&after)["id"], fid.as_str());
    assert_eq!(nearest(&after)["properties"]["distance_m"], 0.0);
    assert_ne!(nearest(&before)["id"], fid.as_str());
    let cov = get("/analysis/coverage?datetime=2025-01-20T00%3A00%3A00Z");
    assert_eq!(cov.status, 200, "{}", cov.body);
    for bad in [
        "2025-01-20T00%3A00%3A00Z%2F..",
        "2024-12-31T00%3A00%3A00Z",
        "yesterday",
    ] {
        let a = get(&format!("/collections/{c}/items?datetime={bad}"));
        assert_eq!(a.status, 400, "{bad}: {}", a.body);
        assert!(a.body.contains("datetime"), "{}", a.body);
    }
}

/// Every anonymous output as text (GeoPackage bytes as they are).
fn anonymous_outputs() -> Vec<(String, Vec<u8>)> {
    let mut paths: Vec<String> = vec!["/collections".into(), "/analysis/coverage".into()];
    let cols = get("/collections").json();
    for c in cols["collections"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        paths.push(format!("/collections/{id}/items?limit=10000"));
        for crs in ["EPSG:3059", "EPSG:4326"] {
            paths.push(format!("/collections/{id}/items?limit=10000&crs={crs}"));
        }
        paths.push(format!("/export/{id}.geojson"));
        paths.push(format!("/export/{id}.csv"));
        if c["id"].as_str().unwrap().ends_with("_points") || id == "settlements" {
            for (lon, lat) in [
                (27.123457, 55.876543),
                (27.2, 55.9),
                (26.5, 56.0),
                (27.0, 55.8),
            ] {
                paths.push(format!(
                    "/analysis/nearest?lon={lon}&lat={lat}&layer={id}&k=1000"
                ));
                paths.push(format!(
                    "/analysis/within?lon={lon}&lat={lat}&layer={id}&radius_m=1000000"
                ));
            }
            paths.push(format!(
                "/analysis/coverage?layer={id}&radius_m=5000&format=geojson"
            ));
        }
    }
    // The GeoPackage needs the GDAL build (scripts/test.sh runs this test there too).
    let gpkg = "/export/pierobeza.gpkg";
    if cfg!(feature = "gdal") {
        paths.push(gpkg.into());
    } else {
        assert_eq!(get(gpkg).status, 503);
    }
    paths.push("/export/coverage.csv".into());
    paths
        .into_iter()
        .map(|p| {
            let a = request("GET", &p, &[("Accept-Encoding", "identity")], None);
            assert_eq!(a.status, 200, "{p}: {}", a.body);
            (p, a.body.into_bytes())
        })
        .collect()
}

#[test]
fn a_restricted_site_is_exact_for_analysts_and_public_precision_for_everyone_else() {
    let s = server();
    let (lon, lat) = (27.123457, 55.876543);
    let mut f = new_point("sec-02", "Restricted test park", lon, lat);
    f["properties"]["note"] = json!("an exact site of a measure that does not publish them");
    let a = write(
        "POST",
        "/collections/countermobility_parks_areas/items",
        Some(&s.editor),
        &[],
        &f,
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let location = a.header("location").unwrap().to_string();
    assert!(
        location.contains("/collections/countermobility_parks_points/items/"),
        "{location}"
    );
    assert_eq!(a.json()["geometry"]["coordinates"], json!([lon, lat]));
    let fid = location.rsplit("/items/").next().unwrap().to_string();
    let item = format!("/collections/countermobility_parks_points/items/{fid}");

    // The analyst reads the point, in the item, the items and the analyses.
    let analyst = [("Authorization", bearer(&s.analyst))];
    let auth: Vec<(&str, &str)> = analyst.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = request("GET", &item, &auth, None);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["geometry"]["coordinates"], json!([lon, lat]));
    let near = request(
        "GET",
        &format!("/analysis/nearest?lon={lon}&lat={lat}&layer=countermobility_parks_points&k=1"),
        &auth,
        None,
    );
    assert_eq!(near.status, 200, "{}", near.body);
    assert_eq!(near.json()["features"][0]["properties"]["distance_m"], 0.0);
    // Its zoom-20 vector tile holds it for the analyst; for the public the layer
    // has no tiles.
    let n = f64::from(1u32 << 20);
    let col = ((lon + 180.0) / 360.0 * n).floor();
    let row = ((1.0 - (lat.to_radians().tan() + 1.0 / lat.to_radians().cos()).ln() / PI) / 2.0 * n)
        .floor();
    let tile =
        format!("/collections/countermobility_parks_points/tiles/WebMercatorQuad/20/{row}/{col}");
    let r = request("GET", &tile, &auth, None);
    assert_eq!(r.status, 200, "{}", r.body);
    let t = <geozero::mvt::Tile as geozero::mvt::Message>::decode(&r.bytes[..]).unwrap();
    assert_eq!(t.layers[0].features.len(), 1);
    assert_eq!(get(&tile).status, 404);
    // In LKS-92 too, northing first (Part 2): the exact point, projected.
    let (e, n) = pierobeza::geom::lks92::to_lks92(lon, lat);
    let r = request("GET", &format!("{item}?crs=EPSG:3059"), &auth, None);
    let c = &r.json()["geometry"]["coordinates"];
    assert!(
        (c[0].as_f64().unwrap() - n).abs() < 1e-3 && (c[1].as_f64().unwrap() - e).abs() < 1e-3,
        "{c} vs N {n} E {e}"
    );
    let h = request("GET", &format!("{item}/history"), &auth, None).json();
    assert_eq!(
        h["versions"][0]["geometry"]["coordinates"],
        json!([lon, lat])
    );

    // Anonymous: no such layer, the site only as its unit, nowhere the point.
    assert_eq!(get(&item).status, 404);
    assert_eq!(
        get("/collections/countermobility_parks_points/items").status,
        404
    );
    let public = get("/collections/countermobility_parks_areas/items?limit=10000").json();
    let mine: Vec<&Value> = public["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["place_name"] == "Restricted test park")
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["geometry"]["type"], "MultiPolygon");
    assert_eq!(mine[0]["properties"]["precision"], "municipality");
    let h = get(&format!("{item}/history"));
    assert_eq!(
        h.status, 404,
        "anonymous history of a restricted layer: {}",
        h.body
    );
    let h = get(&format!(
        "/collections/countermobility_parks_areas/items/{fid}/history"
    ));
    assert_eq!(h.status, 200, "{}", h.body);
    let v0 = &h.json()["versions"][0];
    assert!(
        v0["geometry"].is_null() && v0["properties"]["place_name"].is_null(),
        "{v0}"
    );
    assert!(!h.body.contains("27.12345"), "{}", h.body);
    let (lon_b, lat_b) = (lon.to_le_bytes(), lat.to_le_bytes());
    for (path, body) in anonymous_outputs() {
        let text = String::from_utf8_lossy(&body);
        let (e_m, n_m) = (format!("{e:.1}"), format!("{n:.1}"));
        for needle in ["27.123457", "55.876543", "27.12345", "55.87654", &e_m, &n_m] {
            assert!(
                !text.contains(needle),
                "{path} shows the restricted point ({needle})"
            );
        }
        for b in [&lon_b, &lat_b] {
            assert!(
                !body.windows(8).any(|w| w == b),
                "{path} holds the point's bytes"
            );
        }
    }
}

#[test]
fn whoami_names_the_token_holder_and_refuses_a_bad_token() {
    let s = server();
    let who = |token: &str| {
        request(
            "GET",
            "/auth/whoami",
            &[("Authorization", &bearer(token))],
            None,
        )
    };
    let e = who(&s.editor);
    assert_eq!(e.status, 200, "{}", e.body);
    assert_eq!(
        e.json(),
        json!({"name": "editor-test", "role": "editor", "can_write": true})
    );
    assert!(!e.body.contains(&s.editor), "the token is never echoed");
    let a = who(&s.analyst).json();
    assert_eq!(
        (a["role"].as_str(), a["can_write"].as_bool()),
        (Some("analyst"), Some(false))
    );
    for bad in ["pbz_not-a-token", s.revoked.as_str()] {
        let r = who(bad);
        assert_eq!(r.status, 401, "{}", r.body);
        assert!(r
            .header("www-authenticate")
            .unwrap()
            .contains("invalid_token"));
    }
    let none = get("/auth/whoami");
    assert_eq!(none.status, 401, "{}", none.body);
    assert_eq!(none.json()["code"], "Unauthorized");
    let doc = get("/api").json();
    assert!(doc["paths"]["/auth/whoami"]["get"]["responses"]["401"].is_object());
}

#[test]
fn the_first_road_section_opens_the_lines_layer_and_counts_in_coverage_at_once() {
    let s = server();
    let km = |code: &str| {
        let c = get(&format!(
            "/analysis/coverage?municipality={code}&format=json"
        ))
        .json();
        c["units"][0]["line_km_by_kind"]["roads"]
            .as_f64()
            .unwrap_or(0.0)
    };
    assert_eq!(
        get("/collections/roads_lines").status,
        404,
        "no road has a line yet"
    );
    let before = km("LV-058");
    let road = json!({"type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [[27.70, 56.54], [27.80, 56.54]]},
        "properties": {"measure_id": "eco-10", "place_name": "Test road section", "precision": "exact",
                       "provenance": "https://example.lv/road", "note": "drawn by the test"}});
    // Anonymous: the layer that does not exist yet is not named.
    assert_eq!(
        write("POST", "/collections/roads_lines/items", None, &[], &road).status,
        404
    );
    // Not a layer any measure would be served in.
    let nope = write(
        "POST",
        "/collections/nothing_lines/items",
        Some(&s.editor),
        &[],
        &road,
    );
    assert_eq!(nope.status, 404, "{}", nope.body);
    let a = write(
        "POST",
        "/collections/roads_lines/items",
        Some(&s.editor),
        &[],
        &road,
    );
    assert_eq!(a.status, 201, "{}", a.body);
    assert!(a
        .header("location")
        .unwrap()
        .contains("/collections/roads_lines/items/"));
    assert_eq!(get("/collections/roads_lines").status, 200);
    // 0.1° of longitude at 56.54° N is about 6.1 km (LKS-92 lengths, computed by the server).
    let added = km("LV-058") - before;
    assert!((5.8..6.4).contains(&added), "{added} km");
}

/// A JSON write to the progress endpoints.
fn send_json(
    method: &str,
    path: &str,
    token: Option<&str>,
    extra: &[(&str, &str)],
    body: &Value,
) -> Answer {
    send("application/json", method, path, token, extra, body)
}

/// Ludzas novads' coverage row and the funded pool's reconciliation, as of `datetime`.
fn ludza_and_funded_pool(datetime: Option<&str>) -> (Value, Value) {
    let q = datetime
        .map(|t| format!("?datetime={}", t.replace(':', "%3A")))
        .unwrap_or_default();
    let a = get(&format!("/analysis/coverage{q}"));
    assert_eq!(a.status, 200, "{}", a.body);
    let cov = a.json();
    let unit = cov["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name_lv"] == "Ludzas novads")
        .unwrap()
        .clone();
    (
        unit,
        cov["plan_level"]["allocations_by_pool"]["funded"].clone(),
    )
}

/// in units + territory-wide + unallocated = the pool.
fn reconciles(pool: &Value, amount: f64) {
    let f = |k: &str| pool[k].as_f64().unwrap();
    assert_eq!(f("pool_eur"), amount);
    let sum =
        f("allocated_in_units_eur") + f("allocated_territory_wide_eur") + f("unallocated_eur");
    assert!((sum - amount).abs() < 1e-6, "{pool}");
}

fn eco13_dwellings(date: &str, datetime: Option<&str>) -> Value {
    let q = datetime
        .map(|t| format!("&datetime={}", t.replace(':', "%3A")))
        .unwrap_or_default();
    let a = get(&format!("/analysis/progress?date={date}{q}"));
    assert_eq!(a.status, 200, "{}", a.body);
    a.json()["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicator_id"] == "eco-13/dwellings")
        .unwrap()
        .clone()
}

#[test]
fn an_allocation_and_two_values_written_by_an_editor_change_coverage_and_progress_but_not_the_past()
{
    let s = server();
    let before = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let (unit0, pool0) = ludza_and_funded_pool(None);
    let code = unit0["code"].as_str().unwrap().to_string();
    assert!(unit0["allocated_eur"].is_null(), "{unit0}");
    assert!(unit0["allocated_unknown_reason"].as_str().is_some());
    reconciles(&pool0, 476_082_274.0);
    let alloc = json!({"measure_id": "eco-13", "municipality": code, "amount_eur": 250000.0,
        "pool": "funded", "kind": "eu_funds", "date": "2026-04-01",
        "source": "https://example.lv/ludza-social-housing (test)", "note": "written by the test"});
    assert_eq!(
        send_json("POST", "/progress/allocations", None, &[], &alloc).status,
        401
    );
    let a = send_json(
        "POST",
        "/progress/allocations",
        Some(&s.editor),
        &[],
        &alloc,
    );
    assert_eq!(a.status, 201, "{}", a.body);
    assert!(a.header("etag").is_some() && a.header("location").is_some());
    for (date, value) in [("2026-03-01", 10.0), ("2026-09-01", 20.0)] {
        let v = json!({"measure_id": "eco-13", "indicator_id": "eco-13/dwellings", "date": date,
            "value": value, "source": "https://example.lv/dwellings (test)"});
        let a = send_json("POST", "/progress/values", Some(&s.editor), &[], &v);
        assert_eq!(a.status, 201, "{}", a.body);
    }
    // Coverage: the unit has the money, per inhabitant too, and the pool still adds up.
    let (unit, pool) = ludza_and_funded_pool(None);
    assert_eq!(unit["allocated_eur"].as_f64(), Some(250000.0));
    let pop = unit["population"].as_f64().unwrap();
    assert!((unit["allocated_eur_per_inhabitant"].as_f64().unwrap() - 250000.0 / pop).abs() < 1e-9);
    assert!(unit["allocated_unknown_reason"].is_null());
    reconciles(&pool, 476_082_274.0);
    let moved = |k: &str| pool[k].as_f64().unwrap() - pool0[k].as_f64().unwrap();
    assert_eq!(
        (moved("allocated_in_units_eur"), moved("unallocated_eur")),
        (250000.0, -250000.0)
    );
    // Progress: the latest value by the date, late against the straight path to 143.
    let late = eco13_dwellings("2026-10-01", None);
    assert_eq!(
        (late["latest"].as_f64(), late["latest_date"].as_str()),
        (Some(20.0), Some("2026-09-01"))
    );
    assert_eq!(late["verdict"], "late", "{late}");
    assert_eq!(late["values"].as_array().unwrap().len(), 2);
    assert_eq!(
        eco13_dwellings("2026-05-01", None)["latest"].as_f64(),
        Some(10.0)
    );
    let a = get("/analysis/progress?date=2026-10-01&f=csv&table=units");
    assert!(
        a.body
            .lines()
            .any(|l| l.starts_with(&code) && l.contains(",250000")),
        "{}",
        a.body
    );
    // As of before the writes: the baseline.
    let (unit_then, pool_then) = ludza_and_funded_pool(Some(&before));
    assert!(unit_then["allocated_eur"].is_null());
    assert_eq!(pool_then, pool0);
    let then = eco13_dwellings("2026-10-01", Some(&before));
    assert!(
        then["latest"].is_null() && then["verdict"] == "not_reported",
        "{then}"
    );
}

#[test]
fn a_bad_progress_record_is_refused_naming_the_field_and_a_stale_one_is_not_written() {
    let s = server();
    let ok = json!({"measure_id": "sec-01", "stage": "preparation", "date": "2025-06-01",
        "source": "https://example.lv/centres (test)"});
    for (patch, field) in [
        (json!({"measure_id": "no-such"}), "measure_id"),
        (json!({"stage": "dreaming"}), "stage"),
        (json!({"date": "2024-12-31"}), "date"),
        (json!({"date": "1.6.2025"}), "date"),
        (json!({"source": "a friend"}), "source"),
        (json!({"colour": "red"}), "colour"),
    ] {
        let mut body = ok.clone();
        pierobeza::api::write::merge_patch(&mut body, &patch);
        let a = send_json("POST", "/progress/stages", Some(&s.editor), &[], &body);
        assert_eq!(a.status, 400, "{patch}: {}", a.body);
        assert_eq!(a.json()["field"], field, "{}", a.body);
    }
    let too_much = json!({"measure_id": "sec-01", "amount_eur": 9e10, "pool": "unfunded",
        "kind": "state_budget", "date": "2026-01-01", "source": "https://example.lv/x"});
    let a = send_json(
        "POST",
        "/progress/allocations",
        Some(&s.editor),
        &[],
        &too_much,
    );
    assert_eq!(
        (a.status, a.json()["field"].as_str()),
        (400, Some("amount_eur")),
        "{}",
        a.body
    );
    assert_eq!(
        send_json("POST", "/progress/stages", Some(&s.analyst), &[], &ok).status,
        403
    );
    // Created, amended, then a stale If-Match changes nothing; history keeps both.
    let a = send_json("POST", "/progress/stages", Some(&s.editor), &[], &ok);
    assert_eq!(a.status, 201, "{}", a.body);
    let url = a
        .header("location")
        .unwrap()
        .split_once("/progress/")
        .unwrap()
        .1
        .to_string();
    let url = format!("/progress/{url}");
    let tag1 = a.header("etag").unwrap().to_string();
    let b = send_json(
        "PATCH",
        &url,
        Some(&s.editor),
        &[("If-Match", &tag1)],
        &json!({"note": "amended"}),
    );
    assert_eq!(b.status, 200, "{}", b.body);
    let c = send_json(
        "PATCH",
        &url,
        Some(&s.editor),
        &[("If-Match", &tag1)],
        &json!({"note": "stale"}),
    );
    assert_eq!(c.status, 412, "{}", c.body);
    assert_eq!(get(&url).json()["note"], "amended");
    let h = get(&format!("{url}/history")).json();
    assert_eq!(h["versions"].as_array().unwrap().len(), 2, "{h}");
    assert_eq!(
        send_json("DELETE", &url, Some(&s.editor), &[], &json!({})).status,
        204
    );
    assert_eq!(get(&url).status, 404);
}

/// Coverage reports are kept per data view (src/api/coverage_cache.rs); a write makes a
/// new view, so the next answer counts the new site instead of repeating the kept report.
#[test]
fn coverage_after_a_write_counts_it_and_is_not_the_kept_report() {
    let s = server();
    // A kind no other test writes, at Balvi: far from the other tests' sites (they share
    // the server and may write meanwhile, so only this unit's row is compared).
    let c = "industrial_parks_points";
    let all = "/analysis/coverage?layer=settlements&radius_m=25000";
    let read = |path: &str| {
        let a = get(path);
        assert_eq!(a.status, 200, "{path}: {}", a.body);
        a.json()
    };
    let row = |v: &Value, code: &str| {
        v["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == code)
            .unwrap()
            .clone()
    };
    let first = read(all);
    let a = write(
        "POST",
        &format!("/collections/{c}/items"),
        Some(&s.editor),
        &[],
        &new_point("eco-03", "Coverage cache test park", 27.265, 57.131),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let item = a.header("location").unwrap().to_string();
    let item = &item[item.find("/collections/").unwrap()..];
    let code = get(item).json()["properties"]["municipalities"]
        .as_str()
        .unwrap()
        .to_string();
    let was = row(&first, &code);
    let now = row(&read(all), &code);
    assert!(
        was["measures_by_kind"].get("industrial_parks").is_none(),
        "{was}"
    );
    assert_eq!(now["measures_by_kind"]["industrial_parks"], 1, "{now}");
    let count = |u: &Value| u["locations_total"].as_u64().unwrap();
    assert_eq!(count(&now), count(&was) + 1);
    // The new site is a facility layer at once, with the town within reach of it.
    let reach = format!("/analysis/coverage?layer={c}&radius_m=10000&municipality={code}");
    let f = read(&reach)["units"][0]["facility"].clone();
    assert!(
        f["settlement_population_covered"].as_u64().unwrap() > 0,
        "{f}"
    );

    let d = request(
        "DELETE",
        item,
        &[("Authorization", &bearer(&s.editor))],
        None,
    );
    assert_eq!(d.status, 204, "{}", d.body);
    assert_eq!(count(&row(&read(all), &code)), count(&was));
    // The layer stays, empty: no reach is measured from it any more.
    let gone = get(&reach);
    assert_eq!(gone.status, 400, "{}", gone.body);
    assert!(gone.body.contains("no features"), "{}", gone.body);
}
