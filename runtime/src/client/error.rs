//! The one error type of the client.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

use crate::validate::ValidationErrors;

/// Everything that can go wrong when calling an endpoint. Messages never contain the API key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// No key was passed and the provider's environment variable is unset.
    #[error(
        "no API key for {provider}: set the {env} environment variable, or pass the key to \
         ClientBuilder::key"
    )]
    MissingKey {
        /// The provider's name.
        provider: &'static str,
        /// The environment variable the key is read from.
        env: &'static str,
    },
    /// The input violates the schema; nothing was sent.
    #[error("the input was not sent, it violates the schema: {0}")]
    InvalidInput(#[from] ValidationErrors),
    /// The server refused the key (HTTP 401 or 403).
    #[error("{provider} refused the API key (HTTP {status}): {message}")]
    Unauthorized {
        /// The provider's name.
        provider: &'static str,
        /// 401 or 403.
        status: u16,
        /// The server's message.
        message: String,
    },
    /// The server rejected the input (HTTP 422), with its field errors.
    #[error("the server rejected the input (HTTP 422): {}", Rejection(.errors, .message))]
    Unprocessable {
        /// The server's `detail` list; empty when the body had none.
        errors: Vec<FieldError>,
        /// The server's body, when it had no `detail` list.
        message: String,
    },
    /// HTTP 429, still after every retry.
    #[error("rate limited (HTTP 429), gave up after {attempts} attempts: {message}")]
    RateLimited {
        /// How many times the request was sent.
        attempts: u32,
        /// The server's last message.
        message: String,
    },
    /// HTTP 5xx, still after every retry.
    #[error("server error (HTTP {status}), gave up after {attempts} attempts: {message}")]
    Server {
        /// The last status.
        status: u16,
        /// How many times the request was sent.
        attempts: u32,
        /// The server's last message.
        message: String,
    },
    /// Any other status that is not a success.
    #[error("unexpected HTTP {status} from {url}: {message}")]
    Status {
        /// The status.
        status: u16,
        /// The URL called.
        url: String,
        /// The server's message.
        message: String,
    },
    /// A queued request completed with an error, or a polled job failed.
    #[error(
        "request {request_id} failed: {message}{}",
        match .error_type { Some(kind) => format!(" ({kind})"), None => String::new() }
    )]
    RequestFailed {
        /// The request (or generation) id.
        request_id: String,
        /// The server's reason.
        message: String,
        /// fal's kind of error (`error_type` of the status), when it gave one.
        error_type: Option<String>,
    },
    /// `subscribe` gave up waiting; it asked the server to cancel the request first.
    #[error(
        "gave up waiting for request {request_id} after {waited:?}{}",
        if *.cancelled { "; it was cancelled" } else { "; cancelling it failed" }
    )]
    Timeout {
        /// The request id.
        request_id: String,
        /// How long `subscribe` waited.
        waited: Duration,
        /// Whether the server accepted the cancellation.
        cancelled: bool,
    },
    /// An event stream failed: the server sent an `error` event, the stream was not a valid
    /// event stream, or it ended before its result.
    #[error("the event stream failed: {message}")]
    StreamError {
        /// What went wrong: the server's message for an `error` event.
        message: String,
    },
    /// No data arrived on an event stream for `idle` (the answer, an event or a keep-alive
    /// comment); the connection was closed.
    /// [`StreamOptions::idle_timeout`](super::StreamOptions::idle_timeout) sets the limit.
    #[error(
        "the event stream stalled: nothing arrived for {idle:?}, so it was closed (see \
         StreamOptions::idle_timeout)"
    )]
    StreamTimeout {
        /// The limit that was reached.
        idle: Duration,
    },
    /// Nothing arrived from the server for the client's idle timeout (while waiting for the
    /// answer of a call that answers at once, or for the next bytes of any answer).
    #[error(
        "nothing arrived from {url} for {idle:?}, so the request was abandoned (raise the limit \
         with ClientBuilder::idle_timeout)"
    )]
    Stalled {
        /// The URL called.
        url: String,
        /// The limit that was reached.
        idle: Duration,
    },
    /// An answer's body kept arriving, too slowly to end within the client's body timeout (a
    /// server that sends a byte now and then).
    #[error(
        "the answer from {url} did not arrive in full within {limit:?}, so the request was \
         abandoned (raise the limit with ClientBuilder::body_timeout)"
    )]
    SlowAnswer {
        /// The URL called.
        url: String,
        /// The limit that was reached.
        limit: Duration,
    },
    /// An answer (or one event of a stream) was larger than the client's limit; reading
    /// stopped there.
    #[error(
        "the answer from {url} is larger than {limit} bytes, the client's limit (raise it with \
         ClientBuilder::max_answer_size)"
    )]
    TooLarge {
        /// The URL called.
        url: String,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The server redirected the request to another origin. The client follows redirects only
    /// within an origin, so that the key is never sent elsewhere.
    #[error(
        "{url} redirected (HTTP {status}) to another origin, {location:?}; the redirect was not \
         followed, so that the API key is not sent there"
    )]
    Redirected {
        /// The URL called.
        url: String,
        /// The redirect's status.
        status: u16,
        /// Where the server redirected to.
        location: String,
    },
    /// A local file to upload could not be read.
    #[error("cannot read {path}: {source}")]
    File {
        /// The file's path.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// fal's storage did not take an upload: an answer without the expected field or header.
    #[error("the upload to fal's storage failed: {reason}")]
    Upload {
        /// What went wrong.
        reason: String,
    },
    /// The request could not be sent or its answer not received (connection refused, DNS, TLS,
    /// a reset, the request timeout); the message names the cause.
    #[error("could not call {url}: {}", Causes(.source))]
    Transport {
        /// The URL called.
        url: String,
        /// reqwest's error.
        #[source]
        source: reqwest::Error,
    },
    /// The answer was not the JSON expected.
    #[error("the answer from {url} is not what was expected: {source}; the body starts with {excerpt:?}")]
    Decode {
        /// The URL called.
        url: String,
        /// serde's error.
        #[source]
        source: serde_json::Error,
        /// The first bytes of the body.
        excerpt: String,
    },
    /// An input (or a polled job's output) could not be encoded as JSON.
    #[error("could not encode a value of {endpoint} as JSON: {source}")]
    Encode {
        /// The endpoint id.
        endpoint: &'static str,
        /// serde's error.
        #[source]
        source: serde_json::Error,
    },
    /// The HTTP client could not be set up (TLS configuration).
    #[error("could not set up the HTTP client: {0}")]
    Setup(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A base URL given to the builder, or the URL made from it, is not a valid URL.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// The endpoint's route does not support this call (a provider without a synchronous URL).
    #[error("{endpoint} cannot be called this way: {reason}")]
    Unsupported {
        /// The endpoint id.
        endpoint: String,
        /// Why.
        reason: &'static str,
    },
}

/// An error and its causes, `: `-separated: reqwest's own message (`error sending request`)
/// says nothing without them (`dns error`, `connection refused`).
struct Causes<'a>(&'a reqwest::Error);

