//! Pass: rules between fields (`anyOf`), checked against the struct's fields and enums.

use super::*;

impl Checker<'_> {
    pub(super) fn any_of(
        &mut self,
        schema: &Schema,
        fields: &[Field],
        p: &YamlPath,
    ) -> Vec<Branch> {
        let mut out = Vec::new();
        for (i, b) in schema.any_of.iter().enumerate() {
            let bp = p.key("anyOf").index(i);
            let unsupported = b.reference.is_some()
                || b.type_.is_some()
                || b.enum_.is_some()
                || b.items.is_some()
                || !b.all_of.is_empty()
                || !b.any_of.is_empty();
            if unsupported {
                self.err(&bp, "an anyOf branch may hold only `description`, `required`, `properties` with `enum`, and `not: {required: [...]}`");
                continue;
            }
            self.no_lengths(b, &bp, "an anyOf branch");
            let find = |name: &str| fields.iter().find(|f| f.wire_name == name);
            // A declared property whose field failed to resolve was reported already.
            let declared =
                |name: &str| schema.properties.as_ref().is_some_and(|p| p.contains_key(name));
            let mut branch = Branch {
                description: b.description.clone().unwrap_or_default(),
                required: Vec::new(),
                restrictions: Vec::new(),
                absent: Vec::new(),
            };
            for (j, r) in b.required.iter().enumerate() {
                match find(r) {
                    Some(f) => branch.required.push((f.rust_name.clone(), f.wire_name.clone())),
                    None if declared(r) => {}
                    None => self.err(
                        &bp.key("required").index(j),
                        format!("`{r}` is not a property of this schema"),
                    ),
                }
            }
            for (name, rs) in b.properties.iter().flatten() {
                let rp = bp.key("properties").key(name);
                self.no_lengths(rs, &rp, "a property in an anyOf branch");
                let Some(f) = find(name) else {
                    if !declared(name) {
                        self.err(&rp, format!("`{name}` is not a property of this schema"));
                    }
                    continue;
                };
                let values: Vec<String> = rs
                    .enum_
                    .iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
                let only_enum = rs.enum_.is_some()
                    && rs.type_.is_none()
                    && rs.reference.is_none()
                    && rs.all_of.is_empty();
                if !only_enum || values.len() != rs.enum_.as_ref().map_or(0, Vec::len) {
                    self.err(&rp, "a property in an anyOf branch may only restrict the value with a list of strings in `enum`");
                    continue;
                }
                if let Ty::Enum(e) = &f.ty {
                    let known = self.enum_values(*e);
                    let name = self.type_name(*e).to_string();
                    for v in &values {
                        if !known.contains(v) {
                            self.err(&rp.key("enum"), format!("`{v}` is not a value of `{name}`"));
                        }
                    }
                } else if f.ty != Ty::String {
                    self.err(
                        &rp,
                        "only string and enum properties can be restricted in an anyOf branch",
                    );
                }
                branch.restrictions.push((f.rust_name.clone(), values));
            }
            if let Some(n) = &b.not {
                self.no_lengths(n, &bp.key("not"), "`not`");
                let plain = n.reference.is_none()
                    && n.type_.is_none()
                    && n.properties.is_none()
                    && n.enum_.is_none()
                    && n.not.is_none()
                    && !n.required.is_empty();
                if !plain {
                    self.err(&bp.key("not"), "`not` in an anyOf branch may only hold `required`");
                }
                for (j, r) in n.required.iter().enumerate() {
                    match find(r) {
                        Some(f) => branch.absent.push(f.rust_name.clone()),
                        None if declared(r) => {}
                        None => self.err(
                            &bp.key("not").key("required").index(j),
                            format!("`{r}` is not a property of this schema"),
                        ),
                    }
                }
            }
            if branch.description.is_empty() {
                self.err(
                    &bp,
                    "an anyOf branch needs a `description`: it is how a violation is explained",
                );
            }
            out.push(branch);
        }
        out
    }
}
