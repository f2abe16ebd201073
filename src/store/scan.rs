//! Reading many records without holding them: each database row is decoded in
//! place and handed to a [`Sink`], for either backend.

use futures_util::{Stream, TryStreamExt};
use sqlx::{ColumnIndex, Decode, Type};

use super::row::{RawRow, Row};
use super::StoreError;

/// Where a scan puts the records it reads. Owned and `Send`, so that a backend
/// can fill several on threads of their own (each a part of the records, in any
/// order) and merge them.
pub trait Sink: Default + Send + 'static {
    fn add(&mut self, r: RawRow<'_>) -> Result<(), StoreError>;
    /// Takes in what another sink of the same scan read.
    fn merge(&mut self, other: Self);
}

/// Owned rows, for the callers that compare or rewrite records.
impl Sink for Vec<Row> {
    fn add(&mut self, r: RawRow<'_>) -> Result<(), StoreError> {
        self.push(r.to_row()?);
        Ok(())
    }
    fn merge(&mut self, other: Self) {
        self.extend(other);
    }
}

/// Feeds every row of `rows` to `sink`, stopping at the first error.
pub async fn each<R, S, K>(mut rows: S, sink: &mut K) -> Result<(), StoreError>
where
    R: sqlx::Row,
    S: Stream<Item = Result<R, sqlx::Error>> + Unpin + Send,
    K: Sink,
    usize: ColumnIndex<R>,
    for<'r> &'r str: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> &'r [u8]: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    while let Some(r) = rows.try_next().await? {
        sink.add(raw(&r)?)?;
    }
    Ok(())
}

/// A row of `kind, id, parent, seq, geom (WKB or EWKB), body (JSON text)`, borrowed.
fn raw<'r, R>(r: &'r R) -> Result<RawRow<'r>, StoreError>
where
    R: sqlx::Row,
    usize: ColumnIndex<R>,
    &'r str: Decode<'r, R::Database> + Type<R::Database>,
    &'r [u8]: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
{
    let id: &str = r.try_get(1)?;
    Ok(RawRow {
        kind: RawRow::kind_of(r.try_get(0)?, id)?,
        id,
        parent: r.try_get(2)?,
        seq: r.try_get(3)?,
        // Unchecked: a PostGIS `geometry` column is not `bytea` to sqlx, but its
        // binary form is the EWKB that `wkb::decode` reads.
        geom: r.try_get_unchecked(4)?,
        body: r.try_get(5)?,
    })
}
