//! A changeset: one author's changes, committed together or not at all.

use super::row::{Kind, Row};

/// Where a changeset comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The shipped files, loaded by `init`.
    Baseline,
    /// A write through the HTTP API.
    Api,
    /// `pierobeza import`.
    Import,
    /// Synthetic records for benchmarks (`pierobeza generate`).
    Generate,
}

impl ChangeKind {
    /// The name in the `changeset.kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Baseline => "baseline",
            ChangeKind::Api => "api",
            ChangeKind::Import => "import",
            ChangeKind::Generate => "generate",
        }
    }
}

/// One change to one record.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new record (fails if a current record has its kind and id).
    Create(Row),
    /// A new version of an existing record.
    Replace(Row),
    /// A new version of an existing record made by amending it (a merge patch):
    /// applied like [`Change::Replace`], recorded as `update`.
    Update(Row),
    /// The record ends; its history stays.
    Delete { kind: Kind, id: String },
    /// `change`, applied only if the record's current version is one of
    /// `versions` (an HTTP `If-Match`); checked in the commit's own transaction.
    Expect {
        versions: Vec<i64>,
        change: Box<Change>,
    },
}

impl Change {
    /// The record changed.
    pub fn key(&self) -> (Kind, &str) {
        match self {
            Change::Create(r) | Change::Replace(r) | Change::Update(r) => (r.kind, &r.id),
            Change::Delete { kind, id } => (*kind, id),
            Change::Expect { change, .. } => change.key(),
        }
    }

    /// The change without its version condition.
    pub fn unguarded(&self) -> &Change {
        match self {
            Change::Expect { change, .. } => change.unguarded(),
            other => other,
        }
    }

    /// This change, applied only if the record is at one of `versions`.
    pub fn expecting(self, versions: Vec<i64>) -> Change {
        Change::Expect {
            versions,
            change: Box::new(self),
        }
    }

    /// This change, guarded by `versions` when there are any (an `If-Match` sent).
    pub fn expecting_if(self, versions: Option<Vec<i64>>) -> Change {
        match versions {
            Some(v) => self.expecting(v),
            None => self,
        }
    }

    /// The revision's `op` column.
    pub fn op(&self) -> &'static str {
        match self {
            Change::Create(_) => "create",
            Change::Replace(_) => "replace",
            Change::Update(_) => "update",
            Change::Delete { .. } => "delete",
            Change::Expect { change, .. } => change.op(),
        }
    }

    /// The record written, if any.
    pub fn row(&self) -> Option<&Row> {
        match self {
            Change::Create(r) | Change::Replace(r) | Change::Update(r) => Some(r),
            Change::Delete { .. } => None,
            Change::Expect { change, .. } => change.row(),
        }
    }
}

/// Changes with their author and time.
#[derive(Debug, Clone)]
pub struct Changeset {
    pub author: String,
    pub kind: ChangeKind,
    /// When the changes take effect (RFC 3339, UTC): the plan's approval for the
    /// baseline; `None` for edits, which the store stamps with the time it commits
    /// them (see `stamp`).
    pub at: Option<String>,
    pub note: Option<String>,
    pub changes: Vec<Change>,
}

impl Changeset {
    /// A changeset taking effect when it is committed.
    pub fn now(author: impl Into<String>, kind: ChangeKind, changes: Vec<Change>) -> Changeset {
        Changeset {
            author: author.into(),
            kind,
            at: None,
            note: None,
            changes,
        }
    }

    /// Whether the changeset takes the bulk path: several changes, every one a
    /// create, inserted as version 1 without a lookup (the baseline, `generate`).
    /// A single create goes the per-change way, which also makes a deleted record
    /// again as its next version (the API's POST with a deleted location's id): as
    /// version 1 it would clash with the record's history.
    pub fn bulk_creates(&self) -> bool {
        self.changes.len() > 1 && self.changes.iter().all(|c| matches!(c, Change::Create(_)))
    }
}

/// The current time, RFC 3339 UTC with microseconds.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// A changeset's time, taken once the commit holds the store's write lock: the time
/// it asks for, else now — and never before the last commit's. A writer that waited
/// for the lock with an earlier clock reading would otherwise close a later revision
/// of the same record before that revision began, and "as of" would see the commits
/// out of their order.
pub fn stamp(asked: Option<&str>, last: Option<&str>) -> String {
    let at = asked.map_or_else(now_rfc3339, str::to_string);
    match last {
        Some(last) if instant(last) > instant(&at) => last.to_string(),
        _ => at,
    }
}

/// An RFC 3339 time as an instant (an unreadable one sorts first: it never wins).
fn instant(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// What a commit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub changeset_id: i64,
    /// The change counter after the commit.
    pub counter: i64,
    /// The changeset's time as stored (see `stamp`).
    pub at: String,
}
