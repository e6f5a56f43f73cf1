//! Changelog entries: the changes of a release in words, newest first.

use super::Version;
use crate::changes::{Change, Class};

/// The heading every changelog starts with.
fn heading(package: &str) -> String {
    format!(
        "# Changelog of {package}\n\n\
         Generated crate: each entry lists what changed in the schemas of its endpoints \
         (written by `cargo xtask release`).\n"
    )
}

/// One release's entry: `## <version> (<date>)`, the breaking changes, then the others, one
/// line each with its endpoint and place; `note` when no schema change explains the release
/// (regenerated code, new dependency versions).
pub fn entry(version: Version, date: &str, changes: &[&Change], note: &str) -> String {
    let mut blocks = vec![format!("## {version} ({date})\n")];
    for (title, class) in [
        ("Breaking", Class::Breaking),
        ("Added and compatible", Class::Additive),
    ] {
        let mut lines: Vec<String> = changes
            .iter()
            .filter(|c| c.class == class)
            .map(|c| format!("- `{}`: {}\n", c.endpoint, c.describe().replace('`', "'")))
            .collect();
        lines.dedup();
        if !lines.is_empty() {
            blocks.push(format!("### {title}\n\n{}", lines.concat()));
        }
    }
    if changes.is_empty() {
        blocks.push(format!("{note}\n"));
    }
    let mut out = String::new();
    for block in blocks {
        out.push('\n');
        out.push_str(&block);
    }
    out
}

/// The changelog with `entry` as its newest release (a new changelog when `existing` is
/// `None`).
pub fn prepend(package: &str, existing: Option<&str>, entry: &str) -> String {
    let head = heading(package);
    // A changelog edited by hand keeps all its text, after the new entry.
    let rest = match existing {
        Some(text) => text.strip_prefix(head.as_str()).unwrap_or(text),
        None => "",
    };
    format!("{head}{entry}{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::Kind;

    fn change(endpoint: &str, path: &str, kind: Kind, class: Class) -> Change {
        Change {
            endpoint: endpoint.into(),
            package: "p".into(),
            owner_package: "p".into(),
            owner_type: "T".into(),
            path: path.into(),
            kind,
            class,
        }
    }

    #[test]
    fn entries_list_breaking_changes_first_and_stack_newest_first() {
        let v = |s| Version::parse(s).unwrap();
        let removed = change("a/b", "input.x", Kind::FieldRemoved, Class::Breaking);
        let added = change(
            "a/b",
            "input.y",
            Kind::FieldAdded { required: false },
            Class::Additive,
        );
        let first = prepend(
            "p",
            None,
            &entry(v("0.1.1"), "2026-01-02", &[], "Regenerated."),
        );
        let second = entry(v("0.2.0"), "2026-02-03", &[&added, &removed], "unused");
        let log = prepend("p", Some(&first), &second);
        let expected = "# Changelog of p\n\n\
            Generated crate: each entry lists what changed in the schemas of its endpoints \
            (written by `cargo xtask release`).\n\
            \n## 0.2.0 (2026-02-03)\n\
            \n### Breaking\n\n- `a/b`: input.x: field removed\n\
            \n### Added and compatible\n\n- `a/b`: input.y: optional field added\n\
            \n## 0.1.1 (2026-01-02)\n\nRegenerated.\n";
        assert_eq!(log, expected);
        // Text a maintainer wrote stays.
        let edited = prepend("p", Some("Notes by hand.\n"), &second);
        assert!(edited.ends_with("Notes by hand.\n"), "{edited}");
    }
}
