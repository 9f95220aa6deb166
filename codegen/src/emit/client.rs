//! The `Client` of a service: one async method per operation, a streaming method per listing,
//! a waiter per `x-waiter`, each with documentation and a runnable example made from the spec's
//! examples. The methods are written as text ([`Source`]); the client struct is quote tokens.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::text::{string, Expr, Hole, Source};
use super::{doc_attrs, docs, ident, EmitError};
use crate::ir::{Operation, Retry, Segment, Service, Ty};

/// The success response: its status, Rust body type (None: no body) and first example.
fn success(s: &Service, o: &Operation) -> (u16, Option<String>, Option<Value>) {
    let r = o.success();
    let status = r.and_then(|r| r.status).unwrap_or(200);
    let body = r.and_then(|r| r.body).map(|b| s.type_def(b).rust_name().to_string());
    let example = r.and_then(|r| r.examples.first()).map(|e| e.value.clone());
    (status, body, example)
}

/// The client struct, its constructor and its base URL; each operation's methods come in their
/// own `impl Client` block ([`operation_impl`]).
pub(crate) fn client(s: &Service) -> TokenStream {
    let module = &s.module;
    let title = s.title.clone();
    let doc = doc_attrs(&[
        format!("A client for {title}."),
        String::new(),
        "Built from a [`Config`](crate::runtime::Config); cheap to clone (clones share one connection pool).".to_string(),
        "Every method validates its inputs before anything is sent.".to_string(),
    ]);
    let new_doc = format!(
        " A `{module}` client as `config` says; fails on a bad endpoint or an empty credential."
    );
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: rt::Transport,
        }

        impl Client {
            #[doc = #new_doc]
            pub fn new(config: rt::Config) -> Result<Self, rt::Error> {
                Ok(Client { transport: rt::Transport::new(&config, &SERVICE, ::huaweicloud_restore::USER_AGENT)? })
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.transport.base_url()
            }
        }
    }
}

/// One operation's methods, as text: the call, and its stream of pages and its waiter where it
/// has them.
pub(crate) fn operation_impl(s: &Service, o: &Operation) -> Result<String, EmitError> {
    let mut src = Source::default();
    src.open("impl Client {");
    method(&mut src, s, o)?;
    if o.paging.is_some() {
        pager(&mut src, s, o)?;
    }
    if o.waiter.is_some() {
        waiter(&mut src, s, o)?;
    }
    src.close("}");
    Ok(src.finish())
}

pub(super) struct Args {
    /// Each parameter's name and the type it borrows (`project_id`, `str`).
    params: Vec<(String, String)>,
    /// Values for the doc example, in the same order.
    example_args: Vec<Expr>,
}

impl Args {
    /// `name: &T, ...`.
    pub(super) fn declare(&self) -> Vec<String> {
        self.params.iter().map(|(id, ty)| format!("{id}: &{ty}")).collect()
    }

    /// `name, ...`.
    fn names(&self) -> Vec<String> {
        self.params.iter().map(|(id, _)| id.clone()).collect()
    }
}

pub(super) fn args(s: &Service, o: &Operation) -> Args {
    let mut params = Vec::new();
    let mut example_args = Vec::new();
    if let Some(pp) = o.path_params.and_then(|p| s.struct_def(p)) {
        for f in &pp.fields {
            params.push((ident(&f.rust_name).to_string(), "str".to_string()));
            let v = o
                .parameter_examples
                .iter()
                .find(|(n, _)| n == &f.wire_name)
                .and_then(|(_, v)| v.as_str().map(str::to_string))
                .unwrap_or_else(|| f.stand_in_string());
            example_args.push(Expr::atom(string(&v)));
        }
    }
    for (name, part) in [("query", o.query), ("headers", o.headers), ("body", o.body)] {
        if let Some(t) = part {
            params.push((name.to_string(), s.type_def(t).rust_name().to_string()));
            example_args.push(Expr::atom(format!("&{name}")));
        }
    }
    Args { params, example_args }
}

/// The body type of an operation's `Response`: its success body, an `Option` of it where some
/// 2xx have none, `String` for text, `()` for none.
pub(super) fn body_type(s: &Service, o: &Operation) -> String {
    let (_, success_body, _) = success(s, o);
    let text = o.success().is_some_and(|r| r.text);
    match &success_body {
        _ if text => "String".to_string(),
        Some(t) if !o.bodiless_success.is_empty() => format!("Option<{t}>"),
        Some(t) => t.clone(),
        None => "()".to_string(),
    }
}

