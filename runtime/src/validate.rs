//! Validation: the [`Validate`] trait every generated type implements, the error that lists
//! every violated constraint with the JSON path of its value, and the checks themselves.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde_json::Value;

/// Where a value sits inside the value being validated, as a JSON path (`image_urls[2]`,
/// `image_size.width`). Built on the stack while validating, so a valid value costs no
/// allocation; it becomes a string only when a violation is recorded.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The value being validated itself.
    Root,
    /// A field of an object.
    Field(&'a Path<'a>, &'static str),
    /// An element of a list.
    Index(&'a Path<'a>, usize),
    /// A value of a map.
    Key(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    /// The path of the field `name` below this one.
    pub fn field(&'a self, name: &'static str) -> Path<'a> {
        Path::Field(self, name)
    }

    /// The path of the list element `index` below this one.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The path of the map value under `key` below this one.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(parent, name) => {
                parent.fmt(f)?;
                if !matches!(parent, Path::Root) {
                    f.write_str(".")?;
                }
                f.write_str(name)
            }
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
            Path::Key(parent, key) => write!(f, "{parent}[{}]", Value::from(*key)),
        }
    }
}

/// A constraint of the schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Constraint {
    /// The number must be at least this.
    Minimum(f64),
    /// The number must be greater than this.
    ExclusiveMinimum(f64),
    /// The number must be at most this.
    Maximum(f64),
    /// The number must be less than this.
    ExclusiveMaximum(f64),
    /// The number must be a whole multiple of this.
    MultipleOf(f64),
    /// The string must have at least this many characters.
    MinLength(u64),
    /// The string must have at most this many characters.
    MaxLength(u64),
    /// The string must match this regular expression.
    Pattern(&'static str),
    /// The list must have at least this many elements.
    MinItems(u64),
    /// The list must have at most this many elements.
    MaxItems(u64),
    /// The value must be one of these.
    OneOf(Vec<String>),
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constraint::Minimum(b) => write!(f, "must be at least {}", Bound(*b)),
            Constraint::ExclusiveMinimum(b) => write!(f, "must be greater than {}", Bound(*b)),
            Constraint::Maximum(b) => write!(f, "must be at most {}", Bound(*b)),
            Constraint::ExclusiveMaximum(b) => write!(f, "must be less than {}", Bound(*b)),
            Constraint::MultipleOf(b) => write!(f, "must be a multiple of {}", Bound(*b)),
            Constraint::MinLength(n) => write!(f, "must be at least {n} characters long"),
            Constraint::MaxLength(n) => write!(f, "must be at most {n} characters long"),
            Constraint::Pattern(p) => write!(f, "must match the pattern `{p}`"),
            Constraint::MinItems(n) => write!(f, "must have at least {n} items"),
            Constraint::MaxItems(n) => write!(f, "must have at most {n} items"),
            Constraint::OneOf(values) => write!(f, "must be one of {}", values.join(", ")),
        }
    }
}

/// Prints a bound as the schema wrote it: `1`, not `1.0`.
struct Bound(f64);

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            write!(f, "{}", self.0 as i64)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// One violated constraint: where, which, and the offending value.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// The JSON path of the value (`image_size.width`, `image_urls[2]`); empty for the root.
    pub path: String,
    /// The constraint it violates.
    pub constraint: Constraint,
    /// The offending value: the number, the string, or for list bounds the number of items.
    pub value: Value,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(the value)"
        } else {
            &self.path
        };
        let value = match (&self.constraint, &self.value) {
            (Constraint::MinItems(_) | Constraint::MaxItems(_), n) => format!("{n} items"),
            (Constraint::MinLength(_) | Constraint::MaxLength(_), Value::String(s)) => {
                format!("{} characters: {}", s.chars().count(), Shortened(s))
            }
            (_, Value::String(s)) => Shortened(s).to_string(),
            (_, v) => v.to_string(),
        };
        write!(f, "{path} {}, got {value}", self.constraint)
    }
}

/// A string quoted as JSON, cut to 60 characters so that a long prompt does not flood a message.
struct Shortened<'a>(&'a str);

