//! Reading a page overlay (`<document>.page.yaml`): what the documentation page adds to an
//! upstream document.

use std::path::Path;

use marked_yaml::Node;

use crate::diagnostics::{Diagnostic, Span};
use crate::schema::load::examples;
use crate::schema::model::Example;
use crate::schema::yaml::{self, span_of, Reader};

/// The page's contribution to one endpoint.
#[derive(Default)]
pub struct Overlay {
    pub title: Option<String>,
    pub category: Option<String>,
    pub description: Option<String>,
    pub streaming: bool,
    pub pages: Vec<String>,
    pub examples: Vec<Example>,
    pub notes: Vec<String>,
    /// Input field defaults upstream lost: (field, value, where it was written).
    pub defaults: Vec<(String, serde_json::Value, Span)>,
}

const KEYS: &[&str] = &[
    "title",
    "category",
    "description",
    "streaming",
    "pages",
    "examples",
    "notes",
    "defaults",
];

/// Parses an overlay, adding problems to `diags`.
pub fn parse(file: &Path, text: &str, diags: &mut Vec<Diagnostic>) -> Overlay {
    let node = match yaml::parse(file, text) {
        Ok(n) => n,
        Err(d) => {
            diags.push(d);
            return Overlay::default();
        }
    };
    let mut r = Reader { file, diags };
    let Some(map) = r.mapping(&node, "a page overlay") else {
        return Overlay::default();
    };
    let what = "the page overlay";
    r.known_keys(map, KEYS, what);
    let mut defaults = Vec::new();
    if let Some(d) = map.get_node("defaults") {
        if let Some(dm) = r.mapping(d, "`defaults`") {
            for (k, v) in dm.iter() {
                defaults.push((k.as_str().to_string(), yaml::to_json(v), span_of(v)));
            }
        }
    }
    Overlay {
        title: r.opt_string(map, "title", what),
        category: r.opt_string(map, "category", what),
        description: r.opt_string(map, "description", what),
        streaming: r.opt_bool(map, "streaming", what),
        pages: r.opt_strings(map, "pages", what),
        examples: map
            .get_node("examples")
            .map(|n: &Node| examples(&mut r, n))
            .unwrap_or_default(),
        notes: r.opt_strings(map, "notes", what),
        defaults,
    }
}
