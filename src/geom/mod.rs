//! Geometry algorithms: metrics, projections and polygon work.
