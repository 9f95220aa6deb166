//! `cargo xtask docs-check` as a program: clean on the five pages; on a copy of a page with
//! one change, exactly one line naming the right item; a clear error for what is not a page.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

fn docs_check(pages: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("docs-check")
        .args(pages)
        .current_dir(root())
        .output()
        .expect("run")
}

fn page_file(prefix: &str) -> PathBuf {
    let dir = root().join("spec/sources");
    std::fs::read_dir(&dir)
        .expect("sources")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .expect("page")
}

/// A copy of page `prefix` (same file name, in a fresh folder) with the first `from` after
/// `anchor` replaced by `to`.
fn mutated(prefix: &str, anchor: &str, from: &str, to: &str) -> PathBuf {
    let src = page_file(prefix);
    let text = std::fs::read_to_string(&src).expect("page");
    let at = text.find(anchor).unwrap_or_else(|| panic!("`{anchor}` not in {}", src.display()));
    let rel = text[at..].find(from).unwrap_or_else(|| panic!("`{from}` not after `{anchor}`"));
    let mut changed = text.clone();
    changed.replace_range(at + rel..at + rel + from.len(), to);
    assert_ne!(changed, text);
    let dir = std::env::temp_dir().join(format!(
        "docs-check-{}-{}-{}",
        std::process::id(),
        prefix,
        fastrand_suffix(anchor, to)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join(src.file_name().expect("name"));
    std::fs::write(&out, changed).expect("write");
    out
}

fn fastrand_suffix(a: &str, b: &str) -> u64 {
    // A stable name per mutation, so parallel tests do not share a folder.
    a.bytes()
        .chain(b.bytes())
        .fold(1469598103934665603u64, |h, x| (h ^ u64::from(x)).wrapping_mul(1099511628211))
}

fn one_line(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "exit code; stdout: {stdout}");
    // What the reader could not read is listed as "not compared", apart from the differences.
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.contains(": not compared: ")).collect();
    assert_eq!(lines.len(), 1, "exactly one difference: {stdout}");
    lines[0].to_string()
}

