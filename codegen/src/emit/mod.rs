//! Turns the IR into Rust source with quote, formatted by prettyplease.
//!
//! Output depends only on the IR (no maps with random order, no clocks), so it is
//! byte-identical on every run.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Branch, EnumDef, Field, Operation, Role, Service, StructDef, Ty, TypeDef};
use crate::HEADER;

mod client;
mod mock;

/// A generator bug: the emitter made Rust that does not parse. `cargo xtask gen` fails with it
/// and writes nothing, rather than write the broken tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError(pub String);

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "generator bug: {}", self.0)
    }
}

impl std::error::Error for EmitError {}

/// An identifier, raw (`r#type`) when the name is a keyword.
pub(crate) fn ident(name: &str) -> Ident {
    match syn::parse_str::<Ident>(name) {
        Ok(_) => Ident::new(name, Span::call_site()),
        Err(_) => Ident::new_raw(name, Span::call_site()),
    }
}

/// `#[doc = "..."]` attributes, one per line.
pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    // No blank line at either end, and never two in a row.
    let mut kept: Vec<&String> = Vec::new();
    for l in lines {
        if l.is_empty() && kept.last().is_none_or(|p| p.is_empty()) {
            continue;
        }
        kept.push(l);
    }
    while kept.last().is_some_and(|l| l.is_empty()) {
        kept.pop();
    }
    let lines = kept;
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}

/// `#![doc = "..."]` attributes, one per line, for a module's own documentation.
fn inner_doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote! { #![doc = #text] }
    });
    quote! { #(#attrs)* }
}

/// The struct named `name` (Rust or spec name) in `s`.
pub(crate) fn find_struct<'a>(s: &'a Service, name: &str) -> Option<&'a StructDef> {
    s.types.iter().find_map(|t| match t {
        TypeDef::Struct(d) if d.rust_name == name || d.spec_name == name => Some(d),
        _ => None,
    })
}

pub(crate) fn rt() -> TokenStream {
    quote! { runtime }
}

pub(crate) fn ty_tokens(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote! { String },
        Ty::I32 => quote! { i32 },
        Ty::I64 => quote! { i64 },
        Ty::F64 => quote! { f64 },
        Ty::Bool => quote! { bool },
        Ty::Vec(inner) => {
            let i = ty_tokens(inner);
            quote! { Vec<#i> }
        }
        Ty::Struct(n) | Ty::Enum(n) => {
            let n = format_ident!("{}", n);
            quote! { #n }
        }
        Ty::Map(inner) => {
            let i = ty_tokens(inner);
            quote! { ::std::collections::BTreeMap<String, #i> }
        }
        Ty::Json => quote! { ::serde_json::Value },
    }
}

fn has_float(ty: &Ty, float_structs: &BTreeSet<String>) -> bool {
    match ty {
        Ty::F64 => true,
        Ty::Vec(i) | Ty::Map(i) => has_float(i, float_structs),
        Ty::Struct(n) => float_structs.contains(n),
        _ => false,
    }
}

/// The structs that hold a float, directly or through other structs: they cannot derive `Eq`.
fn float_structs(types: &[TypeDef]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    loop {
        let before = found.len();
        for t in types {
            if let TypeDef::Struct(s) = t {
                if s.fields.iter().any(|f| has_float(&f.ty, &found)) {
                    found.insert(s.rust_name.clone());
                }
            }
        }
        if found.len() == before {
            return found;
        }
    }
}

/// Format a token stream as a file with the generated-code header, or the generator bug that
/// made tokens that do not parse.
pub(crate) fn file(tokens: TokenStream) -> Result<String, EmitError> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| EmitError(format!("the emitted module does not parse: {e}")))?;
    Ok(format!("{HEADER}\n\n{}", prettyplease::unparse(&parsed)))
}

