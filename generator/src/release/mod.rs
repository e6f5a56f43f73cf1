//! Versions of the generated crates, and their changelogs.
//!
//! Every generated crate has its own version, recorded in `releases/versions.txt` with a
//! fingerprint of the code that version was made from; `releases/changelogs/<package>.md` is
//! its changelog, which codegen copies into the crate as `CHANGELOG.md`. Codegen's check fails
//! when a crate's code no longer has the fingerprint of its version, and the release command
//! (`cargo xtask release`) bumps exactly those crates, by the change report
//! ([`crate::changes`]): see `docs/versioning.md`.

mod changelog;
mod check;
mod fingerprint;
mod version;
mod versions;

use std::collections::BTreeMap;
use std::path::Path;

pub use changelog::{entry, prepend};
pub use check::{unreleased, Unreleased};
pub use fingerprint::fingerprint;
pub use version::{Bump, Version};
pub use versions::{Entry, Versions};

/// The releases directory: each package's version and changelog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Releases {
    /// Each package's version; a package without one has the workspace's version.
    pub versions: Versions,
    /// Each package's changelog (Markdown), copied into the crate as `CHANGELOG.md`.
    pub changelogs: BTreeMap<String, String>,
}

impl Releases {
    /// Reads the releases directory `dir`; a missing directory or versions file is empty.
    pub fn read(dir: &Path) -> Result<Releases, String> {
        let versions_path = dir.join(VERSIONS_FILE);
        let versions = match std::fs::read_to_string(&versions_path) {
            Ok(text) => Versions::parse(&text, &versions_path).map_err(|d| d.to_string())?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Versions::default(),
            Err(e) => {
                return Err(format!(
                    "error: cannot read {}: {e}",
                    versions_path.display()
                ))
            }
        };
        let mut changelogs = BTreeMap::new();
        let logs = dir.join(CHANGELOGS_DIR);
        let entries = match std::fs::read_dir(&logs) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Releases {
                    versions,
                    changelogs,
                });
            }
            Err(e) => return Err(format!("error: cannot read {}: {e}", logs.display())),
        };
        for entry in entries {
            let path = entry
                .map_err(|e| format!("error: cannot read {}: {e}", logs.display()))?
                .path();
            let Some(package) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".md"))
            else {
                continue;
            };
            let text = std::fs::read_to_string(&path).map_err(|e| {
                format!(
                    "error: cannot read {}: {e}\n  help: changelogs are UTF-8 Markdown",
                    path.display()
                )
            })?;
            changelogs.insert(package.to_string(), text);
        }
        Ok(Releases {
            versions,
            changelogs,
        })
    }

    /// The files of the releases directory, relative to it.
    pub fn files(&self) -> Vec<crate::emit::GeneratedFile> {
        let mut files = vec![crate::emit::GeneratedFile {
            path: VERSIONS_FILE.to_string(),
            contents: self.versions.render(),
        }];
        for (package, text) in &self.changelogs {
            files.push(crate::emit::GeneratedFile {
                path: format!("{CHANGELOGS_DIR}/{package}.md"),
                contents: text.clone(),
            });
        }
        files
    }
}

/// The version of a crate that has none in the versions file: the workspace's
/// (`[workspace.package] version` in the root `Cargo.toml`, which the generator inherits).
pub const WORKSPACE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The directory of the releases, relative to the workspace root.
pub const DIR: &str = "releases";
/// The versions file, relative to [`DIR`].
pub const VERSIONS_FILE: &str = "versions.txt";
/// The directory of the changelogs, relative to [`DIR`].
pub const CHANGELOGS_DIR: &str = "changelogs";
