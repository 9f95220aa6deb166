//! `cargo xtask import`: a draft spec per page that agrees with the hand-made spec on every
//! parameter and field name, Mandatory flag and type.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).current_dir(root()).output().expect("run")
}

fn pages() -> Vec<PathBuf> {
    let mut p: Vec<PathBuf> = std::fs::read_dir(root().join("spec/sources"))
        .expect("sources")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    p.sort();
    p
}

#[test]
fn each_draft_loads_and_agrees_with_the_spec_on_names_mandatory_flags_and_types() {
    let specs: Vec<codegen::model::Document> = codegen::spec_files(&root())
        .expect("specs")
        .iter()
        .map(|f| codegen::load::load_file(&root().join(f)).expect("spec").document)
        .collect();
    let pages = pages();
    assert!(!pages.is_empty(), "spec/sources has pages");
    for path in pages {
        let out = xtask(&["import", path.to_str().expect("utf-8 path")]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let yaml = String::from_utf8(out.stdout).expect("utf-8");
        let draft: codegen::model::Document = serde_yaml::from_str(&yaml)
            .unwrap_or_else(|e| panic!("{}: the draft does not load: {e}", path.display()));
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        let page = codegen::docs::page::parse(&std::fs::read_to_string(&path).expect("page"))
            .expect("page parses");
        let spec = specs
            .iter()
            .find(|d| codegen::docs::drift::find_operation(d, &name, &page).is_some())
            .expect("a spec has it");
        let a = codegen::docs::drift::agreement(&name, &page, &draft, spec);
        assert!(a.items > 0);
        assert_eq!(a.items_agreeing, a.items, "{name}: {:#?}", a.differences);
        assert_eq!(a.examples_agreeing, a.examples, "{name}: {:#?}", a.differences);
        // And the page agrees with its own draft, by the drift check's measure.
        let (diffs, _) = codegen::docs::drift::compare(&name, &page, &draft);
        let unexpected: Vec<String> =
            diffs.iter().filter(|d| d.table != "status codes").map(ToString::to_string).collect();
        assert!(unexpected.is_empty(), "{name}: {unexpected:#?}");
    }
}

#[test]
fn the_measure_is_printed_and_complete_on_names_mandatory_flags_and_types() {
    let out = xtask(&["import", "--compare"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let all = stdout.lines().find(|l| l.starts_with("| all |")).expect("a total line");
    // `| all | N/N | ...`: every item of every page reproduced, however many there are.
    let items = all.split('|').nth(2).map(str::trim).unwrap_or_else(|| panic!("{all}"));
    let (right, total) = items.split_once('/').unwrap_or_else(|| panic!("{all}"));
    assert_eq!(right, total, "{all}");
    assert!(total.parse::<usize>().is_ok_and(|n| n > 0), "{all}");
}

#[test]
fn a_file_that_is_not_a_page_is_a_clear_error() {
    let out = xtask(&["import", "README.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a saved Huawei Cloud API page"));
    let out = xtask(&["import", "no/such/page.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the page"));
}
