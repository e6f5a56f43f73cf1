//! The crates users depend on can be published: every generated crate and the runtime carry the
//! one workspace version, the metadata crates.io shows, a README and the license files their
//! `MIT OR Apache-2.0` names. (`.ci/run` also runs `cargo package` on all of them.)

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The value of `key = "..."` in the `[section]` of a manifest.
fn value<'a>(manifest: &'a str, section: &str, key: &str) -> Option<&'a str> {
    let start = manifest.find(&format!("[{section}]\n"))?;
    manifest[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
        .and_then(|rest| rest.strip_suffix('"'))
}

fn workspace_version() -> String {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    value(&manifest, "workspace.package", "version")
        .expect("the root manifest sets [workspace.package] version")
        .to_string()
}

#[test]
fn the_runtime_dependency_carries_the_workspace_version() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|l| l.starts_with("genmedia-runtime = "))
        .expect("the workspace depends on the runtime");
    assert!(
        line.contains(&format!("version = \"{}\"", workspace_version())),
        "{line}: the runtime's version must be the workspace's"
    );
}

/// Each package's version in `releases/versions.txt`.
fn released_versions() -> std::collections::BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("releases/versions.txt")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            (words[0].to_string(), words[1].to_string())
        })
        .collect()
}

#[test]
fn every_generated_crate_can_be_published() {
    let versions = released_versions();
    let mut crates = 0;
    for entry in std::fs::read_dir(root().join("generated")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let package = format!("genmedia-{name}");
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let version = versions
            .get(&package)
            .unwrap_or_else(|| panic!("{package} has no version in releases/versions.txt"));
        assert_eq!(
            value(&manifest, "package", "version"),
            Some(version.as_str()),
            "{name}: the version is the released one"
        );
        for key in ["description", "readme", "documentation"] {
            assert!(
                value(&manifest, "package", key).is_some(),
                "{name}: no {key}"
            );
        }
        for key in ["keywords = [", "categories = [", "license.workspace = true"] {
            assert!(manifest.contains(key), "{name}: no {key}");
        }
        assert!(!manifest.contains("publish"), "{name} may not be published");
        // Each path dependency asks for the version the crate it names has now.
        for line in manifest.lines().filter(|l| l.contains("path = ")) {
            let dependency = line.split(' ').next().unwrap();
            let wanted = &versions[dependency];
            assert!(
                line.contains(&format!("version = \"{wanted}\"")),
                "{name}: a path dependency without its version {wanted}: {line}"
            );
        }
        let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
        assert!(
            readme.starts_with(&format!("# genmedia-{name}\n")),
            "{name}: {readme}"
        );
        for license in ["LICENSE-MIT", "LICENSE-APACHE"] {
            assert_eq!(
                std::fs::read_to_string(dir.join(license)).unwrap(),
                std::fs::read_to_string(root().join(license)).unwrap(),
                "{name}/{license}"
            );
        }
        // A crate released since versioning began has its changelog, newest entry first.
        let changelog = root().join(format!("releases/changelogs/{package}.md"));
        match std::fs::read_to_string(&changelog) {
            Ok(log) => {
                assert_eq!(
                    std::fs::read_to_string(dir.join("CHANGELOG.md")).unwrap(),
                    log
                );
                let newest = log
                    .lines()
                    .find(|l| l.starts_with("## "))
                    .unwrap_or_default();
                assert!(
                    newest.starts_with(&format!("## {version} ")),
                    "{package}: the newest changelog entry is not {version}: {newest}"
                );
            }
            Err(_) => assert!(
                !dir.join("CHANGELOG.md").exists(),
                "{name}: a changelog from nowhere"
            ),
        }
        crates += 1;
    }
    assert!(crates > 2, "no generated crates found");
}

/// A family's README lists every endpoint of the family by id, as crates.io shows it.
#[test]
fn a_family_readme_lists_its_endpoints() {
    let readme =
        std::fs::read_to_string(root().join("generated/fal-ai-luma-dream-machine/README.md"))
            .unwrap();
    for line in [
        "| `fal-ai/luma-dream-machine/ray-2/image-to-video` | Luma Ray 2 (Image to Video) | image-to-video | `ray_2_image_to_video` |",
        "| `fal-ai/luma-dream-machine` |",
    ] {
        assert!(readme.contains(line), "{line} is missing:\n{readme}");
    }
    assert!(
        readme.contains("```rust\nuse genmedia_fal_ai_luma_dream_machine::"),
        "{readme}"
    );
}
