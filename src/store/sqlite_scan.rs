//! Reading the SQLite store in bulk: every current record at start-up and on each
//! change, or every record as of an instant, on blocking threads.
//!
//! Through rusqlite rather than sqlx: sqlx-sqlite copies every value of every row
//! (`sqlite3_value_dup`) on its worker thread and sends the rows over a channel,
//! and freeing those copies costs as much again. Reading one million location rows
//! took 9.9 s that way; borrowing the columns in place, in two halves on two
//! threads, takes a fraction of it (see docs/benchmarks.md, "Store at scale").
//! rusqlite sits on the same `libsqlite3-sys` as sqlx, so the binary still links
//! one SQLite; every write stays on sqlx.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OpenFlags};

use super::row::RawRow;
use super::scan::Sink;
use super::StoreError;

/// A whole-table scan in rowid (commit) order: the partial indexes would turn it into
/// one random table lookup per row, five times slower over a million records.
const SELECT: &str = "SELECT kind, id, parent, seq, geom, body FROM revision NOT INDEXED \
                      WHERE rowid BETWEEN ?1 AND ?2";

/// Reads with one thread per half of the table. A counter that moved between the
/// halves' snapshots means a commit landed in between: read again.
const ATTEMPTS: usize = 5;

/// What a scan selects beyond its rowid range.
#[derive(Clone)]
enum Filter {
    Current,
    At(String),
}

/// Every current record, with the change counter they were read at.
pub async fn current<K: Sink>(path: PathBuf) -> Result<(i64, K), StoreError> {
    blocking(move || {
        for _ in 0..ATTEMPTS {
            let [(ca, mut a), (cb, b)] = halves::<K>(&path, &Filter::Current)?;
            if ca == cb {
                a.merge(b);
                return Ok((ca, a));
            }
        }
        Err(StoreError::Config(
            "reading the store: it kept changing under the read".into(),
        ))
    })
    .await
}

/// Every record as it stood at `at` (RFC 3339, UTC, microseconds: stored
/// timestamps have that one form, so they compare as text). Past records do not
/// change, so the halves need not share a snapshot.
pub async fn at<K: Sink>(path: PathBuf, at: String) -> Result<K, StoreError> {
    blocking(move || {
        let [(_, mut a), (_, b)] = halves::<K>(&path, &Filter::At(at))?;
        a.merge(b);
        Ok(a)
    })
    .await
}

async fn blocking<T, F>(f: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, StoreError> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Config(format!("reading the store: {e}")))?
}

/// Both halves of the table by rowid, each read on a thread of its own.
fn halves<K: Sink>(path: &Path, filter: &Filter) -> Result<[(i64, K); 2], StoreError> {
    let (lo, hi): (i64, i64) = open(path)?.query_row(
        "SELECT coalesce(min(rowid), 0), coalesce(max(rowid), 0) FROM revision",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mid = lo + (hi - lo) / 2;
    std::thread::scope(|s| {
        let upper = s.spawn(|| part::<K>(path, filter, mid + 1, hi));
        let lower = part::<K>(path, filter, lo, mid);
        let upper = upper
            .join()
            .map_err(|_| StoreError::Config("reading the store: a reader failed".into()))?;
        Ok([lower?, upper?])
    })
}

/// The records with rowids in `lo..=hi`, and the counter, in one read transaction.
fn part<K: Sink>(path: &Path, filter: &Filter, lo: i64, hi: i64) -> Result<(i64, K), StoreError> {
    let mut conn = open(path)?;
    let tx = conn.transaction()?;
    let counter: i64 = tx.query_row(
        "SELECT change_counter FROM store_meta WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    let sink = match filter {
        Filter::Current => feed(
            &tx,
            &format!("{SELECT} AND valid_to IS NULL AND op <> 'delete'"),
            params![lo, hi],
        )?,
        Filter::At(at) => feed(
            &tx,
            &format!(
                "{SELECT} AND valid_from <= ?3 AND (valid_to IS NULL OR valid_to > ?3) \
                 AND op <> 'delete'"
            ),
            params![lo, hi, at],
        )?,
    };
    tx.commit()?;
    Ok((counter, sink))
}

fn open(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

/// Hands every row of the query to a new sink, borrowed in place.
fn feed<K: Sink>(
    conn: &Connection,
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<K, StoreError> {
    let mut sink = K::default();
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        let id = text(r.get_ref(1)?, "", "id")?.unwrap_or_default();
        let kind = RawRow::kind_of(text(r.get_ref(0)?, id, "kind")?.unwrap_or_default(), id)?;
        sink.add(RawRow {
            kind,
            id,
            parent: text(r.get_ref(2)?, id, "parent")?,
            seq: r.get(3)?,
            geom: match r.get_ref(4)? {
                ValueRef::Null => None,
                v => Some(v.as_blob().map_err(|e| column(id, "geom", e))?),
            },
            body: text(r.get_ref(5)?, id, "body")?,
        })?;
    }
    Ok(sink)
}

fn text<'a>(v: ValueRef<'a>, id: &str, name: &str) -> Result<Option<&'a str>, StoreError> {
    v.as_str_or_null().map_err(|e| column(id, name, e))
}

fn column(id: &str, name: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Record {
        kind: "record",
        id: id.to_string(),
        reason: format!("column {name}: {e}"),
    }
}
