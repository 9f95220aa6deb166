//! A mock of the documented APIs: a real HTTP server on 127.0.0.1 that routes, parses,
//! validates and answers as the spec says (enabled by the `mock` feature).
//!
//! The server here is hand-written and knows nothing of any API: the generated modules hand
//! it their routes ([`MockRoute`]), each with a handler that parses the request with the
//! generated types, runs the generated validators and answers the documented example.
//!
//! # Where each service is
//!
//! One server serves every service, two ways:
//!
//! - under the service's prefix: `http://127.0.0.1:PORT/ddm/v3/...`. [`MockServer::uri`]
//!   (`http://127.0.0.1:PORT/{service}`) is the endpoint the generated clients take, and
//!   [`MockServer::service_uri`] one service's base URL. Two services' routes never meet here.
//! - at the root path, as the real cloud serves each service on a host of its own:
//!   `http://127.0.0.1:PORT/v3/...` ([`MockServer::root_uri`]). This is how Huawei's official
//!   SDKs reach it, since they keep only the scheme, host and port of an endpoint (the Python
//!   SDK sends to `urlparse(endpoint).netloc`). A request goes to the one service with a route
//!   of its method whose template matches its path. When routes of more than one service
//!   match, the root path refuses it: 404 `APIGW.0101`, naming the services and the prefixed
//!   paths to use instead ([`MockServer::ambiguous_at_root`] lists such operations ahead of
//!   time). A path some service has with another method is 405 with `Allow`, as under a
//!   prefix.
//!
//! A prefixed path is routed under its prefix first; only a path that matches nothing there is
//! tried at the root, so a service's prefix always wins.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::error::{error_body, parse_error_body};
use super::reflect::{OperationInfo, Segment, ServiceInfo};
use super::signing::{verify, Received, SigningError};
use super::transport::decode_query;
use super::validating::{At, FieldPath, Rule, Validate, Violation};
use super::wire::{JsonBody, JsonKind};

/// The largest request body the mock accepts (1 MiB); a larger one gets 413.
pub const MAX_BODY: usize = 1024 * 1024;

/// The error code of the mock's 400 answers when the page documents no error example.
pub const DEFAULT_ERROR_CODE: &str = "MOCK.0400";

/// How many requests the mock keeps by default for [`MockServer::requests`]: the most recent.
pub const DEFAULT_RECORD_LIMIT: usize = 1000;

/// How long a client has by default to send a request's headers, and then its body, before
/// the mock closes the connection (headers) or answers 408 (body).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How many connections the mock serves at once by default; more are closed as they come.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// What a generated handler returns: the answer, or in `Err` an answer that cut the call short
/// (a parameter that does not parse, a body that does not fit, violations).
pub type Handled = Result<MockReply, MockReply>;

/// One operation the mock serves, as generated from the spec. Its path is routed by the
/// operation's segments ([`OperationInfo::segments`]), as the generator split its template.
#[derive(Debug, Clone, Copy)]
pub struct MockRoute {
    /// The operation.
    pub operation: &'static OperationInfo,
    /// Parses, validates and answers a call.
    pub handle: fn(&MockCall<'_>) -> Handled,
    /// The page's 400 example (JSON), whose error code the mock's 400 answers carry.
    pub error_example: Option<&'static str>,
    /// For a listing: the page's example items (a JSON array), served until a test sets others.
    pub default_listing: Option<&'static str>,
    /// What a successful call starts, for the waiters that poll it.
    pub starts: &'static [MockStart],
    /// For an operation a waiter polls: how it reports progress.
    pub waits: Option<MockWait>,
}

impl MockRoute {
    /// The route of `operation`, answered by `handle`, that starts and waits for nothing, serves
    /// no listing, and answers 400 with [`DEFAULT_ERROR_CODE`].
    pub const fn new(
        operation: &'static OperationInfo,
        handle: fn(&MockCall<'_>) -> Handled,
    ) -> Self {
        MockRoute {
            operation,
            handle,
            error_example: None,
            default_listing: None,
            starts: &[],
            waits: None,
        }
    }

    /// With the page's 400 example, whose error code (read as any error body is read) its 400
    /// answers carry.
    pub const fn error_example(mut self, example: &'static str) -> Self {
        self.error_example = Some(example);
        self
    }

    /// With `items` (a JSON array) as the listing it serves until a test sets others.
    pub const fn listing(mut self, items: &'static str) -> Self {
        self.default_listing = Some(items);
        self
    }

    /// With what a successful call starts.
    pub const fn starts(mut self, starts: &'static [MockStart]) -> Self {
        self.starts = starts;
        self
    }

    /// With how it reports progress, for a waiter that polls it.
    pub const fn waits(mut self, wait: MockWait) -> Self {
        self.waits = Some(wait);
        self
    }
}

/// Where a call names what it starts, or what it reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MockId {
    /// A string field of the success answer's body.
    Body(&'static str),
    /// A path parameter.
    Path(&'static str),
    /// A query parameter.
    Query(&'static str),
}

/// An operation that starts something a waiter polls (a restore starts a job).
#[derive(Debug, Clone, Copy)]
pub struct MockStart {
    /// The operation that reports on what was started.
    pub waiter: &'static OperationInfo,
    /// Where this operation's call names it.
    pub id: MockId,
}

/// An operation a waiter polls: how the mock plays what was started, from pending to done
/// (or failed, when a test asks).
#[derive(Debug, Clone, Copy)]
pub struct MockWait {
    /// Where the call names what it reports on.
    pub id: MockId,
    /// The fields from the answer's body to the status.
    pub status: &'static [&'static str],
    /// The fields from the answer's body to the failure reason; empty for none.
    pub reason: &'static [&'static str],
    /// The status answered while it is still going, if the spec lists one.
    pub pending: Option<&'static str>,
    /// The status answered when it is done.
    pub done: &'static str,
    /// The status answered when it failed, if the spec lists one.
    pub failed: Option<&'static str>,
}

/// How what is started from now on ends, in the mock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Outcome {
    /// Done, after the pending polls.
    #[default]
    Done,
    /// Failed, after the pending polls.
    Failed,
}

/// How many polls answer a pending status, by default, before what was started is done.
pub const DEFAULT_PENDING_POLLS: u32 = 2;

/// How many started things (jobs, restores) the mock remembers; past that, an old one is
/// forgotten for each new one, so memory stays bounded however many restores a test makes.
pub const MAX_STARTED: usize = 10_000;

/// A call as a generated handler sees it.
#[derive(Debug)]
pub struct MockCall<'a> {
    operation: &'static OperationInfo,
    error_code: &'a str,
    path: Vec<(String, String)>,
    query: Vec<(String, String)>,
    headers: &'a [(String, String)],
    body: &'a [u8],
    listing: Vec<Value>,
    /// The mandatory parameters found missing so far, as `required` violations.
    missing: std::cell::RefCell<Vec<Violation>>,
}

