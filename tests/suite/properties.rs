//! Property tests (proptest) of the generator's robustness: the schema loader on arbitrary
//! YAML and the importer on arbitrary JSON. None may panic; every problem is a located
//! diagnostic. (The naming rules' properties on arbitrary names are the generator's unit tests,
//! `generator/src/naming/properties.rs`.)
//!
//! The inputs are structured: schema files and OpenAPI documents built from the format's own
//! keys and plausible values, with a share of wrong keys, wrong kinds, odd names and text-level
//! damage, so that most cases get past the YAML parser and deep into the checks and the
//! generator. A default run is short (see [`config`]); `PROPTEST_CASES=N cargo test -p
//! genmedia-tests --test suite properties` runs N cases of each property (the README says how
//! long a long run took).

use std::path::{Path, PathBuf};

use genmedia_generator::emit::{self, Options};
use genmedia_generator::import::{self, Document};
use genmedia_generator::schema::constraint::{ValueType, ROWS};
use genmedia_generator::schema::model::EnumLiteral;
use genmedia_generator::schema::{self, SourceFile};
use genmedia_generator::Diagnostics;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value};

use crate::support::{file, PROVIDERS};

/// The cases of one property: `default_cases`, or `PROPTEST_CASES` when it is set (proptest's
/// own default reads that variable too, but a fixed count in code would override it).
fn config(default_cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default_cases;
    }
    config
}

// ---------------------------------------------------------------------------------------------
// YAML built from parts, rendered as text.

/// A YAML node to render: a scalar (quoted or plain), a mapping or a sequence.
#[derive(Clone, Debug)]
enum Y {
    Scalar { text: String, quoted: bool },
    Map(Vec<(String, Y)>),
    Seq(Vec<Y>),
}

fn plain(text: &str) -> Y {
    Y::Scalar {
        text: text.to_string(),
        quoted: false,
    }
}

fn quoted(text: &str) -> Y {
    Y::Scalar {
        text: text.to_string(),
        quoted: true,
    }
}

fn map(entries: Vec<(String, Y)>) -> Y {
    Y::Map(entries)
}

/// A mapping without repeated keys (the first one wins): duplicate keys are one error the
/// loader reports at once, and would hide everything behind them.
fn unique_map(entries: Vec<(String, Y)>) -> Y {
    let mut out: Vec<(String, Y)> = Vec::new();
    for (k, v) in entries {
        if out.iter().all(|(seen, _)| *seen != k) {
            out.push((k, v));
        }
    }
    Y::Map(out)
}

/// A key or scalar as YAML text: double-quoted through JSON's escapes (a subset of YAML's), or
/// plain as it is, even when that makes the YAML malformed.
fn scalar_text(text: &str, quoted: bool) -> String {
    if quoted {
        serde_json::to_string(text).unwrap_or_default()
    } else {
        text.to_string()
    }
}

fn key_text(key: &str) -> String {
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c));
    scalar_text(key, !simple)
}

fn render(y: &Y) -> String {
    let mut out = String::new();
    match y {
        Y::Map(entries) => render_map(&mut out, 0, entries),
        Y::Seq(items) => render_seq(&mut out, 0, items),
        Y::Scalar { text, quoted } => {
            out.push_str(&scalar_text(text, *quoted));
            out.push('\n');
        }
    }
    out
}

/// The value after `key:` or `-`: inline for scalars and empty collections, else on the next
/// lines, indented.
fn render_value(out: &mut String, indent: usize, value: &Y) {
    match value {
        Y::Scalar { text, quoted } => {
            out.push(' ');
            out.push_str(&scalar_text(text, *quoted));
            out.push('\n');
        }
        Y::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        Y::Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Y::Map(entries) => {
            out.push('\n');
            render_map(out, indent + 2, entries);
        }
        Y::Seq(items) => {
            out.push('\n');
            render_seq(out, indent + 2, items);
        }
    }
}

fn render_map(out: &mut String, indent: usize, entries: &[(String, Y)]) {
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(&key_text(key));
        out.push(':');
        render_value(out, indent, value);
    }
}

