//! Located, human-readable problems found in schema files.
//!
//! Every problem the loader or the checker finds becomes one [`Diagnostic`]; they are
//! collected rather than returned one at a time so that a maintainer sees all of them
//! in a single run.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a source file: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// 1-based line; 0 when the position is unknown.
    pub line: u32,
    /// 1-based column in characters; 0 when the position is unknown.
    pub column: u32,
}

impl Span {
    /// A position at the given 1-based line and column.
    pub fn new(line: u32, column: u32) -> Self {
        Span { line, column }
    }
}

/// One problem in one file, with what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, as the caller named it (relative paths stay relative).
    pub file: PathBuf,
    /// Where in the file.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something more to say than the message.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without help text.
    pub fn new(file: &Path, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            span,
            message: message.into(),
            help: None,
        }
    }

    /// Adds the fix to the diagnostic.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Paths print with forward slashes on every platform so output is identical everywhere.
        let file = self.file.to_string_lossy().replace('\\', "/");
        if self.span.line == 0 {
            // No position: the problem is with the file as a whole (missing, unreadable).
            write!(f, "{file}: error: {}", self.message)?;
        } else {
            write!(
                f,
                "{file}:{}:{}: error: {}",
                self.span.line, self.span.column, self.message
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A non-empty list of diagnostics, sorted by file and position: the error type of loading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts the list so output does not depend on the order files were read in.
    pub fn sorted(mut list: Vec<Diagnostic>) -> Self {
        list.sort();
        list.dedup();
        Diagnostics(list)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "{n} problem{} found", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}
