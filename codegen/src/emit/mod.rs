//! Turns the IR into Rust source: text written in its final layout where the shape is the
//! same every time ([`Part::Text`]), quote tokens formatted by prettyplease elsewhere.
//!
//! Output depends only on the IR (no maps with random order, no clocks), so it is
//! byte-identical on every run.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Operation, Role, Service, TypeDef, TypeId};
use crate::HEADER;

mod client;
mod docs;
mod mock;
pub mod surface;
mod tables;
mod text;
mod types;
mod validate;

use tables::{operation_const, service_info};
use types::{enum_def, float_structs, struct_def};

/// A generator bug: the emitter made Rust that does not parse. `cargo xtask gen` fails with it
/// and writes nothing, rather than write the broken tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError(pub String);

impl EmitError {
    /// This error, naming the chunk it is about by its beginning (tokens made by `quote` carry
    /// no line).
    fn in_chunk(self, parts: &[Part]) -> Self {
        let text = match parts.first() {
            Some(Part::Tokens(tokens)) => tokens.to_string(),
            Some(Part::Text(text)) => text.clone(),
            None => String::new(),
        };
        let head: String = text.chars().take(160).collect();
        let more = if head.len() < text.len() { " ..." } else { "" };
        EmitError(format!("{}, in the chunk `{head}{more}`", self.0))
    }
}

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
    // No blank line at either end, and never two in a row; wrapped for an item one level deep
    // (a field), the deepest these attributes sit.
    let attrs = text::wrapped(&text::kept(lines), text::WIDTH - 8).into_iter().map(|l| {
        let text = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}

/// `#![doc = "..."]` attributes, one per line, for a module's own documentation.
fn inner_doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = text::wrapped(lines, text::WIDTH - 4).into_iter().map(|l| {
        let text = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote! { #![doc = #text] }
    });
    quote! { #(#attrs)* }
}

/// One part of a chunk of a module: tokens, which prettyplease lays out, or text that the
/// emitter lays out itself. Text is for what has the same shape every time (a type with its
/// constructor, setters and validator, a client method with its stream and waiter, a mock
/// handler, the tables of operations and types), and for macro invocations, which
/// prettyplease would print as one run of tokens. It costs no parsing and printing, which is
/// most of what formatting tokens costs, and it is lexed before it is written.
#[derive(Debug, Clone)]
pub enum Part {
    /// Items, laid out by prettyplease.
    Tokens(TokenStream),
    /// Items as written, one or more whole lines.
    Text(String),
}

/// Format a token stream as a file with the generated-code header, or the generator bug that
/// made tokens that do not parse.
pub fn file(tokens: TokenStream) -> Result<String, EmitError> {
    let parts = [Part::Tokens(tokens)];
    let formatted = format_chunk(&parts).map_err(|e| e.in_chunk(&parts))?;
    Ok(format!("{HEADER}\n\n{formatted}"))
}

/// The crate root: the runtime re-exported, a module declaration per service (behind its
/// feature), `SERVICES`, `USER_AGENT` and the mock.
pub fn crate_root(services: &[Service]) -> Result<String, EmitError> {
    let mods = services.iter().map(|s| {
        let m = format_ident!("{}", s.module);
        let first = s.title.clone();
        let d = doc_attrs(&[first]);
        let feature = &s.module;
        quote! { #d #[cfg(feature = #feature)] #[rustfmt::skip] pub mod #m; }
    });
    let list: Vec<String> = services
        .iter()
        .map(|s| format!("- [`{0}`], from `{1}` (feature `{0}`)", s.module, s.spec_file))
        .collect();
    let mut doc = vec![
        "Typed, validated Rust bindings for Huawei Cloud's backup and restore APIs, generated from"
            .to_string(),
        "their documentation by `cargo xtask gen`.".to_string(),
        String::new(),
        "One module per service, each from one OpenAPI document in the repository's `spec/` and"
            .to_string(),
        "behind a cargo feature of its name; all are on by default, and a build with".to_string(),
        "`default-features = false` compiles only the services it names:".to_string(),
    ];
    doc.extend(list);
    doc.extend([
        String::new(),
        "Request types are validated with".to_string(),
        "[`Validate::validate`](runtime::Validate::validate), which returns every".to_string(),
        "violation of the rules the pages state; response types parse leniently.".to_string(),
        String::new(),
        "`use huaweicloud_restore::prelude::*;` brings what a caller usually names: the config,"
            .to_string(),
        "credentials, errors, `Validate` and the stream extension traits.".to_string(),
    ]);
    let doc = inner_doc_attrs(&doc);
    let entries = services.iter().map(|s| {
        let m = format_ident!("{}", s.module);
        let feature = &s.module;
        quote! { #[cfg(feature = #feature)] &#m::SERVICE }
    });
    file(quote! {
        #doc
        #![warn(missing_docs)]

        extern crate self as huaweicloud_restore;

        /// The hand-written runtime (the `huaweicloud-restore-runtime` crate): the config,
        /// credentials, errors, validation, waiting and signing that the clients use.
        pub use ::huaweicloud_restore_runtime as runtime;
        pub use runtime::prelude;
        #(#mods)*

        /// The `User-Agent` the clients send unless the config names another: this crate's name
        /// and version.
        #[rustfmt::skip]
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        /// Every service this build has (each is a cargo feature of its name, all on by default),
        /// with its endpoint, operations and types.
        #[rustfmt::skip]
        pub static SERVICES: &[&runtime::reflect::ServiceInfo] = &[#(#entries),*];

        /// A mock of every documented API, generated from the spec (feature `mock`): see
        /// [`MockServer`](mock::MockServer).
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock {
            pub use crate::runtime::mock::{Behavior, MockOptions, Outcome, RecordedRequest, MAX_BODY, DEFAULT_PENDING_POLLS, DEFAULT_RECORD_LIMIT};

            /// The runtime's [`MockServer`](crate::runtime::mock::MockServer) serving every
            /// service of this crate; it dereferences to it for everything but starting.
            #[derive(Debug)]
            pub struct MockServer(crate::runtime::mock::MockServer);

            impl MockServer {
                /// Start a mock of every service on 127.0.0.1, on a free port; any non-empty
                /// token is accepted.
                pub async fn start() -> std::io::Result<Self> {
                    Self::start_with(MockOptions::default()).await
                }

                /// Start a mock of every service as `options` say.
                pub async fn start_with(options: MockOptions) -> std::io::Result<Self> {
                    crate::runtime::mock::MockServer::start_for(crate::SERVICES, options).await.map(MockServer)
                }
            }

            impl std::ops::Deref for MockServer {
                type Target = crate::runtime::mock::MockServer;

                fn deref(&self) -> &Self::Target {
                    &self.0
                }
            }
        }

        /// The README's examples, compiled and run as doctests so that the README stays true
        /// (with the `mock` feature, which one of them uses; `cargo test --workspace` turns it
        /// on).
        #[cfg(all(doctest, feature = "mock"))]
        #[doc = include_str!("../../README.md")]
        pub struct ReadmeDoctests;
    })
}

/// One file of a service's folder (`generated/src/MODULE/NAME`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFile {
    /// Its name in the folder: `mod.rs`, `types.rs`, `client.rs` or `mock.rs`.
    pub name: &'static str,
    /// Its contents, starting with the generated header.
    pub contents: String,
}

/// The files of a service's folder, in this order: the module (its documentation, the
/// operations' constants, the tables and the client struct), its types, its client's methods,
/// and its mock.
const FILES: [(&str, &str); 4] = [
    ("mod.rs", ""),
    ("types.rs", "//! The service's types: what its requests send and its answers hold.\n"),
    ("client.rs", "//! The client's methods: one per operation, with its streams and waiters.\n"),
    ("mock.rs", "//! The service's mock: a route per operation and the handler that plays it.\n"),
];

/// Every service file's contents joined, in their order (`mod.rs`, `types.rs`, `client.rs`,
/// `mock.rs`): what tests search through.
pub fn joined(files: &[ServiceFile]) -> String {
    files.iter().map(|f| f.contents.as_str()).collect()
}

/// One service module as a folder of files, each chunk emitted and formatted on as many threads
/// as the machine has (at most one per chunk); the output is the same on any number of threads.
pub fn service(s: &Service) -> Result<Vec<ServiceFile>, EmitError> {
    service_on(s, std::thread::available_parallelism().map_or(1, usize::from))
}

/// [`service`] on at most `threads` threads (at least one).
pub fn service_on(s: &Service, threads: usize) -> Result<Vec<ServiceFile>, EmitError> {
    let chunks = Chunks::new(s);
    let threads = threads.clamp(1, chunks.len().max(1));
    // Each thread takes the next chunk not yet taken, so a thread that drew light chunks (an
    // operation's constant) takes more of them than one that drew heavy ones (its types).
    let next = std::sync::atomic::AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, Result<String, EmitError>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (chunks, next) = (&chunks, &next);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if k >= chunks.len() {
                            return done;
                        }
                        // A chunk that does not parse is made again to name it in the error.
                        let formatted = chunks.make(k).and_then(|parts| format_chunk(&parts));
                        done.push((
                            k,
                            formatted.map_err(|e| {
                                chunks
                                    .make(k)
                                    .map_or_else(|again| again, |parts| e.in_chunk(&parts))
                            }),
                        ));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![(0, Err(EmitError("an emitting thread panicked".into())))]
                })
            })
            .collect()
    });
    let mut parts: Vec<(usize, Result<String, EmitError>)> = parts.into_iter().flatten().collect();
    parts.sort_by_key(|(k, _)| *k);
    let mut files: Vec<ServiceFile> = FILES
        .iter()
        .map(|(name, doc)| {
            // A child sees the module's names, and the trait its nested checks call through.
            let child = if doc.is_empty() {
                ""
            } else {
                "use super::*;\n#[allow(unused_imports)]\nuse rt::Validate as _;\n"
            };
            ServiceFile { name, contents: format!("{HEADER}\n\n{doc}{child}") }
        })
        .collect();
    for (k, part) in parts {
        files[chunks.file(k)].contents.push_str(&part?);
    }
    files[0].contents.push_str(MODULE_TAIL);
    Ok(files)
}

