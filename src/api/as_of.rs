//! `?datetime=`: the plan as it stood at an instant, from the store's history.
//!
//! OGC API – Features defines `datetime` as a filter on a feature's own temporal
//! extent; the plan's features have none, so pierobeza reads it as the record
//! time instead (the OpenAPI parameter says so). A view as of an instant is built
//! from the revisions valid then, and kept for the next request at an instant
//! between the same two commits: past states do not change.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, SecondsFormat, Utc};

use super::params::Query;
use super::{live, ApiError, AppState, DataView};
use crate::auth::Role;
use crate::store::{Backend, Snapshot, BASELINE_AT};

/// As-of views kept, newest last.
const KEEP: usize = 4;

/// Views built for past instants, by the number of commits made by then.
#[derive(Default)]
pub struct AsOfCache(Mutex<Vec<(i64, Arc<DataView>)>>);

impl AsOfCache {
    fn get(&self, commits: i64) -> Option<Arc<DataView>> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.iter()
            .find(|(n, _)| *n == commits)
            .map(|(_, v)| Arc::clone(v))
    }

    fn put(&self, commits: i64, view: Arc<DataView>) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.retain(|(n, _)| *n != commits);
        if kept.len() >= KEEP {
            kept.remove(0);
        }
        kept.push((commits, view));
    }
}

/// The instant of a `datetime` value, in the store's timestamp form (UTC,
/// microseconds); intervals are refused.
pub fn instant(value: &str) -> Result<String, ApiError> {
    if value.contains('/') || value.contains("..") {
        return Err(ApiError::param(
            "datetime",
            "an instant (RFC 3339, e.g. 2025-01-20T00:00:00Z), not an interval: the time the plan is read as of",
        ));
    }
    let t: DateTime<Utc> = DateTime::parse_from_rfc3339(value)
        .map_err(|e| {
            ApiError::param(
                "datetime",
                format!("`{value}` is not an RFC 3339 instant ({e}), e.g. 2025-01-20T00:00:00Z"),
            )
        })?
        .with_timezone(&Utc);
    let at = t.to_rfc3339_opts(SecondsFormat::Micros, true);
    if at.as_str() < BASELINE_AT {
        return Err(ApiError::param(
            "datetime",
            format!("`{value}` is before the plan's baseline ({BASELINE_AT}): nothing was recorded then"),
        ));
    }
    Ok(at)
}

/// The view a caller of `role` reads: the current one, or with `datetime` the plan
/// as it stood at that instant.
pub async fn view_for(st: &AppState, q: &Query, role: Role) -> Result<Arc<DataView>, ApiError> {
    Ok(view_at(st, q).await?.for_role(role))
}

async fn view_at(st: &AppState, q: &Query) -> Result<Arc<DataView>, ApiError> {
    let Some(value) = q.get("datetime") else {
        return Ok(st.view());
    };
    let at = instant(value)?;
    let store = st.store.as_ref().ok_or_else(|| {
        ApiError::param(
            "datetime",
            "this server keeps no history (it runs without a store)",
        )
    })?;
    let internal = |e: crate::store::StoreError| ApiError::Internal(e.to_string());
    let (until, total) = store.commits_until(&at).await.map_err(internal)?;
    let current = st.view();
    if until >= total && current.counter >= total {
        return Ok(current);
    }
    if let Some(v) = st.as_of.get(until) {
        return Ok(v);
    }
    let (geodata, plan) = store.snapshot_at(&at).await.map_err(internal)?;
    let snapshot = Snapshot {
        geodata,
        plan,
        counter: until,
    };
    let view = Arc::new(
        live::build_view(snapshot, None)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    st.as_of.put(until, Arc::clone(&view));
    Ok(view)
}
