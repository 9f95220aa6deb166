//! What changed in the generated modules' public API between two records of their surface
//! ([`emit::surface`](crate::emit::surface)), classified as a consuming team needs it:
//! breaking, additive, or a change of behaviour with no change of signature; the semver bump
//! that follows; and a drafted `CHANGELOG.md` entry.
//!
//! The rules, compared with `oasdiff`'s breaking-change checks (which read two OpenAPI
//! documents) and `cargo-semver-checks`' lints (which read two builds of a crate): we compare
//! the generated Rust surface, so a change the generator makes (a parameter dropped from every
//! method) is seen as well as a change of the spec. Generated structs and enums are
//! `#[non_exhaustive]`, so a new optional field, a new response field or a new enum value
//! breaks no one; a new mandatory request field is a new constructor argument, so it does.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The generated crate's public surface: each item by its path (`ddm::Client::show_job`,
/// `ddm::RelatedDn::data_volume_size`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// Items by path, sorted.
    pub items: BTreeMap<String, Item>,
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Item {
    /// A struct.
    Struct {
        /// `request` (validated, sent) or `response` (parsed leniently).
        role: String,
        /// The rule between its fields (`anyOf`), each branch in words; empty for none.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        any_of: Vec<String>,
    },
    /// An open enum.
    Enum {},
    /// A struct's field.
    Field {
        /// Its Rust type, as emitted.
        rust_type: String,
        /// Mandatory: an argument of the struct's constructor.
        required: bool,
        /// The role of the struct that holds it.
        role: String,
        /// What validates it (`minimum`, `maxLength`, `pattern` ...).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        rules: BTreeMap<String, Value>,
        /// The value the server applies when it is absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default: Option<Value>,
    },
    /// A documented value of an enum, by its variant.
    Value {
        /// The value on the wire.
        wire: String,
    },
    /// A client method.
    Method {
        /// Its signature.
        signature: String,
        /// Whether the calls it makes are retried: `idempotent` or `never` (absent in records
        /// made before it was kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry: Option<String>,
    },
}

/// How a change concerns a team that uses the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Code that compiled may not compile, or a value accepted before is refused.
    Breaking,
    /// Something new that breaks no one.
    Additive,
    /// The same signatures, another behaviour: a default, a range or a rule that accepts more.
    Behaviour,
}

/// One change of the surface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its class.
    pub class: Class,
    /// The item's path.
    pub item: String,
    /// What changed, in words.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.item, self.what)
    }
}

/// Every change from `old` to `new`, breaking first.
pub fn compare(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push =
        |class, item: &str, what: String| out.push(Change { class, item: item.to_string(), what });
    // An item whose parent is new or gone is told by its parent alone.
    let parent =
        |path: &str| path.rsplit_once("::").map(|(p, _)| p.to_string()).unwrap_or_default();
    for (path, item) in &old.items {
        if !new.items.contains_key(path)
            && (!old.items.contains_key(&parent(path)) || new.items.contains_key(&parent(path)))
        {
            push(Class::Breaking, path, format!("{} removed", kind(item)));
        }
    }
    for (path, item) in &new.items {
        let Some(before) = old.items.get(path) else {
            if old.items.contains_key(&parent(path)) || !new.items.contains_key(&parent(path)) {
                match item {
                    Item::Field { required: true, role, .. } if role == "request" => push(
                        Class::Breaking,
                        path,
                        "new mandatory field: a new argument of the constructor".into(),
                    ),
                    _ => push(Class::Additive, path, format!("new {}", kind(item))),
                }
            }
            continue;
        };
        changed(path, before, item, &mut push);
    }
    out.sort_by(|a, b| (a.class, &a.item).cmp(&(b.class, &b.item)));
    out
}

fn kind(item: &Item) -> &'static str {
    match item {
        Item::Struct { .. } => "type",
        Item::Enum {} => "enum",
        Item::Field { .. } => "field",
        Item::Value { .. } => "enum value",
        Item::Method { .. } => "method",
    }
}

