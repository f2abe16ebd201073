//! The store: where the running service keeps the plan and its geography, and
//! every change to them, as revisions (see `migrations/`).
//!
//! Two backends behind one interface ([`Backend`]): a single-file SQLite
//! database (the default: nothing to install) and PostgreSQL/PostGIS (shared by
//! several processes). The shipped files in `geodata/` and `seeds/` are the
//! reviewed baseline; `init` loads them as the first revision, dated the day the
//! plan was approved. The in-memory indexes ([`crate::index`]) are rebuilt from a
//! [`Snapshot`] whenever the store's change counter moves.

mod baseline;
mod changeset;
mod changeset_rules;
pub mod generate;
mod history;
mod pg_scan;
mod postgres;
pub mod records;
pub mod refresh;
pub mod row;
mod scan;
mod sqlite;
mod sqlite_scan;
mod target;
mod tokens;
pub mod wkb;

pub use baseline::{
    baseline_digest, init, open_loaded, reload_changes, InitOutcome, Loaded, BASELINE_AT,
};
pub use changeset::{now_rfc3339, Change, ChangeKind, Changeset, Commit};
pub use history::{Revision, VersionedRow};
pub use records::{location_row, to_rows};
pub use row::{Kind, RawRow, Row};
pub use scan::Sink;
pub use target::DatabaseTarget;
pub use tokens::TokenInfo;

use crate::model::{Geodata, Plan};

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored {kind} {id:?}: {reason}")]
    Record {
        kind: &'static str,
        id: String,
        reason: String,
    },
    #[error("{kind} {id:?} already exists")]
    Exists { kind: &'static str, id: String },
    #[error("{kind} {id:?} does not exist")]
    Missing { kind: &'static str, id: String },
    /// A change expected another version of the record (`If-Match`).
    #[error("{kind} {id:?} is at version {current}, not the one the change expected")]
    Stale {
        kind: &'static str,
        id: String,
        current: i64,
    },
    #[error("{0}")]
    Config(String),
}

/// The current state of the store, as the model.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub geodata: Geodata,
    pub plan: Plan,
    /// The change counter the snapshot was read at.
    pub counter: i64,
}

/// What a store backend does: the seam the service, `init` and the benchmarks use.
pub trait Backend {
    /// Whether nothing has been committed yet.
    fn is_empty(&self) -> impl std::future::Future<Output = Result<bool, StoreError>> + Send;
    /// The number of commits so far; it moves with every commit.
    fn change_counter(&self) -> impl std::future::Future<Output = Result<i64, StoreError>> + Send;
    /// Feeds every current record to a new sink, one at a time, and returns the
    /// change counter they were read at (one snapshot of the database) with the sink.
    fn scan_current<K: Sink>(
        &self,
    ) -> impl std::future::Future<Output = Result<(i64, K), StoreError>> + Send;
    /// Feeds every record as it stood at an instant (RFC 3339, UTC, microseconds)
    /// to a new sink.
    fn scan_at<K: Sink>(
        &self,
        at: &str,
    ) -> impl std::future::Future<Output = Result<K, StoreError>> + Send;
    /// How many commits were made by an instant (RFC 3339, UTC, microseconds), and
    /// how many in all.
    fn commits_until(
        &self,
        at: &str,
    ) -> impl std::future::Future<Output = Result<(i64, i64), StoreError>> + Send;
    /// The current record of a kind by id.
    fn record(
        &self,
        kind: Kind,
        id: &str,
    ) -> impl std::future::Future<Output = Result<Option<Row>, StoreError>> + Send;
    /// Current records of a kind whose geometry's box meets `[minx, miny, maxx, maxy]`,
    /// in id order, one page.
    fn records_in_bbox(
        &self,
        kind: Kind,
        bbox: [f64; 4],
        limit: i64,
        offset: i64,
    ) -> impl std::future::Future<Output = Result<Vec<Row>, StoreError>> + Send;
    /// Applies a changeset atomically: all of it or nothing.
    fn commit(
        &self,
        cs: &Changeset,
    ) -> impl std::future::Future<Output = Result<Commit, StoreError>> + Send;
    /// The digest of the files the baseline was loaded from.
    fn baseline_digest(
        &self,
    ) -> impl std::future::Future<Output = Result<Option<String>, StoreError>> + Send;
    /// Records the digest of the baseline's files.
    fn set_baseline_digest(
        &self,
        digest: &str,
    ) -> impl std::future::Future<Output = Result<(), StoreError>> + Send;
}

