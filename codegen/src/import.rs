//! A draft spec from a documentation page: the operation, its parameters, one schema per
//! table, descriptions, the constraints the text states, and the examples, in spec/'s
//! conventions. A maintainer starts from it instead of a blank file.

use heck::{ToLowerCamelCase, ToUpperCamelCase};
use serde_json::Value as Json;
use serde_yaml::{Mapping, Value};

use crate::pages::{Constraints, Page, PageExample, Row, Section, Table};

fn map(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert(Value::String(k.to_string()), v);
    }
    Value::Mapping(m)
}

fn s(v: impl Into<String>) -> Value {
    Value::String(v.into())
}

fn json(v: &Json) -> Value {
    serde_yaml::to_value(v).unwrap_or(Value::Null)
}

/// The operation's name: the title's words, without "(a V3 API)" and the like.
fn operation_name(title: &str) -> String {
    let cut = title.split(" (").next().unwrap_or(title);
    let words: Vec<&str> = cut.split_whitespace().collect();
    let name = words.join(" ");
    name.to_lower_camel_case()
}

/// A table's schema name: the page's own name when it gives one (`Table 4 RestoreInstSource`).
fn table_name(t: &Table) -> Option<String> {
    let rest = t.title.split_once(' ')?.1.split_once(' ')?.1;
    (!rest.contains(' ') && rest.starts_with(|c: char| c.is_ascii_uppercase())).then(|| rest.to_string())
}

fn description(row: &Row) -> Value {
    s(row.description.join("\n\n"))
}

fn default_value(d: &str) -> Value {
    if let Ok(n) = d.parse::<i64>() {
        return Value::Number(n.into());
    }
    match d {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        other => s(other),
    }
}

fn scalar(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "String" => "string",
        "Integer" | "Long" => "integer",
        "Number" | "Float" | "Double" => "number",
        "Boolean" => "boolean",
        _ => return None,
    })
}

fn reference(name: &str) -> Value {
    s(format!("#/components/schemas/{name}"))
}

/// The schema of one row; `object_for` names the schema of a row typed `Object`.
fn property(row: &Row, object_for: &dyn Fn(&Row) -> String) -> Value {
    let ty = row.ty.as_deref().unwrap_or("String");
    let c: Constraints = row.constraints();
    let mut m = Mapping::new();
    m.insert(s("description"), description(row));
    if let Some(n) = ty.strip_suffix(" object") {
        m.insert(s("allOf"), Value::Sequence(vec![map(vec![("$ref", reference(n))])]));
    } else if ty == "Object" {
        m.insert(s("x-page-type"), s("Object"));
        m.insert(s("allOf"), Value::Sequence(vec![map(vec![("$ref", reference(&object_for(row)))])]));
    } else if let Some(inner) = ty.strip_prefix("Array of ") {
        let items = match inner.strip_suffix(" objects") {
            Some(n) => map(vec![("$ref", reference(n))]),
            None => map(vec![("type", s(scalar(&inner.trim_end_matches('s').to_upper_camel_case()).unwrap_or("string")))]),
        };
        m.insert(s("type"), s("array"));
        m.insert(s("items"), items);
    } else {
        m.insert(s("type"), s(scalar(ty).unwrap_or("string")));
        if !c.values.is_empty() {
            m.insert(s("enum"), Value::Sequence(c.values.iter().map(|v| s(v.clone())).collect()));
        }
    }
    if let Some(lo) = c.minimum {
        m.insert(s("minimum"), Value::Number(lo.into()));
    }
    if let Some(hi) = c.maximum {
        m.insert(s("maximum"), Value::Number(hi.into()));
    }
    if let Some(d) = &c.default {
        m.insert(s("default"), default_value(d));
    }
    Value::Mapping(m)
}

fn object_schema(t: &Table, with_required: bool, object_for: &dyn Fn(&Row) -> String) -> Value {
    let mut props = Mapping::new();
    for r in &t.rows {
        props.insert(s(r.name.clone()), property(r, object_for));
    }
    let required: Vec<Value> = t.rows.iter().filter(|r| r.mandatory == Some(true)).map(|r| s(r.name.clone())).collect();
    let mut m = Mapping::new();
    m.insert(s("type"), s("object"));
    m.insert(s("x-page-table"), s(t.title.clone()));
    if with_required && !required.is_empty() {
        m.insert(s("required"), Value::Sequence(required));
    }
    m.insert(s("properties"), Value::Mapping(props));
    Value::Mapping(m)
}

