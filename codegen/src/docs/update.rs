//! Applies a page to the spec (`cargo xtask update`): every difference the drift check
//! ([`super::drift`]) reports that can be applied without judgement is written into the spec's
//! text, surgically.
//!
//! The spec is never re-serialized. Each change is a text edit of the lines of the item it is
//! about, found with the loader's positions ([`crate::locate::Locations::span`]): a key's line
//! rewritten, a key inserted among its siblings, a property or parameter added or taken out, an
//! example's `value` replaced by the JSON as the page prints it. Comments, key order, layout and
//! everything made by hand (schema and enum names, descriptions, `x-sdk-name`, `x-open-points`,
//! `x-waiter`, `x-paging`, `x-query-rules`, other extensions, rules between fields) stay as they
//! are. A new property or parameter gets the description and schema `import` drafts, its
//! description starting with [`REWORD`] for a maintainer to reword.
//!
//! A type changed so that an example of the operation contradicts its table is applied, and the
//! example recorded as `import` records one: the value without the contradicting members, the
//! example as printed in `x-erratum`.
//!
//! Values listed for the first time make an enumeration, named as `import` names one, its
//! description marked [`REWORD`] so that a maintainer reviews the name too.
//!
//! What needs a human is refused, never guessed: a rename, a type that points to a table the
//! spec has no schema for, a changed example or type the spec records an erratum about, a
//! row a rule between fields names, a new table, a moved operation, a status removed whose
//! response has a body, and any edit after which the spec no longer loads or checks (a type the
//! generator cannot represent). Each refusal names the spec's line and the page's.
//!
//! The procedure is a loop: compare the page with the spec, take the first difference not yet
//! tried, apply it (or refuse it), and compare again, until every difference has been tried.
//! What still differs at the end and was not refused is listed too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value as Json;
use serde_yaml::{Mapping, Value};

use super::drift::{self, ref_name, Difference};
use super::page::{Page, PageExample, Place, Row, Table};
use crate::locate::{Locations, YamlPath};
use crate::model::{Document, Operation, Schema};

/// How a description drafted by `update` starts: the page's words, for a maintainer to reword
/// in the project's own (spec/README.md).
pub const REWORD: &str = "TODO(reword): ";

/// A difference `update` did not apply, with where it stands in the spec and on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 1-based line of the spec item it is about (the operation's when there is no item).
    pub spec_line: usize,
    /// 1-based line of the page, when the page has one for it.
    pub page_line: Option<usize>,
    /// The difference and why it needs a human.
    pub what: String,
}

impl Refusal {
    /// One line: `SPEC:LINE: PAGE:LINE: what`.
    pub fn show(&self, spec_file: &str, page_file: &str) -> String {
        let page = match self.page_line {
            Some(l) => format!("{page_file}:{l}"),
            None => page_file.to_string(),
        };
        format!("{spec_file}:{}: {page}: {}", self.spec_line, self.what)
    }
}

/// What [`update`] made of a spec and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Updated {
    /// The spec's new text.
    pub text: String,
    /// What was applied, one line each.
    pub applied: Vec<String>,
    /// Errata the page has fixed, removed with the fix.
    pub errata_removed: Vec<String>,
    /// What needs a human.
    pub refusals: Vec<Refusal>,
}

/// Apply `page` (saved as `page_file`) to the spec `spec_text`, which must have the page's
/// operation (found as `docs-check` finds it). `Err` when the spec does not load or has no
/// such operation.
pub fn update(spec_text: &str, page_file: &str, page: &Page) -> Result<Updated, String> {
    let mut out = Updated { text: spec_text.to_string(), ..Updated::default() };
    let doc = parse(spec_text)?;
    if drift::find_operation(&doc, page_file, page).is_none() {
        return Err(format!(
            "the spec has no operation for `{} {}` ({})",
            page.method, page.uri, page.title
        ));
    }
    // The page's title and date.
    for (key, value) in [("title", Some(page.title.clone())), ("updated", page.updated.clone())] {
        let Some(value) = value else { continue };
        let doc = parse(&out.text)?;
        let Some((method, uri, op)) = drift::find_operation(&doc, page_file, page) else { break };
        let old = if key == "title" { &op.source.title } else { &op.source.updated };
        if *old == value {
            continue;
        }
        let source = op_path(&uri, &method).key("x-source");
        let step = set_scalar(&out.text, &source, key, &value, &[]);
        let line = Locations::index(&out.text).map(|l| l.find(&source.key(key)).line).unwrap_or(1);
        match step.and_then(|t| verified(t, page_file, page)) {
            Ok(t) => {
                out.text = t;
                out.applied.push(format!("x-source {key}: `{old}` -> `{value}`"));
            }
            Err(why) => out.refusals.push(Refusal {
                spec_line: line,
                page_line: None,
                what: format!("x-source {key}: {why}"),
            }),
        }
    }
    let mut tried: BTreeSet<(String, String, String)> = BTreeSet::new();
    let key = |d: &Difference| (d.table.clone(), d.item.clone(), d.aspect.clone());
    loop {
        let doc = parse(&out.text)?;
        let (diffs, _) = drift::compare(page_file, page, &doc);
        let Some(d) = diffs.into_iter().find(|d| !tried.contains(&key(d))) else { break };
        tried.insert(key(&d));
        let Some((method, uri, op)) = drift::find_operation(&doc, page_file, page) else { break };
        let cx = Cx { text: &out.text, doc: &doc, op, op_path: op_path(&uri, &method), page };
        let (spec_line, page_line) = cx.lines_of(&d);
        let step =
            cx.apply(&d).and_then(|(t, said)| verified(t, page_file, page).map(|t| (t, said)));
        match step {
            Ok((text, Said::Applied(s))) => {
                out.text = text;
                out.applied.push(s);
            }
            Ok((text, Said::Erratum(s))) => {
                out.text = text;
                out.errata_removed.push(s);
            }
            Err(why) => out.refusals.push(Refusal {
                spec_line,
                page_line,
                what: format!("{}: {why}", describe(&d)),
            }),
        }
    }
    // What still differs and was not refused (an edit that did not settle it) is listed too.
    let doc = parse(&out.text)?;
    let (left, _) = drift::compare(page_file, page, &doc);
    let refused: Vec<String> = out.refusals.iter().map(|r| r.what.clone()).collect();
    if let Some((method, uri, op)) = drift::find_operation(&doc, page_file, page) {
        let cx = Cx { text: &out.text, doc: &doc, op, op_path: op_path(&uri, &method), page };
        for d in left {
            let said = describe(&d);
            if !refused.iter().any(|r| r.starts_with(&said)) {
                let (spec_line, page_line) = cx.lines_of(&d);
                out.refusals.push(Refusal {
                    spec_line,
                    page_line,
                    what: format!("{said}: still differs after the update"),
                });
            }
        }
    }
    Ok(out)
}

fn describe(d: &Difference) -> String {
    let item = if d.item.is_empty() { String::new() } else { format!(" `{}`", d.item) };
    format!(
        "{}{item}: {}: the page says {}, the spec says {}",
        d.table, d.aspect, d.page_says, d.spec_says
    )
}

fn parse(text: &str) -> Result<Document, String> {
    serde_yaml::from_str(text).map_err(|e| format!("the spec does not load: {e}"))
}

/// `text` if it still loads and checks as a spec; else why not.
fn verified(text: String, page_file: &str, page: &Page) -> Result<String, String> {
    let spec =
        crate::load::load_str(Path::new("spec.yaml"), &text).map_err(|d| first_problem(&d))?;
    crate::check::check(&spec).map_err(|d| first_problem(&d))?;
    if drift::find_operation(&spec.document, page_file, page).is_none() {
        return Err("the edit would lose the operation".into());
    }
    Ok(text)
}

fn first_problem(d: &[crate::Diagnostic]) -> String {
    let first = d.first().map(|d| format!("{}: {}", d.path, d.message)).unwrap_or_default();
    format!("the spec would no longer generate ({first}): left for a maintainer")
}

fn op_path(uri: &str, method: &str) -> YamlPath {
    YamlPath::root().key("paths").key(uri).key(&method.to_ascii_lowercase())
}

/// What an applied difference was.
enum Said {
    Applied(String),
    Erratum(String),
}

