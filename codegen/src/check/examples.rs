//! Pass: every example against its schema.

use super::*;

/// The constraints on one value that an example (or a default) is held to.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Limits<'f> {
    minimum: Option<i64>,
    maximum: Option<i64>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    pattern: Option<&'f str>,
    min_items: Option<u64>,
    max_items: Option<u64>,
}

impl<'f> Limits<'f> {
    /// The constraints field `f` states on its value.
    pub(super) fn of(f: &'f Field) -> Self {
        Limits {
            minimum: f.minimum,
            maximum: f.maximum,
            min_length: f.min_length,
            max_length: f.max_length,
            pattern: f.pattern.as_deref(),
            min_items: f.min_items,
            max_items: f.max_items,
        }
    }
}

/// Which side of a call an example stands on: a request is held to the page exactly (`null`
/// only where `nullable: true`); a response is read leniently, so an optional field may also
/// be `null`, which reads as absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// A request body, a parameter's value, a default.
    Request,
    /// A response body.
    Response,
}

impl Checker<'_> {
    // ---- examples against schemas -------------------------------------------------------------

    /// Every way `v` contradicts `ty` (with the constraints in `limits`), as messages naming the
    /// JSON path.
    pub(super) fn value_errors(
        &self,
        ty: &Ty,
        limits: Limits<'_>,
        v: &Value,
        at: &str,
        side: Side,
        out: &mut Vec<String>,
    ) {
        let at_disp = if at.is_empty() { "the body".to_string() } else { format!("`{at}`") };
        let (min, max) = (limits.minimum, limits.maximum);
        match ty {
            Ty::String => {
                let Some(text) = v.as_str() else {
                    out.push(format!("{at_disp} should be a string, not `{v}`"));
                    return;
                };
                // Lengths in characters, as the generated `validate()` counts them.
                let chars = text.chars().count() as u64;
                if let Some(lo) = limits.min_length.filter(|lo| chars < *lo) {
                    out.push(format!("{at_disp} = `{text}` is {chars} characters long, shorter than the minimum length {lo}"));
                }
                if let Some(hi) = limits.max_length.filter(|hi| chars > *hi) {
                    out.push(format!("{at_disp} = `{text}` is {chars} characters long, longer than the maximum length {hi}"));
                }
                if let Some(p) = limits.pattern {
                    // A pattern that does not compile was reported where it is declared.
                    if regex::Regex::new(p).is_ok_and(|re| !re.is_match(text)) {
                        out.push(format!("{at_disp} = `{text}` does not match the pattern `{p}`"));
                    }
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
            Ty::TextOrNumber => {
                if !(v.is_string() || v.is_number()) {
                    out.push(format!("{at_disp} should be a string or a number, not `{v}`"));
                }
            }
            Ty::Map(inner) => match v.as_object() {
                Some(entries) => {
                    for (k, item) in entries {
                        self.value_errors(
                            inner,
                            Limits::default(),
                            item,
                            &json_path_key(at, k),
                            side,
                            out,
                        );
                    }
                }
                None => out.push(format!("{at_disp} should be an object, not `{v}`")),
            },
            Ty::Vec(inner) => match v.as_array() {
                Some(items) => {
                    let n = items.len() as u64;
                    if let Some(lo) = limits.min_items.filter(|lo| n < *lo) {
                        out.push(format!("{at_disp} has {n} items, fewer than the minimum {lo}"));
                    }
                    if let Some(hi) = limits.max_items.filter(|hi| n > *hi) {
                        out.push(format!("{at_disp} has {n} items, more than the maximum {hi}"));
                    }
                    for (i, item) in items.iter().enumerate() {
                        self.value_errors(
                            inner,
                            Limits::default(),
                            item,
                            &format!("{at}[{i}]"),
                            side,
                            out,
                        );
                    }
                }
                None => out.push(format!("{at_disp} should be an array, not `{v}`")),
            },
            Ty::Enum(e) => match v.as_str() {
                Some(s) => {
                    let known = self.enum_values(*e);
                    if !known.iter().any(|k| k == s) {
                        out.push(format!("{at_disp} = `{s}` is not one of {}", known.join(", ")));
                    }
                }
                None => out.push(format!("{at_disp} should be a string, not `{v}`")),
            },
            Ty::Struct(id) => {
                let Some(obj) = v.as_object() else {
                    out.push(format!("{at_disp} should be an object, not `{v}`"));
                    return;
                };
                let Some(s) = self.struct_by_id(*id) else { return };
                if self.broken.contains(id) {
                    return;
                }
                for key in obj.keys() {
                    if !s.fields.iter().any(|f| &f.wire_name == key) {
                        out.push(format!(
                            "`{}` is not a field of {}",
                            json_path_key(at, key),
                            s.spec_name
                        ));
                    }
                }
                for f in &s.fields {
                    let fp = json_path_key(at, &f.wire_name);
                    match obj.get(&f.wire_name) {
                        None if f.required => out.push(format!("mandatory `{fp}` is missing")),
                        None => {}
                        Some(Value::Null) if f.nullable => {}
                        // Responses parse leniently: an optional field's `null` reads as absent.
                        Some(Value::Null) if side == Side::Response && !f.required => {}
                        Some(Value::Null) => {
                            out.push(format!("`{fp}` is null, which the page does not allow"))
                        }
                        Some(fv) => self.value_errors(&f.ty, Limits::of(f), fv, &fp, side, out),
                    }
                }
                if !s.any_of.is_empty() {
                    let present = |rust: &str| {
                        s.fields.iter().any(|f| {
                            f.rust_name == rust
                                && obj.get(&f.wire_name).is_some_and(|x| !x.is_null())
                        })
                    };
                    let value_of = |rust: &str| {
                        s.fields
                            .iter()
                            .find(|f| f.rust_name == rust)
                            .and_then(|f| obj.get(&f.wire_name))
                            .and_then(Value::as_str)
                    };
                    let holds = s.any_of.iter().any(|b| {
                        b.required.iter().all(|(r, _)| present(r))
                            && b.absent.iter().all(|a| !present(a))
                            && b.restrictions.iter().all(|(r, vals)| {
                                value_of(r).is_none_or(|x| vals.iter().any(|v| v == x))
                            })
                    });
                    if !holds {
                        let alts: Vec<&str> =
                            s.any_of.iter().map(|b| b.description.as_str()).collect();
                        out.push(format!(
                            "{at_disp} breaks the rule: none of these holds: {}",
                            alts.join("; ")
                        ));
                    }
                }
            }
        }
    }
}
