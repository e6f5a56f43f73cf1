//! Writing the schema model back as YAML, in one fixed layout, so that files the importer
//! writes are deterministic, read well, and load back to the same model.

use std::fmt::Write as _;

use serde_json::Value;

use super::constraint::Bound;
use super::model::*;

/// Renders an endpoint file. `header` comment lines go first.
pub fn endpoint_file(e: &Endpoint) -> String {
    let mut w = Writer::default();
    if let Some(header) = &e.header {
        w.line(0, header);
    }
    w.key_scalar(0, "id", &e.id.value);
    w.key_scalar(0, "provider", &e.provider.value);
    w.key_scalar(0, "title", &e.title);
    w.key_scalar(0, "category", &e.category);
    if let Some(d) = &e.description {
        w.key_text(0, "description", d);
    }
    if let Some(u) = &e.docs_url {
        w.key_scalar(0, "docs_url", u);
    }
    if e.streaming {
        w.line(0, "streaming: true");
    }
    w.key_scalar(0, "input", &e.input.value);
    w.key_scalar(0, "output", &e.output.value);
    if let Some(source) = &e.source {
        w.line(0, "source:");
        if let Some(u) = &source.upstream {
            w.key_scalar(2, "upstream", u);
        }
        if !source.pages.is_empty() {
            w.line(2, "pages:");
            for p in &source.pages {
                w.item_text(2, p);
            }
        }
    }
    if !e.notes.is_empty() {
        w.line(0, "notes:");
        for n in &e.notes {
            w.item_text(0, n);
        }
    }
    if !e.examples.is_empty() {
        w.line(0, "examples:");
        for ex in &e.examples {
            let mut first = true;
            let mut prefix = |w: &mut Writer| {
                let p = if first { "- " } else { "  " };
                first = false;
                w.out.push_str(p);
            };
            if let Some(n) = &ex.name {
                prefix(&mut w);
                w.key_scalar(0, "name", n);
            }
            for (key, json) in [("input", &ex.input), ("output", &ex.output)] {
                if let Some(json) = json {
                    prefix(&mut w);
                    w.key_text(2, key, &json.value);
                }
            }
            if let Some(n) = &ex.note {
                prefix(&mut w);
                w.key_text(2, "note", n);
            }
        }
    }
    if let Some(http) = &e.http {
        w.line(0, "http:");
        w.key_scalar(2, "method", http.value.method.as_str());
        w.key_scalar(2, "path", &http.value.path);
        w.key_scalar(2, "input_in", http.value.input_in.as_str());
    }
    if let Some(poll) = &e.poll {
        let poll = &poll.value;
        let list = |states: &[Located<String>]| {
            let items: Vec<String> = states.iter().map(|s| scalar(&s.value)).collect();
            format!("[{}]", items.join(", "))
        };
        w.line(0, "poll:");
        w.key_scalar(2, "endpoint", &poll.endpoint.value);
        w.key_scalar(2, "id", &poll.id.value);
        w.key_scalar(2, "id_input", &poll.id_input.value);
        if !poll.input.is_empty() {
            w.line(2, "input:");
            for (name, value) in &poll.input {
                w.line(
                    4,
                    &format!("{}: {}", scalar(&name.value), flow(&value.value)),
                );
            }
        }
        w.key_scalar(2, "state", &poll.state.value);
        w.line(2, &format!("done: {}", list(&poll.done)));
        if !poll.failed.is_empty() {
            w.line(2, &format!("failed: {}", list(&poll.failed)));
        }
        if let Some(reason) = &poll.reason {
            w.key_scalar(2, "reason", &reason.value);
        }
    }
    w.line(0, "types:");
    w.types(2, &e.types.types);
    w.out
}

/// Renders `shared.yaml`.
pub fn shared_file(header: &str, types: &[NamedType]) -> String {
    let mut w = Writer::default();
    w.line(0, header);
    w.line(0, "types:");
    w.types(2, types);
    w.out
}

