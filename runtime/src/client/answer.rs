//! Reading a server's answer: its body, bounded in size and in time, and what a failed answer
//! means (the [`ClientError`] of each status, with the server's message scrubbed of the key).

use std::time::Duration;

use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tokio::time::Instant;

use super::error::{ClientError, FieldError, LocPart};
use super::key::ApiKey;

/// The bounds on reading one answer, set on the client's builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Limits {
    /// The largest answer read into memory, and the largest event of a stream.
    pub max_answer: usize,
    /// The longest wait for the next bytes (and for the headers of a call that answers
    /// at once).
    pub idle: Duration,
    /// The longest time to read a whole body once its headers have arrived.
    pub body: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_answer: 64 * 1024 * 1024,
            idle: Duration::from_secs(30),
            body: Duration::from_secs(60),
        }
    }
}

/// How much of an error's body is read: enough for any message, never the whole of a hostile
/// one.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Why reading a body stopped early.
#[derive(Debug)]
pub(crate) enum Stop {
    /// More than the limit arrived (or was announced).
    TooLarge,
    /// Nothing arrived for the idle timeout.
    Idle,
    /// The body did not arrive in full within the body timeout.
    Slow,
    /// The connection failed.
    Network(reqwest::Error),
}

impl Stop {
    /// The error of this stop while reading the answer from `url`.
    pub fn into_error(self, url: &Url, limits: &Limits) -> ClientError {
        let url = url.to_string();
        match self {
            Stop::TooLarge => ClientError::TooLarge {
                url,
                limit: limits.max_answer,
            },
            Stop::Idle => ClientError::Stalled {
                url,
                idle: limits.idle,
            },
            Stop::Slow => ClientError::SlowAnswer {
                url,
                limit: limits.body,
            },
            Stop::Network(source) => ClientError::Transport {
                url,
                source: source.without_url(),
            },
        }
    }
}

/// Reads `response`'s body, at most `cap` bytes, waiting at most `limits.idle` for each piece
/// and `limits.body` in all. On a stop, returns what was read with the reason.
pub(crate) async fn read_body(
    response: &mut reqwest::Response,
    cap: usize,
    limits: &Limits,
) -> Result<Vec<u8>, (Vec<u8>, Stop)> {
    let mut body = Vec::new();
    if response.content_length().is_some_and(|n| n > cap as u64) {
        return Err((body, Stop::TooLarge));
    }
    let deadline = Instant::now() + limits.body;
    loop {
        let idle_deadline = Instant::now() + limits.idle;
        let chunk = tokio::time::timeout_at(idle_deadline.min(deadline), response.chunk()).await;
        match chunk {
            Err(_) if Instant::now() >= deadline => return Err((body, Stop::Slow)),
            Err(_) => return Err((body, Stop::Idle)),
            Ok(Err(err)) => return Err((body, Stop::Network(err))),
            Ok(Ok(None)) => return Ok(body),
            Ok(Ok(Some(chunk))) => {
                if body.len() + chunk.len() > cap {
                    let room = cap - body.len();
                    body.extend_from_slice(&chunk[..room]);
                    return Err((body, Stop::TooLarge));
                }
                body.extend_from_slice(&chunk);
            }
        }
    }
}

/// Decodes a successful answer's body.
pub(crate) fn decode<T: DeserializeOwned>(
    url: &Url,
    body: &[u8],
    key: &ApiKey,
) -> Result<T, ClientError> {
    serde_json::from_slice(body).map_err(|source| ClientError::Decode {
        url: url.to_string(),
        source,
        excerpt: excerpt(&key.scrub(&String::from_utf8_lossy(body))),
    })
}

/// The error for a non-success status, after retries. `body` is the (capped) error body.
pub(crate) fn status_error(
    url: &Url,
    provider: &'static str,
    status: StatusCode,
    location: Option<&str>,
    body: &[u8],
    key: &ApiKey,
    attempts: u32,
) -> ClientError {
    let message = server_message(body, key);
    match status.as_u16() {
        401 | 403 => ClientError::Unauthorized {
            provider,
            status: status.as_u16(),
            message,
        },
        422 => ClientError::Unprocessable {
            errors: field_errors(body, key),
            message,
        },
        429 => ClientError::RateLimited { attempts, message },
        code if status.is_server_error() => ClientError::Server {
            status: code,
            attempts,
            message,
        },
        code if status.is_redirection() => ClientError::Redirected {
            url: url.to_string(),
            status: code,
            location: location.map(|l| key.scrub(l)).unwrap_or_default(),
        },
        code => ClientError::Status {
            status: code,
            url: url.to_string(),
            message,
        },
    }
}

/// A 422 body's `detail`: its list of field errors, or one error at the body when `detail` is
/// a string; nothing when the body has another shape. Messages are scrubbed of the key.
fn field_errors(body: &[u8], key: &ApiKey) -> Vec<FieldError> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Detail {
        List(Vec<FieldError>),
        Text(String),
    }
    #[derive(Deserialize)]
    struct Body {
        detail: Detail,
    }
    let errors = match serde_json::from_slice::<Body>(body).map(|b| b.detail) {
        Ok(Detail::List(errors)) => errors,
        Ok(Detail::Text(msg)) => vec![FieldError {
            loc: vec![LocPart::Field("body".to_string())],
            msg,
            kind: String::new(),
        }],
        Err(_) => Vec::new(),
    };
    errors
        .into_iter()
        .map(|mut error| {
            error.msg = key.scrub(&error.msg);
            for part in &mut error.loc {
                if let LocPart::Field(name) = part {
                    *name = key.scrub(name);
                }
            }
            error
        })
        .collect()
}

/// The server's message, scrubbed of the key: the `detail`, `error` or `message` string of a
/// JSON body, else the body's first characters. The whole body is scrubbed before it is cut, so
/// that a key split by the cut cannot survive.
pub(crate) fn server_message(body: &[u8], key: &ApiKey) -> String {
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(body) {
        for name in ["detail", "error", "message"] {
            match map.get(name) {
                Some(serde_json::Value::String(text)) => return excerpt(&key.scrub(text)),
                Some(serde_json::Value::Object(inner)) => {
                    if let Some(serde_json::Value::String(text)) = inner.get("message") {
                        return excerpt(&key.scrub(text));
                    }
                }
                _ => {}
            }
        }
    }
    let text = excerpt(&key.scrub(&String::from_utf8_lossy(body)));
    if text.is_empty() {
        "(empty body)".to_string()
    } else {
        text
    }
}

/// The first 300 characters of a text.
pub(crate) fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(300).collect();
    if text.chars().nth(300).is_some() {
        out.push('…');
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_detail_is_one_error_at_the_body() {
        let key = ApiKey::new("k");
        let errors = field_errors(br#"{"detail": "prompt is too long"}"#, &key);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path(), "");
        assert_eq!(errors[0].to_string(), "prompt is too long");
        let list = field_errors(
            br#"{"detail": [{"loc": ["body", "num_images"], "msg": "too many", "type": "value_error"}]}"#,
            &key,
        );
        assert_eq!(list[0].to_string(), "num_images: too many (value_error)");
        assert!(field_errors(b"<html>", &key).is_empty());
    }

    #[test]
    fn a_key_cut_by_the_excerpt_is_scrubbed_first() {
        let key = ApiKey::new("secret-key-0123456789");
        let mut body = "x".repeat(290);
        body.push_str("secret-key-0123456789 and more");
        let message = server_message(body.as_bytes(), &key);
        assert!(!message.contains("secret"), "{message}");
    }
}
