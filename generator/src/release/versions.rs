//! `releases/versions.txt`: one line per generated crate, `<package> <version> <fingerprint>`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use super::Version;
use crate::diagnostics::{Diagnostic, Diagnostics, Span};

/// The comment the file starts with.
const HEADER: &str = "\
# The version of every generated crate, and the fingerprint of the generated code that version
# was made from: `<package> <version> <fingerprint>`. Written by `cargo xtask release`;
# `cargo xtask codegen --check` fails when a crate's code no longer has its fingerprint.
";

/// One crate's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The crate's version.
    pub version: Version,
    /// The fingerprint of its generated code at that version ([`super::fingerprint()`]).
    pub code: String,
}

/// Every crate's version, by package name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Versions {
    /// The lines, sorted by package.
    pub entries: BTreeMap<String, Entry>,
}

impl Versions {
    /// Reads the file's text; `file` names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<Versions, Diagnostics> {
        let mut entries = BTreeMap::new();
        let mut diags = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let at = |column: usize| Span::new(line_no, u32::try_from(column + 1).unwrap_or(0));
            let words: Vec<&str> = trimmed.split_whitespace().collect();
            let [package, version, code] = words.as_slice() else {
                diags.push(
                    Diagnostic::new(file, at(0), "expected `<package> <version> <fingerprint>`")
                        .with_help("run `cargo xtask release` to write this file again"),
                );
                continue;
            };
            let column = line.find(version).unwrap_or(0);
            let version = match Version::parse(version) {
                Ok(v) => v,
                Err(e) => {
                    diags.push(Diagnostic::new(file, at(column), e));
                    continue;
                }
            };
            if code.len() != 16 || !code.bytes().all(|b| b.is_ascii_hexdigit()) {
                let column = line.rfind(code).unwrap_or(0);
                diags.push(
                    Diagnostic::new(
                        file,
                        at(column),
                        format!("`{code}` is not a fingerprint (16 hex digits)"),
                    )
                    .with_help("run `cargo xtask release` to write this file again"),
                );
                continue;
            }
            let entry = Entry {
                version,
                code: code.to_string(),
            };
            if entries.insert(package.to_string(), entry).is_some() {
                diags.push(Diagnostic::new(
                    file,
                    at(0),
                    format!("`{package}` is listed twice"),
                ));
            }
        }
        if diags.is_empty() {
            Ok(Versions { entries })
        } else {
            Err(Diagnostics::sorted(diags))
        }
    }

    /// The file's text.
    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        for (package, e) in &self.entries {
            let _ = writeln!(out, "{package} {} {}", e.version, e.code);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_round_trips_and_bad_lines_are_located() {
        let mut versions = Versions::default();
        versions.entries.insert(
            "genmedia-common".into(),
            Entry {
                version: Version::parse("0.2.1").unwrap(),
                code: "0123456789abcdef".into(),
            },
        );
        let text = versions.render();
        assert_eq!(Versions::parse(&text, Path::new("v.txt")), Ok(versions));

        let bad = "# comment\ngenmedia-a 0.1 0123456789abcdef\ngenmedia-b 0.1.0\n";
        let err = Versions::parse(bad, Path::new("releases/versions.txt"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("releases/versions.txt:2:12"), "{err}");
        assert!(err.contains("`0.1` is not a version"), "{err}");
        assert!(err.contains("releases/versions.txt:3:1"), "{err}");
    }
}
