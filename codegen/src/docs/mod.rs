//! The documentation pages: one reader ([`page`], with [`words`] for constraints stated in
//! words) and the two tools built on its model, the drift check ([`drift`], `cargo xtask
//! docs-check`) and the importer ([`import`], `cargo xtask import`). Both see exactly what the
//! reader reads, and both report what it could not read.

pub mod drift;
pub mod import;
pub mod page;
pub mod update;
pub mod words;
