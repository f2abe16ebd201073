//! The service's data over a store: opened (and loaded on first use) at start,
//! then followed, so that a change committed by any process sharing the store
//! shows in this one's indexes within a second.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::mpsc;

use super::{AppState, DataView};
use crate::index::build::{build_for, has_restricted, Audience};
use crate::index::build_catalog;
use crate::load::DataPaths;
use crate::store::{open_loaded, refresh, DatabaseTarget, Snapshot, Store};

/// What start-up found.
pub struct Started {
    pub state: AppState,
    pub store: Store,
    /// Whether the baseline was loaded into an empty store just now.
    pub initialised: bool,
    /// Whether geodata/ or seeds/ differ from the files the baseline came from.
    pub files_changed: bool,
    /// Milliseconds spent opening and reading the store, and building the indexes.
    pub read_ms: u64,
    pub index_ms: u64,
}

/// Opens the store and builds the first view.
pub async fn start(
    target: &DatabaseTarget,
    paths: &DataPaths,
    web_dir: PathBuf,
) -> anyhow::Result<Started> {
    let t0 = std::time::Instant::now();
    let loaded = open_loaded(target, paths).await?;
    let read_ms = t0.elapsed().as_millis() as u64;
    let view = build_view(loaded.snapshot, None).await?;
    let index_ms = t0.elapsed().as_millis() as u64 - read_ms;
    Ok(Started {
        read_ms,
        index_ms,
        state: AppState::with_view(view, web_dir).with_store(loaded.store.clone()),
        store: loaded.store,
        initialised: loaded.initialised,
        files_changed: loaded.files_changed,
    })
}

/// Builds the indexes of a snapshot off the async workers; the measure layers of
/// `previous` (the view being replaced) stay, empty if their last feature went.
pub async fn build_view(s: Snapshot, previous: Option<Arc<DataView>>) -> anyhow::Result<DataView> {
    let view = tokio::task::spawn_blocking(move || {
        let counter = s.counter;
        let prev_restricted = previous.as_ref().and_then(|p| p.restricted.clone());
        // Sites stored finer than the public may see get a catalog of their own,
        // for analysts and up; the public one never holds them.
        let restricted = (has_restricted(&s.plan) || prev_restricted.is_some()).then(|| {
            let mut cat = build_for(s.geodata.clone(), s.plan.clone(), Audience::Restricted);
            if let Some(p) = &prev_restricted {
                cat.keep_layers_of(&p.catalog);
            }
            Arc::new(DataView::new(Arc::new(cat), counter))
        });
        let mut cat = build_catalog(s.geodata, s.plan);
        if let Some(p) = &previous {
            cat.keep_layers_of(&p.catalog);
        }
        let mut view = DataView::new(Arc::new(cat), counter);
        view.restricted = restricted;
        view
    })
    .await?;
    Ok(view)
}

/// Keeps `state` on the store's latest snapshot (runs until the runtime stops).
pub fn follow(store: Store, state: AppState) {
    let counter = state.view().counter;
    let (tx, mut rx) = mpsc::channel::<Snapshot>(1);
    tokio::spawn(refresh::watch(store, counter, tx));
    tokio::spawn(async move {
        while let Some(s) = rx.recv().await {
            let counter = s.counter;
            let _rebuilding = state.rebuild_lock().await;
            // A write of this process may have published this change already.
            if counter <= state.view().counter {
                continue;
            }
            match build_view(s, Some(state.view())).await {
                Ok(v) => {
                    state.publish_newer(v);
                    tracing::info!(counter, "data changed: indexes rebuilt");
                }
                Err(e) => tracing::warn!(error = %e, "rebuilding the indexes"),
            }
        }
    });
}

/// Makes the view current at change counter `counter` at least (after a commit of
/// this process): the next request sees the change. Builds the view here rather
/// than waiting for the follower's next poll; the follower then skips it.
pub async fn catch_up(store: &Store, state: &AppState, counter: i64) -> anyhow::Result<()> {
    let _rebuilding = state.rebuild_lock().await;
    if state.view().counter >= counter {
        return Ok(());
    }
    let view = build_view(store.snapshot().await?, Some(state.view())).await?;
    let built = view.counter;
    state.publish_newer(view);
    tracing::info!(counter = built, "written: indexes rebuilt");
    Ok(())
}
