//! The model as store rows and back: every typed struct is its JSON body plus
//! its geometry in a column of its own.

use std::collections::BTreeMap;

use geo::{Geometry, LineString, MultiPolygon, Point};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::row::{Kind, Row};
use super::StoreError;
use crate::model::{
    BorderSegment, Crossing, FundingPool, Geodata, Location, Measure, Municipality, Place, Plan,
    PlanStatement, Precision, Settlement, Vintage,
};

/// A location's body: its place says what the geometry column holds.
#[derive(Debug, Serialize, Deserialize)]
struct LocationBody {
    name: Option<String>,
    place: PlaceBody,
    precision: Precision,
    provenance: String,
    municipalities: Vec<String>,
    site_status: Option<String>,
    note: Option<String>,
}

/// Where a location is; a geometry or a settlement's point is in the geometry column.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum PlaceBody {
    Geometry,
    Settlement { name: String },
    Municipalities { codes: Vec<String> },
    PlanTerritory,
}

fn body<T: Serialize>(v: &T) -> Value {
    // The model's types serialize to JSON without fail (no maps with non-string keys
    // other than integers, no non-finite numbers from the loaders).
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn row(kind: Kind, id: &str, seq: usize, geometry: Option<Geometry<f64>>, body: Value) -> Row {
    Row {
        kind,
        id: id.to_string(),
        parent: None,
        seq: seq as i64,
        geometry,
        body,
    }
}

/// Every record of the geography and the plan, in file order.
pub fn to_rows(g: &Geodata, p: &Plan) -> Vec<Row> {
    let mut out = geodata_rows(g);
    out.extend(plan_rows(p));
    out
}

fn geodata_rows(g: &Geodata) -> Vec<Row> {
    let mut out = Vec::new();
    for (v, units) in &g.municipalities {
        let kind = unit_kind(*v);
        for (i, m) in units.iter().enumerate() {
            let geom = Geometry::MultiPolygon(m.geometry.clone());
            out.push(row(kind, &m.code, i, Some(geom), body(m)));
        }
    }
    for (i, (id, mp)) in [("plan_territory", &g.plan_territory), ("latvia", &g.latvia)]
        .into_iter()
        .enumerate()
    {
        let geom = Geometry::MultiPolygon(mp.clone());
        out.push(row(Kind::Outline, id, i, Some(geom), Value::Null));
    }
    for (i, b) in g.border.iter().enumerate() {
        let geom = Geometry::LineString(b.geometry.clone());
        out.push(row(
            Kind::Border,
            &format!("border-{i}"),
            i,
            Some(geom),
            body(b),
        ));
    }
    for (i, s) in g.settlements.iter().enumerate() {
        let id = s.geonameid.to_string();
        out.push(row(Kind::Settlement, &id, i, Some(s.point.into()), body(s)));
    }
    for (i, c) in g.crossings.iter().enumerate() {
        out.push(row(Kind::Crossing, &c.id, i, Some(c.point.into()), body(c)));
    }
    out
}

fn plan_rows(p: &Plan) -> Vec<Row> {
    let mut out = Vec::new();
    let mut loc_seq = 0;
    for (i, m) in p.measures.iter().enumerate() {
        out.push(row(Kind::Measure, &m.id, i, None, body(m)));
        for l in &m.locations {
            out.push(location_row(&m.id, l, loc_seq));
            loc_seq += 1;
        }
    }
    for (i, f) in p.funding_pools.iter().enumerate() {
        out.push(row(Kind::Pool, &f.id, i, None, body(f)));
    }
    for (i, s) in p.statements.iter().enumerate() {
        out.push(row(Kind::Statement, &s.id, i, None, body(s)));
    }
    out
}

/// A location as a row: its place's geometry in the column, the rest in the body.
pub fn location_row(measure_id: &str, l: &Location, seq: usize) -> Row {
    let (place, geometry) = match &l.place {
        Place::Geometry(g) => (PlaceBody::Geometry, Some(g.clone())),
        Place::Settlement { name, point } => (
            PlaceBody::Settlement { name: name.clone() },
            Some(Geometry::Point(*point)),
        ),
        Place::Municipalities(codes) => (
            PlaceBody::Municipalities {
                codes: codes.clone(),
            },
            None,
        ),
        Place::PlanTerritory => (PlaceBody::PlanTerritory, None),
    };
    let b = LocationBody {
        name: l.name.clone(),
        place,
        precision: l.precision,
        provenance: l.provenance.clone(),
        municipalities: l.municipalities.clone(),
        site_status: l.site_status.clone(),
        note: l.note.clone(),
    };
    let mut r = row(Kind::Location, &l.id, seq, geometry, body(&b));
    r.parent = Some(measure_id.to_string());
    r
}

fn unit_kind(v: Vintage) -> Kind {
    match v {
        Vintage::V2021 => Kind::Unit2021,
        Vintage::Current => Kind::UnitCurrent,
    }
}

fn decode<T: DeserializeOwned>(r: &Row) -> Result<T, StoreError> {
    T::deserialize(&r.body).map_err(|e| StoreError::Record {
        kind: r.kind.as_str(),
        id: r.id.clone(),
        reason: e.to_string(),
    })
}

fn bad(r: &Row, reason: &str) -> StoreError {
    StoreError::Record {
        kind: r.kind.as_str(),
        id: r.id.clone(),
        reason: reason.to_string(),
    }
}

fn multi_polygon(r: &Row) -> Result<MultiPolygon<f64>, StoreError> {
    match &r.geometry {
        Some(Geometry::MultiPolygon(mp)) => Ok(mp.clone()),
        Some(Geometry::Polygon(p)) => Ok(MultiPolygon::new(vec![p.clone()])),
        _ => Err(bad(r, "the geometry is not a (multi)polygon")),
    }
}

fn point(r: &Row) -> Result<Point<f64>, StoreError> {
    match &r.geometry {
        Some(Geometry::Point(p)) => Ok(*p),
        _ => Err(bad(r, "the geometry is not a point")),
    }
}

fn line(r: &Row) -> Result<LineString<f64>, StoreError> {
    match &r.geometry {
        Some(Geometry::LineString(l)) => Ok(l.clone()),
        _ => Err(bad(r, "the geometry is not a line string")),
    }
}

/// Assembles the model from rows (any order; each kind is put in `seq` order).
pub fn from_rows(mut rows: Vec<Row>) -> Result<(Geodata, Plan), StoreError> {
    rows.sort_by(|a, b| (a.kind, a.seq, &a.id).cmp(&(b.kind, b.seq, &b.id)));
    let mut g = Geodata::default();
    let mut p = Plan::default();
    let mut locations: BTreeMap<String, Vec<Location>> = BTreeMap::new();
    for r in &rows {
        match r.kind {
            Kind::Unit2021 | Kind::UnitCurrent => {
                let mut m: Municipality = decode(r)?;
                m.geometry = multi_polygon(r)?;
                g.municipalities.entry(m.vintage).or_default().push(m);
            }
            Kind::Outline => outline(&mut g, r)?,
            Kind::Border => {
                let mut b: BorderSegment = decode(r)?;
                b.geometry = line(r)?;
                g.border.push(b);
            }
            Kind::Settlement => {
                let mut s: Settlement = decode(r)?;
                s.point = point(r)?;
                g.settlements.push(s);
            }
            Kind::Crossing => {
                let mut c: Crossing = decode(r)?;
                c.point = point(r)?;
                g.crossings.push(c);
            }
            Kind::Measure => p.measures.push(decode::<Measure>(r)?),
            Kind::Location => {
                let parent = r.parent.clone().ok_or_else(|| bad(r, "no measure"))?;
                locations.entry(parent).or_default().push(location(r)?);
            }
            Kind::Pool => p.funding_pools.push(decode::<FundingPool>(r)?),
            Kind::Statement => p.statements.push(decode::<PlanStatement>(r)?),
        }
    }
    attach_locations(&mut p, locations)?;
    Ok((g, p))
}

fn outline(g: &mut Geodata, r: &Row) -> Result<(), StoreError> {
    let mp = multi_polygon(r)?;
    match r.id.as_str() {
        "plan_territory" => g.plan_territory = mp,
        "latvia" => g.latvia = mp,
        _ => return Err(bad(r, "unknown outline")),
    }
    Ok(())
}

fn location(r: &Row) -> Result<Location, StoreError> {
    let b: LocationBody = decode(r)?;
    let place = match b.place {
        PlaceBody::Geometry => Place::Geometry(
            r.geometry
                .clone()
                .ok_or_else(|| bad(r, "a geometry place without a geometry"))?,
        ),
        PlaceBody::Settlement { name } => Place::Settlement {
            name,
            point: point(r)?,
        },
        PlaceBody::Municipalities { codes } => Place::Municipalities(codes),
        PlaceBody::PlanTerritory => Place::PlanTerritory,
    };
    Ok(Location {
        id: r.id.clone(),
        name: b.name,
        place,
        precision: b.precision,
        provenance: b.provenance,
        municipalities: b.municipalities,
        site_status: b.site_status,
        note: b.note,
    })
}

fn attach_locations(
    p: &mut Plan,
    mut locations: BTreeMap<String, Vec<Location>>,
) -> Result<(), StoreError> {
    for m in &mut p.measures {
        m.locations = locations.remove(&m.id).unwrap_or_default();
    }
    match locations.into_iter().next() {
        Some((measure, ls)) => Err(StoreError::Record {
            kind: Kind::Location.as_str(),
            id: ls.first().map(|l| l.id.clone()).unwrap_or_default(),
            reason: format!("its measure {measure:?} is not stored"),
        }),
        None => Ok(()),
    }
}
