//! Compares a documentation page with the spec, item by item: the method and URI; every
//! parameter and field (present, Mandatory flag, type as the page words it, value range,
//! default, listed values); every example, as JSON; every documented status code.
//!
//! The spec records where each item came from (`x-page-table`) and the page's wording of a
//! type where its own type does not say it (`x-page-type`), so the comparison needs no table of
//! special cases. Errata (`x-erratum`) are known differences and are not reported, unless the
//! page no longer says what the erratum records: then the erratum itself is reported.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use super::page::{Page, Role, Row, Table, Unread};
use crate::model::{Document, Erratum, Operation, Schema};

/// One way the page and the spec disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The page's file name.
    pub page: String,
    /// The table's title, or `URI`, `examples`, `status codes`.
    pub table: String,
    /// The parameter, field or example; empty for the table as a whole.
    pub item: String,
    /// What differs: `present`, `renamed`, `mandatory`, `type`, `value range`, `default`,
    /// `values`, `method`, `uri`, `example`, `status`, `erratum`.
    pub aspect: String,
    /// What the page says.
    pub page_says: String,
    /// What the spec says.
    pub spec_says: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let item = if self.item.is_empty() { String::new() } else { format!(" `{}`", self.item) };
        write!(
            f,
            "{}: {}{item}: {}: the page says {}, the spec says {}",
            self.page, self.table, self.aspect, self.page_says, self.spec_says
        )
    }
}

/// What was compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Pages compared.
    pub pages: usize,
    /// Tables compared.
    pub tables: usize,
    /// Rows compared.
    pub items: usize,
    /// Examples compared.
    pub examples: usize,
    /// Status codes compared.
    pub statuses: usize,
    /// Things on the pages the reader could not read, so not compared.
    pub not_compared: usize,
}

impl Summary {
    /// Add another summary's counts.
    pub fn add(&mut self, other: Summary) {
        self.pages += other.pages;
        self.tables += other.tables;
        self.items += other.items;
        self.examples += other.examples;
        self.statuses += other.statuses;
        self.not_compared += other.not_compared;
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} pages, {} tables, {} items, {} examples, {} status codes compared: no difference",
            self.pages, self.tables, self.items, self.examples, self.statuses
        )?;
        if self.not_compared > 0 {
            let things = if self.not_compared == 1 { "thing" } else { "things" };
            write!(
                f,
                "; {} {things} the reader could not read, not compared (listed above)",
                self.not_compared
            )?;
        }
        Ok(())
    }
}

/// One spec item, in the terms a page uses.
#[derive(Debug, Clone)]
struct SpecItem {
    name: String,
    mandatory: Option<bool>,
    page_type: String,
    /// The type derived from the schema alone (ignoring `x-page-type`).
    own_type: String,
    erratum: Option<Erratum>,
    minimum: Option<i64>,
    maximum: Option<i64>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<String>,
    default: Option<String>,
    values: Vec<String>,
}

/// The component a schema names, by `$ref` or `allOf: [$ref]`.
pub(crate) fn ref_name(s: &Schema) -> Option<&str> {
    let r =
        s.reference.as_deref().or_else(|| s.all_of.first().and_then(|a| a.reference.as_deref()))?;
    r.rsplit('/').next()
}

fn component<'a>(doc: &'a Document, s: &Schema) -> Option<(&'a str, &'a Schema)> {
    let n = ref_name(s)?;
    doc.components.schemas.get_key_value(n).map(|(k, v)| (k.as_str(), v))
}

/// The type as the page would word it, from the schema alone.
fn own_type(doc: &Document, s: &Schema) -> String {
    page_words(s, &|n| {
        doc.components.schemas.get(n).is_some_and(|c| c.type_.as_deref() == Some("string"))
    })
}

