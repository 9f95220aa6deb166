//! Helpers shared by the conformance tests: the spec, loaded through the generator's own
//! stages, the generated crate's reflection tables, and a buffer that captures tracing output.

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

/// A `MakeWriter` for a tracing subscriber into a shared buffer: what the tracing tests read.
#[derive(Clone, Default)]
pub struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
            .into_owned()
    }
}
