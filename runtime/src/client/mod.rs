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
//! Keys come from the provider's environment variable (`FAL_KEY`, `AIMLAPI_KEY`), read when a
//! request is made, or from [`ClientBuilder::key`]. They never appear in `Debug` output or in
//! errors.

mod direct;
mod error;
mod key;
mod queue;
mod stream;
mod subscribe;
mod transport;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, Url};

pub use error::{ClientError, FieldError, LocPart};
/// The trait of the client's streams (`futures-core`'s, which `futures` and `tokio-stream` extend).
pub use futures_core::Stream;
pub use key::ApiKey;
pub use queue::{queue_app_id, LogEntry, QueueState, QueueStatus, RequestHandle};
pub use stream::{EventStream, StatusStream, StreamEvent, StreamOptions};
pub use subscribe::{SubscribeOptions, Update};
pub use transport::RetryPolicy;

use crate::endpoint::{Endpoint, Provider};
use transport::{Call, Transport};

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

    /// How 429 and 5xx answers are retried (default: [`RetryPolicy::default`]).
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

    /// Makes the client.
    pub fn build(self) -> Result<Client, ClientError> {
        let mut http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .user_agent(concat!("genmedia-runtime/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(self.connect_timeout);
        if let Some(timeout) = self.request_timeout {
            http = http.timeout(timeout);
        }
        let http = http.build().map_err(|e| ClientError::Setup(Box::new(e)))?;
        for (_, url) in self.base_urls.iter().chain(&self.sync_base_urls) {
            parse_base(url)?;
        }
        Ok(Client {
            inner: Arc::new(Inner {
                transport: Transport {
                    http,
                    retry: self.retry,
                },
                keys: self.keys,
                base_urls: self.base_urls,
                sync_base_urls: self.sync_base_urls,
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
    fn url(
        &self,
        _provider: &'static Provider,
        base: &str,
        segments: &[&str],
    ) -> Result<Url, ClientError> {
        let mut url = parse_base(base)?;
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty();
            for segment in segments {
                path.extend(segment.split('/').filter(|s| !s.is_empty()));
            }
        }
        Ok(url)
    }

    fn call<'a>(
        &self,
        method: Method,
        url: Url,
        provider: &'static Provider,
        key: &'a ApiKey,
        body: Option<Vec<u8>>,
    ) -> Call<'a> {
        Call {
            method,
            url,
            provider,
            key,
            body,
            accept: None,
            stream_idle: None,
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