fn render_seq(out: &mut String, indent: usize, items: &[Y]) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        render_value(out, indent, item);
    }
}

/// Text-level damage applied to a rendered file: (position as a fraction of the length, what
/// to insert there, how many characters to delete).
type Damage = Option<(f64, &'static str, usize)>;

fn damage() -> impl Strategy<Value = Damage> {
    (
        0.0..1.0f64,
        select(vec![
            ":", "{", "}", "[", "]", "- ", "\"", "'", "&a ", "*a", "!t ", "#", "\n", "\t", " ",
            "---\n", "\u{feff}", "é", "? ",
        ]),
        0..3usize,
    )
        .prop_map(Some)
}

fn apply_damage(text: &str, damage: Damage) -> String {
    let Some((at, insert, delete)) = damage else {
        return text.to_string();
    };
    let chars: Vec<char> = text.chars().collect();
    let pos = ((chars.len() as f64) * at) as usize;
    let pos = pos.min(chars.len());
    let end = (pos + delete).min(chars.len());
    chars[..pos]
        .iter()
        .chain(insert.chars().collect::<Vec<_>>().iter())
        .chain(chars[end..].iter())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Strategies for the parts of a schema file.

/// Any YAML value, a few levels deep: what a wrong or unknown key might hold.
fn any_yaml() -> impl Strategy<Value = Y> {
    let leaf = prop_oneof![
        select(vec![
            "",
            "true",
            "false",
            "null",
            "~",
            "0",
            "-1",
            "1.5",
            "1e3",
            "16:9",
            "-",
            "yes",
            "99999999999999999999",
            "1e400",
            ".inf",
            "NaN",
            "string",
            "list<string>",
            "File",
        ])
        .prop_map(plain),
        "[a-zA-Z0-9 _:./-]{0,12}".prop_map(|s| quoted(&s)),
        "\\PC{0,6}".prop_map(|s| quoted(&s)),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Y::Seq),
            prop::collection::vec((wire_name(), inner), 0..4).prop_map(Y::Map),
        ]
    })
}

/// `good`, or with probability `noise` a value of `bad`: how the strategies below mix odd
/// choices into mostly sensible schemas (a clean case has no noise at all).
fn either<T: std::fmt::Debug + Clone>(
    noise: f64,
    good: impl Strategy<Value = T>,
    bad: impl Strategy<Value = T>,
) -> impl Strategy<Value = T> {
    (good, maybe(noise, bad)).prop_map(|(g, b)| b.unwrap_or(g))
}

/// `Some` value of `s` with probability `p` (which may be zero, unlike proptest's `weighted`).
fn maybe<S: Strategy>(p: f64, s: S) -> impl Strategy<Value = Option<S::Value>> {
    (0.0..1.0f64, s).prop_map(move |(r, v)| (r < p).then_some(v))
}

/// Names for types: the ones the tests define, names the generated code uses, bad spellings.
fn type_name(noise: f64) -> impl Strategy<Value = String> {
    either(
        noise,
        select(vec![
            "Input", "Output", "Mode", "Size", "Item", "Frame", "Choice",
        ]),
        select(vec![
            "File",
            "Self",
            "Option",
            "Path",
            "Vec",
            "Validate",
            "Endpoint",
            "Unknown",
            "Types",
            "String",
            "Box",
            "lower",
            "With_Underscore",
            "T1",
            "Ä",
        ]),
    )
    .prop_map(str::to_string)
}

/// A type expression: well-formed and naming types the endpoint defines when clean.
fn type_expr(noise: f64) -> impl Strategy<Value = String> {
    let named = select(vec!["Input", "Output"]).prop_map(str::to_string);
    let leaf = prop_oneof![
        4 => select(vec!["string", "integer", "float", "boolean", "file_url", "any"]).prop_map(str::to_string),
        1 => either(noise * 4.0, named, type_name(noise)),
    ];
    let leaf = either(
        noise * 0.3,
        leaf,
        select(vec![
            "str",
            "list",
            "list<",
            "map<string",
            "string??",
            "",
            " string ",
            "Image Size",
            "list<>",
        ])
        .prop_map(str::to_string),
    );
    leaf.prop_recursive(3, 6, 1, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| format!("list<{t}>")),
            inner.clone().prop_map(|t| format!("map<{t}>")),
            inner.prop_map(|t| if t.ends_with('?') { t } else { format!("{t}?") }),
        ]
    })
}

