//! Reading the YAML node tree: typed access to scalars, mappings and sequences, each miss
//! turned into a located diagnostic.

use std::path::Path;

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};
use marked_yaml::{LoadError, LoaderOptions, Node};

use crate::diagnostics::{Diagnostic, Span};

/// The position where a node starts.
pub fn span_of(node: &Node) -> Span {
    marker_span(node.span().start())
}

/// The position where a scalar starts.
pub fn scalar_span(node: &MarkedScalarNode) -> Span {
    marker_span(node.span().start())
}

fn marker_span(marker: Option<&marked_yaml::Marker>) -> Span {
    marker
        .map(|m| Span::new(m.line() as u32, m.column() as u32))
        .unwrap_or_default()
}

/// How deeply mappings and lists may nest in a schema file. Real files nest about ten levels;
/// the limit keeps every recursive walk of the node tree (reading, checking, converting, and
/// dropping it) far from the end of the stack, whatever a file holds.
pub const MAX_DEPTH: usize = 64;

/// Parses one YAML document whose top level is a mapping.
pub fn parse(file: &Path, text: &str) -> Result<Node, Diagnostic> {
    // A byte order mark is legal YAML but would otherwise become part of the first key.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(problem) = prescan(file, text) {
        return Err(problem);
    }
    // `prevent_coercion` keeps the quoting: only plain scalars may read as numbers, booleans or null.
    let options = LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .prevent_coercion(true);
    marked_yaml::parse_yaml_with_options(0, text, options).map_err(|e| load_error(file, e))
}

/// Walks the file's YAML events (no tree is built) and refuses what the tree loader would
/// mishandle: nesting deeper than [`MAX_DEPTH`] (the tree and the walks over it are
/// recursive) and a second document after `---`, which the loader would silently ignore.
/// Syntax errors are left to the loader, which reports them with its own wording.
fn prescan(file: &Path, text: &str) -> Option<Diagnostic> {
    use yaml_rust2::parser::{Event, Parser};
    let at = |m: &yaml_rust2::scanner::Marker| Span::new(m.line() as u32, m.col() as u32 + 1);
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    let mut documents = 0usize;
    loop {
        let (event, mark) = parser.next_token().ok()?;
        match event {
            Event::StreamEnd => return None,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Some(
                        Diagnostic::new(
                            file,
                            at(&mark),
                            "a second YAML document starts here; a schema file holds exactly one",
                        )
                        .with_help("remove the `---` line and merge the keys into the first document, or move them to a file of their own"),
                    );
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(
                        Diagnostic::new(
                            file,
                            at(&mark),
                            format!("the YAML nests more than {MAX_DEPTH} mappings and lists deep here"),
                        )
                        .with_help("no schema needs this depth: flatten the value, or give the nested object a named type"),
                    );
                }
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
}

fn load_error(file: &Path, error: LoadError) -> Diagnostic {
    let at = |m: &marked_yaml::Marker| Span::new(m.line() as u32, m.column() as u32);
    match error {
        LoadError::TopLevelMustBeMapping(m) => Diagnostic::new(
            file,
            at(&m),
            "the file must be a YAML mapping (`key: value` lines)",
        )
        .with_help("see schemas/README.md for the keys a schema file takes"),
        LoadError::TopLevelMustBeSequence(m) => {
            Diagnostic::new(file, at(&m), "the file must be a YAML sequence")
        }
        LoadError::UnexpectedAnchor(m) => Diagnostic::new(
            file,
            at(&m),
            "YAML anchors and aliases are not allowed in schema files",
        )
        .with_help("write the value out in full; shared definitions belong in schemas/shared.yaml"),
        LoadError::MappingKeyMustBeScalar(m) => {
            Diagnostic::new(file, at(&m), "a mapping key must be a plain string")
        }
        LoadError::UnexpectedTag(m) => Diagnostic::new(
            file,
            at(&m),
            "YAML tags (`!name`) are not allowed in schema files",
        )
        .with_help("remove the tag; quote the value if it must be a string"),
        LoadError::ScanError(m, e) => {
            #[allow(deprecated)]
            let what = std::error::Error::description(&e).to_string();
            if what == "recursion limit exceeded" {
                // The scanner's own limit on `[`/`{` nesting, met before the pre-scan's.
                return Diagnostic::new(
                    file,
                    at(&m),
                    "the YAML nests brackets more than 255 deep here",
                )
                .with_help("no schema needs this depth: flatten the value, or give the nested object a named type");
            }
            let help = if what.contains("tab") {
                "YAML indents with spaces only: replace the tabs in this line's indentation with spaces"
            } else {
                "check the indentation and quoting around this position"
            };
            Diagnostic::new(file, at(&m), format!("malformed YAML: {what}")).with_help(help)
        }
        LoadError::DuplicateKey(inner) => {
            let first = scalar_span(&inner.prev_key);
            Diagnostic::new(
                file,
                scalar_span(&inner.key),
                format!(
                    "duplicate key `{}` (first defined at line {}, column {})",
                    inner.key.as_str(),
                    first.line,
                    first.column
                ),
            )
            .with_help("each key may appear once per mapping: remove or rename one of them")
        }
    }
}

/// The name of a node's kind, for messages.
pub fn kind_name(node: &Node) -> &'static str {
    match node {
        Node::Scalar(_) => "a scalar",
        Node::Mapping(_) => "a mapping",
        Node::Sequence(_) => "a list",
    }
}