fn examples(list: &[&PageExample], prefix: &str) -> Value {
    let mut m = Mapping::new();
    for (i, e) in list.iter().enumerate() {
        let name = if list.len() == 1 { prefix.to_string() } else { format!("{prefix}-{}", i + 1) };
        let mut ex = Mapping::new();
        if let Some(c) = &e.caption {
            ex.insert(s("summary"), s(c.clone()));
        }
        ex.insert(s("value"), json(&e.value));
        m.insert(s(name), Value::Mapping(ex));
    }
    Value::Mapping(m)
}

/// Path parameter values the example request line gives, by name.
fn path_examples(page: &Page) -> Vec<(String, String, bool)> {
    let Some(line) = &page.example_request_line else { return Vec::new() };
    let Some(url) = line.split_once(' ').map(|(_, u)| u) else { return Vec::new() };
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    let path = path.split('?').next().unwrap_or(path);
    let template: Vec<&str> = page.uri.split('/').collect();
    let given: Vec<&str> = path.split('/').collect();
    if template.len() != given.len() {
        return Vec::new();
    }
    template
        .iter()
        .zip(&given)
        .filter_map(|(t, g)| {
            let name = t.strip_prefix('{')?.strip_suffix('}')?;
            if *g == *t {
                return None;
            }
            // A value printed inside the template's braces is an erratum of the page.
            match g.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
                Some(v) => Some((name.to_string(), v.to_string(), true)),
                None => Some((name.to_string(), (*g).to_string(), false)),
            }
        })
        .collect()
}

