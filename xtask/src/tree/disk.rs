//! Reading an output directory and applying a [`Plan`] to it. Nothing here ever touches a path
//! outside the output directory and its work directory beside it: symbolic links are never
//! followed, and every path is one of those directories joined with a checked relative path.

use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

use super::plan::{DiskState, Plan};

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

/// Brings every output directory in line with its plan, all or nothing.
///
/// A failure halfway (a directory where a file must go, a full disk, a name the file system
/// refuses) must not leave an output directory half old and half new: the crates would not
/// build, and the next run's diff would be meaningless. So the work is done in two phases:
///
/// 1. Staging: every new file is written (and synced) under a work directory beside each output
///    directory (`.<name>.codegen-<pid>`, on the same file system, outside the workspace's
///    member globs). Nothing in the output directories changes; most failures happen here.
/// 2. Commit: renames only. Each stale file, and each file about to be replaced, is moved into
///    the work directory, then each staged file is moved into place, creating (and removing)
///    directories as needed. Every step is recorded, and on the first failure the steps done
///    are undone in reverse order, so the output directories end exactly as they were.
///
/// The work directories are removed at the end either way.
pub fn apply_all(changes: &[(&Path, &Plan)]) -> Result<(), String> {
    if changes
        .iter()
        .all(|(_, plan)| plan.write.is_empty() && plan.delete.is_empty())
    {
        return Ok(());
    }
    let mut tx = Transaction::default();
    let result = changes
        .iter()
        .map(|(root, plan)| tx.stage(root, plan))
        .collect::<Result<Vec<PathBuf>, String>>()
        .and_then(|work| {
            changes
                .iter()
                .zip(&work)
                .try_for_each(|((root, plan), work)| tx.commit(root, plan, work))
        });
    let result = match result {
        Ok(()) => Ok(()),
        Err(e) => match tx.roll_back() {
            Ok(()) => Err(format!(
                "{e}\nerror: nothing was changed: the output directories are as they were before this run"
            )),
            Err(undo) => Err(format!("{e}\n{undo}")),
        },
    };
    tx.clean_up();
    result
}

/// One change made while committing, as needed to undo it.
enum Step {
    /// `from` was renamed to `to`.
    Moved { from: PathBuf, to: PathBuf },
    /// The directory was created.
    CreatedDir(PathBuf),
    /// The (empty) directory was removed.
    RemovedDir(PathBuf),
}

/// The work directories and the steps committed so far.
#[derive(Default)]
struct Transaction {
    work: Vec<PathBuf>,
    done: Vec<Step>,
}

