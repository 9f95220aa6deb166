//! Client configuration: where to send, how long to wait, whether to retry.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::credential::Credential;
use super::error::Error;
use super::reflect::ServiceInfo;

/// Default time to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for a whole request, response body included.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Default bound on the pages one listing may fetch.
pub const DEFAULT_MAX_PAGES: usize = 10_000;
/// Default bound on the bytes read of one response body (8 MiB): far above any documented
/// answer, far below what would hurt a service that reads it.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 8 * 1024 * 1024;

/// The statuses an idempotent operation ([`Retry::Idempotent`](crate::reflect::Retry)) is
/// retried on, besides connection errors, when the config's [`RetryPolicy`] allows: too many
/// requests, and the gateway errors that mean the request did not reach the service.
pub const RETRY_STATUSES: &[u16] = &[429, 502, 503, 504];

#[derive(Clone, Debug)]
enum Endpoint {
    Region(String),
    Url(String),
}

/// Configuration for a service client. One `Config` can build a client for each service
/// when it names a region; a full endpoint URL points every client built from it there.
///
/// ```
/// use std::time::Duration;
/// use huaweicloud_restore::runtime::{Config, Credential, RetryPolicy};
///
/// let config = Config::new(Credential::token("my-iam-token"))
///     .with_region("ap-southeast-1")
///     .with_request_timeout(Duration::from_secs(30))
///     .with_retry(RetryPolicy::new(3));
/// let ddm = &huaweicloud_restore::ddm::SERVICE;
/// assert_eq!(config.endpoint_for(ddm).unwrap(), "https://ddm.ap-southeast-1.myhuaweicloud.com");
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) credential: Credential,
    endpoint: Option<Endpoint>,
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) user_agent: Option<String>,
    pub(crate) http_client: Option<reqwest::Client>,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_pages: usize,
    pub(crate) max_response_body: usize,
    pub(crate) clock: Clock,
}

/// Where the client reads the time to date signatures (`X-Sdk-Date`): the system clock by
/// default; tests fix it.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> SystemTime + Send + Sync>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock(Arc::new(SystemTime::now))
    }
    /// A clock that reads `f`.
    pub fn from_fn(f: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        Clock(Arc::new(f))
    }
    /// The time now.
    pub fn now(&self) -> SystemTime {
        (self.0)()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Clock")
    }
}

impl Config {
    /// A configuration with `credential` and the defaults: no endpoint yet (set a region or
    /// an endpoint), 10 s to connect, 60 s per request, no retries.
    pub fn new(credential: Credential) -> Self {
        Config {
            credential,
            endpoint: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            user_agent: None,
            http_client: None,
            retry: RetryPolicy::none(),
            max_pages: DEFAULT_MAX_PAGES,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            clock: Clock::system(),
        }
    }

    /// Read the time for signatures from `clock` instead of the system clock.
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Send to the region's public endpoint, as each service's spec gives it
    /// (`https://ddm.{region}.myhuaweicloud.com`; a few regions differ, see [`regional_endpoint`]).
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.endpoint = Some(Endpoint::Region(region.into()));
        self
    }

    /// Send to this base URL instead (a private cloud, a proxy, a local test server). A path
    /// in it is kept as a prefix. `{service}` in it stands for the service's module name, so
    /// one URL can serve every service: the mock server's `uri()` is
    /// `http://127.0.0.1:PORT/{service}`, and each client sends to its own prefix.
    #[must_use]
    pub fn with_endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(Endpoint::Url(url.into()));
        self
    }

    /// Time to open a connection (not applied to a client given with [`with_http_client`](Self::with_http_client)).
    #[must_use]
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time for a whole request, response body included (applied to every request).
    #[must_use]
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The `User-Agent` header; by default the generated crate's name and version
    /// (`huaweicloud_restore::USER_AGENT`).
    #[must_use]
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Use the caller's own HTTP client (its connection pool, proxy and TLS settings).
    #[must_use]
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Retry idempotent operations ([`Retry::Idempotent`](crate::reflect::Retry): every GET)
    /// on connection errors and on [`RETRY_STATUSES`]. Restores are POSTs
    /// ([`Retry::Never`](crate::reflect::Retry)) and are never retried, whatever this says.
    #[must_use]
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The most pages one streamed listing fetches before it gives up with an error, so a
    /// server that never ends a listing cannot loop a caller forever.
    #[must_use]
    pub fn with_max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// The most bytes read of one response body ([`DEFAULT_MAX_RESPONSE_BODY`] by default). A
    /// success body over it is an [`Error::InvalidResponse`]; an error body over it is cut there,
    /// and the [`ApiError`](super::ApiError) says so (`body_truncated`). Nothing more of the
    /// body is read, so a server cannot make the client hold more than this.
    #[must_use]
    pub fn with_max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// The base URL a client for `service` sends to.
    pub fn endpoint_for(&self, service: &ServiceInfo) -> Result<String, Error> {
        match &self.endpoint {
            None => Err(Error::Config("no endpoint: call `with_region` or `with_endpoint`".into())),
            Some(Endpoint::Region(r)) => regional_endpoint(service, r),
            Some(Endpoint::Url(u)) => {
                let u = &u.replace("{service}", service.name);
                let url = reqwest::Url::parse(u)
                    .map_err(|e| Error::Config(format!("endpoint `{u}` is not a URL: {e}")))?;
                if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                    return Err(Error::Config(format!(
                        "endpoint `{u}` must be an http or https URL with a host"
                    )));
                }
                if url.query().is_some() || url.fragment().is_some() {
                    return Err(Error::Config(format!(
                        "endpoint `{u}` must not have a query or fragment"
                    )));
                }
                Ok(u.trim_end_matches('/').to_string())
            }
        }
    }
}

