//! The embedded backend: one SQLite file, WAL journal, full sync (a committed
//! change survives the process being killed).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use geo::BoundingRect;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Row as _, Sqlite, SqlitePool, Transaction};

use super::changeset::{stamp, Change, Changeset, Commit};
use super::row::{Kind, Row};
use super::scan::Sink;
use super::{sqlite_scan, wkb, StoreError};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// The columns of a record, as [`scan`] reads them.
const SELECT: &str = "SELECT kind, id, parent, seq, geom, body FROM revision";

/// Rows per multi-row INSERT (14 parameters each; SQLite allows 32,766).
const BATCH: usize = 1_000;

/// A SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pub(super) pool: SqlitePool,
    /// The file, for the bulk reads of [`sqlite_scan`].
    path: PathBuf,
}

impl SqliteStore {
    /// Opens the file (creating it and its directory) and migrates it.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Config(format!("creating {}: {e}", dir.display())))?;
        }
        let opts = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(SqliteStore {
            pool,
            path: path.to_path_buf(),
        })
    }

    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM changeset")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    pub async fn change_counter(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT change_counter FROM store_meta WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    pub async fn scan_current<K: Sink>(&self) -> Result<(i64, K), StoreError> {
        sqlite_scan::current(self.path.clone()).await
    }

    pub async fn scan_at<K: Sink>(&self, at: &str) -> Result<K, StoreError> {
        sqlite_scan::at(self.path.clone(), at.to_string()).await
    }

    pub async fn commits_until(&self, at: &str) -> Result<(i64, i64), StoreError> {
        Ok(
            sqlx::query_as("SELECT coalesce(sum(at <= ?), 0), count(*) FROM changeset")
                .bind(at)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    pub async fn record(&self, kind: Kind, id: &str) -> Result<Option<Row>, StoreError> {
        let sql =
            format!("{SELECT} WHERE kind = ? AND id = ? AND valid_to IS NULL AND op <> 'delete'");
        let r = sqlx::query(&sql)
            .bind(kind.as_str())
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        r.as_ref().map(decode_row).transpose()
    }

    pub async fn records_in_bbox(
        &self,
        kind: Kind,
        bbox: [f64; 4],
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Row>, StoreError> {
        let sql = format!(
            "{SELECT} WHERE kind = ? AND valid_to IS NULL AND op <> 'delete' \
               AND maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ? \
             ORDER BY id LIMIT ? OFFSET ?",
        );
        let rows = sqlx::query(&sql)
            .bind(kind.as_str())
            .bind(bbox[0])
            .bind(bbox[2])
            .bind(bbox[1])
            .bind(bbox[3])
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(decode_row).collect()
    }

    pub async fn commit(&self, cs: &Changeset) -> Result<Commit, StoreError> {
        // BEGIN IMMEDIATE takes the write lock first: no busy-snapshot failure when
        // the transaction reads before it writes.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let last: Option<String> =
            sqlx::query_scalar("SELECT at FROM changeset ORDER BY id DESC LIMIT 1")
                .fetch_optional(&mut *tx)
                .await?;
        let at = stamp(cs.at.as_deref(), last.as_deref());
        let changeset_id: i64 = sqlx::query_scalar(
            "INSERT INTO changeset (at, author, kind, note) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(&at)
        .bind(&cs.author)
        .bind(cs.kind.as_str())
        .bind(&cs.note)
        .fetch_one(&mut *tx)
        .await?;
        if cs.bulk_creates() {
            let rows: Vec<&Row> = cs.changes.iter().filter_map(Change::row).collect();
            for chunk in rows.chunks(BATCH) {
                insert_versions(&mut tx, changeset_id, &at, chunk, 1, "create").await?;
            }
        } else {
            for c in &cs.changes {
                apply(&mut tx, changeset_id, &at, c).await?;
            }
        }
        let counter: i64 = sqlx::query_scalar(
            "UPDATE store_meta SET change_counter = change_counter + 1 WHERE id = 1 \
             RETURNING change_counter",
        )
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Commit {
            changeset_id,
            counter,
            at,
        })
    }

    pub async fn baseline_digest(&self) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT baseline_digest FROM store_meta WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    pub async fn set_baseline_digest(&self, digest: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE store_meta SET baseline_digest = ? WHERE id = 1")
            .bind(digest)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// One change: close the current revision, add the next version.
async fn apply(
    tx: &mut Transaction<'_, Sqlite>,
    changeset_id: i64,
    at: &str,
    c: &Change,
) -> Result<(), StoreError> {
    let (kind, id) = c.key();
    let prev: Option<(i64, String)> = sqlx::query_as(
        "SELECT version, op FROM revision WHERE kind = ? AND id = ? AND valid_to IS NULL",
    )
    .bind(kind.as_str())
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let version = super::changeset_rules::next_version(c, prev.as_ref())?;
    if prev.is_some() {
        sqlx::query(
            "UPDATE revision SET valid_to = ? WHERE kind = ? AND id = ? AND valid_to IS NULL",
        )
        .bind(at)
        .bind(kind.as_str())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    match c.row() {
        Some(r) => insert_versions(tx, changeset_id, at, &[r], version, c.op()).await,
        None => insert_tombstone(tx, changeset_id, at, kind, id, version).await,
    }
}

async fn insert_tombstone(
    tx: &mut Transaction<'_, Sqlite>,
    changeset_id: i64,
    at: &str,
    kind: Kind,
    id: &str,
    version: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO revision (changeset_id, kind, id, seq, version, op, valid_from) \
         VALUES (?, ?, ?, 0, ?, 'delete', ?)",
    )
    .bind(changeset_id)
    .bind(kind.as_str())
    .bind(id)
    .bind(version)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Inserts rows as revisions of one version and op, many per statement.
async fn insert_versions(
    tx: &mut Transaction<'_, Sqlite>,
    changeset_id: i64,
    at: &str,
    rows: &[&Row],
    version: i64,
    op: &str,
) -> Result<(), StoreError> {
    let mut encoded = Vec::with_capacity(rows.len());
    for r in rows {
        let geom = r
            .geometry
            .as_ref()
            .map(wkb::encode)
            .transpose()
            .map_err(|e| StoreError::Record {
                kind: r.kind.as_str(),
                id: r.id.clone(),
                reason: e,
            })?;
        let bb = r.geometry.as_ref().and_then(|g| g.bounding_rect());
        encoded.push((r, geom, bb, r.body.to_string()));
    }
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO revision (changeset_id, kind, id, parent, seq, version, op, valid_from, \
         geom, minx, miny, maxx, maxy, body) ",
    );
    q.push_values(encoded, |mut b, (r, geom, bb, body)| {
        b.push_bind(changeset_id)
            .push_bind(r.kind.as_str())
            .push_bind(r.id.clone())
            .push_bind(r.parent.clone())
            .push_bind(r.seq)
            .push_bind(version)
            .push_bind(op.to_string())
            .push_bind(at.to_string())
            .push_bind(geom)
            .push_bind(bb.map(|b| b.min().x))
            .push_bind(bb.map(|b| b.min().y))
            .push_bind(bb.map(|b| b.max().x))
            .push_bind(bb.map(|b| b.max().y))
            .push_bind(body);
    });
    q.build()
        .execute(&mut **tx)
        .await
        .map_err(|e| super::changeset_rules::exists_or(e, rows))?;
    Ok(())
}

fn decode_row(r: &sqlx::sqlite::SqliteRow) -> Result<Row, StoreError> {
    let kind_s: String = r.try_get("kind")?;
    let geom: Option<Vec<u8>> = r.try_get("geom")?;
    let body: Option<String> = r.try_get("body")?;
    super::changeset_rules::row_from_parts(
        &kind_s,
        r.try_get("id")?,
        r.try_get("parent")?,
        r.try_get("seq")?,
        geom.as_deref(),
        body.as_deref(),
    )
}