/// Wire names of fields (and keys of free-form values): plain ones, keywords, names that
/// snake_case onto each other, names with no letter at all.
fn wire_name() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => select(vec!["prompt", "seed", "image_url", "steps", "mode", "size", "type", "loop", "self", "seed_null", "1st", "a b", "Content-Type", "a__b", "a é b", "unknown", "validate"]).prop_map(str::to_string),
        1 => select(vec!["imageUrl", "build", "--", "é", "_"]).prop_map(str::to_string),
        2 => "[a-zA-Z0-9_ -]{1,8}",
    ]
}

fn number() -> impl Strategy<Value = Y> {
    prop_oneof![
        (-5i64..200).prop_map(|n| plain(&n.to_string())),
        select(vec![
            "0.5",
            "-0.0",
            "1e3",
            "99999999999999999999",
            "18446744073709551615",
            "1e400",
            "\"5\"",
            "x"
        ])
        .prop_map(plain),
    ]
}

fn constraint_entries() -> impl Strategy<Value = Vec<(String, Y)>> {
    let one = prop_oneof![
        // Every kind of the constraint table whose value is a number or a count.
        (
            select(
                ROWS.iter()
                    .filter(|r| r.value != ValueType::Pattern)
                    .map(|r| r.key)
                    .collect::<Vec<_>>()
            ),
            number()
        )
            .prop_map(|(k, v)| (k.to_string(), v)),
        select(vec!["^[a-z]+$", "^[a-z", "(?=x)", "\\d{1,3}", ".*"])
            .prop_map(|p| ("pattern".to_string(), quoted(p))),
        (select(vec!["min_length", "minimum", "max_items"]), number())
            .prop_map(|(k, v)| ("items".to_string(), map(vec![(k.to_string(), v)]))),
    ];
    prop::collection::vec(one, 0..3)
}

fn field(noise: f64) -> impl Strategy<Value = (String, Y)> {
    (
        wire_name(),
        type_expr(noise),
        any::<bool>(),
        maybe(noise * 2.0, any_yaml()),
        either(noise * 2.0, Just(Vec::new()), constraint_entries()),
        maybe(noise * 0.3, (wire_name(), any_yaml())),
    )
        .prop_map(|(name, ty, required, default, constraints, extra)| {
            let mut entries = vec![("type".to_string(), quoted(&ty))];
            if required {
                entries.push(("required".into(), plain("true")));
            }
            if let Some(d) = default {
                entries.push(("default".into(), d));
            }
            entries.extend(constraints);
            entries.extend(extra);
            (name, unique_map(entries))
        })
}

/// An enum value as written in a schema: a plain integer, a quoted string, or a mapping with a
/// `rust_name`.
fn enum_entry() -> impl Strategy<Value = Y> {
    prop_oneof![
        4 => enum_literal().prop_map(|v| literal_yaml(&v)),
        1 => (enum_literal(), select(vec!["Other", "V1", "Bad_Name", "lower", "Self", "Unknown"])).prop_map(|(v, r)| {
            map(vec![("value".into(), literal_yaml(&v)), ("rust_name".into(), plain(r))])
        }),
    ]
}

fn literal_yaml(v: &EnumLiteral) -> Y {
    match v {
        EnumLiteral::Int(i) => plain(&i.to_string()),
        EnumLiteral::Str(s) => quoted(s),
    }
}

