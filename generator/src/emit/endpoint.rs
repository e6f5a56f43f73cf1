//! An endpoint's module: its documentation (with a doctest built from the page's example), its
//! marker type and the `Endpoint` impl.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::docs::{self, Texts};
use super::module::Module;
use super::rust::{ident, named};
use super::values::{Place, Values};
use crate::ir::{EndpointIr, Family, FieldShape, Follow, Home, Ir, Kind, Route, Ty};
use crate::naming;
use crate::schema::model::{HttpMethod, InputLocation};

/// The module's inner documentation.
pub fn module_doc(ir: &Ir<'_>, family: &Family<'_>, ep: &EndpointIr<'_>, home: Home) -> String {
    let e = ep.def;
    let mut text = format!("# {}\n\n", docs::sanitize(&e.title));
    text.push_str(&format!(
        "Endpoint `{}`, category `{}`, provider `{}`{}.\n",
        e.id.value,
        e.category,
        e.provider.value,
        if e.streaming {
            ", streams server-sent events"
        } else {
            ""
        }
    ));
    if let Some(d) = &e.description {
        text.push('\n');
        text.push_str(&docs::sanitize(d));
        text.push('\n');
    }
    // A shared input or output lives in the common crate or the crate's `types` module, and
    // the endpoint module does not re-export it: link it by its path.
    let link = |id: crate::ir::TypeId| {
        let t = ir.ty(id);
        match t.home {
            Home::Common => format!("[`{}`]({}::{})", t.name(), ir.common.lib, t.name()),
            Home::Hoisted(_) if crate::ir::shared::moved(ir, id) => {
                format!("[`{}`](crate::types::{})", t.name(), t.name())
            }
            _ => format!("[`{}`]", t.name()),
        }
    };
    text.push_str(&format!(
        "\nCall it through the marker type [`{}`]: its input is {}, its output {}.\n",
        ep.marker,
        link(ep.input),
        link(ep.output)
    ));
    if let Some(url) = &e.docs_url {
        text.push_str(&format!("Documentation: <{url}>.\n"));
    }
    if let Some(example) = doctest(ir, family, ep, home) {
        text.push_str("\n# Example\n\n```\n");
        text.push_str(&example);
        text.push_str("```\n");
    }
    text
}

/// The marker type and its trait impls.
pub fn marker(m: &mut Module<'_, '_>, ep: &EndpointIr<'_>) {
    let ir = m.ir;
    let e = ep.def;
    let marker = ident(&ep.marker);
    let input = named(ir, m.home, ep.input);
    let output = named(ir, m.home, ep.output);
    let id = &e.id.value;
    let title = &e.title;
    let category = &e.category;
    let common = super::rust::common(ir);
    let provider_const = ident(&ir.providers[ep.provider].constant);
    let route = route(ep.route);
    let streaming = e.streaming;
    let doc = m
        .docs
        .attrs(&format!("The endpoint `{id}` ({}).", docs::sanitize(title)));
    let stream_impl = streaming.then(|| {
        quote! {
            impl genmedia_runtime::StreamingEndpoint for #marker {
                type Event = #output;
            }
        }
    });
    m.push(quote! {
        #doc
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct #marker;

        impl genmedia_runtime::Endpoint for #marker {
            const ID: &'static str = #id;
            const TITLE: &'static str = #title;
            const CATEGORY: &'static str = #category;
            const PROVIDER: &'static genmedia_runtime::Provider = &#common::providers::#provider_const;
            const ROUTE: genmedia_runtime::Route = #route;
            const STREAMING: bool = #streaming;
            type Input = #input;
            type Output = #output;
        }

        #stream_impl
    });
    let aliases = short_names(&mut m.docs, ep, &input, &output);
    m.push(aliases);
    m.push(follow(ep.follow, &marker));
}