/// What a handler answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockReply {
    /// The status.
    pub status: u16,
    /// The body, if any.
    pub body: Option<String>,
    /// Whether the body is plain text (`text/plain`) rather than JSON.
    pub text: bool,
}

impl MockReply {
    /// A JSON answer.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        MockReply { status, body: Some(body.into()), text: false }
    }
    /// A plain-text answer.
    pub fn text(status: u16, body: impl Into<String>) -> Self {
        MockReply { status, body: Some(body.into()), text: true }
    }
    /// An answer without a body.
    pub fn empty(status: u16) -> Self {
        MockReply { status, body: None, text: false }
    }
}

impl<'a> MockCall<'a> {
    /// The operation called.
    pub fn operation(&self) -> &'static OperationInfo {
        self.operation
    }

    /// The decoded value of path parameter `name` (empty when absent).
    pub fn path(&self, name: &str) -> &str {
        self.path.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }

    /// A 400 answer in the page's error shape.
    pub fn bad_request(&self, message: impl Into<String>) -> MockReply {
        MockReply::json(400, error_body(self.error_code, &message.into()))
    }

    /// A 400 answer listing every violation with its path.
    pub fn invalid(&self, violations: &[Violation]) -> MockReply {
        let parts: Vec<String> = violations.iter().map(ToString::to_string).collect();
        self.bad_request(format!("Parameter error. {}", parts.join("; ")))
    }

    /// `Err` with the [`invalid`](Self::invalid) answer when there are violations.
    pub fn check(&self, violations: &[Violation]) -> Result<(), MockReply> {
        if violations.is_empty() {
            Ok(())
        } else {
            Err(self.invalid(violations))
        }
    }

    /// `Err` with the [`invalid`](Self::invalid) answer when a mandatory parameter is missing
    /// ([`required`](Self::required)) or any of `parts` (the call's path parameters, query,
    /// headers and body, as read) breaks a rule: every violation, the missing ones first.
    pub fn validate(&self, parts: &[&dyn Validate]) -> Result<(), MockReply> {
        let mut violations = self.missing.take();
        for part in parts {
            part.validate_at(At::Root, &mut violations);
        }
        self.check(&violations)
    }

    /// `value`, or when it is `None`, a `required` violation of the mandatory parameter `wire`,
    /// which [`validate`](Self::validate) reports (the handler goes on with a stand-in).
    pub fn required<T>(&self, value: Option<T>, wire: &str) -> Option<T> {
        if value.is_none() {
            self.missing.borrow_mut().push(Violation::new(
                FieldPath::root().field(wire),
                Rule::Required,
                "is mandatory",
            ));
        }
        value
    }

    /// The query parameter `name` parsed as `T`; absent is `Ok(None)`, unparsable a 400.
    pub fn query<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, MockReply> {
        self.query.iter().find(|(n, _)| n == name).map(|(_, v)| self.parse(name, v)).transpose()
    }

    /// Every value of the repeated query parameter `name` parsed as `T` (an array parameter);
    /// none is an empty list, an unparsable one a 400.
    pub fn query_all<T: std::str::FromStr>(&self, name: &str) -> Result<Vec<T>, MockReply> {
        self.query.iter().filter(|(n, _)| n == name).map(|(_, v)| self.parse(name, v)).collect()
    }

    /// The optional array parameter `name` (repeated keys) parsed as `T`: `None` when the
    /// call gives none, an unparsable one a 400.
    pub fn query_list<T: std::str::FromStr>(
        &self,
        name: &str,
    ) -> Result<Option<Vec<T>>, MockReply> {
        Ok(Some(self.query_all(name)?).filter(|v| !v.is_empty()))
    }

    /// The header `name` (any case) parsed as `T`; absent is `Ok(None)`, unparsable a 400.
    pub fn header<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, MockReply> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| self.parse(&format!("header {name}"), v))
            .transpose()
    }

    /// `value` of the parameter `what` parsed as `T`, or a 400 naming it.
    fn parse<T: std::str::FromStr>(&self, what: &str, value: &str) -> Result<T, MockReply> {
        value.parse::<T>().map_err(|_| {
            self.bad_request(format!("Parameter error. {what}: `{value}` is not a valid value"))
        })
    }

    /// The body parsed as `T`; malformed JSON, a body of another JSON type than `T`'s
    /// ([`JsonBody::KIND`]: `[]` for an object) or one that does not fit `T` is a 400 naming
    /// where it does not fit.
    pub fn json<T: DeserializeOwned + JsonBody>(&self) -> Result<T, MockReply> {
        if let Some(reason) = JsonKind::mismatch::<T>(self.body) {
            return Err(self.bad_request(format!("Parameter error. {reason}")));
        }
        let value: Value = serde_json::from_slice(self.body).map_err(|e| {
            self.bad_request(format!("Parameter error. the body is not valid JSON: {e}"))
        })?;
        serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
            let path = e.path().to_string();
            let at =
                if path == "." || path.is_empty() { String::new() } else { format!("{path}: ") };
            self.bad_request(format!(
                "Parameter error. the body does not fit the API: {at}{}",
                e.into_inner()
            ))
        })
    }

    /// The items a listing serves.
    pub fn listing(&self) -> &[Value] {
        &self.listing
    }

    /// The page of the [`listing`](Self::listing) that `page` says, as a JSON answer with
    /// `status`.
    pub fn page(&self, status: u16, page: Page<'_>) -> MockReply {
        let items = self.listing();
        let start = usize::try_from(page.offset).unwrap_or(0).min(items.len());
        let end = start.saturating_add(usize::try_from(page.limit).unwrap_or(0)).min(items.len());
        let mut body =
            serde_json::from_str::<serde_json::Map<String, Value>>(page.others).unwrap_or_default();
        body.insert(page.items.to_string(), Value::Array(items[start..end].to_vec()));
        if let Some(name) = page.offset_field {
            body.insert(name.to_string(), page.offset.into());
        }
        if let Some(name) = page.limit_field {
            body.insert(name.to_string(), page.limit.into());
        }
        if let Some(name) = page.total_field {
            body.insert(name.to_string(), items.len().into());
        }
        MockReply::json(status, Value::Object(body).to_string())
    }
}

