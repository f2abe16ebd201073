//! Collections stay while the service runs: a write that deletes the last feature
//! of a measure layer leaves the layer, empty, rather than making its collection
//! (and every URL a client holds into it) a 404 until the next feature arrives.
//! A restart serves the layers the data has.

use super::layer::{Catalog, Layer, LayerGroup};

impl Catalog {
    /// Adds, empty and where they stood, the measure layers of `previous` that this
    /// catalog lacks (their titles and properties as they were).
    pub fn keep_layers_of(&mut self, previous: &Catalog) {
        for (i, old) in previous.layers.iter().enumerate() {
            if old.group != LayerGroup::Measures || self.layer(&old.id).is_some() {
                continue;
            }
            let mut empty = Layer::new(
                old.id.clone(),
                old.title.clone(),
                old.description.clone(),
                old.group,
                old.class,
                Vec::new(),
            );
            empty.title_lv = old.title_lv.clone();
            empty.schema = old.schema.clone();
            self.layers.insert(i.min(self.layers.len()), empty);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::index::build_catalog;
    use crate::load::{load_all, DataPaths};

    #[test]
    fn a_layer_whose_last_feature_went_stays_empty_in_its_place() {
        let paths = DataPaths::under(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        let (g, p) = load_all(&paths).expect("the shipped data loads");
        let before = build_catalog(g.clone(), p.clone());
        let gone = "hospitals_points";
        let old = before.layer(gone).expect("a layer of the shipped data");
        assert!(!old.features.is_empty());
        let mut p2 = p;
        for m in p2.measures.iter_mut().filter(|m| m.kind == "hospitals") {
            m.locations.clear();
        }
        let mut after = build_catalog(g, p2);
        assert!(
            after.layer(gone).is_none(),
            "the data alone has no such layer"
        );
        after.keep_layers_of(&before);
        let kept = after.layer(gone).expect("kept");
        assert!(kept.features.is_empty() && kept.bbox.is_none());
        assert_eq!((&kept.title, &kept.title_lv), (&old.title, &old.title_lv));
        assert_eq!(kept.schema, old.schema);
        let ids =
            |c: &crate::index::Catalog| c.layers.iter().map(|l| l.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&after), ids(&before), "same collections, same order");
    }
}
