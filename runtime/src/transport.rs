//! The transport: turns an operation call into an HTTP exchange.
//!
//! Generated client methods validate their inputs, then hand the transport a [`Call`]: the
//! operation's metadata, its path values, query pairs and JSON body. The transport builds the
//! URL (each path value percent-encoded as one segment, the query in canonical order), sets the
//! headers, applies the credential, sends, retries what may be retried, and reads the answer.

use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use serde::de::DeserializeOwned;

use super::config::{Clock, Config, RetryPolicy, RETRY_STATUSES};
use super::credential::Ready;
use super::error::{parse_error_body, ApiError, Error, InvalidResponse};
use super::reflect::{OperationInfo, Retry, Segment, ServiceInfo};
use super::wire::{JsonBody, JsonKind};

/// Everything but the unreserved characters `A-Z a-z 0-9 - _ . ~` is percent-encoded, with
/// uppercase hex: the encoding Huawei's API gateway signs, used for path segments and query.
pub const ENCODE_SET: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// The `Content-Type` of a request body.
pub const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";

/// Percent-encode one path segment or query key or value.
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, ENCODE_SET).to_string()
}

/// The parameters of a query string as sent: split on `&` and `=`, `+` read as a space, and
/// percent-decoded (as Huawei's signer and gateway read them).
pub fn decode_query(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
    };
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// The canonical query string: pairs sorted by their decoded key, then decoded value (byte
/// order of the UTF-8 text, which is code point order, as Python's `params.sort()` in Huawei's
/// official signer), then each encoded; `k=v` joined with `&`. Sorting the encoded text would
/// give another order (`:` sorts after `0`, but `%3A` before it). What is sent is exactly this
/// string, so a signature over it matches what arrives.
pub fn canonical_query(pairs: &[(&str, String)]) -> String {
    join_sorted(pairs.iter().map(|(k, v)| (*k, v.as_str())).collect())
}

/// Sort decoded `(key, value)` pairs by key, then value, and join them encoded as `k=v` with `&`.
pub(crate) fn join_sorted(mut pairs: Vec<(&str, &str)>) -> String {
    pairs.sort_unstable();
    let mut out = String::new();
    for (i, (k, v)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(utf8_percent_encode(k, ENCODE_SET));
        out.push('=');
        out.extend(utf8_percent_encode(v, ENCODE_SET));
    }
    out
}

/// One call of an operation, as the generated method hands it over.
#[derive(Debug)]
pub struct Call {
    /// The operation.
    pub operation: &'static OperationInfo,
    /// The URL path, built by the generated method from the template's segments, each path
    /// value percent-encoded as one segment.
    pub path: String,
    /// The query parameters that are set.
    pub query: Vec<(&'static str, String)>,
    /// The header parameters that are set (not the credential's).
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body.
    pub body: Option<Vec<u8>>,
}

impl Call {
    /// A call of `operation` to `path` (already filled and encoded), without query, headers or
    /// body.
    pub fn new(operation: &'static OperationInfo, path: String) -> Self {
        Call { operation, path, query: Vec::new(), headers: Vec::new(), body: None }
    }

    /// A call of `operation` to its path template with each `{name}` filled, in the
    /// template's order, by the next of `values`, percent-encoded as one segment; fails with
    /// [`Error::Config`] when the template takes another number of values.
    ///
    /// ```
    /// use huaweicloud_restore::runtime::for_generated::Call;
    /// let call = Call::of(&huaweicloud_restore::cbr::SHOW_BACKUP, &["p", "a/b"])?;
    /// assert_eq!(call.path, "/v3/p/backups/a%2Fb");
    /// # Ok::<(), huaweicloud_restore::runtime::Error>(())
    /// ```
    pub fn of(operation: &'static OperationInfo, values: &[&str]) -> Result<Self, Error> {
        let mut path = String::with_capacity(
            operation.path_template.len() + values.iter().map(|v| v.len()).sum::<usize>(),
        );
        let mut values = values.iter();
        for segment in operation.segments {
            path.push('/');
            match segment {
                Segment::Literal(text) => path.push_str(text),
                Segment::Param(_) => path.extend(utf8_percent_encode(
                    values.next().ok_or_else(|| Call::unfilled(operation))?,
                    ENCODE_SET,
                )),
            }
        }
        if values.next().is_some() {
            return Err(Call::unfilled(operation));
        }
        Ok(Call::new(operation, path))
    }

