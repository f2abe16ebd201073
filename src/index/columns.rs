//! Typed columns of a layer's properties, read out of the JSON once, so that
//! analyses over many features do not parse property maps per request.

use std::collections::HashMap;

use serde_json::Value;

use super::Feature;

/// Every scalar property of a layer as a column, in feature order.
#[derive(Debug, Default)]
pub struct Columns {
    numbers: HashMap<String, Vec<Option<f64>>>,
    /// Text values as indices into `dictionary`.
    texts: HashMap<String, Vec<Option<u32>>>,
    dictionary: Vec<String>,
}

impl Columns {
    /// Reads every number and string property of every feature.
    pub fn build(features: &[Feature]) -> Columns {
        let mut c = Columns::default();
        let mut interned: HashMap<String, u32> = HashMap::new();
        let n = features.len();
        for (i, f) in features.iter().enumerate() {
            for (k, v) in &f.properties {
                match v {
                    Value::Number(x) => {
                        c.numbers.entry(k.clone()).or_insert_with(|| vec![None; n])[i] = x.as_f64();
                    }
                    Value::String(s) => {
                        let next = interned.len() as u32;
                        let id = *interned.entry(s.clone()).or_insert(next);
                        if id == next {
                            c.dictionary.push(s.clone());
                        }
                        c.texts.entry(k.clone()).or_insert_with(|| vec![None; n])[i] = Some(id);
                    }
                    _ => {}
                }
            }
        }
        c
    }

    /// A numeric property per feature (`None` where absent or not a number).
    pub fn number(&self, name: &str) -> Option<&[Option<f64>]> {
        self.numbers.get(name).map(Vec::as_slice)
    }

    /// A text property per feature, as dictionary indices.
    pub fn text(&self, name: &str) -> Option<&[Option<u32>]> {
        self.texts.get(name).map(Vec::as_slice)
    }

    /// The text behind a dictionary index.
    pub fn word(&self, id: u32) -> &str {
        self.dictionary.get(id as usize).map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn columns_follow_feature_order_and_skip_missing_values() {
        let f = |p: Value| Feature {
            id: String::new(),
            geometry: geo::Point::new(0.0, 0.0).into(),
            properties: p.as_object().cloned().unwrap_or_default(),
        };
        let fs = vec![
            f(json!({"population": 10, "unit": "LV-058"})),
            f(json!({"unit": "LV-REZ"})),
            f(json!({"population": 2.5, "unit": "LV-058"})),
        ];
        let c = Columns::build(&fs);
        assert_eq!(
            c.number("population").unwrap(),
            &[Some(10.0), None, Some(2.5)]
        );
        let u = c.text("unit").unwrap();
        assert_eq!(u[0], u[2]);
        assert_eq!(c.word(u[1].unwrap()), "LV-REZ");
        assert!(c.number("unit").is_none());
    }
}