/// A generated method as a caller sees it: its name, its parameters after `&self`, what it
/// returns. What the emitters write, and what the record of the public surface lists.
pub(super) struct Signature {
    /// The method's name.
    pub(super) name: String,
    /// `name: Type`, each.
    pub(super) params: Vec<String>,
    /// The return type (of the future, for an `async fn`).
    pub(super) ret: String,
    /// An `async fn`.
    pub(super) is_async: bool,
}

/// The method that calls operation `o`.
pub(super) fn call_signature(s: &Service, o: &Operation) -> Signature {
    let ret = format!("Result<rt::Response<{}>, rt::Error>", body_type(s, o));
    Signature { name: o.fn_name.clone(), params: args(s, o).declare(), ret, is_async: true }
}

/// The streaming method of a listing (`None` when `o` is not one).
pub(super) fn pager_signature(s: &Service, o: &Operation) -> Option<Signature> {
    let pg = o.paging.as_ref()?;
    let query_t = o.query.and_then(|q| s.struct_def(q))?;
    let item = s.type_def(pg.item_type).rust_name();
    let mut params: Vec<String> = o
        .path_params
        .and_then(|p| s.struct_def(p))
        .map(|p| {
            p.fields.iter().map(|f| format!("{}: impl Into<String>", ident(&f.rust_name))).collect()
        })
        .unwrap_or_default();
    params.push(format!("query: &{}", query_t.rust_name));
    if let Some(h) = o.headers.and_then(|h| s.struct_def(h)) {
        params.push(format!("headers: &{}", h.rust_name));
    }
    let ret = format!("impl rt::Stream<Item = Result<{item}, rt::Error>> + Send + 'static");
    Some(Signature { name: format!("{}_all", o.fn_name), params, ret, is_async: false })
}

/// The waiter of an operation with `x-waiter` (`None` for another).
pub(super) fn waiter_signature(s: &Service, o: &Operation) -> Option<Signature> {
    let w = o.waiter.as_ref()?;
    let (_, body_t, _) = success(s, o);
    let response = format!("rt::Response<{}>", body_t?);
    let mut params = args(s, o).declare();
    params.push("options: &rt::WaitOptions".to_string());
    let ret = format!("impl std::future::Future<Output = Result<{response}, rt::WaitError<{response}>>> + Send + 'static");
    Some(Signature { name: w.method.clone(), params, ret, is_async: false })
}

fn method(src: &mut Source, s: &Service, o: &Operation) -> Result<(), EmitError> {
    let sig = call_signature(s, o);
    let (_, success_body, _) = success(s, o);
    let text = o.success().is_some_and(|r| r.text);
    src.doc(&method_doc(s, o)?);
    let mut params = vec!["&self".to_string()];
    params.extend(sig.params);
    src.list(&format!("pub async fn {}(", sig.name), &params, &format!(") -> {} {{", sig.ret));
    src.indent();
    // What is validated, in order: the path parameters, the query, the headers, the body.
    let mut checked = Vec::new();
    let path_params = o.path_params.and_then(|p| s.struct_def(p));
    if let Some(pp) = path_params {
        let ids: Vec<String> = pp.fields.iter().map(|f| ident(&f.rust_name).to_string()).collect();
        src.list(&format!("let path = {}::new(", pp.rust_name), &ids, ");");
        checked.push("&path");
    }
    // The path values, in the template's order; the transport fills the template with them,
    // each percent-encoded as one segment.
    let mut values = Vec::new();
    for segment in &o.segments {
        if let Segment::Param(name) = segment {
            let field = path_params.and_then(|pp| pp.fields.iter().find(|f| &f.wire_name == name));
            let Some(field) = field else {
                return Err(EmitError(format!("{}: no path parameter `{name}`", o.id)));
            };
            values.push(format!("&path.{}", ident(&field.rust_name)));
        }
    }
    // The call, built up with what the operation has.
    let mut links = Vec::new();
    if o.query.is_some() {
        checked.push("query");
        links.push(".with_query(query.query_pairs())".to_string());
    }
    if o.headers.is_some() {
        checked.push("headers");
        links.push(".with_headers(headers.header_pairs())".to_string());
    }
    if o.body.is_some() {
        checked.push("body");
        links.push(".with_json(body)?".to_string());
    }
    if !checked.is_empty() {
        src.line(format!("rt::ValidationError::check(&[{}])?;", checked.join(", ")));
    }
    src.chain(
        "let call = ",
        &format!("rt::Call::of(&{}, &[{}])?", o.const_name, values.join(", ")),
        &links,
        ";",
    );
    let statuses: Vec<String> = o.bodiless_success.iter().map(u16::to_string).collect();
    src.line(if text {
        "self.transport.execute(call).await?.text()".to_string()
    } else if success_body.is_some() && !statuses.is_empty() {
        format!("self.transport.execute(call).await?.json_unless(&[{}])", statuses.join(", "))
    } else if success_body.is_some() {
        "self.transport.execute(call).await?.json()".to_string()
    } else {
        "Ok(self.transport.execute(call).await?.empty())".to_string()
    });
    src.close("}");
    Ok(())
}

