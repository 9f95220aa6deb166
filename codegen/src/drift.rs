//! Compares a page's tables with the spec, row by row: every parameter and field present on
//! both sides, with the same Mandatory flag and the same type as the page words it.
//!
//! The spec records where each item came from (`x-page-table`), and the page's wording of a
//! type where the spec's own type does not say it (`x-page-type`), so the comparison needs no
//! table of special cases.

use std::collections::BTreeSet;
use std::fmt;

use crate::model::{Document, Operation, Schema};
use crate::pages::{Page, Table};

/// One way the page and the spec disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The page's file name.
    pub page: String,
    /// The table's title, or `URI` for the operation itself.
    pub table: String,
    /// The parameter or field, or the table as a whole (empty).
    pub item: String,
    /// What differs: `present`, `mandatory`, `type`, `method`, `uri`.
    pub aspect: String,
    /// What the page says.
    pub page_says: String,
    /// What the spec says.
    pub spec_says: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let item = if self.item.is_empty() { String::new() } else { format!(" `{}`", self.item) };
        write!(f, "{}: {}{item}: {}: the page says {}, the spec says {}", self.page, self.table, self.aspect, self.page_says, self.spec_says)
    }
}

/// What was compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Tables compared.
    pub tables: usize,
    /// Rows compared.
    pub items: usize,
}

struct SpecItem {
    name: String,
    mandatory: Option<bool>,
    page_type: String,
}

fn ref_name(s: &Schema) -> Option<&str> {
    let r = s.reference.as_deref().or_else(|| s.all_of.first().and_then(|a| a.reference.as_deref()))?;
    r.rsplit('/').next()
}

/// The type as the page would word it.
fn page_type(s: &Schema) -> String {
    if let Some(t) = &s.page_type {
        return t.clone();
    }
    if let Some(n) = ref_name(s) {
        return format!("{n} object");
    }
    match s.type_.as_deref() {
        Some("array") => match s.items.as_deref() {
            Some(items) => match ref_name(items) {
                Some(n) => format!("Array of {n} objects"),
                None => format!("Array of {}s", items.type_.as_deref().unwrap_or("value")),
            },
            None => "Array".into(),
        },
        Some(t) => {
            let mut c = t.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        }
        None => "(none)".into(),
    }
}

fn component<'a>(doc: &'a Document, s: &Schema) -> Option<(&'a str, &'a Schema)> {
    let n = ref_name(s)?;
    doc.components.schemas.get_key_value(n).map(|(k, v)| (k.as_str(), v))
}

fn properties(s: &Schema, with_mandatory: bool) -> Vec<SpecItem> {
    s.properties
        .iter()
        .flatten()
        .map(|(name, p)| SpecItem {
            name: name.clone(),
            mandatory: with_mandatory.then(|| s.required.contains(name)),
            page_type: page_type(p),
        })
        .collect()
}

/// The object components reachable from the body schema `s` (itself included).
fn reachable<'a>(doc: &'a Document, s: &Schema, out: &mut Vec<(&'a str, &'a Schema)>) {
    let Some((name, c)) = component(doc, s) else { return };
    if out.iter().any(|(m, _)| *m == name) {
        return;
    }
    out.push((name, c));
    for p in c.properties.iter().flatten().map(|(_, p)| p) {
        reachable(doc, p, out);
        if let Some(items) = p.items.as_deref() {
            reachable(doc, items, out);
        }
    }
}

/// Every table the spec says this operation's page has, with its items.
fn spec_tables(doc: &Document, op: &Operation) -> Vec<(String, Vec<SpecItem>)> {
    let mut tables: Vec<(String, Vec<SpecItem>)> = Vec::new();
    let mut add = |title: &Option<String>, items: Vec<SpecItem>| {
        let Some(t) = title else { return };
        match tables.iter_mut().find(|(x, _)| x == t) {
            Some((_, existing)) => existing.extend(items),
            None => tables.push((t.clone(), items)),
        }
    };
    for p in &op.parameters {
        add(&p.page_table, vec![SpecItem { name: p.name.clone(), mandatory: Some(p.required), page_type: page_type(&p.schema) }]);
    }
    let mut request_components = Vec::new();
    if let Some(rb) = &op.request_body {
        for mt in rb.content.values() {
            if let Some((_, c)) = component(doc, &mt.schema) {
                add(&rb.page_table, properties(c, true));
            }
            reachable(doc, &mt.schema, &mut request_components);
        }
    }
    let mut response_components = Vec::new();
    for r in op.responses.values() {
        for mt in r.content.values() {
            if let Some((_, c)) = component(doc, &mt.schema) {
                add(&r.page_table, properties(c, false));
            }
            reachable(doc, &mt.schema, &mut response_components);
        }
    }
    // Named object tables below the bodies (a body's own table was added above).
    let own: BTreeSet<String> = op
        .request_body
        .iter()
        .flat_map(|rb| rb.content.values())
        .chain(op.responses.values().flat_map(|r| r.content.values()))
        .filter_map(|mt| ref_name(&mt.schema).map(str::to_string))
        .collect();
    for (list, mandatory) in [(request_components, true), (response_components, false)] {
        for (name, c) in list {
            if own.contains(name) || c.type_.as_deref() != Some("object") {
                continue;
            }
            add(&c.page_table, properties(c, mandatory));
        }
    }
    tables
}

