//! The door through which generated code reaches the runtime, and the generator's whole contract
//! with it: a generated module names the runtime only as `rt::…`, after
//! `use ::huaweicloud_restore_runtime::for_generated as rt;`.
//!
//! This module is for the generator and its maintainers, not for users: it is hidden from the
//! documentation and may change with any release of the generator. What users name is the
//! crate's public API ([`Config`], [`Error`], [`Response`], [`WaitOptions`] ...), which this
//! module also re-exports so that a generated module needs no second path.
//!
//! What lives here, by what the generated code does with it:
//! - describes each operation and type: [`OperationInfo`] (with its path's [`Segment`]s and
//!   its [`Retry`] class), [`ResponseInfo`], [`ServiceInfo`], [`TypeEntry`], and, for the
//!   conformance tests, [`StandInCall`];
//! - sends a call and reads its answer: [`Transport`], [`Call`], [`RawResponse`], [`Response`],
//!   [`Error`], [`JsonBody`] and [`JsonKind`] (the JSON type a body must have), [`push`] and
//!   [`Param`] (query and header values as text), [`OpenEnum`] (what every generated enum
//!   implements); and, for maintainers' tests, [`encode`], [`decode_query`] and
//!   [`canonical_query`], the URL and query encodings the transport and the signer share;
//! - validates a request: [`Validate`] and the rule checks [`range`], [`length`], [`pattern`],
//!   [`items`], [`known`], [`segment`], [`header`], [`any_of`] with [`Alternative`] and
//!   [`among`];
//! - streams a listing: [`paginate`] over [`Page`]s;
//! - waits: [`wait_on`] a [`Subject`], reading each poll as a [`Reading`] whose [`Phase`] comes
//!   from the status lists of the spec's `x-waiter`;
//! - the mock (feature `mock`): a [`MockRoute`] per operation, with the handler's [`MockCall`]
//!   and [`MockReply`], listings as [`MockPage`]s, the resources a call starts ([`MockStart`],
//!   [`MockWait`], [`MockId`]), and [`DEFAULT_ERROR_CODE`] for an operation whose page shows no
//!   error example.

pub use crate::config::{Config, RetryPolicy};
pub use crate::error::Error;
pub use crate::paging::{paginate, Page, Stream};
#[cfg(feature = "conformance")]
pub use crate::reflect::StandInCall;
pub use crate::reflect::{OperationInfo, ResponseInfo, Retry, Segment, ServiceInfo, TypeEntry};
pub use crate::transport::{
    canonical_query, decode_query, encode, Call, RawResponse, Response, Transport,
    JSON_CONTENT_TYPE,
};
pub use crate::validating::{
    among, any_of, header, items, known, length, pattern, range, segment, Alternative, At, Pattern,
    Validate, ValidationError, Violation,
};
pub use crate::waiting::{wait_on, Phase, Reading, Subject, WaitError, WaitOptions};
pub use crate::wire::{push, JsonBody, JsonKind, OpenEnum, Param, TextOrNumber};
/// The macros that write each type's constructor and setters, and each open enum.
pub use crate::{open_enum, setters};

#[cfg(feature = "mock")]
pub use crate::mocking::{
    Handled, MockCall, MockId, MockReply, MockRoute, MockStart, MockWait, Page as MockPage,
    DEFAULT_ERROR_CODE,
};
