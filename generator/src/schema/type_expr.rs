//! Parsing and printing type expressions: `string`, `list<Image?>`, `map<any>`, `ImageSize?`.

use std::fmt;

use super::model::TypeExpr;

/// The primitive type names, as written in schema files.
pub const PRIMITIVES: [&str; 6] = ["string", "integer", "float", "boolean", "file_url", "any"];

/// How deeply `list<...>` and `map<...>` may nest in one type expression. Real schemas nest two
/// levels (`list<list<float>>`); the limit keeps the parser, the checks and the emitted Rust
/// types (all recursive) far from the end of the stack.
pub const MAX_NESTING: usize = 16;

/// Parses a type expression; the error says what is wrong in plain words.
pub fn parse(text: &str) -> Result<TypeExpr, String> {
    let mut parser = Parser {
        text,
        pos: 0,
        depth: 0,
    };
    let expr = parser.expr()?;
    if parser.pos != text.len() {
        return Err(format!(
            "unexpected `{}` after the type `{}`",
            &text[parser.pos..],
            &text[..parser.pos]
        ));
    }
    Ok(expr)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    /// How many `list<`/`map<` enclose the current position.
    depth: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn expr(&mut self) -> Result<TypeExpr, String> {
        let word_len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.rest().len());
        let text = self.text;
        let word = &text[self.pos..self.pos + word_len];
        self.pos += word_len;
        let base = match word {
            "" => {
                return Err(if self.rest().is_empty() {
                    "a type is missing".to_string()
                } else {
                    format!("expected a type name before `{}`", self.rest())
                })
            }
            "string" => TypeExpr::String,
            "integer" => TypeExpr::Integer,
            "float" => TypeExpr::Float,
            "boolean" => TypeExpr::Boolean,
            "file_url" => TypeExpr::FileUrl,
            "any" => TypeExpr::Any,
            "list" | "map" => {
                if !self.rest().starts_with('<') {
                    return Err(format!("`{word}` needs an element type: `{word}<T>`"));
                }
                self.pos += 1;
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    return Err(format!(
                        "`list<...>` and `map<...>` nest more than {MAX_NESTING} levels deep"
                    ));
                }
                let inner = self.expr()?;
                self.depth -= 1;
                if !self.rest().starts_with('>') {
                    return Err(format!("`{word}<` is not closed by `>`"));
                }
                self.pos += 1;
                if word == "list" {
                    TypeExpr::List(Box::new(inner))
                } else {
                    TypeExpr::Map(Box::new(inner))
                }
            }
            name if is_type_name(name) => TypeExpr::Named(name.to_string()),
            other => {
                return Err(format!(
                    "`{other}` is neither a primitive type ({}) nor a type name in UpperCamelCase",
                    PRIMITIVES.join(", ")
                ))
            }
        };
        if self.rest().starts_with('?') {
            self.pos += 1;
            if self.rest().starts_with('?') {
                return Err("a type can be made nullable only once: write one `?`".to_string());
            }
            return Ok(TypeExpr::Nullable(Box::new(base)));
        }
        Ok(base)
    }
}

/// Whether `name` is a legal type name: UpperCamelCase ASCII.
pub fn is_type_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::String => f.write_str("string"),
            TypeExpr::Integer => f.write_str("integer"),
            TypeExpr::Float => f.write_str("float"),
            TypeExpr::Boolean => f.write_str("boolean"),
            TypeExpr::FileUrl => f.write_str("file_url"),
            TypeExpr::Any => f.write_str("any"),
            TypeExpr::List(t) => write!(f, "list<{t}>"),
            TypeExpr::Map(t) => write!(f, "map<{t}>"),
            TypeExpr::Named(n) => f.write_str(n),
            TypeExpr::Nullable(t) => write!(f, "{t}?"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_form() {
        for text in [
            "string",
            "integer?",
            "list<Image?>?",
            "map<any>",
            "list<list<float>>",
            "ImageSize",
            "file_url",
            "boolean",
        ] {
            let parsed = parse(text).unwrap();
            assert_eq!(parsed.to_string(), text);
        }
        assert_eq!(
            parse("list<Image>").unwrap(),
            TypeExpr::List(Box::new(TypeExpr::Named("Image".into())))
        );
    }

    #[test]
    fn rejects_malformed_expressions_with_a_reason() {
        assert!(parse("").unwrap_err().contains("missing"));
        assert!(parse("list").unwrap_err().contains("element type"));
        assert!(parse("list<string").unwrap_err().contains("not closed"));
        assert!(parse("str").unwrap_err().contains("neither a primitive"));
        assert!(parse("string??").unwrap_err().contains("only once"));
        assert!(parse("string>").unwrap_err().contains("unexpected"));
        assert!(parse("image_size").unwrap_err().contains("UpperCamelCase"));
        let deep = |n: usize| format!("{}string{}", "list<".repeat(n), ">".repeat(n));
        assert!(parse(&deep(MAX_NESTING)).is_ok());
        assert!(parse(&deep(MAX_NESTING + 1))
            .unwrap_err()
            .contains("nest more than"));
        // Far too deep fails just as cleanly, without exhausting the stack.
        assert!(parse(&deep(100_000)).is_err());
    }
}