/// The operation a page describes: the one whose `x-source.page` names the page's file, else
/// the one with the page's method and URI.
fn find_operation<'a>(doc: &'a Document, file: &str, page: &Page) -> Option<(String, String, &'a Operation)> {
    let mut by_uri = None;
    for (path, item) in &doc.paths {
        for (method, op) in item.operations() {
            if op.source.page.rsplit('/').next() == Some(file) {
                return Some((method.to_uppercase(), path.clone(), op));
            }
            if method.eq_ignore_ascii_case(&page.method) && path == &page.uri {
                by_uri = Some((method.to_uppercase(), path.clone(), op));
            }
        }
    }
    by_uri
}

/// Compare `page` (saved as `file`) with `doc`.
pub fn compare(file: &str, page: &Page, doc: &Document) -> (Vec<Difference>, Summary) {
    let mut diffs = Vec::new();
    let mut summary = Summary::default();
    let diff = |table: &str, item: &str, aspect: &str, page_says: String, spec_says: String| Difference {
        page: file.to_string(),
        table: table.to_string(),
        item: item.to_string(),
        aspect: aspect.to_string(),
        page_says,
        spec_says,
    };
    let Some((method, path, op)) = find_operation(doc, file, page) else {
        diffs.push(diff("URI", "", "present", format!("`{} {}`", page.method, page.uri), "no such operation".into()));
        return (diffs, summary);
    };
    if method != page.method {
        diffs.push(diff("URI", "", "method", format!("`{}`", page.method), format!("`{method}`")));
    }
    if path != page.uri {
        diffs.push(diff("URI", "", "uri", format!("`{}`", page.uri), format!("`{path}`")));
    }
    let spec = spec_tables(doc, op);
    for table in &page.tables {
        summary.tables += 1;
        match spec.iter().find(|(t, _)| t == &table.title) {
            None => diffs.push(diff(&table.title, "", "present", "this table".into(), "no item from it".into())),
            Some((_, items)) => compare_table(table, items, &mut diffs, &mut summary, &diff),
        }
    }
    for (t, _) in &spec {
        if !page.tables.iter().any(|p| &p.title == t) {
            diffs.push(diff(t, "", "present", "no such table".into(), "items from it".into()));
        }
    }
    (diffs, summary)
}

fn compare_table(
    table: &Table,
    items: &[SpecItem],
    diffs: &mut Vec<Difference>,
    summary: &mut Summary,
    diff: &dyn Fn(&str, &str, &str, String, String) -> Difference,
) {
    let yes_no = |b: bool| if b { "Yes" } else { "No" }.to_string();
    for row in &table.rows {
        summary.items += 1;
        let Some(item) = items.iter().find(|i| i.name == row.name) else {
            diffs.push(diff(&table.title, &row.name, "present", format!("a row (line {})", row.line), "no such item".into()));
            continue;
        };
        if let (Some(p), Some(s)) = (row.mandatory, item.mandatory) {
            if p != s {
                diffs.push(diff(&table.title, &row.name, "mandatory", yes_no(p), yes_no(s)));
            }
        }
        if let Some(t) = &row.ty {
            if t != &item.page_type {
                diffs.push(diff(&table.title, &row.name, "type", format!("`{t}`"), format!("`{}`", item.page_type)));
            }
        }
    }
    for item in items {
        if !table.rows.iter().any(|r| r.name == item.name) {
            diffs.push(diff(&table.title, &item.name, "present", "no such row".into(), "an item".into()));
        }
    }
}
