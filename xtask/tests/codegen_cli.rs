//! `cargo xtask codegen` end to end, through the real binary: every case of the bad-schema
//! corpus (`tests/bad-schemas/`, each run from a scratch copy with the corpus's default
//! `providers.yaml` unless it brings its own) fails with its snapshotted, located diagnostics
//! and leaves the output directory byte for byte as it was; a write that fails halfway changes
//! nothing; and generating the same schemas from two directories whose files were created in
//! different orders gives identical bytes.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use support::{copy_files, files_of, tree, workspace, TempDir};

/// Runs `cargo xtask codegen` with `args`.
fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .args(args)
        .output()
        .expect("run xtask")
}

/// An output directory with content in it: the committed fixture crates.
fn output_copy(tmp: &TempDir) -> PathBuf {
    let from = workspace().join("tests/fixtures/generated");
    let out = tmp.0.join("generated");
    copy_files(&from, &out, &files_of(&from));
    out
}

/// The corpus cases that are about a schema directory without `providers.yaml`: they get no
/// default one.
const WITHOUT_PROVIDERS: &[&str] = &["missing-providers-file"];

/// Copies the corpus case `case` to `<root>/tests/bad-schemas/<case>`, where it sits in the
/// repository, so that xtask run with `--root <root>` prints the same paths as on the corpus
/// itself. The copy gets the corpus's default `providers.yaml` unless the case brings its own
/// (which must then differ from the default) or is one of [`WITHOUT_PROVIDERS`].
fn scratch_copy(corpus: &Path, case: &str, root: &Path) {
    let from = corpus.join(case);
    let to = root.join("tests/bad-schemas").join(case);
    let files = files_of(&from);
    copy_files(&from, &to, &files);
    let default = std::fs::read(corpus.join("providers.yaml")).expect("the default providers.yaml");
    let own = files.iter().any(|f| f == "providers.yaml");
    if WITHOUT_PROVIDERS.contains(&case) {
        assert!(!own, "{case} is about a missing providers.yaml but has one");
    } else if own {
        let bytes = std::fs::read(from.join("providers.yaml")).expect("read providers.yaml");
        assert!(
            bytes != default,
            "tests/bad-schemas/{case}/providers.yaml is the default one: delete it"
        );
    } else {
        std::fs::write(to.join("providers.yaml"), default).expect("write providers.yaml");
    }
}

#[test]
fn every_bad_schema_fails_with_located_diagnostics_and_writes_nothing() {
    let corpus = workspace().join("tests/bad-schemas");
    let mut cases: Vec<String> = std::fs::read_dir(&corpus)
        .expect("the corpus")
        .map(|e| e.expect("entry"))
        .filter(|e| e.path().is_dir() && e.file_name() != "snapshots")
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    for case in WITHOUT_PROVIDERS {
        assert!(cases.iter().any(|c| c == case), "no case `{case}`");
    }
    let readme = std::fs::read_to_string(corpus.join("README.md")).expect("the corpus README");
    let tmp = TempDir::new("corpus");
    let out = output_copy(&tmp);
    let before = tree(&out);
    let root = tmp.0.join("root");
    let root_arg = root.to_string_lossy().into_owned();
    for case in &cases {
        assert!(
            readme.contains(&format!("`{case}`")),
            "tests/bad-schemas/README.md does not describe `{case}`"
        );
        let schemas = format!("tests/bad-schemas/{case}");
        scratch_copy(&corpus, case, &root);
        let start = Instant::now();
        let run = codegen(&[
            "--root",
            &root_arg,
            "--schemas",
            &schemas,
            "--output",
            &out.to_string_lossy(),
        ]);
        let elapsed = start.elapsed();
        let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
        assert_eq!(run.status.code(), Some(1), "{case}: {stderr}");
        assert!(
            run.stdout.is_empty(),
            "{case} printed a summary: {:?}",
            run.stdout
        );
        assert!(elapsed < Duration::from_secs(10), "{case} took {elapsed:?}");
        assert_eq!(tree(&out), before, "{case} changed the output directory");
        // Every problem names its file, and its line and column wherever it has a position
        // (a missing file has none), then what is wrong, and on the next line how to fix it.
        let lines: Vec<&str> = stderr.lines().collect();
        let errors: Vec<(usize, &str)> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.contains(": error: "))
            .map(|(i, l)| (i, *l))
            .collect();
        assert!(!errors.is_empty(), "{case}: {stderr}");
        for (i, line) in errors {
            assert!(
                lines
                    .get(i + 1)
                    .is_some_and(|next| next.starts_with("  help: ")),
                "{case}: the problem does not say how to fix it: {line}"
            );
            let (location, _) = line.split_once(": error: ").expect("an error line");
            let mut parts = location.split(':');
            let file = parts.next().unwrap_or_default();
            assert!(file.starts_with(&format!("{schemas}/")), "{case}: {line}");
            let position: Vec<&str> = parts.collect();
            let located = position.len() == 2
                && position
                    .iter()
                    .all(|p| p.parse::<u32>().is_ok_and(|n| n > 0));
            assert!(
                located || line.contains("is missing from the schema directory"),
                "{case}: the problem has no line and column: {line}"
            );
        }
        assert!(
            stderr.trim_end().ends_with("error: nothing was written"),
            "{case}: {stderr}"
        );
        insta::with_settings!({
            snapshot_path => "../../tests/bad-schemas/snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("cargo xtask codegen --schemas {schemas} --output <dir>"),
        }, {
            insta::assert_snapshot!(case.as_str(), stderr);
        });
    }
}

