//! `filter`, `filter-lang` and `filter-crs` on `/collections/{id}/items` (OGC API –
//! Features Part 3, Filtering, with CQL2 text or JSON): the expression is bounded
//! before it is parsed, parsed by the `cql2` crate, and checked against the layer's
//! queryables; [`crate::index::filter::Filter`] evaluates it.

use std::sync::Arc;

use cql2::Expr;

use super::params::Query;
use super::ApiError;
use crate::index::filter::{self, Filter, GEOMETRY};
use crate::index::Layer;

/// The items parameters of this module.
pub const PARAMS: [&str; 3] = ["filter", "filter-lang", "filter-crs"];

/// The longest expression taken, in bytes (the request target is at most 8 kB, so a
/// longer one could not arrive percent-encoded anyway).
pub const MAX_LEN: usize = 4 * 1024;
/// The deepest nesting of brackets taken, before parsing: the parser and the
/// evaluator recurse per level, and a request's stack is 2 MiB.
pub const MAX_BRACKETS: usize = 24;
/// The most operators (symbols and keywords outside quotes), before parsing: the
/// parser recurses on chains of them too.
pub const MAX_OPERATORS: usize = 200;
/// The deepest parsed expression (operators, operands and literals).
pub const MAX_DEPTH: usize = 40;
/// The most nodes in a parsed expression (a geometry literal is one).
pub const MAX_NODES: usize = 1_000;

/// The one CRS of filter geometries.
const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

/// The CQL2 encodings taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Text,
    Json,
}

/// The items' CQL2 filter, `None` without `filter`.
pub fn parse(q: &Query, l: &Layer) -> Result<Option<Arc<Filter>>, ApiError> {
    let lang = lang(q)?;
    check_filter_crs(q)?;
    let Some(text) = q.get("filter") else {
        return Ok(None);
    };
    let expr = expression(text, lang)?;
    check_names(&expr, l)?;
    Ok(Some(Arc::new(Filter::new(expr))))
}

/// The expression, bounded before and after parsing.
fn expression(text: &str, lang: Lang) -> Result<Expr, ApiError> {
    bound(text, lang)?;
    let expr = match lang {
        Lang::Text => cql2::parse_text(text).map_err(text_error)?,
        Lang::Json => cql2::parse_json(text).map_err(json_error)?,
    };
    check_size(&expr)?;
    Ok(expr)
}

fn lang(q: &Query) -> Result<Lang, ApiError> {
    match q.get("filter-lang").map(String::as_str) {
        None | Some("cql2-text") => Ok(Lang::Text),
        Some("cql2-json") => Ok(Lang::Json),
        Some(other) => Err(ApiError::param(
            "filter-lang",
            format!("`{other}` is not offered; cql2-text (the default) or cql2-json"),
        )),
    }
}

/// `filter-crs` may only name CRS84, the CRS of the features.
pub fn check_filter_crs(q: &Query) -> Result<(), ApiError> {
    match q.get("filter-crs") {
        Some(v) if v != CRS84 && v != "[OGC:CRS84]" && !v.eq_ignore_ascii_case("OGC:CRS84") => {
            Err(ApiError::param(
                "filter-crs",
                format!("`{v}` is not offered; filter geometries are in {CRS84} only"),
            ))
        }
        _ => Ok(()),
    }
}

/// Refuses an expression too long, too deeply bracketed or with too many operators
/// to parse safely.
fn bound(text: &str, lang: Lang) -> Result<(), ApiError> {
    if text.len() > MAX_LEN {
        return Err(ApiError::param(
            "filter",
            format!(
                "the expression is {} bytes; at most {MAX_LEN} are taken",
                text.len()
            ),
        ));
    }
    match scan(text, lang) {
        Some(fault) => Err(ApiError::param("filter", fault)),
        None => Ok(()),
    }
}

/// Keywords of cql2-text that nest the parse one level each.
const KEYWORDS: [&str; 8] = ["not", "and", "or", "like", "in", "between", "is", "div"];

/// Why the expression is refused before parsing, naming the character offset
/// (1-based): brackets outside quotes nested deeper than [`MAX_BRACKETS`], or more
/// than [`MAX_OPERATORS`] operators. The parser recurses on both (measured: a
/// debug build overflowed a 2 MiB stack at 100 nested brackets or 800 `NOT`s).
fn scan(text: &str, lang: Lang) -> Option<String> {
    let mut s = Scan::default();
    for (n, c) in text.chars().enumerate() {
        s.step(c, lang);
        if s.depth > MAX_BRACKETS {
            return Some(format!(
                "brackets nested deeper than {MAX_BRACKETS} at character {}",
                n + 1
            ));
        }
        if s.operators > MAX_OPERATORS {
            return Some(format!(
                "more than {MAX_OPERATORS} operators, at character {}",
                n + 1
            ));
        }
    }
    None
}

/// The state of [`scan`].
#[derive(Default)]
struct Scan {
    depth: usize,
    operators: usize,
    quote: Option<char>,
    escaped: bool,
    word: String,
    previous: char,
}