/// A plain (unquoted) scalar may be read as a number, boolean or null; a quoted one is a string.
pub fn is_plain(node: &MarkedScalarNode) -> bool {
    node.may_coerce()
}

/// Reads a node as a JSON value with YAML's core schema for plain scalars.
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match node {
        Node::Scalar(s) => {
            let text = s.as_str();
            if !is_plain(s) {
                return Value::String(text.to_string());
            }
            match text {
                "null" | "~" | "" => Value::Null,
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => plain_number(text).unwrap_or_else(|| Value::String(text.to_string())),
            }
        }
        Node::Sequence(seq) => Value::Array(seq.iter().map(to_json).collect()),
        Node::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.as_str().to_string(), to_json(v)))
                .collect(),
        ),
    }
}

/// A plain scalar's number, when it is one (decimal integers and floats; no `.inf`/`.nan`).
pub fn plain_number(text: &str) -> Option<serde_json::Value> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let is_int = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    if is_int {
        if let Ok(i) = text.parse::<i64>() {
            return Some(i.into());
        }
        // Counts above i64::MAX (the importer copies fal's `maxItems: 2^64-1`) stay exact.
        if let Ok(u) = text.parse::<u64>() {
            return Some(u.into());
        }
    }
    if looks_numeric(text) {
        if let Ok(f) = text.parse::<f64>() {
            return serde_json::Number::from_f64(f).map(serde_json::Value::Number);
        }
    }
    None
}

/// Whether a plain scalar is written as a decimal number (`5`, `-1.5`, `1e999`), whether or
/// not a 64-bit number can hold it.
pub fn looks_numeric(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty()
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        && digits.bytes().any(|b| b.is_ascii_digit())
        && !digits.starts_with(['e', 'E'])
}

