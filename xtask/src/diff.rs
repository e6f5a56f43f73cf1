//! `cargo xtask diff`: the change report between an earlier state of `schemas/` (a git
//! revision, or a directory) and the schemas in the checkout.

use std::path::{Path, PathBuf};

use genmedia_generator::changes::{self, Report};
use genmedia_generator::emit::Options;
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
    /// `schemas/` with the files of this directory in place of theirs (same relative paths):
    /// what the report says of edits kept aside, such as the seed pages' older schemas.
    Overlay(PathBuf),
}

impl Baseline {
    /// Loads and checks the baseline's schemas.
    pub fn load(&self) -> Result<Catalog, String> {
        let failed = |d: genmedia_generator::Diagnostics| {
            format!("{d}\nerror: the earlier schemas do not load, so they cannot be compared")
        };
        match self {
            Baseline::Dir(dir) => schema::load_dir(dir).map_err(failed),
            Baseline::Overlay(dir) => {
                let mut diags = Vec::new();
                let mut files = schema::read_dir(Path::new(SCHEMAS), &mut diags);
                for file in schema::read_dir(dir, &mut diags) {
                    files.retain(|f| f.relative != file.relative);
                    files.push(file);
                }
                if !diags.is_empty() {
                    return Err(failed(genmedia_generator::Diagnostics::sorted(diags)));
                }
                files.sort_by(|a, b| a.relative.cmp(&b.relative));
                schema::load_files(&files).map_err(failed)
            }
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
    let options = Options {
        crate_prefix: CRATE_PREFIX.to_string(),
    };
    changes::compare(old, new, &options).map_err(|d| d.to_string())
}

/// Prints the report between `baseline` and `schemas/` (only the endpoints under `only`, when
/// given), and writes it as JSON to `json`.
pub fn run(baseline: &Baseline, json: Option<&Path>, only: &[String]) -> Result<(), String> {
    let old = baseline.load()?;
    let new = schema::load_dir(Path::new(SCHEMAS)).map_err(|d| d.to_string())?;
    let mut report = compare(&old, &new)?;
    if !only.is_empty() {
        let under = |id: &str| {
            only.iter().any(|p| {
                id == p
                    || id
                        .strip_prefix(p.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            })
        };
        report.changes.retain(|c| under(&c.endpoint));
    }
    print!("{}", changes::text(&report));
    if let Some(path) = json {
        std::fs::write(path, changes::json(&report))
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
