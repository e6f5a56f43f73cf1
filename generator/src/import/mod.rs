//! The importer: fal's per-endpoint OpenAPI documents (plus what each page adds, from a
//! `.page.yaml` overlay) become normalized schema files.
//!
//! The import is a pure function of the documents: all of them are read, shared types are
//! named and deduplicated across all of them, and the same input always gives the same bytes.

mod assemble;
mod describe;
mod openapi;
mod overlay;

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::diagnostics::Diagnostics;
use crate::schema::{load, SourceFile};

pub use assemble::import;

/// Imports every document into a schema directory that also holds `hand_written` schemas
/// (every schema file that does not start with [`IMPORTED_HEADER`]). The loader refuses a
/// local type named like a shared one, so the shared types the import names avoid the names
/// those schemas give their own types: an `AspectRatio` that many fal documents share becomes
/// `<alias of its first user>AspectRatio`, as any clash between shared shapes does.
pub fn import_beside(
    documents: &[Document],
    hand_written: &[SourceFile],
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut diags = Vec::new();
    let parsed = load::parse_files(hand_written, &mut diags);
    if !diags.is_empty() {
        return Err(Diagnostics::sorted(diags));
    }
    let taken: BTreeSet<String> = parsed
        .endpoints
        .iter()
        .flat_map(|(_, e)| e.types.types.iter().map(|t| t.name.value.clone()))
        .collect();
    assemble::import_avoiding(documents, &taken)
}

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
    let mut files = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(&full).map_err(|e| format!("cannot read {dir}: {e}"))? {
        let name = entry
            .map_err(|e| format!("cannot read {dir}: {e}"))?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".json") || name.ends_with(".page.yaml") {
            let text = std::fs::read_to_string(full.join(&name))
                .map_err(|e| format!("cannot read {dir}/{name}: {e}"))?;
            files.insert(name, text);
        }
    }
    Ok(documents(dir, &files))
}

/// The documents among `files` (file name → text, as in the directory `dir`): every `*.json`
/// with its `.page.yaml` overlay, sorted by name. An import can so be checked in memory before
/// anything is written.
pub fn documents(dir: &str, files: &std::collections::BTreeMap<String, String>) -> Vec<Document> {
    files
        .iter()
        .filter_map(|(name, text)| {
            let stem = name.strip_suffix(".json")?;
            let overlay_name = format!("{stem}.page.yaml");
            let overlay = files
                .get(&overlay_name)
                .map(|t| (PathBuf::from(dir).join(&overlay_name), t.clone()));
            Some(Document {
                path: PathBuf::from(dir).join(name),
                text: text.clone(),
                overlay,
            })
        })
        .collect()
}
