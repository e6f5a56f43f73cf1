//! Naming and deduplication across documents, and the assembly of schema files.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_json::Value;

use super::describe;
use super::openapi::{self, PComponent, PField, PType};
use super::overlay::{self, Overlay};
use super::{Document, OutputFile, IMPORTED_HEADER};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::naming;
use crate::schema::check::{
    element_type, integer_bound_fits, unfit_constraints, value_fits, TypeLookup,
};
use crate::schema::load::SHARED_FILE;
use crate::schema::model::*;
use crate::schema::type_expr::MAX_NESTING;
use crate::schema::write;

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
    let mut diags = Vec::new();
    let mut docs: Vec<Doc> = documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| read(i, d, &mut diags))
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
    let shared = SharedTypes::build(&docs, taken);
    let mut files = Vec::new();
    let mut reserved: BTreeSet<String> = shared.order.iter().map(|(_, n)| n.clone()).collect();
    reserved.extend(taken.iter().cloned());
    let mut shared_scope = Scope::new(reserved);
    shared_scope.prefer_owner = true;
    for (key, name) in &shared.order {
        let (doc, comp) = &shared.representative[key];
        let d = &docs[*doc];
        if let (
            PComponent::Object {
                description,
                fields,
            },
            _,
        ) = &d.components[comp]
        {
            let fields = fields
                .iter()
                .map(|f| resolve_field(f, name, d, &shared, &mut shared_scope))
                .collect();
            shared_scope.define(NamedType {
                name: Located::synthetic(name.clone()),
                description: description.clone(),
                deprecated: false,
                kind: TypeKind::Object(fields),
            });
        }
    }
    let shared_names: BTreeSet<String> = shared_scope
        .types
        .iter()
        .map(|t| t.name.value.clone())
        .collect();
    // shared.yaml has no notes: each endpoint that uses a shared type says what it lost.
    let mut shared_notes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, note) in drop_unfit_constraints(&mut shared_scope.types, &[]) {
        shared_notes.entry(name).or_default().push(note);
    }
    for d in &docs {
        let used: BTreeSet<&String> = shared
            .names
            .range((d.pos, String::new())..(d.pos + 1, String::new()))
            .map(|(_, name)| name)
            .collect();
        let notes: Vec<String> = used
            .into_iter()
            .filter_map(|name| shared_notes.get(name))
            .flatten()
            .cloned()
            .collect();
        match endpoint(
            d,
            &shared,
            &shared_scope.types,
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
    let mut shared_types = shared_scope.types;
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

fn json_error(path: &std::path::Path, e: &serde_json::Error) -> Diagnostic {
    Diagnostic::new(
        path,
        Span::new(e.line() as u32, e.column() as u32),
        format!("the document is not valid JSON: {e}"),
    )
    .with_help("import fal's OpenAPI document unchanged, as downloaded")
}

fn read(index: usize, d: &Document, diags: &mut Vec<Diagnostic>) -> Option<Doc> {
    let path = d.path.as_path();
    let json: Value = match serde_json::from_str(&d.text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(json_error(path, &e));
            return None;
        }
    };
    let fail = |diags: &mut Vec<Diagnostic>, msg: String, help: &str| {
        diags.push(Diagnostic::new(path, Span::new(1, 1), msg).with_help(help.to_string()));
        None
    };
    let Some(id) = json
        .pointer("/info/x-fal-metadata/endpointId")
        .and_then(Value::as_str)
    else {
        return fail(
            diags,
            "the document has no `info.x-fal-metadata.endpointId`".into(),
            "is this one of fal's per-endpoint OpenAPI documents?",
        );
    };
    if id.is_empty()
        || id.split('/').any(|s| s.is_empty() || s == "." || s == "..")
        || id.contains('\\')
    {
        return fail(
            diags,
            format!("the endpoint id `{id}` is not a path of non-empty segments"),
            "fal's ids look like `owner/alias/path`",
        );
    }
    let Some(schemas) = json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return fail(
            diags,
            "the document has no `components.schemas`".into(),
            "is this one of fal's per-endpoint OpenAPI documents?",
        );
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
        return fail(diags, format!("cannot find the input and output schemas of `{id}`"), "the document needs a POST request body and a result response, or components named *Input and *Output");
    };
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
    // An input or output fal describes without properties (a free-form JSON value) becomes an
    // object without fields, and the endpoint says so in a note.
    let mut free_form = Vec::new();
    for io in [&input, &output] {
        if !matches!(components.get(io), Some((PComponent::Object { .. }, _))) {
            let title = components.get(io).and_then(|(_, t)| t.clone());
            components.insert(
                io.clone(),
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

/// A name that is a legal type name: UpperCamelCase, starting with a letter.
fn type_name(raw: &str) -> String {
    // Python module paths (`registry__image__fast_sdxl__models__Image`) keep their last part.
    let last = raw.rsplit("__").next().unwrap_or(raw);
    let mut name = last.to_upper_camel_case();
    name.retain(|c| c.is_ascii_alphanumeric());
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name.insert(0, 'T');
    }
    name
}

/// Where each shared component's shape ends up, and under which name.
struct SharedTypes {
    /// (clean name, shape) → final name, in output order.
    order: Vec<((String, String), String)>,
    /// (clean name, shape) → the document and component that represent it.
    representative: BTreeMap<(String, String), (usize, String)>,
    /// (document position, component) → final name.
    names: BTreeMap<(usize, String), String>,
}

impl SharedTypes {
    /// Names every shared shape; no name is one of `taken`.
    fn build(docs: &[Doc], taken: &BTreeSet<String>) -> Self {
        // clean name → shape → users (document positions, in id order)
        let mut groups: BTreeMap<String, BTreeMap<String, Vec<(usize, String)>>> = BTreeMap::new();
        for (pos, d) in docs.iter().enumerate() {
            for comp in reachable(d) {
                if comp == d.input || comp == d.output {
                    continue;
                }
                if let Some((PComponent::Object { .. }, title)) = d.components.get(&comp) {
                    let clean = type_name(title.as_deref().unwrap_or(&comp));
                    let shape = canon_component(d, &comp, &mut Vec::new());
                    groups
                        .entry(clean)
                        .or_default()
                        .entry(shape)
                        .or_default()
                        .push((pos, comp));
                }
            }
        }
        let mut used: BTreeSet<String> = taken.clone();
        let mut order = Vec::new();
        let mut representative = BTreeMap::new();
        let mut names = BTreeMap::new();
        for (clean, shapes) in groups {
            let mut shapes: Vec<(String, Vec<(usize, String)>)> = shapes.into_iter().collect();
            // The shape most endpoints use keeps the plain name; ties go to the first endpoint id.
            shapes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.1[0].0.cmp(&b.1[0].0)));
            for (rank, (shape, users)) in shapes.into_iter().enumerate() {
                let first = &docs[users[0].0];
                let segments: Vec<&str> = first.id.split('/').collect();
                let mut candidates = Vec::new();
                if rank == 0 {
                    candidates.push(clean.clone());
                }
                for n in 2..=segments.len() {
                    candidates.push(format!("{}{clean}", type_name(&segments[1..n].join("-"))));
                }
                let name = candidates
                    .into_iter()
                    .find(|c| !used.contains(c))
                    .unwrap_or_else(|| {
                        (2..)
                            .map(|n| format!("{clean}{n}"))
                            .find(|c| !used.contains(c))
                            .unwrap_or_default()
                    });
                used.insert(name.clone());
                let key = (clean.clone(), shape);
                for (pos, comp) in &users {
                    names.insert((*pos, comp.clone()), name.clone());
                }
                representative.insert(key.clone(), users[0].clone());
                order.push((key, name));
            }
        }
        order.sort_by(|a, b| a.1.cmp(&b.1));
        SharedTypes {
            order,
            representative,
            names,
        }
    }
}

/// The components reachable from a document's input and output, in a stable order.
fn reachable(d: &Doc) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![d.input.clone(), d.output.clone()];
    while let Some(c) = stack.pop() {
        if !seen.insert(c.clone()) {
            continue;
        }
        match d.components.get(&c) {
            Some((PComponent::Object { fields, .. }, _)) => {
                for f in fields {
                    refs(&f.ty, &mut stack);
                }
            }
            Some((PComponent::Inline(t), _)) => refs(t, &mut stack),
            None => {}
        }
    }
    seen.into_iter().collect()
}

