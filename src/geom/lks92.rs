//! LKS-92 / Latvia TM (EPSG:3059): the national grid, in metres.
//!
//! Transverse Mercator on GRS80 with central meridian 24°E, scale 0.9996,
//! false easting 500 000 m and false northing −6 000 000 m. The series are
//! Snyder's (USGS Professional Paper 1395, pp. 60–64), accurate to well under
//! a millimetre within Latvia's 21–29°E.

use geo::{Coord, MapCoords};

const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_222_101;
const K0: f64 = 0.9996;
const LON0_DEG: f64 = 24.0;
const FALSE_EASTING_M: f64 = 500_000.0;
const FALSE_NORTHING_M: f64 = -6_000_000.0;

fn e2() -> f64 {
    F * (2.0 - F)
}

/// Meridian arc length from the equator to latitude `phi` (radians), metres.
fn meridian_arc_m(phi: f64) -> f64 {
    let e2 = e2();
    let e4 = e2 * e2;
    let e6 = e4 * e2;
    A * ((1.0 - e2 / 4.0 - 3.0 * e4 / 64.0 - 5.0 * e6 / 256.0) * phi
        - (3.0 * e2 / 8.0 + 3.0 * e4 / 32.0 + 45.0 * e6 / 1024.0) * (2.0 * phi).sin()
        + (15.0 * e4 / 256.0 + 45.0 * e6 / 1024.0) * (4.0 * phi).sin()
        - (35.0 * e6 / 3072.0) * (6.0 * phi).sin())
}

/// CRS84 (lon, lat in degrees) → LKS-92 (easting, northing in metres).
pub fn to_lks92(lon_deg: f64, lat_deg: f64) -> (f64, f64) {
    let e2 = e2();
    let ep2 = e2 / (1.0 - e2);
    let phi = lat_deg.to_radians();
    let (s, c) = phi.sin_cos();
    let t = s.tan_helper(c);
    let n = A / (1.0 - e2 * s * s).sqrt();
    let tt = t * t;
    let cc = ep2 * c * c;
    let a = (lon_deg - LON0_DEG).to_radians() * c;
    let m = meridian_arc_m(phi);
    let x = K0
        * n
        * (a + (1.0 - tt + cc) * a.powi(3) / 6.0
            + (5.0 - 18.0 * tt + tt * tt + 72.0 * cc - 58.0 * ep2) * a.powi(5) / 120.0);
    let y = K0
        * (m + n
            * t
            * (a * a / 2.0
                + (5.0 - tt + 9.0 * cc + 4.0 * cc * cc) * a.powi(4) / 24.0
                + (61.0 - 58.0 * tt + tt * tt + 600.0 * cc - 330.0 * ep2) * a.powi(6) / 720.0));
    (x + FALSE_EASTING_M, y + FALSE_NORTHING_M)
}

/// LKS-92 (easting, northing in metres) → CRS84 (lon, lat in degrees).
///
/// The series inverse loses about a metre 4° from the central meridian, so
/// its result is refined with Newton steps on the forward projection.
pub fn from_lks92(easting_m: f64, northing_m: f64) -> (f64, f64) {
    let (mut lon, mut lat) = series_inverse(easting_m, northing_m);
    const H: f64 = 1e-6;
    for _ in 0..3 {
        let (x, y) = to_lks92(lon, lat);
        let (dx, dy) = (easting_m - x, northing_m - y);
        if dx.abs() < 1e-6 && dy.abs() < 1e-6 {
            break;
        }
        let (x_lon, y_lon) = to_lks92(lon + H, lat);
        let (x_lat, y_lat) = to_lks92(lon, lat + H);
        let (j11, j21) = ((x_lon - x) / H, (y_lon - y) / H);
        let (j12, j22) = ((x_lat - x) / H, (y_lat - y) / H);
        let det = j11 * j22 - j12 * j21;
        if det.abs() < f64::EPSILON {
            break;
        }
        lon += (j22 * dx - j12 * dy) / det;
        lat += (-j21 * dx + j11 * dy) / det;
    }
    (lon, lat)
}