fn named_type(noise: f64) -> impl Strategy<Value = (String, Y)> {
    let fields = prop::collection::vec(field(noise), 0..5)
        .prop_map(|f| ("fields".to_string(), unique_map(f)));
    let enumeration = either(
        noise * 4.0,
        prop_oneof![
            prop::collection::vec(str_literal(), 1..5),
            prop::collection::vec(int_literal(), 1..5),
        ]
        .prop_map(|v| v.iter().map(literal_yaml).collect()),
        prop::collection::vec(enum_entry(), 0..5),
    )
    .prop_map(|v| ("enum".to_string(), Y::Seq(v)));
    let variant = prop_oneof![
        3 => type_expr(noise).prop_map(|t| quoted(&t)),
        1 => (type_expr(noise), prop::option::of(select(vec!["a", "b", "image"])), prop::option::of(select(vec!["Alt", "Preset", "bad_name"])))
            .prop_map(|(t, tag, rust)| {
                let mut e = vec![("type".to_string(), quoted(&t))];
                e.extend(tag.map(|t| ("tag_value".to_string(), plain(t))));
                e.extend(rust.map(|r| ("rust_name".to_string(), plain(r))));
                map(e)
            }),
    ];
    let union = (
        prop::collection::vec(variant, 1..4),
        maybe(noise * 2.0, select(vec!["type", "kind"])),
    )
        .prop_map(|(variants, tag)| {
            let mut e = vec![("variants".to_string(), Y::Seq(variants))];
            e.extend(tag.map(|t| ("tag".to_string(), plain(t))));
            ("union".to_string(), map(e))
        });
    let body = either(
        noise,
        prop_oneof![5 => fields, 2 => enumeration, 2 => union],
        any_yaml().prop_map(|y| ("fields".to_string(), y)),
    );
    (
        type_name(noise),
        body,
        maybe(
            noise,
            (
                select(vec!["description", "deprecated", "enum", "colour"]),
                any_yaml(),
            ),
        ),
    )
        .prop_map(|(name, body, extra)| {
            let mut entries = vec![body];
            entries.extend(extra.map(|(k, v)| (k.to_string(), v)));
            (name, map(entries))
        })
}

/// One endpoint file: (its path relative to the schema root, its YAML).
fn endpoint_file(noise: f64) -> impl Strategy<Value = (String, Y)> {
    (
        select(vec![
            "acme/widgets/edit",
            "acme/widgets/a-b",
            "acme/widgets/a_b",
            "acme/widgets",
            "acme-widgets/x/y",
            "acme/w2/2.0/type",
            "acme/w2/types",
        ]),
        maybe(noise, select(vec!["acme/other", "acme"])),
        maybe(noise, select(vec!["aimlapi", "nobody"])),
        prop::collection::vec(field(noise), 0..5),
        prop::collection::vec(field(noise), 0..3),
        prop::collection::vec(named_type(noise), 0..4),
        maybe(
            noise,
            (
                select(vec![
                    "http",
                    "examples",
                    "streaming",
                    "notes",
                    "source",
                    "inptu",
                ]),
                any_yaml(),
            ),
        ),
        maybe(
            0.15,
            either(
                noise * 4.0,
                Just("{\"prompt\": \"a\"}"),
                select(vec!["{\"prompt\": ", "[1, 2]"]),
            ),
        ),
    )
        .prop_map(
            |(id, wrong_id, provider, input, output, others, extra, example)| {
                // The input and output objects are there (and first) unless a later type replaces them.
                let mut types = vec![
                    (
                        "Input".to_string(),
                        map(vec![("fields".into(), unique_map(input))]),
                    ),
                    (
                        "Output".to_string(),
                        map(vec![("fields".into(), unique_map(output))]),
                    ),
                ];
                types.extend(others);
                let mut e = vec![
                    ("id".to_string(), plain(wrong_id.unwrap_or(id))),
                    ("provider".into(), plain(provider.unwrap_or("fal"))),
                    ("title".into(), quoted("Demo")),
                    ("category".into(), plain("text-to-image")),
                    ("input".into(), plain("Input")),
                    ("output".into(), plain("Output")),
                ];
                e.extend(extra.map(|(k, v)| (k.to_string(), v)));
                if let Some(json) = example {
                    e.push((
                        "examples".into(),
                        Y::Seq(vec![map(vec![("input".into(), quoted(json))])]),
                    ));
                }
                e.push(("types".into(), unique_map(types)));
                (format!("{id}.yaml"), map(e))
            },
        )
}

