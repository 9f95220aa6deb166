//! Diagnostics: every problem the loader or the checker finds, with its place in the spec.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in a spec document, with the file, the 1-based line and column, and the
/// YAML path (`paths./v3/x.post.parameters[0].schema`) of the node it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file the problem is in.
    pub file: PathBuf,
    /// 1-based line of the node (0 when the problem is not tied to a place, such as an unreadable file).
    pub line: usize,
    /// 1-based column of the node (0 when unknown).
    pub column: usize,
    /// The YAML path of the node, `.`-separated keys and `[i]` indexes; empty for the root.
    pub path: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "<root>" } else { &self.path };
        write!(
            f,
            "{}:{}:{}: {} (at `{}`)",
            self.file.display(),
            self.line,
            self.column,
            self.message,
            path
        )
    }
}

impl std::error::Error for Diagnostic {}

/// A list of diagnostics, displayed one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl Diagnostics {
    /// One diagnostic not tied to a place in a file (an I/O error, say).
    pub fn whole_file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostics(vec![Diagnostic {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            path: String::new(),
            message: message.into(),
        }])
    }
}
