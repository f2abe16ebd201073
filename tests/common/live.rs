//! A real server on loopback over a fresh store (SQLite, or PostGIS with
//! `PIEROBEZA_TEST_DATABASE=postgres`), followed as in production, with tokens of
//! each role; one per test process, on a runtime of its own for as long as the
//! process lives (the store's pooled connections belong to that runtime).

use std::net::SocketAddr;
use std::sync::OnceLock;

use pierobeza::auth::Role;
use pierobeza::load::DataPaths;

/// The server and the tokens made for the tests.
pub struct Server {
    pub addr: SocketAddr,
    pub editor: String,
    pub analyst: String,
    pub revoked: String,
}

/// The process's server, started on first use.
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().expect("runtime");
            rt.block_on(run(tx));
        });
        rx.recv().expect("the test server starts")
    })
}

async fn run(tx: std::sync::mpsc::Sender<Server>) {
    let target = super::db::fresh(&super::db::backend()).await;
    let web = std::path::PathBuf::from("/nonexistent");
    let started = pierobeza::api::live::start(&target, &DataPaths::current_dir(), web)
        .await
        .expect("the shipped data loads into the store");
    let store = started.store.clone();
    let token = |name: &'static str, role| {
        let store = store.clone();
        async move { store.create_token(name, role).await.unwrap() }
    };
    let editor = token("editor-test", Role::Editor).await;
    let analyst = token("analyst-test", Role::Analyst).await;
    let revoked = token("revoked-test", Role::Editor).await;
    assert!(store.revoke_token("revoked-test").await.unwrap());
    pierobeza::api::live::follow(started.store, started.state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tx.send(Server {
        addr,
        editor,
        analyst,
        revoked,
    })
    .unwrap();
    pierobeza::api::server::serve(
        listener,
        pierobeza::api::app(started.state),
        Default::default(),
        std::future::pending(),
    )
    .await
    .unwrap();
}

/// An anonymous GET of `path` on the live server, uncompressed.
pub fn get_plain(path: &str) -> super::http::Answer {
    super::http::request(
        server().addr,
        "GET",
        path,
        &[("Accept-Encoding", "identity")],
        None,
    )
}
