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

/// Resolves one location; `Err` carries every problem found in it.
pub fn resolve(ctx: &Ctx, index: usize, raw: &RawLocation) -> Result<Location, Vec<DataError>> {
    let f = |field: &str| format!("locations[{index}].{field}");
    let mut errs = Vec::new();
    if let Some(s) = raw.site_status.as_deref().filter(|s| *s != "candidate") {
        errs.push(ctx.err(f("site_status"), format!("{s:?} is not `candidate`")));
    }

    if raw.id.is_empty() || raw.id.contains(['.', '/', ' ']) {
        errs.push(ctx.err(f("id"), format!("bad location id {:?}", raw.id)));
    }
    if raw.provenance.trim().is_empty() {
        errs.push(ctx.err(f("provenance"), "empty provenance"));
    }
    let Some(precision) = Precision::parse(&raw.precision) else {
        errs.push(ctx.err(
            f("precision"),
            format!(
                "unknown precision {:?} (exact, settlement, municipality, region)",
                raw.precision
            ),
        ));
        return Err(errs);
    };
    if ctx.sites_not_public && precision < Precision::Municipality {
        errs.push(ctx.err(
            f("precision"),
            format!(
                "{} is finer than a measure with sites_not_public allows (municipality or region)",
                precision.as_str()
            ),
        ));
    }

    if precision == Precision::Exact && !raw.provenance.contains("://") {
        errs.push(ctx.err(
            f("precision"),
            "exact precision needs a provenance citing the coordinate (a URL)",
        ));
    }

    let mut provenance = raw.provenance.clone();
    let mut municipalities = Vec::new();
    let place = match raw.kind.as_str() {
        "settlement" => {
            if ctx.sites_not_public {
                errs.push(ctx.err(
                    f("kind"),
                    "a settlement location on a measure with sites_not_public",
                ));
            }
            if precision != Precision::Settlement {
                errs.push(ctx.err(
                    f("precision"),
                    format!(
                        "a settlement-name location is known to settlement precision, not {}",
                        precision.as_str()
                    ),
                ));
            }
            let name = raw.name.clone().unwrap_or_default();
            if name.is_empty() {
                errs.push(ctx.err(f("name"), "a settlement location needs a name"));
                None
            } else if let Some(s) = find_settlement(ctx.geodata, ctx.territory, &name) {
                municipalities.push(s.municipality_2021.clone());
                provenance = format!(
                    "{provenance}; point: geodata settlements (GeoNames {})",
                    s.geonameid
                );
                Some(Place::Settlement {
                    name,
                    point: s.point,
                })
            } else if let (Some(lon), Some(lat)) = (raw.lon, raw.lat) {
                // geodata lacks the name: fall back to the cited coordinates.
                let Some(src) = raw.coords_source.as_deref().filter(|s| !s.is_empty()) else {
                    errs.push(ctx.err(
                        f("coords_source"),
                        "fallback coordinates need a coords_source",
                    ));
                    return Err(errs);
                };
                check_lonlat(ctx, &f, lon, lat, &mut errs);
                let point = Point::new(lon, lat);
                municipalities = ctx.units_of(&Geometry::Point(point));
                provenance = format!("{provenance}; point: {src}");
                Some(Place::Settlement { name, point })
            } else {
                errs.push(ctx.err(
                    f("name"),
                    format!("unknown settlement {name:?} (not in geodata settlements, no cited coordinates)"),
                ));
                None
            }
        }
        "point" => {
            if ctx.sites_not_public {
                errs.push(ctx.err(
                    f("kind"),
                    "a point location on a measure with sites_not_public",
                ));
            }
            if precision > Precision::Settlement {
                errs.push(ctx.err(
                    f("precision"),
                    format!("a point cannot stand for {} precision", precision.as_str()),
                ));
            }
            match (raw.lon, raw.lat) {
                (Some(lon), Some(lat)) => {
                    check_lonlat(ctx, &f, lon, lat, &mut errs);
                    let g = Geometry::Point(Point::new(lon, lat));
                    municipalities = ctx.units_of(&g);
                    Some(Place::Geometry(g))
                }
                _ => {
                    errs.push(ctx.err(f("lon"), "a point needs lon and lat"));
                    None
                }
            }
        }
        "municipalities" => {
            if precision < Precision::Municipality {
                errs.push(ctx.err(
                    f("precision"),
                    format!("a list of units is not {} precision", precision.as_str()),
                ));
            }
            if raw.codes.is_empty() {
                errs.push(ctx.err(f("codes"), "no unit codes"));
            }
            for (i, code) in raw.codes.iter().enumerate() {
                if !ctx.unit_known(code) {
                    errs.push(ctx.err(
                        format!("locations[{index}].codes[{i}]"),
                        format!("unknown municipality code {code:?} in the 2021 vintage"),
                    ));
                }
            }
            municipalities = raw.codes.clone();
            Some(Place::Municipalities(raw.codes.clone()))
        }
        "plan_territory" => {
            if precision != Precision::Region {
                errs.push(ctx.err(f("precision"), "the plan territory is region precision"));
            }
            municipalities = ctx.territory.to_vec();
            Some(Place::PlanTerritory)
        }
        "geojson" => {
            if ctx.sites_not_public {
                errs.push(ctx.err(f("kind"), "a geometry on a measure with sites_not_public"));
            }
            match raw.file.as_deref() {
                None => {
                    errs.push(ctx.err(f("file"), "a geojson location needs a file"));
                    None
                }
                Some(rel) => match read_geometry(&ctx.seeds_dir.join(rel)) {
                    Ok(g) => {
                        municipalities = ctx.units_of(&g);
                        Some(Place::Geometry(g))
                    }
                    Err(msg) => {
                        errs.push(ctx.err(f("file"), format!("{rel}: {msg}")));
                        None
                    }
                },
            }
        }
        other => {
            errs.push(ctx.err(
                f("kind"),
                format!("unknown location kind {other:?} (settlement, point, municipalities, plan_territory, geojson)"),
            ));
            None
        }
    };

    // A located place must lie in the plan territory, once geodata can tell.
    if !ctx.geodata.units(Vintage::V2021).is_empty() && place.is_some() {
        let outside: Vec<&String> = municipalities
            .iter()
            .filter(|c| !ctx.territory.contains(c))
            .collect();
        if municipalities.is_empty() || !outside.is_empty() {
            errs.push(ctx.err(
                f("kind"),
                format!("location lies outside the plan territory (units: {municipalities:?})"),
            ));
        }
    }

    match place {
        Some(place) if errs.is_empty() => Ok(Location {
            id: format!("{}/{}", ctx.measure_id, raw.id),
            name: raw.name.clone(),
            place,
            precision,
            provenance,
            municipalities,
            site_status: raw.site_status.clone(),
            note: raw.note.clone(),
        }),
        _ => Err(errs),
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
