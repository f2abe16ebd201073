//! Turns a written location into a [`Location`]: resolves settlement names and unit codes
//! against geodata/, reads GeoJSON geometries, and enforces what precision a source supports.

use std::path::Path;

use geo::{Contains, Geometry, Intersects, Point};

use super::raw::RawLocation;
use crate::load::DataError;
use crate::model::{Geodata, Location, Place, Precision, Settlement, Vintage};

/// Latvia's extent with a margin, CRS84 degrees: a point outside is a typo or swapped lon/lat.
const LATVIA_LON: (f64, f64) = (20.5, 28.5);
const LATVIA_LAT: (f64, f64) = (55.5, 58.2);

/// What location resolution needs to know about its surroundings.
pub struct Ctx<'a> {
    pub geodata: &'a Geodata,
    /// Units of the plan territory (2021–2025 codes) from plan.toml.
    pub territory: &'a [String],
    pub seeds_dir: &'a Path,
    pub file: &'a Path,
    pub measure_id: &'a str,
    pub sites_not_public: bool,
}

impl Ctx<'_> {
    fn err(&self, field: String, msg: impl Into<String>) -> DataError {
        DataError::new(self.file, self.measure_id, field, msg)
    }

    /// Known 2021 unit codes: from geodata when loaded, else the plan territory.
    fn unit_known(&self, code: &str) -> bool {
        let units = self.geodata.units(Vintage::V2021);
        if units.is_empty() {
            self.territory.iter().any(|c| c == code)
        } else {
            units.iter().any(|m| m.code == code)
        }
    }

    /// Units of the 2021 vintage a geometry touches (empty without geodata).
    fn units_of(&self, g: &Geometry<f64>) -> Vec<String> {
        self.geodata
            .units(Vintage::V2021)
            .iter()
            .filter(|m| match g {
                Geometry::Point(p) => m.geometry.contains(p),
                other => m.geometry.intersects(other),
            })
            .map(|m| m.code.clone())
            .collect()
    }
}

/// The settlement of that name, preferring one in the plan territory, then the most populous.
pub fn find_settlement<'g>(
    geodata: &'g Geodata,
    territory: &[String],
    name: &str,
) -> Option<&'g Settlement> {
    let exact: Vec<&Settlement> = geodata
        .settlements
        .iter()
        .filter(|s| s.name == name)
        .collect();
    let candidates = if exact.is_empty() {
        let lower = name.to_lowercase();
        geodata
            .settlements
            .iter()
            .filter(|s| s.name.to_lowercase() == lower)
            .collect()
    } else {
        exact
    };
    candidates
        .into_iter()
        .max_by_key(|s| (territory.contains(&s.municipality_2021), s.population))
}

/// Resolving one location: what it needs and what it has found so far.
struct Resolver<'c, 'r> {
    ctx: &'c Ctx<'c>,
    raw: &'r RawLocation,
    index: usize,
    errs: Vec<DataError>,
    provenance: String,
    municipalities: Vec<String>,
}

/// A problem after which resolving the location stops.
struct Stop;

impl Resolver<'_, '_> {
    /// `locations[INDEX].FIELD`.
    fn field(&self, name: &str) -> String {
        format!("locations[{}].{name}", self.index)
    }

    fn push(&mut self, field: &str, msg: impl Into<String>) {
        let e = self.ctx.err(self.field(field), msg);
        self.errs.push(e);
    }

    fn check_lonlat(&mut self, lon: f64, lat: f64) {
        let index = self.index;
        let f = move |x: &str| format!("locations[{index}].{x}");
        check_lonlat(self.ctx, &f, lon, lat, &mut self.errs);
    }

    /// Status, id, provenance and the precision, which must parse and fit the
    /// measure and the provenance.
    fn precision(&mut self) -> Result<Precision, Stop> {
        let raw = self.raw;
        if let Some(s) = raw.site_status.as_deref().filter(|s| *s != "candidate") {
            self.push("site_status", format!("{s:?} is not `candidate`"));
        }
        if raw.id.is_empty() || raw.id.contains(['.', '/', ' ']) {
            self.push("id", format!("bad location id {:?}", raw.id));
        }
        if raw.provenance.trim().is_empty() {
            self.push("provenance", "empty provenance");
        }
        let Some(precision) = Precision::parse(&raw.precision) else {
            self.push(
                "precision",
                format!(
                    "unknown precision {:?} (exact, settlement, municipality, region)",
                    raw.precision
                ),
            );
            return Err(Stop);
        };
        if self.ctx.sites_not_public && precision < Precision::Municipality {
            self.push(
                "precision",
                format!(
                    "{} is finer than a measure with sites_not_public allows (municipality or region)",
                    precision.as_str()
                ),
            );
        }
        if precision == Precision::Exact && !raw.provenance.contains("://") {
            self.push(
                "precision",
                "exact precision needs a provenance citing the coordinate (a URL)",
            );
        }
        Ok(precision)
    }

