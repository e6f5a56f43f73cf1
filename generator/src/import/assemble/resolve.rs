//! From the fields of a component to schema fields: each type resolved to a schema type, with
//! the enums and unions written inline named and defined in the scope being filled.

use std::collections::BTreeSet;

use super::shared::SharedTypes;
use super::Doc;
use crate::import::openapi::{PComponent, PField, PType};
use crate::naming::imported::{
    dedupe_variant_names, enum_candidates, enum_values, numbered, preset_name, type_name,
    union_candidates, FALLBACK_TYPE_NAME,
};
use crate::schema::model::*;
use crate::schema::type_expr::MAX_NESTING;

/// One name scope being filled: the shared types, or one endpoint's.
pub(super) struct Scope {
    /// Shared types are used by many endpoints, so their field types carry the owner's name
    /// (`AudioSettingFormat`, not `Format`).
    pub(super) prefer_owner: bool,
    /// Names no type of this scope may take.
    reserved: BTreeSet<String>,
    /// The types defined so far, in order of definition.
    pub(super) types: Vec<NamedType>,
}

impl Scope {
    /// An empty scope whose types take none of the names in `reserved`.
    pub(super) fn new(reserved: BTreeSet<String>) -> Self {
        Scope {
            prefer_owner: false,
            reserved,
            types: Vec::new(),
        }
    }

    /// Adds a type already named.
    pub(super) fn define(&mut self, t: NamedType) {
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
        let base = candidates
            .first()
            .cloned()
            .unwrap_or_else(|| FALLBACK_TYPE_NAME.into());
        let name = numbered(&base)
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

/// The field `f` of the object `owner` in the document `d`, its type resolved in `scope`.
pub(super) fn resolve_field(
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

/// The schema type of `t`, written on `field` of the object `owner` (whose names an enum or
/// union written inline takes); `depth` counts the steps from the field's own type.
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
        PType::Enum(values) => TypeExpr::Named(claim_enum(scope, values, &camel, owner)),
        PType::Union(variants) => resolve_union(variants, field, owner, d, shared, scope, depth),
    }
}

/// Names an enum written inline, of the values `values`: `base`, or `base` after the owner's
/// stem (see [`Scope::claim`] for which comes first, and for reuse).
fn claim_enum(scope: &mut Scope, values: &[EnumLiteral], base: &str, owner: &str) -> String {
    let kind = TypeKind::Enum(enum_values(values));
    scope.claim(enum_candidates(base, owner), kind)
}

/// A union written inline (`field`'s type, at `depth`): an enum among its variants is the
/// field's presets (`<Field>Preset`), and the union takes the first free name of `<Field>`,
/// `<Object>OrPreset` (after its first object variant), `<Field>Choice` and `<Owner><Field>`.
fn resolve_union(
    variants: &[PType],
    field: &str,
    owner: &str,
    d: &Doc,
    shared: &SharedTypes,
    scope: &mut Scope,
    depth: usize,
) -> TypeExpr {
    let camel = type_name(field);
    let mut vs = Vec::new();
    let mut object_name = None;
    for v in variants {
        let ty = match v {
            PType::Enum(values) => {
                TypeExpr::Named(claim_enum(scope, values, &preset_name(&camel), owner))
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
    let mut candidates = union_candidates(&camel, object_name.as_deref(), owner);
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
