//! End to end: the real server on loopback, read by GDAL's own OAPIF driver
//! (`ogrinfo`, `ogr2ogr` from gdal-bin), compared with the API's own answers.
//! Fails when gdal-bin is not installed; CI installs it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Server {
    child: Child,
    base: String,
    /// Its own database: the tests run at once, and two servers creating the
    /// default one in the data directory race.
    _db: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let db = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pierobeza"))
        .args(["serve", "--bind", "127.0.0.1", "--port", "0", "--database"])
        .arg(db.path().join("e2e.sqlite3"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pierobeza serve");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_string();
    Server {
        child,
        base,
        _db: db,
    }
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn http_get(url: &str) -> Value {
    // A plain HTTP/1.1 GET over std, to keep the test free of client crates.
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nAccept: application/json\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf);
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{url}: {head}");
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{url}: {e}"))
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = &after[n + 2..];
    }
    out
}

#[test]
fn gdal_reads_every_collection_like_the_api() {
    // A missing client fails the test: a skip would pass silently.
    assert!(
        have("ogrinfo") && have("ogr2ogr"),
        "gdal-bin (ogrinfo, ogr2ogr) is needed: apt-get install gdal-bin"
    );
    let server = start();
    let cols = http_get(&format!("{}/collections", server.base));
    let ids: Vec<String> = cols["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() >= 8);

    // ogrinfo lists every collection as a layer.
    let out = Command::new("ogrinfo")
        .args(["-ro", "-q", &format!("OAPIF:{}", server.base)])
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for id in &ids {
        assert!(
            listing
                .lines()
                .any(|l| l.split_whitespace().nth(1) == Some(id.as_str())),
            "ogrinfo does not list {id}:\n{listing}"
        );
    }

    // ogr2ogr copies each layer with the same features and attribute values.
    let dir = tempfile::tempdir().unwrap();
    for id in &ids {
        let dst = dir.path().join(format!("{id}.geojson"));
        let out = Command::new("ogr2ogr")
            .args([
                "-f",
                "GeoJSON",
                dst.to_str().unwrap(),
                &format!("OAPIF:{}", server.base),
                id,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{id}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let copied: Value = serde_json::from_str(&std::fs::read_to_string(&dst).unwrap()).unwrap();
        let api = http_get(&format!(
            "{}/collections/{id}/items?limit=10000",
            server.base
        ));
        let a = api["features"].as_array().unwrap();
        let c = copied["features"].as_array().unwrap();
        assert_eq!(c.len(), a.len(), "{id}: feature count");
        assert_eq!(api["numberMatched"].as_u64().unwrap() as usize, a.len());
        let by_id = |fs: &Vec<Value>, f: &Value| -> Option<Value> {
            let key = f["properties"]
                .get("id")
                .cloned()
                .unwrap_or_else(|| f["id"].clone());
            fs.iter()
                .find(|g| g["id"] == key || g["properties"].get("id") == Some(&key))
                .cloned()
        };
        for cf in c {
            let af = by_id(a, cf).unwrap_or_else(|| {
                panic!("{id}: copied feature {} not in the API", cf["properties"])
            });
            for (k, v) in af["properties"].as_object().unwrap() {
                let got = &cf["properties"][k];
                let same = match (v, got) {
                    (Value::Number(x), Value::Number(y)) => {
                        (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() < 1e-9
                    }
                    (Value::Null, g) => g.is_null() || g == "",
                    // GDAL reads ISO dates as OFTDate and writes them with slashes.
                    (Value::String(x), Value::String(y)) => x == y || x.replace('-', "/") == *y,
                    (x, y) => x == y,
                };
                assert!(same, "{id}/{}: {k}: API {v} vs GDAL {got}", af["id"]);
            }
        }
    }
}

/// GDAL learns which attribute filters the server evaluates from /api: the items
/// path's query parameters that name a field of the layer. The collections share
/// one templated path, `/collections/{collectionId}/items`, which GDAL reads when a
/// collection has no path of its own: `-where "measure_id = '…'"` must reach the
/// server as `?measure_id=…` (CPL_DEBUG shows each URL GDAL fetches), and find
/// what the API finds.
#[test]
fn gdal_pushes_property_filters_down_as_the_api_document_says() {
    if !have("ogrinfo") {
        eprintln!("SKIPPED: gdal-bin (ogrinfo) is not installed");
        return;
    }
    let server = start();
    let cols = http_get(&format!("{}/collections", server.base));
    let (id, measure) = cols["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .find_map(|id| {
            let page = http_get(&format!("{}/collections/{id}/items?limit=1", server.base));
            let m = page["features"][0]["properties"]["measure_id"].as_str()?;
            Some((id, m.to_string()))
        })
        .expect("a collection with measure_id");
    let api = http_get(&format!(
        "{}/collections/{id}/items?limit=10000&measure_id={measure}",
        server.base
    ));
    let out = Command::new("ogrinfo")
        .env("CPL_DEBUG", "ON")
        .args([
            "-ro",
            "-so",
            "-where",
            &format!("measure_id = '{measure}'"),
            &format!("OAPIF:{}", server.base),
            &id,
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    let pushed = format!("measure_id={measure}");
    assert!(
        stderr
            .lines()
            .any(|l| l.contains(&format!("/collections/{id}/items")) && l.contains(&pushed)),
        "GDAL did not send {pushed}:\n{stderr}"
    );
    let want = format!("Feature Count: {}", api["numberMatched"]);
    assert!(stdout.contains(&want), "{want}:\n{stdout}");
}
