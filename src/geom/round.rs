//! Rounding to the 6 decimals (about 0.1 m) that RFC 7946 files carry here.

use geo::{Coord, LineString};

/// Rounds a degree value to 6 decimals.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A ring or line rounded to 6 decimals, with positions that became equal merged.
pub fn round_line6(l: &LineString<f64>) -> LineString<f64> {
    let mut cs: Vec<Coord<f64>> = Vec::with_capacity(l.0.len());
    for c in &l.0 {
        let c = Coord {
            x: round6(c.x),
            y: round6(c.y),
        };
        if cs.last() != Some(&c) {
            cs.push(c);
        }
    }
    LineString::new(cs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_merges_positions_that_become_equal() {
        let l = LineString::from(vec![(24.1000001, 56.9), (24.1000004, 56.9), (24.2, 57.0)]);
        let r = round_line6(&l);
        assert_eq!(r.0.len(), 2);
        assert_eq!(r.0[0], Coord { x: 24.1, y: 56.9 });
    }
}
