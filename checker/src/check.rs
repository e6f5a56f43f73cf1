//! The problems of one payload: its encoding, its JSON, its shape, its constraints, and the
//! fields the input does not know.

use genmedia_catalog::EndpointInfo;
use genmedia_runtime::InputError;
use serde_json::Value;

use crate::suggest;

/// What kind of problem a [`Problem`] is, as `--format json` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Not UTF-8 text, or text with a byte order mark.
    Encoding,
    /// Not JSON.
    Syntax,
    /// JSON without the input's shape: a missing required field, a wrong type, an unknown enum
    /// value, `null` where it is not allowed.
    Shape,
    /// A violated constraint.
    Constraint,
    /// A field the input does not know (the server ignores it).
    UnknownField,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Encoding => "encoding",
            Kind::Syntax => "syntax",
            Kind::Shape => "shape",
            Kind::Constraint => "constraint",
            Kind::UnknownField => "unknown_field",
        }
    }
}

/// One problem of a payload.
#[derive(Clone, Debug)]
pub struct Problem {
    pub kind: Kind,
    /// The JSON path of the value concerned (`image_size.width`, `loras[0].path`); empty for the
    /// payload as a whole.
    pub path: String,
    /// What is wrong, as the text output prints it after the file name.
    pub message: String,
}

/// The verdict on one payload: its problems, and the unknown fields that are only noted (those
/// are problems with `--strict`).
#[derive(Default)]
pub struct Verdict {
    pub problems: Vec<Problem>,
    pub notes: Vec<Problem>,
}

/// Checks one payload against the endpoint's input.
pub fn payload(info: &EndpointInfo, bytes: &[u8], strict: bool) -> Verdict {
    let mut verdict = Verdict::default();
    let text = match text(bytes) {
        Ok(text) => text,
        Err(message) => {
            verdict.problems.push(Problem {
                kind: Kind::Encoding,
                path: String::new(),
                message,
            });
            return verdict;
        }
    };
    match info.check_input(text) {
        Ok(_) => {}
        Err(InputError::Invalid(errors)) => {
            verdict
                .problems
                .extend(errors.violations().iter().map(|v| Problem {
                    kind: Kind::Constraint,
                    path: v.path.clone(),
                    message: one_line(&v.to_string()),
                }));
        }
        Err(InputError::Json(e)) => verdict.problems.push(Problem {
            kind: if e.is_syntax() {
                Kind::Syntax
            } else {
                Kind::Shape
            },
            path: e.path().to_string(),
            message: one_line(&e.to_string()),
        }),
    }
    let unknown = unknown_fields(info, text);
    if strict {
        verdict.problems.extend(unknown);
    } else {
        verdict.notes.extend(unknown);
    }
    verdict
}

/// The payload as text: UTF-8 without a byte order mark, as JSON must be (RFC 8259).
fn text(bytes: &[u8]) -> Result<&str, String> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        return Err(
            "starts with a UTF-8 byte order mark (BOM), which JSON text must not have; save \
             the file as UTF-8 without BOM"
                .into(),
        );
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return Err("is UTF-16 text (it starts with a byte order mark); JSON must be UTF-8".into());
    }
    std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 text, which JSON must be: {e}"))
}

/// The message with line breaks escaped, so that every problem stays on one line (serde quotes
/// an unknown enum value as it is).
fn one_line(message: &str) -> String {
    message.replace('\r', "\\r").replace('\n', "\\n")
}

/// The fields of the payload that the input does not know, wherever they are: the keys of the
/// payload's objects that the input, read and written again, no longer has. Only a payload with
/// the input's shape can be read; for others, nothing is found.
fn unknown_fields(info: &EndpointInfo, text: &str) -> Vec<Problem> {
    let (Ok(payload), Ok(read)) = (serde_json::from_str::<Value>(text), info.read_input(text))
    else {
        return Vec::new();
    };
    let mut dropped = Vec::new();
    dropped_keys(&payload, &read, &mut Vec::new(), &mut dropped);
    let vocabulary = info.input_fields();
    dropped
        .into_iter()
        // A key whose value is `null` is also dropped when it names an optional field: it is
        // unknown only if the payload still reads, and still drops it, with another value there.
        .filter(|(at, value)| !value.is_null() || still_dropped(info, &payload, at))
        .map(|(at, _)| {
            let key = match at.last() {
                Some(Segment::Key(key)) => key.clone(),
                _ => String::new(),
            };
            let hint = suggest::closest(&key, vocabulary.iter().map(String::as_str))
                .map(|known| format!(", did you mean `{known}`?"))
                .unwrap_or_default();
            Problem {
                kind: Kind::UnknownField,
                path: path_text(&at),
                message: format!(
                    "{}: unknown field{hint} (the server ignores it)",
                    path_text(&at)
                ),
            }
        })
        .collect()
}

/// A step of a path into a JSON value.
#[derive(Clone, Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Collects the paths (with their values) of the keys of `payload` that `read` lacks.
fn dropped_keys<'a>(
    payload: &'a Value,
    read: &Value,
    at: &mut Vec<Segment>,
    out: &mut Vec<(Vec<Segment>, &'a Value)>,
) {
    match (payload, read) {
        (Value::Object(given), Value::Object(kept)) => {
            for (key, value) in given {
                at.push(Segment::Key(key.clone()));
                match kept.get(key) {
                    Some(kept) => dropped_keys(value, kept, at, out),
                    None => out.push((at.clone(), value)),
                }
                at.pop();
            }
        }
        (Value::Array(given), Value::Array(kept)) => {
            for (i, (value, kept)) in given.iter().zip(kept).enumerate() {
                at.push(Segment::Index(i));
                dropped_keys(value, kept, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Whether the key at `at` is still dropped when its `null` is replaced by a value that no
/// field of the input accepts in silence (a list of lists of lists): an unknown key is dropped
/// whatever its value, a known one is then refused or kept.
fn still_dropped(info: &EndpointInfo, payload: &Value, at: &[Segment]) -> bool {
    let mut probe = payload.clone();
    let Some(slot) = at
        .iter()
        .try_fold(&mut probe, |value, segment| match segment {
            Segment::Key(key) => value.get_mut(key.as_str()),
            Segment::Index(i) => value.get_mut(*i),
        })
    else {
        return false;
    };
    *slot = serde_json::json!([[[]]]);
    match info.read_input(&probe.to_string()) {
        Ok(read) => {
            let mut dropped = Vec::new();
            dropped_keys(&probe, &read, &mut Vec::new(), &mut dropped);
            dropped.iter().any(|(path, _)| same_path(path, at))
        }
        Err(_) => false,
    }
}

fn same_path(a: &[Segment], b: &[Segment]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (Segment::Key(x), Segment::Key(y)) => x == y,
            (Segment::Index(x), Segment::Index(y)) => x == y,
            _ => false,
        })
}

/// A path as the runtime writes them: `loras[0].path`, `["a key"]` for keys that are not plain.
fn path_text(at: &[Segment]) -> String {
    let mut out = String::new();
    for segment in at {
        match segment {
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            Segment::Key(key) => {
                let plain = !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if !plain {
                    out.push_str(&format!("[{}]", Value::from(key.as_str())));
                    continue;
                }
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
        }
    }
    out
}
