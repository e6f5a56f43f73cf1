//! Support for generated enums: the error of `FromStr`, and their serde impls, which
//! `wire_enum!` writes from each enum's `ALL` and wire values. serde's derive can rename variants
//! only to strings, and for string enums it compiles a visitor per enum (for identifiers, bytes
//! and variant indexes JSON never sends) where one shared visitor reads any enum's text.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, Error as _, Visitor};

/// A string or number that is none of an enum's values; the error of every generated `FromStr`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    /// The enum's name.
    pub type_name: &'static str,
    /// The value that was given.
    pub value: String,
    /// Every value the enum knows.
    pub expected: Vec<String>,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a value of {}; expected one of {}",
            self.value,
            self.type_name,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownValue {}

/// A generated enum: its wire values are known at compile time.
pub trait WireEnum: Sized + Clone + 'static {
    /// The enum's name, for messages.
    const NAME: &'static str;
    /// Every value the schema knows, in schema order.
    const ALL: &'static [Self];
    /// The wire value as text (a number for integer enums).
    fn wire(&self) -> String;
}

/// The value of `E` whose wire form is `text`, or the error that lists the known ones.
pub fn parse<E: WireEnum>(text: &str) -> Result<E, UnknownValue> {
    let wires = Wires::of::<E>(&owned_wire::<E>);
    match wires.position(text) {
        Some(i) => Ok(E::ALL[i].clone()),
        None => Err(wires.unknown_value(E::NAME, text.to_string())),
    }
}

/// The error for a value of `E` that the schema does not know.
pub fn unknown<E: WireEnum>(value: String) -> UnknownValue {
    Wires::of::<E>(&owned_wire::<E>).unknown_value(E::NAME, value)
}

/// The wire text of `E::ALL[i]` (a number's digits for integer enums).
fn owned_wire<E: WireEnum>(i: usize) -> Cow<'static, str> {
    Cow::Owned(E::ALL[i].wire())
}

/// Deserializes an integer enum: the number must be one of `E::ALL`'s, unless `fallback` turns
/// an unknown number into a catch-all value (for outputs).
pub fn deserialize_int<'de, D, E>(
    deserializer: D,
    value_of: fn(&E) -> i64,
    fallback: Option<fn(i64) -> E>,
) -> Result<E, D::Error>
where
    D: Deserializer<'de>,
    E: WireEnum,
{
    // `2.0` is the integer 2, as JSON Schema reads it.
    let n = <crate::de::Int as crate::de::Read>::read(deserializer)?;
    if let Some(v) = E::ALL.iter().find(|v| value_of(v) == n) {
        return Ok(v.clone());
    }
    match fallback {
        Some(other) => Ok(other(n)),
        None => Err(D::Error::custom(unknown::<E>(n.to_string()))),
    }
}

/// Deserializes a string enum: the text must be one of `E::ALL`'s wire values (`wire_of` gives
/// a value's), unless `fallback` keeps an unknown text as the catch-all value (for outputs). The
/// error for an unknown text reads as serde's derive words it (``unknown variant `4k`, expected
/// one of `540p`, `720p` ``), and anything but a string is refused as "expected a string, one
/// of the enum's values".
pub fn deserialize_str<'de, D, E>(
    deserializer: D,
    wire_of: fn(&E) -> &str,
    fallback: Option<fn(String) -> E>,
) -> Result<E, D::Error>
where
    D: Deserializer<'de>,
    E: WireEnum,
{
    let text = deserializer.deserialize_str(Text)?;
    let wire = |i: usize| Cow::Borrowed(wire_of(&E::ALL[i]));
    let wires = Wires::of::<E>(&wire);
    match (wires.position(&text), fallback) {
        (Some(i), _) => Ok(E::ALL[i].clone()),
        (None, Some(other)) => Ok(other(text.into_owned())),
        (None, None) => Err(D::Error::custom(wires.unknown_variant(&text))),
    }
}

/// An enum's wire values, by index into its `ALL`. The searches and messages over them take
/// this instead of the enum's type, so that they are compiled once, not once per enum.
struct Wires<'a> {
    count: usize,
    wire: &'a dyn Fn(usize) -> Cow<'a, str>,
}

impl<'a> Wires<'a> {
    fn of<E: WireEnum>(wire: &'a dyn Fn(usize) -> Cow<'a, str>) -> Self {
        Wires {
            count: E::ALL.len(),
            wire,
        }
    }

    fn position(&self, text: &str) -> Option<usize> {
        (0..self.count).find(|&i| (self.wire)(i) == text)
    }

    fn all(&self) -> Vec<String> {
        (0..self.count)
            .map(|i| (self.wire)(i).into_owned())
            .collect()
    }

