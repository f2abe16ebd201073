//! Geometries in and out of the store as WKB (the form both SQLite blobs and
//! PostGIS `ST_GeomFromWKB` / `ST_AsBinary` speak), through geozero.

use geo::Geometry;
use geozero::wkb::Wkb;
use geozero::{CoordDimensions, ToGeo, ToWkb};

/// WKB of a geometry (2D, little-endian).
pub fn encode(g: &Geometry<f64>) -> Result<Vec<u8>, String> {
    g.to_wkb(CoordDimensions::xy()).map_err(|e| e.to_string())
}

/// The geometry of a WKB blob.
pub fn decode(bytes: &[u8]) -> Result<Geometry<f64>, String> {
    Wkb(bytes).to_geo().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{line_string, point, polygon, MultiPolygon};

    #[test]
    fn geometries_survive_wkb_bit_for_bit() {
        let gs: Vec<Geometry<f64>> = vec![
            point!(x: 27.123456789012345, y: 56.987654321098765).into(),
            line_string![(x: 26.0, y: 56.0), (x: 27.5, y: 56.25)].into(),
            MultiPolygon::new(vec![
                polygon![(x: 0.1, y: 0.2), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0)],
            ])
            .into(),
        ];
        for g in gs {
            assert_eq!(decode(&encode(&g).unwrap()).unwrap(), g);
        }
        assert!(decode(b"not wkb").is_err());
    }
}
