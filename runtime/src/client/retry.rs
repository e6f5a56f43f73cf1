//! When a failed request is sent again, and after how long: the one place that decides it.
//!
//! The rule follows fal's official clients and one principle: a request that may have started
//! paid work is never sent twice.
//!
//! | failure | idempotent call (`GET`, `PUT`, `DELETE`: status, result, cancel, a fetch) | `POST` (submit, `run`, a stream, the AI/ML API's create) |
//! |---|---|---|
//! | 429, 502, 503, 504 | retried | retried: the server did not start the work |
//! | 500 | retried | not retried: the work may have started |
//! | other statuses | not retried | not retried |
//! | connection failed (refused, DNS, TLS): nothing was sent | retried | retried |
//! | failure after sending (reset, timeout, stall, body cut short) | retried | not retried |
//!
//! Delays grow exponentially from [`RetryPolicy::initial_backoff`], doubling up to
//! [`RetryPolicy::max_backoff`], with ±25 % jitter so that many clients do not retry in step; a
//! `Retry-After` header (seconds or an HTTP date) replaces the computed delay, still capped by
//! `max_backoff`.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode};

/// How failed requests are retried (see the table in the client's documentation): at most
/// `max_retries` times, after an exponential backoff from `initial_backoff` up to `max_backoff`,
/// with jitter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a request is sent again after the first attempt.
    pub max_retries: u32,
    /// The delay before the first retry (±25 %).
    pub initial_backoff: Duration,
    /// The longest delay between two attempts.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Three retries, after about 500 ms, 1 s and 2 s, never more than 10 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// No retries: the first failure is the error.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The delay before retry number `retry` (0 for the first): the server's `Retry-After` if
    /// it gave one, else the backoff with jitter; never more than `max_backoff`. Public so that
    /// other tools of the workspace (`cargo xtask import --fetch`) retry by the same rule.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let delay = retry_after.unwrap_or_else(|| {
            let computed = self
                .initial_backoff
                .saturating_mul(2u32.saturating_pow(retry))
                .min(self.max_backoff);
            computed.mul_f64(0.75 + 0.5 * unit_random())
        });
        delay.min(self.max_backoff)
    }
}

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The server answered with this status.
    Status(StatusCode),
    /// The connection could not be made: the request was certainly not sent.
    NotSent,
    /// The request was sent (or may have been), then the exchange failed: a reset, a timeout,
    /// a stall, a body cut short.
    AfterSending,
}

/// Whether a call with `method` that failed with `failure` may be sent again.
pub(crate) fn retryable(method: &Method, failure: Failure) -> bool {
    let idempotent = matches!(*method, Method::GET | Method::PUT | Method::DELETE);
    match failure {
        Failure::Status(status) => match status.as_u16() {
            429 | 502 | 503 | 504 => true,
            500 => idempotent,
            _ => false,
        },
        Failure::NotSent => true,
        Failure::AfterSending => idempotent,
    }
}

/// A `Retry-After` value: a number of seconds, or an HTTP date (a date in the past means now).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

/// A number in `[0, 1)`, different at each call: enough for jitter, without a random-number
/// crate (std's hasher is seeded randomly per instance).
fn unit_random() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_are_retried_only_when_the_work_cannot_have_started() {
        let post = Method::POST;
        for code in [429, 502, 503, 504] {
            let status = Failure::Status(StatusCode::from_u16(code).unwrap());
            assert!(retryable(&post, status), "{code}");
            assert!(retryable(&Method::GET, status), "{code}");
        }
        let internal = Failure::Status(StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!retryable(&post, internal));
        assert!(retryable(&Method::GET, internal));
        assert!(retryable(&Method::PUT, internal));
        assert!(retryable(&post, Failure::NotSent));
        assert!(!retryable(&post, Failure::AfterSending));
        assert!(retryable(&Method::GET, Failure::AfterSending));
        for code in [400, 401, 404, 422, 501] {
            let status = Failure::Status(StatusCode::from_u16(code).unwrap());
            assert!(!retryable(&Method::GET, status), "{code}");
        }
    }

    #[test]
    fn delays_double_with_jitter_and_respect_the_cap_and_retry_after() {
        let policy = RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_millis(400),
            max_backoff: Duration::from_secs(2),
        };
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..50 {
            let first = policy.delay(0, None);
            assert!(first >= Duration::from_millis(300) && first <= Duration::from_millis(500));
            let second = policy.delay(1, None);
            assert!(second >= Duration::from_millis(600) && second <= Duration::from_millis(1000));
            assert!(policy.delay(9, None) <= Duration::from_secs(2));
            seen.insert(first);
        }
        assert!(seen.len() > 1, "jitter varies the delay");
        let after = Some(Duration::from_millis(1234));
        assert_eq!(policy.delay(0, after), Duration::from_millis(1234));
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(60))),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let parsed = parse_retry_after(&soon).unwrap();
        assert!(parsed > Duration::from_secs(25) && parsed <= Duration::from_secs(30));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
