//! Payloads made from a JSON Schema alone (never from our schemas): valid ones at the edges of
//! every bound, ones with a single fault, and the same JSON written in other but equivalent
//! ways. Their validity is not known in advance and need not be: the test only compares two
//! judges. The generator aims at both sides of every constraint so that the comparison means
//! something, and the test counts how many payloads each side found valid.

use serde_json::{Map, Number, Value};

/// A small deterministic generator (splitmix64): the same seed gives the same payloads on
/// every machine, so a disagreement is reproduced from the seed printed with it.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `1/n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How a valid payload is shaped: only what is required, at the lower bounds; everything, at
/// the upper bounds; or anything in between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Minimal,
    Maximal,
    Random,
}

/// The characters strings are made of: ASCII, two-byte, three-byte and four-byte UTF-8 (one
/// character each, as JSON Schema counts them), and characters JSON must escape.
const CHARS: [char; 8] = ['a', 'Z', '7', 'é', '日', '🦀', '"', '\\'];

/// Objects nest at most this deep in a payload; below it, only required fields are made.
const MAX_DEPTH: usize = 6;

/// A JSON Schema document (an upstream OpenAPI document's components) and the payloads made
/// from it.
pub struct Payloads<'a> {
    root: &'a Value,
    pub rng: Rng,
}

impl<'a> Payloads<'a> {
    pub fn new(root: &'a Value, seed: u64) -> Self {
        Payloads {
            root,
            rng: Rng::new(seed),
        }
    }

