//! The resolved model the emitter works from: services, operations, types and rules.
//!
//! Everything here has been checked: names are valid Rust, references resolve, examples fit
//! their schemas. Documentation is kept as the spec's facts (descriptions, provenance, errata);
//! the emitter writes the prose (`emit::docs`).

use serde_json::Value;

/// A type of a service, by its place in [`Service::types`]: references between types, and
/// from operations to types, are ids; names are chosen once, in the [`TypeDef`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A field named in two ways: in Rust and on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldName {
    /// The Rust field name.
    pub rust: String,
    /// The JSON (or query) name.
    pub wire: String,
}

impl Service {
    /// The type `id` names.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
    /// The struct `id` names, if it names a struct.
    pub fn struct_def(&self, id: TypeId) -> Option<&StructDef> {
        match self.types.get(id.0) {
            Some(TypeDef::Struct(s)) => Some(s),
            _ => None,
        }
    }
    /// The enum `id` names, if it names an enum.
    pub fn enum_def(&self, id: TypeId) -> Option<&EnumDef> {
        match self.types.get(id.0) {
            Some(TypeDef::Enum(e)) => Some(e),
            _ => None,
        }
    }
}

/// One service: one spec document, one generated module.
#[derive(Debug, Clone)]
pub struct Service {
    /// Module name (`ddm`).
    pub module: String,
    /// The spec file, relative to the workspace root (`spec/ddm.yaml`).
    pub spec_file: String,
    /// The document's title.
    pub title: String,
    /// The document's description, one entry per line.
    pub description: Vec<String>,
    /// The endpoint template, with `{region}` (`https://ddm.{region}.myhuaweicloud.com`).
    pub endpoint: String,
    /// Regions served elsewhere than the template says: region id and base URL.
    pub region_endpoints: Vec<(String, String)>,
    /// The header an IAM token goes in (`X-Auth-Token`).
    pub token_header: String,
    /// Operations, in document order.
    pub operations: Vec<Operation>,
    /// Types, components first in document order, then the types made for parameters.
    pub types: Vec<TypeDef>,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId.
    pub id: String,
    /// snake_case method name.
    pub fn_name: String,
    /// SCREAMING_SNAKE_CASE constant name.
    pub const_name: String,
    /// Uppercase HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// The path template parsed once: what the client's URL and the mock's route are built from.
    pub segments: Vec<Segment>,
    /// Whether a failed attempt may be sent again.
    pub retry: Retry,
    /// The page's summary of the operation.
    pub summary: String,
    /// The operation's description, one entry per line.
    pub description: Vec<String>,
    /// Points the page leaves open, with how the spec settles them.
    pub open_points: Vec<String>,
    /// The official SDKs' operation name.
    pub sdk_name: Option<String>,
    /// The page's title.
    pub page_title: String,
    /// The page's copy, relative to spec/.
    pub page_file: String,
    /// The page's "Updated on" date.
    pub page_updated: String,
    /// The path-parameter struct, when the path has parameters.
    pub path_params: Option<TypeId>,
    /// The query struct, when there are query parameters.
    pub query: Option<TypeId>,
    /// The header struct, when there are header parameters (other than the credential).
    pub headers: Option<TypeId>,
    /// The body's struct.
    pub body: Option<TypeId>,
    /// Whether a credential header is documented for the operation.
    pub credential_header: Option<String>,
    /// Request body examples.
    pub body_examples: Vec<NamedExample>,
    /// Path and query parameter values from the page's example request, by name.
    pub parameter_examples: Vec<(String, Value)>,
    /// Responses, in document order.
    pub responses: Vec<ResponseDef>,
    /// The documented 2xx statuses without a body, where another 2xx has one: the method's body
    /// is then an `Option`, `None` for these. Empty otherwise.
    pub bodiless_success: Vec<u16>,
    /// How the operation pages, when it is a listing.
    pub paging: Option<Paging>,
    /// How to wait on what the operation reports, when it has a waiter.
    pub waiter: Option<Waiter>,
}

/// A waiter, resolved: poll the operation until the status is done, failed or unexpected.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// The method's name (`wait_for_job`).
    pub method: String,
    /// The parameter naming what is waited on.
    pub id: WaiterId,
    /// The fields from the success body to the status; each but the last is an object.
    pub status: Vec<FieldStep>,
    /// Whether the status is an enum (else a string).
    pub status_is_enum: bool,
    /// The fields from the success body to the failure reason (a string); empty for none.
    pub reason: Vec<FieldStep>,
    /// Status values that mean done.
    pub done: Vec<String>,
    /// Status values that mean failed.
    pub failed: Vec<String>,
    /// Status values that mean still going.
    pub pending: Vec<String>,
    /// Operations (of this service) that start what is waited on.
    pub started_by: Vec<WaiterStart>,
}