/// Keys in the order a new one is placed among its siblings: after the last sibling that comes
/// before it in the list, else before the first that comes after it.
const SCHEMA_ORDER: &[&str] = &[
    "description",
    "type",
    "format",
    "items",
    "allOf",
    "$ref",
    "additionalProperties",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "default",
    "enum",
    "x-page-type",
    "x-page-mandatory",
    "x-example-types",
    "x-erratum",
];
const PARAM_ORDER: &[&str] = &[
    "name",
    "in",
    "required",
    "x-page-table",
    "x-credential",
    "description",
    "schema",
    "example",
    "x-erratum",
];
const OBJECT_ORDER: &[&str] =
    &["type", "description", "x-page-table", "x-sdk-name", "required", "properties"];
const OP_ORDER: &[&str] = &[
    "operationId",
    "summary",
    "description",
    "x-sdk-name",
    "x-open-points",
    "x-source",
    "x-page-example-request",
    "parameters",
    "requestBody",
    "responses",
];
const MEDIA_ORDER: &[&str] = &["schema", "examples"];
const EXAMPLE_ORDER: &[&str] = &["summary", "value", "x-erratum"];

/// The keys of a schema that say its type and constraints: what a type change redrafts.
const TYPE_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "allOf",
    "$ref",
    "additionalProperties",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "default",
    "enum",
    "x-page-type",
];

// ---------------------------------------------------------------------------------------------
// Text edits. Each takes the whole text and returns the new one; positions are read afresh.

fn index(text: &str) -> Result<Locations, String> {
    Locations::index(text)
        .map_err(|(p, e)| format!("the spec does not parse at line {}: {e}", p.line))
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

fn join(lines: &[String]) -> String {
    let mut t = lines.join("\n");
    t.push('\n');
    t
}

/// `lines` (0-based `start..end`) replaced by `new`.
fn splice(text: &str, start: usize, end: usize, new: Vec<String>) -> String {
    let mut all = lines(text);
    let end = end.min(all.len());
    all.splice(start..end, new);
    join(&all)
}

/// The 0-based line range of the node at `path`.
fn range(loc: &Locations, path: &YamlPath) -> Option<(usize, usize)> {
    loc.span(path).map(|s| (s.start.line - 1, s.end_line))
}

/// `key: value` as YAML lines, indented by `indent` spaces, a block sequence indented under
/// its key as spec/ writes one.
fn render(key: &str, value: &Value, indent: usize) -> Vec<String> {
    let mut m = Mapping::new();
    m.insert(Value::String(key.to_string()), value.clone());
    let text = serde_yaml::to_string(&Value::Mapping(m)).unwrap_or_default();
    indent_sequences(text.lines())
        .into_iter()
        .map(|l| if l.is_empty() { String::new() } else { format!("{}{l}", " ".repeat(indent)) })
        .collect()
}

/// YAML lines as `serde_yaml` writes them, each block sequence that stands at its key's
/// indentation (`key:` then `- item`) indented two more spaces, with what it holds.
fn indent_sequences<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // The indentation of each sequence being indented.
    let mut open: Vec<usize> = Vec::new();
    let mut previous: Option<(usize, bool)> = None;
    // The indentation of the key of a block scalar (`|-`, `>`) whose lines are being passed.
    let mut scalar: Option<usize> = None;
    for line in lines {
        let content = line.trim_start();
        if content.is_empty() {
            out.push(String::new());
            continue;
        }
        let n = line.len() - content.len();
        // A block scalar's lines are its text: moved with it, never read as YAML.
        if scalar.is_some_and(|k| n > k) {
            out.push(format!("{}{content}", " ".repeat(n + 2 * open.len())));
            continue;
        }
        scalar = None;
        let item = content.starts_with("- ") || content == "-";
        while open.last().is_some_and(|&base| n < base || (n == base && !item)) {
            open.pop();
        }
        if item && previous == Some((n, true)) && open.last() != Some(&n) {
            open.push(n);
        }
        out.push(format!("{}{content}", " ".repeat(n + 2 * open.len())));
        previous = Some((n, content.ends_with(':') && !item));
        let header = content.rsplit_once(' ').map_or(content, |(_, h)| h);
        if header.starts_with(['|', '>']) && header.len() <= 3 {
            scalar = Some(n);
        }
    }
    out
}

/// A scalar as a flow item: plain where it reads back as the same string, else single-quoted.
fn flow_item(v: &str) -> String {
    let plain = !v.is_empty()
        && !v.contains([
            ',', '[', ']', '{', '}', '#', '\'', '"', '&', '*', '!', '|', '>', '%', '@', '`',
        ])
        && !v.contains(": ")
        && !v.starts_with(['-', '?', ':', ' '])
        && !v.ends_with([' ', ':'])
        && matches!(serde_yaml::from_str::<Value>(v), Ok(Value::String(s)) if s == v);
    if plain {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\'', "''"))
    }
}

/// Where a new key `key` goes among the children of the mapping at `map`: the 0-based line to
/// insert at and the children's indentation.
fn insertion(
    loc: &Locations,
    text: &str,
    map: &YamlPath,
    key: &str,
    order: &[&str],
) -> Result<(usize, usize), String> {
    let kids = loc.children(map);
    let Some((_, first)) = kids.first() else {
        return Err(format!("`{}` has no keys to place `{key}` among", map.as_str()));
    };
    if let Some(own) = loc.get(map) {
        if own.line == first.line && !map.as_str().ends_with(']') {
            return Err(format!("`{}` is written in flow style: edit it by hand", map.as_str()));
        }
    }
    let _ = text;
    let indent = first.column - 1;
    let rank = |k: &str| order.iter().position(|o| *o == k);
    let mine = rank(key).unwrap_or(order.len());
    let before: Option<&(String, crate::locate::Position)> =
        kids.iter().rfind(|(k, _)| rank(k).is_some_and(|r| r < mine));
    if let Some((k, _)) = before {
        let (_, end) = range(loc, &map.key(k)).ok_or("no span")?;
        return Ok((end, indent));
    }
    let after = kids.iter().find(|(k, _)| rank(k).is_some_and(|r| r > mine));
    match after {
        Some((_, p)) => Ok((p.line - 1, indent)),
        None => {
            let (_, end) = range(loc, &map.key(&kids[kids.len() - 1].0)).ok_or("no span")?;
            Ok((end, indent))
        }
    }
}

/// The mapping at `map` with `key` set to the YAML lines `value` renders to: its own lines
/// replaced where it has the key, else the key inserted in `order`.
fn set_key(
    text: &str,
    map: &YamlPath,
    key: &str,
    value: &Value,
    order: &[&str],
) -> Result<String, String> {
    let loc = index(text)?;
    if let Some((start, end)) = range(&loc, &map.key(key)) {
        let indent = loc.get(&map.key(key)).map_or(0, |p| p.column - 1);
        let first = lines(text).get(start).cloned().unwrap_or_default();
        if !first.trim_start().starts_with(&format!("{key}:"))
            && !first.trim_start().starts_with(&format!("'{key}':"))
            && !first.trim_start().starts_with(&format!("\"{key}\":"))
        {
            return Err(format!("`{}` is written in flow style: edit it by hand", map.as_str()));
        }
        return Ok(splice(text, start, end, render(key, value, indent)));
    }
    let (at, indent) = insertion(&loc, text, map, key, order)?;
    Ok(splice(text, at, at, render(key, value, indent)))
}

/// `key: value` for a string scalar, keeping the old value's quotes where it had some.
fn set_scalar(
    text: &str,
    map: &YamlPath,
    key: &str,
    value: &str,
    order: &[&str],
) -> Result<String, String> {
    let loc = index(text)?;
    if let Some((start, end)) = range(&loc, &map.key(key)) {
        let all = lines(text);
        let line = &all[start];
        if end == start + 1 {
            if let Some((head, old)) = line.split_once(": ") {
                let old = old.trim();
                let new = if old.starts_with('"') {
                    serde_json::to_string(value).unwrap_or_default()
                } else if old.starts_with('\'') || flow_item(value) != value {
                    format!("'{}'", value.replace('\'', "''"))
                } else {
                    value.to_string()
                };
                return Ok(splice(text, start, end, vec![format!("{head}: {new}")]));
            }
        }
    }
    set_key(text, map, key, &Value::String(value.to_string()), order)
}

