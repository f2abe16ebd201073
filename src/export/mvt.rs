//! One layer's features in one WebMercatorQuad tile as a Mapbox Vector Tile (MVT 2.1).
//!
//! Each feature is projected to the tile's 4096 × 4096 grid, generalised to the
//! grid (Ramer–Douglas–Peucker at a quarter of a screen pixel of a 512-pixel tile),
//! clipped to the tile and a 64-unit buffer, snapped to integers, and its polygons
//! oriented as MVT wants (exteriors of positive area in tile coordinates). The
//! protobuf is written by geozero's MVT writer; the features and their served
//! properties come from the caller's view, so a tile never holds more than the
//! items would.

use geo::orient::{Direction, Orient};
use geo::{
    BooleanOps, BoundingRect, Contains, Coord, Geometry, Intersects, LineString, MapCoords,
    MultiLineString, MultiPoint, MultiPolygon, Point, Polygon, Rect, Simplify,
};
use geozero::mvt::{tile, Message, TagsBuilder, Tile as MvtTile, TileValue};
use geozero::ToMvt;
use serde_json::Value;

use crate::geom::web_mercator::{to_mercator, Tile};
use crate::index::{Feature, Layer};

/// Tile coordinates across a tile.
pub const EXTENT: u32 = 4096;
/// The buffer around a tile, in tile units (renderers draw strokes across edges).
const BUFFER: f64 = 64.0;
/// Generalisation tolerance, tile units: 2/4096 of a tile is a quarter of a pixel
/// of a 512-pixel tile.
const TOLERANCE: f64 = 2.0;

/// The MVT of `layer`'s features that meet `t` (empty bytes when none does).
pub fn encode(layer: &Layer, t: Tile) -> Vec<u8> {
    let margin = BUFFER / f64::from(EXTENT);
    let mut tags = TagsBuilder::new();
    let mut features = Vec::new();
    for i in layer.index.in_bbox(&layer.features, t.bounds_crs84(margin)) {
        let f = &layer.features[i];
        let Some(g) = tile_geometry(&f.geometry, t) else {
            continue;
        };
        let Ok(mut out) = g.to_mvt_unscaled() else {
            continue;
        };
        out.id = Some(i as u64 + 1);
        out.tags = feature_tags(f, &mut tags);
        features.push(out);
    }
    if features.is_empty() {
        return Vec::new();
    }
    let (keys, values) = tags.into_tags();
    let layer = tile::Layer {
        version: 2,
        name: layer.id.clone(),
        features,
        keys,
        values: values.into_iter().map(Into::into).collect(),
        extent: Some(EXTENT),
    };
    MvtTile {
        layers: vec![layer],
    }
    .encode_to_vec()
}

/// The feature's id and served properties as MVT tags (nulls left out, arrays and
/// objects as JSON text).
fn feature_tags(f: &Feature, tags: &mut TagsBuilder) -> Vec<u32> {
    let mut out = Vec::new();
    let mut put = |k: &str, v: TileValue, out: &mut Vec<u32>| {
        let (ki, vi) = tags.insert_ref(k, v);
        out.extend([ki, vi]);
    };
    if !f.properties().contains_key("id") {
        put("id", TileValue::Str(f.id.clone()), &mut out);
    }
    for (k, v) in f.properties() {
        if let Some(tv) = tile_value(v) {
            put(k, tv, &mut out);
        }
    }
    out
}

fn tile_value(v: &Value) -> Option<TileValue> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => TileValue::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => TileValue::Sint(i),
            (None, Some(x)) => TileValue::Double(x),
            (None, None) => return None,
        },
        Value::String(s) => TileValue::Str(s.clone()),
        other => TileValue::Str(other.to_string()),
    })
}

/// A CRS84 geometry on the tile's integer grid, generalised and clipped; `None`
/// when nothing of it is left there.
fn tile_geometry(g: &Geometry<f64>, t: Tile) -> Option<Geometry<f64>> {
    let extent = f64::from(EXTENT);
    let on_grid = g.map_coords(|c| t.to_tile(to_mercator(c), extent));
    let clip = Rect::new(
        Coord {
            x: -BUFFER,
            y: -BUFFER,
        },
        Coord {
            x: extent + BUFFER,
            y: extent + BUFFER,
        },
    );
    match on_grid {
        Geometry::Point(p) => points(vec![p], clip),
        Geometry::MultiPoint(mp) => points(mp.0, clip),
        Geometry::LineString(l) => lines(MultiLineString::new(vec![l]), clip),
        Geometry::MultiLineString(ml) => lines(ml, clip),
        Geometry::Polygon(p) => areas(MultiPolygon::new(vec![p]), clip),
        Geometry::MultiPolygon(mp) => areas(mp, clip),
        _ => None,
    }
}

