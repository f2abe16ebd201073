//! The report's small map: the unit (or the territory) with its neighbours, the state
//! border and the measures' public sites, drawn here as inline SVG in LKS-92 (EPSG:3059)
//! metres.
//!
//! Why our own drawing and not the browser map: a printed report must come out the same
//! from a browser, a file on disk or a headless print, with no tile server, script or
//! network fetch; a dozen polygons and a few hundred marks are a few kilobytes of SVG, in
//! black and white. Drawing from the catalog the reader was given (the served, public
//! geometries for anyone without a token) means the print can show no site more
//! precisely than the public layers do: a location served at municipality or territory
//! precision is counted, not drawn.

use std::collections::BTreeSet;
use std::fmt::Write;

use geo::{
    Area, BooleanOps, BoundingRect, Coord, CoordsIter, Geometry, InteriorPoint, LineString,
    MultiPolygon, Polygon, Rect,
};
use serde::Serialize;

use crate::geom::lks92::{coord_to_lks92, geometry_to_lks92};
use crate::index::{Catalog, LayerGroup, Record, SiteStatus};
use crate::model::{Country, Precision, Vintage};

/// Width of the drawing, in SVG user units.
const WIDTH: f64 = 640.0;
/// The drawing's height stays within these shares of its width.
const MIN_ASPECT: f64 = 0.55;
const MAX_ASPECT: f64 = 1.0;
/// Margin around the unit (or territory), as a share of its larger side.
const PAD: f64 = 0.06;
/// The drawing spans at least this many metres, so that a state city shows the units
/// around it.
const MIN_SPAN_M: f64 = 24_000.0;
/// A unit is named on the map when at least this share of the drawing shows it (a
/// unit of the territory — a state city is small — or one outside it).
const MIN_LABEL_SHARE: [f64; 2] = [0.002, 0.02];
/// At most this many marks are drawn (a store of generated locations holds a million).
pub const MAX_MARKS: usize = 1500;

/// The map and what it left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MapFigure {
    /// The `<svg>` element.
    #[serde(skip)]
    pub svg: String,
    /// Sites drawn (at exact or settlement precision).
    pub drawn: usize,
    /// Candidate places drawn: named for a measure in public sources, not confirmed as
    /// its sites.
    pub candidates: usize,
    /// Locations of the measures served only at municipality or territory precision:
    /// the unit itself, so not drawn.
    pub coarse: usize,
    /// Sites not drawn because the map already holds [`MAX_MARKS`].
    pub over_cap: usize,
}

/// From LKS-92 metres to the drawing: a uniform scale, north up.
struct Frame {
    min_x: f64,
    max_y: f64,
    scale: f64,
    height: f64,
}

impl Frame {
    /// A frame around `r` (LKS-92 metres), padded, within the aspect limits.
    fn around(r: Rect<f64>) -> Frame {
        let pad = PAD * r.width().max(r.height()).max(1.0);
        let w = (r.width() + 2.0 * pad).max(MIN_SPAN_M);
        let h = (r.height() + 2.0 * pad).max(MIN_SPAN_M);
        let height = (WIDTH * h / w).clamp(WIDTH * MIN_ASPECT, WIDTH * MAX_ASPECT);
        let scale = (WIDTH / w).min(height / h);
        let (cx, cy) = (r.center().x, r.center().y);
        Frame {
            min_x: cx - WIDTH / scale / 2.0,
            max_y: cy + height / scale / 2.0,
            scale,
            height,
        }
    }

    /// The drawing's point of a CRS84 coordinate.
    fn xy(&self, lonlat: Coord<f64>) -> (f64, f64) {
        self.px(coord_to_lks92(lonlat))
    }

    /// The drawing's point of an LKS-92 coordinate.
    fn px(&self, m: Coord<f64>) -> (f64, f64) {
        (
            (m.x - self.min_x) * self.scale,
            (self.max_y - m.y) * self.scale,
        )
    }

    /// What the drawing shows, in LKS-92 metres.
    fn extent_m(&self) -> Polygon<f64> {
        Rect::new(
            Coord {
                x: self.min_x,
                y: self.max_y - self.height / self.scale,
            },
            Coord {
                x: self.min_x + WIDTH / self.scale,
                y: self.max_y,
            },
        )
        .to_polygon()
    }