fn remove_key(text: &str, map: &YamlPath, key: &str) -> Result<String, String> {
    let loc = index(text)?;
    match range(&loc, &map.key(key)) {
        Some((start, end)) => {
            let all = lines(text);
            if !all[start].trim_start().trim_start_matches(['\'', '"']).starts_with(key) {
                return Err(format!(
                    "`{}` is written in flow style: edit it by hand",
                    map.as_str()
                ));
            }
            Ok(splice(text, start, end, Vec::new()))
        }
        None => Ok(text.to_string()),
    }
}

/// The list of strings at `map.key`, rewritten as `values` in the style it is written in (a
/// flow list `[a, b]` or one `- a` per line); removed when `values` is empty.
fn set_list(
    text: &str,
    map: &YamlPath,
    key: &str,
    values: &[String],
    order: &[&str],
) -> Result<String, String> {
    let loc = index(text)?;
    if values.is_empty() {
        return remove_key(text, map, key);
    }
    let flow = format!("[{}]", values.iter().map(|v| flow_item(v)).collect::<Vec<_>>().join(", "));
    match range(&loc, &map.key(key)) {
        Some((start, end)) => {
            let all = lines(text);
            let first = &all[start];
            let indent = loc.get(&map.key(key)).map_or(0, |p| p.column - 1);
            if first.contains('[') {
                if end != start + 1 {
                    return Err(format!(
                        "`{}.{key}` is a flow list over several lines: edit it by hand",
                        map.as_str()
                    ));
                }
                Ok(splice(text, start, end, vec![format!("{}{key}: {flow}", " ".repeat(indent))]))
            } else {
                let dash =
                    all.get(start + 1).map_or(indent + 2, |l| l.len() - l.trim_start().len());
                let mut new = vec![format!("{}{key}:", " ".repeat(indent))];
                new.extend(
                    values.iter().map(|v| format!("{}- {}", " ".repeat(dash), flow_item(v))),
                );
                Ok(splice(text, start, end, new))
            }
        }
        None => {
            let (at, indent) = insertion(&loc, text, map, key, order)?;
            Ok(splice(text, at, at, vec![format!("{}{key}: {flow}", " ".repeat(indent))]))
        }
    }
}

