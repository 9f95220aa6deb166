//! The corpus measurement: `xtask/corpus/rst_tables.py` reads every table of the corpus's
//! reStructuredText sources (docutils, independent of the page reader), and `cargo xtask corpus`
//! reports on a few pages in the shape CI reads. The corpus is `../shared/corpus` beside the
//! clone, never copied into the repository: these tests fail when it is missing. Only facts that
//! hold for any corpus are checked, no counts of pages, tables or rows; the combined build of
//! every draft is CI's (`.ci/run`), too slow for a test.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The docutils version `.ci/run` installs.
const DOCUTILS: &str = "docutils==0.19";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

/// `../shared/corpus`, which must be there.
fn corpus() -> PathBuf {
    let dir = root().join("../shared/corpus");
    assert!(
        dir.join("rst").is_dir(),
        "the corpus is missing: {} (with rst/) must be beside the clone",
        dir.display()
    );
    dir
}

/// The files of `dir` with extension `ext`, sorted.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    found.sort();
    found
}

fn stem(p: &Path) -> String {
    p.file_stem().expect("a file name").to_string_lossy().into_owned()
}

/// Run the script with `args`; docutils must be importable.
fn rst_tables(args: &[&Path]) -> std::process::Output {
    let check = Command::new("python3")
        .args(["-c", "import docutils"])
        .output()
        .expect("python3 runs (CI has it)");
    assert!(
        check.status.success(),
        "docutils is not importable: pip install {DOCUTILS}\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    Command::new("python3")
        .arg(root().join("xtask/corpus/rst_tables.py"))
        .args(args)
        .output()
        .expect("run rst_tables.py")
}

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run xtask")
}

#[test]
fn the_script_checks_itself_on_a_page_of_our_own() {
    let out = rst_tables(&[Path::new("--self-test")]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("self-test passed"));
}

#[test]
fn every_rst_source_parses_into_tables_of_named_rows_one_source_per_page() {
    let dir = corpus();
    let sources = files(&dir.join("rst"), "rst");
    let pages = files(&dir, "txt");
    assert!(!pages.is_empty(), "{} has no pages", dir.display());
    assert_eq!(sources.len(), pages.len(), "as many RST sources as pages");
    assert_eq!(
        sources.iter().map(|p| stem(p)).collect::<Vec<_>>(),
        pages.iter().map(|p| stem(p)).collect::<Vec<_>>(),
        "same stems"
    );

    let args: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
    let out = rst_tables(&args);
    assert!(out.status.success(), "rst_tables.py failed: {}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the script prints JSON");
    let read = json["files"].as_array().expect("a files list");
    assert_eq!(read.len(), sources.len(), "one record per file");
    let mut tables_with_types = 0;
    for (f, source) in read.iter().zip(&sources) {
        let name = f["stem"].as_str().expect("stem");
        assert_eq!(name, stem(source));
        assert_eq!(
            f["errors"].as_array().map(Vec::len),
            Some(0),
            "{name}: docutils errors: {}",
            f["errors"]
        );
        let tables = f["tables"].as_array().expect("tables");
        assert!(!tables.is_empty(), "{name}: an API page has tables");
        for t in tables {
            let caption = t["caption"].as_str().expect("caption");
            assert!(
                t["line"].as_u64().is_some_and(|l| l > 0),
                "{name}: `{caption}` has a source line"
            );
            assert!(
                t["sections"].as_array().is_some_and(|s| !s.is_empty()),
                "{name}: `{caption}` stands in a section"
            );
            let header = t["header"].as_array().expect("header");
            assert!(!header.is_empty(), "{name}: `{caption}` has a header");
            let typed = !t["type_column"].is_null();
            tables_with_types += usize::from(typed);
            for r in t["rows"].as_array().expect("rows") {
                assert!(
                    r["name"].as_str().is_some_and(|n| !n.trim().is_empty()),
                    "{name}: `{caption}`: a row without a name: {r}"
                );
                assert_eq!(
                    r["type"].is_null(),
                    !typed,
                    "{name}: `{caption}`: a Type cell exactly when the header has one: {r}"
                );
                assert_eq!(
                    r["mandatory"].is_null(),
                    t["mandatory_column"].is_null(),
                    "{name}: `{caption}`: {r}"
                );
            }
        }
    }
    assert!(tables_with_types > 0, "some table has a Type column");
}