/// A page of a listing as an operation answers it ([`MockCall::page`]): `limit` items from
/// `offset` under `items`, beside the documented example's other fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page<'a> {
    items: &'a str,
    offset: i64,
    limit: i64,
    offset_field: Option<&'a str>,
    limit_field: Option<&'a str>,
    total_field: Option<&'a str>,
    others: &'a str,
}

impl<'a> Page<'a> {
    /// `limit` items from `offset` (a negative one is 0) under the field `items`, and nothing
    /// else.
    pub fn new(items: &'a str, offset: impl Into<i64>, limit: impl Into<i64>) -> Self {
        let (offset, limit) = (offset.into(), limit.into());
        Page {
            items,
            offset,
            limit,
            offset_field: None,
            limit_field: None,
            total_field: None,
            others: "{}",
        }
    }

    /// With the offset echoed under `field`.
    #[must_use]
    pub fn echo_offset(mut self, field: &'a str) -> Self {
        self.offset_field = Some(field);
        self
    }

    /// With the limit echoed under `field`.
    #[must_use]
    pub fn echo_limit(mut self, field: &'a str) -> Self {
        self.limit_field = Some(field);
        self
    }

    /// With the number of items in the whole listing under `field`.
    #[must_use]
    pub fn total(mut self, field: &'a str) -> Self {
        self.total_field = Some(field);
        self
    }

    /// With these other fields (a JSON object) beside the page's; anything else is none.
    #[must_use]
    pub fn with_others(mut self, others: &'a str) -> Self {
        self.others = others;
        self
    }
}

