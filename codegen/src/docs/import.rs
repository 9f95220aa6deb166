//! A draft spec from a page: the operation, its parameters where the page places them, one
//! schema per table, descriptions, the constraints the text states, and the examples, in
//! spec/'s conventions. A maintainer starts from it instead of a blank file.
//!
//! The draft of any page the reader accepts is a spec the generator accepts as it stands: it
//! names its service, endpoint and credential; it records the page's own type words where the
//! schema's type does not say them (`x-page-type: Long`), so `docs-check` on the page it came
//! from finds no difference; an example that contradicts its table is kept as the page prints it
//! in `x-erratum`, beside a value with the contradicting members taken out; JSON that does not
//! parse is kept in `x-open-points`. What the reader could not read ends the draft as comments,
//! line by line.

use std::collections::BTreeMap;

use heck::{ToLowerCamelCase, ToUpperCamelCase};
use serde_json::Value as Json;
use serde_yaml::{Mapping, Value};

use super::page::{Page, PageExample, Place, Role, Row, Table};

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
    let name = cut.split_whitespace().collect::<Vec<_>>().join(" ").to_lower_camel_case();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("operation{}", name.to_upper_camel_case())
    }
}

fn description(row: &Row) -> Value {
    s(row.description.join("\n\n"))
}

fn reference(name: &str) -> Value {
    s(format!("#/components/schemas/{name}"))
}

/// The schema type and format of a scalar type word.
fn scalar(ty: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match ty.to_ascii_lowercase().as_str() {
        "string" => ("string", None),
        "integer" | "int" | "int32" => ("integer", None),
        "long" | "int64" => ("integer", Some("int64")),
        "number" | "bigdecimal" => ("number", None),
        "float" => ("number", Some("float")),
        "double" => ("number", Some("double")),
        "boolean" => ("boolean", None),
        _ => return None,
    })
}

/// `{type: T, format: F}`.
fn scalar_schema(t: &str, f: Option<&str>) -> Value {
    let mut it = vec![("type", s(t))];
    if let Some(f) = f {
        it.push(("format", s(f)));
    }
    map(it)
}

/// The schema of a type written with angle brackets (`Map<String,String>`,
/// `list<map<String,String>>`).
fn generic_schema(ty: &str) -> Option<Value> {
    let (list, params) = super::page::generic_type(ty)?;
    // A parameter: another such type, a scalar, an array of scalars or of objects (free-form:
    // no table is linked from inside brackets), or an object.
    let param = |p: &str| -> Value {
        let element =
            p.split_once(" of ").map(|(_, inner)| inner.strip_suffix('s').unwrap_or(inner));
        match (generic_schema(p), scalar(p), element) {
            (Some(v), _, _) => v,
            (None, Some((t, f)), _) => scalar_schema(t, f),
            (None, None, Some(e)) => {
                let items = scalar(e)
                    .filter(|(t, _)| *t != "object")
                    .map_or_else(|| map(vec![("type", s("object"))]), |(t, f)| scalar_schema(t, f));
                map(vec![("type", s("array")), ("items", items)])
            }
            (None, None, None) => map(vec![("type", s("object"))]),
        }
    };
    Some(if list {
        map(vec![("type", s("array")), ("items", param(&params[0]))])
    } else {
        map(vec![("type", s("object")), ("additionalProperties", param(&params[1]))])
    })
}

struct Drafter {
    /// The schema (or, for parameters, the operation) whose rows are being drafted.
    owner: String,
    /// Names taken by schemas.
    taken: Vec<String>,
    /// Enumerations made from value lists: name, values, and whether requests use it.
    enums: Vec<(String, Vec<String>, bool)>,
    /// Whether the rows being drafted are a request's (strict) or a response's (lenient).
    request: bool,
    /// The schema name of each table that is a schema, for the request (`true`) or a response.
    names: BTreeMap<(usize, bool), String>,
    /// What the draft could not say, for the closing comments.
    notes: Vec<String>,
}

impl Drafter {
    /// The schema of one row's value (without its description).
    fn value_schema(&mut self, row: &Row, for_query: bool) -> Mapping {
        // A row whose table gives no type is a string, unless its words say it is a number.
        let stated = match row.constraints.stated_type {
            Some("integer") => Some("Integer"),
            Some("number") => Some("Number"),
            _ => None,
        };
        let ty = row.ty.clone().or(stated.map(str::to_string)).unwrap_or_else(|| "String".into());
        let c = &row.constraints;
        let mut m = Mapping::new();
        let linked = row.link.and_then(|l| self.names.get(&(l, self.request)).cloned());
        let lower = ty.to_ascii_lowercase();
        if let Some(schema) = generic_schema(&ty) {
            // `list<map<String,String>>`: its words are kept, its constraints do not apply.
            let Value::Mapping(mut m) = schema else { return m };
            m.insert(s("x-page-type"), s(ty.clone()));
            return m;
        }
        let is_array = lower.starts_with("array") || lower.starts_with("list");
        let mut scalar_ty = None;
        if is_array {
            let inner = ty.split_once(" of ").map_or("", |(_, i)| i);
            let items = match (
                &linked,
                scalar(inner).or_else(|| scalar(inner.strip_suffix('s').unwrap_or(inner))),
            ) {
                (Some(n), _) => map(vec![("$ref", reference(n))]),
                (None, Some((t, f))) => scalar_schema(t, f),
                (None, None) => map(vec![("type", s("object"))]),
            };
            m.insert(s("type"), s("array"));
            m.insert(s("items"), items);
        } else if let Some(n) = &linked {
            m.insert(s("allOf"), Value::Sequence(vec![map(vec![("$ref", reference(n))])]));
        } else if let Some((t, f)) = scalar(&ty).filter(|(t, _)| *t != "object") {
            m.insert(s("type"), s(t));
            if let Some(f) = f {
                m.insert(s("format"), s(f));
            }
            scalar_ty = Some(t);
        } else if lower.starts_with("map<") {
            m.insert(s("type"), s("object"));
            m.insert(s("additionalProperties"), map(vec![("type", s("string"))]));
        } else {
            // `Object` pointing to no table: free-form JSON.
            m.insert(s("type"), s("object"));
        }
        if for_query && scalar_ty.is_none() && !is_array {
            self.notes.push(format!(
                "line {}: `{}` is a query or header parameter of type `{ty}`: drafted as a string",
                row.line, row.name
            ));
            m.clear();
            m.insert(s("type"), s("string"));
            scalar_ty = Some("string");
        }
        match scalar_ty {
            Some("string") if !c.values.is_empty() => {
                let name = self.enum_name(&row.name, &c.values);
                m.clear();
                m.insert(s("allOf"), Value::Sequence(vec![map(vec![("$ref", reference(&name))])]));
            }
            Some("string") => {
                if let Some(lo) = c.min_length {
                    m.insert(s("minLength"), Value::Number(lo.into()));
                }
                if let Some(hi) = c.max_length {
                    m.insert(s("maxLength"), Value::Number(hi.into()));
                }
                if let Some(p) = &c.pattern {
                    m.insert(s("pattern"), s(p.clone()));
                }
            }
            Some("integer" | "number") => {
                if let Some(lo) = c.minimum {
                    m.insert(s("minimum"), Value::Number(lo.into()));
                }
                if let Some(hi) = c.maximum {
                    m.insert(s("maximum"), Value::Number(hi.into()));
                }
            }
            _ => {}
        }
        if let Some(d) = &c.default {
            let value = match scalar_ty {
                Some("integer") => d.parse::<i64>().ok().map(|n| Value::Number(n.into())),
                Some("number") => d.parse::<f64>().ok().map(|n| Value::Number(n.into())),
                Some("boolean") => d.parse::<bool>().ok().map(Value::Bool),
                Some("string") if c.values.is_empty() || c.values.contains(d) => Some(s(d.clone())),
                _ => None,
            };
            match value {
                Some(v) => {
                    m.insert(s("default"), v);
                }
                None => self.notes.push(format!(
                    "line {}: `{}`: the default `{d}` does not fit its type `{ty}`: not drafted",
                    row.line, row.name
                )),
            }
        }
        // A reference to an enumeration is a string on the page.
        let own = match serde_yaml::from_value::<crate::model::Schema>(Value::Mapping(m.clone())) {
            Ok(schema) => {
                super::drift::page_words(&schema, &|n| self.enums.iter().any(|(e, _, _)| e == n))
            }
            // A drafted schema always reads as one; if it did not, recording the page's own
            // word (below) is the safe side.
            Err(_) => String::new(),
        };
        if own != ty {
            m.insert(s("x-page-type"), s(ty.clone()));
        }
        m
    }

