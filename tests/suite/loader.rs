//! The loader through its library API: schemas that must load, the diagnostics of a run as a
//! list across files, and the tagged-union rules whose messages have no help line yet (which
//! the bad-schema corpus requires). Every other kind of loader error is a case of the corpus
//! (`tests/bad-schemas/`), which runs the real `cargo xtask codegen` and snapshots its messages.

use genmedia_generator::schema;

use crate::support::{file, PROVIDERS, SHARED};

/// An endpoint file whose `types:` block is `types`.
fn endpoint(types: &str) -> String {
    format!(
        "\
id: acme/demo
provider: fal
title: Demo
category: text-to-image
input: DemoInput
output: DemoOutput
types:
  DemoOutput:
    fields:
      image: {{ type: File, required: true }}
{types}"
    )
}

/// Loads the endpoint file (plus providers and shared types) and renders the diagnostics.
fn diagnostics_of(endpoint_text: &str) -> String {
    let files = vec![
        file("acme/demo.yaml", endpoint_text),
        file("providers.yaml", PROVIDERS),
        file("shared.yaml", SHARED),
    ];
    match schema::load_files(&files) {
        Ok(_) => "no problems".to_string(),
        Err(d) => d.to_string(),
    }
}

fn input(fields: &str) -> String {
    endpoint(&format!("  DemoInput:\n    fields:\n{fields}"))
}

#[test]
fn a_valid_endpoint_loads() {
    let text = input("      prompt: { type: string, required: true, min_length: 1 }\n");
    assert_eq!(diagnostics_of(&text), "no problems");
}

#[test]
fn a_rust_name_override_resolves_a_clash() {
    let text = input("      quality: { type: Quality }\n")
        + "  Quality:\n    enum:\n      - \"v4.5\"\n      - { value: \"v4_5\", rust_name: V4Underscore5 }\n";
    assert_eq!(diagnostics_of(&text), "no problems");
}

#[test]
fn every_problem_of_a_run_is_reported_across_files() {
    let files = vec![
        file("acme/demo.yaml", &input("      a: { type: Missing1 }\n")),
        file(
            "acme/other.yaml",
            &input("      b: { type: Missing2 }\n").replace("acme/demo", "acme/other"),
        ),
        file("providers.yaml", PROVIDERS),
        file("shared.yaml", SHARED),
    ];
    let err = schema::load_files(&files).unwrap_err();
    assert_eq!(err.0.len(), 2, "{err}");
    assert!(err.0[0].message.contains("Missing1") && err.0[1].message.contains("Missing2"));
}