#[test]
fn the_five_pages_agree_with_the_spec() {
    let out = docs_check(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    // `P pages, T tables, I items, E examples, S status codes compared: no difference`, with P
    // the pages in spec/sources and every count above zero: derived, so a new page breaks nothing.
    let line = stdout.lines().last().unwrap_or_default();
    // Anything not read is listed above the summary, one line each, and counted in it.
    let not_compared = stdout.lines().filter(|l| l.contains(": not compared: ")).count();
    let (line, tail) = line.split_once("; ").unwrap_or((line, ""));
    assert_eq!(
        tail.split(' ').next().and_then(|n| n.parse::<usize>().ok()).unwrap_or(0),
        not_compared,
        "{stdout}"
    );
    let counts = line.strip_suffix(" compared: no difference").unwrap_or_else(|| panic!("{line}"));
    let numbers: Vec<usize> = counts
        .split(", ")
        .map(|part| {
            part.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{line}"))
        })
        .collect();
    let words: Vec<&str> =
        counts.split(", ").map(|part| part.split_once(' ').map_or("", |(_, w)| w)).collect();
    assert_eq!(words, ["pages", "tables", "items", "examples", "status codes"], "{line}");
    let pages = std::fs::read_dir(root().join("spec/sources"))
        .expect("sources")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .count();
    assert_eq!(numbers[0], pages, "{line}");
    assert!(numbers.iter().all(|n| *n > 0), "{line}");
}

#[test]
fn each_change_is_one_difference_naming_the_item() {
    let cases: &[(&str, &str, &str, &str, &[&str])] = &[
        (
            "001",
            "Table 4 RestoreMetaDataSource",
            "restore_time\n\nNo",
            "restore_time\n\nYes",
            &["Table 4 RestoreMetaDataSource `restore_time`: mandatory: the page says Yes, the spec says No"],
        ),
        (
            "000",
            "Table 5 RestoreInstTarget",
            "instance_id",
            "instance_uuid",
            &["Table 5 RestoreInstTarget `instance_id`: renamed: the page says `instance_uuid`"],
        ),
        (
            "004",
            "Table 5 BackupRestoreServerMapping",
            "Table 5",
            "region\n\nNo\n\nString\n\nThe region.\n\nTable 5",
            &["Table 4 BackupRestore `region`: present: the page says a row"],
        ),
        (
            "003",
            "Table 5 DDMInstance4Restore",
            "vpc_name\n\nString\n\nVPC name.\n\n",
            "",
            &["Table 5 DDMInstance4Restore `vpc_name`: present: the page says no such row"],
        ),
        (
            "003",
            "Table 2 Query parameters",
            "Value range: 1 to 128",
            "Value range: 1 to 256",
            &["Table 2 Query parameters `limit`: value range: the page says 1 to 256, the spec says 1 to 128"],
        ),
        (
            "004",
            "Table 4 BackupRestore",
            "power_on\n\nNo\n\nBoolean",
            "power_on\n\nNo\n\nString",
            &["`power_on`: type: the page says `String`, the spec says `Boolean`"],
        ),
        ("004", "Table 4 BackupRestore", "Default: true", "Default: false", &["`power_on`: default: the page says `false`, the spec says `true`"]),
        ("000", "Example Request", "1747732352076", "1747732352077", &["examples `request example 1 (page-example)`: example", "1747732352077"]),
        ("003", "Example Response", "\"total\": 1", "\"total\": 2", &["examples `200 response example 1 (page-example)`: example"]),
        ("002", "URI format", "/instances/recovery", "/instances/restore", &["URI: uri: the page says `/v3/{project_id}/instances/restore`"]),
        ("001", "URI", "POST /v3/", "PUT /v3/", &["URI: method: the page says `PUT`, the spec says `POST`"]),
        (
            "003",
            "Status Codes",
            "500\n\nServer error",
            "500\n\nServer error\n\n503\n\nService unavailable",
            &["status codes `503`: status: the page says documented"],
        ),
        (
            "002",
            "Value range:",
            "timestamp: indicates",
            "snapshot: indicates",
            &["`type`: values: the page says [backup, snapshot], the spec says [backup, timestamp]"],
        ),
    ];
    for (prefix, anchor, from, to, want) in cases {
        let page = mutated(prefix, anchor, from, to);
        let line = one_line(&docs_check(&[&page]));
        assert!(
            line.starts_with(&format!("{}: ", page.file_name().expect("name").to_string_lossy())),
            "{line}"
        );
        for w in *want {
            assert!(line.contains(w), "{prefix} `{from}` -> `{to}`: `{line}` lacks `{w}`");
        }
    }
}

#[test]
fn errata_the_page_has_fixed_are_reported_as_such() {
    // DDM now types restore_time as an integer.
    let page = mutated("000", "Table 4 RestoreInstSource", "Number", "Integer");
    let line = one_line(&docs_check(&[&page]));
    assert!(
        line.contains("`restore_time`: erratum") && line.contains("no longer applies"),
        "{line}"
    );
    // CBR's example URL lost its braces.
    let page = mutated(
        "004",
        "Example Requests",
        "{f841e01fd2b14e7fa41b6ae7aa6b0594}",
        "f841e01fd2b14e7fa41b6ae7aa6b0594",
    );
    let line = one_line(&docs_check(&[&page]));
    assert!(line.contains("`project_id`: erratum") && line.contains("no longer applies"), "{line}");
    // RDS now names its success status.
    let page = mutated("002", "Normal response", "Normal response", "Status code: 202");
    let line = one_line(&docs_check(&[&page]));
    assert!(
        line.contains("status codes `success`: erratum") && line.contains("no longer applies"),
        "{line}"
    );
}

#[test]
fn what_is_not_a_page_is_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("docs-check-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let cases = [
        ("empty.txt", "", "the page is empty"),
        ("notes.txt", "Some notes\n\nabout nothing\n", "not a saved Huawei Cloud API page"),
    ];
    for (name, text, want) in cases {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        let out = docs_check(&[&p]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(want) && !stderr.contains("panicked"), "{stderr}");
    }
    let out = docs_check(&[&dir.join("missing.txt")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the page"));
}
