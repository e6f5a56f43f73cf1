//! An object's `Validate` impl: each field's constraints, checked where the value sits.

use quote::quote;

use crate::emit::module::Module;
use crate::emit::rust::ident;
use crate::emit::syntax;
use crate::ir::{FieldIr, FieldShape, Ty, TypeInfo};
use crate::schema::model::Constraints;

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

pub(super) fn validate_impl(m: &mut Module<'_, '_>, info: &TypeInfo<'_>, fields: &[FieldIr<'_>]) {
    let name = ident(info.name());
    m.uses.validate = true;
    let mut body = Vec::new();
    for f in fields {
        let field = ident(&f.rust);
        let at = At::Field(f.wire);
        let inner = f.ty.non_null();
        let shape = f.shape;
        let value = match shape {
            FieldShape::Plain => Value::SelfField(&field),
            _ => Value::Ref("value"),
        };
        let checks = value_checks(m, value, inner, f.constraints, at);
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
    value: Value<'_>,
    ty: &Ty,
    k: &Constraints,
    at: At<'_>,
) -> Vec<syn::Stmt> {
    let mut out = Vec::new();
    // `check::<call>(&at, arg, bound, errors);`: the module imports `check` when it calls it.
    let mut check = |call: &str, arg: syn::Expr, bound: syn::Expr| {
        m.uses.check = true;
        syntax::semi(syntax::call(
            syntax::path_expr(&["check", call]),
            [at.reference(), arg, bound, syntax::local(ident("errors"))],
        ))
    };
    let count = |n: u64| syntax::lit(proc_macro2::Literal::u64_unsuffixed(n));
    match ty {
        Ty::Integer | Ty::Float => {
            for (call, b) in [
                ("minimum", &k.minimum),
                ("exclusive_minimum", &k.exclusive_minimum),
                ("maximum", &k.maximum),
                ("exclusive_maximum", &k.exclusive_maximum),
                ("multiple_of", &k.multiple_of),
            ] {
                if let Some(b) = b {
                    let bound = crate::emit::rust::float(b.value.as_f64().unwrap_or(f64::NAN));
                    out.push(check(call, value.number(), syntax::lit(bound)));
                }
            }
        }
        Ty::String | Ty::FileUrl => {
            if let Some(n) = &k.min_length {
                out.push(check("min_length", value.string(), count(n.value)));
            }
            if let Some(n) = &k.max_length {
                out.push(check("max_length", value.string(), count(n.value)));
            }
            if let Some(p) = &k.pattern {
                let source = &p.value;
                let pattern: syn::Item =
                    syn::parse_quote!(static PATTERN: Pattern = Pattern::new(#source););
                let pattern_ref = syntax::reference(syntax::local(ident("PATTERN")));
                let call = check("pattern", value.string(), pattern_ref);
                m.uses.pattern = true;
                out.push(syntax::tail(syntax::block_expr(vec![
                    syn::Stmt::Item(pattern),
                    call,
                ])));
            }
        }
        Ty::List(item) | Ty::Map(item) => {
            let list = matches!(ty, Ty::List(_));
            if list {
                let len = || syntax::method(value.expr(), "len", []);
                if let Some(n) = &k.min_items {
                    out.push(check("min_items", len(), count(n.value)));
                }
                if let Some(n) = &k.max_items {
                    out.push(check("max_items", len(), count(n.value)));
                }
            }
            let none = Constraints::default();
            let item_k = if list {
                k.items.as_deref().unwrap_or(&none)
            } else {
                &none
            };
            let inner_checks =
                value_checks(m, Value::Ref("item"), item.non_null(), item_k, At::Bound);
            if !inner_checks.is_empty() {
                let checks = if matches!(**item, Ty::Nullable(_)) {
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
        Ty::Named(id) => {
            if m.ir.ty(*id).needs_validation {
                let call = syntax::method(
                    value.expr(),
                    "validate_at",
                    [at.reference(), syntax::local(ident("errors"))],
                );
                out.push(syntax::semi(call));
            }
        }
        Ty::Boolean | Ty::Any | Ty::Nullable(_) => {}
    }
    out
}