    /// The enumeration component for a field's values: one per list of values, named after the
    /// field, or after its owner and the field when the name is taken.
    fn enum_name(&mut self, field: &str, values: &[String]) -> String {
        if let Some((n, _, _)) =
            self.enums.iter().find(|(_, v, r)| v == values && *r == self.request)
        {
            return n.clone();
        }
        let plain = field.replace(['.', '-'], "_").to_upper_camel_case();
        let mut name =
            if self.taken.contains(&plain) { format!("{}{plain}", self.owner) } else { plain };
        let base = name.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.push(name.clone());
        self.enums.push((name.clone(), values.to_vec(), self.request));
        name
    }

    fn property(&mut self, row: &Row) -> Value {
        let mut m = Mapping::new();
        m.insert(s("description"), description(row));
        for (k, v) in self.value_schema(row, false) {
            m.insert(k, v);
        }
        Value::Mapping(m)
    }

    fn object_schema(&mut self, name: &str, t: &Table, request: bool) -> Value {
        self.owner = name.to_string();
        self.request = request;
        let mut props = Mapping::new();
        for r in &t.rows {
            if props.contains_key(s(r.name.clone())) {
                self.notes.push(format!(
                    "line {}: `{}` is a second row of that name in `{}`: not drafted",
                    r.line, r.name, t.title
                ));
                continue;
            }
            let mut p = self.property(r);
            if let (false, Some(m), Value::Mapping(pm)) = (request, r.mandatory, &mut p) {
                pm.insert(s("x-page-mandatory"), Value::Bool(m));
            }
            props.insert(s(r.name.clone()), p);
        }
        // A response's Mandatory column is the page's word (`x-page-mandatory`), never `required`:
        // responses are parsed leniently.
        let required: Vec<Value> = if request {
            t.rows.iter().filter(|r| r.mandatory == Some(true)).map(|r| s(r.name.clone())).collect()
        } else {
            Vec::new()
        };
        let mut m = Mapping::new();
        m.insert(s("type"), s("object"));
        if !t.title.is_empty() {
            m.insert(s("x-page-table"), s(t.title.clone()));
        }
        if !required.is_empty() {
            m.insert(s("required"), Value::Sequence(required));
        }
        m.insert(s("properties"), Value::Mapping(props));
        Value::Mapping(m)
    }
}

/// Enumerations by name, with their values.
pub(crate) type Enums = Vec<(String, Vec<String>)>;

/// One row's schema drafted as [`draft`] drafts it, for `update` adding a row to a spec:
/// `owner` names the schema (or, for parameters, the operation) that holds the row, `taken`
/// the schema names the spec already has, `names` the schema names of the page's tables (by
/// index) that the spec has, `enums` its enumerations (name and values). Returns the schema
/// (without its description), what could not be drafted, and the enumerations the row needs
/// that the spec does not have (name and values), named as [`draft`] names them.
pub(crate) fn draft_row(
    row: &Row,
    (request, for_query): (bool, bool),
    owner: &str,
    taken: &[String],
    names: &BTreeMap<usize, String>,
    enums: &[(String, Vec<String>)],
) -> (Mapping, Vec<String>, Enums) {
    let mut d = Drafter {
        owner: owner.to_string(),
        taken: taken.iter().chain(enums.iter().map(|(n, _)| n)).cloned().collect(),
        enums: enums.iter().map(|(n, v)| (n.clone(), v.clone(), request)).collect(),
        request,
        names: names.iter().map(|(k, v)| ((*k, request), v.clone())).collect(),
        notes: Vec::new(),
    };
    let known = d.enums.len();
    let m = d.value_schema(row, for_query);
    let new = d.enums.split_off(known).into_iter().map(|(n, v, _)| (n, v)).collect();
    (m, d.notes, new)
}

/// An example's value checked against its schema as [`draft`] checks a page's example: the
/// members the table contradicts taken out and the mandatory ones it lacks completed; returns
/// the value to keep and why it differs from the page's (empty when it does not), or `None`
/// when a mandatory member cannot be completed.
pub(crate) fn checked_example(
    v: &Json,
    schema: &Mapping,
    schemas: &Mapping,
) -> Option<(Json, Vec<String>)> {
    let mut v = v.clone();
    let mut why = Vec::new();
    prune(&mut v, schema, schemas, "", &mut why);
    let mut lacking = Vec::new();
    complete(&mut v, schema, schemas, "", &mut why, &mut lacking);
    lacking.is_empty().then_some((v, why))
}

