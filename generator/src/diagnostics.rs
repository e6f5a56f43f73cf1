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
    /// A diagnostic without help text. Schema text quoted in the message (between backticks)
    /// is shortened when it is long, so that an absurd input cannot make an absurd message.
    pub fn new(file: &Path, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            span,
            message: shorten_quotes(message.into()),
            help: None,
        }
    }

    /// Adds the fix to the diagnostic.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Quoted text longer than this many characters is shortened in messages.
pub const MAX_QUOTE: usize = 80;

/// Shortens every backquoted part of `message` longer than [`MAX_QUOTE`] characters to its
/// beginning, an ellipsis and its length.
fn shorten_quotes(message: String) -> String {
    if message.len() <= MAX_QUOTE {
        return message;
    }
    let parts: Vec<&str> = message.split('`').collect();
    let mut out = String::with_capacity(message.len().min(1024));
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are inside backticks (when the closing one exists).
        let quoted = i % 2 == 1 && i + 1 < parts.len();
        let chars = part.chars().count();
        if quoted && chars > MAX_QUOTE {
            let head: String = part.chars().take(MAX_QUOTE - 20).collect();
            out.push_str(&format!("{head}… ({chars} characters)"));
        } else {
            out.push_str(part);
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_shortened_and_short_ones_kept() {
        let long = "x".repeat(500);
        let d = Diagnostic::new(
            Path::new("a.yaml"),
            Span::new(1, 1),
            format!("unknown key `{long}` in `types`"),
        );
        assert_eq!(
            d.message,
            format!(
                "unknown key `{}… (500 characters)` in `types`",
                "x".repeat(60)
            )
        );
        let short = format!("unknown key `abc` in `types`{}", " ".repeat(100));
        assert_eq!(
            Diagnostic::new(Path::new("a.yaml"), Span::new(1, 1), short.clone()).message,
            short
        );
    }
}
