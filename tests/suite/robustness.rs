//! Regression tests for what the property tests (`properties.rs`) and the bad-schema corpus
//! found, and for inputs too big to keep as files: deep nesting, alias bombs and huge files are
//! refused quickly with a located message, never a stack overflow.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use genmedia_generator::import::{self, Document};
use genmedia_generator::schema;
use serde_json::json;

use crate::support::{file, PROVIDERS, SHARED};

/// The diagnostics of one endpoint file (`acme/demo.yaml`) with providers and shared types,
/// and how long loading took.
fn load_endpoint(text: &str) -> (String, Duration) {
    let files = vec![
        file("acme/demo.yaml", text),
        file("providers.yaml", PROVIDERS),
        file("shared.yaml", SHARED),
    ];
    let start = Instant::now();
    let result = schema::load_files(&files);
    let elapsed = start.elapsed();
    match result {
        Ok(_) => ("no problems".into(), elapsed),
        Err(d) => (d.to_string(), elapsed),
    }
}

const HEAD: &str = "id: acme/demo\nprovider: fal\ntitle: Demo\ncategory: text-to-image\ninput: DemoInput\noutput: DemoInput\n";

#[test]
fn a_valid_file_with_a_byte_order_mark_loads() {
    let text = format!(
        "\u{feff}{HEAD}types:\n  DemoInput:\n    fields:\n      prompt: {{ type: string }}\n"
    );
    assert_eq!(load_endpoint(&text).0, "no problems");
}

#[test]
fn a_second_document_is_refused_rather_than_ignored() {
    let text = format!("{HEAD}types: {{}}\n---\ntypes: {{}}\n");
    let (message, _) = load_endpoint(&text);
    assert!(
        message.starts_with("schemas/acme/demo.yaml:8:1: error: a second YAML document"),
        "{message}"
    );
}

/// 100,000 levels of block lists (and of flow lists, and 3,000 of indented mappings, whose
/// text grows with the square of the depth): each refused in milliseconds, where building and
/// dropping the tree used to overflow the stack.
#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let n = 100_000;
    let block_lists = format!("{HEAD}x:\n  {}1\n", "- ".repeat(n));
    let flow_lists = format!("{HEAD}x: {}1{}\n", "[".repeat(n), "]".repeat(n));
    let mappings: String = (0..3_000)
        .map(|i| format!("{}k:\n", " ".repeat(i + 1)))
        .collect();
    let mappings = format!("{HEAD}x:\n{mappings}");
    for text in [block_lists, flow_lists, mappings] {
        let (message, elapsed) = load_endpoint(&text);
        assert!(
            message.contains("error: the YAML nests more than 64 mappings and lists deep here")
                || message.contains("error: the YAML nests brackets more than 255 deep here"),
            "{}",
            &message[..message.len().min(400)]
        );
        assert!(message.ends_with("1 problem found"), "{message}");
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    }
}

#[test]
fn nesting_up_to_the_limit_loads() {
    // The file's mapping, `types`, `DemoInput`, `fields` and the field are 5 levels; 59 lists
    // inside the default make 64.
    let default = format!("{}1{}", "[".repeat(59), "]".repeat(59));
    let text = format!(
        "{HEAD}types:\n  DemoInput:\n    fields:\n      grid: {{ type: any, default: {default} }}\n"
    );
    assert_eq!(load_endpoint(&text).0, "no problems");
    let too_deep = text.replace(&default, &format!("[{default}]"));
    assert!(load_endpoint(&too_deep).0.contains("nests more than 64"));
}

