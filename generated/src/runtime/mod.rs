//! The hand-written runtime that generated modules call into. It never calls generated code.
//!
//! - [`validation`]: the violation report and the [`Validate`](validation::Validate) trait.
//! - [`reflect`]: tables of the generated types and operations, by their spec names, for tools
//!   that work from the spec (the conformance tests, a mock server).

pub mod reflect;
pub mod validation;

/// The README's examples, compiled and run as doctests so that the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
