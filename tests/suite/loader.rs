//! The loader's diagnostics: one test per kind of error, each asserting the message and its
//! location (snapshots under `suite/snapshots/`).

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
fn malformed_yaml() {
    let text = input("      prompt: { type: string, required: true\n");
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn unknown_key_with_a_suggestion() {
    let text = input("      prompt: { type: string, requred: true }\n");
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn dangling_reference() {
    let text = input("      size: { type: ImageSise }\n");
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn two_types_with_one_name() {
    let text = input("      prompt: { type: string }\n")
        + "  File:\n    fields:\n      path: { type: string }\n";
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn default_not_in_the_enum() {
    let text = input("      ratio: { type: Ratio, default: \"4:3\" }\n")
        + "  Ratio:\n    enum: [\"16:9\", \"9:16\"]\n";
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn default_outside_the_bounds() {
    let text = input("      steps: { type: integer, default: 80, minimum: 1, maximum: 50 }\n");
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn default_of_the_wrong_type() {
    let text = input("      seed: { type: integer?, default: \"42\" }\n      loop: { type: boolean, default: 0 }\n");
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn minimum_above_maximum() {
    let text = input(
        "      scale: { type: float, minimum: 5, maximum: 1 }\n      prompt: { type: string, min_length: 10, max_length: 2 }\n      strength: { type: float, exclusive_minimum: 1, exclusive_maximum: 1 }\n",
    );
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn constraint_that_does_not_suit_the_type() {
    let text = input("      steps: { type: integer, max_length: 3 }\n      urls: { type: list<file_url>, maximum: 3 }\n");
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn pattern_that_is_not_a_valid_regular_expression() {
    let text = input(
        "      name: { type: string, pattern: '^[a-z' }\n      \
         tags: { type: list<string>, items: { pattern: '^(?=x)\\w+$' } }\n      \
         slug: { type: string, pattern: '^[a-z0-9-]+\\.\\d{1,3}$' }\n",
    );
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn enum_values_with_one_rust_name() {
    let text = input("      quality: { type: Quality }\n")
        + "  Quality:\n    enum: [\"v4.5\", \"v4_5\", \"1K\", \"1K\", \"--\"]\n";
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn a_rust_name_override_resolves_a_clash() {
    let text = input("      quality: { type: Quality }\n")
        + "  Quality:\n    enum:\n      - \"v4.5\"\n      - { value: \"v4_5\", rust_name: V4Underscore5 }\n";
    assert_eq!(diagnostics_of(&text), "no problems");
}

#[test]
fn endpoint_id_that_does_not_match_its_path() {
    let text =
        input("      prompt: { type: string }\n").replace("id: acme/demo", "id: acme/demo/v2");
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn invalid_type_expression() {
    let text = input("      tags: { type: list<string }\n      size: { type: image_size }\n");
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn missing_required_key() {
    let text = endpoint("  DemoInput:\n    fields: {}\n").replace("title: Demo\n", "");
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn unknown_provider() {
    let text =
        endpoint("  DemoInput:\n    fields: {}\n").replace("provider: fal", "provider: replicate");
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn tagged_union_rules() {
    let text = input("      frame: { type: Keyframe }\n")
        + "  Keyframe:\n    union:\n      tag: type\n      variants:\n        - { tag_value: image, type: ImageFrame }\n        - { tag_value: image, type: string }\n  ImageFrame:\n    fields:\n      type: { type: string }\n      url: { type: file_url, required: true }\n";
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn invalid_example_json() {
    let text = input("      prompt: { type: string }\n").replace(
        "types:\n",
        "examples:\n  - input: |\n      {\n        \"prompt\": \"a cat\",\n      }\ntypes:\n",
    );
    insta::assert_snapshot!(diagnostics_of(&text));
}

#[test]
fn anchors_aliases_and_tags_are_rejected_without_panicking() {
    let anchor = input("      prompt: &p { type: string }\n      negative: *p\n");
    insta::assert_snapshot!("anchor", diagnostics_of(&anchor));
    let alias_only = input("      negative: *p\n");
    insta::assert_snapshot!("alias_only", diagnostics_of(&alias_only));
    let tagged = input("      prompt: !custom { type: string }\n");
    insta::assert_snapshot!("tag", diagnostics_of(&tagged));
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

#[test]
fn a_missing_providers_file_is_reported() {
    let files = vec![
        file("acme/demo.yaml", &input("      a: { type: string }\n")),
        file("shared.yaml", SHARED),
    ];
    let err = schema::load_files(&files).unwrap_err();
    insta::assert_snapshot!(err.to_string());
}
