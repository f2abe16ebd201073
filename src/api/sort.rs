//! `sortby` on items: a comma-separated list of properties, each optionally
//! prefixed `+` (ascending, the default) or `-` (descending), as in OGC API –
//! Features Part 8 (draft) and OGC API – Records.

use super::params::Query;
use super::ApiError;
use crate::index::sort::SortKey;
use crate::index::Layer;

/// The order `sortby` asks for; empty without it. Only the layer's own properties
/// (its queryables) may be named.
pub fn sortby(q: &Query, l: &Layer) -> Result<Vec<SortKey>, ApiError> {
    let Some(s) = q.get("sortby") else {
        return Ok(Vec::new());
    };
    s.split(',').map(|term| key(term, l)).collect()
}

/// One term. A `+` in a query string decodes to a space, so `sortby=+name` arrives
/// as ` name`: leading spaces are read as `+`.
fn key(term: &str, l: &Layer) -> Result<SortKey, ApiError> {
    let term = term.trim();
    let (descending, name) = match term.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, term.strip_prefix('+').unwrap_or(term)),
    };
    if name.is_empty() {
        return Err(ApiError::param(
            "sortby",
            format!("`{term}` names no property; use name, +name or -name, comma-separated"),
        ));
    }
    if l.property_type(name).is_none() {
        return Err(ApiError::param(
            "sortby",
            format!(
                "`{name}` is not a property of {}; see /collections/{}/queryables",
                l.id, l.id
            ),
        ));
    }
    Ok(SortKey {
        property: name.to_string(),
        descending,
    })
}