/// Format one chunk of a module (items, and inner attributes at the top), part by part: what
/// [`service`] does with each chunk that [`service_chunks`] makes.
pub fn format_chunk(parts: &[Part]) -> Result<String, EmitError> {
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Tokens(tokens) => {
                let parsed: syn::File = syn::parse2(tokens.clone())
                    .map_err(|e| EmitError(format!("the emitted module does not parse: {e}")))?;
                out.push_str(&prettyplease::unparse(&parsed));
            }
            Part::Text(text) => {
                // Lexed, not parsed: a template's slip (an unclosed bracket, a bad literal) is
                // caught here at a tenth of a parse's cost, and the build of the generated
                // crate, which every test and CI run makes, parses the rest.
                text.parse::<TokenStream>()
                    .map_err(|e| EmitError(format!("emitted text does not lex: {e}")))?;
                out.push_str(text);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
    Ok(out)
}

/// One service module as chunks, in order, each handed to `sink` as soon as it is made, on
/// this thread: what `cargo xtask bench-gen` times stage by stage.
pub fn service_chunks(
    s: &Service,
    sink: &mut dyn FnMut(Vec<Part>) -> Result<(), EmitError>,
) -> Result<(), EmitError> {
    let chunks = Chunks::new(s);
    for k in 0..chunks.len() {
        sink(chunks.make(k)?)?;
    }
    Ok(())
}

/// The chunks of a service module, in order: a chunk is the module's head, one operation's or
/// one type's items, or one of the tables. Each is made on its own from the IR, so memory holds
/// one chunk's tokens at a time, the chunks can be made on several threads, and the cost grows
/// with the spec and nothing else.
struct Chunks<'a> {
    s: &'a Service,
    floats: std::collections::BTreeSet<TypeId>,
    order: Vec<Chunk<'a>>,
}

