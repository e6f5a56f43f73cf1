//! `<field>_or_default()`: the value the server applies, for every field with a default.

use crate::emit::docs;
use crate::emit::module::Module;
use crate::emit::rust::{ident, rust_type};
use crate::emit::syntax::{self, Receiver};
use crate::emit::values::{Place, Values};
use crate::ir::{FieldShape, TypeInfo};
use crate::naming;
use crate::schema::model::{Field, TypeExpr};

/// `<field>_or_default()` for every field with a default: the value the server applies.
pub(super) fn accessors(
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
