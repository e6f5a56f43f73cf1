//! Reading one of fal's per-endpoint OpenAPI documents: its endpoint id, its input and output,
//! its components, and its page overlay.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::Doc;
use crate::diagnostics::{Diagnostic, Span};
use crate::import::openapi::{self, PComponent};
use crate::import::overlay::{self, Overlay};
use crate::import::Document;

/// The components of a document by name, each with its `title`.
type Components = BTreeMap<String, (PComponent, Option<String>)>;

fn json_error(path: &Path, e: &serde_json::Error) -> Diagnostic {
    Diagnostic::new(
        path,
        Span::new(e.line() as u32, e.column() as u32),
        format!("the document is not valid JSON: {e}"),
    )
    .with_help("import fal's OpenAPI document unchanged, as downloaded")
}

/// Reads the document `d`, the `index`-th given; `None`, reported, when it cannot be imported.
pub(super) fn read(index: usize, d: &Document, diags: &mut Vec<Diagnostic>) -> Option<Doc> {
    let path = d.path.as_path();
    let json: Value = match serde_json::from_str(&d.text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(json_error(path, &e));
            return None;
        }
    };
    let parts = match Parts::find(&json) {
        Ok(parts) => parts,
        Err((msg, help)) => {
            diags.push(Diagnostic::new(path, Span::new(1, 1), msg).with_help(help.to_string()));
            return None;
        }
    };
    let Parts {
        id,
        schemas,
        input,
        output,
    } = parts;
    let mut components = components(schemas, path, diags);
    let free_form = free_form(&mut components, &input, &output);
    let overlay = match &d.overlay {
        Some((file, text)) => overlay::parse(file, text, diags),
        None => Overlay::default(),
    };
    let upstream = path.to_string_lossy().replace('\\', "/");
    Some(Doc {
        index,
        pos: 0,
        id: id.to_string(),
        upstream,
        docs_url: json
            .pointer("/info/x-fal-metadata/documentationUrl")
            .and_then(Value::as_str)
            .map(str::to_string),
        input,
        output,
        components,
        overlay,
        overlay_file: d.overlay.as_ref().map(|(f, _)| f.clone()),
        free_form,
    })
}

/// Why a document cannot be imported: the message, and its help.
type Refusal = (String, &'static str);

/// What the importer needs to find in a document before it reads the components.
struct Parts<'a> {
    /// The endpoint id (`owner/alias/path`).
    id: &'a str,
    /// `components.schemas`.
    schemas: &'a serde_json::Map<String, Value>,
    /// The names of the input and the output components.
    input: String,
    output: String,
}

impl<'a> Parts<'a> {
    fn find(json: &'a Value) -> Result<Self, Refusal> {
        let Some(id) = json
            .pointer("/info/x-fal-metadata/endpointId")
            .and_then(Value::as_str)
        else {
            return Err((
                "the document has no `info.x-fal-metadata.endpointId`".into(),
                "is this one of fal's per-endpoint OpenAPI documents?",
            ));
        };
        if id.is_empty()
            || id.split('/').any(|s| s.is_empty() || s == "." || s == "..")
            || id.contains('\\')
        {
            return Err((
                format!("the endpoint id `{id}` is not a path of non-empty segments"),
                "fal's ids look like `owner/alias/path`",
            ));
        }
        let Some(schemas) = json
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        else {
            return Err((
                "the document has no `components.schemas`".into(),
                "is this one of fal's per-endpoint OpenAPI documents?",
            ));
        };
        let refd = |pointer: &str| {
            json.pointer(pointer)
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .map(str::to_string)
        };
        let path_key = format!("/{id}").replace('~', "~0").replace('/', "~1");
        let input = refd(&format!(
            "/paths/{path_key}/post/requestBody/content/application~1json/schema/$ref"
        ))
        .or_else(|| schemas.keys().find(|k| k.ends_with("Input")).cloned());
        let result_key = format!("/{id}/requests/{{request_id}}")
            .replace('~', "~0")
            .replace('/', "~1");
        let output = refd(&format!(
            "/paths/{result_key}/get/responses/200/content/application~1json/schema/$ref"
        ))
        .or_else(|| schemas.keys().find(|k| k.ends_with("Output")).cloned());
        let (Some(input), Some(output)) = (input, output) else {
            return Err((format!("cannot find the input and output schemas of `{id}`"), "the document needs a POST request body and a result response, or components named *Input and *Output"));
        };
        Ok(Parts {
            id,
            schemas,
            input,
            output,
        })
    }
}

/// Every component of `schemas` but fal's `QueueStatus`; each one the importer cannot read is
/// reported and left out.
fn components(
    schemas: &serde_json::Map<String, Value>,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Components {
    let mut components = BTreeMap::new();
    for (name, schema) in schemas {
        if name == "QueueStatus" {
            continue;
        }
        match openapi::component(schema) {
            Ok(c) => {
                let title = schema
                    .get("title")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                components.insert(name.clone(), (c, title));
            }
            Err(e) => {
                diags.push(
                    Diagnostic::new(path, Span::new(1, 1), format!("component `{name}`: {e}"))
                        .with_help("this construct is not supported by the importer yet"),
                );
            }
        }
    }
    components
}

/// Makes the input and the output objects when upstream leaves them free-form; returns the
/// notes that say so.
fn free_form(components: &mut Components, input: &str, output: &str) -> Vec<String> {
    // An input or output fal describes without properties (a free-form JSON value) becomes an
    // object without fields, and the endpoint says so in a note.
    let mut free_form = Vec::new();
    for io in [input, output] {
        if !matches!(components.get(io), Some((PComponent::Object { .. }, _))) {
            let title = components.get(io).and_then(|(_, t)| t.clone());
            components.insert(
                io.to_string(),
                (
                    PComponent::Object {
                        description: None,
                        fields: Vec::new(),
                    },
                    title,
                ),
            );
            free_form.push(format!(
                "Upstream describes `{io}` without properties (a free-form JSON value); it is imported as an object without fields."
            ));
        }
    }
    free_form
}
