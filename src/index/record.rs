//! The typed record of a feature: what analysis, export and the API read.
//!
//! A feature's JSON properties are rendered from its record here and nowhere else
//! ([`Record::properties`]), so a property name is a matter of the response only: the
//! analyses read the typed fields and cannot see a renamed or missing property.

use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::model::{Country, Direction, FundingKind, PlanPart, Precision, UnitKind, Vintage};

/// The attributes of a feature, one variant per kind of layer.
///
/// The larger records sit behind an [`Arc`], so cloning a feature (or a layer of a
/// million) never copies their strings.
#[derive(Debug, Clone)]
pub enum Record {
    /// A municipality of one vintage.
    Unit(Arc<UnitRecord>),
    /// The plan territory as a whole.
    Territory(Arc<TerritoryRecord>),
    /// A stretch of the state border.
    Border(BorderRecord),
    /// A town or village.
    Settlement(Arc<SettlementRecord>),
    /// A border crossing with Russia or Belarus.
    Crossing(Arc<CrossingRecord>),
    /// One public location of a plan measure.
    MeasureLocation(Arc<LocationRecord>),
    /// No attributes at all (synthetic layers in tests and benchmarks).
    Empty,
}

/// A municipality as served.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRecord {
    /// ISO 3166-2 code, e.g. `LV-111`.
    pub code: String,
    pub vintage: Vintage,
    pub name_lv: String,
    pub name_en: String,
    pub kind: UnitKind,
    pub planning_region: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
    /// Official population on `population_date`, when known.
    pub population: Option<u64>,
    pub population_year: Option<u16>,
    pub population_date: Option<String>,
    pub population_source: Option<String>,
    /// Geodesic area, km², to 2 decimals (the figure served and summed).
    pub area_km2: f64,
    pub official_area_km2: Option<f64>,
    /// One of the plan's units (or a current unit containing part of one).
    pub eastern_border_area: bool,
    pub plan_share: Option<f64>,
    /// The part of a unit only partly in the plan territory.
    pub plan_part: Option<PlanPart>,
    /// Area inside the plan territory, km², to 2 decimals.
    pub plan_area_km2: f64,
    /// Population inside the plan territory, when known.
    pub plan_population: Option<u64>,
    pub provenance: Option<String>,
    pub note: Option<String>,
}

/// The plan territory.
#[derive(Debug, Clone, PartialEq)]
pub struct TerritoryRecord {
    pub name_lv: String,
    pub name_en: String,
    /// Geodesic area, km², to 2 decimals.
    pub area_km2: f64,
}

/// A stretch of the state border.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BorderRecord {
    pub neighbour: Country,
    /// Geodesic length, metres (served rounded to the metre).
    pub length_m: f64,
}

/// A town or village; its point is served at settlement precision.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SettlementRecord {
    /// GeoNames id.
    pub geonameid: u64,
    pub name: String,
    /// Residents, where a figure of its own exists.
    pub population: Option<u64>,
    pub population_basis: String,
    pub population_note: Option<String>,
    /// The unit whose figure already counts this place.
    pub part_of: Option<String>,
    /// Unit code in the 2021–2025 vintage.
    pub municipality_2021: String,
    /// Unit code in the current vintage.
    pub municipality_current: String,
    pub provenance: String,
    /// How the units were assigned, when by geometry.
    pub assigned_by: Option<String>,
}

/// A border crossing.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossingRecord {
    pub name: String,
    pub counterpart: String,
    pub country: Country,
    pub mode: String,
    pub status: String,
    pub status_detail: String,
    pub status_date: Option<String>,
    /// The precision the crossing is served at (its unit's polygon: municipality).
    pub precision: Precision,
    pub provenance: String,
    pub point_basis: Option<String>,
    pub notes: Option<String>,
    /// Unit code in the 2021–2025 vintage.
    pub municipality_2021: String,
}

/// Whether a measure location is one of the measure's sites or only a candidate place
/// named in public sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SiteStatus {
    /// A site of the measure (the record says nothing else).
    #[default]
    Site,
    /// A place named for the measure but not confirmed as its site.
    Candidate,
}

impl SiteStatus {
    /// `candidate` → [`SiteStatus::Candidate`]; anything else (or nothing) is a site.
    pub fn parse(s: Option<&str>) -> SiteStatus {
        match s {
            Some("candidate") => SiteStatus::Candidate,
            _ => SiteStatus::Site,
        }
    }
}

/// What every location of a measure shares, made once per measure: a measure
/// with a million locations holds its titles once.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureInfo {
    pub id: String,
    /// The kind of measure (the layer's kind, without `_candidates`).
    pub kind: String,
    pub direction: Direction,
    pub title_lv: String,
    pub title_en: String,
    pub institution: Option<String>,
    /// The measure's status, e.g. `planned`.
    pub status: String,
    pub funding_pool: Option<String>,
    pub funding_kind: Option<FundingKind>,
    /// The measure's own amount, EUR, where a source gives it.
    pub amount_eur: Option<f64>,
    /// The measure's indicators as one line of text.
    pub indicators: String,
    pub sites_not_public: bool,
    pub source: String,
}

