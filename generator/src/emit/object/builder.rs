//! The builder of an endpoint input, and the input's inherent methods.

use quote::quote;

use crate::emit::docs::Key;
use crate::emit::module::Module;
use crate::emit::rust::{ident, member_type};
use crate::emit::syntax::{self, Receiver};
use crate::ir::{FieldIr, FieldShape, TypeInfo};
use crate::naming;

/// The builder of an endpoint input: `Input::builder(required...)`, a setter per optional
/// field, `build()` that validates. Also `validate()` and `from_json()` as inherent methods,
/// so that neither needs a trait import.
pub(super) fn builder(
    m: &mut Module<'_, '_>,
    info: &TypeInfo<'_>,
    fields: &[FieldIr<'_>],
    field_docs: &[Option<Key>],
) -> syn::ItemImpl {
    m.uses.validate = true;
    m.uses.errors = true;
    let name = ident(info.name());
    let builder = ident(&naming::builder_name(info.name()));
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut required_names = Vec::new();
    for (f, doc) in fields.iter().zip(field_docs) {
        let rust = &f.rust;
        let field = ident(rust);
        let t = member_type(m.ir, m.home, f.ty.non_null(), f.boxed);
        let shape = f.shape;
        match shape {
            FieldShape::Plain | FieldShape::RequiredNullable => {
                required_names.push(format!("`{rust}`"));
                let t = match shape {
                    FieldShape::Plain => t,
                    _ => syntax::generic(&["Option"], [t]),
                };
                args.push((field.clone(), syntax::impl_into(t)));
                let into = syntax::method(syntax::local(field.clone()), "into", []);
                inits.push((field, into));
            }
            FieldShape::Optional | FieldShape::ThreeState => {
                inits.push((field.clone(), syntax::path_expr(&["None"])));
                // `self.inner.<field> = <value>;`
                let set = |value| {
                    let inner = syntax::field(syntax::path_expr(&["self"]), ident("inner"));
                    syntax::assign(syntax::field(inner, field.clone()), value)
                };
                let some = |value| syntax::call(syntax::path_expr(&["Some"]), [value]);
                let into = syntax::method(syntax::local(ident("value")), "into", []);
                let value = match shape {
                    FieldShape::ThreeState => some(some(into)),
                    _ => some(into),
                };
                let this = || syn::Stmt::Expr(syntax::path_expr(&["self"]), None);
                setters.push(syntax::pub_fn(
                    doc.map(Key::attr).into_iter().collect(),
                    field.clone(),
                    Receiver::MutValue,
                    vec![(ident("value"), syntax::impl_into(t))],
                    Some(syntax::type_path(&["Self"])),
                    vec![set(value), this()],
                ));
                if shape == FieldShape::ThreeState {
                    let null_doc = format!("Sends `{}` as `null`.", f.wire);
                    setters.push(syntax::pub_fn(
                        m.docs.attr(&null_doc).into_iter().collect(),
                        ident(&naming::null_setter_name(rust)),
                        Receiver::MutValue,
                        Vec::new(),
                        Some(syntax::type_path(&["Self"])),
                        vec![set(some(syntax::path_expr(&["None"]))), this()],
                    ));
                }
            }
        }
    }
    let start_doc = if required_names.is_empty() {
        "Starts a builder; every field is optional.".to_string()
    } else {
        format!(
            "Starts a builder from the required fields ({}); set optional fields on it, then call `build()`.",
            required_names.join(", ")
        )
    };
    let mut start_attrs: Vec<syn::Attribute> = m.docs.attr(&start_doc).into_iter().collect();
    if args.len() > 7 {
        start_attrs.push(syntax::list_attr(
            "allow",
            quote!(
                clippy::too_many_arguments,
                reason = "the arguments are the schema's required fields"
            ),
        ));
    }
    let builder_doc = m.docs.attrs(&format!(
        "Builds a [`{}`]; made by [`{}::builder`].",
        info.name(),
        info.name()
    ));
    m.push(quote! {
        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct #builder {
            inner: #name,
        }
    });
    let mut builder_impl: syn::ItemImpl = syn::parse_quote! {
        impl #builder {
            /// Checks every constraint and returns the input, or every violation found.
            pub fn build(self) -> Result<#name, ValidationErrors> {
                Validate::validate(&self.inner)?;
                Ok(self.inner)
            }
        }
    };
    builder_impl
        .items
        .splice(0..0, setters.into_iter().map(syn::ImplItem::Fn));
    m.push_built(syn::Item::Impl(builder_impl));
    // `builder(required...) -> <Builder> { <Builder> { inner: <Input> { fields } } }`
    let input = syntax::struct_lit(name.clone().into(), inits);
    let start = syntax::struct_lit(builder.clone().into(), [(ident("inner"), input)]);
    let start = syntax::pub_fn(
        start_attrs,
        ident("builder"),
        Receiver::None,
        args,
        Some(syntax::type_path(&[&builder.to_string()])),
        vec![syntax::tail(start)],
    );
    // `from_json` is `#[inline]` so that serde_json's reader is compiled, for this type, only
    // in the crates that call it: compiled here, it was most of the generated crates' build time.
    let mut inherent: syn::ItemImpl = syn::parse_quote! {
        impl #name {
            /// Checks every constraint, recursively, and lists every violation with its JSON path.
            pub fn validate(&self) -> Result<(), ValidationErrors> {
                Validate::validate(self)
            }

            /// Reads the input from JSON and validates it, in one call. Unknown fields are ignored,
            /// as the server ignores them.
            #[inline]
            pub fn from_json(json: &str) -> Result<Self, genmedia_runtime::InputError> {
                genmedia_runtime::json::from_str(json)
            }

            /// The request body as compact JSON: fields left unset are left out.
            #[inline]
            pub fn to_json(&self) -> String {
                genmedia_runtime::json::to_string(self)
            }
        }
    };
    inherent.items.insert(0, syn::ImplItem::Fn(start));
    inherent
}
