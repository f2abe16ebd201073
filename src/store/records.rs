//! The model as store rows and back: every typed struct is its JSON body plus
//! its geometry in a column of its own.

use std::collections::HashMap;

use geo::{Geometry, LineString, MultiPolygon, Point};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::row::{Kind, RawRow, Row};
use super::wkb;
use super::StoreError;
use crate::model::{
    Allocation, BorderSegment, Crossing, FundingPool, Geodata, IndicatorValue, Location, Measure,
    Municipality, Place, Plan, PlanStatement, Precision, Progress, ProgressRecord, Settlement,
    StageRecord, Vintage,
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
    out.extend(progress_rows(&p.progress));
    out
}

/// Progress records: no geometry, each under its measure.
fn progress_rows(p: &Progress) -> Vec<Row> {
    let stages = p.stages.iter().cloned().map(ProgressRecord::Stage);
    let values = p.values.iter().cloned().map(ProgressRecord::Value);
    let allocations = p
        .allocations
        .iter()
        .cloned()
        .map(ProgressRecord::Allocation);
    let mut out = Vec::new();
    for (i, r) in stages.enumerate() {
        out.push(progress_row(&r, i as i64));
    }
    for (i, r) in values.enumerate() {
        out.push(progress_row(&r, i as i64));
    }
    for (i, r) in allocations.enumerate() {
        out.push(progress_row(&r, i as i64));
    }
    out
}

/// The store kind of a progress record.
pub fn progress_kind(r: &ProgressRecord) -> Kind {
    match r {
        ProgressRecord::Stage(_) => Kind::Stage,
        ProgressRecord::Value(_) => Kind::IndicatorValue,
        ProgressRecord::Allocation(_) => Kind::Allocation,
    }
}

/// A progress record as a row: no geometry, under its measure.
pub fn progress_row(r: &ProgressRecord, seq: i64) -> Row {
    let b = match r {
        ProgressRecord::Stage(x) => body(x),
        ProgressRecord::Value(x) => body(x),
        ProgressRecord::Allocation(x) => body(x),
    };
    Row {
        kind: progress_kind(r),
        id: r.id().to_string(),
        parent: Some(r.measure_id().to_string()),
        seq,
        geometry: None,
        body: b,
    }
}

