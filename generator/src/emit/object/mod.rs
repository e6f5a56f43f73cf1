//! Objects: the struct, its hand-written `Deserialize` (`read`) and `Serialize` (`write`), its
//! `Validate` impl (`validate`), the accessors of defaults (`accessors`) and, for endpoint
//! inputs, the builder (`builder`).

mod accessors;
mod builder;
mod read;
mod validate;
mod write;

use quote::quote;

use super::docs;
use super::module::Module;
use super::rust::{ident, member_type};
use super::syntax;
use crate::ir::{FieldIr, FieldShape, TypeInfo};

pub(super) use read::reader_type;

/// Emits an object type into `m`.
pub fn emit(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, fields: &[FieldIr<'_>]) {
    let name = ident(info.name());
    let non_exhaustive = super::rust::non_exhaustive(info);
    let doc = m.type_doc(info);
    if fields.is_empty() {
        m.uses.validate = true;
        m.push(quote! {
            #doc
            #[doc = ""]
            #[doc = " Free-form: the schema does not describe its fields, so any JSON object is kept as is."]
            #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(transparent)]
            pub struct #name(pub serde_json::Map<String, serde_json::Value>);

            impl Validate for #name {
                fn validate_at(&self, _at: &Path<'_>, _errors: &mut ValidationErrors) {}
            }
        });
        return;
    }
    let all_optional = fields.iter().all(|f| !f.required());
    let default_derive = all_optional.then(|| quote!(Default,));
    let mut object: syn::ItemStruct = syn::parse_quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default_derive)]
        #non_exhaustive
        pub struct #name {}
    };
    // Each field's doc text is kept once: its setter shows the same text.
    let (members, field_docs): (Vec<_>, Vec<_>) = fields.iter().map(|f| member(m, f)).unzip();
    object.fields = syntax::named_fields(members);
    m.push_built(syn::Item::Struct(object));
    read::deserialize_impl(m, info, fields);
    write::serialize_impl(m, info, fields);
    validate::validate_impl(m, info, fields);
    let accessors = accessors::accessors(m, fields);
    let mut inherent: syn::ItemImpl = if info.is_endpoint_input {
        builder::builder(m, info, fields, &field_docs)
    } else if accessors.is_empty() {
        return;
    } else {
        syn::parse_quote!(impl #name {})
    };
    inherent
        .items
        .extend(accessors.into_iter().map(syn::ImplItem::Fn));
    m.push_built(syn::Item::Impl(inherent));
}

/// A struct field, and the key of its doc text.
fn member(m: &mut Module<'_, '_>, f: &FieldIr<'_>) -> (syn::Field, Option<docs::Key>) {
    let t = member_type(m.ir, m.home, f.ty.non_null(), f.boxed);
    let shape = f.shape;
    let doc = m.docs.add(&field_doc(f));
    let attrs: Vec<syn::Attribute> = doc.map(docs::Key::attr).into_iter().collect();
    // Reading and writing are written out (`read.rs`, `write.rs`): the field needs no serde
    // attribute.
    let option = |t| syntax::generic(&["Option"], [t]);
    let ty = match shape {
        FieldShape::Plain => t,
        FieldShape::RequiredNullable | FieldShape::Optional => option(t),
        FieldShape::ThreeState => option(option(t)),
    };
    (syntax::pub_field(attrs, ident(&f.rust), ty), doc)
}

/// The rustdoc of a field: its description, how absent and null are written, its default and
/// its constraints.
fn field_doc(f: &FieldIr<'_>) -> String {
    let mut parts = Vec::new();
    if let Some(d) = f.description {
        parts.push(docs::sanitize(d));
    }
    let mut facts = Vec::new();
    if f.deprecated {
        facts.push("Deprecated: the API keeps it only for compatibility.".to_string());
    }
    match f.shape {
        FieldShape::Plain => facts.push("Required.".to_string()),
        FieldShape::RequiredNullable => {
            facts.push("Required; `None` is sent as `null`.".to_string())
        }
        FieldShape::Optional => {}
        FieldShape::ThreeState => facts.push(
            "`None` leaves it out (the server applies the default), `Some(None)` sends `null`."
                .to_string(),
        ),
    }
    if let Some(d) = f.default {
        facts.push(format!("Default: {}.", docs::code(&d.to_string())));
    }
    facts.extend(docs::constraints(f.constraints));
    if !facts.is_empty() {
        parts.push(facts.join("\n"));
    }
    if parts.is_empty() {
        parts.push(format!("The `{}` field.", f.wire));
    }
    parts.join("\n\n")
}