    fn unfilled(operation: &OperationInfo) -> Error {
        Error::Config(format!(
            "{}: the path template `{}` takes another number of values",
            operation.id, operation.path_template
        ))
    }

    /// With these query parameters.
    #[must_use]
    pub fn with_query(mut self, query: Vec<(&'static str, String)>) -> Self {
        self.query = query;
        self
    }

    /// With these header parameters.
    #[must_use]
    pub fn with_headers(mut self, headers: Vec<(&'static str, String)>) -> Self {
        self.headers = headers;
        self
    }

    /// With `body` as its JSON body; fails with [`Error::Serialize`] when it does not serialise.
    pub fn with_json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|source| Error::Serialize { operation: self.operation.id, source })?;
        self.body = Some(bytes);
        Ok(self)
    }
}

/// A response as received, before its body is typed.
#[derive(Debug)]
pub struct RawResponse {
    operation: &'static str,
    status: u16,
    headers: HeaderMap,
    request_id: Option<String>,
    body: Vec<u8>,
    truncated: bool,
}

/// A typed successful response, with its status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    request_id: Option<String>,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }
    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// The `X-Request-Id` header: what Huawei Cloud support asks for.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// The typed body.
    pub fn body(&self) -> &T {
        &self.body
    }
    /// The typed body, owned.
    pub fn into_body(self) -> T {
        self.body
    }
}

impl RawResponse {
    fn invalid(self, reason: String) -> Error {
        Error::InvalidResponse(Box::new(InvalidResponse {
            operation: self.operation,
            status: self.status,
            reason,
            request_id: self.request_id,
            headers: self.headers,
            body: String::from_utf8_lossy(&self.body).into_owned(),
            body_truncated: self.truncated,
        }))
    }

    /// The body parsed as the documented JSON type; an empty or unparsable body, or one of
    /// another JSON type than `T`'s ([`JsonBody::KIND`]: `[]` where an object is documented,
    /// which serde alone would read as an empty struct), is an [`Error::InvalidResponse`] that
    /// keeps the raw body.
    pub fn json<T: DeserializeOwned + JsonBody>(self) -> Result<Response<T>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(self.invalid("empty body where a JSON body is documented".into()));
        }
        if let Some(reason) = JsonKind::mismatch::<T>(&self.body) {
            return Err(self.invalid(reason));
        }
        match serde_json::from_slice::<T>(&self.body) {
            Ok(body) => Ok(Response {
                status: self.status,
                headers: self.headers,
                request_id: self.request_id,
                body,
            }),
            Err(e) => {
                let reason = format!("the body does not parse as the documented type: {e}");
                Err(self.invalid(reason))
            }
        }
    }

    /// The body parsed as the documented JSON type, or `None` for a status in `bodiless`, which
    /// the page documents without a body (any body it has is ignored); otherwise as [`Self::json`].
    pub fn json_unless<T: DeserializeOwned + JsonBody>(
        self,
        bodiless: &[u16],
    ) -> Result<Response<Option<T>>, Error> {
        if bodiless.contains(&self.status) {
            return Ok(Response {
                status: self.status,
                headers: self.headers,
                request_id: self.request_id,
                body: None,
            });
        }
        let r = self.json::<T>()?;
        Ok(Response {
            status: r.status,
            headers: r.headers,
            request_id: r.request_id,
            body: Some(r.body),
        })
    }

    /// The body as plain text, as documented (`text/plain`); a body that is not UTF-8 is an
    /// [`Error::InvalidResponse`].
    pub fn text(self) -> Result<Response<String>, Error> {
        match String::from_utf8(self.body.clone()) {
            Ok(body) => Ok(Response {
                status: self.status,
                headers: self.headers,
                request_id: self.request_id,
                body,
            }),
            Err(_) => Err(self.invalid("the body is not UTF-8 text".into())),
        }
    }

    /// A response whose body is documented as none; any body is ignored.
    pub fn empty(self) -> Response<()> {
        Response {
            status: self.status,
            headers: self.headers,
            request_id: self.request_id,
            body: (),
        }
    }
}