/// The "billion laughs": ten levels of nine aliases each. The loader refuses the first anchor
/// and never expands anything.
#[test]
fn an_alias_bomb_is_refused_at_once() {
    let mut text = format!("{HEAD}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 9].join(", ");
        text.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    let (message, elapsed) = load_endpoint(&text);
    assert!(
        message.starts_with(
            "schemas/acme/demo.yaml:7:9: error: YAML anchors and aliases are not allowed"
        ),
        "{message}"
    );
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
}

/// A 2 MB file of 20,000 unknown keys, and a type expression of 100,000 nested lists: every
/// problem reported, quoted text shortened, in seconds.
#[test]
fn huge_files_and_values_are_reported_briefly() {
    let keys: String = (0..20_000)
        .map(|i| format!("k{i}: {}\n", "x".repeat(90)))
        .collect();
    let (message, elapsed) = load_endpoint(&format!("{HEAD}{keys}"));
    let count: usize = message
        .rsplit('\n')
        .next()
        .and_then(|last| last.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_default();
    assert!(count > 20_000, "{}", &message[message.len() - 100..]);
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");

    let ty = format!("{}string{}", "list<".repeat(100_000), ">".repeat(100_000));
    let text = format!("{HEAD}types:\n  DemoInput:\n    fields:\n      x: {{ type: \"{ty}\" }}\n");
    let (message, _) = load_endpoint(&text);
    assert!(message.len() < 1000, "{} characters", message.len());
    assert!(
        message.contains("nest more than 16 levels deep"),
        "{message}"
    );
}

#[test]
fn items_on_a_field_that_is_not_a_list_is_located_at_its_type() {
    let text = format!(
        "{HEAD}types:\n  DemoInput:\n    fields:\n      name: {{ type: string, items: {{ min_length: 1 }} }}\n"
    );
    let (message, _) = load_endpoint(&text);
    assert!(
        message.starts_with("schemas/acme/demo.yaml:10:21: error: `items` does not apply"),
        "{message}"
    );
}

#[test]
fn a_field_whose_kind_is_wrong_is_not_also_reported_as_undefined() {
    let text = format!("{HEAD}types:\n  DemoInput:\n    fields: [prompt]\n");
    let (message, _) = load_endpoint(&text);
    assert!(message.ends_with("1 problem found"), "{message}");
}

/// One fal document for `acme/demo` whose input has the given properties.
fn document(input: serde_json::Value) -> Document {
    let text = json!({
        "info": { "x-fal-metadata": { "endpointId": "acme/demo" } },
        "components": { "schemas": {
            "DemoInput": input,
            "DemoOutput": { "type": "object", "properties": { "url": { "type": "string" } } },
        } },
    });
    Document {
        path: PathBuf::from("upstream/fal/acme__demo.json"),
        text: text.to_string(),
        overlay: None,
    }
}

fn imported_endpoint(input: serde_json::Value) -> String {
    let files = import::import(&[document(input)]).unwrap_or_else(|d| panic!("{d}"));
    let mut sources: Vec<_> = files.iter().map(|f| file(&f.relative, &f.text)).collect();
    sources.push(file("providers.yaml", PROVIDERS));
    if let Err(d) = schema::load_files(&sources) {
        panic!("the import does not load:\n{d}");
    }
    files
        .into_iter()
        .find(|f| f.relative == "acme/demo.yaml")
        .map(|f| f.text)
        .unwrap_or_default()
}

/// A name listed twice in `x-fal-order-properties` used to give the field twice (a duplicate
/// key the loader refuses).
#[test]
fn a_property_ordered_twice_is_imported_once() {
    let text = imported_endpoint(json!({
        "type": "object",
        "properties": { "prompt": { "type": "string" } },
        "x-fal-order-properties": ["prompt", "prompt"],
    }));
    assert_eq!(text.matches("prompt:").count(), 1, "{text}");
}

/// The names the importer makes up for clashing or nameless values (`Value1`, `XAlt2`) used to
/// be able to take the name another value gets by itself.
#[test]
fn made_up_enum_names_never_take_another_values_name() {
    for values in [
        json!(["Value1", " :  "]),
        json!(["x alt 2", "x", "X"]),
        json!(["empty", ""]),
        json!(["v4.5", "v4_5", "v4.5.alt1"]),
    ] {
        let text = imported_endpoint(json!({
            "type": "object",
            "properties": { "mode": { "enum": values } },
        }));
        assert!(text.contains("rust_name"), "{text}");
    }
}

/// `maxItems: 2^64-1` (fal writes it) used to come back from the YAML as a float the loader
/// refused.
#[test]
fn the_largest_count_round_trips() {
    let text = imported_endpoint(json!({
        "type": "object",
        "properties": { "tags": { "type": "array", "items": { "type": "string" }, "maxItems": u64::MAX } },
    }));
    assert!(text.contains("max_items: 18446744073709551615"), "{text}");
}

/// Enums the format cannot express are refused by the importer, against the document, instead
/// of being written as schemas the loader refuses.
#[test]
fn mixed_and_empty_enums_are_refused_by_the_importer() {
    for values in [json!([1, "two"]), json!([])] {
        let doc = document(json!({
            "type": "object",
            "properties": { "steps": { "enum": values } },
        }));
        let err = import::import(&[doc]).unwrap_err().to_string();
        assert!(
            err.starts_with(
                "upstream/fal/acme__demo.json:1:1: error: component `DemoInput`: property `steps`:"
            ),
            "{err}"
        );
    }
}

/// A chain of 20 array components, each the items of the one before, used to import as 20
/// nested lists, which the loader refuses; the import keeps 16 and makes the rest `any`.
#[test]
fn a_chain_of_array_references_imports_within_the_nesting_limit() {
    let mut components = serde_json::Map::new();
    for i in 0..20 {
        components.insert(
            format!("L{i}"),
            json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/L{}", i + 1) } }),
        );
    }
    components.insert("L20".into(), json!({ "type": "string" }));
    components.insert(
        "DemoInput".into(),
        json!({ "type": "object", "properties": { "grid": { "$ref": "#/components/schemas/L0" } } }),
    );
    components.insert(
        "DemoOutput".into(),
        json!({ "type": "object", "properties": { "url": { "type": "string" } } }),
    );
    let doc = Document {
        path: PathBuf::from("upstream/fal/acme__demo.json"),
        text: json!({
            "info": { "x-fal-metadata": { "endpointId": "acme/demo" } },
            "components": { "schemas": components },
        })
        .to_string(),
        overlay: None,
    };
    let files = import::import(&[doc]).unwrap_or_else(|d| panic!("{d}"));
    let mut sources: Vec<_> = files.iter().map(|f| file(&f.relative, &f.text)).collect();
    sources.push(file("providers.yaml", PROVIDERS));
    schema::load_files(&sources).unwrap_or_else(|d| panic!("{d}"));
    let expected = format!("type: {}any{}\n", "list<".repeat(16), ">".repeat(16));
    assert!(
        files.iter().any(|f| f.text.contains(&expected)),
        "{files:?}"
    );
}