fn refs(t: &PType, out: &mut Vec<String>) {
    match t {
        PType::Ref(r) => out.push(r.clone()),
        PType::List(i) | PType::Map(i) | PType::Nullable(i) => refs(i, out),
        PType::Union(vs) => vs.iter().for_each(|v| refs(v, out)),
        PType::Leaf(_) | PType::Enum(_) => {}
    }
}

/// A text that is equal for two components exactly when they describe the same type,
/// ignoring field order (JSON objects are unordered on the wire).
fn canon_component(d: &Doc, comp: &str, stack: &mut Vec<String>) -> String {
    if stack.iter().any(|c| c == comp) {
        return format!("cycle:{comp}");
    }
    stack.push(comp.to_string());
    let out = match d.components.get(comp) {
        Some((
            PComponent::Object {
                description,
                fields,
            },
            title,
        )) => {
            let mut parts: Vec<String> = fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{:?}:{:?}:{:?}:{}:{:?}",
                        f.name,
                        canon_type(d, &f.ty, stack),
                        f.required,
                        f.default,
                        f.description,
                        f.deprecated,
                        f.constraints
                    )
                })
                .collect();
            parts.sort();
            format!(
                "object:{:?}:{:?}:{{{}}}",
                title.as_deref().map(type_name),
                description,
                parts.join(",")
            )
        }
        Some((PComponent::Inline(t), _)) => canon_type(d, t, stack),
        None => format!("missing:{comp}"),
    };
    stack.pop();
    out
}

