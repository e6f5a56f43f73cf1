//! Rust types and identifiers for schema types, as tokens.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::syntax;
use crate::ir::{shared, Home, Ir, Ty, TypeId, TypeInfo};

/// An identifier (the names are made legal by [`crate::naming`]).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The path of the common crate's library.
pub fn common(ir: &Ir<'_>) -> Ident {
    ident(&ir.common.lib)
}

/// The Rust type of `ty`, used from module `from`.
pub fn rust_type(ir: &Ir<'_>, from: Home, ty: &Ty) -> syn::Type {
    let inner = |t: &Ty| rust_type(ir, from, t);
    match ty {
        Ty::String | Ty::FileUrl => syntax::type_path(&["String"]),
        Ty::Integer => syntax::type_path(&["i64"]),
        Ty::Float => syntax::type_path(&["f64"]),
        Ty::Boolean => syntax::type_path(&["bool"]),
        Ty::Any => syntax::type_path(&["serde_json", "Value"]),
        Ty::List(t) => syntax::generic(&["Vec"], [inner(t)]),
        Ty::Map(t) => syntax::generic(
            &["std", "collections", "BTreeMap"],
            [syntax::type_path(&["String"]), inner(t)],
        ),
        Ty::Nullable(t) => syntax::generic(&["Option"], [inner(t)]),
        Ty::Named(id) => named(ir, from, *id),
    }
}

/// The Rust type a member (a field or a variant) holds for `ty`: boxed when the type contains
/// the member's owner again ([`crate::ir::FieldIr::boxed`]).
pub fn member_type(ir: &Ir<'_>, from: Home, ty: &Ty, boxed: bool) -> syn::Type {
    let t = rust_type(ir, from, ty);
    if boxed {
        syntax::generic(&["Box"], [t])
    } else {
        t
    }
}

/// The path of a named type from module `from`: bare inside its crate (endpoint modules
/// re-export the hoisted types they define), qualified by the common crate for its types, and
/// by the family crate's name for the shared types moved into it (see [`crate::ir::shared`]).
pub fn named(ir: &Ir<'_>, from: Home, t: TypeId) -> syn::Type {
    let name = ir.ty(t).name();
    match ir.ty(t).home {
        Home::Common if from != Home::Common => syntax::type_path(&[&ir.common.lib, name]),
        home @ Home::Hoisted(f) if from != home && shared::moved(ir, t) => {
            syntax::type_path(&[&ir.families[f].names.lib, "types", name])
        }
        _ => syntax::type_path(&[name]),
    }
}

/// `#[non_exhaustive]` on the types that take it ([`TypeInfo::is_non_exhaustive`]).
pub fn non_exhaustive(info: &TypeInfo<'_>) -> Option<TokenStream> {
    info.is_non_exhaustive().then(|| quote!(#[non_exhaustive]))
}

/// A float literal that always reads as a float (`1.0`, not `1`).
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
