//! An async client for the generated endpoints (feature `client`): fal's queue (submit, status
//! with logs, result, cancel, and `subscribe`, which follows a request to its typed result), the
//! synchronous `fal.run` call, and the AI/ML API's HTTP endpoints (a call, and `subscribe` for
//! endpoints whose schema says how to poll them).
//!
//! Every method is generic over the generated marker types, so the input and output types follow
//! from the endpoint, and a call that an endpoint does not support is a compile error:
//! `submit`, `status`, `result` and `cancel` need a [`QueueEndpoint`](crate::QueueEndpoint),
//! `subscribe` a [`Subscribe`](crate::Subscribe) endpoint, `stream` (partial results as
//! server-sent events) a [`StreamingEndpoint`](crate::StreamingEndpoint). Inputs are validated
//! before anything is sent.
//!
//! Streams are [`Stream`]s: [`Client::stream`] yields an endpoint's partial
//! results and then its final output ([`EventStream`]), [`Client::status_stream`] a queued
//! request's status updates with their log lines ([`StatusStream`]), which `subscribe` can
//! follow instead of polling ([`SubscribeOptions::status_stream`]).
//!
//! Keys come from the provider's environment variable (`FAL_KEY`, or `FAL_KEY_ID` and
//! `FAL_KEY_SECRET`; `AIMLAPI_KEY`), read when a request is made, or from
//! [`ClientBuilder::key`]. They never appear in `Debug` output or in errors: text from a server
//! is scrubbed of the key in every form it may echo it (JSON-escaped, percent-encoded, cut by
//! line breaks), and redirects are followed only within an origin, so that the key is never
//! sent to another server.
//!
//! Every answer is bounded: its size ([`ClientBuilder::max_answer_size`], also the limit of one
//! event of a stream), the wait for its next bytes ([`ClientBuilder::idle_timeout`]) and the
//! time to read it whole ([`ClientBuilder::body_timeout`]). Failed requests are retried as the
//! official clients retry them, never in a way that could start paid work twice: see
//! [`RetryPolicy`] and the table in the README.
//!
//! Local files go to fal's storage with [`Client::upload`] and [`Client::upload_file`], which
//! return the URL to pass to an input's URL field. Endpoints that have no generated type yet
//! are called by id with JSON: [`Client::run_json`], [`Client::submit_json`],
//! [`Client::subscribe_json`], [`Client::stream_json`].

mod answer;
mod direct;
mod error;
mod json;
mod key;
mod queue;
mod response;
mod retry;
mod stream;
mod subscribe;
mod transport;
mod upload;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

pub use error::{ClientError, FieldError, LocPart};
/// The trait of the client's streams (`futures-core`'s, which `futures` and `tokio-stream` extend).
pub use futures_core::Stream;
pub use json::JsonHandle;
pub use key::ApiKey;
pub use queue::{
    queue_app_id, LogEntry, Metrics, Priority, QueueState, QueueStatus, RequestHandle,
    SubmitOptions,
};
pub use response::Response;
pub use retry::RetryPolicy;
pub use stream::{EventStream, JsonEvent, JsonStream, StatusStream, StreamEvent, StreamOptions};
pub use subscribe::{SubscribeOptions, Update};

use crate::endpoint::{Endpoint, Provider};
use answer::Limits;
use transport::Transport;
use upload::UploadConfig;

