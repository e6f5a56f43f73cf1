//! What a fetch found, compared with `upstream/fal/`, and how it is told.

use std::collections::BTreeMap;

use crate::tree::plan::DiskState;

use super::api;

/// What fal gave for one endpoint: the document in its stable form, or why there is none.
pub type Outcome = Result<String, String>;

/// The fetched documents sorted against the files of `upstream/fal/`.
#[derive(Default)]
pub struct Summary {
    /// Ids whose file holds the same document.
    pub unchanged: Vec<String>,
    /// Ids whose file holds another document, with the new text.
    pub changed: Vec<(String, String)>,
    /// Ids without a file yet, with the text.
    pub new: Vec<(String, String)>,
    /// Ids fal gave no document for, with why.
    pub failed: Vec<(String, String)>,
    /// Ids with a file that fal no longer lists (listing modes only).
    pub not_listed: Vec<String>,
}

impl Summary {
    /// Sorts each outcome by the file it would replace.
    pub fn new(results: BTreeMap<String, Outcome>, upstream: &DiskState) -> Summary {
        let mut summary = Summary::default();
        for (id, outcome) in results {
            match outcome {
                Err(reason) => summary.failed.push((id, reason)),
                Ok(text) => match upstream.get(&api::file_name(&id)) {
                    None => summary.new.push((id, text)),
                    Some(Some(old)) if api::same_document(old, &text) => summary.unchanged.push(id),
                    Some(_) => summary.changed.push((id, text)),
                },
            }
        }
        summary
    }

    /// The counts, the changed and new ids, and the endpoints fal no longer lists.
    pub fn report(&self, pruned: bool) -> String {
        let fetched = self.unchanged.len() + self.changed.len() + self.new.len();
        let total = fetched + self.failed.len();
        let mut out = format!(
            "fetch: {fetched} of {total} documents fetched: {} unchanged, {} changed, {} new, {} failed",
            self.unchanged.len(),
            self.changed.len(),
            self.new.len(),
            self.failed.len(),
        );
        for (id, _) in &self.changed {
            out.push_str(&format!("\n  changed: {id}"));
        }
        for (id, _) in &self.new {
            out.push_str(&format!("\n  new: {id}"));
        }
        if !self.not_listed.is_empty() {
            let what = if pruned {
                "deleted (--prune)"
            } else {
                "kept; --prune deletes them"
            };
            out.push_str(&format!("\nfetch: no longer listed by fal ({what}):"));
            for id in &self.not_listed {
                out.push_str(&format!("\n  {id}"));
            }
        }
        out
    }

    /// The error of a fetch in which some document failed: every failed id with its reason.
    pub fn failure(&self) -> String {
        let mut out = String::new();
        for (id, reason) in &self.failed {
            out.push_str(&format!("error: {id}: {reason}\n"));
        }
        let n = self.failed.len();
        let documents = if n == 1 { "document" } else { "documents" };
        out.push_str(&format!(
            "error: {n} {documents} could not be fetched; nothing was written"
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_sorted_against_the_files() {
        let same = api::document_text(&serde_json::json!({"a": 1}));
        let other = api::document_text(&serde_json::json!({"a": 2}));
        let upstream: DiskState = [
            ("x__same.json".to_string(), Some(same.clone())),
            ("x__other.json".to_string(), Some(same.clone())),
            ("x__binary.json".to_string(), None),
        ]
        .into_iter()
        .collect();
        let results: BTreeMap<String, Outcome> = [
            ("x/same".to_string(), Ok(same.clone())),
            ("x/other".to_string(), Ok(other.clone())),
            ("x/binary".to_string(), Ok(same.clone())),
            ("x/new".to_string(), Ok(same)),
            ("x/bad".to_string(), Err("HTTP 500".to_string())),
        ]
        .into_iter()
        .collect();
        let mut summary = Summary::new(results, &upstream);
        assert_eq!(summary.unchanged, ["x/same"]);
        let changed: Vec<&str> = summary.changed.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(changed, ["x/binary", "x/other"]);
        assert_eq!(summary.new.len(), 1);
        summary.not_listed.push("x/gone".into());
        let report = summary.report(false);
        assert!(
            report.starts_with(
                "fetch: 4 of 5 documents fetched: 1 unchanged, 2 changed, 1 new, 1 failed"
            ),
            "{report}"
        );
        assert!(
            report.contains("no longer listed by fal (kept; --prune deletes them):\n  x/gone"),
            "{report}"
        );
        assert_eq!(
            summary.failure(),
            "error: x/bad: HTTP 500\nerror: 1 document could not be fetched; nothing was written"
        );
    }
}
