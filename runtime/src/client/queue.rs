//! fal's queue: submit a request, ask for its status (with logs), fetch its result, cancel it.
//!
//! Submitting uses the whole endpoint id; status, result and cancel use only its owner/alias
//! part (`fal-ai/luma-dream-machine/ray-2/image-to-video` → `fal-ai/luma-dream-machine`), plus the
//! `workflows/` or `comfy/` namespace where the id has one.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::error::ClientError;
use super::response::Response;
use super::transport::Call;
use super::{Client, Target};
use crate::endpoint::{Endpoint, QueueEndpoint};

/// A request submitted to fal's queue. Keep its [`request_id`](Self::request_id) to follow the
/// request later: [`RequestHandle::new`] makes the handle again from it.
pub struct RequestHandle<E> {
    request_id: String,
    queue_position: Option<u64>,
    endpoint: PhantomData<fn() -> E>,
}

impl<E: QueueEndpoint> RequestHandle<E> {
    /// The handle of an earlier request of endpoint `E`.
    pub fn new(request_id: impl Into<String>) -> Self {
        RequestHandle {
            request_id: request_id.into(),
            queue_position: None,
            endpoint: PhantomData,
        }
    }
}

impl<E> RequestHandle<E> {
    /// The id the queue gave the request.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The request's place in the queue when it was submitted, if the server said.
    pub fn queue_position(&self) -> Option<u64> {
        self.queue_position
    }
}

impl<E> Clone for RequestHandle<E> {
    fn clone(&self) -> Self {
        RequestHandle {
            request_id: self.request_id.clone(),
            queue_position: self.queue_position,
            endpoint: PhantomData,
        }
    }
}

impl<E: Endpoint> fmt::Debug for RequestHandle<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestHandle")
            .field("endpoint", &E::ID)
            .field("request_id", &self.request_id)
            .field("queue_position", &self.queue_position)
            .finish()
    }
}

/// Where a queued request stands.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum QueueState {
    /// Waiting in the queue.
    InQueue,
    /// Running.
    InProgress,
    /// Finished, with a result or an error.
    Completed,
    /// A state this client does not know.
    #[serde(other)]
    Unknown,
}

/// One log line of a request.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct LogEntry {
    /// The text.
    #[serde(default)]
    pub message: String,
    /// `INFO`, `ERROR`...
    #[serde(default)]
    pub level: Option<String>,
    /// Where it came from (`USER`).
    #[serde(default)]
    pub source: Option<String>,
    /// When (ISO 8601).
    #[serde(default)]
    pub timestamp: Option<String>,
}

/// The answer of [`Client::status`].
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct QueueStatus {
    /// Where the request stands.
    pub status: QueueState,
    /// Its place in the queue, while it waits.
    #[serde(default)]
    pub queue_position: Option<u64>,
    /// Every log line so far (asked for with `logs = true`).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub logs: Vec<LogEntry>,
    /// Why a completed request failed.
    #[serde(default)]
    pub error: Option<serde_json::Value>,
    /// fal's kind of failure (`error_type`), when a completed request failed.
    #[serde(default)]
    pub error_type: Option<String>,
    /// What a completed request measured, when fal says.
    #[serde(default)]
    pub metrics: Option<Metrics>,
}

/// What fal measured of a completed request.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Metrics {
    /// How long the model ran, in seconds.
    #[serde(default)]
    pub inference_time: Option<f64>,
    /// Every metric, as fal sent them (the ones above, and any other).
    #[serde(flatten)]
    pub all: serde_json::Map<String, serde_json::Value>,
}

impl QueueStatus {
    /// The failure of a completed request, as text.
    pub fn error_message(&self) -> Option<String> {
        match self.error.as_ref()? {
            serde_json::Value::Null => None,
            serde_json::Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        }
    }
}

fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<LogEntry>, D::Error> {
    Ok(Option::<Vec<LogEntry>>::deserialize(d)?.unwrap_or_default())
}

/// The answer to a submission.
#[derive(Deserialize)]
pub(crate) struct Submitted {
    pub request_id: String,
    #[serde(default)]
    pub queue_position: Option<u64>,
}

