//! Generation errors: schemas that load and check but would give two Rust items one name are
//! refused by the generator with a located diagnostic (snapshots under `suite/snapshots/`),
//! never turned into code that does not compile.

use genmedia_generator::emit::{self, Options};
use genmedia_generator::schema::{self, SourceFile};

use crate::support::{file, PROVIDERS, SHARED};

/// The file of endpoint `id`, with `Input` and `Output` types and the extra `types` text (YAML
/// indented under `types:`); `input_fields` are the input's fields, indented under `fields:`.
fn endpoint(id: &str, input_fields: &str, types: &str) -> SourceFile {
    let text = format!(
        "\
id: {id}
provider: fal
title: Demo
category: text-to-image
input: Input
output: Output
types:
  Input:
    fields:
      prompt: {{ type: string, required: true }}
{input_fields}  Output:
    fields:
      image: {{ type: File, required: true }}
{types}"
    );
    file(&format!("{id}.yaml"), &text)
}

/// Loads the files (which must pass the loader's checks) with providers and shared types,
/// generates, and renders the generator's diagnostics; fails if generation succeeds.
fn generation_errors(endpoints: Vec<SourceFile>) -> String {
    generation_errors_with(SHARED, endpoints)
}

/// [`generation_errors`] with another `shared.yaml`.
fn generation_errors_with(shared: &str, endpoints: Vec<SourceFile>) -> String {
    let mut files = endpoints;
    files.push(file("providers.yaml", PROVIDERS));
    files.push(file("shared.yaml", shared));
    let catalog = schema::load_files(&files)
        .unwrap_or_else(|d| panic!("the schemas are meant to pass the loader:\n{d}"));
    let options = Options {
        crate_prefix: "genmedia".into(),
    };
    match emit::generate(&catalog, &options) {
        Ok(out) => panic!(
            "generation succeeded ({} files) where it must report a name clash",
            out.len()
        ),
        Err(d) => {
            for one in &d.0 {
                assert!(
                    one.span.line > 0 && one.help.is_some(),
                    "every diagnostic is located and says how to fix it: {one}"
                );
            }
            d.to_string()
        }
    }
}

#[test]
fn two_endpoints_with_one_module_name() {
    let text = generation_errors(vec![
        endpoint("acme/w/a-b", "", ""),
        endpoint("acme/w/a_b", "", ""),
    ]);
    insta::assert_snapshot!(text);
}

#[test]
fn two_families_with_one_crate_name() {
    let text = generation_errors(vec![
        endpoint("acme/a-b/x", "", ""),
        endpoint("acme-a/b/x", "", ""),
    ]);
    insta::assert_snapshot!(text);
}

#[test]
fn two_fields_with_one_rust_name() {
    let text = generation_errors(vec![endpoint(
        "acme/w/edit",
        "      imageUrl: { type: string }\n      image_url: { type: string }\n",
        "",
    )]);
    insta::assert_snapshot!(text);
}

#[test]
fn a_type_named_like_the_endpoint_marker() {
    let text = generation_errors(vec![endpoint(
        "acme/w/edit",
        "      mode: { type: Edit }\n",
        "  Edit:\n    enum: [inpaint, outpaint]\n",
    )]);
    insta::assert_snapshot!(text);
}

#[test]
fn type_names_the_generated_code_uses_or_a_keyword() {
    // `Path` and `Validate` are imported by every module that validates, `Option` and `Vec`
    // are written unqualified, `Self` is a keyword, and the common crate's root re-exports the
    // runtime's `Endpoint` beside the shared types.
    let shared = format!("{SHARED}  Endpoint:\n    enum: [a, b]\n");
    let text = generation_errors_with(
        &shared,
        vec![endpoint(
            "acme/w/edit",
            "      path: { type: Path }\n      mode: { type: Option }\n      \
             kind: { type: Self }\n      list: { type: Vec }\n      check: { type: Validate }\n",
            "  Path:\n    fields:\n      depth: { type: integer, minimum: 1 }\n  \
             Option:\n    enum: [a, b]\n  Self:\n    enum: [a, b]\n  Vec:\n    enum: [a, b]\n  \
             Validate:\n    enum: [a, b]\n",
        )],
    );
    insta::assert_snapshot!(text);
}

#[test]
fn builder_methods_with_one_name() {
    // An optional field `build` would give the builder a second `build`; the nullable `seed`
    // with a default gets `seed_null()`, which the optional field `seed_null` would repeat.
    let text = generation_errors(vec![endpoint(
        "acme/w/edit",
        "      build: { type: string }\n      seed: { type: integer?, default: 42 }\n      \
         seed_null: { type: boolean }\n",
        "",
    )]);
    insta::assert_snapshot!(text);
}

#[test]
fn distinct_names_generate() {
    // The same shapes without the clashes generate: the errors above come from the names.
    let mut files = vec![
        endpoint("acme/w/a-b", "", ""),
        endpoint("acme/w/c_d", "", ""),
        endpoint(
            "acme/w/edit",
            "      imageUrl: { type: string }\n      mode: { type: EditMode }\n",
            "  EditMode:\n    enum: [inpaint, outpaint]\n",
        ),
    ];
    files.push(file("providers.yaml", PROVIDERS));
    files.push(file("shared.yaml", SHARED));
    let catalog = schema::load_files(&files).unwrap_or_else(|d| panic!("{d}"));
    let out = emit::generate(
        &catalog,
        &Options {
            crate_prefix: "genmedia".into(),
        },
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(out.iter().any(|f| f.path == "acme-w/src/edit.rs"));
}
