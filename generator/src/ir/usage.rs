//! How each type is used: reachable from inputs, from outputs, whether validating it can find
//! anything, and the default its enum fields agree on.

use std::collections::BTreeMap;

use super::{Ir, Kind, Ty, TypeId};
use crate::schema::model::EnumLiteral;

/// Fills the usage flags of every type in `ir`.
pub fn mark(ir: &mut Ir<'_>) {
    let roots: Vec<(TypeId, TypeId)> = ir
        .families
        .iter()
        .flat_map(|f| f.endpoints.iter().map(|e| (e.input, e.output)))
        .collect();
    let edges = edges(ir);
    let mut input_fields = Vec::with_capacity(roots.len());
    for (input, output) in roots {
        let mut fields = Vec::new();
        for id in reachable(&edges, input) {
            ir.types[id.0].in_input = true;
            if let Kind::Object(object) = &ir.types[id.0].kind {
                fields.extend(object.iter().map(|f| f.wire));
            }
        }
        fields.sort_unstable();
        fields.dedup();
        input_fields.push(fields);
        for id in reachable(&edges, output) {
            ir.types[id.0].in_output = true;
        }
    }
    let endpoints = ir.families.iter_mut().flat_map(|f| f.endpoints.iter_mut());
    for (ep, fields) in endpoints.zip(input_fields) {
        ep.input_fields = fields;
    }
    mark_validation(ir, &edges);
    mark_enum_defaults(ir);
}

/// The types each type refers to directly.
pub(super) fn edges(ir: &Ir<'_>) -> Vec<Vec<TypeId>> {
    ir.types
        .iter()
        .map(|t| match &t.kind {
            Kind::Object(fields) => fields.iter().filter_map(|f| f.ty.named()).collect(),
            Kind::Union(u) => u.variants.iter().filter_map(|v| v.ty.named()).collect(),
            Kind::Enum(_) => Vec::new(),
        })
        .collect()
}

pub(super) fn reachable(edges: &[Vec<TypeId>], root: TypeId) -> Vec<TypeId> {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![root];
    let mut out = Vec::new();
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id.0], true) {
            continue;
        }
        out.push(id);
        stack.extend(edges[id.0].iter().copied());
    }
    out
}

/// A type needs validation when it has a constraint, refers to a type that needs it, or is an
/// enum whose catch-all variant must be refused in inputs. Computed to a fixed point, so
/// recursive types terminate.
fn mark_validation(ir: &mut Ir<'_>, edges: &[Vec<TypeId>]) {
    for t in &mut ir.types {
        t.needs_validation = match &t.kind {
            Kind::Object(fields) => fields.iter().any(|f| !f.constraints.is_empty()),
            Kind::Enum(_) => t.in_input && t.in_output,
            Kind::Union(_) => false,
        };
    }
    loop {
        let mut changed = false;
        for (i, deps) in edges.iter().enumerate() {
            if ir.types[i].needs_validation || matches!(ir.types[i].kind, Kind::Enum(_)) {
                continue;
            }
            if deps.iter().any(|d| ir.types[d.0].needs_validation) {
                ir.types[i].needs_validation = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// An enum implements `Default` when every field of its type that has a default agrees on one.
fn mark_enum_defaults(ir: &mut Ir<'_>) {
    let mut defaults: BTreeMap<TypeId, Vec<EnumLiteral>> = BTreeMap::new();
    for t in &ir.types {
        let Kind::Object(fields) = &t.kind else {
            continue;
        };
        for f in fields {
            let (Some(default), Ty::Named(id)) = (f.default, f.ty.non_null()) else {
                continue;
            };
            let id = *id;
            let literal = match default {
                serde_json::Value::String(s) => EnumLiteral::Str(s.clone()),
                serde_json::Value::Number(n) => match n.as_i64() {
                    Some(i) => EnumLiteral::Int(i),
                    None => continue,
                },
                _ => continue,
            };
            if matches!(ir.types[id.0].kind, Kind::Enum(_)) {
                defaults.entry(id).or_default().push(literal);
            }
        }
    }
    for (id, mut values) in defaults {
        values.dedup();
        values.sort();
        values.dedup();
        if let [one] = values.as_slice() {
            ir.types[id.0].enum_default = Some(one.clone());
        }
    }
}
