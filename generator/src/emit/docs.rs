//! Rustdoc text: schema descriptions made safe for rustdoc, and the sentences that state a
//! field's default and constraints.

use proc_macro2::TokenStream;
use quote::quote;

use crate::schema::model::Constraints;

/// Separates the lines of one `#[doc]` attribute in the token streams; [`Texts::splice`] turns
/// them into `///` lines once the file is formatted. A character no doc text keeps (`attrs`
/// replaces it).
pub const LINE_BREAK: char = '\u{1f}';

/// One `#[doc]` attribute for `text`, however many lines it has (prettyplease prints it as one
/// `///` line; [`Texts::splice`] splits it after formatting), for the few docs of `lib.rs`
/// files. Module files keep every doc text in their [`Texts`] instead, which costs less.
///
/// Why not one attribute per line: parsing the tokens back into a syntax tree and printing it
/// is most of the generation time, and the doc lines were a third of every file's tokens. A
/// doc comment never changes how the code around it is laid out, so the result is the same
/// text, byte for byte.
pub fn attrs(text: &str) -> TokenStream {
    if text.is_empty() {
        return TokenStream::new();
    }
    let joined = block(text);
    quote! { #[doc = #joined] }
}

/// `#![doc]` for the inner docs of a file: the same as [`attrs`].
pub fn inner_attrs(text: &str) -> TokenStream {
    if text.is_empty() {
        return TokenStream::new();
    }
    let joined = block(text);
    quote! { #![doc = #joined] }
}

/// The lines of `text`, each after a space (rustdoc's convention for `/// text`), joined by
/// [`LINE_BREAK`].
fn block(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push(LINE_BREAK);
        }
        push_line(&mut out, line);
    }
    out
}

/// One doc line as rustdoc's `/// text` holds it: after a space, unless empty, with any
/// [`LINE_BREAK`] of the text replaced.
fn push_line(out: &mut String, line: &str) {
    if line.is_empty() {
        return;
    }
    out.push(' ');
    if line.contains(LINE_BREAK) {
        out.extend(
            line.chars()
                .map(|c| if c == LINE_BREAK { '\u{fffd}' } else { c }),
        );
    } else {
        out.push_str(line);
    }
}

/// Heads the placeholder a doc attribute holds instead of its text: the text's index in the
/// file's [`Texts`].
const KEY: char = '\u{1e}';

/// The doc texts of one file, kept out of its syntax tree. A doc attribute holds a placeholder
/// (`\u{1e}12`), and [`Texts::splice`] puts each text's lines in its place once the file is
/// formatted.
///
/// Why: a doc text in the tree is escaped into a literal, read back by prettyplease and copied
/// through its printer, which cost a sixth of generation; a doc comment never changes how the
/// code around it is laid out, so the result is the same text, byte for byte.
#[derive(Debug, Default)]
pub struct Texts(Vec<String>);

/// A text kept in [`Texts`]: the same text can head several items (a field and its setter).
#[derive(Clone, Copy, Debug)]
pub struct Key(usize);

impl Key {
    fn placeholder(self) -> String {
        format!("{KEY}{}", self.0)
    }

    /// `#[doc = "<placeholder>"]`.
    pub fn attr(self) -> syn::Attribute {
        super::syntax::doc_attr(&self.placeholder())
    }

