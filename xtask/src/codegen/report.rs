//! The text `cargo xtask codegen --check` prints when the output on disk is out of date.

use similar::TextDiff;

use crate::tree::plan::{DiskState, Plan};

/// At most this many lines of diffs (and missing/stale notes) are printed, over all jobs.
pub const MAX_DIFF_LINES: usize = 400;

/// How one output directory differs from what its schemas produce.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct JobReport {
    /// One line per entry: unified diffs, and notes for missing and stale files.
    pub lines: Vec<String>,
    /// The closing `error:` line, or `None` when the directory is up to date.
    pub summary: Option<String>,
}

/// Describes `plan` for the output dir `output` (generated from `schemas`), in path order:
/// a unified diff for each changed file (paths relative to the workspace root), a note for
/// each missing and each stale one.
pub fn job_report(schemas: &str, output: &str, plan: &Plan, on_disk: &DiskState) -> JobReport {
    enum Entry<'a> {
        Write(&'a str, &'a str),
        Stale(&'a str),
    }
    let mut entries: Vec<Entry> = plan
        .write
        .iter()
        .map(|f| Entry::Write(&f.path, &f.contents))
        .chain(plan.delete.iter().map(|p| Entry::Stale(p)))
        .collect();
    entries.sort_by_key(|e| match e {
        Entry::Write(path, _) | Entry::Stale(path) => *path,
    });

    let (mut changed, mut missing, mut stale) = (0, 0, 0);
    let mut lines = Vec::new();
    for entry in entries {
        match entry {
            Entry::Write(path, new) => match on_disk.get(path) {
                None => {
                    missing += 1;
                    lines.push(format!("{output}/{path}: missing (would be created)"));
                }
                Some(None) => {
                    changed += 1;
                    lines.push(format!(
                        "{output}/{path}: not a UTF-8 text file (would be replaced)"
                    ));
                }
                Some(Some(old)) => {
                    changed += 1;
                    let diff = TextDiff::from_lines(old.as_str(), new);
                    let text = diff
                        .unified_diff()
                        .context_radius(3)
                        .header(&format!("a/{output}/{path}"), &format!("b/{output}/{path}"))
                        .to_string();
                    lines.extend(text.lines().map(str::to_string));
                }
            },
            Entry::Stale(path) => {
                stale += 1;
                lines.push(format!("{output}/{path}: stale (would be deleted)"));
            }
        }
    }
    let summary = (changed + missing + stale > 0).then(|| {
        format!(
            "error: {output}/ is out of date with {schemas}/ ({changed} changed, {missing} missing, {stale} stale)"
        )
    });
    JobReport { lines, summary }
}

/// Joins the reports of all jobs into the `--check` failure message (diff lines capped at
/// `max_lines`), or `None` when every output directory is up to date.
pub fn render(reports: &[JobReport], max_lines: usize) -> Option<String> {
    if reports.iter().all(|r| r.summary.is_none()) {
        return None;
    }
    let all: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.lines.iter().map(String::as_str))
        .collect();
    let mut out: Vec<String> = all.iter().take(max_lines).map(|l| l.to_string()).collect();
    if all.len() > max_lines {
        let omitted = all.len() - max_lines;
        out.push(format!(
            "... {omitted} more diff line{} omitted",
            if omitted == 1 { "" } else { "s" }
        ));
    }
    out.extend(reports.iter().filter_map(|r| r.summary.clone()));
    out.push("  help: run `cargo xtask codegen` and commit the result".to_string());
    Some(out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::plan::plan;
    use crate::tree::plan::tests::{disk, file};
    use genmedia_generator::emit::GeneratedFile;

    fn report(produced: &[GeneratedFile], on_disk: &[(&str, Option<&str>)]) -> JobReport {
        let on_disk = disk(on_disk);
        job_report("schemas", "generated", &plan(produced, &on_disk), &on_disk)
    }

    #[test]
    fn reports_changed_missing_and_stale_in_path_order() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        let r = report(
            &[
                file("a/src/lib.rs", new),
                file("c/new.rs", "x\n"),
                file("d/same.rs", "s\n"),
            ],
            &[
                ("a/src/lib.rs", Some(old)),
                ("b/old.rs", Some("o\n")),
                ("d/same.rs", Some("s\n")),
            ],
        );
        let text = render(&[r], MAX_DIFF_LINES).expect("out of date");
        let expected = "\
--- a/generated/a/src/lib.rs
+++ b/generated/a/src/lib.rs
@@ -2,7 +2,7 @@
 2
 3
 4
-5
+five
 6
 7
 8
generated/b/old.rs: stale (would be deleted)
generated/c/new.rs: missing (would be created)
error: generated/ is out of date with schemas/ (1 changed, 1 missing, 1 stale)
  help: run `cargo xtask codegen` and commit the result";
        assert_eq!(text, expected);
    }

    #[test]
    fn non_utf8_file_counts_as_changed() {
        let r = report(&[file("x.rs", "x\n")], &[("x.rs", None)]);
        assert_eq!(
            r.lines,
            ["generated/x.rs: not a UTF-8 text file (would be replaced)"]
        );
        assert_eq!(
            r.summary.as_deref(),
            Some("error: generated/ is out of date with schemas/ (1 changed, 0 missing, 0 stale)")
        );
    }

    #[test]
    fn up_to_date_renders_nothing() {
        let r = report(&[file("x.rs", "x\n")], &[("x.rs", Some("x\n"))]);
        assert_eq!(r, JobReport::default());
        assert_eq!(render(&[r, JobReport::default()], MAX_DIFF_LINES), None);
    }

    #[test]
    fn long_diffs_are_capped_but_summaries_are_kept() {
        let produced: Vec<GeneratedFile> = (0..5).map(|i| file(&format!("f{i}.rs"), "")).collect();
        let first = report(&produced, &[]);
        let second = JobReport {
            lines: vec!["tests/fixtures/generated/y.rs: stale (would be deleted)".into()],
            summary: Some("error: second".into()),
        };
        let text = render(&[first, second], 4).expect("out of date");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4 + 1 + 2 + 1);
        assert_eq!(lines[3], "generated/f3.rs: missing (would be created)");
        assert_eq!(lines[4], "... 2 more diff lines omitted");
        assert!(lines[5].starts_with("error: generated/ is out of date"));
        assert_eq!(lines[6], "error: second");
    }
}
