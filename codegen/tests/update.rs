//! `cargo xtask update`'s logic (`codegen::docs::update`) on copies of the pages in
//! `spec/sources/`, each edited here as the help centre edits pages. For each edit: the update
//! applies it, the drift check is clean afterwards, the spec's line diff touches only the lines
//! of the changed item, and the spec still loads and checks; `gen` succeeds on it (in a
//! temporary folder) and the change report (`codegen::changes`) classifies the change as a
//! consuming team needs it. The examples are held to the updated spec by the checker, which
//! holds each to its schema by the rules of the generated types (every example in the YAML
//! must reach it); the conformance crate (tests/conformance.rs), which compiles the generated
//! crate, is not run per case. An edit that needs a human is listed with the spec's and the
//! page's lines, nothing is guessed, and that item stays as it was.

use std::path::{Path, PathBuf};

use codegen::changes::{compare, Change, Class, Surface};
use codegen::docs::drift;
use codegen::docs::page;
use codegen::docs::update::{self, Updated};
use codegen::locate::{Locations, YamlPath};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

const CBR_PAGE: &str = "004_17342f0269d3101c.txt";
const DDM_LIST_PAGE: &str = "003_eec37e03d0634032.txt";
const RDS_PAGE: &str = "002_69ecaab194eeeb1e.txt";

