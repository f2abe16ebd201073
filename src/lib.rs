//! pierobeza: the Eastern border area action plan of Latvia (2025–2027) as layers,
//! coverage per municipality and proximity queries.
//!
//! Data flows one way: [`load`] (geodata/, seeds/ → [`model`]) → [`index`] (rstar)
//! → [`analysis`] (coverage, proximity) → [`api`] (HTTP) and [`export`] (files).

pub mod geom;
pub mod model;
pub mod load;
pub mod check;
pub mod index;
pub mod api;
pub mod analysis;