fn method_doc(s: &Service, o: &Operation) -> Result<Vec<String>, EmitError> {
    let mut doc = docs::operation_doc(o);
    if !o.bodiless_success.is_empty() {
        let statuses: Vec<String> = o.bodiless_success.iter().map(u16::to_string).collect();
        doc.push(String::new());
        doc.push(format!(
            "The page documents {} without a body: the response's body is then `None`.",
            statuses.join(" and ")
        ));
    }
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
    if o.retry == Retry::Idempotent {
        doc.push("Retried on connection errors and on the statuses in [`RETRY_STATUSES`](crate::runtime::config::RETRY_STATUSES) when the config's [`RetryPolicy`](crate::runtime::RetryPolicy) allows (off by default).".into());
    } else {
        doc.push(format!("Never retried: only GET operations are, and a `{}` that may have reached the server is not sent again whatever the retry policy says. After a timeout or connection error, find out whether it took effect before sending it again.", o.method));
    }
    doc.push(String::new());
    doc.push("# Example".into());
    doc.push(String::new());
    doc.extend(example(s, o)?);
    Ok(doc)
}

/// A Rust expression that builds `value` as type `ty`, through constructors and setters.
fn expr(s: &Service, ty: &Ty, value: &Value) -> Expr {
    let module = &s.module;
    // A string where a `String` goes: a list's item, a map's value.
    let owned = |inner: &Ty, v: &Value| match (inner, v) {
        (Ty::String, Value::String(x)) => Expr::atom(format!("{}.to_string()", string(x))),
        _ => expr(s, inner, v),
    };
    match (ty, value) {
        (Ty::String, Value::String(v)) => Expr::atom(string(v)),
        (Ty::I32 | Ty::I64, Value::Number(n)) => {
            Expr::atom(n.as_i64().unwrap_or_default().to_string())
        }
        (Ty::F64, Value::Number(n)) => Expr::atom(format!("{:?}", n.as_f64().unwrap_or_default())),
        (Ty::Bool, Value::Bool(b)) => Expr::atom(b.to_string()),
        (Ty::Vec(inner), Value::Array(items)) => {
            Expr::Call("vec![".to_string(), items.iter().map(|v| owned(inner, v)).collect(), "]")
        }
        (Ty::Enum(e), Value::String(v)) => {
            let name = s.type_def(*e).rust_name();
            match s.enum_def(*e).and_then(|d| d.values.iter().find(|x| &x.wire == v)) {
                Some(x) => Expr::atom(format!("{module}::{name}::{}", x.variant)),
                None => Expr::call(format!("{module}::{name}::from"), vec![Expr::atom(string(v))]),
            }
        }
        (Ty::Json, v) => Expr::atom(format!(
            "::serde_json::from_str::<::serde_json::Value>({})?",
            string(&v.to_string())
        )),
        (Ty::Map(inner), Value::Object(obj)) => {
            let entries = obj.iter().map(|(k, v)| {
                Expr::Call(
                    "(".to_string(),
                    vec![owned(&Ty::String, &Value::String(k.clone())), owned(inner, v)],
                    ")",
                )
            });
            Expr::Call("::std::collections::BTreeMap::from([".to_string(), entries.collect(), "])")
        }
        (Ty::Struct(id), Value::Object(obj)) => {
            let Some(d) = s.struct_def(*id) else { return Expr::atom("Default::default()") };
            let args = d
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| {
                    obj.get(&f.wire_name)
                        .map_or_else(|| Expr::atom("Default::default()"), |v| expr(s, &f.ty, v))
                })
                .collect();
            let mut e = Expr::call(format!("{module}::{}::new", d.rust_name), args);
            for f in d.fields.iter().filter(|f| !f.required) {
                if let Some(v) = obj.get(&f.wire_name) {
                    e = e.then(format!(".with_{}", f.rust_name), Some(vec![expr(s, &f.ty, v)]));
                }
            }
            e
        }
        _ => Expr::atom("Default::default()"),
    }
}

