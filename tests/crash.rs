//! The crash test of issue 13: a bounded loop of writes over HTTP to a real
//! `pierobeza serve`, the process killed with SIGKILL at a random moment and
//! started again on the same database, a few rounds. After every restart:
//!
//! - every write answered 2xx is there as answered: the item serves what the answer
//!   served, with its ETag, and the item's `/history` has every answered version
//!   (same ETag, op, author) in order; deleted items are gone;
//! - the one write the kill cut off is there whole or not at all: its version is in
//!   the history and served, or neither; a write whose connection was refused is not
//!   there;
//! - the store adds up: the change counter is the number of changesets, every
//!   changeset has its revisions, each record's versions form one unbroken chain
//!   with one current revision, there is one API changeset per version written;
//!   and `/collections` counts the baseline plus the test's live locations.
//!
//! The binary is `PIEROBEZA_BIN` (scripts/test.sh passes the release build) or this
//! test build's; the store is a fresh SQLite file, or a fresh PostGIS database with
//! `PIEROBEZA_TEST_DATABASE=postgres`. What to write and when to kill come from a
//! seed, printed first; `PIEROBEZA_CRASH_SEED=<seed>` chooses it (the timing of the
//! kill against the writes still varies from run to run).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};

use common::http::{try_request, Answer};
use common::serve::{binary, serve};
use pierobeza::store::DatabaseTarget;
use serde_json::{json, Value};

/// Kill/restart cycles.
const ROUNDS: u64 = 4;
/// Bounds on one round's writes.
const MAX_WRITES: usize = 200;
const MAX_ROUND: Duration = Duration::from_secs(20);
/// The kill comes this long after a round's first write, at most.
const MAX_KILL_DELAY_MS: u64 = 4_000;
/// Longest wait for one answer (a hung server fails the test rather than hanging it).
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);
/// The token's name: the author of every changeset the test makes.
const EDITOR: &str = "crash-editor";

/// Where the test writes: a measure-location collection, a measure served in it,
/// and a town of the plan territory to put the points around.
const TARGETS: [(&str, &str, [f64; 2]); 2] = [
    ("mobility_points", "eco-05", [26.52, 55.87]), // Daugavpils
    ("higher_education_points", "hr-03", [27.33, 56.51]), // Rēzekne
];

/// splitmix64: a seeded generator without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
}

fn seed() -> u64 {
    match std::env::var("PIEROBEZA_CRASH_SEED") {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("PIEROBEZA_CRASH_SEED={s:?} is not a number")),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(13),
    }
}

/// What the test wrote into a location (the rest of a feature is fixed or derived).
#[derive(Debug, Clone, PartialEq)]
struct State {
    name: String,
    note: String,
    provenance: String,
    lonlat: [f64; 2],
}

/// One version of a location as the test knows it.
#[derive(Debug, Clone)]
struct Version {
    /// `create`, `replace`, `update` or `delete`.
    op: &'static str,
    /// The ETag of the answer (or, for the cut-off write found applied, of its history entry).
    etag: Option<String>,
    /// `None` for a deletion.
    state: Option<State>,
    /// The feature's `properties` and `geometry` as the 2xx answer served them.
    served: Option<(Value, Value)>,
}

/// A location the test made.
#[derive(Debug)]
struct Location {
    collection: &'static str,
    measure: &'static str,
    location_id: String,
    fid: String,
    center: [f64; 2],
    versions: Vec<Version>,
}

impl Location {
    fn state(&self) -> Option<&State> {
        self.versions.last().and_then(|v| v.state.as_ref())
    }
    fn items(&self) -> String {
        format!("/collections/{}/items", self.collection)
    }
    fn item(&self) -> String {
        format!("/collections/{}/items/{}", self.collection, self.fid)
    }
    /// The GeoJSON feature written for a state.
    fn body(&self, s: &State) -> Value {
        json!({"type": "Feature",
               "geometry": {"type": "Point", "coordinates": s.lonlat},
               "properties": {"measure_id": self.measure, "location_id": self.location_id,
                              "place_name": s.name, "precision": "exact",
                              "provenance": s.provenance, "note": s.note}})
    }
}

/// A write that got no answer: its location, op and the state it would leave.
#[derive(Debug)]
struct CutOff {
    location: usize,
    op: &'static str,
    state: Option<State>,
    error: String,
}

/// Everything the test wrote, and what is still unknown.
struct Model {
    locations: Vec<Location>,
    cut_off: Option<CutOff>,
    made: u64,
}

