//! The kinds of constraint, one row each: the key schema files write, the key OpenAPI writes,
//! the values it applies to, what its value is, and which way a new value narrows it. The
//! loader, the checker, the writer, the importer and the change report read this table rather
//! than naming the kinds themselves; what is left per kind is what differs by nature: the
//! check in `check::value_fits`, the generated validation (`emit/object/validate.rs`), the docs line
//! (`emit/docs.rs`) and the runtime check (`runtime/src/validate.rs`).
//!
//! To add a kind: a row here, a field of [`Constraints`] with its arms in
//! [`Constraints::get`], [`Constraints::set`] and [`Constraints::remove`], then the four
//! places above (the compiler points at each through their exhaustive matches).

use serde_json::Number;

use super::check::Bounds;
use super::model::{Constraints, Located};
use crate::diagnostics::Span;

/// A kind of constraint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Inclusive lower bound of a number.
    Minimum,
    /// Inclusive upper bound of a number.
    Maximum,
    /// Exclusive lower bound of a number.
    ExclusiveMinimum,
    /// Exclusive upper bound of a number.
    ExclusiveMaximum,
    /// A number the value must be a whole multiple of.
    MultipleOf,
    /// Minimum string length, in characters.
    MinLength,
    /// Maximum string length, in characters.
    MaxLength,
    /// A regular expression a string must match.
    Pattern,
    /// Minimum number of list elements.
    MinItems,
    /// Maximum number of list elements.
    MaxItems,
}

/// What a constraint's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// A number (integer or float).
    Number,
    /// A count of zero or more.
    Count,
    /// A regular expression.
    Pattern,
}

/// Which way a constraint narrows what it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// A larger value accepts less.
    Lower,
    /// A smaller value accepts less.
    Upper,
    /// Any other value may refuse what the old one accepted (a pattern, a multiple).
    Other,
}

/// One kind of constraint.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// The kind.
    pub kind: Kind,
    /// The key in schema files (`min_length`).
    pub key: &'static str,
    /// The key in OpenAPI and JSON Schema (`minLength`).
    pub openapi: &'static str,
    /// The values it applies to.
    pub applies: Bounds,
    /// What its value is.
    pub value: ValueType,
    /// Which way it narrows.
    pub direction: Direction,
}

const fn row(
    kind: Kind,
    key: &'static str,
    openapi: &'static str,
    applies: Bounds,
    value: ValueType,
    direction: Direction,
) -> Row {
    Row {
        kind,
        key,
        openapi,
        applies,
        value,
        direction,
    }
}

/// Every kind, in the order schema files write them.
pub static ROWS: &[Row] = &[
    row(
        Kind::Minimum,
        "minimum",
        "minimum",
        Bounds::Numbers,
        ValueType::Number,
        Direction::Lower,
    ),
    row(
        Kind::Maximum,
        "maximum",
        "maximum",
        Bounds::Numbers,
        ValueType::Number,
        Direction::Upper,
    ),
    row(
        Kind::ExclusiveMinimum,
        "exclusive_minimum",
        "exclusiveMinimum",
        Bounds::Numbers,
        ValueType::Number,
        Direction::Lower,
    ),
    row(
        Kind::ExclusiveMaximum,
        "exclusive_maximum",
        "exclusiveMaximum",
        Bounds::Numbers,
        ValueType::Number,
        Direction::Upper,
    ),
    row(
        Kind::MultipleOf,
        "multiple_of",
        "multipleOf",
        Bounds::Numbers,
        ValueType::Number,
        Direction::Other,
    ),
    row(
        Kind::MinLength,
        "min_length",
        "minLength",
        Bounds::Strings,
        ValueType::Count,
        Direction::Lower,
    ),
    row(
        Kind::MaxLength,
        "max_length",
        "maxLength",
        Bounds::Strings,
        ValueType::Count,
        Direction::Upper,
    ),
    row(
        Kind::Pattern,
        "pattern",
        "pattern",
        Bounds::Strings,
        ValueType::Pattern,
        Direction::Other,
    ),
    row(
        Kind::MinItems,
        "min_items",
        "minItems",
        Bounds::Lists,
        ValueType::Count,
        Direction::Lower,
    ),
    row(
        Kind::MaxItems,
        "max_items",
        "maxItems",
        Bounds::Lists,
        ValueType::Count,
        Direction::Upper,
    ),
];

/// The key of the nested constraints on list elements, beside the rows' keys.
pub const ITEMS: &str = "items";

/// Every key a mapping of constraints may hold: the rows' keys, then [`ITEMS`].
pub fn keys() -> impl Iterator<Item = &'static str> {
    ROWS.iter().map(|r| r.key).chain([ITEMS])
}

/// Lower and upper bounds that leave no value when the lower one is above the upper one (or,
/// `true`, not below it).
pub const PAIRS: &[(Kind, Kind, bool)] = &[
    (Kind::Minimum, Kind::Maximum, false),
    (Kind::ExclusiveMinimum, Kind::Maximum, true),
    (Kind::Minimum, Kind::ExclusiveMaximum, true),
    (Kind::ExclusiveMinimum, Kind::ExclusiveMaximum, true),
    (Kind::MinLength, Kind::MaxLength, false),
    (Kind::MinItems, Kind::MaxItems, false),
];

impl Kind {
    /// The kind's row.
    pub fn row(self) -> &'static Row {
        // Every kind has its row; the table's tests check it.
        ROWS.iter().find(|r| r.kind == self).unwrap_or(&ROWS[0])
    }

    /// The key schema files write.
    pub fn key(self) -> &'static str {
        self.row().key
    }
}

