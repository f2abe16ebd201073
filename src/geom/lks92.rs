//! LKS-92 / Latvia TM (EPSG:3059): Transverse Mercator on GRS80, lon0 = 24°E,
//! k0 = 0.9996, false easting 500 000 m, false northing −6 000 000 m.
//!
//! Krüger series to n⁶ (Karney 2011), accurate to well under a millimetre
//! within Latvia. Coordinates: `Coord { x: easting_m, y: northing_m }`.

use geo::{Coord, MapCoords};

const A_M: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_222_101;
const LON0_DEG: f64 = 24.0;
const K0: f64 = 0.9996;
const FE_M: f64 = 500_000.0;
const FN_M: f64 = -6_000_000.0;

struct Series {
    /// Rectifying radius times k0, metres.
    k0_a: f64,
    e: f64,
    alpha: [f64; 6],
    beta: [f64; 6],
}

/// The series' constants, worked out once.
static SERIES: std::sync::LazyLock<Series> = std::sync::LazyLock::new(make_series);

fn series() -> &'static Series {
    &SERIES
}

fn make_series() -> Series {
    let n = F / (2.0 - F);
    let (n2, n3) = (n * n, n * n * n);
    let (n4, n5, n6) = (n2 * n2, n2 * n3, n3 * n3);
    let a_rect = A_M / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0 + n6 / 256.0);
    let alpha = [
        n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0 + 41.0 * n4 / 180.0 - 127.0 * n5 / 288.0
            + 7891.0 * n6 / 37800.0,
        13.0 * n2 / 48.0 - 3.0 * n3 / 5.0 + 557.0 * n4 / 1440.0 + 281.0 * n5 / 630.0
            - 1_983_433.0 * n6 / 1_935_360.0,
        61.0 * n3 / 240.0 - 103.0 * n4 / 140.0
            + 15061.0 * n5 / 26880.0
            + 167_603.0 * n6 / 181_440.0,
        49561.0 * n4 / 161_280.0 - 179.0 * n5 / 168.0 + 6_601_661.0 * n6 / 7_257_600.0,
        34729.0 * n5 / 80640.0 - 3_418_889.0 * n6 / 1_995_840.0,
        212_378_941.0 * n6 / 319_334_400.0,
    ];
    let beta = [
        n / 2.0 - 2.0 * n2 / 3.0 + 37.0 * n3 / 96.0 - n4 / 360.0 - 81.0 * n5 / 512.0
            + 96199.0 * n6 / 604_800.0,
        n2 / 48.0 + n3 / 15.0 - 437.0 * n4 / 1440.0 + 46.0 * n5 / 105.0
            - 1_118_711.0 * n6 / 3_870_720.0,
        17.0 * n3 / 480.0 - 37.0 * n4 / 840.0 - 209.0 * n5 / 4480.0 + 5569.0 * n6 / 90720.0,
        4397.0 * n4 / 161_280.0 - 11.0 * n5 / 504.0 - 830_251.0 * n6 / 7_257_600.0,
        4583.0 * n5 / 161_280.0 - 108_847.0 * n6 / 3_991_680.0,
        20_648_693.0 * n6 / 638_668_800.0,
    ];
    Series {
        k0_a: K0 * a_rect,
        e: (F * (2.0 - F)).sqrt(),
        alpha,
        beta,
    }
}

/// `Σ c_j sin(2j ζ)` for the complex `ζ = ξ + iη`, as (real, imaginary), by
/// Clenshaw summation (Karney 2011, eq. 41–43): four transcendental functions
/// instead of four per term.
fn sin_series(c: &[f64; 6], xi: f64, eta: f64) -> (f64, f64) {
    let (s2, c2) = (2.0 * xi).sin_cos();
    let (sh2, ch2) = ((2.0 * eta).sinh(), (2.0 * eta).cosh());
    // 2 cos(2ζ) and sin(2ζ), complex.
    let (tc_re, tc_im) = (2.0 * c2 * ch2, -2.0 * s2 * sh2);
    let (s_re, s_im) = (s2 * ch2, c2 * sh2);
    // b_k = c_k + 2cos(2ζ)·b_{k+1} − b_{k+2}; the sum is b_1·sin(2ζ).
    let (mut b1, mut b2) = ((0.0, 0.0), (0.0_f64, 0.0_f64));
    for ck in c.iter().rev() {
        let b = (
            ck + tc_re * b1.0 - tc_im * b1.1 - b2.0,
            tc_re * b1.1 + tc_im * b1.0 - b2.1,
        );
        b2 = b1;
        b1 = b;
    }
    (b1.0 * s_re - b1.1 * s_im, b1.0 * s_im + b1.1 * s_re)
}