/// Sends calls for one service. Cheap to clone: clones share one connection pool and one
/// copy of the settings.
#[derive(Clone, Debug)]
pub struct Transport {
    shared: std::sync::Arc<Shared>,
}

/// What every clone of a [`Transport`] shares.
#[derive(Debug)]
struct Shared {
    http: reqwest::Client,
    base: String,
    /// `base` parsed once, so a call's URL is this with its path and query set (no host
    /// parsing per call).
    base_url: reqwest::Url,
    credential: Ready,
    user_agent: HeaderValue,
    retry: RetryPolicy,
    request_timeout: Duration,
    max_pages: usize,
    max_response_body: usize,
    clock: Clock,
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string)
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    v.parse::<u64>().ok().map(Duration::from_secs)
}

impl Transport {
    /// A transport for `service` as `config` says; `user_agent` is the `User-Agent` sent unless
    /// the config names another (the generated crate passes its own name and version).
    pub fn new(
        config: &Config,
        service: &ServiceInfo,
        user_agent: &'static str,
    ) -> Result<Self, Error> {
        let token_header =
            HeaderName::from_bytes(service.token_header.as_bytes()).map_err(|_| {
                Error::Config(format!("`{}` is not a header name", service.token_header))
            })?;
        let credential = config.credential.ready(token_header)?;
        let base = config.endpoint_for(service)?;
        let base_url = reqwest::Url::parse(&base)
            .map_err(|e| Error::Config(format!("endpoint `{base}` is not a URL: {e}")))?;
        let user_agent = config.user_agent.as_deref().unwrap_or(user_agent);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
            Error::Config(format!("user agent `{user_agent}` is not a valid header value"))
        })?;
        let http = match &config.http_client {
            Some(c) => c.clone(),
            None => reqwest::Client::builder()
                .connect_timeout(config.connect_timeout)
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Transport {
            shared: std::sync::Arc::new(Shared {
                http,
                base,
                base_url,
                credential,
                user_agent,
                retry: config.retry.clone(),
                request_timeout: config.request_timeout,
                max_pages: config.max_pages,
                max_response_body: config.max_response_body,
                clock: config.clock.clone(),
            }),
        })
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.shared.base
    }

    /// The bound on pages for one streamed listing.
    pub fn max_pages(&self) -> usize {
        self.shared.max_pages
    }

    /// The full URL of a call.
    pub fn url(&self, call: &Call) -> Result<reqwest::Url, Error> {
        let mut url = self.shared.base_url.clone();
        // The base has no trailing `/` (a prefix such as `/gateway` is kept): the call's path
        // follows it.
        match self.shared.base_url.path() {
            "/" => url.set_path(&call.path),
            prefix => url.set_path(&format!("{prefix}{}", call.path)),
        }
        let query = canonical_query(&call.query);
        url.set_query((!query.is_empty()).then_some(query.as_str()));
        Ok(url)
    }

    /// The request of `call` to `url`, without its credential, and the names of the call's
    /// header parameters (which a signature covers).
    fn build(
        &self,
        call: Call,
        url: reqwest::Url,
    ) -> Result<(reqwest::Request, Vec<HeaderName>), Error> {
        let method = reqwest::Method::from_bytes(call.operation.method.as_bytes())
            .map_err(|_| Error::Config(format!("bad method `{}`", call.operation.method)))?;
        let mut builder = self
            .shared
            .http
            .request(method, url)
            .timeout(self.shared.request_timeout)
            .header(USER_AGENT, self.shared.user_agent.clone());
        if let Some(body) = call.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE))
                .body(body);
        }
        let mut names = Vec::with_capacity(call.headers.len());
        for (name, value) in &call.headers {
            // Validation has checked the values; the names come from the spec.
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a header name")))?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::Config(format!("the `{name}` value cannot be sent as a header"))
            })?;
            builder = builder.header(name.clone(), value);
            names.push(name);
        }
        let request = builder.build().map_err(|e| {
            Error::Config(format!("cannot form the request for {}: {e}", call.operation.id))
        })?;
        Ok((request, names))
    }

    /// The request of one attempt, with its credential applied now (so each attempt is signed
    /// afresh): a copy of `unsigned` while `more` attempts may follow, its body's bytes shared
    /// rather than copied; else `unsigned` itself, taken.
    fn attempt(
        &self,
        unsigned: &mut Option<reqwest::Request>,
        more: bool,
        parameter_headers: &[HeaderName],
    ) -> Result<reqwest::Request, Error> {
        let request = match unsigned.take() {
            Some(kept) if more => {
                let copy = kept.try_clone();
                *unsigned = Some(kept);
                copy
            }
            taken => taken,
        };
        // The body is always bytes, which copy; and the last attempt is the only one that takes.
        let mut request = request.ok_or_else(|| {
            Error::Config("the request could not be copied for another attempt".into())
        })?;
        self.shared.credential.apply(&mut request, self.shared.clock.now(), parameter_headers)?;
        Ok(request)
    }

    /// Whether a failed attempt of this operation may be sent again: as the generator classed it.
    fn may_retry(operation: &OperationInfo) -> bool {
        operation.retry == Retry::Idempotent
    }

    /// Send `call` and return the response, or the error it ended in.
    ///
    /// With the `tracing` feature, the call is a span (target `huaweicloud_restore`, name `call`:
    /// operation, method, path template) with one event per attempt (`response`: attempt, status,
    /// request id, elapsed time; or `no response`) and one per retry (`retrying`: the delay). No token, key, signature, filled path or body is ever recorded.
    pub async fn execute(&self, call: Call) -> Result<RawResponse, Error> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let op = call.operation;
            let span = tracing::info_span!(target: "huaweicloud_restore", "call", operation = op.id, method = op.method, path_template = op.path_template);
            // Where no subscriber listens, the call is not wrapped in a span that records nothing.
            if span.is_disabled() {
                return self.send(call).await;
            }
            self.send(call).instrument(span).await
        }
        #[cfg(not(feature = "tracing"))]
        self.send(call).await
    }

    async fn send(&self, call: Call) -> Result<RawResponse, Error> {
        let started = std::time::Instant::now();
        let url = self.url(&call)?;
        let op = call.operation.id;
        let retries =
            if Self::may_retry(call.operation) { self.shared.retry.max_retries } else { 0 };
        let (request, parameter_headers) = self.build(call, url)?;
        let mut unsigned = Some(request);
        let mut attempt = 0u32;
        loop {
            let request = self.attempt(&mut unsigned, attempt < retries, &parameter_headers)?;
            let outcome = self.shared.http.execute(request).await;
            let mut response = match outcome {
                Ok(r) => r,
                Err(e) => {
                    let error = if e.is_timeout() {
                        Error::Timeout { operation: op, after: self.shared.request_timeout }
                    } else {
                        Error::Connection { operation: op, message: describe(&e), source: e }
                    };
                    trace::no_response(attempt, started, &error);
                    if attempt < retries && matches!(error, Error::Connection { .. }) {
                        let delay = self.shared.retry.delay(attempt, None);
                        trace::retry(attempt, delay);
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(error);
                }
            };
            let status = response.status().as_u16();
            // Moved out, not copied: the body is read from the response without them.
            let headers = std::mem::take(response.headers_mut());
            let rid = request_id(&headers);
            trace::response(attempt, started, status, rid.as_deref());
            if attempt < retries && RETRY_STATUSES.contains(&status) {
                let delay = self.shared.retry.delay(attempt, retry_after(&headers));
                trace::retry(attempt, delay);
                tokio::time::sleep(delay).await;
                attempt += 1;
                continue;
            }
            let (body, truncated) =
                match read_bounded(response, self.shared.max_response_body).await {
                    Ok(read) => read,
                    Err(e) if e.is_timeout() => {
                        return Err(Error::Timeout {
                            operation: op,
                            after: self.shared.request_timeout,
                        })
                    }
                    Err(e) => {
                        return Err(Error::InvalidResponse(Box::new(InvalidResponse {
                            operation: op,
                            status,
                            reason: format!("the body could not be read: {}", describe(&e)),
                            request_id: rid,
                            headers,
                            body: String::new(),
                            body_truncated: false,
                        })))
                    }
                };
            if status >= 400 {
                let text = String::from_utf8_lossy(&body).into_owned();
                let (error_code, error_msg, body_rid) = parse_error_body(&text);
                return Err(Error::Api(Box::new(ApiError {
                    operation: op,
                    status,
                    error_code,
                    error_msg,
                    request_id: rid.or(body_rid),
                    headers,
                    body: text,
                    body_truncated: truncated,
                })));
            }
            let raw =
                RawResponse { operation: op, status, headers, request_id: rid, body, truncated };
            if !(200..300).contains(&status) {
                return Err(raw.invalid(format!("unexpected status {status}")));
            }
            if truncated {
                let limit = self.shared.max_response_body;
                return Err(raw.invalid(format!(
                    "the body is over the limit of {limit} bytes (Config::with_max_response_body)"
                )));
            }
            return Ok(raw);
        }
    }
}