/// `Input` and `Output`, aliases of the endpoint's input and output types, so that a user
/// writes `flux::dev::Input`, not `FluxDevInput` (where the IR gives the module the name, see
/// [`EndpointIr::input_alias`]).
fn short_names(
    docs: &mut Texts,
    ep: &EndpointIr<'_>,
    input: &syn::Type,
    output: &syn::Type,
) -> TokenStream {
    let mut alias = |name: Option<&str>, of: &syn::Type, what: &str| {
        let Some(name) = name else {
            return quote!();
        };
        let ident = ident(name);
        let doc = docs.attrs(&format!(
            "The {what} of [`{}`], by its short name (the same type as `<{} as Endpoint>::{name}`).",
            ep.marker, ep.marker
        ));
        quote! {
            #doc
            pub type #ident = #of;
        }
    };
    let input = alias(ep.input_alias, input, "input");
    let output = alias(ep.output_alias, output, "output");
    quote!(#input #output)
}

/// The runtime's `Route` of an endpoint: the one place the model's routes become the runtime's.
fn route(route: Route<'_>) -> TokenStream {
    match route {
        Route::FalQueue => quote!(genmedia_runtime::Route::FalQueue),
        Route::Http(http) => {
            let method = match http.method {
                HttpMethod::Get => quote!(Get),
                HttpMethod::Post => quote!(Post),
                HttpMethod::Put => quote!(Put),
                HttpMethod::Delete => quote!(Delete),
            };
            let input_in = match http.input_in {
                InputLocation::Body => quote!(Body),
                InputLocation::Query => quote!(Query),
            };
            let path = &http.path;
            quote! {
                genmedia_runtime::Route::Http {
                    method: genmedia_runtime::HttpMethod::#method,
                    path: #path,
                    input_in: genmedia_runtime::InputLocation::#input_in,
                }
            }
        }
    }
}

/// `QueueEndpoint` and `Subscribe` for queue endpoints; `Subscribe` with the poll plan for an
/// endpoint whose schema has a `poll:` block; nothing for the others, so that a client call they
/// do not support is a compile error.
fn follow(follow: Follow<'_>, marker: &proc_macro2::Ident) -> TokenStream {
    match follow {
        Follow::FalQueue => quote! {
            impl genmedia_runtime::QueueEndpoint for #marker {}

            impl genmedia_runtime::Subscribe for #marker {
                const FOLLOW: genmedia_runtime::Follow = genmedia_runtime::Follow::FalQueue;
            }
        },
        Follow::Poll {
            spec: p,
            route: target,
        } => {
            let route = route(target);
            let endpoint = &p.endpoint.value;
            let id = &p.id.value;
            let id_input = &p.id_input.value;
            let input: serde_json::Map<String, Value> = p
                .input
                .iter()
                .map(|(name, value)| (name.value.clone(), value.value.clone()))
                .collect();
            let input = Value::Object(input).to_string();
            let state = &p.state.value;
            let done = p.done.iter().map(|s| &s.value);
            let failed = p.failed.iter().map(|s| &s.value);
            let reason = match &p.reason {
                Some(r) => {
                    let r = &r.value;
                    quote!(Some(#r))
                }
                None => quote!(None),
            };
            quote! {
                impl genmedia_runtime::Subscribe for #marker {
                    const FOLLOW: genmedia_runtime::Follow = genmedia_runtime::Follow::Poll(genmedia_runtime::Poll {
                        endpoint: #endpoint,
                        route: #route,
                        id: #id,
                        id_input: #id_input,
                        input: #input,
                        state: #state,
                        done: &[#(#done),*],
                        failed: &[#(#failed),*],
                        reason: #reason,
                    });
                }
            }
        }
        Follow::None => TokenStream::new(),
    }
}

/// The doctest: the first page example, built with the builder and validated; or, when the
/// example contradicts the schema, read from JSON and shown to be refused.
pub(super) fn doctest(
    ir: &Ir<'_>,
    family: &Family<'_>,
    ep: &EndpointIr<'_>,
    home: Home,
) -> Option<String> {
    let crate::ir::Example {
        page: example,
        json,
        fits,
    } = ir.example(ep)?;
    let use_line = format!("use {}::{}::*;\n", family.names.lib, ep.module);
    let input = ir.ty(ep.input);
    let built = if fits {
        builder_call(ir, ep, home, &json)
    } else {
        None
    };
    // A made-up example is shown only when it builds; refusing one teaches nothing.
    if example.is_none() && built.is_none() {
        return None;
    }
    let common = super::rust::common(ir);
    let errors = quote!(#common::ValidationErrors);
    let free_form = matches!(&input.kind, Kind::Object(fields) if fields.is_empty());
    let (body, ret) = match built {
        // A free-form input (upstream gives no fields) is a map, filled from the example.
        Some(_) if free_form => {
            let name = input_name(ir, ep, home);
            let inserts: Vec<TokenStream> = json
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| {
                    let v = proc_macro2::Literal::string(&v.to_string());
                    quote! { input.0.insert(#k.to_string(), serde_json::from_str(#v).unwrap()); }
                })
                .collect();
            let body = if inserts.is_empty() {
                quote! { let input = #name::default(); assert!(input.0.is_empty()); Ok(()) }
            } else {
                quote! { let mut input = #name::default(); #(#inserts)* assert!(!input.0.is_empty()); Ok(()) }
            };
            (body, errors)
        }
        Some(call) => (
            quote! {
                let input = #call;
                assert!(input.validate().is_ok());
                Ok(())
            },
            errors,
        ),
        None => {
            let name = input_name(ir, ep, home);
            let compact = json.to_string();
            let raw = proc_macro2::Literal::string(&compact);
            (
                quote! { let result = #name::from_json(#raw); assert!(result.is_err()); Ok(()) },
                errors,
            )
        }
    };
    let file: syn::File = syn::parse2(quote! {
        fn main() -> Result<(), #ret> {
            #body
        }
    })
    .ok()?;
    let formatted = prettyplease::unparse(&file);
    let mut out = use_line;
    if example.is_none() && free_form {
        out.push_str("// Upstream gives no fields: any JSON object is sent as it is.\n");
    } else if example.is_none() {
        out.push_str(
            "// No page gives an example: the required fields, with values that fit the schema.\n",
        );
    } else if !fits {
        let why = example
            .and_then(|x| x.note.clone())
            .unwrap_or_else(|| "it does not fit the schema".to_string());
        out.push_str(&format!(
            "// The page's example contradicts the schema, so it is refused: {}\n",
            why.lines().collect::<Vec<_>>().join(" ")
        ));
    }
    let lines: Vec<&str> = formatted.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if i == 0 || i + 1 == lines.len() || line.trim() == "Ok(())" {
            out.push_str(&format!("# {}\n", line.trim_start()));
        } else {
            out.push_str(line.strip_prefix("    ").unwrap_or(line));
            out.push('\n');
        }
    }
    Some(out)
}

/// How an example names the input type: `Input`, the module's alias, unless a type of the
/// schema takes that name (see [`short_names`]).
fn input_name(ir: &Ir<'_>, ep: &EndpointIr<'_>, home: Home) -> syn::Type {
    match ep.input_alias {
        Some(alias) => super::syntax::type_path(&[alias]),
        None => named(ir, home, ep.input),
    }
}

/// `Input::builder(required...).optional(value)...build()?` for an example that fits.
fn builder_call(ir: &Ir<'_>, ep: &EndpointIr<'_>, home: Home, json: &Value) -> Option<TokenStream> {
    let Kind::Object(fields) = &ir.ty(ep.input).kind else {
        return None;
    };
    let map = json.as_object()?;
    let values = Values { ir, from: home };
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for f in fields {
        let inner = f.ty.non_null();
        let value = map.get(f.wire);
        let method = ident(&f.rust);
        match (f.shape, value) {
            (FieldShape::Plain, Some(v)) => args.push(values.expr(v, inner, Place::Setter)?.tokens),
            (FieldShape::RequiredNullable, Some(Value::Null)) => args.push(quote!(None)),
            (FieldShape::RequiredNullable, Some(v)) => {
                let e = values.expr(v, inner, Place::Exact)?;
                args.push(quote!(Some(#e)));
            }
            (FieldShape::Plain | FieldShape::RequiredNullable, None) => return None,
            (FieldShape::Optional, Some(Value::Null)) if !matches!(inner, Ty::Any) => {}
            (FieldShape::ThreeState, Some(Value::Null)) => {
                let null = ident(&naming::null_setter_name(&f.rust));
                setters.push(quote!(.#null()));
            }
            (FieldShape::Optional | FieldShape::ThreeState, Some(v)) => {
                let e = values.expr(v, inner, Place::Setter)?;
                setters.push(quote!(.#method(#e)));
            }
            (_, None) => {}
        }
    }
    let name = input_name(ir, ep, home);
    Some(quote!(#name::builder(#(#args),*) #(#setters)* .build()?))
}
