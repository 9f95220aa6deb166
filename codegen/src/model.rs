//! codegen's typed model of the OpenAPI 3.0.3 subset that spec/ uses.
//!
//! Every struct refuses keys it does not know (`deny_unknown_fields`), so a keyword outside
//! the subset, or an `x-` extension that spec/README.md does not document, is an error with
//! its place in the file rather than something silently ignored.

use indexmap::IndexMap;
use serde::Deserialize;

/// One OpenAPI document: one service.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Must be `3.0.3`.
    pub openapi: String,
    /// Title, version, description and the service's module name.
    pub info: Info,
    /// Endpoint templates: exactly one, `https://NAME.{region}.DOMAIN`.
    #[serde(default)]
    pub servers: Vec<Server>,
    /// The security requirement: the one token scheme of `components.securitySchemes`.
    #[serde(default)]
    pub security: Vec<IndexMap<String, Vec<String>>>,
    /// Operations by path template, then method.
    pub paths: IndexMap<String, PathItem>,
    /// Named schemas.
    #[serde(default)]
    pub components: Components,
}

/// The document's `info`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    /// Title.
    pub title: String,
    /// API version.
    pub version: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// `x-service`: the Rust module name and endpoint service name (`ddm`, `rds`, `cbr`).
    #[serde(rename = "x-service")]
    pub service: String,
}

/// A server template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// URL template.
    pub url: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Template variables.
    #[serde(default)]
    pub variables: IndexMap<String, ServerVariable>,
    /// `x-region-endpoints`: regions served elsewhere than the template says, region id to URL.
    #[serde(rename = "x-region-endpoints", default)]
    pub region_endpoints: IndexMap<String, String>,
}

/// A server template variable.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerVariable {
    /// Default value.
    pub default: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
}

/// The operations of one path template.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathItem {
    /// GET.
    pub get: Option<Operation>,
    /// POST.
    pub post: Option<Operation>,
    /// PUT.
    pub put: Option<Operation>,
    /// DELETE.
    pub delete: Option<Operation>,
    /// PATCH.
    pub patch: Option<Operation>,
}

impl PathItem {
    /// The operations with their lowercase method names, in a fixed order.
    pub fn operations(&self) -> Vec<(&'static str, &Operation)> {
        [
            ("get", &self.get),
            ("post", &self.post),
            ("put", &self.put),
            ("delete", &self.delete),
            ("patch", &self.patch),
        ]
        .into_iter()
        .filter_map(|(m, o)| o.as_ref().map(|o| (m, o)))
        .collect()
    }
}

/// Where a page came from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The page's copy, relative to spec/ (`sources/000_....txt`).
    pub page: String,
    /// The page's title.
    pub title: String,
    /// The page's "Updated on" date.
    pub updated: String,
    /// The page's breadcrumb, when the saved page has one.
    #[serde(default)]
    pub breadcrumb: Option<String>,
}

/// A recorded deviation from the page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    /// What the page says.
    #[serde(rename = "page-says")]
    pub page_says: String,
    /// Why the spec says otherwise.
    pub reason: String,
}

/// How to wait on what an operation reports (a job, a backup): the status field of its
/// success body and which values mean done, failed and still going.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiter {
    /// The generated method's name (`wait_for_job`).
    pub method: String,
    /// The path or query parameter naming what is waited on (`job_id`).
    pub id: String,
    /// The field names from the success body to the status (`[job, status]`).
    pub status: Vec<String>,
    /// The field names from the success body to why it failed, when the body says.
    #[serde(default)]
    pub reason: Vec<String>,
    /// The status values that mean done.
    pub done: Vec<String>,
    /// The status values that mean failed.
    pub failed: Vec<String>,
    /// The status values that mean still going.
    pub pending: Vec<String>,
    /// The operations that start what is waited on, and where their answer names it.
    #[serde(rename = "started-by", default)]
    pub started_by: Vec<WaiterStart>,
}

/// An operation that starts what a waiter waits on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterStart {
    /// Its operationId.
    pub operation: String,
    /// The field of its success body that names what was started (`job_id`).
    #[serde(default)]
    pub body: Option<String>,
    /// Or: its path parameter that names it (`backup_id`).
    #[serde(default)]
    pub path: Option<String>,
}