/// The events of a call (feature `tracing`; without it, nothing). Each takes only what may be
/// logged: numbers, the status and the request id.
mod trace {
    use std::time::{Duration, Instant};

    use super::Error;

    fn millis(d: Duration) -> u64 {
        u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
    }

    /// An attempt got a response.
    pub(super) fn response(attempt: u32, started: Instant, status: u16, request_id: Option<&str>) {
        #[cfg(feature = "tracing")]
        tracing::info!(target: "huaweicloud_restore", attempt, status, request_id, elapsed_ms = millis(started.elapsed()), "response");
        #[cfg(not(feature = "tracing"))]
        let _ = (attempt, millis(started.elapsed()), status, request_id);
    }

    /// An attempt got no response.
    pub(super) fn no_response(attempt: u32, started: Instant, error: &Error) {
        let kind = match error {
            Error::Timeout { .. } => "timeout",
            _ => "connection",
        };
        #[cfg(feature = "tracing")]
        tracing::warn!(target: "huaweicloud_restore", attempt, error = kind, elapsed_ms = millis(started.elapsed()), "no response");
        #[cfg(not(feature = "tracing"))]
        let _ = (attempt, millis(started.elapsed()), kind);
    }

    /// The attempt is retried after `delay`.
    pub(super) fn retry(attempt: u32, delay: Duration) {
        #[cfg(feature = "tracing")]
        tracing::info!(target: "huaweicloud_restore", attempt, delay_ms = millis(delay), "retrying");
        #[cfg(not(feature = "tracing"))]
        let _ = (attempt, millis(delay));
    }
}

