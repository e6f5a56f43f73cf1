//! The rules on named types: every reference resolves, each field's constraints and default
//! suit its type, enums and unions are well-formed, and the Rust names they get are distinct.

use std::collections::BTreeMap;
use std::path::Path;

use super::constraints::check_constraints;
use super::values::value_fits;
use super::{compact, Checker, Scope};
use crate::diagnostics::Span;
use crate::naming;
use crate::schema::model::*;

/// Checks every type of `types`, whose names are looked up in `scope`.
pub(super) fn check_types(c: &mut Checker, types: &TypeFile, scope: &Scope) {
    let file = types.file.as_path();
    for t in &types.types {
        match &t.kind {
            TypeKind::Object(fields) => {
                for f in fields {
                    check_field(c, file, t, f, scope);
                }
            }
            TypeKind::Enum(values) => check_enum(c, file, t, values),
            TypeKind::Union(u) => check_union(c, file, t, u, scope),
        }
    }
}

/// Whether every type `ty` names exists; reports each one that does not.
fn check_refs(
    c: &mut Checker,
    file: &Path,
    ty: &Located<TypeExpr>,
    scope: &Scope,
    what: &str,
) -> bool {
    let mut ok = true;
    for name in ty.value.names() {
        if scope.get(name).is_none() {
            ok = false;
            let help = if scope.local.is_some() {
                format!("define `{name}` under `types:` in this file or in shared.yaml, or fix the spelling")
            } else {
                format!(
                    "define `{name}` in shared.yaml (shared types may only refer to shared types)"
                )
            };
            c.error(
                file,
                ty.span,
                format!("{what} refers to the type `{name}`, which does not exist"),
                help,
            );
        }
    }
    ok
}

fn check_field(c: &mut Checker, file: &Path, owner: &NamedType, f: &Field, scope: &Scope) {
    let what = format!("field `{}` of `{}`", f.name.value, owner.name.value);
    if !check_refs(c, file, &f.ty, scope, &what) {
        return;
    }
    check_constraints(
        c,
        file,
        &f.constraints,
        f.ty.value.non_null(),
        f.ty.span,
        scope,
        &what,
    );
    if let Some(default) = &f.default {
        if let Err(reason) = value_fits(&default.value, &f.ty.value, &f.constraints, scope) {
            c.error(
                file,
                default.span,
                format!(
                    "the default of {what} is {}: {reason}",
                    compact(&default.value)
                ),
                "make the default a value the field accepts, or fix the type or bounds".to_string(),
            );
        }
    }
}

fn check_enum(c: &mut Checker, file: &Path, t: &NamedType, values: &[EnumValue]) {
    let name = &t.name.value;
    if values.is_empty() {
        c.error(
            file,
            t.name.span,
            format!("enum `{name}` has no values"),
            "list at least one value under `enum:`".to_string(),
        );
        return;
    }
    check_enum_literals(c, file, t, values);
    let mut seen_values: BTreeMap<&EnumLiteral, Span> = BTreeMap::new();
    let mut seen_names: BTreeMap<String, (&EnumLiteral, Span)> = BTreeMap::new();
    for v in values {
        if let Some(first) = seen_values.insert(&v.value.value, v.value.span) {
            c.error(
                file,
                v.value.span,
                format!(
                    "enum `{name}` lists the value {} twice (first at line {})",
                    v.value.value.to_json(),
                    first.line
                ),
                "remove the repeated value".to_string(),
            );
            continue;
        }
        let Some(rust) = enum_value_rust_name(c, file, name, v) else {
            continue;
        };
        if let Some((other, _)) = seen_names.get(&rust) {
            c.error(
                file,
                v.value.span,
                format!(
                    "the values {} and {} of enum `{name}` would both be named `{rust}` in Rust",
                    other.to_json(),
                    v.value.value.to_json()
                ),
                "give one of them a distinct `rust_name`: `- {value: ..., rust_name: OtherName}`"
                    .to_string(),
            );
        } else {
            seen_names.insert(rust, (&v.value.value, v.value.span));
        }
    }
}

/// An enum's values are all strings or all integers; the odd one out (of the fewer kind) is
/// where a mix is reported.
fn check_enum_literals(c: &mut Checker, file: &Path, t: &NamedType, values: &[EnumValue]) {
    let name = &t.name.value;
    let strings = values
        .iter()
        .filter(|v| matches!(v.value.value, EnumLiteral::Str(_)))
        .count();
    if strings != 0 && strings != values.len() {
        let odd = values
            .iter()
            .find(|v| matches!(v.value.value, EnumLiteral::Str(_)) != (strings * 2 > values.len()))
            .map(|v| v.value.span)
            .unwrap_or(t.name.span);
        c.error(
            file,
            odd,
            format!("enum `{name}` mixes strings and integers"),
            "quote every value to make them all strings, or none to make them all integers"
                .to_string(),
        );
    }
}