/// Where a request waits in fal's queue among the caller's others.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Priority {
    /// The default.
    #[default]
    Normal,
    /// Behind the requests of normal priority.
    Low,
}

/// How a request is submitted to fal's queue (see [`Client::submit_with`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubmitOptions {
    webhook_url: Option<String>,
    priority: Option<Priority>,
    start_timeout: Option<Duration>,
}

impl SubmitOptions {
    /// The defaults: no webhook, normal priority, no start timeout.
    pub fn new() -> Self {
        Self::default()
    }

    /// fal calls this URL when the request completes.
    #[must_use]
    pub fn webhook_url(mut self, url: impl Into<String>) -> Self {
        self.webhook_url = Some(url.into());
        self
    }

    /// The request's priority in the queue (header `x-fal-queue-priority`).
    #[must_use]
    pub fn priority(mut self, priority: Priority) -> Self {
        self.priority = Some(priority);
        self
    }

    /// fal gives up on the request (HTTP 504) if it has not started within `timeout`, queue
    /// and retries included (header `x-fal-request-timeout`, whole seconds; fal wants more
    /// than one second). It does not limit how long the model runs.
    #[must_use]
    pub fn start_timeout(mut self, timeout: Duration) -> Self {
        self.start_timeout = Some(timeout);
        self
    }

    /// The headers these options add to the submission.
    pub(crate) fn headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = Vec::new();
        if let Some(priority) = self.priority {
            let value = match priority {
                Priority::Normal => "normal",
                Priority::Low => "low",
            };
            headers.push(("x-fal-queue-priority", value.to_string()));
        }
        if let Some(timeout) = self.start_timeout {
            // fal refuses one second or less; round up so that a short timeout stays valid.
            let seconds = timeout.as_secs() + u64::from(timeout.subsec_nanos() > 0);
            headers.push(("x-fal-request-timeout", seconds.max(2).to_string()));
        }
        headers
    }
}

/// The owner/alias part of an endpoint id, which status, result and cancel URLs use.
pub fn queue_app_id(endpoint_id: &str) -> &str {
    let segments = match endpoint_id.split('/').next() {
        Some("workflows" | "comfy") => 3,
        _ => 2,
    };
    match endpoint_id.match_indices('/').nth(segments - 1) {
        Some((end, _)) => &endpoint_id[..end],
        None => endpoint_id,
    }
}

impl Client {
    /// Validates `input` and submits it to the queue; returns the request's handle.
    pub async fn submit<E: QueueEndpoint>(
        &self,
        endpoint: E,
        input: &E::Input,
    ) -> Result<RequestHandle<E>, ClientError> {
        self.submit_with(endpoint, input, &SubmitOptions::default())
            .await
    }

    /// Like [`submit`](Self::submit), and fal calls `webhook_url` when the request completes.
    pub async fn submit_with_webhook<E: QueueEndpoint>(
        &self,
        endpoint: E,
        input: &E::Input,
        webhook_url: &str,
    ) -> Result<RequestHandle<E>, ClientError> {
        let options = SubmitOptions::new().webhook_url(webhook_url);
        self.submit_with(endpoint, input, &options).await
    }

    /// [`submit`](Self::submit) with options: a webhook, the priority, a start timeout.
    pub async fn submit_with<E: QueueEndpoint>(
        &self,
        _endpoint: E,
        input: &E::Input,
        options: &SubmitOptions,
    ) -> Result<RequestHandle<E>, ClientError> {
        let json = super::checked_json::<E>(input)?;
        let submitted = self.queue_submit(Target::of::<E>(), &json, options).await?;
        Ok(RequestHandle {
            request_id: submitted.request_id,
            queue_position: submitted.queue_position,
            endpoint: PhantomData,
        })
    }

    /// Where the request stands; with `logs`, every log line so far.
    pub async fn status<E: QueueEndpoint>(
        &self,
        handle: &RequestHandle<E>,
        logs: bool,
    ) -> Result<QueueStatus, ClientError> {
        self.queue_status(Target::of::<E>(), &handle.request_id, logs)
            .await
    }