/// A value for a mandatory parameter in a doc example: the page's example value, else one that
/// keeps the documented rules.
fn mandatory_example(s: &Service, o: &Operation, f: &crate::ir::Field) -> Expr {
    let example =
        o.parameter_examples.iter().find(|(n, _)| n == &f.wire_name).map(|(_, v)| v.clone());
    let value = example.unwrap_or_else(|| match &f.ty {
        Ty::I32 | Ty::I64 => {
            Value::from(f.minimum.unwrap_or(0).max(f.maximum.map_or(i64::MIN, |m| m.min(0))))
        }
        Ty::F64 => Value::from(0.0),
        Ty::Bool => Value::Bool(false),
        Ty::Vec(_) => Value::Array(Vec::new()),
        Ty::Enum(e) => s
            .enum_def(*e)
            .and_then(|d| d.values.first())
            .map(|v| Value::String(v.wire.clone()))
            .unwrap_or_default(),
        _ => Value::String(f.stand_in_string()),
    });
    let e = expr(s, &f.ty, &value);
    if f.nullable {
        Expr::call("Some", vec![e.then(".into", Some(Vec::new()))])
    } else {
        e
    }
}

/// The lines of statements `(prefix, expression, suffix)` in a doc example, each folded to fit.
fn statements(stmts: Vec<(String, Expr, &str)>) -> Vec<String> {
    let mut lines = Vec::new();
    for (prefix, e, suffix) in stmts {
        e.lines(&prefix, suffix, 0, 92, &mut lines);
    }
    lines
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
            format!(
                "wiremock::ResponseTemplate::new({status}).set_body_raw({}, \"text/plain\")",
                string(text)
            )
        }
        Some(v) => format!(
            "wiremock::ResponseTemplate::new({status}).set_body_raw({}, \"application/json\")",
            string(&v.to_string())
        ),
        None => format!("wiremock::ResponseTemplate::new({status})"),
    };
    vec![
        "# #[tokio::main(flavor = \"current_thread\")]".into(),
        "# async fn main() -> Result<(), Box<dyn std::error::Error>> {".into(),
        "# let server = wiremock::MockServer::start().await;".into(),
        format!("# wiremock::Mock::given(wiremock::matchers::method({})).respond_with({respond}).mount(&server).await;", string(&o.method)),
    ]
}

/// `client.NAME(args).await?`, which folds as a chain.
fn call_of(name: &str, args: Vec<Expr>) -> Expr {
    Expr::atom("client").then(format!(".{name}"), Some(args)).then(".await?", None)
}

fn example(s: &Service, o: &Operation) -> Result<Vec<String>, EmitError> {
    let (status, _, example_body) = success(s, o);
    let Args { example_args, .. } = args(s, o);
    let mut lines = vec!["```".to_string()];
    lines.extend(hidden_setup(o, status, example_body.as_ref()));
    lines.extend(config_lines(s, &[]));
    lines.push(format!("let client = {}::Client::new(config)?;", s.module));
    let mut stmts = example_inputs(s, o, None);
    stmts.push(("let response = ".to_string(), call_of(&o.fn_name, example_args), ";"));
    lines.extend(statements(stmts));
    lines.push(format!("assert_eq!(response.status(), {status});"));
    lines.push(
        "println!(\"{:?} (request id {:?})\", response.body(), response.request_id());".to_string(),
    );
    lines.push("# Ok(())".into());
    lines.push("# }".into());
    lines.push("```".into());
    Ok(lines)
}