/// A copy of a page of `spec/sources/`, saved in a temporary folder under its own name and
/// edited there by `edit` (which must change it), read back.
fn edited_page(file: &str, edit: impl Fn(&str) -> String) -> (String, page::Page) {
    let original = std::fs::read_to_string(root().join("spec/sources").join(file)).expect("page");
    let dir =
        std::env::temp_dir().join(format!("update-test-{}-{}", std::process::id(), edit_id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let copy = dir.join(file);
    let edited = edit(&original);
    assert_ne!(edited, original, "the test's edit must change the page");
    std::fs::write(&copy, &edited).expect("write the copy");
    let text = std::fs::read_to_string(&copy).expect("read the copy");
    let _ = std::fs::remove_dir_all(&dir);
    (file.to_string(), page::parse(&text).expect("the edited page reads"))
}

fn edit_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// `text` with `from` (which it must have) replaced by `to`.
fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the page has no `{from}`");
    text.replacen(from, to, 1)
}

fn spec_text(service: &str) -> String {
    std::fs::read_to_string(root().join("spec").join(format!("{service}.yaml"))).expect("spec")
}

/// Update the spec of `service` from the page; the update must be clean: nothing refused, the
/// drift check finds no difference, and the spec still loads and checks.
fn applied(service: &str, file: &str, p: &page::Page) -> (String, Updated) {
    let old = spec_text(service);
    let up = update::update(&old, file, p).expect("the spec has the page's operation");
    assert!(up.refusals.is_empty(), "refused: {:#?}\napplied: {:#?}", up.refusals, up.applied);
    assert_ne!(up.text, old, "the update changed nothing");
    let spec = codegen::load::load_str(&root().join(format!("spec/{service}.yaml")), &up.text)
        .expect("the updated spec loads");
    let (diffs, _) = drift::compare(file, p, &spec.document);
    assert!(diffs.is_empty(), "docs-check after the update: {diffs:#?}");
    every_example_is_checked(&up.text, &spec);
    (old, up)
}

/// Every example of the updated spec `text` reached the checker, which held each to its
/// schema as the conformance tests (tests/conformance.rs) hold it to the generated types: the
/// examples the checked service carries are as many as the YAML has, counted apart from
/// codegen's model as the conformance tests count them.
fn every_example_is_checked(text: &str, spec: &codegen::load::LoadedSpec) {
    let service = codegen::check::check(spec)
        .unwrap_or_else(|d| panic!("the updated spec does not check: {d:?}"));
    let mut carried = 0;
    for op in &service.operations {
        carried += op.body_examples.len() + op.parameter_examples.len();
        carried += op.responses.iter().map(|r| r.examples.len()).sum::<usize>();
    }
    let doc: serde_yaml::Value = serde_yaml::from_str(text).expect("yaml");
    let mut in_yaml = 0;
    for (_, item) in doc["paths"].as_mapping().expect("paths") {
        for (_, op) in item.as_mapping().expect("path item") {
            in_yaml += op["parameters"]
                .as_sequence()
                .into_iter()
                .flatten()
                .filter(|p| p.get("example").is_some())
                .count();
            let contents = std::iter::once(&op["requestBody"]["content"]).chain(
                op["responses"]
                    .as_mapping()
                    .into_iter()
                    .flat_map(|m| m.values().map(|r| &r["content"])),
            );
            for c in contents {
                in_yaml += c
                    .as_mapping()
                    .into_iter()
                    .flatten()
                    .map(|(_, media)| media["examples"].as_mapping().map_or(0, |m| m.len()))
                    .sum::<usize>();
            }
        }
    }
    assert!(in_yaml > 0, "the spec has examples");
    assert_eq!(carried, in_yaml, "examples checked vs examples in the updated spec's YAML");
}

/// What `gen` makes of the workspace's spec with `service`'s replaced by `text`, in a
/// temporary folder: it must succeed; the change report against today's spec, from the
/// public surface each generation records.
fn report(service: &str, text: &str) -> Vec<Change> {
    let scratch =
        std::env::temp_dir().join(format!("update-gen-{}-{}", std::process::id(), edit_id()));
    std::fs::create_dir_all(scratch.join("spec")).expect("temp dir");
    for f in codegen::spec_files(&root()).expect("specs") {
        std::fs::copy(root().join(&f), scratch.join(&f)).expect("copy a spec");
    }
    std::fs::write(scratch.join("spec").join(format!("{service}.yaml")), text)
        .expect("write the updated spec");
    let generated = codegen::generate(&scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    let surface = |files: Vec<codegen::GeneratedFile>| -> Surface {
        let record = files
            .into_iter()
            .find(|f| f.path == Path::new(codegen::SURFACE))
            .expect("gen records the surface");
        serde_json::from_str(&record.contents).expect("the surface record reads")
    };
    let new = surface(generated.unwrap_or_else(|d| panic!("gen fails on the updated spec:\n{d}")));
    let old = surface(codegen::generate(&root()).expect("gen on today's spec"));
    compare(&old, &new)
}

/// Every change of the report is of `class`, one is on `items[0]` (or an item under it), and
/// every change is about one of `items`.
fn classified(changes: &[Change], class: Class, items: &[&str]) {
    let other: Vec<&Change> = changes.iter().filter(|c| c.class != class).collect();
    assert!(other.is_empty(), "changes of another class than {class:?}: {other:#?}");
    assert!(
        changes.iter().any(|c| c.class == class && c.item.starts_with(items[0])),
        "no {class:?} change on `{}`: {changes:#?}",
        items[0]
    );
    let stray: Vec<&Change> =
        changes.iter().filter(|c| !items.iter().any(|i| c.item.starts_with(i))).collect();
    assert!(stray.is_empty(), "changes outside {items:?}: {stray:#?}");
}

/// Every change of the report is one of `expected` (its class, and an item under the path),
/// and each of `expected` is there.
fn classified_each(changes: &[Change], expected: &[(Class, &str)]) {
    let fits =
        |c: &Change, (class, item): &(Class, &str)| c.class == *class && c.item.starts_with(item);
    let stray: Vec<&Change> =
        changes.iter().filter(|c| !expected.iter().any(|e| fits(c, e))).collect();
    assert!(stray.is_empty(), "changes not in {expected:?}: {stray:#?}");
    for e in expected {
        assert!(changes.iter().any(|c| fits(c, e)), "no {e:?} in {changes:#?}");
    }
}

/// No change of the generated crate's public API.
fn unchanged_api(service: &str, text: &str) {
    let changes = report(service, text);
    assert!(changes.is_empty(), "{changes:#?}");
}

fn op(uri: &str, method: &str) -> YamlPath {
    YamlPath::root().key("paths").key(uri).key(method)
}

fn component(name: &str) -> YamlPath {
    YamlPath::root().key("components").key("schemas").key(name)
}

/// The 1-based lines the node at `path` spans in `text`.
fn lines_of(text: &str, path: &YamlPath) -> Vec<usize> {
    let loc = Locations::index(text).expect("YAML");
    let span = loc.span(path).unwrap_or_else(|| panic!("no `{}` in the spec", path.as_str()));
    (span.start.line..=span.end_line).collect()
}

/// The line diff of `old` and `new` touches only `old_allowed` (lines of `old`) and
/// `new_allowed` (lines of `new`), and touches something.
fn only_these_lines(old: &str, new: &str, old_allowed: &[usize], new_allowed: &[usize]) {
    let (gone, came) = update::changed_lines(old, new);
    assert!(!gone.is_empty() || !came.is_empty(), "no line changed");
    let stray_old: Vec<&usize> = gone.iter().filter(|l| !old_allowed.contains(l)).collect();
    let stray_new: Vec<&usize> = came.iter().filter(|l| !new_allowed.contains(l)).collect();
    assert!(
        stray_old.is_empty() && stray_new.is_empty(),
        "lines changed outside the item: old {stray_old:?}, new {stray_new:?}\n{}",
        update::unified_diff(old, new, "spec.yaml")
    );
}

const RESTORE: &str = "/v3/{project_id}/backups/{backup_id}/restore";

#[test]
fn a_row_added_is_drafted_for_a_maintainer_to_reword_in_its_place() {
    let (file, p) = edited_page(CBR_PAGE, |t| {
        replace(t, "resource_id\n\nNo\n\nString\n\nID of the resource to be restored\n", "resource_id\n\nNo\n\nString\n\nID of the resource to be restored\n\nvault_id\n\nNo\n\nString\n\nID of the vault holding the backup. It contains 4 to 64 characters.\n")
    });
    let (old, up) = applied("cbr", &file, &p);
    let new_item = component("BackupRestore").key("properties").key("vault_id");
    only_these_lines(&old, &up.text, &[], &lines_of(&up.text, &new_item));
    let added = &up.text.lines().collect::<Vec<_>>()[lines_of(&up.text, &new_item)[0] - 1..];
    assert!(added[1].contains("TODO(reword): ID of the vault"), "{added:?}");
    assert!(up.text.contains("maxLength: 64"), "the drafted schema has the row's length");
    classified(&report("cbr", &up.text), Class::Additive, &["cbr::BackupRestore::vault_id"]);
}

#[test]
fn a_row_removed_takes_out_its_lines_only() {
    let (file, p) = edited_page(CBR_PAGE, |t| {
        replace(t, "resource_id\n\nNo\n\nString\n\nID of the resource to be restored\n\n", "")
    });
    let (old, up) = applied("cbr", &file, &p);
    let gone = component("BackupRestore").key("properties").key("resource_id");
    only_these_lines(&old, &up.text, &lines_of(&old, &gone), &[]);
    classified(&report("cbr", &up.text), Class::Breaking, &["cbr::BackupRestore::resource_id"]);
}

#[test]
fn a_type_changed_rewrites_the_type_lines_of_the_item() {
    let (file, p) = edited_page(CBR_PAGE, |t| {
        replace(t, "resource_id\n\nNo\n\nString\n", "resource_id\n\nNo\n\nInteger\n")
    });
    let (old, up) = applied("cbr", &file, &p);
    let item = component("BackupRestore").key("properties").key("resource_id");
    only_these_lines(&old, &up.text, &lines_of(&old, &item), &lines_of(&up.text, &item));
    assert!(
        up.applied.iter().any(|a| a.contains("resource_id") && a.contains("type")),
        "{:?}",
        up.applied
    );
    classified(&report("cbr", &up.text), Class::Breaking, &["cbr::BackupRestore::resource_id"]);
}

#[test]
fn a_mandatory_flag_flipped_edits_the_required_list() {
    let (file, p) = edited_page(CBR_PAGE, |t| {
        replace(
            t,
            "volume_id\n\nYes\n\nString\n\nID of the disk to which data is restored",
            "volume_id\n\nNo\n\nString\n\nID of the disk to which data is restored",
        )
    });
    let (old, up) = applied("cbr", &file, &p);
    let required = component("BackupRestoreServerMapping").key("required");
    only_these_lines(&old, &up.text, &lines_of(&old, &required), &lines_of(&up.text, &required));
    assert!(
        up.text.contains("required: [backup_id]\n"),
        "{}",
        update::unified_diff(&old, &up.text, "cbr.yaml")
    );
    classified(
        &report("cbr", &up.text),
        Class::Breaking,
        &["cbr::BackupRestoreServerMapping::volume_id"],
    );
}

#[test]
fn a_parameter_made_mandatory_edits_its_required_flag() {
    let (file, p) = edited_page(DDM_LIST_PAGE, |t| {
        replace(t, "limit\n\nNo\n\nInteger", "limit\n\nYes\n\nInteger")
    });
    let (old, up) = applied("ddm", &file, &p);
    let doc: codegen::model::Document = serde_yaml::from_str(&old).expect("spec");
    let (m, uri, o) = drift::find_operation(&doc, &file, &p).expect("operation");
    let i = o.parameters.iter().position(|x| x.name == "limit").expect("limit");
    let item = op(&uri, &m.to_ascii_lowercase()).key("parameters").index(i).key("required");
    only_these_lines(&old, &up.text, &lines_of(&old, &item), &lines_of(&up.text, &item));
    classified(
        &report("ddm", &up.text),
        Class::Breaking,
        &["ddm::ListRestorableInstancesQuery::limit"],
    );
}

#[test]
fn a_range_changed_edits_the_bound() {
    let (file, p) = edited_page(DDM_LIST_PAGE, |t| {
        replace(t, "Value range: 1 to 128", "Value range: 1 to 100")
    });
    let (old, up) = applied("ddm", &file, &p);
    let doc: codegen::model::Document = serde_yaml::from_str(&old).expect("spec");
    let (m, uri, o) = drift::find_operation(&doc, &file, &p).expect("operation");
    let i = o.parameters.iter().position(|x| x.name == "limit").expect("limit");
    let schema = op(&uri, &m.to_ascii_lowercase()).key("parameters").index(i).key("schema");
    only_these_lines(&old, &up.text, &lines_of(&old, &schema), &lines_of(&up.text, &schema));
    assert!(up.text.contains("maximum: 100"));
    // Narrowed on a request: values accepted before are refused.
    classified(
        &report("ddm", &up.text),
        Class::Breaking,
        &["ddm::ListRestorableInstancesQuery::limit"],
    );
}

#[test]
fn a_listed_value_added_extends_the_named_enumeration() {
    let (file, p) = edited_page(RDS_PAGE, |t| {
        replace(
            t,
            "  • timestamp: indicates the point-in-time restoration mode. In this mode, type and restore_time are mandatory.\n",
            "  • timestamp: indicates the point-in-time restoration mode. In this mode, type and restore_time are mandatory.\n  • snapshot: indicates restoration from a snapshot.\n",
        )
    });
    let (old, up) = applied("rds", &file, &p);
    let doc: codegen::model::Document = serde_yaml::from_str(&old).expect("spec");
    let name = doc
        .components
        .schemas
        .iter()
        .find(|(_, s)| {
            s.enum_.as_ref().is_some_and(|e| {
                e.iter().any(|v| v == "timestamp") && e.iter().any(|v| v == "backup")
            })
        })
        .map(|(n, _)| n.clone())
        .expect("the enumeration of restore types");
    let list = component(&name);
    only_these_lines(&old, &up.text, &lines_of(&old, &list), &lines_of(&up.text, &list));
    assert!(
        up.text.contains("enum: [backup, timestamp, snapshot]"),
        "{}",
        update::unified_diff(&old, &up.text, "rds.yaml")
    );
    // The spec describes each value: the new one gets the page's words, marked for rewording.
    let doc: codegen::model::Document = serde_yaml::from_str(&up.text).expect("spec");
    let described = &doc.components.schemas[&name].enum_descriptions;
    assert_eq!(
        described.get("snapshot").map(String::as_str),
        Some("TODO(reword): indicates restoration from a snapshot."),
        "{described:?}"
    );
    assert_eq!(
        described.keys().last().map(String::as_str),
        Some("snapshot"),
        "in the order of the values"
    );
    classified(&report("rds", &up.text), Class::Additive, &[&format!("rds::{name}::")]);
}

#[test]
fn an_example_changed_is_kept_as_the_page_prints_it() {
    let (file, p) =
        edited_page(CBR_PAGE, |t| replace(t, "\"power_on\" : true,", "\"power_on\" : false,"));
    let (old, up) = applied("cbr", &file, &p);
    let value = op(RESTORE, "post")
        .key("requestBody")
        .key("content")
        .key("application/json")
        .key("examples")
        .key("page-example")
        .key("value");
    only_these_lines(&old, &up.text, &lines_of(&old, &value), &lines_of(&up.text, &value));
    assert!(up.text.contains("\"power_on\" : false,"), "verbatim");
    unchanged_api("cbr", &up.text);
}

#[test]
fn a_status_code_added_is_a_response_drafted_in_order() {
    let (file, p) = edited_page(CBR_PAGE, |t| {
        replace(t, "202\n\nAccepted\n", "202\n\nAccepted\n\n400\n\nBad Request\n")
    });
    let (old, up) = applied("cbr", &file, &p);
    let response = op(RESTORE, "post").key("responses").key("400");
    only_these_lines(&old, &up.text, &[], &lines_of(&up.text, &response));
    // An error status without a body changes no signature.
    unchanged_api("cbr", &up.text);
}

#[test]
fn a_new_success_status_is_left_to_a_maintainer() {
    // A second success changes what the method returns: never applied unasked.
    let (file, p) = edited_page(CBR_PAGE, |t| {
        replace(t, "202\n\nAccepted\n", "200\n\nOK\n\n202\n\nAccepted\n")
    });
    let old = spec_text("cbr");
    let up = update::update(&old, &file, &p).expect("operation");
    assert!(
        up.refusals.iter().any(|r| r.what.contains("a new success status 200")),
        "{:#?}",
        up.refusals
    );
    assert_eq!(up.text, old, "nothing else differs, so nothing is written");
}

#[test]
fn the_updated_date_changed_edits_that_line_only() {
    let (file, p) =
        edited_page(CBR_PAGE, |t| replace(t, "Updated on 2022-02-22", "Updated on 2026-03-01"));
    let (old, up) = applied("cbr", &file, &p);
    let date = op(RESTORE, "post").key("x-source").key("updated");
    only_these_lines(&old, &up.text, &lines_of(&old, &date), &lines_of(&up.text, &date));
    assert!(up.text.contains("updated: \"2026-03-01\""), "the quotes kept");
    unchanged_api("cbr", &up.text);
}

#[test]
fn an_erratum_the_page_fixed_is_removed_and_reported() {
    // The example URL no longer wraps the project id in braces.
    let (file, p) = edited_page(CBR_PAGE, |t| {
        replace(
            t,
            "/v3/{f841e01fd2b14e7fa41b6ae7aa6b0594}/backups",
            "/v3/f841e01fd2b14e7fa41b6ae7aa6b0594/backups",
        )
    });
    let (old, up) = applied("cbr", &file, &p);
    assert!(up.errata_removed.iter().any(|e| e.contains("project_id")), "{:?}", up.errata_removed);
    let doc: codegen::model::Document = serde_yaml::from_str(&old).expect("spec");
    let i = doc.paths[RESTORE].operations()[0]
        .1
        .parameters
        .iter()
        .position(|x| x.name == "project_id")
        .expect("project_id");
    let erratum = op(RESTORE, "post").key("parameters").index(i).key("x-erratum");
    let line = op(RESTORE, "post").key("x-page-example-request");
    let old_allowed: Vec<usize> =
        lines_of(&old, &erratum).into_iter().chain(lines_of(&old, &line)).collect();
    only_these_lines(&old, &up.text, &old_allowed, &lines_of(&up.text, &line));
    unchanged_api("cbr", &up.text);
}

#[test]
fn a_rename_needs_a_human_it_is_listed_with_both_lines_and_nothing_is_guessed() {
    let (file, p) = edited_page(CBR_PAGE, |t| {
        let t = replace(
            t,
            "resource_id\n\nNo\n\nString\n\nID of the resource to be restored",
            "resource_uuid\n\nNo\n\nString\n\nID of the resource to be restored",
        );
        // And one edit that needs no judgement, applied all the same.
        replace(&t, "Updated on 2022-02-22", "Updated on 2026-03-01")
    });
    let old = spec_text("cbr");
    let up = update::update(&old, &file, &p).expect("operation");
    let renamed: Vec<_> = up.refusals.iter().filter(|r| r.what.contains("renamed")).collect();
    assert_eq!(renamed.len(), 1, "{:#?}", up.refusals);
    let item = component("BackupRestore").key("properties").key("resource_id");
    assert_eq!(renamed[0].spec_line, lines_of(&old, &item)[0], "the spec's line of the item");
    let row_line =
        p.tables.iter().flat_map(|t| &t.rows).find(|r| r.name == "resource_uuid").map(|r| r.line);
    assert_eq!(renamed[0].page_line, row_line, "the page's line of the row");
    let shown = renamed[0].show("spec/cbr.yaml", &file);
    assert!(
        shown.starts_with(&format!("spec/cbr.yaml:{}: {file}:", renamed[0].spec_line)),
        "{shown}"
    );
    // The rest is applied; the renamed item is left as it was.
    let date = op(RESTORE, "post").key("x-source").key("updated");
    only_these_lines(&old, &up.text, &lines_of(&old, &date), &lines_of(&up.text, &date));
}

#[test]
fn an_object_field_retyped_is_refused_and_left_as_it_was() {
    let (file, p) = edited_page(CBR_PAGE, |t| {
        replace(t, "Array of BackupRestoreServerMapping objects", "Array of strings")
    });
    let old = spec_text("cbr");
    let up = update::update(&old, &file, &p).expect("operation");
    assert!(!up.refusals.is_empty(), "a human decides");
    assert!(up.refusals.iter().any(|r| r.what.contains("`mappings`: type")), "{:#?}", up.refusals);
    assert_eq!(up.text, old, "nothing guessed");
}

#[test]
fn every_kept_page_applied_to_todays_spec_changes_nothing() {
    let docs: Vec<(String, String)> = codegen::spec_files(&root())
        .expect("specs")
        .into_iter()
        .map(|f| (f.display().to_string(), std::fs::read_to_string(root().join(&f)).expect("spec")))
        .collect();
    let parsed: Vec<codegen::model::Document> =
        docs.iter().map(|(_, t)| serde_yaml::from_str(t).expect("spec")).collect();
    let mut pages = 0;
    for entry in
        std::fs::read_dir(root().join("spec/sources")).expect("sources").filter_map(Result::ok)
    {
        let file = entry.file_name().to_string_lossy().into_owned();
        let p =
            page::parse(&std::fs::read_to_string(entry.path()).expect("page")).expect("page reads");
        let doc = drift::document_for(&file, &p, &parsed, None).expect("a spec has it");
        let k = parsed.iter().position(|d| std::ptr::eq(d, doc)).expect("one of them");
        let up = update::update(&docs[k].1, &file, &p).expect("operation");
        assert!(up.refusals.is_empty() && up.applied.is_empty(), "{file}: {up:#?}");
        assert_eq!(
            update::unified_diff(&docs[k].1, &up.text, &docs[k].0),
            "",
            "{file}: an empty patch"
        );
        pages += 1;
    }
    assert!(pages > 0);
}

#[test]
fn a_type_changed_that_the_example_contradicts_records_the_example_as_import_does() {
    // The table now says String; the request example still prints a boolean.
    let (file, p) = edited_page(CBR_PAGE, |t| {
        replace(t, "power_on\n\nNo\n\nBoolean\n", "power_on\n\nNo\n\nString\n")
    });
    let (old, up) = applied("cbr", &file, &p);
    let item = component("BackupRestore").key("properties").key("power_on");
    let example = op(RESTORE, "post")
        .key("requestBody")
        .key("content")
        .key("application/json")
        .key("examples")
        .key("page-example");
    let old_allowed: Vec<usize> =
        lines_of(&old, &item).into_iter().chain(lines_of(&old, &example)).collect();
    let new_allowed: Vec<usize> =
        lines_of(&up.text, &item).into_iter().chain(lines_of(&up.text, &example)).collect();
    only_these_lines(&old, &up.text, &old_allowed, &new_allowed);
    // The example as printed is the erratum; its value lacks the contradicting member.
    let doc: codegen::model::Document = serde_yaml::from_str(&up.text).expect("spec");
    let ex = &doc.paths[RESTORE].operations()[0].1.request_body.as_ref().expect("body").content
        ["application/json"]
        .examples["page-example"];
    let erratum = ex.erratum.as_ref().expect("an erratum");
    let printed: serde_json::Value =
        serde_json::from_str(&erratum.page_says).expect("the example as printed");
    assert_eq!(printed["restore"]["power_on"], serde_json::Value::Bool(true));
    assert!(ex.value["restore"].get("power_on").is_none(), "{}", ex.value);
    assert!(erratum.reason.contains("power_on"), "{}", erratum.reason);
    // Retyped (breaking); its default, printed as the new type's, changes too (behaviour).
    let item = "cbr::BackupRestore::power_on";
    classified_each(&report("cbr", &up.text), &[(Class::Breaking, item), (Class::Behaviour, item)]);
}

#[test]
fn values_listed_for_the_first_time_draft_an_enumeration_named_as_import_names_one() {
    let (file, p) = edited_page(CBR_PAGE, |t| {
        replace(
            t,
            "resource_id\n\nNo\n\nString\n\nID of the resource to be restored\n",
            "resource_id\n\nNo\n\nString\n\nID of the resource to be restored\n\nPossible values are server and volume.\n",
        )
    });
    let (old, up) = applied("cbr", &file, &p);
    // Named after the field, as `import` names an enumeration.
    let name = "ResourceId";
    assert!(!old.contains(&format!("    {name}:\n")), "the name is new");
    let item = component("BackupRestore").key("properties").key("resource_id");
    let new_enum = component(name);
    let new_allowed: Vec<usize> =
        lines_of(&up.text, &item).into_iter().chain(lines_of(&up.text, &new_enum)).collect();
    only_these_lines(&old, &up.text, &lines_of(&old, &item), &new_allowed);
    let doc: codegen::model::Document = serde_yaml::from_str(&up.text).expect("spec");
    let schema = &doc.components.schemas[name];
    assert!(
        schema.description.as_deref().is_some_and(|d| d.starts_with(update::REWORD)),
        "marked for a maintainer: {schema:?}"
    );
    let values: Vec<&str> = schema.enum_.iter().flatten().filter_map(|v| v.as_str()).collect();
    assert_eq!(values, ["server", "volume"]);
    assert!(
        up.text.contains(&format!(
            "          allOf:\n            - $ref: '#/components/schemas/{name}'\n"
        )),
        "spec/'s layout"
    );
    // The field's type is now the enumeration (breaking); the enumeration is new.
    let new_enum = format!("cbr::{name}");
    classified_each(
        &report("cbr", &up.text),
        &[(Class::Breaking, "cbr::BackupRestore::resource_id"), (Class::Additive, &new_enum)],
    );
}

const DDM_META_PAGE: &str = "001_8fc0fe0575142c7f.txt";

#[test]
fn a_type_change_against_an_erratum_is_refused_and_that_item_is_left_as_it_was() {
    // The spec records that the page's "Number" is a timestamp; the page now says String: the
    // erratum's reason may no longer hold, which a maintainer judges.
    let (file, p) = edited_page(DDM_META_PAGE, |t| {
        let t = replace(t, "restore_time\n\nNo\n\nNumber\n", "restore_time\n\nNo\n\nString\n");
        replace(&t, "Updated on 2026-05-30", "Updated on 2026-06-02")
    });
    let old = spec_text("ddm");
    let up = update::update(&old, &file, &p).expect("operation");
    let refused: Vec<_> = up
        .refusals
        .iter()
        .filter(|r| r.what.contains("`restore_time`") && r.what.contains("erratum"))
        .collect();
    assert_eq!(refused.len(), 1, "{:#?}", up.refusals);
    let row = p
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .find(|r| r.name == "restore_time" && r.ty.as_deref() == Some("String"))
        .expect("the row");
    assert_eq!(refused[0].page_line, Some(row.line), "the page's line of the row");
    let spec_line = old.lines().nth(refused[0].spec_line - 1).expect("the spec's line");
    assert_eq!(spec_line.trim(), "restore_time:", "the spec's line of the item");
    // Only the date changed: the refused item is byte for byte as it was.
    let doc: codegen::model::Document = serde_yaml::from_str(&old).expect("spec");
    let (m, uri, _) = drift::find_operation(&doc, &file, &p).expect("operation");
    let date = op(&uri, &m.to_ascii_lowercase()).key("x-source").key("updated");
    only_these_lines(&old, &up.text, &lines_of(&old, &date), &lines_of(&up.text, &date));
    unchanged_api("ddm", &up.text);
}

/// The reference pages beside the repository (`../shared/reference-pages`, which must be there,
/// as CI has it), read at run time.
fn reference_pages() -> Vec<PathBuf> {
    let dir = root().join("../shared/reference-pages");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!("{}: {e}: the reference pages must be beside the repository", dir.display())
    });
    let mut pages: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn a_reference_page_applied_to_the_spec_drafted_from_it_changes_nothing() {
    let pages = reference_pages();
    assert!(!pages.is_empty(), "the reference pages folder has no pages");
    for path in &pages {
        let file = path.file_name().expect("a file").to_string_lossy().into_owned();
        let p = page::parse(&std::fs::read_to_string(path).expect("page"))
            .unwrap_or_else(|e| panic!("{file}: {e:?}"));
        let draft = codegen::docs::import::draft(&file, &p, "draft");
        let up = update::update(&draft, &file, &p).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            up.refusals.is_empty() && up.applied.is_empty() && up.errata_removed.is_empty(),
            "{file}: {up:#?}"
        );
        assert_eq!(update::unified_diff(&draft, &up.text, &file), "", "{file}: an empty patch");
    }
    println!("{} reference pages applied to their drafts: no change", pages.len());
}

