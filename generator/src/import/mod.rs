//! The importer: fal's per-endpoint OpenAPI documents (plus what each page adds, from a
//! `.page.yaml` overlay) become normalized schema files.
//!
//! The import is a pure function of the documents: all of them are read, shared types are
//! named and deduplicated across all of them, and the same input always gives the same bytes.

mod assemble;
mod openapi;
mod overlay;

use std::path::PathBuf;

pub use assemble::import;

/// The first line of every file the importer writes; files that start with it belong to the
/// importer, which rewrites or deletes them on every run.
pub const IMPORTED_HEADER: &str = "# Imported by `cargo xtask import`";

/// One upstream document with its page overlay.
#[derive(Clone, Debug)]
pub struct Document {
    /// The document as shown in messages and recorded in `source.upstream` (`upstream/fal/fal-ai__ovi.json`).
    pub path: PathBuf,
    /// The JSON text.
    pub text: String,
    /// The overlay's path and YAML text, when the document has one.
    pub overlay: Option<(PathBuf, String)>,
}

/// A file the importer produces, relative to the schema root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to `schemas/`, with `/` separators.
    pub relative: String,
    /// The file's contents.
    pub text: String,
}

/// Every `*.json` document in `root/dir` with its `.page.yaml` overlay, sorted by name. Paths
/// are recorded as `dir/<name>` so that files record where a document lives in the repository,
/// not on this machine.
pub fn read_documents(root: &std::path::Path, dir: &str) -> Result<Vec<Document>, String> {
    let full = root.join(dir);
    let mut names: Vec<String> = std::fs::read_dir(&full)
        .map_err(|e| format!("cannot read {dir}: {e}"))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut docs = Vec::new();
    for name in names {
        let text = std::fs::read_to_string(full.join(&name))
            .map_err(|e| format!("cannot read {dir}/{name}: {e}"))?;
        let overlay_name = format!("{}.page.yaml", name.trim_end_matches(".json"));
        let overlay = std::fs::read_to_string(full.join(&overlay_name))
            .ok()
            .map(|t| (PathBuf::from(dir).join(&overlay_name), t));
        docs.push(Document {
            path: PathBuf::from(dir).join(&name),
            text,
            overlay,
        });
    }
    Ok(docs)
}
