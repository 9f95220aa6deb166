//! The prose of the generated documentation, written from the facts the IR keeps: the spec's
//! descriptions, where each item comes from, its rules and its errata.

use crate::ir::{EnumDef, Field, Operation, Provenance, Service, StructDef, Ty};

/// The module's documentation: the document's title and description, and its operations.
pub(crate) fn module_doc(s: &Service) -> Vec<String> {
    let mut doc = vec![s.title.clone(), String::new()];
    if !s.description.is_empty() {
        doc.extend(s.description.iter().cloned());
        doc.push(String::new());
    }
    doc.push("Operations:".to_string());
    for o in &s.operations {
        doc.push(format!("- `{} {}`: {}", o.method, o.path, o.page_title));
    }
    doc
}

/// An operation's documentation: what it does, its page, its official SDK name, open points.
pub(crate) fn operation_doc(o: &Operation) -> Vec<String> {
    let mut doc = vec![format!("{} (`{} {}`).", o.summary, o.method, o.path), String::new()];
    if !o.description.is_empty() {
        doc.extend(o.description.iter().cloned());
        doc.push(String::new());
    }
    doc.push(format!(
        "Page: *{}*, updated {} (`spec/{}`).",
        o.page_title, o.page_updated, o.page_file
    ));
    if let Some(s) = &o.sdk_name {
        doc.push(format!("Official SDK operation: `{s}`."));
    }
    for p in &o.open_points {
        doc.push(format!("Open point: {}", p.trim()));
    }
    doc
}

fn provenance(p: &Provenance) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(t) = &p.page_table {
        out.push(format!("Page table: {t}."));
    }
    if let Some(s) = &p.sdk_name {
        out.push(format!("Official SDK model: `{s}`."));
    }
    out
}

fn used_by(pages: &[String]) -> Vec<String> {
    if pages.is_empty() {
        return Vec::new();
    }
    vec![String::new(), format!("Used by: {}.", pages.join("; "))]
}

/// A struct's documentation: its description and provenance, or what the generator made it
/// for; its rule; the pages that use it.
pub(crate) fn struct_doc(d: &StructDef) -> Vec<String> {
    let mut doc = Vec::new();
    match &d.made_for {
        Some(what) => {
            doc.push(format!("{what} Made by the generator from the operation's parameters."))
        }
        None => {
            doc.extend(d.description.iter().cloned());
            doc.push(String::new());
            doc.extend(provenance(&d.provenance));
        }
    }
    if !d.any_of.is_empty() {
        doc.push(String::new());
        let alts: Vec<String> = d.any_of.iter().map(|b| b.description.clone()).collect();
        doc.push(format!(
            "Rule (checked by `validate()`): at least one of these holds: {}.",
            alts.join("; or ")
        ));
        if let Some(src) = &d.rule_source {
            doc.push(format!("Read from the page: {}", src.trim()));
        }
    }
    // A made type names the one operation it is for: no list of users.
    if d.made_for.is_none() {
        doc.extend(used_by(&d.used_by));
    }
    doc
}

/// An enum's documentation: its description, provenance, openness and the pages that use it.
pub(crate) fn enum_doc(e: &EnumDef) -> Vec<String> {
    let mut doc = e.description.clone();
    doc.push(String::new());
    doc.extend(provenance(&e.provenance));
    doc.push(String::new());
    doc.push("Open: a value this crate does not know is kept in `Unknown`, so a response that grows a value still parses; a request that carries one fails validation.".to_string());
    doc.extend(used_by(&e.used_by));
    doc
}

/// A field's documentation: its description, whether it is mandatory, its default, range,
/// format, the page's own type word, its errata, and for parameters how they are sent.
pub(crate) fn field_doc(f: &Field) -> Vec<String> {
    // The facts after the description are one paragraph, written as one line.
    let mut doc = vec![if f.required { "Mandatory.".to_string() } else { "Optional.".to_string() }];
    if let Some(d) = &f.default {
        doc.push(format!("Default (applied by the server when absent): `{d}`."));
    }
    match (f.minimum, f.maximum) {
        (Some(lo), Some(hi)) => doc.push(format!("Value range: {lo} to {hi}.")),
        (Some(lo), None) => doc.push(format!("Minimum: {lo}.")),
        (None, Some(hi)) => doc.push(format!("Maximum: {hi}.")),
        (None, None) => {}
    }
    match (f.min_length, f.max_length) {
        (Some(lo), Some(hi)) => doc.push(format!("Length: {lo} to {hi} characters.")),
        (Some(lo), None) => doc.push(format!("Length: at least {lo} characters.")),
        (None, Some(hi)) => doc.push(format!("Length: at most {hi} characters.")),
        (None, None) => {}
    }
    if let Some(p) = &f.pattern {
        doc.push(format!("Pattern: `{p}` (a regular expression the value must match; anywhere in it unless anchored)."));
    }
    match (f.min_items, f.max_items) {
        (Some(lo), Some(hi)) => doc.push(format!("Items: {lo} to {hi}.")),
        (Some(lo), None) => doc.push(format!("Items: at least {lo}.")),
        (None, Some(hi)) => doc.push(format!("Items: at most {hi}.")),
        (None, None) => {}
    }
    if let (Some(format), Ty::String) = (&f.format, &f.ty) {
        doc.push(format!("Format: `{format}` (RFC 3339), kept as the string the server sends: nothing is parsed that could reject it."));
    }
    if f.ty == Ty::TextOrNumber {
        doc.push(
            "Read from a JSON string or number and kept as it came ([`TextOrNumber`](crate::runtime::TextOrNumber)): the page's table and its example disagree on which.".to_string(),
        );
    }
    if f.nullable {
        doc.push("May be `null`, which reads as absent.".to_string());
    }
    if let Some(t) = &f.page_type {
        doc.push(format!("The page's type: {t}."));
    }
    if let Some(e) = &f.erratum {
        doc.push(format!("Erratum: the page says \"{}\". {}", e.page_says, e.reason.trim()));
    }
    if let Some(e) = &f.example_erratum {
        doc.push(format!(
            "Erratum: the page's example says \"{}\". {}",
            e.page_says,
            e.reason.trim()
        ));
    }
    if f.non_empty {
        doc.push("Must not be empty: an empty path segment would change the URL.".to_string());
    }
    if f.header {
        doc.push(format!(
            "Sent as the `{}` header, and signed like any other header.",
            f.wire_name
        ));
    } else if f.wire_name != f.rust_name {
        doc.push(format!("Wire name: `{}`.", f.wire_name));
    }
    let mut lines = f.description.clone();
    lines.push(String::new());
    lines.push(doc.join(" "));
    lines
}
