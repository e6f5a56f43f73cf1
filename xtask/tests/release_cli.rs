//! Versions that follow the changes, end to end through the real binary on a scratch copy of
//! the repository: an edit of the schemas makes `codegen --check` fail until
//! `cargo xtask release` bumps exactly the crates it changed, by the change report, with their
//! changelog entries; and `cargo xtask diff` reads the earlier schemas from git.

mod support;

use std::path::Path;
use std::process::Output;

use support::{
    assert_success, copy_files, files_of, output_text, scratch_copy, workspace, xtask, TempDir,
};

/// A scratch checkout with what codegen and release read and write, and a copy of its schemas
/// as they were (the baseline of the release).
fn scratch(tag: &str) -> (TempDir, TempDir) {
    let repo = scratch_copy(tag, &["schemas", "generated", "releases"]);
    let before = TempDir::new(&format!("{tag}-before"));
    let schemas = workspace().join("schemas");
    copy_files(&schemas, &before.0, &files_of(&schemas));
    (repo, before)
}

fn edit(repo: &Path, file: &str, from: &str, to: &str) {
    let path = repo.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Each package's version in `releases/versions.txt`.
fn version(repo: &Path, package: &str) -> String {
    let versions = std::fs::read_to_string(repo.join("releases/versions.txt")).unwrap();
    versions
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{package} ")))
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("{package} has no version:\n{versions}"))
        .to_string()
}

/// The next version of `v` (before 1.0) after an additive change: the patch number's.
fn next_patch(v: &str) -> String {
    let [major, minor, patch] = parts(v);
    format!("{major}.{minor}.{}", patch + 1)
}

/// The next version of `v` (before 1.0) after a breaking change: the minor number's.
fn next_minor(v: &str) -> String {
    let [major, minor, _] = parts(v);
    format!("{major}.{}.0", minor + 1)
}

fn parts(v: &str) -> [u64; 3] {
    let parts: Vec<u64> = v.split('.').map(|n| n.parse().unwrap()).collect();
    let parts: [u64; 3] = parts.try_into().unwrap();
    assert_eq!(parts[0], 0, "these checks assume versions before 1.0: {v}");
    parts
}

