//! Enums: a variant per value with its exact wire value, `as_str` (or `value`), `ALL`,
//! `Default` when the schema's fields agree on one, and for outputs a catch-all variant for
//! values the schema does not know yet. `Display`, `FromStr`, `WireEnum` and serde's
//! `Serialize` and `Deserialize` come from the runtime's `wire_enum!`, the same for every enum:
//! serde's derive would compile a visitor per enum where the runtime's one reads them all.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Texts};
use super::module::Module;
use super::rust::{ident, int};
use super::syntax;
use crate::ir::{TypeInfo, ValueIr};
use crate::schema::model::EnumLiteral;

/// Emits an enum type into `m`.
pub fn emit(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, values: &[ValueIr<'_>]) {
    let ints = values
        .iter()
        .all(|v| matches!(v.value, EnumLiteral::Int(_)));
    if ints {
        emit_int(m, info, values);
    } else {
        emit_str(m, info, values);
    }
}

fn variant_docs(docs: &mut Texts, v: &ValueIr<'_>) -> Option<syn::Attribute> {
    let wire = match v.value {
        EnumLiteral::Str(s) => docs::code(s),
        EnumLiteral::Int(i) => docs::code(&i.to_string()),
    };
    let text = match v.description {
        Some(d) => format!("{wire}: {}", docs::sanitize(d)),
        None => wire,
    };
    docs.attr(&text)
}

/// An enum's variants, the arms of its `as_str` (or `value`) match and the entries of `ALL`,
/// built as syntax trees (one of each per value).
struct Variants {
    variants: Vec<syn::Variant>,
    arms: Vec<syn::Arm>,
    all: Vec<syn::Expr>,
}

/// Builds the [`Variants`] of the values whose literal `wire` accepts; `wire` gives the value
/// each one's match arm returns.
fn variants(
    docs: &mut Texts,
    info: &TypeInfo<'_>,
    values: &[ValueIr<'_>],
    wire: impl Fn(&EnumLiteral) -> Option<syn::Expr>,
) -> Variants {
    let default = info.enum_default.as_ref();
    let mut out = Variants {
        variants: Vec::new(),
        arms: Vec::new(),
        all: Vec::new(),
    };
    for v in values {
        let rust = v.rust.as_str();
        let Some(value) = wire(v.value) else {
            continue;
        };
        let mut attrs: Vec<syn::Attribute> = variant_docs(docs, v).into_iter().collect();
        if default == Some(v.value) {
            attrs.push(syntax::path_attr("default"));
        }
        out.variants.push(syntax::unit_variant(attrs, ident(rust)));
        out.arms
            .push(syntax::arm(syntax::pat_path(&["Self", rust]), value));
        out.all.push(syntax::path_expr(&["Self", rust]));
    }
    out
}

/// Puts the built variants before the ones `item` was written with (the catch-all), and the
/// `ALL` constant and the wire-value function `wire_fn` (whose body is the match of `arms`,
/// after `rest`, the arms it was written with) into `inherent`.
fn assemble(
    item: &mut syn::ItemEnum,
    inherent: &mut syn::ItemImpl,
    built: Variants,
    mut wire_fn: syn::ImplItemFn,
    rest: Vec<syn::Arm>,
) {
    let written = std::mem::take(&mut item.variants);
    item.variants = built.variants.into_iter().chain(written).collect();
    let mut all: syn::ImplItemConst = syn::parse_quote! {
        /// Every value the schema knows, in schema order.
        pub const ALL: &'static [Self] = &[];
    };
    all.expr = syntax::reference(syntax::array(built.all));
    let mut arms = built.arms;
    arms.extend(rest);
    wire_fn.block.stmts = vec![syntax::tail(syntax::match_(
        syntax::path_expr(&["self"]),
        arms,
    ))];
    inherent.items.push(syn::ImplItem::Const(all));
    inherent.items.push(syn::ImplItem::Fn(wire_fn));
}

fn emit_str(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, values: &[ValueIr<'_>]) {
    let name = ident(info.name());
    let non_exhaustive = super::rust::non_exhaustive(info);
    let doc = m.type_doc(info);
    let catch_all = info.has_catch_all();
    let default = info.enum_default.as_ref();
    let built = variants(&mut m.docs, info, values, |literal| match literal {
        EnumLiteral::Str(wire) => Some(syntax::str_lit(wire)),
        EnumLiteral::Int(_) => None,
    });
    let derive_default = default.is_some().then(|| quote!(Default,));
    let lint = lint_allow();
    let (copy, unknown, as_str, rest) = if catch_all {
        (
            quote!(),
            quote! {
                /// A value this version of the schema does not know, kept verbatim (outputs only;
                /// `validate()` refuses it in an input).
                Unknown(String),
            },
            syn::parse_quote! {
                /// The wire value.
                pub fn as_str(&self) -> &str {}
            },
            vec![syn::parse_quote!(Self::Unknown(value) => value,)],
        )
    } else {
        (
            quote!(Copy,),
            quote!(),
            syn::parse_quote! {
                /// The wire value.
                pub const fn as_str(self) -> &'static str {}
            },
            Vec::new(),
        )
    };
    let mut item: syn::ItemEnum = syn::parse_quote! {
        #doc
        #lint
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default)]
        #non_exhaustive
        pub enum #name {
            #unknown
        }
    };
    let mut inherent: syn::ItemImpl = syn::parse_quote!(impl #name {});
    assemble(&mut item, &mut inherent, built, as_str, rest);
    m.push_built(syn::Item::Enum(item));
    m.push_built(syn::Item::Impl(inherent));
    m.push(wire_enum(quote!(str), &name, catch_all));
    if catch_all && info.in_input {
        refuse_unknown(m, info);
    }
}

fn emit_int(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, values: &[ValueIr<'_>]) {
    let name = ident(info.name());
    let non_exhaustive = super::rust::non_exhaustive(info);
    let doc = m.type_doc(info);
    let catch_all = info.has_catch_all();
    let default = info.enum_default.as_ref();
    let built = variants(&mut m.docs, info, values, |literal| match literal {
        EnumLiteral::Int(n) => Some(syntax::lit(int(*n))),
        EnumLiteral::Str(_) => None,
    });
    let derive_default = default.is_some().then(|| quote!(Default,));
    let lint = lint_allow();
    let unknown = catch_all.then(|| {
        quote! {
            /// A value this version of the schema does not know, kept verbatim (outputs only;
            /// `validate()` refuses it in an input).
            Unknown(i64),
        }
    });
    let rest = if catch_all {
        vec![syn::parse_quote!(Self::Unknown(value) => value,)]
    } else {
        Vec::new()
    };
    let mut item: syn::ItemEnum = syn::parse_quote! {
        #doc
        #lint
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default)]
        #non_exhaustive
        pub enum #name {
            #unknown
        }
    };
    let value: syn::ImplItemFn = syn::parse_quote! {
        /// The wire value.
        pub const fn value(self) -> i64 {}
    };
    let mut inherent: syn::ItemImpl = syn::parse_quote!(impl #name {});
    assemble(&mut item, &mut inherent, built, value, rest);
    m.push_built(syn::Item::Enum(item));
    m.push_built(syn::Item::Impl(inherent));
    m.push(wire_enum(quote!(int), &name, catch_all));
    if catch_all && info.in_input {
        refuse_unknown(m, info);
    }
}

/// The runtime's `wire_enum!` call for an enum of `kind` (`str` or `int`), naming its catch-all
/// variant when it has one.
fn wire_enum(kind: TokenStream, name: &syn::Ident, catch_all: bool) -> TokenStream {
    let unknown = catch_all.then(|| quote!(, Unknown));
    quote!(genmedia_runtime::wire_enum!(#kind #name #unknown);)
}

/// An enum used by inputs and outputs has a catch-all variant; an input must not carry it.
fn refuse_unknown(m: &mut Module<'_, '_>, info: &TypeInfo<'_>) {
    m.uses.validate = true;
    let name = ident(info.name());
    m.push(quote! {
        impl Validate for #name {
            fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
                if let Self::Unknown(value) = self {
                    let known = Self::ALL.iter().map(|v| v.to_string()).collect();
                    errors.push(at, genmedia_runtime::Constraint::OneOf(known), value.to_string());
                }
            }
        }
    });
}

/// Variant names follow wire values, which often share a word (`Ratio16x9`, `Ratio9x16`).
fn lint_allow() -> TokenStream {
    quote!(#[allow(clippy::enum_variant_names, reason = "variant names follow the wire values")])
}
