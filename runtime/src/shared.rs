//! The serde code that every family crate's `catalog` would otherwise compile for itself,
//! compiled once here (feature `catalog`, which `genmedia-catalog` turns on).
//!
//! A family's `ENDPOINTS` instantiate the serde code of its inputs and outputs: the object's own
//! `read`, but also, for each kind of field, serde_json's and serde_path_to_error's code for a
//! `String`, an `Option<i64>`, a `Vec<bool>`, and so on, which is the same in every family. In a
//! dev build, rustc lets a crate reuse the generic instances that the crates it depends on
//! already compiled (`-Z share-generics`, on by default at opt-level 0 and 1), so this module
//! compiles those common instances once, through [`Shapes`]: one object with a field of each
//! kind the generator writes, read the ways the catalog reads (an input through
//! [`crate::json::read`], an output through `serde_json::from_str`) and written to a
//! `serde_json::Value`. The tool build of the seed catalogue took ×0.69 of the CPU this way
//! (median of 7 rounds, docs/benchmarks.md). An optimized build shares nothing and is
//! unaffected, except for this module's own compile time.
//!
//! [`Shapes`] reads its fields as the generator's objects do, with the same [`crate::de`]
//! calls; a kind of field it lacks is still compiled, in each family that uses it.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::de;
use crate::ser;

/// Reads `json` as [`Shapes`] each way the catalog reads a value, and writes it as the catalog
/// writes one: this compiles the common instances (the module's documentation says why).
/// Returns the value written, or `None` when `json` is not a [`Shapes`].
pub fn read_and_write(json: &str) -> Option<Value> {
    let input: Shapes = crate::json::read(json).ok()?;
    let output: Shapes = serde_json::from_str(json).ok()?;
    let written = serde_json::to_value(input).ok()?;
    (serde_json::to_value(output).ok()? == written).then_some(written)
}

/// One field of each kind the generator reads, named after it.
#[derive(Clone, Debug, PartialEq)]
pub struct Shapes {
    text: String,
    integer: i64,
    number: f64,
    boolean: bool,
    any: Value,
    numbers_by_name: BTreeMap<String, f64>,
    booleans: Vec<bool>,
    texts: Vec<String>,
    numbers: Vec<f64>,
    nullable_text: Option<String>,
    nullable_integer: Option<i64>,
    optional_text: Option<String>,
    optional_integer: Option<i64>,
    optional_number: Option<f64>,
    optional_boolean: Option<bool>,
    optional_texts: Option<Vec<String>>,
    optional_integers: Option<Vec<i64>>,
    optional_choice: Option<Choice>,
    optional_level: Option<Level>,
    optional_either: Option<Either>,
    optional_any: Option<Value>,
    three_state_text: Option<Option<String>>,
    three_state_integer: Option<Option<i64>>,
    three_state_number: Option<Option<f64>>,
    three_state_boolean: Option<Option<bool>>,
}

/// A string enum, as the generator writes one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Choice {
    /// `"one"`.
    One,
}

impl Choice {
    const ALL: &'static [Self] = &[Self::One];

    const fn as_str(self) -> &'static str {
        "one"
    }
}

crate::wire_enum!(str Choice);

/// An integer enum, as the generator writes one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Level {
    /// `1`.
    One,
}

impl Level {
    const ALL: &'static [Self] = &[Self::One];

    const fn value(self) -> i64 {
        1
    }
}

crate::wire_enum!(int Level);

/// A union, as the generator writes one (serde's untagged derive).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Either {
    /// A string.
    Text(String),
    /// A number.
    Number(f64),
}

impl<'de> serde::Deserialize<'de> for Shapes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        de::object(deserializer)
    }
}