fn snap(c: Coord<f64>) -> Coord<f64> {
    Coord {
        x: c.x.round(),
        y: c.y.round(),
    }
}

fn points(ps: Vec<Point<f64>>, clip: Rect<f64>) -> Option<Geometry<f64>> {
    let kept: Vec<Point<f64>> = ps
        .into_iter()
        .filter(|p| clip.intersects(p))
        .map(|p| Point(snap(p.0)))
        .collect();
    match kept.len() {
        0 => None,
        1 => Some(Geometry::Point(kept[0])),
        _ => Some(Geometry::MultiPoint(MultiPoint::new(kept))),
    }
}

fn lines(ml: MultiLineString<f64>, clip: Rect<f64>) -> Option<Geometry<f64>> {
    let ml = ml.simplify(TOLERANCE);
    let inside = ml.bounding_rect().is_some_and(|b| clip.contains(&b));
    let ml = if inside {
        ml
    } else {
        clip.to_polygon().clip(&ml, false)
    };
    let kept: Vec<LineString<f64>> =
        ml.0.iter()
            .map(snapped_line)
            .filter(|l| l.0.len() >= 2)
            .collect();
    (!kept.is_empty()).then(|| Geometry::MultiLineString(MultiLineString::new(kept)))
}

/// A line on the integer grid without repeated positions.
fn snapped_line(l: &LineString<f64>) -> LineString<f64> {
    let mut cs: Vec<Coord<f64>> = l.0.iter().map(|c| snap(*c)).collect();
    cs.dedup();
    LineString::new(cs)
}

fn areas(mp: MultiPolygon<f64>, clip: Rect<f64>) -> Option<Geometry<f64>> {
    let mp = mp.simplify(TOLERANCE);
    let inside = mp.bounding_rect().is_some_and(|b| clip.contains(&b));
    let mp = if inside {
        mp
    } else {
        mp.intersection(&clip.to_polygon())
    };
    let kept: Vec<Polygon<f64>> = mp.0.iter().filter_map(snapped_polygon).collect();
    (!kept.is_empty())
        .then(|| Geometry::MultiPolygon(MultiPolygon::new(kept).orient(Direction::Default)))
}

/// A polygon on the integer grid; rings that shrank to less than a triangle dropped,
/// the whole polygon when its exterior did.
fn snapped_polygon(p: &Polygon<f64>) -> Option<Polygon<f64>> {
    let ring = |l: &LineString<f64>| {
        let r = snapped_line(l);
        (r.0.len() >= 4 && geo::Area::unsigned_area(&Polygon::new(r.clone(), vec![])) > 0.0)
            .then_some(r)
    };
    let exterior = ring(p.exterior())?;
    let holes = p.interiors().iter().filter_map(ring).collect();
    Some(Polygon::new(exterior, holes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{coord, polygon};

    #[test]
    fn a_polygon_across_a_tile_edge_is_clipped_to_the_buffer_and_oriented() {
        // A square around tile 7/39/73's west edge (longitude 25.3125).
        let t = Tile::new(7, 39, 73).unwrap();
        let g: Geometry<f64> = polygon![
            (x: 25.0, y: 56.2), (x: 25.0, y: 56.4), (x: 25.6, y: 56.4), (x: 25.6, y: 56.2), (x: 25.0, y: 56.2)
        ]
        .into();
        let Some(Geometry::MultiPolygon(mp)) = tile_geometry(&g, t) else {
            panic!("a polygon");
        };
        let b = mp.bounding_rect().unwrap();
        assert_eq!(b.min().x, -BUFFER, "clipped at the buffer");
        assert!(
            b.max().x < 4096.0 && b.min().y > 0.0 && b.max().y < 4096.0,
            "{b:?}"
        );
        // Exterior of positive area in tile coordinates (y down): MVT's rule.
        assert!(geo::Area::signed_area(&mp.0[0]) > 0.0);
        assert!(mp.0[0]
            .exterior()
            .coords()
            .all(|c| c.x.fract() == 0.0 && c.y.fract() == 0.0));
    }

    #[test]
    fn points_outside_the_buffer_and_specks_are_left_out() {
        let t = Tile::new(7, 39, 73).unwrap();
        assert!(tile_geometry(&Geometry::Point(Point::new(20.0, 56.3)), t).is_none());
        let speck: Geometry<f64> = polygon![
            (x: 26.0, y: 56.3), (x: 26.000001, y: 56.3), (x: 26.000001, y: 56.300001), (x: 26.0, y: 56.3)
        ]
        .into();
        assert!(tile_geometry(&speck, t).is_none());
        let inside = tile_geometry(&Geometry::Point(Point(coord! { x: 26.0, y: 56.3 })), t);
        assert!(matches!(inside, Some(Geometry::Point(_))));
    }
}