/// The schema name of an object table: its caption when that is a name (`RestoreInstSource`),
/// else the caption's subject (`entities.instance field data structure description` ->
/// `EntitiesInstance`), else the name of the first row pointing to it.
fn object_name(page: &Page, k: usize) -> String {
    let t = &page.tables[k];
    if super::page::is_name(&t.caption) && t.caption.starts_with(|c: char| c.is_ascii_uppercase()) {
        return t.caption.replace(['.', '-'], "_").to_upper_camel_case();
    }
    if let Some(subject) = super::page::caption_subject(&t.caption) {
        return subject.replace(['.', '-', ':'], "_").to_upper_camel_case();
    }
    let pointing = page.tables.iter().flat_map(|o| &o.rows).find(|r| r.link == Some(k));
    match pointing {
        Some(r) => r.name.to_upper_camel_case(),
        None => format!("Table{}", t.number.unwrap_or(k as u32 + 1)),
    }
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

/// Values the example request line gives for path and query parameters, by name; `true`
/// marks a value printed inside the template's braces (an erratum of the page).
fn line_examples(page: &Page) -> Vec<(String, String, bool)> {
    let Some(line) = &page.example_request_line else { return Vec::new() };
    let Some(url) = line.split_once(' ').map(|(_, u)| u.trim()) else { return Vec::new() };
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut out: Vec<(String, String, bool)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .filter(|(k, v)| !k.is_empty() && !v.starts_with('{'))
        .map(|(k, v)| (k.to_string(), v.to_string(), false))
        .collect();
    let template: Vec<&str> = page.uri.split('/').collect();
    let given: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if template.len() == given.len() {
        for (t, g) in template.iter().zip(&given) {
            let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
                continue;
            };
            if g == t {
                continue;
            }
            match g.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
                Some(v) => out.push((name.to_string(), v.to_string(), true)),
                None => out.push((name.to_string(), (*g).to_string(), false)),
            }
        }
    }
    out
}

/// The component a drafted schema refers to (`$ref`, or `allOf: [$ref]`), if any.
fn referenced<'a>(schema: &Mapping, schemas: &'a Mapping) -> Option<&'a Mapping> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .or_else(|| {
            schema
                .get("allOf")
                .and_then(Value::as_sequence)
                .and_then(|a| a.first())
                .and_then(|f| f.get("$ref"))
                .and_then(Value::as_str)
        })
        .and_then(|r| r.rsplit('/').next())
        .and_then(|n| schemas.get(n))
        .and_then(Value::as_mapping)
}

/// A response field whose example prints it as another JSON type than its table's.
pub(crate) struct BothWays {
    /// The component schema that holds the field.
    pub(crate) component: String,
    /// The field.
    pub(crate) field: String,
    /// The JSON type the example prints (`integer`, `number`, `string`).
    printed_as: &'static str,
    /// The table's type, as the page words it where the draft records it.
    table_type: String,
    /// The example's value.
    value: Json,
}

/// The fields of `v` (under `schema`, in `schemas`; `component` names the schema holding
/// them) whose value is a number where the schema says string, or a number's text where it
/// says integer or number: the pairs the generated code reads both ways.
pub(crate) fn both_ways(
    v: &Json,
    schema: &Mapping,
    schemas: &Mapping,
    component: Option<&str>,
    out: &mut Vec<BothWays>,
) {
    let named = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next());
    let component = named.or(component);
    let schema = referenced(schema, schemas).unwrap_or(schema);
    match v {
        Json::Object(members) => {
            let Some(props) = schema.get("properties").and_then(Value::as_mapping) else { return };
            for (k, value) in members {
                let Some(prop) = props.get(k.as_str()).and_then(Value::as_mapping) else {
                    continue;
                };
                let own = prop.get("type").and_then(Value::as_str);
                let printed_as = match (own, value) {
                    (Some("string"), Json::Number(n)) if prop.get("enum").is_none() => {
                        Some(if n.is_f64() { "number" } else { "integer" })
                    }
                    // The digits of a number in quotes; a word ("two") contradicts the table.
                    (Some("integer" | "number"), Json::String(x))
                        if x.trim().parse::<f64>().is_ok_and(f64::is_finite) =>
                    {
                        Some("string")
                    }
                    _ => None,
                };
                match (printed_as, component) {
                    (Some(printed_as), Some(component)) => {
                        let word = match own {
                            Some("string") => "String",
                            Some("integer") => "Integer",
                            _ => "Number",
                        };
                        let table_type = prop
                            .get("x-page-type")
                            .and_then(Value::as_str)
                            .unwrap_or(word)
                            .to_string();
                        let known = out.iter().any(|m| m.component == component && m.field == *k);
                        if !known {
                            out.push(BothWays {
                                component: component.to_string(),
                                field: k.clone(),
                                printed_as,
                                table_type,
                                value: value.clone(),
                            });
                        }
                    }
                    // A nested object is named by its own `$ref`; without one its fields have no
                    // component to be marked on.
                    _ => both_ways(value, prop, schemas, None, out),
                }
            }
        }
        Json::Array(items) => {
            if let Some(item) = schema.get("items").and_then(Value::as_mapping) {
                for it in items {
                    both_ways(it, item, schemas, component, out);
                }
            }
        }
        _ => {}
    }
}

