//! What each type holds, resolved once for every emitter: an object's fields, an enum's values,
//! a union's variants, each with its Rust name, its type with names resolved to [`TypeId`]s,
//! its representation and whether it is boxed. The emitters read these and never look a name
//! up again.

use std::collections::BTreeMap;

use super::{FieldShape, Ir, Scope, TypeId, TypeInfo};
use crate::diagnostics::{Diagnostic, Span};
use crate::naming;
use crate::schema::model::{Constraints, EnumLiteral, Field, TypeExpr, TypeKind};

/// A type expression with its named types resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// Text: `String`.
    String,
    /// A file or media URL: a `String` too.
    FileUrl,
    /// `i64`.
    Integer,
    /// `f64`.
    Float,
    /// `bool`.
    Boolean,
    /// Any JSON value.
    Any,
    /// `Vec<T>`.
    List(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `Option<T>`.
    Nullable(Box<Ty>),
    /// An emitted type.
    Named(TypeId),
}

impl Ty {
    /// The type without nullability.
    pub fn non_null(&self) -> &Ty {
        match self {
            Ty::Nullable(inner) => inner.non_null(),
            other => other,
        }
    }

    /// Whether two types are one Rust type: `file_url` is a `String`.
    pub fn same_rust_type(&self, other: &Ty) -> bool {
        match (self, other) {
            (Ty::String | Ty::FileUrl, Ty::String | Ty::FileUrl) => true,
            (Ty::List(a), Ty::List(b))
            | (Ty::Map(a), Ty::Map(b))
            | (Ty::Nullable(a), Ty::Nullable(b)) => a.same_rust_type(b),
            _ => self == other,
        }
    }

    /// The named type it mentions, if any (at most one: lists, maps and `null` wrap one type).
    pub fn named(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            Ty::List(t) | Ty::Map(t) | Ty::Nullable(t) => t.named(),
            _ => None,
        }
    }
}

/// What a type holds.
#[derive(Clone, Debug)]
pub enum Kind<'c> {
    /// A struct's fields, in schema order; none for a free-form object.
    Object(Vec<FieldIr<'c>>),
    /// An enum's values, in schema order.
    Enum(Vec<ValueIr<'c>>),
    /// A union's variants.
    Union(UnionIr<'c>),
}

/// One field of an object.
#[derive(Clone, Debug)]
pub struct FieldIr<'c> {
    /// The name on the wire.
    pub wire: &'c str,
    /// The Rust name.
    pub rust: String,
    /// The type, nullability included.
    pub ty: Ty,
    /// How it is represented, which also says whether it is required
    /// ([`FieldIr::required`]).
    pub shape: FieldShape,
    /// The value the server applies when it is left out.
    pub default: Option<&'c serde_json::Value>,
    /// What it means.
    pub description: Option<&'c str>,
    /// Whether the API keeps it only for compatibility.
    pub deprecated: bool,
    /// The constraints its value must meet.
    pub constraints: &'c Constraints,
    /// Whether it holds its value in a `Box`, because that type contains this one (see
    /// `ir/recursion.rs`).
    pub boxed: bool,
}

impl FieldIr<'_> {
    /// Whether requests must carry it.
    pub fn required(&self) -> bool {
        self.shape.is_required()
    }
}

/// One value of an enum.
#[derive(Clone, Debug)]
pub struct ValueIr<'c> {
    /// The wire value.
    pub value: &'c EnumLiteral,
    /// The Rust variant name.
    pub rust: String,
    /// What the value means.
    pub description: Option<&'c str>,
}

/// A union.
#[derive(Clone, Debug)]
pub struct UnionIr<'c> {
    /// The discriminator field, for tagged unions.
    pub tag: Option<&'c str>,
    /// The variants, in the order they are tried.
    pub variants: Vec<VariantIr<'c>>,
}

/// One variant of a union.
#[derive(Clone, Debug)]
pub struct VariantIr<'c> {
    /// The Rust variant name.
    pub rust: String,
    /// The type it holds.
    pub ty: Ty,
    /// The discriminator's value, for tagged unions.
    pub tag_value: Option<&'c str>,
    /// Whether it holds its value in a `Box` (see [`FieldIr::boxed`]).
    pub boxed: bool,
    /// Whether no other variant holds the same Rust type, so that the union converts `From` it.
    pub has_from: bool,
}