/// A constraint's value, borrowed from [`Constraints`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound<'a> {
    /// A number.
    Number(&'a Located<Number>),
    /// A count.
    Count(&'a Located<u64>),
    /// A pattern.
    Pattern(&'a Located<String>),
}

impl Bound<'_> {
    /// Where it is written.
    pub fn span(&self) -> Span {
        match self {
            Bound::Number(n) => n.span,
            Bound::Count(n) => n.span,
            Bound::Pattern(p) => p.span,
        }
    }

    /// The value as a number; `None` for a pattern.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Bound::Number(n) => n.value.as_f64(),
            // Counts are compared as numbers; beyond 2^53 they round, which no bound reaches.
            #[allow(clippy::cast_precision_loss)]
            Bound::Count(n) => Some(n.value as f64),
            Bound::Pattern(_) => None,
        }
    }

    /// The value as text: numbers as written, a pattern as it is.
    pub fn text(&self) -> String {
        match self {
            Bound::Number(n) => n.value.to_string(),
            Bound::Count(n) => n.value.to_string(),
            Bound::Pattern(p) => p.value.clone(),
        }
    }
}

/// A constraint's value, owned: what [`Constraints::set`] takes.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A number.
    Number(Number),
    /// A count.
    Count(u64),
    /// A pattern.
    Pattern(String),
}

impl Constraints {
    /// The constraint of kind `kind`, if set.
    pub fn get(&self, kind: Kind) -> Option<Bound<'_>> {
        fn n(v: &Option<Located<Number>>) -> Option<Bound<'_>> {
            v.as_ref().map(Bound::Number)
        }
        match kind {
            Kind::Minimum => n(&self.minimum),
            Kind::Maximum => n(&self.maximum),
            Kind::ExclusiveMinimum => n(&self.exclusive_minimum),
            Kind::ExclusiveMaximum => n(&self.exclusive_maximum),
            Kind::MultipleOf => n(&self.multiple_of),
            Kind::MinLength => self.min_length.as_ref().map(Bound::Count),
            Kind::MaxLength => self.max_length.as_ref().map(Bound::Count),
            Kind::Pattern => self.pattern.as_ref().map(Bound::Pattern),
            Kind::MinItems => self.min_items.as_ref().map(Bound::Count),
            Kind::MaxItems => self.max_items.as_ref().map(Bound::Count),
        }
    }

    /// Sets the constraint of kind `kind`; a value of the wrong type for the kind (a pattern
    /// for `minimum`) sets nothing.
    pub fn set(&mut self, kind: Kind, value: Value, span: Span) {
        let at = |v| Some(Located::new(v, span));
        match (kind, value) {
            (Kind::Minimum, Value::Number(n)) => self.minimum = at(n),
            (Kind::Maximum, Value::Number(n)) => self.maximum = at(n),
            (Kind::ExclusiveMinimum, Value::Number(n)) => self.exclusive_minimum = at(n),
            (Kind::ExclusiveMaximum, Value::Number(n)) => self.exclusive_maximum = at(n),
            (Kind::MultipleOf, Value::Number(n)) => self.multiple_of = at(n),
            (Kind::MinLength, Value::Count(n)) => self.min_length = Some(Located::new(n, span)),
            (Kind::MaxLength, Value::Count(n)) => self.max_length = Some(Located::new(n, span)),
            (Kind::Pattern, Value::Pattern(p)) => self.pattern = Some(Located::new(p, span)),
            (Kind::MinItems, Value::Count(n)) => self.min_items = Some(Located::new(n, span)),
            (Kind::MaxItems, Value::Count(n)) => self.max_items = Some(Located::new(n, span)),
            _ => {}
        }
    }

    /// Removes the constraint of kind `kind`.
    pub fn clear(&mut self, kind: Kind) {
        match kind {
            Kind::Minimum => self.minimum = None,
            Kind::Maximum => self.maximum = None,
            Kind::ExclusiveMinimum => self.exclusive_minimum = None,
            Kind::ExclusiveMaximum => self.exclusive_maximum = None,
            Kind::MultipleOf => self.multiple_of = None,
            Kind::MinLength => self.min_length = None,
            Kind::MaxLength => self.max_length = None,
            Kind::Pattern => self.pattern = None,
            Kind::MinItems => self.min_items = None,
            Kind::MaxItems => self.max_items = None,
        }
    }

    /// Every constraint set, in table order, with its row.
    pub fn set_ones(&self) -> impl Iterator<Item = (&'static Row, Bound<'_>)> {
        ROWS.iter().filter_map(|r| self.get(r.kind).map(|b| (r, b)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_row_and_round_trips_through_the_model() {
        let mut k = Constraints::default();
        for (i, r) in ROWS.iter().enumerate() {
            assert_eq!(
                ROWS.iter().filter(|o| o.kind == r.kind).count(),
                1,
                "{}",
                r.key
            );
            assert!(std::ptr::eq(r.kind.row(), r), "{}", r.key);
            let value = match r.value {
                ValueType::Number => Value::Number(Number::from(i)),
                ValueType::Count => Value::Count(i as u64),
                ValueType::Pattern => Value::Pattern(format!("^{i}$")),
            };
            k.set(r.kind, value, Span::new(1, 1));
            assert_eq!(
                k.get(r.kind)
                    .map(|b| b.text().trim_matches(['^', '$']).to_string()),
                Some(i.to_string())
            );
        }
        assert_eq!(k.set_ones().count(), ROWS.len());
        for r in ROWS {
            k.clear(r.kind);
        }
        assert!(k.is_empty());
    }
}