/// The crate root: module declarations for the runtime and every service.
pub fn crate_root(services: &[Service]) -> Result<String, EmitError> {
    let mods = services.iter().map(|s| {
        let m = format_ident!("{}", s.module);
        let first = s.doc.first().cloned().unwrap_or_default();
        let d = doc_attrs(&[first]);
        quote! { #d #[rustfmt::skip] pub mod #m; }
    });
    let list: Vec<String> = services.iter().map(|s| format!("- [`{0}`], from `{1}`", s.module, s.spec_file)).collect();
    let mut doc = vec![
        "Typed, validated Rust bindings for Huawei Cloud's backup and restore APIs, generated from".to_string(),
        "their documentation by `cargo xtask gen`.".to_string(),
        String::new(),
        "One module per service, each from one OpenAPI document in the repository's `spec/`:".to_string(),
    ];
    doc.extend(list);
    doc.extend([
        String::new(),
        "Request types are validated with".to_string(),
        "[`Validate::validate`](runtime::validation::Validate::validate), which returns every".to_string(),
        "violation of the rules the pages state; response types parse leniently.".to_string(),
        String::new(),
        "`use huaweicloud_restore::prelude::*;` brings what a caller usually names: the config,".to_string(),
        "credentials, errors, `Validate` and the stream extension traits.".to_string(),
    ]);
    let doc = inner_doc_attrs(&doc);
    let entries = services.iter().map(|s| {
        let m = format_ident!("{}", s.module);
        quote! { &#m::SERVICE }
    });
    file(quote! {
        #doc
        #![warn(missing_docs)]

        extern crate self as huaweicloud_restore;

        pub mod runtime;
        pub use runtime::prelude;
        #(#mods)*

        /// Every service, with its endpoint, operations and types.
        #[rustfmt::skip]
        pub static SERVICES: &[&runtime::reflect::ServiceInfo] = &[#(#entries),*];

        /// A mock of every documented API, generated from the spec (feature `mock`): see
        /// [`MockServer`](mock::MockServer).
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock {
            pub use crate::runtime::mock::{Behavior, MockOptions, MockServer, RecordedRequest, MAX_BODY, DEFAULT_RECORD_LIMIT};
        }

        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        impl runtime::mock::MockServer {
            /// Start a mock of every service on 127.0.0.1, on a free port; any non-empty
            /// token is accepted.
            pub async fn start() -> std::io::Result<Self> {
                Self::start_for(SERVICES, runtime::mock::MockOptions::default()).await
            }

            /// Start a mock of every service as `options` say.
            pub async fn start_with(options: runtime::mock::MockOptions) -> std::io::Result<Self> {
                Self::start_for(SERVICES, options).await
            }
        }
    })
}

/// One service module.
pub fn service(s: &Service) -> Result<String, EmitError> {
    let doc = inner_doc_attrs(&s.doc);
    let rt = rt();
    let ops = s.operations.iter().map(|o| operation_const(s, o));
    let op_consts = s.operations.iter().map(|o| format_ident!("{}", o.const_name));
    let client = client::client(s)?;
    let service_info = service_info(s);
    let mock = mock::mock(s);
    let floats = float_structs(&s.types);
    let types = s.types.iter().map(|t| match t {
        TypeDef::Struct(d) => struct_def(d, &floats),
        TypeDef::Enum(e) => enum_def(e),
    });
    let entries = s.types.iter().filter_map(|t| match t {
        TypeDef::Struct(d) => {
            let name = &d.spec_name;
            let ty = format_ident!("{}", d.rust_name);
            Some(match d.role {
                Role::Request => quote! {
                    #rt::reflect::TypeEntry { name: #name, role: #rt::reflect::TypeRole::Request, check: #rt::reflect::check_request::<#ty> }
                },
                Role::Response => quote! {
                    #rt::reflect::TypeEntry { name: #name, role: #rt::reflect::TypeRole::Response, check: #rt::reflect::check_response::<#ty> }
                },
            })
        }
        TypeDef::Enum(_) => None,
    });
    file(quote! {
        #doc

        use ::huaweicloud_restore::runtime;

        #(#ops)*

        /// Every operation of this service.
        pub static OPERATIONS: &[#rt::reflect::OperationInfo] = &[#(#op_consts),*];

        /// Every generated struct of this service, by its name in the spec: for the conformance
        /// tests, which check every documented example through it.
        #[doc(hidden)]
        pub static TYPES: &[#rt::reflect::TypeEntry] = &[#(#entries),*];

        #service_info

        #client

        #mock

        #(#types)*
    })
}

/// `SERVICE`: what the spec says about reaching the service, with its tables.
fn service_info(s: &Service) -> TokenStream {
    let rt = rt();
    let (name, spec, endpoint, token) = (&s.module, &s.spec_file, &s.endpoint, &s.token_header);
    let regions = s.region_endpoints.iter().map(|(r, u)| quote! { (#r, #u) });
    quote! {
        /// This service as its spec describes it: where it is, how a token is sent, its
        /// operations and types.
        pub static SERVICE: #rt::reflect::ServiceInfo = #rt::reflect::ServiceInfo {
            name: #name,
            spec_file: #spec,
            endpoint: #endpoint,
            region_endpoints: &[#(#regions),*],
            token_header: #token,
            operations: OPERATIONS,
            types: TYPES,
            #[cfg(feature = "mock")]
            mock_routes: MOCK_ROUTES,
        };
    }
}

fn opt_str(v: &Option<String>) -> TokenStream {
    match v {
        Some(s) => quote! { Some(#s) },
        None => quote! { None },
    }
}

fn operation_const(s: &Service, o: &Operation) -> TokenStream {
    let rt = rt();
    let doc = doc_attrs(&o.doc);
    let name = format_ident!("{}", o.const_name);
    let (id, method, path) = (&o.id, &o.method, &o.path);
    let module = &s.module;
    let body = opt_str(&o.body);
    let responses = o.responses.iter().map(|r| {
        let status = match r.status {
            Some(c) => {
                let c = Literal::u16_unsuffixed(c);
                quote! { Some(#c) }
            }
            None => quote! { None },
        };
        let b = opt_str(&r.body);
        quote! { #rt::reflect::ResponseInfo { status: #status, body: #b } }
    });
    quote! {
        #doc
        pub const #name: #rt::reflect::OperationInfo = #rt::reflect::OperationInfo {
            service: #module,
            id: #id,
            method: #method,
            path_template: #path,
            body: #body,
            responses: &[#(#responses),*],
        };
    }
}

fn struct_def(d: &StructDef, float_structs: &BTreeSet<String>) -> TokenStream {
    let rt = rt();
    let name = format_ident!("{}", d.rust_name);
    let doc = doc_attrs(&d.doc);
    let request = d.role == Role::Request;
    let all_optional = d.fields.iter().all(|f| !(request && f.required));
    let eq = if float_structs.contains(&d.rust_name) {
        quote! {}
    } else {
        quote! { Eq, }
    };
    let default = if all_optional {
        quote! { Default, }
    } else {
        quote! {}
    };
    let strict = if request {
        quote! { #[serde(deny_unknown_fields)] }
    } else {
        quote! {}
    };
    // A mandatory field of a request is a constructor argument; a nullable one is an
    // `Option` there too, and is always sent (`null` when `None`).
    let required = |f: &Field| request && f.required;
    let fields = d.fields.iter().map(|f| {
        let fdoc = doc_attrs(&f.doc);
        let id = ident(&f.rust_name);
        let t = ty_tokens(&f.ty);
        if required(f) && f.nullable {
            quote! {
                #fdoc
                #[serde(default)]
                pub #id: Option<#t>,
            }
        } else if required(f) {
            quote! { #fdoc pub #id: #t, }
        } else {
            quote! {
                #fdoc
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub #id: Option<#t>,
            }
        }
    });
    let args = d.fields.iter().filter(|f| required(f)).map(|f| {
        let id = ident(&f.rust_name);
        if f.nullable {
            let t = ty_tokens(&f.ty);
            quote! { #id: Option<#t> }
        } else if f.ty == Ty::String {
            quote! { #id: impl Into<String> }
        } else {
            let t = ty_tokens(&f.ty);
            quote! { #id: #t }
        }
    });
    let inits = d.fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        match (required(f), &f.ty) {
            (true, Ty::String) if !f.nullable => quote! { #id: #id.into() },
            (true, _) => quote! { #id },
            (false, _) => quote! { #id: None },
        }
    });
    let mandatory: Vec<String> = d.fields.iter().filter(|f| required(f)).map(|f| format!("`{}`", f.wire_name)).collect();
    let new_doc = if mandatory.is_empty() {
        format!(" A `{}` with every field unset.", d.rust_name)
    } else {
        format!(" A `{}` from its mandatory fields ({}); the optional ones start unset.", d.rust_name, mandatory.join(", "))
    };
    let setters = d.fields.iter().filter(|f| !required(f)).map(|f| {
        let id = ident(&f.rust_name);
        let setter = format_ident!("with_{}", f.rust_name);
        let sdoc = format!(" Set `{}`.", f.wire_name);
        if f.ty == Ty::String {
            quote! {
                #[doc = #sdoc]
                #[must_use]
                pub fn #setter(mut self, value: impl Into<String>) -> Self { self.#id = Some(value.into()); self }
            }
        } else {
            let t = ty_tokens(&f.ty);
            quote! {
                #[doc = #sdoc]
                #[must_use]
                pub fn #setter(mut self, value: #t) -> Self { self.#id = Some(value); self }
            }
        }
    });
    let query_pairs = if d.is_query {
        query_pairs(d)
    } else {
        quote! {}
    };
    let header_pairs = if d.is_headers {
        header_pairs(d)
    } else {
        quote! {}
    };
    let validate = if request {
        validate_impl(d)
    } else {
        quote! {}
    };
    let _ = &rt;
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #eq #default ::serde::Serialize, ::serde::Deserialize)]
        #strict
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #[doc = #new_doc]
            #[must_use]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
            #query_pairs
            #header_pairs
        }

        #validate
    }
}

fn header_pairs(d: &StructDef) -> TokenStream {
    let pushes = d.fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let wire = &f.wire_name;
        let to_s = match &f.ty {
            Ty::Enum(_) => quote! { v.as_str().to_string() },
            _ => quote! { v.to_string() },
        };
        if f.required && !f.nullable {
            quote! { { let v = &self.#id; pairs.push((#wire, #to_s)); } }
        } else {
            quote! { if let Some(v) = &self.#id { pairs.push((#wire, #to_s)); } }
        }
    });
    quote! {
        /// The headers that are set, as `(name, value)` pairs in the page's order.
        pub fn header_pairs(&self) -> Vec<(&'static str, String)> {
            let mut pairs = Vec::new();
            #(#pushes)*
            pairs
        }
    }
}

fn query_pairs(d: &StructDef) -> TokenStream {
    let pushes = d.fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        let wire = &f.wire_name;
        let (scalar, many) = match &f.ty {
            Ty::Vec(inner) => (inner.as_ref(), true),
            t => (t, false),
        };
        let to_s = match scalar {
            Ty::Enum(_) => quote! { v.as_str().to_string() },
            _ => quote! { v.to_string() },
        };
        let push = if many {
            quote! { for v in values { pairs.push((#wire, #to_s)); } }
        } else {
            quote! { let v = values; pairs.push((#wire, #to_s)); }
        };
        if f.required && !f.nullable {
            quote! { { let values = &self.#id; #push } }
        } else {
            quote! { if let Some(values) = &self.#id { #push } }
        }
    });
    quote! {
        /// The parameters that are set, as `(name, value)` pairs in the page's order; an array
        /// gives one pair per item (repeated keys), which the transport sorts as the signer does.
        pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
            let mut pairs = Vec::new();
            #(#pushes)*
            pairs
        }
    }
}

/// Checks on one value of type `ty`; `value` is an expression of type `&T`, `at` one that
/// makes its `FieldPath`.
fn value_checks(ty: &Ty, f: &Field, value: TokenStream, at: TokenStream) -> TokenStream {
    let rt = rt();
    match ty {
        Ty::String if f.header => quote! {
            out.extend(#rt::validation::Violation::header_value(#at, #value));
        },
        Ty::String if f.non_empty => quote! {
            if #value.is_empty() {
                out.push(#rt::validation::Violation::empty(#at));
            } else if #value == "." || #value == ".." {
                out.push(#rt::validation::Violation::dot_segment(#at, #value));
            }
        },
        Ty::I32 | Ty::I64 => {
            let lo = f.minimum.map(|lo| {
                let lit = Literal::i64_unsuffixed(lo);
                quote! { if i64::from(*#value) < #lit { out.push(#rt::validation::Violation::below_minimum(#at, i64::from(*#value), #lit)); } }
            });
            let hi = f.maximum.map(|hi| {
                let lit = Literal::i64_unsuffixed(hi);
                quote! { if i64::from(*#value) > #lit { out.push(#rt::validation::Violation::above_maximum(#at, i64::from(*#value), #lit)); } }
            });
            quote! { #lo #hi }
        }
        Ty::Enum(e) => {
            let e = format_ident!("{}", e);
            quote! {
                if !#value.is_known() { out.push(#rt::validation::Violation::unknown_value(#at, #value.as_str(), #e::VALUES)); }
            }
        }
        Ty::Struct(_) => quote! { #rt::validation::Validate::validate_at(#value, &#at, out); },
        Ty::Vec(inner) => {
            let inner_checks = value_checks(inner, f, quote! { item }, quote! { #at.index(i) });
            if inner_checks.is_empty() {
                quote! {}
            } else {
                quote! { for (i, item) in #value.iter().enumerate() { #inner_checks } }
            }
        }
        Ty::Map(inner) => {
            let inner_checks = value_checks(inner, f, quote! { item }, quote! { #at.field(key) });
            if inner_checks.is_empty() {
                quote! {}
            } else {
                quote! { for (key, item) in #value.iter() { #inner_checks } }
            }
        }
        _ => quote! {},
    }
}

fn validate_impl(d: &StructDef) -> TokenStream {
    let rt = rt();
    let name = format_ident!("{}", d.rust_name);
    let checks: Vec<TokenStream> = d
        .fields
        .iter()
        .filter_map(|f| {
            let id = ident(&f.rust_name);
            let wire = &f.wire_name;
            let c = value_checks(&f.ty, f, quote! { value }, quote! { path.field(#wire) });
            if c.is_empty() {
                return None;
            }
            Some(if f.required && !f.nullable {
                quote! { { let value = &self.#id; #c } }
            } else {
                quote! { if let Some(value) = &self.#id { #c } }
            })
        })
        .collect();
    let any_of = if d.any_of.is_empty() {
        quote! {}
    } else {
        any_of_checks(d)
    };
    let body_empty = checks.is_empty() && d.any_of.is_empty();
    let (path_arg, out_arg) = if body_empty { (quote! { _path }, quote! { _out }) } else { (quote! { path }, quote! { out }) };
    quote! {
        impl #rt::validation::Validate for #name {
            fn validate_at(&self, #path_arg: &#rt::validation::FieldPath, #out_arg: &mut Vec<#rt::validation::Violation>) {
                #(#checks)*
                #any_of
            }
        }
    }
}

fn any_of_checks(d: &StructDef) -> TokenStream {
    let rt = rt();
    let field = |rust: &str| d.fields.iter().find(|f| f.rust_name == rust);
    let present = |rust: &str| -> TokenStream {
        match field(rust) {
            Some(f) if f.required => quote! { true },
            _ => {
                let id = ident(rust);
                quote! { self.#id.is_some() }
            }
        }
    };
    let absent = |rust: &str| -> TokenStream {
        match field(rust) {
            Some(f) if f.required => quote! { false },
            _ => {
                let id = ident(rust);
                quote! { self.#id.is_none() }
            }
        }
    };
    let alternatives = d.any_of.iter().enumerate().map(|(i, b): (usize, &Branch)| {
        let missing_var = format_ident!("missing_{}", i);
        let restricted: Vec<&String> = b.restrictions.iter().map(|(r, _)| r).collect();
        let mut conds: Vec<TokenStream> = Vec::new();
        for (r, values) in &b.restrictions {
            let id = ident(r);
            if field(r).is_some_and(|f| f.required) {
                conds.push(quote! { [#(#values),*].contains(&self.#id.as_str()) });
            } else {
                conds.push(quote! { self.#id.as_ref().is_none_or(|v| [#(#values),*].contains(&v.as_str())) });
            }
        }
        for a in &b.absent {
            conds.push(absent(a));
        }
        let mut pushes = Vec::new();
        for (rust, wire) in &b.required {
            let p = present(rust);
            if restricted.contains(&rust) {
                conds.push(p);
            } else {
                let a = absent(rust);
                pushes.push(quote! { if #a { #missing_var.push(#wire); } });
            }
        }
        let cond = if conds.is_empty() {
            quote! { true }
        } else {
            quote! { #(#conds)&&* }
        };
        let desc = &b.description;
        (
            quote! {
                #[allow(unused_mut)]
                let mut #missing_var: Vec<&'static str> = Vec::new();
                #(#pushes)*
            },
            quote! { #rt::validation::Alternative { description: #desc, condition: #cond, missing: &#missing_var } },
        )
    });
    let (lets, alts): (Vec<_>, Vec<_>) = alternatives.unzip();
    quote! {
        #(#lets)*
        #rt::validation::any_of(path, &[#(#alts),*], out);
    }
}

fn enum_def(e: &EnumDef) -> TokenStream {
    let name = format_ident!("{}", e.rust_name);
    let doc = doc_attrs(&e.doc);
    let variants = e.values.iter().map(|v| {
        let d = doc_attrs(&v.doc);
        let id = format_ident!("{}", v.variant);
        quote! { #d #id, }
    });
    let wires: Vec<&String> = e.values.iter().map(|v| &v.wire).collect();
    let idents: Vec<Ident> = e.values.iter().map(|v| format_ident!("{}", v.variant)).collect();
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this crate does not know, kept exactly as received.
            Unknown(String),
        }

        impl #name {
            /// The documented values, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #wires,)*
                    Self::Unknown(other) => other,
                }
            }

            /// Whether this is one of the documented values.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#idents,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#idents,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_that_do_not_parse_fail_instead_of_being_written() {
        let err = file(quote! { pub struct ; }).unwrap_err();
        assert!(err.to_string().starts_with("generator bug: the emitted module does not parse"), "{err}");
        assert!(file(quote! { pub struct Fine; }).is_ok_and(|f| f.starts_with(HEADER)));
    }
}
