//! One call, answered directly: fal's synchronous `fal.run`, or an HTTP endpoint's own method
//! and path (the AI/ML API).

use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ClientError;
use super::response::Response;
use super::transport::Call;
use super::Client;
use crate::endpoint::{Endpoint, HttpMethod, InputLocation, Provider, Route};

impl Client {
    /// Validates `input`, calls the endpoint once and returns its output: for a queue endpoint,
    /// fal's synchronous call (`POST <sync base>/<endpoint id>`, which holds the connection until
    /// the result is ready: see [`ClientBuilder::request_timeout`](super::ClientBuilder::request_timeout));
    /// for an HTTP endpoint, its method and path, with the input as the JSON body or the query.
    /// The answer carries fal's request id (`x-fal-request-id`) when it has one.
    pub async fn run<E: Endpoint>(
        &self,
        _endpoint: E,
        input: &E::Input,
    ) -> Result<Response<E::Output>, ClientError> {
        let json = super::checked_json::<E>(input)?;
        self.call_route(E::PROVIDER, E::ID, E::ROUTE, &json).await
    }

    /// Calls `route` with `input` (already validated) and decodes the answer.
    pub(crate) async fn call_route<T: DeserializeOwned>(
        &self,
        provider: &'static Provider,
        endpoint_id: &str,
        route: Route,
        input: &Value,
    ) -> Result<Response<T>, ClientError> {
        let (method, url, body) = match route {
            Route::FalQueue => {
                let base =
                    self.sync_base_url(provider)
                        .ok_or_else(|| ClientError::Unsupported {
                            endpoint: endpoint_id.to_string(),
                            reason: "its provider has no synchronous base URL",
                        })?;
                let url = self.url(base, &[endpoint_id])?;
                (Method::POST, url, Some(input))
            }
            Route::Http {
                method,
                path,
                input_in,
            } => {
                let mut url = self.url(self.base_url(provider), &[path])?;
                let body = match input_in {
                    InputLocation::Body => Some(input),
                    InputLocation::Query => {
                        append_query(&mut url, input);
                        None
                    }
                };
                (http_method(method), url, body)
            }
        };
        let key = self.key(provider)?;
        let mut call = Call::new(method, url, provider, &key);
        if let Some(body) = body {
            call = call.json(body);
        }
        // The endpoint's own server may hold the answer: fal's synchronous call until the model
        // is done, the AI/ML API's fetch until the generation reaches the state asked for (up
        // to 30 s). The request timeout bounds that wait, not the idle timeout.
        call.waits = true;
        let answer = self.inner.transport.send(&call).await?;
        Response::decode(&call.url, &answer.body, &key, answer.request_id())
    }
}

fn http_method(method: HttpMethod) -> Method {
    match method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Delete => Method::DELETE,
    }
}

/// Adds an input's fields to the query: a list is sent as its elements separated by commas (the
/// AI/ML API's page asks for `generation_ids=a,b`), `null` is left out, an object is sent as
/// JSON text.
fn append_query(url: &mut Url, input: &Value) {
    let Value::Object(fields) = input else {
        return;
    };
    let mut pairs = Vec::new();
    for (name, value) in fields {
        match value {
            Value::Array(items) => {
                let items: Vec<String> = items.iter().filter_map(query_text).collect();
                pairs.push((name, items.join(",")));
            }
            other => pairs.extend(query_text(other).map(|t| (name, t))),
        }
    }
    if !pairs.is_empty() {
        url.query_pairs_mut().extend_pairs(pairs);
    }
}

fn query_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::append_query;

    #[test]
    fn lists_are_comma_separated_and_nulls_are_left_out() {
        let mut url = reqwest::Url::parse("http://localhost/v2/x").unwrap();
        let input = serde_json::json!({
            "generation_ids": ["a", "b c"],
            "state": "completed",
            "limit": 3,
            "skip": null
        });
        append_query(&mut url, &input);
        assert_eq!(
            url.query(),
            Some("generation_ids=a%2Cb+c&state=completed&limit=3")
        );
    }
}
