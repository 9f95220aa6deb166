//! Tables of what was generated, for tools that work from the spec: each service's
//! [`ServiceInfo`] (where it is, how a token is sent, its operations) and each operation's
//! [`OperationInfo`], which the transport, the tracing and the mock server read. A table of the
//! types by their spec names serves the conformance tests and is hidden from the docs.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::validating::{Validate, Violation};

/// Whether a generated type is sent or received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub enum TypeRole {
    /// Sent: strict parsing, validated.
    Request,
    /// Received: lenient parsing, not validated.
    Response,
}

/// What [`TypeEntry::check`] found.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The value parsed into the typed model and serialized back.
    pub json: Value,
    /// The violations (always empty for responses, which are not validated).
    pub violations: Vec<Violation>,
}

/// One generated struct, by its name in the spec (for the conformance tests).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct TypeEntry {
    /// The spec's name (`RestoreInstSource`, `DDMInstance4Restore`).
    pub name: &'static str,
    /// Sent or received.
    pub role: TypeRole,
    /// Parse a JSON value into the type, validate it (requests), and serialize it back.
    pub check: fn(Value) -> Result<Checked, serde_json::Error>,
}

impl TypeEntry {
    /// The entry of request type `T`, named `name` in the spec.
    pub const fn request<T: DeserializeOwned + Serialize + Validate>(name: &'static str) -> Self {
        TypeEntry { name, role: TypeRole::Request, check: check_request::<T> }
    }
    /// The entry of response type `T`, named `name` in the spec.
    pub const fn response<T: DeserializeOwned + Serialize>(name: &'static str) -> Self {
        TypeEntry { name, role: TypeRole::Response, check: check_response::<T> }
    }
}

/// [`TypeEntry::check`] for a request type.
#[doc(hidden)]
pub fn check_request<T: DeserializeOwned + Serialize + Validate>(
    value: Value,
) -> Result<Checked, serde_json::Error> {
    let typed: T = serde_json::from_value(value)?;
    Ok(Checked { violations: typed.violations(), json: serde_json::to_value(&typed)? })
}

/// [`TypeEntry::check`] for a response type.
#[doc(hidden)]
pub fn check_response<T: DeserializeOwned + Serialize>(
    value: Value,
) -> Result<Checked, serde_json::Error> {
    let typed: T = serde_json::from_value(value)?;
    Ok(Checked { violations: Vec::new(), json: serde_json::to_value(&typed)? })
}

/// A call of one operation with stand-in arguments (its doc example's) on a client made from
/// the config given, answering the status: what [`ServiceInfo::calls`] holds, for tests that
/// hold every method to one rule (feature `conformance`).
#[doc(hidden)]
#[cfg(feature = "conformance")]
pub type StandInCall = fn(
    super::Config,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<u16, StandInError>> + Send>,
>;

/// What a [`StandInCall`] fails with: the method's [`Error`](super::Error) (downcast it), or
/// a stand-in argument that could not be made.
#[doc(hidden)]
#[cfg(feature = "conformance")]
pub type StandInError = Box<dyn std::error::Error + Send + Sync>;

/// One documented response of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseInfo {
    /// The status code; `None` for the page's catch-all ("abnormal response").
    pub status: Option<u16>,
    /// The spec name of the body type, when the response has a body.
    pub body: Option<&'static str>,
}

impl ResponseInfo {
    /// The response with status `status`, without a body.
    pub const fn status(status: u16) -> Self {
        ResponseInfo { status: Some(status), body: None }
    }

    /// The page's catch-all response ("abnormal response"), without a body.
    pub const fn catch_all() -> Self {
        ResponseInfo { status: None, body: None }
    }

    /// With the body type whose spec name is `body`.
    pub const fn with_body(mut self, body: &'static str) -> Self {
        self.body = Some(body);
        self
    }
}

/// One `/`-separated segment of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Text that must match as it is.
    Literal(&'static str),
    /// A path parameter (`{name}`): any one segment, percent-encoded when sent.
    Param(&'static str),
}

/// Whether a failed attempt of an operation may be sent again, as the generator classed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Idempotent (every GET): retried on connection errors and on
    /// [`RETRY_STATUSES`](crate::config::RETRY_STATUSES), as the config's
    /// [`RetryPolicy`](crate::RetryPolicy) allows.
    Idempotent,
    /// Never sent again, whatever the retry policy says: it may have reached the server (a
    /// restore is a POST that may have started a job).
    Never,
}

/// One operation as the spec describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The service's module name (`ddm`): with `id`, what names the operation uniquely.
    pub service: &'static str,
    /// The spec's operationId.
    pub id: &'static str,
    /// The HTTP method, uppercase.
    pub method: &'static str,
    /// The path template, with `{name}` parameters, as the page prints it.
    pub path_template: &'static str,
    /// The template split after its leading `/`, as the generator split and checked it: what
    /// the client fills and the mock routes by.
    pub segments: &'static [Segment],
    /// Whether a failed attempt may be sent again.
    pub retry: Retry,
    /// The spec name of the request body's type.
    pub body: Option<&'static str>,
    /// The documented responses.
    pub responses: &'static [ResponseInfo],
}

/// One service: a generated module, with what its spec says about reaching it.
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// The module name (`ddm`).
    pub name: &'static str,
    /// The spec document it was generated from, relative to the repository root.
    pub spec_file: &'static str,
    /// The regional endpoint template, with `{region}` (the spec's `servers`).
    pub endpoint: &'static str,
    /// Regions served elsewhere than the template says: region id and base URL (the spec's
    /// `x-region-endpoints`).
    pub region_endpoints: &'static [(&'static str, &'static str)],
    /// The header an IAM token goes in (the spec's security scheme).
    pub token_header: &'static str,
    /// Its operations.
    pub operations: &'static [OperationInfo],
    /// Its structs (for the conformance tests; feature `conformance`).
    #[doc(hidden)]
    #[cfg(feature = "conformance")]
    pub types: &'static [TypeEntry],
    /// Each operation's method called with stand-in arguments, by operationId (for tests that
    /// hold every method to one rule; feature `conformance`).
    #[doc(hidden)]
    #[cfg(feature = "conformance")]
    pub calls: &'static [(&'static str, StandInCall)],
    /// Its mock server routes (feature `mock`).
    #[cfg(feature = "mock")]
    pub mock_routes: &'static [super::mocking::MockRoute],
}

impl ServiceInfo {
    /// A service with no name, endpoint or operation: what a literal's `..ServiceInfo::BLANK`
    /// fills the fields it does not name with. The tables of a feature this crate has and the
    /// generated crate has not (the mock routes, the conformance tables) stay empty, so
    /// turning on a feature of this crate alone breaks no build.
    pub const BLANK: ServiceInfo = ServiceInfo {
        name: "",
        spec_file: "",
        endpoint: "",
        region_endpoints: &[],
        token_header: "",
        operations: &[],
        #[cfg(feature = "conformance")]
        types: &[],
        #[cfg(feature = "conformance")]
        calls: &[],
        #[cfg(feature = "mock")]
        mock_routes: &[],
    };

    /// The struct named `name` in the spec (for the conformance tests; feature `conformance`).
    #[doc(hidden)]
    #[cfg(feature = "conformance")]
    pub fn type_entry(&self, name: &str) -> Option<&'static TypeEntry> {
        self.types.iter().find(|t| t.name == name)
    }
}