/// The lines of `text` from `start` to `end` (0-based, exclusive) without those of `hole`.
fn text_outside(text: &str, (start, end): (usize, usize), holes: &[(usize, usize)]) -> String {
    lines(text)
        .iter()
        .enumerate()
        .filter(|(i, _)| *i >= start && *i < end && !holes.iter().any(|(a, b)| i >= a && i < b))
        .map(|(_, l)| l.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn names_word(text: &str, word: &str) -> Option<usize> {
    let re =
        regex::Regex::new(&format!(r"(^|[^A-Za-z0-9_]){}($|[^A-Za-z0-9_])", regex::escape(word)))
            .ok()?;
    text.lines().position(|l| re.is_match(l))
}

// ---------------------------------------------------------------------------------------------
// Where the page's items are in the spec.

/// Who holds the items of one of the page's tables in the spec.
#[derive(Debug, Clone, PartialEq)]
enum Owner {
    /// The operation's parameters.
    Parameters,
    /// A component schema's properties; whether it is a request's.
    Component(String, bool),
}

struct Cx<'a> {
    text: &'a str,
    doc: &'a Document,
    op: &'a Operation,
    op_path: YamlPath,
    page: &'a Page,
}

impl Cx<'_> {
    fn owners(&self, title: &str) -> Vec<Owner> {
        let (doc, op) = (self.doc, self.op);
        let mut out = Vec::new();
        if op.parameters.iter().any(|p| p.page_table.as_deref() == Some(title)) {
            out.push(Owner::Parameters);
        }
        let walk =
            |s: &Schema, request: bool, body_table: &Option<String>, out: &mut Vec<Owner>| {
                let mut seen: Vec<String> = Vec::new();
                let mut todo: Vec<String> = ref_name(s).map(str::to_string).into_iter().collect();
                let first = todo.first().cloned();
                while let Some(n) = todo.pop() {
                    if seen.contains(&n) {
                        continue;
                    }
                    seen.push(n.clone());
                    let Some(c) = doc.components.schemas.get(&n) else { continue };
                    let titled = if Some(&n) == first.as_ref() {
                        body_table.as_deref() == Some(title)
                    } else {
                        c.page_table.as_deref() == Some(title)
                    };
                    if titled
                        && c.type_.as_deref() == Some("object")
                        && !out.contains(&Owner::Component(n.clone(), request))
                    {
                        out.push(Owner::Component(n.clone(), request));
                    }
                    for p in c.properties.iter().flatten().map(|(_, p)| p) {
                        todo.extend(ref_name(p).map(str::to_string));
                        todo.extend(p.items.as_deref().and_then(ref_name).map(str::to_string));
                    }
                }
            };
        if let Some(rb) = &op.request_body {
            for mt in rb.content.values() {
                walk(&mt.schema, true, &rb.page_table, &mut out);
            }
        }
        for r in op.responses.values() {
            for mt in r.content.values() {
                walk(&mt.schema, false, &r.page_table, &mut out);
            }
        }
        out
    }

    fn param_index(&self, title: &str, name: &str) -> Option<usize> {
        self.op
            .parameters
            .iter()
            .position(|p| p.name == name && p.page_table.as_deref() == Some(title))
    }

    /// The YAML path of the item `name` of table `title`, its schema's path, and its owner.
    fn item(&self, title: &str, name: &str) -> Option<(YamlPath, YamlPath, Owner)> {
        for owner in self.owners(title) {
            match &owner {
                Owner::Parameters => {
                    if let Some(i) = self.param_index(title, name) {
                        let p = self.op_path.key("parameters").index(i);
                        return Some((p.clone(), p.key("schema"), owner));
                    }
                }
                Owner::Component(c, _) => {
                    let has = self
                        .doc
                        .components
                        .schemas
                        .get(c)
                        .and_then(|s| s.properties.as_ref())
                        .is_some_and(|ps| ps.contains_key(name));
                    if has {
                        let p = component_path(c).key("properties").key(name);
                        return Some((p.clone(), p, owner));
                    }
                }
            }
        }
        None
    }

    fn row(&self, title: &str, name: &str) -> Option<(&Table, &Row)> {
        let t = self.page.tables.iter().find(|t| t.title == title)?;
        Some((t, t.rows.iter().find(|r| r.name == name)?))
    }

    fn schema_at(&self, path: &YamlPath, owner: &Owner) -> Option<&Schema> {
        let name = path.as_str().rsplit('.').next().unwrap_or_default();
        match owner {
            Owner::Parameters => {
                let i: usize = path.as_str().rsplit('[').next()?.split(']').next()?.parse().ok()?;
                self.op.parameters.get(i).map(|p| &p.schema)
            }
            Owner::Component(c, _) => {
                self.doc.components.schemas.get(c)?.properties.as_ref()?.get(name)
            }
        }
    }

    fn loc(&self) -> Option<Locations> {
        Locations::index(self.text).ok()
    }

    /// The spec's line and the page's line a difference is about.
    fn lines_of(&self, d: &Difference) -> (usize, Option<usize>) {
        let Some(loc) = self.loc() else { return (1, None) };
        let op_line = loc.find(&self.op_path).line;
        // A row the difference names by its line (a row added, a rename).
        let named_line = d
            .page_says
            .split("(line ")
            .nth(1)
            .and_then(|r| r.split(')').next())
            .and_then(|n| n.parse::<usize>().ok());
        if let Some(l) = named_line {
            let spec = self.item(&d.table, &d.item).map_or(op_line, |(p, _, _)| loc.find(&p).line);
            return (spec, Some(l));
        }
        if let Some((_, r)) = self.row(&d.table, &d.item) {
            let spec = self.item(&d.table, &d.item).map_or(op_line, |(p, _, _)| loc.find(&p).line);
            return (spec, Some(r.line));
        }
        if let Some(t) = self.page.tables.iter().find(|t| t.title == d.table) {
            let spec = self.item(&d.table, &d.item).map_or(op_line, |(p, _, _)| loc.find(&p).line);
            return (spec, Some(t.line));
        }
        match d.table.as_str() {
            "URI" => (op_line, Some(self.page.uri_line)),
            "status codes" => {
                (loc.find(&self.op_path.key("responses").key(&d.item)).line.max(op_line), None)
            }
            "examples" => match self.example_target(&d.item) {
                Some((media, name, page_ex)) => {
                    let spec = name.map_or_else(
                        || loc.find(&media).line,
                        |n| loc.find(&media.key("examples").key(&n)).line,
                    );
                    (spec, page_ex.map(|e| e.line))
                }
                None => (op_line, None),
            },
            _ => (op_line, None),
        }
    }

    /// The media type (`content.application/json`) an example label is about, the spec's
    /// example name in it, and the page's example.
    fn example_target(
        &self,
        item: &str,
    ) -> Option<(YamlPath, Option<String>, Option<&PageExample>)> {
        let (label, name) = match item.split_once(" (") {
            Some((l, n)) => (l, Some(n.trim_end_matches(')').to_string())),
            None => (item, None),
        };
        let (kind, n) = label.rsplit_once(' ')?;
        let n: usize = n.parse().ok()?;
        let valid = |e: &&PageExample| e.invalid.is_none();
        let in_open_points = |v: &Json| {
            self.op.open_points.iter().any(|p| p.ends_with(&format!("as printed:\n{v}")))
        };
        let (at, content, list): (YamlPath, Vec<&String>, Vec<&PageExample>) =
            if kind == "request example" {
                let rb = self.op.request_body.as_ref()?;
                let list = self
                    .page
                    .request_examples
                    .iter()
                    .filter(valid)
                    .filter(|e| !in_open_points(&e.value))
                    .collect();
                (self.op_path.key("requestBody"), rb.content.keys().collect(), list)
            } else {
                let status: Option<u16> = match kind.strip_suffix(" response example")? {
                    "normal" => None,
                    c => Some(c.parse().ok()?),
                };
                let code = match status {
                    Some(c) => c.to_string(),
                    None => self.op.responses.keys().find(|c| c.starts_with('2'))?.clone(),
                };
                let r = self.op.responses.get(&code)?;
                let bodyless = r.content.is_empty();
                let known = |v: &Json| {
                    bodyless
                        && (*v == Json::Object(Default::default())
                            || self
                                .op
                                .open_points
                                .iter()
                                .any(|p| p.ends_with(&format!("as printed:\n{v}"))))
                };
                let list = self
                    .page
                    .response_examples
                    .iter()
                    .filter(valid)
                    .filter(|e| e.status == status)
                    .filter(|e| !known(&e.value))
                    .collect();
                (self.op_path.key("responses").key(&code), r.content.keys().collect(), list)
            };
        // The media type that has the named example, else the first.
        let body = match (&self.op.request_body, kind == "request example") {
            (Some(rb), true) => Some(&rb.content),
            _ => None,
        };
        let mt = content
            .iter()
            .find(|m| {
                name.as_ref().is_some_and(|n| {
                    body.or_else(|| {
                        self.op
                            .responses
                            .values()
                            .find(|r| r.content.keys().any(|k| k == **m))
                            .map(|r| &r.content)
                    })
                    .and_then(|c| c.get(**m))
                    .is_some_and(|mt| mt.examples.contains_key(n))
                })
            })
            .or(content.first())
            .map(|m| (*m).clone());
        let media = at.key("content").key(&mt.unwrap_or_else(|| "application/json".into()));
        Some((media, name, n.checked_sub(1).and_then(|i| list.get(i)).copied()))
    }

    /// Apply one difference: the new text and what it did, or why it needs a human.
    fn apply(&self, d: &Difference) -> Result<(String, Said), String> {
        match (d.table.as_str(), d.aspect.as_str()) {
            (_, "renamed") => Err("a rename, or one row removed and another added: a maintainer decides".into()),
            (_, "method" | "uri") => Err("the operation's method or URI changed: a maintainer decides whether it is the same operation".into()),
            ("status codes", "status") => self.status(d),
            ("status codes", "erratum") => {
                let code = self.op.responses.keys().find(|c| c.starts_with('2')).ok_or("no success response")?;
                let t = remove_key(self.text, &self.op_path.key("responses").key(code), "x-erratum")?;
                Ok((t, Said::Erratum(format!("status codes: the page names its success status now: the erratum on {code} is removed"))))
            }
            ("examples", "example") if d.item == "request line" => {
                let line = self.page.example_request_line.as_deref().ok_or("the page has no example request line: a maintainer decides")?;
                let t = set_scalar(self.text, &self.op_path, "x-page-example-request", line, OP_ORDER)?;
                Ok((t, Said::Applied(format!("examples: the example request line is now `{line}`"))))
            }
            ("examples", "erratum") => self.example_erratum(d),
            ("examples", "example") => self.example(d, false),
            ("examples", "present") => {
                if d.spec_says == "no such example" {
                    self.example(d, true)
                } else {
                    self.remove_example(d)
                }
            }
            (_, _) if d.item.is_empty() => {
                Err("a table the spec has no schema for, or a schema the page has no table for: a maintainer names and places it".into())
            }
            (_, "present") if d.spec_says == "no such item" => self.add_row(d),
            (_, "present") => self.remove_row(d),
            (_, "mandatory") => self.mandatory(d),
            (_, "erratum") => {
                let (_, schema, _) = self.item(&d.table, &d.item).ok_or("the item is not in the spec")?;
                let t = remove_key(self.text, &schema, "x-erratum")?;
                let t = remove_key(&t, &schema, "x-page-type")?;
                Ok((t, Said::Erratum(format!("{} `{}`: the page's type is now {}: the type erratum is removed", d.table, d.item, d.page_says))))
            }
            (_, "type") => self.retype(d),
            (_, "value range" | "length" | "pattern" | "default") => self.constraint(d),
            (_, "values") => self.values(d),
            _ => Err("not a difference `update` knows how to apply".into()),
        }
    }

    fn status(&self, d: &Difference) -> Result<(String, Said), String> {
        let responses = self.op_path.key("responses");
        if d.page_says == "documented" {
            let code: u16 = d.item.parse().map_err(|_| "not a status code")?;
            // A new success changes what the method returns (a body, an `Option` of one): a
            // maintainer's call, with the response's table.
            if (200..300).contains(&code) {
                return Err(format!("a new success status {code}: what the method returns may change; add it with its body by hand"));
            }
            let loc = index(self.text)?;
            let kids = loc.children(&responses);
            let first = kids.first().ok_or("the operation has no responses to place it among")?;
            let (at, indent) =
                match kids.iter().rfind(|(k, _)| k.parse::<u16>().is_ok_and(|k| k < code)) {
                    Some((k, _)) => {
                        (range(&loc, &responses.key(k)).ok_or("no span")?.1, first.1.column - 1)
                    }
                    None => (first.1.line - 1, first.1.column - 1),
                };
            let pad = " ".repeat(indent);
            let description =
                serde_json::to_string(&format!("{REWORD}Status code {code}")).unwrap_or_default();
            let new =
                vec![format!("{pad}\"{code}\":"), format!("{pad}  description: {description}")];
            return Ok((
                splice(self.text, at, at, new),
                Said::Applied(format!("status codes: {code} added")),
            ));
        }
        let r = self.op.responses.get(&d.item).ok_or("no such response")?;
        if !r.content.is_empty() {
            return Err("the page no longer documents a response that has a body: a maintainer decides what becomes of its type".into());
        }
        let t = remove_key(self.text, &responses, &d.item)?;
        Ok((t, Said::Applied(format!("status codes: {} removed", d.item))))
    }

    fn mandatory(&self, d: &Difference) -> Result<(String, Said), String> {
        let (_, row) = self.row(&d.table, &d.item).ok_or("no such row")?;
        let yes = row.mandatory.ok_or("the row has no Mandatory flag")?;
        let (path, _, owner) = self.item(&d.table, &d.item).ok_or("the item is not in the spec")?;
        let t = match owner {
            Owner::Parameters => {
                set_key(self.text, &path, "required", &Value::Bool(yes), PARAM_ORDER)?
            }
            Owner::Component(c, true) => {
                let mut list = self
                    .doc
                    .components
                    .schemas
                    .get(&c)
                    .map(|s| s.required.clone())
                    .unwrap_or_default();
                list.retain(|n| *n != d.item);
                if yes {
                    list.push(d.item.clone());
                }
                set_list(self.text, &component_path(&c), "required", &list, OBJECT_ORDER)?
            }
            Owner::Component(_, false) => {
                set_key(self.text, &path, "x-page-mandatory", &Value::Bool(yes), SCHEMA_ORDER)?
            }
        };
        Ok((
            t,
            Said::Applied(format!(
                "{} `{}`: Mandatory is now {}",
                d.table,
                d.item,
                if yes { "Yes" } else { "No" }
            )),
        ))
    }

    /// The page's tables the spec has schemas for (by index), and its enumerations.
    fn drafting_context(&self, request: bool) -> (BTreeMap<usize, String>, super::import::Enums) {
        let mut names = BTreeMap::new();
        for (k, t) in self.page.tables.iter().enumerate() {
            if let Some(Owner::Component(c, _)) = self
                .owners(&t.title)
                .into_iter()
                .find(|o| matches!(o, Owner::Component(_, r) if *r == request))
            {
                names.insert(k, c);
            }
        }
        let enums = self
            .doc
            .components
            .schemas
            .iter()
            .filter(|(_, s)| s.type_.as_deref() == Some("string") && s.enum_.is_some())
            .map(|(n, s)| {
                (
                    n.clone(),
                    s.enum_
                        .iter()
                        .flatten()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                )
            })
            .collect();
        (names, enums)
    }

    /// The schema `import` drafts for a row held by `owner`, what could not be drafted, and the
    /// enumerations it needs that the spec lacks (named as `import` names them); or why it
    /// cannot be drafted here.
    fn drafted(
        &self,
        row: &Row,
        request: bool,
        for_query: bool,
        owner: &Owner,
    ) -> Result<(Mapping, Vec<String>, super::import::Enums), String> {
        let (names, enums) = self.drafting_context(request);
        if row.link.is_some_and(|l| !names.contains_key(&l)) {
            return Err("its type points to a table the spec has no schema for: a maintainer names and places it".into());
        }
        let owner_name = match owner {
            Owner::Parameters => {
                heck::ToUpperCamelCase::to_upper_camel_case(self.op.operation_id.as_str())
            }
            Owner::Component(c, _) => c.clone(),
        };
        let taken: Vec<String> = self.doc.components.schemas.keys().cloned().collect();
        Ok(super::import::draft_row(row, (request, for_query), &owner_name, &taken, &names, &enums))
    }

    /// `text` with each of `enums` (name and values) added as a string enumeration component,
    /// after the component of `owner` (else after the last component), its description marked
    /// [`REWORD`] for a maintainer to reword, and its drafted name to review. Returns the new
    /// text and what was added, in words (empty for none).
    fn with_enums(
        &self,
        mut text: String,
        owner: &Owner,
        field: &str,
        table: &str,
        enums: &super::import::Enums,
    ) -> Result<(String, String), String> {
        let mut said = Vec::new();
        for (name, values) in enums {
            let loc = index(&text)?;
            let schemas = YamlPath::root().key("components").key("schemas");
            let kids = loc.children(&schemas);
            let after = match owner {
                Owner::Component(c, _) if kids.iter().any(|(k, _)| k == c) => c.clone(),
                _ => kids
                    .last()
                    .map(|(k, _)| k.clone())
                    .ok_or("the spec has no components to place an enumeration among")?,
            };
            let column = kids.first().map(|(_, p)| p.column - 1).ok_or("no components")?;
            let end = range(&loc, &schemas.key(&after)).ok_or("no span")?.1;
            let pad = " ".repeat(column);
            let description = format!("{REWORD}The values of `{field}` ({table}); the name `{name}` is drafted: rename it if another fits.");
            let flow = values.iter().map(|v| flow_item(v)).collect::<Vec<_>>().join(", ");
            let mut new = vec![format!("{pad}{name}:"), format!("{pad}  type: string")];
            new.extend(render("description", &Value::String(description), column + 2));
            new.push(format!("{pad}  enum: [{flow}]"));
            text = splice(&text, end, end, new);
            said.push(format!("`{name}`"));
        }
        let said = if said.is_empty() {
            String::new()
        } else {
            format!("; drafted the enumeration {} for a maintainer to name", said.join(", "))
        };
        Ok((text, said))
    }

    fn add_row(&self, d: &Difference) -> Result<(String, Said), String> {
        let (table, row) = self.row(&d.table, &d.item).ok_or("no such row")?;
        let owner = self
            .owners(&d.table)
            .into_iter()
            .next()
            .ok_or("the spec has no schema or parameters for this table")?;
        if !row.conditional.is_empty() {
            return Err(format!(
                "its description states a rule that holds only under a condition ({}): a maintainer states it",
                row.conditional.join("; ")
            ));
        }
        let description = Value::String(format!("{REWORD}{}", row.description.join("\n\n")));
        // The rows before and after it on the page that the spec has: where it goes.
        let pos = table.rows.iter().position(|r| r.name == row.name).unwrap_or(0);
        let before = table.rows[..pos].iter().rev().find_map(|r| self.item(&d.table, &r.name));
        let after = table.rows[pos + 1..].iter().find_map(|r| self.item(&d.table, &r.name));
        let loc = index(self.text)?;
        match owner {
            Owner::Parameters => {
                let place = match row.place {
                    Some(Place::Path) => "path",
                    Some(Place::Query) => "query",
                    Some(Place::Header) => "header",
                    None => return Err("the reader could not place the row".into()),
                };
                if place == "path" {
                    return Err("a new path parameter changes the URI: a maintainer decides".into());
                }
                let (schema, notes, enums) = self.drafted(row, true, true, &owner)?;
                let mut m = Mapping::new();
                let s = |v: &str| Value::String(v.to_string());
                m.insert(s("name"), s(&row.name));
                m.insert(s("in"), s(place));
                m.insert(s("required"), Value::Bool(row.mandatory == Some(true)));
                m.insert(s("x-page-table"), s(&d.table));
                m.insert(s("description"), description);
                m.insert(s("schema"), Value::Mapping(schema));
                let item = serde_yaml::to_string(&Value::Sequence(vec![Value::Mapping(m)]))
                    .unwrap_or_default();
                let params = self.op_path.key("parameters");
                let (at, dash) = match (before, after) {
                    (Some((p, _, _)), _) => (
                        range(&loc, &p).ok_or("no span")?.1,
                        loc.get(&p).map_or(0, |x| x.column - 3),
                    ),
                    (None, Some((p, _, _))) => (
                        loc.get(&p).ok_or("no position")?.line - 1,
                        loc.get(&p).map_or(0, |x| x.column - 3),
                    ),
                    (None, None) => {
                        let last = self
                            .op
                            .parameters
                            .len()
                            .checked_sub(1)
                            .ok_or("the operation has no parameters to place it among")?;
                        let p = params.index(last);
                        (
                            range(&loc, &p).ok_or("no span")?.1,
                            loc.get(&p).map_or(0, |x| x.column - 3),
                        )
                    }
                };
                let new = item.lines().map(|l| format!("{}{l}", " ".repeat(dash))).collect();
                let t = splice(self.text, at, at, new);
                let (t, enums) = self.with_enums(t, &owner, &row.name, &d.table, &enums)?;
                Ok((
                    t,
                    Said::Applied(format!(
                        "{} `{}`: added as a {place} parameter{}{enums}",
                        d.table,
                        d.item,
                        noted(&notes)
                    )),
                ))
            }
            Owner::Component(c, request) => {
                let (schema, notes, enums) =
                    self.drafted(row, request, false, &Owner::Component(c.clone(), request))?;
                let mut m = Mapping::new();
                m.insert(Value::String("description".into()), description);
                m.extend(schema);
                if let (false, Some(yes)) = (request, row.mandatory) {
                    m.insert(Value::String("x-page-mandatory".into()), Value::Bool(yes));
                }
                let props = component_path(&c).key("properties");
                let same = |p: &YamlPath| p.as_str().starts_with(props.as_str());
                let (at, indent) =
                    match (before.filter(|(p, _, _)| same(p)), after.filter(|(p, _, _)| same(p))) {
                        (Some((p, _, _)), _) => (
                            range(&loc, &p).ok_or("no span")?.1,
                            loc.get(&p).map_or(0, |x| x.column - 1),
                        ),
                        (None, Some((p, _, _))) => (
                            loc.get(&p).ok_or("no position")?.line - 1,
                            loc.get(&p).map_or(0, |x| x.column - 1),
                        ),
                        (None, None) => {
                            let kids = loc.children(&props);
                            let (k, p) = kids
                                .last()
                                .ok_or("the schema has no properties to place it among")?;
                            (range(&loc, &props.key(k)).ok_or("no span")?.1, p.column - 1)
                        }
                    };
                let mut t =
                    splice(self.text, at, at, render(&row.name, &Value::Mapping(m), indent));
                if request && row.mandatory == Some(true) {
                    let mut list = self
                        .doc
                        .components
                        .schemas
                        .get(&c)
                        .map(|s| s.required.clone())
                        .unwrap_or_default();
                    list.push(row.name.clone());
                    t = set_list(&t, &component_path(&c), "required", &list, OBJECT_ORDER)?;
                }
                let (t, enums) = self.with_enums(
                    t,
                    &Owner::Component(c.clone(), request),
                    &row.name,
                    &d.table,
                    &enums,
                )?;
                Ok((
                    t,
                    Said::Applied(format!(
                        "{} `{}`: added to `{c}`{}{enums}",
                        d.table,
                        d.item,
                        noted(&notes)
                    )),
                ))
            }
        }
    }

    fn remove_row(&self, d: &Difference) -> Result<(String, Said), String> {
        let (path, _, owner) = self.item(&d.table, &d.item).ok_or("the item is not in the spec")?;
        let loc = index(self.text)?;
        let own = range(&loc, &path).ok_or("no span")?;
        match owner {
            Owner::Parameters => {
                let p = self
                    .op
                    .parameters
                    .iter()
                    .find(|p| p.name == d.item)
                    .ok_or("no such parameter")?;
                if matches!(p.location, crate::model::ParameterLocation::Path) {
                    return Err("a path parameter: the URI has it, a maintainer decides".into());
                }
                let op = range(&loc, &self.op_path).ok_or("no span")?;
                let params = range(&loc, &self.op_path.key("parameters")).ok_or("no span")?;
                if let Some(l) = names_word(&text_outside(self.text, op, &[params]), &d.item) {
                    let _ = l;
                    return Err("the operation names it elsewhere (a rule, a paging or waiter setting, a note): a maintainer decides".into());
                }
                Ok((splice(self.text, own.0, own.1, Vec::new()), Say::removed(d)))
            }
            Owner::Component(c, _) => {
                let comp = range(&loc, &component_path(&c)).ok_or("no span")?;
                let props = range(&loc, &component_path(&c).key("properties")).ok_or("no span")?;
                let required = range(&loc, &component_path(&c).key("required")).unwrap_or((0, 0));
                if names_word(&text_outside(self.text, comp, &[props, required]), &d.item).is_some()
                {
                    return Err(format!("`{c}` names it outside its properties (a rule between fields): a maintainer decides"));
                }
                let mut t = splice(self.text, own.0, own.1, Vec::new());
                let list = self
                    .doc
                    .components
                    .schemas
                    .get(&c)
                    .map(|s| s.required.clone())
                    .unwrap_or_default();
                if list.contains(&d.item) {
                    let rest: Vec<String> = list.into_iter().filter(|n| *n != d.item).collect();
                    t = set_list(&t, &component_path(&c), "required", &rest, OBJECT_ORDER)?;
                }
                Ok((t, Say::removed(d)))
            }
        }
    }

    fn retype(&self, d: &Difference) -> Result<(String, Said), String> {
        self.redraft(d, &format!("the type is now {}", d.page_says))
    }

    /// The item's schema drafted afresh from its row, as `import` drafts it (`said`: what
    /// changed, in words): its type and constraint keys replaced, anything else (description,
    /// extensions) kept; a new enumeration drafted; the examples that now contradict their table
    /// recorded as `import` records them.
    fn redraft(&self, d: &Difference, said: &str) -> Result<(String, Said), String> {
        let (_, row) = self.row(&d.table, &d.item).ok_or("no such row")?;
        let (_, schema_path, owner) =
            self.item(&d.table, &d.item).ok_or("the item is not in the spec")?;
        let schema = self.schema_at(&schema_path, &owner).ok_or("no schema")?;
        if schema.erratum.is_some() {
            return Err(
                "the spec records an erratum about this item, and the page now says another type: the erratum's reason may no longer hold".into()
            );
        }
        let is_object = |n: &str| {
            self.doc.components.schemas.get(n).is_some_and(|c| c.type_.as_deref() == Some("object"))
        };
        if ref_name(schema).is_some_and(is_object)
            || schema.items.as_deref().and_then(ref_name).is_some_and(is_object)
        {
            return Err(
                "the spec's type is an object schema: a maintainer decides what becomes of it"
                    .into(),
            );
        }
        let request = !matches!(owner, Owner::Component(_, false));
        let for_query = matches!(owner, Owner::Parameters);
        let (new, notes, enums) = self.drafted(row, request, for_query, &owner)?;
        let mut t = self.text.to_string();
        for k in TYPE_KEYS {
            if !new.contains_key(*k) {
                t = remove_key(&t, &schema_path, k)?;
            }
        }
        for (k, v) in &new {
            t = set_key(&t, &schema_path, k.as_str().unwrap_or_default(), v, SCHEMA_ORDER)?;
        }
        let (t, enums) = self.with_enums(t, &owner, &d.item, &d.table, &enums)?;
        let (t, contradicted) = self.examples_held_to_tables(t, &owner, &d.item)?;
        let how = if contradicted.is_empty() {
            String::new()
        } else {
            format!(
                "; the example(s) now contradicting their table kept as printed in `x-erratum`: {}",
                contradicted.join("; ")
            )
        };
        Ok((
            t,
            Said::Applied(format!("{} `{}`: {said}{}{enums}{how}", d.table, d.item, noted(&notes))),
        ))
    }

    /// `text` (the spec after a change of `field`'s schema, held by `owner`) with each example
    /// of the operation that now contradicts its table recorded as `import` records one: the
    /// value with the contradicting members taken out, the example as printed in `x-erratum`.
    /// Refused where the example already records an erratum (its reason may no longer hold)
    /// and where `import` would read the field both ways instead (a response example printing
    /// it as another JSON type). Returns the new text and what contradicts, one line each.
    fn examples_held_to_tables(
        &self,
        mut text: String,
        owner: &Owner,
        field: &str,
    ) -> Result<(String, Vec<String>), String> {
        let mut bodies: Vec<(YamlPath, &indexmap::IndexMap<String, crate::model::MediaType>)> =
            Vec::new();
        if let Some(rb) = &self.op.request_body {
            bodies.push((self.op_path.key("requestBody"), &rb.content));
        }
        for (code, r) in &self.op.responses {
            bodies.push((self.op_path.key("responses").key(code), &r.content));
        }
        let mut said = Vec::new();
        for (at, content) in bodies {
            for (mt, media) in content {
                let media_path = at.key("content").key(mt);
                for (name, ex) in &media.examples {
                    let schema = self.media_schema_yaml(&text, &media_path)?;
                    let schemas = schemas_yaml(&text)?;
                    if let Owner::Component(c, false) = owner {
                        let mut marks = Vec::new();
                        super::import::both_ways(&ex.value, &schema, &schemas, None, &mut marks);
                        if marks.iter().any(|m| m.component == *c && m.field == field) {
                            return Err(format!(
                                "the example `{name}` prints `{field}` as another JSON type than the page's type: `import` reads such a field both ways (`x-example-types`, with an erratum): a maintainer records it"
                            ));
                        }
                    }
                    let why = match super::import::checked_example(&ex.value, &schema, &schemas) {
                        Some((_, why)) => why,
                        None => return Err(format!("the example `{name}` would lack a mandatory field: a maintainer decides")),
                    };
                    if why.is_empty() {
                        continue;
                    }
                    if ex.erratum.is_some() {
                        return Err(format!(
                            "the example `{name}` records an erratum and now contradicts its table again: the erratum's reason may no longer hold"
                        ));
                    }
                    let ex_path = media_path.key("examples").key(name);
                    let (t, why) =
                        self.held_to_table(&text, &media_path, &ex_path, &ex.value, None)?;
                    text = t;
                    said.push(format!("`{name}`: {}", why.join("; ")));
                }
            }
        }
        Ok((text, said))
    }

    fn constraint(&self, d: &Difference) -> Result<(String, Said), String> {
        let (_, row) = self.row(&d.table, &d.item).ok_or("no such row")?;
        let (_, schema_path, owner) =
            self.item(&d.table, &d.item).ok_or("the item is not in the spec")?;
        let schema = self.schema_at(&schema_path, &owner).ok_or("no schema")?;
        let c = &row.constraints;
        let num = |v: Option<i64>| v.map(|n| Value::Number(n.into()));
        let unum = |v: Option<u64>| v.map(|n| Value::Number(n.into()));
        let keys: Vec<(&str, Option<Value>)> = match d.aspect.as_str() {
            "value range" => vec![("minimum", num(c.minimum)), ("maximum", num(c.maximum))],
            "length" => vec![("minLength", unum(c.min_length)), ("maxLength", unum(c.max_length))],
            "pattern" => vec![("pattern", c.pattern.clone().map(Value::String))],
            _ => {
                let ty = match ref_name(schema) {
                    Some(n) => self.doc.components.schemas.get(n).and_then(|c| c.type_.clone()),
                    None => schema.type_.clone(),
                };
                let value = match &c.default {
                    None => None,
                    Some(v) => Some(
                        match ty.as_deref() {
                            Some("integer") => {
                                v.parse::<i64>().ok().map(|n| Value::Number(n.into()))
                            }
                            Some("number") => {
                                v.parse::<f64>().ok().map(|n| Value::Number(n.into()))
                            }
                            Some("boolean") => v.parse::<bool>().ok().map(Value::Bool),
                            Some("string") => Some(Value::String(v.clone())),
                            _ => None,
                        }
                        .ok_or(format!(
                            "the default `{v}` does not fit the spec's type: a maintainer decides"
                        ))?,
                    ),
                };
                vec![("default", value)]
            }
        };
        let mut t = self.text.to_string();
        for (k, v) in keys {
            t = match v {
                Some(v) => set_key(&t, &schema_path, k, &v, SCHEMA_ORDER)?,
                None => remove_key(&t, &schema_path, k)?,
            };
        }
        Ok((
            t,
            Said::Applied(format!("{} `{}`: {} is now {}", d.table, d.item, d.aspect, d.page_says)),
        ))
    }

    fn values(&self, d: &Difference) -> Result<(String, Said), String> {
        let (_, row) = self.row(&d.table, &d.item).ok_or("no such row")?;
        let (_, schema_path, owner) =
            self.item(&d.table, &d.item).ok_or("the item is not in the spec")?;
        let schema = self.schema_at(&schema_path, &owner).ok_or("no schema")?;
        let values = &row.constraints.values;
        if values.is_empty() {
            return Err("the page lists no values now: a maintainer decides what becomes of the enumeration".into());
        }
        let (target, enum_schema) = match ref_name(schema) {
            Some(n) => {
                let uses = self.text.matches(&format!("#/components/schemas/{n}'")).count()
                    + self.text.matches(&format!("#/components/schemas/{n}\"")).count();
                if uses > 1 {
                    return Err(format!("the enumeration `{n}` is used by other fields too: a maintainer decides whether to split it"));
                }
                (
                    component_path(n),
                    self.doc.components.schemas.get(n).ok_or("no such enumeration")?,
                )
            }
            None if schema.enum_.is_some() => (schema_path, schema),
            // Listed values for the first time: the schema `import` drafts, with a new
            // enumeration named as `import` names one, for a maintainer to review.
            None => return self.redraft(d, &format!("the listed values are now {}", d.page_says)),
        };
        let mut t = set_list(self.text, &target, "enum", values, SCHEMA_ORDER)?;
        // Where the spec describes each value (`x-enum-descriptions`): a value no longer listed
        // loses its entry, a new one gets the page's words for it, marked for rewording.
        let described = &enum_schema.enum_descriptions;
        let mut drafted = Vec::new();
        if !described.is_empty() {
            let map = target.key("x-enum-descriptions");
            for gone in described.keys().filter(|k| !values.contains(k)) {
                t = remove_key(&t, &map, gone)?;
            }
            let order: Vec<&str> = values.iter().map(String::as_str).collect();
            for new in values.iter().filter(|v| !described.contains_key(*v)) {
                let words = value_words(&row.description, new).map_or_else(
                    || format!("{REWORD}the page lists `{new}` without words for it"),
                    |w| format!("{REWORD}{w}"),
                );
                let loc = index(&t)?;
                let (at, indent) = insertion(&loc, &t, &map, new, &order)?;
                t = splice(&t, at, at, render(new, &Value::String(words), indent));
                drafted.push(format!("`{new}`"));
            }
        }
        let drafted = if drafted.is_empty() {
            String::new()
        } else {
            format!(
                "; drafted `x-enum-descriptions` of {} for a maintainer to reword",
                drafted.join(", ")
            )
        };
        Ok((
            t,
            Said::Applied(format!(
                "{} `{}`: the listed values are now {}{drafted}",
                d.table, d.item, d.page_says
            )),
        ))
    }

    /// An example changed (`add`: added) to what the page prints.
    fn example(&self, d: &Difference, add: bool) -> Result<(String, Said), String> {
        let (media, name, page_ex) =
            self.example_target(&d.item).ok_or("the example is not in the spec")?;
        let page_ex = page_ex.ok_or("the page's example is not found")?;
        let loc = index(self.text)?;
        if loc.get(&media).is_none() {
            return Err(
                "the spec documents no body there: a maintainer adds its schema first".into()
            );
        }
        let (ex_path, t) = if add {
            let taken: Vec<String> =
                loc.children(&media.key("examples")).into_iter().map(|(k, _)| k).collect();
            let mut name = "page-example".to_string();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("page-example-{n}");
                n += 1;
            }
            let mut m = Mapping::new();
            if let Some(c) = &page_ex.caption {
                m.insert(Value::String("summary".into()), Value::String(c.clone()));
            }
            m.insert(Value::String("value".into()), Value::Null);
            let t = if taken.is_empty() {
                let mut examples = Mapping::new();
                examples.insert(Value::String(name.clone()), Value::Mapping(m));
                set_key(self.text, &media, "examples", &Value::Mapping(examples), MEDIA_ORDER)?
            } else {
                let examples = media.key("examples");
                let (k, p) = loc.children(&examples).last().cloned().ok_or("no examples")?;
                let end = range(&loc, &examples.key(&k)).ok_or("no span")?.1;
                splice(self.text, end, end, render(&name, &Value::Mapping(m), p.column - 1))
            };
            (media.key("examples").key(&name), t)
        } else {
            let name = name.ok_or("the spec's example has no name")?;
            let ex = media.key("examples").key(&name);
            let spec_ex =
                self.spec_example(&media, &name).ok_or("the example is not in the spec")?;
            if spec_ex.erratum.is_some() {
                return Err(
                    "the spec records an erratum about this example, and the page now prints another: the erratum's reason may no longer hold".into(),
                );
            }
            (ex, self.text.to_string())
        };
        // Held to its table as `import` holds a page's example.
        let (t, why) =
            self.held_to_table(&t, &media, &ex_path, &page_ex.value, Some(&page_ex.text))?;
        let how = if why.is_empty() {
            String::new()
        } else {
            format!(
                " (it contradicts its table: kept as printed in `x-erratum`: {})",
                why.join("; ")
            )
        };
        Ok((
            t,
            Said::Applied(format!(
                "examples: {} {}{how}",
                d.item,
                if add { "added" } else { "changed" }
            )),
        ))
    }

    /// `text` with the example at `ex_path` (under the media type `media`) set to what `import`
    /// keeps of the page's example `printed`: the example itself where it agrees with its table
    /// (as the page prints it, `printed_text`, when given), else the value with the contradicting
    /// members taken out and the page's example kept in `x-erratum`; and why it differs (empty
    /// when it does not).
    fn held_to_table(
        &self,
        text: &str,
        media: &YamlPath,
        ex_path: &YamlPath,
        printed: &Json,
        printed_text: Option<&str>,
    ) -> Result<(String, Vec<String>), String> {
        let schema_yaml = self.media_schema_yaml(text, media)?;
        let schemas = schemas_yaml(text)?;
        let (kept, why) = super::import::checked_example(printed, &schema_yaml, &schemas)
            .ok_or("the example lacks a mandatory field its table states no default or values for: a maintainer keeps it in an open point")?;
        let loc = index(text)?;
        let indent = loc
            .get(&ex_path.key("value"))
            .map(|p| p.column - 1)
            .ok_or("the example has no value")?;
        let (start, end) = range(&loc, &ex_path.key("value")).ok_or("no span")?;
        let body = match printed_text {
            Some(verbatim) if why.is_empty() => verbatim.trim().to_string(),
            _ => serde_json::to_string_pretty(&kept).unwrap_or_default(),
        };
        let mut new = vec![format!("{}value:", " ".repeat(indent))];
        new.extend(body.lines().map(|l| format!("{}{}", " ".repeat(indent + 2), l.trim_end())));
        let mut t = splice(text, start, end, new);
        if why.is_empty() {
            t = remove_key(&t, ex_path, "x-erratum")?;
        } else {
            let mut e = Mapping::new();
            e.insert(Value::String("page-says".into()), Value::String(printed.to_string()));
            e.insert(
                Value::String("reason".into()),
                Value::String(format!("The example contradicts its table: {}.", why.join("; "))),
            );
            t = set_key(&t, ex_path, "x-erratum", &Value::Mapping(e), EXAMPLE_ORDER)?;
        }
        Ok((t, why))
    }

    fn remove_example(&self, d: &Difference) -> Result<(String, Said), String> {
        let (media, name, _) =
            self.example_target(&d.item).ok_or("the example is not in the spec")?;
        let name = name.ok_or("the spec's example has no name")?;
        let loc = index(self.text)?;
        let only = loc.children(&media.key("examples")).len() == 1;
        let t = if only {
            remove_key(self.text, &media, "examples")?
        } else {
            remove_key(self.text, &media.key("examples"), &name)?
        };
        Ok((t, Said::Applied(format!("examples: {} removed", d.item))))
    }

    fn example_erratum(&self, d: &Difference) -> Result<(String, Said), String> {
        if let Some(i) = self.op.parameters.iter().position(|p| p.name == d.item) {
            let t = remove_key(self.text, &self.op_path.key("parameters").index(i), "x-erratum")?;
            return Ok((
                t,
                Said::Erratum(format!(
                    "examples: `{}`: the example URL is fixed: its erratum is removed",
                    d.item
                )),
            ));
        }
        let (media, name, _) =
            self.example_target(&d.item).ok_or("the example is not in the spec")?;
        let name = name.ok_or("the spec's example has no name")?;
        let t = remove_key(self.text, &media.key("examples").key(&name), "x-erratum")?;
        Ok((
            t,
            Said::Erratum(format!(
                "examples: {}: the page prints the corrected example: its erratum is removed",
                d.item
            )),
        ))
    }

    fn spec_example(&self, media: &YamlPath, name: &str) -> Option<&crate::model::Example> {
        let mt = media.as_str().rsplit('.').next()?;
        let in_body = media.as_str().contains(".requestBody.");
        let content = if in_body {
            &self.op.request_body.as_ref()?.content
        } else {
            let code = media.as_str().split(".responses.").nth(1)?.split('.').next()?;
            &self.op.responses.get(code)?.content
        };
        content.get(mt)?.examples.get(name)
    }

    /// The schema of the media type at `media` in `text`, as YAML.
    fn media_schema_yaml(&self, text: &str, media: &YamlPath) -> Result<Mapping, String> {
        let v: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        let mut at = &v;
        // The path's keys: paths, the URI (which may hold dots only inside braces), ...
        let op = self.op_path.as_str();
        let rest = media.as_str().strip_prefix(op).unwrap_or_default().trim_start_matches('.');
        let (uri, method) =
            (self.op_path.parent(), self.op_path.as_str().rsplit('.').next().unwrap_or_default());
        let uri = uri.as_str().strip_prefix("paths.").unwrap_or_default();
        at = at
            .get("paths")
            .and_then(|p| p.get(uri))
            .and_then(|p| p.get(method))
            .ok_or("no operation")?;
        let (head, mt) = rest.split_once(".content.").ok_or("no content")?;
        for k in head.split('.') {
            at = at.get(k).ok_or("no such node")?;
        }
        at.get("content")
            .and_then(|c| c.get(mt))
            .and_then(|m| m.get("schema"))
            .and_then(Value::as_mapping)
            .cloned()
            .ok_or_else(|| "no schema".into())
    }
}

