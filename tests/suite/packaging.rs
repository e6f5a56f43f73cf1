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

#[test]
fn every_generated_crate_can_be_published() {
    let version = workspace_version();
    let mut crates = 0;
    for entry in std::fs::read_dir(root().join("generated")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        assert_eq!(
            value(&manifest, "package", "version"),
            Some(version.as_str()),
            "{name}: the version is the workspace's"
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
        for line in manifest.lines().filter(|l| l.contains("path = ")) {
            assert!(
                line.contains(&format!("version = \"{version}\"")),
                "{name}: a path dependency without the version: {line}"
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