/// How a page words the type of `s` (`String`, `X object`, `Array of X objects`); `is_enum`
/// says whether a referenced component is an enum, which is a string on the page. The importer
/// uses it to know when a draft must record the page's own word (`x-page-type`).
pub fn page_words(s: &Schema, is_enum: &dyn Fn(&str) -> bool) -> String {
    if let Some(n) = ref_name(s) {
        return if is_enum(n) { "String".into() } else { format!("{n} object") };
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

fn item(
    doc: &Document,
    name: &str,
    s: &Schema,
    mandatory: Option<bool>,
    erratum: Option<&Erratum>,
) -> SpecItem {
    let own = own_type(doc, s);
    let values = match component(doc, s) {
        Some((_, c)) => {
            c.enum_.iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect()
        }
        None => s.enum_.iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect(),
    };
    SpecItem {
        name: name.to_string(),
        mandatory,
        page_type: s.page_type.clone().unwrap_or_else(|| own.clone()),
        own_type: own,
        erratum: erratum.or(s.erratum.as_ref()).cloned(),
        minimum: s.minimum.as_ref().and_then(serde_json::Number::as_i64),
        maximum: s.maximum.as_ref().and_then(serde_json::Number::as_i64),
        min_length: s.min_length,
        max_length: s.max_length,
        pattern: s.pattern.clone(),
        default: s.default.as_ref().map(|d| match d {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
        values,
    }
}

fn properties(doc: &Document, s: &Schema, with_mandatory: bool) -> Vec<SpecItem> {
    s.properties
        .iter()
        .flatten()
        .map(|(name, p)| {
            item(
                doc,
                name,
                p,
                if with_mandatory { Some(s.required.contains(name)) } else { p.page_mandatory },
                None,
            )
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
        // A parameter's erratum is about its example, not its type.
        add(&p.page_table, vec![item(doc, &p.name, &p.schema, Some(p.required), None)]);
    }
    let mut request_components = Vec::new();
    if let Some(rb) = &op.request_body {
        for mt in rb.content.values() {
            if let Some((_, c)) = component(doc, &mt.schema) {
                add(&rb.page_table, properties(doc, c, true));
            }
            reachable(doc, &mt.schema, &mut request_components);
        }
    }
    let mut response_components = Vec::new();
    for r in op.responses.values() {
        for mt in r.content.values() {
            if let Some((_, c)) = component(doc, &mt.schema) {
                add(&r.page_table, properties(doc, c, false));
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
            add(&c.page_table, properties(doc, c, mandatory));
        }
    }
    tables
}

/// The operation a page describes: the one whose `x-source.page` names the page's file, else
/// the one with the page's method and URI, else the one with the page's title.
pub fn find_operation<'a>(
    doc: &'a Document,
    file: &str,
    page: &Page,
) -> Option<(String, String, &'a Operation)> {
    let all: Vec<(String, String, &Operation)> = doc
        .paths
        .iter()
        .flat_map(|(path, item)| {
            item.operations().into_iter().map(move |(m, op)| (m.to_uppercase(), path.clone(), op))
        })
        .collect();
    let by = |f: &dyn Fn(&(String, String, &Operation)) -> bool| all.iter().find(|x| f(x)).cloned();
    by(&|(_, _, op)| op.source.page.rsplit('/').next() == Some(file))
        .or_else(|| by(&|(m, p, _)| m == &page.method && p == &page.uri))
        .or_else(|| by(&|(_, _, op)| op.source.title == page.title))
}

/// Compare `page` (saved as `file`) with `doc`. A page whose operation `doc` does not have is
/// one difference.
pub fn compare(file: &str, page: &Page, doc: &Document) -> (Vec<Difference>, Summary) {
    let mut out = Out { file, diffs: Vec::new() };
    let mut summary = Summary { pages: 1, ..Summary::default() };
    let Some((method, path, op)) = find_operation(doc, file, page) else {
        out.push(
            "URI",
            "",
            "present",
            format!("`{} {}`", page.method, page.uri),
            "no such operation".into(),
        );
        return (out.diffs, summary);
    };
    if method != page.method {
        out.push("URI", "", "method", format!("`{}`", page.method), format!("`{method}`"));
    }
    if path != page.uri {
        out.push("URI", "", "uri", format!("`{}`", page.uri), format!("`{path}`"));
    }
    let spec = spec_tables(doc, op);
    summary.not_compared = page.unread.len();
    // Tables the reader could not place, and rows it could not place, are in `page.unread`.
    let compared: Vec<Table> = page
        .tables
        .iter()
        .filter(|t| t.role != Role::Unplaced && !t.title.is_empty())
        .map(|t| {
            let mut t = t.clone();
            t.rows.retain(|r| t.role != Role::Parameters || r.place.is_some());
            t
        })
        .collect();
    for table in &compared {
        summary.tables += 1;
        summary.items += table.rows.len();
        match spec.iter().find(|(t, _)| t == &table.title) {
            None => {
                out.push(&table.title, "", "present", "this table".into(), "no item from it".into())
            }
            Some((_, items)) => compare_table(table, items, &mut out),
        }
    }
    for (t, _) in &spec {
        if !page.tables.iter().any(|p| &p.title == t) {
            out.push(t, "", "present", "no such table".into(), "items from it".into());
        }
    }
    summary.examples += compare_examples(page, op, &mut out);
    summary.statuses += compare_statuses(page, op, &mut out);
    (out.diffs, summary)
}

struct Out<'a> {
    file: &'a str,
    diffs: Vec<Difference>,
}

impl Out<'_> {
    fn push(
        &mut self,
        table: &str,
        item: &str,
        aspect: &str,
        page_says: String,
        spec_says: String,
    ) {
        self.diffs.push(Difference {
            page: self.file.to_string(),
            table: table.to_string(),
            item: item.to_string(),
            aspect: aspect.to_string(),
            page_says,
            spec_says,
        });
    }
}

fn range(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (None, None) => "no range".into(),
        (Some(lo), None) => format!(">= {lo}"),
        (None, Some(hi)) => format!("<= {hi}"),
        (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
    }
}

fn compare_row(table: &str, row: &Row, it: &SpecItem, out: &mut Out<'_>) {
    let yes_no = |b: bool| if b { "Yes" } else { "No" }.to_string();
    if let (Some(p), Some(s)) = (row.mandatory, it.mandatory) {
        if p != s {
            out.push(table, &row.name, "mandatory", yes_no(p), yes_no(s));
        }
    }
    if let Some(t) = row.ty.as_ref().filter(|t| **t != it.page_type) {
        // A type erratum (`x-page-type` over the schema's own type) the page has since fixed:
        // the page now says what the schema says on its own.
        match it.erratum.as_ref().filter(|e| it.page_type != it.own_type && *t == it.own_type && *t != e.page_says) {
            Some(e) => out.push(
                table,
                &row.name,
                "erratum",
                format!("`{t}` now"),
                format!("an erratum for `{}` that no longer applies (remove `x-erratum` and `x-page-type`)", e.page_says),
            ),
            None => out.push(table, &row.name, "type", format!("`{t}`"), format!("`{}`", it.page_type)),
        }
    }
    let c = &row.constraints;
    // Where the description has a sentence the reader could not read, what it did not find is
    // unknown (listed as not compared), not absent: only what it read is compared.
    let unknown = |absent: bool| absent && row.unread_constraints;
    if (c.minimum, c.maximum) != (it.minimum, it.maximum)
        && !unknown(c.minimum.is_none() && c.maximum.is_none())
    {
        out.push(
            table,
            &row.name,
            "value range",
            range(c.minimum, c.maximum),
            range(it.minimum, it.maximum),
        );
    }
    if (c.min_length, c.max_length) != (it.min_length, it.max_length)
        && !unknown(c.min_length.is_none() && c.max_length.is_none())
    {
        let length = |lo: Option<u64>, hi: Option<u64>| {
            range(lo.and_then(|v| i64::try_from(v).ok()), hi.and_then(|v| i64::try_from(v).ok()))
        };
        out.push(
            table,
            &row.name,
            "length",
            length(c.min_length, c.max_length),
            length(it.min_length, it.max_length),
        );
    }
    if c.pattern != it.pattern && !unknown(c.pattern.is_none()) {
        let show =
            |p: &Option<String>| p.as_ref().map_or("no pattern".to_string(), |p| format!("`{p}`"));
        out.push(table, &row.name, "pattern", show(&c.pattern), show(&it.pattern));
    }
    if c.default != it.default && !unknown(c.default.is_none()) {
        let show =
            |d: &Option<String>| d.as_ref().map_or("no default".to_string(), |d| format!("`{d}`"));
        out.push(table, &row.name, "default", show(&c.default), show(&it.default));
    }
    if c.values != it.values && !unknown(c.values.is_empty()) {
        out.push(
            table,
            &row.name,
            "values",
            format!("[{}]", c.values.join(", ")),
            format!("[{}]", it.values.join(", ")),
        );
    }
}

fn compare_table(table: &Table, items: &[SpecItem], out: &mut Out<'_>) {
    let missing_in_spec: Vec<&Row> =
        table.rows.iter().filter(|r| !items.iter().any(|i| i.name == r.name)).collect();
    let missing_on_page: Vec<&SpecItem> =
        items.iter().filter(|i| !table.rows.iter().any(|r| r.name == i.name)).collect();
    // As many rows gone as rows new, in the same places: renames.
    let renamed = missing_in_spec.len() == missing_on_page.len();
    for row in &table.rows {
        if let Some(it) = items.iter().find(|i| i.name == row.name) {
            compare_row(&table.title, row, it, out);
        }
    }
    if renamed {
        for (row, it) in missing_in_spec.iter().zip(&missing_on_page) {
            out.push(
                &table.title,
                &it.name,
                "renamed",
                format!("`{}` (line {})", row.name, row.line),
                format!("`{}`", it.name),
            );
        }
    } else {
        for row in missing_in_spec {
            out.push(
                &table.title,
                &row.name,
                "present",
                format!("a row (line {})", row.line),
                "no such item".into(),
            );
        }
        for it in missing_on_page {
            out.push(&table.title, &it.name, "present", "no such row".into(), "an item".into());
        }
    }
}

fn success_status(op: &Operation) -> Option<(&String, &crate::model::Response)> {
    op.responses.iter().find(|(code, _)| code.starts_with('2'))
}

fn compare_examples(page: &Page, op: &Operation, out: &mut Out<'_>) -> usize {
    let mut compared = 0;
    // The example request line.
    // The spec's line as it reads with its example-URL errata put right: a page that made
    // exactly that fix is reported once, as the obsolete erratum below.
    let corrected = op.page_example_request.as_ref().map(|line| {
        op.parameters.iter().fold(line.clone(), |l, p| {
            match (&p.erratum, p.example.as_ref().and_then(Value::as_str)) {
                (Some(e), Some(v)) => l.replace(&e.page_says, v),
                _ => l,
            }
        })
    });
    match (&page.example_request_line, &op.page_example_request) {
        (Some(p), Some(s))
            if p.trim() != s.trim() && corrected.as_deref().map(str::trim) != Some(p.trim()) =>
        {
            out.push("examples", "request line", "example", format!("`{p}`"), format!("`{s}`"))
        }
        (Some(p), None) => {
            out.push("examples", "request line", "example", format!("`{p}`"), "none".into())
        }
        (None, Some(s)) => {
            out.push("examples", "request line", "example", "none".into(), format!("`{s}`"))
        }
        _ => {}
    }
    // Parameter errata about the example URL.
    for p in &op.parameters {
        if let (Some(e), Some(_)) = (&p.erratum, &p.example) {
            let still =
                page.example_request_line.as_deref().is_some_and(|l| l.contains(&e.page_says));
            if !still {
                out.push(
                    "examples",
                    &p.name,
                    "erratum",
                    format!("no `{}` in the example URL now", e.page_says),
                    "an erratum that no longer applies (remove `x-erratum`)".into(),
                );
            }
        }
    }
    // Request bodies, in order.
    let spec_requests = examples_of(op.request_body.iter().flat_map(|rb| rb.content.values()));
    let valid = |e: &&super::page::PageExample| e.invalid.is_none();
    // A request example the spec keeps as printed in an open point (it lacks what the spec
    // requires, and nothing on the page says what to complete it with) is known.
    let in_open_points =
        |v: &Value| op.open_points.iter().any(|p| p.ends_with(&format!("as printed:\n{v}")));
    let requests: Vec<&Value> = page
        .request_examples
        .iter()
        .filter(valid)
        .map(|e| &e.value)
        .filter(|v| !in_open_points(v))
        .collect();
    compared += compare_list("request example", requests, spec_requests, out);
    // Responses, by status; the page's unnamed "normal response" is the spec's success.
    let mut statuses: Vec<Option<u16>> =
        page.response_examples.iter().filter(valid).map(|e| e.status).collect();
    let normal_stands_for = statuses
        .contains(&None)
        .then(|| success_status(op).and_then(|(c, _)| c.parse::<u16>().ok()))
        .flatten();
    for code in op.responses.keys() {
        if let Ok(c) = code.parse::<u16>() {
            if Some(c) != normal_stands_for {
                statuses.push(Some(c));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for status in statuses {
        if !seen.insert(status) {
            continue;
        }
        let response = match status {
            Some(c) => op.responses.get(&c.to_string()),
            None => success_status(op).map(|(_, r)| r),
        };
        // Under a response without a body, `{}` is the page printing nothing, and an example
        // the spec keeps as an open point is known.
        let bodyless = response.is_some_and(|r| r.content.is_empty());
        let known = |v: &Value| {
            bodyless
                && (*v == Value::Object(Default::default())
                    || op.open_points.iter().any(|p| p.ends_with(&format!("as printed:\n{v}"))))
        };
        let on_page: Vec<&Value> = page
            .response_examples
            .iter()
            .filter(valid)
            .filter(|e| e.status == status)
            .map(|e| &e.value)
            .filter(|v| !known(v))
            .collect();
        let in_spec = examples_of(response.iter().flat_map(|r| r.content.values()));
        let label = match status {
            Some(c) => format!("{c} response example"),
            None => "normal response example".to_string(),
        };
        compared += compare_list(&label, on_page, in_spec, out);
    }
    compared
}

/// The named examples of some bodies, in order.
fn examples_of<'a>(
    media: impl Iterator<Item = &'a crate::model::MediaType>,
) -> Vec<(&'a String, &'a crate::model::Example)> {
    media.flat_map(|mt| mt.examples.iter()).collect()
}

fn compare_list(
    label: &str,
    on_page: Vec<&Value>,
    in_spec: Vec<(&String, &crate::model::Example)>,
    out: &mut Out<'_>,
) -> usize {
    for (i, (p, (name, s))) in on_page.iter().zip(&in_spec).enumerate() {
        let item = format!("{label} {} ({name})", i + 1);
        // An example erratum: the page's example as printed is a known difference; once the
        // page prints the corrected one, the erratum no longer applies.
        let page_says = s.erratum.as_ref().map(|e| {
            serde_json::from_str::<Value>(&e.page_says)
                .unwrap_or_else(|_| Value::String(e.page_says.clone()))
        });
        match page_says {
            Some(known) if **p == known => {}
            Some(_) if **p == s.value => out.push(
                "examples",
                &item,
                "erratum",
                "the corrected example".into(),
                "an erratum that no longer applies".into(),
            ),
            _ if **p != s.value => {
                out.push("examples", &item, "example", p.to_string(), s.value.to_string())
            }
            _ => {}
        }
    }
    for (i, p) in on_page.iter().enumerate().skip(in_spec.len()) {
        out.push(
            "examples",
            &format!("{label} {}", i + 1),
            "present",
            p.to_string(),
            "no such example".into(),
        );
    }
    for (i, (name, _)) in in_spec.iter().enumerate().skip(on_page.len()) {
        out.push(
            "examples",
            &format!("{label} {} ({name})", i + 1),
            "present",
            "no such example".into(),
            "an example".into(),
        );
    }
    on_page.len().min(in_spec.len())
}

fn compare_statuses(page: &Page, op: &Operation, out: &mut Out<'_>) -> usize {
    let spec: Vec<u16> = op.responses.keys().filter_map(|c| c.parse().ok()).collect();
    let success_erratum = success_status(op).and_then(|(_, r)| r.erratum.as_ref());
    let page_success = page.status_codes.iter().any(|c| (200..300).contains(c));
    for code in &page.status_codes {
        if !spec.contains(code) {
            out.push(
                "status codes",
                &code.to_string(),
                "status",
                "documented".into(),
                "no such response".into(),
            );
        }
    }
    for code in &spec {
        if page.status_codes.contains(code) {
            continue;
        }
        let known = (200..300).contains(code) && success_erratum.is_some() && !page_success;
        if !known {
            out.push(
                "status codes",
                &code.to_string(),
                "status",
                "not documented".into(),
                "a response".into(),
            );
        }
    }
    if let (Some(e), true) = (success_erratum, page_success) {
        out.push(
            "status codes",
            "success",
            "erratum",
            "a named success status now".into(),
            format!(
                "an erratum for \"{}\" that no longer applies (remove `x-erratum`)",
                e.page_says
            ),
        );
    }
    page.status_codes.len()
}

/// Which of `docs` documents the page's operation: the one whose `x-source` names the page's
/// file, else the one service (`service`, a module name, when given) with the page's method and
/// URI or title. `Err` says why none or more than one can be chosen.
pub fn document_for<'a>(
    file: &str,
    page: &Page,
    docs: &'a [Document],
    service: Option<&str>,
) -> Result<&'a Document, String> {
    let module = |d: &Document| crate::check::module_name(&d.info.service).unwrap_or_default();
    let docs: Vec<&Document> =
        docs.iter().filter(|d| service.is_none_or(|s| module(d) == s)).collect();
    if let (Some(s), true) = (service, docs.is_empty()) {
        return Err(format!("no spec document has the service `{s}`"));
    }
    let by_file: Vec<&&Document> = docs
        .iter()
        .filter(|d| {
            d.paths
                .values()
                .flat_map(|i| i.operations())
                .any(|(_, op)| op.source.page.rsplit('/').next() == Some(file))
        })
        .collect();
    if let [d] = by_file.as_slice() {
        return Ok(d);
    }
    let matching: Vec<&&Document> =
        docs.iter().filter(|d| find_operation(d, file, page).is_some()).collect();
    match matching.as_slice() {
        [] => Err(match service {
            Some(s) => format!("no such operation in the `{s}` spec"),
            None => "no such operation in any spec document".into(),
        }),
        [d] => Ok(d),
        many => {
            let names: Vec<String> = many.iter().map(|d| format!("`{}`", module(d))).collect();
            Err(format!("more than one service has this operation ({}): name one (`docs-check --service NAME`)", names.join(", ")))
        }
    }
}

/// A page checked against the spec.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Every way the page and the spec disagree.
    pub differences: Vec<Difference>,
    /// What was compared.
    pub summary: Summary,
    /// What the reader could not read on the page: not compared.
    pub not_compared: Vec<Unread>,
}

/// Read the page `text` (saved as `file`) and compare it with the spec document that has its
/// operation (see [`document_for`]); a page no document (or more than one) has is one
/// difference.
pub fn check_page(
    file: &str,
    text: &str,
    docs: &[Document],
    service: Option<&str>,
) -> Result<Checked, super::page::PageError> {
    let page = super::page::parse(text)?;
    let (differences, summary) = match document_for(file, &page, docs, service) {
        Ok(d) => compare(file, &page, d),
        Err(why) => {
            let diff = Difference {
                page: file.to_string(),
                table: "URI".into(),
                item: String::new(),
                aspect: "present".into(),
                page_says: format!("`{} {}` ({})", page.method, page.uri, page.title),
                spec_says: why,
            };
            (
                vec![diff],
                Summary { pages: 1, not_compared: page.unread.len(), ..Summary::default() },
            )
        }
    };
    Ok(Checked { differences, summary, not_compared: page.unread })
}

/// How much of the spec a draft (`cargo xtask import`) reproduces, for one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agreement {
    /// Spec items (parameters and fields) of the page's tables.
    pub items: usize,
    /// Those the draft has with the same name, Mandatory flag and type.
    pub items_agreeing: usize,
    /// Spec items with a range, default or listed values.
    pub constraints: usize,
    /// Those the draft states the same.
    pub constraints_agreeing: usize,
    /// Spec examples of the operation.
    pub examples: usize,
    /// Those the draft has, equal as JSON, in the same place.
    pub examples_agreeing: usize,
    /// Spec status codes of the operation.
    pub statuses: usize,
    /// Those the draft has.
    pub statuses_agreeing: usize,
    /// What differs, one line each.
    pub differences: Vec<String>,
}

impl Agreement {
    /// Add another page's counts (not its differences).
    pub fn add(&mut self, other: &Agreement) {
        self.items += other.items;
        self.items_agreeing += other.items_agreeing;
        self.constraints += other.constraints;
        self.constraints_agreeing += other.constraints_agreeing;
        self.examples += other.examples;
        self.examples_agreeing += other.examples_agreeing;
        self.statuses += other.statuses;
        self.statuses_agreeing += other.statuses_agreeing;
    }
}

/// Every example of an operation as its page prints it: where an erratum corrected one, the
/// page's version.
fn all_examples(op: &Operation) -> Vec<(String, Value)> {
    let as_printed = |e: &crate::model::Example| match &e.erratum {
        Some(er) => serde_json::from_str::<Value>(&er.page_says)
            .unwrap_or_else(|_| Value::String(er.page_says.clone())),
        None => e.value.clone(),
    };
    let mut out = Vec::new();
    for (i, (_, e)) in examples_of(op.request_body.iter().flat_map(|rb| rb.content.values()))
        .into_iter()
        .enumerate()
    {
        out.push((format!("request {}", i + 1), as_printed(e)));
    }
    for (code, r) in &op.responses {
        let code = if code.starts_with('2') { "success" } else { code.as_str() };
        for (i, (_, e)) in examples_of(r.content.values()).into_iter().enumerate() {
            out.push((format!("{code} {}", i + 1), as_printed(e)));
        }
    }
    out
}

/// Compare a draft made from `page` with the hand-made `spec`.
pub fn agreement(file: &str, page: &Page, draft: &Document, spec: &Document) -> Agreement {
    let mut a = Agreement::default();
    let (Some((_, _, spec_op)), Some((_, _, draft_op))) =
        (find_operation(spec, file, page), find_operation(draft, file, page))
    else {
        a.differences.push("the operation is missing from the draft or the spec".into());
        return a;
    };
    let spec_side = spec_tables(spec, spec_op);
    let draft_tables = spec_tables(draft, draft_op);
    for (title, items) in &spec_side {
        let draft_items =
            draft_tables.iter().find(|(t, _)| t == title).map(|(_, i)| i.as_slice()).unwrap_or(&[]);
        for it in items {
            a.items += 1;
            let d = draft_items.iter().find(|d| d.name == it.name);
            match d {
                Some(d) if d.mandatory == it.mandatory && d.page_type == it.page_type => {
                    a.items_agreeing += 1
                }
                Some(d) => a.differences.push(format!(
                    "{title} `{}`: draft {:?} `{}`, spec {:?} `{}`",
                    it.name, d.mandatory, d.page_type, it.mandatory, it.page_type
                )),
                None => a.differences.push(format!("{title} `{}`: not in the draft", it.name)),
            }
            let stated = it.minimum.is_some()
                || it.maximum.is_some()
                || it.min_length.is_some()
                || it.max_length.is_some()
                || it.pattern.is_some()
                || it.default.is_some()
                || !it.values.is_empty();
            if stated {
                a.constraints += 1;
                let key = |x: &SpecItem| {
                    (
                        x.minimum,
                        x.maximum,
                        x.min_length,
                        x.max_length,
                        x.pattern.clone(),
                        x.default.clone(),
                        x.values.clone(),
                    )
                };
                let same = d.is_some_and(|d| key(d) == key(it));
                if same {
                    a.constraints_agreeing += 1;
                } else {
                    a.differences.push(format!("{title} `{}`: constraints differ", it.name));
                }
            }
        }
    }
    let draft_examples = all_examples(draft_op);
    for (place, value) in all_examples(spec_op) {
        a.examples += 1;
        if draft_examples.iter().any(|(p, v)| *p == place && *v == value) {
            a.examples_agreeing += 1;
        } else {
            a.differences.push(format!("example {place}: not reproduced"));
        }
    }
    for code in spec_op.responses.keys().filter(|c| c.parse::<u16>().is_ok()) {
        a.statuses += 1;
        if draft_op.responses.contains_key(code) {
            a.statuses_agreeing += 1;
        } else {
            a.differences.push(format!("status {code}: not in the draft"));
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(yaml: &str) -> crate::model::Example {
        serde_yaml::from_str(yaml).expect("example")
    }

    fn diffs(page: &Value, spec: &crate::model::Example) -> Vec<Difference> {
        let mut out = Out { file: "page.txt", diffs: Vec::new() };
        let name = "ex".to_string();
        compare_list("request example", vec![page], vec![(&name, spec)], &mut out);
        out.diffs
    }

    #[test]
    fn an_example_erratum_is_a_known_difference_until_the_page_is_fixed() {
        let spec = example("value: {\"size\": 5}\nx-erratum:\n  page-says: '{\"size\": \"5\"}'\n  reason: the table says Integer\n");
        // The page still prints its own, contradictory example: known, no difference.
        assert!(diffs(&serde_json::json!({"size": "5"}), &spec).is_empty());
        // The page now prints the corrected example: the erratum no longer applies.
        let d = diffs(&serde_json::json!({"size": 5}), &spec);
        assert_eq!((d.len(), d[0].aspect.as_str()), (1, "erratum"), "{d:?}");
        // The page prints something else again: a difference.
        let d = diffs(&serde_json::json!({"size": 6}), &spec);
        assert_eq!((d.len(), d[0].aspect.as_str()), (1, "example"), "{d:?}");
        // Without an erratum, only the same example agrees.
        let plain = example("value: {\"size\": 5}\n");
        assert!(diffs(&serde_json::json!({"size": 5}), &plain).is_empty());
        assert_eq!(diffs(&serde_json::json!({"size": "5"}), &plain).len(), 1);
    }
}

#[cfg(test)]
mod service_tests {
    use super::*;

    fn doc(service: &str, page_file: &str) -> Document {
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: v, x-service: {service}}}\npaths:\n  /v3/{{project_id}}/instances/recovery:\n    post:\n      operationId: restore\n      summary: Restoring\n      x-source: {{page: sources/{page_file}, title: Restoring, updated: '2026-01-01'}}\n      responses:\n        '202': {{description: OK}}\n"
        );
        serde_yaml::from_str(&yaml).expect("document")
    }

    fn page() -> Page {
        Page {
            title: "Restoring".into(),
            method: "POST".into(),
            uri: "/v3/{project_id}/instances/recovery".into(),
            ..Page::default()
        }
    }

    #[test]
    fn two_services_with_one_operation_are_told_apart_or_the_page_is_refused() {
        let docs = [doc("rds", "rds-page.txt"), doc("dds", "dds-page.txt")];
        // The page's file names its operation's document.
        assert_eq!(
            document_for("dds-page.txt", &page(), &docs, None).map(|d| d.info.service.as_str()),
            Ok("dds")
        );
        // A fresh save under another name matches both: ambiguous, unless the service is named.
        let err = document_for("fresh.txt", &page(), &docs, None).unwrap_err();
        assert!(err.contains("`rds`, `dds`") && err.contains("--service"), "{err}");
        assert_eq!(
            document_for("fresh.txt", &page(), &docs, Some("rds")).map(|d| d.info.service.as_str()),
            Ok("rds")
        );
        assert!(document_for("fresh.txt", &page(), &docs, Some("nope"))
            .unwrap_err()
            .contains("no spec document has the service `nope`"));
    }
}
