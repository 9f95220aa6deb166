//! The hand-written runtime that generated modules call into. It never calls generated code.
//!
//! - [`config`]: endpoints, timeouts, retries; [`credential`]: tokens and AK/SK;
//!   [`signing`]: `SDK-HMAC-SHA256`, for the transport and for requests built by hand.
//! - [`transport`]: URL building, sending, retries, reading responses.
//! - [`error`]: the one error type client methods return.
//! - [`paging`]: streaming a listing page by page.
//! - `mock` (feature `mock`): the server behind `huaweicloud_restore::mock::MockServer`.
//! - [`validation`]: the violation report and the [`Validate`](validation::Validate) trait.
//! - [`reflect`]: tables of the generated types and operations, by their spec names, for tools
//!   that work from the spec (the conformance tests, a mock server).

pub mod config;
pub mod credential;
pub mod error;
#[cfg(feature = "mock")]
pub mod mock;
pub mod paging;
pub mod reflect;
pub mod signing;
pub mod transport;
pub mod validation;

pub use config::{Clock, Config, RetryPolicy};
pub use credential::{AkSk, Credential, Secret};
pub use error::{ApiError, Error};
pub use transport::Response;

/// The README's examples, compiled and run as doctests so that the README stays true (with
/// the `mock` feature, which one of them uses; `cargo test --workspace` turns it on).
#[cfg(all(doctest, feature = "mock"))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