/// How a round's writes ended.
#[derive(Debug, Default)]
struct RoundLog {
    answered: BTreeMap<&'static str, usize>,
    /// The write the kill cut off, or why the loop stopped otherwise.
    end: String,
}

fn point(center: [f64; 2], rng: &mut Rng) -> [f64; 2] {
    // Within ±0.01° of the town, on a 1e-5° grid (exact in decimal and in WKB).
    let off = |r: &mut Rng| (r.below(2001) as f64 - 1000.0) / 100_000.0;
    let lon = ((center[0] + off(rng)) * 100_000.0).round() / 100_000.0;
    let lat = ((center[1] + off(rng)) * 100_000.0).round() / 100_000.0;
    [lon, lat]
}

fn version_of(etag: &str) -> Option<i64> {
    etag.trim_matches('"').split('-').next()?.parse().ok()
}

/// What one request is to do.
struct Plan {
    location: usize,
    op: &'static str,
    method: &'static str,
    path: String,
    body: Option<Value>,
    if_match: Option<String>,
    state: Option<State>,
    status: u16,
}

/// Chooses the next write: new locations, and replaces, patches, deletes and
/// re-creations of the test's earlier ones.
fn next_write(m: &mut Model, rng: &mut Rng, round: u64, seed: u64) -> Plan {
    let live: Vec<usize> = (0..m.locations.len())
        .filter(|&i| m.locations[i].state().is_some())
        .collect();
    let deleted: Vec<usize> = (0..m.locations.len())
        .filter(|&i| {
            m.locations[i]
                .versions
                .last()
                .is_some_and(|v| v.op == "delete")
        })
        .collect();
    let r = rng.below(100);
    let fresh_state = |n: u64, what: &str, center: [f64; 2], rng: &mut Rng| State {
        name: format!("Crash {seed} r{round} #{n} {what}"),
        note: format!("{what} #{n} in round {round}"),
        provenance: format!("https://example.lv/crash/{seed}/{n}"),
        lonlat: point(center, rng),
    };
    if live.is_empty() || r < 30 {
        let (collection, measure, center) = *rng.pick(&TARGETS);
        m.made += 1;
        let n = m.made;
        let location_id = format!("{measure}/crash-{n}");
        let fid = location_id.replace('/', "-");
        m.locations.push(Location {
            collection,
            measure,
            location_id,
            fid,
            center,
            versions: Vec::new(),
        });
        let i = m.locations.len() - 1;
        let s = fresh_state(n, "created", center, rng);
        return Plan {
            location: i,
            op: "create",
            method: "POST",
            path: m.locations[i].items(),
            body: Some(m.locations[i].body(&s)),
            if_match: None,
            state: Some(s),
            status: 201,
        };
    }
    if r < 36 && !deleted.is_empty() {
        // A deleted location made again: its history goes on.
        let i = *rng.pick(&deleted);
        let l = &m.locations[i];
        let s = fresh_state(i as u64 + 1, "re-created", l.center, rng);
        return Plan {
            location: i,
            op: "create",
            method: "POST",
            path: l.items(),
            body: Some(l.body(&s)),
            if_match: None,
            state: Some(s),
            status: 201,
        };
    }
    let i = *rng.pick(&live);
    let l = &m.locations[i];
    let now = l.state().expect("live").clone();
    // Half of the changes name the version they change (If-Match).
    let if_match = if rng.below(2) == 0 {
        l.versions.last().and_then(|v| v.etag.clone())
    } else {
        None
    };
    let k = l.versions.len() + 1;
    if r < 60 {
        let s = State {
            name: format!("{} (v{k})", l.location_id),
            ..fresh_state(i as u64 + 1, "replaced", l.center, rng)
        };
        Plan {
            location: i,
            op: "replace",
            method: "PUT",
            path: l.item(),
            body: Some(l.body(&s)),
            if_match,
            state: Some(s),
            status: 200,
        }
    } else if r < 85 {
        let mut s = now;
        let patch = match rng.below(3) {
            0 => {
                s.note = format!("patched to v{k} in round {round}");
                json!({"properties": {"note": s.note}})
            }
            1 => {
                s.lonlat = point(l.center, rng);
                json!({"geometry": {"type": "Point", "coordinates": s.lonlat}})
            }
            _ => {
                s.note = format!("patched to v{k} in round {round}, moved");
                s.lonlat = point(l.center, rng);
                json!({"properties": {"note": s.note},
                       "geometry": {"type": "Point", "coordinates": s.lonlat}})
            }
        };
        Plan {
            location: i,
            op: "update",
            method: "PATCH",
            path: l.item(),
            body: Some(patch),
            if_match,
            state: Some(s),
            status: 200,
        }
    } else {
        Plan {
            location: i,
            op: "delete",
            method: "DELETE",
            path: l.item(),
            body: None,
            if_match,
            state: None,
            status: 204,
        }
    }
}

