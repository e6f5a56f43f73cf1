//! Enums: a variant per value with its exact wire value, `as_str` (or `value`), `ALL`,
//! `Default` when the schema's fields agree on one, and for outputs a catch-all variant for
//! values the schema does not know yet. `Display`, `FromStr`, `WireEnum` (and serde for integer
//! enums) come from the runtime's `wire_enum!`, the same for every enum.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, Texts};
use super::module::Module;
use super::rust::{ident, int};
use crate::ir::TypeInfo;
use crate::schema::model::{EnumLiteral, EnumValue};

/// Emits an enum type into `m`.
pub fn emit(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, values: &[EnumValue]) {
    let ints = values
        .iter()
        .all(|v| matches!(v.value.value, EnumLiteral::Int(_)));
    if ints {
        emit_int(m, info, values);
    } else {
        emit_str(m, info, values);
    }
}

fn variant_docs(docs: &mut Texts, v: &EnumValue) -> TokenStream {
    let wire = match &v.value.value {
        EnumLiteral::Str(s) => docs::code(s),
        EnumLiteral::Int(i) => docs::code(&i.to_string()),
    };
    let text = match &v.description {
        Some(d) => format!("{wire}: {}", docs::sanitize(d)),
        None => wire,
    };
    docs.attrs(&text)
}

/// An enum's variants, the arms of its `as_str` (or `value`) match and the entries of `ALL`.
struct Variants {
    variants: Vec<TokenStream>,
    arms: Vec<TokenStream>,
    all: Vec<TokenStream>,
}

/// Builds the [`Variants`] of the values whose literal `wire` accepts; `wire` gives each one's
/// serde attribute (none for integers) and the value its match arm returns.
fn variants(
    docs: &mut Texts,
    info: &TypeInfo<'_>,
    values: &[EnumValue],
    wire: impl Fn(&EnumLiteral) -> Option<(TokenStream, TokenStream)>,
) -> Variants {
    let default = info.enum_default.as_ref();
    let mut out = Variants {
        variants: Vec::new(),
        arms: Vec::new(),
        all: Vec::new(),
    };
    for (v, rust) in values.iter().zip(&info.variant_names) {
        let Some((serde_attr, value)) = wire(&v.value.value) else {
            continue;
        };
        let variant = ident(rust);
        let d = variant_docs(docs, v);
        let default_attr = (default == Some(&v.value.value)).then(|| quote!(#[default]));
        out.variants.push(quote! {
            #d
            #serde_attr
            #default_attr
            #variant,
        });
        out.arms.push(quote!(Self::#variant => #value,));
        out.all.push(quote!(Self::#variant));
    }
    out
}

fn emit_str(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, values: &[EnumValue]) {
    let name = ident(info.name());
    let non_exhaustive = super::rust::non_exhaustive(info);
    let doc = m.type_doc(info);
    let catch_all = info.has_catch_all();
    let default = info.enum_default.as_ref();
    let Variants {
        variants,
        arms,
        all,
    } = variants(&mut m.docs, info, values, |literal| match literal {
        EnumLiteral::Str(wire) => Some((quote!(#[serde(rename = #wire)]), quote!(#wire))),
        EnumLiteral::Int(_) => None,
    });
    let derive_default = default.is_some().then(|| quote!(Default,));
    let lint = lint_allow();
    let (copy, unknown, as_str) = if catch_all {
        (
            quote!(),
            quote! {
                /// A value this version of the schema does not know, kept verbatim (outputs only;
                /// `validate()` refuses it in an input).
                #[serde(untagged)]
                Unknown(String),
            },
            quote! {
                /// The wire value.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#arms)*
                        Self::Unknown(value) => value,
                    }
                }
            },
        )
    } else {
        (
            quote!(Copy,),
            quote!(),
            quote! {
                /// The wire value.
                pub const fn as_str(self) -> &'static str {
                    match self {
                        #(#arms)*
                    }
                }
            },
        )
    };
    m.push(quote! {
        #doc
        #lint
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default serde::Serialize, serde::Deserialize)]
        #non_exhaustive
        pub enum #name {
            #(#variants)*
            #unknown
        }

        impl #name {
            /// Every value the schema knows, in schema order.
            pub const ALL: &'static [Self] = &[#(#all),*];

            #as_str
        }

        genmedia_runtime::wire_enum!(str #name);
    });
    if catch_all && info.in_input {
        refuse_unknown(m, info);
    }
}

fn emit_int(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, values: &[EnumValue]) {
    let name = ident(info.name());
    let non_exhaustive = super::rust::non_exhaustive(info);
    let doc = m.type_doc(info);
    let catch_all = info.has_catch_all();
    let default = info.enum_default.as_ref();
    let Variants {
        variants,
        arms,
        all,
    } = variants(&mut m.docs, info, values, |literal| match literal {
        EnumLiteral::Int(n) => {
            let lit = int(*n);
            Some((TokenStream::new(), quote!(#lit)))
        }
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
    let unknown_arm = catch_all.then(|| quote!(Self::Unknown(value) => value,));
    let wire_enum = if catch_all {
        quote!(genmedia_runtime::wire_enum!(int #name, Unknown);)
    } else {
        quote!(genmedia_runtime::wire_enum!(int #name);)
    };
    m.push(quote! {
        #doc
        #lint
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default)]
        #non_exhaustive
        pub enum #name {
            #(#variants)*
            #unknown
        }

        impl #name {
            /// Every value the schema knows, in schema order.
            pub const ALL: &'static [Self] = &[#(#all),*];

            /// The wire value.
            pub const fn value(self) -> i64 {
                match self {
                    #(#arms)*
                    #unknown_arm
                }
            }
        }

        #wire_enum
    });
    if catch_all && info.in_input {
        refuse_unknown(m, info);
    }
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
