//! A record's versions as the write API needs them: the current one with its
//! version number (for `ETag`), and every revision with its changeset (for
//! `/history`), deletions included.

use sqlx::Row as _;

use super::changeset_rules::row_from_parts;
use super::row::{Kind, Row};
use super::{Store, StoreError};

/// A current record and its version.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionedRow {
    pub version: i64,
    pub row: Row,
}

/// One revision of a record, with the changeset that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub version: i64,
    /// `create`, `replace`, `update` or `delete`.
    pub op: String,
    /// When it took effect (RFC 3339, UTC, microseconds).
    pub at: String,
    /// Until when it was current; `None` for the current one.
    pub until: Option<String>,
    pub author: String,
    /// The changeset's kind: `baseline`, `api`, `import`, …
    pub changeset_kind: String,
    pub note: Option<String>,
    /// The record after the change; `None` for a deletion.
    pub row: Option<Row>,
}

/// A timestamp in the one form the API shows (RFC 3339, UTC, microseconds).
fn rfc3339(s: String) -> String {
    chrono::DateTime::parse_from_rfc3339(&s)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
        })
        .unwrap_or(s)
}

/// Columns of a revision; PostgreSQL's as text in RFC 3339.
const PG_COLS: &str = "r.kind, r.id, r.parent, r.seq, r.geom, \
     r.body::text AS body, r.version::bigint AS version, r.op, \
     to_char(r.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS valid_from, \
     to_char(r.valid_to AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS valid_to, \
     c.author, c.kind AS changeset_kind, c.note";
const SQLITE_COLS: &str = "r.kind, r.id, r.parent, r.seq, r.geom, r.body, r.version, r.op, \
     r.valid_from, r.valid_to, c.author, c.kind AS changeset_kind, c.note";

/// The SQL expression of a record id made into a feature id (as
/// `index::build::location_feature_id` does: `/ ? # space` become `-`).
const FEATURE_ID_SQL: &str =
    "replace(replace(replace(replace(id, '/', '-'), '?', '-'), '#', '-'), ' ', '-')";

macro_rules! decode_revision {
    ($r:expr) => {{
        let r = $r;
        let op: String = r.try_get("op")?;
        // EWKB from PostGIS (not `bytea` to sqlx, hence unchecked), WKB from SQLite.
        let geom: Option<Vec<u8>> = r.try_get_unchecked("geom")?;
        let body: Option<String> = r.try_get("body")?;
        let row = if op == "delete" {
            None
        } else {
            Some(row_from_parts(
                &r.try_get::<String, _>("kind")?,
                r.try_get("id")?,
                r.try_get("parent")?,
                r.try_get("seq")?,
                geom.as_deref(),
                body.as_deref(),
            )?)
        };
        Revision {
            version: r.try_get("version")?,
            op,
            at: rfc3339(r.try_get("valid_from")?),
            until: r.try_get::<Option<String>, _>("valid_to")?.map(rfc3339),
            author: r.try_get("author")?,
            changeset_kind: r.try_get("changeset_kind")?,
            note: r.try_get("note")?,
            row,
        }
    }};
}

impl Store {
    /// Every revision of a record, oldest first (empty if it never existed).
    pub async fn history(&self, kind: Kind, id: &str) -> Result<Vec<Revision>, StoreError> {
        let mut out = Vec::new();
        match self {
            Store::Sqlite(s) => {
                let rows = sqlx::query(&format!(
                    "SELECT {SQLITE_COLS} FROM revision r JOIN changeset c ON c.id = r.changeset_id \
                     WHERE r.kind = ? AND r.id = ? ORDER BY r.version"
                ))
                .bind(kind.as_str())
                .bind(id)
                .fetch_all(&s.pool)
                .await?;
                for r in &rows {
                    out.push(decode_revision!(r));
                }
            }
            Store::Postgres(s) => {
                let rows = sqlx::query(&format!(
                    "SELECT {PG_COLS} FROM revision r JOIN changeset c ON c.id = r.changeset_id \
                     WHERE r.kind = $1 AND r.id = $2 ORDER BY r.version"
                ))
                .bind(kind.as_str())
                .bind(id)
                .fetch_all(&s.pool)
                .await?;
                for r in &rows {
                    out.push(decode_revision!(r));
                }
            }
        }
        Ok(out)
    }

    /// The current record of a kind by id, with its version.
    pub async fn current_version(
        &self,
        kind: Kind,
        id: &str,
    ) -> Result<Option<VersionedRow>, StoreError> {
        let revision = match self {
            Store::Sqlite(s) => {
                let r = sqlx::query(&format!(
                    "SELECT {SQLITE_COLS} FROM revision r JOIN changeset c ON c.id = r.changeset_id \
                     WHERE r.kind = ? AND r.id = ? AND r.valid_to IS NULL AND r.op <> 'delete'"
                ))
                .bind(kind.as_str())
                .bind(id)
                .fetch_optional(&s.pool)
                .await?;
                match r {
                    Some(r) => Some(decode_revision!(&r)),
                    None => None,
                }
            }
            Store::Postgres(s) => {
                let r = sqlx::query(&format!(
                    "SELECT {PG_COLS} FROM revision r JOIN changeset c ON c.id = r.changeset_id \
                     WHERE r.kind = $1 AND r.id = $2 AND r.valid_to IS NULL AND r.op <> 'delete'"
                ))
                .bind(kind.as_str())
                .bind(id)
                .fetch_optional(&s.pool)
                .await?;
                match r {
                    Some(r) => Some(decode_revision!(&r)),
                    None => None,
                }
            }
        };
        Ok(revision.and_then(|r| {
            r.row.map(|row| VersionedRow {
                version: r.version,
                row,
            })
        }))
    }

    /// The ids of records of a kind, current or not, whose feature id (the id with
    /// `/ ? # space` made `-`) is `feature_id`. Finds deleted records, which no
    /// view holds any more.
    pub async fn ids_by_feature_id(
        &self,
        kind: Kind,
        feature_id: &str,
    ) -> Result<Vec<String>, StoreError> {
        Ok(match self {
            Store::Sqlite(s) => {
                sqlx::query_scalar(&format!(
                    "SELECT DISTINCT id FROM revision WHERE kind = ? AND {FEATURE_ID_SQL} = ? \
                     ORDER BY id"
                ))
                .bind(kind.as_str())
                .bind(feature_id)
                .fetch_all(&s.pool)
                .await?
            }
            Store::Postgres(s) => {
                sqlx::query_scalar(&format!(
                    "SELECT DISTINCT id FROM revision WHERE kind = $1 AND {FEATURE_ID_SQL} = $2 \
                     ORDER BY id"
                ))
                .bind(kind.as_str())
                .bind(feature_id)
                .fetch_all(&s.pool)
                .await?
            }
        })
    }
}
