//! Types: a struct per object, an open enum per string enum, with constructors, setters and the
//! query and header pairs of made parameter types.

use std::collections::BTreeSet;

use super::text::{string, Source};
use super::validate::validate_impl;
use super::{docs, ident, Part};
use crate::ir::{EnumDef, Field, Role, Service, StructDef, Ty, TypeDef, TypeId};

/// The Rust type of `ty`, as text; the names of generated types come from `s`.
pub(crate) fn ty_text(s: &Service, ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_string(),
        Ty::I32 => "i32".to_string(),
        Ty::I64 => "i64".to_string(),
        Ty::F64 => "f64".to_string(),
        Ty::Bool => "bool".to_string(),
        Ty::Vec(inner) => format!("Vec<{}>", ty_text(s, inner)),
        Ty::Struct(id) | Ty::Enum(id) => s.type_def(*id).rust_name().to_string(),
        Ty::Map(inner) => format!("::std::collections::BTreeMap<String, {}>", ty_text(s, inner)),
        Ty::Json => "::serde_json::Value".to_string(),
        Ty::TextOrNumber => "rt::TextOrNumber".to_string(),
    }
}

pub(super) fn has_float(ty: &Ty, float_structs: &BTreeSet<TypeId>) -> bool {
    match ty {
        Ty::F64 => true,
        Ty::Vec(i) | Ty::Map(i) => has_float(i, float_structs),
        Ty::Struct(n) => float_structs.contains(n),
        _ => false,
    }
}

/// The structs that hold a float, directly or through other structs: they cannot derive `Eq`.
pub(super) fn float_structs(types: &[TypeDef]) -> BTreeSet<TypeId> {
    let mut found = BTreeSet::new();
    loop {
        let before = found.len();
        for (i, t) in types.iter().enumerate() {
            if let TypeDef::Struct(s) = t {
                if s.fields.iter().any(|f| has_float(&f.ty, &found)) {
                    found.insert(TypeId(i));
                }
            }
        }
        if found.len() == before {
            return found;
        }
    }
}

