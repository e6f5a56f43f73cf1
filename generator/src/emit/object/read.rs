//! An object's `Deserialize`, written out: `de::Object::read` reads each field by its shape.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::module::Module;
use crate::emit::rust::ident;
use crate::emit::syntax;
use crate::ir::{FieldIr, FieldShape, Ty, TypeInfo};
use crate::naming;

/// The object's `Deserialize`, written out instead of derived (what it saves: see the
/// runtime's `de` module). Each field is read by its shape:
/// - required (`T`, or `Option<T>` when nullable): missing is an error in inputs; in outputs a
///   missing nullable field is `None`, as serde reads it;
/// - optional: absent is `None`; in inputs an explicit `null` is refused when the field is not
///   nullable (the server refuses it), and read as `None` otherwise; a field of type `any`
///   keeps an explicit `null` as `Some(Value::Null)`;
/// - three-state: absent is `None`, `null` is `Some(None)`.
pub(super) fn deserialize_impl(
    m: &mut Module<'_, '_>,
    info: &TypeInfo<'_>,
    fields: &[FieldIr<'_>],
) {
    m.uses.de = true;
    let name = ident(info.name());
    let type_name = info.name();
    let wires: Vec<&str> = fields.iter().map(|f| f.wire).collect();
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let slot = ident(&naming::read_slot_name(&f.rust));
        let wire = f.wire;
        let any = matches!(f.ty.non_null(), Ty::Any);
        let nullable = matches!(f.ty, Ty::Nullable(_));
        let shape = f.shape;
        // The runtime function that reads the value, and whether what it reads is the field's
        // type without its nullability (else an `Option` of it).
        let (read, reads_inner) = match shape {
            FieldShape::Plain => ("value", true),
            FieldShape::RequiredNullable => ("value", false),
            FieldShape::Optional if any => ("present", false),
            FieldShape::Optional if info.in_input && !nullable => ("non_null", true),
            FieldShape::Optional => ("value", false),
            FieldShape::ThreeState => ("present", false),
        };
        let init = match shape {
            FieldShape::Plain => required(&slot, wire),
            FieldShape::RequiredNullable if info.in_input => required(&slot, wire),
            FieldShape::RequiredNullable | FieldShape::Optional | FieldShape::ThreeState => {
                syntax::method(syntax::local(slot.clone()), "unwrap_or_default", [])
            }
        };
        slots.push(syntax::let_mut(slot.clone(), syntax::path_expr(&["None"])));
        let mut args = vec![
            syntax::ref_mut(syntax::local(ident("map"))),
            syntax::ref_mut(syntax::local(slot)),
            syntax::str_lit(wire),
        ];
        // A type with integers is read through the runtime's readers, so that `2.0` reads as
        // the integer 2 (see `genmedia_runtime::de::Read`); the reader reads what the slot holds.
        let reader = reader(f.ty.non_null()).map(|r| {
            if reads_inner {
                r
            } else {
                syntax::call(syntax::path_expr(&["de", "Nullable"]), [r])
            }
        });
        let read = match reader {
            Some(r) => {
                args.push(r);
                format!("{read}_as")
            }
            None => read.to_string(),
        };
        let call = syntax::call(syntax::path_expr(&["de", &read]), args);
        arms.push(syntax::arm(syntax::some_index(i), syntax::try_(call)));
        inits.push((ident(&f.rust), init));
    }
    arms.push(syn::parse_quote!(_ => {
        map.next_value::<de::IgnoredAny>()?;
    }));
    m.push(quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                de::object(deserializer)
            }
        }
    });
    // The parts written once per object are parsed; those written once per field are built.
    let mut read_loop: syn::ExprWhile = syn::parse_quote! {
        while let Some(field) = map.next_key_seed(de::Field(Self::FIELDS))? {}
    };
    let dispatch = syntax::match_(syntax::local(ident("field")), arms);
    read_loop.body.stmts.push(syn::Stmt::Expr(dispatch, None));
    let mut read: syn::ImplItemFn = syn::parse_quote! {
        fn read<A: de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {}
    };
    read.block.stmts = slots;
    read.block.stmts.extend([
        syn::Stmt::Expr(syn::Expr::While(read_loop), None),
        syn::Stmt::Expr(
            syntax::call(syntax::path_expr(&["Ok"]), [syntax::self_struct(inits)]),
            None,
        ),
    ]);
    let mut object: syn::ItemImpl = syn::parse_quote! {
        impl<'de> de::Object<'de> for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];
        }
    };
    object.items.push(syn::ImplItem::Fn(read));
    m.push_built(syn::Item::Impl(object));
}

/// `de::required(slot, "wire")?`: the value read, or the error of a missing field.
fn required(slot: &syn::Ident, wire: &str) -> syn::Expr {
    syntax::try_(syntax::call(
        syntax::path_expr(&["de", "required"]),
        [syntax::local(slot.clone()), syntax::str_lit(wire)],
    ))
}

/// The runtime reader of a value of type `ty` when it holds integers outside named types
/// (`integer`, `list<integer>`, `map<integer?>`, ...): `de::Int` inside `de::List`, `de::Map`
/// and `de::Nullable`. `None` when its `Deserialize` reads it as JSON Schema does.
fn reader(ty: &Ty) -> Option<syn::Expr> {
    let wrap = |wrapper: &str, inner: syn::Expr| {
        syntax::call(syntax::path_expr(&["de", wrapper]), [inner])
    };
    match ty {
        Ty::Integer => Some(syntax::path_expr(&["de", "Int"])),
        Ty::List(t) => reader(t).map(|r| wrap("List", r)),
        Ty::Map(t) => reader(t).map(|r| wrap("Map", r)),
        Ty::Nullable(t) => reader(t).map(|r| wrap("Nullable", r)),
        _ => None,
    }
}

/// [`reader`] as a type (`de::List<de::Int>`), for `de::read::<R, _>` in an attribute.
pub(in crate::emit) fn reader_type(ty: &Ty) -> Option<TokenStream> {
    match ty {
        Ty::Integer => Some(quote!(de::Int)),
        Ty::List(t) => reader_type(t).map(|r| quote!(de::List<#r>)),
        Ty::Map(t) => reader_type(t).map(|r| quote!(de::Map<#r>)),
        Ty::Nullable(t) => reader_type(t).map(|r| quote!(de::Nullable<#r>)),
        _ => None,
    }
}
