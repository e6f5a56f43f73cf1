//! Constraints against the types they are written on: which constraints apply to which values
//! (one rule, which the checker and the importer share), and whether the constraints written
//! can be met (a valid pattern, a positive `multiple_of`, bounds in order, integer bounds that
//! an `i64` holds).

use std::path::Path;

use serde_json::Value;

use super::{Checker, Scope, TypeLookup};
use crate::diagnostics::Span;
use crate::schema::constraint::{Bound, Kind, PAIRS};
use crate::schema::model::*;

/// Checks the constraints `k` of a value of type `ty`; `type_span` is where the field's type
/// is written, the location of problems that have no key of their own to point at.
pub(super) fn check_constraints(
    c: &mut Checker,
    file: &Path,
    k: &Constraints,
    ty: &TypeExpr,
    type_span: Span,
    scope: &Scope,
    what: &str,
) {
    for u in unfit_constraints(k, ty, scope) {
        // `items` has no position of its own: point at the type it does not suit.
        let (span, fix) = match u.span {
            Some(span) => (span, ": remove it or fix the type"),
            None => (type_span, ""),
        };
        c.error(
            file,
            span,
            format!("`{}` does not apply to {what}, whose type is `{ty}`", u.key),
            format!("`{}` applies to {} only{fix}", u.key, u.needs.describe()),
        );
    }
    if let Some(pattern) = &k.pattern {
        check_pattern(c, file, pattern, what);
    }
    if let Some(m) = &k.multiple_of {
        check_multiple_of(c, file, m, what);
    }
    let empty_reported = check_pairs(c, file, k, what);
    if matches!(ty.non_null(), TypeExpr::Integer) {
        // An empty range as real numbers is reported above already.
        check_integer_bounds(c, file, k, what, empty_reported);
    }
    if let (Some(items), Some(element)) = (&k.items, element_type(ty)) {
        check_constraints(
            c,
            file,
            items,
            element,
            type_span,
            scope,
            &format!("the elements of {what}"),
        );
    }
}

/// The `pattern` is a regular expression the generated validation can compile.
fn check_pattern(c: &mut Checker, file: &Path, pattern: &Located<String>, what: &str) {
    // The generated validation compiles the pattern with regex-lite at run time: refuse
    // here what it could not compile, rather than emit a check that rejects every value.
    if let Err(err) = regex_lite::Regex::new(&pattern.value) {
        let reason = err.to_string();
        c.error(
            file,
            pattern.span,
            format!(
                "the pattern `{}` of {what} is not a valid regular expression: {}",
                pattern.value,
                reason.lines().next().unwrap_or_default()
            ),
            "patterns use the regex-lite syntax (a subset of ECMA-262 that the generated validation runs); escape special characters with `\\`".to_string(),
        );
    }
}

/// The `multiple_of` is a positive number.
fn check_multiple_of(c: &mut Checker, file: &Path, m: &Located<serde_json::Number>, what: &str) {
    // A multiple of zero or less has no meaning (JSON Schema requires a positive number).
    if m.value.as_f64().is_none_or(|v| v <= 0.0 || !v.is_finite()) {
        c.error(
            file,
            m.span,
            format!(
                "`multiple_of` of {what} is {}, but must be above 0",
                m.value
            ),
            "write a positive number such as 2 or 0.5".to_string(),
        );
    }
}

/// Each pair of a lower and an upper bound of the constraint table ([`PAIRS`]) leaves some
/// value; returns whether it reported a pair that leaves none.
fn check_pairs(c: &mut Checker, file: &Path, k: &Constraints, what: &str) -> bool {
    let at = |kind: Kind| k.get(kind).and_then(|b| b.as_f64().map(|v| (v, b.span())));
    let pairs = PAIRS
        .iter()
        .map(|&(lo, hi, strict)| (lo.key(), at(lo), hi.key(), at(hi), strict));
    let before_pairs = c.diags.len();
    for (lo_key, lo, hi_key, hi, strict) in pairs {
        if let (Some((lo, span)), Some((hi, _))) = (lo, hi) {
            if lo > hi || (strict && lo >= hi) {
                c.error(
                    file,
                    span,
                    format!("{what} has `{lo_key}` {lo} above `{hi_key}` {hi}, so no value can satisfy both"),
                    format!("lower `{lo_key}` or raise `{hi_key}`"),
                );
            }
        }
    }
    c.diags.len() > before_pairs
}

