//! OGC API – Features Part 3 filtering (CQL2) on the items of the shipped data: each
//! expression gives the same ids in cql2-text and cql2-json, and the same ids as a
//! brute-force evaluation written here over every feature fetched without a filter
//! (plain JSON comparisons; `geo` for the spatial predicates).

mod common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::{expect_400, get, get_json};
use geo::{Geometry, Relate};
use serde_json::{json, Value};

/// Percent-encodes a query component.
fn enc(s: &str) -> String {
    pierobeza::api::ogc::urlencode(s)
}

/// Every feature of a collection, unfiltered.
async fn all(layer: &str) -> Vec<Value> {
    let v = get_json(&format!("/collections/{layer}/items?limit=10000")).await;
    assert_eq!(
        v["numberMatched"], v["numberReturned"],
        "{layer}: more than a page"
    );
    v["features"].as_array().unwrap().clone()
}

fn ids_of(features: &[Value]) -> Vec<String> {
    features
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

/// The ids a filter selects, in the order served, and numberMatched.
async fn filtered(layer: &str, lang: &str, filter: &str, extra: &str) -> (Vec<String>, u64) {
    let path = format!(
        "/collections/{layer}/items?limit=10000&filter-lang={lang}&filter={}{extra}",
        enc(filter)
    );
    let v = get_json(&path).await;
    let features = v["features"].as_array().unwrap();
    (ids_of(features), v["numberMatched"].as_u64().unwrap())
}

/// A served GeoJSON geometry as `geo`.
fn geom(f: &Value) -> Geometry<f64> {
    let g: geojson::Geometry = serde_json::from_value(f["geometry"].clone()).unwrap();
    Geometry::try_from(g).unwrap()
}

fn prop<'a>(f: &'a Value, name: &str) -> &'a Value {
    &f["properties"][name]
}

fn num(f: &Value, name: &str) -> Option<f64> {
    prop(f, name).as_f64()
}

fn text<'a>(f: &'a Value, name: &str) -> Option<&'a str> {
    prop(f, name).as_str()
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Geometry<f64> {
    Geometry::Rect(geo::Rect::new((x0, y0), (x1, y1)))
}

fn poly(ring: &[(f64, f64)]) -> Geometry<f64> {
    Geometry::Polygon(geo::Polygon::new(ring.to_vec().into(), vec![]))
}

fn point(x: f64, y: f64) -> Geometry<f64> {
    Geometry::Point(geo::Point::new(x, y))
}

fn line(pts: &[(f64, f64)]) -> Geometry<f64> {
    Geometry::LineString(pts.to_vec().into())
}

/// One case: a collection, the expression in both encodings, and what it means.
struct Case {
    layer: &'static str,
    text: String,
    json: Value,
    brute: Box<dyn Fn(&Value) -> bool>,
    /// Whether the expression must select some but not all features (a test that
    /// selects nothing or everything proves little).
    discriminating: bool,
}

fn case(
    layer: &'static str,
    text: &str,
    json: Value,
    brute: impl Fn(&Value) -> bool + 'static,
) -> Case {
    Case {
        layer,
        text: text.to_string(),
        json,
        brute: Box::new(brute),
        discriminating: true,
    }
}

fn p(name: &str) -> Value {
    json!({ "property": name })
}

fn g() -> Value {
    p("geometry")
}

const POLY: [(f64, f64); 5] = [
    (26.0, 55.8),
    (28.3, 55.8),
    (28.3, 56.8),
    (26.0, 56.8),
    (26.0, 55.8),
];
const POLY_WKT: &str = "POLYGON((26 55.8, 28.3 55.8, 28.3 56.8, 26 56.8, 26 55.8))";

fn poly_json() -> Value {
    json!({"type": "Polygon", "coordinates": [POLY.iter().map(|(x, y)| json!([x, y])).collect::<Vec<_>>()]})
}

