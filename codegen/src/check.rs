//! Checks a loaded document and resolves it into [`crate::ir::Service`].
//!
//! Every problem found becomes one [`Diagnostic`] with its file, line, column and YAML path;
//! checking goes on after a problem, so one run names all of them.

use std::collections::{BTreeSet, HashMap};

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use crate::diag::Diagnostic;
use crate::ir::{Branch, EnumDef, EnumValue, Field, NamedExample, Operation, ResponseDef, Role, Segment, Service, StructDef, Ty, TypeDef};
use crate::load::LoadedSpec;
use crate::locate::YamlPath;
use crate::model::{self, ParameterLocation, Schema};

const REF_PREFIX: &str = "#/components/schemas/";
const JSON: &str = "application/json";
const TEXT: &str = "text/plain";

/// Check `spec` and build its IR, or return every problem found.
pub fn check(spec: &LoadedSpec) -> Result<Service, Vec<Diagnostic>> {
    let mut cx = Checker { spec, diags: Vec::new(), types: Vec::new(), by_spec_name: HashMap::new(), broken: BTreeSet::new() };
    let service = cx.service();
    if cx.diags.is_empty() {
        Ok(service)
    } else {
        Err(cx.diags)
    }
}

struct Checker<'a> {
    spec: &'a LoadedSpec,
    diags: Vec<Diagnostic>,
    types: Vec<TypeDef>,
    /// Component name -> index into `types`.
    by_spec_name: HashMap<String, usize>,
    /// Structs with a field that could not be resolved: examples are not judged against them,
    /// since every complaint would only repeat that first problem.
    broken: BTreeSet<String>,
}

/// Which parameters a made type holds.
#[derive(Clone, Copy, PartialEq)]
enum Made {
    Path,
    Query,
    Headers,
}

/// Which kind of type a component becomes.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Struct,
    Enum,
}

fn root() -> YamlPath {
    YamlPath::root()
}

fn is_snake_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !matches!(s, "_" | "self" | "super" | "crate")
}

/// Names the generated crate's root already uses, so no service module may take them.
const RESERVED_MODULES: &[&str] = &["runtime", "mock", "prelude"];

/// The Rust module name of a service: `x-service` in snake case (`gaussdb-opengauss` becomes
/// `gaussdb_opengauss`), or why it cannot be one.
pub fn module_name(service: &str) -> Result<String, String> {
    let module = service.to_snake_case();
    let keyword = syn::parse_str::<syn::Ident>(&module).is_err();
    if module.is_empty() || !is_snake_ident(&module) || keyword || module.starts_with('_') {
        return Err(format!("`x-service: {service}` does not make a Rust module name (it gives `{module}`)"));
    }
    if RESERVED_MODULES.contains(&module.as_str()) {
        return Err(format!("`x-service: {service}` makes the module `{module}`, a name the crate root already uses"));
    }
    Ok(module)
}

fn is_camel_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric()) && s != "Self"
}

/// A path template parsed once: the segments after the leading `/`, each a literal or a
/// parameter. The client builds its URL, and the mock its route, from these.
///
/// A template is a path only: it starts with `/`, holds no query (`?`) or fragment (`#`), and
/// each parameter fills a whole segment (`/{id}/`, not `/{id}.json`), which is what the
/// client, the mock and the signer all handle alike.
pub fn parse_template(path: &str) -> Result<Vec<Segment>, String> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(format!("path `{path}` must start with `/`"));
    };
    if let Some(i) = path.find(['?', '#']) {
        let (kind, rest) = if path[i..].starts_with('?') { ("a query", &path[i + 1..]) } else { ("a fragment", &path[i + 1..]) };
        let names: Vec<&str> = rest.split('&').filter_map(|kv| kv.split('=').next()).filter(|n| !n.is_empty()).collect();
        let hint = if kind == "a query" && !names.is_empty() {
            format!(": move {} to query parameters (`in: query`)", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
        } else {
            String::new()
        };
        return Err(format!("path `{path}` holds {kind}; a path template is a path only{hint}"));
    }
    let mut out = Vec::new();
    for segment in rest.split('/') {
        if !segment.contains(['{', '}']) {
            out.push(Segment::Literal(segment.to_string()));
            continue;
        }
        let name = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
        match name {
            Some(n) if !n.is_empty() && !n.contains(['{', '}']) => {
                if out.iter().any(|s| matches!(s, Segment::Param(p) if p == n)) {
                    return Err(format!("path `{path}` names the parameter `{{{n}}}` twice"));
                }
                out.push(Segment::Param(n.to_string()));
            }
            _ if segment.matches('{').count() == 1 && segment.matches('}').count() == 1 => {
                return Err(format!(
                    "path `{path}`: the segment `{segment}` mixes a parameter with other text; a parameter must fill a whole segment"
                ));
            }
            _ => return Err(format!("path `{path}`: malformed parameter in the segment `{segment}`")),
        }
    }
    Ok(out)
}

/// The `{name}` parameters of a path template, in order, or why it is not a template.
pub fn template_parameters(path: &str) -> Result<Vec<String>, String> {
    Ok(parse_template(path)?
        .into_iter()
        .filter_map(|s| match s {
            Segment::Param(n) => Some(n),
            Segment::Literal(_) => None,
        })
        .collect())
}

/// The `{name}` variables of a server URL.
fn template_parameters_of_url(url: &str) -> Vec<String> {
    url.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string())).collect()
}

fn lines(text: &str) -> Vec<String> {
    text.trim_end().lines().map(|l| l.trim_end().to_string()).collect()
}