    fn unknown_value(&self, type_name: &'static str, value: String) -> UnknownValue {
        UnknownValue {
            type_name,
            value,
            expected: self.all(),
        }
    }

    /// serde's message for an unknown variant, in its words.
    fn unknown_variant(&self, text: &str) -> String {
        let quoted: Vec<String> = self.all().iter().map(|w| format!("`{w}`")).collect();
        let expected = match quoted.as_slice() {
            [] => "there are no variants".to_string(),
            [one] => format!("expected {one}"),
            [a, b] => format!("expected {a} or {b}"),
            all => format!("expected one of {}", all.join(", ")),
        };
        format!("unknown variant `{text}`, {expected}")
    }
}

/// Reads a string, borrowed from the input where it can be; one visitor for every enum.
struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, one of the enum's values")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Implements the traits every generated enum has, from its `as_str` (string enums) or `value`
/// (integer enums) and its `ALL`: [`WireEnum`], [`Display`](std::fmt::Display) (the wire
/// value), [`FromStr`](std::str::FromStr) (the value whose wire form is the text, or
/// [`UnknownValue`]) and serde's `Serialize` and `Deserialize` (the wire value, a string or a
/// number; see [`deserialize_str`] and [`deserialize_int`]), where `Unknown` names the catch-all
/// variant that keeps values the schema does not know.
///
/// The generator calls it once per enum instead of writing the same impls out each time: the
/// generated files stay short and quick to generate and compile, and the impls read the same
/// in the documentation. The calling crate must depend on `serde`.
///
/// ```
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// pub enum Speed { Fast, Slow }
///
/// impl Speed {
///     pub const ALL: &'static [Self] = &[Self::Fast, Self::Slow];
///     pub const fn as_str(self) -> &'static str {
///         match self { Self::Fast => "fast", Self::Slow => "slow" }
///     }
/// }
///
/// genmedia_runtime::wire_enum!(str Speed);
///
/// assert_eq!(Speed::Slow.to_string(), "slow");
/// assert_eq!("fast".parse::<Speed>(), Ok(Speed::Fast));
/// assert!("medium".parse::<Speed>().unwrap_err().to_string().contains("expected one of fast, slow"));
/// assert_eq!(serde_json::to_string(&Speed::Fast).unwrap(), r#""fast""#);
/// assert_eq!(serde_json::from_str::<Speed>(r#""slow""#).unwrap(), Speed::Slow);
/// let error = serde_json::from_str::<Speed>(r#""medium""#).unwrap_err().to_string();
/// assert!(error.starts_with("unknown variant `medium`, expected `fast` or `slow`"), "{error}");
/// ```
#[macro_export]
macro_rules! wire_enum {
    (str $name:ident) => {
        $crate::wire_enum!(@str $name, ::core::option::Option::None);
    };
    (str $name:ident, $unknown:ident) => {
        $crate::wire_enum!(@str $name, ::core::option::Option::Some(Self::$unknown));
    };
    (@str $name:ident, $fallback:expr) => {
        impl $crate::enums::WireEnum for $name {
            const NAME: &'static str = ::core::stringify!($name);
            const ALL: &'static [Self] = Self::ALL;
            fn wire(&self) -> ::std::string::String {
                ::std::string::ToString::to_string(self.as_str())
            }
        }
        $crate::wire_enum!(@text $name, f, self, f.write_str(self.as_str()));
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::enums::deserialize_str(deserializer, |v: &Self| v.as_str(), $fallback)
            }
        }
    };
    (int $name:ident) => {
        $crate::wire_enum!(@int $name, ::core::option::Option::None);
    };
    (int $name:ident, $unknown:ident) => {
        $crate::wire_enum!(@int $name, ::core::option::Option::Some(Self::$unknown));
    };
    (@int $name:ident, $fallback:expr) => {
        impl $crate::enums::WireEnum for $name {
            const NAME: &'static str = ::core::stringify!($name);
            const ALL: &'static [Self] = Self::ALL;
            fn wire(&self) -> ::std::string::String {
                ::std::string::ToString::to_string(&self.value())
            }
        }
        $crate::wire_enum!(@text $name, f, self, ::core::write!(f, "{}", self.value()));
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::enums::deserialize_int(deserializer, |v: &Self| v.value(), $fallback)
            }
        }
    };
    // `Display` and `FromStr`; `$f` and `$self` come from the caller so that `$display` may
    // name them (macro hygiene).
    (@text $name:ident, $f:ident, $self:ident, $display:expr) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&$self, $f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $display
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownValue;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                $crate::enums::parse(s)
            }
        }
    };
}
