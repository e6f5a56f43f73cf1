//! `cargo xtask import`: fal OpenAPI documents → schema files, checked before anything is written.
//!
//! The whole run happens in memory: the documents already in `upstream/fal/` plus the new ones
//! (given on the command line or fetched from fal, [`crate::fetch`]) less the pruned ones,
//! imported beside the hand-written schemas and checked with them. Only when everything passes
//! are `upstream/fal/` and `schemas/` changed, together and all or nothing
//! ([`crate::tree::disk::apply_all`]), so a refused document never stays behind to break the
//! next import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use genmedia_generator::changes;
use genmedia_generator::emit::GeneratedFile;
use genmedia_generator::import::{self, IMPORTED_HEADER};
use genmedia_generator::schema::{self, SourceFile};
use genmedia_generator::Diagnostics;

use crate::diff;
use crate::tree::disk;
use crate::tree::plan::{DiskState, Plan};

/// Where fal's documents (and their `.page.yaml` overlays) live.
pub const UPSTREAM: &str = "upstream/fal";
const SCHEMAS: &str = "schemas";

/// What a run changes in `upstream/fal/` before everything is re-imported: files (documents and
/// overlays) to add or replace, by file name, and files to delete.
#[derive(Default)]
pub struct Changes {
    pub write: BTreeMap<String, String>,
    pub delete: BTreeSet<String>,
}

/// Applies `changes` to the documents in `upstream/fal/` (in memory), re-imports all of them,
/// checks the result together with the hand-written schemas, and only then writes both
/// directories.
pub fn run(changes: Changes, report_json: Option<&Path>) -> Result<(), String> {
    let upstream_now = disk::read_disk(Path::new(UPSTREAM))?;
    // A file about to be replaced or deleted need not be text: a fetch may be what repairs it.
    let kept_now: DiskState = upstream_now
        .iter()
        .filter(|(name, _)| !changes.write.contains_key(*name) && !changes.delete.contains(*name))
        .map(|(name, text)| (name.clone(), text.clone()))
        .collect();
    let mut upstream = texts(UPSTREAM, &kept_now)?;
    let added = changes
        .write
        .keys()
        .filter(|n| n.ends_with(".json"))
        .count();
    let removed: Vec<String> = changes
        .delete
        .into_iter()
        .filter(|name| upstream_now.contains_key(name) && !changes.write.contains_key(name))
        .collect();
    let removed_documents = removed.iter().filter(|n| n.ends_with(".json")).count();
    upstream.extend(changes.write);
    let documents = import::documents(UPSTREAM, &upstream);

    let schemas_now = disk::read_disk(Path::new(SCHEMAS))?;
    let mut diags = Vec::new();
    let existing = schema::read_dir(Path::new(SCHEMAS), &mut diags);
    if !diags.is_empty() {
        return Err(Diagnostics::sorted(diags).to_string());
    }
    // The schemas as they are, for the change report; schemas that do not load (a broken
    // checkout being repaired by this import) give no report rather than no import.
    let before = schema::load_files(&existing).ok();
    let (old_imported, kept): (Vec<SourceFile>, Vec<SourceFile>) = existing
        .into_iter()
        .partition(|f| f.text.starts_with(IMPORTED_HEADER));
    let imported = import::import_beside(&documents, &kept)
        .map_err(|d| format!("{d}\nerror: the import failed; nothing was written"))?;
    refuse_overwriting(&kept, &imported)?;

    let mut all = kept;
    all.extend(imported.iter().map(|f| SourceFile {
        relative: f.relative.clone(),
        display: Path::new(SCHEMAS).join(&f.relative),
        text: f.text.clone(),
    }));
    all.sort_by(|a, b| a.relative.cmp(&b.relative));
    let after = schema::load_files(&all).map_err(|d| {
        format!("{d}\nerror: the imported schemas do not pass the checks; nothing was written")
    })?;
    let report = match &before {
        Some(before) => Some(diff::compare(before, &after)?),
        None => None,
    };

    // Both directories as they must end, then one all-or-nothing change of both.
    let upstream_files: Vec<GeneratedFile> = upstream
        .into_iter()
        .map(|(path, contents)| GeneratedFile { path, contents })
        .collect();
    let upstream_plan = plan_writes(&upstream_files, &upstream_now, removed);
    let schema_files: Vec<GeneratedFile> = imported
        .iter()
        .map(|f| GeneratedFile {
            path: f.relative.clone(),
            contents: f.text.clone(),
        })
        .collect();
    let produced: BTreeSet<&str> = imported.iter().map(|f| f.relative.as_str()).collect();
    let stale: Vec<String> = old_imported
        .iter()
        .filter(|f| !produced.contains(f.relative.as_str()))
        .map(|f| f.relative.clone())
        .collect();
    let schema_plan = plan_writes(&schema_files, &schemas_now, stale);
    disk::apply_all(&[
        (Path::new(UPSTREAM), &upstream_plan),
        (Path::new(SCHEMAS), &schema_plan),
    ])?;
    println!(
        "import: {} documents ({added} added or replaced, {removed_documents} removed), {} schema files written, {} unchanged, {} deleted",
        documents.len(),
        schema_plan.write.len(),
        schema_plan.unchanged,
        schema_plan.delete.len(),
    );
    match &report {
        Some(report) => {
            print!("{}", changes::text(report));
            if let Some(path) = report_json {
                std::fs::write(path, changes::json(report))
                    .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
            }
        }
        None => println!("note: no change report: the schemas before the import did not load"),
    }
    Ok(())
}

