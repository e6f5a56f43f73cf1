//! The rules on an endpoint file as a whole: its id and path, its provider, its local types
//! against the shared ones, its input and output types, and its examples.

use std::path::Path;

use serde_json::Value;

use super::poll::check_poll;
use super::types::check_types;
use super::{Checker, Scope};
use crate::diagnostics::Span;
use crate::schema::load::Parsed;
use crate::schema::model::*;

/// Checks the endpoint file at `relative` (under `schemas/`), its types and its `poll:` block.
pub(super) fn check_endpoint(c: &mut Checker, relative: &str, e: &Endpoint, parsed: &Parsed) {
    let file = e.types.file.as_path();
    check_id(c, file, relative, e);
    check_provider(c, file, e, parsed);
    check_local_names(c, file, e, parsed);
    let scope = Scope {
        local: Some(&e.types),
        shared: &parsed.shared,
    };
    check_io_types(c, file, e, &scope);
    check_types(c, &e.types, &scope);
    if let Some(poll) = &e.poll {
        check_poll(c, e, poll, parsed, &scope);
    }
    check_examples(c, file, e);
}

/// The id is a well-formed id, and the one the file's path gives.
fn check_id(c: &mut Checker, file: &Path, relative: &str, e: &Endpoint) {
    let expected_id = relative.strip_suffix(".yaml").unwrap_or(relative);
    if let Some(problem) = id_problem(&e.id.value) {
        c.error(
            file,
            e.id.span,
            format!("the endpoint id {:?} {problem}", e.id.value),
            "an id is `/`-separated segments of ASCII letters, digits, `-`, `_` and `.` (`fal-ai/flux/dev`); rename the file and its id".to_string(),
        );
    }
    if e.id.value != expected_id {
        c.error(
            file,
            e.id.span,
            format!("the endpoint id `{}` does not match the file's path, which says `{expected_id}`", e.id.value),
            format!("an endpoint lives at schemas/<id>.yaml: change the id to `{expected_id}` or move the file to schemas/{}.yaml", e.id.value),
        );
    }
}

/// Why `id` is not an endpoint id, if it is not. Ids land in paths, URLs, Rust strings, TOML
/// and Markdown: keeping them to these characters keeps every one of those safe.
fn id_problem(id: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if let Some(c) = id.chars().find(|&c| !allowed(c) && c != '/') {
        return Some(format!("contains {c:?}, which an id cannot hold"));
    }
    if id
        .split('/')
        .any(|segment| segment.is_empty() || segment == "." || segment == "..")
    {
        return Some("has an empty, `.` or `..` segment".to_string());
    }
    None
}

/// The provider is one of `providers.yaml`, and the `http` block is there exactly when the
/// provider routes by HTTP path.
fn check_provider(c: &mut Checker, file: &Path, e: &Endpoint, parsed: &Parsed) {
    match parsed.providers.iter().find(|p| p.name == e.provider.value) {
        None if !parsed.providers.is_empty() => {
            let names: Vec<&str> = parsed.providers.iter().map(|p| p.name.as_str()).collect();
            c.error(file, e.provider.span, format!("unknown provider `{}`", e.provider.value), format!("providers.yaml defines: {}", names.join(", ")));
        }
        None => {}
        Some(p) => match (p.routing, &e.http) {
            (Routing::Http, None) => c.error(
                file,
                e.id.span,
                format!("provider `{}` routes by HTTP path, so this endpoint needs an `http` block", p.name),
                "add `http: {method: POST, path: /..., input_in: body}`".to_string(),
            ),
            (Routing::FalQueue, Some(http)) => c.error(
                file,
                http.span,
                format!("provider `{}` derives every URL from the endpoint id, so `http` must not be given", p.name),
                "remove the `http` block".to_string(),
            ),
            _ => {}
        },
    }
}

/// No local type takes the name of a shared one.
fn check_local_names(c: &mut Checker, file: &Path, e: &Endpoint, parsed: &Parsed) {
    for t in &e.types.types {
        if let Some(shared) = parsed.shared.get(&t.name.value) {
            c.error(
                file,
                t.name.span,
                format!(
                    "type `{}` is also defined in shared.yaml (line {}): two different types with one name",
                    t.name.value, shared.name.span.line
                ),
                "rename the local type, or delete it and use the shared one".to_string(),
            );
        }
    }
}

/// The input and the output name object types.
fn check_io_types(c: &mut Checker, file: &Path, e: &Endpoint, scope: &Scope) {
    for (role, name) in [("input", &e.input), ("output", &e.output)] {
        match scope.get(&name.value) {
            None => c.error(
                file,
                name.span,
                format!("the {role} type `{}` is not defined", name.value),
                format!(
                    "define `{}` under `types:` in this file or in shared.yaml",
                    name.value
                ),
            ),
            Some(t) if !matches!(t.kind, TypeKind::Object(_)) => c.error(
                file,
                name.span,
                format!(
                    "the {role} type `{}` must be an object (a type with `fields`)",
                    name.value
                ),
                None,
            ),
            Some(_) => {}
        }
    }
}

/// Every example's input and output is JSON text.
fn check_examples(c: &mut Checker, file: &Path, e: &Endpoint) {
    for example in &e.examples {
        for json in [&example.input, &example.output].into_iter().flatten() {
            if let Err(err) = serde_json::from_str::<Value>(&json.value) {
                // In a block scalar the span is where the JSON text starts, so JSON positions
                // are offsets from it.
                let line = json.span.line + err.line() as u32 - 1;
                let column = if err.line() == 1 {
                    json.span.column - 1
                } else {
                    json.span.column.saturating_sub(1)
                } + err.column() as u32;
                c.error(
                    file,
                    Span::new(line, column),
                    format!("example is not valid JSON: {err}"),
                    "examples are JSON text; check quotes, commas and brackets".to_string(),
                );
            }
        }
    }
}
