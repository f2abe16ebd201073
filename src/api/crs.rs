//! OGC API – Features Part 2, "Coordinate Reference Systems by Reference": `crs` on
//! items and item, `bbox-crs` on items, the `Content-Crs` header, and the CRS lists
//! of the collections.
//!
//! Three CRSs are offered, each with the axis order its authority gives it (Part 2,
//! /req/crs/crs-axis-order): OGC CRS84 (longitude, latitude; the default and what is
//! stored), EPSG:4326 (latitude, longitude) and LKS-92 / Latvia TM, EPSG:3059
//! (northing, easting, metres: the EPSG definition's axis order, which GDAL and PROJ
//! follow). A position is first rounded as CRS84 is served (6 decimals), then
//! projected with the crate's Krüger series (`geom::lks92`, checked against PROJ to
//! 0.1 mm) and written at 0.1 mm, so an answer in EPSG:3059 is the projection of the
//! CRS84 answer, never of finer stored data: a restricted site keeps its public
//! precision in every CRS.

use std::borrow::Cow;

use axum::http::{HeaderName, HeaderValue};
use geo::{coord, Coord, Geometry, MapCoords, Rect};
use serde_json::Value;

use super::params::{self, Query};
use super::view::DataView;
use super::ApiError;
use crate::geom::lks92::coord_to_lks92;
use crate::geom::round::round6;
use crate::index::geojson::{feature_value, geometry_json};
use crate::index::source::BoxArea;
use crate::index::Layer;

/// OGC CRS84: longitude, latitude (WGS 84).
pub const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
/// EPSG:4326: latitude, longitude (WGS 84).
pub const EPSG_4326: &str = "http://www.opengis.net/def/crs/EPSG/0/4326";
/// EPSG:3059, LKS-92 / Latvia TM: northing, easting in metres.
pub const EPSG_3059: &str = "http://www.opengis.net/def/crs/EPSG/0/3059";
/// The header naming the CRS of an answer's coordinates.
pub const CONTENT_CRS: HeaderName = HeaderName::from_static("content-crs");
/// Every CRS a collection is served in, the default first.
pub const SUPPORTED: [&str; 3] = [CRS84, EPSG_4326, EPSG_3059];

/// The CRS of coordinates in a request or an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServedCrs {
    #[default]
    Crs84,
    Epsg4326,
    Lks92,
}

impl ServedCrs {
    /// The CRS a parameter names (a URI, a safe CURIE `[EPSG:3059]` or `EPSG:3059`);
    /// CRS84 when absent; a 400 naming the parameter for anything else.
    pub fn param(q: &Query, name: &str) -> Result<ServedCrs, ApiError> {
        match q.get(name) {
            None => Ok(ServedCrs::Crs84),
            Some(v) => ServedCrs::parse(v).ok_or_else(|| {
                ApiError::param(
                    name,
                    format!("`{v}` is not offered; one of {}", SUPPORTED.join(", ")),
                )
            }),
        }
    }

    fn parse(v: &str) -> Option<ServedCrs> {
        let v = v.trim();
        let curie = v.strip_prefix('[').and_then(|s| s.strip_suffix(']'));
        match curie.unwrap_or(v).to_ascii_uppercase().as_str() {
            "OGC:CRS84" | "CRS84" => Some(ServedCrs::Crs84),
            "EPSG:4326" => Some(ServedCrs::Epsg4326),
            "EPSG:3059" => Some(ServedCrs::Lks92),
            _ if curie.is_some() => None,
            _ => SUPPORTED
                .iter()
                .position(|u| u.eq_ignore_ascii_case(v) || equal_http(u, v))
                .map(|i| [ServedCrs::Crs84, ServedCrs::Epsg4326, ServedCrs::Lks92][i]),
        }
    }

    /// The CRS's URI.
    pub fn uri(self) -> &'static str {
        match self {
            ServedCrs::Crs84 => CRS84,
            ServedCrs::Epsg4326 => EPSG_4326,
            ServedCrs::Lks92 => EPSG_3059,
        }
    }

    /// The `Content-Crs` header's value: the URI in angle brackets.
    pub fn content_crs(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            ServedCrs::Crs84 => "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>",
            ServedCrs::Epsg4326 => "<http://www.opengis.net/def/crs/EPSG/0/4326>",
            ServedCrs::Lks92 => "<http://www.opengis.net/def/crs/EPSG/0/3059>",
        })
    }

    /// A served (CRS84) position in this CRS, in its axis order.
    pub fn position(self, lonlat: Coord<f64>) -> Coord<f64> {
        let c = coord! { x: round6(lonlat.x), y: round6(lonlat.y) };
        match self {
            ServedCrs::Crs84 => c,
            ServedCrs::Epsg4326 => coord! { x: c.y, y: c.x },
            ServedCrs::Lks92 => {
                let en = coord_to_lks92(c);
                coord! { x: round4(en.y), y: round4(en.x) }
            }
        }
    }

    /// A served (CRS84) geometry in this CRS.
    pub fn geometry(self, g: &Geometry<f64>) -> Geometry<f64> {
        g.map_coords(|c| self.position(c))
    }

    /// Puts feature `fid` of `l`'s served geometry, in this CRS, into its GeoJSON.
    pub fn reproject(self, feature: &mut Value, l: &Layer, fid: &str) {
        if self == ServedCrs::Crs84 {
            return;
        }
        if let Some((_, f)) = l.feature(fid) {
            feature["geometry"] = geometry_json(&self.geometry(&f.geometry));
        }
    }

    /// The GeoJSON text of feature `i` of `l` in this CRS: the view's kept text in
    /// CRS84, otherwise written anew from the same served geometry.
    pub fn feature_text<'a>(self, v: &'a DataView, l: &Layer, i: usize) -> Cow<'a, str> {
        match (self, l.features.get(i)) {
            (ServedCrs::Crs84, _) | (_, None) => Cow::Borrowed(v.feature_text(l, i)),
            (_, Some(f)) => Cow::Owned(
                feature_value(
                    &f.id,
                    Some(&self.geometry(&f.geometry)),
                    f.properties().clone(),
                )
                .to_string(),
            ),
        }
    }
}

