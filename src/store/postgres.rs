//! The shared backend: PostgreSQL with PostGIS. Geometries are PostGIS
//! geometries with a GiST index; every commit notifies the other processes.

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgListener, PgPoolOptions};
use sqlx::{PgPool, Postgres, Row as _, Transaction};
use tokio::sync::Mutex;

use super::changeset::{stamp, Change, Changeset, Commit};
use super::row::{Kind, Row};
use super::scan::Sink;
use super::{pg_scan, scan, wkb, StoreError};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The channel every commit notifies with its change counter.
pub const CHANNEL: &str = "pierobeza_changes";

/// Rows per bulk INSERT (arrays through UNNEST: one statement, six parameters).
const BATCH: usize = 10_000;

use super::pg_scan::SELECT;

/// A PostgreSQL store.
#[derive(Debug, Clone)]
pub struct PgStore {
    pub(super) pool: PgPool,
    /// Connected on first wait; dropped on error and connected again.
    listener: Arc<Mutex<Option<PgListener>>>,
}

impl PgStore {
    /// Connects and migrates (the first migration creates the postgis extension).
    pub async fn open(url: &str) -> Result<PgStore, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(PgStore {
            pool,
            listener: Arc::new(Mutex::new(None)),
        })
    }

    /// Waits for a commit notification, at most `poll`.
    pub async fn wait_for_notification(&self, poll: Duration) {
        let mut guard = self.listener.lock().await;
        if guard.is_none() {
            if let Ok(mut l) = PgListener::connect_with(&self.pool).await {
                if l.listen(CHANNEL).await.is_ok() {
                    *guard = Some(l);
                }
            }
        }
        let Some(l) = guard.as_mut() else {
            drop(guard);
            tokio::time::sleep(poll).await;
            return;
        };
        if let Ok(Err(e)) = tokio::time::timeout(poll, l.recv()).await {
            tracing::warn!(error = %e, "change notifications: listening again");
            *guard = None;
        }
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
        pg_scan::current(&self.pool).await
    }

    pub async fn scan_at<K: Sink>(&self, at: &str) -> Result<K, StoreError> {
        let mut sink = K::default();
        let sql = format!(
            "{SELECT} WHERE valid_from <= $1::timestamptz \
               AND (valid_to IS NULL OR valid_to > $1::timestamptz) AND op <> 'delete'"
        );
        scan::each(sqlx::query(&sql).bind(at).fetch(&self.pool), &mut sink).await?;
        Ok(sink)
    }

    pub async fn commits_until(&self, at: &str) -> Result<(i64, i64), StoreError> {
        Ok(sqlx::query_as(
            "SELECT count(*) FILTER (WHERE at <= $1::timestamptz), count(*) FROM changeset",
        )
        .bind(at)
        .fetch_one(&self.pool)
        .await?)
    }

    pub async fn record(&self, kind: Kind, id: &str) -> Result<Option<Row>, StoreError> {
        let r = sqlx::query(&format!(
            "{SELECT} WHERE kind = $1 AND id = $2 AND valid_to IS NULL AND op <> 'delete'"
        ))
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
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE kind = $1 AND valid_to IS NULL AND op <> 'delete' \
               AND geom && ST_MakeEnvelope($2, $3, $4, $5, 4326) \
             ORDER BY id LIMIT $6 OFFSET $7"
        ))
        .bind(kind.as_str())
        .bind(bbox[0])
        .bind(bbox[1])
        .bind(bbox[2])
        .bind(bbox[3])
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(decode_row).collect()
    }

    pub async fn commit(&self, cs: &Changeset) -> Result<Commit, StoreError> {
        let mut tx = self.pool.begin().await?;
        // The counter's row lock first: commits run one at a time from here, as
        // SQLite's BEGIN IMMEDIATE makes them, so each is stamped after the last.
        let counter: i64 = sqlx::query_scalar(
            "UPDATE store_meta SET change_counter = change_counter + 1 WHERE id = 1 \
             RETURNING change_counter",
        )
        .fetch_one(&mut *tx)
        .await?;
        let last: Option<String> = sqlx::query_scalar(
            "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') \
             FROM changeset ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&mut *tx)
        .await?;
        let at = stamp(cs.at.as_deref(), last.as_deref());
        let changeset_id: i64 = sqlx::query_scalar(
            "INSERT INTO changeset (at, author, kind, note) VALUES ($1::timestamptz, $2, $3, $4) \
             RETURNING id",
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
        // Delivered at commit, and only if the transaction commits.
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(counter.to_string())
            .execute(&mut *tx)
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
        sqlx::query("UPDATE store_meta SET baseline_digest = $1 WHERE id = 1")
            .bind(digest)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

async fn apply(
    tx: &mut Transaction<'_, Postgres>,
    changeset_id: i64,
    at: &str,
    c: &Change,
) -> Result<(), StoreError> {
    let (kind, id) = c.key();
    let prev: Option<(i32, String)> = sqlx::query_as(
        "SELECT version, op FROM revision WHERE kind = $1 AND id = $2 AND valid_to IS NULL \
         FOR UPDATE",
    )
    .bind(kind.as_str())
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let prev = prev.map(|(v, op)| (i64::from(v), op));
    let version = super::changeset_rules::next_version(c, prev.as_ref())?;
    if prev.is_some() {
        sqlx::query(
            "UPDATE revision SET valid_to = $1::timestamptz \
             WHERE kind = $2 AND id = $3 AND valid_to IS NULL",
        )
        .bind(at)
        .bind(kind.as_str())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    match c.row() {
        Some(r) => insert_versions(tx, changeset_id, at, &[r], version, c.op()).await,
        None => {
            sqlx::query(
                "INSERT INTO revision (changeset_id, kind, id, seq, version, op, valid_from) \
                 VALUES ($1, $2, $3, 0, $4, 'delete', $5::timestamptz)",
            )
            .bind(changeset_id)
            .bind(kind.as_str())
            .bind(id)
            .bind(version as i32)
            .bind(at)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
    }
}

/// Inserts rows as revisions of one version and op in one statement (arrays).
async fn insert_versions(
    tx: &mut Transaction<'_, Postgres>,
    changeset_id: i64,
    at: &str,
    rows: &[&Row],
    version: i64,
    op: &str,
) -> Result<(), StoreError> {
    let mut kinds = Vec::with_capacity(rows.len());
    let mut ids = Vec::with_capacity(rows.len());
    let mut parents = Vec::with_capacity(rows.len());
    let mut seqs = Vec::with_capacity(rows.len());
    let mut geoms = Vec::with_capacity(rows.len());
    let mut bodies = Vec::with_capacity(rows.len());
    for r in rows {
        let g = r
            .geometry
            .as_ref()
            .map(wkb::encode)
            .transpose()
            .map_err(|e| StoreError::Record {
                kind: r.kind.as_str(),
                id: r.id.clone(),
                reason: e,
            })?;
        kinds.push(r.kind.as_str());
        ids.push(r.id.as_str());
        parents.push(r.parent.as_deref());
        seqs.push(r.seq);
        geoms.push(g);
        bodies.push(r.body.to_string());
    }
    sqlx::query(
        "INSERT INTO revision (changeset_id, kind, id, parent, seq, version, op, valid_from, geom, body) \
         SELECT $1, k, i, p, s, $2, $3, $4::timestamptz, ST_GeomFromWKB(g, 4326), b::json \
         FROM UNNEST($5::text[], $6::text[], $7::text[], $8::bigint[], $9::bytea[], $10::text[]) \
              AS t(k, i, p, s, g, b)",
    )
    .bind(changeset_id)
    .bind(version as i32)
    .bind(op)
    .bind(at)
    .bind(&kinds)
    .bind(&ids)
    .bind(&parents)
    .bind(&seqs)
    .bind(&geoms)
    .bind(&bodies)
    .execute(&mut **tx)
    .await
    .map_err(|e| super::changeset_rules::exists_or(e, rows))?;
    Ok(())
}

fn decode_row(r: &sqlx::postgres::PgRow) -> Result<Row, StoreError> {
    let kind_s: String = r.try_get("kind")?;
    // EWKB: sqlx does not know PostGIS' `geometry` type, hence unchecked.
    let geom: Option<Vec<u8>> = r.try_get_unchecked("geom")?;
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