/// A whole schema directory: providers, shared types and endpoints. Half of the cases are
/// clean (every choice sensible, so they reach the generator); the others have odd choices
/// mixed in, and text-level damage.
pub(crate) fn schema_dir() -> impl Strategy<Value = Vec<SourceFile>> {
    prop_oneof![Just(0.0), Just(0.03), Just(0.15)].prop_flat_map(|noise| {
        (
            prop::collection::vec(named_type(noise), 0..3),
            prop::collection::vec(
                (endpoint_file(noise), either(noise, Just(None), damage())),
                1..4,
            ),
            either(noise, Just(None), damage()),
            maybe(noise * 0.2, any_yaml()),
        )
            .prop_map(|(shared, endpoints, shared_damage, providers)| {
                let mut files = vec![file(
                    "providers.yaml",
                    &providers
                        .map(|p| render(&p))
                        .unwrap_or_else(|| PROVIDERS.to_string()),
                )];
                // Shared types have names of their own, and may only refer to shared types: the
                // references to the endpoint's `Input` and `Output` become primitives.
                let shared: Vec<(String, Y)> = shared
                    .into_iter()
                    .map(|(k, v)| (format!("Shared{k}"), v))
                    .collect();
                let shared = render(&map(vec![("types".into(), unique_map(shared))]))
                    .replace("Input", "string")
                    .replace("Output", "integer");
                files.push(file("shared.yaml", &apply_damage(&shared, shared_damage)));
                for ((relative, y), d) in endpoints {
                    if files.iter().all(|f| f.relative != relative) {
                        files.push(file(&relative, &apply_damage(&render(&y), d)));
                    }
                }
                files
            })
    })
}

// ---------------------------------------------------------------------------------------------
// What every diagnostic must be.

/// Every diagnostic names one of `files` (or the missing providers file), has a message and a
/// position; the file-level exceptions are a missing `providers.yaml` and a bug report.
fn assert_located(diags: &Diagnostics, files: &[PathBuf]) {
    for d in &diags.0 {
        assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
        assert!(
            !d.message.contains("bug of the generator")
                && !d
                    .help
                    .as_deref()
                    .unwrap_or_default()
                    .contains("bug of the generator"),
            "the generator failed on its own output: {d}"
        );
        if d.message.contains("providers.yaml is missing") {
            continue;
        }
        assert!(
            files.iter().any(|f| f == &d.file),
            "the diagnostic names a file that was not loaded: {d}"
        );
        assert!(
            d.span.line > 0 && d.span.column > 0,
            "the diagnostic has no position: {d}"
        );
    }
}

