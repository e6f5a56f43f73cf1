//! `<field>_or_default()`: the value the server applies, for every field with a default.

use crate::emit::docs;
use crate::emit::module::Module;
use crate::emit::rust::{ident, rust_type};
use crate::emit::syntax::{self, Receiver};
use crate::emit::values::{Place, Values};
use crate::ir::{FieldIr, FieldShape, Ir, Ty};
use crate::naming;

/// `<field>_or_default()` for every field with a default: the value the server applies.
pub(super) fn accessors(m: &mut Module<'_, '_>, fields: &[FieldIr<'_>]) -> Vec<syn::ImplItemFn> {
    let values = Values {
        ir: m.ir,
        from: m.home,
    };
    let mut out = Vec::new();
    for f in fields {
        let rust = &f.rust;
        let Some(default) = f.default else { continue };
        // A type that contains itself has no default worth an accessor (the docs state it).
        if f.boxed {
            continue;
        }
        let shape = f.shape;
        if default.is_null() || matches!(shape, FieldShape::Plain | FieldShape::RequiredNullable) {
            continue;
        }
        let inner = f.ty.non_null();
        let Some(expr) = values.expr(default, inner, Place::Exact) else {
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
        let text = docs::code(&default.to_string());
        let doc = format!(
            "The `{}` the server applies: the one set, or the default {text}.",
            f.wire
        );
        let copy = is_copy(m.ir, inner);
        let is_str = matches!(inner, Ty::String | Ty::FileUrl);
        let own = || syntax::field(syntax::path_expr(&["self"]), ident(rust));
        let some = |e| syntax::call(syntax::path_expr(&["Some"]), [e]);
        let str_default = || syntax::str_lit(default.as_str().unwrap_or_default());
        let t = || rust_type(m.ir, m.home, inner);
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
                let empty = matches!(default, serde_json::Value::Array(a) if a.is_empty())
                    || matches!(default, serde_json::Value::Object(o) if o.is_empty() && matches!(inner, Ty::Map(_)));
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
            m.docs.attr(&doc).into_iter().collect(),
            ident(&naming::or_default_name(rust)),
            Receiver::Ref,
            Vec::new(),
            Some(ret),
            vec![syntax::tail(body)],
        ));
    }
    out
}

/// Whether the Rust type of `ty` is `Copy` (numbers, booleans and some enums, see
/// [`crate::ir::TypeInfo::is_copy_enum`]).
fn is_copy(ir: &Ir<'_>, ty: &Ty) -> bool {
    match ty {
        Ty::Integer | Ty::Float | Ty::Boolean => true,
        Ty::Named(id) => ir.ty(*id).is_copy_enum(),
        _ => false,
    }
}
