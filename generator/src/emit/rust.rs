//! Rust types and identifiers for schema types, as tokens.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::syntax;
use crate::ir::{shared, Home, Ir, Scope, TypeInfo};
use crate::schema::model::TypeExpr;

/// An identifier (the names are made legal by [`crate::naming`]).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The path of the common crate's library.
pub fn common(ir: &Ir<'_>) -> Ident {
    ident(&ir.common.lib)
}

/// The Rust type of `ty`, written in scope `scope` and used from module `from`.
pub fn rust_type(ir: &Ir<'_>, scope: Scope, from: Home, ty: &TypeExpr) -> syn::Type {
    let inner = |t: &TypeExpr| rust_type(ir, scope, from, t);
    match ty {
        TypeExpr::String | TypeExpr::FileUrl => syntax::type_path(&["String"]),
        TypeExpr::Integer => syntax::type_path(&["i64"]),
        TypeExpr::Float => syntax::type_path(&["f64"]),
        TypeExpr::Boolean => syntax::type_path(&["bool"]),
        TypeExpr::Any => syntax::type_path(&["serde_json", "Value"]),
        TypeExpr::List(t) => syntax::generic(&["Vec"], [inner(t)]),
        TypeExpr::Map(t) => syntax::generic(
            &["std", "collections", "BTreeMap"],
            [syntax::type_path(&["String"]), inner(t)],
        ),
        TypeExpr::Nullable(t) => syntax::generic(&["Option"], [inner(t)]),
        TypeExpr::Named(name) => named(ir, scope, from, name),
    }
}

/// The Rust type of member `at` (a field or a variant) of `info`, of type `ty`: boxed when
/// the type contains `info` again ([`TypeInfo::boxed`]).
pub fn member_type(
    ir: &Ir<'_>,
    info: &TypeInfo<'_>,
    from: Home,
    at: usize,
    ty: &TypeExpr,
) -> syn::Type {
    let t = rust_type(ir, info.scope, from, ty);
    if info.is_boxed(at) {
        syntax::generic(&["Box"], [t])
    } else {
        t
    }
}

/// The path of a named type from module `from`: bare inside its crate (endpoint modules
/// re-export the hoisted types they define), qualified by the common crate for its types, and
/// by the family crate's name for the shared types moved into it (see [`crate::ir::shared`]).
pub fn named(ir: &Ir<'_>, scope: Scope, from: Home, name: &str) -> syn::Type {
    let Some(t) = ir.lookup(scope, name) else {
        return syntax::type_path(&[name]);
    };
    match ir.ty(t).home {
        Home::Common if from != Home::Common => syntax::type_path(&[&ir.common.lib, name]),
        home @ Home::Hoisted(f) if from != home && shared::moved(ir, t) => {
            syntax::type_path(&[&ir.families[f].names.lib, "types", name])
        }
        _ => syntax::type_path(&[name]),
    }
}

/// A float literal that always reads as a float (`1.0`, not `1`).
/// `#[non_exhaustive]` on the types that take it ([`TypeInfo::is_non_exhaustive`]).
pub fn non_exhaustive(info: &TypeInfo<'_>) -> Option<TokenStream> {
    info.is_non_exhaustive().then(|| quote!(#[non_exhaustive]))
}

pub fn float(n: f64) -> Literal {
    Literal::f64_unsuffixed(n)
}

/// An integer literal; outside `i32` it carries an `i64` suffix so that inference never
/// picks `i32` for it.
pub fn int(n: i64) -> Literal {
    if i32::try_from(n).is_ok() {
        Literal::i64_unsuffixed(n)
    } else {
        Literal::i64_suffixed(n)
    }
}
