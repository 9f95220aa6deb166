//! The mock server's side of a service: one handler per operation, generated from the spec,
//! and the route table handed to the hand-written server (`runtime::mock`). Everything here is
//! behind the `mock` feature.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::{ident, rt, type_ident};
use crate::ir::{Operation, Service, Ty};

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
                quote! { .listing(#items) }
            }
            _ => quote! {},
        };
        let starts = match starts_of.get(o.id.as_str()) {
            Some(starts) => quote! { .starts(&[#(#starts),*]) },
            None => quote! {},
        };
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
                quote! { .waits(#rt::mock::MockWait { id: #id, status: &[#(#status),*], reason: &[#(#reason),*], pending: #pending, done: #done, failed: #failed }) }
            }
            None => quote! {},
        };
        quote! { #rt::mock::MockRoute::new(&#konst, #handler, #code) #listing #starts #waits }
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

/// The mock's handler of one operation: read the path parameters, the query, the headers and
/// the body, validate them all, answer.
pub(crate) fn handler(s: &Service, o: &Operation) -> TokenStream {
    let rt = rt();
    let name = format_ident!("mock_{}", o.fn_name);
    let mut steps = Vec::new();
    let mut parts = Vec::new();
    if let Some(pp) = o.path_params.and_then(|p| s.struct_def(p)) {
        let t = format_ident!("{}", pp.rust_name);
        let wires = pp.fields.iter().map(|f| &f.wire_name);
        steps.push(quote! { let path = #t::new(#(call.path(#wires)),*); });
        parts.push(quote! { &path });
    }
    if let Some(q) = o.query.and_then(|q| s.struct_def(q)) {
        let query = format_ident!("query");
        steps.push(parameters(s, q, &query, |f| param_read(s, f, quote! { query }, quote! { query_all }, quote! { query_list })));
        parts.push(quote! { &#query });
    }
    if let Some(h) = o.headers.and_then(|h| s.struct_def(h)) {
        let headers = format_ident!("headers");
        steps.push(parameters(s, h, &headers, |f| param_read(s, f, quote! { header }, quote! { header }, quote! { header })));
        parts.push(quote! { &#headers });
    }
    if let Some(b) = o.body.and_then(|b| s.struct_def(b)) {
        let t = format_ident!("{}", b.rust_name);
        steps.push(quote! { let body: #t = call.json()?; });
        parts.push(quote! { &body });
    }
    let success = mock_success(o);
    let status = success.and_then(|r| r.status).unwrap_or(200);
    let status = Literal::u16_unsuffixed(status);
    let answer = match (&o.paging, success_example(o)) {
        (Some(pg), _) => listing_answer(s, o, pg, &status),
        (None, Some(serde_json::Value::String(text))) if success.is_some_and(|r| r.text) => {
            quote! { Ok(#rt::mock::MockReply::text(#status, #text)) }
        }
        (None, Some(ex)) => {
            let text = ex.to_string();
            quote! { Ok(#rt::mock::MockReply::json(#status, #text)) }
        }
        // A documented body without an example: the empty object, which every lenient
        // response type reads (all its fields are optional).
        (None, None) if success.is_some_and(|r| r.body.is_some()) => quote! { Ok(#rt::mock::MockReply::json(#status, "{}")) },
        (None, None) if success.is_some_and(|r| r.text) => quote! { Ok(#rt::mock::MockReply::text(#status, "")) },
        (None, None) => quote! { Ok(#rt::mock::MockReply::empty(#status)) },
    };
    let doc = format!(" The mock's handler of `{} {}`: parse, validate, answer as the page documents.", o.method, o.path);
    quote! {
        #[doc = #doc]
        #[cfg(feature = "mock")]
        fn #name(call: &#rt::mock::MockCall<'_>) -> #rt::mock::Handled {
            #(#steps)*
            call.validate(&[#(#parts),*])?;
            #answer
        }
    }
}

/// `let NAME = TYPE::new(...)` for the query or header parameters `d` (the mandatory ones read
/// first: a missing one is a `required` violation and a stand-in that keeps the other checks
/// going), then each optional one set.
fn parameters(s: &Service, d: &crate::ir::StructDef, name: &Ident, read: impl Fn(&crate::ir::Field) -> TokenStream) -> TokenStream {
    let t = format_ident!("{}", d.rust_name);
    let mandatory: Vec<_> = d.fields.iter().filter(|f| f.required).collect();
    let reads = mandatory.iter().map(|f| {
        let (id, wire, parse) = (ident(&f.rust_name), &f.wire_name, read(f));
        match (&f.ty, f.nullable) {
            // An array is read whole (none is an empty list); a nullable one may be absent.
            (Ty::Vec(_), _) | (_, true) => quote! { let #id = #parse?; },
            (ty, false) => {
                let stand_in = stand_in(s, ty);
                quote! { let #id = call.required(#parse?, #wire)#stand_in; }
            }
        }
    });
    let args = mandatory.iter().map(|f| ident(&f.rust_name));
    let sets: Vec<TokenStream> = d
        .fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| {
            let (id, parse) = (ident(&f.rust_name), read(f));
            quote! { #name.#id = #parse?; }
        })
        .collect();
    let binding = if sets.is_empty() {
        quote! { #name }
    } else {
        quote! { mut #name }
    };
    quote! {
        #(#reads)*
        let #binding = #t::new(#(#args),*);
        #(#sets)*
    }
}

/// How the handler reads parameter `f`: `call.ONE(name)` (`Result<Option<T>, MockReply>`); for
/// a mandatory array `call.ALL::<T>(name)` (`Result<Vec<T>, MockReply>`), for an optional one
/// `call.LIST(name)` (`Result<Option<Vec<T>>, MockReply>`, none for an empty list). An optional
/// parameter's type is its field's; a mandatory one's is named, as it goes to the type's
/// constructor. An enum parses from any string.
fn param_read(s: &Service, f: &crate::ir::Field, one: TokenStream, all_of: TokenStream, list: TokenStream) -> TokenStream {
    let wire = &f.wire_name;
    let (ty, array) = match &f.ty {
        Ty::Vec(inner) => (inner.as_ref(), true),
        t => (t, false),
    };
    if !f.required {
        return if array {
            quote! { call.#list(#wire) }
        } else {
            quote! { call.#one(#wire) }
        };
    }
    let parse_as = match ty {
        Ty::I32 => quote! { i32 },
        Ty::I64 => quote! { i64 },
        Ty::F64 => quote! { f64 },
        Ty::Bool => quote! { bool },
        Ty::Enum(e) => {
            let e = type_ident(s, *e);
            quote! { #e }
        }
        _ => quote! { String },
    };
    if array {
        quote! { call.#all_of::<#parse_as>(#wire) }
    } else {
        quote! { call.#one::<#parse_as>(#wire) }
    }
}

/// `.unwrap_or...` with a stand-in value of a scalar type, for a mandatory parameter that is
/// missing (the call is answered 400 anyway).
fn stand_in(s: &Service, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Enum(e) => {
            let e = type_ident(s, *e);
            quote! { .unwrap_or_else(|| #e::from("")) }
        }
        _ => quote! { .unwrap_or_default() },
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
    let echo_offset = has(offset_wire).then(|| quote! { .echo_offset(#offset_wire) });
    let echo_limit = has(limit_wire).then(|| quote! { .echo_limit(#limit_wire) });
    let total = pg.total.as_ref().map(|t| {
        let t = &t.wire;
        quote! { .total(#t) }
    });
    // The example's other fields (`latest_restorable_time`, ...) are answered as documented.
    let paging_fields = [Some(&pg.items.wire), Some(offset_wire), Some(limit_wire), pg.total.as_ref().map(|t| &t.wire)];
    let others: serde_json::Map<String, Value> = success_example(o)
        .and_then(|e| e.as_object().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| !paging_fields.contains(&Some(k)))
        .collect();
    let others = (!others.is_empty()).then(|| {
        let text = Value::Object(others).to_string();
        quote! { .with_others(#text) }
    });
    quote! {
        let page = #rt::mock::Page::new(#items, query.#offset.unwrap_or(#offset_default), query.#limit.unwrap_or(#limit_default));
        Ok(call.page(#status, page #echo_offset #echo_limit #total #others))
    }
}
