//! API keys: read from the provider's environment variable or passed explicitly, and never
//! shown: `Debug` prints a placeholder, and text from the server is scrubbed of the key before
//! it lands in an error.

use std::fmt;

/// A secret API key. Its `Debug` output is `ApiKey(<redacted>)`, and it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key. Surrounding whitespace (a pasted newline) is dropped.
    pub fn new(key: impl Into<String>) -> Self {
        let key: String = key.into();
        ApiKey(key.trim().to_string())
    }

    /// Reads the key from the environment variable `var`; `None` when it is unset or empty.
    pub fn from_env(var: &str) -> Option<Self> {
        std::env::var(var)
            .ok()
            .map(ApiKey::new)
            .filter(|key| !key.0.is_empty())
    }

    /// The `Authorization` header value: `<scheme> <key>`.
    pub(crate) fn header_value(&self, scheme: &str) -> String {
        format!("{scheme} {}", self.0)
    }

    /// `text` with every occurrence of the key replaced by `<redacted>`, for server messages
    /// that echo the request back.
    pub(crate) fn scrub(&self, text: &str) -> String {
        if self.0.is_empty() {
            text.to_string()
        } else {
            text.replace(&self.0, "<redacted>")
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::ApiKey;

    #[test]
    fn debug_never_shows_the_key() {
        let key = ApiKey::new(" secret-123\n");
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert_eq!(key.header_value("Key"), "Key secret-123");
        assert_eq!(key.scrub("bad key secret-123!"), "bad key <redacted>!");
    }
}