/// How the mock answers one operation instead of its generated behaviour.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Behavior {
    /// Answer this status and body (sent as JSON when it parses as JSON, else as text).
    Respond {
        /// The status.
        status: u16,
        /// The body; empty for none.
        body: String,
    },
    /// Never answer (until the server stops).
    Stall,
    /// Close the connection without answering.
    DropConnection,
}

/// A request as the mock received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method.
    pub method: String,
    /// The path, as sent (still percent-encoded): with the service's prefix (`/ddm/v3/...`)
    /// or at the root path (`/v3/...`).
    pub path: String,
    /// The query string, as sent.
    pub query: Option<String>,
    /// The headers, names lowercase, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The service it was routed to, if any.
    pub service: Option<&'static str>,
    /// The operation it was routed to, if any.
    pub operation: Option<&'static str>,
}

impl RecordedRequest {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    /// The body parsed as JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// How to start a mock server. `Debug` never shows the token or the secret key.
#[derive(Clone)]
pub struct MockOptions {
    /// Where to listen; `127.0.0.1:0` (a free port) by default.
    pub addr: Option<SocketAddr>,
    /// The one token to accept; any non-empty `X-Auth-Token` when `None`.
    pub token: Option<String>,
    /// An access key and secret key: when set, every request must carry a valid
    /// `SDK-HMAC-SHA256` signature by them, checked as Huawei's gateway does.
    pub aksk: Option<(String, String)>,
    /// How many of the most recent requests to keep for [`MockServer::requests`]
    /// ([`DEFAULT_RECORD_LIMIT`]); 0 records nothing. Each keeps its body (at most
    /// [`MAX_BODY`]), so this bounds the record's memory.
    pub record_limit: usize,
    /// How long a client has to send the headers, and then the body, of a request
    /// ([`DEFAULT_READ_TIMEOUT`]).
    pub read_timeout: Duration,
    /// How many connections are served at once ([`DEFAULT_MAX_CONNECTIONS`]); a connection over
    /// the bound is closed at once.
    pub max_connections: usize,
    /// How many polls answer a pending status before what a call started (a restore's job) is
    /// done ([`DEFAULT_PENDING_POLLS`]).
    pub pending_polls: u32,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            addr: None,
            token: None,
            aksk: None,
            record_limit: DEFAULT_RECORD_LIMIT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            pending_polls: DEFAULT_PENDING_POLLS,
        }
    }
}

impl std::fmt::Debug for MockOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redacted = |set: bool| if set { "Some(<redacted>)" } else { "None" };
        f.debug_struct("MockOptions")
            .field("addr", &self.addr)
            .field("token", &format_args!("{}", redacted(self.token.is_some())))
            .field("aksk", &self.aksk.as_ref().map(|(ak, _)| (ak.as_str(), "<redacted>")))
            .field("record_limit", &self.record_limit)
            .field("read_timeout", &self.read_timeout)
            .field("max_connections", &self.max_connections)
            .field("pending_polls", &self.pending_polls)
            .finish()
    }
}

impl MockOptions {
    /// Answer `polls` pending statuses before what a call started is done.
    #[must_use]
    pub fn with_pending_polls(mut self, polls: u32) -> Self {
        self.pending_polls = polls;
        self
    }

    /// Listen on `addr`.
    #[must_use]
    pub fn with_addr(mut self, addr: SocketAddr) -> Self {
        self.addr = Some(addr);
        self
    }
    /// Accept only `token`.
    #[must_use]
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }
    /// Require requests signed with `ak`/`sk`.
    #[must_use]
    pub fn with_aksk(mut self, ak: impl Into<String>, sk: impl Into<String>) -> Self {
        self.aksk = Some((ak.into(), sk.into()));
        self
    }
    /// Keep the `limit` most recent requests (0: record nothing).
    #[must_use]
    pub fn with_record_limit(mut self, limit: usize) -> Self {
        self.record_limit = limit;
        self
    }
    /// Give clients `timeout` to send a request's headers, and again its body.
    #[must_use]
    pub fn with_read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }
    /// Serve at most `max` connections at once (at least 1).
    #[must_use]
    pub fn with_max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }
}

/// The routes of one service, served under `/{name}`.
struct Served {
    name: &'static str,
    token_header: String,
    /// Each route with its template's segments.
    routes: Vec<MockRoute>,
}

/// An operation, named uniquely across services.
type OpKey = (&'static str, &'static str);

fn key(operation: &OperationInfo) -> OpKey {
    (operation.service, operation.id)
}

#[derive(Default)]
struct State {
    services: Vec<Served>,
    token: Option<String>,
    aksk: Option<(String, String)>,
    record_limit: usize,
    read_timeout: Duration,
    max_connections: usize,
    connections: AtomicUsize,
    requests: Mutex<VecDeque<RecordedRequest>>,
    overrides: Mutex<HashMap<OpKey, Behavior>>,
    listings: Mutex<HashMap<OpKey, Vec<Value>>>,
    /// The error code of each operation's 400 answers: read once, at start, out of the page's
    /// 400 example as any error body is read; [`DEFAULT_ERROR_CODE`] where there is none.
    error_codes: HashMap<OpKey, String>,
    pending_polls: AtomicU32,
    outcome: Mutex<Outcome>,
    /// What calls started, by the operation that reports on it and its id.
    progress: Mutex<HashMap<(OpKey, String), Progress>>,
}

