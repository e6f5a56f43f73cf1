//! One GET to fal's API, retried as the runtime's client retries an idempotent call: on 429,
//! 500, 502, 503, 504 and on transport failures (refused, reset, timed out), after the
//! runtime's backoff with jitter ([`RetryPolicy::delay`]), or after the server's `Retry-After`,
//! both capped.

use std::sync::Arc;
use std::time::Duration;

use genmedia_runtime::client::RetryPolicy;
use reqwest::header::{HeaderValue, AUTHORIZATION, RETRY_AFTER};
use reqwest::{StatusCode, Url};

/// The largest answer read: a find answer of 50 documents is a few MB; this only stops a
/// server that never ends its body from filling the memory.
const MAX_BODY: usize = 256 << 20;

/// How much of an error answer's body a reason quotes.
const EXCERPT: usize = 200;

/// The HTTP client with what every request shares.
pub struct Http {
    client: reqwest::Client,
    /// `Authorization: Key <FAL_KEY>`, marked sensitive; `None` without a key.
    authorization: Option<HeaderValue>,
    /// The key itself, only to scrub it from server text quoted in a reason.
    key: Option<String>,
    policy: RetryPolicy,
    timeout: Duration,
}

/// Why one attempt failed.
struct Failure {
    reason: String,
    retryable: bool,
    retry_after: Option<Duration>,
}

impl Http {
    /// A client whose every request (connection, headers and body) must end within `timeout`,
    /// retried `retries` times. The key comes from `FAL_KEY`, if set.
    pub fn new(timeout: Duration, retries: u32) -> Result<Http, String> {
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .user_agent(concat!("genmedia-xtask/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .build()
            .map_err(|e| format!("error: cannot set up the HTTP client: {e}"))?;
        let key = std::env::var("FAL_KEY")
            .ok()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty());
        let authorization = match &key {
            None => None,
            Some(key) => {
                let mut value = HeaderValue::from_str(&format!("Key {key}"))
                    .map_err(|_| "error: FAL_KEY holds characters an HTTP header cannot carry")?;
                value.set_sensitive(true);
                Some(value)
            }
        };
        let policy = RetryPolicy {
            max_retries: retries,
            ..RetryPolicy::default()
        };
        Ok(Http {
            client,
            authorization,
            key,
            policy,
            timeout,
        })
    }

    /// The body of a successful answer to `GET url`, or why there is none (after the retries).
    pub async fn get(self: Arc<Self>, url: Url) -> Result<Vec<u8>, String> {
        let mut retry = 0;
        loop {
            let failure = match self.attempt(&url).await {
                Ok(body) => return Ok(body),
                Err(failure) => failure,
            };
            if !failure.retryable || retry >= self.policy.max_retries {
                let attempts = retry + 1;
                let times = if attempts == 1 { "attempt" } else { "attempts" };
                return Err(format!("{} ({attempts} {times})", failure.reason));
            }
            tokio::time::sleep(self.policy.delay(retry, failure.retry_after)).await;
            retry += 1;
        }
    }

    async fn attempt(&self, url: &Url) -> Result<Vec<u8>, Failure> {
        let mut request = self.client.get(url.clone());
        if let Some(value) = &self.authorization {
            request = request.header(AUTHORIZATION, value.clone());
        }
        let mut response = request.send().await.map_err(|e| self.transport(e))?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport(e))? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(Failure {
                    reason: format!("the answer is larger than {} MiB", MAX_BODY >> 20),
                    retryable: false,
                    retry_after: None,
                });
            }
            body.extend_from_slice(&chunk);
        }
        if status.is_success() {
            return Ok(body);
        }
        Err(Failure {
            reason: format!("HTTP {status}{}", self.excerpt(&body)),
            retryable: matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504),
            retry_after: retry_after(status, response.headers().get(RETRY_AFTER)),
        })
    }

    /// A failure to exchange at all: always worth another try, since a GET changes nothing.
    /// The URL is left out of the reason: it names every id of the batch, and the reason is
    /// printed once per id.
    fn transport(&self, error: reqwest::Error) -> Failure {
        let reason = if error.is_timeout() {
            format!("timed out after {} s", self.timeout.as_secs_f64())
        } else {
            let error = error.without_url();
            let mut text = error.to_string();
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                text.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            text
        };
        Failure {
            reason,
            retryable: true,
            retry_after: None,
        }
    }

    /// `: <the start of the body>` on one line, without the key should a server echo it.
    fn excerpt(&self, body: &[u8]) -> String {
        let mut text = String::from_utf8_lossy(body).into_owned();
        if let Some(key) = &self.key {
            text = text.replace(key.as_str(), "<redacted>");
        }
        let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut short: String = line.chars().take(EXCERPT).collect();
        if short.is_empty() {
            return short;
        }
        if short.len() < line.len() {
            short.push_str("...");
        }
        format!(": {short}")
    }
}

/// The server's `Retry-After` in seconds, read on the statuses that may carry it.
fn retry_after(status: StatusCode, value: Option<&HeaderValue>) -> Option<Duration> {
    if !matches!(status.as_u16(), 429 | 503) {
        return None;
    }
    let seconds = value?.to_str().ok()?.trim().parse::<u64>().ok()?;
    Some(Duration::from_secs(seconds))
}

/// rustls with the ring provider and Mozilla's roots, as the runtime's client uses it: ring
/// builds with the C compiler alone, and the bundled roots need no system certificate store.
fn tls_config() -> Result<rustls::ClientConfig, String> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("error: cannot set up TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}