fn canon_type(d: &Doc, t: &PType, stack: &mut Vec<String>) -> String {
    match t {
        PType::Ref(r) => format!("ref({})", canon_component(d, r, stack)),
        PType::List(i) => format!("list({})", canon_type(d, i, stack)),
        PType::Map(i) => format!("map({})", canon_type(d, i, stack)),
        PType::Nullable(i) => format!("null({})", canon_type(d, i, stack)),
        PType::Union(vs) => format!(
            "union({})",
            vs.iter()
                .map(|v| canon_type(d, v, stack))
                .collect::<Vec<_>>()
                .join("|")
        ),
        PType::Leaf(l) => l.to_string(),
        PType::Enum(vs) => format!("{vs:?}"),
    }
}

/// One name scope being filled: the shared types, or one endpoint's.
struct Scope {
    /// Shared types are used by many endpoints, so their field types carry the owner's name
    /// (`AudioSettingFormat`, not `Format`).
    prefer_owner: bool,
    reserved: BTreeSet<String>,
    types: Vec<NamedType>,
}

impl Scope {
    fn new(reserved: BTreeSet<String>) -> Self {
        Scope {
            prefer_owner: false,
            reserved,
            types: Vec::new(),
        }
    }

    fn define(&mut self, t: NamedType) {
        self.types.push(t);
    }