#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn line(&mut self, indent: usize, text: &str) {
        // A line begun by a list prefix ("- ") already carries its indentation.
        if !self.out.ends_with("- ") && !self.out.ends_with("  ")
            || self.out.ends_with('\n')
            || self.out.is_empty()
        {
            self.out.push_str(&" ".repeat(indent));
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn key_scalar(&mut self, indent: usize, key: &str, value: &str) {
        let line = format!("{}: {}", scalar(key), scalar(value));
        self.line(indent, &line);
    }

    /// A key whose value may span lines: a literal block when it does, a scalar otherwise.
    fn key_text(&mut self, indent: usize, key: &str, value: &str) {
        match block_indicator(value) {
            Some(indicator) => {
                self.line(indent, &format!("{}: {indicator}", scalar(key)));
                self.block_lines(indent + 2, value);
            }
            None => self.key_scalar(indent, key, value),
        }
    }

    fn item_text(&mut self, indent: usize, value: &str) {
        match block_indicator(value) {
            Some(indicator) => {
                self.line(indent, &format!("- {indicator}"));
                self.block_lines(indent + 2, value);
            }
            None => self.line(indent, &format!("- {}", scalar(value))),
        }
    }

    fn block_lines(&mut self, indent: usize, value: &str) {
        for l in value.strip_suffix('\n').unwrap_or(value).split('\n') {
            if l.is_empty() {
                self.out.push('\n');
            } else {
                self.line(indent, l);
            }
        }
    }

    fn types(&mut self, indent: usize, types: &[NamedType]) {
        if types.is_empty() {
            // `types:` with nothing after it would read as null; write an empty mapping.
            self.out
                .truncate(self.out.trim_end_matches("types:\n").len());
            self.line(0, "types: {}");
            return;
        }
        for t in types {
            self.line(indent, &format!("{}:", t.name.value));
            let i = indent + 2;
            if let Some(d) = &t.description {
                self.key_text(i, "description", d);
            }
            if t.deprecated {
                self.line(i, "deprecated: true");
            }
            match &t.kind {
                TypeKind::Object(fields) if fields.is_empty() => self.line(i, "fields: {}"),
                TypeKind::Object(fields) => {
                    self.line(i, "fields:");
                    for f in fields {
                        self.field(i + 2, f);
                    }
                }
                TypeKind::Enum(values) => self.enum_values(i, values),
                TypeKind::Union(u) => {
                    self.line(i, "union:");
                    if let Some(tag) = &u.tag {
                        self.key_scalar(i + 2, "tag", &tag.value);
                    }
                    self.line(i + 2, "variants:");
                    for v in &u.variants {
                        if v.rust_name.is_none() && v.tag_value.is_none() {
                            self.line(i + 2, &format!("- {}", scalar(&v.ty.value.to_string())));
                        } else {
                            let mut parts = Vec::new();
                            if let Some(tv) = &v.tag_value {
                                parts.push(format!("tag_value: {}", quoted(&tv.value)));
                            }
                            parts.push(format!("type: {}", v.ty.value));
                            if let Some(r) = &v.rust_name {
                                parts.push(format!("rust_name: {}", r.value));
                            }
                            self.line(i + 2, &format!("- {{ {} }}", parts.join(", ")));
                        }
                    }
                }
            }
        }
    }

    fn enum_values(&mut self, indent: usize, values: &[EnumValue]) {
        let simple = values
            .iter()
            .all(|v| v.rust_name.is_none() && v.description.is_none());
        if simple {
            let items: Vec<String> = values.iter().map(|v| literal(&v.value.value)).collect();
            self.line(indent, &format!("enum: [{}]", items.join(", ")));
            return;
        }
        self.line(indent, "enum:");
        for v in values {
            if v.rust_name.is_none() && v.description.is_none() {
                self.line(indent, &format!("- {}", literal(&v.value.value)));
                continue;
            }
            self.line(indent, &format!("- value: {}", literal(&v.value.value)));
            if let Some(r) = &v.rust_name {
                self.line(indent + 2, &format!("rust_name: {}", r.value));
            }
            if let Some(d) = &v.description {
                self.key_text(indent + 2, "description", d);
            }
        }
    }

    fn field(&mut self, indent: usize, f: &Field) {
        self.line(indent, &format!("{}:", scalar(&f.name.value)));
        let i = indent + 2;
        self.key_scalar(i, "type", &f.ty.value.to_string());
        if f.required {
            self.line(i, "required: true");
        }
        if let Some(d) = &f.default {
            self.line(i, &format!("default: {}", flow(&d.value)));
        }
        if let Some(d) = &f.description {
            self.key_text(i, "description", d);
        }
        if f.deprecated {
            self.line(i, "deprecated: true");
        }
        self.constraints(i, &f.constraints);
    }

    fn constraints(&mut self, i: usize, k: &Constraints) {
        for (row, bound) in k.set_ones() {
            match bound {
                Bound::Pattern(p) => self.line(i, &format!("{}: {}", row.key, quoted(&p.value))),
                other => self.line(i, &format!("{}: {}", row.key, other.text())),
            }
        }
        if let Some(items) = &k.items {
            self.line(i, "items:");
            self.constraints(i + 2, items);
        }
    }
}

fn literal(l: &EnumLiteral) -> String {
    match l {
        EnumLiteral::Str(s) => quoted(s),
        EnumLiteral::Int(i) => i.to_string(),
    }
}

/// A JSON-escaped double-quoted scalar: JSON's escapes are a subset of YAML's.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// A scalar written plain when YAML would read it back as the same string, quoted otherwise.
fn scalar(s: &str) -> String {
    if plain_safe(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let reserved = ["null", "true", "false", "yes", "no", "on", "off", "~"];
    if reserved.contains(&s.to_ascii_lowercase().as_str()) || super::yaml::plain_number(s).is_some()
    {
        return false;
    }
    let indicator = "-?:,[]{}#&*!|>'\"%@`.";
    !indicator.contains(first)
        && !first.is_whitespace()
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains(['\n', '\r', '\t'])
        && !s.chars().any(char::is_control)
        && !s.contains(['{', '}', '[', ']', ','])
}

/// The literal-block indicator that reads back as exactly `s` (`|-` without a final newline,
/// `|` with one), or `None` when `s` is better written as a quoted scalar.
fn block_indicator(s: &str) -> Option<&'static str> {
    let body = s.strip_suffix('\n').unwrap_or(s);
    let ok = body.contains('\n')
        && !body.starts_with([' ', '\n'])
        && !body.ends_with('\n')
        && !body.contains(['\r', '\t'])
        && !body.chars().any(|c| c.is_control() && c != '\n')
        && body.split('\n').all(|l| !l.ends_with(' '));
    match (ok, body.len() == s.len()) {
        (false, _) => None,
        (true, true) => Some("|-"),
        (true, false) => Some("|"),
    }
}

/// A JSON value in YAML flow style (JSON with spaces after `:` and `,`).
fn flow(v: &Value) -> String {
    match v {
        Value::String(s) => quoted(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => {
            let mut out = String::from("{");
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: {}", quoted(k), flow(v));
            }
            out.push('}');
            out
        }
        other => other.to_string(),
    }
}
