//! One RFC 7946 FeatureCollection per layer: CRS84, coordinates at ≤ 6 decimals,
//! every feature with its string `id`, and the layer id as `name` (the member
//! GDAL reads as the layer name).

use serde_json::{json, Value};

use super::round6;
use crate::index::{geojson, Feature, Layer};

/// The file name a layer is downloaded as.
pub fn file_name(layer: &Layer) -> String {
    format!("{}.geojson", layer.id)
}

/// One feature as a GeoJSON object: exactly what the API serves.
pub fn feature_value(f: &Feature) -> Value {
    geojson::feature_json(f)
}

/// The whole layer as a FeatureCollection value.
pub fn layer_value(layer: &Layer) -> Value {
    let mut members = vec![("name", json!(layer.id)), ("title", json!(layer.title))];
    if let Some(b) = layer.bbox {
        members.push((
            "bbox",
            json!([
                round6(b.min().x),
                round6(b.min().y),
                round6(b.max().x),
                round6(b.max().y)
            ]),
        ));
    }
    geojson::collection(members, layer.features.iter().map(feature_value).collect())
}

/// The layer as GeoJSON bytes.
pub fn layer_bytes(layer: &Layer) -> Vec<u8> {
    // Serializing a `Value` cannot fail (string keys only).
    serde_json::to_vec(&layer_value(layer)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{GeomClass, LayerGroup};
    use geo::Point;

    #[test]
    fn coordinates_are_rounded_and_ids_kept() {
        let layer = Layer::new(
            "t",
            "T",
            "",
            LayerGroup::Base,
            GeomClass::Points,
            vec![Feature::new(
                "a/1",
                Point::new(26.123_456_789, 56.987_654_321).into(),
                crate::index::Record::Empty,
            )],
        );
        let v = layer_value(&layer);
        assert_eq!(v["name"], "t");
        let f = &v["features"][0];
        assert_eq!(f["id"], "a/1");
        assert_eq!(f["geometry"]["coordinates"], json!([26.123457, 56.987654]));
    }
}
