//! Reading the served OpenAPI document as a client does: following the `$ref`s
//! into `components`.

use serde_json::Value;

/// `v`, or what its `$ref` (`#/components/…`) points to in `doc`.
pub fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v["$ref"].as_str() {
        Some(r) => {
            let pointer = r
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{r}: not in this document"));
            doc.pointer(pointer)
                .unwrap_or_else(|| panic!("{r} does not resolve"))
        }
        None => v,
    }
}

/// The parameters of `method` on `path`: the path's own and the operation's,
/// resolved.
pub fn parameters<'a>(doc: &'a Value, path: &str, method: &str) -> Vec<&'a Value> {
    let item = &doc["paths"][path];
    let listed = |v: &'a Value| v.as_array().map(|a| a.iter()).into_iter().flatten();
    listed(&item["parameters"])
        .chain(listed(&item[method]["parameters"]))
        .map(|p| resolve(doc, p))
        .collect()
}

/// Every `$ref` in `v`, in document order.
pub fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r);
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}
