//! `cargo xtask codegen`: load and check every schema.

use std::path::Path;
use std::time::Instant;

use genmedia_generator::schema;

/// Loads and checks `schemas/`, printing every problem, or a one-line summary.
pub fn run(_check: bool) -> Result<(), String> {
    let start = Instant::now();
    let catalog = schema::load_dir(Path::new("schemas")).map_err(|d| d.to_string())?;
    let shared = catalog.shared.types.len();
    let local: usize = catalog.endpoints.iter().map(|e| e.types.types.len()).sum();
    println!(
        "codegen: {} endpoints, {} providers, {} shared and {} endpoint types checked in {:.0?}",
        catalog.endpoints.len(),
        catalog.providers.len(),
        shared,
        local,
        start.elapsed()
    );
    Ok(())
}
