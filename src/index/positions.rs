//! Feature position by id, without a second copy of the ids.
//!
//! A `HashMap<String, usize>` cloned every feature id (a million allocations at 1M
//! locations) and hashed it with SipHash: 7 % of the 1M start-up profile. This table
//! keeps positions only and compares against the ids the features already hold.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::Feature;

/// Positions of a layer's features, looked up by the features' own ids.
#[derive(Debug, Default)]
pub struct Positions {
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl Positions {
    /// Indexes `features` by id; a repeated id points at its last feature (as the map did).
    pub fn build(features: &[Feature]) -> Positions {
        let hasher = DefaultHashBuilder::default();
        let mut table = HashTable::with_capacity(features.len());
        for (i, f) in features.iter().enumerate() {
            let hash = hasher.hash_one(f.id.as_str());
            match table.find_mut(hash, |&j: &u32| features[j as usize].id == f.id) {
                Some(j) => *j = i as u32,
                None => {
                    table.insert_unique(hash, i as u32, |&j: &u32| {
                        hasher.hash_one(features[j as usize].id.as_str())
                    });
                }
            }
        }
        Positions { table, hasher }
    }

    /// The position of the feature with this id in `features` (the slice it was built from).
    pub fn get(&self, features: &[Feature], id: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(id);
        self.table
            .find(hash, |&j| {
                features.get(j as usize).is_some_and(|f| f.id == id)
            })
            .map(|&j| j as usize)
    }
}