/// The draft for `page`, saved as `file`, as YAML.
pub fn draft(file: &str, page: &Page) -> String {
    let upper = operation_name(&page.title).to_upper_camel_case();
    let mut schemas = Mapping::new();
    let mut parameters = Vec::new();
    let mut body: Option<Value> = None;
    let mut responses = Mapping::new();
    let tables = &page.tables;
    // A row typed `Object` whose description says "see Table N" is that table's schema.
    let linked_table = |row: &Row| -> Option<&Table> {
        if row.ty.as_deref() != Some("Object") {
            return None;
        }
        row.description.iter().find_map(|d| {
            let n: String = d.split("see Table ").nth(1)?.chars().take_while(char::is_ascii_digit).collect();
            tables.iter().find(|t| t.title.starts_with(&format!("Table {n} ")))
        })
    };
    let object_for = |row: &Row| -> String {
        match linked_table(row).and_then(table_name) {
            Some(n) => n,
            None => row.name.to_upper_camel_case(),
        }
    };
    let mut named: Vec<(String, &Table, bool)> = Vec::new();
    let mut body_seen = false;
    let mut response_seen: Vec<Option<u16>> = Vec::new();
    let mut error_schema: Option<Vec<String>> = None;
    let examples_at = path_examples(page);
    for t in tables {
        match t.section {
            Section::Uri | Section::Top => {
                let location = if t.title.to_ascii_lowercase().contains("query") { "query" } else { "path" };
                for r in &t.rows {
                    let mut p = Mapping::new();
                    p.insert(s("name"), s(r.name.clone()));
                    p.insert(s("in"), s(location));
                    p.insert(s("required"), Value::Bool(location == "path" || r.mandatory == Some(true)));
                    p.insert(s("x-page-table"), s(t.title.clone()));
                    p.insert(s("description"), description(r));
                    let mut schema = property(r, &object_for);
                    if let Value::Mapping(m) = &mut schema {
                        m.remove(s("description"));
                    }
                    p.insert(s("schema"), schema);
                    if let Some((_, v, erratum)) = examples_at.iter().find(|(n, _, _)| n == &r.name) {
                        p.insert(s("example"), s(v.clone()));
                        if *erratum {
                            p.insert(
                                s("x-erratum"),
                                map(vec![
                                    ("page-says", s(format!("{{{v}}}"))),
                                    ("reason", s("The example URL prints the value inside the template's braces.")),
                                ]),
                            );
                        }
                    }
                    parameters.push(Value::Mapping(p));
                }
            }
            Section::Request if t.title.to_ascii_lowercase().contains("header") => {
                for r in &t.rows {
                    let mut p = Mapping::new();
                    p.insert(s("name"), s(r.name.clone()));
                    p.insert(s("in"), s("header"));
                    p.insert(s("required"), Value::Bool(r.mandatory == Some(true)));
                    p.insert(s("x-page-table"), s(t.title.clone()));
                    if r.name.eq_ignore_ascii_case("X-Auth-Token") {
                        p.insert(s("x-credential"), s("token"));
                    }
                    p.insert(s("description"), description(r));
                    p.insert(s("schema"), map(vec![("type", s("string"))]));
                    parameters.push(Value::Mapping(p));
                }
            }
            Section::Request if !body_seen => {
                body_seen = true;
                let name = format!("{upper}Body");
                schemas.insert(s(name.clone()), object_schema(t, true, &object_for));
                let reqs: Vec<&PageExample> = page.request_examples.iter().collect();
                let mut content = vec![("schema", map(vec![("$ref", reference(&name))]))];
                if !reqs.is_empty() {
                    content.push(("examples", examples(&reqs, "page-example")));
                }
                body = Some(map(vec![
                    ("required", Value::Bool(true)),
                    ("x-page-table", s(t.title.clone())),
                    ("content", map(vec![("application/json", map(content))])),
                ]));
            }
            Section::Response if !response_seen.contains(&t.status) => {
                response_seen.push(t.status);
                let code = t.status.unwrap_or(200);
                let fields: Vec<String> = t.rows.iter().map(|r| r.name.clone()).collect();
                let name = if code >= 400 {
                    // Error tables with the same fields share one schema.
                    match &error_schema {
                        Some(f) if *f == fields => "ErrorResponse".to_string(),
                        Some(_) => format!("{upper}Error{code}"),
                        None => {
                            error_schema = Some(fields);
                            "ErrorResponse".to_string()
                        }
                    }
                } else {
                    format!("{upper}Response")
                };
                if !schemas.contains_key(s(name.clone())) {
                    let mut schema = object_schema(t, false, &object_for);
                    if name == "ErrorResponse" {
                        if let Value::Mapping(m) = &mut schema {
                            m.remove(s("x-page-table"));
                        }
                    }
                    schemas.insert(s(name.clone()), schema);
                }
                let exs: Vec<&PageExample> = page.response_examples.iter().filter(|e| e.status == t.status).collect();
                let mut content = vec![("schema", map(vec![("$ref", reference(&name))]))];
                if !exs.is_empty() {
                    content.push(("examples", examples(&exs, "page-example")));
                }
                let description =
                    if t.status.is_none() { "Normal response (the page names no status code)".to_string() } else { format!("Status code {code}") };
                responses.insert(
                    s(code.to_string()),
                    map(vec![
                        ("description", s(description)),
                        ("x-page-table", s(t.title.clone())),
                        ("content", map(vec![("application/json", map(content))])),
                    ]),
                );
            }
            _ => named.push((table_name(t).unwrap_or_else(|| t.title.to_upper_camel_case()), t, t.section == Section::Request)),
        }
    }
    for (name, t, request) in named {
        // An object table referenced as `Object` takes the referencing row's name.
        let name = tables.iter().flat_map(|o| &o.rows).find(|r| linked_table(r).is_some_and(|l| std::ptr::eq(l, t))).map_or(name, &object_for);
        schemas.insert(s(name), object_schema(t, request, &object_for));
    }
    for code in &page.status_codes {
        if !responses.contains_key(s(code.to_string())) {
            responses.insert(s(code.to_string()), map(vec![("description", s(format!("Status code {code}")))]));
        }
    }
    let mut op = vec![
        ("operationId", s(operation_name(&page.title))),
        ("summary", s(page.title.clone())),
        ("x-source", map(vec![("page", s(format!("sources/{file}"))), ("title", s(page.title.clone())), ("updated", s(page.updated.clone()))])),
    ];
    if let Some(l) = &page.example_request_line {
        op.push(("x-page-example-request", s(l.clone())));
    }
    op.push(("parameters", Value::Sequence(parameters)));
    if let Some(b) = body {
        op.push(("requestBody", b));
    }
    op.push(("responses", Value::Mapping(responses)));
    let mut path_item = Mapping::new();
    path_item.insert(s(page.method.to_ascii_lowercase()), map(op));
    let mut paths = Mapping::new();
    paths.insert(s(page.uri.clone()), Value::Mapping(path_item));
    let doc = map(vec![
        ("openapi", s("3.0.3")),
        (
            "info",
            map(vec![
                ("title", s(page.title.clone())),
                ("version", s("draft")),
                (
                    "description",
                    s(format!("Draft made by `cargo xtask import` from {file}: review every item, name the made schemas, and record errata.")),
                ),
                ("x-service", s("draft")),
            ]),
        ),
        ("paths", Value::Mapping(paths)),
        ("components", map(vec![("schemas", Value::Mapping(schemas))])),
    ]);
    serde_yaml::to_string(&doc).unwrap_or_default()
}
