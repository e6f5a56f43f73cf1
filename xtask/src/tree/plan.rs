//! What a run would change in one output directory: a pure comparison of the produced files
//! with the files on disk.

use std::collections::{BTreeMap, BTreeSet};

use genmedia_generator::emit::GeneratedFile;

/// Every file under an output directory, by path relative to it (`/` separators), with its
/// contents; `None` when it cannot be compared as text (not UTF-8, or a symbolic link), so it
/// always differs from what the generator produces.
pub type DiskState = BTreeMap<String, Option<String>>;

/// The changes that bring one output directory in line with the produced files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan<'a> {
    /// Produced files that are missing on disk or differ from it, sorted by path.
    pub write: Vec<&'a GeneratedFile>,
    /// How many produced files are already on disk as they are.
    pub unchanged: usize,
    /// Files on disk that were not produced, sorted by path.
    pub delete: Vec<String>,
}

/// Compares `produced` with `on_disk`.
pub fn plan<'a>(produced: &'a [GeneratedFile], on_disk: &DiskState) -> Plan<'a> {
    let mut result = Plan::default();
    let mut sorted: Vec<&GeneratedFile> = produced.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for file in sorted {
        match on_disk.get(&file.path) {
            Some(Some(text)) if *text == file.contents => result.unchanged += 1,
            _ => result.write.push(file),
        }
    }
    let names: BTreeSet<&str> = produced.iter().map(|f| f.path.as_str()).collect();
    result.delete = on_disk
        .keys()
        .filter(|path| !names.contains(path.as_str()))
        .cloned()
        .collect();
    result
}

/// Checks that every produced path is relative, plain (no empty, `.` or `..` component, no
/// `\`), unique, and not also the directory of another one, so joining it onto the output
/// directory can never reach outside it. `output` names the directory in the message.
pub fn validate_paths(output: &str, produced: &[GeneratedFile]) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    for file in produced {
        let plain = !file.path.contains('\\')
            && file
                .path
                .split('/')
                .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains(':'));
        if !plain {
            return Err(format!(
                "error: the generator produced an invalid path for {output}/: {:?}\nerror: nothing was written",
                file.path
            ));
        }
        if !seen.insert(file.path.as_str()) {
            return Err(format!(
                "error: the generator produced {output}/{} twice\nerror: nothing was written",
                file.path
            ));
        }
    }
    for file in produced {
        let mut dir = file.path.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if seen.contains(parent) {
                return Err(format!(
                    "error: the generator produced {output}/{parent} both as a file and as the directory of {output}/{}\nerror: nothing was written",
                    file.path
                ));
            }
            dir = parent;
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A generated file (shared with the report's tests).
    pub(crate) fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_string(),
            contents: contents.to_string(),
        }
    }

    /// A disk state: each path with its text, or `None` for a file that is not UTF-8.
    pub(crate) fn disk(entries: &[(&str, Option<&str>)]) -> DiskState {
        entries
            .iter()
            .map(|(p, t)| (p.to_string(), t.map(str::to_string)))
            .collect()
    }

    #[test]
    fn plan_writes_changed_and_missing_keeps_equal_deletes_stale() {
        let produced = vec![
            file("b/src/lib.rs", "new\n"),
            file("a/Cargo.toml", "same\n"),
            file("c/README.md", "fresh\n"),
            file("d/bin.rs", "text\n"),
        ];
        let on_disk = disk(&[
            ("a/Cargo.toml", Some("same\n")),
            ("b/src/lib.rs", Some("old\n")),
            ("d/bin.rs", None),
            ("z/old.rs", Some("gone\n")),
            ("a/stale.rs", Some("gone\n")),
        ]);
        let plan = plan(&produced, &on_disk);
        let written: Vec<&str> = plan.write.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(written, ["b/src/lib.rs", "c/README.md", "d/bin.rs"]);
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.delete, ["a/stale.rs", "z/old.rs"]);
    }

    #[test]
    fn plan_of_identical_trees_is_empty() {
        let produced = vec![file("x.rs", "1\n")];
        let plan = plan(&produced, &disk(&[("x.rs", Some("1\n"))]));
        assert!(plan.write.is_empty() && plan.delete.is_empty());
        assert_eq!(plan.unchanged, 1);
    }

    #[test]
    fn validate_rejects_escaping_duplicate_and_clashing_paths() {
        assert!(validate_paths("generated", &[file("a/b.rs", ""), file("a/c.rs", "")]).is_ok());
        for bad in [
            "../x.rs", "/abs.rs", "a//b.rs", "a/./b.rs", "a\\b.rs", "C:/x.rs", "",
        ] {
            let err = validate_paths("generated", &[file(bad, "")]).unwrap_err();
            assert!(err.contains("invalid path"), "{bad}: {err}");
        }
        let err = validate_paths("generated", &[file("a.rs", ""), file("a.rs", "")]).unwrap_err();
        assert!(err.contains("generated/a.rs twice"), "{err}");
        let err = validate_paths("generated", &[file("a", ""), file("a/b/c.rs", "")]).unwrap_err();
        assert!(err.contains("generated/a both as a file"), "{err}");
    }
}