fn series_inverse(easting_m: f64, northing_m: f64) -> (f64, f64) {
    let e2 = e2();
    let ep2 = e2 / (1.0 - e2);
    let e4 = e2 * e2;
    let e6 = e4 * e2;
    let m = (northing_m - FALSE_NORTHING_M) / K0;
    let mu = m / (A * (1.0 - e2 / 4.0 - 3.0 * e4 / 64.0 - 5.0 * e6 / 256.0));
    let e1 = (1.0 - (1.0 - e2).sqrt()) / (1.0 + (1.0 - e2).sqrt());
    let phi1 = mu
        + (3.0 * e1 / 2.0 - 27.0 * e1.powi(3) / 32.0) * (2.0 * mu).sin()
        + (21.0 * e1 * e1 / 16.0 - 55.0 * e1.powi(4) / 32.0) * (4.0 * mu).sin()
        + (151.0 * e1.powi(3) / 96.0) * (6.0 * mu).sin()
        + (1097.0 * e1.powi(4) / 512.0) * (8.0 * mu).sin();
    let (s1, c1) = phi1.sin_cos();
    let t1 = s1.tan_helper(c1);
    let c1e = ep2 * c1 * c1;
    let n1 = A / (1.0 - e2 * s1 * s1).sqrt();
    let r1 = A * (1.0 - e2) / (1.0 - e2 * s1 * s1).powf(1.5);
    let d = (easting_m - FALSE_EASTING_M) / (n1 * K0);
    let tt = t1 * t1;
    let phi = phi1
        - (n1 * t1 / r1)
            * (d * d / 2.0
                - (5.0 + 3.0 * tt + 10.0 * c1e - 4.0 * c1e * c1e - 9.0 * ep2) * d.powi(4) / 24.0
                + (61.0 + 90.0 * tt + 298.0 * c1e + 45.0 * tt * tt - 252.0 * ep2 - 3.0 * c1e * c1e)
                    * d.powi(6)
                    / 720.0);
    let lon = LON0_DEG.to_radians()
        + (d - (1.0 + 2.0 * tt + c1e) * d.powi(3) / 6.0
            + (5.0 - 2.0 * c1e + 28.0 * tt - 3.0 * c1e * c1e + 8.0 * ep2 + 24.0 * tt * tt)
                * d.powi(5)
                / 120.0)
            / c1;
    (lon.to_degrees(), phi.to_degrees())
}

trait TanHelper {
    fn tan_helper(self, cos: f64) -> f64;
}
impl TanHelper for f64 {
    fn tan_helper(self, cos: f64) -> f64 {
        self / cos
    }
}

/// A CRS84 coordinate projected to LKS-92.
pub fn coord_to_lks92(c: Coord<f64>) -> Coord<f64> {
    let (x, y) = to_lks92(c.x, c.y);
    Coord { x, y }
}

/// Projects any geometry from CRS84 to LKS-92 metres.
pub fn geometry_to_lks92<G: MapCoords<f64, f64, Output = G>>(g: &G) -> G {
    g.map_coords(coord_to_lks92)
}

/// Projects any geometry from LKS-92 metres back to CRS84.
pub fn geometry_from_lks92<G: MapCoords<f64, f64, Output = G>>(g: &G) -> G {
    g.map_coords(|c| {
        let (x, y) = from_lks92(c.x, c.y);
        Coord { x, y }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn central_meridian_maps_to_false_easting() {
        let (x, _) = to_lks92(24.0, 57.0);
        assert!((x - 500_000.0).abs() < 1e-6);
    }

    #[test]
    fn known_point_riga_cathedral() {
        // Reference: GDAL 3.6 / PROJ 9.1 `gdaltransform -s_srs EPSG:4326 -t_srs EPSG:3059`.
        let cases = [
            ((24.1048, 56.9491), (506_375.065_126, 311_724.880_312)),
            ((20.9, 55.6), (304_702.090_651, 165_923.210_751)),
            ((28.3, 58.1), (753_355.517_772, 447_920.702_403)),
        ];
        for ((lon, lat), (ex, ey)) in cases {
            let (x, y) = to_lks92(lon, lat);
            assert!((x - ex).abs() < 0.005, "{lon},{lat}: x={x} expected {ex}");
            assert!((y - ey).abs() < 0.005, "{lon},{lat}: y={y} expected {ey}");
        }
    }

    #[test]
    fn round_trip_is_sub_millimetre_across_latvia() {
        for lon in [20.9, 22.5, 24.0, 26.5, 28.3] {
            for lat in [55.6, 56.5, 57.4, 58.1] {
                let (x, y) = to_lks92(lon, lat);
                let (lon2, lat2) = from_lks92(x, y);
                let (x2, y2) = to_lks92(lon2, lat2);
                assert!((x - x2).abs() < 1e-3 && (y - y2).abs() < 1e-3, "{lon},{lat}");
                assert!(
                    (lon - lon2).abs() < 1e-7 && (lat - lat2).abs() < 1e-7,
                    "{lon},{lat} -> {lon2},{lat2}"
                );
            }
        }
    }
}