struct Say;

impl Say {
    fn removed(d: &Difference) -> Said {
        Said::Applied(format!("{} `{}`: removed", d.table, d.item))
    }
}

fn noted(notes: &[String]) -> String {
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    }
}

/// The page's words for the listed value `value` in a row's description: the rest of a line
/// (or bullet) that starts with the value and a colon or a dash (`• snapshot: indicates ...`).
fn value_words(description: &[String], value: &str) -> Option<String> {
    description.iter().flat_map(|p| p.lines()).find_map(|line| {
        let item = line.trim_start().trim_start_matches(['•', '-', '*', '·']).trim_start();
        let item = item
            .strip_prefix('"')
            .and_then(|i| i.strip_prefix(value))
            .and_then(|i| i.strip_prefix('"'))
            .or_else(|| item.strip_prefix(value))?;
        let rest = item.trim_start();
        let words = rest
            .strip_prefix(':')
            .or_else(|| rest.strip_prefix('：'))
            .or_else(|| rest.strip_prefix("- "))
            .or_else(|| rest.strip_prefix("– "))?;
        let words = words.trim();
        (!words.is_empty()).then(|| words.to_string())
    })
}

/// The component schemas of the spec `text`, as YAML.
fn schemas_yaml(text: &str) -> Result<Mapping, String> {
    let v: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    Ok(v.get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default())
}