/// The files of a directory as text; a file that is not UTF-8 stops the import.
fn texts(dir: &str, state: &DiskState) -> Result<BTreeMap<String, String>, String> {
    state
        .iter()
        .map(|(name, text)| match text {
            Some(text) => Ok((name.clone(), text.clone())),
            None => Err(format!(
                "error: {dir}/{name} is not UTF-8 text\n  help: replace it with the document fal publishes, or delete it"
            )),
        })
        .collect()
}

/// The documents named on the command line (each with the `.page.yaml` overlay beside it, if
/// any), as changes to `upstream/fal/`.
pub fn read_documents(new_documents: &[PathBuf]) -> Result<Changes, String> {
    let mut changes = Changes::default();
    for doc in new_documents {
        let name = doc
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .ok_or_else(|| {
                format!(
                    "error: {} is not a `.json` document\n  help: pass fal's OpenAPI documents, named `<owner>__<alias>__<path>.json`",
                    doc.display()
                )
            })?;
        let text = std::fs::read_to_string(doc)
            .map_err(|e| format!("error: cannot read {}: {e}", doc.display()))?;
        changes.write.insert(name.clone(), text);
        let overlay = doc.with_extension("page.yaml");
        if overlay.is_file() {
            let text = std::fs::read_to_string(&overlay)
                .map_err(|e| format!("error: cannot read {}: {e}", overlay.display()))?;
            changes
                .write
                .insert(name.replace(".json", ".page.yaml"), text);
        }
    }
    Ok(changes)
}

fn refuse_overwriting(kept: &[SourceFile], imported: &[import::OutputFile]) -> Result<(), String> {
    let clash: Vec<&str> = kept
        .iter()
        .filter(|f| imported.iter().any(|i| i.relative == f.relative))
        .map(|f| f.relative.as_str())
        .collect();
    if clash.is_empty() {
        return Ok(());
    }
    Err(format!(
        "error: the import would overwrite hand-written schema files: {}\n  help: delete them, or remove the upstream documents they duplicate; nothing was written",
        clash.join(", ")
    ))
}

/// Writes the produced files that differ from the disk, and deletes `delete`; every other file
/// of the directory stays as it is.
fn plan_writes<'a>(
    produced: &'a [GeneratedFile],
    on_disk: &DiskState,
    delete: Vec<String>,
) -> Plan<'a> {
    let mut plan = Plan {
        delete,
        ..Plan::default()
    };
    for f in produced {
        match on_disk.get(&f.path) {
            Some(Some(text)) if *text == f.contents => plan.unchanged += 1,
            _ => plan.write.push(f),
        }
    }
    plan
}
