//! `cargo xtask import`: fal OpenAPI documents → schema files, checked before anything is written.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use genmedia_generator::import::{self, IMPORTED_HEADER};
use genmedia_generator::schema::{self, SourceFile};

use crate::fsx::write_atomic;

const UPSTREAM: &str = "upstream/fal";
const SCHEMAS: &str = "schemas";

/// Copies `new_documents` (and their overlays) into `upstream/fal/`, re-imports everything
/// there, checks the result together with the hand-written schemas, and only then writes.
pub fn run(new_documents: &[PathBuf]) -> Result<(), String> {
    for doc in new_documents {
        let name = doc
            .file_name()
            .ok_or_else(|| format!("error: {} is not a file", doc.display()))?;
        let text = std::fs::read_to_string(doc)
            .map_err(|e| format!("error: cannot read {}: {e}", doc.display()))?;
        write_atomic(&Path::new(UPSTREAM).join(name), &text)?;
        let overlay = doc.with_extension("page.yaml");
        if let Ok(text) = std::fs::read_to_string(&overlay) {
            write_atomic(
                &Path::new(UPSTREAM).join(overlay.file_name().unwrap_or_default()),
                &text,
            )?;
        }
    }
    let documents =
        import::read_documents(Path::new("."), UPSTREAM).map_err(|e| format!("error: {e}"))?;
    let imported = import::import(&documents).map_err(|d| d.to_string())?;

    // The new schema set: every file that is not the importer's, plus what the import produced.
    let mut diags = Vec::new();
    let existing = schema::read_dir(Path::new(SCHEMAS), &mut diags);
    if !diags.is_empty() {
        return Err(genmedia_generator::Diagnostics::sorted(diags).to_string());
    }
    let (old_imported, kept): (Vec<SourceFile>, Vec<SourceFile>) = existing
        .into_iter()
        .partition(|f| f.text.starts_with(IMPORTED_HEADER));
    let clash: Vec<&str> = kept
        .iter()
        .filter(|f| imported.iter().any(|i| i.relative == f.relative))
        .map(|f| f.relative.as_str())
        .collect();
    if !clash.is_empty() {
        return Err(format!(
            "error: the import would overwrite hand-written schema files: {}\n  help: delete them, or remove the upstream documents they duplicate",
            clash.join(", ")
        ));
    }
    let mut all = kept;
    all.extend(imported.iter().map(|f| SourceFile {
        relative: f.relative.clone(),
        display: Path::new(SCHEMAS).join(&f.relative),
        text: f.text.clone(),
    }));
    all.sort_by(|a, b| a.relative.cmp(&b.relative));
    schema::load_files(&all).map_err(|d| {
        format!("{d}\nerror: the imported schemas do not pass the checks; nothing was written")
    })?;

    let mut written = 0;
    let mut unchanged = 0;
    for f in &imported {
        let path = Path::new(SCHEMAS).join(&f.relative);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(f.text.as_str()) {
            unchanged += 1;
            continue;
        }
        write_atomic(&path, &f.text)?;
        written += 1;
    }
    let produced: BTreeSet<&str> = imported.iter().map(|f| f.relative.as_str()).collect();
    let mut deleted = 0;
    for stale in old_imported
        .iter()
        .filter(|f| !produced.contains(f.relative.as_str()))
    {
        std::fs::remove_file(&stale.display)
            .map_err(|e| format!("error: cannot delete {}: {e}", stale.display.display()))?;
        deleted += 1;
    }
    println!(
        "import: {} documents, {} files written, {unchanged} unchanged, {deleted} deleted",
        documents.len(),
        written
    );
    Ok(())
}
