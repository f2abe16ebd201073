//! Builds the layer catalog from geodata and the plan, applying the public
//! precision rule: a location is served no more precisely than its record.

use std::collections::BTreeMap;

use std::sync::Arc;

use geo::{BooleanOps, Geometry, MultiLineString, MultiPoint, MultiPolygon, Point};

use super::record::{
    BorderRecord, CrossingRecord, LocationRecord, MeasureInfo, Record, SettlementRecord,
    SiteStatus, TerritoryRecord, UnitRecord,
};
use super::{Catalog, Feature, GeomClass, Layer, LayerGroup};
use crate::model::{
    Crossing, Geodata, Location, Measure, Municipality, Place, Plan, Precision, Vintage,
};

/// Collection id of the units of a vintage.
pub fn units_layer_id(v: Vintage) -> String {
    format!("municipalities_{}", v.as_str())
}

/// Who a catalog is built for: the public (and every anonymous output), or the
/// analysts, editors and administrators, who also see the sites a measure does not
/// publish, at the precision they are stored at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    Restricted,
}

/// Whether any location of the plan is stored finer than the public may see: a site
/// of a measure that does not publish its sites, below municipality precision.
pub fn has_restricted(plan: &Plan) -> bool {
    plan.measures.iter().any(|m| {
        m.sites_not_public
            && m.locations
                .iter()
                .any(|l| l.precision < Precision::Municipality)
    })
}

/// Whether a location of `measure` at `precision` is shown to `audience` only as its
/// unit(s) or region: the one rule every output and the write path share.
pub fn withheld(audience: Audience, measure: &Measure, precision: Precision) -> bool {
    audience == Audience::Public && measure.sites_not_public && precision < Precision::Municipality
}

/// Builds every layer once for the public; the result is shared read-only.
pub fn build_catalog(geodata: Geodata, plan: Plan) -> Catalog {
    build_for(geodata, plan, Audience::Public)
}