impl fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut previous = self.0.to_string();
        let mut cause = std::error::Error::source(self.0);
        while let Some(error) = cause {
            let text = error.to_string();
            // Some layers repeat their cause's message; print each once.
            if !previous.contains(&text) {
                write!(f, ": {text}")?;
            }
            previous = text;
            cause = error.source();
        }
        Ok(())
    }
}

/// One entry of a 422 answer's `detail` list.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct FieldError {
    /// Where: `["body", "prompt"]`, or with list indices.
    #[serde(default)]
    pub loc: Vec<LocPart>,
    /// What is wrong.
    #[serde(default)]
    pub msg: String,
    /// The kind of error (`missing`, `value_error`).
    #[serde(default, rename = "type")]
    pub kind: String,
}

/// One step of a [`FieldError`]'s location.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum LocPart {
    /// A field name (or `body`).
    Field(String),
    /// A list index.
    Index(u64),
}

impl FieldError {
    /// The location as a JSON path without the leading `body` (`image_urls[2]`).
    pub fn path(&self) -> String {
        let mut path = String::new();
        let parts = match self.loc.first() {
            Some(LocPart::Field(first)) if first == "body" || first == "query" => &self.loc[1..],
            _ => &self.loc[..],
        };
        for part in parts {
            match part {
                LocPart::Field(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                LocPart::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        if path.is_empty() {
            write!(f, "{}", self.msg)?;
        } else {
            write!(f, "{path}: {}", self.msg)?;
        }
        if !self.kind.is_empty() {
            write!(f, " ({})", self.kind)?;
        }
        Ok(())
    }
}

/// Displays a 422's field errors separated by `; `, or its message when it had none.
struct Rejection<'a>(&'a [FieldError], &'a str);

impl fmt::Display for Rejection<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str(self.1);
        }
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}
