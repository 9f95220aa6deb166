//! Pass: components into types. Names and kinds first, so references resolve in any order; then
//! each struct's fields and each enum's values; then which types are sent and which received.

use super::*;

impl Checker<'_> {
    // ---- components ------------------------------------------------------------------------

    pub(super) fn components(&mut self) {
        let doc = self.doc();
        let base = root().key("components").key("schemas");
        // First pass: names and kinds, so that references can be resolved in any order.
        let mut kinds = Vec::new();
        let mut rust_names: HashMap<String, String> = HashMap::new();
        for (name, schema) in &doc.components.schemas {
            let p = base.key(name);
            let rust = name.to_upper_camel_case();
            if !is_camel_ident(&rust) {
                self.err(&p, format!("schema name `{name}` does not make a Rust type name"));
                continue;
            }
            if let Some(other) = rust_names.get(&rust) {
                let other = other.clone();
                self.err(
                    &p,
                    format!(
                        "schema `{name}` and schema `{other}` both become the Rust type `{rust}`"
                    ),
                );
                continue;
            }
            rust_names.insert(rust.clone(), name.clone());
            self.rust_names.insert(rust.clone());
            let kind = match (schema.type_.as_deref(), &schema.enum_) {
                (Some("object"), None) => Kind::Struct,
                (Some("string"), Some(_)) => Kind::Enum,
                _ => {
                    self.err(&p, "a component schema must be an object or a string enum");
                    continue;
                }
            };
            self.no_lengths(schema, &p, "a component schema");
            let idx = self.types.len();
            self.by_spec_name.insert(name.clone(), idx);
            self.types.push(match kind {
                Kind::Struct => TypeDef::Struct(StructDef {
                    spec_name: name.clone(),
                    rust_name: rust,
                    description: Vec::new(),
                    provenance: Provenance::default(),
                    rule_source: None,
                    made_for: None,
                    used_by: Vec::new(),
                    role: Role::Request,
                    fields: Vec::new(),
                    any_of: Vec::new(),
                    is_query: false,
                    is_headers: false,
                }),
                Kind::Enum => TypeDef::Enum(EnumDef {
                    spec_name: name.clone(),
                    rust_name: rust,
                    description: Vec::new(),
                    provenance: Provenance::default(),
                    used_by: Vec::new(),
                    values: Vec::new(),
                }),
            });
            kinds.push((name, schema, idx, kind));
        }
        // Enums first: struct rules restrict enum values and are checked against them.
        kinds.sort_by_key(|(_, _, _, kind)| *kind == Kind::Struct);
        for (name, schema, idx, kind) in kinds {
            let p = base.key(name);
            match kind {
                Kind::Struct => {
                    let def = self.struct_def(name, schema, &p);
                    self.types[idx] = TypeDef::Struct(def);
                }
                Kind::Enum => {
                    let def = self.enum_def(name, schema, &p);
                    self.types[idx] = TypeDef::Enum(def);
                }
            }
        }
    }

    pub(super) fn provenance(&self, schema: &Schema) -> Provenance {
        Provenance { page_table: schema.page_table.clone(), sdk_name: schema.sdk_name.clone() }
    }

    pub(super) fn enum_def(&mut self, name: &str, schema: &Schema, p: &YamlPath) -> EnumDef {
        let description = schema.description.as_deref().map(lines).unwrap_or_default();
        let mut wires: Vec<&str> = Vec::new();
        for (i, v) in schema.enum_.iter().flatten().enumerate() {
            let vp = p.key("enum").index(i);
            let Some(s) = v.as_str() else {
                self.err(&vp, "enum values must be strings");
                continue;
            };
            if wires.contains(&s) {
                self.err(&vp, format!("enum value `{s}` is listed twice"));
                continue;
            }
            wires.push(s);
        }
        // Variant names are made from the values together: a clash gets a numeric suffix.
        let variants = names::variant_names(wires.iter().copied());
        let values: Vec<EnumValue> = wires
            .iter()
            .zip(variants)
            .map(|(s, variant)| EnumValue {
                wire: s.to_string(),
                variant,
                description: schema.enum_descriptions.get(*s).map(|d| lines(d)),
            })
            .collect();
        for key in schema.enum_descriptions.keys() {
            if !values.iter().any(|v| &v.wire == key) {
                self.err(
                    &p.key("x-enum-descriptions").key(key),
                    format!("`{key}` is not one of the enum's values"),
                );
            }
        }
        EnumDef {
            spec_name: name.to_string(),
            rust_name: name.to_upper_camel_case(),
            description,
            provenance: self.provenance(schema),
            used_by: Vec::new(),
            values,
        }
    }

    pub(super) fn struct_def(&mut self, name: &str, schema: &Schema, p: &YamlPath) -> StructDef {
        if matches!(
            schema.additional_properties,
            Some(
                model::AdditionalProperties::Schema(_) | model::AdditionalProperties::Allowed(true)
            )
        ) {
            self.err(
                &p.key("additionalProperties"),
                "an object with properties and extra keys besides is not supported: its extra keys would be lost",
            );
        }
        let props = schema.properties.clone().unwrap_or_default();
        for (i, r) in schema.required.iter().enumerate() {
            if !props.contains_key(r) {
                self.err(
                    &p.key("required").index(i),
                    format!("required property `{r}` is not among the properties"),
                );
            }
        }
        let mut fields: Vec<Field> = Vec::new();
        for (prop, ps) in &props {
            let fp = p.key("properties").key(prop);
            match self.field(prop, ps, schema.required.contains(prop), &fp) {
                Some(f) => {
                    if let Some(other) = fields.iter().find(|o| o.rust_name == f.rust_name) {
                        let message = format!(
                            "properties `{}` and `{prop}` both make the Rust field name `{}`: each property of an object needs its own",
                            other.wire_name, f.rust_name
                        );
                        self.err(&fp, message);
                        continue;
                    }
                    fields.push(f)
                }
                None => {
                    if let Some(&i) = self.by_spec_name.get(name) {
                        self.broken.insert(TypeId(i));
                    }
                }
            }
        }
        let any_of = self.any_of(schema, &fields, p);
        StructDef {
            spec_name: name.to_string(),
            rust_name: name.to_upper_camel_case(),
            description: schema.description.as_deref().map(lines).unwrap_or_default(),
            provenance: self.provenance(schema),
            rule_source: schema.rule_source.clone(),
            made_for: None,
            used_by: Vec::new(),
            role: Role::Request,
            fields,
            any_of,
            is_query: false,
            is_headers: false,
        }
    }

    /// The type of a property or parameter schema.
    pub(super) fn ty(&mut self, s: &Schema, p: &YamlPath) -> Option<Ty> {
        if let Some(r) = &s.reference {
            return self.reference(r, &p.key("$ref"));
        }
        if !s.all_of.is_empty() {
            if s.all_of.len() != 1 || s.all_of[0].reference.is_none() || s.type_.is_some() {
                self.err(&p.key("allOf"), "`allOf` is supported only as `allOf: [$ref]`, to give a reference its own description");
                return None;
            }
            let r = s.all_of[0].reference.clone().unwrap_or_default();
            return self.reference(&r, &p.key("allOf").index(0).key("$ref"));
        }
        if s.enum_.is_some() {
            self.err(&p.key("enum"), "name an enum as a component schema and refer to it, so its Rust type has a chosen name");
            return None;
        }
        if !s.example_types.is_empty() {
            return self.text_or_number(s, p);
        }
        match s.type_.as_deref() {
            Some("string") => match s.format.as_deref() {
                None | Some("date-time" | "date") => Some(Ty::String),
                Some(f) => {
                    self.err(&p.key("format"), format!("unsupported string format `{f}`: only `date-time` and `date`, kept as strings"));
                    None
                }
            },
            Some("boolean") => Some(Ty::Bool),
            Some("number") => match s.format.as_deref() {
                None | Some("double" | "float") => Some(Ty::F64),
                Some(f) => {
                    self.err(&p.key("format"), format!("unsupported number format `{f}`: only `double` and `float`, both read as f64"));
                    None
                }
            },
            Some("integer") => match s.format.as_deref() {
                Some("int32") => Some(Ty::I32),
                Some("int64") | None => Some(Ty::I64),
                Some(f) => {
                    self.err(&p.key("format"), format!("unsupported integer format `{f}`"));
                    None
                }
            },
            Some("array") => match &s.items {
                Some(items) => {
                    self.no_inner_rules(items, &p.key("items"));
                    self.ty(items, &p.key("items")).map(|t| Ty::Vec(Box::new(t)))
                }
                None => {
                    self.err(p, "an array needs `items`");
                    None
                }
            },
            Some("object")
                if s.properties.as_ref().is_some_and(|p| !p.is_empty())
                    || !s.required.is_empty() =>
            {
                self.err(p, "inline objects with properties are not supported: name the object as a component schema");
                None
            }
            Some("object") => match &s.additional_properties {
                None | Some(model::AdditionalProperties::Allowed(true)) => Some(Ty::Json),
                Some(model::AdditionalProperties::Schema(values)) => {
                    self.no_inner_rules(values, &p.key("additionalProperties"));
                    self.ty(values, &p.key("additionalProperties")).map(|t| Ty::Map(Box::new(t)))
                }
                Some(model::AdditionalProperties::Allowed(false)) => {
                    self.err(&p.key("additionalProperties"), "an object with no properties and `additionalProperties: false` can hold nothing");
                    None
                }
            },
            Some(t) => {
                self.err(&p.key("type"), format!("unsupported type `{t}`"));
                None
            }
            None => {
                self.err(p, "a schema needs a `type` or a `$ref`");
                None
            }
        }
    }

    /// The type of a scalar whose table and example disagree (`x-example-types`): a string the
    /// example prints as a number, or a number it prints as a string, is read as either
    /// ([`Ty::TextOrNumber`]); the disagreement must be recorded in `x-erratum`. Other pairs are
    /// refused: the generated code could not read both.
    fn text_or_number(&mut self, s: &Schema, p: &YamlPath) -> Option<Ty> {
        let at = p.key("x-example-types");
        let own = s.type_.as_deref().unwrap_or("");
        let numeric = |t: &str| matches!(t, "integer" | "number");
        let readable = match own {
            "string" => s.example_types.iter().all(|t| numeric(t)),
            "integer" | "number" => s.example_types.iter().all(|t| t == "string"),
            _ => false,
        };
        if !readable || s.reference.is_some() || s.enum_.is_some() {
            self.err(
                &at,
                format!(
                    "`x-example-types` {:?} on a schema of type `{own}`: only a string printed as a number (`integer`, `number`) or a number printed as a string (`string`) can be read both ways",
                    s.example_types
                ),
            );
            return None;
        }
        if s.erratum.is_none() {
            self.err(&at, "`x-example-types` records a disagreement between the page's table and its example: say what the page prints, and why both are read, in `x-erratum`");
            return None;
        }
        Some(Ty::TextOrNumber)
    }

    /// Rules on an array's items or a map's values are not checked by the generated code, so
    /// they are refused rather than dropped.
    pub(super) fn no_inner_rules(&mut self, s: &Schema, p: &YamlPath) {
        let rules = [
            (s.minimum.is_some(), "minimum"),
            (s.maximum.is_some(), "maximum"),
            (s.default.is_some(), "default"),
            (s.nullable, "nullable"),
            (s.min_length.is_some(), "minLength"),
            (s.max_length.is_some(), "maxLength"),
            (s.pattern.is_some(), "pattern"),
            (s.min_items.is_some(), "minItems"),
            (s.max_items.is_some(), "maxItems"),
        ];
        for (_, rule) in rules.iter().filter(|(set, _)| *set) {
            self.err(&p.key(rule), format!("`{rule}` on array items or map values is not supported: it would not be checked"));
        }
    }

    pub(super) fn reference(&mut self, r: &str, p: &YamlPath) -> Option<Ty> {
        let Some(name) = r.strip_prefix(REF_PREFIX) else {
            self.err(
                p,
                format!("unsupported reference `{r}`: only `{REF_PREFIX}Name` is supported"),
            );
            return None;
        };
        match self.by_spec_name.get(name).map(|&i| (TypeId(i), &self.types[i])) {
            Some((id, TypeDef::Struct(_))) => Some(Ty::Struct(id)),
            Some((id, TypeDef::Enum(_))) => Some(Ty::Enum(id)),
            None => {
                self.err(p, format!("dangling reference `{r}`: there is no schema `{name}`"));
                None
            }
        }
    }

    pub(super) fn integer_bound(
        &mut self,
        n: &Option<serde_json::Number>,
        p: &YamlPath,
    ) -> Option<i64> {
        let n = n.as_ref()?;
        match n.as_i64() {
            Some(v) => Some(v),
            None => {
                self.err(p, format!("bound `{n}` must be an integer"));
                None
            }
        }
    }

    pub(super) fn field(
        &mut self,
        wire: &str,
        s: &Schema,
        required: bool,
        p: &YamlPath,
    ) -> Option<Field> {
        let rust_name = names::field_name(wire);
        let ty = self.ty(s, p)?;
        let minimum = self.integer_bound(&s.minimum, &p.key("minimum"));
        let maximum = self.integer_bound(&s.maximum, &p.key("maximum"));
        if (minimum.is_some() || maximum.is_some()) && !matches!(ty, Ty::I32 | Ty::I64) {
            self.err(p, "minimum and maximum are supported on integers only");
        }
        let (min_length, max_length, pattern, min_items, max_items) = self.lengths(s, &ty, p);
        let erratum = |e: &model::Erratum| Erratum {
            page_says: e.page_says.clone(),
            reason: e.reason.clone(),
        };
        let field = Field {
            wire_name: wire.to_string(),
            rust_name,
            description: s.description.as_deref().map(lines).unwrap_or_default(),
            format: s.format.clone(),
            page_type: s.page_type.clone(),
            erratum: s.erratum.as_ref().map(erratum),
            example_erratum: None,
            required,
            ty,
            minimum,
            maximum,
            min_length,
            max_length,
            pattern,
            min_items,
            max_items,
            non_empty: false,
            header: false,
            default: s.default.clone(),
            nullable: s.nullable,
        };
        if let Some(d) = &s.default {
            let mut errs = Vec::new();
            self.value_errors(
                &field.ty,
                examples::Limits::of(&field),
                d,
                "default",
                examples::Side::Request,
                &mut errs,
            );
            for e in errs {
                self.err(&p.key("default"), format!("default does not fit the schema: {e}"));
            }
        }
        Some(field)
    }

    /// Refuse `minLength`, `maxLength`, `pattern`, `minItems` and `maxItems` on a schema whose
    /// fields they would not check (`what`: a component's own schema, an anyOf branch).
    pub(super) fn no_lengths(&mut self, s: &Schema, p: &YamlPath, what: &str) {
        let set = [
            (s.min_length.is_some(), "minLength"),
            (s.max_length.is_some(), "maxLength"),
            (s.pattern.is_some(), "pattern"),
            (s.min_items.is_some(), "minItems"),
            (s.max_items.is_some(), "maxItems"),
        ];
        for (_, keyword) in set.iter().filter(|(set, _)| *set) {
            self.err(&p.key(keyword), format!("`{keyword}` on {what} is not supported: it would not be checked; put it on a property or parameter"));
        }
    }

    /// `minLength`, `maxLength` and `pattern` (strings) and `minItems` and `maxItems` (arrays)
    /// of a field of type `ty`: each where it is checked, bounds in order, a pattern that
    /// compiles with the `regex` crate, as the generated `validate()` runs it.
    #[allow(clippy::type_complexity)]
    pub(super) fn lengths(
        &mut self,
        s: &Schema,
        ty: &Ty,
        p: &YamlPath,
    ) -> (Option<u64>, Option<u64>, Option<String>, Option<u64>, Option<u64>) {
        let string = *ty == Ty::String;
        let array = matches!(ty, Ty::Vec(_));
        let keep = |this: &mut Self, set: bool, ok: bool, keyword: &str, on: &str| {
            if set && !ok {
                this.err(&p.key(keyword), format!("`{keyword}` is supported on {on} only"));
            }
            set && ok
        };
        let min_length = keep(self, s.min_length.is_some(), string, "minLength", "strings")
            .then_some(s.min_length)
            .flatten();
        let max_length = keep(self, s.max_length.is_some(), string, "maxLength", "strings")
            .then_some(s.max_length)
            .flatten();
        let mut pattern = keep(self, s.pattern.is_some(), string, "pattern", "strings")
            .then(|| s.pattern.clone())
            .flatten();
        let min_items = keep(self, s.min_items.is_some(), array, "minItems", "arrays")
            .then_some(s.min_items)
            .flatten();
        let max_items = keep(self, s.max_items.is_some(), array, "maxItems", "arrays")
            .then_some(s.max_items)
            .flatten();
        for (lo, hi, what) in
            [(min_length, max_length, "minLength"), (min_items, max_items, "minItems")]
        {
            if let (Some(lo), Some(hi)) = (lo, hi) {
                if lo > hi {
                    self.err(
                        &p.key(what),
                        format!("`{what}` {lo} is above the maximum {hi}: no value could be valid"),
                    );
                }
            }
        }
        if let Some(re) = &pattern {
            if let Err(e) = regex::Regex::new(re) {
                // The regex crate's message spans lines (the pattern, a caret, the reason).
                let why = e
                    .to_string()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                self.err(&p.key("pattern"), format!("`pattern` `{re}` does not compile as a Rust regular expression (the `regex` crate): {why}"));
                pattern = None;
            }
        }
        (min_length, max_length, pattern, min_items, max_items)
    }

    /// The known values of the enum `id`.
    pub(super) fn enum_values(&self, id: TypeId) -> Vec<String> {
        match self.types.get(id.0) {
            Some(TypeDef::Enum(e)) => e.values.iter().map(|v| v.wire.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// The struct `id` names.
    pub(super) fn struct_by_id(&self, id: TypeId) -> Option<&StructDef> {
        match self.types.get(id.0) {
            Some(TypeDef::Struct(s)) => Some(s),
            _ => None,
        }
    }

    /// The Rust name of type `id`, for messages.
    pub(super) fn type_name(&self, id: TypeId) -> &str {
        self.types.get(id.0).map_or("", TypeDef::rust_name)
    }

    // ---- roles -----------------------------------------------------------------------------

    pub(super) fn roles(&mut self, ops: &[Operation]) {
        let mut request = BTreeSet::new();
        let mut response = BTreeSet::new();
        for o in ops {
            for t in [o.body, o.path_params, o.query, o.headers].into_iter().flatten() {
                self.reach(t, &mut request);
            }
            for r in &o.responses {
                if let Some(t) = r.body {
                    self.reach(t, &mut response);
                }
            }
        }
        let base = root().key("components").key("schemas");
        let mut problems = Vec::new();
        for (i, t) in self.types.iter_mut().enumerate() {
            let id = TypeId(i);
            match (request.contains(&id), response.contains(&id)) {
                (true, true) => problems.push((
                    t.spec_name().to_string(),
                    "is used by both a request and a response; give each its own schema, since requests are strict and responses lenient",
                )),
                // With problems already found, a schema may look unused only because the
                // reference to it was the problem.
                (false, false) if !self.diags.is_empty() => {}
                (false, false) => problems.push((t.spec_name().to_string(), "is not used by any operation")),
                (false, true) => {
                    if let TypeDef::Struct(s) = t {
                        s.role = Role::Response;
                    }
                }
                (true, false) => {}
            }
        }
        for (name, msg) in problems {
            self.err(&base.key(&name), format!("schema `{name}` {msg}"));
        }
        // A request is sent as its table says: reading a value both ways is for responses.
        let mut both_ways = Vec::new();
        for id in &request {
            if let Some(TypeDef::Struct(s)) = self.types.get(id.0) {
                for f in s.fields.iter().filter(|f| holds_text_or_number(&f.ty)) {
                    both_ways.push((s.spec_name.clone(), f.wire_name.clone()));
                }
            }
        }
        for (name, field) in both_ways {
            self.err(
                &base.key(&name).key("properties").key(&field).key("x-example-types"),
                format!("`{name}.{field}` is sent in a request, which follows its table: `x-example-types` is for response fields only (correct the request example and record it in the example's `x-erratum`)"),
            );
        }
        let doc = self.doc();
        for (name, s) in &doc.components.schemas {
            let id = self.by_spec_name.get(name).map(|&i| TypeId(i));
            let is_response =
                id.and_then(|id| self.struct_by_id(id)).is_some_and(|s| s.role == Role::Response);
            if is_response && !s.required.is_empty() {
                self.err(
                    &base.key(name).key("required"),
                    "response schemas have no `required`: the pages give responses no Mandatory column, and responses are parsed leniently",
                );
            }
        }
    }

    /// Add to each type's documentation the pages (operations) it is used by.
    pub(super) fn name_pages(&mut self, ops: &[Operation]) {
        let mut pages: HashMap<TypeId, Vec<String>> = HashMap::new();
        for o in ops {
            let mut reached = BTreeSet::new();
            let roots = [o.body, o.path_params, o.query, o.headers]
                .into_iter()
                .flatten()
                .chain(o.responses.iter().filter_map(|r| r.body));
            for t in roots {
                self.reach(t, &mut reached);
            }
            for t in reached {
                pages.entry(t).or_default().push(format!(
                    "*{}* (`{} {}`, page updated {})",
                    o.page_title, o.method, o.path, o.page_updated
                ));
            }
        }
        for (i, t) in self.types.iter_mut().enumerate() {
            let Some(p) = pages.remove(&TypeId(i)) else { continue };
            match t {
                TypeDef::Struct(s) => s.used_by = p,
                TypeDef::Enum(e) => e.used_by = p,
            }
        }
    }

    /// Every type `id` reaches through its fields, itself included.
    pub(super) fn reach(&self, id: TypeId, seen: &mut BTreeSet<TypeId>) {
        if !seen.insert(id) {
            return;
        }
        if let Some(s) = self.struct_by_id(id) {
            for f in &s.fields {
                let mut t = &f.ty;
                while let Ty::Vec(inner) | Ty::Map(inner) = t {
                    t = inner;
                }
                if let Ty::Struct(n) | Ty::Enum(n) = t {
                    self.reach(*n, seen);
                }
            }
        }
    }
}

/// Whether `ty` is, or holds, a value read both ways ([`Ty::TextOrNumber`]).
fn holds_text_or_number(ty: &Ty) -> bool {
    match ty {
        Ty::TextOrNumber => true,
        Ty::Vec(inner) | Ty::Map(inner) => holds_text_or_number(inner),
        _ => false,
    }
}