/// An open store of either backend.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PgStore),
}

macro_rules! dispatch {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            Store::Sqlite($s) => $e,
            Store::Postgres($s) => $e,
        }
    };
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates the schema.
    pub async fn open(target: &DatabaseTarget) -> Result<Store, StoreError> {
        Ok(match target {
            DatabaseTarget::Sqlite(path) => Store::Sqlite(sqlite::SqliteStore::open(path).await?),
            DatabaseTarget::Postgres(url) => Store::Postgres(postgres::PgStore::open(url).await?),
        })
    }

    /// The backend's name, for logs.
    pub fn backend_name(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// The current state as the model, decoded as it streams in.
    pub async fn snapshot(&self) -> Result<Snapshot, StoreError> {
        let (counter, a) = self.scan_current::<records::Assembler>().await?;
        let (geodata, plan) = a.finish()?;
        Ok(Snapshot {
            geodata,
            plan,
            counter,
        })
    }

    /// The model as it stood at an instant: the history every commit keeps.
    pub async fn snapshot_at(&self, at: &str) -> Result<(Geodata, Plan), StoreError> {
        self.scan_at::<records::Assembler>(at).await?.finish()
    }

    /// Every current record as an owned row, with the counter they were read at.
    pub async fn current_rows(&self) -> Result<(Vec<Row>, i64), StoreError> {
        let (counter, rows) = self.scan_current::<Vec<Row>>().await?;
        Ok((rows, counter))
    }

    /// Waits until the store may have changed (PostgreSQL: a notification), or at
    /// most `poll`; the caller then compares change counters.
    pub async fn wait_for_change(&self, poll: std::time::Duration) {
        match self {
            Store::Postgres(s) => s.wait_for_notification(poll).await,
            Store::Sqlite(_) => tokio::time::sleep(poll).await,
        }
    }
}

impl Backend for Store {
    async fn is_empty(&self) -> Result<bool, StoreError> {
        dispatch!(self, s => s.is_empty().await)
    }
    async fn change_counter(&self) -> Result<i64, StoreError> {
        dispatch!(self, s => s.change_counter().await)
    }
    async fn scan_current<K: Sink>(&self) -> Result<(i64, K), StoreError> {
        dispatch!(self, s => s.scan_current().await)
    }
    async fn scan_at<K: Sink>(&self, at: &str) -> Result<K, StoreError> {
        dispatch!(self, s => s.scan_at(at).await)
    }
    async fn commits_until(&self, at: &str) -> Result<(i64, i64), StoreError> {
        dispatch!(self, s => s.commits_until(at).await)
    }
    async fn record(&self, kind: Kind, id: &str) -> Result<Option<Row>, StoreError> {
        dispatch!(self, s => s.record(kind, id).await)
    }
    async fn records_in_bbox(
        &self,
        kind: Kind,
        bbox: [f64; 4],
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Row>, StoreError> {
        dispatch!(self, s => s.records_in_bbox(kind, bbox, limit, offset).await)
    }
    async fn commit(&self, cs: &Changeset) -> Result<Commit, StoreError> {
        dispatch!(self, s => s.commit(cs).await)
    }
    async fn baseline_digest(&self) -> Result<Option<String>, StoreError> {
        dispatch!(self, s => s.baseline_digest().await)
    }
    async fn set_baseline_digest(&self, digest: &str) -> Result<(), StoreError> {
        dispatch!(self, s => s.set_baseline_digest(digest).await)
    }
}