/// Take out of `v` every member the schema `schema` (in `schemas`) does not allow; returns
/// what was taken out, one line each.
fn prune(v: &mut Json, schema: &Mapping, schemas: &Mapping, at: &str, out: &mut Vec<String>) {
    let schema = referenced(schema, schemas).unwrap_or(schema);
    let shown = if at.is_empty() { "the body".to_string() } else { format!("`{at}`") };
    let ty = schema.get("type").and_then(Value::as_str);
    // A field read both ways takes either of its types.
    let printed = match &*v {
        Json::Number(n) if n.is_f64() => "number",
        Json::Number(_) => "integer",
        Json::String(_) => "string",
        _ => "",
    };
    if schema
        .get("x-example-types")
        .and_then(Value::as_sequence)
        .is_some_and(|ts| ts.iter().any(|t| t.as_str() == Some(printed)))
    {
        return;
    }
    match (ty, &mut *v) {
        (Some("object"), Json::Object(members)) => {
            let Some(props) = schema.get("properties").and_then(Value::as_mapping) else { return };
            let keys: Vec<String> = members.keys().cloned().collect();
            for k in keys {
                let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                match props.get(k.as_str()).and_then(Value::as_mapping) {
                    None => {
                        out.push(format!("`{path}` is not a field of the table"));
                        members.remove(&k);
                    }
                    Some(p) => {
                        let mut bad = Vec::new();
                        if let Some(m) = members.get_mut(&k) {
                            prune(m, p, schemas, &path, &mut bad);
                        }
                        if bad.iter().any(|b| b.starts_with(&format!("`{path}` should"))) {
                            members.remove(&k);
                        }
                        out.extend(bad);
                    }
                }
            }
        }
        (Some("array"), Json::Array(items)) => {
            if let Some(item) = schema.get("items").and_then(Value::as_mapping) {
                for (i, it) in items.iter_mut().enumerate() {
                    prune(it, item, schemas, &format!("{at}[{i}]"), out);
                }
                items.retain(|x| !x.is_null());
            }
        }
        (Some("object"), Json::Null) | (Some("array"), Json::Null) => {}
        (Some("object"), other) | (Some("array"), other) => {
            out.push(format!("{shown} should be an {}, not `{other}`", ty.unwrap_or("")))
        }
        (Some("string"), Json::String(x)) => {
            if let Some(values) = schema.get("enum").and_then(Value::as_sequence) {
                if !values.iter().any(|e| e.as_str() == Some(x)) {
                    out.push(format!("{shown} should be one of the listed values, not `{x}`"));
                }
            }
            let chars = x.chars().count() as u64;
            let lo = schema.get("minLength").and_then(Value::as_u64);
            let hi = schema.get("maxLength").and_then(Value::as_u64);
            if lo.is_some_and(|lo| chars < lo) || hi.is_some_and(|hi| chars > hi) {
                out.push(format!("{shown} should have the stated length, not `{x}`"));
            }
            let pattern = schema
                .get("pattern")
                .and_then(Value::as_str)
                .and_then(|p| regex::Regex::new(p).ok());
            if pattern.is_some_and(|p| !p.is_match(x)) {
                out.push(format!("{shown} should match the stated pattern, not `{x}`"));
            }
        }
        (Some("integer"), Json::Number(n)) if n.is_i64() || n.is_u64() => {
            let n = n.as_i64().unwrap_or(i64::MAX);
            let lo = schema.get("minimum").and_then(Value::as_i64);
            let hi = schema.get("maximum").and_then(Value::as_i64);
            if lo.is_some_and(|lo| n < lo) || hi.is_some_and(|hi| n > hi) {
                out.push(format!("{shown} should be within the stated range, not `{n}`"));
            }
        }
        (Some("number"), Json::Number(_)) | (Some("boolean"), Json::Bool(_)) => {}
        (Some(t), Json::Null) if t != "object" => {}
        (Some(t), other) => out.push(format!(
            "{shown} should be {} {t}, not `{other}`",
            if t == "integer" { "an" } else { "a" }
        )),
        (None, _) => {}
    }
}

/// Add to `v` each mandatory member the schema `schema` requires and `v` lacks, from what its
/// table states: its default, else its first listed value (saying so in `why`); the paths of
/// those that cannot be filled go to `lacking`.
fn complete(
    v: &mut Json,
    schema: &Mapping,
    schemas: &Mapping,
    at: &str,
    why: &mut Vec<String>,
    lacking: &mut Vec<String>,
) {
    let schema = referenced(schema, schemas).unwrap_or(schema);
    match v {
        Json::Object(members) => {
            let props =
                schema.get("properties").and_then(Value::as_mapping).cloned().unwrap_or_default();
            let required: Vec<String> = schema
                .get("required")
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect();
            for name in required {
                let path = if at.is_empty() { name.clone() } else { format!("{at}.{name}") };
                if members.contains_key(&name) {
                    continue;
                }
                let Some(p) = props.get(name.as_str()).and_then(Value::as_mapping) else {
                    continue;
                };
                let listed = referenced(p, schemas).and_then(|t| {
                    t.get("enum").and_then(Value::as_sequence).and_then(|e| e.first()).cloned()
                });
                match p.get("default").cloned().or(listed) {
                    Some(value) => {
                        let value = serde_json::to_value(&value).unwrap_or(Json::Null);
                        why.push(format!("it lacks the mandatory `{path}`, here `{value}` (the table's default or first listed value)"));
                        members.insert(name.clone(), value);
                    }
                    None => lacking.push(path),
                }
            }
            for (k, member) in members.iter_mut() {
                if let Some(p) = props.get(k.as_str()).and_then(Value::as_mapping) {
                    let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                    complete(member, p, schemas, &path, why, lacking);
                }
            }
        }
        Json::Array(items) => {
            if let Some(item) = schema.get("items").and_then(Value::as_mapping) {
                for (i, it) in items.iter_mut().enumerate() {
                    complete(it, item, schemas, &format!("{at}[{i}]"), why, lacking);
                }
            }
        }
        _ => {}
    }
}

/// The host of the example request line, as an endpoint template: `https://ddm.{region}.example.com`
/// and the region it names.
fn endpoint(page: &Page, service: &str) -> (String, String, bool) {
    let host = page
        .example_request_line
        .as_deref()
        .and_then(|l| l.split_once("://"))
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""))
        .filter(|h| !h.contains('{') && h.contains('.'));
    if let Some(h) = host {
        let labels: Vec<&str> = h.split('.').collect();
        if labels.len() >= 3
            && labels[1].contains('-')
            && labels[1].chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return (
                format!("https://{}.{{region}}.{}", labels[0], labels[2..].join(".")),
                labels[1].to_string(),
                true,
            );
        }
    }
    (format!("https://{service}.{{region}}.myhuaweicloud.com"), "ap-southeast-1".into(), false)
}

/// The draft for `page`, saved as `file`, for the service `service` (its `x-service`), as YAML.
pub fn draft(file: &str, page: &Page, service: &str) -> String {
    let op_name = operation_name(&page.title);
    let upper = op_name.to_upper_camel_case();
    let mut d = Drafter {
        owner: upper.clone(),
        taken: Vec::new(),
        enums: Vec::new(),
        request: true,
        names: BTreeMap::new(),
        notes: Vec::new(),
    };
    let bodyless = matches!(page.method.as_str(), "GET" | "HEAD");
    let reach = sides_reaching(page, bodyless);
    name_schemas(&mut d, page, &reach, &upper);
    let mut op = OperationDraft::default();
    draft_tables(&mut d, page, bodyless, &upper, &mut op);
    enum_schemas(&mut d, &mut op.schemas);
    uri_names_without_rows(&mut d, page, &mut op);
    responses_without_tables(&mut d, page, &mut op);
    read_both_ways(&mut d, &mut op);
    examples_against_tables(&mut d, &mut op);
    points_left_open(&mut d, page, bodyless, &mut op);
    let doc = openapi_document(file, page, service, op_name, op);
    let mut out = serde_yaml::to_string(&doc).unwrap_or_default();
    out.push_str(&closing_comments(page, d.notes));
    out
}

