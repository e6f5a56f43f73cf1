//! API keys: read from the provider's environment variable or passed explicitly, and never
//! shown: `Debug` prints a placeholder, there is no `Display`, and text from a server is
//! scrubbed of the key, in every form a server may echo it, before it lands in an error.

use std::fmt;

use regex_lite::Regex;

/// A secret API key. Its `Debug` output is `ApiKey(<redacted>)`, and it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key. Surrounding whitespace (a pasted newline) is dropped.
    pub fn new(key: impl Into<String>) -> Self {
        let key: String = key.into();
        ApiKey(key.trim().to_string())
    }

    /// Reads the key from the environment variable `var`, or else from the pair `<var>_ID` and
    /// `<var>_SECRET` joined by `:` (fal's `FAL_KEY_ID` and `FAL_KEY_SECRET`, as its official
    /// clients read them); `None` when neither is set.
    pub fn from_env(var: &str) -> Option<Self> {
        let read = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|value| value.trim().to_string())
                .filter(|value| !value.is_empty())
        };
        if let Some(key) = read(var) {
            return Some(ApiKey(key));
        }
        let id = read(&format!("{var}_ID"))?;
        let secret = read(&format!("{var}_SECRET"))?;
        Some(ApiKey(format!("{id}:{secret}")))
    }

    /// The `Authorization` header value: `<scheme> <key>`.
    pub(crate) fn header_value(&self, scheme: &str) -> String {
        format!("{scheme} {}", self.0)
    }

    /// `text` with every occurrence of the key replaced by `<redacted>`: as it is, with any of
    /// its characters JSON-escaped (`\u002d`) or percent-encoded (`%2D`, either case), and cut
    /// by line breaks (a server that wraps its text, or a JSON `\n`). For a fal key
    /// (`<id>:<secret>`), its secret alone is scrubbed too.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        let mut secrets = vec![self.0.as_str()];
        if let Some((_, secret)) = self.0.split_once(':') {
            if secret.chars().count() >= 8 {
                secrets.push(secret);
            }
        }
        for secret in secrets {
            if secret.is_empty() {
                continue;
            }
            out = out.replace(secret, "<redacted>");
            if let Some(pattern) = echo_pattern(secret) {
                out = pattern.replace_all(&out, "<redacted>").into_owned();
            }
        }
        out
    }
}

/// A pattern that matches `secret` written in any of the forms a server may echo.
fn echo_pattern(secret: &str) -> Option<Regex> {
    // Between two characters: any run of line breaks, with the indentation after them, or of
    // JSON's escaped line breaks.
    const BREAK: &str = r"(?:\r|\n|\\r|\\n|[ \t]*(?:\r?\n)[ \t]*)*";
    let mut pattern = String::new();
    for (i, c) in secret.chars().enumerate() {
        if i > 0 {
            pattern.push_str(BREAK);
        }
        pattern.push_str("(?:");
        pattern.push_str(&regex_lite::escape(c.encode_utf8(&mut [0; 4])));
        let mut units = [0u16; 2];
        let escaped: Vec<String> = c
            .encode_utf16(&mut units)
            .iter()
            .map(|unit| format!(r"\\[uU]{}", hex_either_case(&format!("{unit:04x}"))))
            .collect();
        pattern.push('|');
        pattern.push_str(&escaped.concat());
        if c == '/' {
            pattern.push_str(r"|\\/");
        }
        let mut bytes = [0u8; 4];
        let percent: String = c
            .encode_utf8(&mut bytes)
            .bytes()
            .map(|byte| format!("%{}", hex_either_case(&format!("{byte:02x}"))))
            .collect();
        pattern.push('|');
        pattern.push_str(&percent);
        pattern.push(')');
    }
    Regex::new(&pattern).ok()
}

/// A pattern for hexadecimal digits in upper or lower case (`2d` → `2[dD]`).
fn hex_either_case(hex: &str) -> String {
    hex.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else {
                c.to_string()
            }
        })
        .collect()
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::ApiKey;

    const KEY: &str = "3fa-9c1e:sk-7Zq/8x";

    fn scrubbed(text: &str) -> String {
        let out = ApiKey::new(KEY).scrub(text);
        assert!(!out.contains("sk-7Zq"), "{out}");
        assert!(!out.contains("7Zq"), "{out}");
        out
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = ApiKey::new(" secret-123\n");
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert_eq!(key.header_value("Key"), "Key secret-123");
        assert_eq!(key.scrub("bad key secret-123!"), "bad key <redacted>!");
    }

    #[test]
    fn every_echoed_form_of_the_key_is_scrubbed() {
        assert_eq!(scrubbed(&format!("key {KEY}!")), "key <redacted>!");
        // JSON-escaped characters, as serializers that escape '-' or '/' write them.
        assert_eq!(
            scrubbed(r"key 3fa\u002d9c1e:sk\u002D7Zq\/8x!"),
            "key <redacted>!"
        );
        // Percent-encoded, in either case, whole or in part.
        assert_eq!(
            scrubbed("key=3fa-9c1e%3Ask-7Zq%2f8x&x=1"),
            "key=<redacted>&x=1"
        );
        assert_eq!(
            scrubbed("key=%33%66%61%2d9c1e%3ask%2D7Zq%2F8x"),
            "key=<redacted>"
        );
        // Wrapped across lines, or with JSON's escaped line breaks.
        assert_eq!(scrubbed("key 3fa-9c1e:sk-7\n  Zq/8x."), "key <redacted>.");
        assert_eq!(scrubbed(r"key 3fa-9c1e:sk-7Zq\n/8x."), "key <redacted>.");
        assert_eq!(scrubbed("key 3fa-9c1e:sk-\r\n7Zq/8x."), "key <redacted>.");
        // The secret half of a fal key on its own.
        assert_eq!(scrubbed("secret sk-7Zq/8x"), "secret <redacted>");
        // Other text is left alone.
        assert_eq!(scrubbed("3fa-9c1e is an id"), "3fa-9c1e is an id");
    }

    #[test]
    fn the_id_and_secret_pair_is_the_fallback_of_the_variable() {
        let var = "GENMEDIA_KEY_TEST_PAIR";
        std::env::set_var(format!("{var}_ID"), "id-1");
        std::env::set_var(format!("{var}_SECRET"), " secret-2\n");
        let pair = ApiKey::from_env(var).unwrap();
        assert_eq!(pair.header_value("Key"), "Key id-1:secret-2");
        std::env::set_var(var, "whole-key");
        let whole = ApiKey::from_env(var).unwrap();
        assert_eq!(whole.header_value("Key"), "Key whole-key");
        std::env::remove_var(format!("{var}_SECRET"));
        std::env::remove_var(var);
        assert!(ApiKey::from_env(var).is_none());
    }
}