/// One field on the way to a waiter's status.
#[derive(Debug, Clone)]
pub struct FieldStep {
    /// Its names.
    pub name: FieldName,
    /// Whether it is mandatory (a plain value) rather than an `Option`.
    pub required: bool,
}

/// The parameter that names what a waiter waits on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaiterId {
    /// A path parameter, by its wire name.
    Path(String),
    /// A query parameter, by its wire name.
    Query(FieldName),
}

/// An operation that starts what a waiter waits on.
#[derive(Debug, Clone)]
pub struct WaiterStart {
    /// Its operationId.
    pub operation: String,
    /// Its place in the service's operations.
    pub index: usize,
    /// Where its answer names what was started.
    pub id: StartId,
}

/// Where a starting operation names what it started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartId {
    /// A string field of its success body, by its names.
    Body(FieldName),
    /// Its path parameter, by its wire name.
    Path(String),
}

/// Whether a failed attempt of an operation may be sent again: the runtime reads it from the
/// operation's data, and the method's documentation says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Idempotent: retried on connection errors and on the runtime's retry statuses, when the
    /// config's retry policy allows.
    Idempotent,
    /// Never sent again: it may have reached the server and changed something.
    Never,
}

impl Retry {
    /// The class of an operation of `method` (uppercase): GET alone is retried. A restore is a
    /// POST, not idempotent, and may have started a job by the time a connection fails.
    pub fn of(method: &str) -> Retry {
        if method == "GET" {
            Retry::Idempotent
        } else {
            Retry::Never
        }
    }
}

/// One segment of a path template, between slashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as it is.
    Literal(String),
    /// A path parameter, by its name in the template; its value is sent percent-encoded as one
    /// segment.
    Param(String),
}

/// An offset/limit listing, resolved.
#[derive(Debug, Clone)]
pub struct Paging {
    /// The offset field of the query struct.
    pub offset: FieldName,
    /// The limit field of the query struct.
    pub limit: FieldName,
    /// The items field of the response struct.
    pub items: FieldName,
    /// The total field of the response struct.
    pub total: Option<FieldName>,
    /// The item type.
    pub item_type: TypeId,
    /// The page size a streamed listing asks for: the limit's maximum, else its default.
    pub page_size: i64,
}

impl Operation {
    /// The documented success response (the first 2xx with a body, else the first 2xx), if any.
    pub fn success(&self) -> Option<&ResponseDef> {
        let success = || self.responses.iter().filter(|r| matches!(r.status, Some(200..=299)));
        success().find(|r| r.body.is_some() || r.text).or_else(|| success().next())
    }
}

/// A named example.
#[derive(Debug, Clone)]
pub struct NamedExample {
    /// Its key in the spec.
    pub name: String,
    /// The page's caption.
    pub summary: Option<String>,
    /// The JSON.
    pub value: Value,
}

/// One documented response.
#[derive(Debug, Clone)]
pub struct ResponseDef {
    /// The status code; `None` for `default`.
    pub status: Option<u16>,
    /// The page's description.
    pub description: String,
    /// The body's struct, when there is a JSON body.
    pub body: Option<TypeId>,
    /// Whether the body is plain text (`text/plain`, read as a `String`).
    pub text: bool,
    /// The page's examples.
    pub examples: Vec<NamedExample>,
}

/// Whether a type is sent (validated, strict) or received (lenient).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Part of a request: validated, unknown fields refused when parsed.
    Request,
    /// Part of a response: every field optional, unknown fields ignored.
    Response,
}

/// A generated type.
#[derive(Debug, Clone)]
pub enum TypeDef {
    /// A struct.
    Struct(StructDef),
    /// An open string enum.
    Enum(EnumDef),
}

impl TypeDef {
    /// The spec's name.
    pub fn spec_name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.spec_name,
            TypeDef::Enum(e) => &e.spec_name,
        }
    }
    /// The Rust name.
    pub fn rust_name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.rust_name,
            TypeDef::Enum(e) => &e.rust_name,
        }
    }
}

