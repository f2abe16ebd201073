//! Reads geodata/*.geojson into [`Geodata`], validating as it goes.
//!
//! Every problem is collected as a [`DataError`] naming the file, the feature (its
//! `id`, or `feature #N` with N the 0-based index in `features` when there is no id)
//! and the field (a property name, `id` or `geometry`). Checked: JSON and GeoJSON
//! shape, required and typed properties, duplicate codes and ids, ring validity
//! (closed, ≥ 4 positions, no self-intersection), coordinates inside WGS84 and near
//! Latvia, and unit codes referenced by settlements and crossings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use geo::{Coord, LineString, MultiPolygon, Point, Polygon};
use serde_json::{Map, Value};

use super::{DataError, DataErrors};
use crate::geom::validity::ring_problem;
use crate::model::{
    BorderSegment, Country, Crossing, Geodata, Municipality, Precision, Settlement, UnitKind,
    Vintage,
};

/// File names inside geodata/.
pub const MUNICIPALITIES_2021: &str = "municipalities_2021.geojson";
pub const MUNICIPALITIES_CURRENT: &str = "municipalities_current.geojson";
pub const PLAN_TERRITORY: &str = "plan_territory.geojson";
pub const LATVIA: &str = "latvia.geojson";
pub const BORDER: &str = "border.geojson";
pub const SETTLEMENTS: &str = "settlements.geojson";
pub const BORDER_CROSSINGS: &str = "border_crossings.geojson";

/// Latvia's extent with a margin, degrees: a coordinate outside it is a data error
/// (swapped axes, a wrong CRS).
const LON_RANGE: (f64, f64) = (20.0, 29.5);
const LAT_RANGE: (f64, f64) = (55.0, 58.5);

/// Reads and validates every file in geodata/.
pub fn load_geodata(dir: &Path) -> Result<Geodata, DataErrors> {
    let mut errors = Vec::new();
    let mut g = Geodata::default();
    for (vintage, name) in [
        (Vintage::V2021, MUNICIPALITIES_2021),
        (Vintage::Current, MUNICIPALITIES_CURRENT),
    ] {
        let units = read_features(&dir.join(name), &mut errors)
            .map(|fs| municipalities(&dir.join(name), vintage, &fs, &mut errors))
            .unwrap_or_default();
        g.municipalities.insert(vintage, units);
    }
    for (name, target) in [
        (PLAN_TERRITORY, &mut g.plan_territory),
        (LATVIA, &mut g.latvia),
    ] {
        let path = dir.join(name);
        if let Some(fs) = read_features(&path, &mut errors) {
            let mut all = Vec::new();
            for (i, f) in fs.iter().enumerate() {
                let mut c = Ctx::new(&path, i, f, &mut errors);
                if let Some(mp) = c.multipolygon() {
                    all.extend(mp.0);
                }
            }
            *target = MultiPolygon::new(all);
        }
    }
    let path = dir.join(BORDER);
    if let Some(fs) = read_features(&path, &mut errors) {
        g.border = fs
            .iter()
            .enumerate()
            .filter_map(|(i, f)| border_segment(&mut Ctx::new(&path, i, f, &mut errors)))
            .collect();
    }
    let codes =
        |v: Vintage| -> BTreeSet<String> { g.units(v).iter().map(|m| m.code.clone()).collect() };
    let (codes_2021, codes_now) = (codes(Vintage::V2021), codes(Vintage::Current));
    let path = dir.join(SETTLEMENTS);
    if let Some(fs) = read_features(&path, &mut errors) {
        g.settlements = fs
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                settlement(
                    &mut Ctx::new(&path, i, f, &mut errors),
                    &codes_2021,
                    &codes_now,
                )
            })
            .collect();
    }
    let path = dir.join(BORDER_CROSSINGS);
    if let Some(fs) = read_features(&path, &mut errors) {
        g.crossings = fs
            .iter()
            .enumerate()
            .filter_map(|(i, f)| crossing(&mut Ctx::new(&path, i, f, &mut errors), &codes_2021))
            .collect();
    }
    if errors.is_empty() {
        Ok(g)
    } else {
        Err(DataErrors(errors))
    }
}