/// Builds every layer once for an audience.
pub fn build_for(geodata: Geodata, mut plan: Plan, audience: Audience) -> Catalog {
    let mut layers = Vec::new();
    let mut unit_layers = BTreeMap::new();
    for v in Vintage::ALL {
        let id = units_layer_id(v);
        layers.push(units_layer(&geodata, v, &id));
        unit_layers.insert(v, id);
    }
    layers.push(Layer::new(
        "plan_territory",
        "Plan territory (Eastern border area)",
        "Union of the plan's 11 units of the 2021–2025 vintage: Latgale planning region and Alūksnes novads.",
        LayerGroup::Base,
        GeomClass::Areas,
        vec![Feature::new(
            "plan_territory",
            Geometry::MultiPolygon(geodata.plan_territory.clone()),
            Record::Territory(Arc::new(TerritoryRecord {
                name_lv: "Austrumu pierobeža".into(),
                name_en: "Eastern border area".into(),
                area_km2: round2(crate::geom::area::area_km2(&geodata.plan_territory)),
            })),
        )],
    )
    .with_title_lv("Rīcības plāna teritorija (Austrumu pierobeža)"));
    layers.push(border_layer(&geodata));
    let settlements = settlements_layer(&geodata, &layers[0], &layers[1]);
    layers.push(settlements);
    layers.extend(crossings_layers(&geodata));
    // The locations move into the layers' records: the catalog's plan keeps the
    // measures, pools and statements only.
    layers.extend(measure_layers(&geodata, &mut plan, audience));
    let population = Vintage::ALL
        .iter()
        .map(|&v| {
            let units = &layers[if v == Vintage::V2021 { 0 } else { 1 }];
            let official: Vec<Option<u64>> =
                geodata.units(v).iter().map(|m| m.population).collect();
            (v, super::PopulationModel::build(&geodata, units, &official))
        })
        .collect();
    Catalog {
        audience,
        layers,
        geodata,
        plan,
        unit_layers,
        population,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn units_layer(g: &Geodata, v: Vintage, id: &str) -> Layer {
    let features = g
        .units(v)
        .iter()
        .map(|m| {
            Feature::new(
                m.code.clone(),
                Geometry::MultiPolygon(m.geometry.clone()),
                Record::Unit(Arc::new(unit_record(m))),
            )
        })
        .collect();
    let (title, desc) = match v {
        Vintage::V2021 => (
            "Municipalities 2021–2025 (43 units)",
            "The 7 state cities and 36 novadi of the 2021 reform, valid 2021-07-01 to 2025-06-30: the plan's vintage.",
        ),
        Vintage::Current => (
            "Municipalities since 2025-07-01 (42 units)",
            "Current units: Varakļānu novads merged into Madonas novads on 2025-07-01.",
        ),
    };
    let title_lv = match v {
        Vintage::V2021 => "Pašvaldības 2021–2025 (43)",
        Vintage::Current => "Pašvaldības kopš 2025-07-01 (42)",
    };
    Layer::new(
        id,
        title,
        desc,
        LayerGroup::Base,
        GeomClass::Areas,
        features,
    )
    .with_title_lv(title_lv)
}

/// The record of a unit, its areas to 2 decimals as served.
fn unit_record(m: &Municipality) -> UnitRecord {
    let (plan_area, plan_population) = m.plan_figures();
    UnitRecord {
        code: m.code.clone(),
        vintage: m.vintage,
        name_lv: m.name_lv.clone(),
        name_en: m.name_en.clone(),
        kind: m.kind,
        planning_region: m.planning_region.clone(),
        valid_from: m.valid_from.clone(),
        valid_to: m.valid_to.clone(),
        population: m.population,
        population_year: m.population_year,
        population_date: m.population_date.clone(),
        population_source: m.population_source.clone(),
        area_km2: round2(m.area_km2),
        official_area_km2: m.official_area_km2,
        eastern_border_area: m.eastern_border_area,
        plan_share: m.plan_share,
        plan_part: m.plan_part,
        plan_area_km2: round2(plan_area),
        plan_population,
        provenance: m.provenance.clone(),
        note: m.note.clone(),
    }
}

fn border_layer(g: &Geodata) -> Layer {
    let features = g
        .border
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Feature::new(
                format!("border-{}-{}", s.neighbour.as_str().to_lowercase(), i + 1),
                Geometry::MultiLineString(MultiLineString::new(vec![s.geometry.clone()])),
                Record::Border(BorderRecord {
                    neighbour: s.neighbour,
                    length_m: s.length_m,
                }),
            )
        })
        .collect();
    Layer::new(
        "border",
        "State border",
        "Latvia's land border, each segment tagged with the neighbouring state (RU, BY, LT, EE).",
        LayerGroup::Base,
        GeomClass::Lines,
        features,
    )
    .with_title_lv("Valsts robeža")
}

/// The unit of `units` a point lies in, or the nearest within 2 km (a coastal
/// or river-bank point just outside the generalised polygons).
fn unit_of(units: &Layer, p: Point<f64>) -> Option<(&str, &'static str)> {
    let (x, y) = crate::geom::lks92::to_lks92(p.x(), p.y());
    let q = Point::new(x, y);
    if let Some(&i) = units.index.containing(q).first() {
        return Some((units.features[i].id.as_str(), "point_in_polygon"));
    }
    units
        .index
        .nearest_one(q)
        .filter(|h| h.distance_m <= 2_000.0)
        .map(|h| {
            (
                units.features[h.feature].id.as_str(),
                "nearest_unit_within_2km",
            )
        })
}

