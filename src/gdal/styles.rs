//! QGIS styles for the GeoPackage's `layer_styles` table, drawn like the web map
//! (web/src/layers.js): units as outlines, the plan territory as a bold outline,
//! the border red towards Russia and Belarus, points as circles, measure
//! locations known only to a unit hatched in the kind's colour.
//!
//! Each style is written twice: QML (what QGIS loads by default) and SLD 1.1.

use std::fmt::Write as _;

use crate::index::{Catalog, GeomClass, Layer, LayerGroup};

/// The web map's qualitative palette, one colour per measure kind in catalog order.
const PALETTE: [&str; 14] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7a4f9e", "#a6761d",
    "#1b9e77", "#e7298a", "#66a61e", "#6a3d9a", "#b15928", "#1f78b4",
];

/// One way of drawing a feature; widths and sizes in screen pixels, as on the web map.
#[derive(Debug, Clone, PartialEq)]
pub enum Symbol {
    /// A polygon outline without fill.
    Outline {
        colour: String,
        width_px: f64,
        dashed: bool,
    },
    /// A line.
    Line {
        colour: String,
        width_px: f64,
        dashed: bool,
    },
    /// A circle marker.
    Circle {
        fill: String,
        fill_opacity: f64,
        stroke: String,
        stroke_px: f64,
        diameter_px: f64,
    },
    /// A polygon hatched with 45° lines and outlined, both in one colour.
    Hatch { colour: String },
}

/// A layer's style: one symbol, or one per value of an attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// The attribute the categories are keyed on; `None` for a single symbol.
    pub attribute: Option<&'static str>,
    /// `(value, label, symbol)`; a single-symbol style has one entry with an empty value.
    pub entries: Vec<(String, String, Symbol)>,
}

impl Style {
    fn single(label: &str, symbol: Symbol) -> Style {
        Style {
            attribute: None,
            entries: vec![(String::new(), label.to_string(), symbol)],
        }
    }
}

/// The colour of a measure layer: the palette entry of its kind.
fn kind_colour(catalog: &Catalog, layer: &Layer) -> String {
    let kind_of = |id: &str| {
        ["_points", "_lines", "_areas"]
            .iter()
            .find_map(|s| id.strip_suffix(s))
            .unwrap_or(id)
            .to_string()
    };
    let mut kinds: Vec<String> = catalog
        .layers
        .iter()
        .filter(|l| l.group == LayerGroup::Measures)
        .map(|l| kind_of(&l.id))
        .collect();
    kinds.dedup();
    let i = kinds
        .iter()
        .position(|k| *k == kind_of(&layer.id))
        .unwrap_or(0);
    PALETTE[i % PALETTE.len()].to_string()
}

