//! The endpoint trait: one marker type per endpoint carries its id, provider, route and types.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::validate::Validate;

/// How a provider's requests are addressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Routing {
    /// fal's queue: submit to `<base_url>/<endpoint id>`; status, result and cancel live under
    /// the owner/alias part of the id.
    FalQueue,
    /// Plain HTTP: each endpoint has its own method and path.
    Http,
}

/// How a provider authenticates requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Auth {
    /// The header that carries the key (`Authorization`).
    pub header: &'static str,
    /// The word before the key in that header (`Key`, `Bearer`).
    pub scheme: &'static str,
    /// The environment variable that holds the key by convention (`FAL_KEY`).
    pub env: &'static str,
}

/// An API provider, as described in `schemas/providers.yaml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Provider {
    /// The provider's key (`fal`, `aimlapi`).
    pub name: &'static str,
    /// A human-readable name.
    pub title: &'static str,
    /// How requests are addressed.
    pub routing: Routing,
    /// The base URL of requests (fal: the queue).
    pub base_url: &'static str,
    /// The base URL of synchronous and streaming calls, where the provider has one.
    pub sync_base_url: Option<&'static str>,
    /// How requests authenticate.
    pub auth: Auth,
    /// The provider's protocol documentation.
    pub docs_url: Option<&'static str>,
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl HttpMethod {
    /// The method as written in a request line.
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// Where an endpoint's input travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputLocation {
    /// As the JSON body.
    Body,
    /// As query-string parameters.
    Query,
}

/// How one endpoint is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// Through fal's queue; every URL derives from the endpoint id.
    FalQueue,
    /// A plain HTTP call.
    Http {
        /// The method.
        method: HttpMethod,
        /// The path, relative to the provider's base URL.
        path: &'static str,
        /// Where the input goes.
        input_in: InputLocation,
    },
}

/// One endpoint of a provider. Each generated endpoint module has a unit struct implementing
/// it, so that a client can be generic over endpoints: `client.subscribe(Ray2ImageToVideo, input)`.
pub trait Endpoint: Copy + Default + Send + Sync + 'static {
    /// The endpoint id (`fal-ai/luma-dream-machine/ray-2/image-to-video`).
    const ID: &'static str;
    /// The documentation page's title.
    const TITLE: &'static str;
    /// fal's category (`image-to-video`).
    const CATEGORY: &'static str;
    /// The provider that serves the endpoint.
    const PROVIDER: &'static Provider;
    /// How the endpoint is called.
    const ROUTE: Route;
    /// Whether the endpoint answers with server-sent events (see [`StreamingEndpoint`]).
    const STREAMING: bool;
    /// The request body (or query), validated before it is sent.
    type Input: Serialize
        + DeserializeOwned
        + Validate
        + Clone
        + std::fmt::Debug
        + Send
        + Sync
        + 'static;
    /// The result.
    type Output: Serialize + DeserializeOwned + Clone + std::fmt::Debug + Send + Sync + 'static;
}

/// An endpoint that can stream partial results as server-sent events
/// (`POST <sync base>/<id>/stream`; each event is a JSON partial result, the last one the final
/// output). Only streaming endpoints
/// implement it, so asking a client to stream any other endpoint is a compile error; its
/// constant [`Endpoint::STREAMING`] is `true`.
pub trait StreamingEndpoint: Endpoint {
    /// The type of each event: the endpoint's output type, as schemas declare no other. A
    /// partial result may lack fields the final output has, so a client decodes events into it
    /// leniently (keeping the raw JSON when an event does not have its shape) and only the last
    /// event strictly, as the output.
    type Event: DeserializeOwned + Clone + std::fmt::Debug + Send + Sync + 'static;
}

/// An endpoint served through fal's queue: a client can `submit` a request to it and follow the
/// request with `status`, `result` and `cancel`. Generated for every endpoint whose route is
/// [`Route::FalQueue`], so asking for a queue request of any other endpoint is a compile error.
pub trait QueueEndpoint: Endpoint {}

/// How a client's `subscribe` follows a request to its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Follow {
    /// Submit to fal's queue, poll the request's status, then fetch the result.
    FalQueue,
    /// Call the endpoint once, then call another endpoint until the job is done.
    Poll(Poll),
}

/// A job followed by calling a second endpoint (the AI/ML API's fetch), as the schema's `poll:`
/// block declares it. The generator has checked every name and value here against the two
/// endpoints' types, and that the poll endpoint's output has the same type as the first
/// endpoint's, so a client can read it as JSON without knowing the types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Poll {
    /// The id of the endpoint that reports the job's progress.
    pub endpoint: &'static str,
    /// How that endpoint is called.
    pub route: Route,
    /// The output field (a string) that identifies the job.
    pub id: &'static str,
    /// The poll endpoint's input field that receives the job's id.
    pub id_input: &'static str,
    /// The poll endpoint's other input fields, fixed, as a JSON object.
    pub input: &'static str,
    /// The output field (an enum) that tells where the job stands.
    pub state: &'static str,
    /// The states in which the job is done and the output is the result.
    pub done: &'static [&'static str],
    /// The states in which the job has failed.
    pub failed: &'static [&'static str],
    /// The output field (a string) that says why the job failed, if there is one.
    pub reason: Option<&'static str>,
}

/// An endpoint whose requests a client can follow to their result with `subscribe`: every
/// queue endpoint, and every endpoint whose schema declares how to poll it. Any other endpoint
/// does not implement it, so subscribing to it is a compile error.
pub trait Subscribe: Endpoint {
    /// How `subscribe` follows a request.
    const FOLLOW: Follow;
}
