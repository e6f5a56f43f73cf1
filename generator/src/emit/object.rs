//! Objects: the struct, its `Validate` impl, the accessors of defaults and, for endpoint
//! inputs, the builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::module::Module;
use super::rust::{ident, member_type, rust_type};
use super::syntax::{self, Receiver};
use super::values::{Place, Values};
use crate::ir::{FieldShape, TypeInfo};
use crate::naming;
use crate::schema::model::{Constraints, Field, TypeExpr};

/// Emits an object type into `m`.
pub fn emit(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, fields: &[Field]) {
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
    let all_optional = fields.iter().all(|f| !f.required);
    let default_derive = all_optional.then(|| quote!(Default,));
    let mut object: syn::ItemStruct = syn::parse_quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default_derive serde::Serialize)]
        #non_exhaustive
        pub struct #name {}
    };
    let members = fields
        .iter()
        .zip(&info.field_names)
        .enumerate()
        .map(|(i, (f, rust))| member(m, info, i, f, rust))
        .collect();
    object.fields = syntax::named_fields(members);
    m.push_built(syn::Item::Struct(object));
    deserialize_impl(m, info, fields);
    validate_impl(m, info, fields);
    let accessors = accessors(m, info, fields);
    let mut inherent: syn::ItemImpl = if info.is_endpoint_input {
        builder(m, info, fields)
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

fn member(
    m: &mut Module<'_, '_>,
    info: &TypeInfo<'_>,
    at: usize,
    f: &Field,
    rust: &str,
) -> syn::Field {
    let wire = &f.name.value;
    let t = member_type(m.ir, info, m.home, at, f.ty.value.non_null());
    let shape = FieldShape::of(f);
    let mut attrs: Vec<syn::Attribute> = m.docs.attr(&field_doc(f, shape)).into_iter().collect();
    if rust != wire {
        attrs.push(syntax::list_attr("serde", quote!(rename = #wire)));
    }
    // Reading is the hand-written `Deserialize` (see `deserialize_impl`); these attributes
    // are for writing.
    let option = |t| syntax::generic(&["Option"], [t]);
    let skip_none = || syntax::list_attr("serde", quote!(skip_serializing_if = "Option::is_none"));
    let ty = match shape {
        FieldShape::Plain => t,
        FieldShape::RequiredNullable => option(t),
        FieldShape::Optional => {
            attrs.push(skip_none());
            option(t)
        }
        FieldShape::ThreeState => {
            attrs.push(skip_none());
            option(option(t))
        }
    };
    syntax::pub_field(attrs, ident(rust), ty)
}

/// The rustdoc of a field: its description, how absent and null are written, its default and
/// its constraints.
fn field_doc(f: &Field, shape: FieldShape) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &f.description {
        parts.push(docs::sanitize(d));
    }
    let mut facts = Vec::new();
    if f.deprecated {
        facts.push("Deprecated: the API keeps it only for compatibility.".to_string());
    }
    match shape {
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
    if let Some(d) = &f.default {
        facts.push(format!("Default: {}.", docs::code(&d.value.to_string())));
    }
    facts.extend(docs::constraints(&f.constraints));
    if !facts.is_empty() {
        parts.push(facts.join("\n"));
    }
    if parts.is_empty() {
        parts.push(format!("The `{}` field.", f.name.value));
    }
    parts.join("\n\n")
}

/// Where the value being checked sits.
#[derive(Clone, Copy)]
enum At<'a> {
    /// The local `at` already holds its path.
    Bound,
    /// The field of this wire name of the object at `at` (`at.field("prompt")`).
    Field(&'a str),
}

impl At<'_> {
    /// The path, of type `Path`.
    fn path(self) -> syn::Expr {
        let at = syntax::local(ident("at"));
        match self {
            At::Bound => at,
            At::Field(wire) => syntax::method(at, "field", [syntax::str_lit(wire)]),
        }
    }

    /// `&` the path, as the checks take it.
    fn reference(self) -> syn::Expr {
        syntax::reference(self.path())
    }
}

/// A value being checked: a field of `self` (a place), or a local that holds a reference.
#[derive(Clone, Copy)]
enum Value<'a> {
    /// `self.<field>`.
    SelfField(&'a syn::Ident),
    /// A local bound to a reference (`value`, `item`).
    Ref(&'static str),
}

impl Value<'_> {
    fn expr(self) -> syn::Expr {
        match self {
            Value::SelfField(field) => syntax::field(syntax::path_expr(&["self"]), field.clone()),
            Value::Ref(name) => syntax::local(ident(name)),
        }
    }

    /// The value where a number is taken (`*value`).
    fn number(self) -> syn::Expr {
        match self {
            Value::SelfField(_) => self.expr(),
            Value::Ref(_) => syntax::deref(self.expr()),
        }
    }

    /// The value where a `&str` is taken (`&self.prompt`).
    fn string(self) -> syn::Expr {
        match self {
            Value::SelfField(_) => syntax::reference(self.expr()),
            Value::Ref(_) => self.expr(),
        }
    }
}

/// The object's `Deserialize`, written out instead of derived (what it saves: see the
/// runtime's `de` module). Each field is read by its shape:
/// - required (`T`, or `Option<T>` when nullable): missing is an error in inputs; in outputs a
///   missing nullable field is `None`, as serde reads it;
/// - optional: absent is `None`; in inputs an explicit `null` is refused when the field is not
///   nullable (the server refuses it), and read as `None` otherwise; a field of type `any`
///   keeps an explicit `null` as `Some(Value::Null)`;
/// - three-state: absent is `None`, `null` is `Some(None)`.
fn deserialize_impl(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, fields: &[Field]) {
    m.uses.de = true;
    let name = ident(info.name());
    let type_name = info.name();
    let wires: Vec<&str> = fields.iter().map(|f| f.name.value.as_str()).collect();
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    for (i, (f, rust)) in fields.iter().zip(&info.field_names).enumerate() {
        let slot = ident(&naming::read_slot_name(rust));
        let wire = f.name.value.as_str();
        let any = matches!(f.ty.value.non_null(), TypeExpr::Any);
        let nullable = matches!(f.ty.value, TypeExpr::Nullable(_));
        let shape = FieldShape::of(f);
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
        let reader = reader(f.ty.value.non_null()).map(|r| {
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
        arms.push(syntax::arm(syntax::some_pat(i), syntax::try_(call)));
        inits.push((ident(rust), init));
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
fn reader(ty: &TypeExpr) -> Option<syn::Expr> {
    let wrap = |wrapper: &str, inner: syn::Expr| {
        syntax::call(syntax::path_expr(&["de", wrapper]), [inner])
    };
    match ty {
        TypeExpr::Integer => Some(syntax::path_expr(&["de", "Int"])),
        TypeExpr::List(t) => reader(t).map(|r| wrap("List", r)),
        TypeExpr::Map(t) => reader(t).map(|r| wrap("Map", r)),
        TypeExpr::Nullable(t) => reader(t).map(|r| wrap("Nullable", r)),
        _ => None,
    }
}

/// [`reader`] as a type (`de::List<de::Int>`), for `de::read::<R, _>` in an attribute.
pub(super) fn reader_type(ty: &TypeExpr) -> Option<TokenStream> {
    match ty {
        TypeExpr::Integer => Some(quote!(de::Int)),
        TypeExpr::List(t) => reader_type(t).map(|r| quote!(de::List<#r>)),
        TypeExpr::Map(t) => reader_type(t).map(|r| quote!(de::Map<#r>)),
        TypeExpr::Nullable(t) => reader_type(t).map(|r| quote!(de::Nullable<#r>)),
        _ => None,
    }
}

fn validate_impl(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, fields: &[Field]) {
    let name = ident(info.name());
    m.uses.validate = true;
    let mut body = Vec::new();
    for (f, rust) in fields.iter().zip(&info.field_names) {
        let field = ident(rust);
        let at = At::Field(&f.name.value);
        let inner = f.ty.value.non_null();
        let shape = FieldShape::of(f);
        let value = match shape {
            FieldShape::Plain => Value::SelfField(&field),
            _ => Value::Ref("value"),
        };
        let checks = value_checks(m, info, value, inner, &f.constraints, at);
        if checks.is_empty() {
            continue;
        }
        // `if let Some(value) = &self.<field> { checks }` (`Some(Some(value))` for three states).
        let bound = match shape {
            FieldShape::Plain => {
                body.extend(checks);
                continue;
            }
            FieldShape::RequiredNullable | FieldShape::Optional => {
                syntax::pat_some(syntax::pat_ident("value"))
            }
            FieldShape::ThreeState => {
                syntax::pat_some(syntax::pat_some(syntax::pat_ident("value")))
            }
        };
        let place = syntax::reference(Value::SelfField(&field).expr());
        body.push(syntax::tail(syntax::if_let(bound, place, checks)));
    }
    let (at, errors) = if body.is_empty() {
        (quote!(_at), quote!(_errors))
    } else {
        (quote!(at), quote!(errors))
    };
    let mut validate_at: syn::ImplItemFn = syn::parse_quote! {
        fn validate_at(&self, #at: &Path<'_>, #errors: &mut ValidationErrors) {}
    };
    validate_at.block.stmts = body;
    let mut validate: syn::ItemImpl = syn::parse_quote!(impl Validate for #name {});
    validate.items.push(syn::ImplItem::Fn(validate_at));
    m.push_built(syn::Item::Impl(validate));
}

/// The statements that check `value` (of type `ty`, nullability removed) against `k` and, for
/// named types that need it, recursively.
fn value_checks(
    m: &mut Module<'_, '_>,
    info: &TypeInfo<'_>,
    value: Value<'_>,
    ty: &TypeExpr,
    k: &Constraints,
    at: At<'_>,
) -> Vec<syn::Stmt> {
    let mut out = Vec::new();
    // `check::<call>(&at, arg, bound, errors);`
    let check = |call: &str, arg: syn::Expr, bound: syn::Expr| {
        syntax::call(
            syntax::path_expr(&["check", call]),
            [at.reference(), arg, bound, syntax::local(ident("errors"))],
        )
    };
    let count = |n: u64| syntax::lit(proc_macro2::Literal::u64_unsuffixed(n));
    match ty {
        TypeExpr::Integer | TypeExpr::Float => {
            for (call, b) in [
                ("minimum", &k.minimum),
                ("exclusive_minimum", &k.exclusive_minimum),
                ("maximum", &k.maximum),
                ("exclusive_maximum", &k.exclusive_maximum),
                ("multiple_of", &k.multiple_of),
            ] {
                if let Some(b) = b {
                    let bound = super::rust::float(b.value.as_f64().unwrap_or(f64::NAN));
                    out.push(syntax::semi(check(
                        call,
                        value.number(),
                        syntax::lit(bound),
                    )));
                }
            }
            m.uses.check |= !out.is_empty();
        }
        TypeExpr::String | TypeExpr::FileUrl => {
            if let Some(n) = &k.min_length {
                out.push(syntax::semi(check(
                    "min_length",
                    value.string(),
                    count(n.value),
                )));
            }
            if let Some(n) = &k.max_length {
                out.push(syntax::semi(check(
                    "max_length",
                    value.string(),
                    count(n.value),
                )));
            }
            if let Some(p) = &k.pattern {
                m.uses.pattern = true;
                let source = &p.value;
                let pattern: syn::Item =
                    syn::parse_quote!(static PATTERN: Pattern = Pattern::new(#source););
                let pattern_ref = syntax::reference(syntax::local(ident("PATTERN")));
                let call = syntax::call(
                    syntax::path_expr(&["check", "pattern"]),
                    [
                        at.reference(),
                        value.string(),
                        pattern_ref,
                        syntax::local(ident("errors")),
                    ],
                );
                out.push(syntax::tail(syntax::block_expr(vec![
                    syn::Stmt::Item(pattern),
                    syntax::semi(call),
                ])));
            }
            m.uses.check |= !out.is_empty();
        }
        TypeExpr::List(item) | TypeExpr::Map(item) => {
            let list = matches!(ty, TypeExpr::List(_));
            if list {
                let len = || syntax::method(value.expr(), "len", []);
                if let Some(n) = &k.min_items {
                    out.push(syntax::semi(check("min_items", len(), count(n.value))));
                }
                if let Some(n) = &k.max_items {
                    out.push(syntax::semi(check("max_items", len(), count(n.value))));
                }
                m.uses.check |= !out.is_empty();
            }
            let none = Constraints::default();
            let item_k = if list {
                k.items.as_deref().unwrap_or(&none)
            } else {
                &none
            };
            let inner_checks = value_checks(
                m,
                info,
                Value::Ref("item"),
                item.non_null(),
                item_k,
                At::Bound,
            );
            if !inner_checks.is_empty() {
                let checks = if matches!(**item, TypeExpr::Nullable(_)) {
                    let some = syntax::pat_some(syntax::pat_ident("item"));
                    let item = syntax::local(ident("item"));
                    vec![syntax::tail(syntax::if_let(some, item, inner_checks))]
                } else {
                    inner_checks
                };
                // `{ let at = at.field("f"); for (i, item) in v.iter().enumerate() { let at =
                // at.index(i); checks } }`, or `for (key, item) in v` and `at.key(key)`.
                let (index, items) = if list {
                    let items = syntax::method(value.expr(), "iter", []);
                    ("i", syntax::method(items, "enumerate", []))
                } else {
                    ("key", value.expr())
                };
                let step = if list { "index" } else { "key" };
                let mut body = vec![syntax::let_(
                    "at",
                    syntax::method(
                        syntax::local(ident("at")),
                        step,
                        [syntax::local(ident(index))],
                    ),
                )];
                body.extend(checks);
                let pat = syntax::pat_tuple([syntax::pat_ident(index), syntax::pat_ident("item")]);
                let mut block = Vec::new();
                if let At::Field(_) = at {
                    block.push(syntax::let_("at", at.path()));
                }
                block.push(syntax::tail(syntax::for_loop(pat, items, body)));
                out.push(syntax::tail(syntax::block_expr(block)));
            }
        }
        TypeExpr::Named(name) => {
            let needs =
                m.ir.lookup(info.scope, name)
                    .is_some_and(|id| m.ir.ty(id).needs_validation);
            if needs {
                let call = syntax::method(
                    value.expr(),
                    "validate_at",
                    [at.reference(), syntax::local(ident("errors"))],
                );
                out.push(syntax::semi(call));
            }
        }
        TypeExpr::Boolean | TypeExpr::Any | TypeExpr::Nullable(_) => {}
    }
    out
}

/// `<field>_or_default()` for every field with a default: the value the server applies.
fn accessors(
    m: &mut Module<'_, '_>,
    info: &TypeInfo<'_>,
    fields: &[Field],
) -> Vec<syn::ImplItemFn> {
    let values = Values {
        ir: m.ir,
        scope: info.scope,
        from: m.home,
    };
    let mut out = Vec::new();
    for (i, (f, rust)) in fields.iter().zip(&info.field_names).enumerate() {
        let Some(default) = &f.default else { continue };
        // A type that contains itself has no default worth an accessor (the docs state it).
        if info.is_boxed(i) {
            continue;
        }
        let shape = FieldShape::of(f);
        if default.value.is_null()
            || matches!(shape, FieldShape::Plain | FieldShape::RequiredNullable)
        {
            continue;
        }
        let inner = f.ty.value.non_null();
        let Some(expr) = values.expr(&default.value, inner, Place::Exact) else {
            continue;
        };
        let allocates = expr.allocates;
        // The default's expression is small: parsed back from its tokens.
        let value = match syn::parse2::<syn::Expr>(expr.tokens) {
            Ok(value) => value,
            Err(e) => {
                m.fail(format!(
                    "the generator built an invalid default for `{rust}`: {e}"
                ));
                continue;
            }
        };
        let text = docs::code(&default.value.to_string());
        let doc = format!(
            "The `{}` the server applies: the one set, or the default {text}.",
            f.name.value
        );
        let copy = is_copy(m, info, inner);
        let is_str = matches!(inner, TypeExpr::String | TypeExpr::FileUrl);
        let own = || syntax::field(syntax::path_expr(&["self"]), ident(rust));
        let some = |e| syntax::call(syntax::path_expr(&["Some"]), [e]);
        let str_default = || syntax::str_lit(default.value.as_str().unwrap_or_default());
        let t = || rust_type(m.ir, info.scope, m.home, inner);
        let str_type = || syntax::ref_type(syntax::type_path(&["str"]));
        // `match &self.<field> { Some(value) => <set>, None => Some(<default>) }`
        let three_state = |set: &str, default| {
            let value = syntax::local(ident("value"));
            let mut none = syntax::arm(syntax::pat_ident("None"), some(default));
            none.comma = None;
            syntax::match_(
                syntax::reference(own()),
                vec![
                    syntax::arm(
                        syntax::pat_some(syntax::pat_ident("value")),
                        syntax::method(value, set, []),
                    ),
                    none,
                ],
            )
        };
        let option = |t| syntax::generic(&["Option"], [t]);
        let (ret, body) = match (shape, is_str, copy) {
            (FieldShape::ThreeState, true, _) => {
                (option(str_type()), three_state("as_deref", str_default()))
            }
            (FieldShape::ThreeState, false, true) => (
                option(t()),
                syntax::method(own(), "unwrap_or", [some(value)]),
            ),
            (FieldShape::ThreeState, false, false) => (option(t()), three_state("clone", value)),
            (_, true, _) => (
                str_type(),
                syntax::method(
                    syntax::method(own(), "as_deref", []),
                    "unwrap_or",
                    [str_default()],
                ),
            ),
            (_, false, true) => (t(), syntax::method(own(), "unwrap_or", [value])),
            (_, false, false) => {
                let empty = matches!(&default.value, serde_json::Value::Array(a) if a.is_empty())
                    || matches!(&default.value, serde_json::Value::Object(o) if o.is_empty() && matches!(inner, TypeExpr::Map(_)));
                let cloned = syntax::method(own(), "clone", []);
                let body = if empty {
                    syntax::method(cloned, "unwrap_or_default", [])
                } else if allocates {
                    syntax::method(cloned, "unwrap_or_else", [syntax::closure(value)])
                } else {
                    syntax::method(cloned, "unwrap_or", [value])
                };
                (t(), body)
            }
        };
        out.push(syntax::pub_fn(
            docs::attr(&doc).into_iter().collect(),
            ident(&naming::or_default_name(rust)),
            Receiver::Ref,
            Vec::new(),
            Some(ret),
            vec![syntax::tail(body)],
        ));
    }
    out
}

/// Whether the Rust type of `ty` is `Copy` (numbers, booleans, integer enums, string enums
/// without a catch-all: a string enum's catch-all holds a `String`, an integer enum's an `i64`).
fn is_copy(m: &Module<'_, '_>, info: &TypeInfo<'_>, ty: &TypeExpr) -> bool {
    match ty {
        TypeExpr::Integer | TypeExpr::Float | TypeExpr::Boolean => true,
        TypeExpr::Named(n) => m.ir.lookup(info.scope, n).is_some_and(|id| {
            let t = m.ir.ty(id);
            match &t.def.kind {
                crate::schema::model::TypeKind::Enum(values) => {
                    !t.has_catch_all()
                        || values.iter().all(|v| {
                            matches!(v.value.value, crate::schema::model::EnumLiteral::Int(_))
                        })
                }
                _ => false,
            }
        }),
        _ => false,
    }
}

/// The builder of an endpoint input: `Input::builder(required...)`, a setter per optional
/// field, `build()` that validates. Also `validate()` and `from_json()` as inherent methods,
/// so that neither needs a trait import.
fn builder(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, fields: &[Field]) -> syn::ItemImpl {
    m.uses.validate = true;
    m.uses.errors = true;
    let name = ident(info.name());
    let builder = ident(&naming::builder_name(info.name()));
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut required_names = Vec::new();
    for (i, (f, rust)) in fields.iter().zip(&info.field_names).enumerate() {
        let field = ident(rust);
        let inner = f.ty.value.non_null();
        let t = member_type(m.ir, info, m.home, i, inner);
        let shape = FieldShape::of(f);
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
                    m.docs.attr(&field_doc(f, shape)).into_iter().collect(),
                    field.clone(),
                    Receiver::MutValue,
                    vec![(ident("value"), syntax::impl_into(t))],
                    Some(syntax::type_path(&["Self"])),
                    vec![set(value), this()],
                ));
                if shape == FieldShape::ThreeState {
                    let null_doc = format!("Sends `{}` as `null`.", f.name.value);
                    setters.push(syntax::pub_fn(
                        docs::attr(&null_doc).into_iter().collect(),
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
    let mut start_attrs: Vec<syn::Attribute> = docs::attr(&start_doc).into_iter().collect();
    if args.len() > 7 {
        start_attrs.push(syntax::list_attr(
            "allow",
            quote!(
                clippy::too_many_arguments,
                reason = "the arguments are the schema's required fields"
            ),
        ));
    }
    let builder_doc = format!(
        " Builds a [`{}`]; made by [`{}::builder`].",
        info.name(),
        info.name()
    );
    m.push(quote! {
        #[doc = #builder_doc]
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