    /// A settlement by name from geodata, or at its cited coordinates.
    fn settlement(&mut self, precision: Precision) -> Result<Option<Place>, Stop> {
        let raw = self.raw;
        if self.ctx.sites_not_public {
            self.push(
                "kind",
                "a settlement location on a measure with sites_not_public",
            );
        }
        if precision != Precision::Settlement {
            self.push(
                "precision",
                format!(
                    "a settlement-name location is known to settlement precision, not {}",
                    precision.as_str()
                ),
            );
        }
        let name = raw.name.clone().unwrap_or_default();
        if name.is_empty() {
            self.push("name", "a settlement location needs a name");
            return Ok(None);
        }
        if let Some(s) = find_settlement(self.ctx.geodata, self.ctx.territory, &name) {
            self.municipalities.push(s.municipality_2021.clone());
            self.provenance = format!(
                "{}; point: geodata settlements (GeoNames {})",
                self.provenance, s.geonameid
            );
            return Ok(Some(Place::Settlement {
                name,
                point: s.point,
            }));
        }
        let (Some(lon), Some(lat)) = (raw.lon, raw.lat) else {
            self.push(
                "name",
                format!("unknown settlement {name:?} (not in geodata settlements, no cited coordinates)"),
            );
            return Ok(None);
        };
        // geodata lacks the name: fall back to the cited coordinates.
        let Some(src) = raw.coords_source.as_deref().filter(|s| !s.is_empty()) else {
            self.push("coords_source", "fallback coordinates need a coords_source");
            return Err(Stop);
        };
        self.check_lonlat(lon, lat);
        let point = Point::new(lon, lat);
        self.municipalities = self.ctx.units_of(&Geometry::Point(point));
        self.provenance = format!("{}; point: {src}", self.provenance);
        Ok(Some(Place::Settlement { name, point }))
    }

    /// A point given by lon and lat.
    fn point(&mut self, precision: Precision) -> Option<Place> {
        if self.ctx.sites_not_public {
            self.push(
                "kind",
                "a point location on a measure with sites_not_public",
            );
        }
        if precision > Precision::Settlement {
            self.push(
                "precision",
                format!("a point cannot stand for {} precision", precision.as_str()),
            );
        }
        let (Some(lon), Some(lat)) = (self.raw.lon, self.raw.lat) else {
            self.push("lon", "a point needs lon and lat");
            return None;
        };
        self.check_lonlat(lon, lat);
        let g = Geometry::Point(Point::new(lon, lat));
        self.municipalities = self.ctx.units_of(&g);
        Some(Place::Geometry(g))
    }

    /// A list of 2021 unit codes.
    fn unit_list(&mut self, precision: Precision) -> Option<Place> {
        let raw = self.raw;
        if precision < Precision::Municipality {
            self.push(
                "precision",
                format!("a list of units is not {} precision", precision.as_str()),
            );
        }
        if raw.codes.is_empty() {
            self.push("codes", "no unit codes");
        }
        for (i, code) in raw.codes.iter().enumerate() {
            if !self.ctx.unit_known(code) {
                let e = self.ctx.err(
                    format!("locations[{}].codes[{i}]", self.index),
                    format!("unknown municipality code {code:?} in the 2021 vintage"),
                );
                self.errs.push(e);
            }
        }
        self.municipalities = raw.codes.clone();
        Some(Place::Municipalities(raw.codes.clone()))
    }

    /// The whole plan territory.
    fn plan_territory(&mut self, precision: Precision) -> Option<Place> {
        if precision != Precision::Region {
            self.push("precision", "the plan territory is region precision");
        }
        self.municipalities = self.ctx.territory.to_vec();
        Some(Place::PlanTerritory)
    }