/// The changes of one item present in both.
fn changed(path: &str, before: &Item, after: &Item, push: &mut impl FnMut(Class, &str, String)) {
    match (before, after) {
        (
            Item::Field { rust_type: t0, required: r0, rules: rules0, default: d0, .. },
            Item::Field { rust_type: t1, required: r1, rules: rules1, default: d1, role },
        ) => {
            if r0 != r1 {
                let what = if *r1 { "became mandatory" } else { "became optional" };
                push(Class::Breaking, path, format!("{what} (`{t0}` to `{t1}`)"));
            } else if t0 != t1 {
                push(Class::Breaking, path, format!("type changed from `{t0}` to `{t1}`"));
            }
            for name in rules0.keys().chain(rules1.keys().filter(|k| !rules0.contains_key(*k))) {
                let (a, b) = (rules0.get(name), rules1.get(name));
                if a == b {
                    continue;
                }
                let shown =
                    |v: Option<&Value>| v.map_or_else(|| "none".to_string(), Value::to_string);
                let what = format!("{name} changed from {} to {}", shown(a), shown(b));
                // Responses are not validated: their rules are documentation.
                let class = if role == "request" && narrows(name, a, b) {
                    Class::Breaking
                } else {
                    Class::Behaviour
                };
                let what = if class == Class::Breaking {
                    format!("{what}: values accepted before are refused")
                } else {
                    what
                };
                push(class, path, what);
            }
            if d0 != d1 {
                let shown = |v: &Option<Value>| {
                    v.as_ref().map_or_else(|| "none".to_string(), Value::to_string)
                };
                push(
                    Class::Behaviour,
                    path,
                    format!("default changed from {} to {}", shown(d0), shown(d1)),
                );
            }
        }
        (Item::Struct { role: r0, any_of: a0 }, Item::Struct { role: r1, any_of: a1 }) => {
            if r0 != r1 {
                push(
                    Class::Breaking,
                    path,
                    format!("now a {r1} type (was {r0}): its constructor and validation differ"),
                );
            }
            if a0 != a1 {
                let class = if r1 == "request" { Class::Breaking } else { Class::Behaviour };
                push(
                    class,
                    path,
                    "the rule between its fields changed: values accepted before may be refused"
                        .into(),
                );
            }
        }
        (Item::Value { wire: w0 }, Item::Value { wire: w1 }) if w0 != w1 => {
            push(Class::Breaking, path, format!("sends `{w1}` (was `{w0}`)"));
        }
        (Item::Method { signature: s0, retry: r0 }, Item::Method { signature: s1, retry: r1 }) => {
            if s0 != s1 {
                push(Class::Breaking, path, format!("signature changed from `{s0}` to `{s1}`"));
            }
            if let (Some(r0), Some(r1)) = (r0, r1) {
                if r0 != r1 {
                    push(Class::Behaviour, path, format!("retry class is `{r1}` (was `{r0}`)"));
                }
            }
        }
        (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => {
            push(Class::Breaking, path, format!("was a {}, now a {}", kind(a), kind(b)));
        }
        _ => {}
    }
}

/// Whether a rule's change from `a` to `b` refuses a value it accepted.
fn narrows(name: &str, a: Option<&Value>, b: Option<&Value>) -> bool {
    let (a_n, b_n) = (a.and_then(Value::as_f64), b.and_then(Value::as_f64));
    match (name, a, b) {
        // A rule added refuses something; a rule removed refuses nothing.
        (_, None, Some(_)) => true,
        (_, _, None) => false,
        ("minimum" | "minLength" | "minItems", _, _) => b_n > a_n,
        ("maximum" | "maxLength" | "maxItems", _, _) => b_n < a_n,
        // Any other pattern may refuse what the old one accepted.
        _ => true,
    }
}

/// The version after `changes`, from `version` (`MAJOR.MINOR.PATCH`): below 1.0 a breaking
/// change bumps the minor version and anything else the patch; from 1.0, breaking bumps the
/// major, additive the minor and behaviour the patch. `None` when `version` is not of that form
/// (or a part would overflow).
pub fn bump(version: &str, changes: &[Change]) -> Option<String> {
    let parts: Vec<u64> = version.split('.').map(str::parse).collect::<Result<_, _>>().ok()?;
    let [major, minor, patch] = parts[..] else { return None };
    let worst = changes.iter().map(|c| c.class).min();
    let up = |n: u64| n.checked_add(1);
    Some(match (major, worst) {
        (_, None) => version.to_string(),
        (0, Some(Class::Breaking)) => format!("0.{}.0", up(minor)?),
        (0, Some(_)) => format!("0.{minor}.{}", up(patch)?),
        (_, Some(Class::Breaking)) => format!("{}.0.0", up(major)?),
        (_, Some(Class::Additive)) => format!("{major}.{}.0", up(minor)?),
        (_, Some(Class::Behaviour)) => format!("{major}.{minor}.{}", up(patch)?),
    })
}

/// A `CHANGELOG.md` entry for `changes`, as version `version` of `date`.
pub fn changelog_entry(version: &str, date: &str, changes: &[Change]) -> String {
    let mut out = format!("## {version} - {date}\n");
    for (class, title) in [
        (Class::Breaking, "Breaking"),
        (Class::Additive, "Added"),
        (Class::Behaviour, "Changed behaviour"),
    ] {
        let lines: Vec<String> =
            changes.iter().filter(|c| c.class == class).map(|c| format!("- {c}")).collect();
        if !lines.is_empty() {
            out.push_str(&format!("\n### {title}\n\n{}\n", lines.join("\n")));
        }
    }
    if changes.is_empty() {
        out.push_str("\nNo change of the public API.\n");
    }
    out
}
