//! JSON values as Rust expressions of their generated types: the values of defaults (for the
//! accessors of the value in effect) and of the page examples (for the doctests).

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use serde_json::Value;

use super::rust::{float, ident, int, named};
use crate::ir::{FieldIr, FieldShape, Home, Ir, Kind, Ty, TypeId};
use crate::schema::model::EnumLiteral;

/// Where an expression goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A builder argument or setter taking `impl Into<T>`: a string literal and a union's
    /// variant convert by themselves.
    Setter,
    /// Anywhere else: the expression must have type `T` exactly.
    Exact,
}

/// An expression of a value, and whether evaluating it allocates (a `String`, a `Vec`, a map, a
/// `Box`, JSON), which decides between `unwrap_or(value)` and `unwrap_or_else(|| value)`.
pub struct Expr {
    /// The expression.
    pub tokens: TokenStream,
    /// Whether evaluating it allocates.
    pub allocates: bool,
}

impl Expr {
    fn plain(tokens: TokenStream) -> Self {
        Expr {
            tokens,
            allocates: false,
        }
    }

    fn allocating(tokens: TokenStream) -> Self {
        Expr {
            tokens,
            allocates: true,
        }
    }

    /// The same value wrapped by `wrap` (`Some(...)`), allocating if the value does.
    fn wrap(self, wrap: impl FnOnce(TokenStream) -> TokenStream) -> Self {
        Expr {
            tokens: wrap(self.tokens),
            allocates: self.allocates,
        }
    }

    /// The same value wrapped by `wrap`, which allocates itself (`Box::new(...)`).
    fn wrap_allocating(self, wrap: impl FnOnce(TokenStream) -> TokenStream) -> Self {
        Expr::allocating(wrap(self.tokens))
    }
}

impl ToTokens for Expr {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.tokens.to_tokens(tokens);
    }
}

/// Writes `value` as an expression of the Rust type of `ty`, or `None` when it cannot (the
/// value does not fit the type, or the type is free-form).
pub struct Values<'a, 'c> {
    /// The model.
    pub ir: &'a Ir<'c>,
    /// The module the expression is used from.
    pub from: Home,
}