/// How an offset/limit listing pages: the names of its parameters and response fields.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// The query parameter holding the index of the first item.
    pub offset: String,
    /// The query parameter holding the page size.
    pub limit: String,
    /// The response field holding the page's items (an array).
    pub items: String,
    /// The response field holding the total number of items, when there is one.
    #[serde(default)]
    pub total: Option<String>,
}

/// One operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// lowerCamelCase id; the Rust method is its snake_case form.
    #[serde(rename = "operationId")]
    pub operation_id: String,
    /// The page's title.
    pub summary: String,
    /// The page's "Function" text.
    #[serde(default)]
    pub description: Option<String>,
    /// The official SDKs' name for the operation.
    #[serde(rename = "x-sdk-name", default)]
    pub sdk_name: Option<String>,
    /// The page this operation was transcribed from.
    #[serde(rename = "x-source")]
    pub source: Source,
    /// The page's example request line, verbatim.
    #[serde(rename = "x-page-example-request", default)]
    pub page_example_request: Option<String>,
    /// Points the page leaves open, with how the spec settles them.
    #[serde(rename = "x-open-points", default)]
    pub open_points: Vec<String>,
    /// How the operation pages, when it is an offset/limit listing.
    #[serde(rename = "x-paging", default)]
    pub paging: Option<Paging>,
    /// How to wait on what the operation reports, when it reports a status.
    #[serde(rename = "x-waiter", default)]
    pub waiter: Option<Waiter>,
    /// Rules between query parameters (`anyOf`, as on a schema, and `x-rule-source`).
    #[serde(rename = "x-query-rules", default)]
    pub query_rules: Option<Schema>,
    /// Path, query and header parameters.
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    /// The JSON body.
    #[serde(rename = "requestBody", default)]
    pub request_body: Option<RequestBody>,
    /// Responses by status code (or `default`).
    pub responses: IndexMap<String, Response>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    /// A path template segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// One parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// The name on the wire.
    pub name: String,
    /// Where it goes.
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    /// Mandatory or not.
    #[serde(default)]
    pub required: bool,
    /// The page's description.
    #[serde(default)]
    pub description: Option<String>,
    /// Its type and constraints.
    pub schema: Schema,
    /// The value the page's example request uses.
    #[serde(default)]
    pub example: Option<serde_json::Value>,
    /// The page table it was transcribed from.
    #[serde(rename = "x-page-table", default)]
    pub page_table: Option<String>,
    /// Set on a header that the client's credential supplies (`token`).
    #[serde(rename = "x-credential", default)]
    pub credential: Option<String>,
    /// A deviation from the page.
    #[serde(rename = "x-erratum", default)]
    pub erratum: Option<Erratum>,
}

/// A request body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// Mandatory or not.
    #[serde(default)]
    pub required: bool,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// By media type; only `application/json` is supported.
    pub content: IndexMap<String, MediaType>,
    /// The page table it was transcribed from.
    #[serde(rename = "x-page-table", default)]
    pub page_table: Option<String>,
}

/// A body's schema and examples.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaType {
    /// The body's schema (a `$ref` to a component).
    pub schema: Schema,
    /// The page's examples, by name.
    #[serde(default)]
    pub examples: IndexMap<String, Example>,
}

/// One example.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The page's caption.
    #[serde(default)]
    pub summary: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// The JSON, verbatim from the page (or as corrected, with `x-erratum`).
    pub value: serde_json::Value,
    /// Where the page's own example contradicts the page: `page-says` is the page's JSON, as
    /// printed, and `value` the corrected example, which is the one tested.
    #[serde(rename = "x-erratum", default)]
    pub erratum: Option<Erratum>,
}

/// A response.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The page's description of the status.
    pub description: String,
    /// The body, when there is one.
    #[serde(default)]
    pub content: IndexMap<String, MediaType>,
    /// The page table it was transcribed from.
    #[serde(rename = "x-page-table", default)]
    pub page_table: Option<String>,
    /// A deviation from the page.
    #[serde(rename = "x-erratum", default)]
    pub erratum: Option<Erratum>,
}

/// Named schemas.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Components {
    /// By name.
    #[serde(default)]
    pub schemas: IndexMap<String, Schema>,
    /// How requests prove who sends them: one `apiKey` scheme in a header (the IAM token).
    #[serde(rename = "securitySchemes", default)]
    pub security_schemes: IndexMap<String, SecurityScheme>,
}