/// Generates from a catalog that loaded: the files must be Rust (and TOML) the generator can
/// stand behind, or the refusal a located diagnostic with help.
fn assert_generates_or_refuses(catalog: &schema::model::Catalog, files: &[PathBuf]) {
    let options = Options {
        crate_prefix: "genmedia".into(),
    };
    match emit::generate(catalog, &options) {
        Ok(out) => {
            for f in out.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(e) = syn::parse_file(&f.contents) {
                    panic!("{} does not parse: {e}\n{}", f.path, f.contents);
                }
            }
        }
        Err(d) => {
            assert_located(&d, files);
            for one in &d.0 {
                assert!(
                    one.help.is_some(),
                    "a generation error says how to fix it: {one}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// Arbitrary schema directories: the loader never panics and every problem is located;
    /// what loads either generates Rust that parses or is refused with located diagnostics.
    #[test]
    fn the_loader_and_generator_survive_arbitrary_schemas(files in schema_dir()) {
        let shown: Vec<PathBuf> = files.iter().map(|f| f.display.clone()).collect();
        match schema::load_files(&files) {
            Err(d) => assert_located(&d, &shown),
            Ok(catalog) => assert_generates_or_refuses(&catalog, &shown),
        }
    }

    /// Arbitrary text in a schema file (not only well-formed YAML): no panic, located problems.
    #[test]
    fn the_loader_survives_arbitrary_text(text in prop_oneof!["\\PC{0,200}", "[-:{}\\[\\]&*!|>'\"#? \na-z0-9]{0,200}"]) {
        let files = vec![file("acme/demo.yaml", &text), file("providers.yaml", PROVIDERS)];
        let shown: Vec<PathBuf> = files.iter().map(|f| f.display.clone()).collect();
        if let Err(d) = schema::load_files(&files) {
            assert_located(&d, &shown);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The importer on arbitrary OpenAPI documents.

const COMPONENTS: &[&str] = &[
    "DemoInput",
    "DemoOutput",
    "File",
    "Image",
    "registry__image__models__Image",
    "ImageSize",
    "Timings",
    "QueueStatus",
    "lora_weight",
];

/// A JSON Schema node as fal writes them, and (with probability `noise` at each node) some it
/// does not.
fn json_schema(noise: f64) -> BoxedStrategy<Value> {
    let constraint = (
        select(vec![
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "pattern",
            "default",
            "description",
            "title",
            "deprecated",
        ]),
        json_scalar(),
    );
    let good = prop_oneof![
        4 => (select(vec!["string", "integer", "number", "boolean", "null", "object", "array"]), prop::collection::vec(constraint, 0..3))
            .prop_map(|(t, k)| {
                let mut o = serde_json::Map::new();
                o.insert("type".into(), json!(t));
                o.extend(k.into_iter().map(|(k, v)| (k.to_string(), v)));
                Value::Object(o)
            }),
        2 => prop_oneof![
            prop::collection::vec(str_literal(), 1..5),
            prop::collection::vec(int_literal(), 1..5),
        ]
        .prop_map(|values| json!({ "enum": values.iter().map(EnumLiteral::to_json).collect::<Vec<_>>() })),
        2 => select(COMPONENTS.to_vec()).prop_map(|c| json!({ "$ref": format!("#/components/schemas/{c}") })),
        1 => Just(json!({ "type": ["string", "null"], "maxLength": 3 })),
        1 => Just(json!(true)),
    ];
    let bad = prop_oneof![
        json_scalar(),
        prop::collection::vec(
            prop_oneof![enum_literal().prop_map(|v| v.to_json()), json_scalar()],
            0..5
        )
        .prop_map(|values| json!({ "type": "string", "enum": values })),
        Just(json!({ "$ref": "#/definitions/Elsewhere" })),
        Just(json!({ "type": "file" })),
        Just(json!({ "type": 5 })),
    ];
    either(noise, good, bad)
        .prop_recursive(4, 24, 4, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({ "anyOf": v })),
                prop::collection::vec(inner.clone(), 0..3).prop_map(|v| json!({ "oneOf": v })),
                either(
                    noise,
                    inner.clone().prop_map(|i| json!({ "allOf": [i] })),
                    prop::collection::vec(inner.clone(), 2..3).prop_map(|v| json!({ "allOf": v })),
                ),
                inner
                    .clone()
                    .prop_map(|i| json!({ "type": "array", "items": i })),
                inner
                    .clone()
                    .prop_map(|i| json!({ "type": "object", "additionalProperties": i })),
                (inner.clone(), json_scalar())
                    .prop_map(|(i, d)| json!({ "anyOf": [i, { "type": "null" }], "default": d })),
                object_schema(inner),
            ]
        })
        .boxed()
}

/// An object schema with properties drawn from `inner`.
fn object_schema(inner: impl Strategy<Value = Value> + Clone) -> impl Strategy<Value = Value> {
    (
        prop::collection::vec((wire_name(), inner), 0..5),
        prop::collection::vec(wire_name(), 0..3),
        any::<bool>(),
        prop::option::of(select(vec![
            "File",
            "Image",
            "ImageSize",
            "LoraWeight",
            "registry__x__File",
            "1bad title",
            "",
        ])),
    )
        .prop_map(|(props, required, ordered, title)| {
            let names: Vec<String> = props.iter().map(|(n, _)| n.clone()).collect();
            let mut o = serde_json::Map::new();
            o.insert("type".into(), json!("object"));
            o.insert(
                "properties".into(),
                Value::Object(props.into_iter().collect()),
            );
            o.insert("required".into(), json!(required));
            if ordered {
                let mut order = names;
                order.reverse();
                o.insert("x-fal-order-properties".into(), json!(order));
            }
            if let Some(t) = title {
                o.insert("title".into(), json!(t));
            }
            Value::Object(o)
        })
}

fn json_scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1000i64..1000).prop_map(|n| json!(n)),
        (-1e6..1e6f64).prop_map(|f| json!(f)),
        "[a-z0-9:_ ]{0,8}".prop_map(Value::String),
        Just(json!(u64::MAX)),
        Just(json!([1, "a"])),
        Just(json!({ "width": 512 })),
    ]
    .boxed()
}

