//! Coverage reports of one data view, kept for the next request that asks the same.
//!
//! A report depends on the view's catalog and on the request's vintage, facility layer
//! and radius; the municipality only picks a unit out of the all-units report. The cache
//! lives in the [`super::DataView`] it was computed from, so a change to the data (a new
//! view), a past instant (`datetime`, a view of its own) and the restricted view of
//! analysts each start empty and never see another's reports.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};

use crate::analysis::coverage::{coverage, CoverageParams, CoverageReport};
use crate::analysis::AnalysisError;
use crate::index::Catalog;
use crate::model::Vintage;

/// Reports kept per view. The layer and radius come from outside, so the number is
/// bounded: a report of the shipped data is ~100 kB, so a full cache is a few MB.
pub const KEEP: usize = 64;

/// What a report depends on besides the data.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    vintage: Vintage,
    /// Facility layer and the radius's bits (one parsed value, one key).
    facility: Option<(String, u64)>,
}

impl Key {
    fn of(params: &CoverageParams) -> Key {
        Key {
            vintage: params.vintage,
            facility: params
                .facility
                .as_ref()
                .map(|f| (f.layer.clone(), f.radius_m.to_bits())),
        }
    }
}

/// One report, computed by the first request that needs it; requests for the same key
/// meanwhile wait for it instead of computing it again. Errors are kept too: over one
/// view they are as fixed as the reports.
type Slot = Arc<OnceLock<Result<Arc<CoverageReport>, AnalysisError>>>;

/// The reports of one view, least recently used first.
///
/// A list searched in order rather than a map or an LRU crate: at 64 entries a scan
/// costs less than the request's own parameter parsing, and moving a hit to the back
/// keeps the order without a second structure.
#[derive(Default)]
pub struct CoverageCache {
    kept: Mutex<VecDeque<(Key, Slot)>>,
}

impl CoverageCache {
    /// The report for `params` over `catalog` (the catalog of the view holding this
    /// cache): computed once per vintage, layer and radius, then read from memory.
    pub fn report(
        &self,
        catalog: &Catalog,
        params: &CoverageParams,
    ) -> Result<Arc<CoverageReport>, AnalysisError> {
        let slot = self.slot(Key::of(params));
        let all = slot
            .get_or_init(|| {
                let all_units = CoverageParams {
                    municipality: None,
                    ..params.clone()
                };
                coverage(catalog, &all_units).map(Arc::new)
            })
            .clone()?;
        match &params.municipality {
            None => Ok(all),
            Some(code) => one_unit(&all, code).map(Arc::new),
        }
    }

    /// How many reports are kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The slot of `key`, made the most recently used; a new one evicts the least
    /// recently used beyond [`KEEP`].
    fn slot(&self, key: Key) -> Slot {
        let mut kept = self.lock();
        if let Some(at) = kept.iter().position(|(k, _)| *k == key) {
            let entry = kept.remove(at).expect("found above");
            let slot = Arc::clone(&entry.1);
            kept.push_back(entry);
            return slot;
        }
        while kept.len() >= KEEP {
            kept.pop_front();
        }
        let slot = Slot::default();
        kept.push_back((key, Arc::clone(&slot)));
        slot
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(Key, Slot)>> {
        // A panic while the list was held cannot leave it half-changed: keep using it.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The report of one unit: what `coverage` answers for a municipality (its totals are
/// always over all units).
fn one_unit(all: &CoverageReport, code: &str) -> Result<CoverageReport, AnalysisError> {
    let unit = all.units.iter().find(|u| u.code == code).ok_or_else(|| {
        AnalysisError::UnknownMunicipality(code.to_string(), all.vintage.to_string())
    })?;
    Ok(CoverageReport {
        vintage: all.vintage,
        units: vec![unit.clone()],
        totals: all.totals.clone(),
        plan_level: all.plan_level.clone(),
        method: all.method.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::coverage::FacilityParams;

    /// A catalog without units: every report is an error, computed at no cost.
    fn empty() -> Catalog {
        Catalog {
            audience: crate::index::build::Audience::Public,
            layers: vec![],
            geodata: Default::default(),
            plan: Default::default(),
            unit_layers: Default::default(),
            population: Default::default(),
        }
    }

    fn params(radius_m: f64) -> CoverageParams {
        CoverageParams {
            vintage: Vintage::V2021,
            municipality: None,
            facility: Some(FacilityParams {
                layer: "settlements".into(),
                radius_m,
            }),
        }
    }

    fn kept(cache: &CoverageCache, radius_m: f64) -> bool {
        let key = Key::of(&params(radius_m));
        cache.lock().iter().any(|(k, _)| *k == key)
    }

    #[test]
    fn the_cache_is_bounded_and_evicts_the_least_recently_used() {
        let (cat, cache) = (empty(), CoverageCache::default());
        for r in 0..KEEP {
            assert!(cache.report(&cat, &params(1.0 + r as f64)).is_err());
        }
        assert_eq!(cache.len(), KEEP);
        // Reading the oldest makes it the newest: the next new key evicts the second.
        assert!(cache.report(&cat, &params(1.0)).is_err());
        assert_eq!(cache.len(), KEEP);
        assert!(cache.report(&cat, &params(1e5)).is_err());
        assert_eq!(cache.len(), KEEP);
        assert!(kept(&cache, 1.0));
        assert!(!kept(&cache, 2.0));
        assert!(kept(&cache, 1e5));
        for r in 0..10 * KEEP {
            let _ = cache.report(&cat, &params(2e5 + r as f64));
        }
        assert_eq!(cache.len(), KEEP);
    }

    #[test]
    fn a_kept_error_is_the_error_of_a_fresh_computation() {
        let (cat, cache) = (empty(), CoverageCache::default());
        let fresh = coverage(&cat, &params(5.0)).unwrap_err();
        for _ in 0..2 {
            assert_eq!(cache.report(&cat, &params(5.0)).unwrap_err(), fresh);
        }
        assert_eq!(cache.len(), 1);
    }
}