/// CRS84 (lon, lat in degrees) to LKS-92 (easting, northing in metres).
///
/// ```
/// let c = pierobeza::geom::lks92::coord_to_lks92(geo::coord! { x: 24.0, y: 56.0 });
/// assert!((c.x - 500_000.0).abs() < 1e-6);
/// assert!((c.y - 206_079.587_1).abs() < 1e-3);
/// ```
pub fn coord_to_lks92(lonlat: Coord<f64>) -> Coord<f64> {
    let s = series();
    let phi = lonlat.y.to_radians();
    let lam = (lonlat.x - LON0_DEG).to_radians();
    let sin_phi = phi.sin();
    let t = (sin_phi.atanh() - s.e * (s.e * sin_phi).atanh()).sinh();
    let xi_p = t.atan2(lam.cos());
    let eta_p = (lam.sin() / (1.0 + t * t).sqrt()).atanh();
    let (mut xi, mut eta) = (xi_p, eta_p);
    for (j, a) in s.alpha.iter().enumerate() {
        let k = 2.0 * (j as f64 + 1.0);
        xi += a * (k * xi_p).sin() * (k * eta_p).cosh();
        eta += a * (k * xi_p).cos() * (k * eta_p).sinh();
    }
    Coord {
        x: FE_M + s.k0_a * eta,
        y: FN_M + s.k0_a * xi,
    }
}

/// [`coord_to_lks92`] with the series summed by Clenshaw's method: the same
/// series, equal to it within a micrometre, four transcendental calls instead of
/// twenty-four. The in-memory indexes project every feature with it at start-up
/// (most of the index build at a million features). Everything whose output is
/// committed or reproduced byte for byte (the geodata build, areas, exports) keeps
/// the term-by-term form, so that it does not move in the last bit.
pub fn coord_to_lks92_fast(lonlat: Coord<f64>) -> Coord<f64> {
    let s = series();
    let phi = lonlat.y.to_radians();
    let lam = (lonlat.x - LON0_DEG).to_radians();
    let sin_phi = phi.sin();
    let t = (sin_phi.atanh() - s.e * (s.e * sin_phi).atanh()).sinh();
    let xi_p = t.atan2(lam.cos());
    let eta_p = (lam.sin() / (1.0 + t * t).sqrt()).atanh();
    let (d_xi, d_eta) = sin_series(&s.alpha, xi_p, eta_p);
    Coord {
        x: FE_M + s.k0_a * (eta_p + d_eta),
        y: FN_M + s.k0_a * (xi_p + d_xi),
    }
}

/// LKS-92 (easting, northing in metres) to CRS84 (lon, lat in degrees).
///
/// ```
/// use pierobeza::geom::lks92::{coord_from_lks92, coord_to_lks92};
/// let p = geo::coord! { x: 27.3308, y: 56.5067 };
/// let back = coord_from_lks92(coord_to_lks92(p));
/// assert!((back.x - p.x).abs() < 1e-10 && (back.y - p.y).abs() < 1e-10);
/// ```
pub fn coord_from_lks92(en: Coord<f64>) -> Coord<f64> {
    let s = series();
    let xi = (en.y - FN_M) / s.k0_a;
    let eta = (en.x - FE_M) / s.k0_a;
    let (mut xi_p, mut eta_p) = (xi, eta);
    for (j, b) in s.beta.iter().enumerate() {
        let k = 2.0 * (j as f64 + 1.0);
        xi_p -= b * (k * xi).sin() * (k * eta).cosh();
        eta_p -= b * (k * xi).cos() * (k * eta).sinh();
    }
    let chi = (xi_p.sin() / eta_p.cosh()).asin();
    let lam = eta_p.sinh().atan2(xi_p.cos());
    // Conformal latitude to geodetic latitude by fixed-point iteration.
    let mut phi = chi;
    for _ in 0..20 {
        let es = s.e * phi.sin();
        let next = 2.0
            * ((std::f64::consts::FRAC_PI_4 + chi / 2.0).tan()
                * ((1.0 + es) / (1.0 - es)).powf(s.e / 2.0))
            .atan()
            - std::f64::consts::FRAC_PI_2;
        let done = (next - phi).abs() < 1e-15;
        phi = next;
        if done {
            break;
        }
    }
    Coord {
        x: LON0_DEG + lam.to_degrees(),
        y: phi.to_degrees(),
    }
}

/// CRS84 (lon, lat in degrees) → LKS-92 (easting, northing in metres).
pub fn to_lks92(lon_deg: f64, lat_deg: f64) -> (f64, f64) {
    let c = coord_to_lks92(Coord {
        x: lon_deg,
        y: lat_deg,
    });
    (c.x, c.y)
}

/// LKS-92 (easting, northing in metres) → CRS84 (lon, lat in degrees).
pub fn from_lks92(easting_m: f64, northing_m: f64) -> (f64, f64) {
    let c = coord_from_lks92(Coord {
        x: easting_m,
        y: northing_m,
    });
    (c.x, c.y)
}

/// Projects any geometry from CRS84 to LKS-92 metres.
pub fn geometry_to_lks92<G: MapCoords<f64, f64, Output = G>>(g: &G) -> G {
    g.map_coords(coord_to_lks92)
}