/// The public endpoint of `service` in `region`: the spec's template with the region filled in
/// (`https://ddm.{region}.myhuaweicloud.com`), except where the spec lists the region as served
/// elsewhere (DDM and RDS in `eu-west-101` are on `.myhuaweicloud.eu`; CBR stays on `.com`).
///
/// ```
/// use huaweicloud_restore::runtime::config::regional_endpoint;
/// use huaweicloud_restore::{cbr, ddm, rds};
/// assert_eq!(regional_endpoint(&rds::SERVICE, "eu-west-101").unwrap(), "https://rds.eu-west-101.myhuaweicloud.eu");
/// assert_eq!(regional_endpoint(&cbr::SERVICE, "eu-west-101").unwrap(), "https://cbr.eu-west-101.myhuaweicloud.com");
/// assert!(regional_endpoint(&ddm::SERVICE, "ap southeast").is_err());
/// ```
pub fn regional_endpoint(service: &ServiceInfo, region: &str) -> Result<String, Error> {
    let valid = !region.is_empty()
        && region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return Err(Error::Config(format!(
            "`{region}` is not a region id (such as ap-southeast-1)"
        )));
    }
    if let Some((_, url)) = service.region_endpoints.iter().find(|(r, _)| *r == region) {
        return Ok((*url).to_string());
    }
    Ok(service.endpoint.replace("{region}", region))
}

/// When and how to retry idempotent requests. Off by default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0: never retry).
    pub max_retries: u32,
    /// The first backoff; each retry doubles it, with full jitter.
    pub base_delay: Duration,
    /// The longest wait between attempts, `Retry-After` included.
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// Never retry (the default, as in Huawei's own SDKs).
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(60),
        }
    }

    /// Up to `max_retries` retries, backing off from 10 ms up to 60 s (the official SDKs'
    /// numbers), with jitter.
    pub fn new(max_retries: u32) -> Self {
        RetryPolicy { max_retries, ..RetryPolicy::none() }
    }

    /// Set the first backoff.
    #[must_use]
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Set the longest wait.
    #[must_use]
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The wait before retry number `retry` (0-based): the server's `Retry-After` when it gave
    /// one, otherwise a random time up to `base * 2^retry`; never more than `max_delay`.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(d) = retry_after {
            return d.min(self.max_delay);
        }
        let ceiling = self
            .base_delay
            .saturating_mul(1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX))
            .min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::new(5)
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_secs(1));
        for retry in 0..40 {
            let d = p.delay(retry, None);
            let ceiling = Duration::from_millis(100)
                .saturating_mul(1 << retry.min(20))
                .min(Duration::from_secs(1));
            assert!(d <= ceiling, "retry {retry}: {d:?} > {ceiling:?}");
        }
        assert_eq!(p.delay(0, Some(Duration::from_secs(30))), Duration::from_secs(1));
        assert_eq!(p.delay(0, Some(Duration::from_millis(200))), Duration::from_millis(200));
    }

    /// A service as a spec describes one (the generated ones are tested in tests/).
    static SVC: ServiceInfo = ServiceInfo {
        name: "svc",
        spec_file: "spec/svc.yaml",
        endpoint: "https://svc.{region}.example.com",
        region_endpoints: &[("far-1", "https://svc.far-1.example.eu")],
        token_header: "X-Auth-Token",
        ..ServiceInfo::BLANK
    };

    #[test]
    fn endpoints() {
        let c = Config::new(Credential::token("t"));
        assert!(c.endpoint_for(&SVC).unwrap_err().to_string().contains("no endpoint"));
        let c = c.with_endpoint("http://127.0.0.1:8080/prefix/");
        assert_eq!(c.endpoint_for(&SVC).unwrap(), "http://127.0.0.1:8080/prefix");
        let c =
            Config::new(Credential::token("t")).with_endpoint("http://127.0.0.1:8080/{service}");
        assert_eq!(c.endpoint_for(&SVC).unwrap(), "http://127.0.0.1:8080/svc");
        for bad in ["not a url", "ftp://x", "http://h/?q=1", "unix:/tmp/s"] {
            assert!(
                Config::new(Credential::token("t")).with_endpoint(bad).endpoint_for(&SVC).is_err(),
                "{bad}"
            );
        }
        let c = Config::new(Credential::token("t")).with_region("far-1");
        assert_eq!(c.endpoint_for(&SVC).unwrap(), "https://svc.far-1.example.eu");
        let c = Config::new(Credential::token("t")).with_region("near-2");
        assert_eq!(c.endpoint_for(&SVC).unwrap(), "https://svc.near-2.example.com");
    }
}
