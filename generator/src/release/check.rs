//! Whether every generated crate's version still matches its code.

use super::{fingerprint, Versions};
use crate::emit::Generated;

/// A crate whose recorded version no longer matches what is generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreleased {
    /// A generated crate the versions file does not list.
    New {
        /// Its package.
        package: String,
    },
    /// A crate whose code changed since its version was recorded.
    Changed {
        /// Its package.
        package: String,
        /// Its recorded version.
        version: String,
    },
    /// A package the versions file lists that is no longer generated.
    Gone {
        /// Its package.
        package: String,
    },
}

impl Unreleased {
    /// The problem in one line.
    pub fn describe(&self) -> String {
        match self {
            Unreleased::New { package } => format!("{package} is new and has no version yet"),
            Unreleased::Changed { package, version } => {
                format!("{package}: the generated code changed, but its version {version} did not")
            }
            Unreleased::Gone { package } => {
                format!("{package} is no longer generated, but still has a version")
            }
        }
    }
}

/// Every crate whose version does not match its code, in package order.
pub fn unreleased(generated: &Generated, versions: &Versions) -> Vec<Unreleased> {
    // Each fingerprint reads its crate's files once: crates are hashed in parallel.
    let per_crate = crate::parallel::map(&generated.crates, |names| {
        match versions.entries.get(&names.package) {
            None => Some(Unreleased::New {
                package: names.package.clone(),
            }),
            Some(entry) => {
                let code = fingerprint(&generated.files, &names.dir, &names.version);
                (code != entry.code).then(|| Unreleased::Changed {
                    package: names.package.clone(),
                    version: entry.version.to_string(),
                })
            }
        }
    });
    let mut out: Vec<Unreleased> = per_crate.into_iter().flatten().collect();
    for package in versions.entries.keys() {
        if !generated.crates.iter().any(|c| &c.package == package) {
            out.push(Unreleased::Gone {
                package: package.clone(),
            });
        }
    }
    out.sort_by(|a, b| package(a).cmp(package(b)));
    out
}

fn package(u: &Unreleased) -> &str {
    match u {
        Unreleased::New { package }
        | Unreleased::Changed { package, .. }
        | Unreleased::Gone { package } => package,
    }
}