/// The statements a doc example needs before calling `o`: its query, headers and body, from the
/// page's examples (`query_id`: a query field given by the expression instead).
fn example_inputs(
    s: &Service,
    o: &Operation,
    query_id: Option<(&str, Expr)>,
) -> Vec<(String, Expr, &'static str)> {
    let module = &s.module;
    let mut out = Vec::new();
    if let Some(q) = o.query.and_then(|q| s.struct_def(q)) {
        let args = q
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| match &query_id {
                Some((wire, e)) if *wire == f.wire_name => e.clone(),
                _ => mandatory_example(s, o, f),
            })
            .collect();
        out.push((
            "let query = ".to_string(),
            Expr::call(format!("{module}::{}::new", q.rust_name), args),
            ";",
        ));
    }
    if let Some(h) = o.headers.and_then(|h| s.struct_def(h)) {
        let args =
            h.fields.iter().filter(|f| f.required).map(|f| mandatory_example(s, o, f)).collect();
        out.push((
            "let headers = ".to_string(),
            Expr::call(format!("{module}::{}::new", h.rust_name), args),
            ";",
        ));
    }
    if let Some(b) = o.body {
        let value = o
            .body_examples
            .first()
            .map(|e| e.value.clone())
            .unwrap_or(Value::Object(Default::default()));
        out.push(("let body = ".to_string(), expr(s, &Ty::Struct(b), &value), ";"));
    }
    out
}

/// An expression reading a waiter's value from `r` (a `Response`): the fields of `steps`, each
/// an `Option` unless mandatory, as an `Option<String>` (`last` turns the value into a `String`;
/// none: it is one).
fn read_path(steps: &[crate::ir::FieldStep], last: Option<&str>) -> Expr {
    let mut e = Expr::atom("Some(r.body())");
    for step in steps {
        let f = ident(&step.name.rust);
        e = if step.required {
            e.then(".map", Some(vec![Expr::atom(format!("|v| &v.{f}"))]))
        } else {
            e.then(".and_then", Some(vec![Expr::atom(format!("|v| v.{f}.as_ref()"))]))
        };
    }
    match last {
        Some(last) => e.then(".map", Some(vec![Expr::atom(last)])),
        None => e.then(".cloned", Some(Vec::new())),
    }
}