/// A struct as text: its definition, its JSON kind when it is a body, its query or header
/// pairs, its constructor and setters (through `setters!`) and, for a request, its validator.
pub(super) fn struct_def(
    s: &Service,
    id: TypeId,
    d: &StructDef,
    float_structs: &BTreeSet<TypeId>,
) -> Vec<Part> {
    let request = d.role == Role::Request;
    // A mandatory field of a request is a constructor argument; a nullable one is an
    // `Option` there too, and is always sent (`null` when `None`).
    let required = |f: &Field| request && f.required;
    let all_optional = !d.fields.iter().any(required);
    let name = &d.rust_name;
    let mut src = Source::default();
    src.doc(&docs::struct_doc(d));
    let mut derives = vec!["Debug", "Clone", "PartialEq"];
    if !float_structs.contains(&id) {
        derives.push("Eq");
    }
    if all_optional {
        derives.push("Default");
    }
    // What reads requests from JSON (the mock, the conformance tests, a caller that keeps
    // requests in files) asks for it with feature `serde-requests`: a request body's
    // `Deserialize`, and both of serde's traits on a made parameter type (path, query,
    // headers), which goes on the wire through its own writers, never as JSON. Together they
    // were two fifths of a clean build's time. A body is always `Serialize`: it is sent so.
    let made = d.made_for.is_some();
    let gated = |attr: &str| format!("#[cfg_attr(feature = \"serde-requests\", {attr})]");
    let serde = |attr: &str| if made { gated(attr) } else { format!("#[{attr}]") };
    if made {
        src.line(format!("#[derive({})]", derives.join(", ")));
        src.line(gated("derive(::serde::Serialize, ::serde::Deserialize)"));
    } else if request {
        derives.push("::serde::Serialize");
        src.line(format!("#[derive({})]", derives.join(", ")));
        src.line(gated("derive(::serde::Deserialize)"));
    } else {
        derives.extend(["::serde::Serialize", "::serde::Deserialize"]);
        src.line(format!("#[derive({})]", derives.join(", ")));
    }
    if request {
        src.line(serde("serde(deny_unknown_fields)"));
    }
    src.line("#[non_exhaustive]");
    if d.fields.is_empty() {
        src.line(format!("pub struct {name} {{}}"));
    } else {
        src.open(format!("pub struct {name} {{"));
        for f in &d.fields {
            src.doc(&docs::field_doc(f));
            let (id, t) = (ident(&f.rust_name), ty_text(s, &f.ty));
            // The wire name is kept exactly where the Rust name differs (`hostId`, `os-stop`).
            if f.wire_name != f.rust_name {
                src.line(serde(&format!("serde(rename = {})", string(&f.wire_name))));
            }
            if required(f) && f.nullable {
                src.line(serde("serde(default)"));
                src.line(format!("pub {id}: Option<{t}>,"));
            } else if required(f) {
                src.line(format!("pub {id}: {t},"));
            } else {
                src.line(serde("serde(default, skip_serializing_if = \"Option::is_none\")"));
                src.line(format!("pub {id}: Option<{t}>,"));
            }
        }
        src.close("}");
    }

    // A request or response body is a JSON object (the checker refuses any other body
    // schema): the transport and the mock refuse a body of another JSON type before serde,
    // which would read `[]` as a struct whose fields all have defaults.
    let body = |t: Option<TypeId>| t == Some(id);
    if s.operations.iter().any(|o| body(o.body) || o.responses.iter().any(|r| body(r.body))) {
        src.open(format!("impl rt::JsonBody for {name} {{"));
        src.line("const KIND: Option<rt::JsonKind> = Some(rt::JsonKind::Object);");
        src.close("}");
    }

    // A query or a header type writes its fields as `(name, value)` pairs.
    if d.is_query || d.is_headers {
        src.open(format!("impl {name} {{"));
        if d.is_query {
            pairs(
                &mut src,
                d,
                "query_pairs",
                &[
                    "The parameters that are set, as `(name, value)` pairs in the page's order; an array",
                    "gives one pair per item (repeated keys), which the transport sorts as the signer does.",
                ],
            );
        } else {
            pairs(
                &mut src,
                d,
                "header_pairs",
                &["The headers that are set, as `(name, value)` pairs in the page's order."],
            );
        }
        src.close("}");
    }

    // The constructor and a setter per optional field, from the runtime's `setters!`:
    // `new(a: A, ..)` takes the mandatory fields (a nullable one as an `Option`, a string as
    // `impl Into<String>`), then `"wire" => with_x(x: T)` for each optional one.
    let args: Vec<String> = d
        .fields
        .iter()
        .filter(|f| required(f))
        .map(|f| {
            let id = ident(&f.rust_name);
            match (f.nullable, &f.ty) {
                (true, t) => format!("{id}: Option<{}>", ty_text(s, t)),
                (false, Ty::String) => format!("{id}: impl Into<String>"),
                (false, t) => format!("{id}: {}", ty_text(s, t)),
            }
        })
        .collect();
    let setters = d.fields.iter().filter(|f| !required(f)).map(|f| {
        let t =
            if f.ty == Ty::String { "impl Into<String>".to_string() } else { ty_text(s, &f.ty) };
        format!("{} => with_{}({}: {t})", string(&f.wire_name), f.rust_name, ident(&f.rust_name))
    });
    let items: Vec<String> =
        std::iter::once(format!("new({})", args.join(", "))).chain(setters).collect();
    src.list(&format!("rt::setters!({name} {{ "), &items, " });");
    if request {
        validate_impl(&mut src, d);
    }
    vec![Part::Text(src.finish())]
}

/// `query_pairs` or `header_pairs`: each field that is set, through `rt::push`;
/// `#[inline]` for the reason given in `validate_impl`.
fn pairs(src: &mut Source, d: &StructDef, method: &str, doc: &[&str]) {
    src.doc(&doc.iter().map(|l| l.to_string()).collect::<Vec<_>>());
    src.line("#[inline]");
    src.open(format!("pub fn {method}(&self) -> Vec<(&'static str, String)> {{"));
    src.line("let mut pairs = Vec::new();");
    for f in &d.fields {
        src.line(format!(
            "rt::push(&mut pairs, {}, &self.{});",
            string(&f.wire_name),
            ident(&f.rust_name)
        ));
    }
    src.line("pairs");
    src.close("}");
}

/// An open enum as text: the runtime's `open_enum!` with its docs and its values
/// (`Variant => "wire"`), each with the page's description when it has one.
pub(super) fn enum_def(e: &EnumDef) -> Vec<Part> {
    let mut src = Source::default();
    src.open("rt::open_enum! {");
    src.doc(&docs::enum_doc(e));
    let head = format!("pub enum {} {{ ", e.rust_name);
    if e.values.iter().all(|v| v.description.is_none()) {
        let values: Vec<String> =
            e.values.iter().map(|v| format!("{} => {}", v.variant, string(&v.wire))).collect();
        src.list(&head, &values, " }");
    } else {
        src.open(head.trim_end());
        for v in &e.values {
            src.doc(v.description.as_deref().unwrap_or_default());
            src.line(format!("{} => {},", v.variant, string(&v.wire)));
        }
        src.close("}");
    }
    src.close("}");
    vec![Part::Text(src.finish())]
}
