//! The answers kept in memory: anonymous answers of deterministic paths, by change
//! counter, URL and the request headers the answer depends on. Bounded in bytes, and
//! emptied when the data changes.
//!
//! quick_cache rather than a locked map: a page is read by every connection at once
//! (wrk -c32, the map's parallel layer loads), and its sharded, lock-light reads keep
//! a hit at a hash lookup.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue, Uri};
use quick_cache::sync::Cache;
use quick_cache::Weighter;

use super::representation::Representation;

/// At most this many bytes of bodies are kept (identity and compressed).
pub const MAX_BYTES: u64 = 128 * 1024 * 1024;

/// What an answer depends on besides the data: the URL, `Host` (absolute links) and
/// `Accept` (the format of `/collections/...` and `/` follows it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    counter: i64,
    uri: String,
    host: Option<HeaderValue>,
    accept: Option<HeaderValue>,
}

impl Key {
    pub fn of(counter: i64, uri: &Uri, headers: &HeaderMap) -> Key {
        Key {
            counter,
            uri: uri.to_string(),
            host: headers.get(header::HOST).cloned(),
            accept: headers.get(header::ACCEPT).cloned(),
        }
    }
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<Key, Arc<Representation>> for ByBytes {
    fn weight(&self, key: &Key, r: &Arc<Representation>) -> u64 {
        // The compressed bodies come later; count them at half the body up front.
        (key.uri.len() + r.weight() * 3 / 2 + 512) as u64
    }
}

/// Kept answers of the current change counter.
pub struct Kept {
    cache: Cache<Key, Arc<Representation>, ByBytes>,
    /// The newest counter seen; keeping an answer of a newer one empties the cache.
    counter: AtomicI64,
}

impl Default for Kept {
    fn default() -> Self {
        Kept::with_capacity(MAX_BYTES)
    }
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept")
            .field("entries", &self.cache.len())
            .field("bytes", &self.cache.weight())
            .finish()
    }
}

impl Kept {
    pub fn with_capacity(bytes: u64) -> Kept {
        // Estimated entries: small pages and a few large ones.
        Kept {
            cache: Cache::with_weighter(4096, bytes, ByBytes),
            counter: AtomicI64::new(i64::MIN),
        }
    }

    pub fn get(&self, key: &Key) -> Option<Arc<Representation>> {
        self.cache.get(key)
    }

    /// Keeps `r` under `key`; answers of older counters go first.
    pub fn keep(&self, key: Key, r: Arc<Representation>) {
        let before = self.counter.fetch_max(key.counter, Ordering::AcqRel);
        if key.counter > before {
            self.cache.clear();
        } else if key.counter < before {
            return;
        }
        self.cache.insert(key, r);
    }

    /// Entries and bytes held (for the logs and tests).
    pub fn size(&self) -> (usize, u64) {
        (self.cache.len(), self.cache.weight())
    }
}