fn json_path_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl<'a> Checker<'a> {
    fn err(&mut self, path: &YamlPath, message: impl Into<String>) {
        let pos = self.spec.locations.find(path);
        self.diags.push(Diagnostic {
            file: self.spec.file.clone(),
            line: pos.line,
            column: pos.column,
            path: path.as_str().to_string(),
            message: message.into(),
        });
    }

    fn doc(&self) -> &'a model::Document {
        &self.spec.document
    }

    fn service(&mut self) -> Service {
        let doc = self.doc();
        if doc.openapi != "3.0.3" {
            self.err(&root().key("openapi"), format!("unsupported OpenAPI version `{}`: only 3.0.3 is supported", doc.openapi));
        }
        let module = module_name(&doc.info.service);
        if let Err(why) = &module {
            self.err(&root().key("info").key("x-service"), why.clone());
        }
        let (endpoint, region_endpoints) = self.endpoint();
        let token_header = self.token_header();
        self.components();
        let mut operations = Vec::new();
        let mut seen_ids: HashMap<String, YamlPath> = HashMap::new();
        for (path, item) in &doc.paths {
            let p = root().key("paths").key(path);
            for (method, op) in item.operations() {
                let op_path = p.key(method);
                let fn_name = op.operation_id.to_snake_case();
                if let Some(first) = seen_ids.get(&fn_name) {
                    let first = first.as_str().to_string();
                    self.err(&op_path.key("operationId"), format!("duplicate operationId `{}` (also at `{first}`)", op.operation_id));
                    // Checking it further would only repeat the first one's names.
                    continue;
                } else {
                    seen_ids.insert(fn_name.clone(), op_path.key("operationId"));
                }
                if let Some(o) = self.operation(path, method, op, &op_path) {
                    operations.push(o);
                }
            }
        }
        self.roles(&operations);
        self.name_pages(&operations);
        let mut module_doc = vec![doc.info.title.clone(), String::new()];
        if let Some(d) = &doc.info.description {
            module_doc.extend(lines(d));
            module_doc.push(String::new());
        }
        module_doc.push("Operations:".to_string());
        for o in &operations {
            module_doc.push(format!("- `{} {}`: {}", o.method, o.path, o.page_title));
        }
        for o in &operations {
            if let Some(h) = &o.credential_header {
                if !h.eq_ignore_ascii_case(&token_header) && !token_header.is_empty() {
                    let p = root().key("paths").key(&o.path).key(&o.method.to_lowercase()).key("parameters");
                    self.err(&p, format!("the credential header `{h}` is not the security scheme's `{token_header}`"));
                }
            }
        }
        Service {
            module: module.unwrap_or_default(),
            endpoint,
            region_endpoints,
            token_header,
            spec_file: format!("spec/{}", self.spec.file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default()),
            doc: module_doc,
            operations,
            types: std::mem::take(&mut self.types),
        }
    }

    // ---- where the service is, and how it authenticates --------------------------------------

    /// The one `servers` entry: `https://NAME.{region}.DOMAIN`, `{region}` its one variable,
    /// with the regions it serves elsewhere (`x-region-endpoints`).
    fn endpoint(&mut self) -> (String, Vec<(String, String)>) {
        let doc = self.doc();
        let p = root().key("servers");
        let [server] = doc.servers.as_slice() else {
            self.err(&p, "a service needs exactly one `servers` entry: its regional endpoint, `https://NAME.{region}.DOMAIN`");
            return (String::new(), Vec::new());
        };
        let sp = p.index(0);
        let url = &server.url;
        let variables = template_parameters_of_url(url);
        let valid = url.starts_with("https://")
            && variables == ["region"]
            && url.matches("{region}").count() == 1
            && server.variables.keys().eq(["region"].iter().copied())
            && !url["https://".len()..].contains('/');
        if !valid {
            self.err(&sp.key("url"), format!("`{url}` is not a regional endpoint: `https://` and a host holding `{{region}}`, its one variable, declared under `variables`, and no path"));
        }
        let mut regions = Vec::new();
        for (region, to) in &server.region_endpoints {
            let rp = sp.key("x-region-endpoints").key(region);
            let region_ok = !region.is_empty() && region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            let url_ok = to.starts_with("https://") && !to.contains(['{', '}', ' ']) && !to["https://".len()..].contains('/');
            if !region_ok || !url_ok {
                self.err(&rp, format!("`{region}: {to}` is not a region id and an `https://` base URL"));
                continue;
            }
            regions.push((region.clone(), to.clone()));
        }
        (url.clone(), regions)
    }

    /// The header of the one token scheme (`components.securitySchemes`, required by `security`).
    fn token_header(&mut self) -> String {
        let doc = self.doc();
        let p = root().key("components").key("securitySchemes");
        let schemes: Vec<(&String, &model::SecurityScheme)> = doc.components.security_schemes.iter().collect();
        let [(name, scheme)] = schemes.as_slice() else {
            self.err(&p, "a service needs exactly one security scheme: `type: apiKey, in: header` naming the IAM token's header");
            return String::new();
        };
        if scheme.type_ != "apiKey" || scheme.location != "header" || scheme.name.trim().is_empty() {
            self.err(&p.key(name), "the security scheme must be `type: apiKey`, `in: header`, with the header's `name`");
        }
        let required: Vec<&String> = doc.security.iter().flat_map(|r| r.keys()).collect();
        if required != [*name] || doc.security.iter().any(|r| r.values().any(|scopes| !scopes.is_empty())) {
            self.err(&root().key("security"), format!("`security` must be `[{{{name}: []}}]`: every operation needs the token"));
        }
        scheme.name.clone()
    }

    // ---- components ------------------------------------------------------------------------

    fn components(&mut self) {
        let doc = self.doc();
        let base = root().key("components").key("schemas");
        // First pass: names and kinds, so that references can be resolved in any order.
        let mut kinds = Vec::new();
        let mut rust_names: HashMap<String, String> = HashMap::new();
        for (name, schema) in &doc.components.schemas {
            let p = base.key(name);
            let rust = name.to_upper_camel_case();
            if !is_camel_ident(&rust) {
                self.err(&p, format!("schema name `{name}` does not make a Rust type name"));
                continue;
            }
            if let Some(other) = rust_names.get(&rust) {
                let other = other.clone();
                self.err(&p, format!("schema `{name}` and schema `{other}` both become the Rust type `{rust}`"));
                continue;
            }
            rust_names.insert(rust.clone(), name.clone());
            let kind = match (schema.type_.as_deref(), &schema.enum_) {
                (Some("object"), None) => Kind::Struct,
                (Some("string"), Some(_)) => Kind::Enum,
                _ => {
                    self.err(&p, "a component schema must be an object or a string enum");
                    continue;
                }
            };
            let idx = self.types.len();
            self.by_spec_name.insert(name.clone(), idx);
            self.types.push(match kind {
                Kind::Struct => TypeDef::Struct(StructDef {
                    spec_name: name.clone(),
                    rust_name: rust,
                    doc: Vec::new(),
                    role: Role::Request,
                    fields: Vec::new(),
                    any_of: Vec::new(),
                    is_query: false,
                    is_headers: false,
                }),
                Kind::Enum => TypeDef::Enum(EnumDef { spec_name: name.clone(), rust_name: rust, doc: Vec::new(), values: Vec::new() }),
            });
            kinds.push((name, schema, idx, kind));
        }
        // Enums first: struct rules restrict enum values and are checked against them.
        kinds.sort_by_key(|(_, _, _, kind)| *kind == Kind::Struct);
        for (name, schema, idx, kind) in kinds {
            let p = base.key(name);
            match kind {
                Kind::Struct => {
                    let def = self.struct_def(name, schema, &p);
                    self.types[idx] = TypeDef::Struct(def);
                }
                Kind::Enum => {
                    let def = self.enum_def(name, schema, &p);
                    self.types[idx] = TypeDef::Enum(def);
                }
            }
        }
    }

    fn provenance(&self, schema: &Schema) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(t) = &schema.page_table {
            out.push(format!("Page table: {t}."));
        }
        if let Some(s) = &schema.sdk_name {
            out.push(format!("Official SDK model: `{s}`."));
        }
        out
    }

    fn enum_def(&mut self, name: &str, schema: &Schema, p: &YamlPath) -> EnumDef {
        let mut doc = schema.description.as_deref().map(lines).unwrap_or_default();
        doc.push(String::new());
        doc.extend(self.provenance(schema));
        doc.push(String::new());
        doc.push("Open: a value this crate does not know is kept in `Unknown`, so a response that grows a value still parses; a request that carries one fails validation.".to_string());
        let mut values = Vec::new();
        let mut variants = BTreeSet::new();
        for (i, v) in schema.enum_.iter().flatten().enumerate() {
            let vp = p.key("enum").index(i);
            let Some(s) = v.as_str() else {
                self.err(&vp, "enum values must be strings");
                continue;
            };
            let variant = s.to_upper_camel_case();
            if !is_camel_ident(&variant) || variant == "Unknown" || !variants.insert(variant.clone()) {
                self.err(&vp, format!("enum value `{s}` does not make a distinct Rust variant name"));
                continue;
            }
            let doc = match schema.enum_descriptions.get(s) {
                Some(d) => lines(d),
                None => vec![format!("`{s}`")],
            };
            values.push(EnumValue { wire: s.to_string(), variant, doc });
        }
        for key in schema.enum_descriptions.keys() {
            if !values.iter().any(|v| &v.wire == key) {
                self.err(&p.key("x-enum-descriptions").key(key), format!("`{key}` is not one of the enum's values"));
            }
        }
        EnumDef { spec_name: name.to_string(), rust_name: name.to_upper_camel_case(), doc, values }
    }

    fn struct_def(&mut self, name: &str, schema: &Schema, p: &YamlPath) -> StructDef {
        if matches!(schema.additional_properties, Some(model::AdditionalProperties::Schema(_) | model::AdditionalProperties::Allowed(true))) {
            self.err(
                &p.key("additionalProperties"),
                "an object with properties and extra keys besides is not supported: its extra keys would be lost",
            );
        }
        let mut doc = schema.description.as_deref().map(lines).unwrap_or_default();
        doc.push(String::new());
        doc.extend(self.provenance(schema));
        let props = schema.properties.clone().unwrap_or_default();
        for (i, r) in schema.required.iter().enumerate() {
            if !props.contains_key(r) {
                self.err(&p.key("required").index(i), format!("required property `{r}` is not among the properties"));
            }
        }
        let mut fields = Vec::new();
        for (prop, ps) in &props {
            let fp = p.key("properties").key(prop);
            match self.field(prop, ps, schema.required.contains(prop), &fp) {
                Some(f) => fields.push(f),
                None => {
                    self.broken.insert(name.to_upper_camel_case());
                }
            }
        }
        let any_of = self.any_of(schema, &fields, p);
        if !any_of.is_empty() {
            doc.push(String::new());
            let alts: Vec<String> = any_of.iter().map(|b| b.description.clone()).collect();
            doc.push(format!("Rule (checked by `validate()`): at least one of these holds: {}.", alts.join("; or ")));
            if let Some(src) = &schema.rule_source {
                doc.push(format!("Read from the page: {}", src.trim()));
            }
        }
        StructDef {
            spec_name: name.to_string(),
            rust_name: name.to_upper_camel_case(),
            doc,
            role: Role::Request,
            fields,
            any_of,
            is_query: false,
            is_headers: false,
        }
    }

    /// The type of a property or parameter schema.
    fn ty(&mut self, s: &Schema, p: &YamlPath) -> Option<Ty> {
        if let Some(r) = &s.reference {
            return self.reference(r, &p.key("$ref"));
        }
        if !s.all_of.is_empty() {
            if s.all_of.len() != 1 || s.all_of[0].reference.is_none() || s.type_.is_some() {
                self.err(&p.key("allOf"), "`allOf` is supported only as `allOf: [$ref]`, to give a reference its own description");
                return None;
            }
            let r = s.all_of[0].reference.clone().unwrap_or_default();
            return self.reference(&r, &p.key("allOf").index(0).key("$ref"));
        }
        if s.enum_.is_some() {
            self.err(&p.key("enum"), "name an enum as a component schema and refer to it, so its Rust type has a chosen name");
            return None;
        }
        match s.type_.as_deref() {
            Some("string") => match s.format.as_deref() {
                None | Some("date-time" | "date") => Some(Ty::String),
                Some(f) => {
                    self.err(&p.key("format"), format!("unsupported string format `{f}`: only `date-time` and `date`, kept as strings"));
                    None
                }
            },
            Some("boolean") => Some(Ty::Bool),
            Some("number") => match s.format.as_deref() {
                None | Some("double" | "float") => Some(Ty::F64),
                Some(f) => {
                    self.err(&p.key("format"), format!("unsupported number format `{f}`: only `double` and `float`, both read as f64"));
                    None
                }
            },
            Some("integer") => match s.format.as_deref() {
                Some("int32") => Some(Ty::I32),
                Some("int64") | None => Some(Ty::I64),
                Some(f) => {
                    self.err(&p.key("format"), format!("unsupported integer format `{f}`"));
                    None
                }
            },
            Some("array") => match &s.items {
                Some(items) => {
                    self.no_inner_rules(items, &p.key("items"));
                    self.ty(items, &p.key("items")).map(|t| Ty::Vec(Box::new(t)))
                }
                None => {
                    self.err(p, "an array needs `items`");
                    None
                }
            },
            Some("object") if s.properties.as_ref().is_some_and(|p| !p.is_empty()) || !s.required.is_empty() => {
                self.err(p, "inline objects with properties are not supported: name the object as a component schema");
                None
            }
            Some("object") => match &s.additional_properties {
                None | Some(model::AdditionalProperties::Allowed(true)) => Some(Ty::Json),
                Some(model::AdditionalProperties::Schema(values)) => {
                    self.no_inner_rules(values, &p.key("additionalProperties"));
                    self.ty(values, &p.key("additionalProperties")).map(|t| Ty::Map(Box::new(t)))
                }
                Some(model::AdditionalProperties::Allowed(false)) => {
                    self.err(&p.key("additionalProperties"), "an object with no properties and `additionalProperties: false` can hold nothing");
                    None
                }
            },
            Some(t) => {
                self.err(&p.key("type"), format!("unsupported type `{t}`"));
                None
            }
            None => {
                self.err(p, "a schema needs a `type` or a `$ref`");
                None
            }
        }
    }

    /// Rules on an array's items or a map's values are not checked by the generated code, so
    /// they are refused rather than dropped.
    fn no_inner_rules(&mut self, s: &Schema, p: &YamlPath) {
        let rules = [(s.minimum.is_some(), "minimum"), (s.maximum.is_some(), "maximum"), (s.default.is_some(), "default"), (s.nullable, "nullable")];
        for (_, rule) in rules.iter().filter(|(set, _)| *set) {
            self.err(&p.key(rule), format!("`{rule}` on array items or map values is not supported: it would not be checked"));
        }
    }

    fn reference(&mut self, r: &str, p: &YamlPath) -> Option<Ty> {
        let Some(name) = r.strip_prefix(REF_PREFIX) else {
            self.err(p, format!("unsupported reference `{r}`: only `{REF_PREFIX}Name` is supported"));
            return None;
        };
        match self.by_spec_name.get(name).map(|&i| &self.types[i]) {
            Some(TypeDef::Struct(s)) => Some(Ty::Struct(s.rust_name.clone())),
            Some(TypeDef::Enum(e)) => Some(Ty::Enum(e.rust_name.clone())),
            None => {
                self.err(p, format!("dangling reference `{r}`: there is no schema `{name}`"));
                None
            }
        }
    }

    fn integer_bound(&mut self, n: &Option<serde_json::Number>, p: &YamlPath) -> Option<i64> {
        let n = n.as_ref()?;
        match n.as_i64() {
            Some(v) => Some(v),
            None => {
                self.err(p, format!("bound `{n}` must be an integer"));
                None
            }
        }
    }

    fn field(&mut self, wire: &str, s: &Schema, required: bool, p: &YamlPath) -> Option<Field> {
        let rust_name = wire.to_snake_case();
        if !is_snake_ident(&rust_name) || rust_name != wire {
            self.err(p, format!("property name `{wire}` is not a snake_case Rust field name"));
            return None;
        }
        let ty = self.ty(s, p)?;
        let minimum = self.integer_bound(&s.minimum, &p.key("minimum"));
        let maximum = self.integer_bound(&s.maximum, &p.key("maximum"));
        if (minimum.is_some() || maximum.is_some()) && !matches!(ty, Ty::I32 | Ty::I64) {
            self.err(p, "minimum and maximum are supported on integers only");
        }
        if let Some(d) = &s.default {
            let mut errs = Vec::new();
            self.value_errors(&ty, minimum, maximum, d, "default", &mut errs);
            for e in errs {
                self.err(&p.key("default"), format!("default does not fit the schema: {e}"));
            }
        }
        let mut doc = s.description.as_deref().map(lines).unwrap_or_default();
        doc.push(String::new());
        doc.push(if required { "Mandatory.".to_string() } else { "Optional.".to_string() });
        if let Some(d) = &s.default {
            doc.push(format!("Default (applied by the server when absent): `{d}`."));
        }
        match (minimum, maximum) {
            (Some(lo), Some(hi)) => doc.push(format!("Value range: {lo} to {hi}.")),
            (Some(lo), None) => doc.push(format!("Minimum: {lo}.")),
            (None, Some(hi)) => doc.push(format!("Maximum: {hi}.")),
            (None, None) => {}
        }
        if let (Some(f), Ty::String) = (&s.format, &ty) {
            doc.push(format!("Format: `{f}` (RFC 3339), kept as the string the server sends: nothing is parsed that could reject it."));
        }
        if s.nullable {
            doc.push("May be `null`, which reads as absent.".to_string());
        }
        if let Some(t) = &s.page_type {
            doc.push(format!("The page's type: {t}."));
        }
        if let Some(e) = &s.erratum {
            doc.push(format!("Erratum: the page says \"{}\". {}", e.page_says, e.reason.trim()));
        }
        Some(Field {
            wire_name: wire.to_string(),
            rust_name,
            doc,
            required,
            ty,
            minimum,
            maximum,
            non_empty: false,
            header: false,
            default: s.default.clone(),
            nullable: s.nullable,
        })
    }

    fn any_of(&mut self, schema: &Schema, fields: &[Field], p: &YamlPath) -> Vec<Branch> {
        let mut out = Vec::new();
        for (i, b) in schema.any_of.iter().enumerate() {
            let bp = p.key("anyOf").index(i);
            let unsupported =
                b.reference.is_some() || b.type_.is_some() || b.enum_.is_some() || b.items.is_some() || !b.all_of.is_empty() || !b.any_of.is_empty();
            if unsupported {
                self.err(&bp, "an anyOf branch may hold only `description`, `required`, `properties` with `enum`, and `not: {required: [...]}`");
                continue;
            }
            let find = |name: &str| fields.iter().find(|f| f.wire_name == name);
            // A declared property whose field failed to resolve was reported already.
            let declared = |name: &str| schema.properties.as_ref().is_some_and(|p| p.contains_key(name));
            let mut branch =
                Branch { description: b.description.clone().unwrap_or_default(), required: Vec::new(), restrictions: Vec::new(), absent: Vec::new() };
            for (j, r) in b.required.iter().enumerate() {
                match find(r) {
                    Some(f) => branch.required.push((f.rust_name.clone(), f.wire_name.clone())),
                    None if declared(r) => {}
                    None => self.err(&bp.key("required").index(j), format!("`{r}` is not a property of this schema")),
                }
            }
            for (name, rs) in b.properties.iter().flatten() {
                let rp = bp.key("properties").key(name);
                let Some(f) = find(name) else {
                    if !declared(name) {
                        self.err(&rp, format!("`{name}` is not a property of this schema"));
                    }
                    continue;
                };
                let values: Vec<String> = rs.enum_.iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect();
                let only_enum = rs.enum_.is_some() && rs.type_.is_none() && rs.reference.is_none() && rs.all_of.is_empty();
                if !only_enum || values.len() != rs.enum_.as_ref().map_or(0, Vec::len) {
                    self.err(&rp, "a property in an anyOf branch may only restrict the value with a list of strings in `enum`");
                    continue;
                }
                if let Ty::Enum(e) = &f.ty {
                    let known = self.enum_values(e);
                    for v in &values {
                        if !known.contains(v) {
                            self.err(&rp.key("enum"), format!("`{v}` is not a value of `{e}`"));
                        }
                    }
                } else if f.ty != Ty::String {
                    self.err(&rp, "only string and enum properties can be restricted in an anyOf branch");
                }
                branch.restrictions.push((f.rust_name.clone(), values));
            }
            if let Some(n) = &b.not {
                let plain = n.reference.is_none()
                    && n.type_.is_none()
                    && n.properties.is_none()
                    && n.enum_.is_none()
                    && n.not.is_none()
                    && !n.required.is_empty();
                if !plain {
                    self.err(&bp.key("not"), "`not` in an anyOf branch may only hold `required`");
                }
                for (j, r) in n.required.iter().enumerate() {
                    match find(r) {
                        Some(f) => branch.absent.push(f.rust_name.clone()),
                        None if declared(r) => {}
                        None => self.err(&bp.key("not").key("required").index(j), format!("`{r}` is not a property of this schema")),
                    }
                }
            }
            if branch.description.is_empty() {
                self.err(&bp, "an anyOf branch needs a `description`: it is how a violation is explained");
            }
            out.push(branch);
        }
        out
    }

    fn enum_values(&self, rust_name: &str) -> Vec<String> {
        self.types
            .iter()
            .find_map(|t| match t {
                TypeDef::Enum(e) if e.rust_name == rust_name => Some(e.values.iter().map(|v| v.wire.clone()).collect()),
                _ => None,
            })
            .unwrap_or_default()
    }

    fn struct_by_rust(&self, rust_name: &str) -> Option<&StructDef> {
        self.types.iter().find_map(|t| match t {
            TypeDef::Struct(s) if s.rust_name == rust_name => Some(s),
            _ => None,
        })
    }

    // ---- operations ------------------------------------------------------------------------

    fn operation(&mut self, path: &str, method: &str, op: &model::Operation, p: &YamlPath) -> Option<Operation> {
        let fn_name = op.operation_id.to_snake_case();
        if !is_snake_ident(&fn_name) || op.operation_id.to_lower_camel_case() != op.operation_id {
            self.err(&p.key("operationId"), format!("operationId `{}` is not lowerCamelCase", op.operation_id));
        }
        let upper = op.operation_id.to_upper_camel_case();
        let (segments, template_ok) = match parse_template(path) {
            Ok(t) => (t, true),
            Err(e) => {
                self.err(&p.parent(), e);
                (Vec::new(), false)
            }
        };
        let template: Vec<String> = segments
            .iter()
            .filter_map(|s| match s {
                Segment::Param(n) => Some(n.clone()),
                Segment::Literal(_) => None,
            })
            .collect();
        let mut path_fields = Vec::new();
        let mut query_fields = Vec::new();
        let mut credential_header = None;
        let mut header_fields = Vec::new();
        let mut parameter_examples = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, prm) in op.parameters.iter().enumerate() {
            let pp = p.key("parameters").index(i);
            if !seen.insert((prm.name.clone(), prm.location as u8)) {
                self.err(&pp.key("name"), format!("parameter `{}` is declared twice", prm.name));
                continue;
            }
            if prm.credential.is_some() && prm.location != ParameterLocation::Header {
                self.err(&pp.key("x-credential"), "`x-credential` belongs on a header parameter");
            }
            match prm.location {
                ParameterLocation::Header => {
                    match prm.credential.as_deref() {
                        Some("token") => credential_header = Some(prm.name.clone()),
                        Some(other) => self.err(&pp.key("x-credential"), format!("unknown credential kind `{other}`: only `token` is supported")),
                        None => {
                            if let Some(f) = self.header_field(prm, &pp) {
                                header_fields.push(f);
                            }
                        }
                    }
                    continue;
                }
                ParameterLocation::Path => {
                    if !prm.required {
                        self.err(&pp.key("required"), format!("path parameter `{}` must be `required: true`", prm.name));
                    }
                    if template_ok && !template.contains(&prm.name) {
                        self.err(&pp.key("name"), format!("path parameter `{}` does not appear in the path template `{path}`", prm.name));
                        continue;
                    }
                }
                ParameterLocation::Query => {
                    if template.contains(&prm.name) {
                        self.err(
                            &pp.key("in"),
                            format!("`{}` is a variable of the path template `{path}`: declare it `in: path`, not `in: query`", prm.name),
                        );
                        continue;
                    }
                }
            }
            let Some(mut f) = self.field(&prm.name, &prm.schema, prm.required, &pp.key("schema")) else { continue };
            let scalar = |t: &Ty| matches!(t, Ty::String | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool | Ty::Enum(_));
            let sendable = match (&prm.location, &f.ty) {
                (ParameterLocation::Query, Ty::Vec(inner)) => scalar(inner),
                (_, t) => scalar(t),
            };
            if !sendable {
                self.err(
                    &pp.key("schema"),
                    "a query parameter is a string, integer, number, boolean or enum, or an array of them (sent as repeated keys)",
                );
                continue;
            }
            if prm.location == ParameterLocation::Path && f.ty != Ty::String {
                self.err(&pp.key("schema"), "path parameters must be strings");
                continue;
            }
            // The description lives on the parameter, not its schema.
            let mut doc = prm.description.as_deref().map(lines).unwrap_or_default();
            doc.push(String::new());
            doc.extend(f.doc.iter().skip_while(|l| !l.is_empty()).skip(1).cloned());
            if let Some(e) = &prm.erratum {
                doc.push(format!("Erratum: the page's example says \"{}\". {}", e.page_says, e.reason.trim()));
            }
            f.doc = doc;
            if let Some(ex) = &prm.example {
                let mut errs = Vec::new();
                self.value_errors(&f.ty, f.minimum, f.maximum, ex, &prm.name, &mut errs);
                for e in errs {
                    self.err(&pp.key("example"), format!("example contradicts its schema: {e}"));
                }
                parameter_examples.push((prm.name.clone(), ex.clone()));
            }
            if prm.location == ParameterLocation::Path {
                f.non_empty = true;
                f.doc.push("Must not be empty: an empty path segment would change the URL.".to_string());
                path_fields.push(f);
            } else {
                query_fields.push(f);
            }
        }
        for t in &template {
            if !path_fields.iter().any(|f| &f.wire_name == t) && !op.parameters.iter().any(|x| &x.name == t) {
                self.err(&p.key("parameters"), format!("path template parameter `{{{t}}}` is not declared as a path parameter"));
            }
        }
        // Keep path fields in template order, the order a caller passes them in.
        path_fields.sort_by_key(|f| template.iter().position(|t| t == &f.wire_name));

        let method_upper = method.to_uppercase();
        let title = op.source.title.clone();
        let params_type = |this: &mut Self, suffix: &str, fields: Vec<Field>, what: &str, made: Made| -> Option<String> {
            if fields.is_empty() {
                return None;
            }
            let rust = format!("{upper}{suffix}");
            if this.by_spec_name.contains_key(&rust) || this.types.iter().any(|t| t.rust_name() == rust) {
                this.err(p, format!("the made type name `{rust}` collides with a component schema"));
                return None;
            }
            let doc = vec![
                format!("The {what} of `{method_upper} {path}` ({title})."),
                String::new(),
                "Made by the generator from the operation's parameters.".to_string(),
            ];
            this.types.push(TypeDef::Struct(StructDef {
                spec_name: rust.clone(),
                rust_name: rust.clone(),
                doc,
                role: Role::Request,
                fields,
                any_of: Vec::new(),
                is_query: made == Made::Query,
                is_headers: made == Made::Headers,
            }));
            Some(rust)
        };
        let path_params = params_type(self, "PathParams", path_fields, "path parameters", Made::Path);
        let query = params_type(self, "Query", query_fields, "query parameters", Made::Query);
        let headers = params_type(self, "Headers", header_fields, "header parameters", Made::Headers);

        let (body, body_examples) = match &op.request_body {
            None => (None, Vec::new()),
            Some(_) if matches!(method_upper.as_str(), "GET" | "HEAD" | "DELETE") => {
                self.err(
                    &p.key("requestBody"),
                    format!("a {method_upper} request has no body: put its fields in query parameters (`in: query`), as the page's URI does"),
                );
                (None, Vec::new())
            }
            Some(rb) => {
                let bp = p.key("requestBody");
                if !rb.required {
                    self.err(&bp.key("required"), "an optional request body is not supported");
                }
                match self.media(&rb.content, &bp.key("content")) {
                    Some((ty, ex)) => (ty, ex),
                    None => (None, Vec::new()),
                }
            }
        };
        let mut responses = Vec::new();
        for (code, r) in &op.responses {
            let rp = p.key("responses").key(code);
            let status = if code == "default" {
                None
            } else {
                match code.parse::<u16>() {
                    Ok(c) if (100..=599).contains(&c) && code.len() == 3 => Some(c),
                    _ => {
                        self.err(&rp, format!("`{code}` is not a status code or `default`"));
                        continue;
                    }
                }
            };
            let text = r.content.contains_key(TEXT);
            let (body, examples) = if r.content.is_empty() {
                (None, Vec::new())
            } else if text {
                (None, self.text_media(&r.content, &rp.key("content")))
            } else {
                self.media(&r.content, &rp.key("content")).unwrap_or((None, Vec::new()))
            };
            responses.push(ResponseDef { status, description: r.description.clone(), body, text, examples });
        }
        let success: Vec<&ResponseDef> = responses.iter().filter(|r| matches!(r.status, Some(200..=299))).collect();
        if success.is_empty() {
            self.err(&p.key("responses"), "an operation needs a documented success (2xx) response");
        }
        let success_bodies: BTreeSet<(&Option<String>, bool)> = success.iter().map(|r| (&r.body, r.text)).collect();
        if success_bodies.len() > 1 {
            self.err(&p.key("responses"), "the documented success responses must share one body type (or none)");
        }
        let success_body = success.first().and_then(|r| r.body.clone());
        let paging = op.paging.as_ref().and_then(|pg| self.paging(pg, query.as_deref(), success_body.as_deref(), &p.key("x-paging")));

        let mut doc = vec![format!("{} (`{} {}`).", op.summary, method_upper, path), String::new()];
        if let Some(d) = &op.description {
            doc.extend(lines(d));
            doc.push(String::new());
        }
        doc.push(format!("Page: *{}*, updated {} (`spec/{}`).", op.source.title, op.source.updated, op.source.page));
        if let Some(s) = &op.sdk_name {
            doc.push(format!("Official SDK operation: `{s}`."));
        }
        for o in &op.open_points {
            doc.push(format!("Open point: {}", o.trim()));
        }
        Some(Operation {
            id: op.operation_id.clone(),
            fn_name,
            const_name: op.operation_id.to_shouty_snake_case(),
            method: method_upper,
            path: path.to_string(),
            segments,
            doc,
            sdk_name: op.sdk_name.clone(),
            page_title: op.source.title.clone(),
            page_file: op.source.page.clone(),
            page_updated: op.source.updated.clone(),
            path_params,
            query,
            headers,
            body,
            credential_header,
            body_examples,
            parameter_examples,
            responses,
            paging,
        })
    }

    /// A header parameter other than the credential: a field named after the header in snake
    /// case (`X-Language` is `x_language`), sent under the header's own name.
    fn header_field(&mut self, prm: &model::Parameter, pp: &YamlPath) -> Option<Field> {
        let valid_name = !prm.name.is_empty() && prm.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let rust = prm.name.to_snake_case();
        if !valid_name || !is_snake_ident(&rust) || syn::parse_str::<syn::Ident>(&rust).is_err() {
            self.err(&pp.key("name"), format!("header `{}` does not make a Rust field name (letters, digits and `-` only)", prm.name));
            return None;
        }
        let mut f = self.field(&rust, &prm.schema, prm.required, &pp.key("schema"))?;
        if !matches!(f.ty, Ty::String | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool | Ty::Enum(_)) {
            self.err(&pp.key("schema"), "a header parameter is a string, integer, number, boolean or enum");
            return None;
        }
        f.wire_name = prm.name.clone();
        f.header = true;
        if let Some(ex) = &prm.example {
            let mut errs = Vec::new();
            self.value_errors(&f.ty, f.minimum, f.maximum, ex, &prm.name, &mut errs);
            for e in errs {
                self.err(&pp.key("example"), format!("example contradicts its schema: {e}"));
            }
        }
        let mut doc = prm.description.as_deref().map(lines).unwrap_or_default();
        doc.push(String::new());
        doc.extend(f.doc.iter().skip_while(|l| !l.is_empty()).skip(1).cloned());
        doc.push(format!("Sent as the `{}` header, and signed like any other header.", prm.name));
        f.doc = doc;
        Some(f)
    }

    /// Resolve `x-paging` against the operation's query struct and success body.
    fn paging(&mut self, pg: &model::Paging, query: Option<&str>, body: Option<&str>, p: &YamlPath) -> Option<crate::ir::Paging> {
        let query = query.and_then(|q| self.struct_by_rust(q)).cloned();
        let body = body.map(|b| self.rust_name_of(b)).and_then(|b| self.struct_by_rust(&b)).cloned();
        let (Some(query), Some(body)) = (query, body) else {
            self.err(p, "`x-paging` needs query parameters and a success body");
            return None;
        };
        let int_field = |s: &StructDef, name: &str| s.fields.iter().find(|f| f.wire_name == name && matches!(f.ty, Ty::I32 | Ty::I64)).cloned();
        let offset = int_field(&query, &pg.offset);
        let limit = int_field(&query, &pg.limit);
        let items = body.fields.iter().find(|f| f.wire_name == pg.items).cloned();
        let total = pg.total.as_ref().map(|t| (t, int_field(&body, t)));
        let mut ok = true;
        for (what, name, found) in [("offset", &pg.offset, offset.is_some()), ("limit", &pg.limit, limit.is_some())] {
            if !found {
                self.err(&p.key(what), format!("`{name}` is not an integer query parameter of this operation"));
                ok = false;
            }
        }
        if offset.as_ref().is_some_and(|f| f.ty != Ty::I32) || limit.as_ref().is_some_and(|f| f.ty != Ty::I32) {
            self.err(p, "paging parameters must be `format: int32`");
            ok = false;
        }
        let item_type = match items.as_ref().map(|f| &f.ty) {
            Some(Ty::Vec(inner)) => match inner.as_ref() {
                Ty::Struct(n) => Some(n.clone()),
                _ => None,
            },
            _ => None,
        };
        if item_type.is_none() {
            self.err(&p.key("items"), format!("`{}` is not an array of objects in the success body", pg.items));
            ok = false;
        }
        if let Some((name, None)) = &total {
            self.err(&p.key("total"), format!("`{name}` is not an integer field of the success body"));
            ok = false;
        }
        if !ok {
            return None;
        }
        let limit = limit?;
        let page_size = match limit.maximum {
            Some(m) => m,
            None => {
                self.err(&p.key("limit"), "the limit parameter needs a `maximum`: it is the page size a streamed listing asks for");
                return None;
            }
        };
        Some(crate::ir::Paging {
            offset: offset?.rust_name,
            limit: limit.rust_name,
            items: items?.rust_name,
            total: total.and_then(|(_, f)| f).map(|f| f.rust_name),
            item_type: item_type?,
            page_size,
        })
    }

    /// A plain-text body (`text/plain` with `schema: {type: string}`): its examples, each a string.
    fn text_media(&mut self, content: &indexmap::IndexMap<String, model::MediaType>, p: &YamlPath) -> Vec<NamedExample> {
        if content.len() != 1 {
            self.err(p, format!("a `{TEXT}` response has no other media type"));
        }
        let Some(mt) = content.get(TEXT) else { return Vec::new() };
        let mp = p.key(TEXT);
        if mt.schema.type_.as_deref() != Some("string") || mt.schema.reference.is_some() || mt.schema.format.is_some() {
            self.err(&mp.key("schema"), format!("a `{TEXT}` body is `schema: {{type: string}}`"));
        }
        let mut examples = Vec::new();
        for (ename, ex) in &mt.examples {
            if !ex.value.is_string() {
                self.err(&mp.key("examples").key(ename).key("value"), format!("example `{ename}` of a `{TEXT}` body must be a string"));
            }
            examples.push(NamedExample { name: ename.clone(), summary: ex.summary.clone(), value: ex.value.clone() });
        }
        examples
    }

    /// A JSON body: its type name and its examples, each checked against the type.
    fn media(&mut self, content: &indexmap::IndexMap<String, model::MediaType>, p: &YamlPath) -> Option<(Option<String>, Vec<NamedExample>)> {
        for key in content.keys() {
            if key != JSON {
                self.err(&p.key(key), format!("media type `{key}` is not supported: only `{JSON}`"));
            }
        }
        let mt = content.get(JSON)?;
        let mp = p.key(JSON);
        let Some(r) = &mt.schema.reference else {
            self.err(&mp.key("schema"), "a body schema must be a `$ref` to a component schema");
            return None;
        };
        let ty = self.reference(r, &mp.key("schema").key("$ref"))?;
        let Ty::Struct(rust_name) = ty.clone() else {
            self.err(&mp.key("schema"), "a body must be an object schema");
            return None;
        };
        let name = self.struct_by_rust(&rust_name).map(|s| s.spec_name.clone()).unwrap_or(rust_name);
        let mut examples = Vec::new();
        for (ename, ex) in &mt.examples {
            let ep = mp.key("examples").key(ename).key("value");
            if let Some(e) = &ex.erratum {
                let printed = serde_json::from_str::<Value>(&e.page_says).unwrap_or_else(|_| Value::String(e.page_says.clone()));
                if printed == ex.value {
                    self.err(
                        &mp.key("examples").key(ename).key("x-erratum"),
                        format!("example `{ename}`: `page-says` is the example itself; an erratum records what the page prints instead"),
                    );
                }
            }
            let mut errs = Vec::new();
            self.value_errors(&ty, None, None, &ex.value, "", &mut errs);
            for e in errs {
                self.err(&ep, format!("example `{ename}` contradicts its schema: {e}"));
            }
            examples.push(NamedExample { name: ename.clone(), summary: ex.summary.clone(), value: ex.value.clone() });
        }
        Some((Some(name), examples))
    }

    // ---- roles -----------------------------------------------------------------------------

    fn roles(&mut self, ops: &[Operation]) {
        let mut request = BTreeSet::new();
        let mut response = BTreeSet::new();
        for o in ops {
            for t in [&o.body, &o.path_params, &o.query, &o.headers].into_iter().flatten() {
                self.reach(&self.rust_name_of(t), &mut request);
            }
            for r in &o.responses {
                if let Some(t) = &r.body {
                    self.reach(&self.rust_name_of(t), &mut response);
                }
            }
        }
        let base = root().key("components").key("schemas");
        let mut problems = Vec::new();
        for t in &mut self.types {
            let name = t.rust_name().to_string();
            match (request.contains(&name), response.contains(&name)) {
                (true, true) => problems.push((
                    t.spec_name().to_string(),
                    "is used by both a request and a response; give each its own schema, since requests are strict and responses lenient",
                )),
                // With problems already found, a schema may look unused only because the
                // reference to it was the problem.
                (false, false) if !self.diags.is_empty() => {}
                (false, false) => problems.push((t.spec_name().to_string(), "is not used by any operation")),
                (false, true) => {
                    if let TypeDef::Struct(s) = t {
                        s.role = Role::Response;
                    }
                }
                (true, false) => {}
            }
        }
        for (name, msg) in problems {
            self.err(&base.key(&name), format!("schema `{name}` {msg}"));
        }
        let doc = self.doc();
        for (name, s) in &doc.components.schemas {
            let is_response = self.struct_by_rust(&name.to_upper_camel_case()).is_some_and(|s| s.role == Role::Response);
            if is_response && !s.required.is_empty() {
                self.err(
                    &base.key(name).key("required"),
                    "response schemas have no `required`: the pages give responses no Mandatory column, and responses are parsed leniently",
                );
            }
        }
    }

    /// Add to each type's documentation the pages (operations) it is used by.
    fn name_pages(&mut self, ops: &[Operation]) {
        let mut pages: HashMap<String, Vec<String>> = HashMap::new();
        for o in ops {
            let mut reached = BTreeSet::new();
            let roots =
                [&o.body, &o.path_params, &o.query, &o.headers].into_iter().flatten().chain(o.responses.iter().filter_map(|r| r.body.as_ref()));
            for t in roots {
                self.reach(&self.rust_name_of(t), &mut reached);
            }
            for t in reached {
                pages.entry(t).or_default().push(format!("*{}* (`{} {}`, page updated {})", o.page_title, o.method, o.path, o.page_updated));
            }
        }
        for t in &mut self.types {
            let Some(p) = pages.get(t.rust_name()) else { continue };
            let doc = match t {
                TypeDef::Struct(s) => &mut s.doc,
                TypeDef::Enum(e) => &mut e.doc,
            };
            doc.push(String::new());
            doc.push(format!("Used by: {}.", p.join("; ")));
        }
    }

    fn rust_name_of(&self, spec_name: &str) -> String {
        self.types.iter().find(|t| t.spec_name() == spec_name).map_or_else(|| spec_name.to_string(), |t| t.rust_name().to_string())
    }

    fn reach(&self, rust_name: &str, seen: &mut BTreeSet<String>) {
        if !seen.insert(rust_name.to_string()) {
            return;
        }
        if let Some(s) = self.struct_by_rust(rust_name) {
            for f in &s.fields {
                let mut t = &f.ty;
                while let Ty::Vec(inner) | Ty::Map(inner) = t {
                    t = inner;
                }
                if let Ty::Struct(n) | Ty::Enum(n) = t {
                    self.reach(n, seen);
                }
            }
        }
    }

    // ---- examples against schemas -------------------------------------------------------------

    /// Every way `v` contradicts `ty` (with integer bounds), as messages naming the JSON path.
    fn value_errors(&self, ty: &Ty, min: Option<i64>, max: Option<i64>, v: &Value, at: &str, out: &mut Vec<String>) {
        let at_disp = if at.is_empty() { "the body".to_string() } else { format!("`{at}`") };
        match ty {
            Ty::String => {
                if !v.is_string() {
                    out.push(format!("{at_disp} should be a string, not `{v}`"));
                }
            }
            Ty::Bool => {
                if !v.is_boolean() {
                    out.push(format!("{at_disp} should be a boolean, not `{v}`"));
                }
            }
            Ty::F64 => {
                if !v.is_number() {
                    out.push(format!("{at_disp} should be a number, not `{v}`"));
                }
            }
            Ty::I32 | Ty::I64 => {
                let Some(n) = v.as_i64() else {
                    out.push(format!("{at_disp} should be an integer, not `{v}`"));
                    return;
                };
                if *ty == Ty::I32 && i32::try_from(n).is_err() {
                    out.push(format!("{at_disp} = {n} does not fit in 32 bits"));
                }
                if let Some(lo) = min.filter(|lo| n < *lo) {
                    out.push(format!("{at_disp} = {n} is below the minimum {lo}"));
                }
                if let Some(hi) = max.filter(|hi| n > *hi) {
                    out.push(format!("{at_disp} = {n} is above the maximum {hi}"));
                }
            }
            Ty::Json => {}
            Ty::Map(inner) => match v.as_object() {
                Some(entries) => {
                    for (k, item) in entries {
                        self.value_errors(inner, None, None, item, &json_path_key(at, k), out);
                    }
                }
                None => out.push(format!("{at_disp} should be an object, not `{v}`")),
            },
            Ty::Vec(inner) => match v.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.value_errors(inner, None, None, item, &format!("{at}[{i}]"), out);
                    }
                }
                None => out.push(format!("{at_disp} should be an array, not `{v}`")),
            },
            Ty::Enum(e) => match v.as_str() {
                Some(s) => {
                    let known = self.enum_values(e);
                    if !known.iter().any(|k| k == s) {
                        out.push(format!("{at_disp} = `{s}` is not one of {}", known.join(", ")));
                    }
                }
                None => out.push(format!("{at_disp} should be a string, not `{v}`")),
            },
            Ty::Struct(name) => {
                let Some(obj) = v.as_object() else {
                    out.push(format!("{at_disp} should be an object, not `{v}`"));
                    return;
                };
                let Some(s) = self.struct_by_rust(name) else { return };
                if self.broken.contains(name) {
                    return;
                }
                for key in obj.keys() {
                    if !s.fields.iter().any(|f| &f.wire_name == key) {
                        out.push(format!("`{}` is not a field of {}", json_path_key(at, key), s.spec_name));
                    }
                }
                for f in &s.fields {
                    let fp = json_path_key(at, &f.wire_name);
                    match obj.get(&f.wire_name) {
                        None if f.required => out.push(format!("mandatory `{fp}` is missing")),
                        None => {}
                        Some(Value::Null) if f.nullable => {}
                        Some(Value::Null) => out.push(format!("`{fp}` is null, which the page does not allow")),
                        Some(fv) => self.value_errors(&f.ty, f.minimum, f.maximum, fv, &fp, out),
                    }
                }
                if !s.any_of.is_empty() {
                    let present = |rust: &str| s.fields.iter().any(|f| f.rust_name == rust && obj.get(&f.wire_name).is_some_and(|x| !x.is_null()));
                    let value_of =
                        |rust: &str| s.fields.iter().find(|f| f.rust_name == rust).and_then(|f| obj.get(&f.wire_name)).and_then(Value::as_str);
                    let holds = s.any_of.iter().any(|b| {
                        b.required.iter().all(|(r, _)| present(r))
                            && b.absent.iter().all(|a| !present(a))
                            && b.restrictions.iter().all(|(r, vals)| value_of(r).is_none_or(|x| vals.iter().any(|v| v == x)))
                    });
                    if !holds {
                        let alts: Vec<&str> = s.any_of.iter().map(|b| b.description.as_str()).collect();
                        out.push(format!("{at_disp} breaks the rule: none of these holds: {}", alts.join("; ")));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_come_from_x_service() {
        assert_eq!(module_name("ddm").as_deref(), Ok("ddm"));
        assert_eq!(module_name("gaussdb-opengauss").as_deref(), Ok("gaussdb_opengauss"));
        assert_eq!(module_name("dds.v3").as_deref(), Ok("dds_v3"));
        for bad in ["", "type", "9lives", "runtime", "mock", "prelude", "---"] {
            assert!(module_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn path_templates_are_paths_only() {
        assert_eq!(template_parameters("/v3/{project_id}/jobs/{job_id}").as_deref(), Ok(&["project_id".to_string(), "job_id".to_string()][..]));
        for bad in
            ["/v3/{project_id}/jobs?id={id}", "/v3/jobs#x", "/v1/{id}.json", "/v1/a{id}", "/v1/{a}{b}", "v1/x", "/v1/{id}/{id}", "/v1/{", "/v1/}"]
        {
            assert!(template_parameters(bad).is_err(), "{bad}");
        }
    }
}