    /// `schema` with its `$ref` (and a lone `allOf` wrapper) followed.
    fn resolve(&self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..32 {
            if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
                match r.strip_prefix('#').and_then(|p| self.root.pointer(p)) {
                    Some(target) => schema = target,
                    None => return schema,
                }
            } else if let Some([only]) = schema
                .get("allOf")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                schema = only;
            } else {
                return schema;
            }
        }
        schema
    }

    /// A value `schema` accepts, shaped by `shape`, if the generator can find one.
    pub fn valid(&mut self, schema: &'a Value, shape: Shape, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            if !values.is_empty() {
                return match shape {
                    Shape::Minimal => values[0].clone(),
                    Shape::Maximal => values[values.len() - 1].clone(),
                    Shape::Random => self.rng.pick(values).clone(),
                };
            }
        }
        if let Some(value) = schema.get("const") {
            return value.clone();
        }
        let nullable = schema.get("nullable") == Some(&Value::Bool(true));
        if nullable && shape == Shape::Random && self.rng.one_in(4) {
            return Value::Null;
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array) {
                if !branches.is_empty() {
                    let branch = match shape {
                        Shape::Minimal => &branches[0],
                        Shape::Maximal => &branches[branches.len() - 1],
                        Shape::Random => self.rng.pick(branches),
                    };
                    return self.valid(branch, shape, depth);
                }
            }
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => self.string(schema, shape),
            Some("integer") => self.number(schema, shape, true),
            Some("number") => self.number(schema, shape, false),
            Some("boolean") => Value::Bool(shape == Shape::Maximal || self.rng.one_in(2)),
            Some("null") => Value::Null,
            Some("array") => self.array(schema, shape, depth),
            Some("object") => self.object(schema, shape, depth),
            _ if schema.get("properties").is_some() => self.object(schema, shape, depth),
            _ => self.anything(),
        }
    }

    fn string(&mut self, schema: &Value, shape: Shape) -> Value {
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        if schema.get("pattern").is_some() {
            // Strings matching an arbitrary pattern are not generated: the default, when there
            // is one, is the best guess, and a miss is a fault both judges must see.
            if let Some(Value::String(s)) = schema.get("default") {
                return Value::String(s.clone());
            }
        }
        let len = match shape {
            Shape::Minimal => min,
            Shape::Maximal => max.unwrap_or(min + 40).min(min + 4000),
            Shape::Random => {
                let top = max.unwrap_or(min + 16).min(min + 200);
                min + self.rng.below(top - min + 1)
            }
        };
        Value::String(self.text(len))
    }

    /// `len` characters, multi-byte ones among them.
    pub fn text(&mut self, len: usize) -> String {
        (0..len).map(|_| *self.rng.pick(&CHARS)).collect()
    }

    /// The inclusive range of a number schema, as floats (integers: rounded inwards).
    fn range(schema: &Value, integer: bool) -> (f64, f64) {
        let get = |k: &str| schema.get(k).and_then(Value::as_f64);
        // OpenAPI 3.0 writes exclusive bounds as booleans beside minimum and maximum.
        let flag = |k: &str| schema.get(k) == Some(&Value::Bool(true));
        let step = if integer { 1.0 } else { 1e-6 };
        let mut lo = get("minimum").unwrap_or(if integer { -1000.0 } else { -1000.5 });
        let mut hi = get("maximum").unwrap_or(if integer { 1000.0 } else { 1000.5 });
        if flag("exclusiveMinimum") {
            lo += step;
        }
        if flag("exclusiveMaximum") {
            hi -= step;
        }
        if let Some(x) = get("exclusiveMinimum") {
            lo = lo.max(x + step);
        }
        if let Some(x) = get("exclusiveMaximum") {
            hi = hi.min(x - step);
        }
        if integer {
            (lo.ceil(), hi.floor())
        } else {
            (lo, hi)
        }
    }

    fn number(&mut self, schema: &Value, shape: Shape, integer: bool) -> Value {
        let (lo, hi) = Self::range(schema, integer);
        let x = match shape {
            Shape::Minimal => lo,
            Shape::Maximal => hi,
            Shape::Random => {
                let t = (self.rng.next() % 10_001) as f64 / 10_000.0;
                lo + (hi - lo) * t
            }
        };
        number(x, integer)
    }

    fn array(&mut self, schema: &'a Value, shape: Shape, depth: usize) -> Value {
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema
            .get("maxItems")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        let len = match shape {
            Shape::Minimal => min,
            Shape::Maximal => max.unwrap_or(min + 3).min(min + 8),
            Shape::Random => {
                min + self
                    .rng
                    .below(max.unwrap_or(min + 3).min(min + 4) - min + 1)
            }
        };
        let items = schema.get("items").unwrap_or(&Value::Null);
        let len = if depth >= MAX_DEPTH { min } else { len };
        Value::Array(
            (0..len)
                .map(|_| self.valid(items, shape, depth + 1))
                .collect(),
        )
    }

    fn object(&mut self, schema: &'a Value, shape: Shape, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                let include = required.contains(&name.as_str())
                    || (depth < MAX_DEPTH
                        && match shape {
                            Shape::Minimal => false,
                            Shape::Maximal => true,
                            Shape::Random => self.rng.one_in(2),
                        });
                if include {
                    out.insert(name.clone(), self.valid(prop, shape, depth + 1));
                }
            }
        }
        match schema.get("additionalProperties") {
            Some(extra @ Value::Object(_)) if shape != Shape::Minimal => {
                out.insert("extra_key".into(), self.valid(extra, shape, depth + 1));
            }
            Some(Value::Bool(false)) => {}
            // Fields the schema does not name are allowed (and ignored by the readers).
            _ if shape == Shape::Maximal || (shape == Shape::Random && self.rng.one_in(4)) => {
                out.insert("unknown_field".into(), self.anything());
            }
            _ => {}
        }
        Value::Object(out)
    }

    /// Some JSON value of any type.
    fn anything(&mut self) -> Value {
        match self.rng.below(6) {
            0 => Value::Null,
            1 => Value::Bool(true),
            2 => Value::from(self.rng.below(100) as i64 - 50),
            3 => number(self.rng.below(1000) as f64 / 8.0, false),
            4 => Value::String(self.text(3)),
            _ => serde_json::json!({"a": [1, "b", null]}),
        }
    }

    /// `value` (valid for `schema`, as far as the generator knows) with one fault at a place
    /// chosen at random: a wrong type, `null`, a bound crossed by one, a value outside an enum, a
    /// required field removed. Some faults are none for this schema (`null` for a nullable
    /// field): the judges decide.
    pub fn fault(&mut self, schema: &'a Value, value: &Value) -> Value {
        let schema = self.resolve(schema);
        let branch = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
            .filter(|b| !b.is_empty());
        if let Some(branches) = branch {
            let branch = self.rng.pick(branches);
            return self.fault(branch, value);
        }
        match value {
            Value::Object(map) if !map.is_empty() && !self.rng.one_in(4) => {
                let props = schema.get("properties");
                let keys: Vec<&String> = map.keys().collect();
                let key = (*self.rng.pick(&keys)).clone();
                let mut map = map.clone();
                let required = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|k| k == key.as_str()));
                if required && self.rng.one_in(3) {
                    map.shift_remove(&key);
                } else {
                    let sub = props
                        .and_then(|p| p.get(&key))
                        .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()));
                    let faulty = match sub {
                        Some(sub) => self.fault(sub, &map[&key]),
                        None => self.anything(),
                    };
                    map.insert(key, faulty);
                }
                Value::Object(map)
            }
            Value::Array(items) if !items.is_empty() && self.rng.one_in(2) => {
                let at = self.rng.below(items.len());
                let mut items = items.clone();
                let element = schema.get("items").unwrap_or(&Value::Null);
                items[at] = self.fault(element, &items[at]);
                Value::Array(items)
            }
            _ => self.fault_here(schema, value),
        }
    }

    /// A replacement for `value` that breaks one rule of `schema`, or one of another type.
    fn fault_here(&mut self, schema: &Value, value: &Value) -> Value {
        let mut candidates: Vec<Value> = vec![
            Value::Null,
            Value::String("not-a-listed-value".into()),
            Value::Bool(false),
            Value::from(7),
            number(2.5, false),
            Value::Array(vec![value.clone()]),
            serde_json::json!({}),
        ];
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64) {
            if min > 0 {
                candidates.push(Value::String(self.text(min as usize - 1)));
            }
        }
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
            if max < 100_000 {
                candidates.push(Value::String(self.text(max as usize + 1)));
            }
        }
        let integer = schema.get("type").and_then(Value::as_str) == Some("integer");
        for (key, delta) in [
            ("minimum", -1.0),
            ("maximum", 1.0),
            ("exclusiveMinimum", 0.0),
            ("exclusiveMaximum", 0.0),
        ] {
            if let Some(bound) = schema.get(key).and_then(Value::as_f64) {
                candidates.push(number(bound + delta, integer));
                // Just inside or just outside, in the float's own resolution.
                if !integer {
                    candidates.push(number(bound - delta * 1e-9, false));
                }
            }
        }
        if integer {
            candidates.push(number(1.5, false));
        }
        if let (Some(Value::Array(items)), Some(min)) =
            (Some(value), schema.get("minItems").and_then(Value::as_u64))
        {
            if min > 0 && !items.is_empty() {
                let keep = (min as usize - 1).min(items.len());
                candidates.push(Value::Array(items[..keep].to_vec()));
            }
        }
        if let (Value::Array(items), Some(max)) =
            (value, schema.get("maxItems").and_then(Value::as_u64))
        {
            if let Some(first) = items.first() {
                candidates.push(Value::Array(vec![first.clone(); max as usize + 1]));
            }
        }
        self.rng.pick(&candidates).clone()
    }
}

