//! Reading an output directory and applying a [`Plan`] to it. Nothing here ever touches a path
//! outside the output directory: symbolic links are never followed, and every path is the
//! directory joined with a checked relative path.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::plan::{DiskState, Plan};
use crate::fsx::write_atomic;

/// Joins a `/`-separated relative path onto `root`, one component at a time.
pub fn join(root: &Path, relative: &str) -> PathBuf {
    relative
        .split('/')
        .fold(root.to_path_buf(), |p, c| p.join(c))
}

/// Reads every file under `root` (recursively, sorted). A missing `root` is empty.
pub fn read_disk(root: &Path) -> Result<DiskState, String> {
    let mut state = DiskState::new();
    match std::fs::symlink_metadata(root) {
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(state),
        Err(e) => return Err(format!("error: cannot read {}: {e}", root.display())),
        Ok(_) => {}
    }
    read_into(root, "", &mut state)?;
    Ok(state)
}

fn read_into(dir: &Path, prefix: &str, state: &mut DiskState) -> Result<(), String> {
    let cannot = |e: std::io::Error| format!("error: cannot read {}: {e}", dir.display());
    let mut entries = std::fs::read_dir(dir)
        .map_err(cannot)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(cannot)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().into_string().map_err(|_| {
            format!(
                "error: {} has a name that is not UTF-8; remove it by hand",
                path.display()
            )
        })?;
        let relative = format!("{prefix}{name}");
        // `DirEntry::file_type` does not follow symbolic links.
        let kind = entry
            .file_type()
            .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
        if kind.is_dir() {
            read_into(&path, &format!("{relative}/"), state)?;
        } else if kind.is_file() {
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
            state.insert(relative, String::from_utf8(bytes).ok());
        } else {
            state.insert(relative, None);
        }
    }
    Ok(())
}

/// Deletes the stale files of `plan` under `root` (and the directories that become empty, but
/// never `root` itself), then writes the changed and missing ones. Deleting first lets a
/// produced file take the place of a stale directory of the same name, and the reverse.
pub fn apply(root: &Path, plan: &Plan) -> Result<(), String> {
    for relative in &plan.delete {
        let path = join(root, relative);
        std::fs::remove_file(&path)
            .map_err(|e| format!("error: cannot delete {}: {e}", path.display()))?;
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != root && d.starts_with(root)) {
            let empty = std::fs::read_dir(d)
                .map_err(|e| format!("error: cannot read {}: {e}", d.display()))?
                .next()
                .is_none();
            if !empty {
                break;
            }
            std::fs::remove_dir(d)
                .map_err(|e| format!("error: cannot delete {}: {e}", d.display()))?;
            dir = d.parent();
        }
    }
    for file in &plan.write {
        write_atomic(&join(root, &file.path), &file.contents)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::plan::plan;
    use genmedia_generator::emit::GeneratedFile;

    /// A fresh directory under the system temp dir, removed again on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> TempDir {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static COUNTER: AtomicUsize = AtomicUsize::new(0);
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or_default();
            let dir = std::env::temp_dir().join(format!(
                "xtask-codegen-{tag}-{}-{n}-{nanos}",
                std::process::id()
            ));
            std::fs::create_dir_all(&dir).expect("create temp dir");
            TempDir(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn put(root: &Path, relative: &str, text: &[u8]) {
        let path = join(root, relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_string(),
            contents: contents.to_string(),
        }
    }

    #[test]
    fn missing_dir_reads_as_empty() {
        let tmp = TempDir::new("missing");
        assert_eq!(read_disk(&tmp.0.join("nope")), Ok(DiskState::new()));
    }

    #[test]
    fn reads_files_recursively_and_marks_non_utf8() {
        let tmp = TempDir::new("read");
        put(&tmp.0, "b/c/d.rs", b"d\n");
        put(&tmp.0, "a.rs", b"a\n");
        put(&tmp.0, ".hidden", b"\xff\xfe");
        let state = read_disk(&tmp.0).expect("read");
        let entries: Vec<(&str, Option<&str>)> = state
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_deref()))
            .collect();
        assert_eq!(
            entries,
            [
                (".hidden", None),
                ("a.rs", Some("a\n")),
                ("b/c/d.rs", Some("d\n"))
            ]
        );
    }

    #[test]
    fn apply_deletes_nested_stale_file_and_emptied_dirs_and_writes() {
        let tmp = TempDir::new("apply");
        let root = tmp.0.join("generated");
        put(&root, "keep/src/lib.rs", b"old\n");
        put(&root, "keep/src/stale.rs", b"stale\n");
        put(&root, "gone/src/deep/mod.rs", b"stale\n");
        put(&root, "same.rs", b"same\n");
        let produced = vec![
            file("keep/src/lib.rs", "new\n"),
            file("same.rs", "same\n"),
            file("added/Cargo.toml", "[package]\n"),
        ];
        let state = read_disk(&root).expect("read");
        let plan = plan(&produced, &state);
        assert_eq!(plan.delete, ["gone/src/deep/mod.rs", "keep/src/stale.rs"]);
        apply(&root, &plan).expect("apply");

        assert!(
            !root.join("gone").exists(),
            "emptied directories are removed"
        );
        assert!(root.join("keep").join("src").is_dir());
        let after = read_disk(&root).expect("read again");
        let expected: DiskState = produced
            .iter()
            .map(|f| (f.path.clone(), Some(f.contents.clone())))
            .collect();
        assert_eq!(after, expected);
    }

    #[test]
    fn apply_keeps_the_output_dir_itself() {
        let tmp = TempDir::new("root");
        let root = tmp.0.join("generated");
        put(&root, "only/stale.rs", b"x\n");
        let state = read_disk(&root).expect("read");
        apply(&root, &plan(&[], &state)).expect("apply");
        assert!(root.is_dir());
        assert_eq!(read_disk(&root), Ok(DiskState::new()));
    }
}
