//! `--map TARGET=SOURCE`: which input field fills which field of ours, and the
//! value conversions a Shapefile's text or integer columns need.

use serde_json::{Map, Value};

/// Target field ← source field pairs, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMap(pub Vec<(String, String)>);

/// Parses one `TARGET=SOURCE` argument.
pub fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((t, src)) if !t.trim().is_empty() && !src.trim().is_empty() => {
            Ok((t.trim().to_string(), src.trim().to_string()))
        }
        _ => Err(format!(
            "`{s}` is not TARGET=SOURCE (e.g. --map code=ATVK_CODE)"
        )),
    }
}

impl FieldMap {
    /// The source field that fills `target`: the mapped one, or a field of the same name.
    pub fn source_of<'a>(&'a self, target: &'a str, source_fields: &[String]) -> Option<&'a str> {
        match self.0.iter().find(|(t, _)| t == target) {
            Some((_, s)) => Some(s.as_str()),
            None => source_fields.iter().any(|f| f == target).then_some(target),
        }
    }

    /// Mapped source fields that the input does not have.
    pub fn missing_sources<'a>(&'a self, source_fields: &[String]) -> Vec<&'a str> {
        self.0
            .iter()
            .filter(|(_, s)| !source_fields.contains(s))
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

/// The JSON type a field has in the shipped data (the first non-null value).
pub fn shipped_type(features: &[Map<String, Value>], field: &str) -> Option<&'static str> {
    features
        .iter()
        .filter_map(|p| p.get(field))
        .find_map(|v| match v {
            Value::Null => None,
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::String(_) => Some("string"),
            _ => Some("json"),
        })
}

/// Converts an input value to the type the field has in the shipped data.
pub fn coerce(v: &Value, ty: Option<&str>) -> Result<Value, String> {
    let bad = || format!("expected {}, got {v}", ty.unwrap_or("a value"));
    match (ty, v) {
        (_, Value::Null) => Ok(Value::Null),
        (Some("string"), Value::String(_)) => Ok(v.clone()),
        (Some("string"), Value::Number(n)) => Ok(Value::String(n.to_string())),
        (Some("integer"), Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Ok(Value::from(i)),
            (None, Some(x)) if x.fract() == 0.0 && x.abs() < 9.0e15 => Ok(Value::from(x as i64)),
            _ => Err(bad()),
        },
        (Some("integer"), Value::String(s)) if s.trim().is_empty() => Ok(Value::Null),
        (Some("integer"), Value::String(s)) => {
            s.trim().parse::<i64>().map(Value::from).map_err(|_| bad())
        }
        (Some("number"), Value::Number(n)) => n.as_f64().map(Value::from).ok_or_else(bad),
        (Some("number"), Value::String(s)) if s.trim().is_empty() => Ok(Value::Null),
        (Some("number"), Value::String(s)) => s
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .map(Value::from)
            .map_err(|_| bad()),
        (Some("boolean"), Value::Bool(_)) => Ok(v.clone()),
        (Some("boolean"), Value::Number(n)) => match n.as_i64() {
            Some(0) => Ok(Value::Bool(false)),
            Some(1) => Ok(Value::Bool(true)),
            _ => Err(bad()),
        },
        (Some("boolean"), Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "yes" | "y" | "1" => Ok(Value::Bool(true)),
            "false" | "f" | "no" | "n" | "0" => Ok(Value::Bool(false)),
            _ => Err(bad()),
        },
        (Some("string" | "integer" | "number" | "boolean"), _) => Err(bad()),
        _ => Ok(v.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pairs_parse_and_fall_back_to_same_name() {
        assert_eq!(
            parse_pair("code=ATVK_CODE").unwrap(),
            ("code".into(), "ATVK_CODE".into())
        );
        assert!(parse_pair("code").is_err());
        let m = FieldMap(vec![("code".into(), "KODS".into())]);
        let fields = vec!["KODS".to_string(), "name_lv".to_string()];
        assert_eq!(m.source_of("code", &fields), Some("KODS"));
        assert_eq!(m.source_of("name_lv", &fields), Some("name_lv"));
        assert_eq!(m.source_of("name_en", &fields), None);
    }

    #[test]
    fn shapefile_values_take_the_shipped_types() {
        assert_eq!(coerce(&json!(1), Some("boolean")).unwrap(), json!(true));
        assert_eq!(
            coerce(&json!("2021"), Some("integer")).unwrap(),
            json!(2021)
        );
        assert_eq!(coerce(&json!(12.0), Some("integer")).unwrap(), json!(12));
        assert_eq!(coerce(&json!("1,5"), Some("number")).unwrap(), json!(1.5));
        assert!(coerce(&json!("x"), Some("integer")).is_err());
    }
}