/// The features of a FeatureCollection, with duplicate ids reported.
fn read_features(path: &Path, errors: &mut Vec<DataError>) -> Option<Vec<Value>> {
    let whole = |msg: String| DataError::new(path, "-", "-", msg);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            errors.push(whole(format!("cannot read: {e}")));
            return None;
        }
    };
    let doc: Value = match serde_json::from_str(&text) {
        Ok(d) => d,
        Err(e) => {
            errors.push(whole(format!("not JSON: {e}")));
            return None;
        }
    };
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        errors.push(DataError::new(path, "-", "type", "not a FeatureCollection"));
        return None;
    }
    let Some(fs) = doc.get("features").and_then(Value::as_array) else {
        errors.push(DataError::new(
            path,
            "-",
            "features",
            "missing or not an array",
        ));
        return None;
    };
    let mut seen = BTreeSet::new();
    for f in fs {
        if let Some(id) = f.get("id").and_then(Value::as_str) {
            if !seen.insert(id.to_string()) {
                errors.push(DataError::new(path, id, "id", "duplicate feature id"));
            }
        }
    }
    Some(fs.clone())
}

/// One feature being read: where it is, and the errors found so far.
struct Ctx<'a> {
    file: PathBuf,
    record: String,
    feature: &'a Value,
    props: Option<&'a Map<String, Value>>,
    errors: &'a mut Vec<DataError>,
}