/// Projects any geometry to LKS-92 with [`coord_to_lks92_fast`] (the indexes).
pub fn geometry_to_lks92_fast<G: MapCoords<f64, f64, Output = G>>(g: &G) -> G {
    g.map_coords(coord_to_lks92_fast)
}

/// Projects any geometry from LKS-92 metres back to CRS84.
pub fn geometry_from_lks92<G: MapCoords<f64, f64, Output = G>>(g: &G) -> G {
    g.map_coords(coord_from_lks92)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::coord;

    /// Reference values from PROJ 9 `cs2cs EPSG:4326 EPSG:3059` (0.1 mm printed).
    const PROJ: [(f64, f64, f64, f64); 4] = [
        (24.0, 56.0, 500_000.0, 206_079.587_1),
        (27.3308, 56.5067, 704_963.492_1, 267_446.865_4),
        (21.0, 55.7, 311_481.202_0, 176_769.880_6),
        (28.2, 58.0, 748_161.166_6, 436_429.059_6),
    ];

    /// The series summed term by term, as written in Karney (2011).
    fn sin_series_by_terms(c: &[f64; 6], xi: f64, eta: f64) -> (f64, f64) {
        let (mut re, mut im) = (0.0, 0.0);
        for (j, a) in c.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            re += a * (k * xi).sin() * (k * eta).cosh();
            im += a * (k * xi).cos() * (k * eta).sinh();
        }
        (re, im)
    }

    #[test]
    fn clenshaw_sums_the_series_term_by_term() {
        let s = series();
        // ξ, η over and beyond Latvia (η ≈ ±0.07 at 4° off the central meridian).
        for i in 0..=40 {
            for j in -20..=20 {
                let (xi, eta) = (0.9 + 0.01 * f64::from(i), 0.005 * f64::from(j));
                for c in [&s.alpha, &s.beta] {
                    let (a, b) = (sin_series(c, xi, eta), sin_series_by_terms(c, xi, eta));
                    // 1e-15 rad of ξ or η is under a nanometre on the ground.
                    assert!((a.0 - b.0).abs() < 1e-15 && (a.1 - b.1).abs() < 1e-15);
                }
            }
        }
    }

    #[test]
    fn the_fast_forward_equals_the_reference_within_a_micrometre() {
        for i in 0..=60 {
            for j in 0..=30 {
                let c = coord! { x: 20.9 + 0.125 * f64::from(i), y: 55.6 + 0.1 * f64::from(j) };
                let (a, b) = (coord_to_lks92(c), coord_to_lks92_fast(c));
                assert!(
                    (a.x - b.x).abs() < 1e-6 && (a.y - b.y).abs() < 1e-6,
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn forward_matches_proj_to_a_millimetre() {
        for (lon, lat, e, n) in PROJ {
            let c = coord_to_lks92(coord! { x: lon, y: lat });
            assert!((c.x - e).abs() < 1e-3, "E {lon},{lat}: {} vs {e}", c.x);
            assert!((c.y - n).abs() < 1e-3, "N {lon},{lat}: {} vs {n}", c.y);
        }
    }

    #[test]
    fn inverse_matches_proj_to_a_millimetre() {
        for (lon, lat, e, n) in PROJ {
            let c = coord_from_lks92(coord! { x: e, y: n });
            // 1e-8 degrees is about 1 mm.
            assert!((c.x - lon).abs() < 2e-8, "lon {} vs {lon}", c.x);
            assert!((c.y - lat).abs() < 2e-8, "lat {} vs {lat}", c.y);
        }
    }

    #[test]
    fn round_trip_over_latvia_below_a_millimetre() {
        for i in 0..=20 {
            for j in 0..=20 {
                let p = coord! { x: 20.5 + 8.0 * i as f64 / 20.0, y: 55.5 + 2.7 * j as f64 / 20.0 };
                let en = coord_to_lks92(p);
                let back = coord_to_lks92(coord_from_lks92(en));
                assert!((back.x - en.x).abs() < 1e-4 && (back.y - en.y).abs() < 1e-4);
            }
        }
    }

    #[test]
    fn gdal_reference_points() {
        // Reference: GDAL 3.6 / PROJ 9.1 `gdaltransform -s_srs EPSG:4326 -t_srs EPSG:3059`
        // (kept from the first version of this module).
        let cases = [
            ((24.1048, 56.9491), (506_375.065_126, 311_724.880_312)),
            ((20.9, 55.6), (304_702.090_651, 165_923.210_751)),
            ((28.3, 58.1), (753_355.517_772, 447_920.702_403)),
        ];
        for ((lon, lat), (ex, ey)) in cases {
            let (x, y) = to_lks92(lon, lat);
            assert!(
                (x - ex).abs() < 1e-3 && (y - ey).abs() < 1e-3,
                "{lon},{lat}: {x},{y}"
            );
            let (lon2, lat2) = from_lks92(x, y);
            assert!((lon2 - lon).abs() < 1e-9 && (lat2 - lat).abs() < 1e-9);
        }
    }
}
