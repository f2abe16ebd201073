//! What both backends decide the same way: which version a change writes, how a
//! unique-key failure reads, and how a stored row is decoded.

use super::changeset::Change;
use super::row::{Kind, Row};
use super::{wkb, StoreError};

/// The version a change writes, given the current revision (version, op), or why
/// it cannot be applied.
///
/// A version condition ([`Change::Expect`]) is decided here, from the revision the
/// commit's transaction has just read (and, on PostgreSQL, locked).
pub fn next_version(c: &Change, prev: Option<&(i64, String)>) -> Result<i64, StoreError> {
    let (kind, id) = c.key();
    let live = prev.filter(|(_, op)| op != "delete");
    if let Change::Expect { versions, .. } = c {
        if let Some((current, _)) = live.filter(|(v, _)| !versions.contains(v)) {
            return Err(StoreError::Stale {
                kind: kind.as_str(),
                id: id.to_string(),
                current: *current,
            });
        }
    }
    match (c.unguarded(), live) {
        (Change::Create(_), Some(_)) => Err(StoreError::Exists {
            kind: kind.as_str(),
            id: id.to_string(),
        }),
        (Change::Replace(_) | Change::Update(_) | Change::Delete { .. }, None) => {
            Err(StoreError::Missing {
                kind: kind.as_str(),
                id: id.to_string(),
            })
        }
        _ => Ok(prev.map_or(1, |(v, _)| v + 1)),
    }
}

/// A unique-key violation on a bulk insert as [`StoreError::Exists`] (naming the
/// first row of the batch); other errors as they are.
pub fn exists_or(e: sqlx::Error, rows: &[&Row]) -> StoreError {
    let unique = e
        .as_database_error()
        .is_some_and(|d| d.is_unique_violation());
    match (unique, rows.first()) {
        (true, Some(r)) => StoreError::Exists {
            kind: r.kind.as_str(),
            id: format!("{} (or another record of the batch)", r.id),
        },
        _ => StoreError::Db(e),
    }
}

/// A row from its columns.
pub fn row_from_parts(
    kind: &str,
    id: String,
    parent: Option<String>,
    seq: i64,
    geom: Option<&[u8]>,
    body: Option<&str>,
) -> Result<Row, StoreError> {
    let bad = |reason: String| StoreError::Record {
        kind: Kind::parse(kind).map_or("record", Kind::as_str),
        id: id.clone(),
        reason,
    };
    let k = Kind::parse(kind).ok_or_else(|| bad(format!("unknown kind {kind:?}")))?;
    let geometry = geom.map(wkb::decode).transpose().map_err(bad)?;
    let body = match body {
        Some(b) => serde_json::from_str(b).map_err(|e| bad(e.to_string()))?,
        None => serde_json::Value::Null,
    };
    Ok(Row {
        kind: k,
        id,
        parent,
        seq,
        geometry,
        body,
    })
}