    /// Whether a CRS84 bounding box overlaps the drawing.
    fn sees(&self, bbox: Option<Rect<f64>>) -> bool {
        let Some(b) = bbox else { return false };
        let (x0, y0) = self.xy(Coord {
            x: b.min().x,
            y: b.max().y,
        });
        let (x1, y1) = self.xy(Coord {
            x: b.max().x,
            y: b.min().y,
        });
        x1 >= 0.0 && x0 <= WIDTH && y1 >= 0.0 && y0 <= self.height
    }
}

/// The LKS-92 bounding box of a CRS84 geometry.
fn projected_bounds(g: &Geometry<f64>) -> Option<Rect<f64>> {
    let mut it = g.coords_iter().map(coord_to_lks92);
    let first = it.next()?;
    let (mut lo, mut hi) = (first, first);
    for c in it {
        lo = Coord {
            x: lo.x.min(c.x),
            y: lo.y.min(c.y),
        };
        hi = Coord {
            x: hi.x.max(c.x),
            y: hi.y.max(c.y),
        };
    }
    Some(Rect::new(lo, hi))
}

/// SVG path data of a line string (closed with `Z` when `close`).
fn ring(f: &Frame, ls: &LineString<f64>, close: bool, out: &mut String) {
    let mut last = None;
    for (i, c) in ls.coords().enumerate() {
        let (x, y) = f.xy(*c);
        let p = ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0);
        if last == Some(p) {
            continue;
        }
        let _ = write!(out, "{}{} {}", if i == 0 { "M" } else { "L" }, p.0, p.1);
        last = Some(p);
    }
    if close {
        out.push('Z');
    }
}

fn polygon(f: &Frame, p: &Polygon<f64>, out: &mut String) {
    ring(f, p.exterior(), true, out);
    for r in p.interiors() {
        ring(f, r, true, out);
    }
}

/// SVG path data of the lines and polygons of a geometry (points have none).
fn path_data(f: &Frame, g: &Geometry<f64>) -> String {
    let mut d = String::new();
    match g {
        Geometry::Polygon(p) => polygon(f, p, &mut d),
        Geometry::MultiPolygon(mp) => mp.iter().for_each(|p| polygon(f, p, &mut d)),
        Geometry::LineString(l) => ring(f, l, false, &mut d),
        Geometry::MultiLineString(ml) => ml.iter().for_each(|l| ring(f, l, false, &mut d)),
        Geometry::Line(l) => ring(f, &LineString::from(vec![l.start, l.end]), false, &mut d),
        Geometry::Rect(r) => polygon(f, &r.to_polygon(), &mut d),
        Geometry::Triangle(t) => polygon(f, &t.to_polygon(), &mut d),
        Geometry::GeometryCollection(gc) => {
            for part in gc.iter() {
                d.push_str(&path_data(f, part));
            }
        }
        Geometry::Point(_) | Geometry::MultiPoint(_) => {}
    }
    d
}

/// Text safe inside SVG/HTML.
fn esc(s: &str) -> String {
    super::html::escape(s)
}

/// Draws the map of unit `code` (the territory when `None`) with the sites of the
/// measures `ids` that lie in it.
pub fn draw(cat: &Catalog, code: Option<&str>, ids: &BTreeSet<String>) -> MapFigure {
    let Some(units) = cat.units_layer(Vintage::V2021) else {
        return MapFigure::default();
    };
    let focus: Vec<&Geometry<f64>> = units
        .features
        .iter()
        .filter(|f| {
            f.record
                .unit()
                .is_some_and(|u| u.eastern_border_area && code.is_none_or(|c| u.code == c))
        })
        .map(|f| &f.geometry)
        .collect();
    let Some(bounds) = focus
        .iter()
        .filter_map(|g| projected_bounds(g))
        .reduce(|a, b| {
            Rect::new(
                Coord {
                    x: a.min().x.min(b.min().x),
                    y: a.min().y.min(b.min().y),
                },
                Coord {
                    x: a.max().x.max(b.max().x),
                    y: a.max().y.max(b.max().y),
                },
            )
        })
    else {
        return MapFigure::default();
    };
    let f = Frame::around(bounds);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg class="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {h:.0}" role="img" aria-labelledby="map-title"><title id="map-title">Map of {name}</title><defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="5" stroke="#000" stroke-width="1.2"/></pattern><clipPath id="frame"><rect width="{WIDTH}" height="{h:.0}"/></clipPath></defs><g clip-path="url(#frame)">"##,
        h = f.height,
        name = esc(code.unwrap_or("the plan territory")),
    );
    draw_units(&f, cat, code, &mut svg);
    draw_border(&f, cat, &mut svg);
    let mut fig = draw_marks(&f, cat, code, ids, &mut svg);
    draw_labels(&f, cat, code, &mut svg);
    svg.push_str("</g>");
    draw_furniture(&f, &mut svg);
    svg.push_str("</svg>");
    fig.svg = svg;
    fig
}