/// Basic CQL2: comparisons, the connectives, IS NULL, dates.
fn basic_cases() -> Vec<Case> {
    vec![
        case(
            "settlements",
            "population > 5000",
            json!({"op": ">", "args": [p("population"), 5000]}),
            |f| num(f, "population").is_some_and(|x| x > 5000.0),
        ),
        case(
            "settlements",
            "population <= 1000 AND municipality_current <> 'LV-113'",
            json!({"op": "and", "args": [
                {"op": "<=", "args": [p("population"), 1000]},
                {"op": "<>", "args": [p("municipality_current"), "LV-113"]}]}),
            |f| {
                num(f, "population").is_some_and(|x| x <= 1000.0)
                    && text(f, "municipality_current").is_some_and(|m| m != "LV-113")
            },
        ),
        case(
            "settlements",
            "NOT (population >= 3000) OR name = 'Valmiera'",
            json!({"op": "or", "args": [
                {"op": "not", "args": [{"op": ">=", "args": [p("population"), 3000]}]},
                {"op": "=", "args": [p("name"), "Valmiera"]}]}),
            // NOT of NULL is NULL: a settlement without a population is no match.
            |f| {
                num(f, "population").is_some_and(|x| x < 3000.0)
                    || text(f, "name") == Some("Valmiera")
            },
        ),
        case(
            "settlements",
            "population < 2000.5 AND municipality_2021 = 'LV-113'",
            json!({"op": "and", "args": [
                {"op": "<", "args": [p("population"), 2000.5]},
                {"op": "=", "args": [p("municipality_2021"), "LV-113"]}]}),
            |f| {
                num(f, "population").is_some_and(|x| x < 2000.5)
                    && text(f, "municipality_2021") == Some("LV-113")
            },
        ),
        case(
            "settlements",
            "part_of IS NULL",
            json!({"op": "isNull", "args": [p("part_of")]}),
            |f| prop(f, "part_of").is_null(),
        ),
        case(
            "settlements",
            "population IS NOT NULL",
            json!({"op": "not", "args": [{"op": "isNull", "args": [p("population")]}]}),
            |f| !prop(f, "population").is_null(),
        ),
        case(
            "municipalities_2021",
            "eastern_border_area = true AND area_km2 >= 1500",
            json!({"op": "and", "args": [
                {"op": "=", "args": [p("eastern_border_area"), true]},
                {"op": ">=", "args": [p("area_km2"), 1500]}]}),
            |f| {
                prop(f, "eastern_border_area") == &json!(true)
                    && num(f, "area_km2").is_some_and(|a| a >= 1500.0)
            },
        ),
        case(
            "border_crossings",
            "status_date > DATE('2024-01-01')",
            json!({"op": ">", "args": [p("status_date"), {"date": "2024-01-01"}]}),
            |f| text(f, "status_date").is_some_and(|d| d > "2024-01-01"),
        ),
        case(
            "border_crossings",
            "status_date = DATE('2023-10-16')",
            json!({"op": "=", "args": [p("status_date"), {"date": "2023-10-16"}]}),
            |f| text(f, "status_date") == Some("2023-10-16"),
        ),
        case(
            "border",
            "neighbour = 'RU' OR length_m < 1000",
            json!({"op": "or", "args": [
                {"op": "=", "args": [p("neighbour"), "RU"]},
                {"op": "<", "args": [p("length_m"), 1000]}]}),
            |f| {
                text(f, "neighbour") == Some("RU") || num(f, "length_m").is_some_and(|l| l < 1000.0)
            },
        ),
    ]
}