impl Transaction {
    /// Writes `plan`'s files under a new work directory beside `root`; returns the work directory.
    fn stage(&mut self, root: &Path, plan: &Plan) -> Result<PathBuf, String> {
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let work = root
            .parent()
            .unwrap_or(Path::new(""))
            .join(format!(".{name}.codegen-{}", std::process::id()));
        // A directory of this name can only be left over from a run that was killed.
        let _ = std::fs::remove_dir_all(&work);
        self.work.push(work.clone());
        for file in &plan.write {
            let path = join(&work.join("new"), &file.path);
            let dir = path.parent().unwrap_or(&work);
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("error: cannot create {}: {e}", dir.display()))?;
            let written = std::fs::File::create(&path).and_then(|mut f| {
                f.write_all(file.contents.as_bytes())?;
                f.sync_all()
            });
            written.map_err(|e| {
                format!(
                    "error: cannot write {}: {e}",
                    join(root, &file.path).display()
                )
            })?;
        }
        Ok(work)
    }

    fn rename(&mut self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::rename(from, to)?;
        self.done.push(Step::Moved {
            from: from.to_path_buf(),
            to: to.to_path_buf(),
        });
        Ok(())
    }

    /// Moves whatever is at `path` (a stale or replaced file) into the work directory.
    fn set_aside(&mut self, root: &Path, path: &Path, work: &Path) -> Result<(), String> {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let to = work.join("old").join(relative);
        let dir = to.parent().unwrap_or(work);
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("error: cannot create {}: {e}", dir.display()))?;
        self.rename(path, &to)
            .map_err(|e| format!("error: cannot move {} aside: {e}", path.display()))
    }

    /// Deletes `plan`'s stale files (and the directories that become empty, but never `root`
    /// itself), then moves its staged files into place. Deleting first lets a produced file take
    /// the place of a stale directory of the same name, and the reverse.
    fn commit(&mut self, root: &Path, plan: &Plan, work: &Path) -> Result<(), String> {
        for relative in &plan.delete {
            let path = join(root, relative);
            self.set_aside(root, &path, work)?;
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
                self.done.push(Step::RemovedDir(d.to_path_buf()));
                dir = d.parent();
            }
        }
        for file in &plan.write {
            let target = join(root, &file.path);
            self.create_dirs(target.parent().unwrap_or(root))?;
            match std::fs::symlink_metadata(&target) {
                Ok(m) if m.is_dir() => {
                    return Err(format!(
                        "error: cannot write {}: a directory is in the way; remove it",
                        target.display()
                    ));
                }
                Ok(_) => self.set_aside(root, &target, work)?,
                Err(_) => {}
            }
            let staged = join(&work.join("new"), &file.path);
            self.rename(&staged, &target)
                .map_err(|e| format!("error: cannot write {}: {e}", target.display()))?;
        }
        Ok(())
    }

    /// Creates `dir` and its missing parents, recording each one created.
    fn create_dirs(&mut self, dir: &Path) -> Result<(), String> {
        let mut missing = Vec::new();
        let mut d = dir;
        loop {
            match std::fs::symlink_metadata(d) {
                Ok(m) if m.is_dir() => break,
                Ok(_) => {
                    return Err(format!(
                        "error: cannot create the directory {}: a file is in the way",
                        d.display()
                    ));
                }
                Err(_) => {
                    missing.push(d.to_path_buf());
                    match d.parent() {
                        Some(parent) if !parent.as_os_str().is_empty() => d = parent,
                        _ => break,
                    }
                }
            }
        }
        for d in missing.into_iter().rev() {
            std::fs::create_dir(&d)
                .map_err(|e| format!("error: cannot create {}: {e}", d.display()))?;
            self.done.push(Step::CreatedDir(d));
        }
        Ok(())
    }

    /// Undoes every committed step, newest first; says which could not be undone.
    fn roll_back(&mut self) -> Result<(), String> {
        let mut failures = Vec::new();
        while let Some(step) = self.done.pop() {
            let undone = match &step {
                Step::Moved { from, to } => std::fs::rename(to, from),
                Step::CreatedDir(dir) => std::fs::remove_dir(dir),
                Step::RemovedDir(dir) => std::fs::create_dir(dir),
            };
            if let Err(e) = undone {
                let what = match &step {
                    Step::Moved { from, to } => {
                        format!("move {} back to {}", to.display(), from.display())
                    }
                    Step::CreatedDir(dir) => format!("remove {}", dir.display()),
                    Step::RemovedDir(dir) => format!("re-create {}", dir.display()),
                };
                failures.push(format!(
                    "error: could not {what} while undoing this run: {e}"
                ));
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            failures.push(format!(
                "error: the output directories are partly changed; the files set aside are under {}",
                self.work
                    .iter()
                    .map(|w| w.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            // Keep the work directories: they hold what could not be put back.
            self.work.clear();
            Err(failures.join("\n"))
        }
    }

    /// Removes the work directories (best effort: a leftover is named in a warning).
    fn clean_up(&mut self) {
        for work in self.work.drain(..) {
            if let Err(e) = std::fs::remove_dir_all(&work) {
                if e.kind() != ErrorKind::NotFound {
                    eprintln!("warning: cannot remove {}: {e}", work.display());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::plan::plan;
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
        apply_all(&[(&root, &plan)]).expect("apply");

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
        apply_all(&[(&root, &plan(&[], &state))]).expect("apply");
        assert!(root.is_dir());
        assert_eq!(read_disk(&root), Ok(DiskState::new()));
    }
}