impl<'de> de::Object<'de> for Shapes {
    const NAME: &'static str = "Shapes";
    const FIELDS: &'static [&'static str] = &[
        "text",
        "integer",
        "number",
        "boolean",
        "any",
        "numbers_by_name",
        "booleans",
        "texts",
        "numbers",
        "nullable_text",
        "nullable_integer",
        "optional_text",
        "optional_integer",
        "optional_number",
        "optional_boolean",
        "optional_texts",
        "optional_integers",
        "optional_choice",
        "optional_level",
        "optional_either",
        "optional_any",
        "three_state_text",
        "three_state_integer",
        "three_state_number",
        "three_state_boolean",
    ];

    fn read<A: de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut text = None;
        let mut integer = None;
        let mut number = None;
        let mut boolean = None;
        let mut any = None;
        let mut numbers_by_name = None;
        let mut booleans = None;
        let mut texts = None;
        let mut numbers = None;
        let mut nullable_text = None;
        let mut nullable_integer = None;
        let mut optional_text = None;
        let mut optional_integer = None;
        let mut optional_number = None;
        let mut optional_boolean = None;
        let mut optional_texts = None;
        let mut optional_integers = None;
        let mut optional_choice = None;
        let mut optional_level = None;
        let mut optional_either = None;
        let mut optional_any = None;
        let mut three_state_text = None;
        let mut three_state_integer = None;
        let mut three_state_number = None;
        let mut three_state_boolean = None;
        while let Some(field) = map.next_key_seed(de::Field(Self::FIELDS))? {
            let name = field.map_or("", |i| Self::FIELDS[i]);
            match field {
                Some(0) => de::value(&mut map, &mut text, name)?,
                Some(1) => de::value_as(&mut map, &mut integer, name, de::Int)?,
                Some(2) => de::value(&mut map, &mut number, name)?,
                Some(3) => de::value(&mut map, &mut boolean, name)?,
                Some(4) => de::value(&mut map, &mut any, name)?,
                Some(5) => de::value(&mut map, &mut numbers_by_name, name)?,
                Some(6) => de::value(&mut map, &mut booleans, name)?,
                Some(7) => de::value(&mut map, &mut texts, name)?,
                Some(8) => de::value(&mut map, &mut numbers, name)?,
                Some(9) => de::value(&mut map, &mut nullable_text, name)?,
                Some(10) => {
                    de::value_as(&mut map, &mut nullable_integer, name, de::Nullable(de::Int))?
                }
                Some(11) => de::non_null(&mut map, &mut optional_text, name)?,
                Some(12) => de::non_null_as(&mut map, &mut optional_integer, name, de::Int)?,
                Some(13) => de::non_null(&mut map, &mut optional_number, name)?,
                Some(14) => de::non_null(&mut map, &mut optional_boolean, name)?,
                Some(15) => de::non_null(&mut map, &mut optional_texts, name)?,
                Some(16) => {
                    de::non_null_as(&mut map, &mut optional_integers, name, de::List(de::Int))?
                }
                Some(17) => de::non_null(&mut map, &mut optional_choice, name)?,
                Some(18) => de::non_null(&mut map, &mut optional_level, name)?,
                Some(19) => de::non_null(&mut map, &mut optional_either, name)?,
                Some(20) => de::present(&mut map, &mut optional_any, name)?,
                Some(21) => de::present(&mut map, &mut three_state_text, name)?,
                Some(22) => de::present_as(
                    &mut map,
                    &mut three_state_integer,
                    name,
                    de::Nullable(de::Int),
                )?,
                Some(23) => de::present(&mut map, &mut three_state_number, name)?,
                Some(24) => de::present(&mut map, &mut three_state_boolean, name)?,
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(Self {
            text: de::required(text, "text")?,
            integer: de::required(integer, "integer")?,
            number: de::required(number, "number")?,
            boolean: de::required(boolean, "boolean")?,
            any: de::required(any, "any")?,
            numbers_by_name: de::required(numbers_by_name, "numbers_by_name")?,
            booleans: de::required(booleans, "booleans")?,
            texts: de::required(texts, "texts")?,
            numbers: de::required(numbers, "numbers")?,
            nullable_text: de::required(nullable_text, "nullable_text")?,
            nullable_integer: de::required(nullable_integer, "nullable_integer")?,
            optional_text: optional_text.flatten(),
            optional_integer: optional_integer.flatten(),
            optional_number: optional_number.flatten(),
            optional_boolean: optional_boolean.flatten(),
            optional_texts: optional_texts.flatten(),
            optional_integers: optional_integers.flatten(),
            optional_choice: optional_choice.flatten(),
            optional_level: optional_level.flatten(),
            optional_either: optional_either.flatten(),
            optional_any: optional_any.flatten(),
            three_state_text: three_state_text.flatten(),
            three_state_integer: three_state_integer.flatten(),
            three_state_number: three_state_number.flatten(),
            three_state_boolean: three_state_boolean.flatten(),
        })
    }
}