    /// A geometry in a GeoJSON file under seeds/.
    fn geojson(&mut self) -> Option<Place> {
        if self.ctx.sites_not_public {
            self.push("kind", "a geometry on a measure with sites_not_public");
        }
        let Some(rel) = self.raw.file.as_deref() else {
            self.push("file", "a geojson location needs a file");
            return None;
        };
        match read_geometry(&self.ctx.seeds_dir.join(rel)) {
            Ok(g) => {
                self.municipalities = self.ctx.units_of(&g);
                Some(Place::Geometry(g))
            }
            Err(msg) => {
                self.push("file", format!("{rel}: {msg}"));
                None
            }
        }
    }

    /// The place of the location's kind.
    fn place(&mut self, precision: Precision) -> Result<Option<Place>, Stop> {
        Ok(match self.raw.kind.as_str() {
            "settlement" => self.settlement(precision)?,
            "point" => self.point(precision),
            "municipalities" => self.unit_list(precision),
            "plan_territory" => self.plan_territory(precision),
            "geojson" => self.geojson(),
            other => {
                self.push(
                    "kind",
                    format!("unknown location kind {other:?} (settlement, point, municipalities, plan_territory, geojson)"),
                );
                None
            }
        })
    }

    /// A located place must lie in the plan territory, once geodata can tell.
    fn check_in_territory(&mut self) {
        if self.ctx.geodata.units(Vintage::V2021).is_empty() {
            return;
        }
        let outside = self
            .municipalities
            .iter()
            .any(|c| !self.ctx.territory.contains(c));
        if self.municipalities.is_empty() || outside {
            let msg = format!(
                "location lies outside the plan territory (units: {:?})",
                self.municipalities
            );
            self.push("kind", msg);
        }
    }
}

/// Resolves one location; `Err` carries every problem found in it.
pub fn resolve(ctx: &Ctx, index: usize, raw: &RawLocation) -> Result<Location, Vec<DataError>> {
    let mut r = Resolver {
        ctx,
        raw,
        index,
        errs: Vec::new(),
        provenance: raw.provenance.clone(),
        municipalities: Vec::new(),
    };
    let Ok(precision) = r.precision() else {
        return Err(r.errs);
    };
    let Ok(place) = r.place(precision) else {
        return Err(r.errs);
    };
    if place.is_some() {
        r.check_in_territory();
    }
    match place {
        Some(place) if r.errs.is_empty() => Ok(Location {
            id: format!("{}/{}", ctx.measure_id, raw.id),
            name: raw.name.clone(),
            place,
            precision,
            provenance: r.provenance,
            municipalities: r.municipalities,
            site_status: raw.site_status.clone(),
            note: raw.note.clone(),
        }),
        _ => Err(r.errs),
    }
}

fn check_lonlat(
    ctx: &Ctx,
    f: &dyn Fn(&str) -> String,
    lon: f64,
    lat: f64,
    errs: &mut Vec<DataError>,
) {
    if !(-180.0..=180.0).contains(&lon) || !lon.is_finite() {
        errs.push(ctx.err(
            f("lon"),
            format!("longitude {lon} out of range [-180, 180]"),
        ));
    } else if !(LATVIA_LON.0..=LATVIA_LON.1).contains(&lon) {
        errs.push(ctx.err(
            f("lon"),
            format!("longitude {lon} out of range for Latvia (lon/lat swapped?)"),
        ));
    }
    if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() {
        errs.push(ctx.err(f("lat"), format!("latitude {lat} out of range [-90, 90]")));
    } else if !(LATVIA_LAT.0..=LATVIA_LAT.1).contains(&lat) {
        errs.push(ctx.err(
            f("lat"),
            format!("latitude {lat} out of range for Latvia (lon/lat swapped?)"),
        ));
    }
}

/// Reads a GeoJSON file holding one geometry, feature or single-feature collection.
fn read_geometry(path: &Path) -> Result<Geometry<f64>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let gj: geojson::GeoJson = text.parse().map_err(|e: geojson::Error| e.to_string())?;
    let geometry = match gj {
        geojson::GeoJson::Geometry(g) => g,
        geojson::GeoJson::Feature(f) => f.geometry.ok_or("feature without geometry")?,
        geojson::GeoJson::FeatureCollection(fc) => {
            let mut it = fc.features.into_iter();
            match (it.next(), it.next()) {
                (Some(f), None) => f.geometry.ok_or("feature without geometry")?,
                _ => return Err("expected exactly one feature".into()),
            }
        }
    };
    Geometry::<f64>::try_from(geometry).map_err(|e| e.to_string())
}
