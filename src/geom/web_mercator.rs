//! The OGC WebMercatorQuad tiling: spherical Mercator (EPSG:3857) metres, tile
//! `(z, row, col)` counted from the top-left, 2^z tiles a side.

use geo::{coord, Coord, Rect};

/// The sphere's radius, metres (EPSG:3857).
const R_M: f64 = 6_378_137.0;
/// Half the square world's side, metres: π·R.
pub const HALF_WORLD_M: f64 = std::f64::consts::PI * R_M;
/// The latitude where the square world ends, degrees.
pub const MAX_LAT_DEG: f64 = 85.051_128_779_806_59;

/// CRS84 degrees to Web Mercator metres (latitude clamped to the square world).
pub fn to_mercator(lonlat: Coord<f64>) -> Coord<f64> {
    let lat = lonlat.y.clamp(-MAX_LAT_DEG, MAX_LAT_DEG).to_radians();
    coord! {
        x: R_M * lonlat.x.to_radians(),
        y: R_M * (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln(),
    }
}

/// Web Mercator metres to CRS84 degrees.
pub fn from_mercator(m: Coord<f64>) -> Coord<f64> {
    coord! {
        x: (m.x / R_M).to_degrees(),
        y: (m.y / R_M).sinh().atan().to_degrees(),
    }
}

/// A tile of the WebMercatorQuad matrix set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tile {
    pub zoom: u8,
    pub row: u32,
    pub col: u32,
}

impl Tile {
    /// The tile, if `row` and `col` are inside the zoom level's matrix.
    pub fn new(zoom: u8, row: u32, col: u32) -> Option<Tile> {
        let n = 1u64 << zoom.min(31);
        (zoom <= 30 && u64::from(row) < n && u64::from(col) < n).then_some(Tile { zoom, row, col })
    }

    /// The tile's side, metres.
    pub fn span_m(self) -> f64 {
        2.0 * HALF_WORLD_M / f64::from(1u32 << self.zoom)
    }

    /// The tile's square in Web Mercator metres, grown by `margin` of its side on each
    /// side (0.0: the tile itself).
    pub fn bounds_m(self, margin: f64) -> Rect<f64> {
        let s = self.span_m();
        let left = -HALF_WORLD_M + f64::from(self.col) * s;
        let top = HALF_WORLD_M - f64::from(self.row) * s;
        let m = margin * s;
        Rect::new(
            coord! { x: left - m, y: top - s - m },
            coord! { x: left + s + m, y: top + m },
        )
    }

    /// The CRS84 box that holds [`Tile::bounds_m`] (the same `margin`).
    pub fn bounds_crs84(self, margin: f64) -> Rect<f64> {
        let b = self.bounds_m(margin);
        Rect::new(from_mercator(b.min()), from_mercator(b.max()))
    }

    /// Web Mercator metres to this tile's coordinates: 0..`extent` across, y down.
    pub fn to_tile(self, m: Coord<f64>, extent: f64) -> Coord<f64> {
        let b = self.bounds_m(0.0);
        let k = extent / self.span_m();
        coord! { x: (m.x - b.min().x) * k, y: (b.max().y - m.y) * k }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_values() {
        // EPSG:3857 of (24, 56): PROJ (gdaltransform) gives 2671667.77904, 7558415.65608.
        let m = to_mercator(coord! { x: 24.0, y: 56.0 });
        assert!(
            (m.x - 2_671_667.779_04).abs() < 1e-4 && (m.y - 7_558_415.656_08).abs() < 1e-4,
            "{m:?}"
        );
        let back = from_mercator(m);
        assert!((back.x - 24.0).abs() < 1e-12 && (back.y - 56.0).abs() < 1e-12);
    }

    #[test]
    fn tiles_cover_the_world_from_the_top_left() {
        let t = Tile::new(0, 0, 0).unwrap();
        let b = t.bounds_m(0.0);
        assert_eq!((b.min().x, b.max().y), (-HALF_WORLD_M, HALF_WORLD_M));
        // Rēzekne (27.33, 56.51) is in tile 7/39/73 (row 39, column 73).
        let z7 = Tile::new(7, 39, 73).unwrap().bounds_crs84(0.0);
        assert!(z7.min().x < 27.33 && 27.33 < z7.max().x, "{z7:?}");
        assert!(z7.min().y < 56.51 && 56.51 < z7.max().y, "{z7:?}");
        let p = Tile::new(1, 0, 1)
            .unwrap()
            .to_tile(coord! { x: 0.0, y: 0.0 }, 4096.0);
        assert!(p.x.abs() < 1e-9 && (p.y - 4096.0).abs() < 1e-9, "{p:?}");
        assert!(Tile::new(3, 8, 0).is_none() && Tile::new(31, 0, 0).is_none());
    }
}