/// One fal document for `id`, with input, output and other components.
fn fal_document(noise: f64) -> impl Strategy<Value = (String, Value)> {
    (
        either(
            noise,
            select(vec![
                "acme/widgets/edit",
                "acme/widgets",
                "acme/widgets/v2.1/image-to-video",
                "other/model/type",
                "acme/w/1",
            ]),
            select(vec!["acme//x", "", "a/../b"]),
        ),
        object_schema(json_schema(noise)),
        object_schema(json_schema(noise)),
        prop::collection::vec((select(COMPONENTS.to_vec()), json_schema(noise)), 0..4),
        maybe(noise, json_scalar()),
    )
        .prop_map(|(id, input, output, others, broken)| {
            let mut schemas = serde_json::Map::new();
            schemas.insert("DemoInput".into(), input);
            schemas.insert("DemoOutput".into(), output);
            for (name, s) in others {
                schemas.entry(name.to_string()).or_insert(s);
            }
            let mut doc = json!({
                "openapi": "3.0.4",
                "info": { "x-fal-metadata": { "endpointId": id } },
                "components": { "schemas": schemas },
            });
            if let Some(b) = broken {
                doc["components"] = b;
            }
            (id.to_string(), doc)
        })
}

/// The loader's messages about the form of a file, as opposed to the rules of the format: the
/// importer's output never earns one.
const STRUCTURAL: &[&str] = &[
    "malformed YAML",
    "unknown key",
    "duplicate key",
    "is missing the required key",
    "invalid type",
    "invalid variant type",
    "is not UpperCamelCase",
    "must be a whole number",
    "must be a number",
    "must be a mapping",
    "must be a list",
    "must be a string",
    "must be `true` or `false`",
    "nests more than",
    "YAML document",
    "anchors",
    "tags",
];

/// The loader's messages about what the importer leaves out rather than write: a constraint on
/// a type it does not apply to (`minLength` on an integer) is dropped with a note, so the
/// importer's output never earns one either.
const LEFT_OUT_BY_THE_IMPORTER: &[&str] = &["does not apply to"];

/// What `import` produced, loaded with the repository's providers.
fn load_imported(files: &[import::OutputFile]) -> Result<schema::model::Catalog, Diagnostics> {
    let mut sources: Vec<SourceFile> = files.iter().map(|f| file(&f.relative, &f.text)).collect();
    sources.push(file("providers.yaml", PROVIDERS));
    schema::load_files(&sources)
}

