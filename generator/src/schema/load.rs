//! From YAML files to the schema model: structure only (keys, kinds of values, type
//! expressions). The semantic rules live in `check/`.

use std::path::{Path, PathBuf};

use marked_yaml::types::MarkedMappingNode;
use marked_yaml::Node;

use super::constraint::{self, ValueType, ROWS};
use super::model::*;
use super::type_expr;
use super::yaml::{self, is_plain, scalar_span, span_of, Reader};
use crate::diagnostics::{Diagnostic, Span};

/// The providers file, relative to the schema root.
pub const PROVIDERS_FILE: &str = "providers.yaml";
/// The shared types file, relative to the schema root.
pub const SHARED_FILE: &str = "shared.yaml";

const ENDPOINT_KEYS: &[&str] = &[
    "id",
    "provider",
    "title",
    "category",
    "description",
    "docs_url",
    "streaming",
    "input",
    "output",
    "source",
    "notes",
    "examples",
    "http",
    "poll",
    "types",
];
const TYPE_KEYS: &[&str] = &["description", "deprecated", "fields", "enum", "union"];
const FIELD_KEYS: &[&str] = &["type", "required", "default", "description", "deprecated"];

/// One schema file's text, named by its path relative to the schema root.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the schema root, with `/` separators (`fal-ai/ovi.yaml`).
    pub relative: String,
    /// The file as shown in diagnostics (`schemas/fal-ai/ovi.yaml`).
    pub display: PathBuf,
    /// The contents.
    pub text: String,
}

/// What the files hold before cross-file checks.
#[derive(Default)]
pub struct Parsed {
    /// The providers, if `providers.yaml` was readable.
    pub providers: Vec<Provider>,
    /// The shared types.
    pub shared: TypeFile,
    /// The endpoints, with the relative path each came from.
    pub endpoints: Vec<(String, Endpoint)>,
}

/// Parses every file, collecting structural problems into `diags`.
pub fn parse_files(files: &[SourceFile], diags: &mut Vec<Diagnostic>) -> Parsed {
    let mut parsed = Parsed::default();
    let mut saw_providers = false;
    // Files are independent until the cross-file checks.
    for (item, file_diags) in crate::parallel::map(files, parse_one) {
        diags.extend(file_diags);
        match item {
            Some(Item::Providers(p)) => {
                saw_providers = true;
                parsed.providers = p;
            }
            Some(Item::Shared(t)) => parsed.shared = t,
            Some(Item::Endpoint(relative, e)) => parsed.endpoints.push((relative, *e)),
            None => {}
        }
    }
    if !saw_providers {
        // Name the file where it should be: beside the other schema files.
        let root = files
            .first()
            .and_then(|f| {
                let display = f.display.to_string_lossy().replace('\\', "/");
                display.strip_suffix(&f.relative).map(str::to_string)
            })
            .unwrap_or_default();
        diags.push(
            Diagnostic::new(
                &Path::new(&root).join(PROVIDERS_FILE),
                Span::default(),
                "providers.yaml is missing from the schema directory",
            )
            .with_help("create providers.yaml beside the other schema files; schemas/README.md shows its format"),
        );
    }
    parsed
}

/// What one file holds.
enum Item {
    Providers(Vec<Provider>),
    Shared(TypeFile),
    Endpoint(String, Box<Endpoint>),
}

fn parse_one(source: &SourceFile) -> (Option<Item>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let node = match yaml::parse(&source.display, &source.text) {
        Ok(node) => node,
        Err(d) => return (None, vec![d]),
    };
    let mut r = Reader {
        file: &source.display,
        diags: &mut diags,
    };
    let Some(map) = r.mapping(&node, "a schema file") else {
        return (None, diags);
    };
    let item = match source.relative.as_str() {
        PROVIDERS_FILE => Some(Item::Providers(providers(&mut r, map))),
        SHARED_FILE => {
            r.known_keys(map, &["types"], "shared.yaml");
            Some(Item::Shared(TypeFile {
                file: source.display.clone(),
                types: map
                    .get_node("types")
                    .map(|n| types(&mut r, n))
                    .unwrap_or_default(),
            }))
        }
        _ => {
            let header = source
                .text
                .lines()
                .next()
                .filter(|l| l.starts_with('#'))
                .map(str::to_string);
            endpoint(&mut r, map, &source.display).map(|mut endpoint| {
                endpoint.header = header;
                Item::Endpoint(source.relative.clone(), Box::new(endpoint))
            })
        }
    };
    (item, diags)
}

