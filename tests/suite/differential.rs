//! The generated inputs judged against an independent JSON Schema validator (the `jsonschema`
//! crate) on payloads made from the upstream documents themselves: for every document in
//! `upstream/fal/`, the validator's verdict on its input schema and the verdict of the
//! generated type (through `genmedia-catalog`'s `check_input`) must be the same, on valid
//! payloads, on payloads with one fault, and on the same JSON written in other ways.
//!
//! The documents are OpenAPI 3.0: the one keyword JSON Schema reads otherwise, `nullable`, is
//! turned into `anyOf: [..., {"type": "null"}]` for the validator, as OpenAPI 3.0 defines it.
//! Where fal's documented behaviour and JSON Schema differ, the generated types follow JSON
//! Schema (docs/differential.md lists what that means).
//!
//! The payloads per document: `GENMEDIA_DIFFERENTIAL_CASES` rounds (default 2 in the suite) of
//! a minimal, a maximal and a random valid payload, and a fault in each, each written in every
//! [`Form`]. `GENMEDIA_DIFFERENTIAL_SEED` changes the seed.

mod payloads;

use std::path::{Path, PathBuf};

use serde_json::Value;

use payloads::{write, Form, Payloads, Shape, FORMS};

/// One upstream document: its endpoint id, and its input schema as JSON Schema.
struct Document {
    file: PathBuf,
    id: String,
    /// `{"$ref": <input>, "components": ...}`: the input, with what it refers to.
    schema: Value,
}

fn documents() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../upstream/fal");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("upstream/fal is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).expect("a readable document");
            let doc: Value = serde_json::from_str(&text).expect("a JSON document");
            let id = doc
                .pointer("/info/x-fal-metadata/endpointId")
                .and_then(Value::as_str)
                .expect("an endpoint id")
                .to_string();
            let path = format!("/{id}").replace('~', "~0").replace('/', "~1");
            let input = doc
                .pointer(&format!(
                    "/paths/{path}/post/requestBody/content/application~1json/schema/$ref"
                ))
                .cloned()
                .expect("a request body");
            let mut components = doc["components"].clone();
            openapi_to_json_schema(&mut components);
            let schema = serde_json::json!({ "$ref": input, "components": components });
            Document { file, id, schema }
        })
        .collect()
}

/// OpenAPI 3.0's `nullable: true` as JSON Schema says it, everywhere in `schema`.
fn openapi_to_json_schema(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for value in map.values_mut() {
                openapi_to_json_schema(value);
            }
            if map.remove("nullable") == Some(Value::Bool(true)) {
                let inner = Value::Object(std::mem::take(map));
                map.insert(
                    "anyOf".into(),
                    serde_json::json!([inner, { "type": "null" }]),
                );
            }
        }
        Value::Array(items) => items.iter_mut().for_each(openapi_to_json_schema),
        _ => {}
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One payload the two judges disagree on.
struct Disagreement {
    id: String,
    file: PathBuf,
    text: String,
    oracle: Result<(), String>,
    generated: Result<(), String>,
}

/// What a run compared: payloads, how many each side found valid, and the disagreements.
#[derive(Default)]
struct Tally {
    payloads: usize,
    valid: usize,
    disagreements: Vec<Disagreement>,
}

/// Compares the judges on every payload made from `doc` in `rounds` rounds.
fn compare(doc: &Document, rounds: u64, seed: u64, tally: &mut Tally) {
    let endpoint =
        genmedia_catalog::find(&doc.id).unwrap_or_else(|| panic!("{} is in the catalog", doc.id));
    let oracle = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&doc.schema)
        .unwrap_or_else(|e| {
            panic!(
                "{}: the validator refuses the schema: {e}",
                doc.file.display()
            )
        });
    let input = &doc.schema;
    let mut payloads = Payloads::new(&doc.schema, seed ^ fxhash(&doc.id));
    for _ in 0..rounds {
        for shape in [Shape::Minimal, Shape::Maximal, Shape::Random] {
            let valid = payloads.valid(input, shape, 0);
            let faulty = payloads.fault(input, &valid);
            for value in [valid, faulty] {
                for form in FORMS {
                    judge(doc, &oracle, endpoint, &value, form, tally);
                }
            }
        }
    }
}

fn judge(
    doc: &Document,
    oracle: &jsonschema::Validator,
    endpoint: &genmedia_catalog::EndpointInfo,
    value: &Value,
    form: Form,
    tally: &mut Tally,
) {
    let text = write(value, form);
    let parsed: Value = serde_json::from_str(&text).expect("the writer writes JSON");
    let by_oracle = oracle.validate(&parsed).map_err(|e| e.to_string());
    let by_generated = endpoint
        .check_input(&text)
        .map(drop)
        .map_err(|e| e.to_string());
    tally.payloads += 1;
    if by_oracle.is_ok() {
        tally.valid += 1;
    }
    if by_oracle.is_ok() != by_generated.is_ok() {
        tally.disagreements.push(Disagreement {
            id: doc.id.clone(),
            file: doc.file.clone(),
            text,
            oracle: by_oracle,
            generated: by_generated,
        });
    }
}

/// FNV-1a of a text: a per-document seed that does not depend on the order of documents.
fn fxhash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn generated_inputs_judge_payloads_as_json_schema_does_on_every_upstream_document() {
    let rounds = env_number("GENMEDIA_DIFFERENTIAL_CASES", 2);
    let seed = env_number("GENMEDIA_DIFFERENTIAL_SEED", 1);
    let started = std::time::Instant::now();
    let docs = documents();
    let mut tally = Tally::default();
    for doc in &docs {
        compare(doc, rounds, seed, &mut tally);
    }
    eprintln!(
        "differential: {} documents, {} payloads ({} valid, {} invalid), {} disagreements, {:.1} s",
        docs.len(),
        tally.payloads,
        tally.valid,
        tally.payloads - tally.valid,
        tally.disagreements.len(),
        started.elapsed().as_secs_f64()
    );
    // Both sides of the line are exercised: a generator that only made invalid payloads (or
    // only valid ones) would agree trivially.
    assert!(tally.valid * 5 > tally.payloads, "too few valid payloads");
    assert!(
        (tally.payloads - tally.valid) * 5 > tally.payloads,
        "too few invalid payloads"
    );
    // One per endpoint: the same cause tends to repeat on every payload of an endpoint.
    let mut seen = std::collections::BTreeSet::new();
    let shown: Vec<String> = tally
        .disagreements
        .iter()
        .filter(|d| seen.insert(d.id.as_str()))
        .take(12)
        .map(|d| {
            format!(
                "{} ({}):\n  payload: {}\n  JSON Schema: {}\n  generated:   {}",
                d.id,
                d.file.display(),
                shorten(&d.text),
                verdict(&d.oracle),
                verdict(&d.generated)
            )
        })
        .collect();
    assert!(
        tally.disagreements.is_empty(),
        "{} of {} payloads, of {} endpoints, judged differently (seed {seed}); the first ones:\n{}",
        tally.disagreements.len(),
        tally.payloads,
        tally
            .disagreements
            .iter()
            .map(|d| &d.id)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        shown.join("\n")
    );
}

/// A payload as a message shows it: its first 400 characters.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(400) {
        Some((at, _)) => format!("{}... ({} characters)", &text[..at], text.chars().count()),
        None => text.to_string(),
    }
}

fn verdict(v: &Result<(), String>) -> String {
    match v {
        Ok(()) => "valid".into(),
        Err(e) => format!("invalid: {e}"),
    }
}
