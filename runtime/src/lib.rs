//! The hand-written runtime of `huaweicloud-restore`: what the generated clients call into. It
//! never calls generated code; the generated crate re-exports it as `huaweicloud_restore::runtime`,
//! which is the path users name.
//!
//! Generated code reaches it only through [`for_generated`] (hidden from the documentation):
//! that module is the generator's contract with the runtime. Everything else public here is
//! what users of the clients may name.
//!
//! What users name:
//! - [`config`]: endpoints, timeouts, retries; [`credential`]: tokens and AK/SK;
//!   [`signing`]: `SDK-HMAC-SHA256`, for requests built by hand.
//! - [`error`]: the one error type client methods return, and [`Response`], what they return.
//! - [`validation`]: the violation report and the [`Validate`] trait.
//! - [`waiter`]: the options and outcome of waiting for an operation to finish.
//! - `mock` (feature `mock`): the server behind `huaweicloud_restore::mock::MockServer`.
//! - [`reflect`]: tables of the generated types and operations, by their spec names, for tools
//!   that work from the spec (the conformance tests, a mock server).
//!
//! How it works, in private modules each documented for maintainers: `transport` (URL
//! building, sending, retries, reading responses), `paging` (a listing's stream), `waiting`
//! (polling with backoff and a deadline), `validating` (the rule checks), `wire` (values as
//! text, JSON kinds, the macros behind each type and enum) and `mocking` (the server).

#![warn(missing_docs)]

pub mod config;
pub mod credential;
pub mod error;
#[doc(hidden)]
pub mod for_generated;
#[cfg(feature = "mock")]
mod mocking;
mod paging;
pub mod reflect;
pub mod signing;
mod transport;
mod validating;
mod waiting;
mod wire;

/// A mock of the documented APIs: a real HTTP server on 127.0.0.1 that routes, parses,
/// validates and answers as the spec says (feature `mock`). The generated crate's
/// `huaweicloud_restore::mock::MockServer` starts it over every service it has.
#[cfg(feature = "mock")]
pub mod mock {
    pub use crate::mocking::{
        Behavior, MockOptions, MockServer, Outcome, RecordedRequest, DEFAULT_MAX_CONNECTIONS,
        DEFAULT_PENDING_POLLS, DEFAULT_READ_TIMEOUT, DEFAULT_RECORD_LIMIT, MAX_BODY, MAX_STARTED,
    };
}

/// Validation: every rule the pages state, checked on a request before it is sent.
/// [`Validate::validate`] returns every violation, each with the path of the offending field,
/// the [`Rule`] broken and a readable message.
pub mod validation {
    pub use crate::validating::{FieldPath, Rule, Validate, ValidationError, Violation};
}

/// Waiting for a long-running operation: how to poll ([`WaitOptions`]), what each change of
/// status says ([`StatusChange`]) and how a wait ends ([`WaitError`]). Each generated waiter
/// (`ddm::Client::wait_for_job` ...) says what to poll and which statuses mean what.
///
/// With the `tracing` feature, a wait is one span (target `huaweicloud_restore`, name `wait`:
/// `waiter`, `service`, `operation`, `resource`), the parent of each poll's `call` span. Within
/// it, an event `status` for each change of status (`previous`, `status`, `polls`,
/// `elapsed_ms`) and one `outcome` at the end (`outcome`: `done`, `failed`, `unexpected`,
/// `deadline` or `call error`; with `status`, `polls`, `elapsed_ms`, and for a call error its
/// kind as `error`). No token, key, header, body or failure message is recorded.
pub mod waiter {
    pub use crate::waiting::{StatusChange, WaitError, WaitOptions};
}

pub use config::{Clock, Config, RetryPolicy};
pub use credential::{AkSk, Credential, Secret};
pub use error::{ApiError, Error, InvalidResponse, PagingError};
/// What a listing's `_all` method returns a stream of pages' items as.
pub use paging::Stream;
pub use transport::Response;
pub use validating::{Rule, Validate, ValidationError, Violation};
pub use waiting::{StatusChange, WaitError, WaitOptions};
pub use wire::{OpenEnum, TextOrNumber};

/// The HTTP client crate this one is built on, for the types a caller names:
/// [`Config::with_http_client`] takes a [`reqwest::Client`], and [`Response::headers`] and
/// [`ApiError::headers`] are a [`HeaderMap`].
pub use reqwest;
/// Response headers, as [`Response::headers`] and [`ApiError::headers`] hold them.
pub use reqwest::header::HeaderMap;

/// What a caller of the clients usually needs, in one `use`:
///
/// ```
/// use huaweicloud_restore::prelude::*;
///
/// let config = Config::new(Credential::token("t")).with_region("ap-southeast-1");
/// let body = huaweicloud_restore::ddm::RestoreMetadataBody::new(
///     huaweicloud_restore::ddm::RestoreMetaDataSource::new(),
///     huaweicloud_restore::ddm::RestoreMetaDataTarget::new(vec![], "i"),
/// );
/// let err: ValidationError = body.validate().unwrap_err(); // `Validate` is in scope
/// assert_eq!(err.violations()[0].rule, Rule::AnyOf);
/// # let _ = config;
/// ```
///
/// It also brings the stream extension traits (as `_`), so a listing's stream can be
/// `try_collect`ed or `.next()`ed without naming `futures-util`.
pub mod prelude {
    pub use super::config::{Config, RetryPolicy};
    pub use super::credential::{AkSk, Credential};
    pub use super::error::{ApiError, Error, PagingError};
    pub use super::transport::Response;
    pub use super::validating::{Rule, Validate, ValidationError, Violation};
    pub use super::waiting::{StatusChange, WaitError, WaitOptions};
    pub use futures_util::{StreamExt as _, TryStreamExt as _};
}