/// Settlements tagged with their units by point-in-polygon against the units
/// loaded now, so that replaced boundaries (`pierobeza import`) re-tag them.
fn settlements_layer(g: &Geodata, units_2021: &Layer, units_current: &Layer) -> Layer {
    let features = g
        .settlements
        .iter()
        .map(|s| {
            let (m21, how) = unit_of(units_2021, s.point)
                .map(|(c, how)| (c.to_string(), Some(how.to_string())))
                .unwrap_or_else(|| (s.municipality_2021.clone(), s.assigned_by.clone()));
            let mnow = unit_of(units_current, s.point)
                .map(|(c, _)| c.to_string())
                .unwrap_or_else(|| s.municipality_current.clone());
            Feature::new(
                format!("gn-{}", s.geonameid),
                Geometry::Point(s.point),
                Record::Settlement(Arc::new(SettlementRecord {
                    geonameid: s.geonameid,
                    name: s.name.clone(),
                    population: s.population,
                    population_basis: s.population_basis.clone(),
                    population_note: s.population_note.clone(),
                    part_of: s.part_of.clone(),
                    municipality_2021: m21,
                    municipality_current: mnow,
                    provenance: s.provenance.clone(),
                    assigned_by: how,
                })),
            )
        })
        .collect();
    Layer::new(
        "settlements",
        "Settlements",
        "Towns and villages (GeoNames cities500, CC BY 4.0). Town populations are CSB's for 1 January 2026; villages carry GeoNames' figure (date unknown); neighbourhoods of a city carry none (the city counts them): `population_basis` and `population_note` say which.",
        LayerGroup::Base,
        GeomClass::Points,
        features,
    )
    .with_title_lv("Apdzīvotās vietas")
}

/// Crossings as points where the point is the crossing or its village; a
/// crossing known only to lie in a unit is served as that unit's polygon, in a
/// layer of its own (one geometry class per layer).
fn crossings_layers(g: &Geodata) -> [Layer; 2] {
    let mut points = Vec::new();
    let mut areas = Vec::new();
    for c in &g.crossings {
        if c.precision <= Precision::Settlement {
            points.push(Feature::new(
                c.id.clone(),
                Geometry::Point(c.point),
                crossing_record(c, c.precision),
            ));
        } else if let Some(unit) = g.unit(Vintage::V2021, &c.municipality_2021) {
            areas.push(Feature::new(
                c.id.clone(),
                Geometry::MultiPolygon(unit.geometry.clone()),
                crossing_record(c, Precision::Municipality),
            ));
        }
    }
    [
        Layer::new(
            "border_crossings",
            "Border crossings with Russia and Belarus",
            "Road, rail and local crossings with their status; `precision` says whether the point is the crossing (exact) or the village it is named after (settlement).",
            LayerGroup::Base,
            GeomClass::Points,
            points,
        )
        .with_title_lv("Robežšķērsošanas vietas ar Krieviju un Baltkrieviju"),
        Layer::new(
            "border_crossings_areas",
            "Border crossings located only by municipality",
            "Crossings for which no public coordinate was found: served as the unit they lie in, not as a point.",
            LayerGroup::Base,
            GeomClass::Areas,
            areas,
        )
        .with_title_lv("Robežšķērsošanas vietas, zināma tikai pašvaldība"),
    ]
}

/// The record of a crossing served at `precision`.
fn crossing_record(c: &Crossing, precision: Precision) -> Record {
    Record::Crossing(Arc::new(CrossingRecord {
        name: c.name.clone(),
        counterpart: c.counterpart.clone(),
        country: c.country,
        mode: c.mode.clone(),
        status: c.status.clone(),
        status_detail: c.status_detail.clone(),
        status_date: c.status_date.clone(),
        precision,
        provenance: c.provenance.clone(),
        point_basis: c.point_basis.clone(),
        notes: c.notes.clone(),
        municipality_2021: c.municipality_2021.clone(),
    }))
}