    /// `#[doc = "<placeholder>"]` as tokens.
    pub fn tokens(self) -> TokenStream {
        let placeholder = self.placeholder();
        quote! { #[doc = #placeholder] }
    }

    /// `#![doc = "<placeholder>"]`, the inner docs of a file.
    pub fn inner_tokens(self) -> TokenStream {
        let placeholder = self.placeholder();
        quote! { #![doc = #placeholder] }
    }
}

impl Texts {
    /// Keeps `text`; `None` for no text (no attribute).
    pub fn add(&mut self, text: &str) -> Option<Key> {
        if text.is_empty() {
            return None;
        }
        self.0.push(text.to_string());
        Some(Key(self.0.len() - 1))
    }

    /// The doc attribute of `text`, if any.
    pub fn attr(&mut self, text: &str) -> Option<syn::Attribute> {
        self.add(text).map(Key::attr)
    }

    /// The doc attribute of `text` as tokens (none for no text).
    pub fn attrs(&mut self, text: &str) -> TokenStream {
        self.add(text).map(Key::tokens).unwrap_or_default()
    }

    /// The formatted file with its doc comments written out: a line `<indent>///<placeholder>`
    /// becomes the text's lines, each `<indent>/// <line>`, and a line that [`attrs`] joined,
    /// `<indent>///a\u{1f} b`, becomes `<indent>///a` and `<indent>/// b` (likewise `//!`).
    /// Trailing spaces are trimmed as prettyplease trims a doc line.
    pub fn splice(&self, formatted: &str) -> String {
        if !formatted.contains([LINE_BREAK, KEY]) {
            return formatted.to_string();
        }
        let mut out = String::with_capacity(formatted.len() * 2);
        for line in formatted.lines() {
            let code = line.trim_start_matches(' ');
            let marker = ["///", "//!"].into_iter().find(|m| code.starts_with(m));
            let Some(marker) = marker else {
                out.push_str(line);
                out.push('\n');
                continue;
            };
            let indent = &line[..line.len() - code.len()];
            let doc = &code[marker.len()..];
            let text = doc
                .strip_prefix(KEY)
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| self.0.get(n));
            match text {
                Some(text) => {
                    for l in text.lines() {
                        out.push_str(indent);
                        out.push_str(marker);
                        push_line(&mut out, l.trim_end_matches(' '));
                        out.push('\n');
                    }
                }
                None => {
                    for part in doc.split(LINE_BREAK) {
                        out.push_str(indent);
                        out.push_str(marker);
                        out.push_str(part.trim_end_matches(' '));
                        out.push('\n');
                    }
                }
            }
        }
        out
    }
}

/// A schema description as rustdoc Markdown that cannot break the docs: no code block that
/// rustdoc would compile as a doctest (fences become `text` blocks, indentation is dropped),
/// no accidental intra-doc link (`[` and `]` are escaped), no stray HTML (`<`, `>` escaped),
/// and bare URLs made into links.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.trim().lines() {
        let line = raw.trim();
        if line.starts_with("```") {
            out.push(if in_fence {
                "```".to_string()
            } else {
                "```text".to_string()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw.trim_end().to_string());
            continue;
        }
        // A paragraph line right after a list item would continue the item lazily, which
        // reads ambiguously (clippy's doc_lazy_continuation): start a new paragraph instead.
        let previous_is_item = out.last().is_some_and(|p: &String| is_list_item(p));
        if previous_is_item && !line.is_empty() && !is_list_item(line) {
            out.push(String::new());
        }
        out.push(escape_line(line));
    }
    if in_fence {
        out.push("```".to_string());
    }
    out.join("\n")
}

fn is_list_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