/// The waiter of an operation with `x-waiter`: poll it until the status is done.
fn waiter(src: &mut Source, s: &Service, o: &Operation) -> Result<(), EmitError> {
    let Some(w) = &o.waiter else { return Err(EmitError(format!("{} has no waiter", o.id))) };
    let all = args(s, o);
    let (_, body_t, _) = success(s, o);
    let Some(body_t) = body_t else {
        return Err(EmitError(format!("{}: a waiter needs a success body", o.id)));
    };
    let status = read_path(&w.status, w.status_is_enum.then_some("|v| v.as_str().to_string()"));
    let reason = if w.reason.is_empty() { Expr::atom("None") } else { read_path(&w.reason, None) };
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ")
        }
    };
    let dotted = |steps: &[crate::ir::FieldStep]| {
        steps.iter().map(|f| f.name.wire.as_str()).collect::<Vec<_>>().join(".")
    };
    let status_path = dotted(&w.status);
    let mut doc = vec![
        format!("Poll [`{}`](Self::{}) until `{status_path}` is done ({}), then return that answer.", o.fn_name, o.fn_name, list(&w.done)),
        String::new(),
        format!(
            "Still going: {} (or no status yet). Failed: {}, returned as [`WaitError::Failed`]({rt_path}::WaitError::Failed){}. Any other status is [`WaitError::Unexpected`]({rt_path}::WaitError::Unexpected). The deadline, intervals and progress hook are `options`' ([`WaitOptions`]({rt_path}::WaitOptions)); a poll that fails after the client's retries ends waiting with [`WaitError::Call`]({rt_path}::WaitError::Call).",
            list(&w.pending),
            list(&w.failed),
            if w.reason.is_empty() { String::new() } else { format!(" with `{}` as its reason", dotted(&w.reason)) },
            rt_path = "crate::runtime::waiter",
        ),
    ];
    doc.push(String::new());
    doc.push(format!(
        "Waiting ends by the deadline, even while a poll is unanswered: such a poll is cut short and waiting ends with [`WaitError::DeadlineExceeded`]({rt_path}::WaitError::DeadlineExceeded) (the margin is in [`WaitOptions`]({rt_path}::WaitOptions)'s documentation).",
        rt_path = "crate::runtime::waiter",
    ));
    doc.push(String::new());
    doc.push("The future owns what it needs (a clone of the client, copies of the arguments and of `options`), so it is `Send + 'static`: it can be stored or `tokio::spawn`ed, and the arguments dropped before it is awaited. With the `tracing` feature, the wait is one span, parent of its polls' `call` spans (see the [`waiter`](crate::runtime::waiter) module).".to_string());
    doc.extend(waiter_example(s, o)?);
    src.doc(&doc);
    let Some(sig) = waiter_signature(s, o) else {
        return Err(EmitError(format!("{}: a waiter needs a success body", o.id)));
    };
    let mut params = vec!["&self".to_string()];
    params.extend(sig.params);
    // Owned copies, so that the future borrows nothing of the caller's; and the id of what is
    // waited on, for the span.
    let mut owned: Vec<String> =
        all.names().iter().map(|name| format!("let {name} = {name}.to_owned();")).collect();
    let resource = match &w.id {
        crate::ir::WaiterId::Path(p) => {
            let pp = o.path_params.and_then(|x| s.struct_def(x));
            let field = pp.and_then(|pp| pp.fields.iter().find(|f| &f.wire_name == p));
            let Some(field) = field else {
                return Err(EmitError(format!(
                    "{}: the waiter's id `{p}` is no path parameter",
                    o.id
                )));
            };
            format!("Some({}.as_str())", ident(&field.rust_name))
        }
        crate::ir::WaiterId::Query(f) => {
            owned.push(format!("let waited_on = query.query_pairs().into_iter().find(|(k, _)| *k == {}).map(|(_, v)| v);", string(&f.wire)));
            "waited_on.as_deref()".to_string()
        }
    };
    // Four levels into the template (the future, the call, its closure).
    let mut reading = src.nested(4);
    reading.expr("let status: Option<String> = ", &status, ";");
    let strings = |v: &[String]| v.iter().map(|x| string(x)).collect::<Vec<_>>().join(", ");
    let lists = [&w.done, &w.failed, &w.pending].map(|v| format!("&[{}]", strings(v)));
    let phase_args = [vec!["status.as_deref()".to_string()], lists.to_vec()].concat();
    reading.list("let phase = rt::Phase::of(", &phase_args, ");");
    reading.expr("let reason: Option<String> = ", &reason, ";");
    let reading = reading.into_lines();
    let call_args: Vec<String> = all.names().iter().map(|n| format!("&{n}")).collect();
    let holes = [
        ("name", Hole::text(&sig.name)),
        ("params", Hole::List(params)),
        ("ret", Hole::text(&sig.ret)),
        ("owned", Hole::Lines(owned)),
        (
            "subject",
            Hole::List(vec![
                format!("waiter: {}", string(&w.method)),
                format!("operation: &{}", o.const_name),
                format!("resource: {resource}"),
            ]),
        ),
        ("call", Hole::text(&o.fn_name)),
        ("args", Hole::List(call_args)),
        ("response", Hole::text(format!("rt::Response<{body_t}>"))),
        ("reading", Hole::Lines(reading)),
    ];
    src.template(WAITER, &holes).map_err(|e| EmitError(format!("{}: {e}", o.id)))
}

/// A waiter: owned copies of its arguments, then a future that polls the operation and reads
/// each answer's status as the spec's `x-waiter` says.
const WAITER: &str = "\
pub fn $name($params) -> $ret {
    let client = self.clone();
    $owned
    let options = options.clone();
    async move {
        rt::wait_on(
            rt::Subject { $subject },
            &options,
            || client.$call($args),
            |r: &$response| {
                $reading
                rt::Reading { status, phase, reason }
            },
        )
        .await
    }
}";