/// The Rust name of the value `v` of the enum `name`: its `rust_name`, or the one the naming
/// rule derives from the value; `None`, reported, when the given name is not an identifier or
/// the value gives none.
fn enum_value_rust_name(c: &mut Checker, file: &Path, name: &str, v: &EnumValue) -> Option<String> {
    if let Some(given) = &v.rust_name {
        if !naming::is_variant_name(&given.value) {
            c.error(
                file,
                given.span,
                format!("`rust_name` `{}` is not an UpperCamelCase Rust identifier", given.value),
                "use letters and digits, starting with an uppercase letter (`_` only between digits)".to_string(),
            );
            return None;
        }
    }
    let rust = naming::enum_value_rust_name(v);
    if rust.is_none() {
        c.error(
            file,
            v.value.span,
            format!(
                "the value {} of enum `{name}` has no letter or digit to make a Rust name from",
                v.value.value.to_json()
            ),
            "write it as `- {value: ..., rust_name: SomeName}`".to_string(),
        );
    }
    rust
}

fn check_union(c: &mut Checker, file: &Path, t: &NamedType, u: &Union, scope: &Scope) {
    let name = &t.name.value;
    if u.variants.is_empty() {
        c.error(
            file,
            t.name.span,
            format!("union `{name}` has no variants"),
            "list its variants under `variants:`".to_string(),
        );
        return;
    }
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    for v in &u.variants {
        let what = format!("a variant of union `{name}`");
        if !check_refs(c, file, &v.ty, scope, &what) {
            continue;
        }
        check_variant_name(c, file, name, v, &mut names);
        check_variant_tag(c, file, name, u, v, scope);
    }
    if u.tag.is_some() {
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for tv in u.variants.iter().filter_map(|v| v.tag_value.as_ref()) {
            if seen.insert(&tv.value, tv.span).is_some() {
                c.error(
                    file,
                    tv.span,
                    format!("union `{name}` uses the tag value `{}` twice", tv.value),
                    "give each variant its own `tag_value`: the tag is how a reader tells them apart"
                        .to_string(),
                );
            }
        }
    }
}

/// What to do about a tagged union's variant that is not an object: serde writes the tag as a
/// field beside the variant's own fields, so only an object can carry it.
const NOT_AN_OBJECT_HELP: &str =
    "make the variant an object type (the tag is written beside its fields), or drop `tag` to make the union untagged";

/// The Rust name of the variant `v` of the union `name` is an identifier, and not one an
/// earlier variant (in `names`, with where it is written) already has.
fn check_variant_name(
    c: &mut Checker,
    file: &Path,
    name: &str,
    v: &Variant,
    names: &mut BTreeMap<String, Span>,
) {
    let rust = naming::union_variant_rust_name(v);
    if let Some(r) = &v.rust_name {
        if !naming::is_variant_name(&r.value) {
            c.error(
                file,
                r.span,
                format!(
                    "`rust_name` `{}` is not an UpperCamelCase Rust identifier",
                    r.value
                ),
                None,
            );
        }
    }
    if let Some(first) = names.insert(rust.clone(), v.ty.span) {
        c.error(
            file,
            v.ty.span,
            format!("two variants of union `{name}` would both be named `{rust}` in Rust (first at line {})", first.line),
            "give one of them a `rust_name`".to_string(),
        );
    }
}

/// A variant has a `tag_value` exactly when its union `name` has a `tag`, and then it is an
/// object type without a field of the tag's name.
fn check_variant_tag(
    c: &mut Checker,
    file: &Path,
    name: &str,
    u: &Union,
    v: &Variant,
    scope: &Scope,
) {
    match (&u.tag, &v.tag_value) {
        (None, Some(tv)) => c.error(
            file,
            tv.span,
            format!("`tag_value` needs a `tag` on union `{name}`"),
            "add `tag: <field>` to the union, or remove `tag_value`".to_string(),
        ),
        (Some(_), None) => c.error(
            file,
            v.ty.span,
            format!("every variant of the tagged union `{name}` needs a `tag_value`"),
            format!(
                "add `tag_value: ...` to the variant: the value of the field `{}` that selects it",
                u.tag.as_ref().map(|t| t.value.as_str()).unwrap_or_default(),
            ),
        ),
        (Some(tag), Some(_)) => {
            match &v.ty.value {
                TypeExpr::Named(n) => match scope.get(n).map(|t| &t.kind) {
                    Some(TypeKind::Object(fields)) => {
                        if let Some(f) = fields.iter().find(|f| f.name.value == tag.value) {
                            c.error(
                            file,
                            v.ty.span,
                            format!("`{n}` defines the field `{}`, which is the tag of union `{name}`", f.name.value),
                            "remove the field from the object: the union's tag carries it".to_string(),
                        );
                        }
                    }
                    _ => c.error(
                        file,
                        v.ty.span,
                        format!("a variant of the tagged union `{name}` must be an object type"),
                        NOT_AN_OBJECT_HELP.to_string(),
                    ),
                },
                _ => c.error(
                    file,
                    v.ty.span,
                    format!(
                        "a variant of the tagged union `{name}` must name an object type, not `{}`",
                        v.ty.value
                    ),
                    NOT_AN_OBJECT_HELP.to_string(),
                ),
            }
        }
        (None, None) => {}
    }
}
