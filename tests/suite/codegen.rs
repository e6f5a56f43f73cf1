//! The generator's output for the fixture schemas (`tests/fixtures/schemas/`, which together use
//! every feature of the format): determinism, the do-not-edit headers, and the committed
//! fixture crates being exactly what the generator produces. Those crates are the expected
//! output, stored once: a change to the generator shows in their diff, which is reviewed, and
//! `generated_api` compiles and tests them.

use std::path::{Path, PathBuf};

use genmedia_generator::emit::{self, GeneratedFile, Options, RUST_HEADER, TOML_HEADER};
use genmedia_generator::schema;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn options() -> Options {
    Options {
        crate_prefix: "fixture".into(),
    }
}

/// Loads a schema directory and generates from it with the fixture prefix.
fn generate_from(dir: &Path, prefix: &str) -> Vec<GeneratedFile> {
    let catalog = schema::load_dir(dir).unwrap_or_else(|d| panic!("{d}"));
    emit::generate(
        &catalog,
        &Options {
            crate_prefix: prefix.into(),
        },
    )
    .unwrap_or_else(|d| panic!("{d}"))
}

fn generate() -> Vec<GeneratedFile> {
    generate_from(&fixtures().join("schemas"), &options().crate_prefix)
}

#[test]
fn generation_is_deterministic() {
    let first = generate();
    let second = generate();
    assert_eq!(first, second);
}

/// The fixture schemas and the real ones, each copied into two new directories one file at a
/// time, in sorted and in reverse order (so the file system lists them differently), generate
/// the same bytes as each other and as the original directory.
#[test]
fn generation_does_not_depend_on_file_order_or_location() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    for (source, prefix) in [(fixtures().join("schemas"), "fixture"), (real, "genmedia")] {
        let mut files = Vec::new();
        collect(&source, &source, &mut files);
        files.sort();
        assert!(files.len() >= 7, "{files:?}");
        let original = generate_from(&source, prefix);
        for (tag, order) in [("sorted", false), ("reversed", true)] {
            let copy = std::env::temp_dir().join(format!(
                "genmedia-{prefix}-schemas-{}-{tag}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&copy);
            let ordered: Vec<&PathBuf> = if order {
                files.iter().rev().collect()
            } else {
                files.iter().collect()
            };
            for relative in ordered {
                let target = copy.join(relative);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(source.join(relative), &target).unwrap();
            }
            let from_copy = generate_from(&copy, prefix);
            std::fs::remove_dir_all(&copy).unwrap();
            assert_eq!(
                from_copy.iter().map(|f| &f.path).collect::<Vec<_>>(),
                original.iter().map(|f| &f.path).collect::<Vec<_>>(),
                "{prefix}, {tag}"
            );
            for (a, b) in from_copy.iter().zip(&original) {
                assert!(
                    a.contents == b.contents,
                    "{prefix}, {tag}: {} differs",
                    a.path
                );
            }
        }
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            out.push(path.strip_prefix(root).unwrap().to_path_buf());
        }
    }
}

/// Every file says it is generated (the license texts are verbatim), and every crate forbids
/// `unsafe`: the fixtures and the real schemas alike.
#[test]
fn every_file_has_the_header_and_every_crate_forbids_unsafe() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    for (files, what) in [
        (generate(), "fixture"),
        (generate_from(&real, "genmedia"), "schemas"),
    ] {
        let mut libs = 0;
        for f in &files {
            if f.path.ends_with(".rs") {
                assert!(f.contents.starts_with(RUST_HEADER), "{what}: {}", f.path);
            } else if f.path.ends_with("Cargo.toml") {
                assert!(f.contents.starts_with(TOML_HEADER), "{what}: {}", f.path);
            } else if f.path.ends_with("/README.md") {
                assert!(f.contents.contains("; do not edit."), "{what}: {}", f.path);
            } else if f.path.ends_with("/LICENSE-MIT") || f.path.ends_with("/LICENSE-APACHE") {
                // The license texts verbatim, as their crate's manifest names them.
                let name = f.path.rsplit('/').next().unwrap_or_default();
                let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name);
                assert_eq!(
                    f.contents,
                    std::fs::read_to_string(root).unwrap(),
                    "{}",
                    f.path
                );
            } else {
                panic!("{what}: unexpected generated file {}", f.path);
            }
            if f.path.ends_with("/src/lib.rs") {
                libs += 1;
                assert!(
                    f.contents.contains("\n#![forbid(unsafe_code)]\n"),
                    "{what}: {}",
                    f.path
                );
            }
        }
        let manifests = files.iter().filter(|f| f.path.ends_with("/Cargo.toml"));
        assert_eq!(libs, manifests.count(), "{what}: one lib.rs per crate");
    }
}

