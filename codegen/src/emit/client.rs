//! The `Client` of a service: one async method per operation, a streaming method per listing,
//! each with documentation and a runnable example made from the spec's examples.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::{doc_attrs, docs, ident, rt, type_ident, EmitError};
use crate::ir::{Operation, Segment, Service, Ty};

/// The success response: its status and Rust body type (None: no body).
fn success(s: &Service, o: &Operation) -> (u16, Option<Ident>, Option<Value>) {
    let r = o.success();
    let status = r.and_then(|r| r.status).unwrap_or(200);
    let body = r.and_then(|r| r.body).map(|b| type_ident(s, b));
    let example = r.and_then(|r| r.examples.first()).map(|e| e.value.clone());
    (status, body, example)
}

/// The client struct, its constructor and its base URL; each operation's methods come in their
/// own `impl Client` block ([`operation_impl`]).
pub(crate) fn client(s: &Service) -> TokenStream {
    let rt = rt();
    let module = &s.module;
    let title = s.title.clone();
    let doc = doc_attrs(&[
        format!("A client for {title}."),
        String::new(),
        "Built from a [`Config`](crate::runtime::Config); cheap to clone (clones share one connection pool).".to_string(),
        "Every method validates its inputs before anything is sent.".to_string(),
    ]);
    let new_doc = format!(" A `{module}` client as `config` says; fails on a bad endpoint or an empty credential.");
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: #rt::transport::Transport,
        }

        impl Client {
            #[doc = #new_doc]
            pub fn new(config: #rt::Config) -> Result<Self, #rt::Error> {
                Ok(Client { transport: #rt::transport::Transport::new(&config, &SERVICE)? })
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.transport.base_url()
            }
        }
    }
}

/// One operation's methods: the call, and its stream of pages and its waiter where it has them.
pub(crate) fn operation_impl(s: &Service, o: &Operation) -> Result<TokenStream, EmitError> {
    let method = method(s, o)?;
    let pager = if o.paging.is_some() { Some(pager(s, o)?) } else { None };
    let waiter = if o.waiter.is_some() { Some(waiter(s, o)?) } else { None };
    Ok(quote! {
        impl Client {
            #method
            #pager
            #waiter
        }
    })
}

struct Args {
    /// Each parameter's name and the type it borrows (`project_id`, `str`).
    params: Vec<(Ident, TokenStream)>,
    /// Values for the doc example, in the same order.
    example_args: Vec<TokenStream>,
}

