//! Following the store: when its change counter moves (a commit by this process,
//! another process on the same PostgreSQL, or `pierobeza import` on the same
//! SQLite file), read a new snapshot and hand it on.

use std::time::Duration;

use tokio::sync::mpsc;

use super::{Backend, Snapshot, Store};

/// How often the counter is read when no notification arrives.
pub const POLL: Duration = Duration::from_millis(250);

/// Sends a snapshot on `out` each time the counter moves past `counter`; ends
/// when the receiver is dropped.
pub async fn watch(store: Store, mut counter: i64, out: mpsc::Sender<Snapshot>) {
    loop {
        store.wait_for_change(POLL).await;
        if out.is_closed() {
            return;
        }
        let now = match store.change_counter().await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "reading the change counter");
                continue;
            }
        };
        if now == counter {
            continue;
        }
        match store.snapshot().await {
            Ok(s) => {
                counter = s.counter;
                if out.send(s).await.is_err() {
                    return;
                }
            }
            Err(e) => tracing::warn!(error = %e, "reading a changed store"),
        }
    }
}