/// The fixture crates on disk (which `generated_api` compiles and tests) are the generator's
/// current output: `cargo xtask codegen` has been run after the last change.
#[test]
fn committed_fixture_crates_are_up_to_date() {
    let out = fixtures().join("generated");
    let files = generate();
    for f in &files {
        let on_disk = std::fs::read_to_string(out.join(&f.path)).unwrap_or_default();
        assert!(
            on_disk == f.contents,
            "tests/fixtures/generated/{} is stale: run `cargo xtask codegen`",
            f.path
        );
    }
    let mut on_disk = Vec::new();
    collect(&out, &out, &mut on_disk);
    let expected: Vec<PathBuf> = files.iter().map(|f| PathBuf::from(&f.path)).collect();
    for path in on_disk {
        assert!(
            expected.contains(&path),
            "tests/fixtures/generated/{} is not generated: run `cargo xtask codegen`",
            path.display()
        );
    }
}

/// Every endpoint module of the real catalogue shows in its docs how to build its input: a
/// doctest that calls the builder (the page's example, or the required fields with values that
/// fit the schema) or, for an input upstream gives no fields, fills the free-form map; `cargo
/// test` compiles and runs it.
#[test]
fn every_endpoint_module_shows_how_to_build_its_input() {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let catalog = schema::load_dir(&schemas).unwrap_or_else(|d| panic!("{d}"));
    let files = emit::generate(
        &catalog,
        &Options {
            crate_prefix: "genmedia".into(),
        },
    )
    .unwrap_or_else(|d| panic!("{d}"));
    for e in &catalog.endpoints {
        let id_line = format!("const ID: &'static str = {:?};", e.id.value);
        let module = files
            .iter()
            .find(|f| f.contents.contains(&id_line))
            .unwrap_or_else(|| panic!("no module declares {}", e.id.value));
        let docs: String = module
            .contents
            .lines()
            .filter(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            docs.contains("# Example")
                && (docs.contains("::builder(") || docs.contains("Input::default()")),
            "{} ({}) shows no builder example:\n{docs}",
            e.id.value,
            module.path
        );
    }
}

/// A type that most endpoints of a family define one way and another endpoint defines another
/// way: the common definition is emitted once, in the crate's `types` module, and re-exported
/// by the endpoints that define it so (one `AspectRatio` type, not several incompatible
/// copies); the endpoint that differs keeps its own in its module.
#[test]
fn the_definition_most_endpoints_share_is_emitted_once() {
    use crate::support::{file, PROVIDERS, SHARED};
    let endpoint = |id: &str, ratios: &str| {
        file(
            &format!("{id}.yaml"),
            &format!(
                "id: {id}\nprovider: fal\ntitle: Demo\ncategory: text-to-video\ninput: DemoInput\noutput: DemoOutput\n\
                 types:\n  DemoInput:\n    fields:\n      aspect_ratio: {{ type: AspectRatio }}\n\
                 \x20 DemoOutput:\n    fields:\n      video: {{ type: File, required: true }}\n\
                 \x20 AspectRatio:\n    enum: [{ratios}]\n"
            ),
        )
    };
    let files = vec![
        file("providers.yaml", PROVIDERS),
        file("shared.yaml", SHARED),
        endpoint("acme/video/a", "\"16:9\", \"9:16\""),
        endpoint("acme/video/b", "\"16:9\", \"9:16\""),
        endpoint("acme/video/c", "\"1:1\", \"16:9\", \"9:16\""),
    ];
    let catalog = schema::load_files(&files).unwrap_or_else(|d| panic!("{d}"));
    let out = emit::generate(&catalog, &options()).unwrap_or_else(|d| panic!("{d}"));
    let text = |path: &str| {
        &out.iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} is not generated"))
            .contents
    };
    let types = text("acme-video/src/types.rs");
    assert_eq!(types.matches("pub enum AspectRatio").count(), 1, "{types}");
    assert!(!types.contains("\"1:1\""), "{types}");
    for module in ["a", "b"] {
        let m = text(&format!("acme-video/src/{module}.rs"));
        let reexports = m
            .lines()
            .find(|l| l.starts_with("pub use crate::types::"))
            .unwrap_or_default();
        assert!(reexports.contains("AspectRatio"), "{m}");
        assert!(!m.contains("pub enum AspectRatio"), "{m}");
    }
    let c = text("acme-video/src/c.rs");
    assert!(
        c.contains("pub enum AspectRatio") && c.contains("\"1:1\""),
        "{c}"
    );
    assert!(!c.contains("crate::types::AspectRatio"), "{c}");
}