/// Advanced comparison operators: LIKE, IN, BETWEEN.
fn advanced_cases() -> Vec<Case> {
    vec![
        case(
            "settlements",
            "name LIKE 'R%'",
            json!({"op": "like", "args": [p("name"), "R%"]}),
            |f| text(f, "name").is_some_and(|n| n.starts_with('R')),
        ),
        case(
            "settlements",
            "name LIKE '%pils'",
            json!({"op": "like", "args": [p("name"), "%pils"]}),
            |f| text(f, "name").is_some_and(|n| n.ends_with("pils")),
        ),
        case(
            "settlements",
            "municipality_2021 IN ('LV-113', 'LV-097', 'LV-099')",
            json!({"op": "in", "args": [p("municipality_2021"), ["LV-113", "LV-097", "LV-099"]]}),
            |f| {
                text(f, "municipality_2021")
                    .is_some_and(|m| ["LV-113", "LV-097", "LV-099"].contains(&m))
            },
        ),
        case(
            "settlements",
            "NOT municipality_2021 IN ('LV-RIX')",
            json!({"op": "not", "args": [{"op": "in", "args": [p("municipality_2021"), ["LV-RIX"]]}]}),
            |f| text(f, "municipality_2021").is_some_and(|m| m != "LV-RIX"),
        ),
        case(
            "settlements",
            "population BETWEEN 2000 AND 10000",
            json!({"op": "between", "args": [p("population"), 2000, 10000]}),
            |f| num(f, "population").is_some_and(|x| (2000.0..=10000.0).contains(&x)),
        ),
        case(
            "municipalities_2021",
            "area_km2 BETWEEN 500 AND 2000 AND name_en LIKE '%Municipality'",
            json!({"op": "and", "args": [
                {"op": "between", "args": [p("area_km2"), 500, 2000]},
                {"op": "like", "args": [p("name_en"), "%Municipality"]}]}),
            |f| {
                num(f, "area_km2").is_some_and(|a| (500.0..=2000.0).contains(&a))
                    && text(f, "name_en").is_some_and(|n| n.ends_with("Municipality"))
            },
        ),
    ]
}

/// Basic spatial functions: S_INTERSECTS with a point or a bbox.
fn basic_spatial_cases() -> Vec<Case> {
    let bbox = rect(26.5, 55.9, 28.0, 56.6);
    let at = point(27.0, 56.5);
    let at2 = at.clone();
    vec![
        case(
            "settlements",
            "S_INTERSECTS(geometry, BBOX(26.5, 55.9, 28.0, 56.6))",
            json!({"op": "s_intersects", "args": [g(), {"bbox": [26.5, 55.9, 28.0, 56.6]}]}),
            move |f| geom(f).relate(&bbox).is_intersects(),
        ),
        case(
            "municipalities_2021",
            "S_INTERSECTS(geometry, POINT(27 56.5))",
            json!({"op": "s_intersects", "args": [g(), {"type": "Point", "coordinates": [27.0, 56.5]}]}),
            move |f| geom(f).relate(&at).is_intersects(),
        ),
        case(
            "municipalities_current",
            "S_INTERSECTS(POINT(27 56.5), geometry) AND kind = 'novads'",
            json!({"op": "and", "args": [
                {"op": "s_intersects", "args": [{"type": "Point", "coordinates": [27.0, 56.5]}, g()]},
                {"op": "=", "args": [p("kind"), "novads"]}]}),
            move |f| at2.relate(&geom(f)).is_intersects() && text(f, "kind") == Some("novads"),
        ),
        case(
            "settlements",
            "S_INTERSECTS(geometry, POINT(25.42751 57.54108))",
            json!({"op": "s_intersects", "args": [g(), {"type": "Point", "coordinates": [25.42751, 57.54108]}]}),
            |f| text(f, "name") == Some("Valmiera"),
        ),
    ]
}