/// Where something a call started stands.
#[derive(Debug, Clone, Copy)]
struct Progress {
    polls_left: u32,
    outcome: Outcome,
}

/// Lock, even if a thread panicked while holding the lock: the data is plain.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A running mock server. Stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockServer {
    /// Start a server for `services` as `options` say. The generated crate root calls this
    /// with every service (`MockServer::start`). Each service is served under its own prefix,
    /// `/{name}` (`/ddm/v3/...`), where two services' routes never meet, and at the root path
    /// (`/v3/...`) for the method and paths that are one service's alone (see the module
    /// documentation).
    pub async fn start_for(
        services: &[&ServiceInfo],
        options: MockOptions,
    ) -> std::io::Result<Self> {
        let addr = options.addr.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let mut state = State {
            token: options.token,
            aksk: options.aksk,
            record_limit: options.record_limit,
            read_timeout: options.read_timeout,
            max_connections: options.max_connections.max(1),
            pending_polls: AtomicU32::new(options.pending_polls),
            ..State::default()
        };
        let mut listings = HashMap::new();
        for s in services {
            let mut served = Served {
                name: s.name,
                token_header: s.token_header.to_string(),
                routes: Vec::new(),
            };
            for r in s.mock_routes {
                served.routes.push(*r);
                let code = r.error_example.and_then(|e| parse_error_body(e).0);
                state
                    .error_codes
                    .insert(key(r.operation), code.unwrap_or_else(|| DEFAULT_ERROR_CODE.into()));
                if let Some(items) =
                    r.default_listing.and_then(|l| serde_json::from_str::<Vec<Value>>(l).ok())
                {
                    listings.insert(key(r.operation), items);
                }
            }
            state.services.push(served);
        }
        state.listings = Mutex::new(listings);
        let state = Arc::new(state);
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&state)));
        Ok(MockServer { addr, state, task })
    }

    /// The endpoint of every service, `http://127.0.0.1:PORT/{service}`: give it to
    /// `Config::with_endpoint`, and each client sends to its own service's prefix.
    pub fn uri(&self) -> String {
        format!("http://{}/{{service}}", self.addr)
    }

    /// The base URL of one service, `http://127.0.0.1:PORT/NAME`, for an HTTP client of any
    /// kind: `{base}/v3/...`.
    pub fn service_uri(&self, name: &str) -> String {
        format!("http://{}/{name}", self.addr)
    }

    /// The base URL of every service without a prefix, `http://127.0.0.1:PORT`: scheme, host
    /// and port only, the endpoint to give an official Huawei Cloud SDK (which keeps nothing
    /// else of an endpoint). A request at the root path goes to the one service with a route of
    /// its method and path; [`ambiguous_at_root`](Self::ambiguous_at_root) lists the
    /// operations that are not one service's alone.
    pub fn root_uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The operations of service `name` that the root path cannot route, because another
    /// service has a route of the same method whose template can match the same paths: a
    /// request for them at the root path gets 404 naming the services, and must go under the
    /// service's prefix ([`service_uri`](Self::service_uri)). Empty for an unknown name.
    pub fn ambiguous_at_root(&self, name: &str) -> Vec<&'static str> {
        let Some(served) = self.state.services.iter().find(|s| s.name == name) else {
            return Vec::new();
        };
        let others = self.state.services.iter().filter(|s| s.name != name).flat_map(|s| &s.routes);
        let others: Vec<&MockRoute> = others.collect();
        served
            .routes
            .iter()
            .filter(|r| {
                others.iter().any(|o| {
                    o.operation.method == r.operation.method
                        && overlap(r.operation.segments, o.operation.segments)
                })
            })
            .map(|r| r.operation.id)
            .collect()
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The requests received so far, oldest first: the most recent
    /// [`MockOptions::record_limit`] of them.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.requests).iter().cloned().collect()
    }

    /// Forget the requests received so far.
    pub fn clear_requests(&self) {
        lock(&self.state.requests).clear();
    }

    /// Serve `items` from the listing `operation` (for DDM, `ddm::LIST_RESTORABLE_INSTANCES`).
    pub fn set_listing<T: Serialize>(&self, operation: &OperationInfo, items: &[T]) {
        let values = items.iter().filter_map(|i| serde_json::to_value(i).ok()).collect();
        lock(&self.state.listings).insert(key(operation), values);
    }

    /// Answer `operation` with `behavior` instead of what the spec says, until cleared.
    pub fn set_behavior(&self, operation: &OperationInfo, behavior: Behavior) {
        lock(&self.state.overrides).insert(key(operation), behavior);
    }

    /// How many polls answer a pending status for what calls start from now on.
    pub fn set_pending_polls(&self, polls: u32) {
        self.state.pending_polls.store(polls, Ordering::Relaxed);
    }

    /// How what calls start from now on ends: done (the default) or failed.
    pub fn set_outcome(&self, outcome: Outcome) {
        *lock(&self.state.outcome) = outcome;
    }

    /// Go back to the spec's behaviour for `operation`.
    pub fn clear_behavior(&self, operation: &OperationInfo) {
        lock(&self.state.overrides).remove(&key(operation));
    }
}

