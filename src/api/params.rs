//! Query-string parsing with errors that name the parameter and say why.

use std::collections::HashMap;

use geo::{coord, Rect};

use super::ApiError;
use crate::model::Vintage;

/// The raw query string as key → value (the last value of a repeated key wins).
pub type Query = HashMap<String, String>;

/// Rejects any key not in `known` (and not accepted by `extra`).
pub fn reject_unknown(
    q: &Query,
    known: &[&str],
    extra: impl Fn(&str) -> bool,
) -> Result<(), ApiError> {
    let mut keys: Vec<&String> = q.keys().collect();
    keys.sort();
    for k in keys {
        if !known.contains(&k.as_str()) && !extra(k) {
            let takes = if known.is_empty() {
                "no parameter".to_string()
            } else {
                known.join(", ")
            };
            return Err(ApiError::param(
                k.clone(),
                format!("unknown parameter; this endpoint takes {takes}"),
            ));
        }
    }
    Ok(())
}

/// A finite float.
pub fn float(q: &Query, name: &str) -> Result<Option<f64>, ApiError> {
    match q.get(name) {
        None => Ok(None),
        Some(s) => match s.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(ApiError::param(
                name,
                format!("`{s}` is not a finite number"),
            )),
        },
    }
}

/// A required finite float in `[min, max]`.
pub fn float_in(q: &Query, name: &str, min: f64, max: f64) -> Result<f64, ApiError> {
    let x = float(q, name)?.ok_or_else(|| ApiError::param(name, "required"))?;
    if x < min || x > max {
        return Err(ApiError::param(
            name,
            format!("{x} is out of range [{min}, {max}]"),
        ));
    }
    Ok(x)
}

/// An optional integer in `[min, max]`, with a default.
pub fn int_in(q: &Query, name: &str, default: u64, min: u64, max: u64) -> Result<u64, ApiError> {
    let Some(s) = q.get(name) else {
        return Ok(default);
    };
    let x: u64 = s
        .trim()
        .parse()
        .map_err(|_| ApiError::param(name, format!("`{s}` is not a non-negative integer")))?;
    if x < min || x > max {
        return Err(ApiError::param(
            name,
            format!("{x} is out of range [{min}, {max}]"),
        ));
    }
    Ok(x)
}

/// lon and lat, WGS 84 degrees.
pub fn lon_lat(q: &Query) -> Result<(f64, f64), ApiError> {
    Ok((
        float_in(q, "lon", -180.0, 180.0)?,
        float_in(q, "lat", -90.0, 90.0)?,
    ))
}

/// A search radius in metres: positive and at most 1,000 km.
pub fn radius_m(q: &Query) -> Result<f64, ApiError> {
    let r = float(q, "radius_m")?.ok_or_else(|| ApiError::param("radius_m", "required"))?;
    if r <= 0.0 || r > 1_000_000.0 {
        return Err(ApiError::param(
            "radius_m",
            format!("{r} is out of range (0, 1000000] metres"),
        ));
    }
    Ok(r)
}

/// A bbox's four numbers as written (a 3-D bbox's heights dropped), not yet read in
/// any CRS.
pub fn bbox_corners(s: &str) -> Result<[f64; 4], ApiError> {
    let v = bbox_numbers(s)?;
    Ok(if v.len() == 6 {
        [v[0], v[1], v[3], v[4]]
    } else {
        [v[0], v[1], v[2], v[3]]
    })
}

/// minlon,minlat,maxlon,maxlat in range, as one CRS84 rectangle or two across the
/// antimeridian.
pub fn lonlat_boxes([minx, miny, maxx, maxy]: [f64; 4]) -> Result<Vec<Rect<f64>>, ApiError> {
    if !(-180.0..=180.0).contains(&minx)
        || !(-180.0..=180.0).contains(&maxx)
        || !(-90.0..=90.0).contains(&miny)
        || !(-90.0..=90.0).contains(&maxy)
    {
        return Err(ApiError::param(
            "bbox",
            "coordinates out of range for CRS84 longitude/latitude",
        ));
    }
    if miny > maxy {
        return Err(ApiError::param(
            "bbox",
            "minlat must not exceed maxlat (minlon,minlat,maxlon,maxlat)",
        ));
    }
    let rect = |x0: f64, x1: f64| Rect::new(coord! {x: x0, y: miny}, coord! {x: x1, y: maxy});
    Ok(if minx <= maxx {
        vec![rect(minx, maxx)]
    } else {
        vec![rect(minx, 180.0), rect(-180.0, maxx)]
    })
}

/// The 4 or 6 finite numbers of a bbox.
fn bbox_numbers(s: &str) -> Result<Vec<f64>, ApiError> {
    let parts: Vec<&str> = s.split(',').collect();
    if parts.len() != 4 && parts.len() != 6 {
        return Err(ApiError::param(
            "bbox",
            format!(
                "expected 4 comma-separated numbers minlon,minlat,maxlon,maxlat (or 6 with heights), got {}",
                parts.len()
            ),
        ));
    }
    parts
        .iter()
        .map(|p| match p.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(x),
            _ => Err(ApiError::param(
                "bbox",
                format!("`{p}` is not a finite number"),
            )),
        })
        .collect()
}

/// `vintage=2021|current`, default 2021 (the plan's).
pub fn vintage(q: &Query) -> Result<Vintage, ApiError> {
    match q.get("vintage") {
        None => Ok(Vintage::V2021),
        Some(s) => Vintage::parse(s).ok_or_else(|| {
            ApiError::param("vintage", format!("`{s}` is not one of 2021, current"))
        }),
    }
}

/// One of a fixed set of words.
pub fn choice<'a>(
    q: &Query,
    name: &str,
    options: &[&'a str],
    default: &'a str,
) -> Result<&'a str, ApiError> {
    match q.get(name) {
        None => Ok(default),
        Some(s) => options
            .iter()
            .find(|o| **o == s.as_str())
            .copied()
            .ok_or_else(|| {
                ApiError::param(name, format!("`{s}` is not one of {}", options.join(", ")))
            }),
    }
}