/// Units: the focus shaded, the rest of the territory white, units outside it light.
fn draw_units(f: &Frame, cat: &Catalog, code: Option<&str>, svg: &mut String) {
    let Some(units) = cat.units_layer(Vintage::V2021) else {
        return;
    };
    for feat in &units.features {
        let Some(u) = feat.record.unit() else {
            continue;
        };
        if !f.sees(feat.geometry.bounding_rect()) {
            continue;
        }
        let focus = u.eastern_border_area && code.is_none_or(|c| u.code == c);
        let class = match (focus, u.eastern_border_area) {
            (true, _) => "unit focus",
            (false, true) => "unit territory",
            (false, false) => "unit outside",
        };
        let (fill, stroke, width) = match (focus, u.eastern_border_area) {
            (true, _) if code.is_some() => ("#d9d9d9", "#000", 1.6),
            (true, _) => ("#ececec", "#000", 0.9),
            (false, true) => ("#fff", "#555", 0.7),
            (false, false) => ("#f7f7f7", "#999", 0.5),
        };
        let _ = write!(
            svg,
            r##"<path class="{class}" data-code="{}" d="{}" fill="{fill}" stroke="{stroke}" stroke-width="{width}" fill-rule="evenodd" stroke-linejoin="round"/>"##,
            esc(&u.code),
            path_data(f, &feat.geometry)
        );
    }
}

/// The state border: Russia and Belarus heavy, Lithuania and Estonia light.
fn draw_border(f: &Frame, cat: &Catalog, svg: &mut String) {
    let Some(border) = cat.layer("border") else {
        return;
    };
    for feat in &border.features {
        let Some(b) = feat.record.border() else {
            continue;
        };
        if !f.sees(feat.geometry.bounding_rect()) {
            continue;
        }
        let (width, dash) = match b.neighbour {
            Country::RU | Country::BY => (2.6, "9 3 2 3"),
            Country::LT | Country::EE => (1.2, "5 3"),
        };
        let _ = write!(
            svg,
            r##"<path class="border" data-neighbour="{}" d="{}" fill="none" stroke="#000" stroke-width="{width}" stroke-dasharray="{dash}"/>"##,
            b.neighbour.as_str(),
            path_data(f, &feat.geometry)
        );
    }
}

/// The measures' sites in the unit: points as dots (rings at settlement precision),
/// lines as heavy lines, areas hatched. Coarser locations are counted only.
fn draw_marks(
    f: &Frame,
    cat: &Catalog,
    code: Option<&str>,
    ids: &BTreeSet<String>,
    svg: &mut String,
) -> MapFigure {
    let mut fig = MapFigure::default();
    let layers = cat
        .layers
        .iter()
        .filter(|l| l.group == LayerGroup::Measures);
    for feat in layers.flat_map(|l| l.features.iter()) {
        let Record::MeasureLocation(r) = &feat.record else {
            continue;
        };
        let ours = ids.contains(r.measure.id.as_str())
            && code.is_none_or(|c| r.municipalities.iter().any(|m| m == c));
        if !ours {
            continue;
        }
        if r.precision >= Precision::Municipality {
            fig.coarse += usize::from(r.site_status == SiteStatus::Site);
            continue;
        }
        if !f.sees(feat.geometry.bounding_rect()) {
            continue;
        }
        if fig.drawn >= MAX_MARKS {
            fig.over_cap += 1;
            continue;
        }
        match r.site_status {
            SiteStatus::Site => fig.drawn += 1,
            SiteStatus::Candidate => fig.candidates += 1,
        }
        mark(f, feat, r, svg);
    }
    fig
}

