//! Helpers shared by the conformance tests: the spec, loaded through the generator's own
//! stages, and the generated crate's reflection tables.

use std::path::PathBuf;

use codegen::ir::Service;
use huaweicloud_restore::runtime::reflect::ServiceInfo;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// The spec documents, relative to the workspace root: every `spec/*.yaml`.
pub fn spec_files() -> Vec<PathBuf> {
    codegen::spec_files(&workspace_root()).unwrap_or_else(|d| panic!("{d}"))
}

/// Every spec document, loaded and checked.
pub fn spec_services() -> Vec<Service> {
    spec_files()
        .iter()
        .map(|f| match codegen::service(&workspace_root().join(f)) {
            Ok(s) => s,
            Err(d) => panic!("the spec does not load:\n{d}"),
        })
        .collect()
}

/// The generated service for a spec module name.
pub fn generated(module: &str) -> Option<&'static ServiceInfo> {
    huaweicloud_restore::SERVICES.iter().copied().find(|s| s.name == module)
}