    /// Names a type with the first free candidate, or reuses an identical type already named.
    fn claim(&mut self, mut candidates: Vec<String>, kind: TypeKind) -> String {
        if self.prefer_owner && candidates.len() > 1 {
            let last = candidates.pop().unwrap_or_default();
            candidates.insert(0, last);
        }
        for c in &candidates {
            if let Some(existing) = self.types.iter().find(|t| &t.name.value == c) {
                if existing.kind == kind {
                    return c.clone();
                }
                continue;
            }
            if self.reserved.contains(c) {
                continue;
            }
            self.define(NamedType {
                name: Located::synthetic(c.clone()),
                description: None,
                deprecated: false,
                kind,
            });
            return c.clone();
        }
        let base = candidates.first().cloned().unwrap_or_else(|| "Type".into());
        let name = (2..)
            .map(|n| format!("{base}{n}"))
            .find(|n| !self.reserved.contains(n) && self.types.iter().all(|t| &t.name.value != n))
            .unwrap_or_default();
        self.define(NamedType {
            name: Located::synthetic(name.clone()),
            description: None,
            deprecated: false,
            kind,
        });
        name
    }
}

/// The owner's name without fal's `Input`/`Output` suffix, to prefix clashing field types.
fn owner_stem(owner: &str) -> &str {
    owner
        .strip_suffix("Input")
        .or_else(|| owner.strip_suffix("Output"))
        .unwrap_or(owner)
}

fn resolve_field(
    f: &PField,
    owner: &str,
    d: &Doc,
    shared: &SharedTypes,
    scope: &mut Scope,
) -> Field {
    Field {
        name: Located::synthetic(f.name.clone()),
        ty: Located::synthetic(cap_nesting(
            resolve(&f.ty, &f.name, owner, d, shared, scope, 0),
            MAX_NESTING,
        )),
        required: f.required,
        default: f.default.clone().map(Located::synthetic),
        description: f.description.clone(),
        deprecated: f.deprecated,
        constraints: f.constraints.clone(),
    }
}

/// The type with at most `room` lists and maps inside each other, as the loader requires: a
/// deeper one (only chains of references in absurd documents make them) becomes `any`, which
/// accepts whatever it held.
fn cap_nesting(t: TypeExpr, room: usize) -> TypeExpr {
    match t {
        TypeExpr::List(_) | TypeExpr::Map(_) if room == 0 => TypeExpr::Any,
        TypeExpr::List(i) => TypeExpr::List(Box::new(cap_nesting(*i, room - 1))),
        TypeExpr::Map(i) => TypeExpr::Map(Box::new(cap_nesting(*i, room - 1))),
        TypeExpr::Nullable(i) => match cap_nesting(*i, room) {
            TypeExpr::Any => TypeExpr::Any,
            inner => TypeExpr::Nullable(Box::new(inner)),
        },
        t => t,
    }
}

