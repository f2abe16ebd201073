//! Reading geodata/ and seeds/ into the [`crate::model`], with validation.
//!
//! Every problem found is reported as a [`DataError`] that names the file, the
//! record (feature id, measure id or line) and the field; loaders collect all
//! errors instead of stopping at the first.

pub mod error;
pub mod geodata;
pub mod seeds;

use std::path::{Path, PathBuf};

pub use error::{DataError, DataErrors};

use crate::model::{Geodata, Plan};

/// Where the shipped data lives, relative to a repository root.
#[derive(Debug, Clone)]
pub struct DataPaths {
    pub geodata: PathBuf,
    pub seeds: PathBuf,
}

impl DataPaths {
    /// `ROOT/geodata` and `ROOT/seeds`.
    pub fn under(root: &Path) -> Self {
        DataPaths {
            geodata: root.join("geodata"),
            seeds: root.join("seeds"),
        }
    }

    /// The data shipped in this repository (found from the crate's manifest dir).
    pub fn shipped() -> Self {
        Self::under(Path::new(env!("CARGO_MANIFEST_DIR")))
    }
}

/// Loads geodata/ and then seeds/ (whose locations resolve against the geodata).
pub fn load_all(paths: &DataPaths) -> Result<(Geodata, Plan), DataErrors> {
    let geodata = geodata::load_geodata(&paths.geodata)?;
    let plan = seeds::load_seeds(&paths.seeds, &geodata)?;
    Ok((geodata, plan))
}
