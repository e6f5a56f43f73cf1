//! Emitters: the checked catalog → Rust source files (as path → contents; nothing touches disk).

use crate::diagnostics::Diagnostics;
use crate::schema::model::Catalog;

/// One file the generator produces, relative to the output directory (`generated/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The path relative to the output directory, with `/` separators (`common/src/lib.rs`).
    pub path: String,
    /// The full contents.
    pub contents: String,
}

/// How generated crates are named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The prefix of every generated package name (`genmedia` → `genmedia-common`).
    pub crate_prefix: String,
}

/// Generates every file of the output directory from a checked catalog, sorted by path.
pub fn generate(_catalog: &Catalog, _options: &Options) -> Result<Vec<GeneratedFile>, Diagnostics> {
    Ok(Vec::new())
}