/// Generation that fails while writing (here: an empty directory where a generated file must
/// go, which the plan cannot see and no one can write over) leaves the output directory exactly
/// as it was, although files before it in the plan were due to be rewritten and deleted.
#[test]
fn a_write_that_fails_halfway_changes_nothing() {
    let tmp = TempDir::new("atomic");
    let out = tmp.0.join("generated");
    let out_arg = out.to_string_lossy().into_owned();
    let args = [
        "--schemas",
        "tests/fixtures/schemas",
        "--output",
        out_arg.as_str(),
        "--crate-prefix",
        "fixture",
    ];
    let first = codegen(&args);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let fresh = tree(&out);

    // Work for the run: a changed file and a missing one early in path order, a stale file,
    // and the obstacle late in path order.
    std::fs::write(out.join("acme-widgets/src/lib.rs"), "// edited by hand\n").unwrap();
    std::fs::remove_file(out.join("common/Cargo.toml")).unwrap();
    std::fs::write(out.join("acme-widgets/src/stale.rs"), "// stale\n").unwrap();
    let obstacle = out.join("demo-http/src/types.rs");
    std::fs::remove_file(&obstacle).unwrap();
    std::fs::create_dir(&obstacle).unwrap();
    let before = tree(&out);

    let failed = codegen(&args);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(
        tree(&out) == before,
        "the failed run changed the output directory: {stderr}"
    );
    assert!(
        stderr.contains("demo-http/src/types.rs") && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    let leftovers: Vec<String> = std::fs::read_dir(&tmp.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["generated"], "work directories are removed");

    // Without the obstacle the same run repairs everything.
    std::fs::remove_dir(&obstacle).unwrap();
    let repaired = codegen(&args);
    assert!(
        repaired.status.success(),
        "{}",
        String::from_utf8_lossy(&repaired.stderr)
    );
    assert_eq!(tree(&out), fresh);
}

/// The real schemas copied into two directories, one file at a time in opposite orders (so the
/// file system lists them differently), generate byte-identical output directories.
#[test]
fn two_directories_created_in_different_orders_generate_identical_bytes() {
    let source = workspace().join("schemas");
    let files = files_of(&source);
    assert!(files.len() > 40, "{} schema files", files.len());
    let tmp = TempDir::new("determinism");
    let mut reversed = files.clone();
    reversed.reverse();
    let mut outputs = Vec::new();
    for (name, order) in [("a", &files), ("b", &reversed)] {
        let schemas = tmp.0.join(name).join("schemas");
        copy_files(&source, &schemas, order);
        let out = tmp.0.join(name).join("generated");
        let run = codegen(&[
            "--schemas",
            &schemas.to_string_lossy(),
            "--output",
            &out.to_string_lossy(),
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        outputs.push(tree(&out));
    }
    assert!(outputs[0].len() > 50, "{} entries", outputs[0].len());
    assert!(
        outputs[0] == outputs[1],
        "the two output directories differ"
    );
}

/// A `--crate-prefix` that no package name can start with is refused before anything runs,
/// with the reason, instead of a panic deep in code generation.
#[test]
fn a_crate_prefix_that_names_no_package_is_refused() {
    let tmp = TempDir::new("prefix");
    let out = output_copy(&tmp);
    let before = tree(&out);
    let out_arg = out.to_string_lossy().into_owned();
    for (prefix, reason) in [
        ("../x", "contains '.'"),
        ("9lives", "must start with an ASCII letter"),
        ("", "must start with an ASCII letter"),
        ("a b", "contains ' '"),
    ] {
        let run = codegen(&[
            "--schemas",
            "tests/fixtures/schemas",
            "--output",
            out_arg.as_str(),
            "--crate-prefix",
            prefix,
        ]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{prefix:?}: {stderr}");
        assert!(
            stderr.contains("--crate-prefix") && stderr.contains(reason),
            "{prefix:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(tree(&out) == before, "a refused run wrote nothing");
}