/// The bounds of an integer field: each within the field's Rust type (`i64`), and together
/// leaving at least one integer (`exclusive_minimum: 1, exclusive_maximum: 2` leaves none,
/// although as real numbers the range is not empty).
fn check_integer_bounds(
    c: &mut Checker,
    file: &Path,
    k: &Constraints,
    what: &str,
    empty_reported: bool,
) {
    let bounds = [
        ("minimum", &k.minimum),
        ("exclusive_minimum", &k.exclusive_minimum),
        ("maximum", &k.maximum),
        ("exclusive_maximum", &k.exclusive_maximum),
    ];
    let mut lowest = f64::NEG_INFINITY;
    let mut highest = f64::INFINITY;
    let mut span = None;
    for (key, bound) in bounds {
        let Some(bound) = bound else { continue };
        let v = bound.value.as_f64().unwrap_or(f64::NAN);
        if !integer_bound_fits(&bound.value) {
            c.error(
                file,
                bound.span,
                format!(
                    "`{key}` {} of {what} is beyond the range of an integer field, which holds {} to {}",
                    bound.value,
                    i64::MIN,
                    i64::MAX
                ),
                format!("remove `{key}` (no integer field can exceed it) or make the field a float"),
            );
            return;
        }
        span.get_or_insert(bound.span);
        match key {
            "minimum" => lowest = lowest.max(v.ceil()),
            "exclusive_minimum" => lowest = lowest.max(v.floor() + 1.0),
            "maximum" => highest = highest.min(v.floor()),
            _ => highest = highest.min(v.ceil() - 1.0),
        }
    }
    if let Some(span) = span {
        if lowest > highest && !empty_reported {
            c.error(
                file,
                span,
                format!("the bounds of {what} leave no integer: the lowest allowed would be {lowest}, the highest {highest}"),
                "widen the bounds, or make the field a float".to_string(),
            );
        }
    }
}

/// Whether `n` can bound an integer field, whose Rust type is `i64`: the one rule by which the
/// checker refuses a bound and the importer leaves one out.
pub fn integer_bound_fits(n: &serde_json::Number) -> bool {
    // i64::MAX as f64 rounds up to 2^63, which is itself out of range.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    n.as_f64().is_some_and(|v| (-LIMIT..LIMIT).contains(&v))
}

/// The kinds of value a constraint bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bounds {
    /// `minimum`, `maximum` and the exclusive bounds: integers, floats and integer enums.
    Numbers,
    /// `min_length`, `max_length` and `pattern`: strings and file URLs.
    Strings,
    /// `min_items`, `max_items` and `items`: lists.
    Lists,
}

impl Bounds {
    /// What a value of type `ty` is bounded as, nullability unwrapped (`integer?` takes the
    /// bounds of a number); `None` for the types no constraint applies to: booleans, `any`,
    /// maps, objects, unions and string enums.
    pub fn of(ty: &TypeExpr, types: &dyn TypeLookup) -> Option<Bounds> {
        match ty.non_null() {
            TypeExpr::Integer | TypeExpr::Float => Some(Bounds::Numbers),
            TypeExpr::String | TypeExpr::FileUrl => Some(Bounds::Strings),
            TypeExpr::List(_) => Some(Bounds::Lists),
            TypeExpr::Named(n) => match types.lookup(n).map(|t| &t.kind) {
                Some(TypeKind::Enum(values))
                    if values
                        .iter()
                        .all(|v| matches!(v.value.value, EnumLiteral::Int(_))) =>
                {
                    Some(Bounds::Numbers)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The values, as messages name them.
    pub fn describe(self) -> &'static str {
        match self {
            Bounds::Numbers => "integer and float values",
            Bounds::Strings => "strings",
            Bounds::Lists => "lists",
        }
    }
}

/// A constraint written on a value whose type it does not apply to.
#[derive(Clone, Debug, PartialEq)]
pub struct Unfit {
    /// Its key, as schema files write it (`min_length`, `items`).
    pub key: &'static str,
    /// Its value, as schema files write it; `None` for `items`, a mapping of constraints.
    pub value: Option<String>,
    /// Where it is written; `None` for `items`, which has no position of its own.
    pub span: Option<Span>,
    /// The values it applies to.
    pub needs: Bounds,
}

/// The constraints of `k` that do not apply to a value of type `ty` (nullability unwrapped), in
/// the order schema files write them: the one rule of what applies where, by which the checker
/// refuses a schema and the importer leaves a constraint out. Only `k`'s own keys are looked
/// at; the constraints under `items` apply to the elements, of type [`element_type`].
pub fn unfit_constraints(k: &Constraints, ty: &TypeExpr, types: &dyn TypeLookup) -> Vec<Unfit> {
    let bounds = Bounds::of(ty, types);
    let written = k.set_ones().map(|(row, bound)| {
        let text = match bound {
            Bound::Pattern(p) => Value::String(p.value.clone()).to_string(),
            other => other.text(),
        };
        (row.key, row.applies, Some((text, bound.span())))
    });
    let mut unfit: Vec<Unfit> = written
        .into_iter()
        .filter(|(_, needs, _)| bounds != Some(*needs))
        .filter_map(|(key, needs, written)| {
            written.map(|(value, span)| Unfit {
                key,
                value: Some(value),
                span: Some(span),
                needs,
            })
        })
        .collect();
    if k.items.is_some() && bounds != Some(Bounds::Lists) {
        unfit.push(Unfit {
            key: "items",
            value: None,
            span: None,
            needs: Bounds::Lists,
        });
    }
    unfit
}

/// The type the constraints under `items` apply to: the elements of a list, nullability
/// unwrapped (`list<integer?>?` gives `integer`); `None` when `ty` is not a list.
pub fn element_type(ty: &TypeExpr) -> Option<&TypeExpr> {
    match ty.non_null() {
        TypeExpr::List(inner) => Some(inner.non_null()),
        _ => None,
    }
}