fn read(repo: &Path, file: &str) -> String {
    std::fs::read_to_string(repo.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn release(repo: &Path, before: &Path) -> Output {
    let from = before.to_str().unwrap();
    xtask(repo, &["release", "--from", from, "--date", "2026-12-01"])
}

#[test]
fn an_additive_change_fails_the_check_until_released_as_a_patch() {
    let (repo, before) = scratch("release-additive");
    let (repo, before) = (&repo.0, &before.0);
    let [flux, catalog, common, flux_pro] = [
        "genmedia-fal-ai-flux",
        "genmedia-catalog",
        "genmedia-common",
        "genmedia-fal-ai-flux-pro",
    ]
    .map(|p| version(repo, p));
    // fal allows more images per request: a wider bound.
    edit(
        repo,
        "schemas/fal-ai/flux/dev.yaml",
        "maximum: 4\n      prompt:",
        "maximum: 8\n      prompt:",
    );
    let generated = xtask(repo, &["codegen"]);
    assert_success(&generated, "codegen");
    assert!(
        output_text(&generated).contains("run `cargo xtask release`"),
        "{}",
        output_text(&generated)
    );

    let check = xtask(repo, &["codegen", "--check"]);
    assert!(
        !check.status.success(),
        "the check passed with an unchanged version"
    );
    assert!(
        output_text(&check).contains(&format!(
            "genmedia-fal-ai-flux: the generated code changed, but its version {flux} did not"
        )),
        "{}",
        output_text(&check)
    );

    assert_success(&release(repo, before), "release");
    let new_flux = next_patch(&flux);
    assert_eq!(version(repo, "genmedia-fal-ai-flux"), new_flux);
    // The catalog crate names the family's new version; other crates stay as they were.
    assert_eq!(version(repo, "genmedia-catalog"), next_patch(&catalog));
    assert_eq!(version(repo, "genmedia-common"), common);
    assert_eq!(version(repo, "genmedia-fal-ai-flux-pro"), flux_pro);
    assert!(read(repo, "generated/fal-ai-flux/Cargo.toml")
        .contains(&format!("\nversion = \"{new_flux}\"\n")));
    assert!(
        read(repo, "generated/catalog/Cargo.toml").contains(&format!(
            "genmedia-fal-ai-flux = {{ path = \"../fal-ai-flux\", version = \"{new_flux}\""
        ))
    );

    let log = read(repo, "releases/changelogs/genmedia-fal-ai-flux.md");
    assert!(
        log.contains(&format!("## {new_flux} (2026-12-01)")),
        "{log}"
    );
    assert!(
        log.contains("### Added and compatible\n\n- `fal-ai/flux/dev`: input.num_images: maximum 4 → 8 (wider)"),
        "{log}"
    );
    assert!(!log.contains("### Breaking"), "{log}");
    assert_eq!(read(repo, "generated/fal-ai-flux/CHANGELOG.md"), log);
    assert!(read(repo, "releases/changelogs/genmedia-catalog.md")
        .contains("No change to its endpoints' schemas"));
    let flux_pro_log = read(repo, "releases/changelogs/genmedia-fal-ai-flux-pro.md");
    assert!(!flux_pro_log.contains("2026-12-01"), "{flux_pro_log}");

    assert_success(
        &xtask(repo, &["codegen", "--check"]),
        "codegen --check after the release",
    );
    let again = release(repo, before);
    assert_success(&again, "a second release");
    assert!(
        output_text(&again).contains("nothing to do"),
        "{}",
        output_text(&again)
    );
}

#[test]
fn breaking_changes_bump_the_minor_and_a_shared_type_reaches_every_dependent() {
    let (repo, before) = scratch("release-breaking");
    let (repo, before) = (&repo.0, &before.0);
    // A family that does not use the changed type still names the common crate's new version.
    let untouched = "genmedia-fal-ai-ace-step";
    let [flux, common, untouched_version] =
        ["genmedia-fal-ai-flux", "genmedia-common", untouched].map(|p| version(repo, p));
    // A field removed from an endpoint's input: its lines, up to the next field.
    let dev = read(repo, "schemas/fal-ai/flux/dev.yaml");
    let (start, end) = (
        dev.find("      sync_mode:").unwrap(),
        dev.find("      output_format:").unwrap(),
    );
    edit(repo, "schemas/fal-ai/flux/dev.yaml", &dev[start..end], "");
    // A field added to a shared struct that code builds with struct literals.
    edit(
        repo,
        "schemas/shared.yaml",
        "      content_type:\n        type: string?\n  CcsrImage:",
        "      content_type:\n        type: string?\n      file_name:\n        type: string\n  CcsrImage:",
    );
    assert_success(&release(repo, before), "release");

    let (new_flux, new_common) = (next_minor(&flux), next_minor(&common));
    assert_eq!(version(repo, "genmedia-fal-ai-flux"), new_flux);
    assert_eq!(version(repo, "genmedia-common"), new_common);
    assert_eq!(version(repo, untouched), next_patch(&untouched_version));
    assert!(
        read(repo, "generated/fal-ai-ace-step/Cargo.toml").contains(&format!(
            "genmedia-common = {{ path = \"../common\", version = \"{new_common}\""
        ))
    );

    let flux = read(repo, "releases/changelogs/genmedia-fal-ai-flux.md");
    assert!(
        flux.contains(&format!("## {new_flux} (2026-12-01)\n\n### Breaking\n")),
        "{flux}"
    );
    assert!(
        flux.contains("- `fal-ai/flux/dev`: input.sync_mode: field removed"),
        "{flux}"
    );
    let common = read(repo, "releases/changelogs/genmedia-common.md");
    assert_eq!(
        common.matches("file_name: optional field added").count(),
        1,
        "the shared type's change is listed once:\n{common}"
    );
    assert!(read(repo, &format!("releases/changelogs/{untouched}.md"))
        .contains("No change to its endpoints' schemas"));
    assert_success(
        &xtask(repo, &["codegen", "--check"]),
        "codegen --check after the release",
    );
}

#[test]
fn diff_reads_the_earlier_schemas_from_git_and_writes_json() {
    let repo = TempDir::new("diff-git");
    let root = &repo.0;
    for file in [
        "schemas/providers.yaml",
        "schemas/fal-ai/flux/dev.yaml",
        "schemas/shared.yaml",
    ] {
        let target = root.join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(workspace().join(file), &target).unwrap();
    }
    let git = |args: &[&str]| support::git(root, args);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "schemas"]);
    edit(
        root,
        "schemas/fal-ai/flux/dev.yaml",
        "enum: [\"jpeg\", \"png\"]",
        "enum: [\"jpeg\", \"png\", \"webp\"]",
    );

    let json = root.join("report.json");
    let out = xtask(
        root,
        &["diff", "--since", "HEAD", "--json", json.to_str().unwrap()],
    );
    assert_success(&out, "diff");
    assert!(
        output_text(&out).contains("additive  input.output_format: value \"webp\" added"),
        "{}",
        output_text(&out)
    );
    let report = std::fs::read_to_string(&json).unwrap();
    assert!(report.contains("\"kind\": \"value_added\""), "{report}");
    assert!(report.contains("\"value\": \"webp\""), "{report}");

    let bad = xtask(root, &["diff", "--since", "no-such-rev"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        output_text(&bad).contains("`no-such-rev` is not a git revision"),
        "{}",
        output_text(&bad)
    );
}

#[test]
fn a_release_compares_with_the_schemas_of_the_last_release_not_the_last_commit() {
    let (repo, _) = scratch("release-since");
    let root = &repo.0;
    let git = |args: &[&str]| support::git(root, args);
    git(&["init", "-q"]);
    git(&["add", "schemas", "releases"]);
    git(&["commit", "-q", "-m", "the last release"]);
    // A narrower bound, committed before anyone ran the release: the release must still see it.
    edit(
        root,
        "schemas/fal-ai/flux/dev.yaml",
        "maximum: 4\n      prompt:",
        "maximum: 2\n      prompt:",
    );
    git(&["commit", "-q", "-am", "fal lowered num_images"]);
    assert_success(
        &xtask(root, &["release", "--date", "2026-12-01"]),
        "release",
    );
    assert_eq!(version(root, "genmedia-fal-ai-flux"), "0.2.0");
    let log = read(root, "releases/changelogs/genmedia-fal-ai-flux.md");
    assert!(
        log.contains("input.num_images: maximum 4 → 2 (narrower)"),
        "{log}"
    );

    let bad = xtask(root, &["release", "--date", "1 December"]);
    assert_eq!(bad.status.code(), Some(2), "{}", output_text(&bad));
    assert!(
        output_text(&bad).contains("expected a date written YYYY-MM-DD"),
        "{}",
        output_text(&bad)
    );
}
