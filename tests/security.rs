//! The HTTP edge as an outside tester sees it: no file outside the web directory is ever
//! served, every error is JSON, links never echo a foreign `Host`, stalled connections are
//! closed and cannot starve real users, CORS and the page's security headers.
//! On the real router and on a real server on loopback.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use clap::Parser;
use pierobeza::api::{app, AppState};
use pierobeza::cli::{Cli, Command, ServeArgs};
use serde_json::Value;

/// A marker no served file contains.
const SECRET: &str = "pierobeza-secret-7c1e";

/// A web directory with an index, an asset, and links that point out of it; beside it, a
/// secret file.
struct WebFixture {
    _root: tempfile::TempDir,
    web: std::path::PathBuf,
    secret: std::path::PathBuf,
}

fn web_fixture() -> WebFixture {
    let root = tempfile::tempdir().unwrap();
    let web = root.path().join("dist");
    std::fs::create_dir_all(web.join("assets")).unwrap();
    std::fs::write(web.join("index.html"), "<!doctype html><title>map</title>").unwrap();
    std::fs::write(web.join("app.js"), "console.log('map');").unwrap();
    std::fs::write(web.join(".env"), SECRET).unwrap();
    let secret = root.path().join("secret.txt");
    std::fs::write(&secret, SECRET).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, web.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(root.path(), web.join("up")).unwrap();
        std::os::unix::fs::symlink("/etc", web.join("etc")).unwrap();
    }
    WebFixture {
        _root: root,
        web,
        secret,
    }
}

fn serve_args(extra: &[&str]) -> ServeArgs {
    let mut argv = vec!["pierobeza", "serve"];
    argv.extend_from_slice(extra);
    match Cli::try_parse_from(argv).expect("arguments parse").command {
        Command::Serve(a) => a,
        _ => unreachable!(),
    }
}

fn state_for(web: &Path, extra: &[&str], bound: &str) -> AppState {
    let base = common::state();
    let edge = serve_args(extra).edge(bound).expect("edge config");
    AppState::new(base.view().catalog.clone(), web.to_path_buf()).with_edge(edge)
}

/// Every way we know to ask for a file outside the web directory.
fn traversal_paths(secret: &Path) -> Vec<String> {
    let abs = secret.display().to_string();
    let enc_abs = abs.replace('/', "%2F");
    vec![
        "/map//etc/passwd".into(),
        "/map/%2Fetc%2Fpasswd".into(),
        "/map/%2fetc%2fpasswd".into(),
        format!("/map/{abs}"),
        format!("/map/{enc_abs}"),
        "/map/../secret.txt".into(),
        "/map/..%2fsecret.txt".into(),
        "/map/..%2Fsecret.txt".into(),
        "/map/%2e%2e/secret.txt".into(),
        "/map/%2E%2E%2Fsecret.txt".into(),
        "/map/.%2e/secret.txt".into(),
        "/map/%252e%252e/secret.txt".into(),
        "/map/..%5csecret.txt".into(),
        "/map/..\\secret.txt".into(),
        "/map/assets/../../secret.txt".into(),
        "/map/assets/%2e%2e/%2e%2e/secret.txt".into(),
        "/map/secret.txt%00".into(),
        "/map/%00/../secret.txt".into(),
        "/map/%c0%ae%c0%ae/secret.txt".into(),
        "/map/%FF".into(),
        "/map/.env".into(),
        "/map/%2eenv".into(),
        "/map/leak.txt".into(),
        "/map/up/secret.txt".into(),
        "/map/etc/passwd".into(),
        "/map/etc/hostname".into(),
        "/map/C:/Windows/win.ini".into(),
        "/map/c:%5cwindows%5cwin.ini".into(),
    ]
}

