//! The analyses people come for: what each municipality gets and who is
//! within reach (coverage), and what is near a place (proximity).

/// Allocations per unit and per pool, with the pools' remainders.
pub mod allocations;
pub mod coverage;
mod largest;
pub mod progress;
pub mod progress_report;
pub mod proximity;
mod reach;
mod reach_mask;
pub mod table;

/// Why an analysis cannot run: a parameter names something that is not there.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    #[error("unknown layer `{0}`")]
    UnknownLayer(String),
    #[error("unknown municipality `{0}` in vintage {1}")]
    UnknownMunicipality(String, String),
    #[error("layer `{0}` has no features")]
    EmptyLayer(String),
    /// Reach is measured from sites; a layer of lines or of unit/region polygons has none.
    #[error("layer `{0}` is not a layer of sites (points)")]
    NotSites(String),
}
