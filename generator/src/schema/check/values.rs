//! Whether a value (a field's default, a fixed input of a poll request, an example's field) is
//! a value of a type within its constraints: [`value_fits`], which the checker and the
//! generator share, and the rule for multiples it shares with the generated validation.

use serde_json::Value;

use super::TypeLookup;
use crate::schema::model::*;

/// Whether `value` is a value of `ty` within `k`; the error says why not.
pub fn value_fits(
    value: &Value,
    ty: &TypeExpr,
    k: &Constraints,
    scope_types: &dyn TypeLookup,
) -> Result<(), String> {
    match (ty, value) {
        (TypeExpr::Nullable(_) | TypeExpr::Any, Value::Null) => return Ok(()),
        (TypeExpr::Nullable(inner), _) => return value_fits(value, inner, k, scope_types),
        _ => {}
    }
    match (ty, value) {
        (TypeExpr::Any, _) => Ok(()),
        (TypeExpr::String | TypeExpr::FileUrl, Value::String(s)) => string_fits(s, k),
        (TypeExpr::Integer, Value::Number(n)) if n.is_i64() => number_in_bounds(n, k),
        (TypeExpr::Integer, Value::Number(n)) if n.is_u64() => Err(format!(
            "beyond the range of an integer field, which holds {} to {}",
            i64::MIN,
            i64::MAX
        )),
        (TypeExpr::Float, Value::Number(n)) => number_in_bounds(n, k),
        (TypeExpr::Boolean, Value::Bool(_)) => Ok(()),
        (TypeExpr::List(inner), Value::Array(items)) => list_fits(items, inner, k, scope_types),
        (TypeExpr::Map(inner), Value::Object(map)) => {
            for (key, item) in map {
                value_fits(item, inner, &Constraints::default(), scope_types)
                    .map_err(|e| format!("key `{key}`: {e}"))?;
            }
            Ok(())
        }
        (TypeExpr::Named(name), _) => named_fits(value, name, k, scope_types),
        (ty, _) => Err(format!("not a value of type `{ty}`")),
    }
}

/// Whether the string `s` is within the length and pattern constraints of `k`.
fn string_fits(s: &str, k: &Constraints) -> Result<(), String> {
    let len = s.chars().count() as u64;
    if let Some(min) = &k.min_length {
        if len < min.value {
            return Err(format!(
                "{len} characters, below `min_length` {}",
                min.value
            ));
        }
    }
    if let Some(max) = &k.max_length {
        if len > max.value {
            return Err(format!(
                "{len} characters, above `max_length` {}",
                max.value
            ));
        }
    }
    match &k.pattern {
        // An invalid pattern is reported where it is written.
        Some(p) => match regex_lite::Regex::new(&p.value) {
            Ok(re) if !re.is_match(s) => Err(format!(
                "does not match the `pattern` {}",
                Value::String(p.value.clone())
            )),
            _ => Ok(()),
        },
        None => Ok(()),
    }
}

/// Whether the list `items` has as many elements as `k` allows, each a value of `inner`
/// within the constraints under `items`.
fn list_fits(
    items: &[Value],
    inner: &TypeExpr,
    k: &Constraints,
    scope_types: &dyn TypeLookup,
) -> Result<(), String> {
    let n = items.len() as u64;
    if let Some(min) = &k.min_items {
        if n < min.value {
            return Err(format!("{n} elements, below `min_items` {}", min.value));
        }
    }
    if let Some(max) = &k.max_items {
        if n > max.value {
            return Err(format!("{n} elements, above `max_items` {}", max.value));
        }
    }
    let none = Constraints::default();
    let item_k = k.items.as_deref().unwrap_or(&none);
    for (i, item) in items.iter().enumerate() {
        value_fits(item, inner, item_k, scope_types).map_err(|e| format!("element {i}: {e}"))?;
    }
    Ok(())
}

/// Whether `value` is a value of the named type `name`: one of an enum's values (within the
/// bounds of `k`), an object with every required field and each field fitting, or a value of
/// some variant of a union.
fn named_fits(
    value: &Value,
    name: &str,
    k: &Constraints,
    scope_types: &dyn TypeLookup,
) -> Result<(), String> {
    match scope_types.lookup(name).map(|t| &t.kind) {
        None => Ok(()), // reported as a dangling reference already
        Some(TypeKind::Enum(values)) => {
            if values.iter().any(|v| v.value.value.to_json() == *value) {
                number_in_bounds_if_number(value, k)
            } else {
                let listed: Vec<String> = values
                    .iter()
                    .map(|v| v.value.value.to_json().to_string())
                    .collect();
                Err(format!(
                    "not one of the values of `{name}` ({})",
                    listed.join(", ")
                ))
            }
        }
        Some(TypeKind::Object(fields)) => match value {
            Value::Object(map) => {
                for f in fields {
                    match map.get(&f.name.value) {
                        Some(v) => value_fits(v, &f.ty.value, &f.constraints, scope_types)
                            .map_err(|e| format!("field `{}`: {e}", f.name.value))?,
                        None if f.required => {
                            return Err(format!("the required field `{}` is missing", f.name.value))
                        }
                        None => {}
                    }
                }
                Ok(())
            }
            _ => Err(format!("not an object, as `{name}` requires")),
        },
        Some(TypeKind::Union(u)) => {
            let none = Constraints::default();
            if u.variants
                .iter()
                .any(|v| value_fits(value, &v.ty.value, &none, scope_types).is_ok())
            {
                Ok(())
            } else {
                Err(format!("not a value of any variant of `{name}`"))
            }
        }
    }
}

fn number_in_bounds_if_number(value: &Value, k: &Constraints) -> Result<(), String> {
    match value {
        Value::Number(n) => number_in_bounds(n, k),
        _ => Ok(()),
    }
}

fn number_in_bounds(n: &serde_json::Number, k: &Constraints) -> Result<(), String> {
    let v = n.as_f64().unwrap_or(f64::NAN);
    let b = |x: &Option<Located<serde_json::Number>>| {
        x.as_ref()
            .map(|l| (l.value.as_f64().unwrap_or(f64::NAN), l.value.to_string()))
    };
    if let Some((min, text)) = b(&k.minimum) {
        if v < min {
            return Err(format!("below `minimum` {text}"));
        }
    }
    if let Some((max, text)) = b(&k.maximum) {
        if v > max {
            return Err(format!("above `maximum` {text}"));
        }
    }
    if let Some((min, text)) = b(&k.exclusive_minimum) {
        if v <= min {
            return Err(format!("not above `exclusive_minimum` {text}"));
        }
    }
    if let Some((max, text)) = b(&k.exclusive_maximum) {
        if v >= max {
            return Err(format!("not below `exclusive_maximum` {text}"));
        }
    }
    if let Some((m, text)) = b(&k.multiple_of) {
        if !is_multiple(v, m) {
            return Err(format!("not a multiple of `multiple_of` {text}"));
        }
    }
    Ok(())
}

/// Whether `v` is a whole multiple of `m`, allowing for the rounding of binary floats (0.3 is a
/// multiple of 0.1). The generated validation uses the same rule (`check::multiple_of` of
/// `genmedia-runtime`).
pub fn is_multiple(v: f64, m: f64) -> bool {
    let q = v / m;
    q.is_finite() && (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)
}
