//! fal's queue: submit a request, ask for its status (with logs), fetch its result, cancel it.
//!
//! Submitting uses the whole endpoint id; status, result and cancel use only its owner/alias
//! part (`fal-ai/luma-dream-machine/ray-2/image-to-video` → `fal-ai/luma-dream-machine`), plus the
//! `workflows/` or `comfy/` namespace where the id has one.

use std::fmt;
use std::marker::PhantomData;

use reqwest::{Method, Url};
use serde::{Deserialize, Deserializer};

use super::error::ClientError;
use super::Client;
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
struct Submitted {
    request_id: String,
    #[serde(default)]
    queue_position: Option<u64>,
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
        _endpoint: E,
        input: &E::Input,
    ) -> Result<RequestHandle<E>, ClientError> {
        self.queue_submit::<E>(input, None).await
    }

    /// Like [`submit`](Self::submit), and fal calls `webhook_url` when the request completes.
    pub async fn submit_with_webhook<E: QueueEndpoint>(
        &self,
        _endpoint: E,
        input: &E::Input,
        webhook_url: &str,
    ) -> Result<RequestHandle<E>, ClientError> {
        self.queue_submit::<E>(input, Some(webhook_url)).await
    }

    /// Where the request stands; with `logs`, every log line so far.
    pub async fn status<E: QueueEndpoint>(
        &self,
        handle: &RequestHandle<E>,
        logs: bool,
    ) -> Result<QueueStatus, ClientError> {
        self.queue_status::<E>(&handle.request_id, logs).await
    }

    /// The result of a completed request.
    pub async fn result<E: QueueEndpoint>(
        &self,
        handle: &RequestHandle<E>,
    ) -> Result<E::Output, ClientError> {
        self.queue_result::<E>(&handle.request_id).await
    }

    /// Asks the queue to cancel the request (it may already have completed: the server then
    /// answers with an error status, returned as [`ClientError::Status`]).
    pub async fn cancel<E: QueueEndpoint>(
        &self,
        handle: &RequestHandle<E>,
    ) -> Result<(), ClientError> {
        self.queue_cancel::<E>(&handle.request_id).await
    }

    // The protocol itself, for any endpoint: the public methods above restrict it to queue
    // endpoints, `subscribe` to endpoints whose `FOLLOW` is the queue.

    pub(crate) async fn queue_submit<E: Endpoint>(
        &self,
        input: &E::Input,
        webhook_url: Option<&str>,
    ) -> Result<RequestHandle<E>, ClientError> {
        let body = super::checked_json::<E>(input)?.to_string().into_bytes();
        let mut url = self.url(E::PROVIDER, self.base_url(E::PROVIDER), &[E::ID])?;
        if let Some(webhook) = webhook_url {
            url.query_pairs_mut().append_pair("fal_webhook", webhook);
        }
        let key = self.key(E::PROVIDER)?;
        let call = self.call(Method::POST, url, E::PROVIDER, &key, Some(body));
        let submitted: Submitted = self.inner.transport.send_json(&call).await?;
        Ok(RequestHandle {
            request_id: submitted.request_id,
            queue_position: submitted.queue_position,
            endpoint: PhantomData,
        })
    }

    pub(crate) async fn queue_status<E: Endpoint>(
        &self,
        request_id: &str,
        logs: bool,
    ) -> Result<QueueStatus, ClientError> {
        let mut url = self.request_url::<E>(request_id, Some("status"))?;
        if logs {
            url.query_pairs_mut().append_pair("logs", "1");
        }
        let key = self.key(E::PROVIDER)?;
        let call = self.call(Method::GET, url, E::PROVIDER, &key, None);
        self.inner.transport.send_json(&call).await
    }

    pub(crate) async fn queue_result<E: Endpoint>(
        &self,
        request_id: &str,
    ) -> Result<E::Output, ClientError> {
        let url = self.request_url::<E>(request_id, None)?;
        let key = self.key(E::PROVIDER)?;
        let call = self.call(Method::GET, url, E::PROVIDER, &key, None);
        self.inner.transport.send_json(&call).await
    }

    pub(crate) async fn queue_cancel<E: Endpoint>(
        &self,
        request_id: &str,
    ) -> Result<(), ClientError> {
        let url = self.request_url::<E>(request_id, Some("cancel"))?;
        let key = self.key(E::PROVIDER)?;
        let call = self.call(Method::PUT, url, E::PROVIDER, &key, None);
        self.inner.transport.send(&call).await.map(drop)
    }

    /// `<base>/<owner/alias>/requests/<request id>[/<action>]`.
    pub(super) fn request_url<E: Endpoint>(
        &self,
        request_id: &str,
        action: Option<&str>,
    ) -> Result<Url, ClientError> {
        let mut segments = vec![queue_app_id(E::ID), "requests", request_id];
        segments.extend(action);
        self.url(E::PROVIDER, self.base_url(E::PROVIDER), &segments)
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