#[allow(clippy::too_many_arguments)]
fn resolve(
    t: &PType,
    field: &str,
    owner: &str,
    d: &Doc,
    shared: &SharedTypes,
    scope: &mut Scope,
    depth: usize,
) -> TypeExpr {
    if depth > 32 {
        return TypeExpr::Any; // a reference cycle through inline components: give up on precision, never loop
    }
    let camel = type_name(field);
    match t {
        PType::Leaf(l) => l.clone(),
        PType::List(i) => TypeExpr::List(Box::new(resolve(
            i,
            field,
            owner,
            d,
            shared,
            scope,
            depth + 1,
        ))),
        PType::Map(i) => TypeExpr::Map(Box::new(resolve(
            i,
            field,
            owner,
            d,
            shared,
            scope,
            depth + 1,
        ))),
        PType::Nullable(i) => match resolve(i, field, owner, d, shared, scope, depth + 1) {
            TypeExpr::Any => TypeExpr::Any,
            r @ TypeExpr::Nullable(_) => r,
            r => TypeExpr::Nullable(Box::new(r)),
        },
        PType::Ref(r) => match d.components.get(r) {
            Some((PComponent::Object { .. }, _)) => match shared.names.get(&(d.pos, r.clone())) {
                Some(name) => TypeExpr::Named(name.clone()),
                None => TypeExpr::Named(type_name(r)),
            },
            Some((PComponent::Inline(inner), _)) => {
                resolve(inner, field, owner, d, shared, scope, depth + 1)
            }
            None => TypeExpr::Any,
        },
        PType::Enum(values) => {
            let kind = TypeKind::Enum(enum_values(values));
            TypeExpr::Named(scope.claim(
                vec![camel.clone(), format!("{}{camel}", owner_stem(owner))],
                kind,
            ))
        }
        PType::Union(variants) => {
            let mut vs = Vec::new();
            let mut object_name = None;
            for v in variants {
                let ty = match v {
                    PType::Enum(values) => {
                        let kind = TypeKind::Enum(enum_values(values));
                        let preset = format!("{camel}Preset");
                        TypeExpr::Named(scope.claim(
                            vec![preset.clone(), format!("{}{preset}", owner_stem(owner))],
                            kind,
                        ))
                    }
                    other => resolve(other, field, owner, d, shared, scope, depth + 1),
                };
                if let (PType::Ref(_), TypeExpr::Named(n)) = (v, &ty) {
                    object_name.get_or_insert(n.clone());
                }
                vs.push(Variant {
                    ty: Located::synthetic(cap_nesting(ty, MAX_NESTING)),
                    rust_name: None,
                    tag_value: None,
                });
            }
            dedupe_variant_names(&mut vs);
            let mut candidates = vec![camel.clone()];
            candidates.extend(object_name.map(|obj| format!("{obj}OrPreset")));
            candidates.push(format!("{camel}Choice"));
            candidates.push(format!("{}{camel}", owner_stem(owner)));
            // A union never takes the plain name of one of its own variants.
            let own: BTreeSet<String> = vs
                .iter()
                .flat_map(|v| v.ty.value.names().into_iter().map(str::to_string))
                .collect();
            candidates.retain(|c| !own.contains(c));
            TypeExpr::Named(scope.claim(
                candidates,
                TypeKind::Union(Union {
                    tag: None,
                    variants: vs,
                }),
            ))
        }
    }
}

/// The first of `base`, `base2`, `base3`... (`base_2`... after a digit, as rustc's naming lint
/// wants) that is neither taken nor the name another member of the set gets by itself
/// (`natural`), so that a renamed member never takes a later one's name.
fn free_name(base: &str, taken: &BTreeSet<String>, natural: &BTreeSet<String>) -> String {
    let glue = if base.ends_with(|c: char| c.is_ascii_digit()) {
        "_"
    } else {
        ""
    };
    std::iter::once(base.to_string())
        .chain((2..).map(|n| format!("{base}{glue}{n}")))
        .find(|c| !taken.contains(c) && !natural.contains(c))
        .unwrap_or_default()
}

fn dedupe_variant_names(vs: &mut [Variant]) {
    let natural: BTreeSet<String> = vs
        .iter()
        .map(|v| naming::union_variant_name(&v.ty.value))
        .collect();
    let mut seen = BTreeSet::new();
    for (i, v) in vs.iter_mut().enumerate() {
        let name = naming::union_variant_name(&v.ty.value);
        if !seen.insert(name.clone()) {
            let alt = free_name(&format!("{name}Alt{i}"), &seen, &natural);
            seen.insert(alt.clone());
            v.rust_name = Some(Located::synthetic(alt));
        }
    }
}

/// Enum values with a `rust_name` wherever the naming rule gives none or gives one twice; the
/// names given never repeat a name the rule gives another value.
fn enum_values(values: &[crate::schema::model::EnumLiteral]) -> Vec<EnumValue> {
    let natural: BTreeSet<String> = values
        .iter()
        .filter_map(naming::enum_variant_name)
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if out.iter().any(|e: &EnumValue| &e.value.value == v) {
            continue; // a repeated value in the document says nothing new
        }
        let derived = naming::enum_variant_name(v);
        let rust_name = match &derived {
            Some(n) if !seen.contains(n) => None,
            Some(n) => Some(free_name(&format!("{n}Alt{i}"), &seen, &natural)),
            None if matches!(v, crate::schema::model::EnumLiteral::Str(s) if s.is_empty()) => {
                Some(free_name("Empty", &seen, &natural))
            }
            None => Some(free_name(&format!("Value{i}"), &seen, &natural)),
        };
        let final_name = rust_name.clone().or(derived).unwrap_or_default();
        seen.insert(final_name);
        out.push(EnumValue {
            value: Located::synthetic(v.clone()),
            rust_name: rust_name.map(Located::synthetic),
            description: None,
        });
    }
    out
}

