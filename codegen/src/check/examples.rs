//! Pass: every example against its schema.

use super::*;

impl Checker<'_> {
    // ---- examples against schemas -------------------------------------------------------------

    /// Every way `v` contradicts `ty` (with integer bounds), as messages naming the JSON path.
    pub(super) fn value_errors(&self, ty: &Ty, min: Option<i64>, max: Option<i64>, v: &Value, at: &str, out: &mut Vec<String>) {
        let at_disp = if at.is_empty() { "the body".to_string() } else { format!("`{at}`") };
        match ty {
            Ty::String => {
                if !v.is_string() {
                    out.push(format!("{at_disp} should be a string, not `{v}`"));
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
            Ty::Map(inner) => match v.as_object() {
                Some(entries) => {
                    for (k, item) in entries {
                        self.value_errors(inner, None, None, item, &json_path_key(at, k), out);
                    }
                }
                None => out.push(format!("{at_disp} should be an object, not `{v}`")),
            },
            Ty::Vec(inner) => match v.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.value_errors(inner, None, None, item, &format!("{at}[{i}]"), out);
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
                        out.push(format!("`{}` is not a field of {}", json_path_key(at, key), s.spec_name));
                    }
                }
                for f in &s.fields {
                    let fp = json_path_key(at, &f.wire_name);
                    match obj.get(&f.wire_name) {
                        None if f.required => out.push(format!("mandatory `{fp}` is missing")),
                        None => {}
                        Some(Value::Null) if f.nullable => {}
                        Some(Value::Null) => out.push(format!("`{fp}` is null, which the page does not allow")),
                        Some(fv) => self.value_errors(&f.ty, f.minimum, f.maximum, fv, &fp, out),
                    }
                }
                if !s.any_of.is_empty() {
                    let present = |rust: &str| s.fields.iter().any(|f| f.rust_name == rust && obj.get(&f.wire_name).is_some_and(|x| !x.is_null()));
                    let value_of =
                        |rust: &str| s.fields.iter().find(|f| f.rust_name == rust).and_then(|f| obj.get(&f.wire_name)).and_then(Value::as_str);
                    let holds = s.any_of.iter().any(|b| {
                        b.required.iter().all(|(r, _)| present(r))
                            && b.absent.iter().all(|a| !present(a))
                            && b.restrictions.iter().all(|(r, vals)| value_of(r).is_none_or(|x| vals.iter().any(|v| v == x)))
                    });
                    if !holds {
                        let alts: Vec<&str> = s.any_of.iter().map(|b| b.description.as_str()).collect();
                        out.push(format!("{at_disp} breaks the rule: none of these holds: {}", alts.join("; ")));
                    }
                }
            }
        }
    }
}
