//! Sending one request: authentication, the retry loop (whose rule lives in [`super::retry`]),
//! and the bounded reading of the answer ([`super::answer`]).

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::answer::{self, Limits, Stop, ERROR_BODY_LIMIT};
use super::error::ClientError;
use super::key::ApiKey;
use super::retry::{self, Failure, RetryPolicy};
use crate::endpoint::Provider;

/// One request to send.
pub(crate) struct Call<'a> {
    pub method: Method,
    pub url: Url,
    pub provider: &'static Provider,
    pub key: &'a ApiKey,
    /// Whether the key goes with the request; not to a signed upload URL, which is another
    /// origin's.
    pub authorize: bool,
    /// The body and its media type, if any.
    pub body: Option<(Bytes, String)>,
    /// The `Accept` header, if not JSON.
    pub accept: Option<&'static str>,
    /// Further headers (fal's queue priority and start timeout).
    pub headers: Vec<(&'static str, String)>,
    /// The server may hold the answer until the work is done (a direct call to an endpoint):
    /// the wait for its headers is bounded by the request timeout, not the idle timeout.
    pub waits: bool,
    /// For an event stream, how long to wait for the answer (and then for each piece of it):
    /// the stream has no overall limit, the client's `request_timeout` does not apply to it.
    pub stream_idle: Option<Duration>,
}

impl<'a> Call<'a> {
    /// A call with the key, no body, answered in JSON.
    pub fn new(method: Method, url: Url, provider: &'static Provider, key: &'a ApiKey) -> Self {
        Call {
            method,
            url,
            provider,
            key,
            authorize: true,
            body: None,
            accept: None,
            headers: Vec::new(),
            waits: false,
            stream_idle: None,
        }
    }

    /// With a JSON body.
    pub fn json(mut self, body: &serde_json::Value) -> Self {
        self.body = Some((
            Bytes::from(body.to_string()),
            "application/json".to_string(),
        ));
        self
    }
}

/// A successful answer: its body and its headers.
pub(crate) struct Answer {
    pub body: Vec<u8>,
    pub headers: HeaderMap,
}

impl Answer {
    /// fal's request id of the answer, if it sent one.
    pub fn request_id(&self) -> Option<String> {
        request_id(&self.headers)
    }
}

/// fal's request id among an answer's headers (`x-fal-request-id`), if it is there.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-fal-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The overall limit of a streaming request: none in practice (a year), since its idle timeout
/// guards it.
const STREAM_TOTAL_LIMIT: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// The HTTP client, the retry policy and the bounds on answers.
#[derive(Debug)]
pub(crate) struct Transport {
    pub http: reqwest::Client,
    pub retry: RetryPolicy,
    pub limits: Limits,
}

/// A failed attempt: its error, and what failed, for the retry rule (`None`: never retried).
struct Failed {
    error: ClientError,
    failure: Option<Failure>,
    retry_after: Option<Duration>,
}

impl Transport {
    /// Sends `call`, retrying as [`super::retry`] says, and returns the successful answer.
    pub async fn send(&self, call: &Call<'_>) -> Result<Answer, ClientError> {
        self.with_retries(call, |response| self.read_answer(call, response))
            .await
    }

    /// Sends `call` and decodes the successful answer as `T`.
    pub async fn send_json<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<T, ClientError> {
        let answer = self.send(call).await?;
        answer::decode(&call.url, &answer.body, call.key)
    }

    /// Sends `call` with retries; returns the response of the first success with its body
    /// unread (the streaming calls read it as it arrives).
    pub async fn send_for_response(
        &self,
        call: &Call<'_>,
    ) -> Result<reqwest::Response, ClientError> {
        self.with_retries(call, |response| async { Ok(response) })
            .await
    }

    /// The retry loop around one attempt, whose successful response `finish` reads.
    async fn with_retries<T, F, Fut>(&self, call: &Call<'_>, finish: F) -> Result<T, ClientError>
    where
        F: Fn(reqwest::Response) -> Fut,
        Fut: std::future::Future<Output = Result<T, Failed>>,
    {
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let outcome = match self.attempt(call, attempt).await {
                Ok(response) => finish(response).await,
                Err(failed) => Err(failed),
            };
            let failed = match outcome {
                Ok(done) => return Ok(done),
                Err(failed) => failed,
            };
            let again = failed
                .failure
                .is_some_and(|failure| retry::retryable(&call.method, failure));
            if !again || attempt > self.retry.max_retries {
                return Err(failed.error);
            }
            tokio::time::sleep(self.retry.delay(attempt - 1, failed.retry_after)).await;
        }
    }

