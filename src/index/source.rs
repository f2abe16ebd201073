//! The seam between the service and where its features live: collections, a
//! collection's schema, a feature by id and a page of items by boxes and property
//! filters. The API's OGC handlers and the exports ask through [`FeatureSource`];
//! the in-memory [`Catalog`] (rebuilt from the store's snapshot, see
//! [`crate::store`]) answers with its R-trees. A second source (e.g. one that asks
//! PostGIS directly for very large layers) would implement the same trait.

use std::sync::Arc;

use geo::{Intersects, Rect};
use serde_json::Value;

use super::filter::Filter;

use super::sort::{sort_positions, SortKey};
use super::{Catalog, Feature, Layer};

/// Which items of a collection: any of the boxes (CRS84), every property filter
/// (name, value as text), the CQL2 filter, in the order of `sort` (layer order when
/// empty), then one page.
#[derive(Debug, Clone, Default)]
pub struct ItemQuery {
    pub area: Option<BoxArea>,
    pub filters: Vec<(String, String)>,
    /// A CQL2 expression every item satisfies (Part 3 `filter`).
    pub filter: Option<Arc<Filter>>,
    pub sort: Vec<SortKey>,
    pub offset: usize,
    pub limit: usize,
}

/// Where a `bbox` asks features to be, in the CRS it was given in.
#[derive(Debug, Clone, PartialEq)]
pub enum BoxArea {
    /// CRS84 rectangles (two when the box crosses the antimeridian).
    Crs84(Vec<Rect<f64>>),
    /// An LKS-92 rectangle, easting as x, northing as y: tested on the index's
    /// projected geometry, so the box is exactly the one asked in EPSG:3059.
    Lks92(Rect<f64>),
}

/// One page: how many matched in all, and the page's features by position in
/// their collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemPage {
    pub matched: usize,
    pub positions: Vec<usize>,
}

/// What the service asks of its data.
pub trait FeatureSource {
    /// Every collection, in a stable order.
    fn collections(&self) -> &[Layer];
    /// A collection by id.
    fn collection(&self, id: &str) -> Option<&Layer>;
    /// A collection's properties with their JSON types.
    fn schema(&self, id: &str) -> Option<&[(String, &'static str)]> {
        self.collection(id).map(|l| l.schema.as_slice())
    }
    /// A feature by collection and id, with its position.
    fn feature(&self, collection: &str, id: &str) -> Option<(usize, &Feature)> {
        self.collection(collection)?.feature(id)
    }
    /// A page of items; `None` when the collection does not exist.
    fn items(&self, collection: &str, q: &ItemQuery) -> Option<ItemPage>;
}

impl FeatureSource for Catalog {
    fn collections(&self) -> &[Layer] {
        &self.layers
    }

    fn collection(&self, id: &str) -> Option<&Layer> {
        self.layer(id)
    }

    fn items(&self, collection: &str, q: &ItemQuery) -> Option<ItemPage> {
        let l = self.layer(collection)?;
        let mut selected = select(l, q.area.as_ref(), &q.filters);
        if let Some(f) = &q.filter {
            selected = filtered(l, f, selected);
        }
        // The whole selection is ordered before the page is cut, so pages agree.
        sort_positions(l, &q.sort, &mut selected);
        let matched = selected.len();
        let positions = selected
            .into_iter()
            .skip(q.offset.min(matched))
            .take(q.limit)
            .collect();
        Some(ItemPage { matched, positions })
    }
}

/// The features (by position) in any of the boxes and matching every filter on the
/// served properties.
fn select(l: &Layer, area: Option<&BoxArea>, filters: &[(String, String)]) -> Vec<usize> {
    let candidates: Vec<usize> = match area {
        Some(BoxArea::Crs84(rects)) => {
            let mut hits: Vec<usize> = rects
                .iter()
                .flat_map(|r| l.index.in_bbox(&l.features, *r))
                .collect();
            hits.sort_unstable();
            hits.dedup();
            hits
        }
        Some(BoxArea::Lks92(r)) => l
            .index
            .envelopes_meeting(*r)
            .into_iter()
            .filter(|&i| l.index.projected(i).intersects(r))
            .collect(),
        None => (0..l.features.len()).collect(),
    };
    candidates
        .into_iter()
        .filter(|&i| {
            filters
                .iter()
                .all(|(k, v)| matches(l.features[i].properties().get(k.as_str()), v))
        })
        .collect()
}

/// The selected features (by position, ascending) that satisfy a CQL2 filter; when
/// it requires a box, only the features the R-tree finds in it are evaluated.
fn filtered(l: &Layer, f: &Filter, selected: Vec<usize>) -> Vec<usize> {
    let m = f.matcher();
    let satisfies = |&i: &usize| m.matches(&l.features[i]);
    match f.envelope() {
        Some(r) => {
            let near = l.index.in_bbox(&l.features, r);
            // Both ascending: keep what is in both.
            let mut sel = selected.iter().peekable();
            near.into_iter()
                .filter(|i| {
                    while sel.next_if(|&&s| s < *i).is_some() {}
                    sel.peek().is_some_and(|&&s| s == *i)
                })
                .filter(satisfies)
                .collect()
        }
        None => selected.into_iter().filter(satisfies).collect(),
    }
}

/// Whether a served property equals the filter value (compared as text, numbers
/// numerically, booleans as `true`/`false`, null as empty or `null`).
pub fn matches(v: Option<&Value>, want: &str) -> bool {
    match v {
        Some(Value::String(s)) => s == want,
        Some(Value::Number(n)) => want
            .parse::<f64>()
            .ok()
            .zip(n.as_f64())
            .is_some_and(|(a, b)| a == b),
        Some(Value::Bool(b)) => want == if *b { "true" } else { "false" },
        Some(Value::Null) | None => want.is_empty() || want == "null",
        Some(_) => false,
    }
}