/// One chunk of a service module.
enum Chunk<'a> {
    /// The module's documentation and imports.
    Head,
    /// An operation's constant.
    Const(&'a Operation),
    /// `OPERATIONS`, `TYPES`, `SERVICE` and the client struct.
    Tables,
    /// An operation's `impl Client` block.
    Methods(&'a Operation),
    /// The mock's route table.
    Routes,
    /// An operation's mock handler.
    Handler(&'a Operation),
    /// A type, by its id.
    Type(TypeId, &'a TypeDef),
}

impl<'a> Chunks<'a> {
    /// The head, an operation constant per operation, the tables and client, a method block per
    /// operation, the mock's routes, a handler per operation, and one chunk per type.
    fn new(s: &'a Service) -> Self {
        let ops = &s.operations;
        let order = std::iter::once(Chunk::Head)
            .chain(ops.iter().map(Chunk::Const))
            .chain(std::iter::once(Chunk::Tables))
            .chain(ops.iter().map(Chunk::Methods))
            .chain(std::iter::once(Chunk::Routes))
            .chain(ops.iter().map(Chunk::Handler))
            .chain(s.types.iter().enumerate().map(|(i, t)| Chunk::Type(TypeId(i), t)))
            .collect();
        Chunks { s, floats: float_structs(&s.types), order }
    }

    fn len(&self) -> usize {
        self.order.len()
    }

    /// The file of the folder ([`FILES`]) that chunk `k` goes to.
    fn file(&self, k: usize) -> usize {
        match self.order.get(k) {
            Some(Chunk::Head | Chunk::Const(_) | Chunk::Tables) | None => 0,
            Some(Chunk::Type(..)) => 1,
            Some(Chunk::Methods(_)) => 2,
            Some(Chunk::Routes | Chunk::Handler(_)) => 3,
        }
    }

    fn make(&self, k: usize) -> Result<Vec<Part>, EmitError> {
        let s = self.s;
        Ok(match self.order.get(k) {
            Some(Chunk::Head) => vec![Part::Tokens(head(s))],
            Some(Chunk::Const(o)) => vec![Part::Tokens(operation_const(s, o))],
            Some(Chunk::Tables) => tables(s),
            Some(Chunk::Methods(o)) => vec![Part::Text(client::operation_impl(s, o)?)],
            Some(Chunk::Routes) => vec![Part::Tokens(mock::routes(s))],
            Some(Chunk::Handler(o)) => vec![Part::Text(mock::handler(s, o))],
            Some(Chunk::Type(id, TypeDef::Struct(d))) => struct_def(s, *id, d, &self.floats),
            Some(Chunk::Type(_, TypeDef::Enum(e))) => enum_def(e),
            None => return Err(EmitError(format!("no chunk {k}"))),
        })
    }
}

/// The module's documentation and imports.
fn head(s: &Service) -> TokenStream {
    let doc = inner_doc_attrs(&docs::module_doc(s));
    quote! {
        #doc

        // The runtime, through its one door for generated code.
        use ::huaweicloud_restore_runtime::for_generated as rt;
        // `Validate as _`: nested values are checked by method call; a service with none
        // leaves it unused.
        #[allow(unused_imports)]
        use rt::Validate as _;
    }
}

/// The end of a service's `mod.rs`: the folder's other files, which see the module's names
/// (`use super::*`), and what they define that the module's users name.
const MODULE_TAIL: &str = "
// The folder's other files, which see this module's names (`use super::*`).
mod client;
#[cfg(feature = \"mock\")]
mod mock;
mod types;

#[cfg(feature = \"mock\")]
pub use mock::MOCK_ROUTES;
pub use types::*;
";

/// `OPERATIONS`, `TYPES` and `CALLS`, one entry after another, as text; `SERVICE` and the client
/// struct.
fn tables(s: &Service) -> Vec<Part> {
    let mut src = text::Source::default();
    src.doc(&["Every operation of this service.".to_string()]);
    src.open("pub static OPERATIONS: &[rt::OperationInfo] = &[");
    for o in &s.operations {
        src.line(format!("{},", o.const_name));
    }
    src.close("];");
    src.doc(&[
        "Every generated struct of this service, by its name in the spec: for the conformance"
            .to_string(),
        "tests, which check every documented example through it (feature `conformance`)."
            .to_string(),
    ]);
    src.line("#[doc(hidden)]");
    src.line("#[cfg(feature = \"conformance\")]");
    src.open("pub static TYPES: &[rt::TypeEntry] = &[");
    for t in &s.types {
        if let TypeDef::Struct(d) = t {
            let role = match d.role {
                Role::Request => "request",
                Role::Response => "response",
            };
            let head = format!("rt::TypeEntry::{role}::<{}>(", d.rust_name);
            src.list(&head, &[text::string(&d.spec_name)], "),");
        }
    }
    src.close("];");
    src.doc(&[
        "Every operation's method called with its doc example's arguments, by operationId, on a"
            .to_string(),
        "client made from the config given: for tests that hold every method to one rule"
            .to_string(),
        "(feature `conformance`).".to_string(),
    ]);
    src.line("#[doc(hidden)]");
    src.line("#[cfg(feature = \"conformance\")]");
    src.open("pub static CALLS: &[(&str, rt::StandInCall)] = &[");
    for o in &s.operations {
        client::stand_in_call(&mut src, s, o);
    }
    src.close("];");
    let service_info = service_info(s);
    let client = client::client(s);
    vec![Part::Text(src.finish()), Part::Tokens(quote! { #service_info #client })]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_that_do_not_parse_fail_instead_of_being_written() {
        let err = file(quote! { pub struct ; }).unwrap_err();
        assert!(
            err.to_string().starts_with("generator bug: the emitted module does not parse"),
            "{err}"
        );
        assert!(err.to_string().contains("in the chunk `pub struct ;`"), "{err}");
        assert!(file(quote! { pub struct Fine; }).is_ok_and(|f| f.starts_with(HEADER)));
    }

    #[test]
    fn text_parts_are_lexed_and_written_as_they_are() {
        let parts =
            [Part::Tokens(quote! { pub struct A; }), Part::Text("m!(A {\n    x => y,\n});".into())];
        assert_eq!(
            format_chunk(&parts),
            Ok("pub struct A;\nm!(A {\n    x => y,\n});\n".to_string())
        );
        let broken = [Part::Text("m!(A {".into())];
        let err = format_chunk(&broken).unwrap_err();
        assert!(err.0.starts_with("emitted text does not lex"), "{err}");
        assert!(err.in_chunk(&broken).0.contains("in the chunk `m!(A {`"));
    }
}