/// Counts a connection as open until dropped.
struct Open(Arc<State>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        if state.connections.fetch_add(1, Ordering::SeqCst) >= state.max_connections {
            // Over the bound: closed at once, so idle or slow clients cannot exhaust the server.
            state.connections.fetch_sub(1, Ordering::SeqCst);
            drop(stream);
            continue;
        }
        let open = Open(Arc::clone(&state));
        let state = Arc::clone(&state);
        connections.spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new()).header_read_timeout(state.read_timeout);
            let service = service_fn(move |req| handle(Arc::clone(&state), req));
            // A connection error (a client that went away, one too slow to send its headers,
            // or a dropped connection on purpose) ends only that connection.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
            drop(open);
        });
    }
}

/// Why a connection is closed without an answer ([`Behavior::DropConnection`]).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for Dropped {}

/// Why a request's body could not be taken.
enum BodyProblem {
    TooLarge,
    TimedOut,
    Malformed(String),
}

fn request_id() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

/// An answer; its `Content-Type` is JSON when the body parses as JSON, unless `text` says it
/// is plain text.
fn respond(status: u16, body: Option<String>, text: bool) -> hyper::Response<Full<Bytes>> {
    let content_type = body.as_deref().map(|b| {
        if !text && serde_json::from_str::<Value>(b).is_ok() {
            "application/json;charset=UTF-8"
        } else {
            "text/plain;charset=UTF-8"
        }
    });
    let mut r = hyper::Response::new(Full::new(Bytes::from(body.unwrap_or_default())));
    *r.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(ct) = content_type {
        r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    if let Ok(v) = HeaderValue::from_str(&request_id()) {
        r.headers_mut().insert("x-request-id", v);
    }
    r
}

fn error(status: u16, code: &str, message: &str) -> hyper::Response<Full<Bytes>> {
    respond(status, Some(error_body(code, message)), false)
}

async fn handle(
    state: Arc<State>,
    req: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Dropped> {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let too_large = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > MAX_BODY);
    let body = if too_large {
        Err(BodyProblem::TooLarge)
    } else {
        match tokio::time::timeout(
            state.read_timeout,
            Limited::new(req.into_body(), MAX_BODY).collect(),
        )
        .await
        {
            Err(_) => Err(BodyProblem::TimedOut),
            Ok(Ok(b)) => Ok(b.to_bytes().to_vec()),
            Ok(Err(e)) if e.is::<LengthLimitError>() => Err(BodyProblem::TooLarge),
            // Shorter than its Content-Length, or broken chunked encoding.
            Ok(Err(e)) => Err(BodyProblem::Malformed(e.to_string())),
        }
    };

    let routed = route(&state.services, &method, &path);
    let found = match &routed {
        Routed::Found { served, route, .. } => Some((served.name, route.operation.id)),
        _ => None,
    };
    if state.record_limit > 0 {
        let mut requests = lock(&state.requests);
        while requests.len() >= state.record_limit {
            requests.pop_front();
        }
        requests.push_back(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query: query.clone(),
            headers: headers.clone(),
            body: body.as_ref().map(Vec::clone).unwrap_or_default(),
            service: found.map(|(s, _)| s),
            operation: found.map(|(_, o)| o),
        });
    }

    let (served, route, path_values) = match routed {
        Routed::Found { served, route, values } => (served, route, values),
        Routed::NotFound => {
            let names: Vec<String> =
                state.services.iter().map(|s| format!("/{}", s.name)).collect();
            let message = format!(
                "The API does not exist or has not been published: {method} {path} (this mock serves each service at the root path \
                 and under its own prefix: {})",
                names.join(", ")
            );
            return Ok(error(404, "APIGW.0101", &message));
        }
        Routed::Ambiguous(candidates) => {
            let names: Vec<String> = candidates.iter().map(|s| format!("/{s}{path}")).collect();
            let message = format!(
                "{method} {path} is an API of more than one service ({}): send it under its service's prefix: {}",
                candidates.join(", "),
                names.join(" or ")
            );
            return Ok(error(404, "APIGW.0101", &message));
        }
        Routed::WrongMethod(allowed) => {
            let mut r =
                error(405, "APIGW.0105", &format!("Method {method} is not allowed on {path}"));
            if let Ok(v) = HeaderValue::from_str(&allowed.join(", ")) {
                r.headers_mut().insert(ALLOW, v);
            }
            return Ok(r);
        }
    };

    let body = match body {
        Ok(b) => b,
        Err(BodyProblem::TooLarge) => {
            return Ok(error(
                413,
                "APIGW.0201",
                &format!("Request entity too large: the body is over {MAX_BODY} bytes"),
            ))
        }
        Err(BodyProblem::TimedOut) => {
            return Ok(error(408, "APIGW.0408", "Request timeout: the body did not arrive in time"))
        }
        Err(BodyProblem::Malformed(why)) => {
            return Ok(error(
                400,
                "APIGW.0400",
                &format!("Bad request: the body could not be read: {why}"),
            ))
        }
    };

    // Authentication, as the API gateway does it.
    if let Err(why) = authenticate(
        &state,
        &served.token_header,
        &method,
        &path,
        query.as_deref().unwrap_or(""),
        &headers,
        &body,
    ) {
        return Ok(error(
            401,
            "APIGW.0301",
            &format!("Incorrect IAM authentication information: {why}"),
        ));
    }

    let behavior = lock(&state.overrides).get(&key(route.operation)).cloned();
    match behavior {
        Some(Behavior::Respond { status, body }) => {
            return Ok(respond(status, (!body.is_empty()).then_some(body), false))
        }
        Some(Behavior::Stall) => std::future::pending::<()>().await,
        Some(Behavior::DropConnection) => return Err(Dropped),
        None => {}
    }

    let listing = lock(&state.listings).get(&key(route.operation)).cloned().unwrap_or_default();
    let call = MockCall {
        operation: route.operation,
        error_code: state
            .error_codes
            .get(&key(route.operation))
            .map_or(DEFAULT_ERROR_CODE, String::as_str),
        path: path_values,
        query: query.as_deref().map(decode_query).unwrap_or_default(),
        headers: &headers,
        body: &body,
        listing,
        missing: std::cell::RefCell::default(),
    };
    let reply = play(&state, &route, &call, (route.handle)(&call).unwrap_or_else(|reply| reply));
    Ok(respond(reply.status, reply.body, reply.text))
}

