//! pierobeza: the Eastern border area action plan of Latvia (2025–2027) as layers,
//! coverage per municipality and proximity queries.
//!
//! Data flows one way: [`load`] (geodata/, seeds/ → [`model`]) → [`index`] (rstar)
//! → [`analysis`] (coverage, proximity) → [`api`] (HTTP) and [`export`] (files).

pub mod analysis;
pub mod api;
pub mod auth;
pub mod check;
pub mod cli;
pub mod edit;
pub mod export;
pub mod files;
#[cfg(feature = "gdal")]
pub mod gdal;
pub mod geom;
pub mod import;
pub mod index;
pub mod load;
pub mod model;
pub mod report;
pub mod store;
