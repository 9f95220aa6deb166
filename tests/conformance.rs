//! The generated crate held against every example in the spec.
//!
//! Driven by the spec: adding an example to a spec document adds a check here, with no test
//! code touched. For each example:
//! - a request body parses into its typed body, validates clean, and serializes back to JSON
//!   equal to the example;
//! - a response (success or error) parses into its typed response and serializes back equal;
//! - the example request's path and query values make a parameter set that validates clean.

use huaweicloud_restore::runtime::reflect::TypeRole;
use huaweicloud_restore_tests::{generated, spec_services, workspace_root};
use serde_json::{Map, Value};

/// Counts the examples in the raw YAML, independently of codegen's model, so that the test
/// notices an example that the pipeline skipped.
fn count_examples_in_raw_yaml() -> usize {
    let mut n = 0;
    for f in huaweicloud_restore_tests::spec_files() {
        let text = std::fs::read_to_string(workspace_root().join(f)).expect("spec file");
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("yaml");
        for (_, item) in doc["paths"].as_mapping().expect("paths").iter() {
            for (_, op) in item.as_mapping().expect("path item").iter() {
                for p in op["parameters"].as_sequence().into_iter().flatten() {
                    if p.get("example").is_some() {
                        n += 1;
                    }
                }
                let contents = std::iter::once(&op["requestBody"]["content"]).chain(
                    op["responses"]
                        .as_mapping()
                        .into_iter()
                        .flat_map(|m| m.values().map(|r| &r["content"])),
                );
                for c in contents {
                    for (_, media) in c.as_mapping().into_iter().flatten() {
                        n += media["examples"].as_mapping().map_or(0, |m| m.len());
                    }
                }
            }
        }
    }
    n
}

/// `value` with every object entry whose value is `null` left out: a nullable field, and any
/// field of a response (all optional, parsed leniently), reads `null` as absent and prints
/// nothing for it, so an example and its round trip are compared with their nulls normalised
/// as absent. Only the generator's checker decides where `null` is allowed (in a request, only
/// where `nullable: true`).
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

fn check(
    service: &str,
    type_name: &str,
    role: TypeRole,
    what: &str,
    value: &Value,
    failures: &mut Vec<String>,
) {
    let Some(svc) = generated(service) else {
        failures.push(format!("{what}: no generated module `{service}`"));
        return;
    };
    let Some(entry) = svc.type_entry(type_name) else {
        failures.push(format!("{what}: no generated type `{type_name}` in `{service}`"));
        return;
    };
    if entry.role != role {
        failures
            .push(format!("{what}: `{type_name}` is a {:?} type, expected {role:?}", entry.role));
    }
    match (entry.check)(value.clone()) {
        Err(e) => failures.push(format!("{what}: does not parse into `{type_name}`: {e}")),
        Ok(c) => {
            if !c.violations.is_empty() {
                let v: Vec<String> = c.violations.iter().map(ToString::to_string).collect();
                failures
                    .push(format!("{what}: `{type_name}` reports violations: {}", v.join("; ")));
            }
            if without_nulls(&c.json) != without_nulls(value) {
                failures.push(format!("{what}: `{type_name}` does not serialize back to the example:\n  example: {value}\n  got:     {}", c.json));
            }
        }
    }
}

#[test]
fn every_documented_example_round_trips_through_the_generated_types() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for spec in spec_services() {
        let m = spec.module.as_str();
        for op in &spec.operations {
            for ex in &op.body_examples {
                let what = format!("{m}.{} request example `{}`", op.id, ex.name);
                match &op.body {
                    Some(body) => check(
                        m,
                        spec.type_def(*body).spec_name(),
                        TypeRole::Request,
                        &what,
                        &ex.value,
                        &mut failures,
                    ),
                    None => failures.push(format!("{what}: the operation has no body type")),
                }
                checked += 1;
            }
            for r in &op.responses {
                for ex in &r.examples {
                    let status = r.status.map_or("default".to_string(), |s| s.to_string());
                    let what = format!("{m}.{} {status} response example `{}`", op.id, ex.name);
                    match &r.body {
                        Some(body) => check(
                            m,
                            spec.type_def(*body).spec_name(),
                            TypeRole::Response,
                            &what,
                            &ex.value,
                            &mut failures,
                        ),
                        // A plain-text example is a string, which the generator checked; there is
                        // no type to round-trip it through.
                        None if r.text && ex.value.is_string() => {}
                        None => failures.push(format!("{what}: the response has no body type")),
                    }
                    checked += 1;
                }
            }
            // The example request's parameter values, grouped by the type that holds them.
            let groups = [op.path_params, op.query];
            let mut grouped = 0;
            for id in groups.into_iter().flatten() {
                let Some(group) = spec.struct_def(id) else { continue };
                let mut obj = Map::new();
                for (name, value) in &op.parameter_examples {
                    if group.fields.iter().any(|f| &f.wire_name == name) {
                        obj.insert(name.clone(), value.clone());
                    }
                }
                if obj.is_empty() {
                    continue;
                }
                grouped += obj.len();
                let what = format!("{m}.{} example request parameters", op.id);
                check(
                    m,
                    &group.spec_name,
                    TypeRole::Request,
                    &what,
                    &Value::Object(obj),
                    &mut failures,
                );
            }
            if grouped != op.parameter_examples.len() {
                failures.push(format!(
                    "{m}.{}: {} parameter examples, {grouped} checked",
                    op.id,
                    op.parameter_examples.len()
                ));
            }
            checked += grouped;
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
    let in_yaml = count_examples_in_raw_yaml();
    assert!(in_yaml > 0, "the spec has no examples");
    assert_eq!(checked, in_yaml, "examples checked vs examples in the spec's YAML");
    println!("{checked} documented examples checked");
}

#[test]
fn generated_operations_match_the_spec() {
    for spec in spec_services() {
        let svc = generated(&spec.module)
            .unwrap_or_else(|| panic!("no generated module `{}`", spec.module));
        let from_spec: Vec<(&str, &str, &str)> = spec
            .operations
            .iter()
            .map(|o| (o.id.as_str(), o.method.as_str(), o.path.as_str()))
            .collect();
        let from_code: Vec<(&str, &str, &str)> =
            svc.operations.iter().map(|o| (o.id, o.method, o.path_template)).collect();
        assert_eq!(from_code, from_spec, "operations of `{}`", spec.module);
        for (o, info) in spec.operations.iter().zip(svc.operations) {
            let statuses: Vec<Option<u16>> = o.responses.iter().map(|r| r.status).collect();
            let generated: Vec<Option<u16>> = info.responses.iter().map(|r| r.status).collect();
            assert_eq!(generated, statuses, "responses of `{}`", o.id);
            assert_eq!(
                info.body,
                o.body.map(|b| spec.type_def(b).spec_name()),
                "body of `{}`",
                o.id
            );
        }
    }
}
