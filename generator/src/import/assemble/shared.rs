//! Types shared across documents: the object components that documents have in common, each
//! shape under one name for all of them, and their definitions for `shared.yaml`.

use std::collections::{BTreeMap, BTreeSet};

use super::resolve::{resolve_field, Scope};
use super::Doc;
use crate::import::openapi::{PComponent, PType};
use crate::naming::imported::{shape_name, type_name};
use crate::schema::model::*;

/// Where each shared component's shape ends up, and under which name.
pub(super) struct SharedTypes {
    /// (clean name, shape) → final name, in output order.
    order: Vec<((String, String), String)>,
    /// (clean name, shape) → the document and component that represent it.
    representative: BTreeMap<(String, String), (usize, String)>,
    /// (document position, component) → final name.
    pub(super) names: BTreeMap<(usize, String), String>,
}

impl SharedTypes {
    /// Names every shared shape; no name is one of `taken`.
    pub(super) fn build(docs: &[Doc], taken: &BTreeSet<String>) -> Self {
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
                let name = shape_name(&clean, rank, &docs[users[0].0].id, &used);
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

    /// The definitions of the shared types: each object built from its representative
    /// component, with the enums and unions its fields define inline. No type takes one of the
    /// names in `taken`.
    pub(super) fn define(&self, docs: &[Doc], taken: &BTreeSet<String>) -> Vec<NamedType> {
        let mut reserved: BTreeSet<String> = self.order.iter().map(|(_, n)| n.clone()).collect();
        reserved.extend(taken.iter().cloned());
        let mut shared_scope = Scope::new(reserved);
        shared_scope.prefer_owner = true;
        for (key, name) in &self.order {
            let (doc, comp) = &self.representative[key];
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
                    .map(|f| resolve_field(f, name, d, self, &mut shared_scope))
                    .collect();
                shared_scope.define(NamedType {
                    name: Located::synthetic(name.clone()),
                    description: description.clone(),
                    deprecated: false,
                    kind: TypeKind::Object(fields),
                });
            }
        }
        shared_scope.types
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
