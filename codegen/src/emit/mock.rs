//! The mock server's side of a service: one handler per operation, generated from the spec,
//! and the route table handed to the hand-written server (`runtime::mock`). Everything here is
//! behind the `mock` feature.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::{ident, rt, type_ident};
use crate::ir::{Operation, Segment, Service, Ty};

fn int_default(v: &Option<Value>, fallback: i64) -> Literal {
    Literal::i64_unsuffixed(v.as_ref().and_then(Value::as_i64).unwrap_or(fallback))
}

/// `MOCK_ROUTES`; each operation's handler comes apart ([`handler`]).
pub(crate) fn routes(s: &Service) -> TokenStream {
    let rt = rt();
    // What each operation starts, for each waiter that lists it: gathered once, by operation id.
    let mut starts_of: std::collections::HashMap<&str, Vec<TokenStream>> = std::collections::HashMap::new();
    for w in &s.operations {
        let Some(x) = &w.waiter else { continue };
        let waiter_const = format_ident!("{}", w.const_name);
        for st in &x.started_by {
            let id = match &st.id {
                crate::ir::StartId::Body(f) => {
                    let f = &f.wire;
                    quote! { #rt::mock::MockId::Body(#f) }
                }
                crate::ir::StartId::Path(p) => quote! { #rt::mock::MockId::Path(#p) },
            };
            starts_of.entry(st.operation.as_str()).or_default().push(quote! { #rt::mock::MockStart { waiter: &#waiter_const, id: #id } });
        }
    }
    let routes = s.operations.iter().map(|o| {
        let konst = format_ident!("{}", o.const_name);
        let handler = format_ident!("mock_{}", o.fn_name);
        let code = o
            .responses
            .iter()
            .filter(|r| r.status == Some(400))
            .flat_map(|r| &r.examples)
            .find_map(|e| e.value.get("error_code").and_then(Value::as_str).map(str::to_string));
        let code = match code {
            Some(c) => quote! { #c },
            None => quote! { #rt::mock::DEFAULT_ERROR_CODE },
        };
        let listing = match (&o.paging, success_example(o)) {
            (Some(pg), Some(ex)) => {
                let items = ex.get(&pg.items.wire).cloned().unwrap_or(Value::Array(Vec::new())).to_string();
                quote! { Some(#items) }
            }
            _ => quote! { None },
        };
        let starts = starts_of.get(o.id.as_str()).map_or(&[][..], Vec::as_slice);
        let waits = match &o.waiter {
            Some(w) => {
                let id = match &w.id {
                    crate::ir::WaiterId::Path(p) => quote! { #rt::mock::MockId::Path(#p) },
                    crate::ir::WaiterId::Query(f) => {
                        let f = &f.wire;
                        quote! { #rt::mock::MockId::Query(#f) }
                    }
                };
                let status = w.status.iter().map(|f| f.name.wire.as_str());
                let reason = w.reason.iter().map(|f| f.name.wire.as_str());
                let opt = |v: Option<&String>| match v {
                    Some(x) => quote! { Some(#x) },
                    None => quote! { None },
                };
                let (pending, failed) = (opt(w.pending.first()), opt(w.failed.first()));
                let done = w.done.first().cloned().unwrap_or_default();
                quote! { Some(#rt::mock::MockWait { id: #id, status: &[#(#status),*], reason: &[#(#reason),*], pending: #pending, done: #done, failed: #failed }) }
            }
            None => quote! { None },
        };
        let segments = o.segments.iter().map(|s| match s {
            Segment::Literal(text) => quote! { #rt::mock::Segment::Literal(#text) },
            Segment::Param(name) => quote! { #rt::mock::Segment::Param(#name) },
        });
        quote! {
            #rt::mock::MockRoute {
                operation: &#konst,
                handle: #handler,
                error_code: #code,
                default_listing: #listing,
                segments: &[#(#segments),*],
                starts: &[#(#starts),*],
                waits: #waits,
            }
        }
    });
    quote! {
        /// The mock server's routes for this service, one per operation (feature `mock`).
        #[cfg(feature = "mock")]
        pub static MOCK_ROUTES: &[#rt::mock::MockRoute] = &[#(#routes),*];
    }
}

/// The success the mock answers: the first documented 2xx with an example, else the first 2xx.
fn mock_success(o: &Operation) -> Option<&crate::ir::ResponseDef> {
    o.responses.iter().filter(|r| matches!(r.status, Some(200..=299))).find(|r| !r.examples.is_empty()).or_else(|| o.success())
}

fn success_example(o: &Operation) -> Option<Value> {
    mock_success(o).and_then(|r| r.examples.first()).map(|e| e.value.clone())
}

/// The mock's handler of one operation.
pub(crate) fn handler(s: &Service, o: &Operation) -> TokenStream {
    let rt = rt();
    let name = format_ident!("mock_{}", o.fn_name);
    let mut steps = Vec::new();
    if let Some(pp) = o.path_params.and_then(|p| s.struct_def(p)) {
        let t = format_ident!("{}", pp.rust_name);
        let args = pp.fields.iter().map(|f| {
            let wire = &f.wire_name;
            quote! { call.path(#wire) }
        });
        steps.push(quote! {
            let path = #t::new(#(#args),*);
            violations.extend(#rt::validation::Validate::violations(&path));
        });
    }
    if let Some(q) = o.query.and_then(|q| s.struct_def(q)) {
        let t = format_ident!("{}", q.rust_name);
        // Mandatory parameters first: each is read, or a `required` violation is recorded and a
        // stand-in keeps the rest of the checks going.
        let mandatory: Vec<_> = q.fields.iter().filter(|f| f.required).collect();
        let reads = mandatory.iter().map(|f| match (&f.ty, f.nullable) {
            (Ty::Vec(_), _) | (_, true) => {
                let (id, parse) = (ident(&f.rust_name), query_read(s, f));
                quote! { let #id = match #parse { Ok(v) => v, Err(reply) => return reply }; }
            }
            _ => read_mandatory(s, f, query_read(s, f)),
        });
        let args = mandatory.iter().map(|f| ident(&f.rust_name));
        let sets = q.fields.iter().filter(|f| !f.required).map(|f| {
            let id = ident(&f.rust_name);
            let parse = query_read(s, f);
            let value = if matches!(f.ty, Ty::Vec(_)) {
                quote! { (!v.is_empty()).then_some(v) }
            } else {
                quote! { v }
            };
            quote! {
                match #parse {
                    Ok(v) => query.#id = #value,
                    Err(reply) => return reply,
                }
            }
        });
        steps.push(quote! {
            #(#reads)*
            #[allow(unused_mut)]
            let mut query = #t::new(#(#args),*);
            #(#sets)*
            violations.extend(#rt::validation::Validate::violations(&query));
        });
    }
    if let Some(h) = o.headers.and_then(|h| s.struct_def(h)) {
        let t = format_ident!("{}", h.rust_name);
        let mandatory: Vec<_> = h.fields.iter().filter(|f| f.required && !f.nullable).collect();
        let reads = mandatory.iter().map(|f| read_mandatory(s, f, header_read(s, f)));
        let args: Vec<_> = h
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| {
                if f.nullable {
                    quote! { None }
                } else {
                    let id = ident(&f.rust_name);
                    quote! { #id }
                }
            })
            .collect();
        let sets = h.fields.iter().filter(|f| !f.required || f.nullable).map(|f| {
            let id = ident(&f.rust_name);
            let parse = header_read(s, f);
            quote! {
                match #parse {
                    Ok(v) => headers.#id = v,
                    Err(reply) => return reply,
                }
            }
        });
        steps.push(quote! {
            #(#reads)*
            #[allow(unused_mut)]
            let mut headers = #t::new(#(#args),*);
            #(#sets)*
            violations.extend(#rt::validation::Validate::violations(&headers));
        });
    }
    if let Some(b) = o.body.and_then(|b| s.struct_def(b)) {
        let t = format_ident!("{}", b.rust_name);
        steps.push(quote! {
            let body = match call.json::<#t>() {
                Ok(b) => b,
                Err(reply) => return reply,
            };
            violations.extend(#rt::validation::Validate::violations(&body));
        });
    }
    let success = mock_success(o);
    let status = success.and_then(|r| r.status).unwrap_or(200);
    let status = Literal::u16_unsuffixed(status);
    let answer = match (&o.paging, success_example(o)) {
        (Some(pg), _) => listing_answer(s, o, pg, &status),
        (None, Some(serde_json::Value::String(text))) if success.is_some_and(|r| r.text) => {
            quote! { #rt::mock::MockReply::text(#status, #text) }
        }
        (None, Some(ex)) => {
            let text = ex.to_string();
            quote! { #rt::mock::MockReply::json(#status, #text) }
        }
        // A documented body without an example: the empty object, which every lenient
        // response type reads (all its fields are optional).
        (None, None) if success.is_some_and(|r| r.body.is_some()) => quote! { #rt::mock::MockReply::json(#status, "{}") },
        (None, None) if success.is_some_and(|r| r.text) => quote! { #rt::mock::MockReply::text(#status, "") },
        (None, None) => quote! { #rt::mock::MockReply::empty(#status) },
    };
    let uses_query = o.paging.is_some();
    let silence = if o.query.is_some() && !uses_query {
        quote! { let _ = &query; }
    } else {
        quote! {}
    };
    let doc = format!(" The mock's handler of `{} {}`: parse, validate, answer as the page documents.", o.method, o.path);
    quote! {
        #[doc = #doc]
        #[cfg(feature = "mock")]
        fn #name(call: &#rt::mock::MockCall<'_>) -> #rt::mock::MockReply {
            #[allow(unused_mut)]
            let mut violations: Vec<#rt::validation::Violation> = Vec::new();
            #(#steps)*
            if !violations.is_empty() {
                return call.invalid(&violations);
            }
            #silence
            #answer
        }
    }
}

/// Reads a query parameter from the call: `Result<Option<T>, MockReply>`, or for an array
/// `Result<Vec<T>, MockReply>`.
fn query_read(s: &Service, f: &crate::ir::Field) -> TokenStream {
    param_read(s, f, quote! { query }, quote! { query_all })
}

/// Reads a header parameter from the call: `Result<Option<T>, MockReply>`.
fn header_read(s: &Service, f: &crate::ir::Field) -> TokenStream {
    param_read(s, f, quote! { header }, quote! { header })
}

/// `call.ONE::<T>(name)` (or `call.ALL::<T>(name)` for an array), with an enum's value made from
/// the string read.
fn param_read(s: &Service, f: &crate::ir::Field, one: TokenStream, all_of: TokenStream) -> TokenStream {
    let wire = &f.wire_name;
    let (ty, all) = match &f.ty {
        Ty::Vec(inner) => (inner.as_ref(), true),
        t => (t, false),
    };
    let (parse_as, convert) = match ty {
        Ty::I32 => (quote! { i32 }, quote! {}),
        Ty::I64 => (quote! { i64 }, quote! {}),
        Ty::F64 => (quote! { f64 }, quote! {}),
        Ty::Bool => (quote! { bool }, quote! {}),
        Ty::Enum(e) => {
            let e = type_ident(s, *e);
            (quote! { String }, quote! { #e::from })
        }
        _ => (quote! { String }, quote! {}),
    };
    match (all, convert.is_empty()) {
        (false, true) => quote! { call.#one::<#parse_as>(#wire) },
        (false, false) => quote! { call.#one::<#parse_as>(#wire).map(|v| v.map(#convert)) },
        (true, true) => quote! { call.#all_of::<#parse_as>(#wire) },
        (true, false) => quote! { call.#all_of::<#parse_as>(#wire).map(|v| v.into_iter().map(#convert).collect::<Vec<_>>()) },
    }
}

/// `let NAME = ...;` for a mandatory parameter read by `parse` (`Result<Option<T>, MockReply>`):
/// its value, or a `required` violation and a stand-in that keeps the other checks going.
fn read_mandatory(s: &Service, f: &crate::ir::Field, parse: TokenStream) -> TokenStream {
    let rt = rt();
    let (id, wire) = (ident(&f.rust_name), &f.wire_name);
    let stand_in = stand_in(s, &f.ty);
    quote! {
        let #id = match #parse {
            Ok(Some(v)) => v,
            Ok(None) => {
                violations.push(#rt::validation::Violation::new(
                    #rt::validation::FieldPath::root().field(#wire),
                    #rt::validation::Rule::Required,
                    "is mandatory",
                ));
                #stand_in
            }
            Err(reply) => return reply,
        };
    }
}

/// A stand-in value of a scalar type, for a mandatory parameter that is missing (the call is
/// answered 400 anyway).
fn stand_in(s: &Service, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Enum(e) => {
            let e = type_ident(s, *e);
            quote! { #e::from(String::new()) }
        }
        _ => quote! { Default::default() },
    }
}

fn listing_answer(s: &Service, o: &Operation, pg: &crate::ir::Paging, status: &Literal) -> TokenStream {
    let rt = rt();
    let q = o.query.and_then(|q| s.struct_def(q));
    let field = |name: &str| q.and_then(|q| q.fields.iter().find(|f| f.wire_name == name));
    let offset_default = int_default(&field(&pg.offset.wire).and_then(|f| f.default.clone()), 0);
    let limit_default = int_default(&field(&pg.limit.wire).and_then(|f| f.default.clone()), pg.page_size);
    let (offset, limit, items) = (ident(&pg.offset.rust), ident(&pg.limit.rust), &pg.items.wire);
    let (offset_wire, limit_wire) = (&pg.offset.wire, &pg.limit.wire);
    let body = o.success().and_then(|r| r.body).and_then(|b| s.struct_def(b));
    let has = |name: &str| body.is_some_and(|b| b.fields.iter().any(|f| f.wire_name == name));
    let echo_offset = has(offset_wire).then(|| quote! { page.insert(#offset_wire.to_string(), offset.into()); });
    let echo_limit = has(limit_wire).then(|| quote! { page.insert(#limit_wire.to_string(), limit.into()); });
    let total = pg.total.as_ref().map(|t| {
        let t = &t.wire;
        quote! { page.insert(#t.to_string(), items.len().into()); }
    });
    // The example's other fields (`latest_restorable_time`, ...) are answered as documented.
    let paging_fields = [Some(&pg.items.wire), Some(offset_wire), Some(limit_wire), pg.total.as_ref().map(|t| &t.wire)];
    let others: serde_json::Map<String, Value> = success_example(o)
        .and_then(|e| e.as_object().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| !paging_fields.contains(&Some(k)))
        .collect();
    let start_page = if others.is_empty() {
        quote! { ::serde_json::Map::new() }
    } else {
        let text = Value::Object(others).to_string();
        quote! { ::serde_json::from_str::<::serde_json::Map<String, ::serde_json::Value>>(#text).unwrap_or_default() }
    };
    quote! {
        let items = call.listing();
        let offset = query.#offset.unwrap_or(#offset_default);
        let limit = query.#limit.unwrap_or(#limit_default);
        let start = usize::try_from(offset).unwrap_or(0).min(items.len());
        let end = start.saturating_add(usize::try_from(limit).unwrap_or(0)).min(items.len());
        let mut page = #start_page;
        page.insert(#items.to_string(), ::serde_json::Value::Array(items[start..end].to_vec()));
        #echo_offset
        #echo_limit
        #total
        #rt::mock::MockReply::json(#status, ::serde_json::Value::Object(page).to_string())
    }
}
