//! `cargo xtask update --dry-run` as a maintainer runs it: on today's pages an empty patch; on
//! a page with an edit that needs a human, that edit listed with the spec's and the page's
//! lines, the rest printed as a patch, a failure, and nothing written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

fn update(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("update")
        .args(args)
        .current_dir(root())
        .output()
        .expect("run")
}

#[test]
fn the_kept_pages_against_todays_spec_print_an_empty_patch() {
    let pages: Vec<String> = std::fs::read_dir(root().join("spec/sources"))
        .expect("sources")
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(!pages.is_empty());
    let mut args = vec!["--dry-run"];
    args.extend(pages.iter().map(String::as_str));
    let out = update(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // No patch: each page says it has nothing to apply, and nothing else is printed.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), pages.len(), "{stdout}");
    assert!(stdout.lines().all(|l| l.ends_with("nothing to apply")), "{stdout}");
}

#[test]
fn an_edit_that_needs_a_human_is_listed_with_lines_and_fails_the_rest_is_the_patch() {
    let file = "004_17342f0269d3101c.txt";
    let original = std::fs::read_to_string(root().join("spec/sources").join(file)).expect("page");
    let edited = original
        .replacen(
            "resource_id\n\nNo\n\nString\n\nID of the resource",
            "resource_uuid\n\nNo\n\nString\n\nID of the resource",
            1,
        )
        .replacen("Updated on 2022-02-22", "Updated on 2026-03-01", 1);
    assert_ne!(edited, original);
    let dir = std::env::temp_dir().join(format!("xtask-update-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let copy = dir.join(file);
    std::fs::write(&copy, &edited).expect("write");
    let spec_before = std::fs::read_to_string(root().join("spec/cbr.yaml")).expect("spec");
    let out = update(&["--dry-run", copy.to_str().expect("utf-8 path")]);
    let _ = std::fs::remove_dir_all(&dir);
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success(), "{stdout}{stderr}");
    let refusal =
        stderr.lines().find(|l| l.contains("renamed")).unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        refusal.starts_with("spec/cbr.yaml:") && refusal.contains(&format!("{file}:")),
        "{refusal}"
    );
    assert!(stdout.contains("+        updated: \"2026-03-01\""), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(root().join("spec/cbr.yaml")).expect("spec"),
        spec_before,
        "a dry run writes nothing"
    );
}
