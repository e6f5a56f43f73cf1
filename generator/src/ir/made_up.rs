//! A made-up input for the doctest of an endpoint whose page gives no example: its required
//! fields only (recursively), each with its default when it has one, otherwise with a plain
//! value chosen to satisfy the field's constraints. The doctest validates it, and a value that
//! does not fit after all (a pattern this cannot guess) is never shown.

use serde_json::{json, Number, Value};

use crate::schema::check::TypeLookup;
use crate::schema::model::{Constraints, TypeExpr, TypeKind};

/// Deeper than this, an example would not help a reader; none is made.
const MAX_DEPTH: usize = 8;

/// The made-up value of a type (an endpoint's input).
pub fn value_of(ty: &TypeExpr, types: &dyn TypeLookup) -> Option<Value> {
    value(ty, "", &Constraints::default(), types, 0)
}

fn value(
    ty: &TypeExpr,
    field: &str,
    k: &Constraints,
    types: &dyn TypeLookup,
    depth: usize,
) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    match ty {
        TypeExpr::Nullable(inner) => value(inner, field, k, types, depth),
        TypeExpr::String => text(field, k).map(Value::String),
        TypeExpr::FileUrl => Some(Value::String(url(field).to_string())),
        TypeExpr::Integer => integer(k).map(Value::from),
        TypeExpr::Float => float(k).and_then(Number::from_f64).map(Value::Number),
        TypeExpr::Boolean => Some(Value::Bool(true)),
        TypeExpr::Any => Some(json!({})),
        TypeExpr::Map(_) => Some(json!({})),
        TypeExpr::List(inner) => {
            let n = k.min_items.as_ref().map_or(1, |n| n.value.max(1));
            if k.max_items.as_ref().is_some_and(|m| m.value < n) || n > 4 {
                return None;
            }
            let items = k.items.as_deref().cloned().unwrap_or_default();
            let one = value(inner, field, &items, types, depth + 1)?;
            Some(Value::Array(vec![one; n as usize]))
        }
        TypeExpr::Named(name) => {
            let t = types.lookup(name)?;
            match &t.kind {
                TypeKind::Enum(values) => values.first().map(|v| v.value.value.to_json()),
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .find_map(|v| value(&v.ty.value, field, k, types, depth + 1)),
                // A free-form object (upstream gives no fields): a prompt, as most take one.
                TypeKind::Object(fields) if fields.is_empty() && depth == 0 => {
                    Some(json!({ "prompt": "A red fox in the snow at dawn" }))
                }
                TypeKind::Object(fields) => {
                    let mut map = serde_json::Map::new();
                    for f in fields.iter().filter(|f| f.required) {
                        let v = match &f.default {
                            Some(d) => d.value.clone(),
                            None => {
                                value(&f.ty.value, &f.name.value, &f.constraints, types, depth + 1)?
                            }
                        };
                        map.insert(f.name.value.clone(), v);
                    }
                    Some(Value::Object(map))
                }
            }
        }
    }
}

/// A sentence for a prompt, a word otherwise, cut or repeated to fit the length bounds.
fn text(field: &str, k: &Constraints) -> Option<String> {
    if k.pattern.is_some() {
        return None;
    }
    let base = if field.contains("prompt") || field.contains("text") {
        "A red fox in the snow at dawn"
    } else {
        "example"
    };
    let min = k.min_length.as_ref().map_or(0, |n| n.value) as usize;
    let max = k
        .max_length
        .as_ref()
        .map_or(usize::MAX, |n| n.value as usize);
    let mut s = base.to_string();
    while s.chars().count() < min {
        s.push(' ');
        s.push_str(base);
    }
    let s: String = s.chars().take(max).collect();
    (s.chars().count() >= min).then_some(s)
}

/// A URL whose file kind suits the field's name.
fn url(field: &str) -> &'static str {
    if field.contains("video") {
        "https://example.com/input.mp4"
    } else if field.contains("audio") || field.contains("speech") || field.contains("voice") {
        "https://example.com/input.mp3"
    } else if field.contains("mask") {
        "https://example.com/mask.png"
    } else {
        "https://example.com/input.png"
    }
}

/// 1, or the nearest whole number the bounds allow.
fn integer(k: &Constraints) -> Option<i64> {
    let lo = bound(&k.minimum, 0.0).max(bound(&k.exclusive_minimum, 1.0));
    let hi = bound_max(&k.maximum, 0.0).min(bound_max(&k.exclusive_maximum, 1.0));
    let lo = lo.ceil();
    let hi = hi.floor();
    let v = 1f64.max(lo).min(hi);
    let v = multiple_near(k, v, lo, |v| v.fract() == 0.0 && v >= lo && v <= hi)?;
    (v >= lo && v <= hi && v.abs() < 9e15).then_some(v as i64)
}

/// `v` when it is a multiple of the bounds' `multiple_of` (or there is none), else the first of
/// the next multiples from `lo` (or from `v`, when there is no lower bound) that `fits`.
fn multiple_near(k: &Constraints, v: f64, lo: f64, fits: impl Fn(f64) -> bool) -> Option<f64> {
    let Some(m) = k.multiple_of.as_ref().and_then(|m| m.value.as_f64()) else {
        return Some(v);
    };
    if crate::schema::check::is_multiple(v, m) {
        return Some(v);
    }
    let from = if lo.is_finite() { lo } else { v };
    let first = (from / m).ceil();
    (0..1000)
        .map(|i| (first + f64::from(i)) * m)
        .find(|&c| fits(c))
}

/// 1.0, or the middle of the bounds when 1.0 is outside them.
fn float(k: &Constraints) -> Option<f64> {
    let min = k.minimum.as_ref().and_then(|n| n.value.as_f64());
    let max = k.maximum.as_ref().and_then(|n| n.value.as_f64());
    let xmin = k.exclusive_minimum.as_ref().and_then(|n| n.value.as_f64());
    let xmax = k.exclusive_maximum.as_ref().and_then(|n| n.value.as_f64());
    let fits = |v: f64| {
        min.is_none_or(|m| v >= m)
            && max.is_none_or(|m| v <= m)
            && xmin.is_none_or(|m| v > m)
            && xmax.is_none_or(|m| v < m)
    };
    let is_multiple = |v: f64| {
        k.multiple_of
            .as_ref()
            .and_then(|m| m.value.as_f64())
            .is_none_or(|m| crate::schema::check::is_multiple(v, m))
    };
    if fits(1.0) && is_multiple(1.0) {
        return Some(1.0);
    }
    let lo = min.or(xmin);
    let hi = max.or(xmax);
    let v = match (lo, hi) {
        (Some(lo), Some(hi)) => (lo + hi) / 2.0,
        (Some(lo), None) => lo + 1.0,
        (None, Some(hi)) => hi - 1.0,
        (None, None) => 1.0,
    };
    let v = multiple_near(k, v, lo.unwrap_or(f64::NEG_INFINITY), fits)?;
    fits(v).then_some(v)
}

/// A lower bound as a float (`-inf` when absent), moved up by `step` when exclusive.
fn bound(n: &Option<crate::schema::model::Located<Number>>, step: f64) -> f64 {
    n.as_ref()
        .and_then(|n| n.value.as_f64())
        .map_or(f64::NEG_INFINITY, |v| v + step)
}

/// An upper bound as a float (`inf` when absent), moved down by `step` when exclusive.
fn bound_max(n: &Option<crate::schema::model::Located<Number>>, step: f64) -> f64 {
    n.as_ref()
        .and_then(|n| n.value.as_f64())
        .map_or(f64::INFINITY, |v| v - step)
}