/// Where a request goes ([`route`]).
enum Routed<'a> {
    /// To this route of this service, with the path parameters' decoded values.
    Found { served: &'a Served, route: MockRoute, values: Vec<(String, String)> },
    /// Nowhere: no route's template matches the path.
    NotFound,
    /// A route's template matches the path, but not with this method: the methods that match.
    WrongMethod(Vec<&'static str>),
    /// At the root path, the method and path of routes of more than one service: their names.
    Ambiguous(Vec<&'static str>),
}

/// A route and the decoded values of its path parameters.
type RouteMatch = (MockRoute, Vec<(String, String)>);

/// The route of `served` whose template matches `parts` (the path's segments after its leading
/// `/`) with `method`, and the methods whose templates match it.
fn route_in(
    served: &Served,
    method: &str,
    parts: &[&str],
) -> (Option<RouteMatch>, Vec<&'static str>) {
    let mut allowed = Vec::new();
    let mut found = None;
    for route in &served.routes {
        let segments = route.operation.segments;
        if segments.len() != parts.len() {
            continue;
        }
        let mut values = Vec::new();
        let matched = segments.iter().zip(parts).all(|(s, p)| match s {
            Segment::Literal(l) => l == p,
            Segment::Param(name) => {
                values.push((
                    name.to_string(),
                    percent_decode_str(p).decode_utf8_lossy().into_owned(),
                ));
                true
            }
        });
        if !matched {
            continue;
        }
        allowed.push(route.operation.method);
        if route.operation.method == method {
            found = Some((*route, values));
        }
    }
    (found, allowed)
}

/// Route a request: under a service's prefix (`/ddm/v3/...`) to that service's routes, as
/// the generated clients send; otherwise at the root path (`/v3/...`, as the official SDKs
/// send, keeping only an endpoint's scheme, host and port) to the one service with a route of
/// that method and path, or [`Routed::Ambiguous`] when more than one service has one.
fn route<'a>(services: &'a [Served], method: &str, path: &str) -> Routed<'a> {
    let rest = path.strip_prefix('/').unwrap_or(path);
    let mut allowed = Vec::new();
    if let Some((name, under)) = rest.split_once('/') {
        if let Some(served) = services.iter().find(|s| s.name == name) {
            let parts: Vec<&str> = under.split('/').collect();
            match route_in(served, method, &parts) {
                (Some((route, values)), _) => return Routed::Found { served, route, values },
                (None, methods) => allowed.extend(methods),
            }
        }
    }
    let parts: Vec<&str> = rest.split('/').collect();
    let mut found: Vec<(&Served, RouteMatch)> = Vec::new();
    for served in services {
        let (route, methods) = route_in(served, method, &parts);
        allowed.extend(methods);
        found.extend(route.map(|m| (served, m)));
    }
    if found.len() > 1 {
        return Routed::Ambiguous(found.iter().map(|(served, _)| served.name).collect());
    }
    if let Some((served, (route, values))) = found.pop() {
        return Routed::Found { served, route, values };
    }
    if allowed.is_empty() {
        return Routed::NotFound;
    }
    allowed.sort_unstable();
    allowed.dedup();
    Routed::WrongMethod(allowed)
}

