//! Bounds compared one by one, by the constraint table's direction of each: a bound that is
//! set, raised (a lower bound) or lowered (an upper bound) refuses values the old one accepted;
//! any other pattern or multiple may too.

use super::Kind;
use crate::schema::constraint::{Direction, ROWS};
use crate::schema::model::Constraints;

/// The changes between two sets of bounds, `items.` before the bounds of list elements.
pub fn compare(old: &Constraints, new: &Constraints) -> Vec<Kind> {
    let mut kinds = Vec::new();
    compare_into(old, new, "", &mut kinds);
    kinds
}

fn compare_into(old: &Constraints, new: &Constraints, prefix: &str, kinds: &mut Vec<Kind>) {
    for row in ROWS {
        let (a, b) = (old.get(row.kind), new.get(row.kind));
        let (from, to) = (a.map(|x| x.text()), b.map(|x| x.text()));
        if from == to {
            continue;
        }
        let number = |x: Option<crate::schema::constraint::Bound<'_>>| {
            x.and_then(|x| x.as_f64()).unwrap_or(f64::NAN)
        };
        let narrower = match (&from, &to) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(_), Some(_)) => match row.direction {
                Direction::Lower => number(b) > number(a),
                Direction::Upper => number(b) < number(a),
                Direction::Other => true,
            },
        };
        kinds.push(Kind::BoundChanged {
            bound: format!("{prefix}{}", row.key),
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
