//! Tables: an operation constant per operation and the service's `SERVICE`, what the runtime
//! and the mock read about each.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::doc_attrs;
use crate::ir::{Operation, Retry, Segment, Service, TypeId};

/// `SERVICE`: what the spec says about reaching the service, with its tables.
pub(super) fn service_info(s: &Service) -> TokenStream {
    let (name, spec, endpoint, token) = (&s.module, &s.spec_file, &s.endpoint, &s.token_header);
    let regions = s.region_endpoints.iter().map(|(r, u)| quote! { (#r, #u) });
    quote! {
        /// This service as its spec describes it: where it is, how a token is sent, its
        /// operations and types.
        // With every feature on, `..BLANK` fills nothing; it is there for builds where the
        // runtime has a feature this crate has not.
        #[allow(clippy::needless_update)]
        pub static SERVICE: rt::ServiceInfo = rt::ServiceInfo {
            name: #name,
            spec_file: #spec,
            endpoint: #endpoint,
            region_endpoints: &[#(#regions),*],
            token_header: #token,
            operations: OPERATIONS,
            #[cfg(feature = "conformance")]
            types: TYPES,
            #[cfg(feature = "conformance")]
            calls: CALLS,
            #[cfg(feature = "mock")]
            mock_routes: MOCK_ROUTES,
            // What this crate's features leave out, should the runtime's have them on.
            ..rt::ServiceInfo::BLANK
        };
    }
}

pub(super) fn opt_str(v: &Option<String>) -> TokenStream {
    match v {
        Some(s) => quote! { Some(#s) },
        None => quote! { None },
    }
}

pub(super) fn operation_const(s: &Service, o: &Operation) -> TokenStream {
    // The method carries the operation's documentation; the constant names it.
    let doc = doc_attrs(&[format!(
        "`{} {}` ({}) as data, for the mock, the tests and tools: what [`Client::{}`] calls.",
        o.method, o.path, o.summary, o.fn_name
    )]);
    let name = format_ident!("{}", o.const_name);
    let (id, method, path) = (&o.id, &o.method, &o.path);
    let module = &s.module;
    let spec_name = |id: Option<TypeId>| id.map(|id| s.type_def(id).spec_name().to_string());
    let body = opt_str(&spec_name(o.body));
    let responses = o.responses.iter().map(|r| {
        let response = match r.status {
            Some(c) => {
                let c = Literal::u16_unsuffixed(c);
                quote! { rt::ResponseInfo::status(#c) }
            }
            None => quote! { rt::ResponseInfo::catch_all() },
        };
        match spec_name(r.body) {
            Some(b) => quote! { #response.with_body(#b) },
            None => response,
        }
    });
    let retry = match o.retry {
        Retry::Idempotent => quote! { rt::Retry::Idempotent },
        Retry::Never => quote! { rt::Retry::Never },
    };
    let segments = o.segments.iter().map(|seg| match seg {
        Segment::Literal(text) => quote! { rt::Segment::Literal(#text) },
        Segment::Param(name) => quote! { rt::Segment::Param(#name) },
    });
    quote! {
        #doc
        pub const #name: rt::OperationInfo = rt::OperationInfo {
            service: #module,
            id: #id,
            method: #method,
            path_template: #path,
            segments: &[#(#segments),*],
            retry: #retry,
            body: #body,
            responses: &[#(#responses),*],
        };
    }
}
