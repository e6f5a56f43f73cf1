//! `cargo xtask diff`: the change report between an earlier state of `schemas/` (a git
//! revision, or a directory) and the schemas in the checkout.

use std::path::{Path, PathBuf};

use genmedia_generator::changes::{self, Report};
use genmedia_generator::ir::Ir;
use genmedia_generator::schema::{self, model::Catalog, SourceFile};

use crate::tree::git;

/// The schemas of the checkout, and the prefix of the packages the main job generates.
pub const SCHEMAS: &str = "schemas";
const CRATE_PREFIX: &str = "genmedia";

/// The earlier state the checkout's schemas are compared with.
#[derive(Clone, Debug)]
pub enum Baseline {
    /// `schemas/` at this git revision.
    Rev(String),
    /// A schema directory.
    Dir(PathBuf),
}

impl Baseline {
    /// Loads and checks the baseline's schemas.
    pub fn load(&self) -> Result<Catalog, String> {
        let failed = |d: genmedia_generator::Diagnostics| {
            format!("{d}\nerror: the earlier schemas do not load, so they cannot be compared")
        };
        match self {
            Baseline::Dir(dir) => schema::load_dir(dir).map_err(failed),
            Baseline::Rev(rev) => {
                let files: Vec<SourceFile> = git::files_at(rev, SCHEMAS)?
                    .into_iter()
                    .filter(|(path, _)| path.ends_with(".yaml"))
                    .map(|(path, text)| SourceFile {
                        relative: path.strip_prefix("schemas/").unwrap_or(&path).to_string(),
                        display: PathBuf::from(format!("{rev}:{path}")),
                        text,
                    })
                    .collect();
                schema::load_files(&files).map_err(failed)
            }
        }
    }
}

/// The report between two checked catalogs, compared as the main job generates them.
pub fn compare(old: &Catalog, new: &Catalog) -> Result<Report, String> {
    let ir = |c| Ir::build(c, CRATE_PREFIX).map_err(|d| d.to_string());
    Ok(changes::compare(&ir(old)?, &ir(new)?))
}

/// Prints the report between `baseline` and `schemas/`, and writes it as JSON to `json`.
pub fn run(baseline: &Baseline, json: Option<&Path>) -> Result<(), String> {
    let old = baseline.load()?;
    let new = schema::load_dir(Path::new(SCHEMAS)).map_err(|d| d.to_string())?;
    let report = compare(&old, &new)?;
    print!("{}", changes::text(&report));
    if let Some(path) = json {
        std::fs::write(path, changes::json(&report))
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
