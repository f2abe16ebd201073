//! A layer: features of one geometry class, each with its typed record and the flat
//! properties rendered from it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use geo::{Geometry, Rect};
use serde_json::{Map, Value};

use super::positions::Positions;
use super::{Record, SpatialIndex};
use crate::model::{Geodata, Plan, Vintage};

/// The geometry class of a layer; a layer holds one class only (OGC collections
/// with a single geometry type read cleanly in QGIS and GDAL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GeomClass {
    Points,
    Lines,
    Areas,
}

impl GeomClass {
    /// The class of a geometry, `None` for collections and other mixed kinds.
    pub fn of(g: &Geometry<f64>) -> Option<GeomClass> {
        match g {
            Geometry::Point(_) | Geometry::MultiPoint(_) => Some(GeomClass::Points),
            Geometry::LineString(_) | Geometry::MultiLineString(_) | Geometry::Line(_) => {
                Some(GeomClass::Lines)
            }
            Geometry::Polygon(_)
            | Geometry::MultiPolygon(_)
            | Geometry::Rect(_)
            | Geometry::Triangle(_) => Some(GeomClass::Areas),
            Geometry::GeometryCollection(_) => None,
        }
    }

    /// Suffix of measure layer ids.
    pub fn suffix(self) -> &'static str {
        match self {
            GeomClass::Points => "points",
            GeomClass::Lines => "lines",
            GeomClass::Areas => "areas",
        }
    }

    /// The OGC / GeoJSON geometry type name the layer is declared with.
    pub fn geometry_type(self) -> &'static str {
        match self {
            GeomClass::Points => "Point",
            GeomClass::Lines => "MultiLineString",
            GeomClass::Areas => "MultiPolygon",
        }
    }
}

/// Base geography or plan measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerGroup {
    Base,
    Measures,
}

/// One feature as served: its public geometry (CRS84), its typed record, and the
/// flat properties of responses rendered from the record.
///
/// Analyses read `record`; `properties` is the response (filters, GeoJSON, CSV,
/// GeoPackage) and no figure may depend on it.
#[derive(Debug, Clone)]
pub struct Feature {
    pub id: String,
    pub geometry: Geometry<f64>,
    /// The typed attributes.
    pub record: Record,
    /// The JSON properties as served: `record.properties()`, rendered on first use
    /// (a layer of a million locations would hold gigabytes of maps otherwise).
    properties: OnceLock<Map<String, Value>>,
}

impl Feature {
    /// A feature whose properties are rendered from its record when asked for.
    pub fn new(id: impl Into<String>, geometry: Geometry<f64>, record: Record) -> Feature {
        Feature {
            id: id.into(),
            geometry,
            record,
            properties: OnceLock::new(),
        }
    }

    /// The JSON properties as served.
    pub fn properties(&self) -> &Map<String, Value> {
        self.properties.get_or_init(|| self.record.properties())
    }

    /// Serves other properties than the record's (tests that prove no analysis
    /// reads them).
    pub fn set_properties(&mut self, properties: Map<String, Value>) {
        self.properties = OnceLock::from(properties);
    }
}

/// Features read to find a layer's property types. A record's fields have fixed
/// types, so a sample finds every type except of fields null throughout it (typed
/// `string`); reading all of a million-feature layer cost a second at start-up.
const SCHEMA_SAMPLE: usize = 10_000;

/// A collection of features of one class, with its spatial index.
#[derive(Debug)]
pub struct Layer {
    /// Collection id: lowercase, digits and underscores (no dots).
    pub id: String,
    pub title: String,
    /// Latvian title, where one is known.
    pub title_lv: Option<String>,
    pub description: String,
    pub group: LayerGroup,
    pub class: GeomClass,
    pub features: Vec<Feature>,
    /// Property names in a stable order, with a JSON type (`string`, `number`,
    /// `integer`, `boolean`) taken from the values.
    pub schema: Vec<(String, &'static str)>,
    /// Extent of all features (CRS84); `None` when the layer is empty.
    pub bbox: Option<Rect<f64>>,
    pub index: SpatialIndex,
    /// Feature position by id.
    positions: Positions,
}

impl Layer {
    /// Builds a layer and its index; the schema is read off the features.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        description: impl Into<String>,
        group: LayerGroup,
        class: GeomClass,
        features: Vec<Feature>,
    ) -> Layer {
        let mut schema: Vec<(String, &'static str)> = Vec::new();
        for f in features.iter().take(SCHEMA_SAMPLE) {
            for (k, v) in &f.record.properties() {
                let t = json_type(v);
                match schema.iter_mut().find(|(name, _)| name == k) {
                    Some((_, existing)) => {
                        if *existing == "null" {
                            *existing = t;
                        } else if *existing == "integer" && t == "number" {
                            *existing = "number";
                        }
                    }
                    None => schema.push((k.clone(), t)),
                }
            }
        }
        for (_, t) in schema.iter_mut() {
            if *t == "null" {
                *t = "string";
            }
        }
        let index = SpatialIndex::build(&features);
        // The CRS84 tree's root is the union of every feature's envelope.
        let bbox = index.crs84_bounds();
        let positions = Positions::build(&features);
        Layer {
            id: id.into(),
            title: title.into(),
            title_lv: None,
            description: description.into(),
            group,
            class,
            features,
            schema,
            bbox,
            index,
            positions,
        }
    }

    /// Sets the Latvian title.
    pub fn with_title_lv(mut self, t: impl Into<String>) -> Layer {
        self.title_lv = Some(t.into());
        self
    }

    /// The feature with this id.
    pub fn feature(&self, id: &str) -> Option<(usize, &Feature)> {
        let i = self.positions.get(&self.features, id)?;
        self.features.get(i).map(|f| (i, f))
    }

    /// The declared JSON type of a property, if the layer has it.
    pub fn property_type(&self, name: &str) -> Option<&'static str> {
        self.schema.iter().find(|(n, _)| n == name).map(|(_, t)| *t)
    }

    /// The values an enumerated property can take (see [`Record::domain`]); every
    /// feature of a layer has the same kind of record, so the first one answers.
    pub fn property_domain(&self, name: &str) -> Option<Vec<&'static str>> {
        self.features.first()?.record.domain(name)
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        _ => "string",
    }
}

/// All layers, with the model they were built from.
#[derive(Debug)]
pub struct Catalog {
    /// Who the catalog is for: a public one never holds a site finer than its public
    /// precision.
    pub audience: super::build::Audience,
    pub layers: Vec<Layer>,
    pub geodata: Geodata,
    pub plan: Plan,
    /// Which layer id serves the units of each vintage.
    pub unit_layers: BTreeMap<Vintage, String>,
    /// The population model of each vintage's units (settlements + rural grid).
    pub population: BTreeMap<Vintage, super::PopulationModel>,
}

impl Catalog {
    pub fn layer(&self, id: &str) -> Option<&Layer> {
        self.layers.iter().find(|l| l.id == id)
    }

    /// The units layer of a vintage.
    pub fn units_layer(&self, vintage: Vintage) -> Option<&Layer> {
        self.unit_layers.get(&vintage).and_then(|id| self.layer(id))
    }

    /// The population model of a vintage's units, by position in its units layer.
    pub fn population(&self, vintage: Vintage) -> Option<&super::PopulationModel> {
        self.population.get(&vintage)
    }
}