/// The doc example of a waiter: against the mock, start what it waits on with the first
/// operation that starts it, then wait, printing each status.
fn waiter_example(s: &Service, o: &Operation) -> Result<Vec<String>, EmitError> {
    let Some(w) = &o.waiter else { return Ok(Vec::new()) };
    let Some(start) = w.started_by.first() else { return Ok(Vec::new()) };
    let Some(starter) = s.operations.get(start.index) else { return Ok(Vec::new()) };
    let module = &s.module;
    let Args { example_args: starter_args, .. } = args(s, starter);
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
        "use std::time::Duration;".to_string(),
        format!("use huaweicloud_restore::{module};"),
        "use huaweicloud_restore::mock::{MockOptions, MockServer};".to_string(),
        "use huaweicloud_restore::runtime::{Config, Credential, WaitOptions};".to_string(),
        "let server = MockServer::start_with(MockOptions::default().with_pending_polls(2)).await?;".to_string(),
        "let config = Config::new(Credential::token(\"my-iam-token\")).with_endpoint(server.uri());".to_string(),
        format!("let client = {module}::Client::new(config)?;"),
    ];
    let mut stmts = example_inputs(s, starter, None);
    stmts.push((
        "let started = ".to_string(),
        call_of(&starter.fn_name, starter_args.clone()),
        ";",
    ));
    lines.extend(statements(stmts));
    lines.push(match &start.id {
        crate::ir::StartId::Body(f) => {
            format!("let id = started.body().{}.clone().unwrap_or_default();", ident(&f.rust))
        }
        crate::ir::StartId::Path(p) => {
            let pp = starter.path_params.and_then(|x| s.struct_def(x));
            let at =
                pp.and_then(|pp| pp.fields.iter().position(|f| &f.wire_name == p)).unwrap_or(0);
            let v = starter_args.get(at).map_or_else(|| "\"\"".to_string(), Expr::flat);
            format!("let id = {v}.to_string();")
        }
    });
    let query_id = match &w.id {
        crate::ir::WaiterId::Query(f) => Some((f.wire.as_str(), Expr::atom("id.as_str()"))),
        crate::ir::WaiterId::Path(_) => None,
    };
    let mut stmts = example_inputs(s, o, query_id);
    let Args { mut example_args, .. } = args(s, o);
    if let (crate::ir::WaiterId::Path(p), Some(pp)) =
        (&w.id, o.path_params.and_then(|x| s.struct_def(x)))
    {
        if let Some(at) = pp.fields.iter().position(|f| &f.wire_name == p) {
            example_args[at] = Expr::atom("&id");
        }
    }
    example_args.push(Expr::atom("&options"));
    let options = Expr::call("WaitOptions::new", Vec::new())
        .then(".with_interval", Some(vec![Expr::atom("Duration::from_millis(10)")]))
        .then(
            ".on_status",
            Some(vec![Expr::atom("|change| println!(\"status: {:?}\", change.status)")]),
        );
    stmts.push(("let options = ".to_string(), options, ";"));
    stmts.push(("let done = ".to_string(), call_of(&w.method, example_args), ";"));
    lines.extend(statements(stmts));
    lines.extend([
        "println!(\"{:?}\", done.body());".to_string(),
        "# Ok(())".to_string(),
        "# }".to_string(),
        "# #[cfg(not(feature = \"mock\"))]".to_string(),
        "# fn main() {}".to_string(),
        "```".to_string(),
    ]);
    Ok(lines)
}

