//! The spec documents are valid OpenAPI 3.0.3, as an OpenAPI library independent of codegen
//! reads them, and they keep the house conventions.

use std::collections::BTreeSet;

use huaweicloud_restore_tests::workspace_root;
use openapiv3::{OpenAPI, ReferenceOr};

fn documents() -> Vec<(String, String)> {
    huaweicloud_restore_tests::spec_files()
        .iter()
        .map(|f| {
            (
                f.display().to_string(),
                std::fs::read_to_string(workspace_root().join(f)).expect("spec file"),
            )
        })
        .collect()
}

#[test]
fn every_spec_is_openapi_3_0_3_for_the_openapiv3_crate() {
    for (file, text) in documents() {
        let api: OpenAPI = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(api.openapi, "3.0.3", "{file}");
        assert!(!api.paths.paths.is_empty(), "{file} has no paths");
        for (path, item) in &api.paths.paths {
            let ReferenceOr::Item(item) = item else { panic!("{file}: {path} is a reference") };
            for (method, op) in item.iter() {
                assert!(op.operation_id.is_some(), "{file}: {method} {path} has no operationId");
                assert!(
                    op.extensions.contains_key("x-source"),
                    "{file}: {method} {path} has no x-source"
                );
            }
        }
    }
}

#[test]
fn every_extension_used_is_documented_in_spec_readme() {
    let readme =
        std::fs::read_to_string(workspace_root().join("spec/README.md")).expect("spec/README.md");
    let mut used = BTreeSet::new();
    for (_, text) in documents() {
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("yaml");
        collect_extensions(&doc, &mut used);
    }
    assert!(!used.is_empty());
    for x in used {
        assert!(
            readme.contains(&format!("`{x}`")),
            "extension `{x}` is not documented in spec/README.md"
        );
    }
}

fn collect_extensions(v: &serde_yaml::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_yaml::Value::Mapping(m) => {
            for (k, v) in m {
                // Keys under `examples`, `properties` and so on are names, not keywords; an
                // x- name there would be odd anyway and is worth documenting too.
                if let Some(k) = k.as_str().filter(|k| k.starts_with("x-")) {
                    out.insert(k.to_string());
                }
                collect_extensions(v, out);
            }
        }
        serde_yaml::Value::Sequence(s) => s.iter().for_each(|v| collect_extensions(v, out)),
        _ => {}
    }
}

/// A page the spec says is kept in `spec/sources/` is there, with the date and title the spec
/// gives. Pages kept elsewhere (reference pages that may not be copied into the repository)
/// are named by `x-source` only.
#[test]
fn every_source_page_is_kept_and_named() {
    for (file, text) in documents() {
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("yaml");
        for (_, item) in doc["paths"].as_mapping().expect("paths") {
            for (_, op) in item.as_mapping().expect("item") {
                let page = op["x-source"]["page"].as_str().expect("x-source.page");
                if !page.starts_with("sources/") {
                    continue;
                }
                let text = std::fs::read_to_string(workspace_root().join("spec").join(page))
                    .unwrap_or_else(|e| panic!("{file}: {page}: {e}"));
                let updated = op["x-source"]["updated"].as_str().expect("x-source.updated");
                assert!(
                    text.contains(&format!("Updated on {updated}")),
                    "{file}: {page} is not updated on {updated}"
                );
                let title = op["x-source"]["title"].as_str().expect("x-source.title");
                assert!(text.contains(title), "{file}: {page} has no title `{title}`");
            }
        }
    }
}