/// A struct.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// The name in the spec (a component name, or a made name for parameters).
    pub spec_name: String,
    /// The Rust name.
    pub rust_name: String,
    /// The schema's description, one entry per line.
    pub description: Vec<String>,
    /// Where it comes from: the page table and the official SDK model.
    pub provenance: Provenance,
    /// The page text a rule (`anyOf`) was read from.
    pub rule_source: Option<String>,
    /// For a type the generator made for an operation's parameters: what it holds, in words.
    pub made_for: Option<String>,
    /// The pages (operations) that use it, in words.
    pub used_by: Vec<String>,
    /// Request or response.
    pub role: Role,
    /// Fields in page order.
    pub fields: Vec<Field>,
    /// The anyOf rule; empty when there is none.
    pub any_of: Vec<Branch>,
    /// Whether this struct holds query parameters (it then gets `query_pairs`).
    pub is_query: bool,
    /// Whether this struct holds header parameters (it then gets `header_pairs`).
    pub is_headers: bool,
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON (or wire) name.
    pub wire_name: String,
    /// The Rust field name, without any `r#`.
    pub rust_name: String,
    /// The description (the parameter's, for a parameter), one entry per line.
    pub description: Vec<String>,
    /// A string's `format` (`date-time`), kept as a string.
    pub format: Option<String>,
    /// The type as the page words it, where the spec's type does not say it alone.
    pub page_type: Option<String>,
    /// A deviation from the page about the field.
    pub erratum: Option<Erratum>,
    /// A deviation from the page about the parameter's value in the example URL.
    pub example_erratum: Option<Erratum>,
    /// Mandatory (a plain value) or optional (an `Option`).
    pub required: bool,
    /// The value type.
    pub ty: Ty,
    /// Inclusive lower bound (integers).
    pub minimum: Option<i64>,
    /// Inclusive upper bound (integers).
    pub maximum: Option<i64>,
    /// Least length in characters (strings).
    pub min_length: Option<u64>,
    /// Greatest length in characters (strings).
    pub max_length: Option<u64>,
    /// A regular expression the value must match, anywhere unless anchored (strings); it
    /// compiles with the `regex` crate.
    pub pattern: Option<String>,
    /// Least number of items (arrays).
    pub min_items: Option<u64>,
    /// Greatest number of items (arrays).
    pub max_items: Option<u64>,
    /// Must not be empty (path parameters).
    pub non_empty: bool,
    /// Sent as an HTTP header: a string must be a valid header value.
    pub header: bool,
    /// The value the server applies when the field is absent.
    pub default: Option<serde_json::Value>,
    /// Whether `null` is a value (`nullable: true`): read as absent.
    pub nullable: bool,
}

impl Field {
    /// A string for this field where the page gives no example (a doc example's mandatory
    /// parameter, a test's request): `my-NAME` when it keeps the documented length and
    /// pattern, else the first of a few plain strings (letters, digits, at the least documented
    /// length) that does; `my-NAME` when none does.
    pub fn stand_in_string(&self) -> String {
        let named = format!("my-{}", self.wire_name.replace('_', "-"));
        let len = |s: &str| s.chars().count() as u64;
        let want = self.min_length.unwrap_or(1).max(1);
        let repeat = |unit: &str| unit.repeat(usize::try_from(want).unwrap_or(1).min(64));
        let pattern = self.pattern.as_deref().and_then(|p| regex::Regex::new(p).ok());
        let keeps = |s: &str| {
            self.min_length.is_none_or(|m| len(s) >= m)
                && self.max_length.is_none_or(|m| len(s) <= m)
                && pattern.as_ref().is_none_or(|re| re.is_match(s))
        };
        let candidates =
            [named.clone(), repeat("a"), repeat("1"), repeat("A"), repeat("a1"), repeat("0")];
        candidates.into_iter().find(|c| keeps(c)).unwrap_or(named)
    }
}

/// A field's value type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// A generated struct.
    Struct(TypeId),
    /// A generated enum.
    Enum(TypeId),
    /// `BTreeMap<String, T>`: an object of any keys whose values are `T`.
    Map(Box<Ty>),
    /// `serde_json::Value`: a free-form object (the page's bare "Object" with no table).
    Json,
    /// `rt::TextOrNumber`: a response value the table types as a string or a number and
    /// the page's example prints as the other (`x-example-types`); read from either.
    TextOrNumber,
}

/// One alternative of an anyOf rule.
#[derive(Debug, Clone)]
pub struct Branch {
    /// What the alternative means, in words.
    pub description: String,
    /// Fields that must be present (Rust names), with their wire names.
    pub required: Vec<(String, String)>,
    /// Fields whose value, when present, must be one of the listed wire values.
    pub restrictions: Vec<(String, Vec<String>)>,
    /// Fields that must be absent.
    pub absent: Vec<String>,
}

/// An open string enum.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// The component name.
    pub spec_name: String,
    /// The Rust name.
    pub rust_name: String,
    /// The schema's description, one entry per line.
    pub description: Vec<String>,
    /// Where it comes from: the page table and the official SDK model.
    pub provenance: Provenance,
    /// The pages (operations) that use it, in words.
    pub used_by: Vec<String>,
    /// Known values.
    pub values: Vec<EnumValue>,
}

/// A known enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The wire value.
    pub wire: String,
    /// The variant name.
    pub variant: String,
    /// The page's description of the value, one entry per line, if it gives one.
    pub description: Option<Vec<String>>,
}

/// Where a type comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The page table it was transcribed from.
    pub page_table: Option<String>,
    /// The official SDKs' name for the model.
    pub sdk_name: Option<String>,
}

/// A deviation from the page, recorded in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erratum {
    /// What the page says.
    pub page_says: String,
    /// Why the spec says otherwise.
    pub reason: String,
}