/// `x` as a JSON number: an integer when `integer` (or when it has no fraction and fits), else
/// a float.
fn number(x: f64, integer: bool) -> Value {
    if integer && x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// Ways of writing the same JSON value as text: as serde_json writes it, integers as floats
/// (`2.0`, `2e0`, `-0`), strings with every non-ASCII character and `/` escaped, keys in reverse
/// order.
#[derive(Clone, Copy, Debug)]
pub enum Form {
    Plain,
    IntegersAsFloats,
    IntegersWithExponent,
    EscapedStrings,
    KeysReversed,
}

pub const FORMS: [Form; 5] = [
    Form::Plain,
    Form::IntegersAsFloats,
    Form::IntegersWithExponent,
    Form::EscapedStrings,
    Form::KeysReversed,
];

/// `value` written as JSON text in `form`.
pub fn write(value: &Value, form: Form) -> String {
    let mut out = String::new();
    write_into(&mut out, value, form);
    out
}

fn write_into(out: &mut String, value: &Value, form: Form) {
    match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => match form {
            Form::IntegersAsFloats if n.as_i64() == Some(0) => out.push_str("-0"),
            Form::IntegersAsFloats => out.push_str(&format!("{n}.0")),
            Form::IntegersWithExponent => out.push_str(&format!("{n}e0")),
            _ => out.push_str(&n.to_string()),
        },
        Value::String(s) if matches!(form, Form::EscapedStrings) => {
            out.push('"');
            for unit in s.encode_utf16() {
                match unit {
                    0x20..=0x7e
                        if unit != u16::from(b'"')
                            && unit != u16::from(b'\\')
                            && unit != u16::from(b'/') =>
                    {
                        out.push(unit as u8 as char)
                    }
                    _ => out.push_str(&format!("\\u{unit:04x}")),
                }
            }
            out.push('"');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_into(out, item, form);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if matches!(form, Form::KeysReversed) {
                entries.reverse();
            }
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_into(out, &Value::String(key.clone()), form);
                out.push(':');
                write_into(out, item, form);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}
