//! Files as they were at a git revision: the baseline of `cargo xtask diff` and
//! `cargo xtask release`, read with git's plumbing commands (no checkout, nothing written).

use std::io::Write;
use std::process::{Command, Stdio};

/// Every file under `dir` at revision `rev`, as (path from the repository root, text), sorted
/// by path.
pub fn files_at(rev: &str, dir: &str) -> Result<Vec<(String, String)>, String> {
    let commit = format!("{rev}^{{commit}}");
    git(&["rev-parse", "--verify", "--quiet", &commit], None).map_err(|_| {
        format!(
            "error: `{rev}` is not a git revision of this repository\n  help: pass a commit, tag or branch (`--since HEAD~3`), or compare with a directory (`--from <dir>`)"
        )
    })?;
    let listing = git(
        &["ls-tree", "-r", "-z", "--name-only", rev, "--", dir],
        None,
    )?;
    let paths: Vec<&str> = listing.split('\0').filter(|p| !p.is_empty()).collect();
    let request: String = paths.iter().map(|p| format!("{rev}:{p}\n")).collect();
    let batch = git(&["cat-file", "--batch"], Some(request.as_bytes()))?;
    parse_batch(&batch, &paths)
}

/// The last commit that changed `path`, if git knows one (`None` outside a repository too).
pub fn last_commit_touching(path: &str) -> Option<String> {
    let out = git(&["log", "-1", "--format=%H", "--", path], None).ok()?;
    let commit = out.trim();
    (!commit.is_empty()).then(|| commit.to_string())
}

/// Splits `git cat-file --batch` output (`<oid> blob <size>\n<bytes>\n` per object) into the
/// files' texts.
fn parse_batch(output: &str, paths: &[&str]) -> Result<Vec<(String, String)>, String> {
    let mut rest = output;
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let (header, after) = rest
            .split_once('\n')
            .ok_or_else(|| format!("error: git gave no content for {path}"))?;
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .filter(|_| header.contains(" blob "))
            .ok_or_else(|| format!("error: git cannot read {path}: {header}"))?;
        let text = after
            .get(..size)
            .ok_or_else(|| format!("error: git's content of {path} is cut short"))?;
        files.push((path.to_string(), text.to_string()));
        rest = after.get(size + 1..).unwrap_or("");
    }
    Ok(files)
}

/// Runs git in the current directory (the workspace root) and returns its standard output.
fn git(args: &[&str], stdin: Option<&[u8]>) -> Result<String, String> {
    let mut child = Command::new("git")
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("error: cannot run git: {e}\n  help: install git, or compare with a directory (`--from <dir>`)"))?;
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // Written from another thread: git answers while it reads, and a full output pipe
        // would otherwise stop both.
        let input = input.to_vec();
        std::thread::spawn(move || pipe.write_all(&input));
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("error: git failed: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "error: git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| "error: git's output is not UTF-8: the schema files must be UTF-8 text".into())
}
