//! Naming and deduplication across documents, and the assembly of schema files.
//!
//! [`import`] is the entry point; each step has its file:
//! - `document.rs` reads one document: its endpoint id, its components, its overlay;
//! - `shared.rs` finds the object types that documents share, gives each shape one name
//!   across all documents and defines them for `shared.yaml`;
//! - `resolve.rs` turns the fields of a component into schema fields, naming the enums and
//!   unions written inline with the rules of [`crate::naming`] (its `imported.rs`);
//! - `endpoint.rs` builds one endpoint from its document;
//! - `unfit.rs` leaves out, with a note, the constraints and defaults the checker would refuse;
//! - this file puts them together and writes the files.

mod document;
mod endpoint;
mod resolve;
mod shared;
mod unfit;

use std::collections::{BTreeMap, BTreeSet};

use super::openapi::PComponent;
use super::overlay::Overlay;
use super::{Document, OutputFile, IMPORTED_HEADER};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::schema::load::SHARED_FILE;
use crate::schema::write;
use shared::SharedTypes;
use unfit::drop_unfit_constraints;

/// One parsed document.
struct Doc {
    index: usize,
    pos: usize,
    id: String,
    upstream: String,
    docs_url: Option<String>,
    input: String,
    output: String,
    components: BTreeMap<String, (PComponent, Option<String>)>,
    overlay: Overlay,
    overlay_file: Option<std::path::PathBuf>,
    /// Notes on inputs or outputs that upstream leaves free-form.
    free_form: Vec<String>,
}

/// Imports every document; returns the endpoint files and `shared.yaml`, sorted by path.
pub fn import(documents: &[Document]) -> Result<Vec<OutputFile>, Diagnostics> {
    import_avoiding(documents, &BTreeSet::new())
}

/// Imports every document; no shared type takes one of the names in `taken`.
pub(super) fn import_avoiding(
    documents: &[Document],
    taken: &BTreeSet<String>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let docs = read_all(documents)?;
    let shared = SharedTypes::build(&docs, taken);
    let mut shared_types = shared.define(&docs, taken);
    let shared_names: BTreeSet<String> =
        shared_types.iter().map(|t| t.name.value.clone()).collect();
    // shared.yaml has no notes: each endpoint that uses a shared type says what it lost.
    let mut shared_notes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, note) in drop_unfit_constraints(&mut shared_types, &[]) {
        shared_notes.entry(name).or_default().push(note);
    }
    let mut diags = Vec::new();
    let mut files = Vec::new();
    for d in &docs {
        let notes = notes_on_shared_types(d, &shared, &shared_notes);
        match endpoint::endpoint(
            d,
            &shared,
            &shared_types,
            &shared_names,
            &notes,
            &mut diags,
            &documents[d.index],
        ) {
            Some(e) => files.push(OutputFile {
                relative: format!("{}.yaml", d.id),
                text: write::endpoint_file(&e),
            }),
            None => continue,
        }
    }
    shared_types.sort_by(|a, b| a.name.value.cmp(&b.name.value));
    files.push(OutputFile {
        relative: SHARED_FILE.to_string(),
        text: write::shared_file(
            &format!("{IMPORTED_HEADER} from the documents in upstream/fal/: types shared by many endpoints; edit those and re-import."),
            &shared_types,
        ),
    });
    if !diags.is_empty() {
        return Err(Diagnostics::sorted(diags));
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(files)
}

/// Reads every document, in the order of their endpoint ids; refuses two documents that
/// describe one endpoint.
fn read_all(documents: &[Document]) -> Result<Vec<Doc>, Diagnostics> {
    let mut diags = Vec::new();
    let mut docs: Vec<Doc> = documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| document::read(i, d, &mut diags))
        .collect();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    for (pos, d) in docs.iter_mut().enumerate() {
        d.pos = pos;
    }
    let mut seen = BTreeMap::new();
    for d in &docs {
        if let Some(first) = seen.insert(d.id.clone(), d.upstream.clone()) {
            diags.push(
                Diagnostic::new(
                    documents[d.index].path.as_path(),
                    Span::default(),
                    format!("endpoint `{}` is also described by {first}", d.id),
                )
                .with_help("keep one document per endpoint in upstream/fal/"),
            );
        }
    }
    if !diags.is_empty() {
        return Err(Diagnostics::sorted(diags));
    }
    Ok(docs)
}

/// The notes on the shared types that the document `d` uses (`shared_notes`, by type name),
/// for its endpoint file to carry.
fn notes_on_shared_types(
    d: &Doc,
    shared: &SharedTypes,
    shared_notes: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    let used: BTreeSet<&String> = shared
        .names
        .range((d.pos, String::new())..(d.pos + 1, String::new()))
        .map(|(_, name)| name)
        .collect();
    used.into_iter()
        .filter_map(|name| shared_notes.get(name))
        .flatten()
        .cloned()
        .collect()
}