/// The geometry a location may be shown with, and the precision it is served at.
///
/// Municipality-level places become the units' polygons, region-level places the
/// plan territory; a measure whose sites are not public never gets a point or a
/// line, whatever its record says.
///
/// `place` is the location's own place, moved out of it, so that a geometry is not
/// copied on its way into the catalog. For the restricted audience a site that is
/// not public keeps its own geometry.
pub fn public_geometry(
    g: &Geodata,
    measure: &Measure,
    loc: &Location,
    place: Place,
    audience: Audience,
) -> Option<(Geometry<f64>, Precision)> {
    let units_union = |codes: &[String]| -> Option<MultiPolygon<f64>> {
        let polys: Vec<&MultiPolygon<f64>> = codes
            .iter()
            .filter_map(|c| g.unit(Vintage::V2021, c).map(|m| &m.geometry))
            .collect();
        let first = (*polys.first()?).clone();
        Some(polys[1..].iter().fold(first, |acc, p| acc.union(*p)))
    };
    let coarse = withheld(audience, measure, loc.precision);
    match place {
        Place::PlanTerritory => Some((
            Geometry::MultiPolygon(g.plan_territory.clone()),
            Precision::Region,
        )),
        // A region named by its units (e.g. the Latgale planning region: 10 of the plan's
        // 11 units) is the union of those units, not the whole plan territory.
        Place::Municipalities(codes) => {
            let precision = loc.precision.max(Precision::Municipality);
            units_union(&codes).map(|mp| (Geometry::MultiPolygon(mp), precision))
        }
        Place::Settlement { point, .. } if !coarse => Some((
            Geometry::Point(point),
            loc.precision.max(Precision::Settlement),
        )),
        Place::Geometry(geom) if !coarse && loc.precision <= Precision::Settlement => {
            Some((geom, loc.precision))
        }
        // Coarser than a settlement, or not public: fall back to the units.
        _ => {
            if loc.precision == Precision::Region {
                return Some((
                    Geometry::MultiPolygon(g.plan_territory.clone()),
                    Precision::Region,
                ));
            }
            units_union(&loc.municipalities)
                .map(|mp| (Geometry::MultiPolygon(mp), Precision::Municipality))
                .or_else(|| {
                    Some((
                        Geometry::MultiPolygon(g.plan_territory.clone()),
                        Precision::Region,
                    ))
                })
        }
    }
}

/// One geometry shape per class: points stay points, lines and areas become multi.
fn normalize(g: Geometry<f64>) -> Geometry<f64> {
    match g {
        Geometry::LineString(l) => Geometry::MultiLineString(MultiLineString::new(vec![l])),
        Geometry::Line(l) => Geometry::MultiLineString(MultiLineString::new(vec![l.into()])),
        Geometry::Polygon(p) => Geometry::MultiPolygon(MultiPolygon::new(vec![p])),
        Geometry::Rect(r) => Geometry::MultiPolygon(MultiPolygon::new(vec![r.to_polygon()])),
        Geometry::Triangle(t) => Geometry::MultiPolygon(MultiPolygon::new(vec![t.to_polygon()])),
        Geometry::MultiPoint(mp) if mp.0.len() == 1 => Geometry::Point(mp.0[0]),
        other => other,
    }
}