/// One endpoint file; `shared_notes` are the notes on the shared types it uses.
fn endpoint(
    d: &Doc,
    shared: &SharedTypes,
    shared_types: &[NamedType],
    shared_names: &BTreeSet<String>,
    shared_notes: &[String],
    diags: &mut Vec<Diagnostic>,
    source: &Document,
) -> Option<Endpoint> {
    let mut io_names: Vec<String> = Vec::new();
    for comp in [&d.input, &d.output] {
        let base = type_name(comp);
        let name = (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}{n}")
                }
            })
            .find(|c| !shared_names.contains(c) && !io_names.contains(c))
            .unwrap_or(base);
        io_names.push(name);
    }
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
    let o = &d.overlay;
    // Constraints first: a default is then checked against the bounds that are kept.
    let mut notes: Vec<String> = drop_unfit_constraints(&mut io_types, shared_types)
        .into_iter()
        .map(|(_, note)| note)
        .collect();
    notes.extend(shared_notes.iter().cloned());
    notes.extend(drop_unfit_defaults(&mut io_types, shared_types));
    if o.title.is_none() {
        notes.push("No page overlay gives this endpoint a title or category: both are derived from its id (schemas/README.md, \"Titles and categories\").".to_string());
    }
    notes.extend(d.free_form.iter().cloned());
    notes.extend(o.notes.iter().cloned());
    let header = format!(
        "{IMPORTED_HEADER} from {}{}; edit those and re-import.",
        d.upstream,
        if d.overlay_file.is_some() {
            " and its .page.yaml"
        } else {
            ""
        }
    );
    Some(Endpoint {
        id: Located::synthetic(d.id.clone()),
        provider: Located::synthetic("fal".into()),
        title: o.title.clone().unwrap_or_else(|| describe::title(&d.id)),
        category: o.category.clone().unwrap_or_else(|| {
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
        }),
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
        header: Some(header),
        types: TypeFile {
            file: Default::default(),
            types: io_types,
        },
    })
}

struct Lookup<'a>(&'a [NamedType], &'a [NamedType]);

impl TypeLookup for Lookup<'_> {
    fn lookup(&self, name: &str) -> Option<&NamedType> {
        self.0.iter().chain(self.1).find(|t| t.name.value == name)
    }
}

/// fal's documents sometimes give a default their own type rejects (an integer field
/// defaulting to 1.5). Such a default is left out, with a note, rather than failing the import.
fn drop_unfit_defaults(local: &mut [NamedType], shared: &[NamedType]) -> Vec<String> {
    let mut unfit = Vec::new();
    let lookup = Lookup(local, shared);
    for (ti, t) in local.iter().enumerate() {
        if let TypeKind::Object(fields) = &t.kind {
            for (fi, f) in fields.iter().enumerate() {
                if let Some(d) = &f.default {
                    if let Err(reason) = value_fits(&d.value, &f.ty.value, &f.constraints, &lookup)
                    {
                        unfit.push((ti, fi, format!(
                            "Upstream gives field `{}` of `{}` the default {}, which is {reason}; the default is left out.",
                            f.name.value, t.name.value, d.value
                        )));
                    }
                }
            }
        }
    }
    for (ti, fi, _) in &unfit {
        if let TypeKind::Object(fields) = &mut local[*ti].kind {
            fields[*fi].default = None;
        }
    }
    unfit.into_iter().map(|(_, _, note)| note).collect()
}