/// The streaming method of a listing.
fn pager(src: &mut Source, s: &Service, o: &Operation) -> Result<(), EmitError> {
    let Some(pg) = &o.paging else { return Err(EmitError(format!("{} is not a listing", o.id))) };
    let name = format!("{}_all", o.fn_name);
    let item = s.type_def(pg.item_type).rust_name();
    let (offset, limit, items) =
        (ident(&pg.offset.rust), ident(&pg.limit.rust), ident(&pg.items.rust));
    let total = match &pg.total {
        Some(t) => format!("page.{}.map(i64::from)", ident(&t.rust)),
        None => "None".to_string(),
    };
    let path_ids: Vec<String> = o
        .path_params
        .and_then(|p| s.struct_def(p))
        .map(|p| p.fields.iter().map(|f| ident(&f.rust_name).to_string()).collect())
        .unwrap_or_default();
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
    doc.extend(config_lines(s, &["futures_util::TryStreamExt"]));
    doc.push(format!("let client = {}::Client::new(config)?;", s.module));
    if o.query.and_then(|q| s.struct_def(q)).is_none() {
        return Err(EmitError(format!("{}: a listing needs a query", o.id)));
    }
    let headers = o.headers.and_then(|h| s.struct_def(h));
    let mut stmts = example_inputs(s, o, None);
    let Args { example_args, .. } = args(s, o);
    let all = Expr::atom("client")
        .then(format!(".{name}"), Some(example_args))
        .then(".try_collect()", None)
        .then(".await?", None);
    stmts.push((format!("let all: Vec<{}::{item}> = ", s.module), all, ";"));
    doc.extend(statements(stmts));
    doc.extend([
        "println!(\"{} items\", all.len());".to_string(),
        "# Ok(())".to_string(),
        "# }".to_string(),
        "```".to_string(),
    ]);
    src.doc(&doc);
    let Some(sig) = pager_signature(s, o) else {
        return Err(EmitError(format!("{}: a listing needs a query", o.id)));
    };
    let mut params = vec!["&self".to_string()];
    params.extend(sig.params);
    let mut call_args: Vec<String> = path_ids.iter().map(|id| format!("&{id}")).collect();
    call_args.push("&query".to_string());
    let (mut owned, mut cloned) = (Vec::new(), Vec::new());
    for id in &path_ids {
        owned.push(format!("let {id}: String = {id}.into();"));
        cloned.push(format!("let {id} = {id}.clone();"));
    }
    if headers.is_some() {
        call_args.push("&headers".to_string());
        owned.push("let headers = headers.clone();".to_string());
        cloned.push("let headers = headers.clone();".to_string());
    }
    let holes = [
        ("name", Hole::text(&sig.name)),
        ("params", Hole::List(params)),
        ("ret", Hole::text(&sig.ret)),
        ("owned", Hole::Lines(owned)),
        ("cloned", Hole::Lines(cloned)),
        ("offset", Hole::text(offset.to_string())),
        ("limit", Hole::text(limit.to_string())),
        ("with_offset", Hole::text(format!("with_{}", pg.offset.rust))),
        ("with_limit", Hole::text(format!("with_{}", pg.limit.rust))),
        ("page_size", Hole::text(pg.page_size.to_string())),
        ("id", Hole::text(string(&o.id))),
        ("call", Hole::text(&o.fn_name)),
        ("args", Hole::List(call_args)),
        (
            "page",
            Hole::List(vec![
                format!("items: page.{items}.unwrap_or_default()"),
                format!("total: {total}"),
            ]),
        ),
    ];
    src.template(PAGER, &holes).map_err(|e| EmitError(format!("{}: {e}", o.id)))
}

/// A listing's `_all` method: owned copies of its arguments, then a stream that fetches the
/// pages with the listing's own method.
const PAGER: &str = "\
pub fn $name($params) -> $ret {
    let client = self.clone();
    $owned
    let query = query.clone();
    let start = query.$offset.unwrap_or(0);
    let size = query.$limit.unwrap_or($page_size);
    let max_pages = client.transport.max_pages();
    rt::paginate($id, start, size, max_pages, move |offset, limit| {
        let client = client.clone();
        $cloned
        let query = query.clone().$with_offset(offset).$with_limit(limit);
        async move {
            let page = client.$call($args).await?.into_body();
            Ok(rt::Page { $page })
        }
    })
}";

/// `o`'s entry in the module's `CALLS` (feature `conformance`): a client made from the
/// config given, and its method called with the doc example's arguments, answering the status;
/// for tests that hold every method to one rule.
pub(crate) fn stand_in_call(src: &mut Source, s: &Service, o: &Operation) {
    src.open(format!("({}, |config| {{", string(&o.id)));
    src.open("Box::pin(async move {");
    src.line("#[allow(unused_imports)]");
    src.line(format!("use ::huaweicloud_restore::{};", s.module));
    src.line("let client = Client::new(config)?;");
    let mut stmts = example_inputs(s, o, None);
    stmts.push(("let response = ".to_string(), call_of(&o.fn_name, args(s, o).example_args), ";"));
    for (prefix, e, suffix) in stmts {
        src.expr(&prefix, &e, suffix);
    }
    src.line("Ok(response.status())");
    src.close("})");
    src.close("}),");
}
