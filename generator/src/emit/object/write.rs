//! An object's `Serialize`, written out: one runtime call per field (see the runtime's `ser`
//! module for what it saves against serde's derive).

use proc_macro2::Literal;

use crate::emit::module::Module;
use crate::emit::rust::ident;
use crate::emit::syntax;
use crate::ir::{FieldIr, TypeInfo};

/// The object's `Serialize`: its fields in order under their wire names; an optional field
/// (plain or three-state) is left out when `None`, a required nullable one is written as `null`.
/// The serializer is told the exact number of fields written.
pub(super) fn serialize_impl(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, fields: &[FieldIr<'_>]) {
    m.uses.ser = true;
    let name = ident(info.name());
    let this = |f: &FieldIr<'_>| syntax::field(syntax::path_expr(&["self"]), ident(&f.rust));
    let out = || syntax::local(ident("out"));
    let always = fields.iter().filter(|f| f.required()).count();
    let present = fields
        .iter()
        .filter(|f| !f.required())
        .map(|f| syntax::method(this(f), "is_some", []));
    let start = syntax::call(
        syntax::path_expr(&["ser", "object"]),
        [
            syntax::local(ident("serializer")),
            syntax::str_lit(info.name()),
            syntax::lit(Literal::usize_unsuffixed(always)),
            syntax::reference(syntax::array(present)),
        ],
    );
    let mut stmts = vec![syntax::let_mut(ident("out"), syntax::try_(start))];
    for f in fields {
        let write = if f.required() { "field" } else { "optional" };
        stmts.push(syntax::semi(syntax::try_(syntax::call(
            syntax::path_expr(&["ser", write]),
            [
                syntax::ref_mut(out()),
                syntax::str_lit(f.wire),
                syntax::reference(this(f)),
            ],
        ))));
    }
    stmts.push(syntax::tail(syntax::call(
        syntax::path_expr(&["ser", "end"]),
        [out()],
    )));
    let mut serialize: syn::ImplItemFn = syn::parse_quote! {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {}
    };
    serialize.block.stmts = stmts;
    let mut item: syn::ItemImpl = syn::parse_quote!(impl serde::Serialize for #name {});
    item.items.push(syn::ImplItem::Fn(serialize));
    m.push_built(syn::Item::Impl(item));
}
