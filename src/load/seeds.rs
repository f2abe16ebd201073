//! Reads seeds/ into [`Plan`]. (Owned by the plan-data work; stub.)

use std::path::Path;

use super::DataErrors;
use crate::model::{Geodata, Plan};

/// Reads and validates seeds/, resolving locations against `geodata`.
pub fn load_seeds(dir: &Path, geodata: &Geodata) -> Result<Plan, DataErrors> {
    let _ = (dir, geodata);
    Ok(Plan::default())
}