impl Scan {
    fn step(&mut self, c: char, lang: Lang) {
        if let Some(q) = self.quote {
            // JSON strings escape with a backslash; CQL2 text doubles the quote, which
            // closes and reopens the string here, to the same effect.
            if self.escaped {
                self.escaped = false;
            } else if c == '\\' && lang == Lang::Json {
                self.escaped = true;
            } else if c == q {
                self.quote = None;
            }
            return;
        }
        if c.is_alphanumeric() || c == '_' {
            self.word.push(c.to_ascii_lowercase());
        } else {
            self.end_word(lang);
            self.symbol(c);
        }
        self.previous = c;
    }

    fn end_word(&mut self, lang: Lang) {
        if lang == Lang::Text && KEYWORDS.contains(&self.word.as_str()) {
            self.operators += 1;
        }
        self.word.clear();
    }

    fn symbol(&mut self, c: char) {
        match c {
            '\'' | '"' => self.quote = Some(c),
            '(' | '[' | '{' => self.depth += 1,
            ')' | ']' | '}' => self.depth = self.depth.saturating_sub(1),
            '=' | '<' | '>' | '+' | '*' | '/' | '^' | '%' | '-' => self.operators += 1,
            _ => {}
        }
    }
}

/// A cql2-text syntax error with the line and column where it was found.
fn text_error(e: cql2::Error) -> ApiError {
    let reason = match e {
        cql2::Error::Pest(p) => {
            let (line, col) = match p.line_col {
                pest::error::LineColLocation::Pos(at) => at,
                pest::error::LineColLocation::Span(at, _) => at,
            };
            let expected = match &p.variant {
                pest::error::ErrorVariant::ParsingError { positives, .. }
                    if !positives.is_empty() =>
                {
                    let names: Vec<String> =
                        positives.iter().take(8).map(|r| format!("{r:?}")).collect();
                    format!(" (expected {})", names.join(", "))
                }
                pest::error::ErrorVariant::CustomError { message } => format!(" ({message})"),
                _ => String::new(),
            };
            format!("invalid CQL2 text at line {line}, column {col}{expected}")
        }
        other => format!("invalid CQL2 text: {other}"),
    };
    ApiError::param("filter", reason)
}