/// Spatial literals besides points and boxes (basic-spatial-functions-plus) and the
/// other spatial functions (spatial-functions).
fn spatial_cases() -> Vec<Case> {
    let pg = poly(&POLY);
    let ln = line(&[(26.0, 56.0), (28.0, 56.9)]);
    let border_box = rect(27.5, 55.6, 28.5, 57.0);
    let valmiera = point(25.42751, 57.54108);
    let (pg1, pg2, pg3, pg4) = (pg.clone(), pg.clone(), pg.clone(), pg.clone());
    let (ln1, ln2) = (ln.clone(), ln.clone());
    let bb = border_box;
    let mut cases = vec![
        case(
            "settlements",
            &format!("S_INTERSECTS(geometry, {POLY_WKT})"),
            json!({"op": "s_intersects", "args": [g(), poly_json()]}),
            move |f| geom(f).relate(&pg1).is_intersects(),
        ),
        case(
            "municipalities_2021",
            "S_INTERSECTS(geometry, LINESTRING(26 56, 28 56.9))",
            json!({"op": "s_intersects", "args": [g(), {"type": "LineString", "coordinates": [[26.0, 56.0], [28.0, 56.9]]}]}),
            move |f| geom(f).relate(&ln1).is_intersects(),
        ),
        case(
            "settlements",
            &format!("S_WITHIN(geometry, {POLY_WKT})"),
            json!({"op": "s_within", "args": [g(), poly_json()]}),
            move |f| geom(f).relate(&pg2).is_within(),
        ),
        case(
            "municipalities_2021",
            "S_CONTAINS(geometry, POINT(27 56.5))",
            json!({"op": "s_contains", "args": [g(), {"type": "Point", "coordinates": [27.0, 56.5]}]}),
            |f| geom(f).relate(&point(27.0, 56.5)).is_contains(),
        ),
        case(
            "border",
            "S_DISJOINT(geometry, BBOX(27.5, 55.6, 28.5, 57))",
            json!({"op": "s_disjoint", "args": [g(), {"bbox": [27.5, 55.6, 28.5, 57.0]}]}),
            move |f| geom(f).relate(&bb).is_disjoint(),
        ),
        case(
            "municipalities_2021",
            &format!("S_OVERLAPS(geometry, {POLY_WKT})"),
            json!({"op": "s_overlaps", "args": [g(), poly_json()]}),
            move |f| geom(f).relate(&pg3).is_overlaps(),
        ),
        case(
            "border",
            &format!("S_CROSSES(geometry, {POLY_WKT})"),
            json!({"op": "s_crosses", "args": [g(), poly_json()]}),
            move |f| geom(f).relate(&pg4).is_crosses(),
        ),
        case(
            "municipalities_2021",
            "S_CROSSES(LINESTRING(26 56, 28 56.9), geometry)",
            json!({"op": "s_crosses", "args": [{"type": "LineString", "coordinates": [[26.0, 56.0], [28.0, 56.9]]}, g()]}),
            move |f| ln2.relate(&geom(f)).is_crosses(),
        ),
        case(
            "settlements",
            "S_EQUALS(geometry, POINT(25.42751 57.54108))",
            json!({"op": "s_equals", "args": [g(), {"type": "Point", "coordinates": [25.42751, 57.54108]}]}),
            move |f| geom(f).relate(&valmiera).is_equal_topo(),
        ),
    ];
    cases.push(case(
        "municipalities_2021",
        &format!("NOT S_DISJOINT(geometry, {POLY_WKT}) AND NOT S_WITHIN(geometry, {POLY_WKT})"),
        json!({"op": "and", "args": [
            {"op": "not", "args": [{"op": "s_disjoint", "args": [g(), poly_json()]}]},
            {"op": "not", "args": [{"op": "s_within", "args": [g(), poly_json()]}]}]}),
        move |f| {
            let m = geom(f).relate(&pg);
            m.is_intersects() && !m.is_within()
        },
    ));
    cases
}

/// A time range in nanoseconds since the epoch, both ends included.
type Range = (i128, i128);

const DAY_NS: i128 = 86_400 * 1_000_000_000;

