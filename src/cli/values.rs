//! Parsers for option values: clap calls them and names the option in its error
//! (`invalid value '999' for '--lon <LON>': 999 is out of range [-180, 180]`).

use crate::model::Vintage;

/// A finite number.
fn finite(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("`{s}` is not a finite number")),
    }
}

/// A finite number in `[min, max]`.
fn finite_in(s: &str, min: f64, max: f64) -> Result<f64, String> {
    let x = finite(s)?;
    if x < min || x > max {
        return Err(format!("{x} is out of range [{min}, {max}]"));
    }
    Ok(x)
}

/// Longitude, WGS 84 degrees in [-180, 180].
pub fn lon(s: &str) -> Result<f64, String> {
    finite_in(s, -180.0, 180.0)
}

/// Latitude, WGS 84 degrees in [-90, 90].
pub fn lat(s: &str) -> Result<f64, String> {
    finite_in(s, -90.0, 90.0)
}

/// Largest search radius, metres (as the API allows).
pub const RADIUS_MAX_M: f64 = 1_000_000.0;

/// A search radius in metres: positive and at most [`RADIUS_MAX_M`].
pub fn radius_m(s: &str) -> Result<f64, String> {
    let r = finite(s)?;
    if r <= 0.0 || r > RADIUS_MAX_M {
        return Err(format!("{r} is out of range (0, {RADIUS_MAX_M}] metres"));
    }
    Ok(r)
}

/// `2021` or `current`.
pub fn vintage(s: &str) -> Result<Vintage, String> {
    Vintage::parse(s).ok_or_else(|| format!("`{s}` is not one of 2021, current"))
}

/// A calendar day, YYYY-MM-DD.
pub fn day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_checked() {
        assert_eq!(lon("27.5"), Ok(27.5));
        assert!(lon("999").unwrap_err().contains("out of range"));
        assert!(lat("NaN").unwrap_err().contains("finite"));
        assert!(radius_m("0").is_err());
        assert!(radius_m("-1").is_err());
        assert_eq!(radius_m("5000"), Ok(5000.0));
        assert_eq!(vintage("current"), Ok(Vintage::Current));
        assert!(vintage("2020").is_err());
    }
}
