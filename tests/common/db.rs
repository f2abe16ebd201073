//! Databases for the tests: a fresh SQLite file, or a fresh database on the
//! throwaway PostgreSQL cluster `scripts/postgres.sh` starts on loopback.
//!
//! `PIEROBEZA_TEST_DATABASE=postgres` runs the API suites on PostGIS (scripts/test.sh
//! runs them once per backend); the store tests use both backends every time.

use std::sync::atomic::{AtomicU32, Ordering};

use pierobeza::store::DatabaseTarget;
use sqlx::Connection;

/// The backend the API suites run on.
pub fn backend() -> String {
    std::env::var("PIEROBEZA_TEST_DATABASE").unwrap_or_else(|_| "sqlite".into())
}

/// The cluster's admin URL: `PIEROBEZA_TEST_POSTGRES`, or the one scripts/postgres.sh
/// starts. A missing PostgreSQL fails the test: it never passes silently.
pub fn postgres_admin_url() -> String {
    if let Ok(u) = std::env::var("PIEROBEZA_TEST_POSTGRES") {
        return u;
    }
    let out = std::process::Command::new("scripts/postgres.sh")
        .arg("url")
        .output()
        .expect("running scripts/postgres.sh");
    assert!(
        out.status.success(),
        "scripts/postgres.sh could not start PostgreSQL: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A new, empty database on the test cluster; its URL.
pub async fn fresh_postgres() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let admin = postgres_admin_url();
    let name = format!(
        "pbz_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    let mut c = sqlx::PgConnection::connect(&admin)
        .await
        .expect("connecting to the test cluster");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut c)
        .await
        .expect("creating a test database");
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}

/// A new SQLite file in a directory that lives as long as the test process.
pub fn fresh_sqlite() -> DatabaseTarget {
    let dir = tempfile::tempdir().expect("temp dir").keep();
    DatabaseTarget::Sqlite(dir.join("test.sqlite3"))
}

/// A fresh store of `backend`.
pub async fn fresh(backend: &str) -> DatabaseTarget {
    match backend {
        "postgres" => DatabaseTarget::Postgres(fresh_postgres().await),
        "sqlite" => fresh_sqlite(),
        other => panic!("PIEROBEZA_TEST_DATABASE={other}: use sqlite or postgres"),
    }
}