fn providers(r: &mut Reader, map: &MarkedMappingNode) -> Vec<Provider> {
    r.known_keys(map, &["providers"], "providers.yaml");
    let Some(node) = r.required(map, "providers", "providers.yaml") else {
        return Vec::new();
    };
    let Some(entries) = r.mapping(node, "`providers`") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries.iter() {
        let name = key.as_str().to_string();
        let what = format!("provider `{name}`");
        let Some(p) = r.mapping(value, &what) else {
            continue;
        };
        r.known_keys(
            p,
            &[
                "title",
                "routing",
                "base_url",
                "sync_base_url",
                "auth",
                "docs_url",
            ],
            &what,
        );
        let title = r.req_string(p, "title", &what);
        let routing =
            r.req_string(p, "routing", &what)
                .and_then(|(text, span)| match text.as_str() {
                    "fal-queue" => Some(Routing::FalQueue),
                    "http" => Some(Routing::Http),
                    other => {
                        r.error(
                            span,
                            format!("unknown routing `{other}` for {what}"),
                            Some("use `fal-queue` or `http`".into()),
                        );
                        None
                    }
                });
        let base_url = r.req_string(p, "base_url", &what);
        let sync_base_url = r.opt_string(p, "sync_base_url", &what);
        let docs_url = r.opt_string(p, "docs_url", &what);
        for key in ["base_url", "sync_base_url", "docs_url"] {
            check_provider_value(r, p, key, &what, http_url_problem);
        }
        let auth = r.required(p, "auth", &what).and_then(|n| {
            let what = format!("`auth` of {what}");
            let a = r.mapping(n, &what)?;
            r.known_keys(a, &["header", "scheme", "env"], &what);
            check_provider_value(r, a, "header", &what, header_name_problem);
            check_provider_value(r, a, "scheme", &what, scheme_problem);
            check_provider_value(r, a, "env", &what, env_name_problem);
            Some(Auth {
                header: r.req_string(a, "header", &what)?.0,
                scheme: r.req_string(a, "scheme", &what)?.0,
                env: r.req_string(a, "env", &what)?.0,
            })
        });
        if let (Some((title, _)), Some(routing), Some((base_url, _)), Some(auth)) =
            (title, routing, base_url, auth)
        {
            out.push(Provider {
                name,
                span: scalar_span(key),
                title,
                routing,
                base_url,
                sync_base_url,
                auth,
                docs_url,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Reports the value of `key` in a provider's mapping when `problem` finds one. The values
/// land in generated code and HTTP requests: a header name with a line break in it would
/// split the request, a base URL that is not http(s) would fail at the first call.
fn check_provider_value(
    r: &mut Reader,
    map: &MarkedMappingNode,
    key: &str,
    what: &str,
    problem: fn(&str) -> Option<(String, String)>,
) {
    let Some(Node::Scalar(s)) = map.get_node(key) else {
        return; // missing or not a string: reported where it is read
    };
    if let Some((message, help)) = problem(s.as_str()) {
        r.error(
            scalar_span(s),
            format!("`{key}` of {what} {message}"),
            Some(help),
        );
    }
}

/// Why `text` is not an absolute http(s) URL with a host, if it is not.
fn http_url_problem(text: &str) -> Option<(String, String)> {
    let help = "write an absolute URL such as `https://queue.fal.run`".to_string();
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return Some((
            format!("is `{text}`, which is not an http or https URL"),
            help,
        ));
    };
    if let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Some((format!("contains {c:?}, which a URL cannot hold"), help));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() {
        return Some((format!("is `{text}`, which names no host"), help));
    }
    None
}

/// Why `text` is not an HTTP header name (an RFC 9110 token), if it is not.
fn header_name_problem(text: &str) -> Option<(String, String)> {
    token_problem(text, "an HTTP header name", "`Authorization`")
}

/// Why `text` is not an authentication scheme (a token), if it is not.
fn scheme_problem(text: &str) -> Option<(String, String)> {
    token_problem(text, "an authentication scheme", "`Key` or `Bearer`")
}

fn token_problem(text: &str, what: &str, example: &str) -> Option<(String, String)> {
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    let help = format!("{what} is letters, digits and `-` (for example {example})");
    match text.chars().find(|&c| !is_token_char(c)) {
        _ if text.is_empty() => Some((format!("is empty, which is not {what}"), help)),
        Some(c) => Some((format!("contains {c:?}, which {what} cannot hold"), help)),
        None => None,
    }
}

/// Why `text` is not a portable environment variable name, if it is not.
fn env_name_problem(text: &str) -> Option<(String, String)> {
    let mut chars = text.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        None
    } else {
        Some((
            format!("is `{text}`, which is not an environment variable name"),
            "use letters, digits and `_`, not starting with a digit (for example `FAL_KEY`)"
                .to_string(),
        ))
    }
}

fn endpoint(r: &mut Reader, map: &MarkedMappingNode, file: &Path) -> Option<Endpoint> {
    let what = "the endpoint file";
    r.known_keys(map, ENDPOINT_KEYS, what);
    let id = r.req_string(map, "id", what);
    let provider = r.req_string(map, "provider", what);
    let title = r.req_string(map, "title", what);
    let category = r.req_string(map, "category", what);
    let input = r.req_string(map, "input", what);
    let output = r.req_string(map, "output", what);
    let description = r.opt_string(map, "description", what);
    let docs_url = r.opt_string(map, "docs_url", what);
    let streaming = r.opt_bool(map, "streaming", what);
    let notes = r.opt_strings(map, "notes", what);
    let source = map.get_node("source").and_then(|n| {
        let m = r.mapping(n, "`source`")?;
        r.known_keys(m, &["upstream", "pages"], "`source`");
        Some(Source {
            upstream: r.opt_string(m, "upstream", "`source`"),
            pages: r.opt_strings(m, "pages", "`source`"),
        })
    });
    let examples = map
        .get_node("examples")
        .map(|n| examples(r, n))
        .unwrap_or_default();
    let http = map.get_node("http").and_then(|n| http(r, n));
    let poll = map.get_node("poll").and_then(|n| poll(r, n));
    let types = TypeFile {
        file: file.to_path_buf(),
        types: map
            .get_node("types")
            .map(|n| types(r, n))
            .unwrap_or_default(),
    };
    let located = |(value, span): (String, Span)| Located::new(value, span);
    Some(Endpoint {
        id: located(id?),
        provider: located(provider?),
        title: title?.0,
        category: category?.0,
        description,
        docs_url,
        streaming,
        input: located(input?),
        output: located(output?),
        source,
        notes,
        examples,
        http,
        poll,
        header: None,
        types,
    })
}

fn http(r: &mut Reader, node: &Node) -> Option<Located<Http>> {
    let what = "`http`";
    let m = r.mapping(node, what)?;
    r.known_keys(m, &["method", "path", "input_in"], what);
    let method = r.req_string(m, "method", what).and_then(|(method, span)| {
        let known = HttpMethod::ALL.into_iter().find(|m| m.as_str() == method);
        if known.is_some() {
            known
        } else {
            r.error(
                span,
                format!("unknown HTTP method `{method}`"),
                Some("use GET, POST, PUT or DELETE".into()),
            );
            None
        }
    });
    let path = r.req_string(m, "path", what);
    let input_in = match r.opt_string(m, "input_in", what).as_deref() {
        None | Some("body") => Some(InputLocation::Body),
        Some("query") => Some(InputLocation::Query),
        Some(other) => {
            let span = m.get_node("input_in").map(span_of).unwrap_or_default();
            r.error(
                span,
                format!("`input_in` must be `body` or `query`, not `{other}`"),
                None,
            );
            None
        }
    };
    Some(Located::new(
        Http {
            method: method?,
            path: path?.0,
            input_in: input_in?,
        },
        span_of(node),
    ))
}

fn poll(r: &mut Reader, node: &Node) -> Option<Located<PollSpec>> {
    let what = "`poll`";
    let m = r.mapping(node, what)?;
    r.known_keys(
        m,
        &[
            "endpoint", "id", "id_input", "input", "state", "done", "failed", "reason",
        ],
        what,
    );
    let located = |(value, span): (String, Span)| Located::new(value, span);
    let endpoint = r.req_string(m, "endpoint", what).map(located);
    let id = r.req_string(m, "id", what).map(located);
    let id_input = r.req_string(m, "id_input", what).map(located);
    let state = r.req_string(m, "state", what).map(located);
    let reason = m.get_node("reason").and_then(|n| {
        let text = r.string(n, "`reason` of `poll`")?;
        Some(Located::new(text, span_of(n)))
    });
    let mut input = Vec::new();
    if let Some(n) = m.get_node("input") {
        if let Some(fields) = r.mapping(n, "`input` of `poll`") {
            for (key, value) in fields.iter() {
                input.push((
                    Located::new(key.as_str().to_string(), scalar_span(key)),
                    Located::new(super::yaml::to_json(value), span_of(value)),
                ));
            }
        }
    }
    let states = |r: &mut Reader, key: &str| -> Vec<Located<String>> {
        let Some(n) = m.get_node(key) else {
            return Vec::new();
        };
        let what = format!("`{key}` of `poll`");
        let Some(items) = r.sequence(n, &what) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| {
                let text = r.string(item, &format!("an entry of {what}"))?;
                Some(Located::new(text, span_of(item)))
            })
            .collect()
    };
    let done = states(r, "done");
    let failed = states(r, "failed");
    if done.is_empty() {
        r.error(
            span_of(node),
            "`poll` needs at least one state in `done`",
            Some("list the states in which the job is finished, e.g. `done: [completed]`".into()),
        );
        return None;
    }
    Some(Located::new(
        PollSpec {
            endpoint: endpoint?,
            id: id?,
            id_input: id_input?,
            input,
            state: state?,
            done,
            failed,
            reason,
        },
        span_of(node),
    ))
}

pub(crate) fn examples(r: &mut Reader, node: &Node) -> Vec<Example> {
    let Some(items) = r.sequence(node, "`examples`") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let what = "an example";
        let Some(m) = r.mapping(item, what) else {
            continue;
        };
        r.known_keys(m, &["name", "input", "output", "note"], what);
        let json = |r: &mut Reader, key: &str| {
            let node = m.get_node(key)?;
            let text = r.string(node, &format!("`{key}` of an example"))?;
            Some(Located::new(text, span_of(node)))
        };
        out.push(Example {
            name: r.opt_string(m, "name", what),
            input: json(r, "input"),
            output: json(r, "output"),
            note: r.opt_string(m, "note", what),
        });
    }
    out
}

/// Reads a `types:` mapping.
fn types(r: &mut Reader, node: &Node) -> Vec<NamedType> {
    let Some(entries) = r.mapping(node, "`types`") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries.iter() {
        let name = Located::new(key.as_str().to_string(), scalar_span(key));
        if !type_expr::is_type_name(&name.value) {
            r.error(
                name.span,
                format!("type name `{}` is not UpperCamelCase ASCII", name.value),
                Some("start with an uppercase letter and use only letters and digits, e.g. `AspectRatio`".into()),
            );
            continue;
        }
        let what = format!("type `{}`", name.value);
        let Some(m) = r.mapping(value, &what) else {
            continue;
        };
        r.known_keys(m, TYPE_KEYS, &what);
        let description = r.opt_string(m, "description", &what);
        let deprecated = r.opt_bool(m, "deprecated", &what);
        let present: Vec<&str> = ["fields", "enum", "union"]
            .into_iter()
            .filter(|k| m.get_node(k).is_some())
            .collect();
        let kind = match present.as_slice() {
            // Unreadable fields are reported; the type still exists (without fields), so
            // that references to it do not add "not defined" errors to the real one.
            ["fields"] => Some(TypeKind::Object(
                fields(r, m.get_node("fields").unwrap(), &what).unwrap_or_default(),
            )),
            ["enum"] => enum_values(r, m.get_node("enum").unwrap(), &what).map(TypeKind::Enum),
            ["union"] => union(r, m.get_node("union").unwrap(), &what).map(TypeKind::Union),
            _ => {
                r.error(
                    name.span,
                    format!(
                        "{what} must have exactly one of `fields`, `enum` or `union`, found {}",
                        if present.is_empty() {
                            "none".to_string()
                        } else {
                            present.join(" and ")
                        }
                    ),
                    Some("an object has `fields`, an enum `enum`, a union `union`".into()),
                );
                None
            }
        };
        if let Some(kind) = kind {
            out.push(NamedType {
                name,
                description,
                deprecated,
                kind,
            });
        }
    }
    out
}

fn fields(r: &mut Reader, node: &Node, owner: &str) -> Option<Vec<Field>> {
    // `fields: {}` is a legal empty object; a null value (`fields:`) reads as one too.
    if matches!(node, Node::Scalar(s) if s.as_str().is_empty() && is_plain(s)) {
        return Some(Vec::new());
    }
    let entries = r.mapping(node, &format!("`fields` of {owner}"))?;
    let mut out = Vec::new();
    for (key, value) in entries.iter() {
        let what = format!("field `{}` of {owner}", key.as_str());
        let Some(m) = r.mapping(value, &what) else {
            continue;
        };
        let allowed: Vec<&str> = FIELD_KEYS
            .iter()
            .copied()
            .chain(constraint::keys())
            .collect();
        r.known_keys(m, &allowed, &what);
        let Some(ty) = type_of(r, m, &what) else {
            continue;
        };
        out.push(Field {
            name: Located::new(key.as_str().to_string(), scalar_span(key)),
            ty,
            required: r.opt_bool(m, "required", &what),
            default: m
                .get_node("default")
                .map(|n| Located::new(yaml::to_json(n), span_of(n))),
            description: r.opt_string(m, "description", &what),
            deprecated: r.opt_bool(m, "deprecated", &what),
            constraints: constraints(r, m, &what),
        });
    }
    Some(out)
}

fn type_of(r: &mut Reader, m: &MarkedMappingNode, what: &str) -> Option<Located<TypeExpr>> {
    let (text, span) = r.req_string(m, "type", what)?;
    match type_expr::parse(text.trim()) {
        Ok(ty) => Some(Located::new(ty, span)),
        Err(reason) => {
            r.error(
                span,
                format!("invalid type `{text}` for {what}: {reason}"),
                Some("a type is a primitive (string, integer, float, boolean, file_url, any), a type name, `list<T>`, `map<T>`, or any of these followed by `?`".into()),
            );
            None
        }
    }
}

fn constraints(r: &mut Reader, m: &MarkedMappingNode, what: &str) -> Constraints {
    let number = |r: &mut Reader, key: &str| -> Option<Located<serde_json::Number>> {
        let node = m.get_node(key)?;
        match (yaml::to_json(node), node) {
            (serde_json::Value::Number(n), Node::Scalar(s)) if is_plain(s) => {
                Some(Located::new(n, span_of(node)))
            }
            (_, Node::Scalar(s)) if is_plain(s) && yaml::looks_numeric(s.as_str()) => {
                r.error(
                    span_of(node),
                    format!(
                        "`{key}` of {what} is {}, beyond the range of a 64-bit float",
                        s.as_str()
                    ),
                    Some("use a bound a 64-bit float can hold (up to about 1.8e308), or leave the key out".into()),
                );
                None
            }
            _ => {
                r.error(
                    span_of(node),
                    format!("`{key}` of {what} must be a number"),
                    Some("write a number such as 0, 1.5 or -10, without quotes".into()),
                );
                None
            }
        }
    };
    let count = |r: &mut Reader, key: &str| -> Option<Located<u64>> {
        let node = m.get_node(key)?;
        match (yaml::to_json(node).as_u64(), node) {
            (Some(n), Node::Scalar(s)) if is_plain(s) => Some(Located::new(n, span_of(node))),
            (_, Node::Scalar(s))
                if is_plain(s) && s.as_str().bytes().all(|b| b.is_ascii_digit()) =>
            {
                r.error(
                    span_of(node),
                    format!(
                        "`{key}` of {what} is {}, more than the largest count ({})",
                        s.as_str(),
                        u64::MAX
                    ),
                    Some("use a smaller number, or leave the key out for no limit".into()),
                );
                None
            }
            _ => {
                r.error(
                    span_of(node),
                    format!("`{key}` of {what} must be a whole number of zero or more"),
                    Some("write a whole number such as 0 or 10, without quotes or a sign".into()),
                );
                None
            }
        }
    };
    let items = m.get_node("items").and_then(|node| {
        let what = format!("`items` of {what}");
        let im = r.mapping(node, &what)?;
        let keys: Vec<&str> = constraint::keys().collect();
        r.known_keys(im, &keys, &what);
        Some(Box::new(constraints(r, im, &what)))
    });
    let mut k = Constraints::default();
    for row in ROWS {
        let key = row.key;
        match row.value {
            ValueType::Number => {
                if let Some(n) = number(r, key) {
                    k.set(row.kind, constraint::Value::Number(n.value), n.span);
                }
            }
            ValueType::Count => {
                if let Some(n) = count(r, key) {
                    k.set(row.kind, constraint::Value::Count(n.value), n.span);
                }
            }
            ValueType::Pattern => {
                let Some(node) = m.get_node(key) else {
                    continue;
                };
                if let Some(text) = r.string(node, &format!("`{key}` of {what}")) {
                    k.set(row.kind, constraint::Value::Pattern(text), span_of(node));
                }
            }
        }
    }
    k.items = items;
    k
}

fn enum_values(r: &mut Reader, node: &Node, owner: &str) -> Option<Vec<EnumValue>> {
    let items = r.sequence(node, &format!("`enum` of {owner}"))?;
    let mut out = Vec::new();
    for item in items {
        let (value_node, rust_name, description) = match item {
            Node::Mapping(m) => {
                let what = format!("a value of {owner}");
                r.known_keys(m, &["value", "rust_name", "description"], &what);
                let Some(v) = r.required(m, "value", &what) else {
                    continue;
                };
                let rust_name = m.get_node("rust_name").and_then(|n| {
                    let text = r.string(n, "`rust_name`")?;
                    Some(Located::new(text, span_of(n)))
                });
                (v, rust_name, r.opt_string(m, "description", &what))
            }
            other => (other, None, None),
        };
        let Node::Scalar(s) = value_node else {
            r.error(
                span_of(value_node),
                format!(
                    "a value of {owner} must be a string or an integer, found {}",
                    yaml::kind_name(value_node)
                ),
                None,
            );
            continue;
        };
        let literal = match yaml::to_json(value_node) {
            serde_json::Value::String(text) => EnumLiteral::Str(text),
            serde_json::Value::Number(n) if n.is_i64() => {
                EnumLiteral::Int(n.as_i64().unwrap_or_default())
            }
            _ => {
                r.error(
                    scalar_span(s),
                    format!(
                        "`{}` is not a string or an integer, so it cannot be a value of {owner}",
                        s.as_str()
                    ),
                    Some(format!("quote it (\"{}\") to make it a string", s.as_str())),
                );
                continue;
            }
        };
        out.push(EnumValue {
            value: Located::new(literal, scalar_span(s)),
            rust_name,
            description,
        });
    }
    Some(out)
}

fn union(r: &mut Reader, node: &Node, owner: &str) -> Option<Union> {
    let what = format!("`union` of {owner}");
    let m = r.mapping(node, &what)?;
    r.known_keys(m, &["tag", "variants"], &what);
    let tag = m.get_node("tag").and_then(|n| {
        let text = r.string(n, "`tag`")?;
        Some(Located::new(text, span_of(n)))
    });
    let list = r.required(m, "variants", &what)?;
    let items = r.sequence(list, &format!("`variants` of {owner}"))?;
    let mut variants = Vec::new();
    for item in items {
        let variant = match item {
            Node::Scalar(s) => match type_expr::parse(s.as_str().trim()) {
                Ok(ty) => Some(Variant {
                    ty: Located::new(ty, scalar_span(s)),
                    rust_name: None,
                    tag_value: None,
                }),
                Err(reason) => {
                    r.error(
                        scalar_span(s),
                        format!("invalid variant type `{}` in {owner}: {reason}", s.as_str()),
                        None,
                    );
                    None
                }
            },
            Node::Mapping(vm) => {
                let vwhat = format!("a variant of {owner}");
                r.known_keys(vm, &["type", "rust_name", "tag_value"], &vwhat);
                let located = |r: &mut Reader, key: &str| {
                    let n = vm.get_node(key)?;
                    let text = r.string(n, &format!("`{key}`"))?;
                    Some(Located::new(text, span_of(n)))
                };
                type_of(r, vm, &vwhat).map(|ty| Variant {
                    ty,
                    rust_name: located(r, "rust_name"),
                    tag_value: located(r, "tag_value"),
                })
            }
            Node::Sequence(_) => {
                r.error(
                    span_of(item),
                    format!("a variant of {owner} must be a type or a mapping with `type`"),
                    None,
                );
                None
            }
        };
        variants.extend(variant);
    }
    Some(Union { tag, variants })
}
