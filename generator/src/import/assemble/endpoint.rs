//! One endpoint from its document: the names of its input and output, its own types, the
//! defaults its overlay gives, its notes, and what the overlay or its id says about it.

use std::collections::BTreeSet;

use super::resolve::{resolve_field, Scope};
use super::shared::SharedTypes;
use super::unfit::{drop_unfit_constraints, drop_unfit_defaults};
use super::Doc;
use crate::diagnostics::Diagnostic;
use crate::import::openapi::PComponent;
use crate::import::{describe, Document, IMPORTED_HEADER};
use crate::naming::imported::io_names;
use crate::schema::model::*;

/// One endpoint file; `shared_notes` are the notes on the shared types it uses.
pub(super) fn endpoint(
    d: &Doc,
    shared: &SharedTypes,
    shared_types: &[NamedType],
    shared_names: &BTreeSet<String>,
    shared_notes: &[String],
    diags: &mut Vec<Diagnostic>,
    source: &Document,
) -> Option<Endpoint> {
    let io_names = io_names([&d.input, &d.output], shared_names);
    let mut reserved = shared_names.clone();
    reserved.extend(io_names.iter().cloned());
    let mut scope = Scope::new(reserved);
    let mut io_types = Vec::new();
    for (comp, name) in [&d.input, &d.output].into_iter().zip(&io_names) {
        let Some((
            PComponent::Object {
                description,
                fields,
            },
            _,
        )) = d.components.get(comp)
        else {
            continue;
        };
        let mut fields: Vec<Field> = fields
            .iter()
            .map(|f| resolve_field(f, name, d, shared, &mut scope))
            .collect();
        if comp == &d.input {
            set_overlay_defaults(d, &mut fields, diags, source);
        }
        io_types.push(NamedType {
            name: Located::synthetic(name.clone()),
            description: description.clone(),
            deprecated: false,
            kind: TypeKind::Object(fields),
        });
        if d.input == d.output {
            break;
        }
    }
    // Input and output come first in the file, then the types they use, in order of first use.
    io_types.extend(scope.types);
    let notes = notes(d, &mut io_types, shared_types, shared_notes);
    let o = &d.overlay;
    Some(Endpoint {
        id: Located::synthetic(d.id.clone()),
        provider: Located::synthetic("fal".into()),
        title: o.title.clone().unwrap_or_else(|| describe::title(&d.id)),
        category: o
            .category
            .clone()
            .unwrap_or_else(|| derived_category(d, &io_types, &io_names)),
        description: o.description.clone(),
        docs_url: d.docs_url.clone(),
        streaming: o.streaming,
        input: Located::synthetic(io_names[0].clone()),
        output: Located::synthetic(io_names[1].clone()),
        source: Some(Source {
            upstream: Some(d.upstream.clone()),
            pages: o.pages.clone(),
        }),
        notes,
        examples: o.examples.clone(),
        http: None,
        poll: None,
        header: Some(header(d)),
        types: TypeFile {
            file: Default::default(),
            types: io_types,
        },
    })
}

/// Gives the input's `fields` the defaults the overlay lists; one for a field the input does
/// not have is reported, at the overlay's entry.
fn set_overlay_defaults(
    d: &Doc,
    fields: &mut [Field],
    diags: &mut Vec<Diagnostic>,
    source: &Document,
) {
    for (field, value, span) in &d.overlay.defaults {
        match fields.iter_mut().find(|f| &f.name.value == field) {
            Some(f) => f.default = Some(Located::synthetic(value.clone())),
            None => diags.push(
                Diagnostic::new(
                    d.overlay_file.as_deref().unwrap_or(source.path.as_path()),
                    *span,
                    format!(
                        "the input of `{}` has no field `{field}` to give a default",
                        d.id
                    ),
                )
                .with_help("remove the entry from `defaults`, or fix the field's name"),
            ),
        }
    }
}

/// The endpoint's notes: what was left out of its types (`io_types`, from which it is
/// removed) and of the shared types it uses, a missing overlay title, free-form inputs or
/// outputs, and the overlay's own notes.
fn notes(
    d: &Doc,
    io_types: &mut [NamedType],
    shared_types: &[NamedType],
    shared_notes: &[String],
) -> Vec<String> {
    let o = &d.overlay;
    // Constraints first: a default is then checked against the bounds that are kept.
    let mut notes: Vec<String> = drop_unfit_constraints(io_types, shared_types)
        .into_iter()
        .map(|(_, note)| note)
        .collect();
    notes.extend(shared_notes.iter().cloned());
    notes.extend(drop_unfit_defaults(io_types, shared_types));
    if o.title.is_none() {
        notes.push("No page overlay gives this endpoint a title or category: both are derived from its id (schemas/README.md, \"Titles and categories\").".to_string());
    }
    notes.extend(d.free_form.iter().cloned());
    notes.extend(o.notes.iter().cloned());
    notes
}

/// The category when no overlay gives one: from the endpoint's id and the names of the fields
/// of its input and output.
fn derived_category(d: &Doc, io_types: &[NamedType], io_names: &[String]) -> String {
    let names = |name: &str| -> Vec<&str> {
        match io_types
            .iter()
            .find(|t| t.name.value == name)
            .map(|t| &t.kind)
        {
            Some(TypeKind::Object(fields)) => {
                fields.iter().map(|f| f.name.value.as_str()).collect()
            }
            _ => Vec::new(),
        }
    };
    describe::category(&d.id, &names(&io_names[0]), &names(&io_names[1]))
}

/// The comment the file starts with: imported from which document, and its overlay if any.
fn header(d: &Doc) -> String {
    format!(
        "{IMPORTED_HEADER} from {}{}; edit those and re-import.",
        d.upstream,
        if d.overlay_file.is_some() {
            " and its .page.yaml"
        } else {
            ""
        }
    )
}