/// Typed reads from the node tree of one file, collecting diagnostics.
pub struct Reader<'a> {
    /// The file being read.
    pub file: &'a Path,
    /// Problems found so far.
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    /// Records a problem.
    pub fn error(&mut self, span: Span, message: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::new(self.file, span, message);
        d.help = help;
        self.diags.push(d);
    }

    /// The node as a mapping, or a diagnostic.
    pub fn mapping<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n MarkedMappingNode> {
        match node {
            Node::Mapping(m) => Some(m),
            other => {
                self.error(
                    span_of(other),
                    format!("{what} must be a mapping, found {}", kind_name(other)),
                    Some("write `key: value` lines indented below it (or `{}` when empty)".into()),
                );
                None
            }
        }
    }

    /// The node as a list, or a diagnostic.
    pub fn sequence<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match node {
            Node::Sequence(s) => Some(s),
            other => {
                self.error(
                    span_of(other),
                    format!("{what} must be a list, found {}", kind_name(other)),
                    Some(
                        "write `- item` lines indented below it, or `[a, b]` (`[]` when empty)"
                            .into(),
                    ),
                );
                None
            }
        }
    }

    /// Reports every key of `map` that is not in `allowed`, suggesting the closest allowed key.
    pub fn known_keys(&mut self, map: &MarkedMappingNode, allowed: &[&str], what: &str) {
        for key in map.keys() {
            let name = key.as_str();
            if allowed.contains(&name) {
                continue;
            }
            let help = match closest(name, allowed) {
                Some(near) => format!(
                    "did you mean `{near}`? {what} takes: {}",
                    allowed.join(", ")
                ),
                None => format!("{what} takes: {}", allowed.join(", ")),
            };
            self.error(
                scalar_span(key),
                format!("unknown key `{name}` in {what}"),
                Some(help),
            );
        }
    }

    /// A required key's node, or a diagnostic at the mapping.
    pub fn required<'n>(
        &mut self,
        map: &'n MarkedMappingNode,
        key: &str,
        what: &str,
    ) -> Option<&'n Node> {
        let node = map.get_node(key);
        if node.is_none() {
            self.error(
                marker_span(map.span().start()),
                format!("{what} is missing the required key `{key}`"),
                Some(format!("add `{key}:` to {what}")),
            );
        }
        node
    }

    /// The node as a string (any scalar), or a diagnostic.
    pub fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match node {
            Node::Scalar(s) => Some(s.as_str().to_string()),
            other => {
                self.error(
                    span_of(other),
                    format!("{what} must be a string, found {}", kind_name(other)),
                    None,
                );
                None
            }
        }
    }

    /// An optional string key.
    pub fn opt_string(&mut self, map: &MarkedMappingNode, key: &str, what: &str) -> Option<String> {
        let node = map.get_node(key)?;
        self.string(node, &format!("`{key}` of {what}"))
    }

    /// A required string key, with its position.
    pub fn req_string(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        what: &str,
    ) -> Option<(String, Span)> {
        let node = self.required(map, key, what)?;
        let text = self.string(node, &format!("`{key}` of {what}"))?;
        Some((text, span_of(node)))
    }

    /// An optional boolean key (`true` or `false`, unquoted); absent reads as `false`.
    pub fn opt_bool(&mut self, map: &MarkedMappingNode, key: &str, what: &str) -> bool {
        let Some(node) = map.get_node(key) else {
            return false;
        };
        match node {
            Node::Scalar(s) if is_plain(s) && (s.as_str() == "true" || s.as_str() == "false") => {
                s.as_str() == "true"
            }
            other => {
                self.error(
                    span_of(other),
                    format!("`{key}` of {what} must be `true` or `false`"),
                    Some("write true or false without quotes".to_string()),
                );
                false
            }
        }
    }

    /// An optional list of strings.
    pub fn opt_strings(&mut self, map: &MarkedMappingNode, key: &str, what: &str) -> Vec<String> {
        let Some(node) = map.get_node(key) else {
            return Vec::new();
        };
        let what = format!("`{key}` of {what}");
        let Some(items) = self.sequence(node, &what) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.string(item, &format!("an entry of {what}")))
            .collect()
    }
}

/// The allowed key nearest to `name` by edit distance, if it is close enough to be a typo.
fn closest<'k>(name: &str, allowed: &[&'k str]) -> Option<&'k str> {
    allowed
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let node = parse(
            Path::new("t.yaml"),
            "a: 5\nb: '5'\nc: 1.5\nd: true\ne: null\nf: 16:9\ng: -3\nh: .inf\ni: 1e3\nj: 18446744073709551615\n",
        )
        .unwrap();
        let json = to_json(&node);
        assert_eq!(
            json,
            serde_json::json!({"a": 5, "b": "5", "c": 1.5, "d": true, "e": null, "f": "16:9", "g": -3, "h": ".inf", "i": 1000.0, "j": 18446744073709551615u64})
        );
    }

    #[test]
    fn suggests_the_nearest_key() {
        assert_eq!(closest("requred", &["required", "type"]), Some("required"));
        assert_eq!(closest("zzzzzz", &["required", "type"]), None);
    }
}
