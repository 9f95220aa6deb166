//! Every row of every table on the five pages is in the spec with the same Mandatory flag and
//! the same type (as the page words it), and the spec has nothing the pages do not.
//!
//! The pages are read from `spec/sources/` with codegen's page reader; the mutation tests
//! show that the comparison notices each kind of change.

use std::path::PathBuf;

use codegen::docs::drift::{compare, Difference, Summary};
use codegen::model::Document;
use huaweicloud_restore_tests::workspace_root;

fn documents() -> Vec<Document> {
    huaweicloud_restore_tests::spec_files()
        .iter()
        .map(|f| codegen::load::load_file(&workspace_root().join(f)).expect("spec loads").document)
        .collect()
}

fn pages() -> Vec<(String, String)> {
    let dir: PathBuf = workspace_root().join("spec/sources");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("spec/sources")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).expect("page"),
            )
        })
        .collect();
    out.sort();
    out
}

/// Compare one page's text with whichever spec document has its operation.
fn check_page(file: &str, text: &str, docs: &[Document]) -> (Vec<Difference>, Summary) {
    let page = codegen::docs::page::parse(text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut best: Option<(Vec<Difference>, Summary)> = None;
    for doc in docs {
        let (d, s) = compare(file, &page, doc);
        let found = !(d.len() == 1 && d[0].aspect == "present" && d[0].table == "URI");
        if found {
            return (d, s);
        }
        best.get_or_insert((d, s));
    }
    best.expect("at least one spec")
}

#[test]
fn every_page_row_is_in_the_spec_with_the_same_mandatory_flag_and_type() {
    let docs = documents();
    let pages = pages();
    // The pages in spec/sources are exactly the ones the spec's operations name.
    let mut named: Vec<String> = docs
        .iter()
        .flat_map(|d| {
            d.paths
                .values()
                .flat_map(|item| item.operations().into_iter().map(|(_, o)| o.source.page.clone()))
        })
        .filter_map(|p| p.strip_prefix("sources/").map(str::to_string))
        .collect();
    named.sort();
    named.dedup();
    let files: Vec<String> = pages.iter().map(|(f, _)| f.clone()).collect();
    assert_eq!(
        files, named,
        "spec/sources holds the pages the spec's x-source names, and no other"
    );
    let mut total = Summary::default();
    let mut all = Vec::new();
    for (file, text) in &pages {
        let (d, s) = check_page(file, text, &docs);
        all.extend(d);
        total.tables += s.tables;
        total.items += s.items;
    }
    let lines: Vec<String> = all.iter().map(ToString::to_string).collect();
    assert!(all.is_empty(), "{} difference(s):\n{}", all.len(), lines.join("\n"));
    // Every table and row of the pages was read (counted independently of the comparison).
    let rows: usize = pages
        .iter()
        .map(|(_, t)| {
            codegen::docs::page::parse(t)
                .expect("page")
                .tables
                .iter()
                .map(|t| t.rows.len())
                .sum::<usize>()
        })
        .sum();
    let tables: usize =
        pages.iter().map(|(_, t)| codegen::docs::page::parse(t).expect("page").tables.len()).sum();
    assert_eq!((total.tables, total.items), (tables, rows), "{total:?}");
    assert!(rows > 0, "the pages have rows");
    println!("{} pages, {} tables, {} rows: no difference", pages.len(), total.tables, total.items);
}

fn page(file_prefix: &str) -> (String, String) {
    pages().into_iter().find(|(f, _)| f.starts_with(file_prefix)).expect("page")
}

/// Differences after replacing the first `from` after `anchor` with `to` in page `prefix`.
fn mutated(prefix: &str, anchor: &str, from: &str, to: &str) -> Vec<Difference> {
    let (file, text) = page(prefix);
    let at = text.find(anchor).unwrap_or_else(|| panic!("`{anchor}` not in {file}"));
    let rel = text[at..].find(from).unwrap_or_else(|| panic!("`{from}` not after `{anchor}`"));
    let mut changed = text.clone();
    changed.replace_range(at + rel..at + rel + from.len(), to);
    check_page(&file, &changed, &documents()).0
}

fn one(d: Vec<Difference>) -> Difference {
    assert_eq!(d.len(), 1, "expected exactly one difference: {d:#?}");
    d.into_iter().next().expect("one")
}

#[test]
fn a_flipped_mandatory_flag_is_one_difference() {
    let d = one(mutated(
        "001",
        "Table 4 RestoreMetaDataSource",
        "restore_time\n\nNo",
        "restore_time\n\nYes",
    ));
    assert_eq!(
        (d.table.as_str(), d.item.as_str(), d.aspect.as_str()),
        ("Table 4 RestoreMetaDataSource", "restore_time", "mandatory")
    );
}

#[test]
fn a_changed_type_is_one_difference() {
    let d = one(mutated(
        "004",
        "Table 4 BackupRestore",
        "power_on\n\nNo\n\nBoolean",
        "power_on\n\nNo\n\nString",
    ));
    assert_eq!(
        (d.item.as_str(), d.aspect.as_str(), d.page_says.as_str()),
        ("power_on", "type", "`String`")
    );
}

#[test]
fn a_renamed_field_is_one_difference() {
    let d = one(mutated("000", "Table 5 RestoreInstTarget", "instance_id", "instance_uuid"));
    assert_eq!((d.item.as_str(), d.aspect.as_str()), ("instance_id", "renamed"));
    assert!(d.page_says.starts_with("`instance_uuid` (line "), "{d}");
}

#[test]
fn a_removed_row_is_one_difference() {
    let d = one(mutated(
        "003",
        "Table 5 DDMInstance4Restore",
        "vpc_name\n\nString\n\nVPC name.\n\n",
        "",
    ));
    assert_eq!((d.item.as_str(), d.page_says.as_str()), ("vpc_name", "no such row"));
}

#[test]
fn a_changed_uri_is_one_difference() {
    let d = one(mutated("002", "URI format", "/instances/recovery", "/instances/restore"));
    assert_eq!(d.aspect, "uri");
}

#[test]
fn a_page_in_no_known_style_is_a_clear_error() {
    let e = codegen::docs::page::parse("just some text\n").unwrap_err();
    assert!(e.message.contains("not a saved Huawei Cloud API page"), "{e}");
}