/// A constraint to leave out: where it is, and the note that says so.
struct Unfitting {
    /// The index of the object type, and of the field in it.
    ty: usize,
    field: usize,
    /// How many `items` down the field's constraints it is.
    depth: usize,
    key: &'static str,
    note: String,
}

/// fal's documents sometimes put a constraint on a type it does not apply to (`minLength` on an
/// integer, `maximum` on a string), or a bound an integer field (`i64`) cannot hold. Such a
/// constraint is left out, with a note naming the field and the constraint, rather than failing
/// the import; what applies where is the checker's rule ([`unfit_constraints`],
/// [`integer_bound_fits`]), so what is kept always passes it. Returns (type name, note) pairs.
fn drop_unfit_constraints(types: &mut [NamedType], others: &[NamedType]) -> Vec<(String, String)> {
    let mut unfit: Vec<Unfitting> = Vec::new();
    let lookup = Lookup(types, others);
    for (ti, t) in types.iter().enumerate() {
        let TypeKind::Object(fields) = &t.kind else {
            continue;
        };
        for (fi, f) in fields.iter().enumerate() {
            let mut what = format!("field `{}` of `{}`", f.name.value, t.name.value);
            let (mut k, mut ty) = (Some(&f.constraints), Some(f.ty.value.non_null()));
            let mut depth = 0;
            // The field's own constraints, then those under `items` on the elements' type.
            while let (Some(here), Some(here_ty)) = (k, ty) {
                for u in unfit_constraints(here, here_ty, &lookup) {
                    let needs = u.needs.describe();
                    let note = match u.value {
                        Some(value) => format!(
                            "Upstream gives {what}, whose type is `{here_ty}`, the constraint `{}: {value}`, which applies to {needs} only; the constraint is left out.",
                            u.key
                        ),
                        None => format!(
                            "Upstream gives {what}, whose type is `{here_ty}`, constraints on list elements (`{}`), which apply to {needs} only; they are left out.",
                            u.key
                        ),
                    };
                    unfit.push(Unfitting {
                        ty: ti,
                        field: fi,
                        depth,
                        key: u.key,
                        note,
                    });
                }
                if matches!(here_ty, TypeExpr::Integer) {
                    for (key, bound) in [
                        ("minimum", &here.minimum),
                        ("maximum", &here.maximum),
                        ("exclusive_minimum", &here.exclusive_minimum),
                        ("exclusive_maximum", &here.exclusive_maximum),
                    ] {
                        let Some(bound) = bound.as_ref().filter(|b| !integer_bound_fits(&b.value))
                        else {
                            continue;
                        };
                        unfit.push(Unfitting {
                            ty: ti,
                            field: fi,
                            depth,
                            key,
                            note: format!(
                                "Upstream gives {what}, whose type is `integer` (an `i64`), the bound `{key}: {}`, beyond what an `i64` holds; the bound is left out.",
                                bound.value
                            ),
                        });
                    }
                }
                k = here.items.as_deref();
                ty = element_type(here_ty);
                what = format!("the elements of {what}");
                depth += 1;
            }
        }
    }
    let mut notes = Vec::new();
    for u in unfit {
        if let TypeKind::Object(fields) = &mut types[u.ty].kind {
            remove_constraint(&mut fields[u.field].constraints, u.depth, u.key);
        }
        notes.push((types[u.ty].name.value.clone(), u.note));
    }
    notes
}

/// Removes `key` from the constraints `depth` levels of `items` down, and an `items` that is
/// left empty (a schema file cannot write an empty one).
fn remove_constraint(k: &mut Constraints, depth: usize, key: &str) {
    if depth == 0 {
        k.remove(key);
        return;
    }
    if let Some(items) = &mut k.items {
        remove_constraint(items, depth - 1, key);
        if items.is_empty() {
            k.items = None;
        }
    }
}
