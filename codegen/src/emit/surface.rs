//! The record of the generated modules' public surface: every type, field, enum value and
//! method with its signature, and the rules and defaults each field carries, as the generator
//! emits them. The hand-written `runtime` is not in it: its changes are the runtime's to
//! announce. `gen` writes it beside the generated code (`generated/api-surface.json`), so
//! that `cargo xtask changes --since REV` can compare two revisions and say what changed for
//! the teams that use the crate ([`crate::changes`]), whether the spec or the generator made
//! the change.

use std::collections::BTreeMap;

use serde_json::Value;

use super::client::{call_signature, pager_signature, waiter_signature, Signature};
use super::types::ty_text;
use crate::changes::{Item, Surface};
use crate::ir::{Field, Retry, Role, Service, TypeDef};

/// The public surface of the crate generated from `services`.
pub fn surface(services: &[Service]) -> Surface {
    let mut items = BTreeMap::new();
    for s in services {
        let m = &s.module;
        for t in &s.types {
            match t {
                TypeDef::Struct(d) => {
                    let role = role(d.role);
                    let any_of = d.any_of.iter().map(|b| b.description.clone()).collect();
                    items.insert(
                        format!("{m}::{}", d.rust_name),
                        Item::Struct { role: role.clone(), any_of },
                    );
                    for f in &d.fields {
                        items.insert(
                            format!("{m}::{}::{}", d.rust_name, f.rust_name),
                            field(s, f, &role),
                        );
                    }
                }
                TypeDef::Enum(e) => {
                    items.insert(format!("{m}::{}", e.rust_name), Item::Enum {});
                    for v in &e.values {
                        items.insert(
                            format!("{m}::{}::{}", e.rust_name, v.variant),
                            Item::Value { wire: v.wire.clone() },
                        );
                    }
                }
            }
        }
        for o in &s.operations {
            let sigs = [Some(call_signature(s, o)), pager_signature(s, o), waiter_signature(s, o)];
            for sig in sigs.into_iter().flatten() {
                items.insert(format!("{m}::Client::{}", sig.name), method(&sig, o.retry));
            }
        }
    }
    Surface { items }
}

fn role(r: Role) -> String {
    match r {
        Role::Request => "request",
        Role::Response => "response",
    }
    .to_string()
}

/// A field: its Rust type as emitted (an `Option` unless mandatory), and what validates it.
fn field(s: &Service, f: &Field, role: &str) -> Item {
    // Mandatory fields are plain values in requests only: responses parse leniently.
    let mandatory = role == "request" && f.required;
    let ty = public(&ty_text(s, &f.ty));
    let rust_type = if mandatory && !f.nullable { ty } else { format!("Option<{ty}>") };
    let mut rules = BTreeMap::new();
    let numbers = [
        ("minimum", f.minimum.map(Value::from)),
        ("maximum", f.maximum.map(Value::from)),
        ("minLength", f.min_length.map(Value::from)),
        ("maxLength", f.max_length.map(Value::from)),
        ("minItems", f.min_items.map(Value::from)),
        ("maxItems", f.max_items.map(Value::from)),
        ("pattern", f.pattern.clone().map(Value::from)),
    ];
    for (name, v) in numbers {
        if let Some(v) = v {
            rules.insert(name.to_string(), v);
        }
    }
    Item::Field {
        rust_type,
        required: mandatory,
        role: role.to_string(),
        rules,
        default: f.default.clone(),
    }
}

fn method(sig: &Signature, retry: Retry) -> Item {
    let mut params = vec!["&self".to_string()];
    params.extend(sig.params.iter().cloned());
    let prefix = if sig.is_async { "async fn" } else { "fn" };
    let signature = format!("{prefix} {}({}) -> {}", sig.name, params.join(", "), sig.ret);
    let retry = match retry {
        Retry::Idempotent => "idempotent",
        Retry::Never => "never",
    };
    Item::Method { signature: public(&signature), retry: Some(retry.to_string()) }
}

/// A type as a user names it: generated code names the runtime through its door (`rt::`), which
/// re-exports each user-facing type under the name it has at the runtime's root (`runtime::`).
fn public(text: &str) -> String {
    text.replace("rt::", "runtime::")
}
