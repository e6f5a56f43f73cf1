//! What a finished call returns: the output, the request id, and the answer as JSON (which
//! keeps the fields the schema does not know yet).

use reqwest::Url;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::answer;
use super::error::ClientError;
use super::key::ApiKey;

/// The result of `run`, `result`, `subscribe` and their `_json` forms, as fal's official
/// clients return it: the output with the id of the request that made it.
///
/// ```no_run
/// # async fn example<E: genmedia_runtime::Subscribe>(
/// #     client: genmedia_runtime::client::Client, endpoint: E, input: E::Input,
/// # ) -> Result<(), genmedia_runtime::client::ClientError> {
/// let response = client.subscribe(endpoint, &input).await?;
/// println!("request {:?}", response.request_id);
/// let output = response.data; // the endpoint's typed output
/// # let _ = output; Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The request's id: the queue's request id, fal's `x-fal-request-id` of a synchronous
    /// call, or a polled job's id; `None` when the server gave none.
    pub request_id: Option<String>,
    /// The output, typed.
    pub data: T,
    /// The answer as the server sent it, with the fields the endpoint's schema does not
    /// describe (yet): `response.json["new_field"]`.
    pub json: Value,
}

impl<T> Response<T> {
    /// The output, without the rest.
    pub fn into_data(self) -> T {
        self.data
    }
}

impl<T: DeserializeOwned> Response<T> {
    /// Decodes a successful answer's `body` (from `url`) into the output type.
    pub(crate) fn decode(
        url: &Url,
        body: &[u8],
        key: &ApiKey,
        request_id: Option<String>,
    ) -> Result<Self, ClientError> {
        let json: Value = answer::decode(url, body, key)?;
        Self::from_json(url, json, key, request_id)
    }

    /// Reads `json` (an answer from `url`) as the output type.
    pub(crate) fn from_json(
        url: &Url,
        json: Value,
        key: &ApiKey,
        request_id: Option<String>,
    ) -> Result<Self, ClientError> {
        let data = T::deserialize(&json).map_err(|source| ClientError::Decode {
            url: url.to_string(),
            source,
            excerpt: answer::excerpt(&key.scrub(&json.to_string())),
        })?;
        Ok(Response {
            request_id,
            data,
            json,
        })
    }
}