/// What [`draft`] gathers for the page's operation, step by step.
#[derive(Default)]
struct OperationDraft {
    /// The component schemas, by name.
    schemas: Mapping,
    /// The operation's parameters.
    parameters: Vec<Value>,
    /// Their names, in the same order.
    param_names: Vec<String>,
    /// The request body, when the page has one the reader read.
    body: Option<Value>,
    /// The responses, by status code.
    responses: Mapping,
    /// What the page leaves open, for `x-open-points`.
    open_points: Vec<Value>,
}

/// Which sides reach each table (request, response): from the bodies drafted, along links.
/// A table both reach is drafted twice, a request's schema (strict, `required`) and a
/// response's (lenient); one neither reaches is not drafted.
fn sides_reaching(page: &Page, bodyless: bool) -> Vec<[bool; 2]> {
    let mut reach = vec![[false; 2]; page.tables.len()];
    for (k, t) in page.tables.iter().enumerate() {
        match t.role {
            Role::RequestBody if !bodyless => reach[k][0] = true,
            Role::ResponseBody(_) => reach[k][1] = true,
            _ => {}
        }
    }
    let mut grew = true;
    while grew {
        grew = false;
        for (k, t) in page.tables.iter().enumerate() {
            for side in [0, 1] {
                let links: Vec<usize> = if reach[k][side] {
                    t.rows.iter().filter_map(|r| r.link).collect()
                } else {
                    Vec::new()
                };
                for l in links {
                    if !reach[l][side] && page.tables[l].role == Role::Object {
                        reach[l][side] = true;
                        grew = true;
                    }
                }
            }
        }
    }
    reach
}

/// Schema names first: rows point to tables by name. Each table gets a name for each side
/// that reaches it (`d.names`), unique among the draft's (`d.taken`).
fn name_schemas(d: &mut Drafter, page: &Page, reach: &[[bool; 2]], upper: &str) {
    let mut taken: Vec<String> = Vec::new();
    let mut request_names: Vec<String> = Vec::new();
    for (k, t) in page.tables.iter().enumerate() {
        for (side, request) in [(0, true), (1, false)] {
            if !reach[k][side] {
                continue;
            }
            let name = match t.role {
                // A response's object whose name a request's object has: `NameResponse`.
                Role::Object if !request && (reach[k][0] || request_names.contains(&object_name(page, k))) => {
                    format!("{}Response", object_name(page, k))
                }
                Role::Object => object_name(page, k),
                Role::RequestBody => format!("{upper}Body"),
                Role::ResponseBody(Some(c)) if c >= 400 => format!("{upper}Error{c}"),
                Role::ResponseBody(Some(c))
                    if page.tables.iter().filter(|o| matches!(o.role, Role::ResponseBody(Some(x)) if (200..300).contains(&x))).count() > 1 =>
                {
                    format!("{upper}Response{c}")
                }
                Role::ResponseBody(_) => format!("{upper}Response"),
                Role::Parameters | Role::Unplaced => continue,
            };
            let mut unique = name.clone();
            let mut n = 2;
            while taken.contains(&unique) {
                unique = format!("{name}{n}");
                n += 1;
            }
            if unique != name {
                d.notes.push(format!(
                    "line {}: `{}` has the name `{name}` another table has: drafted as `{unique}`",
                    t.line, t.title
                ));
            }
            taken.push(unique.clone());
            if request {
                request_names.push(unique.clone());
            }
            d.names.insert((k, request), unique);
        }
    }
    d.taken = taken;
}

/// Each table where the page places it: its rows as parameters, or a schema for the request
/// body, a response or an object.
fn draft_tables(
    d: &mut Drafter,
    page: &Page,
    bodyless: bool,
    upper: &str,
    op: &mut OperationDraft,
) {
    let at_line = line_examples(page);
    for (k, t) in page.tables.iter().enumerate() {
        match t.role {
            Role::Parameters => {
                for r in &t.rows {
                    let Some(place) = r.place else { continue };
                    if op.param_names.contains(&r.name) {
                        d.notes.push(format!(
                            "line {}: `{}` is a second row for that parameter: not drafted",
                            r.line, r.name
                        ));
                        continue;
                    }
                    op.param_names.push(r.name.clone());
                    op.parameters.push(parameter(d, t, r, place, upper, &at_line));
                }
            }
            Role::RequestBody if bodyless => {
                d.notes.push(format!(
                    "line {}: `{}` would be a body of a {}: not drafted (is it the query?)",
                    t.line, t.title, page.method
                ));
            }
            Role::RequestBody => {
                let name = d.names[&(k, true)].clone();
                let schema = d.object_schema(&name, t, true);
                op.schemas.insert(s(name.clone()), schema);
                op.body = Some(request_body(page, t, &name));
            }
            Role::ResponseBody(status) => {
                let name = d.names[&(k, false)].clone();
                let schema = d.object_schema(&name, t, false);
                op.schemas.insert(s(name.clone()), schema);
                let (code, response) = response(page, t, status, &name);
                op.responses.insert(s(code.to_string()), response);
            }
            Role::Object => {
                for request in [true, false] {
                    if let Some(name) = d.names.get(&(k, request)).cloned() {
                        let schema = d.object_schema(&name, t, request);
                        op.schemas.insert(s(name), schema);
                    }
                }
            }
            Role::Unplaced => {}
        }
    }
}