impl Args {
    /// `name: &T, ...`.
    fn declare(&self) -> Vec<TokenStream> {
        self.params.iter().map(|(id, ty)| quote! { #id: &#ty }).collect()
    }
}

fn args(s: &Service, o: &Operation) -> Args {
    let mut params = Vec::new();
    let mut example_args = Vec::new();
    if let Some(pp) = o.path_params.and_then(|p| s.struct_def(p)) {
        for f in &pp.fields {
            let id = ident(&f.rust_name);
            params.push((id, quote! { str }));
            let v = o
                .parameter_examples
                .iter()
                .find(|(n, _)| n == &f.wire_name)
                .and_then(|(_, v)| v.as_str().map(str::to_string))
                .unwrap_or_else(|| format!("my-{}", f.wire_name.replace('_', "-")));
            example_args.push(quote! { #v });
        }
    }
    if let Some(q) = o.query {
        let t = type_ident(s, q);
        params.push((format_ident!("query"), quote! { #t }));
        example_args.push(quote! { &query });
    }
    if let Some(h) = o.headers {
        let t = type_ident(s, h);
        params.push((format_ident!("headers"), quote! { #t }));
        example_args.push(quote! { &headers });
    }
    if let Some(b) = o.body {
        let t = type_ident(s, b);
        params.push((format_ident!("body"), quote! { #t }));
        example_args.push(quote! { &body });
    }
    Args { params, example_args }
}

fn method(s: &Service, o: &Operation) -> Result<TokenStream, EmitError> {
    let rt = rt();
    let fn_name = format_ident!("{}", o.fn_name);
    let konst = format_ident!("{}", o.const_name);
    let params = args(s, o).declare();
    let (_, success_body, _) = success(s, o);
    let text = o.success().is_some_and(|r| r.text);
    let ret = match &success_body {
        _ if text => quote! { String },
        Some(t) => quote! { #t },
        None => quote! { () },
    };
    // What is validated, in order: the path parameters, the query, the headers, the body.
    let mut checked = Vec::new();
    let mut path_struct = quote! {};
    let path_params = o.path_params.and_then(|p| s.struct_def(p));
    if let Some(pp) = path_params {
        let t = format_ident!("{}", pp.rust_name);
        let ids: Vec<Ident> = pp.fields.iter().map(|f| ident(&f.rust_name)).collect();
        path_struct = quote! { let path = #t::new(#(#ids),*); };
        checked.push(quote! { &path });
    }
    // The path values, in the template's order; the transport fills the template with them,
    // each percent-encoded as one segment.
    let mut values = Vec::new();
    for segment in &o.segments {
        if let Segment::Param(name) = segment {
            let field = path_params.and_then(|pp| pp.fields.iter().find(|f| &f.wire_name == name));
            let Some(field) = field else { return Err(EmitError(format!("{}: no path parameter `{name}`", o.id))) };
            let id = ident(&field.rust_name);
            values.push(quote! { &path.#id });
        }
    }
    // The call, built up with what the operation has.
    let mut call = quote! { #rt::transport::Call::of(&#konst, &[#(#values),*])? };
    if o.query.is_some() {
        checked.push(quote! { query });
        call = quote! { #call.with_query(query.query_pairs()) };
    }
    if o.headers.is_some() {
        checked.push(quote! { headers });
        call = quote! { #call.with_headers(headers.header_pairs()) };
    }
    if o.body.is_some() {
        checked.push(quote! { body });
        call = quote! { #call.with_json(body)? };
    }
    let check = if checked.is_empty() {
        quote! {}
    } else {
        quote! { #rt::validation::ValidationError::check(&[#(#checked),*])?; }
    };
    let send = quote! { self.transport.execute(call).await? };
    let finish = if text {
        quote! { #send.text() }
    } else if success_body.is_some() {
        quote! { #send.json() }
    } else {
        quote! { Ok(#send.empty()) }
    };
    let doc = doc_attrs(&method_doc(s, o)?);
    Ok(quote! {
        #doc
        pub async fn #fn_name(&self, #(#params),*) -> Result<#rt::Response<#ret>, #rt::Error> {
            #path_struct
            #check
            let call = #call;
            #finish
        }
    })
}

fn method_doc(s: &Service, o: &Operation) -> Result<Vec<String>, EmitError> {
    let mut doc = docs::operation_doc(o);
    let errors: Vec<String> = o
        .responses
        .iter()
        .filter(|r| !matches!(r.status, Some(200..=299)))
        .map(|r| match r.status {
            Some(c) => format!("{c} ({})", r.description),
            None => r.description.clone(),
        })
        .collect();
    doc.push(String::new());
    doc.push("# Errors".into());
    doc.push(String::new());
    doc.push("- [`Error::Validation`](crate::runtime::Error::Validation), with every violation, before anything is sent.".into());
    if errors.is_empty() {
        doc.push("- [`Error::Api`](crate::runtime::Error::Api) for any error status (the page documents none).".into());
    } else {
        doc.push(format!("- [`Error::Api`](crate::runtime::Error::Api) for an error status; the page documents: {}.", errors.join(", ")));
    }
    doc.push("- [`Error::Timeout`](crate::runtime::Error::Timeout), [`Error::Connection`](crate::runtime::Error::Connection), and [`Error::InvalidResponse`](crate::runtime::Error::InvalidResponse) for a success whose body is not the documented one.".into());
    doc.push(String::new());
    doc.push("# Retries".into());
    doc.push(String::new());
    if o.method == "GET" {
        doc.push("Retried on connection errors and on 429, 502, 503 and 504 when the config's [`RetryPolicy`](crate::runtime::RetryPolicy) allows (off by default).".into());
    } else {
        doc.push(format!("Never retried: `{} {}` is not idempotent, and a request that may have reached the server is not sent again whatever the retry policy says. After a timeout or connection error, find out whether the job started before sending it again.", o.method, o.path));
    }
    doc.push(String::new());
    doc.push("# Example".into());
    doc.push(String::new());
    doc.extend(example(s, o)?);
    Ok(doc)
}

/// A Rust expression that builds `value` as type `ty`, through constructors and setters.
fn expr(s: &Service, ty: &Ty, value: &Value) -> TokenStream {
    let module = format_ident!("{}", s.module);
    match (ty, value) {
        (Ty::String, Value::String(v)) => quote! { #v },
        (Ty::I32 | Ty::I64, Value::Number(n)) => {
            let lit = Literal::i64_unsuffixed(n.as_i64().unwrap_or_default());
            quote! { #lit }
        }
        (Ty::F64, Value::Number(n)) => {
            let lit = Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
            quote! { #lit }
        }
        (Ty::Bool, Value::Bool(b)) => quote! { #b },
        (Ty::Vec(inner), Value::Array(items)) => {
            let items = items.iter().map(|v| match (inner.as_ref(), v) {
                (Ty::String, Value::String(x)) => quote! { #x.to_string() },
                _ => expr(s, inner, v),
            });
            quote! { vec![#(#items),*] }
        }
        (Ty::Enum(e), Value::String(v)) => {
            let e_id = type_ident(s, *e);
            let variant = s.enum_def(*e).and_then(|d| d.values.iter().find(|x| &x.wire == v)).map(|x| format_ident!("{}", x.variant));
            match variant {
                Some(var) => quote! { #module::#e_id::#var },
                None => quote! { #module::#e_id::from(#v) },
            }
        }
        (Ty::Json, v) => {
            let text = v.to_string();
            quote! { ::serde_json::from_str::<::serde_json::Value>(#text)? }
        }
        (Ty::Map(inner), Value::Object(obj)) => {
            let entries = obj.iter().map(|(k, v)| {
                let v = match (inner.as_ref(), v) {
                    (Ty::String, Value::String(x)) => quote! { #x.to_string() },
                    _ => expr(s, inner, v),
                };
                quote! { (#k.to_string(), #v) }
            });
            quote! { ::std::collections::BTreeMap::from([#(#entries),*]) }
        }
        (Ty::Struct(id), Value::Object(obj)) => {
            let Some(d) = s.struct_def(*id) else { return quote! { Default::default() } };
            let t = format_ident!("{}", d.rust_name);
            let args = d
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| obj.get(&f.wire_name).map_or_else(|| quote! { Default::default() }, |v| expr(s, &f.ty, v)));
            let setters = d.fields.iter().filter(|f| !f.required).filter_map(|f| {
                let v = obj.get(&f.wire_name)?;
                let setter = format_ident!("with_{}", f.rust_name);
                let e = expr(s, &f.ty, v);
                Some(quote! { .#setter(#e) })
            });
            quote! { #module::#t::new(#(#args),*) #(#setters)* }
        }
        _ => quote! { Default::default() },
    }
}

/// A value for a mandatory parameter in a doc example: the page's example value, else one that
/// keeps the documented rules.
fn mandatory_example(s: &Service, o: &Operation, f: &crate::ir::Field) -> TokenStream {
    let example = o.parameter_examples.iter().find(|(n, _)| n == &f.wire_name).map(|(_, v)| v.clone());
    let value = example.unwrap_or_else(|| match &f.ty {
        Ty::I32 | Ty::I64 => Value::from(f.minimum.unwrap_or(0).max(f.maximum.map_or(i64::MIN, |m| m.min(0)))),
        Ty::F64 => Value::from(0.0),
        Ty::Bool => Value::Bool(false),
        Ty::Vec(_) => Value::Array(Vec::new()),
        Ty::Enum(e) => s.enum_def(*e).and_then(|d| d.values.first()).map(|v| Value::String(v.wire.clone())).unwrap_or_default(),
        _ => Value::String(format!("my-{}", f.wire_name.replace('_', "-"))),
    });
    let e = expr(s, &f.ty, &value);
    if f.nullable {
        quote! { Some(#e.into()) }
    } else {
        e
    }
}

/// Format statements as the lines of a function body, or the generator bug that made
/// statements that do not parse.
fn format_statements(tokens: TokenStream) -> Result<Vec<String>, EmitError> {
    let wrapped = quote! { async fn example() { #tokens } };
    let file = syn::parse2::<syn::File>(wrapped).map_err(|e| EmitError(format!("a doc example does not parse: {e}")))?;
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    Ok(lines[1..lines.len().saturating_sub(1)].iter().map(|l| l.strip_prefix("    ").unwrap_or(l).to_string()).collect())
}

/// The lines of a doc example that make its config: the `use`s (`extra` first), a config for
/// a region, and (hidden) the local server's endpoint in its place.
fn config_lines(s: &Service, extra: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = extra.iter().map(|u| format!("use {u};")).collect();
    lines.extend([
        format!("use huaweicloud_restore::{};", s.module),
        "use huaweicloud_restore::runtime::{Config, Credential};".to_string(),
        "let config = Config::new(Credential::token(\"my-iam-token\")).with_region(\"ap-southeast-1\");".to_string(),
        "# let config = config.with_endpoint(server.uri());".to_string(),
    ]);
    lines
}

/// The hidden set-up of a doc example: a local server answering what the page documents.
fn hidden_setup(o: &Operation, status: u16, example: Option<&Value>) -> Vec<String> {
    let respond = match example {
        Some(Value::String(text)) if o.success().is_some_and(|r| r.text) => {
            format!("wiremock::ResponseTemplate::new({status}).set_body_raw({text:?}, \"text/plain\")")
        }
        Some(v) => format!("wiremock::ResponseTemplate::new({status}).set_body_raw({:?}, \"application/json\")", v.to_string()),
        None => format!("wiremock::ResponseTemplate::new({status})"),
    };
    vec![
        "# #[tokio::main(flavor = \"current_thread\")]".into(),
        "# async fn main() -> Result<(), Box<dyn std::error::Error>> {".into(),
        "# let server = wiremock::MockServer::start().await;".into(),
        format!("# wiremock::Mock::given(wiremock::matchers::method({:?})).respond_with({respond}).mount(&server).await;", o.method),
    ]
}

fn example(s: &Service, o: &Operation) -> Result<Vec<String>, EmitError> {
    let module = format_ident!("{}", s.module);
    let fn_name = format_ident!("{}", o.fn_name);
    let (status, _, example_body) = success(s, o);
    let Args { example_args, .. } = args(s, o);
    let mut lines = vec!["```".to_string()];
    lines.extend(hidden_setup(o, status, example_body.as_ref()));
    lines.extend(config_lines(s, &[]));
    let mut body = vec![quote! { let client = #module::Client::new(config)?; }];
    body.extend(example_inputs(s, o, None));
    let status_lit = Literal::u16_unsuffixed(status);
    body.push(quote! {
        let response = client.#fn_name(#(#example_args),*).await?;
        assert_eq!(response.status(), #status_lit);
        println!("{:?} (request id {:?})", response.body(), response.request_id());
    });
    lines.extend(format_statements(quote! { #(#body)* })?);
    lines.push("# Ok(())".into());
    lines.push("# }".into());
    lines.push("```".into());
    Ok(lines)
}

/// The statements a doc example needs before calling `o`: its query, headers and body, from the
/// page's examples (`query_id`: a query field given by the expression instead).
fn example_inputs(s: &Service, o: &Operation, query_id: Option<(&str, TokenStream)>) -> Vec<TokenStream> {
    let module = format_ident!("{}", s.module);
    let mut out = Vec::new();
    if let Some(q) = o.query.and_then(|q| s.struct_def(q)) {
        let t = format_ident!("{}", q.rust_name);
        let args = q.fields.iter().filter(|f| f.required).map(|f| match &query_id {
            Some((wire, e)) if *wire == f.wire_name => e.clone(),
            _ => mandatory_example(s, o, f),
        });
        out.push(quote! { let query = #module::#t::new(#(#args),*); });
    }
    if let Some(h) = o.headers.and_then(|h| s.struct_def(h)) {
        let t = format_ident!("{}", h.rust_name);
        let args = h.fields.iter().filter(|f| f.required).map(|f| mandatory_example(s, o, f));
        out.push(quote! { let headers = #module::#t::new(#(#args),*); });
    }
    if let Some(b) = o.body {
        let value = o.body_examples.first().map(|e| e.value.clone()).unwrap_or(Value::Object(Default::default()));
        let e = expr(s, &Ty::Struct(b), &value);
        out.push(quote! { let body = #e; });
    }
    out
}

/// An expression reading a waiter's value from `r` (a `Response`): the fields of `steps`, each
/// an `Option` unless mandatory, as an `Option<String>` (`last` turns the value into a `String`;
/// none: it is one).
fn read_path(steps: &[crate::ir::FieldStep], last: Option<TokenStream>) -> TokenStream {
    let mut e = quote! { Some(r.body()) };
    for step in steps {
        let f = ident(&step.name.rust);
        e = if step.required {
            quote! { #e.map(|v| &v.#f) }
        } else {
            quote! { #e.and_then(|v| v.#f.as_ref()) }
        };
    }
    match last {
        Some(last) => quote! { #e.map(#last) },
        None => quote! { #e.cloned() },
    }
}

/// The waiter of an operation with `x-waiter`: poll it until the status is done.
fn waiter(s: &Service, o: &Operation) -> Result<TokenStream, EmitError> {
    let rt = rt();
    let Some(w) = &o.waiter else { return Err(EmitError(format!("{} has no waiter", o.id))) };
    let name = format_ident!("{}", w.method);
    let fn_name = format_ident!("{}", o.fn_name);
    let all = args(s, o);
    let params = all.declare();
    let names: Vec<&Ident> = all.params.iter().map(|(id, _)| id).collect();
    let (_, body_t, _) = success(s, o);
    let Some(body_t) = body_t else { return Err(EmitError(format!("{}: a waiter needs a success body", o.id))) };
    let as_string = w.status_is_enum.then(|| quote! { |v| v.as_str().to_string() });
    let status = read_path(&w.status, as_string);
    let reason = if w.reason.is_empty() {
        quote! { None }
    } else {
        read_path(&w.reason, None)
    };
    let (done, failed, pending) = (&w.done, &w.failed, &w.pending);
    let list = |v: &[String]| if v.is_empty() { "none".to_string() } else { v.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ") };
    let status_path = w.status.iter().map(|f| f.name.wire.as_str()).collect::<Vec<_>>().join(".");
    let mut doc = vec![
        format!("Poll [`{}`](Self::{}) until `{status_path}` is done ({}), then return that answer.", o.fn_name, o.fn_name, list(done)),
        String::new(),
        format!(
            "Still going: {} (or no status yet). Failed: {}, returned as [`WaitError::Failed`]({rt_path}::WaitError::Failed){}. Any other status is [`WaitError::Unexpected`]({rt_path}::WaitError::Unexpected). The deadline, intervals and progress hook are `options`' ([`WaitOptions`]({rt_path}::WaitOptions)); a poll that fails after the client's retries ends waiting with [`WaitError::Call`]({rt_path}::WaitError::Call).",
            list(pending),
            list(failed),
            if w.reason.is_empty() { String::new() } else { format!(" with `{}` as its reason", w.reason.iter().map(|f| f.name.wire.as_str()).collect::<Vec<_>>().join(".")) },
            rt_path = "crate::runtime::waiter",
        ),
    ];
    doc.extend(waiter_example(s, o)?);
    let doc = doc_attrs(&doc);
    Ok(quote! {
        #doc
        pub async fn #name(&self, #(#params,)* options: &#rt::waiter::WaitOptions) -> Result<#rt::Response<#body_t>, #rt::waiter::WaitError<#rt::Response<#body_t>>> {
            #rt::waiter::wait(options, || self.#fn_name(#(#names),*), |r: &#rt::Response<#body_t>| {
                let status: Option<String> = #status;
                let phase = #rt::waiter::Phase::of(status.as_deref(), &[#(#done),*], &[#(#failed),*], &[#(#pending),*]);
                #rt::waiter::Reading { status, phase, reason: #reason }
            })
            .await
        }
    })
}

/// The doc example of a waiter: against the mock, start what it waits on with the first
/// operation that starts it, then wait, printing each status.
fn waiter_example(s: &Service, o: &Operation) -> Result<Vec<String>, EmitError> {
    let Some(w) = &o.waiter else { return Ok(Vec::new()) };
    let Some(start) = w.started_by.first() else { return Ok(Vec::new()) };
    let Some(starter) = s.operations.get(start.index) else { return Ok(Vec::new()) };
    let module = format_ident!("{}", s.module);
    let name = format_ident!("{}", w.method);
    let starter_fn = format_ident!("{}", starter.fn_name);
    let Args { example_args: starter_args, .. } = args(s, starter);
    let mut body = vec![quote! {
        use std::time::Duration;
        use huaweicloud_restore::#module;
        use huaweicloud_restore::mock::{MockOptions, MockServer};
        use huaweicloud_restore::runtime::{Config, Credential, WaitOptions};

        let server = MockServer::start_with(MockOptions::default().with_pending_polls(2)).await?;
        let client = #module::Client::new(Config::new(Credential::token("my-iam-token")).with_endpoint(server.uri()))?;
    }];
    body.extend(example_inputs(s, starter, None));
    body.push(quote! { let started = client.#starter_fn(#(#starter_args),*).await?; });
    body.push(match &start.id {
        crate::ir::StartId::Body(f) => {
            let f = ident(&f.rust);
            quote! { let id = started.body().#f.clone().unwrap_or_default(); }
        }
        crate::ir::StartId::Path(p) => {
            let pp = starter.path_params.and_then(|x| s.struct_def(x));
            let at = pp.and_then(|pp| pp.fields.iter().position(|f| &f.wire_name == p)).unwrap_or(0);
            let v = starter_args.get(at).cloned().unwrap_or_else(|| quote! { "" });
            quote! { let id = #v.to_string(); }
        }
    });
    let query_id = match &w.id {
        crate::ir::WaiterId::Query(f) => Some((f.wire.as_str(), quote! { id.as_str() })),
        crate::ir::WaiterId::Path(_) => None,
    };
    body.extend(example_inputs(s, o, query_id));
    let Args { mut example_args, .. } = args(s, o);
    if let (crate::ir::WaiterId::Path(p), Some(pp)) = (&w.id, o.path_params.and_then(|x| s.struct_def(x))) {
        if let Some(at) = pp.fields.iter().position(|f| &f.wire_name == p) {
            example_args[at] = quote! { &id };
        }
    }
    body.push(quote! {
        let options = WaitOptions::new().with_interval(Duration::from_millis(10)).on_status(|change| println!("status: {:?}", change.status));
        let done = client.#name(#(#example_args),*, &options).await?;
        println!("{:?}", done.body());
    });
    let mut lines = vec![
        String::new(),
        "# Example".to_string(),
        String::new(),
        format!("Against the mock (feature `mock`), which answers a pending status twice after [`{}`](Self::{}):", starter.fn_name, starter.fn_name),
        String::new(),
        "```".to_string(),
        "# #[cfg(feature = \"mock\")]".to_string(),
        "# #[tokio::main(flavor = \"current_thread\")]".to_string(),
        "# async fn main() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
    ];
    lines.extend(format_statements(quote! { #(#body)* })?);
    lines.extend([
        "# Ok(())".to_string(),
        "# }".to_string(),
        "# #[cfg(not(feature = \"mock\"))]".to_string(),
        "# fn main() {}".to_string(),
        "```".to_string(),
    ]);
    Ok(lines)
}

/// The streaming method of a listing.
fn pager(s: &Service, o: &Operation) -> Result<TokenStream, EmitError> {
    let rt = rt();
    let Some(pg) = &o.paging else { return Err(EmitError(format!("{} is not a listing", o.id))) };
    let name = format_ident!("{}_all", o.fn_name);
    let fn_name = format_ident!("{}", o.fn_name);
    let item = type_ident(s, pg.item_type);
    let (offset, limit, items) = (ident(&pg.offset.rust), ident(&pg.limit.rust), ident(&pg.items.rust));
    let with_offset = format_ident!("with_{}", pg.offset.rust);
    let with_limit = format_ident!("with_{}", pg.limit.rust);
    let total = match &pg.total {
        Some(t) => {
            let t = ident(&t.rust);
            quote! { page.#t.map(i64::from) }
        }
        None => quote! { None },
    };
    let page_size = Literal::i64_unsuffixed(pg.page_size);
    let path_ids: Vec<Ident> =
        o.path_params.and_then(|p| s.struct_def(p)).map(|p| p.fields.iter().map(|f| ident(&f.rust_name)).collect()).unwrap_or_default();
    let op_id = &o.id;
    let mut doc = vec![
        format!("Every item of [`{}`](Self::{}), across pages, as a stream.", o.fn_name, o.fn_name),
        String::new(),
        format!("Starts at the query's `{}` (0 when unset) and asks for pages of the query's `{}` items ({} when unset); stops on an empty or short page, or when the reported total is reached. A server that does not advance ends the stream with [`Error::Paging`](crate::runtime::Error::Paging): a page that repeats the one before it, or more pages than the config's `max_pages`. The first error ends the stream.", pg.offset.wire, pg.limit.wire, pg.page_size),
        String::new(),
        "The stream owns what it needs (a clone of the client, the ids, the query), so it is `Send + 'static`: it can be returned, stored or spawned.".into(),
        String::new(),
        "# Example".into(),
        String::new(),
        "```".into(),
    ];
    let (status, _, example_body) = success(s, o);
    doc.extend(hidden_setup(o, status, example_body.as_ref()));
    let module = format_ident!("{}", s.module);
    let query_t = o.query.map(|q| type_ident(s, q));
    let headers_def = o.headers.and_then(|h| s.struct_def(h));
    let (headers_param, headers_own, headers_clone, headers_arg, headers_example) = match headers_def {
        Some(h) => {
            let t = format_ident!("{}", h.rust_name);
            let args = h.fields.iter().filter(|f| f.required).map(|f| mandatory_example(s, o, f));
            (
                quote! { , headers: &#t },
                quote! { let headers = headers.clone(); },
                quote! { let headers = headers.clone(); },
                quote! { , &headers },
                quote! { let headers = #module::#t::new(#(#args),*); },
            )
        }
        None => (quote! {}, quote! {}, quote! {}, quote! {}, quote! {}),
    };
    let query_args: Vec<TokenStream> = o
        .query
        .and_then(|q| s.struct_def(q))
        .map(|q| q.fields.iter().filter(|f| f.required).map(|f| mandatory_example(s, o, f)).collect())
        .unwrap_or_default();
    let Args { example_args, .. } = args(s, o);
    doc.extend(config_lines(s, &["futures_util::TryStreamExt"]));
    doc.extend(format_statements(quote! {
        let client = #module::Client::new(config)?;
        let query = #module::#query_t::new(#(#query_args),*);
        #headers_example
        let all: Vec<#module::#item> = client.#name(#(#example_args),*).try_collect().await?;
        println!("{} items", all.len());
    })?);
    doc.extend(["# Ok(())".to_string(), "# }".to_string(), "```".to_string()]);
    let doc = doc_attrs(&doc);
    Ok(quote! {
        #doc
        pub fn #name(&self, #(#path_ids: impl Into<String>,)* query: &#query_t #headers_param) -> impl #rt::paging::Stream<Item = Result<#item, #rt::Error>> + Send + 'static {
            let client = self.clone();
            #(let #path_ids: String = #path_ids.into();)*
            let query = query.clone();
            #headers_own
            let start = query.#offset.unwrap_or(0);
            let size = query.#limit.unwrap_or(#page_size);
            let max_pages = client.transport.max_pages();
            #rt::paging::paginate(#op_id, start, size, max_pages, move |offset, limit| {
                let client = client.clone();
                #(let #path_ids = #path_ids.clone();)*
                let query = query.clone().#with_offset(offset).#with_limit(limit);
                #headers_clone
                async move {
                    let page = client.#fn_name(#(&#path_ids,)* &query #headers_arg).await?.into_body();
                    Ok(#rt::paging::Page { items: page.#items.unwrap_or_default(), total: #total })
                }
            })
        }
    })
}