/// Summary of a measure's indicators as one line of text (for flat attribute tables).
pub fn indicators_text(m: &Measure) -> String {
    m.indicators
        .iter()
        .map(|i| match i.target {
            Some(t) => format!(
                "{} {} {} {}{}",
                i.name_en,
                i.comparator,
                fmt_number(t),
                i.unit,
                i.target_year.map(|y| format!(" ({y})")).unwrap_or_default()
            ),
            None => i.name_en.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn fmt_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The 2021–2025 unit codes a location names or lies in.
/// The measure's fields every one of its locations' records shares.
fn measure_info(m: &Measure) -> MeasureInfo {
    let funding = m.funding.as_ref();
    MeasureInfo {
        id: m.id.clone(),
        kind: m.kind.clone(),
        direction: m.direction,
        title_lv: m.title_lv.clone(),
        title_en: m.title_en.clone(),
        institution: m.institution.clone(),
        status: m.status.clone(),
        funding_pool: funding.map(|f| f.pool.clone()),
        funding_kind: funding.and_then(|f| f.kind),
        amount_eur: funding.and_then(|f| f.amount_eur),
        indicators: indicators_text(m),
        sites_not_public: m.sites_not_public,
        source: m.source.clone(),
    }
}

/// The record of a measure location served at `precision` (the location is
/// consumed: the catalog keeps no second copy of it).
fn location_record(
    measure: &Arc<MeasureInfo>,
    loc: Location,
    precision: Precision,
) -> LocationRecord {
    LocationRecord {
        measure: Arc::clone(measure),
        municipalities: match loc.place {
            Place::Municipalities(codes) if loc.municipalities.is_empty() => codes,
            _ => loc.municipalities,
        },
        location_id: loc.id,
        place_name: loc.name,
        precision,
        provenance: loc.provenance,
        site_status: SiteStatus::parse(loc.site_status.as_deref()),
        note: loc.note,
    }
}

/// Feature id of a location: its id with path separators made URL-safe.
pub fn location_feature_id(loc: &Location) -> String {
    const UNSAFE: [char; 4] = ['/', '?', '#', ' '];
    // Most ids have none of them: a plain copy is 4x cheaper than `replace` (1M ids at start-up).
    if loc.id.contains(UNSAFE) {
        loc.id.replace(UNSAFE, "-")
    } else {
        loc.id.clone()
    }
}

fn humanize(kind: &str) -> String {
    let s = kind.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

fn measure_layers(g: &Geodata, plan: &mut Plan, audience: Audience) -> Vec<Layer> {
    let mut groups: BTreeMap<(String, GeomClass), Vec<Feature>> = BTreeMap::new();
    for m in &mut plan.measures {
        let info = Arc::new(measure_info(m));
        // (candidate, class) → features, named once per measure below.
        let mut own: BTreeMap<(bool, GeomClass), Vec<Feature>> = BTreeMap::new();
        for mut loc in std::mem::take(&mut m.locations) {
            let place = std::mem::replace(&mut loc.place, Place::PlanTerritory);
            let Some((geom, precision)) = public_geometry(g, m, &loc, place, audience) else {
                continue;
            };
            let geom = normalize(geom);
            let Some(class) = GeomClass::of(&geom) else {
                continue;
            };
            let candidate = loc.site_status.as_deref() == Some("candidate");
            let fid = location_feature_id(&loc);
            let record = Arc::new(location_record(&info, loc, precision));
            let features = own.entry((candidate, class)).or_default();
            match geom {
                // Multi-point locations are served one feature per point.
                Geometry::MultiPoint(MultiPoint(ps)) => {
                    features.extend(ps.into_iter().enumerate().map(|(k, p)| {
                        let id = format!("{fid}-{}", k + 1);
                        Feature::new(id, p.into(), Record::MeasureLocation(record.clone()))
                    }))
                }
                other => features.push(Feature::new(fid, other, Record::MeasureLocation(record))),
            }
        }
        for ((candidate, class), features) in own {
            let slot = groups
                .entry((layer_kind(&m.kind, candidate), class))
                .or_default();
            match slot.is_empty() {
                true => *slot = features,
                false => slot.extend(features),
            }
        }
    }
    // Big layers build on threads of their own (their R-trees and projections
    // dominate start-up at scale); small ones inline. Layer order is kept.
    std::thread::scope(|s| {
        let pending: Vec<_> = groups
            .into_iter()
            .map(|(key, features)| match features.len() > PARALLEL_LAYER {
                true => Err(s.spawn(move || measure_layer(key, features))),
                false => Ok(measure_layer(key, features)),
            })
            .collect();
        pending
            .into_iter()
            .map(|p| {
                p.unwrap_or_else(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            })
            .collect()
    })
}

/// Features in a layer above which it is built on a thread of its own.
const PARALLEL_LAYER: usize = 50_000;

/// The layer of one measure kind (or its candidates) and geometry class.
fn measure_layer((kind, class): (String, GeomClass), features: Vec<Feature>) -> Layer {
    let id = format!("{}_{}", sanitize_id(&kind), class.suffix());
    let title_lv = kind_lv(&kind).map(|k| format!("{k} ({})", class_lv(class)));
    let what = match class {
        GeomClass::Points => "at settlement or exact precision",
        GeomClass::Lines => "as lines",
        GeomClass::Areas => "at municipality or region precision (the units' polygons, not sites)",
    };
    let layer = Layer::new(
        id,
        format!("{} ({})", humanize(&kind), class.suffix()),
        match kind.strip_suffix("_candidates") {
            Some(base) => format!("Candidate places for measures of kind `{base}`, named in public sources but not confirmed by the plan as its sites, {what}: never the measure's sites (see each feature's `note`)."),
            None => format!("Plan measure locations of kind `{kind}` {what}."),
        },
        LayerGroup::Measures,
        class,
        features,
    );
    match title_lv {
        Some(t) => layer.with_title_lv(t),
        None => layer,
    }
}

/// Short Latvian names of the measure kinds in seeds/ (the map's layer list).
/// The kind whose layer serves a location: candidate places get a layer of their own, so
/// that no candidate is ever counted or drawn as one of the measure's sites.
fn layer_kind(kind: &str, candidate: bool) -> String {
    match candidate {
        true => format!("{kind}_candidates"),
        false => kind.to_string(),
    }
}

fn kind_lv(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "apartment_energy_efficiency" => "Daudzdzīvokļu māju energoefektivitāte",
        "broadband" => "Platjosla (pēdējā jūdze)",
        "business_energy_efficiency" => "Uzņēmumu energoefektivitāte",
        "business_loans" => "Aizdevumi uzņēmējiem",
        "business_support" => "Uzņēmējdarbības atbalsts, darba vietas",
        "countermobility_parks" => "Pretmobilitātes materiālu parki",
        "digital_learning" => "Datortehnika un datu pārraide skolēniem",
        "disaster_management_centres" => "Katastrofas pārvaldīšanas centri",
        "disaster_management_centres_candidates" => {
            "Katastrofas pārvaldīšanas centru kandidātpilsētas (ziņās minētās)"
        }
        "dual_use_production" => "Divējāda lietojuma ražošana",
        "education_business_synergy" => "Uzņēmēji un augstākā izglītība",
        "eu_funding_advocacy" => "ES finansējums pierobežai pēc 2027",
        "farms" => "Lauku saimniecības",
        "higher_education" => "Augstākā izglītība",
        "hospitals" => "Slimnīcas",
        "industrial_parks" => "Industriālie parki",
        "information_and_crisis_management" => "Informatīvā telpa, krīzes vadība, NVO",
        "innovation_clusters" => "Inovāciju klasteri",
        "military_bases" => "Militārās bāzes",
        "military_basic_course" => "Militārais pamatkurss",
        "mobility" => "Mobilitāte un robežšķērsošana",
        "municipal_energy_efficiency" => "Pašvaldību ēku energoefektivitāte",
        "official_visits" => "Amatpersonu vizītes",
        "public_outdoor_space" => "Publiskā ārtelpa",
        "remigration" => "Remigrācija",
        "rental_housing" => "Īres mājokļi (PPP)",
        "roads" => "Autoceļi",
        "rural_business" => "Nelauksaimnieciskā uzņēmējdarbība",
        "schools" => "Pieejamības skolas",
        "smart_municipalities" => "Viedās pašvaldības",
        "social_housing" => "Sociālie mājokļi",
        "zero_emission_vehicles" => "Bezemisiju transportlīdzekļi",
        _ => return None,
    })
}

fn class_lv(c: GeomClass) -> &'static str {
    match c {
        GeomClass::Points => "punkti",
        GeomClass::Lines => "līnijas",
        GeomClass::Areas => "teritorijas",
    }
}

/// Lowercase ASCII letters, digits and underscores only (no dots: QGIS cannot read those).
pub fn sanitize_id(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}
