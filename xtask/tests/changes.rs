//! `cargo xtask changes`: against the record committed at HEAD, and refusing what it cannot
//! compare with a clear error. (What each change is classified as is tested on the spec in
//! `codegen/tests/changes.rs`.)

use std::process::Command;

fn xtask(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn changes_since_head_reports_and_a_revision_without_a_record_is_an_error() {
    let (code, out, err) = xtask(&["changes", "--since", "HEAD"]);
    assert_eq!(code, 0, "{out}{err}");
    // Whatever the working tree holds: no change, or classified changes and the version.
    assert!(
        out.contains("no change of the public API since HEAD") || out.contains("version: "),
        "{out}"
    );
    let (code, _, err) = xtask(&["changes", "--since", "no-such-revision-here"]);
    assert_eq!(code, 1);
    assert!(err.contains("no surface record at no-such-revision-here"), "{err}");
    let (code, _, err) = xtask(&["changes"]);
    assert_eq!(code, 2);
    assert!(err.contains("usage: cargo xtask changes --since REV"), "{err}");
}