async fn oneshot(st: &AppState, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let (status, headers, bytes) = common::send(st.clone(), req).await;
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn assert_json_error(status: StatusCode, headers: &axum::http::HeaderMap, body: &str, what: &str) {
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(ct.starts_with("application/json"), "{what}: {ct} {body}");
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{what}: {e}: {body}"));
    assert_eq!(v["status"], status.as_u16(), "{what}: {body}");
    assert!(v["code"].as_str().is_some_and(|c| !c.is_empty()), "{body}");
    assert!(
        v["description"].as_str().is_some_and(|d| d.len() > 10),
        "{body}"
    );
}

#[tokio::test]
async fn no_traversal_form_reaches_a_file_outside_the_web_dir() {
    let fx = web_fixture();
    let st = state_for(&fx.web, &[], "127.0.0.1:8080");
    for path in traversal_paths(&fx.secret) {
        let Ok(req) = Request::get(path.as_str()).body(Body::empty()) else {
            continue; // not even a valid request target for a client
        };
        let (status, headers, body) = oneshot(&st, req).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        assert_json_error(status, &headers, &body, &path);
        assert!(
            !body.contains(SECRET) && !body.contains("root:"),
            "{path}: {body}"
        );
    }
    // The real files are still served, by a real file server.
    let (status, headers, body) = oneshot(
        &st,
        Request::get("/map/app.js").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("console.log"));
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert!(headers.contains_key("last-modified"));
    let (status, _, body) = oneshot(&st, Request::get("/map").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<title>map</title>"));
}

/// Sends raw bytes (no client normalises the path) and reads the whole answer.
fn raw_request(addr: SocketAddr, request: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// A real server on loopback, in this process, with these `serve` options.
async fn spawn_server(web: &Path, extra: &[&str]) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let args = serve_args(extra);
    let st = state_for(web, extra, &addr.to_string());
    let limits = args.conn_limits();
    tokio::spawn(pierobeza::api::server::serve(
        listener,
        app(st),
        limits,
        std::future::pending(),
    ));
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_server_serves_nothing_outside_the_web_dir() {
    let fx = web_fixture();
    let addr = spawn_server(&fx.web, &[]).await;
    let paths = traversal_paths(&fx.secret);
    let answers = tokio::task::spawn_blocking(move || {
        paths
            .into_iter()
            .map(|p| {
                let req =
                    format!("GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                (p, raw_request(addr, req.as_bytes()))
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    for (path, answer) in answers {
        assert!(
            !answer.contains(SECRET) && !answer.contains("root:"),
            "{path}: {answer}"
        );
        let status_line = answer.lines().next().unwrap_or_default();
        // hyper itself refuses a target with a raw backslash or NUL (400, empty body);
        // everything that reaches us is a JSON 404.
        if status_line.contains(" 404 ") {
            assert!(answer.contains("application/json"), "{path}: {answer}");
        } else {
            assert!(status_line.contains(" 400 "), "{path}: {answer}");
        }
    }
}

#[tokio::test]
async fn every_error_is_json_naming_what_was_wrong() {
    let fx = web_fixture();
    let st = state_for(&fx.web, &[], "127.0.0.1:8080");
    // 405, with Allow.
    let (status, headers, body) = oneshot(
        &st,
        Request::post("/collections").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_json_error(status, &headers, &body, "405");
    assert!(headers["allow"].to_str().unwrap().contains("GET"));
    assert!(
        body.contains("POST") && body.contains("/collections"),
        "{body}"
    );
    // Only GET and HEAD reach the map's files.
    for method in ["POST", "TRACE", "DELETE"] {
        let req = Request::builder()
            .method(method)
            .uri("/map/app.js")
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = oneshot(&st, req).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_json_error(status, &headers, &body, method);
    }
    // 414.
    let long = format!("/collections?{}", "a".repeat(9000));
    let (status, headers, body) = oneshot(
        &st,
        Request::get(long.as_str()).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::URI_TOO_LONG);
    assert_json_error(status, &headers, &body, "414");
    // 431: one huge header, and too many.
    let (status, headers, body) = oneshot(
        &st,
        Request::get("/")
            .header("x-big", "b".repeat(20_000))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_json_error(status, &headers, &body, "431");
    let mut many = Request::get("/");
    for i in 0..80 {
        many = many.header(format!("x-h{i}"), "v");
    }
    let (status, headers, body) = oneshot(&st, many.body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_json_error(status, &headers, &body, "431 many");
    // A path that is not UTF-8 once decoded.
    let (status, headers, body) = oneshot(
        &st,
        Request::get("/collections/%FF%FE/items")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_json_error(status, &headers, &body, "utf-8");
    assert!(body.contains("\"parameter\":\"path\""), "{body}");
    // An unknown path is named.
    let (status, headers, body) = oneshot(
        &st,
        Request::get("/no/such/place").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_json_error(status, &headers, &body, "404");
    assert!(body.contains("/no/such/place"), "{body}");
    // A body larger than any endpoint takes.
    let (status, headers, body) = oneshot(
        &st,
        Request::get("/")
            .header("content-length", "2000000")
            .body(Body::from(vec![b'x'; 2_000_000]))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_json_error(status, &headers, &body, "413");
}

/// Every `href` in a JSON document, and the OpenAPI servers.
fn links(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("href" | "url", Value::String(s)) => out.push(s.clone()),
                    _ => links(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| links(x, out)),
        _ => {}
    }
}

async fn links_of(st: &AppState, host: &str) -> Vec<String> {
    let mut out = Vec::new();
    for path in [
        "/",
        "/api",
        "/collections",
        "/collections/settlements",
        "/collections/settlements/items?limit=2&offset=2",
        "/collections/municipalities_2021/items/LV-058",
    ] {
        let req = Request::get(path)
            .header("host", host)
            .body(Body::empty())
            .unwrap();
        let (status, _, body) = oneshot(st, req).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        links(&v, &mut out);
    }
    out.retain(|l| l.starts_with("http"));
    assert!(out.len() > 20, "{out:?}");
    out
}

/// `link` is `base` itself or a path below it.
fn under(link: &str, base: &str) -> bool {
    link.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[tokio::test]
async fn links_never_echo_a_foreign_host() {
    let fx = web_fixture();
    let st = state_for(&fx.web, &[], "127.0.0.1:8080");
    for l in links_of(&st, "attacker.example").await {
        assert!(!l.contains("attacker.example"), "{l}");
        assert!(under(&l, "http://127.0.0.1:8080"), "{l}");
    }
    // A loopback name the client used is kept, and so is an allowed one.
    for l in links_of(&st, "localhost:8080").await {
        assert!(under(&l, "http://localhost:8080"), "{l}");
    }
    let st = state_for(
        &fx.web,
        &["--allowed-host", "maps.example.lv"],
        "0.0.0.0:8080",
    );
    for l in links_of(&st, "maps.example.lv").await {
        assert!(under(&l, "http://maps.example.lv"), "{l}");
    }
    let st = state_for(
        &fx.web,
        &["--public-url", "https://maps.example.lv/pierobeza"],
        "127.0.0.1:8080",
    );
    for l in links_of(&st, "attacker.example").await {
        assert!(under(&l, "https://maps.example.lv/pierobeza"), "{l}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_connection_is_closed_and_cannot_starve_others() {
    let fx = web_fixture();
    let addr = spawn_server(&fx.web, &["--header-timeout-s", "2"]).await;
    let closed_after = tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /collections HT").unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let t0 = Instant::now();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        t0.elapsed()
    })
    .await
    .unwrap();
    assert!(
        closed_after < Duration::from_secs(15),
        "a half-sent request line held the connection for {closed_after:?}"
    );

    // 500 stalled sockets held open while a real user asks for something.
    let addr = spawn_server(&fx.web, &["--header-timeout-s", "30"]).await;
    let ok = tokio::task::spawn_blocking(move || {
        let stalled: Vec<TcpStream> = (0..500)
            .map(|_| {
                let mut s = TcpStream::connect(addr).unwrap();
                s.write_all(b"GET /colle").unwrap();
                s
            })
            .collect();
        let answer = raw_request(
            addr,
            b"GET /conformance HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        );
        drop(stalled);
        answer
    })
    .await
    .unwrap();
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(ok.contains("conformsTo"));
}

#[tokio::test]
async fn cors_is_a_decision_and_pages_carry_security_headers() {
    let fx = web_fixture();
    let get_from = |origin: &'static str| {
        Request::get("/collections")
            .header("origin", origin)
            .body(Body::empty())
            .unwrap()
    };
    // Default: any origin may read; no credentials; never a write method.
    let st = state_for(&fx.web, &[], "127.0.0.1:8080");
    let (_, h, _) = oneshot(&st, get_from("https://any.example")).await;
    assert_eq!(h["access-control-allow-origin"], "*");
    assert!(!h.contains_key("access-control-allow-credentials"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.contains_key("x-request-id"));
    let preflight = Request::options("/collections")
        .header("origin", "https://any.example")
        .header("access-control-request-method", "POST")
        .body(Body::empty())
        .unwrap();
    let (_, h, _) = oneshot(&st, preflight).await;
    let methods = h
        .get("access-control-allow-methods")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        !methods.contains("POST") && !methods.contains("DELETE"),
        "{methods}"
    );
    // Closed, and a list.
    let st = state_for(&fx.web, &["--cors-origin", "none"], "127.0.0.1:8080");
    let (_, h, _) = oneshot(&st, get_from("https://any.example")).await;
    assert!(!h.contains_key("access-control-allow-origin"));
    let st = state_for(
        &fx.web,
        &["--cors-origin", "https://maps.example.lv"],
        "127.0.0.1:8080",
    );
    let (_, h, _) = oneshot(&st, get_from("https://maps.example.lv")).await;
    assert_eq!(h["access-control-allow-origin"], "https://maps.example.lv");
    let (_, h, _) = oneshot(&st, get_from("https://evil.example")).await;
    assert!(!h.contains_key("access-control-allow-origin"));
    // The map page: only its own scripts and styles.
    let (status, h, _) = oneshot(&st, Request::get("/map").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-eval") && !csp.contains("script-src 'self' 'unsafe-inline'"));
    assert!(h.contains_key("referrer-policy"));
    assert_eq!(h["x-content-type-options"], "nosniff");
}

#[test]
fn bad_edge_options_are_refused_by_name() {
    let a = serve_args(&["--public-url", "maps.example.lv"]);
    assert!(a.edge("127.0.0.1:1").unwrap_err().contains("--public-url"));
    let a = serve_args(&["--cors-origin", "maps.example.lv"]);
    assert!(a.edge("127.0.0.1:1").unwrap_err().contains("--cors-origin"));
    assert!(Cli::try_parse_from(["pierobeza", "serve", "--header-timeout-s", "600"]).is_err());
}