/// The style of a layer, by the same roles as the web map.
pub fn style_for(catalog: &Catalog, layer: &Layer) -> Style {
    let outline = |colour: &str, width_px: f64, dashed: bool| Symbol::Outline {
        colour: colour.into(),
        width_px,
        dashed,
    };
    match layer.id.as_str() {
        "municipalities_2021" => Style::single("Municipality", outline("#555555", 1.0, false)),
        "municipalities_current" => {
            Style::single("Municipality (current)", outline("#222222", 1.2, true))
        }
        "plan_territory" => Style::single("Plan territory", outline("#111111", 3.5, false)),
        "border" => {
            let line = |colour: &str, width_px: f64, dashed: bool| Symbol::Line {
                colour: colour.into(),
                width_px,
                dashed,
            };
            Style {
                attribute: Some("neighbour"),
                entries: vec![
                    ("RU".into(), "Russia".into(), line("#c00000", 4.0, false)),
                    ("BY".into(), "Belarus".into(), line("#c00000", 4.0, false)),
                    ("LT".into(), "Lithuania".into(), line("#777777", 2.0, true)),
                    ("EE".into(), "Estonia".into(), line("#777777", 2.0, true)),
                ],
            }
        }
        "settlements" => Style::single(
            "Settlement",
            Symbol::Circle {
                fill: "#666666".into(),
                fill_opacity: 0.7,
                stroke: "#444444".into(),
                stroke_px: 0.5,
                diameter_px: 6.0,
            },
        ),
        "border_crossings" => Style::single(
            "Border crossing",
            Symbol::Circle {
                fill: "#ffffff".into(),
                fill_opacity: 1.0,
                stroke: "#111111".into(),
                stroke_px: 2.0,
                diameter_px: 10.0,
            },
        ),
        _ => {
            let colour = kind_colour(catalog, layer);
            match layer.class {
                GeomClass::Areas => Style::single(&layer.title, Symbol::Hatch { colour }),
                GeomClass::Lines => Style::single(
                    &layer.title,
                    Symbol::Line {
                        colour,
                        width_px: 3.0,
                        dashed: false,
                    },
                ),
                // Exact sites solid, settlement-precision points (a town, not the site) pale.
                GeomClass::Points => Style {
                    attribute: Some("precision"),
                    entries: vec![
                        (
                            "exact".into(),
                            "Exact site".into(),
                            Symbol::Circle {
                                fill: colour.clone(),
                                fill_opacity: 0.95,
                                stroke: "#ffffff".into(),
                                stroke_px: 1.5,
                                diameter_px: 12.0,
                            },
                        ),
                        (
                            "settlement".into(),
                            "Settlement (site somewhere in it)".into(),
                            Symbol::Circle {
                                fill: colour.clone(),
                                fill_opacity: 0.35,
                                stroke: colour,
                                stroke_px: 2.5,
                                diameter_px: 12.0,
                            },
                        ),
                    ],
                },
            }
        }
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `#rrggbb` and an opacity as QGIS's `r,g,b,a`.
fn qgis_rgba(hex: &str, opacity: f64) -> String {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    let a = (opacity.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("{},{},{},{a}", c(0), c(2), c(4))
}

fn options(out: &mut String, opts: &[(&str, String)]) {
    out.push_str("<Option type=\"Map\">");
    for (k, v) in opts {
        let _ = write!(
            out,
            "<Option name=\"{k}\" type=\"QString\" value=\"{}\"/>",
            xml_escape(v)
        );
    }
    out.push_str("</Option>");
}

fn line_layer(out: &mut String, colour: &str, width_px: f64, dashed: bool) {
    out.push_str("<layer class=\"SimpleLine\" enabled=\"1\" pass=\"0\" locked=\"0\">");
    options(
        out,
        &[
            ("line_color", qgis_rgba(colour, 1.0)),
            ("line_width", width_px.to_string()),
            ("line_width_unit", "Pixel".into()),
            ("line_style", if dashed { "dash" } else { "solid" }.into()),
            ("capstyle", "round".into()),
            ("joinstyle", "round".into()),
        ],
    );
    out.push_str("</layer>");
}

fn qml_symbol(out: &mut String, name: &str, symbol: &Symbol) {
    let kind = match symbol {
        Symbol::Outline { .. } | Symbol::Hatch { .. } => "fill",
        Symbol::Line { .. } => "line",
        Symbol::Circle { .. } => "marker",
    };
    let _ = write!(
        out,
        "<symbol type=\"{kind}\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
    );
    match symbol {
        Symbol::Outline {
            colour,
            width_px,
            dashed,
        } => {
            out.push_str("<layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">");
            options(
                out,
                &[
                    ("color", "0,0,0,0".into()),
                    ("style", "no".into()),
                    ("outline_color", qgis_rgba(colour, 1.0)),
                    ("outline_width", width_px.to_string()),
                    ("outline_width_unit", "Pixel".into()),
                    (
                        "outline_style",
                        if *dashed { "dash" } else { "solid" }.into(),
                    ),
                ],
            );
            out.push_str("</layer>");
        }
        Symbol::Line {
            colour,
            width_px,
            dashed,
        } => line_layer(out, colour, *width_px, *dashed),
        Symbol::Circle {
            fill,
            fill_opacity,
            stroke,
            stroke_px,
            diameter_px,
        } => {
            out.push_str("<layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\">");
            options(
                out,
                &[
                    ("name", "circle".into()),
                    ("color", qgis_rgba(fill, *fill_opacity)),
                    ("outline_color", qgis_rgba(stroke, 1.0)),
                    ("outline_width", stroke_px.to_string()),
                    ("outline_width_unit", "Pixel".into()),
                    ("outline_style", "solid".into()),
                    ("size", diameter_px.to_string()),
                    ("size_unit", "Pixel".into()),
                ],
            );
            out.push_str("</layer>");
        }
        Symbol::Hatch { colour } => {
            out.push_str("<layer class=\"LinePatternFill\" enabled=\"1\" pass=\"0\" locked=\"0\">");
            options(
                out,
                &[
                    ("angle", "45".into()),
                    ("distance", "8".into()),
                    ("distance_unit", "Pixel".into()),
                    ("line_width", "2.5".into()),
                    ("line_width_unit", "Pixel".into()),
                    ("color", qgis_rgba(colour, 1.0)),
                ],
            );
            let _ = write!(
                out,
                "<symbol type=\"line\" name=\"@{name}@0\" alpha=\"0.9\" clip_to_extent=\"1\" force_rhr=\"0\">"
            );
            line_layer(out, colour, 2.5, false);
            out.push_str("</symbol></layer>");
            qml_symbol_outline_layer(out, colour);
        }
    }
    out.push_str("</symbol>");
}

fn qml_symbol_outline_layer(out: &mut String, colour: &str) {
    out.push_str("<layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">");
    options(
        out,
        &[
            ("color", "0,0,0,0".into()),
            ("style", "no".into()),
            ("outline_color", qgis_rgba(colour, 1.0)),
            ("outline_width", "1.5".into()),
            ("outline_width_unit", "Pixel".into()),
            ("outline_style", "solid".into()),
        ],
    );
    out.push_str("</layer>");
}

/// The style as a QGIS QML document (symbology only).
pub fn qml(style: &Style) -> String {
    let mut out = String::from(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.28.0\" styleCategories=\"Symbology\">",
    );
    match style.attribute {
        None => {
            out.push_str("<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><symbols>");
            if let Some((_, _, s)) = style.entries.first() {
                qml_symbol(&mut out, "0", s);
            }
            out.push_str("</symbols></renderer-v2>");
        }
        Some(attr) => {
            let _ = write!(
                out,
                "<renderer-v2 type=\"categorizedSymbol\" attr=\"{}\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><categories>",
                xml_escape(attr)
            );
            for (i, (value, label, _)) in style.entries.iter().enumerate() {
                let _ = write!(
                    out,
                    "<category render=\"true\" symbol=\"{i}\" value=\"{}\" label=\"{}\"/>",
                    xml_escape(value),
                    xml_escape(label)
                );
            }
            out.push_str("</categories><symbols>");
            for (i, (_, _, s)) in style.entries.iter().enumerate() {
                qml_symbol(&mut out, &i.to_string(), s);
            }
            out.push_str("</symbols></renderer-v2>");
        }
    }
    out.push_str("<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode><layerOpacity>1</layerOpacity></qgis>\n");
    out
}

fn sld_param(out: &mut String, name: &str, value: impl std::fmt::Display) {
    let _ = write!(
        out,
        "<se:SvgParameter name=\"{name}\">{value}</se:SvgParameter>"
    );
}

fn sld_stroke(out: &mut String, colour: &str, width_px: f64, dashed: bool) {
    out.push_str("<se:Stroke>");
    sld_param(out, "stroke", colour);
    sld_param(out, "stroke-width", width_px);
    sld_param(out, "stroke-linejoin", "round");
    if dashed {
        sld_param(out, "stroke-dasharray", "6 4");
    }
    out.push_str("</se:Stroke>");
}

fn sld_symbolizer(out: &mut String, symbol: &Symbol) {
    match symbol {
        Symbol::Outline {
            colour,
            width_px,
            dashed,
        } => {
            out.push_str("<se:PolygonSymbolizer>");
            sld_stroke(out, colour, *width_px, *dashed);
            out.push_str("</se:PolygonSymbolizer>");
        }
        Symbol::Line {
            colour,
            width_px,
            dashed,
        } => {
            out.push_str("<se:LineSymbolizer>");
            sld_stroke(out, colour, *width_px, *dashed);
            out.push_str("</se:LineSymbolizer>");
        }
        Symbol::Circle {
            fill,
            fill_opacity,
            stroke,
            stroke_px,
            diameter_px,
        } => {
            out.push_str("<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName><se:Fill>");
            sld_param(out, "fill", fill);
            sld_param(out, "fill-opacity", fill_opacity);
            out.push_str("</se:Fill>");
            sld_stroke(out, stroke, *stroke_px, false);
            let _ = write!(
                out,
                "</se:Mark><se:Size>{diameter_px}</se:Size></se:Graphic></se:PointSymbolizer>"
            );
        }
        Symbol::Hatch { colour } => {
            out.push_str("<se:PolygonSymbolizer><se:Fill><se:GraphicFill><se:Graphic><se:Mark><se:WellKnownName>slash</se:WellKnownName>");
            sld_stroke(out, colour, 2.5, false);
            out.push_str("</se:Mark><se:Size>8</se:Size></se:Graphic></se:GraphicFill></se:Fill>");
            sld_stroke(out, colour, 1.5, false);
            out.push_str("</se:PolygonSymbolizer>");
        }
    }
}

/// The style as an SLD 1.1 (Symbology Encoding) document.
pub fn sld(layer_name: &str, style: &Style) -> String {
    let name = xml_escape(layer_name);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<StyledLayerDescriptor version=\"1.1.0\" xmlns=\"http://www.opengis.net/sld\" xmlns:se=\"http://www.opengis.net/se\" xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\"><NamedLayer><se:Name>{name}</se:Name><UserStyle><se:Name>{name}</se:Name><se:FeatureTypeStyle>"
    );
    for (value, label, symbol) in &style.entries {
        let _ = write!(out, "<se:Rule><se:Name>{}</se:Name>", xml_escape(label));
        if let Some(attr) = style.attribute {
            let _ = write!(
                out,
                "<ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>{}</ogc:PropertyName><ogc:Literal>{}</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>",
                xml_escape(attr),
                xml_escape(value)
            );
        }
        sld_symbolizer(&mut out, symbol);
        out.push_str("</se:Rule>");
    }
    out.push_str("</se:FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_become_qgis_rgba() {
        assert_eq!(qgis_rgba("#c00000", 1.0), "192,0,0,255");
        assert_eq!(qgis_rgba("#ffffff", 0.0), "255,255,255,0");
    }

    #[test]
    fn border_is_red_towards_russia_and_belarus() {
        let s = Style {
            attribute: Some("neighbour"),
            entries: vec![(
                "RU".into(),
                "Russia".into(),
                Symbol::Line {
                    colour: "#c00000".into(),
                    width_px: 4.0,
                    dashed: false,
                },
            )],
        };
        let q = qml(&s);
        assert!(q.contains("categorizedSymbol"));
        assert!(q.contains("value=\"192,0,0,255\""));
        assert!(sld("border", &s).contains("<ogc:Literal>RU</ogc:Literal>"));
    }
}
