//! Sending one request: authentication, retries of 429 and 5xx with backoff, and the mapping of
//! every non-success status to a [`ClientError`].

use std::time::Duration;

use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::error::{ClientError, FieldError};
use super::key::ApiKey;
use crate::endpoint::Provider;

/// How requests answered with 429 or 5xx are retried: exponential backoff from
/// `initial_backoff`, doubling up to `max_backoff`, at most `max_retries` times. A `Retry-After`
/// header in seconds replaces the computed delay (still capped by `max_backoff`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a request is sent again after the first attempt.
    pub max_retries: u32,
    /// The delay before the first retry.
    pub initial_backoff: Duration,
    /// The longest delay between two attempts.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Three retries, 500 ms then 1 s then 2 s, never more than 10 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// No retries: the first 429 or 5xx is the error.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let computed = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry));
        retry_after.unwrap_or(computed).min(self.max_backoff)
    }
}

/// One request to send.
pub(crate) struct Call<'a> {
    pub method: Method,
    pub url: Url,
    pub provider: &'static Provider,
    pub key: &'a ApiKey,
    /// The JSON body, if any.
    pub body: Option<Vec<u8>>,
    /// The `Accept` header, if not JSON.
    pub accept: Option<&'static str>,
    /// For an event stream, how long to wait for the answer (and then for each piece of it):
    /// the stream has no overall limit, the client's `request_timeout` does not apply to it.
    pub stream_idle: Option<Duration>,
}

/// The overall limit of a streaming request: none in practice (a year), since its idle timeout
/// guards it.
const STREAM_TOTAL_LIMIT: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// The HTTP client and the retry policy.
#[derive(Debug)]
pub(crate) struct Transport {
    pub http: reqwest::Client,
    pub retry: RetryPolicy,
}

impl Transport {
    /// Sends `call`, retrying 429 and 5xx, and returns the successful answer's body.
    pub async fn send(&self, call: &Call<'_>) -> Result<Vec<u8>, ClientError> {
        let response = self.send_for_response(call).await?;
        let url = call.url.to_string();
        let bytes = response
            .bytes()
            .await
            .map_err(|source| ClientError::Transport { url, source })?;
        Ok(bytes.to_vec())
    }

    /// Sends `call` and decodes the successful answer as `T`.
    pub async fn send_json<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<T, ClientError> {
        let body = self.send(call).await?;
        decode(&call.url, &body, call.key)
    }

    /// Sends `call`, retrying 429 and 5xx; returns the response of the first success, with its
    /// body unread (the streaming calls read it as it arrives).
    pub async fn send_for_response(
        &self,
        call: &Call<'_>,
    ) -> Result<reqwest::Response, ClientError> {
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let sent = self.request(call).send();
            let sent = match call.stream_idle {
                Some(idle) => tokio::time::timeout(idle, sent)
                    .await
                    .map_err(|_| ClientError::StreamTimeout { idle })?,
                None => sent.await,
            };
            let response = sent.map_err(|source| ClientError::Transport {
                url: call.url.to_string(),
                source: source.without_url(),
            })?;
            let status = response.status();
            if status.is_success() {
                return Ok(response);
            }
            let retryable = status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
            if retryable && attempt <= self.retry.max_retries {
                let wait = self.retry.delay(attempt - 1, retry_after(&response));
                // The body is dropped unread: the connection closes, nothing is lost.
                drop(response);
                tokio::time::sleep(wait).await;
                continue;
            }
            let body = match call.stream_idle {
                Some(idle) => tokio::time::timeout(idle, response.bytes())
                    .await
                    .ok()
                    .and_then(Result::ok)
                    .unwrap_or_default(),
                None => response.bytes().await.unwrap_or_default(),
            };
            return Err(status_error(call, status, &body, attempt));
        }
    }

    fn request(&self, call: &Call<'_>) -> reqwest::RequestBuilder {
        let auth = call.key.header_value(call.provider.auth.scheme);
        let mut request = self.http.request(call.method.clone(), call.url.clone());
        // A key with control characters cannot be a header; it is left out, and the server's
        // 401 says what is wrong without the client echoing the key.
        if let Ok(mut value) = HeaderValue::from_str(&auth) {
            value.set_sensitive(true);
            if call
                .provider
                .auth
                .header
                .eq_ignore_ascii_case("authorization")
            {
                request = request.header(AUTHORIZATION, value);
            } else {
                request = request.header(call.provider.auth.header, value);
            }
        }
        request = request.header(
            reqwest::header::ACCEPT,
            call.accept.unwrap_or("application/json"),
        );
        if call.stream_idle.is_some() {
            request = request.timeout(STREAM_TOTAL_LIMIT);
        }
        if let Some(body) = &call.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        request
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
        excerpt: key.scrub(&excerpt(body)),
    })
}

/// The `Retry-After` header, when it is a number of seconds.
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response.headers().get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// The error for a non-success status, after retries.
fn status_error(call: &Call<'_>, status: StatusCode, body: &[u8], attempts: u32) -> ClientError {
    let message = call.key.scrub(&server_message(body));
    match status.as_u16() {
        401 | 403 => ClientError::Unauthorized {
            provider: call.provider.title,
            status: status.as_u16(),
            message,
        },
        422 => {
            let errors = field_errors(body)
                .into_iter()
                .map(|mut e| {
                    e.msg = call.key.scrub(&e.msg);
                    e
                })
                .collect();
            ClientError::Unprocessable { errors, message }
        }
        429 => ClientError::RateLimited { attempts, message },
        code if status.is_server_error() => ClientError::Server {
            status: code,
            attempts,
            message,
        },
        code => ClientError::Status {
            status: code,
            url: call.url.to_string(),
            message,
        },
    }
}

/// A 422 body's `detail` list, or nothing when the body has another shape.
fn field_errors(body: &[u8]) -> Vec<FieldError> {
    #[derive(Deserialize)]
    struct Detail {
        detail: Vec<FieldError>,
    }
    serde_json::from_slice::<Detail>(body)
        .map(|d| d.detail)
        .unwrap_or_default()
}

/// The server's message: the `detail`, `error` or `message` string of a JSON body, else the
/// body's first characters.
pub(crate) fn server_message(body: &[u8]) -> String {
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(body) {
        for key in ["detail", "error", "message"] {
            match map.get(key) {
                Some(serde_json::Value::String(text)) => return text.clone(),
                Some(serde_json::Value::Object(inner)) => {
                    if let Some(serde_json::Value::String(text)) = inner.get("message") {
                        return text.clone();
                    }
                }
                _ => {}
            }
        }
    }
    let text = excerpt(body);
    if text.is_empty() {
        "(empty body)".to_string()
    } else {
        text
    }
}

/// The first 300 characters of a body, as text.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(300).collect();
    if text.chars().nth(300).is_some() {
        out.push('…');
    }
    out.trim().to_string()
}