fn escape_line(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let url_at = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (text, url) = match url_at {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        out.push_str(&escape_text(text));
        if url.is_empty() {
            break;
        }
        let end = url
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
            .unwrap_or(url.len());
        let mut link = &url[..end];
        while link.ends_with(['.', ',', ')', ';', ':', '!', '?', '\'']) {
            link = &link[..link.len() - 1];
        }
        out.push('<');
        out.push_str(link);
        out.push('>');
        rest = &url[link.len()..];
    }
    out
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A value inside backticks, with any backtick in it made harmless.
pub fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// The sentences describing constraints (`Range: at least 1, at most 10.`), one per line.
pub fn constraints(k: &Constraints) -> Vec<String> {
    let mut lines = Vec::new();
    let mut range = Vec::new();
    if let Some(n) = &k.minimum {
        range.push(format!("at least {}", n.value));
    }
    if let Some(n) = &k.exclusive_minimum {
        range.push(format!("greater than {}", n.value));
    }
    if let Some(n) = &k.maximum {
        range.push(format!("at most {}", n.value));
    }
    if let Some(n) = &k.exclusive_maximum {
        range.push(format!("less than {}", n.value));
    }
    if !range.is_empty() {
        lines.push(format!("Range: {}.", range.join(", ")));
    }
    if let Some(n) = &k.multiple_of {
        lines.push(format!("Multiple of {}.", n.value));
    }
    let bounds = |min: &Option<crate::schema::model::Located<u64>>,
                  max: &Option<crate::schema::model::Located<u64>>| {
        match (min, max) {
            (Some(a), Some(b)) if a.value == b.value => Some(format!("exactly {}", a.value)),
            (Some(a), Some(b)) => Some(format!("{} to {}", a.value, b.value)),
            (Some(a), None) => Some(format!("at least {}", a.value)),
            (None, Some(b)) => Some(format!("at most {}", b.value)),
            (None, None) => None,
        }
    };
    if let Some(b) = bounds(&k.min_length, &k.max_length) {
        lines.push(format!("Length: {b} characters."));
    }
    if let Some(p) = &k.pattern {
        lines.push(format!("Pattern: {}.", code(&p.value)));
    }
    if let Some(b) = bounds(&k.min_items, &k.max_items) {
        lines.push(format!("Items: {b}."));
    }
    if let Some(items) = &k.items {
        for line in constraints(items) {
            lines.push(format!("Each item: {}", lowercase_first(&line)));
        }
    }
    lines
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doc_block_is_one_attribute_and_splits_back_into_lines() {
        let tokens = attrs("First line.  \n\nThird with \u{1f} in it.");
        let file: syn::File = syn::parse2(quote! { #tokens pub struct A; }).unwrap();
        assert_eq!(file.items.len(), 1);
        let printed = prettyplease::unparse(&file);
        assert_eq!(
            printed.lines().count(),
            2,
            "one doc line and the struct: {printed}"
        );
        let none = Texts::default();
        assert_eq!(
            none.splice(&printed),
            "/// First line.\n///\n/// Third with \u{fffd} in it.\npub struct A;\n"
        );
        let inner = inner_attrs("a\nb");
        let file: syn::File = syn::parse2(quote! { #inner mod m { #tokens fn f() {} } }).unwrap();
        assert_eq!(
            none.splice(&prettyplease::unparse(&file)),
            "//! a\n//! b\nmod m {\n    /// First line.\n    ///\n    /// Third with \u{fffd} in it.\n    fn f() {}\n}\n"
        );
    }

    /// Texts kept aside print as the same comments as texts in the tree.
    #[test]
    fn kept_texts_print_as_texts_in_the_tree() {
        let text = "First line.  \n\n  Indented, \u{1f} and \u{1e}0.\n";
        let code = |doc: &TokenStream, inner: &TokenStream| {
            let file: syn::File =
                syn::parse2(quote! { #inner mod m { #doc fn f() {} #doc fn g() {} } }).unwrap();
            prettyplease::unparse(&file)
        };
        let none = Texts::default();
        let in_tree = none.splice(&code(&attrs(text), &inner_attrs("a\nb")));
        let mut texts = Texts::default();
        let key = texts.add(text).expect("a text");
        let inner = texts.add("a\nb").expect("a text").inner_tokens();
        let kept = code(&key.tokens(), &inner);
        assert!(kept.contains(KEY) && !kept.contains("First"), "{kept}");
        assert_eq!(texts.splice(&kept), in_tree);
        assert!(
            in_tree.contains("    ///   Indented, \u{fffd} and \u{1e}0.\n"),
            "{in_tree}"
        );
        assert!(texts.add("").is_none());
    }

    #[test]
    fn descriptions_cannot_become_doctests_links_or_html() {
        let text = "Use [this](x) or <b>bold</b>.\n    indented code\n```python\nprint(1)\n```\nSee https://fal.ai/docs.";
        let out = sanitize(text);
        assert_eq!(
            out,
            "Use \\[this\\](x) or \\<b\\>bold\\</b\\>.\nindented code\n```text\nprint(1)\n```\nSee <https://fal.ai/docs>."
        );
        assert_eq!(sanitize("a `x[0]` b[1]"), "a `x[0]` b\\[1\\]");
        assert_eq!(sanitize("```\nopen"), "```text\nopen\n```");
        assert_eq!(
            sanitize("Modes:\n- a\n- b\nMore."),
            "Modes:\n- a\n- b\n\nMore."
        );
    }
}