proptest! {
    #![proptest_config(config(48))]

    /// Arbitrary fal documents: the importer never panics, reports problems against the
    /// document, gives the same bytes whatever order the documents come in, and writes schema
    /// files the loader accepts and the generator generates from (or refuses with located
    /// diagnostics).
    #[test]
    fn the_importer_survives_arbitrary_documents(
        docs in prop_oneof![Just(0.0), Just(0.01), Just(0.05)].prop_flat_map(|noise| {
            prop::collection::vec((fal_document(noise), maybe(noise, "\\PC{0,40}")), 1..4)
        })
    ) {
        let documents: Vec<Document> = docs
            .iter()
            .enumerate()
            .map(|(i, ((_, doc), garbage))| Document {
                path: PathBuf::from(format!("upstream/fal/doc{i}.json")),
                text: garbage.clone().unwrap_or_else(|| doc.to_string()),
                overlay: None,
            })
            .collect();
        let paths: Vec<PathBuf> = documents.iter().map(|d| d.path.clone()).collect();
        match import::import(&documents) {
            Err(d) => {
                for one in &d.0 {
                    assert!(paths.contains(&one.file), "{one}");
                    assert!(!one.message.is_empty() && one.help.is_some(), "{one}");
                }
            }
            Ok(files) => {
                let mut reversed = documents.clone();
                reversed.reverse();
                let again = import::import(&reversed).unwrap_or_else(|d| panic!("{d}"));
                prop_assert_eq!(&again, &files, "the import depends on the order of the documents");
                let shown: Vec<PathBuf> = files.iter().map(|f| Path::new("schemas").join(&f.relative)).collect();
                match load_imported(&files) {
                    Ok(catalog) => assert_generates_or_refuses(&catalog, &shown),
                    // Upstream may say what the format refuses (bounds that exclude each other,
                    // a pattern regex-lite cannot compile, names that clash): the loader's
                    // checks, which `cargo xtask import` runs before writing, report it. But the
                    // files themselves are always YAML the loader reads as the importer meant,
                    // and never keep a constraint on a type it does not apply to.
                    Err(d) => {
                        assert_located(&d, &shown);
                        let text = || files.iter().map(|f| format!("--- {}\n{}", f.relative, f.text)).collect::<String>();
                        for one in &d.0 {
                            prop_assert!(
                                !STRUCTURAL.iter().any(|s| one.message.contains(s)),
                                "the importer wrote a file the loader cannot read: {}\n{}",
                                one,
                                text()
                            );
                            prop_assert!(
                                !LEFT_OUT_BY_THE_IMPORTER.iter().any(|s| one.message.contains(s)),
                                "the importer kept what it should leave out: {}\n{}",
                                one,
                                text()
                            );
                        }
                    }
                }
            }
        }
    }

    /// Arbitrary text as a document: a located JSON error, never a panic.
    #[test]
    fn the_importer_survives_arbitrary_text(text in "\\PC{0,120}") {
        let doc = Document { path: "upstream/fal/x.json".into(), text, overlay: None };
        if let Err(d) = import::import(&[doc]) {
            assert!(d.0.iter().all(|one| one.span.line > 0), "{d}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Enum values for schemas and documents (the naming rules' own properties are the generator's
// unit tests, `generator/src/naming/properties.rs`).

/// Enum values that often collide: short runs of letters, digits and separators, some
/// non-ASCII, some integers.
fn enum_literal() -> impl Strategy<Value = EnumLiteral> {
    prop_oneof![4 => str_literal(), 1 => int_literal()]
}

fn str_literal() -> impl Strategy<Value = EnumLiteral> {
    prop_oneof![
        6 => "[aAbB1-3_:./ -]{0,5}".prop_map(EnumLiteral::Str),
        2 => "[a-zA-Z0-9_:.é中 -]{0,12}".prop_map(EnumLiteral::Str),
        1 => select(vec!["self", "Self", "unknown", "Unknown", "", "--", "16:9", "v4.5", "v4_5", "empty", "Empty", "value0", "Value1", "a alt 2", "minus 1"]).prop_map(|s| EnumLiteral::Str(s.to_string())),
    ]
}

fn int_literal() -> impl Strategy<Value = EnumLiteral> {
    prop_oneof![-3i64..12, Just(i64::MIN), Just(i64::MAX)].prop_map(EnumLiteral::Int)
}

proptest! {
    #![proptest_config(config(256))]

    /// The importer names every enum value uniquely whatever the values: its output loads.
    #[test]
    fn imported_enums_always_get_unique_names(values in prop_oneof![
        prop::collection::vec(str_literal(), 1..8),
        prop::collection::vec(int_literal(), 1..8),
    ]) {
        let values: Vec<Value> = values.iter().map(EnumLiteral::to_json).collect();
        let doc = json!({
            "info": { "x-fal-metadata": { "endpointId": "acme/widgets/edit" } },
            "components": { "schemas": {
                "EditInput": { "type": "object", "properties": { "mode": { "enum": values } } },
                "EditOutput": { "type": "object", "properties": { "mode": { "enum": values } } },
            } },
        });
        let files = import::import(&[Document { path: "upstream/fal/x.json".into(), text: doc.to_string(), overlay: None }])
            .unwrap_or_else(|d| panic!("{d}"));
        if let Err(d) = load_imported(&files) {
            panic!("{d}\n{}", files[0].text);
        }
    }
}
