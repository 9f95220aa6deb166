//! The hand-written runtime of `huaweicloud-restore`: what the generated clients call into. It
//! never calls generated code; the generated crate re-exports it as `huaweicloud_restore::runtime`,
//! which is the path users name.
//!
//! Generated code reaches it only through [`for_generated`] (hidden from the documentation):
//! that module is the generator's contract with the runtime. Everything else public here is
//! what users of the clients may name.
//!
//! - [`config`]: endpoints, timeouts, retries; [`credential`]: tokens and AK/SK;
//!   [`signing`]: `SDK-HMAC-SHA256`, for the transport and for requests built by hand.
//! - [`transport`]: URL building, sending, retries, reading responses.
//! - [`error`]: the one error type client methods return.
//! - [`paging`]: streaming a listing page by page.
//! - `mock` (feature `mock`): the server behind `huaweicloud_restore::mock::MockServer`.
//! - [`validation`]: the violation report and the [`Validate`] trait.
//! - [`waiter`]: polling an operation until what it reports is done, failed or out of time.
//! - [`wire`]: query and header parameters as text, and what every generated enum implements.
//! - [`reflect`]: tables of the generated types and operations, by their spec names, for tools
//!   that work from the spec (the conformance tests, a mock server).

pub mod config;
pub mod credential;
pub mod error;
#[doc(hidden)]
pub mod for_generated;
#[cfg(feature = "mock")]
pub mod mock;
pub mod paging;
pub mod reflect;
pub mod signing;
pub mod transport;
pub mod validation;
pub mod waiter;
pub mod wire;

pub use config::{Clock, Config, RetryPolicy};
pub use credential::{AkSk, Credential, Secret};
pub use error::{ApiError, Error, InvalidResponse, PagingError};
/// What a listing's `_all` method returns a stream of pages' items as.
pub use paging::Stream;
pub use transport::Response;
pub use validation::{Rule, Validate, ValidationError, Violation};
pub use waiter::{WaitError, WaitOptions};
pub use wire::TextOrNumber;

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
    pub use super::validation::{Rule, Validate, ValidationError, Violation};
    pub use super::waiter::{StatusChange, WaitError, WaitOptions};
    pub use futures_util::{StreamExt as _, TryStreamExt as _};
}