#[test]
fn an_edit_inside_a_flow_mapping_is_refused_with_both_lines() {
    // The same spec with the parameter's schema written in flow style, as a maintainer may.
    let block = "          schema:\n            type: integer\n            format: int32\n            minimum: 1\n            maximum: 128\n            default: 10\n";
    let old = spec_text("ddm").replacen(
        block,
        "          schema: {type: integer, format: int32, minimum: 1, maximum: 128, default: 10}\n",
        1,
    );
    assert_ne!(old, spec_text("ddm"), "the spec has the block");
    let (file, p) = edited_page(DDM_LIST_PAGE, |t| {
        replace(t, "Value range: 1 to 128", "Value range: 1 to 100")
    });
    let up = update::update(&old, &file, &p).expect("operation");
    let refused: Vec<_> = up
        .refusals
        .iter()
        .filter(|r| r.what.contains("`limit`") && r.what.contains("flow style"))
        .collect();
    assert_eq!(refused.len(), 1, "{:#?}", up.refusals);
    assert!(refused[0].page_line.is_some(), "the page's line");
    assert_eq!(
        old.lines().nth(refused[0].spec_line - 1).map(str::trim),
        Some("- name: limit"),
        "the spec's line of the item"
    );
    assert_eq!(up.text, old, "nothing else differs, so nothing is written");
}

#[test]
fn a_listed_value_removed_takes_its_description_with_it() {
    // A spec that lists and describes one value more than the page does.
    let desc = "        timestamp: indicates the point-in-time restoration mode. In this mode, type and restore_time are mandatory.\n";
    let today = spec_text("rds");
    let old =
        replace(&today, "enum: [backup, timestamp]\n", "enum: [backup, timestamp, snapshot]\n");
    let old = replace(&old, desc, &format!("{desc}        snapshot: Restores from a snapshot.\n"));
    let file = RDS_PAGE.to_string();
    let p = page::parse(
        &std::fs::read_to_string(root().join("spec/sources").join(&file)).expect("page"),
    )
    .expect("page reads");
    let up = update::update(&old, &file, &p).expect("operation");
    assert!(up.refusals.is_empty(), "{:#?}", up.refusals);
    assert_eq!(up.text, today, "the value and its description are gone, and nothing else");
}
