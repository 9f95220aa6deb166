//! Pass: `x-waiter`, resolved against the operation it polls and the operations that start
//! what it waits on.

use super::*;
use crate::ir::{FieldStep, StartId, Waiter, WaiterId, WaiterStart};

impl Checker<'_> {
    /// Resolve every operation's `x-waiter`; each problem names its place.
    pub(super) fn waiters(&mut self, operations: &mut [Operation]) {
        let doc = self.doc();
        let mut found = Vec::new();
        for (path, item) in &doc.paths {
            for (method, op) in item.operations() {
                if let Some(w) = &op.waiter {
                    found.push((path.clone(), method, op.operation_id.clone(), w.clone()));
                }
            }
        }
        // Looked up once, so resolving every waiter costs as much as the operations do.
        let by_id: HashMap<String, usize> =
            operations.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect();
        let taken: std::collections::HashSet<String> = operations
            .iter()
            .flat_map(|o| [o.fn_name.clone(), format!("{}_all", o.fn_name)])
            .collect();
        for (path, method, id, w) in found {
            let p = root().key("paths").key(&path).key(method).key("x-waiter");
            let Some(&at) = by_id.get(&id) else { continue };
            let waiter = self.waiter(&operations[at], operations, &by_id, &taken, &w, &p);
            operations[at].waiter = waiter;
        }
    }

    fn waiter(
        &mut self,
        o: &Operation,
        all: &[Operation],
        by_id: &HashMap<String, usize>,
        taken: &std::collections::HashSet<String>,
        w: &model::Waiter,
        p: &YamlPath,
    ) -> Option<Waiter> {
        let mut ok = true;
        let taken = taken.contains(&w.method);
        if !is_snake_ident(&w.method) || syn::parse_str::<syn::Ident>(&w.method).is_err() || taken {
            self.err(
                &p.key("method"),
                format!("`{}` is not a snake_case method name free in this client", w.method),
            );
            ok = false;
        }
        if o.method != "GET" {
            self.err(p, "a waiter polls a GET operation");
            ok = false;
        }
        let path_param = o
            .path_params
            .and_then(|pp| self.struct_by_id(pp))
            .is_some_and(|pp| pp.fields.iter().any(|f| f.wire_name == w.id));
        let query_param = o
            .query
            .and_then(|q| self.struct_by_id(q))
            .and_then(|q| q.fields.iter().find(|f| f.wire_name == w.id && f.required))
            .cloned();
        let id = match (path_param, query_param) {
            (true, _) => Some(WaiterId::Path(w.id.clone())),
            (false, Some(f)) if f.ty == Ty::String => {
                Some(WaiterId::Query(FieldName { rust: f.rust_name, wire: f.wire_name }))
            }
            _ => {
                self.err(&p.key("id"), format!("`{}` is not a path parameter or a mandatory string query parameter of `{}`", w.id, o.id));
                None
            }
        };
        let body = o.success().and_then(|r| r.body);
        let status = self.field_path(body, &w.status, &p.key("status"));
        let status_ty = status.as_ref().map(|(_, ty)| ty.clone());
        let status_is_enum = match &status_ty {
            Some(Ty::Enum(e)) => {
                let known: Vec<String> = match self.types.get(e.0) {
                    Some(TypeDef::Enum(d)) => d.values.iter().map(|v| v.wire.clone()).collect(),
                    _ => Vec::new(),
                };
                for (list, values) in
                    [("done", &w.done), ("failed", &w.failed), ("pending", &w.pending)]
                {
                    for v in values.iter().filter(|v| !known.contains(v)) {
                        self.err(
                            &p.key(list),
                            format!(
                                "`{v}` is not a value of the status enum ({})",
                                known.join(", ")
                            ),
                        );
                        ok = false;
                    }
                }
                true
            }
            Some(Ty::String) => false,
            Some(_) => {
                self.err(&p.key("status"), "the status is a string or an enum");
                ok = false;
                false
            }
            None => {
                ok = false;
                false
            }
        };
        let mut seen = BTreeSet::new();
        for v in w.done.iter().chain(&w.failed).chain(&w.pending) {
            if !seen.insert(v.as_str()) {
                self.err(p, format!("`{v}` is listed twice among done, failed and pending"));
                ok = false;
            }
        }
        if w.done.is_empty() {
            self.err(&p.key("done"), "a waiter needs at least one status that means done");
            ok = false;
        }
        let reason = if w.reason.is_empty() {
            Some(Vec::new())
        } else {
            match self.field_path(body, &w.reason, &p.key("reason")) {
                Some((steps, Ty::String)) => Some(steps),
                Some(_) => {
                    self.err(&p.key("reason"), "the reason is a string field");
                    None
                }
                None => None,
            }
        };
        let mut started_by = Vec::new();
        for (i, s) in w.started_by.iter().enumerate() {
            let sp = p.key("started-by").index(i);
            let Some((index, starter)) =
                by_id.get(&s.operation).and_then(|&i| Some((i, all.get(i)?)))
            else {
                self.err(
                    &sp.key("operation"),
                    format!("no operation `{}` in this document", s.operation),
                );
                ok = false;
                continue;
            };
            let start_id = match (&s.body, &s.path) {
                (Some(field), None) => {
                    let f = starter
                        .success()
                        .and_then(|r| r.body)
                        .and_then(|b| self.struct_by_id(b))
                        .and_then(|b| b.fields.iter().find(|f| &f.wire_name == field));
                    match f {
                        Some(f) if f.ty == Ty::String => Some(StartId::Body(FieldName {
                            rust: f.rust_name.clone(),
                            wire: f.wire_name.clone(),
                        })),
                        _ => {
                            self.err(
                                &sp.key("body"),
                                format!(
                                    "`{field}` is not a string field of `{}`'s success body",
                                    s.operation
                                ),
                            );
                            None
                        }
                    }
                }
                (None, Some(name)) => {
                    let has = starter
                        .path_params
                        .and_then(|pp| self.struct_by_id(pp))
                        .is_some_and(|pp| pp.fields.iter().any(|f| &f.wire_name == name));
                    if has {
                        Some(StartId::Path(name.clone()))
                    } else {
                        self.err(
                            &sp.key("path"),
                            format!("`{name}` is not a path parameter of `{}`", s.operation),
                        );
                        None
                    }
                }
                _ => {
                    self.err(&sp, "say where the answer names what was started: `body: FIELD` or `path: PARAMETER`, one of them");
                    None
                }
            };
            match start_id {
                Some(id) => {
                    started_by.push(WaiterStart { operation: s.operation.clone(), index, id })
                }
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        Some(Waiter {
            method: w.method.clone(),
            id: id?,
            status: status?.0,
            status_is_enum,
            reason: reason?,
            done: w.done.clone(),
            failed: w.failed.clone(),
            pending: w.pending.clone(),
            started_by,
        })
    }

    /// Follow `names` from the struct `from`: each but the last must be an object field.
    fn field_path(
        &mut self,
        from: Option<TypeId>,
        names: &[String],
        p: &YamlPath,
    ) -> Option<(Vec<FieldStep>, Ty)> {
        let Some(mut at) = from else {
            self.err(p, "the operation has no success body to read a status from");
            return None;
        };
        if names.is_empty() {
            self.err(p, "name the fields from the success body to the value");
            return None;
        }
        let mut steps = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let Some(f) = self
                .struct_by_id(at)
                .and_then(|s| s.fields.iter().find(|f| &f.wire_name == name))
                .cloned()
            else {
                self.err(
                    p,
                    format!("`{}` is not a field on the way ({})", name, names[..=i].join(".")),
                );
                return None;
            };
            steps.push(FieldStep {
                name: FieldName { rust: f.rust_name.clone(), wire: f.wire_name.clone() },
                required: f.required,
            });
            if i + 1 == names.len() {
                return Some((steps, f.ty));
            }
            match f.ty {
                Ty::Struct(next) => at = next,
                _ => {
                    self.err(
                        p,
                        format!(
                            "`{}` is not an object, so the path cannot go on",
                            names[..=i].join(".")
                        ),
                    );
                    return None;
                }
            }
        }
        None
    }
}