/// A parameter row of table `t` as the operation's parameter at `place`: its schema, and the
/// value the page's example request gives it (`at_line`, from [`line_examples`]).
fn parameter(
    d: &mut Drafter,
    t: &Table,
    r: &Row,
    place: Place,
    upper: &str,
    at_line: &[(String, String, bool)],
) -> Value {
    let location = match place {
        Place::Path => "path",
        Place::Query => "query",
        Place::Header => "header",
    };
    let mut p = Mapping::new();
    p.insert(s("name"), s(r.name.clone()));
    p.insert(s("in"), s(location));
    p.insert(s("required"), Value::Bool(place == Place::Path || r.mandatory == Some(true)));
    p.insert(s("x-page-table"), s(t.title.clone()));
    let credential = place == Place::Header && r.name.eq_ignore_ascii_case("X-Auth-Token");
    if credential {
        p.insert(s("x-credential"), s("token"));
    }
    p.insert(s("description"), description(r));
    d.owner = upper.to_string();
    d.request = true;
    if r.ty.is_none() && place != Place::Path {
        let as_what = match r.constraints.stated_type {
            Some(t) => format!(
                "drafted as {} {t}, as its description says",
                if t == "integer" { "an" } else { "a" }
            ),
            None => "drafted as a string".to_string(),
        };
        d.notes.push(format!("line {}: `{}`: the page gives no type: {as_what}", r.line, r.name));
    }
    // "a number" the page's example request gives as a whole number is an integer.
    let whole = at_line.iter().any(|(n, v, _)| n == &r.name && v.parse::<i64>().is_ok());
    let mut r = r.clone();
    if r.ty.is_none() && r.constraints.stated_type == Some("number") && whole {
        r.constraints.stated_type = Some("integer");
        d.notes.push(format!("line {}: `{}`: a number the example request gives as a whole number: drafted as an integer", r.line, r.name));
    }
    let r = &r;
    let schema = d.value_schema(r, place != Place::Path);
    let ty = schema.get("type").and_then(Value::as_str).unwrap_or("string").to_string();
    p.insert(s("schema"), Value::Mapping(schema));
    if let Some((_, v, erratum)) = at_line.iter().find(|(n, _, _)| n == &r.name) {
        let value = match ty.as_str() {
            "integer" => v.parse::<i64>().ok().map(|n| Value::Number(n.into())),
            "number" => v.parse::<f64>().ok().map(|n| Value::Number(n.into())),
            "boolean" => v.parse::<bool>().ok().map(Value::Bool),
            "string" => Some(s(v.clone())),
            _ => None,
        };
        if let Some(value) = value {
            p.insert(s("example"), value);
        }
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
    Value::Mapping(p)
}

/// The request body drafted from table `t`, whose schema is `name`, with the page's request
/// examples.
fn request_body(page: &Page, t: &Table, name: &str) -> Value {
    let mut content = vec![("schema", map(vec![("$ref", reference(name))]))];
    let reqs: Vec<&PageExample> =
        page.request_examples.iter().filter(|e| e.invalid.is_none()).collect();
    if !reqs.is_empty() {
        content.push(("examples", examples(&reqs, "page-example")));
    }
    map(vec![
        ("required", Value::Bool(true)),
        ("x-page-table", s(t.title.clone())),
        ("content", map(vec![("application/json", map(content))])),
    ])
}

/// The response drafted from table `t` (of `status`, or the page's normal response), whose
/// schema is `name`, with its examples; and its status code.
fn response(page: &Page, t: &Table, status: Option<u16>, name: &str) -> (u16, Value) {
    let code = status
        .or_else(|| page.status_codes.iter().copied().find(|c| (200..300).contains(c)))
        .unwrap_or(200);
    // The table's own examples; for the page's unnamed normal response, also those
    // printed under its status code where no table has that status.
    let own = |e: &&PageExample| {
        e.status == status
            || (status.is_none()
                && e.status == Some(code)
                && !page.tables.iter().any(|o| o.status == Some(code)))
    };
    let exs: Vec<&PageExample> =
        page.response_examples.iter().filter(own).filter(|e| e.invalid.is_none()).collect();
    let mut content = vec![("schema", map(vec![("$ref", reference(name))]))];
    if !exs.is_empty() {
        content.push(("examples", examples(&exs, "page-example")));
    }
    let description = match status {
        None if page.status_codes.contains(&code) => {
            format!("Status code {code} (the page's normal response)")
        }
        None => "Normal response (the page names no status code)".to_string(),
        Some(c) => format!("Status code {c}"),
    };
    let mut response = vec![("description", s(description)), ("x-page-table", s(t.title.clone()))];
    if status.is_none() && !page.status_codes.contains(&code) {
        response.push((
            "x-erratum",
            map(vec![
                ("page-says", s("Normal response")),
                ("reason", s("The page names no status code; 200 is a guess to review.")),
            ]),
        ));
    }
    response.push(("content", map(vec![("application/json", map(content))])));
    (code, map(response))
}

/// The enumerations made from value lists, as component schemas.
fn enum_schemas(d: &mut Drafter, schemas: &mut Mapping) {
    for (name, values, _) in std::mem::take(&mut d.enums) {
        let list = Value::Sequence(values.into_iter().map(s).collect());
        schemas.insert(s(name), map(vec![("type", s("string")), ("enum", list)]));
    }
}

/// Path variables and query names the URI has but no table gives: strings, noted.
fn uri_names_without_rows(d: &mut Drafter, page: &Page, op: &mut OperationDraft) {
    let path = super::page::path_variables(&page.uri).into_iter().map(|v| (v, "path"));
    let query = page.uri_query.iter().cloned().map(|q| (q, "query"));
    for (name, location) in path.chain(query).collect::<Vec<_>>() {
        if op.param_names.contains(&name) {
            continue;
        }
        let what = if location == "path" {
            format!("`{{{name}}}`")
        } else {
            format!("query names `{name}`, which")
        };
        d.notes.push(format!(
            "line {}: the URI's {what} has no row: drafted as a string",
            page.uri_line
        ));
        op.parameters.push(map(vec![
            ("name", s(name.clone())),
            ("in", s(location)),
            ("required", Value::Bool(location == "path")),
            ("schema", map(vec![("type", s("string"))])),
        ]));
        op.param_names.push(name);
    }
}

/// The responses no table describes: each status code the page lists, the examples of a
/// response without a table, and, when the page documents no response at all, a 200 to review.
fn responses_without_tables(d: &mut Drafter, page: &Page, op: &mut OperationDraft) {
    let responses = &mut op.responses;
    for code in &page.status_codes {
        if !responses.contains_key(s(code.to_string())) {
            responses.insert(
                s(code.to_string()),
                map(vec![("description", s(format!("Status code {code}")))]),
            );
        }
    }
    // Examples of a response no table describes: under their status (the page's unnamed normal
    // response under its success code) with a free-form JSON body. A 204 has no body: an empty
    // `{}` there is the page's way of printing nothing, and anything else is an open point.
    let success = page.status_codes.iter().copied().find(|c| (200..300).contains(c));
    let mut tableless: Vec<(u16, Vec<&PageExample>)> = Vec::new();
    for e in page.response_examples.iter().filter(|e| e.invalid.is_none()) {
        let Some(code) = e.status.or(success) else { continue };
        let has_body =
            responses.get(s(code.to_string())).is_some_and(|r| r.get("content").is_some());
        if has_body
            || page
                .tables
                .iter()
                .any(|t| matches!(t.role, Role::ResponseBody(st) if st == e.status))
        {
            continue;
        }
        match tableless.iter_mut().find(|(c, _)| *c == code) {
            Some((_, list)) => list.push(e),
            None => tableless.push((code, vec![e])),
        }
    }
    for (code, list) in tableless {
        if code == 204 {
            for e in list.iter().filter(|e| e.value != Json::Object(Default::default())) {
                op.open_points.push(s(format!(
                    "The page prints a response example at line {} under a response that has no body (204); as printed:\n{}",
                    e.line, e.value
                )));
                d.notes.push(format!("line {}: a response example for a 204, which has no body: kept in `x-open-points`", e.line));
            }
            continue;
        }
        let content = map(vec![
            ("schema", map(vec![("type", s("object"))])),
            ("examples", examples(&list, "page-example")),
        ]);
        let entry = responses
            .entry(s(code.to_string()))
            .or_insert_with(|| map(vec![("description", s(format!("Status code {code}")))]));
        if let Value::Mapping(m) = entry {
            m.insert(s("content"), map(vec![("application/json", content)]));
        }
        d.notes.push(format!("status {code}: the page gives response examples but no table: drafted as free-form JSON"));
    }
    if responses.is_empty() {
        d.notes.push("the page documents no response: drafted as 200 without a body".into());
        responses.insert(
            s("200"),
            map(vec![
                ("description", s("The page documents no response")),
                (
                    "x-erratum",
                    map(vec![
                        ("page-says", s("no response")),
                        ("reason", s("The page names no status code; 200 is a guess to review.")),
                    ]),
                ),
            ]),
        );
    }
}

/// A response example that prints a field as a number where its table says String (or as a
/// string where it says Integer or Number): the field reads both (`x-example-types`), the
/// disagreement is the field's erratum, and the example stays as printed.
fn read_both_ways(d: &mut Drafter, op: &mut OperationDraft) {
    let mut marks = Vec::new();
    for r in op.responses.values() {
        let Some(media) =
            r.get("content").and_then(|c| c.get("application/json")).and_then(Value::as_mapping)
        else {
            continue;
        };
        let Some(schema) = media.get("schema").and_then(Value::as_mapping) else { continue };
        for ex in
            media.get("examples").and_then(Value::as_mapping).into_iter().flat_map(|m| m.values())
        {
            if let Some(v) = ex.get("value").and_then(|v| serde_json::to_value(v).ok()) {
                both_ways(&v, schema, &op.schemas, None, &mut marks);
            }
        }
    }
    for m in marks {
        let prop = op
            .schemas
            .get_mut(m.component.as_str())
            .and_then(|c| c.get_mut("properties"))
            .and_then(|p| p.get_mut(m.field.as_str()))
            .and_then(Value::as_mapping_mut);
        // A field that already records an erratum (its type as the page words it) is left to
        // the example's erratum below.
        let Some(prop) = prop.filter(|p| !p.contains_key("x-erratum")) else { continue };
        prop.insert(s("x-example-types"), Value::Sequence(vec![s(m.printed_as)]));
        prop.insert(
            s("x-erratum"),
            map(vec![
                ("page-says", s(format!("{} in the table, {} in the example", m.table_type, m.value))),
                ("reason", s("The table and the page's example answer disagree on the field's JSON type: answers are read either way.")),
            ]),
        );
        d.notes.push(format!(
            "`{}.{}`: the table says {}, the example prints {}: read both ways (`x-example-types`, `x-erratum`)",
            m.component, m.field, m.table_type, m.value
        ));
    }
}

/// A request example that cannot be completed: its name, the page's JSON, the mandatory
/// fields it lacks.
type Incomplete = (String, Json, Vec<String>);

/// Examples against their tables: contradicting members come out, the page's example stays
/// as its erratum; a request example that lacks a mandatory field no table value completes
/// leaves the body for `x-open-points`.
fn examples_against_tables(d: &mut Drafter, op: &mut OperationDraft) {
    let mut errata = Vec::new();
    let mut unplaced_examples: Vec<Incomplete> = Vec::new();
    if let Some(b) = &mut op.body {
        fix_examples(b, "request", &op.schemas, &mut errata, &mut unplaced_examples);
    }
    for (code, r) in op.responses.iter_mut() {
        fix_examples(
            r,
            &format!("{} response", code.as_str().unwrap_or("")),
            &op.schemas,
            &mut errata,
            &mut unplaced_examples,
        );
    }
    // The examples that could not be completed leave the body's examples for the open points.
    if let Some(exs) = op
        .body
        .as_mut()
        .and_then(|b| b.get_mut("content"))
        .and_then(|c| c.get_mut("application/json"))
        .and_then(Value::as_mapping_mut)
    {
        if let Some(Value::Mapping(list)) = exs.get_mut("examples") {
            for (name, _, _) in &unplaced_examples {
                list.remove(name.as_str());
            }
            if list.is_empty() {
                exs.remove("examples");
            }
        }
    }
    for (name, printed, lacking) in std::mem::take(&mut unplaced_examples) {
        let fields = lacking.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
        op.open_points.push(s(format!(
            "The request example `{name}` lacks the mandatory {fields}, for which the table states no default or values; as printed:\n{printed}"
        )));
        d.notes.push(format!("request example `{name}`: lacks the mandatory {fields}: kept as printed in `x-open-points`"));
    }
    for e in errata {
        d.notes.push(format!("{e}: kept as printed in `x-erratum`, drafted without those members"));
    }
}

/// The examples of one request body or response (`content`, named `place` in the notes)
/// against its schema: members that contradict it come out, and the page's example is kept as
/// the example's erratum (`errata` says which); a request example lacking a mandatory field is
/// completed from its table, or, when it cannot be, listed in `unplaced`.
fn fix_examples(
    content: &mut Value,
    place: &str,
    schemas: &Mapping,
    errata: &mut Vec<String>,
    unplaced: &mut Vec<Incomplete>,
) {
    let Some(media) = content
        .get_mut("content")
        .and_then(|c| c.get_mut("application/json"))
        .and_then(Value::as_mapping_mut)
    else {
        return;
    };
    let Some(schema) = media.get("schema").and_then(Value::as_mapping).cloned() else { return };
    let Some(exs) = media.get_mut("examples").and_then(Value::as_mapping_mut) else { return };
    for (name, ex) in exs.iter_mut() {
        let Some(ex) = ex.as_mapping_mut() else { continue };
        let Some(mut v) = ex.get("value").and_then(|v| serde_json::to_value(v).ok()) else {
            continue;
        };
        let printed = v.clone();
        let mut why = Vec::new();
        prune(&mut v, &schema, schemas, "", &mut why);
        // A request's example that lacks a mandatory field: completed from what the table
        // states (its default, else its first listed value); one that cannot be is kept as
        // printed in an open point instead of as an example.
        let mut lacking = Vec::new();
        complete(&mut v, &schema, schemas, "", &mut why, &mut lacking);
        if !lacking.is_empty() {
            unplaced.push((name.as_str().unwrap_or("").to_string(), printed.clone(), lacking));
            continue;
        }
        if !why.is_empty() {
            ex.insert(s("value"), json(&v));
            ex.insert(
                s("x-erratum"),
                map(vec![
                    ("page-says", s(printed.to_string())),
                    (
                        "reason",
                        s(format!("The example contradicts its table: {}.", why.join("; "))),
                    ),
                ]),
            );
            errata.push(format!(
                "{place} example `{}`: {}",
                name.as_str().unwrap_or(""),
                why.join("; ")
            ));
        }
    }
}

/// What the page leaves open for a maintainer: rules that hold only under a condition,
/// examples that are not JSON, and a request body the reader could not read.
fn points_left_open(d: &mut Drafter, page: &Page, bodyless: bool, op: &mut OperationDraft) {
    // Rules that hold only under a condition are the maintainer's to state (a rule between
    // fields, or a note): never a flattened range.
    for t in page.tables.iter().filter(|t| t.role != Role::Unplaced) {
        for r in t.rows.iter().filter(|r| t.role != Role::Parameters || r.place.is_some()) {
            for c in &r.conditional {
                op.open_points.push(s(format!(
                    "`{}` ({}, line {}): a rule that holds only under a condition, not drafted as a constraint: {c}",
                    r.name, t.title, r.line
                )));
            }
        }
    }
    for e in page.request_examples.iter().chain(&page.response_examples) {
        if let Some(why) = &e.invalid {
            op.open_points.push(s(format!(
                "The example at line {} of the page is not valid JSON ({why}); as printed:\n{}",
                e.line,
                e.text.trim_end()
            )));
        }
    }
    if bodyless && !page.request_examples.is_empty() {
        d.notes.push(format!(
            "the page has {} request example(s) for a {}: not drafted",
            page.request_examples.len(),
            page.method
        ));
    }
    // A body the page documents but the reader could not read: the draft says so where a
    // maintainer (and the generated docs) will see it, not only in the closing comments.
    let unread_request = page
        .tables
        .iter()
        .any(|t| t.role == Role::Unplaced && t.section == super::page::Section::Request);
    if op.body.is_none() && !bodyless && (unread_request || !page.request_examples.is_empty()) {
        op.open_points.push(s(format!(
            "The page documents a request body that the reader could not read (see the tables listed as not read); this draft sends no body for this {}: complete it before use.",
            page.method
        )));
        for e in page.request_examples.iter().filter(|e| e.invalid.is_none()) {
            op.open_points.push(s(format!(
                "The page's request example at line {}, for the body not drafted; as printed:\n{}",
                e.line, e.value
            )));
        }
        d.notes.push("the page documents a request body the reader could not read: the draft has none (an open point says so)".into());
    }
}

/// The whole OpenAPI document: the service, its endpoint and credential, and the one
/// operation drafted.
fn openapi_document(
    file: &str,
    page: &Page,
    service: &str,
    op_name: String,
    drafted: OperationDraft,
) -> Value {
    let OperationDraft { schemas, parameters, body, responses, open_points, .. } = drafted;
    let source = map(vec![
        ("page", s(file.to_string())),
        ("title", s(page.title.clone())),
        ("updated", s(page.updated.clone().unwrap_or_else(|| "unknown".into()))),
    ]);
    let mut op =
        vec![("operationId", s(op_name)), ("summary", s(page.title.clone())), ("x-source", source)];
    if let Some(l) = &page.example_request_line {
        op.push(("x-page-example-request", s(l.clone())));
    }
    if !open_points.is_empty() {
        op.push(("x-open-points", Value::Sequence(open_points)));
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
    let (url, region, from_page) = endpoint(page, service);
    let server_description = if from_page {
        "Regional endpoint, from the page's example request."
    } else {
        "Regional endpoint: a guess, the page names no host."
    };
    map(vec![
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
                ("x-service", s(service.to_string())),
            ]),
        ),
        (
            "servers",
            Value::Sequence(vec![map(vec![
                ("url", s(url)),
                ("description", s(server_description)),
                ("variables", map(vec![("region", map(vec![("default", s(region)), ("description", s("Region ID."))]))])),
            ])]),
        ),
        ("security", Value::Sequence(vec![map(vec![("iam-token", Value::Sequence(vec![]))])])),
        ("paths", Value::Mapping(paths)),
        (
            "components",
            map(vec![
                (
                    "securitySchemes",
                    map(vec![(
                        "iam-token",
                        map(vec![("type", s("apiKey")), ("in", s("header")), ("name", s("X-Auth-Token")), ("description", s("An IAM user token."))]),
                    )]),
                ),
                ("schemas", Value::Mapping(schemas)),
            ]),
        ),
    ])
}

/// The draft's closing comments: what the reader did not read and what the draft could not
/// say (`notes`), in page order, what concerns the draft as a whole last.
fn closing_comments(page: &Page, notes: Vec<String>) -> String {
    let mut out = String::new();
    let mut unread: Vec<String> = page.unread.iter().map(ToString::to_string).collect();
    unread.extend(notes);
    // In page order; what concerns the draft as a whole last.
    let line_of = |u: &String| {
        u.strip_prefix("line ")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(usize::MAX)
    };
    unread.sort_by_key(line_of);
    if unread.is_empty() {
        out.push_str("# The reader read the whole page.\n");
    } else {
        out.push_str(&format!("# Not read or not drafted ({}), line by line:\n", unread.len()));
        for u in unread {
            for (i, l) in u.lines().enumerate() {
                out.push_str(if i == 0 { "# - " } else { "#   " });
                out.push_str(l);
                out.push('\n');
            }
        }
    }
    out
}
