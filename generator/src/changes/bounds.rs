//! Bounds compared one by one: a bound that is set, raised (for a lower bound) or lowered (for
//! an upper bound) refuses values the old one accepted.

use super::Kind;
use crate::schema::model::Constraints;

/// Which way a bound narrows what it accepts.
#[derive(Clone, Copy)]
enum Side {
    /// A lower bound: a larger value is narrower.
    Lower,
    /// An upper bound: a smaller value is narrower.
    Upper,
    /// A pattern: any other pattern may refuse what the old one accepted.
    Other,
}

/// The changes between two sets of bounds, `items.` before the bounds of list elements.
pub fn compare(old: &Constraints, new: &Constraints) -> Vec<Kind> {
    let mut kinds = Vec::new();
    compare_into(old, new, "", &mut kinds);
    kinds
}

fn compare_into(old: &Constraints, new: &Constraints, prefix: &str, kinds: &mut Vec<Kind>) {
    let number = |n: &Option<crate::schema::model::Located<serde_json::Number>>| {
        n.as_ref().map(|n| n.value.to_string())
    };
    let count =
        |n: &Option<crate::schema::model::Located<u64>>| n.as_ref().map(|n| n.value.to_string());
    let pairs = [
        (
            "minimum",
            Side::Lower,
            number(&old.minimum),
            number(&new.minimum),
        ),
        (
            "exclusive_minimum",
            Side::Lower,
            number(&old.exclusive_minimum),
            number(&new.exclusive_minimum),
        ),
        (
            "maximum",
            Side::Upper,
            number(&old.maximum),
            number(&new.maximum),
        ),
        (
            "exclusive_maximum",
            Side::Upper,
            number(&old.exclusive_maximum),
            number(&new.exclusive_maximum),
        ),
        (
            "min_length",
            Side::Lower,
            count(&old.min_length),
            count(&new.min_length),
        ),
        (
            "max_length",
            Side::Upper,
            count(&old.max_length),
            count(&new.max_length),
        ),
        (
            "min_items",
            Side::Lower,
            count(&old.min_items),
            count(&new.min_items),
        ),
        (
            "max_items",
            Side::Upper,
            count(&old.max_items),
            count(&new.max_items),
        ),
        (
            "pattern",
            Side::Other,
            old.pattern.as_ref().map(|p| p.value.clone()),
            new.pattern.as_ref().map(|p| p.value.clone()),
        ),
    ];
    for (key, side, from, to) in pairs {
        if from == to {
            continue;
        }
        let narrower = match (&from, &to) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => match side {
                Side::Lower => value(b) > value(a),
                Side::Upper => value(b) < value(a),
                Side::Other => true,
            },
            (None, None) => false,
        };
        kinds.push(Kind::BoundChanged {
            bound: format!("{prefix}{key}"),
            from,
            to,
            narrower,
        });
    }
    let none = Constraints::default();
    match (&old.items, &new.items) {
        (None, None) => {}
        (o, n) => compare_into(
            o.as_deref().unwrap_or(&none),
            n.as_deref().unwrap_or(&none),
            &format!("{prefix}items."),
            kinds,
        ),
    }
}

/// A bound's value as a number (bounds are numbers or counts; the pattern never gets here).
fn value(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}
