//! Reading inputs from JSON and validating them in one call.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::validate::{Validate, ValidationErrors};

/// Why a JSON input was refused.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The text is not JSON, or does not have the input's shape (a missing required field, a
    /// wrong type, an unknown enum value, `null` where it is not allowed). The error names the
    /// JSON path of the value concerned.
    #[error("the input does not have the expected shape: {0}")]
    Json(#[from] JsonError),
    /// The input has the right shape but violates constraints.
    #[error("the input violates the schema: {0}")]
    Invalid(#[from] ValidationErrors),
}

impl From<serde_json::Error> for InputError {
    fn from(error: serde_json::Error) -> Self {
        InputError::Json(error.into())
    }
}

/// A JSON text or value that could not be read as the expected type: serde_json's error and the
/// JSON path of the value it concerns (`aspect_ratio`, `image_size.width`, `loras[0].path`;
/// empty for the top-level value, for instance when a required field is missing there, and for
/// a text that is not JSON at all).
///
/// Displays as `<path>: <serde_json's message>`, or the message alone when the path is empty; a
/// message about a JSON text ends with its line and column.
#[derive(Debug)]
pub struct JsonError {
    path: String,
    error: serde_json::Error,
    /// Where in the text (0 for a value), kept when `error` is replaced by a clearer one that
    /// does not say (see [`from_str`]).
    line: usize,
    column: usize,
}

impl JsonError {
    /// The JSON path of the value the error concerns; empty for the top-level value.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// serde_json's error, without the path.
    pub fn error(&self) -> &serde_json::Error {
        &self.error
    }

    /// serde_json's error, without the path, by value.
    pub fn into_inner(self) -> serde_json::Error {
        self.error
    }

    /// The line (from 1) in the JSON text where the error was found; 0 when the error did not
    /// come from a text.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (from 1) in the JSON text where the error was found; 0 when the error did not
    /// come from a text.
    pub fn column(&self) -> usize {
        self.column
    }

    /// Whether the text is not JSON at all (a syntax error, or the text ends too early), as
    /// opposed to JSON of the wrong shape.
    pub fn is_syntax(&self) -> bool {
        self.error.is_syntax() || self.error.is_eof()
    }

    fn with_path(error: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = json_path(error.path());
        JsonError {
            path,
            ..error.into_inner().into()
        }
    }
}

impl From<serde_json::Error> for JsonError {
    /// An error about the top-level value.
    fn from(error: serde_json::Error) -> Self {
        JsonError {
            path: String::new(),
            line: error.line(),
            column: error.column(),
            error,
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        self.error.fmt(f)?;
        if self.error.line() == 0 && self.line > 0 {
            write!(f, " at line {} column {}", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for JsonError {}

/// Writes a path the way [`crate::validate::Path`] does: `a.b`, `list[2]`, and keys that are not
/// plain names quoted (`map["a b"]`).
fn json_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => push_key(&mut out, key),
            Segment::Enum { variant } => push_key(&mut out, variant),
            Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    out
}

/// Appends an object key to a path being written.
fn push_key(out: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !plain {
        out.push('[');
        out.push_str(&serde_json::Value::from(key).to_string());
        out.push(']');
        return;
    }
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(key);
}

/// Serializes a generated value as compact JSON. Generated types have string map keys, and
/// their `Serialize` impls (derived for unions, `wire_enum!`'s for enums, written through
/// [`crate::ser`] for objects) raise no error of their own: serde_json could fail only on those
/// two, so the empty string returned on an error is never seen.
pub fn to_string<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Deserializes `json` into `T` and validates it. A JSON error names the path of the value
/// concerned (see [`JsonError`]).
pub fn from_str<T: DeserializeOwned + Validate>(json: &str) -> Result<T, InputError> {
    let value: T = read(json)?;
    value.validate()?;
    Ok(value)
}

/// Deserializes `json` into `T` without validating it: [`from_str`] before its constraint
/// checks, with the same errors.
pub fn read<T: DeserializeOwned>(json: &str) -> Result<T, JsonError> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value: T = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => value,
        Err(error) => {
            let mut error = JsonError::with_path(error);
            // Not JSON: there is no value to name; the line and column say where.
            if error.is_syntax() {
                error.path.clear();
            }
            return Err(error);
        }
    };
    // Trailing characters after the value are an error, as in `serde_json::from_str`.
    deserializer.end()?;
    Ok(value)
}

/// Deserializes a JSON value into `T` and validates it. A JSON error names the path of the
/// value concerned (see [`JsonError`]).
pub fn from_value<T: DeserializeOwned + Validate>(
    json: serde_json::Value,
) -> Result<T, InputError> {
    let value: T = serde_path_to_error::deserialize(json).map_err(JsonError::with_path)?;
    value.validate()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Path;

    #[derive(Debug, serde::Deserialize)]
    struct Outer {
        #[allow(dead_code)]
        name: String,
        #[serde(default)]
        #[allow(dead_code)]
        items: Vec<Inner>,
        #[serde(default)]
        #[allow(dead_code)]
        map: std::collections::BTreeMap<String, u8>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Inner {
        #[allow(dead_code)]
        size: u8,
    }

    #[derive(Debug, serde::Deserialize)]
    struct WithEnum {
        #[allow(dead_code)]
        kind: Kind,
        #[serde(default)]
        #[allow(dead_code)]
        kinds: Vec<Kind>,
    }

    /// As the generator writes a string enum.
    #[derive(Debug, Clone, Copy)]
    enum Kind {
        A,
    }

    impl Kind {
        const ALL: &'static [Self] = &[Self::A];
        const fn as_str(self) -> &'static str {
            "a"
        }
    }

    crate::wire_enum!(str Kind);

    impl Validate for WithEnum {
        fn validate_at(&self, _: &Path<'_>, _: &mut ValidationErrors) {}
    }

    impl Validate for Outer {
        fn validate_at(&self, _: &Path<'_>, _: &mut ValidationErrors) {}
    }

    fn json_error(text: &str) -> JsonError {
        match from_str::<Outer>(text) {
            Err(InputError::Json(e)) => e,
            other => panic!("expected a JSON error for {text}, got {other:?}"),
        }
    }

    #[test]
    fn json_errors_name_the_path_of_the_value() {
        let e = json_error(r#"{"name": "n", "items": [{"size": 1}, {"size": "big"}]}"#);
        assert_eq!(e.path(), "items[1].size");
        assert!(
            e.to_string().starts_with(
                "items[1].size: invalid type: string \"big\", expected u8 at line 1 column"
            ),
            "{e}"
        );
        assert!(!e.is_syntax());
        let e = json_error(r#"{"name": "n", "map": {"a b": 300}}"#);
        assert_eq!(e.path(), r#"map["a b"]"#);
        let e = json_error(r#"{"name": "n", "items": [{}]}"#);
        assert_eq!(
            e.to_string(),
            "items[0]: missing field `size` at line 1 column 26"
        );
        // A missing field at the top level, and trailing text, concern the top-level value.
        let e = json_error(r#"{"items": []}"#);
        assert_eq!(e.path(), "");
        assert_eq!(e.to_string(), "missing field `name` at line 1 column 13");
        let e = json_error(r#"{"name": "n"} x"#);
        assert_eq!((e.path(), e.line(), e.column()), ("", 1, 15));
        assert!(e.is_syntax());
        let e = json_error("{\"name\": \"n\",\n \"items\": [{\"size\": 1,}]}");
        assert!(e.is_syntax());
        assert_eq!((e.path(), e.line(), e.column()), ("", 2, 23));
        // A number where an enum's string is expected: the real reason (serde_json's own
        // `deserialize_enum` says "expected value", a syntax error), at the value.
        match from_str::<WithEnum>("{\n  \"kind\": 4}") {
            Err(InputError::Json(e)) => assert_eq!(
                e.to_string(),
                "kind: invalid type: integer `4`, expected a string, one of the enum's values at line 2 column 11"
            ),
            other => panic!("expected a JSON error, got {other:?}"),
        }
        for (text, message) in [
            (r#"{"kind": null}"#, "kind: invalid type: null, expected a string, one of the enum's values at line 1 column 13"),
            // A string the enum does not know, in serde's words for a one-value enum.
            (r#"{"kind": "b"}"#, "kind: unknown variant `b`, expected `a` at line 1 column 13"),
            (r#"{"kind": "a", "kinds": ["a", false]}"#, "kinds[1]: invalid type: boolean `false`, expected a string, one of the enum's values at line 1 column 34"),
            // Not JSON: the syntax error stays, without a path.
            (r#"{"kind": "a""#, "EOF while parsing an object at line 1 column 12"),
        ] {
            match from_str::<WithEnum>(text) {
                Err(InputError::Json(e)) => assert_eq!(e.to_string(), message),
                other => panic!("expected a JSON error, got {other:?}"),
            }
        }
        // Values, not only texts.
        match from_value::<Outer>(serde_json::json!({"name": 1})) {
            Err(InputError::Json(e)) => assert_eq!(e.path(), "name"),
            other => panic!("expected a JSON error, got {other:?}"),
        }
    }
}
