//! Any fal endpoint by id, with JSON in and out: for endpoints that have no generated type yet.
//! The same queue protocol, retries, limits and errors as the typed calls; the input is not
//! validated on this side (there is no schema to validate it against), the server judges it.

use serde_json::Value;

use super::error::ClientError;
use super::queue::{QueueStatus, SubmitOptions};
use super::response::Response;
use super::subscribe::SubscribeOptions;
use super::{Client, Target};
use crate::endpoint::{Provider, Route, Routing};

/// A request submitted with [`Client::submit_json`]: the endpoint id and the request id, which
/// [`Client::status_json`], [`Client::result_json`] and [`Client::cancel_json`] take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonHandle {
    provider: &'static Provider,
    endpoint_id: String,
    request_id: String,
    queue_position: Option<u64>,
}

impl JsonHandle {
    /// The handle of an earlier request to `endpoint_id`.
    pub fn new(
        provider: &'static Provider,
        endpoint_id: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        JsonHandle {
            provider,
            endpoint_id: endpoint_id.into(),
            request_id: request_id.into(),
            queue_position: None,
        }
    }

    /// The endpoint id.
    pub fn endpoint_id(&self) -> &str {
        &self.endpoint_id
    }

    /// The id the queue gave the request.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The request's place in the queue when it was submitted, if the server said.
    pub fn queue_position(&self) -> Option<u64> {
        self.queue_position
    }

    fn target(&self) -> Target<'_> {
        Target {
            provider: self.provider,
            id: &self.endpoint_id,
        }
    }
}

/// The target of a `_json` call: only a provider routed through fal's queue addresses its
/// endpoints by id alone.
pub(crate) fn fal_target<'a>(
    provider: &'static Provider,
    endpoint_id: &'a str,
) -> Result<Target<'a>, ClientError> {
    if provider.routing != Routing::FalQueue {
        return Err(ClientError::Unsupported {
            endpoint: endpoint_id.to_string(),
            reason: "calls by id need a provider routed through fal's queue; this provider's \
                     endpoints each have their own method and path",
        });
    }
    if endpoint_id.trim_matches('/').is_empty() {
        return Err(ClientError::Unsupported {
            endpoint: endpoint_id.to_string(),
            reason: "an endpoint id is not empty (`owner/alias[/path]`)",
        });
    }
    Ok(Target {
        provider,
        id: endpoint_id,
    })
}

impl Client {
    /// Calls the fal endpoint `endpoint_id` once, synchronously, with a JSON input; returns its
    /// JSON output. See [`run`](Self::run).
    ///
    /// ```no_run
    /// # async fn example(client: genmedia_runtime::client::Client, fal: &'static genmedia_runtime::Provider)
    /// # -> Result<(), genmedia_runtime::client::ClientError> {
    /// let input = serde_json::json!({"prompt": "a lighthouse at dusk"});
    /// let response = client.run_json(fal, "fal-ai/brand-new-model", &input).await?;
    /// println!("{}", response.data["images"][0]["url"]);
    /// # Ok(()) }
    /// ```
    pub async fn run_json(
        &self,
        provider: &'static Provider,
        endpoint_id: &str,
        input: &Value,
    ) -> Result<Response<Value>, ClientError> {
        let target = fal_target(provider, endpoint_id)?;
        self.call_route(target.provider, target.id, Route::FalQueue, input)
            .await
    }

    /// Submits a JSON input to the fal endpoint `endpoint_id`'s queue. See
    /// [`submit_with`](Self::submit_with).
    pub async fn submit_json(
        &self,
        provider: &'static Provider,
        endpoint_id: &str,
        input: &Value,
        options: &SubmitOptions,
    ) -> Result<JsonHandle, ClientError> {
        let target = fal_target(provider, endpoint_id)?;
        let submitted = self.queue_submit(target, input, options).await?;
        Ok(JsonHandle {
            provider,
            endpoint_id: endpoint_id.to_string(),
            request_id: submitted.request_id,
            queue_position: submitted.queue_position,
        })
    }

    /// Where a request of [`submit_json`](Self::submit_json) stands.
    pub async fn status_json(
        &self,
        handle: &JsonHandle,
        logs: bool,
    ) -> Result<QueueStatus, ClientError> {
        self.queue_status(handle.target(), &handle.request_id, logs)
            .await
    }

    /// The JSON result of a completed request of [`submit_json`](Self::submit_json).
    pub async fn result_json(&self, handle: &JsonHandle) -> Result<Response<Value>, ClientError> {
        self.queue_result(handle.target(), &handle.request_id).await
    }

    /// Asks the queue to cancel a request of [`submit_json`](Self::submit_json).
    pub async fn cancel_json(&self, handle: &JsonHandle) -> Result<(), ClientError> {
        self.queue_cancel(handle.target(), &handle.request_id).await
    }

    /// Submits a JSON input to the fal endpoint `endpoint_id` and follows the request to its
    /// JSON result. See [`subscribe_with`](Self::subscribe_with).
    pub async fn subscribe_json(
        &self,
        provider: &'static Provider,
        endpoint_id: &str,
        input: &Value,
        options: SubscribeOptions<'_>,
    ) -> Result<Response<Value>, ClientError> {
        let target = fal_target(provider, endpoint_id)?;
        self.follow_queue(target, input, options).await
    }
}
