//! The property filters of `/collections/{id}/items` (`?name=value`): one query
//! parameter per property of the collection. Most properties recur in many
//! collections (the 34 measure-location layers share theirs), so every filter is
//! defined once under `components/parameters`, keyed by the property's name, and
//! each collection lists references. They stay one parameter each (not one
//! exploded object): QGIS takes a collection's server-side filters from them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::parameters::query;
use crate::index::Catalog;

/// The filters shared through `components/parameters`, by property name, with
/// the JSON type every collection that has the property agrees on.
pub(super) struct Filters {
    shared: BTreeMap<String, &'static str>,
}

impl Filters {
    /// Shares every property whose name can be a component key, is not a key
    /// already taken by another shared parameter (`taken`), and has one type in
    /// every collection. Any other filter stays inline in its collection's path.
    pub(super) fn new(cat: &Catalog, taken: &Map<String, Value>) -> Filters {
        let mut types: BTreeMap<&str, BTreeSet<&'static str>> = BTreeMap::new();
        for l in &cat.layers {
            for (name, t) in &l.schema {
                types.entry(name.as_str()).or_default().insert(t);
            }
        }
        let shared = types
            .into_iter()
            .filter(|(name, ts)| {
                ts.len() == 1 && is_component_key(name) && !taken.contains_key(*name)
            })
            .filter_map(|(name, ts)| Some((name.to_string(), *ts.first()?)))
            .collect();
        Filters { shared }
    }

    /// The filter on `name` (of JSON type `t`): a reference when it is shared,
    /// else its definition.
    pub(super) fn param(&self, name: &str, t: &str) -> Value {
        if self.shared.get(name) == Some(&t) {
            super::component_ref("parameters", name)
        } else {
            definition(name, t)
        }
    }

    /// The shared filters' definitions, keyed by property name.
    pub(super) fn components(&self) -> Map<String, Value> {
        self.shared
            .iter()
            .map(|(name, t)| (name.clone(), definition(name, t)))
            .collect()
    }
}

fn definition(name: &str, t: &str) -> Value {
    query(
        name,
        &format!("Features whose `{name}` equals this value."),
        json!({"type": t}),
        false,
    )
}

/// OpenAPI 3.0 allows only `^[a-zA-Z0-9.\-_]+$` as a component key.
fn is_component_key(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::is_component_key;

    #[test]
    fn component_keys_are_ascii_words() {
        assert!(is_component_key("measure_id"));
        assert!(is_component_key("bbox-crs.v2"));
        assert!(!is_component_key(""));
        assert!(!is_component_key("nosaukums ā"));
        assert!(!is_component_key("a/b"));
    }
}
