//! The order of items by their served properties (`sortby`): what a caller sees is
//! what is sorted, so an order can never reveal a field or place the caller's view
//! does not serve.

use std::cmp::Ordering;

use serde_json::Value;

use super::Layer;

/// One key of an order: a property and its direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub property: String,
    pub descending: bool,
}

/// Sorts feature positions of `l` by `keys`, each in its direction, nulls (and a
/// missing property) last in either direction. The sort is stable: features equal
/// on every key keep their layer order, so pages of one order never overlap.
pub fn sort_positions(l: &Layer, keys: &[SortKey], positions: &mut [usize]) {
    if keys.is_empty() {
        return;
    }
    positions.sort_by(|&a, &b| {
        let (pa, pb) = (l.features[a].properties(), l.features[b].properties());
        keys.iter()
            .map(|k| {
                let (va, vb) = (pa.get(&k.property), pb.get(&k.property));
                compare(present(va), present(vb), k.descending)
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
}

/// A value that is there and not null.
fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// Compares two values in a direction; an absent value after any present one.
fn compare(a: Option<&Value>, b: Option<&Value>, descending: bool) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) if descending => value_order(b, a),
        (Some(a), Some(b)) => value_order(a, b),
    }
}

/// The natural order of two values of one property: numbers numerically, text by
/// code point, false before true. A layer's property has one type, so mixed kinds
/// only meet on malformed data; they are ordered by kind, to stay a total order.
fn value_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.total_cmp(&y)
        }
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => kind(a).cmp(&kind(b)),
    }
}

fn kind(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nulls_go_last_in_both_directions() {
        let (one, two) = (json!(1), json!(2));
        assert_eq!(compare(None, Some(&one), false), Ordering::Greater);
        assert_eq!(compare(None, Some(&one), true), Ordering::Greater);
        assert_eq!(compare(Some(&one), Some(&two), false), Ordering::Less);
        assert_eq!(compare(Some(&one), Some(&two), true), Ordering::Greater);
        assert_eq!(value_order(&json!(2.5), &json!(10)), Ordering::Less);
        assert_eq!(value_order(&json!("B"), &json!("a")), Ordering::Less);
    }
}
