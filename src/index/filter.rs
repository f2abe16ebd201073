//! A CQL2 filter (OGC API – Features Part 3) evaluated over a layer's features.
//!
//! The `cql2` crate parses the expression and evaluates it ([`cql2::Expr::matches`]):
//! comparisons, `LIKE`, `IN`, `BETWEEN`, `IS NULL`, the connectives with SQL's
//! three-valued logic, dates and the temporal functions. What this module adds is
//! the binding of a feature to the expression: each property reference is replaced
//! by the feature's served value before the crate reduces it. The crate reads
//! values from one JSON document instead; handing it ours would copy every
//! feature's properties and geometry into a new `Value` per feature and per request.
//!
//! A spatial predicate between the feature's geometry and a literal is decided
//! here, with the same DE-9IM relations the crate's `spatial_op` uses, against the
//! literal converted once. The crate would write each feature's geometry as GeoJSON,
//! re-read it as WKT and parse that into `geo` for every feature (seconds for the
//! municipality polygons), and would prepare the literal anew every time.

use geo::{BoundingRect, Geometry, PreparedGeometry, Rect, Relate};

use super::geojson::geometry_json;
use super::Feature;
use cql2::Expr;

/// The name a filter uses for a feature's geometry (the spatial queryable).
pub const GEOMETRY: &str = "geometry";

/// Prefix of the placeholders that stand for prepared spatial predicates; no CQL2
/// operator or accepted function has it (`#` is no identifier character).
const SPATIAL_MARK: &str = "#spatial:";

/// A spatial predicate of the feature's geometry against a literal.
struct Spatial {
    op: String,
    /// Whether the geometry is the predicate's first argument (`S_WITHIN(geometry, lit)`).
    geometry_first: bool,
    literal: Geometry<f64>,
}

/// A parsed, checked CQL2 expression with its spatial literals converted.
pub struct Filter {
    expr: Expr,
    spatial: Vec<Spatial>,
    /// A box every match intersects, when the expression requires one.
    envelope: Option<Rect<f64>>,
}

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Filter")
            .field("expr", &self.expr)
            .field("spatial", &self.spatial.len())
            .finish()
    }
}

impl Filter {
    /// Prepares a parsed expression (already checked by the caller: known properties
    /// and operators, bounded size).
    pub fn new(expr: Expr) -> Filter {
        let mut spatial = Vec::new();
        let envelope = required_envelope(&expr);
        let expr = prepare(expr, &mut spatial);
        Filter {
            expr,
            spatial,
            envelope,
        }
    }

    /// A box that every matching feature's geometry intersects, if the expression
    /// requires it (a spatial predicate implying intersection, at the top or under
    /// `AND`): the R-tree narrows the candidates to it.
    pub fn envelope(&self) -> Option<Rect<f64>> {
        self.envelope
    }

    /// The filter ready to evaluate, its spatial literals prepared (for one request:
    /// geo's prepared geometries are not `Send`).
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher {
            filter: self,
            prepared: self
                .spatial
                .iter()
                .map(|s| PreparedGeometry::from(&s.literal))
                .collect(),
        }
    }

    /// Whether the feature satisfies the expression (see [`Matcher::matches`]).
    pub fn matches(&self, f: &Feature) -> bool {
        self.matcher().matches(f)
    }
}

/// A [`Filter`] with its spatial literals prepared.
pub struct Matcher<'a> {
    filter: &'a Filter,
    prepared: Vec<PreparedGeometry<'a, &'a Geometry<f64>>>,
}

impl Matcher<'_> {
    /// Whether the feature satisfies the expression: only a TRUE answer matches
    /// (NULL, and a comparison of values of different kinds, do not).
    pub fn matches(&self, f: &Feature) -> bool {
        self.bind(&self.filter.expr, f)
            .matches(None)
            .unwrap_or(false)
    }

    /// The expression with the feature's values in place of its property references.
    fn bind(&self, e: &Expr, f: &Feature) -> Expr {
        match e {
            Expr::Property { property } => value_of(f, property),
            Expr::Operation { op, args } => match op.strip_prefix(SPATIAL_MARK) {
                Some(n) => Expr::Bool(self.spatial_match(n, &f.geometry)),
                None => {
                    let temporal = cql2::TEMPORALOPS.contains(&op.as_str());
                    Expr::Operation {
                        op: op.clone(),
                        args: args
                            .iter()
                            .map(|a| Box::new(self.bind_operand(a, f, temporal)))
                            .collect(),
                    }
                }
            },
            Expr::Array(items) => {
                Expr::Array(items.iter().map(|a| Box::new(self.bind(a, f))).collect())
            }
            Expr::Interval { interval } => Expr::Interval {
                interval: interval.iter().map(|a| Box::new(self.bind(a, f))).collect(),
            },
            Expr::Date { date } => Expr::Date {
                date: Box::new(self.bind(date, f)),
            },
            Expr::Timestamp { timestamp } => Expr::Timestamp {
                timestamp: Box::new(self.bind(timestamp, f)),
            },
            other => other.clone(),
        }
    }

    /// An operand bound to the feature; a date-valued property of a temporal
    /// function is handed over as a `DATE`, the whole day CQL2 reads it as (the crate
    /// would read the bare text beside an interval as the instant it starts at).
    fn bind_operand(&self, e: &Expr, f: &Feature, temporal: bool) -> Expr {
        match e {
            Expr::Property { property } if temporal => match value_of(f, property) {
                Expr::Literal(s) if is_date(&s) => Expr::Date {
                    date: Box::new(Expr::Literal(s)),
                },
                other => other,
            },
            _ => self.bind(e, f),
        }
    }

    /// Prepared predicate number `n` for a feature's geometry.
    fn spatial_match(&self, n: &str, g: &Geometry<f64>) -> bool {
        let Some(n) = n.parse::<usize>().ok() else {
            return false;
        };
        let (Some(s), Some(literal)) = (self.filter.spatial.get(n), self.prepared.get(n)) else {
            return false;
        };
        let m = if s.geometry_first {
            g.relate(literal)
        } else {
            literal.relate(g)
        };
        // As `cql2::spatial_op` reads the matrix (left = first argument).
        match s.op.as_str() {
            "s_equals" => m.is_equal_topo(),
            "s_intersects" => m.is_intersects(),
            "s_disjoint" => m.is_disjoint(),
            "s_touches" => m.is_touches(),
            "s_within" => m.is_within(),
            "s_overlaps" => m.is_overlaps(),
            "s_crosses" => m.is_crosses(),
            "s_contains" => m.is_contains(),
            _ => false,
        }
    }
}