fn mark(
    f: &Frame,
    feat: &crate::index::Feature,
    r: &crate::index::LocationRecord,
    svg: &mut String,
) {
    let attrs = format!(
        r##"data-id="{}" data-measure="{}" data-precision="{}""##,
        esc(&feat.id),
        esc(&r.measure.id),
        r.precision.as_str()
    );
    let title = format!(
        "<title>{} · {}</title>",
        esc(&r.measure.id),
        esc(r.place_name.as_deref().unwrap_or(&r.measure.title_en))
    );
    let settlement = r.precision == Precision::Settlement;
    if r.site_status == SiteStatus::Candidate {
        candidate(f, feat, &attrs, &title, svg);
        return;
    }
    match &feat.geometry {
        Geometry::Point(_) | Geometry::MultiPoint(_) => {
            for c in feat.geometry.coords_iter() {
                let (x, y) = f.xy(c);
                let (rad, fill, width) = if settlement {
                    (4.2, "#fff", 1.4)
                } else {
                    (3.2, "#000", 0.9)
                };
                let stroke = if settlement { "#000" } else { "#fff" };
                let _ = write!(
                    svg,
                    r##"<circle class="site" {attrs} cx="{x:.1}" cy="{y:.1}" r="{rad}" fill="{fill}" stroke="{stroke}" stroke-width="{width}">{title}</circle>"##
                );
            }
        }
        g @ (Geometry::LineString(_) | Geometry::MultiLineString(_) | Geometry::Line(_)) => {
            let _ = write!(
                svg,
                r##"<path class="site line" {attrs} d="{}" fill="none" stroke="#000" stroke-width="2.4" stroke-linecap="round">{title}</path>"##,
                path_data(f, g)
            );
        }
        g => {
            let _ = write!(
                svg,
                r##"<path class="site area" {attrs} d="{}" fill="url(#hatch)" stroke="#000" stroke-width="0.9" fill-rule="evenodd">{title}</path>"##,
                path_data(f, g)
            );
        }
    }
}

/// A candidate place: a hollow diamond, or a dashed outline for a line or an area.
fn candidate(f: &Frame, feat: &crate::index::Feature, attrs: &str, title: &str, svg: &mut String) {
    match &feat.geometry {
        Geometry::Point(_) | Geometry::MultiPoint(_) => {
            for c in feat.geometry.coords_iter() {
                let (x, y) = f.xy(c);
                let _ = write!(
                    svg,
                    r##"<path class="candidate" {attrs} d="M{x:.1} {t:.1}L{r:.1} {y:.1}L{x:.1} {b:.1}L{l:.1} {y:.1}Z" fill="#fff" stroke="#000" stroke-width="1.2">{title}</path>"##,
                    t = y - 4.5,
                    b = y + 4.5,
                    l = x - 4.5,
                    r = x + 4.5,
                );
            }
        }
        g => {
            let _ = write!(
                svg,
                r##"<path class="candidate" {attrs} d="{}" fill="none" stroke="#000" stroke-width="1.2" stroke-dasharray="3 2">{title}</path>"##,
                path_data(f, g)
            );
        }
    }
}

/// Unit names at an interior point, white-haloed; the focus in bold.
fn draw_labels(f: &Frame, cat: &Catalog, code: Option<&str>, svg: &mut String) {
    let Some(units) = cat.units_layer(Vintage::V2021) else {
        return;
    };
    for feat in &units.features {
        let Some(u) = feat.record.unit() else {
            continue;
        };
        if !(u.eastern_border_area || code.is_some()) || !f.sees(feat.geometry.bounding_rect()) {
            continue;
        }
        let Some(mut xy) = label_point(f, &feat.geometry, u.eastern_border_area) else {
            continue;
        };
        let focus = u.eastern_border_area && code.is_some_and(|c| u.code == c);
        let (size, weight, fill) = match (focus, u.eastern_border_area) {
            (true, _) => (13, "bold", "#000"),
            (false, true) => (10, "normal", "#000"),
            (false, false) => (9, "normal", "#555"),
        };
        // Kept inside the frame: about 0.55 em per character of DejaVu Sans.
        let half = u.name_lv.chars().count() as f64 * f64::from(size) * 0.55 / 2.0 + 3.0;
        xy.0 =
            xy.0.clamp(half.min(WIDTH / 2.0), (WIDTH - half).max(WIDTH / 2.0));
        let _ = write!(
            svg,
            r##"<text class="label" x="{:.1}" y="{:.1}" font-size="{size}" font-weight="{weight}" fill="{fill}" text-anchor="middle" stroke="#fff" stroke-width="3" paint-order="stroke" stroke-linejoin="round">{}</text>"##,
            xy.0,
            xy.1,
            esc(&u.name_lv)
        );
    }
}

