//! Random schemas that the loader accepts are generated and compiled: the schema format promises
//! that any schema the checker accepts yields code that compiles without warnings. The schemas
//! come from the same strategy as the loader's property test (`properties::schema_dir`), which
//! writes types that contain themselves, keywords as names, every constraint kind and unions.
//!
//! Each batch generates several schema directories, each under its own crate prefix, into one
//! scratch workspace, with the hand-written `tests/fixtures/hostile-text/` (text that must be
//! escaped wherever it lands), and runs `cargo check` on it with warnings denied, offline, with
//! the dependencies' versions of the project's `Cargo.lock`. The suite runs one batch;
//! `GENMEDIA_GENERATIVE_BATCHES=<n>` runs more (each with other schemas).

use std::path::{Path, PathBuf};
use std::process::Command;

use genmedia_generator::emit::{self, Options};
use genmedia_generator::schema;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::properties::schema_dir;

/// Schema directories compiled together in one batch.
const PER_BATCH: usize = 8;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The scratch workspace's manifest: the project's workspace sections (package fields,
/// dependencies with their paths made absolute, lints), the generated crates as members.
fn manifest(root: &Path) -> String {
    let project = std::fs::read_to_string(root.join("Cargo.toml")).expect("the root manifest");
    let from = project
        .find("[workspace.package]")
        .expect("a [workspace.package] section");
    let to = project[from..]
        .find("\n[profile")
        .map_or(project.len(), |at| from + at);
    let root = root.canonicalize().expect("the root exists");
    let sections = project[from..to]
        .replace(
            "path = \"generator\"",
            &format!("path = {:?}", root.join("generator")),
        )
        .replace(
            "path = \"runtime\"",
            &format!("path = {:?}", root.join("runtime")),
        );
    format!("[workspace]\nresolver = \"2\"\nmembers = [\"g*/*\"]\n\n{sections}")
}

/// Up to `PER_BATCH` schema directories that load and generate, drawn with `rng`; each one's
/// files under `g<i>/`, with the crate prefix `g<i>`. Returns how many were drawn to find them.
fn draw_batch(rng: TestRng, out: &Path) -> (usize, usize) {
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = schema_dir();
    let (mut kept, mut drawn) = (0, 0);
    while kept < PER_BATCH && drawn < 2000 {
        drawn += 1;
        let files = strategy
            .new_tree(&mut runner)
            .expect("a schema directory")
            .current();
        let Ok(catalog) = schema::load_files(&files) else {
            continue;
        };
        let prefix = format!("g{kept}");
        let options = Options {
            crate_prefix: prefix.clone(),
        };
        let Ok(generated) = emit::generate(&catalog, &options) else {
            continue;
        };
        for file in generated {
            write(&out.join(&prefix).join(&file.path), &file.contents);
        }
        // The schemas beside their output, to read when the batch fails.
        for file in &files {
            write(
                &out.join("schemas").join(&prefix).join(&file.relative),
                &file.text,
            );
        }
        kept += 1;
    }
    (kept, drawn)
}

/// `tests/fixtures/hostile-text/`, whose titles, descriptions, enum values, wire names,
/// defaults, examples and provider fields hold quotes, backslashes, comment markers, Markdown
/// and line breaks, generated under the prefix `ghostile` into `out`.
fn hostile_text(root: &Path, out: &Path) {
    let catalog = schema::load_dir(&root.join("tests/fixtures/hostile-text"))
        .unwrap_or_else(|d| panic!("the hostile-text fixture loads:\n{d}"));
    let options = Options {
        crate_prefix: "ghostile".into(),
    };
    let generated = emit::generate(&catalog, &options)
        .unwrap_or_else(|d| panic!("the hostile-text fixture generates:\n{d}"));
    for file in generated {
        write(&out.join("ghostile").join(&file.path), &file.contents);
    }
}

/// Writes `contents` to `path`, creating its directory.
fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
    std::fs::write(path, contents).expect("a written file");
}

#[test]
fn random_schemas_the_loader_accepts_generate_code_that_compiles() {
    let batches: u64 = std::env::var("GENMEDIA_GENERATIVE_BATCHES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generative");
    let root = root();
    for batch in 0..batches {
        let workspace = scratch.join("workspace");
        let _ = std::fs::remove_dir_all(&workspace);
        std::fs::create_dir_all(&workspace).expect("the scratch workspace");
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&batch.to_le_bytes());
        let (kept, drawn) = draw_batch(TestRng::from_seed(RngAlgorithm::ChaCha, &seed), &workspace);
        assert!(
            kept >= PER_BATCH / 2,
            "only {kept} of {drawn} schema directories loaded and generated"
        );
        hostile_text(&root, &workspace);
        std::fs::write(workspace.join("Cargo.toml"), manifest(&root)).expect("the manifest");
        std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).expect("the lock");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = Command::new(cargo)
            .current_dir(&workspace)
            .args([
                "check",
                "--offline",
                "--workspace",
                "--all-features",
                "--quiet",
            ])
            // The compiled dependencies are kept between runs, apart from the project's.
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            .env("RUSTFLAGS", "-D warnings")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "batch {batch}: the code generated from {kept} schema directories in {} does not compile:\n{}",
            workspace.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
