//! Unions: untagged ones as `#[serde(untagged)]` enums tried in schema order, tagged ones with
//! serde's tag attribute; `From` for every variant type that only one variant has.

use quote::quote;

use super::module::Module;
use super::rust::{ident, member_type, rust_type};
use crate::ir::{Ty, TypeInfo, UnionIr};

/// Emits a union type into `m`.
pub fn emit(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, u: &UnionIr<'_>) {
    let name = ident(info.name());
    let non_exhaustive = super::rust::non_exhaustive(info);
    let doc = m.type_doc(info);
    let mut variants = Vec::new();
    let mut froms = Vec::new();
    let mut arms = Vec::new();
    let mut string_variant = None;
    for v in &u.variants {
        let variant = ident(&v.rust);
        let t = rust_type(m.ir, m.home, &v.ty);
        let held = member_type(m.ir, m.home, &v.ty, v.boxed);
        let rename = v.tag_value.map(|tag| quote!(#[serde(rename = #tag)]));
        let vdoc = m.docs.attrs(&match v.tag_value {
            Some(tag) => format!("When `{}` is `{tag}`.", u.tag.unwrap_or("")),
            None => format!("The `{}` form.", m.ir.written(&v.ty)),
        });
        // An integer inside a union is read as JSON Schema reads it (`2.0` is 2), as in objects.
        let read_with = super::object::reader_type(&v.ty).map(|r| {
            m.uses.de = true;
            let path = quote!(de::read::<#r, _>)
                .to_string()
                .replace(' ', "")
                .replace(',', ", ");
            quote!(#[serde(deserialize_with = #path)])
        });
        variants.push(quote! {
            #vdoc
            #rename
            #read_with
            #variant(#held),
        });
        if v.has_from {
            let value = if v.boxed {
                quote!(Box::new(value))
            } else {
                quote!(value)
            };
            froms.push(quote! {
                impl From<#t> for #name {
                    fn from(value: #t) -> Self {
                        Self::#variant(#value)
                    }
                }
            });
            if matches!(v.ty, Ty::String | Ty::FileUrl) {
                string_variant = Some(variant.clone());
            }
        }
        let needs = v.ty.named().is_some_and(|id| m.ir.ty(id).needs_validation);
        if needs {
            arms.push((variant.clone(), ()));
        }
    }
    if let Some(variant) = string_variant {
        froms.push(quote! {
            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    Self::#variant(value.to_string())
                }
            }
        });
    }
    let serde_attr = match u.tag {
        Some(tag) => quote!(#[serde(tag = #tag)]),
        None => quote!(#[serde(untagged)]),
    };
    m.uses.validate = true;
    let validate_body = if arms.is_empty() {
        quote!(
            fn validate_at(&self, _at: &Path<'_>, _errors: &mut ValidationErrors) {}
        )
    } else {
        let body = if arms.len() == 1 && u.variants.len() > 1 {
            let (variant, _) = &arms[0];
            quote!(if let Self::#variant(value) = self { value.validate_at(at, errors); })
        } else {
            let rest = (arms.len() < u.variants.len()).then(|| quote!(_ => {}));
            let arms = arms.iter().map(
                |(variant, _)| quote!(Self::#variant(value) => value.validate_at(at, errors),),
            );
            quote!(match self { #(#arms)* #rest })
        };
        quote! {
            fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
                #body
            }
        }
    };
    m.push(quote! {
        #doc
        #[allow(clippy::large_enum_variant, reason = "variants mirror the wire format; boxing would complicate construction")]
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #serde_attr
        #non_exhaustive
        pub enum #name {
            #(#variants)*
        }

        #(#froms)*

        impl Validate for #name {
            #validate_body
        }
    });
}