/// `http` and `https` spellings of the same opengis.net URI.
fn equal_http(uri: &str, v: &str) -> bool {
    let tail = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .map(str::to_string)
    };
    tail(uri).is_some() && tail(uri) == tail(v)
}

/// Metres at 0.1 mm.
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// `bbox` read in the CRS `bbox-crs` names (CRS84 by default), in that CRS's axis
/// order; `None` without a `bbox`.
pub fn bbox(q: &Query) -> Result<Option<BoxArea>, ApiError> {
    let crs = ServedCrs::param(q, "bbox-crs")?;
    let Some(s) = q.get("bbox") else {
        return Ok(None);
    };
    let [a, b, c, d] = params::bbox_corners(s)?;
    Ok(Some(match crs {
        ServedCrs::Crs84 => BoxArea::Crs84(params::lonlat_boxes([a, b, c, d])?),
        ServedCrs::Epsg4326 => BoxArea::Crs84(params::lonlat_boxes([b, a, d, c])?),
        ServedCrs::Lks92 => BoxArea::Lks92(lks92_box([a, b, c, d])?),
    }))
}

/// minN,minE,maxN,maxE (EPSG:3059's axis order) as an easting/northing rectangle.
fn lks92_box([n0, e0, n1, e1]: [f64; 4]) -> Result<Rect<f64>, ApiError> {
    if n0 > n1 || e0 > e1 {
        return Err(ApiError::param(
            "bbox",
            "with bbox-crs EPSG:3059 the order is minNorthing,minEasting,maxNorthing,maxEasting; a minimum exceeds its maximum",
        ));
    }
    Ok(Rect::new(coord! { x: e0, y: n0 }, coord! { x: e1, y: n1 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(k: &str, v: &str) -> Query {
        Query::from([(k.to_string(), v.to_string())])
    }

    #[test]
    fn names_of_the_offered_crs_parse_and_others_are_refused() {
        for (v, want) in [
            (CRS84, ServedCrs::Crs84),
            ("[OGC:CRS84]", ServedCrs::Crs84),
            (
                "https://www.opengis.net/def/crs/EPSG/0/4326",
                ServedCrs::Epsg4326,
            ),
            (EPSG_3059, ServedCrs::Lks92),
            ("[EPSG:3059]", ServedCrs::Lks92),
            ("epsg:3059", ServedCrs::Lks92),
        ] {
            assert_eq!(ServedCrs::param(&q("crs", v), "crs").unwrap(), want, "{v}");
        }
        for bad in [
            "http://www.opengis.net/def/crs/EPSG/0/3857",
            "[EPSG:4326",
            "",
            "http://",
        ] {
            let e = ServedCrs::param(&q("crs", bad), "crs").unwrap_err();
            assert!(format!("{e:?}").contains("crs"), "{bad}: {e:?}");
        }
    }

    #[test]
    fn axis_orders_follow_the_authorities() {
        let p = coord! { x: 27.330_800_4, y: 56.506_7 };
        let lat_lon = ServedCrs::Epsg4326.position(p);
        assert_eq!((lat_lon.x, lat_lon.y), (56.5067, 27.3308));
        // Northing first, at 0.1 mm: PROJ 9's `cs2cs EPSG:4326 EPSG:3059` of the
        // served (6-decimal) position gives E 704,963.4921, N 267,446.8654.
        let ne = ServedCrs::Lks92.position(p);
        assert!((ne.x - 267_446.865_4).abs() < 2e-4, "northing {}", ne.x);
        assert!((ne.y - 704_963.492_1).abs() < 2e-4, "easting {}", ne.y);
    }

    #[test]
    fn an_lks92_box_is_read_northing_first() {
        let mut query = q("bbox", "250000,650000,260000,660000");
        query.insert("bbox-crs".into(), EPSG_3059.into());
        let Some(BoxArea::Lks92(r)) = bbox(&query).unwrap() else {
            panic!("an LKS-92 box");
        };
        assert_eq!((r.min().x, r.min().y), (650_000.0, 250_000.0));
        query.insert("bbox".into(), "260000,650000,250000,660000".into());
        assert!(bbox(&query).is_err());
    }

    #[test]
    fn an_epsg_4326_box_is_read_latitude_first() {
        let mut query = q("bbox", "56.0,26.0,57.0,28.0");
        query.insert("bbox-crs".into(), EPSG_4326.into());
        let Some(BoxArea::Crs84(r)) = bbox(&query).unwrap() else {
            panic!("a CRS84 box");
        };
        assert_eq!((r[0].min().x, r[0].min().y), (26.0, 56.0));
    }
}