impl<'a> Ctx<'a> {
    fn new(file: &Path, index: usize, feature: &'a Value, errors: &'a mut Vec<DataError>) -> Self {
        let record = feature
            .get("id")
            .and_then(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_u64().map(|n| n.to_string()))
            })
            .unwrap_or_else(|| format!("feature #{index}"));
        let props = feature.get("properties").and_then(Value::as_object);
        let mut c = Ctx {
            file: file.to_path_buf(),
            record,
            feature,
            props,
            errors,
        };
        if c.props.is_none() {
            c.err("properties", "missing or not an object");
        }
        c
    }

    fn err(&mut self, field: &str, msg: impl Into<String>) {
        self.errors
            .push(DataError::new(&self.file, &self.record, field, msg));
    }

    /// A property that must be present (null allowed only when `nullable`).
    fn get(&mut self, field: &str, nullable: bool) -> Option<&'a Value> {
        let props = self.props?;
        match props.get(field) {
            None => {
                self.err(field, "missing");
                None
            }
            Some(Value::Null) if !nullable => {
                self.err(field, "is null");
                None
            }
            Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    fn string(&mut self, field: &str) -> Option<String> {
        let v = self.get(field, false)?;
        match v.as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.to_string()),
            Some(_) => {
                self.err(field, "is empty");
                None
            }
            None => {
                self.err(field, format!("expected a string, found {v}"));
                None
            }
        }
    }

    /// A string that may be absent altogether (an optional extra property).
    fn extra_string(&mut self, field: &str) -> Option<String> {
        if self.props.is_some_and(|p| !p.contains_key(field)) {
            return None;
        }
        self.opt_string(field)
    }

    /// A number that may be absent altogether (an optional extra property).
    fn extra_f64(&mut self, field: &str) -> Option<f64> {
        if self.props.is_some_and(|p| !p.contains_key(field)) {
            return None;
        }
        self.opt_f64(field)
    }

    fn opt_string(&mut self, field: &str) -> Option<String> {
        let v = self.get(field, true)?;
        let s = v.as_str().map(str::to_string);
        if s.is_none() {
            self.err(field, format!("expected a string or null, found {v}"));
        }
        s
    }

    fn opt_u64(&mut self, field: &str) -> Option<u64> {
        let v = self.get(field, true)?;
        let n = v.as_u64();
        if n.is_none() {
            self.err(
                field,
                format!("expected a non-negative integer or null, found {v}"),
            );
        }
        n
    }

    fn u64(&mut self, field: &str) -> Option<u64> {
        let v = self.get(field, false)?;
        let n = v.as_u64();
        if n.is_none() {
            self.err(field, format!("expected a non-negative integer, found {v}"));
        }
        n
    }

    fn f64(&mut self, field: &str) -> Option<f64> {
        let v = self.get(field, false)?;
        let n = v.as_f64().filter(|x| x.is_finite() && *x >= 0.0);
        if n.is_none() {
            self.err(field, format!("expected a non-negative number, found {v}"));
        }
        n
    }

    fn opt_f64(&mut self, field: &str) -> Option<f64> {
        let v = self.get(field, true)?;
        let n = v.as_f64().filter(|x| x.is_finite() && *x >= 0.0);
        if n.is_none() {
            self.err(
                field,
                format!("expected a non-negative number or null, found {v}"),
            );
        }
        n
    }

    fn bool(&mut self, field: &str) -> Option<bool> {
        let v = self.get(field, false)?;
        let b = v.as_bool();
        if b.is_none() {
            self.err(field, format!("expected true or false, found {v}"));
        }
        b
    }

    fn coord(&mut self, v: &Value, at: &str) -> Option<Coord<f64>> {
        let xy = v
            .as_array()
            .filter(|a| a.len() >= 2)
            .and_then(|a| Some((a[0].as_f64()?, a[1].as_f64()?)));
        let Some((x, y)) = xy else {
            self.err("geometry", format!("{at}: position is not [lon, lat]"));
            return None;
        };
        if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
            self.err(
                "geometry",
                format!("{at}: ({x}, {y}) is out of range for CRS84 lon/lat"),
            );
            return None;
        }
        if !(LON_RANGE.0..=LON_RANGE.1).contains(&x) || !(LAT_RANGE.0..=LAT_RANGE.1).contains(&y) {
            self.err(
                "geometry",
                format!("{at}: ({x}, {y}) is outside Latvia's extent (axes swapped?)"),
            );
            return None;
        }
        Some(Coord { x, y })
    }

    fn positions(&mut self, v: &Value, at: &str) -> Option<Vec<Coord<f64>>> {
        let Some(arr) = v.as_array() else {
            self.err("geometry", format!("{at}: not an array of positions"));
            return None;
        };
        let mut out = Vec::with_capacity(arr.len());
        let mut ok = true;
        for (k, p) in arr.iter().enumerate() {
            match self.coord(p, &format!("{at} position {k}")) {
                Some(c) => out.push(c),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn polygon(&mut self, v: &Value, at: &str) -> Option<Polygon<f64>> {
        let Some(rings) = v.as_array().filter(|r| !r.is_empty()) else {
            self.err("geometry", format!("{at}: not a non-empty array of rings"));
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (r, ring) in rings.iter().enumerate() {
            let where_ = format!("{at} ring {r}");
            match self.positions(ring, &where_) {
                Some(cs) => match ring_problem(&cs) {
                    None => out.push(LineString::new(cs)),
                    Some(p) => {
                        self.err("geometry", format!("{where_}: invalid ring: {p}"));
                        ok = false;
                    }
                },
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let mut it = out.into_iter();
        let ext = it.next()?;
        Some(Polygon::new(ext, it.collect()))
    }

    fn geometry(&mut self, kind: &[&str]) -> Option<(&'a str, &'a Value)> {
        let g = self.feature.get("geometry");
        let t = g.and_then(|g| g.get("type")).and_then(Value::as_str);
        let c = g.and_then(|g| g.get("coordinates"));
        match (t, c) {
            (Some(t), Some(c)) if kind.contains(&t) => Some((t, c)),
            (Some(t), _) => {
                self.err(
                    "geometry",
                    format!("type {t}, expected {}", kind.join(" or ")),
                );
                None
            }
            _ => {
                self.err("geometry", "missing, or without type and coordinates");
                None
            }
        }
    }

    fn multipolygon(&mut self) -> Option<MultiPolygon<f64>> {
        let (t, c) = self.geometry(&["Polygon", "MultiPolygon"])?;
        if t == "Polygon" {
            return self
                .polygon(c, "polygon 0")
                .map(|p| MultiPolygon::new(vec![p]));
        }
        let Some(polys) = c.as_array() else {
            self.err("geometry", "MultiPolygon coordinates are not an array");
            return None;
        };
        let parsed: Vec<Option<Polygon<f64>>> = polys
            .iter()
            .enumerate()
            .map(|(i, p)| self.polygon(p, &format!("polygon {i}")))
            .collect();
        let parsed: Option<Vec<Polygon<f64>>> = parsed.into_iter().collect();
        parsed.map(MultiPolygon::new)
    }

    fn point(&mut self) -> Option<Point<f64>> {
        let (_, c) = self.geometry(&["Point"])?;
        self.coord(c, "point").map(Point::from)
    }
}

fn municipalities(
    file: &Path,
    vintage: Vintage,
    features: &[Value],
    errors: &mut Vec<DataError>,
) -> Vec<Municipality> {
    let mut out: Vec<Municipality> = Vec::new();
    let mut codes = BTreeSet::new();
    for (i, f) in features.iter().enumerate() {
        let mut c = Ctx::new(file, i, f, errors);
        if f.get("id").and_then(Value::as_str).is_none() {
            c.err("id", "missing top-level feature id (the ISO code)");
        }
        let code = c.string("code");
        if let Some(code) = &code {
            if !codes.insert(code.clone()) {
                c.err("code", format!("duplicate code {code}"));
            }
            if f.get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| id != code)
            {
                c.err("id", format!("id differs from code {code}"));
            }
        }
        let kind = c.string("kind").and_then(|k| match k.as_str() {
            "state_city" => Some(UnitKind::StateCity),
            "novads" => Some(UnitKind::Novads),
            other => {
                c.err(
                    "kind",
                    format!("expected state_city or novads, found {other}"),
                );
                None
            }
        });
        // Every field is read (and every error recorded) before any is required.
        let name_lv = c.string("name_lv");
        let name_en = c.string("name_en");
        let planning_region = c.string("planning_region");
        let valid_from = c.string("valid_from");
        let valid_to = c.opt_string("valid_to");
        let population = c.opt_u64("population");
        let population_year = c.opt_u64("population_year");
        let population_date = c.opt_string("population_date");
        let population_source = c.opt_string("population_source");
        let area_km2 = c.f64("area_km2");
        let official_area_km2 = c.opt_f64("official_area_km2");
        let eastern_border_area = c.bool("eastern_border_area");
        let plan_share = c.extra_f64("plan_share");
        let plan_part = plan_part(&mut c);
        let provenance = c.extra_string("provenance");
        let note = c.extra_string("note");
        let geometry = c.multipolygon();
        let population_year = population_year.and_then(|y| {
            let y16 = u16::try_from(y).ok();
            if y16.is_none() {
                c.err("population_year", format!("{y} is not a year"));
            }
            y16
        });
        let m = (|| {
            Some(Municipality {
                code: code?,
                name_lv: name_lv?,
                name_en: name_en?,
                kind: kind?,
                planning_region: planning_region?,
                vintage,
                valid_from: valid_from?,
                valid_to,
                population,
                population_year,
                population_date,
                population_source,
                area_km2: area_km2?,
                official_area_km2,
                eastern_border_area: eastern_border_area?,
                plan_share,
                plan_part,
                provenance,
                note,
                geometry: geometry?,
            })
        })();
        if let Some(m) = m {
            out.push(m);
        }
    }
    out
}

/// `plan_area_km2` and `plan_population` together, or neither.
fn plan_part(c: &mut Ctx) -> Option<crate::model::PlanPart> {
    let area = c.extra_f64("plan_area_km2");
    let population = c.extra_f64("plan_population").and_then(|p| {
        let whole = p >= 0.0 && p.fract() == 0.0;
        if !whole {
            c.err(
                "plan_population",
                format!("{p} is not a whole number of people"),
            );
        }
        whole.then_some(p as u64)
    });
    match (area, population) {
        (Some(area_km2), Some(population)) => Some(crate::model::PlanPart {
            area_km2,
            population,
        }),
        (None, None) => None,
        _ => {
            c.err(
                "plan_population",
                "plan_area_km2 and plan_population go together",
            );
            None
        }
    }
}

fn border_segment(c: &mut Ctx) -> Option<BorderSegment> {
    let neighbour = c.string("neighbour");
    let neighbour = neighbour.and_then(|n| {
        let parsed = Country::parse(&n);
        if parsed.is_none() {
            c.err("neighbour", format!("expected RU, BY, LT or EE, found {n}"));
        }
        parsed
    });
    let length_m = c.f64("length_m");
    let (_, coords) = c.geometry(&["LineString"])?;
    let line = c.positions(coords, "line")?;
    if line.len() < 2 {
        c.err("geometry", "a LineString needs at least 2 positions");
        return None;
    }
    Some(BorderSegment {
        neighbour: neighbour?,
        geometry: LineString::new(line),
        length_m: length_m?,
    })
}

fn known_code(c: &mut Ctx, field: &str, codes: &BTreeSet<String>) -> Option<String> {
    let code = c.string(field)?;
    if !codes.is_empty() && !codes.contains(&code) {
        c.err(field, format!("unknown unit code {code}"));
        return None;
    }
    Some(code)
}

fn settlement(
    c: &mut Ctx,
    codes_2021: &BTreeSet<String>,
    codes_now: &BTreeSet<String>,
) -> Option<Settlement> {
    let geonameid = c.u64("geonameid");
    let name = c.string("name");
    let population = c.opt_u64("population");
    let population_basis = c.string("population_basis");
    let population_note = c.opt_string("population_note");
    let part_of = c.opt_string("part_of");
    let m21 = known_code(c, "municipality_2021", codes_2021);
    let mnow = known_code(c, "municipality_current", codes_now);
    let provenance = c.string("provenance");
    let assigned_by = c.extra_string("assigned_by");
    let point = c.point();
    Some(Settlement {
        geonameid: geonameid?,
        name: name?,
        population,
        population_basis: population_basis?,
        population_note,
        part_of,
        point: point?,
        municipality_2021: m21?,
        municipality_current: mnow?,
        provenance: provenance?,
        assigned_by,
    })
}

fn crossing(c: &mut Ctx, codes_2021: &BTreeSet<String>) -> Option<Crossing> {
    let id = c
        .feature
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string);
    if id.is_none() {
        c.err("id", "missing top-level feature id (a slug)");
    }
    let name = c.string("name");
    let counterpart = c.opt_string("counterpart");
    let country = c.string("country").and_then(|s| {
        let p = Country::parse(&s).filter(|k| matches!(k, Country::RU | Country::BY));
        if p.is_none() {
            c.err("country", format!("expected RU or BY, found {s}"));
        }
        p
    });
    let mode = c.string("mode");
    let status = c.string("status").and_then(|s| {
        let ok = matches!(s.as_str(), "open" | "closed" | "suspended" | "unknown");
        if !ok {
            c.err(
                "status",
                format!("expected open, closed, suspended or unknown, found {s}"),
            );
        }
        ok.then_some(s)
    });
    let status_detail = c.string("status_detail");
    let status_date = c.opt_string("status_date");
    let precision = c.string("precision").and_then(|s| {
        let p = Precision::parse(&s);
        if p.is_none() {
            c.err(
                "precision",
                format!("expected exact, settlement, municipality or region, found {s}"),
            );
        }
        p
    });
    let provenance = c.string("provenance");
    let municipality_2021 = known_code(c, "municipality_2021", codes_2021);
    let point_basis = c.extra_string("point_basis");
    let notes = c.extra_string("notes");
    let point = c.point();
    Some(Crossing {
        id: id?,
        name: name?,
        counterpart: counterpart.unwrap_or_default(),
        country: country?,
        mode: mode?,
        status: status?,
        status_detail: status_detail?,
        status_date,
        point: point?,
        precision: precision?,
        provenance: provenance?,
        municipality_2021: municipality_2021?,
        point_basis,
        notes,
    })
}

/// Units of one vintage by code (for callers that look units up often).
pub fn units_by_code(g: &Geodata, vintage: Vintage) -> BTreeMap<&str, &Municipality> {
    g.units(vintage)
        .iter()
        .map(|m| (m.code.as_str(), m))
        .collect()
}
