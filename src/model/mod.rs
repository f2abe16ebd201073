//! The domain: municipalities, measures, indicators, locations. No I/O here.

mod empty;
pub mod geodata;
pub mod location;
pub mod measure;
pub mod municipality;
pub mod plan;
pub mod progress;
pub mod source;

pub use geodata::{BorderSegment, Country, Crossing, Geodata, Settlement};
pub use location::{Location, Place, Precision};
pub use measure::{Direction, Funding, FundingKind, Indicator, Measure};
pub use municipality::{Municipality, PlanPart, UnitKind, Vintage};
pub use plan::{FundingPool, Plan, PlanStatement, StatementKind};
pub use progress::{
    Allocation, IndicatorValue, MoneyKind, Progress, ProgressRecord, Stage, StageRecord,
};
pub use source::{SourceFeature, SourceLayer};