/// A security scheme: the subset spec/ uses, an API key in a header.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityScheme {
    /// Must be `apiKey`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Must be `header`.
    #[serde(rename = "in")]
    pub location: String,
    /// The header's name (`X-Auth-Token`).
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
}

/// `additionalProperties`: `true` (any value), `false` (none), or the values' schema.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    /// `true` or `false`.
    Allowed(bool),
    /// The schema every value has.
    Schema(Box<Schema>),
}

/// A schema: the subset of OpenAPI 3.0's Schema Object that spec/ uses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// A reference, `#/components/schemas/Name`.
    #[serde(rename = "$ref", default)]
    pub reference: Option<String>,
    /// `object`, `array`, `string`, `integer`, `number` or `boolean`.
    #[serde(rename = "type", default)]
    pub type_: Option<String>,
    /// `int32` or `int64` for integers.
    #[serde(default)]
    pub format: Option<String>,
    /// The page's description.
    #[serde(default)]
    pub description: Option<String>,
    /// Allowed values.
    #[serde(rename = "enum", default)]
    pub enum_: Option<Vec<serde_json::Value>>,
    /// Default value the server applies when the field is absent.
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    /// Inclusive lower bound.
    #[serde(default)]
    pub minimum: Option<serde_json::Number>,
    /// Inclusive upper bound.
    #[serde(default)]
    pub maximum: Option<serde_json::Number>,
    /// Least length of a string, in characters.
    #[serde(rename = "minLength", default)]
    pub min_length: Option<u64>,
    /// Greatest length of a string, in characters.
    #[serde(rename = "maxLength", default)]
    pub max_length: Option<u64>,
    /// A regular expression a string must match (anywhere in it, unless anchored).
    #[serde(default)]
    pub pattern: Option<String>,
    /// Least number of items of an array.
    #[serde(rename = "minItems", default)]
    pub min_items: Option<u64>,
    /// Greatest number of items of an array.
    #[serde(rename = "maxItems", default)]
    pub max_items: Option<u64>,
    /// Item schema of an array.
    #[serde(default)]
    pub items: Option<Box<Schema>>,
    /// Properties of an object, in page order.
    #[serde(default)]
    pub properties: Option<IndexMap<String, Schema>>,
    /// Mandatory properties.
    #[serde(default)]
    pub required: Vec<String>,
    /// A map's values (`additionalProperties: {schema}`), or `true` for a free-form object.
    #[serde(rename = "additionalProperties", default)]
    pub additional_properties: Option<AdditionalProperties>,
    /// Whether `null` is a value.
    #[serde(default)]
    pub nullable: bool,
    /// Used as `allOf: [$ref]` to give a reference a description of its own.
    #[serde(rename = "allOf", default)]
    pub all_of: Vec<Schema>,
    /// Alternatives: rules between fields.
    #[serde(rename = "anyOf", default)]
    pub any_of: Vec<Schema>,
    /// Negation, used as `not: {required: [...]}` inside an `anyOf` branch.
    #[serde(default)]
    pub not: Option<Box<Schema>>,
    /// The page table it was transcribed from.
    #[serde(rename = "x-page-table", default)]
    pub page_table: Option<String>,
    /// The official SDKs' name for the model.
    #[serde(rename = "x-sdk-name", default)]
    pub sdk_name: Option<String>,
    /// The type as the page words it, where the spec's type does not say it alone.
    #[serde(rename = "x-page-type", default)]
    pub page_type: Option<String>,
    /// The JSON types the page's examples print a response field as where its table types it
    /// otherwise (`[integer]` on a string the example prints as a number). The generated field
    /// reads both; the disagreement is recorded in the schema's `x-erratum`.
    #[serde(rename = "x-example-types", default)]
    pub example_types: Vec<String>,
    /// A response field's Mandatory flag as the page's table gives it (response schemas carry
    /// no `required`: responses are parsed leniently).
    #[serde(rename = "x-page-mandatory", default)]
    pub page_mandatory: Option<bool>,
    /// A deviation from the page.
    #[serde(rename = "x-erratum", default)]
    pub erratum: Option<Erratum>,
    /// The page text a rule (`anyOf`) was read from.
    #[serde(rename = "x-rule-source", default)]
    pub rule_source: Option<String>,
    /// The page's description of each enum value.
    #[serde(rename = "x-enum-descriptions", default)]
    pub enum_descriptions: IndexMap<String, String>,
}
