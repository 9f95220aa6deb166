//! Pass: operations. Path templates parsed once, parameters into made types, bodies and
//! responses resolved, paging checked.

use super::*;

/// An operation's parameters, checked and sorted by where they are sent, before the types made
/// for them.
struct ParameterFields {
    /// Path parameters, in template order (the order a caller passes them in).
    path: Vec<Field>,
    /// Query parameters.
    query: Vec<Field>,
    /// Header parameters other than the credential's.
    headers: Vec<Field>,
}

impl Checker<'_> {
    // ---- operations ------------------------------------------------------------------------

    pub(super) fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &model::Operation,
        p: &YamlPath,
    ) -> Option<Operation> {
        let fn_name = op.operation_id.to_snake_case();
        if !is_snake_ident(&fn_name) || op.operation_id.to_lower_camel_case() != op.operation_id {
            self.err(
                &p.key("operationId"),
                format!("operationId `{}` is not lowerCamelCase", op.operation_id),
            );
        }
        let upper = op.operation_id.to_upper_camel_case();
        let (segments, template_ok) = match parse_template(path) {
            Ok(t) => (t, true),
            Err(e) => {
                self.err(&p.parent(), e);
                (Vec::new(), false)
            }
        };
        let template: Vec<String> = segments
            .iter()
            .filter_map(|s| match s {
                Segment::Param(n) => Some(n.clone()),
                Segment::Literal(_) => None,
            })
            .collect();
        let (fields, credential_header, parameter_examples) =
            self.parameter_fields(path, op, p, &template, template_ok);
        let method_upper = method.to_uppercase();
        let (path_params, query, headers) =
            self.parameter_types(op, p, &upper, &method_upper, path, fields);
        let (body, body_examples) = self.request_body(&method_upper, op, p);
        let responses = self.responses(op, p);
        let (success_body, bodiless_success) = self.success_body(&responses, op, p);
        let paging = self.operation_paging(op, query, success_body, p);

        Some(Operation {
            id: op.operation_id.clone(),
            fn_name,
            const_name: op.operation_id.to_shouty_snake_case(),
            retry: crate::ir::Retry::of(&method_upper),
            method: method_upper,
            path: path.to_string(),
            segments,
            summary: op.summary.clone(),
            description: op.description.as_deref().map(lines).unwrap_or_default(),
            open_points: op.open_points.clone(),
            sdk_name: op.sdk_name.clone(),
            page_title: op.source.title.clone(),
            page_file: op.source.page.clone(),
            page_updated: op.source.updated.clone(),
            path_params,
            query,
            headers,
            body,
            credential_header,
            body_examples,
            parameter_examples,
            responses,
            bodiless_success,
            paging,
            waiter: None,
        })
    }

    /// The operation's parameters as fields, each checked against its place and the path
    /// template (`template`, its variables; `template_ok` when it parsed), with the credential's
    /// header and the parameters' examples.
    fn parameter_fields(
        &mut self,
        path: &str,
        op: &model::Operation,
        p: &YamlPath,
        template: &[String],
        template_ok: bool,
    ) -> (ParameterFields, Option<String>, Vec<(String, Value)>) {
        let mut path_fields = Vec::new();
        let mut query_fields = Vec::new();
        let mut credential_header = None;
        let mut header_fields = Vec::new();
        let mut parameter_examples = Vec::new();
        let mut seen = BTreeSet::new();
        // The Rust field names taken in each place (path, query, header), with the wire name
        // that took each: one made type holds each place's parameters.
        let mut rust_names: HashMap<(u8, String), String> = HashMap::new();
        for (i, prm) in op.parameters.iter().enumerate() {
            let pp = p.key("parameters").index(i);
            if !seen.insert((prm.name.clone(), prm.location as u8)) {
                self.err(&pp.key("name"), format!("parameter `{}` is declared twice", prm.name));
                continue;
            }
            if prm.credential.is_none() {
                let rust = names::field_name(&prm.name);
                if let Some(other) = rust_names.get(&(prm.location as u8, rust.clone())) {
                    let place = match prm.location {
                        ParameterLocation::Path => "path",
                        ParameterLocation::Query => "query",
                        ParameterLocation::Header => "header",
                    };
                    let message =
                        format!("{place} parameters `{other}` and `{}` both make the Rust field name `{rust}`: each needs its own", prm.name);
                    self.err(&pp.key("name"), message);
                    continue;
                }
                rust_names.insert((prm.location as u8, rust), prm.name.clone());
            }
            if prm.credential.is_some() && prm.location != ParameterLocation::Header {
                self.err(&pp.key("x-credential"), "`x-credential` belongs on a header parameter");
            }
            match prm.location {
                ParameterLocation::Header => {
                    match prm.credential.as_deref() {
                        Some("token") => credential_header = Some(prm.name.clone()),
                        Some(other) => self.err(
                            &pp.key("x-credential"),
                            format!("unknown credential kind `{other}`: only `token` is supported"),
                        ),
                        None => {
                            if let Some(f) = self.header_field(prm, &pp) {
                                header_fields.push(f);
                            }
                        }
                    }
                    continue;
                }
                ParameterLocation::Path => {
                    if !prm.required {
                        self.err(
                            &pp.key("required"),
                            format!("path parameter `{}` must be `required: true`", prm.name),
                        );
                    }
                    if template_ok && !template.contains(&prm.name) {
                        self.err(
                            &pp.key("name"),
                            format!(
                                "path parameter `{}` does not appear in the path template `{path}`",
                                prm.name
                            ),
                        );
                        continue;
                    }
                }
                ParameterLocation::Query => {
                    if template.contains(&prm.name) {
                        self.err(
                            &pp.key("in"),
                            format!("`{}` is a variable of the path template `{path}`: declare it `in: path`, not `in: query`", prm.name),
                        );
                        continue;
                    }
                }
            }
            let Some(mut f) = self.parameter_field(prm, &pp, &mut parameter_examples) else {
                continue;
            };
            if prm.location == ParameterLocation::Path {
                f.non_empty = true;
                path_fields.push(f);
            } else {
                query_fields.push(f);
            }
        }
        for t in template {
            if !path_fields.iter().any(|f| &f.wire_name == t)
                && !op.parameters.iter().any(|x| &x.name == t)
            {
                self.err(
                    &p.key("parameters"),
                    format!(
                        "path template parameter `{{{t}}}` is not declared as a path parameter"
                    ),
                );
            }
        }
        // Keep path fields in template order, the order a caller passes them in.
        path_fields.sort_by_key(|f| template.iter().position(|t| t == &f.wire_name));
        (
            ParameterFields { path: path_fields, query: query_fields, headers: header_fields },
            credential_header,
            parameter_examples,
        )
    }

    /// A path or query parameter's field: a value it can be sent as, its description, and its
    /// example checked against its schema (added to `parameter_examples`).
    fn parameter_field(
        &mut self,
        prm: &model::Parameter,
        pp: &YamlPath,
        parameter_examples: &mut Vec<(String, Value)>,
    ) -> Option<Field> {
        let mut f = self.field(&prm.name, &prm.schema, prm.required, &pp.key("schema"))?;
        let scalar =
            |t: &Ty| matches!(t, Ty::String | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool | Ty::Enum(_));
        let sendable = match (&prm.location, &f.ty) {
            (ParameterLocation::Query, Ty::Vec(inner)) => scalar(inner),
            (_, t) => scalar(t),
        };
        if !sendable {
            self.err(
                &pp.key("schema"),
                "a query parameter is a string, integer, number, boolean or enum, or an array of them (sent as repeated keys)",
            );
            return None;
        }
        if prm.location == ParameterLocation::Path && f.ty != Ty::String {
            self.err(&pp.key("schema"), "path parameters must be strings");
            return None;
        }
        // The description lives on the parameter, not its schema.
        f.description = prm.description.as_deref().map(lines).unwrap_or_default();
        f.example_erratum = prm
            .erratum
            .as_ref()
            .map(|e| Erratum { page_says: e.page_says.clone(), reason: e.reason.clone() });
        if let Some(ex) = &prm.example {
            let mut errs = Vec::new();
            self.value_errors(
                &f.ty,
                examples::Limits::of(&f),
                ex,
                &prm.name,
                examples::Side::Request,
                &mut errs,
            );
            for e in errs {
                self.err(&pp.key("example"), format!("example contradicts its schema: {e}"));
            }
            parameter_examples.push((prm.name.clone(), ex.clone()));
        }
        Some(f)
    }

    /// The types made for the operation's path, query and header parameters (`{Op}PathParams`,
    /// `{Op}Query`, `{Op}Headers`; none for a place without parameters), with the rules between
    /// query parameters (`x-query-rules`) on the query's.
    fn parameter_types(
        &mut self,
        op: &model::Operation,
        p: &YamlPath,
        upper: &str,
        method_upper: &str,
        path: &str,
        fields: ParameterFields,
    ) -> (Option<TypeId>, Option<TypeId>, Option<TypeId>) {
        let ParameterFields { path: path_fields, query: query_fields, headers: header_fields } =
            fields;
        let title = op.source.title.clone();
        let params_type = |this: &mut Self,
                           suffix: &str,
                           fields: Vec<Field>,
                           what: &str,
                           made: Made|
         -> Option<TypeId> {
            if fields.is_empty() {
                return None;
            }
            let rust = format!("{upper}{suffix}");
            if this.by_spec_name.contains_key(&rust) || !this.rust_names.insert(rust.clone()) {
                this.err(
                    p,
                    format!("the made type name `{rust}` collides with a component schema"),
                );
                return None;
            }
            let id = TypeId(this.types.len());
            this.types.push(TypeDef::Struct(StructDef {
                spec_name: rust.clone(),
                rust_name: rust,
                description: Vec::new(),
                provenance: Provenance::default(),
                rule_source: None,
                made_for: Some(format!("The {what} of `{method_upper} {path}` ({title}).")),
                used_by: Vec::new(),
                role: Role::Request,
                fields,
                any_of: Vec::new(),
                is_query: made == Made::Query,
                is_headers: made == Made::Headers,
            }));
            Some(id)
        };
        let path_params =
            params_type(self, "PathParams", path_fields, "path parameters", Made::Path);
        // Rules between query parameters: the query type's, as a schema's `anyOf` is its type's.
        let query_rules = op.query_rules.as_ref().map(|r| {
            let rp = p.key("x-query-rules");
            let plain = r.type_.is_none()
                && r.properties.is_none()
                && r.reference.is_none()
                && r.all_of.is_empty()
                && r.enum_.is_none();
            self.no_lengths(r, &rp, "`x-query-rules`");
            if !plain || r.any_of.is_empty() {
                self.err(&rp, "`x-query-rules` holds `anyOf` (and `x-rule-source`) only");
            }
            (self.any_of(r, &query_fields, &rp), r.rule_source.clone())
        });
        let query = params_type(self, "Query", query_fields, "query parameters", Made::Query);
        match (query, query_rules) {
            (Some(q), Some((rules, source))) => {
                if let Some(TypeDef::Struct(sd)) = self.types.get_mut(q.0) {
                    sd.any_of = rules;
                    sd.rule_source = source;
                }
            }
            (None, Some(_)) => self.err(
                &p.key("x-query-rules"),
                "rules between query parameters need query parameters",
            ),
            _ => {}
        }
        let headers =
            params_type(self, "Headers", header_fields, "header parameters", Made::Headers);
        (path_params, query, headers)
    }

    /// The request body's type and examples: none for a GET or HEAD, and a body must be
    /// required.
    fn request_body(
        &mut self,
        method_upper: &str,
        op: &model::Operation,
        p: &YamlPath,
    ) -> (Option<TypeId>, Vec<NamedExample>) {
        match &op.request_body {
            None => (None, Vec::new()),
            Some(_) if matches!(method_upper, "GET" | "HEAD") => {
                self.err(
                    &p.key("requestBody"),
                    format!("a {method_upper} request has no body: put its fields in query parameters (`in: query`), as the page's URI does"),
                );
                (None, Vec::new())
            }
            Some(rb) => {
                let bp = p.key("requestBody");
                if !rb.required {
                    self.err(&bp.key("required"), "an optional request body is not supported");
                }
                match self.media(&rb.content, &bp.key("content"), examples::Side::Request) {
                    Some((ty, ex)) => (ty, ex),
                    None => (None, Vec::new()),
                }
            }
        }
    }

    /// Each documented response: its status (a code, or `default`), its body (JSON, text or
    /// none) and its examples.
    fn responses(&mut self, op: &model::Operation, p: &YamlPath) -> Vec<ResponseDef> {
        let mut responses = Vec::new();
        for (code, r) in &op.responses {
            let rp = p.key("responses").key(code);
            let status = if code == "default" {
                None
            } else {
                match code.parse::<u16>() {
                    Ok(c) if (100..=599).contains(&c) && code.len() == 3 => Some(c),
                    _ => {
                        self.err(&rp, format!("`{code}` is not a status code or `default`"));
                        continue;
                    }
                }
            };
            let text = r.content.contains_key(TEXT);
            let (body, examples) = if r.content.is_empty() {
                (None, Vec::new())
            } else if text {
                (None, self.text_media(&r.content, &rp.key("content")))
            } else {
                self.media(&r.content, &rp.key("content"), examples::Side::Response)
                    .unwrap_or((None, Vec::new()))
            };
            responses.push(ResponseDef {
                status,
                description: r.description.clone(),
                body,
                text,
                examples,
            });
        }
        responses
    }

    /// The success (2xx) responses, checked together: at least one, one body type shared (the
    /// method's), and a plain-text success alone. Returns that body type and the successes
    /// documented without a body, for which the method's body is `None`.
    fn success_body(
        &mut self,
        responses: &[ResponseDef],
        op: &model::Operation,
        p: &YamlPath,
    ) -> (Option<TypeId>, Vec<u16>) {
        let success: Vec<&ResponseDef> =
            responses.iter().filter(|r| matches!(r.status, Some(200..=299))).collect();
        if success.is_empty() {
            self.err(&p.key("responses"), "an operation needs a documented success (2xx) response");
        }
        // The 2xx share one body type; some may have none (a restart answers with a body, a
        // delete of the same action with 204): the method's body is then an `Option`.
        let success_bodies: BTreeSet<(Option<TypeId>, bool)> =
            success.iter().map(|r| (r.body, r.text)).filter(|b| *b != (None, false)).collect();
        if success_bodies.len() > 1 {
            self.err(
                &p.key("responses"),
                "the documented success responses must share one body type (or have none)",
            );
        }
        let success_body = success.iter().find_map(|r| r.body);
        let json_success = success_bodies.iter().any(|(b, text)| b.is_some() && !text);
        let bodiless_success: Vec<u16> = if json_success {
            success
                .iter()
                .filter(|r| r.body.is_none() && !r.text)
                .filter_map(|r| r.status)
                .collect()
        } else {
            Vec::new()
        };
        if !bodiless_success.is_empty() && (op.paging.is_some() || op.waiter.is_some()) {
            let key = if op.paging.is_some() { "x-paging" } else { "x-waiter" };
            self.err(&p.key(key), format!("`{key}` needs a body in every success, and {bodiless_success:?} documents none"));
        }
        let success_bodies: BTreeSet<(Option<TypeId>, bool)> =
            success.iter().map(|r| (r.body, r.text)).collect();
        if success_bodies.len() > 1 && success_bodies.iter().any(|(_, text)| *text) {
            self.err(
                &p.key("responses"),
                "a plain-text success and another success of the same operation are not supported",
            );
        }
        (success_body, bodiless_success)
    }

    /// The listing's paging (`x-paging`), on the query type and the success body; a streamed
    /// listing has no request body.
    fn operation_paging(
        &mut self,
        op: &model::Operation,
        query: Option<TypeId>,
        success_body: Option<TypeId>,
        p: &YamlPath,
    ) -> Option<crate::ir::Paging> {
        if op.paging.is_some() && op.request_body.is_some() {
            // The stream asks for each page with the path, query and headers it was given.
            self.err(
                &p.key("x-paging"),
                "`x-paging` on an operation with a request body is not supported: a streamed listing sends only its path, query and headers",
            );
        }
        op.paging.as_ref().and_then(|pg| self.paging(pg, query, success_body, &p.key("x-paging")))
    }

    /// A header parameter other than the credential: a field named after the header as any
    /// wire name is ([`names::field_name`]: `X-Language` is `x_language`), sent under the
    /// header's own name.
    pub(super) fn header_field(&mut self, prm: &model::Parameter, pp: &YamlPath) -> Option<Field> {
        // An HTTP header name is a token: letters, digits and these.
        let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        if prm.name.is_empty() || !prm.name.bytes().all(token) {
            self.err(&pp.key("name"), format!("`{}` is not an HTTP header name (letters, digits and `-`, `_`, `.` and the like)", prm.name));
            return None;
        }
        let mut f = self.field(&prm.name, &prm.schema, prm.required, &pp.key("schema"))?;
        if !matches!(f.ty, Ty::String | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool | Ty::Enum(_)) {
            self.err(
                &pp.key("schema"),
                "a header parameter is a string, integer, number, boolean or enum",
            );
            return None;
        }
        f.header = true;
        if let Some(ex) = &prm.example {
            let mut errs = Vec::new();
            self.value_errors(
                &f.ty,
                examples::Limits::of(&f),
                ex,
                &prm.name,
                examples::Side::Request,
                &mut errs,
            );
            for e in errs {
                self.err(&pp.key("example"), format!("example contradicts its schema: {e}"));
            }
        }
        f.description = prm.description.as_deref().map(lines).unwrap_or_default();
        Some(f)
    }

    /// Resolve `x-paging` against the operation's query struct and success body.
    pub(super) fn paging(
        &mut self,
        pg: &model::Paging,
        query: Option<TypeId>,
        body: Option<TypeId>,
        p: &YamlPath,
    ) -> Option<crate::ir::Paging> {
        let query = query.and_then(|q| self.struct_by_id(q)).cloned();
        let body = body.and_then(|b| self.struct_by_id(b)).cloned();
        let (Some(query), Some(body)) = (query, body) else {
            self.err(p, "`x-paging` needs query parameters and a success body");
            return None;
        };
        let int_field = |s: &StructDef, name: &str| {
            s.fields
                .iter()
                .find(|f| f.wire_name == name && matches!(f.ty, Ty::I32 | Ty::I64))
                .cloned()
        };
        let offset = int_field(&query, &pg.offset);
        let limit = int_field(&query, &pg.limit);
        let items = body.fields.iter().find(|f| f.wire_name == pg.items).cloned();
        let total = pg.total.as_ref().map(|t| (t, int_field(&body, t)));
        let mut ok = true;
        for (what, name, found) in
            [("offset", &pg.offset, offset.is_some()), ("limit", &pg.limit, limit.is_some())]
        {
            if !found {
                self.err(
                    &p.key(what),
                    format!("`{name}` is not an integer query parameter of this operation"),
                );
                ok = false;
            }
        }
        if offset.as_ref().is_some_and(|f| f.ty != Ty::I32)
            || limit.as_ref().is_some_and(|f| f.ty != Ty::I32)
        {
            self.err(p, "paging parameters must be `format: int32`");
            ok = false;
        }
        let item_type = match items.as_ref().map(|f| &f.ty) {
            Some(Ty::Vec(inner)) => match inner.as_ref() {
                Ty::Struct(n) => Some(*n),
                _ => None,
            },
            _ => None,
        };
        if item_type.is_none() {
            self.err(
                &p.key("items"),
                format!("`{}` is not an array of objects in the success body", pg.items),
            );
            ok = false;
        }
        if let Some((name, None)) = &total {
            self.err(
                &p.key("total"),
                format!("`{name}` is not an integer field of the success body"),
            );
            ok = false;
        }
        if !ok {
            return None;
        }
        let limit = limit?;
        let page_size = match limit.maximum {
            Some(m) => m,
            None => {
                self.err(&p.key("limit"), "the limit parameter needs a `maximum`: it is the page size a streamed listing asks for");
                return None;
            }
        };
        let name = |f: Field| FieldName { rust: f.rust_name, wire: f.wire_name };
        Some(crate::ir::Paging {
            offset: name(offset?),
            limit: name(limit),
            items: name(items?),
            total: total.and_then(|(_, f)| f).map(name),
            item_type: item_type?,
            page_size,
        })
    }

    /// A plain-text body (`text/plain` with `schema: {type: string}`): its examples, each a string.
    pub(super) fn text_media(
        &mut self,
        content: &indexmap::IndexMap<String, model::MediaType>,
        p: &YamlPath,
    ) -> Vec<NamedExample> {
        if content.len() != 1 {
            self.err(p, format!("a `{TEXT}` response has no other media type"));
        }
        let Some(mt) = content.get(TEXT) else { return Vec::new() };
        let mp = p.key(TEXT);
        if mt.schema.type_.as_deref() != Some("string")
            || mt.schema.reference.is_some()
            || mt.schema.format.is_some()
        {
            self.err(&mp.key("schema"), format!("a `{TEXT}` body is `schema: {{type: string}}`"));
        }
        let mut examples = Vec::new();
        for (ename, ex) in &mt.examples {
            if !ex.value.is_string() {
                self.err(
                    &mp.key("examples").key(ename).key("value"),
                    format!("example `{ename}` of a `{TEXT}` body must be a string"),
                );
            }
            examples.push(NamedExample {
                name: ename.clone(),
                summary: ex.summary.clone(),
                value: ex.value.clone(),
            });
        }
        examples
    }

    /// A JSON body: its type name and its examples, each checked against the type as `side`
    /// reads it.
    pub(super) fn media(
        &mut self,
        content: &indexmap::IndexMap<String, model::MediaType>,
        p: &YamlPath,
        side: examples::Side,
    ) -> Option<(Option<TypeId>, Vec<NamedExample>)> {
        for key in content.keys() {
            if key != JSON {
                self.err(
                    &p.key(key),
                    format!("media type `{key}` is not supported: only `{JSON}`"),
                );
            }
        }
        let mt = content.get(JSON)?;
        let mp = p.key(JSON);
        let Some(r) = &mt.schema.reference else {
            self.err(&mp.key("schema"), "a body schema must be a `$ref` to a component schema");
            return None;
        };
        let ty = self.reference(r, &mp.key("schema").key("$ref"))?;
        let Ty::Struct(id) = ty else {
            self.err(&mp.key("schema"), "a body must be an object schema");
            return None;
        };
        let mut examples = Vec::new();
        for (ename, ex) in &mt.examples {
            let ep = mp.key("examples").key(ename).key("value");
            if let Some(e) = &ex.erratum {
                let printed = serde_json::from_str::<Value>(&e.page_says)
                    .unwrap_or_else(|_| Value::String(e.page_says.clone()));
                if printed == ex.value {
                    self.err(
                        &mp.key("examples").key(ename).key("x-erratum"),
                        format!("example `{ename}`: `page-says` is the example itself; an erratum records what the page prints instead"),
                    );
                }
            }
            let mut errs = Vec::new();
            self.value_errors(&ty, examples::Limits::default(), &ex.value, "", side, &mut errs);
            for e in errs {
                self.err(&ep, format!("example `{ename}` contradicts its schema: {e}"));
            }
            examples.push(NamedExample {
                name: ename.clone(),
                summary: ex.summary.clone(),
                value: ex.value.clone(),
            });
        }
        Some((Some(id), examples))
    }
}
