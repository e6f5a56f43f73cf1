//! The maintainer's add-an-endpoint flow, end to end through the real binary on a scratch copy
//! of the repository (`--root`): `cargo xtask import <document>`, then `cargo xtask codegen`,
//! then `--check`; and an import that fails leaves `upstream/` and `schemas/` as they were.

mod support;

use std::path::Path;

use support::{
    assert_success, copy_files, files_of, scratch_copy, tree, workspace, xtask, TempDir,
};

/// A scratch checkout with what import, codegen and release read and write.
fn scratch(tag: &str) -> TempDir {
    scratch_copy(tag, &["upstream", "schemas", "generated", "releases"])
}

/// A real fal document given a new endpoint id, written outside the scratch checkout as a
/// maintainer's download would be.
fn new_document(dir: &Path, id: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(workspace().join("upstream/fal/fal-ai__flux__dev.json"))
        .expect("the fal-ai/flux/dev document is in upstream/fal");
    let path = dir.join(format!("{}.json", id.replace('/', "__")));
    std::fs::write(&path, text.replace("fal-ai/flux/dev", id)).expect("write document");
    path
}

#[test]
fn adding_an_endpoint_through_the_documented_flow() {
    let repo = scratch("flow");
    let downloads = TempDir::new("flow-downloads");
    let doc = new_document(&downloads.0, "fal-ai/flux/dev-next");

    let before = TempDir::new("flow-before");
    copy_files(
        &repo.0.join("schemas"),
        &before.0,
        &files_of(&repo.0.join("schemas")),
    );
    let import = xtask(&repo.0, &["import", doc.to_str().expect("UTF-8 path")]);
    assert_success(&import, "import");
    // The import reports what it changed, as the release will classify it.
    let said = String::from_utf8_lossy(&import.stdout);
    assert!(
        said.contains(
            "fal-ai/flux/dev-next (genmedia-fal-ai-flux): additive\n  additive  endpoint added"
        ),
        "{said}"
    );
    assert!(repo
        .0
        .join("upstream/fal/fal-ai__flux__dev-next.json")
        .is_file());
    let schema = std::fs::read_to_string(repo.0.join("schemas/fal-ai/flux/dev-next.yaml"))
        .expect("the import writes the endpoint's schema");
    assert!(schema.contains("id: fal-ai/flux/dev-next"), "{schema}");

    assert_success(&xtask(&repo.0, &["codegen"]), "codegen");
    let module = std::fs::read_to_string(repo.0.join("generated/fal-ai-flux/src/dev_next.rs"))
        .expect("codegen writes the endpoint's module");
    assert!(module.contains("\"fal-ai/flux/dev-next\""), "{module}");
    let lib = std::fs::read_to_string(repo.0.join("generated/fal-ai-flux/src/lib.rs")).unwrap();
    assert!(lib.contains("pub mod dev_next;"), "{lib}");

    // The family's code changed: its version must follow before the check passes.
    let check = xtask(&repo.0, &["codegen", "--check"]);
    assert!(
        !check.status.success(),
        "the check passed with the old version"
    );
    // A new endpoint is an additive change: before 1.0 it bumps the patch number.
    let flux_version = || {
        let versions = std::fs::read_to_string(repo.0.join("releases/versions.txt")).unwrap();
        let line = versions
            .lines()
            .find(|l| l.starts_with("genmedia-fal-ai-flux "))
            .map(str::to_string);
        line.unwrap_or_else(|| panic!("no genmedia-fal-ai-flux in\n{versions}"))
    };
    let old = flux_version();
    let [major, minor, patch]: [u64; 3] = old
        .split(' ')
        .nth(1)
        .unwrap()
        .split('.')
        .map(|n| n.parse().unwrap())
        .collect::<Vec<_>>()
        .try_into()
        .unwrap();
    assert_eq!(major, 0, "this check assumes a version before 1.0: {old}");
    let from = before.0.to_str().expect("UTF-8 path");
    assert_success(&xtask(&repo.0, &["release", "--from", from]), "release");
    let new = flux_version();
    let expected = format!("genmedia-fal-ai-flux 0.{minor}.{} ", patch + 1);
    assert!(new.starts_with(&expected), "{old} became {new}");
    assert_success(&xtask(&repo.0, &["codegen", "--check"]), "codegen --check");
    // Importing again changes nothing.
    let before = tree(&repo.0);
    assert_success(&xtask(&repo.0, &["import"]), "a second import");
    assert!(before == tree(&repo.0), "a second import changed files");
}

#[test]
fn a_refused_import_leaves_upstream_and_schemas_as_they_were() {
    let repo = scratch("refused");
    let downloads = TempDir::new("refused-downloads");
    let before = tree(&repo.0);

    // A document without its endpoint id: the import refuses it and writes nothing.
    let doc = new_document(&downloads.0, "acme/model");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("\"endpointId\"", "\"endpoint\"")).unwrap();
    let output = xtask(&repo.0, &["import", doc.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("acme__model.json"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(before == tree(&repo.0), "a refused import changed files");

    // A document that is not JSON at all, beside a valid one: nothing of either is written.
    let valid = new_document(&downloads.0, "acme/other");
    let broken = downloads.0.join("acme__broken.json");
    std::fs::write(&broken, "{ not json").unwrap();
    let output = xtask(
        &repo.0,
        &["import", valid.to_str().unwrap(), broken.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(before == tree(&repo.0), "a refused import changed files");

    // And the next import of what is there still works.
    assert_success(&xtask(&repo.0, &["import"]), "the next import");
    assert!(before == tree(&repo.0), "re-importing changed files");
}