/// Resolves every type's members into [`TypeInfo::kind`] (the passes after it follow these
/// types: usage, placement, boxes), reporting as a bug of the generator
/// a name the loader let through that names no type (the model is then refused, so the `any`
/// that stands in for it is never emitted). [`check_names`] reports the names that collide.
pub fn resolve(ir: &mut Ir<'_>, diags: &mut Vec<Diagnostic>) {
    let kinds: Vec<Kind<'_>> = ir.types.iter().map(|t| kind(ir, t, diags)).collect();
    for (info, kind) in ir.types.iter_mut().zip(kinds) {
        info.kind = kind;
    }
}

/// The members of one type: names from `naming`, types resolved in the type's scope; no box
/// yet (`recursion.rs` sets them from these types).
fn kind<'c>(ir: &Ir<'c>, info: &TypeInfo<'c>, diags: &mut Vec<Diagnostic>) -> Kind<'c> {
    let mut ty = |t: &TypeExpr, span: Span| {
        resolve_expr(ir, info.scope, t).unwrap_or_else(|name| {
            diags.push(Diagnostic::new(
                info.file,
                span,
                format!("the generator found no type `{name}` in scope, which the loader accepted: this is a bug of the generator"),
            ));
            Ty::Any
        })
    };
    match &info.def.kind {
        TypeKind::Object(fields) => Kind::Object(
            fields
                .iter()
                .map(|f| FieldIr {
                    wire: &f.name.value,
                    rust: naming::field_name(&f.name.value).unwrap_or_default(),
                    ty: ty(&f.ty.value, f.ty.span),
                    shape: FieldShape::of(f),
                    default: f.default.as_ref().map(|d| &d.value),
                    description: f.description.as_deref(),
                    deprecated: f.deprecated,
                    constraints: &f.constraints,
                    boxed: false,
                })
                .collect(),
        ),
        TypeKind::Enum(values) => Kind::Enum(
            values
                .iter()
                .map(|v| ValueIr {
                    value: &v.value.value,
                    rust: naming::enum_value_rust_name(v).unwrap_or_default(),
                    description: v.description.as_deref(),
                })
                .collect(),
        ),
        TypeKind::Union(u) => {
            let tys: Vec<Ty> = u
                .variants
                .iter()
                .map(|v| ty(&v.ty.value, v.ty.span))
                .collect();
            let variants = u
                .variants
                .iter()
                .zip(&tys)
                .map(|(v, t)| VariantIr {
                    rust: naming::union_variant_rust_name(v),
                    ty: t.clone(),
                    tag_value: v.tag_value.as_ref().map(|t| t.value.as_str()),
                    boxed: false,
                    has_from: tys.iter().filter(|o| o.same_rust_type(t)).count() == 1,
                })
                .collect();
            Kind::Union(UnionIr {
                tag: u.tag.as_ref().map(|t| t.value.as_str()),
                variants,
            })
        }
    }
}

/// `ty` with its names resolved in `scope`, or the first name that resolves to nothing.
fn resolve_expr(ir: &Ir<'_>, scope: Scope, ty: &TypeExpr) -> Result<Ty, String> {
    let inner = |t: &TypeExpr| resolve_expr(ir, scope, t).map(Box::new);
    Ok(match ty {
        TypeExpr::String => Ty::String,
        TypeExpr::FileUrl => Ty::FileUrl,
        TypeExpr::Integer => Ty::Integer,
        TypeExpr::Float => Ty::Float,
        TypeExpr::Boolean => Ty::Boolean,
        TypeExpr::Any => Ty::Any,
        TypeExpr::List(t) => Ty::List(inner(t)?),
        TypeExpr::Map(t) => Ty::Map(inner(t)?),
        TypeExpr::Nullable(t) => Ty::Nullable(inner(t)?),
        TypeExpr::Named(name) => Ty::Named(ir.lookup(scope, name).ok_or_else(|| name.clone())?),
    })
}