/// One public location of a plan measure: its own fields and its measure's.
#[derive(Debug, Clone, PartialEq)]
pub struct LocationRecord {
    pub measure: Arc<MeasureInfo>,
    pub location_id: String,
    pub place_name: Option<String>,
    /// The precision the location is served at.
    pub precision: Precision,
    pub provenance: String,
    /// The 2021–2025 unit codes the location lies in or names.
    pub municipalities: Vec<String>,
    pub site_status: SiteStatus,
    pub note: Option<String>,
}

impl Record {
    /// The feature's JSON properties, in the order the API serves them.
    pub fn properties(&self) -> Map<String, Value> {
        let v = match self {
            Record::Unit(u) => u.properties(),
            Record::Territory(t) => json!({
                "name_lv": t.name_lv,
                "name_en": t.name_en,
                "area_km2": t.area_km2,
            }),
            Record::Border(b) => json!({
                "neighbour": b.neighbour.as_str(),
                "length_m": b.length_m.round(),
            }),
            Record::Settlement(s) => s.properties(),
            Record::Crossing(c) => c.properties(),
            Record::MeasureLocation(l) => l.properties(),
            Record::Empty => Value::Null,
        };
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    /// A human name of the feature, where it has one: a settlement's or crossing's
    /// name, a location's place name (else its measure's English title), a unit's or
    /// the territory's Latvian name.
    pub fn label(&self) -> Option<&str> {
        match self {
            Record::Unit(u) => Some(&u.name_lv),
            Record::Territory(t) => Some(&t.name_lv),
            Record::Settlement(s) => Some(&s.name),
            Record::Crossing(c) => Some(&c.name),
            Record::MeasureLocation(l) => {
                Some(l.place_name.as_deref().unwrap_or(&l.measure.title_en))
            }
            Record::Border(_) | Record::Empty => None,
        }
    }

    /// The precision the feature is served at, for the kinds that state one.
    pub fn precision(&self) -> Option<Precision> {
        match self {
            Record::Settlement(_) => Some(Precision::Settlement),
            Record::Crossing(c) => Some(c.precision),
            Record::MeasureLocation(l) => Some(l.precision),
            _ => None,
        }
    }

    /// The unit record, if the feature is a municipality.
    pub fn unit(&self) -> Option<&UnitRecord> {
        match self {
            Record::Unit(u) => Some(u),
            _ => None,
        }
    }

    /// The location record, if the feature is a measure location.
    pub fn location(&self) -> Option<&LocationRecord> {
        match self {
            Record::MeasureLocation(l) => Some(l),
            _ => None,
        }
    }

    /// The border record, if the feature is a stretch of the border.
    pub fn border(&self) -> Option<&BorderRecord> {
        match self {
            Record::Border(b) => Some(b),
            _ => None,
        }
    }
}

impl UnitRecord {
    fn properties(&self) -> Value {
        json!({
            "code": self.code,
            "name_lv": self.name_lv,
            "name_en": self.name_en,
            "kind": match self.kind { UnitKind::StateCity => "state_city", UnitKind::Novads => "novads" },
            "planning_region": self.planning_region,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "population": self.population,
            "population_year": self.population_year,
            "population_date": self.population_date,
            "population_source": self.population_source,
            "area_km2": self.area_km2,
            "official_area_km2": self.official_area_km2,
            "eastern_border_area": self.eastern_border_area,
            "plan_share": self.plan_share,
            "plan_area_km2": self.plan_area_km2,
            "plan_population": self.plan_population,
            "provenance": self.provenance,
            "note": self.note,
        })
    }
}

impl SettlementRecord {
    fn properties(&self) -> Value {
        json!({
            "geonameid": self.geonameid,
            "name": self.name,
            "population": self.population,
            "population_basis": self.population_basis,
            "population_note": self.population_note,
            "part_of": self.part_of,
            "municipality_2021": self.municipality_2021,
            "municipality_current": self.municipality_current,
            "precision": Precision::Settlement.as_str(),
            "provenance": self.provenance,
            "assigned_by": self.assigned_by,
        })
    }
}

impl CrossingRecord {
    fn properties(&self) -> Value {
        json!({
            "name": self.name,
            "counterpart": self.counterpart,
            "country": self.country.as_str(),
            "mode": self.mode,
            "status": self.status,
            "status_detail": self.status_detail,
            "status_date": self.status_date,
            "precision": self.precision.as_str(),
            "provenance": self.provenance,
            "point_basis": self.point_basis,
            "notes": self.notes,
            "municipality_2021": self.municipality_2021,
        })
    }
}

impl LocationRecord {
    fn properties(&self) -> Value {
        let m = &*self.measure;
        json!({
            "measure_id": m.id,
            "location_id": self.location_id,
            "kind": m.kind,
            "direction": m.direction.as_str(),
            "title_lv": m.title_lv,
            "title_en": m.title_en,
            "institution": m.institution,
            "status": m.status,
            "funding_pool": m.funding_pool,
            "funding_kind": m.funding_kind.map(FundingKind::as_str),
            "amount_eur": m.amount_eur,
            "indicators": m.indicators,
            "place_name": self.place_name,
            "precision": self.precision.as_str(),
            "provenance": self.provenance,
            "municipalities": self.municipalities.join(","),
            "sites_not_public": m.sites_not_public,
            "site_status": match self.site_status {
                SiteStatus::Site => Value::Null,
                SiteStatus::Candidate => json!("candidate"),
            },
            "source": m.source,
            "note": self.note,
        })
    }
}