fn send(addr: SocketAddr, token: &str, p: &Plan) -> io::Result<Answer> {
    let auth = format!("Bearer {token}");
    let mut headers: Vec<(&str, &str)> = vec![("Authorization", &auth)];
    match p.method {
        "PATCH" => headers.push(("Content-Type", "application/merge-patch+json")),
        "POST" | "PUT" => headers.push(("Content-Type", "application/geo+json")),
        _ => {}
    }
    if let Some(t) = &p.if_match {
        headers.push(("If-Match", t));
    }
    let body = p.body.as_ref().map(Value::to_string);
    try_request(
        addr,
        Some(ANSWER_TIMEOUT),
        p.method,
        &p.path,
        &headers,
        body.as_deref(),
    )
}

/// Whether a served or historic feature's properties and geometry are a state.
fn shows(properties: &Value, geometry: &Value, s: &State) -> Result<(), String> {
    let want = [
        ("place_name", json!(s.name)),
        ("note", json!(s.note)),
        ("provenance", json!(s.provenance)),
        ("precision", json!("exact")),
    ];
    for (k, v) in want {
        if properties[k] != v {
            return Err(format!("properties.{k} is {}, not {v}", properties[k]));
        }
    }
    let g = json!({"type": "Point", "coordinates": s.lonlat});
    if *geometry != g {
        return Err(format!("geometry is {geometry}, not {g}"));
    }
    Ok(())
}

/// One round of writes until the loop's bounds or the first request without an
/// answer. A wrong answer (not the 2xx expected, or not showing the write) is an
/// error.
fn write_loop(
    addr: SocketAddr,
    token: &str,
    m: &mut Model,
    rng: &mut Rng,
    round: u64,
    seed: u64,
) -> Result<RoundLog, String> {
    let mut log = RoundLog::default();
    let t0 = Instant::now();
    for n in 0..MAX_WRITES {
        if t0.elapsed() > MAX_ROUND {
            log.end = format!("time bound reached after {n} writes");
            return Ok(log);
        }
        let p = next_write(m, rng, round, seed);
        let what = format!("{} {}", p.method, p.path);
        let a = match send(addr, token, &p) {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                // Never reached the server: it must not be there.
                log.end = format!("{what}: connection refused (the server was gone)");
                m.cut_off = Some(CutOff {
                    location: p.location,
                    op: "none",
                    state: None,
                    error: e.to_string(),
                });
                return Ok(log);
            }
            Err(e) => {
                log.end = format!("{what} ({}): no answer: {e}", p.op);
                m.cut_off = Some(CutOff {
                    location: p.location,
                    op: p.op,
                    state: p.state,
                    error: e.to_string(),
                });
                return Ok(log);
            }
        };
        if a.status != p.status {
            return Err(format!(
                "{what}: {} answered, {} expected: {}",
                a.status, p.status, a.body
            ));
        }
        let l = &mut m.locations[p.location];
        let expected_version = l.versions.len() as i64 + 1;
        let (etag, served) = match &p.state {
            Some(s) => {
                let etag = a
                    .header("etag")
                    .ok_or_else(|| format!("{what}: no ETag"))?
                    .to_string();
                if version_of(&etag) != Some(expected_version) {
                    return Err(format!(
                        "{what}: ETag {etag}, version {expected_version} expected"
                    ));
                }
                let f: Value = serde_json::from_str(&a.body)
                    .map_err(|e| format!("{what}: {e}: {}", a.body))?;
                if f["id"] != json!(l.fid) {
                    return Err(format!("{what}: answered feature {}", f["id"]));
                }
                shows(&f["properties"], &f["geometry"], s)
                    .map_err(|e| format!("{what}: the answer's {e}"))?;
                (
                    Some(etag),
                    Some((f["properties"].clone(), f["geometry"].clone())),
                )
            }
            None => (None, None),
        };
        l.versions.push(Version {
            op: p.op,
            etag,
            state: p.state,
            served,
        });
        *log.answered.entry(p.op).or_default() += 1;
    }
    log.end = format!("write bound reached ({MAX_WRITES})");
    Ok(log)
}

