//! The implementation report (`/reports`) through the real router: a unit's page with
//! its figures, map and indicators; the territory's; the CSV tables; the errors; a
//! report that follows an editor's writes and, with `datetime` before them, shows the
//! baseline; and a public report that draws no site finer than the public layers.

mod common;

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::openapi::parameters;
use common::{expect_400, get, get_json};
use http_body_util::BodyExt;
use pierobeza::api::{app, AppState};
use pierobeza::auth::Role;
use pierobeza::load::DataPaths;
use serde_json::{json, Value};
use tower::ServiceExt;

/// The report date of the shared tests: after every shipped progress record.
const DATE: &str = "2026-06-01";

#[test]
fn a_unit_page_holds_its_figures_map_indicators_and_sources() {
    run(async {
        let (status, ct, html) = get(&format!("/reports/LV-077?date={DATE}")).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert_eq!(ct, "text/html; charset=utf-8");
        assert!(html.starts_with("<!DOCTYPE html>"));
        // Title, date, the Latvian name with its diacritics as UTF-8.
        assert!(html.contains("<h1>Rēzeknes novads"), "no title");
        assert!(html.contains("As of <strong>2026-06-01</strong>"));
        // Key figures: population, money and money per inhabitant (178,500 / 27,268).
        assert!(html.contains(">27,268<"), "no population");
        assert!(html.contains(">178,500 EUR<"), "no allocation");
        assert!(html.contains(">6.55 EUR<"), "no EUR per inhabitant");
        // The map: an inline SVG with the unit shaded, a scale bar, a legend and credits.
        assert!(html.contains(r#"<svg class="map""#), "no map");
        assert!(html.contains(r#"class="unit focus" data-code="LV-077""#));
        assert!(html.contains(" km</text>"), "no scale bar");
        assert!(html.contains("State border with Russia, Belarus"));
        assert!(html.contains("OpenStreetMap contributors, ODbL 1.0"));
        // The indicators table with targets; the measures by stage; the changes since.
        assert!(html.contains("<h2>Indicators ("));
        assert!(html.contains("<th class=\"num\">Target</th>"));
        assert!(
            html.contains("<td class=\"num\">712</td>"),
            "eco-01's target"
        );
        assert!(html.contains("<h2>Measures by stage ("));
        assert!(html.contains("<h2>Changed since 2025-01-20 ("));
        assert!(html.contains("178,500 EUR allocated (EU funds, pool funded) in LV-077"));
        // Sources: the plan first, then every record cited.
        assert!(html.contains(r#"<li id="src-1">Cabinet Order No. 32"#));
        assert!(html.contains("https://likumi.lv/ta/id/358105"));
        // Self-contained: nothing fetched from elsewhere, no script.
        assert!(!html.contains("<script"));
        assert!(!html.contains("<link"));
        assert!(!html.contains(" src="));
        assert!(html.contains("@page { size: A4;"));
    })
}

#[test]
fn a_unit_without_money_says_not_recorded_and_why_never_zero() {
    run(async {
        let r = get_json(&format!("/reports/LV-007?date={DATE}&f=json")).await;
        assert_eq!(r["scope"]["code"], "LV-007");
        assert!(r["figures"]["allocated_eur"].is_null(), "{}", r["figures"]);
        assert!(r["figures"]["allocated_eur_per_inhabitant"].is_null());
        let reason = r["figures"]["allocated_unknown_reason"].as_str().unwrap();
        assert!(reason.contains("no allocation"), "{reason}");
        let (_, _, html) = get(&format!("/reports/LV-007?date={DATE}")).await;
        assert!(html.contains(r#"<div class="value null">not recorded</div>"#));
        assert!(html.contains(reason));
        assert!(!html.contains(">0 EUR<"));
    })
}

#[test]
fn the_territory_page_sums_its_units_and_the_index_links_every_report() {
    run(async {
        let (status, _, html) = get(&format!("/reports/territory?date={DATE}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<h1>Plan territory"));
        let t = get_json(&format!("/reports/territory?date={DATE}&f=json")).await;
        let units = get_json(&format!("/analysis/progress?date={DATE}")).await;
        let pop: u64 = units["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["population"].as_u64().unwrap())
            .sum();
        assert_eq!(t["figures"]["population"], pop);
        assert_eq!(t["units"].as_array().unwrap().len(), 11);
        assert_eq!(t["figures"]["allocated_eur"], 178_500.0);
        assert_eq!(
            t["measures"].as_array().unwrap().len(),
            units["measures"].as_array().unwrap().len()
        );
        let index = get_json("/reports").await;
        let ids: Vec<&str> = index["reports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 12, "{ids:?}");
        assert_eq!(ids[0], "territory");
        assert!(ids.contains(&"LV-077") && ids.contains(&"LV-DGV"));
        let (status, ct, page) = get("/reports?f=html").await;
        assert_eq!(status, StatusCode::OK);
        assert!(ct.starts_with("text/html"));
        assert!(page.contains("/reports/LV-REZ\">Rēzekne</a>"), "{page}");
    })
}

#[test]
fn the_tables_are_csv_for_spreadsheets_with_the_pages_figures() {
    run(async {
        let (status, ct, csv) = get(&format!("/reports/LV-077/units.csv?date={DATE}")).await;
        assert_eq!(status, StatusCode::OK, "{csv}");
        assert!(ct.starts_with("text/csv"), "{ct}");
        assert!(csv.starts_with('\u{feff}'), "no byte-order mark");
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 2, "{csv}");
        assert!(lines[0].starts_with("code,name_lv,population"));
        assert!(lines[1].starts_with("LV-077,Rēzeknes novads,27268"));
        assert!(lines[1].contains(",178500.0,"), "{}", lines[1]);
        let (_, _, ind) = get(&format!("/reports/LV-077/indicators.csv?date={DATE}")).await;
        let head = ind.trim_start_matches('\u{feff}').lines().next().unwrap();
        for col in [
            "measure_id",
            "indicator_id",
            "unit",
            "target",
            "target_date",
            "latest",
            "share",
            "verdict",
            "source",
        ] {
            assert!(head.split(',').any(|c| c == col), "{col} missing: {head}");
        }
        let (_, _, changes) = get(&format!("/reports/LV-077/changes.csv?date={DATE}")).await;
        assert!(changes.contains("allocation,eco-13"), "{changes}");
        let (_, _, sources) = get(&format!("/reports/territory/sources.csv?date={DATE}")).await;
        assert!(sources.contains("1,\"Cabinet Order No. 32"), "{sources}");
    })
}

#[test]
fn bad_codes_dates_and_tables_are_json_errors_naming_what() {
    run(async {
        for path in [
            "/reports/LV-999",
            "/reports/LV-RIX",
            "/reports/LV-077/summary.csv",
            "/reports/LV-999/units.csv",
        ] {
            let (status, ct, body) = get(path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
            assert!(ct.starts_with("application/json"), "{path}: {ct}");
            let v: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(v["code"], "NotFound", "{body}");
        }
        expect_400("/reports/LV-077?date=2024-12-31", "date").await;
        expect_400("/reports/LV-077?date=1.6.2026", "date").await;
        expect_400("/reports/LV-077/indicators.csv?date=2026-13-01", "date").await;
        expect_400("/reports/territory?since=yesterday", "since").await;
        expect_400(
            "/reports/territory?date=2026-01-01&since=2026-02-01",
            "since",
        )
        .await;
        expect_400("/reports/territory?f=pdf", "f").await;
        expect_400("/reports/territory?unit=LV-077", "unit").await;
        expect_400(
            "/reports/territory?datetime=2020-01-01T00:00:00Z",
            "datetime",
        )
        .await;
    })
}

#[test]
fn the_openapi_document_names_every_report_and_table() {
    run(async {
        let doc = get_json("/api").await;
        let page = &doc["paths"]["/reports/{scope}"]["get"];
        let scope = *parameters(&doc, "/reports/{scope}", "get")
            .iter()
            .find(|p| p["name"] == "scope")
            .unwrap();
        let scopes = scope["schema"]["enum"].as_array().unwrap();
        assert_eq!(scopes.len(), 12);
        assert!(scopes.contains(&json!("territory")) && scopes.contains(&json!("LV-077")));
        assert!(page["responses"]["200"]["content"]["text/html"].is_object());
        assert!(parameters(&doc, "/reports/{scope}/{file}", "get")
            .iter()
            .any(|p| p.to_string().contains("indicators.csv")));
        assert!(doc["paths"]["/reports"]["get"].is_object());
    })
}

// --- after writes -------------------------------------------------------------------------

/// A state of its own over a fresh store (the writes below must not reach the shared one).
struct Fresh {
    state: AppState,
    editor: String,
    analyst: String,
}

fn run<F: std::future::Future>(f: F) -> F::Output {
    common::runtime().block_on(f)
}

fn fresh() -> &'static Fresh {
    static FRESH: OnceLock<Fresh> = OnceLock::new();
    FRESH.get_or_init(|| {
        std::thread::spawn(|| {
            common::runtime().block_on(async {
                let target = common::db::fresh(&common::db::backend()).await;
                let web = std::path::PathBuf::from("/nonexistent");
                let started = pierobeza::api::live::start(&target, &DataPaths::current_dir(), web)
                    .await
                    .expect("the shipped data loads into the store");
                let editor = started
                    .store
                    .create_token("report-editor", Role::Editor)
                    .await
                    .unwrap();
                let analyst = started
                    .store
                    .create_token("report-analyst", Role::Analyst)
                    .await
                    .unwrap();
                Fresh {
                    state: started.state,
                    editor,
                    analyst,
                }
            })
        })
        .join()
        .expect("store set-up")
    })
}

/// A request on the fresh state's router: status and body.
async fn call(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, String) {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", "127.0.0.1:8080");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let body = match body {
        Some(b) => {
            let ct = if path.starts_with("/collections/") {
                "application/geo+json"
            } else {
                "application/json"
            };
            req = req.header("content-type", ct);
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    let resp = app(fresh().state.clone())
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn call_json(path: &str, token: Option<&str>) -> Value {
    let (status, body) = call("GET", path, token, None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
}

fn enc(t: &str) -> String {
    t.replace(':', "%3A").replace('+', "%2B")
}

#[test]
fn a_report_follows_the_writes_and_with_datetime_before_them_shows_the_baseline() {
    run(async {
        let f = fresh();
        let page = format!("/reports/LV-058?date={DATE}");
        let before = call_json(&format!("{page}&f=json"), None).await;
        assert!(before["figures"]["allocated_eur"].is_null());
        // An indicator of a measure touching Ludza with a numeric target and no value yet.
        let ind = before["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| {
                i["target"].as_f64().is_some_and(|t| t > 10.0) && i["verdict"] == "not_reported"
            })
            .expect("an indicator to report on")
            .clone();
        let (measure, indicator) = (
            ind["measure_id"].as_str().unwrap(),
            ind["indicator_id"].as_str().unwrap(),
        );
        let target = ind["target"].as_f64().unwrap();
        let t0 = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;

        let editor = Some(f.editor.as_str());
        let alloc = json!({"measure_id": measure, "municipality": "LV-058", "amount_eur": 250000.0,
        "pool": "funded", "kind": "eu_funds", "date": "2026-03-02",
        "source": "https://example.lv/report-test/allocation (2026-03-02)"});
        let (s, b) = call("POST", "/progress/allocations", editor, Some(alloc)).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        for (date, share) in [("2025-12-31", 0.2), ("2026-05-01", 0.9)] {
            let v = json!({"measure_id": measure, "indicator_id": indicator, "date": date,
            "value": (target * share).round(),
            "source": format!("https://example.lv/report-test/value-{date}")});
            let (s, b) = call("POST", "/progress/values", editor, Some(v)).await;
            assert_eq!(s, StatusCode::CREATED, "{b}");
        }

        // Now: the money, the money per inhabitant, the indicator's latest value and verdict,
        // the three records under "changed since", their sources.
        let after = call_json(&format!("{page}&f=json"), None).await;
        let fig = &after["figures"];
        assert_eq!(fig["allocated_eur"], 250_000.0);
        let pop = fig["population"].as_f64().unwrap();
        assert!(
            (fig["allocated_eur_per_inhabitant"].as_f64().unwrap() - 250_000.0 / pop).abs() < 1e-9
        );
        assert!(fig["allocated_unknown_reason"].is_null());
        let now = after["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["indicator_id"] == indicator)
            .unwrap();
        assert_eq!(now["latest"], (target * 0.9).round());
        assert_eq!(now["latest_date"], "2026-05-01");
        assert_eq!(now["verdict"], "on_track");
        let changed: Vec<&Value> = after["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["measure_id"] == measure && c["kind"] != "stage")
            .collect();
        assert_eq!(changed.len(), 3, "{changed:?}");
        let (_, html) = call("GET", &page, None, None).await;
        assert!(html.contains(">250,000 EUR<"), "the page shows the money");
        assert!(html.contains("https://example.lv/report-test/allocation"));
        assert!(html.contains("https://example.lv/report-test/value-2026-05-01"));
        // /analysis/progress agrees.
        let progress = call_json(&format!("/analysis/progress?date={DATE}"), None).await;
        let ludza = progress["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == "LV-058")
            .unwrap();
        assert_eq!(ludza["allocated_eur"], 250_000.0);
        // `since` after the writes' dates leaves them out.
        let later = call_json(&format!("{page}&since=2026-05-02&f=json"), None).await;
        assert!(later["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["date"].as_str().unwrap() >= "2026-05-02"));

        // As the store stood before the writes: the baseline.
        let then = call_json(&format!("{page}&f=json&datetime={}", enc(&t0)), None).await;
        assert!(
            then["figures"]["allocated_eur"].is_null(),
            "{}",
            then["figures"]
        );
        assert_eq!(then["data"]["as_of"], t0);
        let was = then["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["indicator_id"] == indicator)
            .unwrap();
        assert!(was["latest"].is_null());
        assert_eq!(was["verdict"], "not_reported");
        assert_eq!(then["changes"], before["changes"]);
        let (_, html) = call("GET", &format!("{page}&datetime={}", enc(&t0)), None, None).await;
        assert!(html.contains("not recorded"));
        assert!(!html.contains("example.lv/report-test"));
        assert!(html.contains(&format!("records as they stood at {t0}")));
        let (_, csv) = call(
            "GET",
            &format!(
                "/reports/LV-058/units.csv?date={DATE}&datetime={}",
                enc(&t0)
            ),
            None,
            None,
        )
        .await;
        assert!(!csv.contains("250000"), "{csv}");

        // A site the plan does not publish, stored exact: the analyst's report draws it, the
        // public report draws nothing finer than the public layer (the unit, not drawn).
        let (lon, lat) = (27.7187, 56.5461);
        let site = json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"measure_id": "sec-02", "place_name": "Report test park", "precision": "exact",
                       "provenance": "https://example.lv/site", "note": "made by the report test"}});
        let (s, b) = call(
            "POST",
            "/collections/countermobility_parks_areas/items",
            editor,
            Some(site),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        let fid = serde_json::from_str::<Value>(&b).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let (_, restricted) = call("GET", &page, Some(&f.analyst), None).await;
        let mark = format!(r#"data-id="{fid}" data-measure="sec-02" data-precision="exact""#);
        assert!(
            restricted.contains(&mark),
            "the analyst's map lacks the site"
        );
        assert!(restricted.contains(r#"<p class="restricted">"#));
        let at = restricted.split(&mark).nth(1).unwrap();
        let cxcy = &at[..at.find(" r=").unwrap()];
        let (_, public) = call("GET", &page, None, None).await;
        assert!(
            !public.contains(&format!("data-id=\"{fid}\"")),
            "the public map draws the site"
        );
        assert!(
            !public.contains(cxcy.trim()),
            "the public page holds the site's position {cxcy}"
        );
        assert!(!public.contains(r#"<p class="restricted">"#));
        assert!(!public.contains("27.7187") && !public.contains("56.5461"));
        // Every mark of a public map is a feature of a public layer at the precision it is
        // served there; none of a measure that does not publish its sites is finer than its
        // municipality.
        public_marks_are_public_features(&public).await;
        let (_, territory) = call(
            "GET",
            &format!("/reports/territory?date={DATE}"),
            None,
            None,
        )
        .await;
        assert!(public_marks_are_public_features(&territory).await > 0);
    })
}

/// Checks every mark (`data-id`) of a public page against the public layers; returns
/// how many there are.
async fn public_marks_are_public_features(page: &str) -> usize {
    let layers = call_json("/collections", None).await;
    let attr = |cut: &str, name: &str| -> String {
        let rest = cut.split(&format!("{name}=\"")).nth(1).unwrap();
        rest[..rest.find('"').unwrap()].to_string()
    };
    let marks: Vec<&str> = page.split("data-id=\"").skip(1).collect();
    for cut in &marks {
        let id = &cut[..cut.find('"').unwrap()];
        let (precision, measure) = (attr(cut, "data-precision"), attr(cut, "data-measure"));
        assert!(
            !["sec-02", "sec-03"].contains(&measure.as_str()) || precision == "municipality",
            "{id}"
        );
        let mut found = false;
        for c in layers["collections"].as_array().unwrap() {
            let cid = c["id"].as_str().unwrap();
            let (s, b) = call("GET", &format!("/collections/{cid}/items/{id}"), None, None).await;
            if s == StatusCode::OK {
                let item: Value = serde_json::from_str(&b).unwrap();
                assert_eq!(item["properties"]["precision"], precision.as_str(), "{id}");
                found = true;
                break;
            }
        }
        assert!(found, "{id} is not in a public layer");
    }
    marks.len()
}

// --- the command --------------------------------------------------------------------------

#[test]
fn the_command_writes_every_page_and_table_as_the_server_serves_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let db = dir.path().join("store.sqlite3");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_pierobeza"))
            .args(args)
            .output()
            .expect("run pierobeza")
    };
    let (out_s, db_s) = (out.to_str().unwrap(), db.to_str().unwrap());
    let done = run(&["report", "--out", out_s, "--database", db_s, "--date", DATE]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let read =
        |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    for code in ["territory", "LV-007", "LV-077", "LV-DGV", "LV-REZ"] {
        let page = read(&format!("{code}.html"));
        assert!(page.contains(r#"<svg class="map""#), "{code}");
        // The tables sit where the page links them.
        assert!(
            page.contains(&format!(r#"href="{code}/indicators.csv""#)),
            "{code}"
        );
        assert!(read(&format!("{code}/indicators.csv")).starts_with('\u{feff}'));
    }
    assert!(read("LV-077.html").contains(">178,500 EUR<"));
    assert!(read("index.html").contains(r#"<a href="LV-077.html">Rēzeknes novads</a>"#));
    // The unit codes of the territory and nothing else: 11 pages, the territory's, the index.
    let pages = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "html")
        })
        .count();
    assert_eq!(pages, 13);
    // The same checks as the server's: a bad date names its option.
    let bad = run(&[
        "report",
        "--out",
        out_s,
        "--database",
        db_s,
        "--date",
        "2024-12-31",
    ]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("--date"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    let bad = run(&[
        "report",
        "--out",
        out_s,
        "--database",
        db_s,
        "--date",
        "1.6.2026",
    ]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--date"));
}
