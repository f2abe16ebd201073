//! What is near a place: k nearest, within a radius, and the unit containing it.

use geo::{Distance, Euclidean, Geodesic, Geometry, Point};
use serde::Serialize;

use super::AnalysisError;
use crate::geom::lks92::to_lks92;
use crate::index::spatial::Hit;
use crate::index::{Catalog, Feature, Layer};
use crate::model::{Country, Vintage};

/// A feature found near a point.
#[derive(Debug, Clone, Serialize)]
pub struct Found<'a> {
    #[serde(skip)]
    pub feature: &'a Feature,
    pub id: &'a str,
    /// Metres: geodesic (WGS 84) to a point feature, LKS-92 planar to a line or area
    /// (0 inside an area).
    pub distance_m: f64,
    /// `geodesic` or `lks92_planar`.
    pub distance_method: &'static str,
}

/// The query point in LKS-92.
fn metric(lon: f64, lat: f64) -> Point<f64> {
    let (x, y) = to_lks92(lon, lat);
    Point::new(x, y)
}

fn layer<'a>(cat: &'a Catalog, id: &str) -> Result<&'a Layer, AnalysisError> {
    cat.layer(id)
        .ok_or_else(|| AnalysisError::UnknownLayer(id.to_string()))
}

/// Refines a planar hit to a geodesic distance where the feature is a point.
fn found<'a>(layer: &'a Layer, lon: f64, lat: f64, hit: Hit) -> Found<'a> {
    let f = &layer.features[hit.feature];
    match &f.geometry {
        Geometry::Point(p) => Found {
            feature: f,
            id: &f.id,
            distance_m: Geodesic.distance(Point::new(lon, lat), *p),
            distance_method: "geodesic",
        },
        _ => Found {
            feature: f,
            id: &f.id,
            distance_m: hit.distance_m,
            distance_method: "lks92_planar",
        },
    }
}

/// The `k` features of a layer nearest to (lon, lat), nearest first.
pub fn nearest<'a>(
    cat: &'a Catalog,
    layer_id: &str,
    lon: f64,
    lat: f64,
    k: usize,
) -> Result<Vec<Found<'a>>, AnalysisError> {
    let layer = layer(cat, layer_id)?;
    // Ask the planar index for a few more than k, then order by the reported
    // (geodesic) distance: the two differ by less than 0.1% in Latvia.
    let extra = (k / 10).max(2);
    let mut out: Vec<Found> = layer
        .index
        .nearest(metric(lon, lat), k + extra)
        .into_iter()
        .map(|h| found(layer, lon, lat, h))
        .collect();
    out.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m).then(a.id.cmp(b.id)));
    out.truncate(k);
    Ok(out)
}

/// Every feature of a layer within `radius_m` of (lon, lat), nearest first.
pub fn within<'a>(
    cat: &'a Catalog,
    layer_id: &str,
    lon: f64,
    lat: f64,
    radius_m: f64,
) -> Result<Vec<Found<'a>>, AnalysisError> {
    let layer = layer(cat, layer_id)?;
    // Planar search with a 0.5% margin, then the exact test on the reported distance.
    let mut out: Vec<Found> = layer
        .index
        .within(metric(lon, lat), radius_m * 1.005 + 1.0)
        .into_iter()
        .map(|h| found(layer, lon, lat, h))
        .filter(|f| f.distance_m <= radius_m)
        .collect();
    out.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m).then(a.id.cmp(b.id)));
    Ok(out)
}

/// A unit as named in a locate answer.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRef {
    pub code: String,
    pub name_lv: String,
    pub name_en: String,
    pub vintage: &'static str,
}

/// Where a point is: its units and its distance to the eastern borders.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
    pub lon: f64,
    pub lat: f64,
    pub in_latvia: bool,
    pub in_plan_territory: bool,
    /// The unit of the plan's vintage (2021–2025).
    pub municipality: Option<UnitRef>,
    /// The unit today.
    pub municipality_current: Option<UnitRef>,
    /// Planar LKS-92 metres to the nearest point of the border with RU and with BY.
    pub distance_to_border_m: BorderDistances,
}

/// Distances to the two eastern neighbours, metres.
#[derive(Debug, Clone, Serialize)]
pub struct BorderDistances {
    #[serde(rename = "RU")]
    pub ru: Option<f64>,
    #[serde(rename = "BY")]
    pub by: Option<f64>,
}

/// The unit of a vintage that contains the LKS-92 point, if any.
pub fn unit_at(cat: &Catalog, vintage: Vintage, p: Point<f64>) -> Option<UnitRef> {
    let layer = cat.units_layer(vintage)?;
    let i = *layer.index.containing(p).first()?;
    let f = &layer.features[i];
    let r = f.record.unit();
    Some(UnitRef {
        code: f.id.clone(),
        name_lv: r.map(|r| r.name_lv.clone()).unwrap_or_default(),
        name_en: r.map(|r| r.name_en.clone()).unwrap_or_default(),
        vintage: vintage.as_str(),
    })
}

/// Planar distance (LKS-92 metres) from a point to the border with one country.
pub fn distance_to_border_m(cat: &Catalog, country: Country, p: Point<f64>) -> Option<f64> {
    let layer = cat.layer("border")?;
    layer
        .features
        .iter()
        .enumerate()
        .filter(|(_, f)| f.record.border().is_some_and(|b| b.neighbour == country))
        .map(|(i, _)| Euclidean.distance(&p, layer.index.projected(i)))
        .min_by(f64::total_cmp)
}

/// The units containing (lon, lat) and its distance to the RU and BY borders.
pub fn locate(cat: &Catalog, lon: f64, lat: f64) -> Located {
    let p = metric(lon, lat);
    let municipality = unit_at(cat, Vintage::V2021, p);
    let municipality_current = unit_at(cat, Vintage::Current, p);
    let in_plan_territory = cat
        .layer("plan_territory")
        .map(|l| !l.index.containing(p).is_empty())
        .unwrap_or(false);
    Located {
        lon,
        lat,
        in_latvia: municipality.is_some() || municipality_current.is_some(),
        in_plan_territory,
        municipality,
        municipality_current,
        distance_to_border_m: BorderDistances {
            ru: distance_to_border_m(cat, Country::RU, p).map(|d| d.round()),
            by: distance_to_border_m(cat, Country::BY, p).map(|d| d.round()),
        },
    }
}