/// Whether a path could match both templates: the same number of segments, and at each a
/// parameter or the same text.
fn overlap(a: &[Segment], b: &[Segment]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Segment::Literal(x), Segment::Literal(y)) => x == y,
            _ => true,
        })
}

/// The id a call names at `id` (in `body`, the answer, for [`MockId::Body`]).
fn id_of(id: MockId, call: &MockCall<'_>, body: Option<&str>) -> Option<String> {
    let found = match id {
        MockId::Body(field) => body
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
            .and_then(|v| v.get(field).and_then(Value::as_str).map(str::to_string)),
        MockId::Path(name) => Some(call.path(name).to_string()),
        MockId::Query(name) => call.query::<String>(name).ok().flatten(),
    };
    found.filter(|f| !f.is_empty())
}

/// Set the value at `path` in `v`, making the objects on the way.
fn set_at(v: &mut Value, path: &[&str], new: Value) {
    let Some((last, way)) = path.split_last() else { return };
    let mut at = v;
    for k in way {
        if !at.is_object() {
            *at = Value::Object(Default::default());
        }
        let Value::Object(map) = at else { return };
        at = map.entry(k.to_string()).or_insert_with(|| Value::Object(Default::default()));
    }
    if !at.is_object() {
        *at = Value::Object(Default::default());
    }
    if let Value::Object(map) = at {
        map.insert(last.to_string(), new);
    }
}

/// The workflow around a successful answer: a call that starts something records it; a call
/// that reports on something started answers its status, pending for the set number of polls,
/// then done or failed.
fn play(state: &State, route: &MockRoute, call: &MockCall<'_>, mut reply: MockReply) -> MockReply {
    if !(200..300).contains(&reply.status) {
        return reply;
    }
    for start in route.starts {
        if let Some(id) = id_of(start.id, call, reply.body.as_deref()) {
            let progress = Progress {
                polls_left: state.pending_polls.load(Ordering::Relaxed),
                outcome: *lock(&state.outcome),
            };
            let mut all = lock(&state.progress);
            if all.len() >= MAX_STARTED {
                if let Some(old) = all.keys().next().cloned() {
                    all.remove(&old);
                }
            }
            all.insert((key(start.waiter), id), progress);
        }
    }
    let Some(wait) = route.waits else { return reply };
    let Some(id) = id_of(wait.id, call, None) else { return reply };
    let (status, failed) = {
        let mut all = lock(&state.progress);
        let Some(p) = all.get_mut(&(key(route.operation), id)) else { return reply };
        match (p.polls_left, p.outcome) {
            (1.., _) if wait.pending.is_some() => {
                p.polls_left -= 1;
                (wait.pending.unwrap_or(wait.done), false)
            }
            (_, Outcome::Failed) if wait.failed.is_some() => {
                (wait.failed.unwrap_or(wait.done), true)
            }
            _ => (wait.done, false),
        }
    };
    if let Some(mut body) =
        reply.body.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok())
    {
        set_at(&mut body, wait.status, Value::String(status.to_string()));
        if failed && !wait.reason.is_empty() {
            set_at(
                &mut body,
                wait.reason,
                Value::String(
                    "The mock server was told to fail it (MockServer::set_outcome).".into(),
                ),
            );
        }
        reply.body = Some(body.to_string());
    }
    reply
}

/// Check the request's credential; the reason for refusing it otherwise.
fn authenticate(
    state: &State,
    token_header: &str,
    method: &str,
    path: &str,
    query: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<(), String> {
    if let Some((ak, sk)) = &state.aksk {
        let received = Received { method, path, query, headers, body };
        return verify(&received, |a| (a == ak).then(|| sk.clone()), std::time::SystemTime::now())
            .map_err(|e| match e {
                SigningError::Expired => "signature expired".to_string(),
                other => format!("verify aksk signature fail: {other}"),
            });
    }
    let header = |name: &str| {
        headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    };
    match (header(token_header), &state.token) {
        (Some(t), Some(expected)) if t == expected => Ok(()),
        (Some(_), Some(_)) => Err("the token is not valid".into()),
        (Some(t), None) if !t.trim().is_empty() => Ok(()),
        (Some(_), None) => Err("the token is empty".into()),
        // With no keys to check against, a signed request is taken as it comes.
        (None, None)
            if header("authorization").is_some_and(|a| a.starts_with("SDK-HMAC-SHA256 ")) =>
        {
            Ok(())
        }
        (None, _) => Err(format!("the {token_header} header is missing")),
    }
}
