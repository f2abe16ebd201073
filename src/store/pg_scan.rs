//! Reading the PostgreSQL store in bulk: every current record, in two halves of
//! the table read at once on two connections that share one snapshot
//! (`pg_export_snapshot`), so that decoding runs on two cores.

use sqlx::{PgPool, Postgres, Transaction};

use super::scan::{self, Sink};
use super::StoreError;

/// The columns of a record as [`scan::each`] reads them; `geom` comes as EWKB.
pub const SELECT: &str = "SELECT kind, id, parent, seq, geom, \
                          body::text AS body FROM revision";

const CURRENT: &str = "valid_to IS NULL AND op <> 'delete' AND rev_id BETWEEN $1 AND $2";

/// Every current record and the change counter, as of one snapshot.
pub async fn current<K: Sink>(pool: &PgPool) -> Result<(i64, K), StoreError> {
    let mut tx = read_only(pool).await?;
    let counter: i64 = sqlx::query_scalar("SELECT change_counter FROM store_meta WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut *tx)
        .await?;
    let (lo, hi): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT min(rev_id), max(rev_id) FROM revision")
            .fetch_one(&mut *tx)
            .await?;
    let (lo, hi) = (lo.unwrap_or(0), hi.unwrap_or(0));
    let mid = lo + (hi - lo) / 2;
    let upper = tokio::spawn(upper_half::<K>(pool.clone(), snapshot, mid + 1, hi));
    let mut sink = K::default();
    let sql = format!("{SELECT} WHERE {CURRENT}");
    let q = sqlx::query(&sql).bind(lo).bind(mid);
    scan::each(q.fetch(&mut *tx), &mut sink).await?;
    let other = upper
        .await
        .map_err(|e| StoreError::Config(format!("reading the store: {e}")))??;
    tx.commit().await?;
    sink.merge(other);
    Ok((counter, sink))
}

/// The rows in `lo..=hi` as the exporting transaction sees them.
async fn upper_half<K: Sink>(
    pool: PgPool,
    snapshot: String,
    lo: i64,
    hi: i64,
) -> Result<K, StoreError> {
    // The id comes from the server (e.g. `00000003-0000001B-1`); SET takes no parameters.
    if !snapshot.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(StoreError::Config(format!("odd snapshot id {snapshot:?}")));
    }
    let mut tx = read_only(&pool).await?;
    sqlx::query(&format!("SET TRANSACTION SNAPSHOT '{snapshot}'"))
        .execute(&mut *tx)
        .await?;
    let mut sink = K::default();
    let sql = format!("{SELECT} WHERE {CURRENT}");
    let q = sqlx::query(&sql).bind(lo).bind(hi);
    scan::each(q.fetch(&mut *tx), &mut sink).await?;
    tx.commit().await?;
    Ok(sink)
}

async fn read_only(pool: &PgPool) -> Result<Transaction<'static, Postgres>, StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}