#[test]
fn the_report_on_a_few_pages_has_one_row_per_page_and_totals() {
    let dir = corpus();
    let pages: Vec<PathBuf> = files(&dir, "txt").into_iter().take(3).collect();
    assert!(!pages.is_empty());
    let sources: Vec<PathBuf> =
        pages.iter().map(|p| dir.join("rst").join(format!("{}.rst", stem(p)))).collect();
    let args: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
    let out = rst_tables(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json = std::env::temp_dir().join(format!("corpus-test-rst-{}.json", std::process::id()));
    std::fs::write(&json, &out.stdout).expect("write the JSON");

    let mut args = vec!["corpus", "--report", "--no-build", "--rst", json.to_str().expect("utf-8")];
    args.extend(pages.iter().map(|p| p.to_str().expect("utf-8")));
    let out = xtask(&args);
    let _ = std::fs::remove_file(&json);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "--report exits 0: {}{text}",
        String::from_utf8_lossy(&out.stderr)
    );

    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| l.starts_with("| "))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    assert_eq!(
        rows.first().map(|r| r[..2].to_vec()),
        Some(vec!["page", "tables read / RST"]),
        "{text}"
    );
    let width = rows[0].len();
    let counted = |cells: &[&str]| -> usize {
        cells[2..7]
            .iter()
            .map(|c| c.parse::<usize>().unwrap_or_else(|_| panic!("a count: {c}\n{text}")))
            .sum()
    };
    let mut sum = 0;
    for p in &pages {
        let name = p.file_name().expect("name").to_string_lossy();
        let row = rows
            .iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("a row for {name}:\n{text}"));
        assert_eq!(row.len(), width, "{row:?}");
        sum += counted(row);
        assert!(row[10] == "ok" || row[10].starts_with("gen failed"), "{row:?}");
        assert_eq!(row[11] == "not built", row[10] == "ok", "{row:?}");
        assert!(row[12] == "no difference" || row[12].ends_with("differences"), "{row:?}");
    }
    let all = rows
        .iter()
        .find(|r| r[0] == format!("all {} pages", pages.len()))
        .unwrap_or_else(|| panic!("a totals row:\n{text}"));
    let (placed, of) =
        all[2].split_once(" of ").unwrap_or_else(|| panic!("`N of M` rows placed: {all:?}"));
    assert!(placed.parse::<usize>().expect("placed") <= of.parse::<usize>().expect("of"));
    assert_eq!(
        of.parse::<usize>().ok(),
        Some(sum),
        "the total of rows is the sum of each page's: {all:?}"
    );
    assert!(sum > 0, "the pages' RST tables have rows: {text}");
    for section in [
        "## Combined build: skipped",
        "## RST rows not placed, by table",
        "## Not read or not drafted, by kind",
        "| count | kind |",
    ] {
        assert!(text.contains(section), "`{section}` in:\n{text}");
    }
}

#[test]
fn bad_input_is_an_error_naming_the_file_even_with_report() {
    let dir = corpus();
    let page = files(&dir, "txt").into_iter().next().expect("a page");
    let missing = dir.join("no-such-page.txt");
    let out = xtask(&["corpus", "--report", "--no-build", missing.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no-such-page.txt"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A page given as the JSON is not JSON.
    let out = xtask(&[
        "corpus",
        "--report",
        "--no-build",
        "--rst",
        page.to_str().expect("utf-8"),
        page.to_str().expect("utf-8"),
    ]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not JSON"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = xtask(&["corpus", "--report"]);
    assert_eq!(out.status.code(), Some(2), "no pages is a usage error");
}