/// A feature's value of a property as the crate's expression: the served property
/// (missing ones are NULL), or the geometry as GeoJSON for a predicate that was not
/// prepared (e.g. between the geometry and itself).
fn value_of(f: &Feature, name: &str) -> Expr {
    let value = if name == GEOMETRY {
        geometry_json(&f.geometry)
    } else {
        match f.properties().get(name) {
            Some(v) => v.clone(),
            None => return Expr::Null,
        }
    };
    Expr::try_from(value).unwrap_or(Expr::Null)
}

/// Whether a text is a calendar date, `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Whether `e` is a reference to the feature's geometry.
fn is_geometry(e: &Expr) -> bool {
    matches!(e, Expr::Property { property } if property == GEOMETRY)
}

/// A literal region (geometry or bbox) as a `geo` geometry.
fn literal_geometry(e: &Expr) -> Option<Geometry<f64>> {
    match e {
        Expr::Geometry(_) | Expr::BBox { .. } => Geometry::try_from(e.clone()).ok(),
        _ => None,
    }
}

/// The expression with each spatial predicate of the geometry against a literal
/// replaced by a placeholder for its prepared form in `out`.
fn prepare(e: Expr, out: &mut Vec<Spatial>) -> Expr {
    let Expr::Operation { op, args } = e else {
        return e;
    };
    if cql2::SPATIALOPS.contains(&op.as_str()) && args.len() == 2 {
        let (a, b) = (args[0].as_ref(), args[1].as_ref());
        let found = match (is_geometry(a), is_geometry(b)) {
            (true, false) => literal_geometry(b).map(|g| (true, g)),
            (false, true) => literal_geometry(a).map(|g| (false, g)),
            _ => None,
        };
        if let Some((geometry_first, g)) = found {
            out.push(Spatial {
                op: op.clone(),
                geometry_first,
                literal: g,
            });
            return Expr::Operation {
                op: format!("{SPATIAL_MARK}{}", out.len() - 1),
                args: Vec::new(),
            };
        }
    }
    Expr::Operation {
        op,
        args: args
            .into_iter()
            .map(|a| Box::new(prepare(*a, out)))
            .collect(),
    }
}

/// The literal's bounding box of a predicate on the geometry that implies the two
/// intersect, directly or as an operand of `AND`.
fn required_envelope(e: &Expr) -> Option<Rect<f64>> {
    let Expr::Operation { op, args } = e else {
        return None;
    };
    match op.as_str() {
        "and" => args.iter().find_map(|a| required_envelope(a)),
        "s_intersects" | "s_within" | "s_contains" | "s_equals" | "s_overlaps" | "s_crosses"
        | "s_touches"
            if args.len() == 2 =>
        {
            let (a, b) = (args[0].as_ref(), args[1].as_ref());
            let lit = if is_geometry(a) {
                b
            } else if is_geometry(b) {
                a
            } else {
                return None;
            };
            literal_geometry(lit)?.bounding_rect()
        }
        _ => None,
    }
}

/// The operands of a node.
fn children(e: &Expr) -> &[Box<Expr>] {
    match e {
        Expr::Operation { args, .. } => args,
        Expr::Array(items) => items,
        Expr::Interval { interval } => interval,
        Expr::BBox { bbox } => bbox,
        Expr::Date { date } => std::slice::from_ref(date),
        Expr::Timestamp { timestamp } => std::slice::from_ref(timestamp),
        _ => &[],
    }
}

/// Visits every node of an expression, parents first.
pub fn visit<'a>(e: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    f(e);
    for c in children(e) {
        visit(c, f);
    }
}

/// The nesting depth of an expression (a literal is 1).
pub fn depth(e: &Expr) -> usize {
    1 + children(e).iter().map(|c| depth(c)).max().unwrap_or(0)
}
