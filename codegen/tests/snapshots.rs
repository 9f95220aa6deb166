//! The generator's output for small fixture specs, snapshotted; the snapshots must compile
//! (trybuild builds each one against the real runtime), so a snapshot that does not compile
//! fails even when it matches.
//!
//! Run with `UPDATE_SNAPSHOTS=1` to rewrite the snapshots after a deliberate generator change,
//! then read the diff.

use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn generate(fixture: &str) -> Vec<codegen::emit::ServiceFile> {
    let path = dir().join("fixtures").join(format!("{fixture}.yaml"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    let spec = codegen::load::load_str(Path::new(&format!("fixtures/{fixture}.yaml")), &text)
        .unwrap_or_else(|d| panic!("{}", codegen::Diagnostics(d)));
    let service =
        codegen::check::check(&spec).unwrap_or_else(|d| panic!("{}", codegen::Diagnostics(d)));
    codegen::emit::service(&service).unwrap_or_else(|e| panic!("{e}"))
}

const FIXTURES: &[&str] = &["constructs", "paging", "rules"];

#[test]
fn output_matches_the_snapshots() {
    let mut stale = Vec::new();
    for f in FIXTURES {
        // A folder per fixture, as gen writes a folder per service.
        let folder = dir().join("snapshots").join(f);
        for file in generate(f) {
            let snap = folder.join(file.name);
            if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
                std::fs::create_dir_all(&folder).expect("snapshot folder");
                std::fs::write(&snap, &file.contents).expect("write snapshot");
                continue;
            }
            let want = std::fs::read_to_string(&snap).unwrap_or_default();
            if want != file.contents {
                stale.push(snap.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots differ (rerun with UPDATE_SNAPSHOTS=1 and review): {stale:?}"
    );
}

#[test]
fn output_is_byte_identical_on_every_run() {
    for f in FIXTURES {
        assert_eq!(generate(f), generate(f), "{f}");
    }
    let root = dir().parent().and_then(Path::parent).expect("workspace").to_path_buf();
    let a = codegen::generate(&root).expect("the spec generates");
    let b = codegen::generate(&root).expect("the spec generates");
    assert_eq!(a, b);
}

#[test]
fn snapshots_compile() {
    let t = trybuild::TestCases::new();
    t.pass("tests/compile/*.rs");
}