/// The client. Cheap to clone (the connection pool is shared); make one and reuse it.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    transport: Transport,
    /// Keys given to the builder, by provider name.
    keys: Vec<(&'static str, ApiKey)>,
    /// Base URLs given to the builder, by provider name.
    base_urls: Vec<(&'static str, String)>,
    /// Synchronous base URLs given to the builder, by provider name.
    sync_base_urls: Vec<(&'static str, String)>,
    /// Where and how files are uploaded.
    upload: UploadConfig,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field(
                "keys",
                &self.inner.keys.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            )
            .field("base_urls", &self.inner.base_urls)
            .field("sync_base_urls", &self.inner.sync_base_urls)
            .field("retry", &self.inner.transport.retry)
            .field("limits", &self.inner.transport.limits)
            .field("upload", &self.inner.upload)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    keys: Vec<(&'static str, ApiKey)>,
    base_urls: Vec<(&'static str, String)>,
    sync_base_urls: Vec<(&'static str, String)>,
    retry: RetryPolicy,
    connect_timeout: Duration,
    request_timeout: Option<Duration>,
    limits: Limits,
    upload: UploadConfig,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            keys: Vec::new(),
            base_urls: Vec::new(),
            sync_base_urls: Vec::new(),
            retry: RetryPolicy::default(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Some(Duration::from_secs(300)),
            limits: Limits::default(),
            upload: UploadConfig::default(),
        }
    }
}

impl ClientBuilder {
    /// Uses `key` for `provider` instead of its environment variable.
    pub fn key(mut self, provider: &'static Provider, key: impl Into<String>) -> Self {
        self.keys.retain(|(name, _)| *name != provider.name);
        self.keys.push((provider.name, ApiKey::new(key)));
        self
    }

    /// Sends `provider`'s requests to `url` instead of its base URL (a proxy, a test server).
    pub fn base_url(mut self, provider: &'static Provider, url: impl Into<String>) -> Self {
        self.base_urls.retain(|(name, _)| *name != provider.name);
        self.base_urls.push((provider.name, url.into()));
        self
    }

    /// Sends `provider`'s synchronous and streaming calls to `url` instead of its
    /// `sync_base_url`.
    pub fn sync_base_url(mut self, provider: &'static Provider, url: impl Into<String>) -> Self {
        self.sync_base_urls
            .retain(|(name, _)| *name != provider.name);
        self.sync_base_urls.push((provider.name, url.into()));
        self
    }

    /// How failed requests are retried (default: [`RetryPolicy::default`]; which failures are
    /// retried is fixed, see [`RetryPolicy`]).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// How long to wait for a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one HTTP request may take in all (default 300 s; `None`: no limit). A
    /// synchronous `run` of a slow model needs a long one; `subscribe` makes short requests.
    pub fn request_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The largest answer read into memory, and the largest single event of a stream (default
    /// 64 MiB: fal's answers are JSON with URLs, but `sync_mode` inputs return files inline).
    /// A larger answer is [`ClientError::TooLarge`], detected while reading, before it is all
    /// in memory.
    pub fn max_answer_size(mut self, bytes: usize) -> Self {
        self.limits.max_answer = bytes;
        self
    }

    /// The longest wait for the next bytes of an answer, and for the answer to a call that
    /// answers at once: fal's queue (submit, status, result, cancel) and uploads, not a direct
    /// call to an endpoint (`run`, the AI/ML API's calls), whose server may hold the answer
    /// until the work is done (default 30 s). Reached, it is [`ClientError::Stalled`]. Streams
    /// have their own ([`StreamOptions::idle_timeout`]).
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.limits.idle = idle;
        self
    }

    /// The longest time to read an answer's body once its headers have arrived (default 60 s),
    /// against a server that drips bytes just often enough to defeat the idle timeout. Reached,
    /// it is [`ClientError::SlowAnswer`].
    pub fn body_timeout(mut self, limit: Duration) -> Self {
        self.limits.body = limit;
        self
    }

    /// Sends uploads to `url` instead of fal's storage API (`https://rest.alpha.fal.ai`).
    pub fn storage_url(mut self, url: impl Into<String>) -> Self {
        self.upload.base_url = url.into();
        self
    }

    /// Uploads larger than `threshold` bytes go in parts of `part_size` bytes (defaults: 90 MiB
    /// and 10 MiB, as fal's official clients do).
    pub fn multipart_upload(mut self, threshold: u64, part_size: usize) -> Self {
        self.upload.threshold = threshold;
        self.upload.part_size = part_size.max(1);
        self
    }

    /// Makes the client.
    pub fn build(self) -> Result<Client, ClientError> {
        let mut http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .user_agent(concat!("genmedia-runtime/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::custom(|attempt| {
                let same = attempt
                    .previous()
                    .first()
                    .is_some_and(|first| transport::same_origin(first, attempt.url()));
                if same && attempt.previous().len() < 10 {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            }));
        if let Some(timeout) = self.request_timeout {
            http = http.timeout(timeout);
        }
        let http = http.build().map_err(|e| ClientError::Setup(Box::new(e)))?;
        for (_, url) in self.base_urls.iter().chain(&self.sync_base_urls) {
            parse_base(url)?;
        }
        parse_base(&self.upload.base_url)?;
        Ok(Client {
            inner: Arc::new(Inner {
                transport: Transport {
                    http,
                    retry: self.retry,
                    limits: self.limits,
                },
                keys: self.keys,
                base_urls: self.base_urls,
                sync_base_urls: self.sync_base_urls,
                upload: self.upload,
            }),
        })
    }
}

/// rustls with the ring provider and Mozilla's roots (bundled, so no system certificate store
/// or extra tool is needed), HTTP/1.1.
fn tls_config() -> Result<rustls::ClientConfig, ClientError> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ClientError::Setup(Box::new(e)))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

fn parse_base(url: &str) -> Result<Url, ClientError> {
    let parsed = Url::parse(url).map_err(|e| ClientError::InvalidUrl {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    if parsed.cannot_be_a_base() || !matches!(parsed.scheme(), "http" | "https") {
        return Err(ClientError::InvalidUrl {
            url: url.to_string(),
            reason: "a base URL must be an http or https URL".to_string(),
        });
    }
    Ok(parsed)
}

impl Client {
    /// A client with the default settings; keys come from the environment.
    pub fn new() -> Result<Client, ClientError> {
        ClientBuilder::default().build()
    }

    /// Configures a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The key for `provider`: the one given to the builder, else its environment variable.
    fn key(&self, provider: &'static Provider) -> Result<ApiKey, ClientError> {
        self.inner
            .keys
            .iter()
            .find(|(name, _)| *name == provider.name)
            .map(|(_, key)| key.clone())
            .or_else(|| ApiKey::from_env(provider.auth.env))
            .ok_or(ClientError::MissingKey {
                provider: provider.title,
                env: provider.auth.env,
            })
    }

    fn base_url(&self, provider: &'static Provider) -> &str {
        lookup(&self.inner.base_urls, provider).unwrap_or(provider.base_url)
    }

    fn sync_base_url(&self, provider: &'static Provider) -> Option<&str> {
        lookup(&self.inner.sync_base_urls, provider).or(provider.sync_base_url)
    }

    /// `base` with `segments` appended, each split at `/` and percent-encoded.
    fn url(&self, base: &str, segments: &[&str]) -> Result<Url, ClientError> {
        let mut url = parse_base(base)?;
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty();
            for segment in segments {
                path.extend(segment.split('/').filter(|s| !s.is_empty()));
            }
        }
        Ok(url)
    }
}

/// An endpoint as the protocol addresses it: its provider and id (a generated marker's, or any
/// id for the `_json` calls).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Target<'a> {
    pub provider: &'static Provider,
    pub id: &'a str,
}

impl Target<'static> {
    /// The target of endpoint `E`.
    pub fn of<E: Endpoint>() -> Self {
        Target {
            provider: E::PROVIDER,
            id: E::ID,
        }
    }
}

/// What every call does before it sends anything: validate the input, then encode it as JSON.
fn checked_json<E: Endpoint>(input: &E::Input) -> Result<serde_json::Value, ClientError> {
    crate::validate::Validate::validate(input)?;
    encode::<E, _>(input)
}

/// `value` (an input or an output of endpoint `E`) as JSON.
fn encode<E: Endpoint, T: serde::Serialize>(value: &T) -> Result<serde_json::Value, ClientError> {
    serde_json::to_value(value).map_err(|source| ClientError::Encode {
        endpoint: E::ID,
        source,
    })
}

fn lookup<'a>(urls: &'a [(&'static str, String)], provider: &Provider) -> Option<&'a str> {
    urls.iter()
        .find(|(name, _)| *name == provider.name)
        .map(|(_, url)| url.as_str())
}