    /// The result of a completed request, with its request id.
    pub async fn result<E: QueueEndpoint>(
        &self,
        handle: &RequestHandle<E>,
    ) -> Result<Response<E::Output>, ClientError> {
        self.queue_result(Target::of::<E>(), &handle.request_id)
            .await
    }

    /// Asks the queue to cancel the request (it may already have completed: the server then
    /// answers with an error status, returned as [`ClientError::Status`]).
    pub async fn cancel<E: QueueEndpoint>(
        &self,
        handle: &RequestHandle<E>,
    ) -> Result<(), ClientError> {
        self.queue_cancel(Target::of::<E>(), &handle.request_id)
            .await
    }

    // The protocol itself, for any endpoint by id: the typed methods above restrict it to
    // queue endpoints, `subscribe` to endpoints whose `FOLLOW` is the queue, and the `_json`
    // methods take any id.

    pub(crate) async fn queue_submit(
        &self,
        target: Target<'_>,
        input: &serde_json::Value,
        options: &SubmitOptions,
    ) -> Result<Submitted, ClientError> {
        let mut url = self.url(self.base_url(target.provider), &[target.id])?;
        if let Some(webhook) = &options.webhook_url {
            url.query_pairs_mut().append_pair("fal_webhook", webhook);
        }
        let key = self.key(target.provider)?;
        let mut call = Call::new(Method::POST, url, target.provider, &key).json(input);
        call.headers = options.headers();
        self.inner.transport.send_json(&call).await
    }

    pub(crate) async fn queue_status(
        &self,
        target: Target<'_>,
        request_id: &str,
        logs: bool,
    ) -> Result<QueueStatus, ClientError> {
        let mut url = self.request_url(target, request_id, Some("status"))?;
        if logs {
            url.query_pairs_mut().append_pair("logs", "1");
        }
        let key = self.key(target.provider)?;
        let call = Call::new(Method::GET, url, target.provider, &key);
        self.inner.transport.send_json(&call).await
    }

    pub(crate) async fn queue_result<T: DeserializeOwned>(
        &self,
        target: Target<'_>,
        request_id: &str,
    ) -> Result<Response<T>, ClientError> {
        let url = self.request_url(target, request_id, None)?;
        let key = self.key(target.provider)?;
        let call = Call::new(Method::GET, url, target.provider, &key);
        let answer = self.inner.transport.send(&call).await?;
        let id = answer
            .request_id()
            .unwrap_or_else(|| request_id.to_string());
        Response::decode(&call.url, &answer.body, &key, Some(id))
    }

    pub(crate) async fn queue_cancel(
        &self,
        target: Target<'_>,
        request_id: &str,
    ) -> Result<(), ClientError> {
        let url = self.request_url(target, request_id, Some("cancel"))?;
        let key = self.key(target.provider)?;
        let call = Call::new(Method::PUT, url, target.provider, &key);
        self.inner.transport.send(&call).await.map(drop)
    }

    /// `<base>/<owner/alias>/requests/<request id>[/<action>]`.
    pub(super) fn request_url(
        &self,
        target: Target<'_>,
        request_id: &str,
        action: Option<&str>,
    ) -> Result<Url, ClientError> {
        let mut segments = vec![queue_app_id(target.id), "requests", request_id];
        segments.extend(action);
        self.url(self.base_url(target.provider), &segments)
    }
}

#[cfg(test)]
mod tests {
    use super::queue_app_id;

    #[test]
    fn status_urls_use_owner_and_alias_only() {
        assert_eq!(
            queue_app_id("fal-ai/luma-dream-machine/ray-2/image-to-video"),
            "fal-ai/luma-dream-machine"
        );
        assert_eq!(queue_app_id("fal-ai/flux-pro"), "fal-ai/flux-pro");
        assert_eq!(queue_app_id("sonauto/v2/text-to-music"), "sonauto/v2");
        assert_eq!(
            queue_app_id("workflows/acme/upscale/fast"),
            "workflows/acme/upscale"
        );
        assert_eq!(queue_app_id("comfy/acme/flow"), "comfy/acme/flow");
        assert_eq!(queue_app_id("single"), "single");
    }
}
