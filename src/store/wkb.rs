//! Geometries in and out of the store as WKB (the form both SQLite blobs and
//! PostGIS `ST_GeomFromWKB` speak), through geozero. Reading also takes EWKB, the
//! form a PostGIS `geometry` column is sent in: the reads fetch the column as it is
//! rather than through `ST_AsBinary`, which spares the server a conversion per row.

use geo::Geometry;
use geozero::wkb::Ewkb;
use geozero::{CoordDimensions, ToGeo, ToWkb};

/// WKB of a geometry (2D, little-endian).
pub fn encode(g: &Geometry<f64>) -> Result<Vec<u8>, String> {
    g.to_wkb(CoordDimensions::xy()).map_err(|e| e.to_string())
}

/// The geometry of a WKB or EWKB blob (EWKB is WKB with an optional SRID; the
/// store's geometries are all CRS84, so the SRID is not kept).
pub fn decode(bytes: &[u8]) -> Result<Geometry<f64>, String> {
    Ewkb(bytes).to_geo().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{line_string, point, polygon, MultiPolygon};
    use geozero::wkb::Wkb;

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

    #[test]
    fn ewkb_with_an_srid_reads_as_its_geometry() {
        // POINT(27.5 56.25) with SRID 4326, as PostGIS sends a geometry column.
        let mut ewkb = vec![1u8];
        ewkb.extend(0x2000_0001u32.to_le_bytes());
        ewkb.extend(4326i32.to_le_bytes());
        ewkb.extend(27.5f64.to_le_bytes());
        ewkb.extend(56.25f64.to_le_bytes());
        let g: Geometry<f64> = point!(x: 27.5, y: 56.25).into();
        assert_eq!(decode(&ewkb).unwrap(), g);
        assert_eq!(Wkb(encode(&g).unwrap()).to_geo().unwrap(), g);
    }
}