fn component_path(name: &str) -> YamlPath {
    YamlPath::root().key("components").key("schemas").key(name)
}

/// Whether the repository keeps the page an operation's `x-source.page` names (under
/// `spec/sources/`), so that `update` saves the new page over it.
pub fn page_is_kept(source_page: &str) -> bool {
    source_page.starts_with("sources/")
}

/// The 1-based lines of `old` taken out and of `new` put in, from a line diff.
pub fn changed_lines(old: &str, new: &str) -> (Vec<usize>, Vec<usize>) {
    let mut out = (Vec::new(), Vec::new());
    for change in similar::TextDiff::from_lines(old, new).iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Delete => out.0.extend(change.old_index().map(|i| i + 1)),
            similar::ChangeTag::Insert => out.1.extend(change.new_index().map(|j| j + 1)),
            similar::ChangeTag::Equal => {}
        }
    }
    out
}

/// A unified diff (three lines of context) of `old` and `new`, both named `name`; empty when
/// they are the same.
pub fn unified_diff(old: &str, new: &str, name: &str) -> String {
    if old == new {
        return String::new();
    }
    let diff = similar::TextDiff::from_lines(old, new);
    diff.unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::indent_sequences;

    #[test]
    fn a_block_sequence_is_indented_under_its_key_and_a_block_scalar_is_left_as_written() {
        let yaml = "a:\n- x: 1\n  y: 2\n- z\nb: |-\n  Values:\n  - one\nc: 3\n";
        let out = indent_sequences(yaml.lines()).join("\n");
        assert_eq!(out, "a:\n  - x: 1\n    y: 2\n  - z\nb: |-\n  Values:\n  - one\nc: 3");
        let back: serde_yaml::Value = serde_yaml::from_str(&out).expect("YAML");
        assert_eq!(back, serde_yaml::from_str::<serde_yaml::Value>(yaml).expect("YAML"));
    }
}