/// A stored progress row as its record.
pub fn progress_from_row(row: &Row) -> Result<ProgressRecord, StoreError> {
    let bad = |e: serde_json::Error| StoreError::Record {
        kind: row.kind.as_str(),
        id: row.id.clone(),
        reason: e.to_string(),
    };
    let b = row.body.clone();
    match row.kind {
        Kind::Stage => serde_json::from_value(b).map(ProgressRecord::Stage),
        Kind::IndicatorValue => serde_json::from_value(b).map(ProgressRecord::Value),
        Kind::Allocation => serde_json::from_value(b).map(ProgressRecord::Allocation),
        _ => {
            return Err(StoreError::Record {
                kind: row.kind.as_str(),
                id: row.id.clone(),
                reason: "not a progress record".into(),
            })
        }
    }
    .map_err(bad)
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

fn decode<T: DeserializeOwned>(r: &RawRow<'_>) -> Result<T, StoreError> {
    serde_json::from_str(r.body.unwrap_or("null")).map_err(|e| bad(r, &e.to_string()))
}

fn bad(r: &RawRow<'_>, reason: &str) -> StoreError {
    StoreError::Record {
        kind: r.kind.as_str(),
        id: r.id.to_string(),
        reason: reason.to_string(),
    }
}

fn geometry(r: &RawRow<'_>) -> Result<Option<Geometry<f64>>, StoreError> {
    r.geom.map(wkb::decode).transpose().map_err(|e| bad(r, &e))
}

fn multi_polygon(r: &RawRow<'_>) -> Result<MultiPolygon<f64>, StoreError> {
    match geometry(r)? {
        Some(Geometry::MultiPolygon(mp)) => Ok(mp),
        Some(Geometry::Polygon(p)) => Ok(MultiPolygon::new(vec![p])),
        _ => Err(bad(r, "the geometry is not a (multi)polygon")),
    }
}

fn point(r: &RawRow<'_>) -> Result<Point<f64>, StoreError> {
    match geometry(r)? {
        Some(Geometry::Point(p)) => Ok(p),
        _ => Err(bad(r, "the geometry is not a point")),
    }
}

fn line(r: &RawRow<'_>) -> Result<LineString<f64>, StoreError> {
    match geometry(r)? {
        Some(Geometry::LineString(l)) => Ok(l),
        _ => Err(bad(r, "the geometry is not a line string")),
    }
}

/// Builds the model from records handed over one at a time, in any order; each
/// kind ends up in `seq` order (ties by id). Nothing but the model is kept, so a
/// snapshot's peak memory is the model's.
#[derive(Default)]
pub struct Assembler {
    units: Vec<(i64, Municipality)>,
    outlines: Geodata,
    border: Vec<(i64, BorderSegment)>,
    settlements: Vec<(i64, Settlement)>,
    crossings: Vec<(i64, Crossing)>,
    measures: Vec<(i64, Measure)>,
    pools: Vec<(i64, FundingPool)>,
    statements: Vec<(i64, PlanStatement)>,
    stages: Vec<(i64, StageRecord)>,
    values: Vec<(i64, IndicatorValue)>,
    allocations: Vec<(i64, Allocation)>,
    /// Each measure's locations, by the slot `parents` gives the measure's id.
    locations: Vec<Vec<(i64, Location)>>,
    parents: HashMap<String, usize>,
}

impl super::Sink for Assembler {
    /// Decodes one record into the model under construction.
    fn add(&mut self, r: RawRow<'_>) -> Result<(), StoreError> {
        let seq = r.seq;
        match r.kind {
            Kind::Unit2021 | Kind::UnitCurrent => {
                let mut m: Municipality = decode(&r)?;
                m.geometry = multi_polygon(&r)?;
                self.units.push((seq, m));
            }
            Kind::Outline => self.outline(&r)?,
            Kind::Border => {
                let mut b: BorderSegment = decode(&r)?;
                b.geometry = line(&r)?;
                self.border.push((seq, b));
            }
            Kind::Settlement => {
                let mut s: Settlement = decode(&r)?;
                s.point = point(&r)?;
                self.settlements.push((seq, s));
            }
            Kind::Crossing => {
                let mut c: Crossing = decode(&r)?;
                c.point = point(&r)?;
                self.crossings.push((seq, c));
            }
            Kind::Measure => self.measures.push((seq, decode(&r)?)),
            Kind::Location => self.location(&r)?,
            Kind::Pool => self.pools.push((seq, decode(&r)?)),
            Kind::Statement => self.statements.push((seq, decode(&r)?)),
            Kind::Stage => self.stages.push((seq, decode(&r)?)),
            Kind::IndicatorValue => self.values.push((seq, decode(&r)?)),
            Kind::Allocation => self.allocations.push((seq, decode(&r)?)),
        }
        Ok(())
    }

    fn merge(&mut self, o: Self) {
        self.units.extend(o.units);
        let g = &mut self.outlines;
        for (mine, theirs) in [
            (&mut g.plan_territory, o.outlines.plan_territory),
            (&mut g.latvia, o.outlines.latvia),
        ] {
            if !theirs.0.is_empty() {
                *mine = theirs;
            }
        }
        self.border.extend(o.border);
        self.settlements.extend(o.settlements);
        self.crossings.extend(o.crossings);
        self.measures.extend(o.measures);
        self.pools.extend(o.pools);
        self.statements.extend(o.statements);
        self.stages.extend(o.stages);
        self.values.extend(o.values);
        self.allocations.extend(o.allocations);
        let mut theirs = o.locations;
        for (parent, slot) in o.parents {
            let ls = std::mem::take(&mut theirs[slot]);
            match self.parents.get(&parent) {
                Some(&mine) => self.locations[mine].extend(ls),
                None => {
                    self.parents.insert(parent, self.locations.len());
                    self.locations.push(ls);
                }
            }
        }
    }
}

impl Assembler {
    fn outline(&mut self, r: &RawRow<'_>) -> Result<(), StoreError> {
        let mp = multi_polygon(r)?;
        match r.id {
            "plan_territory" => self.outlines.plan_territory = mp,
            "latvia" => self.outlines.latvia = mp,
            _ => return Err(bad(r, "unknown outline")),
        }
        Ok(())
    }

    fn location(&mut self, r: &RawRow<'_>) -> Result<(), StoreError> {
        let parent = r.parent.ok_or_else(|| bad(r, "no measure"))?;
        let loc = location(r)?;
        let slot = match self.parents.get(parent) {
            Some(&slot) => slot,
            None => {
                self.parents
                    .insert(parent.to_string(), self.locations.len());
                self.locations.push(Vec::new());
                self.locations.len() - 1
            }
        };
        self.locations[slot].push((r.seq, loc));
        Ok(())
    }

    /// The geography and the plan, each kind in order.
    pub fn finish(mut self) -> Result<(Geodata, Plan), StoreError> {
        let mut g = std::mem::take(&mut self.outlines);
        for m in sorted(self.units, |m| &m.code) {
            g.municipalities.entry(m.vintage).or_default().push(m);
        }
        g.border = sorted(self.border, |_| "");
        g.settlements = sorted(self.settlements, |_| "");
        g.crossings = sorted(self.crossings, |c| &c.id);
        let mut p = Plan {
            measures: sorted(self.measures, |m| &m.id),
            funding_pools: sorted(self.pools, |f| &f.id),
            statements: sorted(self.statements, |s| &s.id),
            progress: Progress {
                stages: sorted(self.stages, |r| &r.id),
                values: sorted(self.values, |r| &r.id),
                allocations: sorted(self.allocations, |r| &r.id),
            },
        };
        for m in &mut p.measures {
            if let Some(slot) = self.parents.remove(&m.id) {
                let ls = std::mem::take(&mut self.locations[slot]);
                m.locations = sorted(ls, |l| &l.id);
            }
        }
        match self.parents.into_iter().next() {
            Some((measure, slot)) => Err(StoreError::Record {
                kind: Kind::Location.as_str(),
                id: self.locations[slot]
                    .first()
                    .map(|(_, l)| l.id.clone())
                    .unwrap_or_default(),
                reason: format!("its measure {measure:?} is not stored"),
            }),
            None => Ok((g, p)),
        }
    }
}

/// The items in (seq, id) order.
fn sorted<T>(mut v: Vec<(i64, T)>, id: impl Fn(&T) -> &str) -> Vec<T> {
    v.sort_by(|a, b| (a.0, id(&a.1)).cmp(&(b.0, id(&b.1))));
    v.into_iter().map(|(_, t)| t).collect()
}

/// A stored location row (already decoded) as the model.
pub fn location_from_row(r: &Row) -> Result<Location, StoreError> {
    let bad = |reason: String| StoreError::Record {
        kind: r.kind.as_str(),
        id: r.id.clone(),
        reason,
    };
    let mut b = LocationBody::deserialize(&r.body).map_err(|e| bad(e.to_string()))?;
    let place = match (take_place(&mut b), &r.geometry) {
        (PlaceBody::Geometry, Some(g)) => Place::Geometry(g.clone()),
        (PlaceBody::Settlement { name }, Some(Geometry::Point(point))) => Place::Settlement {
            name,
            point: *point,
        },
        (PlaceBody::Municipalities { codes }, _) => Place::Municipalities(codes),
        (PlaceBody::PlanTerritory, _) => Place::PlanTerritory,
        _ => return Err(bad("the place does not match the geometry".into())),
    };
    Ok(located(r.id.clone(), b, place))
}

fn located(id: String, b: LocationBody, place: Place) -> Location {
    Location {
        id,
        name: b.name,
        place,
        precision: b.precision,
        provenance: b.provenance,
        municipalities: b.municipalities,
        site_status: b.site_status,
        note: b.note,
    }
}

fn take_place(b: &mut LocationBody) -> PlaceBody {
    std::mem::replace(&mut b.place, PlaceBody::PlanTerritory)
}

fn location(r: &RawRow<'_>) -> Result<Location, StoreError> {
    let mut b: LocationBody = decode(r)?;
    let place = match take_place(&mut b) {
        PlaceBody::Geometry => Place::Geometry(
            geometry(r)?.ok_or_else(|| bad(r, "a geometry place without a geometry"))?,
        ),
        PlaceBody::Settlement { name } => Place::Settlement {
            name,
            point: point(r)?,
        },
        PlaceBody::Municipalities { codes } => Place::Municipalities(codes),
        PlaceBody::PlanTerritory => Place::PlanTerritory,
    };
    Ok(located(r.id.to_string(), b, place))
}