/// At most `limit` bytes of the body, and whether there was more. Reading stops at the limit,
/// so a body of any size costs at most `limit` bytes of memory.
async fn read_bounded(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let expected = response.content_length().and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
    let mut body = Vec::with_capacity(expected.min(limit).min(64 * 1024));
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

/// A reqwest error and its causes, as one line.
fn describe(e: &reqwest::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    super::error::one_line(&out, 400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_success_documented_without_a_body_is_none_and_one_with_a_body_parses() {
        let raw = |status: u16, body: &str| RawResponse {
            operation: "op",
            status,
            headers: HeaderMap::new(),
            request_id: None,
            body: body.as_bytes().to_vec(),
            truncated: false,
        };
        let none = raw(204, "").json_unless::<serde_json::Value>(&[204]).expect("no body");
        assert_eq!((none.status(), none.body()), (204, &None));
        let some = raw(200, r#"{"a":1}"#).json_unless::<serde_json::Value>(&[204]).expect("a body");
        assert_eq!(some.body(), &Some(serde_json::json!({"a": 1})));
        // A documented body that is missing is still an invalid response.
        assert!(matches!(
            raw(200, "").json_unless::<serde_json::Value>(&[204]),
            Err(Error::InvalidResponse(_))
        ));
    }

    #[test]
    fn a_path_value_is_encoded_as_one_segment() {
        assert_eq!(encode("a/b?c#d ..%"), "a%2Fb%3Fc%23d%20..%25");
        assert_eq!(encode("一"), "%E4%B8%80");
        assert_eq!(encode("~-_."), "~-_.");
    }

    #[test]
    fn canonical_query_is_sorted_and_encoded() {
        let q = canonical_query(&[
            ("limit", "1".into()),
            ("enable", "true".into()),
            ("path", "/tmp/123".into()),
            ("test", "一 (&=?!#%.*)".into()),
        ]);
        assert_eq!(
            q,
            "enable=true&limit=1&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
        );
        assert_eq!(canonical_query(&[]), "");
    }
}