/// Where a unit's name goes: a point inside the part of the unit the drawing shows
/// (a unit around a state city may have its own centre out of the frame), or `None`
/// when too little of it shows to hold a name.
fn label_point(f: &Frame, g: &Geometry<f64>, in_territory: bool) -> Option<(f64, f64)> {
    let mp = match g {
        Geometry::MultiPolygon(mp) => mp.clone(),
        Geometry::Polygon(p) => MultiPolygon::new(vec![p.clone()]),
        _ => return None,
    };
    let shown = geometry_to_lks92(&mp).intersection(&f.extent_m());
    let frame_m2 = WIDTH * f.height / (f.scale * f.scale);
    let share = MIN_LABEL_SHARE[usize::from(!in_territory)];
    if shown.unsigned_area() < share * frame_m2 {
        return None;
    }
    let p = shown.interior_point()?;
    Some(f.px(p.0))
}

/// A round length for a scale bar of about a fifth of the drawing, in metres.
fn scale_length_m(scale: f64) -> f64 {
    let target = WIDTH / 5.0 / scale;
    let magnitude = 10f64.powf(target.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * magnitude)
        .find(|&l| l <= target)
        .unwrap_or(magnitude)
}

/// Scale bar (bottom left), north arrow (top right), the frame.
fn draw_furniture(f: &Frame, svg: &mut String) {
    let len_m = scale_length_m(f.scale);
    let len = len_m * f.scale;
    let (x, y) = (14.0, f.height - 16.0);
    let km = super::changes::number(len_m / 1000.0);
    let _ = write!(
        svg,
        r##"<g class="scale" font-size="10"><rect x="{x}" y="{y}" width="{half:.1}" height="5" fill="#000"/><rect x="{mid:.1}" y="{y}" width="{half:.1}" height="5" fill="#fff" stroke="#000" stroke-width="0.8"/><text x="{x}" y="{ty}" stroke="#fff" stroke-width="3" paint-order="stroke">0</text><text x="{end:.1}" y="{ty}" text-anchor="middle" stroke="#fff" stroke-width="3" paint-order="stroke">{km} km</text></g>"##,
        half = len / 2.0,
        mid = x + len / 2.0,
        end = x + len,
        ty = y - 3.0,
    );
    let nx = WIDTH - 22.0;
    let _ = write!(
        svg,
        r##"<g class="north" font-size="11" font-weight="bold"><path d="M{nx} 12 L{l} 32 L{nx} 27 L{r} 32 Z" fill="#000"/><text x="{nx}" y="45" text-anchor="middle">N</text></g><rect width="{WIDTH}" height="{h:.0}" fill="none" stroke="#000" stroke-width="1"/>"##,
        l = nx - 7.0,
        r = nx + 7.0,
        h = f.height,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_bar_is_a_round_length() {
        // 1 px = 100 m: a fifth of 640 px is 12.8 km → 10 km.
        assert_eq!(scale_length_m(0.01), 10_000.0);
        // 1 px = 400 m: 51.2 km → 50 km.
        assert_eq!(scale_length_m(0.0025), 50_000.0);
        assert_eq!(scale_length_m(0.02), 5_000.0);
    }

    #[test]
    fn a_frame_keeps_north_up_and_the_unit_inside() {
        let r = Rect::new(
            Coord {
                x: 600_000.0,
                y: 250_000.0,
            },
            Coord {
                x: 700_000.0,
                y: 300_000.0,
            },
        );
        let f = Frame::around(r);
        assert!(f.height >= WIDTH * MIN_ASPECT && f.height <= WIDTH * MAX_ASPECT);
        let north = f.xy(crate::geom::lks92::coord_from_lks92(Coord {
            x: 650_000.0,
            y: 299_000.0,
        }));
        let south = f.xy(crate::geom::lks92::coord_from_lks92(Coord {
            x: 650_000.0,
            y: 251_000.0,
        }));
        assert!(north.1 < south.1);
        for (x, y) in [north, south] {
            assert!((0.0..=WIDTH).contains(&x) && (0.0..=f.height).contains(&y));
        }
    }
}