/// A cql2-json error with the line and column where it was found.
fn json_error(e: serde_json::Error) -> ApiError {
    ApiError::param(
        "filter",
        format!(
            "invalid CQL2 JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ),
    )
}

/// Refuses an expression too deep or too large to evaluate per feature.
fn check_size(expr: &Expr) -> Result<(), ApiError> {
    if filter::depth(expr) > MAX_DEPTH {
        return Err(ApiError::param(
            "filter",
            format!("the expression nests deeper than {MAX_DEPTH} levels"),
        ));
    }
    let mut nodes = 0usize;
    filter::visit(expr, &mut |_| nodes += 1);
    if nodes > MAX_NODES {
        return Err(ApiError::param(
            "filter",
            format!("the expression has {nodes} terms; at most {MAX_NODES} are taken"),
        ));
    }
    Ok(())
}

/// Refuses an expression that names a property the layer does not have or calls a
/// function that is not offered.
fn check_names(expr: &Expr, l: &Layer) -> Result<(), ApiError> {
    let mut fault: Option<String> = None;
    filter::visit(expr, &mut |e| {
        if fault.is_none() {
            fault = fault_of(e, l);
        }
    });
    match fault {
        Some(reason) => Err(ApiError::param("filter", reason)),
        None => Ok(()),
    }
}

/// What is wrong with one node, if anything.
fn fault_of(e: &Expr, l: &Layer) -> Option<String> {
    match e {
        Expr::Property { property } if property != GEOMETRY && l.property_type(property).is_none() => {
            Some(format!(
                "unknown property `{property}`: not a queryable of {} (see /collections/{}/queryables)",
                l.id, l.id
            ))
        }
        Expr::Operation { op, .. } if !is_operator(op) => Some(format!(
            "`{op}` is not a CQL2 operator or function this server offers"
        )),
        _ => None,
    }
}

/// Whether the `cql2` crate defines (and evaluates) `op`.
fn is_operator(op: &str) -> bool {
    const OTHER: [&str; 7] = ["not", "like", "between", "in", "isNull", "casei", "accenti"];
    [
        cql2::BOOLOPS,
        cql2::EQOPS,
        cql2::CMPOPS,
        cql2::SPATIALOPS,
        cql2::TEMPORALOPS,
        cql2::ARITHOPS,
        cql2::ARRAYOPS,
        &OTHER,
    ]
    .iter()
    .any(|ops| ops.contains(&op))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{Feature, Record};
    use serde_json::json;

    #[test]
    fn brackets_in_quotes_do_not_count() {
        let quoted = format!("name = '{}''{}'", "(".repeat(100), "NOT ".repeat(300));
        assert_eq!(scan(&quoted, Lang::Text), None);
        let deep = "(".repeat(MAX_BRACKETS + 1);
        let fault = scan(&deep, Lang::Text).unwrap();
        assert!(
            fault.contains(&format!("at character {}", MAX_BRACKETS + 1)),
            "{fault}"
        );
        let json = format!(
            r#"{{"op":"=","args":[{{"property":"name"}},"\"{}"]}}"#,
            "[".repeat(50)
        );
        assert_eq!(scan(&json, Lang::Json), None);
        let many = format!("{}name = 'x'", "NOT ".repeat(MAX_OPERATORS));
        assert!(scan(&many, Lang::Text).unwrap().contains("operators"));
    }

    fn feature() -> Feature {
        let mut f = Feature::new("a", geo::Point::new(27.0, 56.0).into(), Record::Empty);
        let props = json!({"name": "Rēzekne", "population": 27000, "part_of": null,
            "valid_from": "2021-07-01", "flag": true});
        f.set_properties(props.as_object().unwrap().clone());
        f
    }

    /// Parses, bounds and (when it parses) evaluates; must never panic.
    fn exercise(text: &str, f: &Feature) {
        for lang in [Lang::Text, Lang::Json] {
            if let Ok(e) = expression(text, lang) {
                let _ = Filter::new(e).matches(f);
            }
        }
    }

    /// Input built to break a recursive parser or evaluator is refused by name.
    #[test]
    fn deep_and_long_input_is_refused_without_overflowing() {
        let f = feature();
        let nasty = [
            "(".repeat(10_000),
            format!("{}name = 'x'{}", "(".repeat(10_000), ")".repeat(10_000)),
            format!("{}name = 'x'", "NOT ".repeat(1_000)),
            format!("population = {}1", "-".repeat(4_000)),
            format!("{}1", "population = ".repeat(300)),
            format!("population {}", "+ 1 ".repeat(1_000)),
            format!(
                "{}{{\"property\":\"name\"}}",
                r#"{"op":"not","args":["#.repeat(2_000)
            ),
            "[".repeat(10_000),
            format!("name IN ({})", vec!["'a'"; 1_000].join(",")),
            format!(
                "S_INTERSECTS(geometry, {}POINT(1 2){})",
                "GEOMETRYCOLLECTION(".repeat(40),
                ")".repeat(40)
            ),
            "x".repeat(100_000),
            // Just inside the limits: parsed and evaluated on a test thread's 2 MiB.
            format!(
                "{}name = 'x'{}",
                "NOT (".repeat(MAX_BRACKETS),
                ")".repeat(MAX_BRACKETS)
            ),
            format!(
                "{}{}1{}",
                "(".repeat(MAX_BRACKETS - 1),
                "NOT ".repeat(MAX_OPERATORS - 2),
                ")".repeat(MAX_BRACKETS - 1)
            ),
            format!("population = {}1", "- ".repeat(MAX_OPERATORS - 1)),
            format!("population {}= 1", "+ 1 ".repeat(MAX_OPERATORS - 1)),
        ];
        for text in &nasty {
            exercise(text, &f);
        }
        let e = expression(&nasty[0], Lang::Text).unwrap_err();
        assert!(e.to_string().contains("filter"), "{e}");
        assert!(expression(&nasty[2], Lang::Text).is_err());
        assert!(expression(&nasty[11], Lang::Text).is_ok());
        assert!(expression(&nasty[10], Lang::Text).is_err());
    }

    /// A few thousand random and mutated expressions: errors, never panics.
    #[test]
    fn random_input_never_panics() {
        const TOKENS: [&str; 40] = [
            "name",
            "population",
            "geometry",
            "part_of",
            "valid_from",
            "flag",
            " = ",
            " <> ",
            " < ",
            " >= ",
            " AND ",
            " OR ",
            "NOT ",
            " LIKE ",
            " IN ",
            " BETWEEN ",
            " IS NULL",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            ",",
            "'",
            "\"",
            "'R%'",
            "5",
            "-1.5e3",
            "DATE('2021-07-01')",
            "TIMESTAMP('2021-07-01T00:00:00Z')",
            "INTERVAL('..', '2022-01-01')",
            "POINT(27 56)",
            "BBOX(26,55,28,57)",
            "S_INTERSECTS(",
            "T_AFTER(",
            "S_WITHIN(",
            "{\"op\":",
            "\"args\":[",
            "{\"property\":\"name\"}",
        ];
        let f = feature();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..4_000 {
            let n = (next() % 24) as usize;
            let mut text = String::new();
            for _ in 0..n {
                let r = next();
                if r % 7 == 0 {
                    // A raw byte-ish character, including multi-byte ones.
                    text.push(char::from_u32((r >> 8) as u32 % 0x3000).unwrap_or('?'));
                } else {
                    text.push_str(TOKENS[(r >> 8) as usize % TOKENS.len()]);
                }
            }
            exercise(&text, &f);
        }
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let e = expression("name = 'x' AND\n  population >> 5", Lang::Text).unwrap_err();
        assert!(e.to_string().contains("line 2, column"), "{e}");
        let e = expression("{\"op\": \"=\",\n \"args\": [}", Lang::Json).unwrap_err();
        assert!(e.to_string().contains("line 2, column"), "{e}");
    }
}