/// Reports the members of each type that would share a Rust name: two fields, a field's setter
/// and another method of the builder, or an output enum's value and its catch-all `Unknown`.
pub fn check_names(ir: &Ir<'_>, diags: &mut Vec<Diagnostic>) {
    for info in &ir.types {
        match (&info.kind, &info.def.kind) {
            (Kind::Object(fields), TypeKind::Object(defs)) => {
                check_fields(info, fields, defs, diags);
                if info.is_endpoint_input {
                    builder_methods(info, fields, defs, diags);
                }
            }
            (Kind::Enum(values), _)
                if info.in_output && values.iter().any(|v| v.rust == "Unknown") =>
            {
                diags.push(
                    Diagnostic::new(info.file, info.def.name.span, format!("the enum `{}` has a value named `Unknown`, the name of the catch-all variant outputs need", info.name()))
                        .with_help("give that value another `rust_name`"),
                );
            }
            _ => {}
        }
    }
}

fn check_fields(
    info: &TypeInfo<'_>,
    fields: &[FieldIr<'_>],
    defs: &[Field],
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (f, def) in fields.iter().zip(defs) {
        let (wire, rust) = (f.wire, f.rust.as_str());
        if rust.is_empty() {
            diags.push(
                Diagnostic::new(
                    info.file,
                    def.name.span,
                    format!("the field `{wire}` has no Rust name"),
                )
                .with_help("a field name needs an ASCII letter or digit"),
            );
        } else if let Some(other) = seen.insert(rust, wire) {
            diags.push(
                Diagnostic::new(
                    info.file,
                    def.name.span,
                    format!("the fields `{other}` and `{wire}` of `{}` would both be named `{rust}` in Rust", info.name()),
                )
                .with_help("field names are snake_cased; rename one of the fields"),
            );
        }
    }
}

/// The builder of an endpoint input has `build()` and a setter per optional field (plus
/// `<field>_null()` for a nullable field with a non-null default): they must be distinct.
fn builder_methods(
    info: &TypeInfo<'_>,
    fields: &[FieldIr<'_>],
    defs: &[Field],
    diags: &mut Vec<Diagnostic>,
) {
    let mut methods: BTreeMap<String, String> = BTreeMap::new();
    methods.insert("build".into(), "its `build()`".into());
    for (i, (f, def)) in fields.iter().zip(defs).enumerate() {
        // Two fields with one Rust name are reported as such already.
        let repeated = fields[..i].iter().any(|o| o.rust == f.rust);
        if f.required() || f.rust.is_empty() || repeated {
            continue;
        }
        let wire = f.wire;
        let mut own = vec![(f.rust.clone(), format!("the setter of `{wire}`"))];
        if f.shape == FieldShape::ThreeState {
            own.push((
                naming::null_setter_name(&f.rust),
                format!("the method that sends `{wire}` as `null`"),
            ));
        }
        for (method, what) in own {
            if let Some(other) = methods.get(&method) {
                diags.push(
                    Diagnostic::new(
                        info.file,
                        def.name.span,
                        format!(
                            "the builder of `{}` would have two methods named `{method}`: {other} and {what}",
                            info.name()
                        ),
                    )
                    .with_help("rename the field"),
                );
            } else {
                methods.insert(method, what);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_url_is_the_rust_type_of_a_string_at_any_depth() {
        let list = |t| Ty::List(Box::new(t));
        let nullable = |t| Ty::Nullable(Box::new(t));
        assert!(Ty::FileUrl.same_rust_type(&Ty::String));
        assert!(list(nullable(Ty::FileUrl)).same_rust_type(&list(nullable(Ty::String))));
        assert!(!list(Ty::String).same_rust_type(&Ty::Map(Box::new(Ty::String))));
        assert!(!nullable(Ty::String).same_rust_type(&Ty::String));
        assert!(!Ty::Named(TypeId(1)).same_rust_type(&Ty::Named(TypeId(2))));
        assert!(Ty::Named(TypeId(1)).same_rust_type(&Ty::Named(TypeId(1))));
    }

    #[test]
    fn the_named_type_is_found_inside_lists_maps_and_nulls() {
        let deep = Ty::Map(Box::new(Ty::List(Box::new(Ty::Nullable(Box::new(
            Ty::Named(TypeId(7)),
        ))))));
        assert_eq!(deep.named(), Some(TypeId(7)));
        assert_eq!(deep.non_null(), &deep);
        assert_eq!(Ty::Nullable(Box::new(Ty::Integer)).non_null(), &Ty::Integer);
        assert_eq!(Ty::List(Box::new(Ty::Any)).named(), None);
    }
}
