//! Checks a loaded document and resolves it into [`crate::ir::Service`].
//!
//! Every problem found becomes one [`Diagnostic`] with its file, line, column and YAML path;
//! checking goes on after a problem, so one run names all of them.

use std::collections::{BTreeSet, HashMap};

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use crate::diag::Diagnostic;
use crate::ir::{
    Branch, EnumDef, EnumValue, Erratum, Field, FieldName, NamedExample, Operation, Provenance,
    ResponseDef, Role, Segment, Service, StructDef, Ty, TypeDef, TypeId,
};
use crate::load::LoadedSpec;
use crate::locate::YamlPath;
use crate::model::{self, ParameterLocation, Schema};

mod examples;
pub mod names;
mod operations;
mod rules;
mod types;
mod waiters;

const REF_PREFIX: &str = "#/components/schemas/";
const JSON: &str = "application/json";
const TEXT: &str = "text/plain";

/// Check `spec` and build its IR, or return every problem found.
pub fn check(spec: &LoadedSpec) -> Result<Service, Vec<Diagnostic>> {
    let mut cx = Checker {
        spec,
        diags: Vec::new(),
        types: Vec::new(),
        by_spec_name: HashMap::new(),
        rust_names: BTreeSet::new(),
        broken: BTreeSet::new(),
    };
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
    /// The Rust names taken, components' and made types'.
    rust_names: BTreeSet<String>,
    /// Structs with a field that could not be resolved: examples are not judged against them,
    /// since every complaint would only repeat that first problem.
    broken: BTreeSet<TypeId>,
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

use names::is_snake_ident;

/// Names the generated crate's root already uses, so no service module may take them.
const RESERVED_MODULES: &[&str] = &[
    // Names the crate root uses.
    "runtime",
    "mock",
    "prelude",
    "huaweicloud_restore",
    // Crates every module sees.
    "std",
    "core",
    "alloc",
    // The generated crate's hand-written features, and the default set: each service's module
    // name is also its feature's.
    "default",
    "tracing",
    "conformance",
    "serde_requests",
];

/// The Rust module name of a service: `x-service` in snake case (`gaussdb-opengauss` becomes
/// `gaussdb_opengauss`), or why it cannot be one.
pub fn module_name(service: &str) -> Result<String, String> {
    let module = service.to_snake_case();
    let keyword = syn::parse_str::<syn::Ident>(&module).is_err();
    if module.is_empty() || !is_snake_ident(&module) || keyword || module.starts_with('_') {
        return Err(format!(
            "`x-service: {service}` does not make a Rust module name (it gives `{module}`)"
        ));
    }
    if RESERVED_MODULES.contains(&module.as_str()) {
        return Err(format!("`x-service: {service}` makes the module `{module}`, a name the crate root already uses"));
    }
    Ok(module)
}

fn is_camel_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
        && s != "Self"
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
        let (kind, rest) = if path[i..].starts_with('?') {
            ("a query", &path[i + 1..])
        } else {
            ("a fragment", &path[i + 1..])
        };
        let names: Vec<&str> = rest
            .split('&')
            .filter_map(|kv| kv.split('=').next())
            .filter(|n| !n.is_empty())
            .collect();
        let hint = if kind == "a query" && !names.is_empty() {
            format!(
                ": move {} to query parameters (`in: query`)",
                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            )
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
            _ => {
                return Err(format!(
                    "path `{path}`: malformed parameter in the segment `{segment}`"
                ))
            }
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

    /// A document's title and description say what the service is, never how many pages or
    /// operations it holds: the generated docs list those from the spec itself, and a count
    /// in words goes stale with the next page added.
    fn no_counts(&mut self) {
        let doc = self.doc();
        let counted = regex::Regex::new(
            r"(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|\d+)\s+(pages?|operations?|apis?)\b",
        )
        .expect("a valid pattern");
        let texts = [
            ("title", Some(doc.info.title.clone())),
            ("description", doc.info.description.clone()),
        ];
        for (key, text) in texts {
            if let Some(m) = text.as_deref().and_then(|t| counted.find(t)) {
                let found = m.as_str().to_string();
                self.err(
                    &root().key("info").key(key),
                    format!("`info.{key}` counts what the document holds (\"{found}\"): say what the service is; the generated docs list its operations from the spec"),
                );
            }
        }
    }

    fn service(&mut self) -> Service {
        let doc = self.doc();
        if doc.openapi != "3.0.3" {
            self.err(
                &root().key("openapi"),
                format!("unsupported OpenAPI version `{}`: only 3.0.3 is supported", doc.openapi),
            );
        }
        let module = module_name(&doc.info.service);
        if let Err(why) = &module {
            self.err(&root().key("info").key("x-service"), why.clone());
        }
        self.no_counts();
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
                    self.err(
                        &op_path.key("operationId"),
                        format!("duplicate operationId `{}` (also at `{first}`)", op.operation_id),
                    );
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
        self.waiters(&mut operations);
        self.roles(&operations);
        self.name_pages(&operations);

        for o in &operations {
            if let Some(h) = &o.credential_header {
                if !h.eq_ignore_ascii_case(&token_header) && !token_header.is_empty() {
                    let p = root()
                        .key("paths")
                        .key(&o.path)
                        .key(&o.method.to_lowercase())
                        .key("parameters");
                    self.err(&p, format!("the credential header `{h}` is not the security scheme's `{token_header}`"));
                }
            }
        }
        Service {
            module: module.unwrap_or_default(),
            endpoint,
            region_endpoints,
            token_header,
            spec_file: format!(
                "spec/{}",
                self.spec
                    .file
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
            title: doc.info.title.clone(),
            description: doc.info.description.as_deref().map(lines).unwrap_or_default(),
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
            let region_ok = !region.is_empty()
                && region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            let url_ok = to.starts_with("https://")
                && !to.contains(['{', '}', ' '])
                && !to["https://".len()..].contains('/');
            if !region_ok || !url_ok {
                self.err(
                    &rp,
                    format!("`{region}: {to}` is not a region id and an `https://` base URL"),
                );
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
        let schemes: Vec<(&String, &model::SecurityScheme)> =
            doc.components.security_schemes.iter().collect();
        let [(name, scheme)] = schemes.as_slice() else {
            self.err(&p, "a service needs exactly one security scheme: `type: apiKey, in: header` naming the IAM token's header");
            return String::new();
        };
        if scheme.type_ != "apiKey" || scheme.location != "header" || scheme.name.trim().is_empty()
        {
            self.err(&p.key(name), "the security scheme must be `type: apiKey`, `in: header`, with the header's `name`");
        }
        let required: Vec<&String> = doc.security.iter().flat_map(|r| r.keys()).collect();
        if required != [*name]
            || doc.security.iter().any(|r| r.values().any(|scopes| !scopes.is_empty()))
        {
            self.err(
                &root().key("security"),
                format!("`security` must be `[{{{name}: []}}]`: every operation needs the token"),
            );
        }
        scheme.name.clone()
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
        assert_eq!(
            template_parameters("/v3/{project_id}/jobs/{job_id}").as_deref(),
            Ok(&["project_id".to_string(), "job_id".to_string()][..])
        );
        for bad in [
            "/v3/{project_id}/jobs?id={id}",
            "/v3/jobs#x",
            "/v1/{id}.json",
            "/v1/a{id}",
            "/v1/{a}{b}",
            "v1/x",
            "/v1/{id}/{id}",
            "/v1/{",
            "/v1/}",
        ] {
            assert!(template_parameters(bad).is_err(), "{bad}");
        }
    }
}