impl serde::Serialize for Shapes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = ser::object(
            serializer,
            "Shapes",
            11,
            &[
                self.optional_text.is_some(),
                self.optional_integer.is_some(),
                self.optional_number.is_some(),
                self.optional_boolean.is_some(),
                self.optional_texts.is_some(),
                self.optional_integers.is_some(),
                self.optional_choice.is_some(),
                self.optional_level.is_some(),
                self.optional_either.is_some(),
                self.optional_any.is_some(),
                self.three_state_text.is_some(),
                self.three_state_integer.is_some(),
                self.three_state_number.is_some(),
                self.three_state_boolean.is_some(),
            ],
        )?;
        ser::field(&mut out, "text", &self.text)?;
        ser::field(&mut out, "integer", &self.integer)?;
        ser::field(&mut out, "number", &self.number)?;
        ser::field(&mut out, "boolean", &self.boolean)?;
        ser::field(&mut out, "any", &self.any)?;
        ser::field(&mut out, "numbers_by_name", &self.numbers_by_name)?;
        ser::field(&mut out, "booleans", &self.booleans)?;
        ser::field(&mut out, "texts", &self.texts)?;
        ser::field(&mut out, "numbers", &self.numbers)?;
        ser::field(&mut out, "nullable_text", &self.nullable_text)?;
        ser::field(&mut out, "nullable_integer", &self.nullable_integer)?;
        ser::optional(&mut out, "optional_text", &self.optional_text)?;
        ser::optional(&mut out, "optional_integer", &self.optional_integer)?;
        ser::optional(&mut out, "optional_number", &self.optional_number)?;
        ser::optional(&mut out, "optional_boolean", &self.optional_boolean)?;
        ser::optional(&mut out, "optional_texts", &self.optional_texts)?;
        ser::optional(&mut out, "optional_integers", &self.optional_integers)?;
        ser::optional(&mut out, "optional_choice", &self.optional_choice)?;
        ser::optional(&mut out, "optional_level", &self.optional_level)?;
        ser::optional(&mut out, "optional_either", &self.optional_either)?;
        ser::optional(&mut out, "optional_any", &self.optional_any)?;
        ser::optional(&mut out, "three_state_text", &self.three_state_text)?;
        ser::optional(&mut out, "three_state_integer", &self.three_state_integer)?;
        ser::optional(&mut out, "three_state_number", &self.three_state_number)?;
        ser::optional(&mut out, "three_state_boolean", &self.three_state_boolean)?;
        ser::end(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field set, each three-state one to `null`: it reads both ways and writes back the
    /// same JSON, so the instances compiled here are the working ones.
    #[test]
    fn every_shape_reads_and_writes_back() {
        let json = serde_json::json!({
            "text": "a", "integer": 2.0, "number": 1.5, "boolean": true, "any": {"k": [1]},
            "numbers_by_name": {"x": 0.5}, "booleans": [false], "texts": ["b"], "numbers": [3],
            "nullable_text": null, "nullable_integer": 4,
            "optional_text": "c", "optional_integer": 5, "optional_number": 6.5,
            "optional_boolean": false, "optional_texts": ["d"], "optional_integers": [7],
            "optional_choice": "one", "optional_level": 1, "optional_either": "e",
            "optional_any": null, "three_state_text": null, "three_state_integer": null,
            "three_state_number": null, "three_state_boolean": null,
        });
        let written = read_and_write(&json.to_string()).expect("reads and writes back");
        let mut expected = json;
        // `2.0` is read as the integer 2 and `[3]` as the number 3.0.
        expected["integer"] = 2.into();
        expected["numbers"] = serde_json::json!([3.0]);
        assert_eq!(written, expected);
        assert_eq!(read_and_write(r#"{"text": "a"}"#), None);
    }
}
