//! The mock server's side of a service: one handler per operation, generated from the spec,
//! and the route table handed to the hand-written server (`rt::mock`). Everything here is
//! behind the `mock` feature.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::ident;
use super::text::{string, Source};
use crate::ir::{Operation, Service, Ty};

/// `MOCK_ROUTES`; each operation's handler comes apart ([`handler`]).
pub(crate) fn routes(s: &Service) -> TokenStream {
    // What each operation starts, for each waiter that lists it: gathered once, by operation id.
    let mut starts_of: std::collections::HashMap<&str, Vec<TokenStream>> =
        std::collections::HashMap::new();
    for w in &s.operations {
        let Some(x) = &w.waiter else { continue };
        let waiter_const = format_ident!("{}", w.const_name);
        for st in &x.started_by {
            let id = match &st.id {
                crate::ir::StartId::Body(f) => {
                    let f = &f.wire;
                    quote! { rt::MockId::Body(#f) }
                }
                crate::ir::StartId::Path(p) => quote! { rt::MockId::Path(#p) },
            };
            starts_of
                .entry(st.operation.as_str())
                .or_default()
                .push(quote! { rt::MockStart { waiter: &#waiter_const, id: #id } });
        }
    }
    let routes = s.operations.iter().map(|o| {
        let konst = format_ident!("{}", o.const_name);
        let handler = format_ident!("mock_{}", o.fn_name);
        // The runtime reads the error code out of the example, as it reads any error body.
        let error_example = o.responses.iter().filter(|r| r.status == Some(400)).flat_map(|r| &r.examples).next();
        let error_example = match error_example {
            Some(e) => {
                let json = e.value.to_string();
                quote! { .error_example(#json) }
            }
            None => quote! {},
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
                    crate::ir::WaiterId::Path(p) => quote! { rt::MockId::Path(#p) },
                    crate::ir::WaiterId::Query(f) => {
                        let f = &f.wire;
                        quote! { rt::MockId::Query(#f) }
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
                quote! { .waits(rt::MockWait { id: #id, status: &[#(#status),*], reason: &[#(#reason),*], pending: #pending, done: #done, failed: #failed }) }
            }
            None => quote! {},
        };
        quote! { rt::MockRoute::new(&#konst, #handler) #error_example #listing #starts #waits }
    });
    quote! {
        /// The mock server's routes for this service, one per operation (feature `mock`).
        #[cfg(feature = "mock")]
        pub static MOCK_ROUTES: &[rt::MockRoute] = &[#(#routes),*];
    }
}

/// The success the mock answers: the first documented 2xx with an example, else the first 2xx.
fn mock_success(o: &Operation) -> Option<&crate::ir::ResponseDef> {
    o.responses
        .iter()
        .filter(|r| matches!(r.status, Some(200..=299)))
        .find(|r| !r.examples.is_empty())
        .or_else(|| o.success())
}

fn success_example(o: &Operation) -> Option<Value> {
    mock_success(o).and_then(|r| r.examples.first()).map(|e| e.value.clone())
}

/// The mock's handler of one operation: read the path parameters, the query, the headers and
/// the body, validate them all, answer.
pub(crate) fn handler(s: &Service, o: &Operation) -> String {
    let mut src = Source::default();
    src.doc(&[format!(
        "The mock's handler of `{} {}`: parse, validate, answer as the page documents.",
        o.method, o.path
    )]);
    src.line("#[cfg(feature = \"mock\")]");
    src.open(format!("fn mock_{}(call: &rt::MockCall<'_>) -> rt::Handled {{", o.fn_name));
    let mut parts = Vec::new();
    if let Some(pp) = o.path_params.and_then(|p| s.struct_def(p)) {
        let values: Vec<String> =
            pp.fields.iter().map(|f| format!("call.path({})", string(&f.wire_name))).collect();
        src.list(&format!("let path = {}::new(", pp.rust_name), &values, ");");
        parts.push("&path");
    }
    if let Some(q) = o.query.and_then(|q| s.struct_def(q)) {
        parameters(&mut src, s, q, "query", |f| {
            param_read(s, f, "query", "query_all", "query_list")
        });
        parts.push("&query");
    }
    if let Some(h) = o.headers.and_then(|h| s.struct_def(h)) {
        parameters(&mut src, s, h, "headers", |f| param_read(s, f, "header", "header", "header"));
        parts.push("&headers");
    }
    if let Some(b) = o.body.and_then(|b| s.struct_def(b)) {
        src.line(format!("let body: {} = call.json()?;", b.rust_name));
        parts.push("&body");
    }
    src.line(format!("call.validate(&[{}])?;", parts.join(", ")));
    let success = mock_success(o);
    let status = success.and_then(|r| r.status).unwrap_or(200);
    match (&o.paging, success_example(o)) {
        (Some(pg), _) => listing_answer(&mut src, s, o, pg, status),
        (None, Some(serde_json::Value::String(text))) if success.is_some_and(|r| r.text) => {
            src.line(format!("Ok(rt::MockReply::text({status}, {}))", string(&text)));
        }
        (None, Some(ex)) => {
            src.line(format!("Ok(rt::MockReply::json({status}, {}))", string(&ex.to_string())))
        }
        // A documented body without an example: the empty object, which every lenient
        // response type reads (all its fields are optional).
        (None, None) if success.is_some_and(|r| r.body.is_some()) => {
            src.line(format!("Ok(rt::MockReply::json({status}, \"{{}}\"))"))
        }
        (None, None) if success.is_some_and(|r| r.text) => {
            src.line(format!("Ok(rt::MockReply::text({status}, \"\"))"))
        }
        (None, None) => src.line(format!("Ok(rt::MockReply::empty({status}))")),
    }
    src.close("}");
    src.finish()
}

/// `let NAME = TYPE::new(...)` for the query or header parameters `d` (the mandatory ones read
/// first: a missing one is a `required` violation and a stand-in that keeps the other checks
/// going), then each optional one set.
fn parameters(
    src: &mut Source,
    s: &Service,
    d: &crate::ir::StructDef,
    name: &str,
    read: impl Fn(&crate::ir::Field) -> String,
) {
    let mandatory: Vec<_> = d.fields.iter().filter(|f| f.required).collect();
    for f in &mandatory {
        let (id, parse) = (ident(&f.rust_name), read(f));
        match (&f.ty, f.nullable) {
            // An array is read whole (none is an empty list); a nullable one may be absent.
            (Ty::Vec(_), _) | (_, true) => src.line(format!("let {id} = {parse}?;")),
            (ty, false) => {
                let required = format!("call.required({parse}?, {})", string(&f.wire_name));
                let links: Vec<String> =
                    [stand_in(s, ty)].into_iter().filter(|l| !l.is_empty()).collect();
                src.chain(&format!("let {id} = "), &required, &links, ";");
            }
        }
    }
    let args: Vec<String> = mandatory.iter().map(|f| ident(&f.rust_name).to_string()).collect();
    let optional: Vec<_> = d.fields.iter().filter(|f| !f.required).collect();
    let binding = if optional.is_empty() { name.to_string() } else { format!("mut {name}") };
    src.list(&format!("let {binding} = {}::new(", d.rust_name), &args, ");");
    for f in optional {
        src.line(format!("{name}.{} = {}?;", ident(&f.rust_name), read(f)));
    }
}

/// How the handler reads parameter `f`: `call.ONE(name)` (`Result<Option<T>, MockReply>`); for
/// a mandatory array `call.ALL::<T>(name)` (`Result<Vec<T>, MockReply>`), for an optional one
/// `call.LIST(name)` (`Result<Option<Vec<T>>, MockReply>`, none for an empty list). An optional
/// parameter's type is its field's; a mandatory one's is named, as it goes to the type's
/// constructor. An enum parses from any string.
fn param_read(s: &Service, f: &crate::ir::Field, one: &str, all_of: &str, list: &str) -> String {
    let wire = string(&f.wire_name);
    let (ty, array) = match &f.ty {
        Ty::Vec(inner) => (inner.as_ref(), true),
        t => (t, false),
    };
    if !f.required {
        return if array { format!("call.{list}({wire})") } else { format!("call.{one}({wire})") };
    }
    let parse_as = match ty {
        Ty::I32 => "i32".to_string(),
        Ty::I64 => "i64".to_string(),
        Ty::F64 => "f64".to_string(),
        Ty::Bool => "bool".to_string(),
        Ty::Enum(e) => s.type_def(*e).rust_name().to_string(),
        _ => "String".to_string(),
    };
    if array {
        format!("call.{all_of}::<{parse_as}>({wire})")
    } else {
        format!("call.{one}::<{parse_as}>({wire})")
    }
}

/// `.unwrap_or...` with a stand-in value of a scalar type, for a mandatory parameter that is
/// missing (the call is answered 400 anyway).
fn stand_in(s: &Service, ty: &Ty) -> String {
    match ty {
        Ty::Enum(e) => format!(".unwrap_or_else(|| {}::from(\"\"))", s.type_def(*e).rust_name()),
        _ => ".unwrap_or_default()".to_string(),
    }
}

/// The answer of a listing: the page the query asks for, with the documented example's other
/// fields.
fn listing_answer(
    src: &mut Source,
    s: &Service,
    o: &Operation,
    pg: &crate::ir::Paging,
    status: u16,
) {
    let q = o.query.and_then(|q| s.struct_def(q));
    let field = |name: &str| q.and_then(|q| q.fields.iter().find(|f| f.wire_name == name));
    let default = |name: &str, fallback: i64| {
        field(name).and_then(|f| f.default.as_ref()).and_then(Value::as_i64).unwrap_or(fallback)
    };
    let (offset_default, limit_default) =
        (default(&pg.offset.wire, 0), default(&pg.limit.wire, pg.page_size));
    let (offset, limit) = (ident(&pg.offset.rust), ident(&pg.limit.rust));
    let (offset_wire, limit_wire) = (&pg.offset.wire, &pg.limit.wire);
    let body = o.success().and_then(|r| r.body).and_then(|b| s.struct_def(b));
    let has = |name: &str| body.is_some_and(|b| b.fields.iter().any(|f| f.wire_name == name));
    let mut page = String::from("page");
    if has(offset_wire) {
        page.push_str(&format!(".echo_offset({})", string(offset_wire)));
    }
    if has(limit_wire) {
        page.push_str(&format!(".echo_limit({})", string(limit_wire)));
    }
    if let Some(t) = &pg.total {
        page.push_str(&format!(".total({})", string(&t.wire)));
    }
    // The example's other fields (`latest_restorable_time`, ...) are answered as documented.
    let paging_fields = [
        Some(&pg.items.wire),
        Some(offset_wire),
        Some(limit_wire),
        pg.total.as_ref().map(|t| &t.wire),
    ];
    let others: serde_json::Map<String, Value> = success_example(o)
        .and_then(|e| e.as_object().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| !paging_fields.contains(&Some(k)))
        .collect();
    if !others.is_empty() {
        page.push_str(&format!(".with_others({})", string(&Value::Object(others).to_string())));
    }
    let args = [
        string(&pg.items.wire),
        format!("query.{offset}.unwrap_or({offset_default})"),
        format!("query.{limit}.unwrap_or({limit_default})"),
    ];
    src.list("let page = rt::MockPage::new(", &args, ");");
    src.line(format!("Ok(call.page({status}, {page}))"));
}
