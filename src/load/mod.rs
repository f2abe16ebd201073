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

    /// `geodata/` and `seeds/` under the current directory: the repository's root
    /// when run from a clone (as the README does), or `--data-dir` for an installed
    /// binary. Nothing about the build machine is baked into the binary.
    pub fn current_dir() -> Self {
        Self::under(&std::env::current_dir().unwrap_or_default())
    }
}

/// Loads geodata/ and then seeds/ (whose locations resolve against the geodata).
pub fn load_all(paths: &DataPaths) -> Result<(Geodata, Plan), DataErrors> {
    let geodata = geodata::load_geodata(&paths.geodata)?;
    let plan = seeds::load_seeds(&paths.seeds, &geodata)?;
    Ok((geodata, plan))
}