/// A date as CQL2 reads it: the whole day.
fn day(d: &str) -> Range {
    let days = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .unwrap()
        .signed_duration_since(chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
        .num_days() as i128;
    (days * DAY_NS, days * DAY_NS + DAY_NS - 1)
}

/// An instant (RFC 3339), `..` for an open end.
fn instant(t: &str, open: i128) -> i128 {
    if t == ".." {
        return open;
    }
    let t = chrono::DateTime::parse_from_rfc3339(t).unwrap();
    t.timestamp() as i128 * 1_000_000_000 + t.timestamp_subsec_nanos() as i128
}

/// The temporal functions of CQL2 (OGC 21-065r2, table "temporal predicates"), with
/// `a` the property's day and `b` the literal.
fn relation(op: &str, a: Range, b: Range) -> bool {
    let ((a0, a1), (b0, b1)) = (a, b);
    match op {
        "t_after" => a0 > b1,
        "t_before" => a1 < b0,
        "t_contains" => a0 < b0 && a1 > b1,
        "t_disjoint" => a1 < b0 || a0 > b1,
        "t_during" => a0 > b0 && a1 < b1,
        "t_equals" => a0 == b0 && a1 == b1,
        "t_finishedBy" => a0 < b0 && a1 == b1,
        "t_finishes" => a0 > b0 && a1 == b1,
        "t_intersects" => a0 <= b1 && a1 >= b0,
        "t_meets" => a1 == b0,
        "t_metBy" => a0 == b1,
        "t_overlappedBy" => a0 > b0 && a0 < b1 && a1 > b1,
        "t_overlaps" => a0 < b0 && a1 > b0 && a1 < b1,
        "t_startedBy" => a0 == b0 && a1 > b1,
        "t_starts" => a0 == b0 && a1 < b1,
        _ => panic!("{op}"),
    }
}

/// A temporal literal in cql2-text, in cql2-json and as a range.
enum T {
    Date(&'static str),
    Timestamp(&'static str),
    Interval(&'static str, &'static str),
}

impl T {
    fn text(&self) -> String {
        match self {
            T::Date(d) => format!("DATE('{d}')"),
            T::Timestamp(t) => format!("TIMESTAMP('{t}')"),
            T::Interval(a, b) => format!("INTERVAL('{a}', '{b}')"),
        }
    }

    fn json(&self) -> Value {
        match self {
            T::Date(d) => json!({ "date": d }),
            T::Timestamp(t) => json!({ "timestamp": t }),
            T::Interval(a, b) => json!({ "interval": [a, b] }),
        }
    }

    fn range(&self) -> Range {
        match self {
            T::Date(d) => day(d),
            T::Timestamp(t) => (instant(t, 0), instant(t, 0)),
            T::Interval(a, b) => (instant(a, i128::MIN), instant(b, i128::MAX)),
        }
    }
}

/// Every temporal function on the border crossings' `status_date`, each with a
/// literal that picks some of the dates (2023-09-19, 2023-10-16, 2025-03-19, null).
fn temporal_cases() -> Vec<Case> {
    let cases = [
        ("t_after", T::Date("2023-12-31")),
        ("t_before", T::Date("2023-10-16")),
        ("t_contains", T::Timestamp("2023-10-16T12:00:00Z")),
        ("t_disjoint", T::Date("2025-03-19")),
        (
            "t_during",
            T::Interval("2023-10-01T00:00:00Z", "2024-01-01T00:00:00Z"),
        ),
        ("t_equals", T::Date("2023-09-19")),
        (
            "t_finishedBy",
            T::Timestamp("2023-09-19T23:59:59.999999999Z"),
        ),
        (
            "t_finishes",
            T::Interval("2023-09-01T00:00:00Z", "2023-09-19T23:59:59.999999999Z"),
        ),
        ("t_intersects", T::Interval("2023-10-16T12:00:00Z", "..")),
        ("t_meets", T::Timestamp("2023-09-19T23:59:59.999999999Z")),
        ("t_metBy", T::Timestamp("2023-10-16T00:00:00Z")),
        (
            "t_overlappedBy",
            T::Interval("2023-09-01T00:00:00Z", "2023-09-19T12:00:00Z"),
        ),
        (
            "t_overlaps",
            T::Interval("2023-10-16T12:00:00Z", "2024-01-01T00:00:00Z"),
        ),
        ("t_startedBy", T::Timestamp("2025-03-19T00:00:00Z")),
        (
            "t_starts",
            T::Interval("2023-10-16T00:00:00Z", "2023-10-20T00:00:00Z"),
        ),
    ];
    cases
        .into_iter()
        .map(|(op, lit)| {
            let expr = format!("{}(status_date, {})", op.to_uppercase(), lit.text());
            let json = json!({"op": op, "args": [p("status_date"), lit.json()]});
            let b = lit.range();
            case("border_crossings", &expr, json, move |f| {
                text(f, "status_date").is_some_and(|d| relation(op, day(d), b))
            })
        })
        .collect()
}

/// Runs one case: text ids = JSON ids = brute-force ids, numberMatched agreeing.
async fn run(c: &Case) {
    let features = all(c.layer).await;
    let want: Vec<String> = ids_of(
        &features
            .iter()
            .filter(|f| (c.brute)(f))
            .cloned()
            .collect::<Vec<_>>(),
    );
    let (by_text, n_text) = filtered(c.layer, "cql2-text", &c.text, "").await;
    let (by_json, n_json) = filtered(c.layer, "cql2-json", &c.json.to_string(), "").await;
    assert_eq!(by_text, want, "{}: {} (text)", c.layer, c.text);
    assert_eq!(by_json, want, "{}: {} (json)", c.layer, c.json);
    assert_eq!(n_text as usize, want.len());
    assert_eq!(n_json as usize, want.len());
    if c.discriminating {
        assert!(
            !want.is_empty() && want.len() < features.len(),
            "{}: {} selects {} of {}",
            c.layer,
            c.text,
            want.len(),
            features.len()
        );
    }
}

#[tokio::test]
async fn basic_cql2_agrees_with_brute_force_in_text_and_json() {
    for c in basic_cases() {
        run(&c).await;
    }
}

#[tokio::test]
async fn advanced_comparison_operators_agree_with_brute_force() {
    for c in advanced_cases() {
        run(&c).await;
    }
}

#[tokio::test]
async fn basic_spatial_functions_agree_with_brute_force() {
    for c in basic_spatial_cases() {
        run(&c).await;
    }
}

#[tokio::test]
async fn temporal_functions_agree_with_brute_force() {
    for c in temporal_cases() {
        run(&c).await;
    }
}

#[tokio::test]
async fn spatial_functions_agree_with_brute_force() {
    for c in spatial_cases() {
        run(&c).await;
    }
}

/// S_TOUCHES with a vertex of a municipality's served boundary: the municipalities
/// whose boundary passes through it (a point inside none of them).
#[tokio::test]
async fn s_touches_finds_the_municipalities_through_a_boundary_vertex() {
    let features = all("municipalities_2021").await;
    let f0 = features
        .iter()
        .find(|f| text(f, "code") == Some("LV-002"))
        .unwrap();
    let c = &f0["geometry"]["coordinates"][0][0][0];
    let (x, y) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
    let lit = point(x, y);
    let want: Vec<String> = ids_of(
        &features
            .iter()
            .filter(|f| geom(f).relate(&lit).is_touches())
            .cloned()
            .collect::<Vec<_>>(),
    );
    assert!(!want.is_empty() && want.len() < features.len());
    let j = json!({"op": "s_touches", "args": [g(), {"type": "Point", "coordinates": [x, y]}]});
    let (by_json, _) = filtered("municipalities_2021", "cql2-json", &j.to_string(), "").await;
    assert_eq!(by_json, want);
    let (by_text, _) = filtered(
        "municipalities_2021",
        "cql2-text",
        &format!("S_TOUCHES(geometry, POINT({x} {y}))"),
        "",
    )
    .await;
    assert_eq!(by_text, want);
}

/// The filter applies before paging, with bbox, property filters and sortby.
#[tokio::test]
async fn the_filter_combines_with_bbox_property_filters_sortby_and_paging() {
    let expr = "population > 1000";
    let features = all("settlements").await;
    let bbox = rect(26.0, 55.6, 28.3, 57.0);
    let mut want: Vec<&Value> = features
        .iter()
        .filter(|f| num(f, "population").is_some_and(|x| x > 1000.0))
        .filter(|f| geom(f).relate(&bbox).is_intersects())
        .collect();
    want.sort_by(|a, b| {
        num(b, "population")
            .partial_cmp(&num(a, "population"))
            .unwrap()
    });
    let want_ids: Vec<String> = want
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    assert!(want_ids.len() > 6);
    let mut got = Vec::new();
    let mut offset = 0;
    loop {
        let path = format!(
            "/collections/settlements/items?filter={}&bbox=26,55.6,28.3,57&sortby=-population&limit=5&offset={offset}",
            enc(expr)
        );
        let v = get_json(&path).await;
        assert_eq!(v["numberMatched"], want_ids.len(), "{path}");
        let page = v["features"].as_array().unwrap();
        got.extend(ids_of(page));
        let next = v["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["rel"] == "next");
        match next {
            Some(l) => {
                assert!(l["href"].as_str().unwrap().contains("filter="), "{l}");
                offset += 5;
            }
            None => break,
        }
    }
    assert_eq!(got, want_ids);
    // With a simple property filter as well.
    let (ids, n) = filtered(
        "settlements",
        "cql2-text",
        expr,
        "&municipality_2021=LV-RIX",
    )
    .await;
    let rix: Vec<String> = ids_of(
        &features
            .iter()
            .filter(|f| {
                num(f, "population").is_some_and(|x| x > 1000.0)
                    && text(f, "municipality_2021") == Some("LV-RIX")
            })
            .cloned()
            .collect::<Vec<_>>(),
    );
    assert_eq!(ids, rix);
    assert_eq!(n as usize, rix.len());
}

/// What the caller did wrong is named: the parameter, the position, the property.
#[tokio::test]
async fn errors_name_the_parameter_the_position_and_the_property() {
    let items = "/collections/settlements/items";
    let bad = format!("{items}?filter={}", enc("population >> 5"));
    expect_400(&bad, "filter").await;
    let (_, _, body) = get(&bad).await;
    assert!(body.contains("line 1, column"), "{body}");
    let bad_json = format!(
        "{items}?filter-lang=cql2-json&filter={}",
        enc(r#"{"op": "=", "args": [}"#)
    );
    expect_400(&bad_json, "filter").await;
    let (_, _, body) = get(&bad_json).await;
    assert!(body.contains("line 1, column"), "{body}");

    let unknown = format!("{items}?filter={}", enc("popul = 5"));
    expect_400(&unknown, "filter").await;
    let (_, _, body) = get(&unknown).await;
    assert!(body.contains("popul"), "{body}");
    let unknown_json = format!(
        "{items}?filter-lang=cql2-json&filter={}",
        enc(r#"{"op": "=", "args": [{"property": "secret"}, 1]}"#)
    );
    expect_400(&unknown_json, "filter").await;
    let (_, _, body) = get(&unknown_json).await;
    assert!(body.contains("secret"), "{body}");
    expect_400(
        &format!("{items}?filter={}", enc("myfunc(name) = 1")),
        "filter",
    )
    .await;

    expect_400(
        &format!("{items}?filter=name%3D'x'&filter-lang=cql"),
        "filter-lang",
    )
    .await;
    expect_400(
        &format!(
            "{items}?filter=name%3D'x'&filter-crs={}",
            enc("http://www.opengis.net/def/crs/EPSG/0/3059")
        ),
        "filter-crs",
    )
    .await;
    let ok = format!(
        "{items}?filter={}&filter-crs={}",
        enc("S_INTERSECTS(geometry, BBOX(26, 55, 28, 57))"),
        enc("http://www.opengis.net/def/crs/OGC/1.3/CRS84")
    );
    assert_eq!(get(&ok).await.0, StatusCode::OK);

    // Too long, too deep: refused before parsing, by name.
    let long = format!("name = '{}'", "x".repeat(5000));
    expect_400(&format!("{items}?filter={}", enc(&long)), "filter").await;
    let deep = format!("{}population = 1{}", "(".repeat(1_000), ")".repeat(1_000));
    expect_400(&format!("{items}?filter={}", enc(&deep)), "filter").await;
    let (_, _, body) = get(&format!("{items}?filter={}", enc(&deep))).await;
    assert!(body.contains("at character 25"), "{body}");
}

/// The conformance classes of filtering are declared.
#[tokio::test]
async fn conformance_declares_filtering() {
    let c = get_json("/conformance").await;
    let classes: BTreeSet<&str> = c["conformsTo"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for uri in [
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
        "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
    ] {
        assert!(classes.contains(uri), "{uri}");
    }
}

/// One request to the live server (a store with tokens), as `token`'s holder.
fn live_get(path: &str, token: Option<&str>) -> common::http::Answer {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
    common::http::request(common::live::server().addr, "GET", path, &headers, None)
}

/// A spatial filter is evaluated on the geometry the caller's view holds: tightly
/// around a restricted site's stored position it finds the site for an analyst, and
/// for anyone else nothing there (the public view holds only its municipality).
#[test]
fn an_anonymous_spatial_filter_never_finds_a_restricted_site_by_its_fine_position() {
    let s = common::live::server();
    let (lon, lat) = (26.987654, 56.123456);
    let site = json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"measure_id": "sec-02", "place_name": "Filter test park", "precision": "exact",
                       "provenance": "https://example.lv/site", "note": "made by the filter test"}});
    let auth = format!("Bearer {}", s.editor);
    let a = common::http::request(
        s.addr,
        "POST",
        "/collections/countermobility_parks_areas/items",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/geo+json"),
        ],
        Some(&site.to_string()),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let fid = a
        .header("location")
        .unwrap()
        .rsplit("/items/")
        .next()
        .unwrap()
        .to_string();
    let d = 0.0001;
    let within = format!(
        "S_WITHIN(geometry, BBOX({}, {}, {}, {}))",
        lon - d,
        lat - d,
        lon + d,
        lat + d
    );
    let at = format!("S_INTERSECTS(geometry, POINT({lon} {lat}))");
    let items = |c: &str, f: &str| format!("/collections/{c}/items?limit=10000&filter={}", enc(f));

    // The analyst's view holds the point.
    for f in [&within, &at] {
        let r = live_get(&items("countermobility_parks_points", f), Some(&s.analyst));
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(
            ids_of(r.json()["features"].as_array().unwrap()),
            vec![fid.clone()],
            "{f}"
        );
    }

    // Anonymous: no points layer; in every public collection nothing within the box,
    // and where the point's municipality intersects it, only the municipality.
    let r = live_get(&items("countermobility_parks_points", &within), None);
    assert_eq!(r.status, 404, "{}", r.body);
    let cols = live_get("/collections", None).json();
    for c in cols["collections"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let r = live_get(&items(id, &within), None);
        assert_eq!(r.status, 200, "{id}: {}", r.body);
        assert_eq!(r.json()["numberMatched"], 0, "{id}: {}", r.body);
        let r = live_get(&items(id, &at), None);
        assert_eq!(r.status, 200, "{id}: {}", r.body);
        let features = r.json()["features"].clone();
        for f in features.as_array().unwrap() {
            assert_ne!(f["geometry"]["type"], "Point", "{id}: {f}");
        }
        // (The links echo the filter, so the features alone are searched.)
        for needle in ["26.98765", "56.12345"] {
            let text = features.to_string();
            assert!(!text.contains(needle), "{id} shows the restricted point");
        }
    }
    let r = live_get(&items("countermobility_parks_areas", &at), None);
    let mine: Vec<String> = ids_of(r.json()["features"].as_array().unwrap());
    assert!(mine.contains(&fid), "the site's municipality: {}", r.body);
}