    /// Sends the request once; returns the response of a success, or why it failed.
    async fn attempt(&self, call: &Call<'_>, attempt: u32) -> Result<reqwest::Response, Failed> {
        let sent = self.request(call).send();
        let headers_within = match (call.stream_idle, call.waits) {
            (Some(idle), _) => Some(idle),
            (None, true) => None,
            (None, false) => Some(self.limits.idle),
        };
        let sent = match headers_within {
            Some(within) => match tokio::time::timeout(within, sent).await {
                Ok(sent) => sent,
                Err(_) => {
                    let error = match call.stream_idle {
                        Some(idle) => ClientError::StreamTimeout { idle },
                        None => ClientError::Stalled {
                            url: call.url.to_string(),
                            idle: within,
                        },
                    };
                    return Err(Failed {
                        error,
                        failure: Some(Failure::AfterSending),
                        retry_after: None,
                    });
                }
            },
            None => sent.await,
        };
        let mut response = sent.map_err(|source| Failed {
            failure: Some(if source.is_connect() {
                Failure::NotSent
            } else {
                Failure::AfterSending
            }),
            error: ClientError::Transport {
                url: call.url.to_string(),
                source: source.without_url(),
            },
            retry_after: None,
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let retry_after = header(RETRY_AFTER).and_then(|v| retry::parse_retry_after(&v));
        let location = header(LOCATION);
        // What the server says is read only up to a small limit, and an unreadable body is
        // no message rather than another error.
        let body = match answer::read_body(&mut response, ERROR_BODY_LIMIT, &self.limits).await {
            Ok(body) | Err((body, _)) => body,
        };
        Err(Failed {
            error: answer::status_error(
                &call.url,
                call.provider.title,
                status,
                location.as_deref(),
                &body,
                call.key,
                attempt,
            ),
            failure: Some(Failure::Status(status)),
            retry_after,
        })
    }

    /// Reads a successful response's body within the limits.
    async fn read_answer(
        &self,
        call: &Call<'_>,
        mut response: reqwest::Response,
    ) -> Result<Answer, Failed> {
        let headers = response.headers().clone();
        match answer::read_body(&mut response, self.limits.max_answer, &self.limits).await {
            Ok(body) => Ok(Answer { body, headers }),
            Err((_, stop)) => {
                let failure = match stop {
                    Stop::TooLarge => None,
                    _ => Some(Failure::AfterSending),
                };
                Err(Failed {
                    error: stop.into_error(&call.url, &self.limits),
                    failure,
                    retry_after: None,
                })
            }
        }
    }

    fn request(&self, call: &Call<'_>) -> reqwest::RequestBuilder {
        let mut request = self.http.request(call.method.clone(), call.url.clone());
        // A key with control characters cannot be a header; it is left out, and the server's
        // 401 says what is wrong without the client echoing the key.
        let auth = call.key.header_value(call.provider.auth.scheme);
        if let (true, Ok(mut value)) = (call.authorize, HeaderValue::from_str(&auth)) {
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
        for (name, value) in &call.headers {
            request = request.header(*name, value);
        }
        if call.stream_idle.is_some() {
            request = request.timeout(STREAM_TOTAL_LIMIT);
        }
        if let Some((body, content_type)) = &call.body {
            request = request
                .header(CONTENT_TYPE, content_type.as_str())
                .body(body.clone());
        }
        request
    }
}

/// Whether a redirect from `from` to `to` keeps the origin (scheme, host and port): only such
/// redirects are followed, so that the key never travels to another server.
pub(crate) fn same_origin(from: &Url, to: &Url) -> bool {
    from.scheme() == to.scheme()
        && from.host_str() == to.host_str()
        && from.port_or_known_default() == to.port_or_known_default()
}
