//! Geometry algorithms: metrics, projections and polygon work.
pub mod lks92;
