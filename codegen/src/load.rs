//! Reads a spec file into codegen's typed model.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::locate::Locations;
use crate::model::Document;

/// A spec document read from a file: its text, its typed model and where each node stands.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file, as given.
    pub file: PathBuf,
    /// The typed model.
    pub document: Document,
    /// Positions of the nodes, by YAML path.
    pub locations: Locations,
}

/// Read and load the file at `path`.
pub fn load_file(path: &Path) -> Result<LoadedSpec, Vec<Diagnostic>> {
    match std::fs::read_to_string(path) {
        Ok(text) => load_str(path, &text),
        Err(e) => {
            Err(crate::diag::Diagnostics::whole_file(path, format!("cannot read the spec: {e}")).0)
        }
    }
}

/// Load `text`, reporting problems against `file`.
///
/// A syntax error, a value of the wrong type, or a keyword outside the supported subset
/// stops the load with one diagnostic: the model cannot be built past it.
pub fn load_str(file: &Path, text: &str) -> Result<LoadedSpec, Vec<Diagnostic>> {
    // The typed model and the position index read the same text apart, so they are read on
    // two threads at once.
    let (document, locations) = std::thread::scope(|scope| {
        let index = scope.spawn(|| Locations::index(text));
        let document = serde_path_to_error::deserialize::<_, Document>(
            serde_yaml::Deserializer::from_str(text),
        );
        (document, index.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    match document {
        Ok(document) => match locations {
            Ok(locations) if !locations.duplicates().is_empty() => Err(locations
                .duplicates()
                .iter()
                .map(|d| Diagnostic {
                    file: file.to_path_buf(),
                    line: d.again.line,
                    column: d.again.column,
                    path: d.path.as_str().to_string(),
                    message: format!(
                        "duplicate key: `{}` appears again here, first at line {} column {}; YAML keeps only one of the two",
                        d.path.as_str().rsplit('.').next().unwrap_or_default(),
                        d.first.line,
                        d.first.column
                    ),
                })
                .collect()),
            Ok(locations) => Ok(LoadedSpec { file: file.to_path_buf(), document, locations }),
            // Both parsers must agree on the text, or positions could not be trusted.
            Err((pos, info)) => Err(vec![Diagnostic {
                file: file.to_path_buf(),
                line: pos.line,
                column: pos.column,
                path: String::new(),
                message: format!("YAML error: {info}"),
            }]),
        },
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            let inner = e.into_inner();
            let (line, column) = match inner.location() {
                Some(l) => (l.line(), l.column()),
                None => (0, 0),
            };
            // serde_yaml appends " at line L column C" to its message; the position is
            // reported in front instead.
            let mut message = inner.to_string();
            if let Some(i) = message.find(" at line ") {
                message.truncate(i);
            }
            let message = message.replace("unknown field", "unsupported keyword");
            Err(vec![Diagnostic { file: file.to_path_buf(), line, column, path, message }])
        }
    }
}