impl Values<'_, '_> {
    /// `value` as an expression of the Rust type of `ty`.
    pub fn expr(&self, value: &Value, ty: &Ty, place: Place) -> Option<Expr> {
        match (ty, value) {
            (Ty::Nullable(_), Value::Null) => Some(Expr::plain(quote!(None))),
            (Ty::Nullable(inner), _) => {
                let e = self.expr(value, inner, Place::Exact)?;
                Some(e.wrap(|e| quote!(Some(#e))))
            }
            (Ty::String | Ty::FileUrl, Value::String(s)) => Some(match place {
                Place::Setter => Expr::plain(quote!(#s)),
                Place::Exact => Expr::allocating(quote!(String::from(#s))),
            }),
            (Ty::Integer, Value::Number(n)) => n.as_i64().map(|i| {
                let lit = int(i);
                Expr::plain(quote!(#lit))
            }),
            (Ty::Float, Value::Number(n)) => n.as_f64().map(|f| {
                let lit = float(f);
                Expr::plain(quote!(#lit))
            }),
            (Ty::Boolean, Value::Bool(b)) => Some(Expr::plain(quote!(#b))),
            (Ty::Any, v) => json_macro(v).map(Expr::allocating),
            (Ty::List(inner), Value::Array(items)) => {
                let items: Option<Vec<_>> = items
                    .iter()
                    .map(|i| self.expr(i, inner, Place::Exact))
                    .collect();
                let items = items?;
                Some(Expr::allocating(quote!(vec![#(#items),*])))
            }
            (Ty::Map(inner), Value::Object(map)) => {
                if map.is_empty() {
                    return Some(Expr::allocating(quote!(std::collections::BTreeMap::new())));
                }
                let entries: Option<Vec<_>> = map
                    .iter()
                    .map(|(k, v)| {
                        let v = self.expr(v, inner, Place::Exact)?;
                        Some(quote!((String::from(#k), #v)))
                    })
                    .collect();
                let entries = entries?;
                Some(Expr::allocating(quote!(
                    std::collections::BTreeMap::from([#(#entries),*])
                )))
            }
            (Ty::Named(id), _) => self.named(*id, value, place),
            _ => None,
        }
    }

    fn named(&self, id: TypeId, value: &Value, place: Place) -> Option<Expr> {
        let info = self.ir.ty(id);
        let path = named(self.ir, self.from, id);
        match &info.kind {
            Kind::Enum(values) => {
                let literal = match value {
                    Value::String(s) => EnumLiteral::Str(s.clone()),
                    Value::Number(n) => EnumLiteral::Int(n.as_i64()?),
                    _ => return None,
                };
                let v = values.iter().find(|v| *v.value == literal)?;
                let variant = ident(&v.rust);
                Some(Expr::plain(quote!(#path::#variant)))
            }
            Kind::Object(fields) => {
                let map = value.as_object()?;
                self.object(&path, fields, map)
            }
            Kind::Union(u) => {
                let (at, variant_value) = match u.tag {
                    Some(tag) => {
                        let map = value.as_object()?;
                        let tag_value = map.get(tag)?.as_str()?;
                        let at = u
                            .variants
                            .iter()
                            .position(|v| v.tag_value == Some(tag_value))?;
                        let mut rest = map.clone();
                        rest.shift_remove(tag);
                        (at, Value::Object(rest))
                    }
                    None => (self.ir.union_variant(info, value)?, value.clone()),
                };
                let v = &u.variants[at];
                let e = self.expr(&variant_value, &v.ty, Place::Exact)?;
                if place == Place::Setter && v.has_from {
                    return Some(e);
                }
                let variant = ident(&v.rust);
                if v.boxed {
                    Some(e.wrap_allocating(|e| quote!(#path::#variant(Box::new(#e)))))
                } else {
                    Some(e.wrap(|e| quote!(#path::#variant(#e))))
                }
            }
        }
    }

    fn object(
        &self,
        path: &syn::Type,
        fields: &[FieldIr<'_>],
        map: &serde_json::Map<String, Value>,
    ) -> Option<Expr> {
        if fields.is_empty() {
            // Free-form: a map of JSON values.
            let json = json_macro(&Value::Object(map.clone()))?;
            return Some(Expr::allocating(quote!(
                #path(#json.as_object().cloned().unwrap_or_default())
            )));
        }
        let mut inits = Vec::new();
        let mut allocates = false;
        let mut skipped = false;
        for f in fields {
            let name = ident(&f.rust);
            match map.get(f.wire) {
                Some(v) => {
                    let e = self.field_value(f, v)?;
                    allocates |= e.allocates;
                    inits.push(quote!(#name: #e));
                }
                None if f.required() => return None,
                None => skipped = true,
            }
        }
        let all_optional = fields.iter().all(|f| !f.required());
        if skipped && all_optional {
            // `Default::default()` of a struct may allocate: counted as if it did.
            return Some(Expr::allocating(
                quote!(#path { #(#inits,)* ..Default::default() }),
            ));
        }
        for f in fields {
            if !map.contains_key(f.wire) {
                let name = ident(&f.rust);
                inits.push(quote!(#name: None));
            }
        }
        Some(Expr {
            tokens: quote!(#path { #(#inits),* }),
            allocates,
        })
    }

    /// A present field's value as an expression of the field's Rust type.
    pub fn field_value(&self, f: &FieldIr<'_>, v: &Value) -> Option<Expr> {
        let inner = f.ty.non_null();
        let exact = |v: &Value| {
            let e = self.expr(v, inner, Place::Exact)?;
            Some(if f.boxed {
                e.wrap_allocating(|e| quote!(Box::new(#e)))
            } else {
                e
            })
        };
        match f.shape {
            FieldShape::Plain => exact(v),
            FieldShape::RequiredNullable | FieldShape::Optional => {
                if v.is_null() {
                    return Some(Expr::plain(if matches!(inner, Ty::Any) {
                        quote!(Some(serde_json::Value::Null))
                    } else {
                        quote!(None)
                    }));
                }
                Some(exact(v)?.wrap(|e| quote!(Some(#e))))
            }
            FieldShape::ThreeState => {
                if v.is_null() {
                    return Some(Expr::plain(quote!(Some(None))));
                }
                Some(exact(v)?.wrap(|e| quote!(Some(Some(#e)))))
            }
        }
    }
}

/// `serde_json::json!(...)` of a value; `None` when its JSON text is not also Rust tokens.
fn json_macro(v: &Value) -> Option<TokenStream> {
    let text = v.to_string();
    // JSON's `\u` escapes are not Rust's; such values are left to the JSON fallback.
    if text.contains("\\u") {
        return None;
    }
    let tokens: TokenStream = text.parse().ok()?;
    Some(quote!(serde_json::json!(#tokens)))
}