fn get(addr: SocketAddr, path: &str) -> Answer {
    try_request(addr, Some(ANSWER_TIMEOUT), "GET", path, &[], None)
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// `GET /collections`: each collection's feature count.
fn counts(addr: SocketAddr) -> BTreeMap<String, u64> {
    let a = get(addr, "/collections");
    assert_eq!(a.status, 200, "{}", a.body);
    a.json()["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["feature_count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// One history entry against what the test knows of that version.
fn check_entry(fid: &str, h: &Value, n: usize, v: &Version) -> Result<(), String> {
    let at = format!("{fid} history version {n}");
    let want = [
        ("version", json!(n)),
        ("op", json!(v.op)),
        ("author", json!(EDITOR)),
        ("changeset_kind", json!("api")),
    ];
    for (k, w) in want {
        if h[k] != w {
            return Err(format!("{at}: {k} is {}, not {w}: {h}", h[k]));
        }
    }
    if let Some(e) = &v.etag {
        if h["etag"] != json!(e) {
            return Err(format!(
                "{at}: ETag {}, but {e} was answered: {h}",
                h["etag"]
            ));
        }
    }
    match &v.state {
        Some(s) => shows(&h["properties"], &h["geometry"], s).map_err(|e| format!("{at}: {e}")),
        None if h["properties"].is_null() && h["etag"].is_null() => Ok(()),
        None => Err(format!("{at}: a deletion with properties: {h}")),
    }
}

/// What a restart found of the cut-off write.
#[derive(Debug, PartialEq)]
enum Found {
    Nothing,
    Applied,
    NotApplied,
}

/// Checks every location the test wrote, over HTTP, against the model; settles the
/// cut-off write (found whole, or not at all) into the model.
fn check_locations(addr: SocketAddr, m: &mut Model) -> Found {
    let cut = m.cut_off.take();
    let mut found = Found::Nothing;
    for (i, l) in m.locations.iter_mut().enumerate() {
        let h = get(addr, &format!("{}/history", l.item()));
        let entries: Vec<Value> = match h.status {
            404 => Vec::new(),
            200 => h.json()["versions"].as_array().expect("versions").clone(),
            s => panic!("{}/history: {s}: {}", l.item(), h.body),
        };
        let known = l.versions.len();
        let pending = cut.as_ref().filter(|c| c.location == i);
        for (k, v) in l.versions.iter().enumerate() {
            let Some(e) = entries.get(k) else {
                panic!(
                    "{}: version {} was answered 2xx ({}) but is not in the history (it has {}): {:?}",
                    l.fid,
                    k + 1,
                    v.op,
                    entries.len(),
                    v
                );
            };
            if let Err(e) = check_entry(&l.fid, e, k + 1, v) {
                panic!("{e}");
            }
        }
        if entries.len() > known {
            let c = pending.unwrap_or_else(|| {
                panic!(
                    "{}: the history has {} versions, the test wrote {known}: {:?}",
                    l.fid,
                    entries.len(),
                    entries.last()
                )
            });
            assert!(
                entries.len() == known + 1 && c.op != "none",
                "{}: {} versions after {known} written and one cut off ({}, {}): {entries:?}",
                l.fid,
                entries.len(),
                c.op,
                c.error
            );
            let v = Version {
                op: c.op,
                etag: entries[known]["etag"].as_str().map(str::to_string),
                state: c.state.clone(),
                served: None,
            };
            if let Err(e) = check_entry(&l.fid, &entries[known], known + 1, &v) {
                panic!("the write cut off ({}) is half there: {e}", c.error);
            }
            l.versions.push(v);
            found = Found::Applied;
        } else if pending.is_some() {
            found = Found::NotApplied;
        }
        // The item as served: the last version, whole.
        let g = get(addr, &l.item());
        match l.versions.last() {
            Some(Version {
                state: Some(s),
                etag,
                served,
                ..
            }) => {
                assert_eq!(g.status, 200, "{}: {}", l.item(), g.body);
                assert_eq!(
                    g.header("etag"),
                    etag.as_deref(),
                    "{}: served at another version than the last one written",
                    l.item()
                );
                let f = g.json();
                if let Err(e) = shows(&f["properties"], &f["geometry"], s) {
                    panic!("{}: {e}", l.item());
                }
                if let Some((p, geom)) = served {
                    assert_eq!(
                        (&f["properties"], &f["geometry"]),
                        (p, geom),
                        "{}: served otherwise than the write's answer",
                        l.item()
                    );
                }
            }
            _ => assert_eq!(
                g.status,
                404,
                "{}: deleted or never made, yet served: {}",
                l.item(),
                g.body
            ),
        }
    }
    found
}

/// The collections: the baseline's counts plus the test's live locations, and the
/// items listed are the ones counted.
fn check_counts(addr: SocketAddr, m: &Model, baseline: &BTreeMap<String, u64>) {
    let now = counts(addr);
    assert_eq!(
        now.keys().collect::<Vec<_>>(),
        baseline.keys().collect::<Vec<_>>(),
        "the collections changed"
    );
    for (c, n) in &now {
        let ours: BTreeSet<&str> = m
            .locations
            .iter()
            .filter(|l| l.collection == c && l.state().is_some())
            .map(|l| l.fid.as_str())
            .collect();
        assert_eq!(
            *n,
            baseline[c] + ours.len() as u64,
            "/collections counts {n} in {c}: {} in the baseline and {} of the test's",
            baseline[c],
            ours.len()
        );
        if TARGETS.iter().any(|t| t.0 == c) {
            let a = get(addr, &format!("/collections/{c}/items?limit=10000"));
            assert_eq!(a.status, 200, "{}", a.body);
            let features = a.json()["features"].as_array().unwrap().clone();
            assert_eq!(features.len() as u64, *n, "{c}: items listed vs counted");
            let listed: BTreeSet<&str> = features
                .iter()
                .filter_map(|f| f["id"].as_str())
                .filter(|id| id.contains("-crash-"))
                .collect();
            assert_eq!(listed, ours, "{c}: the test's locations listed");
        }
    }
}

/// A scalar query on either backend.
enum Db {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Db {
    async fn open(target: &DatabaseTarget) -> Db {
        use sqlx::Connection;
        match target {
            DatabaseTarget::Sqlite(path) => {
                let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
                Db::Sqlite(
                    sqlx::SqliteConnection::connect_with(&opts)
                        .await
                        .expect("opening the SQLite file"),
                )
            }
            DatabaseTarget::Postgres(url) => Db::Postgres(
                sqlx::PgConnection::connect(url)
                    .await
                    .expect("connecting to the database"),
            ),
        }
    }

    async fn scalar(&mut self, sql: &str) -> i64 {
        let r = match self {
            Db::Sqlite(c) => sqlx::query_scalar::<_, i64>(sql).fetch_one(c).await,
            Db::Postgres(c) => sqlx::query_scalar::<_, i64>(sql).fetch_one(c).await,
        };
        r.unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

/// The store's own bookkeeping after a crash: no changeset half there, no history
/// without its record or record without its history.
async fn check_store(target: &DatabaseTarget, m: &Model) {
    let mut db = Db::open(target).await;
    let counter = db
        .scalar("SELECT change_counter FROM store_meta WHERE id = 1")
        .await;
    let changesets = db.scalar("SELECT count(*) FROM changeset").await;
    assert_eq!(
        counter, changesets,
        "the change counter is not the number of changesets"
    );
    let written: usize = m.locations.iter().map(|l| l.versions.len()).sum();
    let api = db
        .scalar("SELECT count(*) FROM changeset WHERE kind = 'api'")
        .await;
    assert_eq!(
        api, written as i64,
        "one API changeset per version the test wrote"
    );
    let zero = [
        (
            "changesets without a revision",
            "SELECT count(*) FROM changeset c \
             WHERE NOT EXISTS (SELECT 1 FROM revision r WHERE r.changeset_id = c.id)",
        ),
        (
            "API changesets of other than one revision",
            "SELECT count(*) FROM (SELECT c.id FROM changeset c \
             JOIN revision r ON r.changeset_id = c.id WHERE c.kind = 'api' \
             GROUP BY c.id HAVING count(*) <> 1) x",
        ),
        (
            "records without exactly one current revision",
            "SELECT count(*) FROM (SELECT kind, id FROM revision GROUP BY kind, id \
             HAVING sum(CASE WHEN valid_to IS NULL THEN 1 ELSE 0 END) <> 1) x",
        ),
        (
            "records whose versions are not 1..n",
            "SELECT count(*) FROM (SELECT kind, id FROM revision GROUP BY kind, id \
             HAVING max(version) <> count(*) OR min(version) <> 1) x",
        ),
        (
            "current revisions that are not the last version",
            "SELECT count(*) FROM revision r WHERE r.valid_to IS NULL AND r.version <> \
             (SELECT max(s.version) FROM revision s WHERE s.kind = r.kind AND s.id = r.id)",
        ),
        (
            "versions not ended when the next began",
            "SELECT count(*) FROM revision a JOIN revision b \
             ON b.kind = a.kind AND b.id = a.id AND b.version = a.version + 1 \
             WHERE a.valid_to IS NULL OR a.valid_to <> b.valid_from",
        ),
        (
            "revisions not dated by their changeset",
            "SELECT count(*) FROM revision r JOIN changeset c ON c.id = r.changeset_id \
             WHERE r.valid_from <> c.at",
        ),
        (
            "deletions with a body or records without one",
            "SELECT count(*) FROM revision \
             WHERE (op = 'delete') = (body IS NOT NULL)",
        ),
    ];
    for (what, sql) in zero {
        assert_eq!(db.scalar(sql).await, 0, "{what}");
    }
}

fn target_arg(t: &DatabaseTarget) -> String {
    match t {
        DatabaseTarget::Sqlite(p) => p.display().to_string(),
        DatabaseTarget::Postgres(u) => u.clone(),
    }
}

#[test]
fn writes_answered_2xx_survive_a_sigkill_and_none_is_half_applied() {
    let t_all = Instant::now();
    let seed = seed();
    eprintln!("crash test: seed {seed} (PIEROBEZA_CRASH_SEED={seed} chooses it again)");
    let mut rng = Rng(seed);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let target = rt.block_on(common::db::fresh(&common::db::backend()));
    let database = target_arg(&target);

    let out = Command::new(binary())
        .args(["token", "create", "--name", EDITOR, "--role", "editor"])
        .args(["--database", &database])
        .output()
        .expect("pierobeza token create");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();

    let t = Instant::now();
    let mut server = serve(&database);
    eprintln!(
        "started on a fresh {} store in {:.1} s",
        common::db::backend(),
        t.elapsed().as_secs_f64()
    );
    let baseline = counts(server.addr);
    for (c, _, _) in TARGETS {
        assert!(baseline.contains_key(c), "no collection {c}");
    }
    let mut m = Model {
        locations: Vec::new(),
        cut_off: None,
        made: 0,
    };
    rt.block_on(check_store(&target, &m));

    let mut applied = 0;
    for round in 1..=ROUNDS {
        let delay = Duration::from_millis(50 + rng.below(MAX_KILL_DELAY_MS - 50));
        let mut writer_rng = Rng(rng.next());
        let addr = server.addr;
        // The writer goes on until the server is gone (or the loop's bounds); the
        // killer sends SIGKILL after the delay, whatever the writer is doing.
        let log = std::thread::scope(|s| {
            let (token, model, server) = (&token, &mut m, &mut server);
            let writer =
                s.spawn(move || write_loop(addr, token, model, &mut writer_rng, round, seed));
            let killer = s.spawn(move || {
                std::thread::sleep(delay);
                server.kill();
            });
            killer.join().expect("killer");
            writer.join().expect("writer")
        });
        let log = log.unwrap_or_else(|e| panic!("round {round}: {e}"));
        let t = Instant::now();
        server = serve(&database);
        let restart_s = t.elapsed().as_secs_f64();
        let found = check_locations(server.addr, &mut m);
        if found == Found::Applied {
            applied += 1;
        }
        check_counts(server.addr, &m, &baseline);
        rt.block_on(check_store(&target, &m));
        eprintln!(
            "round {round}: SIGKILL after {} ms; answered 2xx: {:?}; then {}; the cut-off write: {found:?}; restarted in {restart_s:.1} s",
            delay.as_millis(),
            log.answered,
            log.end
        );
    }
    let written: usize = m.locations.iter().map(|l| l.versions.len()).sum();
    assert!(written > 0, "no write was answered before the kills");
    eprintln!(
        "{ROUNDS} rounds, {written} versions in the store, {} locations live, {applied} cut-off writes found applied; {:.1} s",
        m.locations.iter().filter(|l| l.state().is_some()).count(),
        t_all.elapsed().as_secs_f64()
    );
    drop(server);
}
