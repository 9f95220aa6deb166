//! `Validate` implementations: every rule the spec states, as checks that collect violations.

use super::ident;
use super::text::{string, Source};
use crate::ir::{Branch, Field, StructDef, Ty};

/// The checks of field `f`, at `at`, each one call into `rt::validation` (or into the
/// nested type's own `validate_at`), whatever holds its values: the runtime's `Each` and
/// `Validate` reach through an `Option`, a `Vec` or a map. A pattern is a `static` declared
/// before its check, compiled the first time it is used. Empty when the field states no rule.
fn field_checks(f: &Field) -> Vec<String> {
    let (id, at) = (ident(&f.rust_name), format!("at.field({})", string(&f.wire_name)));
    let mut leaf = &f.ty;
    while let Ty::Vec(inner) | Ty::Map(inner) = leaf {
        leaf = inner;
    }
    let bound = |b: Option<String>| b.map_or_else(|| "None".to_string(), |b| format!("Some({b})"));
    let mut out = Vec::new();
    match leaf {
        Ty::String if f.header => out.push(format!("rt::header({at}, &self.{id}, out);")),
        Ty::String if f.non_empty => out.push(format!("rt::segment({at}, &self.{id}, out);")),
        Ty::I32 | Ty::I64 if f.minimum.is_some() || f.maximum.is_some() => {
            let (lo, hi) =
                (bound(f.minimum.map(|b| b.to_string())), bound(f.maximum.map(|b| b.to_string())));
            out.push(format!("rt::range({at}, &self.{id}, {lo}, {hi}, out);"));
        }
        Ty::Enum(_) => out.push(format!("rt::known({at}, &self.{id}, out);")),
        Ty::Struct(_) => out.push(format!("self.{id}.validate_at({at}, out);")),
        _ => {}
    }
    if f.min_length.is_some() || f.max_length.is_some() {
        let (lo, hi) = (
            bound(f.min_length.map(|b| b.to_string())),
            bound(f.max_length.map(|b| b.to_string())),
        );
        out.push(format!("rt::length({at}, &self.{id}, {lo}, {hi}, out);"));
    }
    if let Some(p) = &f.pattern {
        let name = format!("PATTERN_{}", f.rust_name.to_uppercase());
        out.push(format!("static {name}: rt::Pattern = rt::Pattern::new({});", string(p)));
        out.push(format!("rt::pattern({at}, &self.{id}, &{name}, out);"));
    }
    if f.min_items.is_some() || f.max_items.is_some() {
        let (lo, hi) =
            (bound(f.min_items.map(|b| b.to_string())), bound(f.max_items.map(|b| b.to_string())));
        out.push(format!("rt::items({at}, &self.{id}, {lo}, {hi}, out);"));
    }
    out
}

/// `impl Validate`: the calls of each field that states a rule, then the rules between
/// fields. A type with neither keeps the trait's default, which checks nothing.
pub(super) fn validate_impl(src: &mut Source, d: &StructDef) {
    let name = &d.rust_name;
    let checks: Vec<String> = d.fields.iter().flat_map(field_checks).collect();
    if checks.is_empty() && d.any_of.is_empty() {
        src.line(format!("impl rt::Validate for {name} {{}}"));
        return;
    }
    src.open(format!("impl rt::Validate for {name} {{"));
    // `#[inline]` (here and on the pair writers) lets rustc compile a method only in the crates
    // that call it, not in the generated crate for every type: the release build spends less
    // in LLVM (README, Performance).
    src.line("#[inline]");
    src.open("fn validate_at(&self, at: rt::At<'_>, out: &mut Vec<rt::Violation>) {");
    for c in checks {
        src.line(c);
    }
    if !d.any_of.is_empty() {
        any_of_checks(src, d);
    }
    src.close("}");
    src.close("}");
}

/// `rt::any_of` over the alternatives of the struct's rule: each one's condition (its
/// restricted values, the fields it needs absent, the restricted fields it needs present) and
/// the other fields it needs.
fn any_of_checks(src: &mut Source, d: &StructDef) {
    let field = |rust: &str| d.fields.iter().find(|f| f.rust_name == rust);
    let mandatory = |rust: &str| field(rust).is_some_and(|f| f.required);
    let present = |rust: &str| {
        if mandatory(rust) {
            "true".to_string()
        } else {
            format!("self.{}.is_some()", ident(rust))
        }
    };
    let absent = |rust: &str| {
        if mandatory(rust) {
            "false".to_string()
        } else {
            format!("self.{}.is_none()", ident(rust))
        }
    };
    src.open("rt::any_of(");
    src.line("at,");
    src.open("&[");
    for b in &d.any_of {
        let b: &Branch = b;
        let restricted: Vec<&String> = b.restrictions.iter().map(|(r, _)| r).collect();
        let mut conds: Vec<String> = Vec::new();
        for (r, values) in &b.restrictions {
            let values: Vec<String> = values.iter().map(|v| string(v)).collect();
            conds.push(format!("rt::among(&self.{}, &[{}])", ident(r), values.join(", ")));
        }
        conds.extend(b.absent.iter().map(|a| absent(a)));
        let mut needs = Vec::new();
        for (rust, wire) in &b.required {
            if restricted.contains(&rust) {
                conds.push(present(rust));
            } else {
                needs.push(format!("({}, {})", string(wire), present(rust)));
            }
        }
        let cond = if conds.is_empty() { "true".to_string() } else { conds.join(" && ") };
        src.open("rt::Alternative {");
        src.line(format!("description: {},", string(&b.description)));
        src.line(format!("condition: {cond},"));
        src.list("needs: &[", &needs, "],");
        src.close("},");
    }
    src.close("],");
    src.line("out,");
    src.close(");");
}