impl fmt::Display for Shortened<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 60;
        match self.0.char_indices().nth(LIMIT) {
            None => write!(f, "{}", Value::from(self.0)),
            Some((cut, _)) => {
                let head = Value::from(&self.0[..cut]).to_string();
                write!(f, "{}…\"", &head[..head.len() - 1])
            }
        }
    }
}

/// Every constraint a value violates, in the order the fields are declared. Returned by every
/// generated `validate()` and `build()`; works with `?`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

impl ValidationErrors {
    /// No violations yet.
    pub fn new() -> Self {
        ValidationErrors::default()
    }

    /// Records a violation at `at`.
    pub fn push(&mut self, at: &Path<'_>, constraint: Constraint, value: impl Into<Value>) {
        self.violations.push(Violation {
            path: at.to_string(),
            constraint,
            value: value.into(),
        });
    }

    /// The violations, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The number of violations.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// True when nothing was violated.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// `Ok` when nothing was violated, the errors otherwise.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.violations.as_slice() {
            [] => f.write_str("no constraint is violated"),
            [one] => one.fmt(f),
            many => {
                write!(f, "{} constraints are violated:", many.len())?;
                for v in many {
                    write!(f, "\n  {v}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ValidationErrors {}

impl IntoIterator for ValidationErrors {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

/// A value whose constraints can be checked. Every generated object and union implements it.
pub trait Validate {
    /// Records every violation of the value, which sits at `at`, into `errors`.
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors);

    /// Checks every constraint, recursively, and lists every violation.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        self.validate_at(&Path::Root, &mut errors);
        errors.into_result()
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        (**self).validate_at(at, errors);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        if let Some(value) = self {
            value.validate_at(at, errors);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        for (i, value) in self.iter().enumerate() {
            value.validate_at(&at.index(i), errors);
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, at: &Path<'_>, errors: &mut ValidationErrors) {
        for (key, value) in self {
            value.validate_at(&at.key(key), errors);
        }
    }
}

/// A regular expression of the schema, compiled on first use and then shared.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    /// A pattern; nothing is compiled until the first check.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The regular expression as the schema wrote it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `text` contains a match (JSON Schema patterns are not anchored). A pattern that
    /// does not compile matches nothing, so the value is reported rather than let through; the
    /// generator refuses such patterns, so this is a last line of defence, never a panic.
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| regex_lite::Regex::new(self.source).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(text))
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// A number the checks compare with a bound.
pub trait Number: Copy + Into<Value> {
    /// The number as a float, for the comparison.
    fn to_f64(self) -> f64;
}

impl Number for i64 {
    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl Number for f64 {
    fn to_f64(self) -> f64 {
        self
    }
}

/// The checks the generated `validate_at` bodies call, one per constraint kind.
pub mod check {
    use super::{Constraint, Number, Path, Pattern, ValidationErrors};

    /// `value >= bound`.
    pub fn minimum<N: Number>(at: &Path<'_>, value: N, bound: f64, errors: &mut ValidationErrors) {
        if value.to_f64() < bound {
            errors.push(at, Constraint::Minimum(bound), value);
        }
    }

    /// `value > bound`.
    pub fn exclusive_minimum<N: Number>(
        at: &Path<'_>,
        value: N,
        bound: f64,
        errors: &mut ValidationErrors,
    ) {
        if value.to_f64() <= bound {
            errors.push(at, Constraint::ExclusiveMinimum(bound), value);
        }
    }

    /// `value <= bound`.
    pub fn maximum<N: Number>(at: &Path<'_>, value: N, bound: f64, errors: &mut ValidationErrors) {
        if value.to_f64() > bound {
            errors.push(at, Constraint::Maximum(bound), value);
        }
    }

    /// `value < bound`.
    pub fn exclusive_maximum<N: Number>(
        at: &Path<'_>,
        value: N,
        bound: f64,
        errors: &mut ValidationErrors,
    ) {
        if value.to_f64() >= bound {
            errors.push(at, Constraint::ExclusiveMaximum(bound), value);
        }
    }

    /// `value` is a whole multiple of `bound`, allowing for the rounding of binary floats
    /// (0.3 is a multiple of 0.1); the schema checker applies the same rule to defaults.
    pub fn multiple_of<N: Number>(
        at: &Path<'_>,
        value: N,
        bound: f64,
        errors: &mut ValidationErrors,
    ) {
        let q = value.to_f64() / bound;
        if !(q.is_finite() && (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)) {
            errors.push(at, Constraint::MultipleOf(bound), value);
        }
    }

    /// At least `bound` characters (Unicode scalar values, as JSON Schema counts them).
    pub fn min_length(at: &Path<'_>, value: &str, bound: u64, errors: &mut ValidationErrors) {
        // A string of n bytes has at most n characters: skip the count when it cannot fail.
        if (value.len() as u64) < bound.saturating_mul(4) && (value.chars().count() as u64) < bound
        {
            errors.push(at, Constraint::MinLength(bound), value);
        }
    }

    /// At most `bound` characters.
    pub fn max_length(at: &Path<'_>, value: &str, bound: u64, errors: &mut ValidationErrors) {
        if (value.len() as u64) > bound && (value.chars().count() as u64) > bound {
            errors.push(at, Constraint::MaxLength(bound), value);
        }
    }

    /// Contains a match of `pattern`.
    pub fn pattern(at: &Path<'_>, value: &str, pattern: &Pattern, errors: &mut ValidationErrors) {
        if !pattern.is_match(value) {
            errors.push(at, Constraint::Pattern(pattern.source()), value);
        }
    }

    /// At least `bound` elements.
    pub fn min_items(at: &Path<'_>, len: usize, bound: u64, errors: &mut ValidationErrors) {
        if (len as u64) < bound {
            errors.push(at, Constraint::MinItems(bound), len as u64);
        }
    }

    /// At most `bound` elements.
    pub fn max_items(at: &Path<'_>, len: usize, bound: u64, errors: &mut ValidationErrors) {
        if (len as u64) > bound {
            errors.push(at, Constraint::MaxItems(bound), len as u64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_as_json_paths() {
        let root = Path::Root;
        let field = root.field("image_urls");
        let index = field.index(2);
        let nested = index.field("width");
        assert_eq!(nested.to_string(), "image_urls[2].width");
        let map = root.field("extra");
        assert_eq!(map.key("a b").to_string(), "extra[\"a b\"]");
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let mut errors = ValidationErrors::new();
        check::max_length(&Path::Root, "ééé", 3, &mut errors);
        check::min_length(&Path::Root, "ééé", 3, &mut errors);
        assert!(errors.is_empty(), "{errors}");
        check::max_length(&Path::Root.field("p"), "éééé", 3, &mut errors);
        check::min_length(&Path::Root.field("p"), "éé", 3, &mut errors);
        assert_eq!(errors.len(), 2);
        assert_eq!(
            errors.violations()[0].to_string(),
            "p must be at most 3 characters long, got 4 characters: \"éééé\""
        );
    }

    #[test]
    fn bounds_print_as_written_and_long_strings_are_cut() {
        let mut errors = ValidationErrors::new();
        check::exclusive_minimum(&Path::Root.field("w"), 0_i64, 0.0, &mut errors);
        check::maximum(&Path::Root.field("g"), 2.5_f64, 1.5, &mut errors);
        check::pattern(
            &Path::Root.field("s"),
            &"x".repeat(100),
            &Pattern::new("^y"),
            &mut errors,
        );
        let text = errors.to_string();
        assert!(text.starts_with("3 constraints are violated:"), "{text}");
        assert!(text.contains("w must be greater than 0, got 0"), "{text}");
        assert!(text.contains("g must be at most 1.5, got 2.5"), "{text}");
        assert!(
            text.contains(&format!(
                "s must match the pattern `^y`, got \"{}…\"",
                "x".repeat(60)
            )),
            "{text}"
        );
    }

    #[test]
    fn a_broken_pattern_rejects_instead_of_panicking() {
        let p = Pattern::new("(");
        assert!(!p.is_match("anything"));
    }
}
