//! One stored record: its kind, id, order, true geometry and typed body as JSON.

use geo::Geometry;
use serde_json::Value;

/// What a stored record is. Each kind maps to one typed model struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A municipality of the 2021–2025 units ([`crate::model::Municipality`]).
    Unit2021,
    /// A municipality of the current units.
    UnitCurrent,
    /// A derived outline: `plan_territory` or `latvia`.
    Outline,
    /// A state border segment ([`crate::model::BorderSegment`]).
    Border,
    /// A settlement ([`crate::model::Settlement`]).
    Settlement,
    /// A border crossing ([`crate::model::Crossing`]).
    Crossing,
    /// A measure of the plan without its locations ([`crate::model::Measure`]).
    Measure,
    /// Where a measure lands ([`crate::model::Location`]); its parent is the measure.
    Location,
    /// A funding pool of the plan ([`crate::model::FundingPool`]).
    Pool,
    /// A statement of the plan ([`crate::model::PlanStatement`]).
    Statement,
    /// A stage a measure reached ([`crate::model::StageRecord`]); its parent is the measure.
    Stage,
    /// An indicator's achieved value ([`crate::model::IndicatorValue`]); parent: the measure.
    IndicatorValue,
    /// Money allocated to a measure ([`crate::model::Allocation`]); parent: the measure.
    Allocation,
}

impl Kind {
    /// Every kind, in the order a snapshot is assembled.
    pub const ALL: [Kind; 13] = [
        Kind::Unit2021,
        Kind::UnitCurrent,
        Kind::Outline,
        Kind::Border,
        Kind::Settlement,
        Kind::Crossing,
        Kind::Measure,
        Kind::Location,
        Kind::Pool,
        Kind::Statement,
        Kind::Stage,
        Kind::IndicatorValue,
        Kind::Allocation,
    ];

    /// The name in the `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Unit2021 => "unit_2021",
            Kind::UnitCurrent => "unit_current",
            Kind::Outline => "outline",
            Kind::Border => "border",
            Kind::Settlement => "settlement",
            Kind::Crossing => "crossing",
            Kind::Measure => "measure",
            Kind::Location => "location",
            Kind::Pool => "pool",
            Kind::Statement => "statement",
            Kind::Stage => "stage",
            Kind::IndicatorValue => "indicator_value",
            Kind::Allocation => "allocation",
        }
    }

    /// The kind named in the `kind` column.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A record as the store keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: Kind,
    pub id: String,
    /// The owning record (a location's measure).
    pub parent: Option<String>,
    /// Order within its kind (the order of the source files).
    pub seq: i64,
    /// The true geometry, CRS84 / EPSG:4326 (lon, lat).
    pub geometry: Option<Geometry<f64>>,
    /// The typed record without its geometry, as JSON.
    pub body: Value,
}

/// A record as a backend reads it, borrowed from the database's row: decoded
/// straight into the model, so a snapshot never holds every row at once.
#[derive(Debug, Clone, Copy)]
pub struct RawRow<'a> {
    pub kind: Kind,
    pub id: &'a str,
    pub parent: Option<&'a str>,
    pub seq: i64,
    /// WKB, CRS84.
    pub geom: Option<&'a [u8]>,
    /// The body as JSON text.
    pub body: Option<&'a str>,
}

impl RawRow<'_> {
    /// The kind named in a `kind` column, or an error naming the record.
    pub fn kind_of(kind: &str, id: &str) -> Result<Kind, super::StoreError> {
        Kind::parse(kind).ok_or_else(|| super::StoreError::Record {
            kind: "record",
            id: id.to_string(),
            reason: format!("unknown kind {kind:?}"),
        })
    }

    /// The owned row (geometry and body decoded).
    pub fn to_row(&self) -> Result<Row, super::StoreError> {
        super::changeset_rules::row_from_parts(
            self.kind.as_str(),
            self.id.to_string(),
            self.parent.map(str::to_string),
            self.seq,
            self.geom,
            self.body,
        )
    }
}
