//! `cargo xtask corpus [--report] [--no-build] [--rst TABLES.json] [--known-refusals FILE] PAGE
//! ...`: the reader, the importer and the generator measured on a corpus of pages.
//!
//! Every page is read and drafted as `cargo xtask import` drafts it, and what the draft lists as
//! not read is kept. Each draft is generated alone, in memory, with the real spec (the generator
//! refuses a whole run when one file fails, so a draft that does not generate is left out of the
//! build and reported with its diagnostics' count); then all the drafts that generate are written
//! into the `spec/` of ONE copy of the workspace, generated there, and the crate is built once,
//! with every feature, its target folder kept in the real workspace's `target/corpus` so that a
//! second run is quick. Each page is compared with its own draft (`docs-check`).
//!
//! `docs-check` sees only what the reader read, so it cannot see a table the reader skipped.
//! With `--rst`, each page is also checked against its own structure, counted without the reader:
//! the JSON of `xtask/corpus/rst_tables.py` (docutils on the page's reStructuredText source, matched
//! to the page by file stem). Each row of an RST table of items (one with a Parameter/Name column)
//! that stands in a URI, request or response section is:
//! - **placed** when the draft's operation has an item of that name at a place the section allows
//!   (URI: a path or query parameter; request: a header, query or path parameter or a property
//!   anywhere in the request body's schema tree; response: a property anywhere in a response's
//!   schema tree) with the type the page words (the draft's `x-page-type`, else its schema worded
//!   as `docs-check` words it), and, on the request side, the same Mandatory flag (each compared
//!   only where the RST row has that cell and, for the flag, it reads `Yes` or `No`);
//! - **wrong type or flag** when items of that name are at such places but none has that type and
//!   flag, and one of them was drafted from this table;
//! - **wrong place** when the operation has an item of that name drafted from this table, but only
//!   elsewhere (whether an item was drafted from this table is known when the RST table has its
//!   own title, `.. table:: **Table 3** Name`, which is what the reader takes as the table's
//!   title, `x-page-table`; for a table with no title of its own, any item of the name counts: an
//!   item of another table with the same name is not this row misread, but this row missing);
//! - **listed not read** when it has none, but the draft's closing comments mention the name
//!   (backticked, or as the start of a quoted text);
//! - **lost** otherwise.
//!
//! It fails when a page cannot be read, a draft does not generate, the crate does not build, a
//! page differs from its draft, or (with `--rst`) an RST row is misplaced, mistyped or lost, or a
//! page has no RST source. `--known-refusals FILE` (`PAGE: reason` lines) excuses the listed
//! pages' drafts not generating, and fails when one of them generates again; `--report` prints the same and exits 0 whatever it measured (not
//! on bad input: a page or JSON that cannot be read). `--no-build` skips the combined build (the
//! slow part, minutes from a cold target folder), for a quick look and for the tests.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use codegen::docs::page::Page;
use codegen::model::{AdditionalProperties, Document, ParameterLocation, Schema};

/// What the command was asked.
struct Options {
    report: bool,
    no_build: bool,
    rst: Option<PathBuf>,
    /// Pages whose drafts the generator is known to refuse, each with why.
    known: Option<PathBuf>,
    pages: Vec<PathBuf>,
}

fn parse_args(args: &[&str]) -> Result<Options, String> {
    let mut o =
        Options { report: false, no_build: false, rst: None, known: None, pages: Vec::new() };
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        match *a {
            "--report" => o.report = true,
            "--no-build" => o.no_build = true,
            "--rst" => match rest.next() {
                Some(f) if !f.starts_with("--") => o.rst = Some(PathBuf::from(f)),
                _ => {
                    return Err("`--rst` needs the JSON file of `xtask/corpus/rst_tables.py`".into())
                }
            },
            "--known-refusals" => match rest.next() {
                Some(f) if !f.starts_with("--") => o.known = Some(PathBuf::from(f)),
                _ => return Err("`--known-refusals` needs a file of `PAGE: reason` lines".into()),
            },
            other if other.starts_with("--") => return Err(format!("unknown option `{other}`")),
            page => o.pages.push(PathBuf::from(page)),
        }
    }
    if o.pages.is_empty() {
        return Err("no pages given".into());
    }
    Ok(o)
}

/// Whether a draft generated, alone with the real spec.
enum Gen {
    Ok,
    Failed(usize),
}

/// One page through the reader, the importer and the generator.
struct PageRun {
    /// The page's file name.
    name: String,
    /// Its draft's spec file, relative to the workspace (`spec/draft-NAME.yaml`).
    spec_file: PathBuf,
    /// The module the draft's service makes.
    module: String,
    page: Page,
    yaml: String,
    draft: Option<Document>,
    /// The draft's closing comments, one per item listed as not read or not drafted.
    notes: Vec<String>,
    gen: Gen,
    /// `docs-check` of the page against its draft, one line per difference.
    differences: Vec<String>,
    /// Cargo's errors in this draft's generated module.
    build_errors: Vec<String>,
    rst: Option<RstOutcome>,
}

/// `cargo xtask corpus ARGS`.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let options = match parse_args(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("usage: cargo xtask corpus [--report] [--no-build] [--rst TABLES.json] [--known-refusals FILE] PAGE ...");
            return ExitCode::from(2);
        }
    };
    let rst = match options.rst.as_deref().map(load_rst).transpose() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let known = match options.known.as_deref().map(load_known).transpose() {
        Ok(k) => k.unwrap_or_default(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut runs = Vec::new();
    let mut unreadable = Vec::new();
    for path in &options.pages {
        if !path.is_file() {
            eprintln!("error: {}: no such page", path.display());
            return ExitCode::FAILURE;
        }
        match crate::read_page(path) {
            Ok((name, page)) => runs.push(draft_page(root, name, page)),
            Err(e) => unreadable.push(e),
        }
    }
    if let Some(rst) = &rst {
        for r in &mut runs {
            let stem = r.name.rsplit_once('.').map_or(r.name.as_str(), |(s, _)| s);
            r.rst = Some(match (rst.get(stem), &r.draft) {
                (Some(tables), Some(draft)) => match_rst(tables, draft, &r.notes),
                (Some(tables), None) => RstOutcome::missing(tables, "the draft does not load"),
                (None, _) => RstOutcome {
                    missing: Some("no RST source for this page".into()),
                    ..RstOutcome::default()
                },
            });
        }
    }
    let build = if options.no_build {
        Build { skipped: true, ok: true, ..Build::default() }
    } else {
        combined_build(root, &mut runs)
    };
    let mut failed = print_report(&runs, &unreadable, &build, rst.is_some());
    // A known refusal excuses its page's draft not generating, and only that; one that no
    // longer happens fails, so that the list never outlives what it records.
    if !known.is_empty() {
        let mut stale = false;
        for (page, why) in &known {
            match runs.iter().find(|r| &r.name == page) {
                Some(r) if matches!(r.gen, Gen::Failed(_)) => {
                    println!("known refusal: {page}: {why}")
                }
                Some(_) => {
                    println!("error: {page} is listed as a known refusal, but its draft generates now: take it off the list");
                    stale = true;
                }
                None => {}
            }
        }
        let unexcused = runs
            .iter()
            .any(|r| matches!(r.gen, Gen::Failed(_)) && !known.iter().any(|(p, _)| p == &r.name));
        let differences = runs.iter().any(|r| !r.differences.is_empty());
        failed = stale
            || unexcused
            || differences
            || !unreadable.is_empty()
            || !build.ok
            || rst_failed(&runs);
    }
    if failed && !options.report {
        eprintln!("error: a page is unreadable, a draft does not generate or build, or a page differs from its draft (see above)");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Read, draft and generate one page alone; compare the page with its draft.
fn draft_page(root: &Path, name: String, page: Page) -> PageRun {
    let service = crate::draft_service(&name);
    let module =
        codegen::check::module_name(&service).unwrap_or_else(|_| service.replace('-', "_"));
    let yaml = codegen::docs::import::draft(&name, &page, &service);
    let spec_file = PathBuf::from(format!("spec/{service}.yaml"));
    let gen = match codegen::generate_with(root, &[(spec_file.clone(), yaml.clone())]) {
        Ok(_) => Gen::Ok,
        Err(d) => Gen::Failed(d.0.len()),
    };
    let notes = closing_comments(&yaml);
    let (draft, differences) = match serde_yaml::from_str::<Document>(&yaml) {
        Ok(d) => {
            let (diffs, _) = codegen::docs::drift::compare(&name, &page, &d);
            (Some(d), diffs.iter().map(ToString::to_string).collect())
        }
        Err(e) => (None, vec![format!("{name}: the draft does not load: {e}")]),
    };
    PageRun {
        name,
        spec_file,
        module,
        page,
        yaml,
        draft,
        notes,
        gen,
        differences,
        build_errors: Vec::new(),
        rst: None,
    }
}

/// The items of a draft's closing comments (`# - line N: ...`, continued by `#   ...`).
fn closing_comments(yaml: &str) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    for line in yaml.lines() {
        if let Some(item) = line.strip_prefix("# - ") {
            notes.push(item.to_string());
        } else if let (Some(more), Some(last)) = (line.strip_prefix("#   "), notes.last_mut()) {
            last.push('\n');
            last.push_str(more);
        }
    }
    notes
}

/// A reason listed as not read, as a kind: without its line, backticked names, quoted text and
/// numbers, a repeated clause once.
fn kind_of(note: &str) -> String {
    let first = note.lines().next().unwrap_or("");
    let first = first
        .strip_prefix("line ")
        .and_then(|r| r.split_once(": "))
        .map_or(first, |(_, rest)| rest);
    // The page's text quoted at the end (`: "..."`), which may hold quotes of its own.
    let first = match first.find(": \"") {
        Some(at) if first.ends_with('"') => &first[..at],
        _ => first,
    };
    let mut out = String::new();
    let mut chars = first.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '"' => {
                // Up to the closing mark, or to the end (a quote shortened or cut).
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
                out.push('…');
            }
            d if d.is_ascii_digit() => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                out.push('N');
            }
            other => out.push(other),
        }
    }
    // A clause said again for another name (`… is not a field; … is not a field: kept`) once.
    let mut clauses: Vec<String> = Vec::new();
    for clause in out.split("; ") {
        let (core, rest) = clause.split_once(": ").unwrap_or((clause, ""));
        match clauses.last_mut() {
            Some(last) if core.contains(' ') && last.ends_with(core) => {
                if !rest.is_empty() {
                    last.push_str(": ");
                    last.push_str(rest);
                }
            }
            _ => clauses.push(clause.to_string()),
        }
    }
    let kind = clauses.join("; ");
    // The quoted page text that ends most reasons.
    kind.strip_suffix(": …").unwrap_or(&kind).trim_end_matches([':', ' ']).to_string()
}

// ---------------------------------------------------------------------------------------------
// The combined build.

/// What the one build of every draft that generates found.
#[derive(Default)]
struct Build {
    /// Whether it was skipped (`--no-build`).
    skipped: bool,
    /// How many drafts went in.
    drafts: usize,
    /// Seconds the cargo build took.
    seconds: f64,
    /// Whether generation and the build passed.
    ok: bool,
    /// Why it could not be run, or errors not in any draft's module, by file.
    other_errors: BTreeMap<String, Vec<String>>,
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let name = e.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let p = e.path();
        if e.file_type()?.is_dir() {
            copy_tree(&p, &to.join(&name))?;
        } else {
            std::fs::copy(&p, to.join(&name))?;
        }
    }
    Ok(())
}

/// Write every draft that generated into one copy of the workspace, generate, and build the crate
/// once; the errors of each draft's module go to its run.
fn combined_build(root: &Path, runs: &mut [PageRun]) -> Build {
    let copy =
        std::env::temp_dir().join(format!("huaweicloud-restore-corpus-{}", std::process::id()));
    let build = build_in(root, &copy, runs);
    let _ = std::fs::remove_dir_all(&copy);
    build
}

fn build_in(root: &Path, copy: &Path, runs: &mut [PageRun]) -> Build {
    let mut build = Build::default();
    fn fail(build: &mut Build, what: String) -> Build {
        build.other_errors.entry("(workspace copy)".into()).or_default().push(what);
        std::mem::take(build)
    }
    let _ = std::fs::remove_dir_all(copy);
    if let Err(e) = copy_tree(root, copy) {
        return fail(&mut build, format!("cannot copy the workspace to {}: {e}", copy.display()));
    }
    for r in runs.iter().filter(|r| matches!(r.gen, Gen::Ok)) {
        if let Err(e) = std::fs::write(copy.join(&r.spec_file), &r.yaml) {
            return fail(&mut build, format!("cannot write {}: {e}", r.spec_file.display()));
        }
        build.drafts += 1;
    }
    if let Err(d) = codegen::sync(copy, false) {
        for p in d.0 {
            let file = p.file.strip_prefix(copy).unwrap_or(&p.file).display().to_string();
            build
                .other_errors
                .entry(file)
                .or_default()
                .push(format!("{}:{}: {} (at `{}`)", p.line, p.column, p.message, p.path));
        }
        return build;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let out = Command::new(cargo)
        .args([
            "build",
            "--offline",
            "--locked",
            "-p",
            "huaweicloud-restore",
            "--all-features",
            "--message-format=short",
        ])
        .current_dir(copy)
        .env("CARGO_TARGET_DIR", root.join("target/corpus"))
        .output();
    build.seconds = started.elapsed().as_secs_f64();
    let out = match out {
        Ok(o) => o,
        Err(e) => return fail(&mut build, format!("cannot run cargo: {e}")),
    };
    build.ok = out.status.success();
    let text = String::from_utf8_lossy(&out.stderr);
    for line in text.lines() {
        let Some(file) = error_file(line) else { continue };
        let module = module_of(&file);
        match runs.iter_mut().find(|r| module.is_some_and(|m| r.module == m)) {
            Some(r) => r.build_errors.push(line.to_string()),
            None => build
                .other_errors
                .entry(if file.is_empty() { "(cargo)".into() } else { file })
                .or_default()
                .push(line.to_string()),
        }
    }
    if !build.ok && runs.iter().all(|r| r.build_errors.is_empty()) && build.other_errors.is_empty()
    {
        build.other_errors.entry("(cargo)".into()).or_default().push(
            text.lines()
                .rev()
                .take(20)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    build
}

/// The service module a file of the generated crate belongs to: its folder under
/// `generated/src/` (`generated/src/MODULE/types.rs`); `None` for any other file.
fn module_of(file: &str) -> Option<&str> {
    let rest = file.strip_prefix("generated/src/")?;
    rest.split_once('/').map(|(module, _)| module)
}

/// For an error line of cargo's short messages, the file it is in (`generated/src/MODULE/types.rs`
/// in `generated/src/MODULE/types.rs:LINE:COL: error[E0425]: ...`), or empty for cargo's own (`error:
/// could not compile ...`); `None` for anything else (warnings, notes, progress).
fn error_file(line: &str) -> Option<String> {
    match line.split_once(".rs:") {
        Some((f, rest)) if !f.contains(' ') => rest
            .split_once(": ")
            .is_some_and(|(_, m)| m.starts_with("error"))
            .then(|| format!("{f}.rs")),
        _ => line.starts_with("error").then(String::new),
    }
}

// ---------------------------------------------------------------------------------------------
// The pages' own structure (`rst_tables.py`) against the drafts.

/// One table of an RST source, as `rst_tables.py` reads it.
struct RstTable {
    caption: String,
    /// Whether the caption is the table's own title (`.. table:: **Table 3** Name`), as the
    /// reader's table titles are, rather than the text before the table.
    titled: bool,
    sections: Vec<String>,
    line: Option<u64>,
    /// Whether the header has a Parameter/Name column (a table of items).
    named: bool,
    rows: Vec<RstRow>,
}

/// One row of an RST table.
struct RstRow {
    name: String,
    ty: Option<String>,
    mandatory: Option<String>,
}

/// The tables of every file of `rst_tables.py`'s JSON, by file stem.
fn load_rst(path: &Path) -> Result<BTreeMap<String, Vec<RstTable>>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    let bad = |what: &str| {
        format!("{}: not the JSON of `xtask/corpus/rst_tables.py`: {what}", path.display())
    };
    let files =
        json.get("files").and_then(|f| f.as_array()).ok_or_else(|| bad("no `files` list"))?;
    let str_of =
        |v: &serde_json::Value, k: &str| v.get(k).and_then(|s| s.as_str()).map(str::to_string);
    let mut out = BTreeMap::new();
    for f in files {
        let stem = str_of(f, "stem").ok_or_else(|| bad("a file without `stem`"))?;
        let mut tables = Vec::new();
        for t in f
            .get("tables")
            .and_then(|t| t.as_array())
            .ok_or_else(|| bad(&format!("`{stem}` has no `tables` list")))?
        {
            let rows = t
                .get("rows")
                .and_then(|r| r.as_array())
                .ok_or_else(|| bad(&format!("a table of `{stem}` has no `rows` list")))?;
            tables.push(RstTable {
                caption: str_of(t, "caption").unwrap_or_default(),
                titled: t.get("titled").and_then(serde_json::Value::as_bool).unwrap_or(false),
                sections: t
                    .get("sections")
                    .and_then(|s| s.as_array())
                    .map(|s| s.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                    .unwrap_or_default(),
                line: t.get("line").and_then(serde_json::Value::as_u64),
                named: t.get("name_column").is_some_and(|c| !c.is_null()),
                rows: rows
                    .iter()
                    .map(|r| RstRow {
                        name: str_of(r, "name").unwrap_or_default(),
                        ty: str_of(r, "type"),
                        mandatory: str_of(r, "mandatory"),
                    })
                    .collect(),
            });
        }
        out.insert(stem, tables);
    }
    Ok(out)
}

/// Where on a page a table stands, by its section titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Uri,
    Request,
    Response,
}

impl Part {
    fn label(self) -> &'static str {
        match self {
            Part::Uri => "URI",
            Part::Request => "request",
            Part::Response => "response",
        }
    }
}

/// The part of the page a table's innermost telling section title names; `None` for examples,
/// status and error codes, and anything else.
fn part_of(sections: &[String]) -> Option<Part> {
    // The outermost section is the page's title, which says nothing of where a table stands.
    let inner = if sections.len() > 1 { &sections[1..] } else { sections };
    for title in inner.iter().rev() {
        let t = title.to_ascii_lowercase();
        let words: Vec<&str> =
            t.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let has = |w: &str| words.contains(&w);
        if has("example")
            || has("examples")
            || has("status")
            || has("error")
            || has("returned")
            || has("code")
            || has("codes")
        {
            return None;
        }
        if has("uri") {
            return Some(Part::Uri);
        }
        if has("request") || has("requests") {
            return Some(Part::Request);
        }
        if has("response") || has("responses") {
            return Some(Part::Response);
        }
    }
    None
}

/// Where a draft's item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loc {
    Path,
    Query,
    Header,
    RequestBody,
    Response,
}

impl Loc {
    fn label(self) -> &'static str {
        match self {
            Loc::Path => "a path parameter",
            Loc::Query => "a query parameter",
            Loc::Header => "a header",
            Loc::RequestBody => "the request body",
            Loc::Response => "a response body",
        }
    }

    /// Whether a row of an RST table captioned `caption` in `part` may be drafted here. On the
    /// request side the caption's words say where (header, query, path or URI parameters);
    /// a table that says none is the request body, or, for an operation without one (a GET),
    /// the query.
    fn allowed(self, part: Part, caption: &str, has_body: bool) -> bool {
        let lower = caption.to_lowercase();
        let words: Vec<&str> = lower
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        let says = |w: &[&str]| words.iter().any(|x| w.contains(x));
        match part {
            Part::Uri => matches!(self, Loc::Path | Loc::Query),
            Part::Request if says(&["header", "headers"]) => self == Loc::Header,
            Part::Request if says(&["query"]) => self == Loc::Query,
            Part::Request if says(&["path", "uri", "url"]) => {
                matches!(self, Loc::Path | Loc::Query)
            }
            Part::Request if has_body => self == Loc::RequestBody,
            Part::Request => matches!(self, Loc::Path | Loc::Query),
            Part::Response => self == Loc::Response,
        }
    }
}

/// One item of a draft: a parameter, or a property of a body's schema tree.
struct Item {
    name: String,
    loc: Loc,
    mandatory: bool,
    /// The type as the page words it (`x-page-type`, else the schema worded as docs-check does).
    ty: String,
    /// The page table it was drafted from (`x-page-table` of the parameter, the body or the
    /// object), when the draft says.
    table: Option<String>,
}

/// Every item of every operation of `doc`.
fn draft_items(doc: &Document) -> Vec<Item> {
    let is_enum = |n: &str| {
        doc.components.schemas.get(n).is_some_and(|c| c.type_.as_deref() == Some("string"))
    };
    let words = |s: &Schema| {
        s.page_type.clone().unwrap_or_else(|| codegen::docs::drift::page_words(s, &is_enum))
    };
    let mut items = Vec::new();
    for path in doc.paths.values() {
        for (_, op) in path.operations() {
            for p in &op.parameters {
                let loc = match p.location {
                    ParameterLocation::Path => Loc::Path,
                    ParameterLocation::Query => Loc::Query,
                    ParameterLocation::Header => Loc::Header,
                };
                items.push(Item {
                    name: p.name.clone(),
                    loc,
                    mandatory: p.required,
                    ty: words(&p.schema),
                    table: p.page_table.clone(),
                });
            }
            let mut seen = Vec::new();
            if let Some(rb) = &op.request_body {
                for mt in rb.content.values() {
                    tree(
                        doc,
                        &mt.schema,
                        (Loc::RequestBody, rb.page_table.as_deref()),
                        &words,
                        &mut seen,
                        &mut items,
                    );
                }
            }
            let mut seen = Vec::new();
            for r in op.responses.values() {
                for mt in r.content.values() {
                    tree(
                        doc,
                        &mt.schema,
                        (Loc::Response, r.page_table.as_deref()),
                        &words,
                        &mut seen,
                        &mut items,
                    );
                }
            }
        }
    }
    items
}

/// The properties of `s` and of everything below it (references, array items, map values,
/// `allOf`), each component once; `table` is the body's page table, which its top object's
/// properties come from unless that object names its own.
fn tree(
    doc: &Document,
    s: &Schema,
    (loc, table): (Loc, Option<&str>),
    words: &dyn Fn(&Schema) -> String,
    seen: &mut Vec<String>,
    out: &mut Vec<Item>,
) {
    let reference = s.reference.as_deref().and_then(|r| r.rsplit('/').next());
    let s = match reference {
        Some(name) => {
            if seen.iter().any(|n| n == name) {
                return;
            }
            seen.push(name.to_string());
            match doc.components.schemas.get(name) {
                Some(c) => c,
                None => return,
            }
        }
        None => s,
    };
    let table = s.page_table.as_deref().or(table);
    for (name, p) in s.properties.iter().flatten() {
        out.push(Item {
            name: name.clone(),
            loc,
            mandatory: s.required.contains(name),
            ty: words(p),
            table: table.map(str::to_string),
        });
        tree(doc, p, (loc, None), words, seen, out);
    }
    if let Some(items) = s.items.as_deref() {
        tree(doc, items, (loc, table), words, seen, out);
    }
    if let Some(AdditionalProperties::Schema(v)) = &s.additional_properties {
        tree(doc, v, (loc, table), words, seen, out);
    }
    for a in &s.all_of {
        tree(doc, a, (loc, table), words, seen, out);
    }
}

/// How the rows of a page's RST tables fared.
#[derive(Default)]
struct RstOutcome {
    /// Why nothing could be matched (no RST source, no draft).
    missing: Option<String>,
    /// Tables of items in a URI, request or response section.
    tables: usize,
    placed: usize,
    wrong_place: usize,
    wrong_type_or_flag: usize,
    listed: usize,
    lost: usize,
    /// Per table with a row not placed: the table, and each such row with what befell it.
    details: Vec<(String, Vec<(String, String)>)>,
    /// Tables none of whose rows the draft has (lost or listed, every one).
    missed_tables: Vec<String>,
}

impl RstOutcome {
    fn missing(tables: &[RstTable], why: &str) -> Self {
        let mut o = RstOutcome { missing: Some(why.into()), ..RstOutcome::default() };
        for t in tables.iter().filter(|t| t.named && part_of(&t.sections).is_some()) {
            o.tables += 1;
            o.lost += t.rows.len();
        }
        o
    }
}

/// `Yes`/`No` in a Mandatory cell; `None` for anything else (`Conditional`, blank).
fn flag(cell: &str) -> Option<bool> {
    let c = cell.trim().to_ascii_lowercase();
    if c.starts_with("yes") {
        Some(true)
    } else if c.starts_with("no") {
        Some(false)
    } else {
        None
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the draft's closing comments mention `name`: backticked, or as the start of a quoted
/// text (how the reader quotes a row it could not read).
fn mentioned(notes: &[String], name: &str) -> bool {
    let ticked = format!("`{name}`");
    let quoted = format!("\"{name}\"");
    let starts = format!("\"{name} ");
    notes.iter().any(|n| n.contains(&ticked) || n.contains(&quoted) || n.contains(&starts))
}

/// Match every row of the page's RST tables of items against its draft.
fn match_rst(tables: &[RstTable], draft: &Document, notes: &[String]) -> RstOutcome {
    let items = draft_items(draft);
    let has_body =
        draft.paths.values().flat_map(|p| p.operations()).any(|(_, op)| op.request_body.is_some());
    let mut o = RstOutcome::default();
    for t in tables {
        let Some(part) = part_of(&t.sections) else { continue };
        if !t.named {
            continue;
        }
        o.tables += 1;
        let mut not_placed = Vec::new();
        let mut found_any = false;
        // An item of the row's name that is not placed is this row misread only when it comes
        // from this table (known where the RST table has its own title, as the reader's tables
        // do); else it is another table's item of the same name, and the row is missing.
        let this_table = |i: &Item| !t.titled || i.table.as_deref() == Some(t.caption.as_str());
        for row in &t.rows {
            let named: Vec<&Item> = items.iter().filter(|i| i.name == row.name).collect();
            let here: Vec<&&Item> =
                named.iter().filter(|i| i.loc.allowed(part, &t.caption, has_body)).collect();
            let page_ty = row.ty.as_deref().map(one_line).filter(|t| !t.is_empty());
            let page_flag =
                if part == Part::Response { None } else { row.mandatory.as_deref().and_then(flag) };
            let agrees = |i: &Item| {
                page_ty.as_ref().is_none_or(|t| *t == one_line(&i.ty))
                    && page_flag.is_none_or(|f| f == i.mandatory)
            };
            // Placed: at its place, with its type and flag, and drafted from this table.
            if here.iter().any(|i| agrees(i) && this_table(i)) {
                o.placed += 1;
                found_any = true;
                continue;
            }
            let what = if let Some(i) = here.iter().find(|i| this_table(i)) {
                o.wrong_type_or_flag += 1;
                found_any = true;
                let yes_no = |b: bool| if b { "Yes" } else { "No" };
                let page = format!(
                    "{}{}",
                    page_ty.as_deref().unwrap_or("?"),
                    page_flag.map(|f| format!(", {}", yes_no(f))).unwrap_or_default()
                );
                let draft = format!(
                    "{}{}",
                    i.ty,
                    page_flag.map(|_| format!(", {}", yes_no(i.mandatory))).unwrap_or_default()
                );
                format!("wrong type or flag (page `{page}`, draft `{draft}`)")
            } else if let Some(i) = named.iter().find(|i| this_table(i)) {
                o.wrong_place += 1;
                found_any = true;
                format!("wrong place ({} table, draft has it in {})", part.label(), i.loc.label())
            } else if mentioned(notes, &row.name) {
                o.listed += 1;
                "listed not read".to_string()
            } else {
                o.lost += 1;
                "lost".to_string()
            };
            not_placed.push((row.name.clone(), what));
        }
        let line = t.line.map(|l| format!(", RST line {l}")).unwrap_or_default();
        let caption = if t.caption.is_empty() {
            "(no caption)".to_string()
        } else {
            format!("\"{}\"", t.caption)
        };
        let label = format!("{caption} ({} section{line}, {} rows)", part.label(), t.rows.len());
        if !found_any && !t.rows.is_empty() {
            o.missed_tables.push(label.clone());
        }
        if !not_placed.is_empty() {
            o.details.push((label, not_placed));
        }
    }
    o
}

// ---------------------------------------------------------------------------------------------
/// The known refusals of a file: `PAGE: reason` lines (a page's file name, then why the
/// generator refuses its draft); blank lines and `#` comments are skipped.
fn load_known(path: &Path) -> Result<Vec<(String, String)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(": ") {
            Some((page, why)) if !page.is_empty() && !why.trim().is_empty() => {
                out.push((page.to_string(), why.trim().to_string()))
            }
            _ => return Err(format!("{}:{}: expected `PAGE: reason`", path.display(), i + 1)),
        }
    }
    Ok(out)
}

/// Whether a page's RST rows show a row misplaced, mistyped or lost, or a page has no source.
fn rst_failed(runs: &[PageRun]) -> bool {
    runs.iter()
        .filter_map(|r| r.rst.as_ref())
        .any(|o| o.missing.is_some() || o.wrong_place > 0 || o.wrong_type_or_flag > 0 || o.lost > 0)
}

// The report.

/// Print the tables and lists; whether anything failed.
fn print_report(runs: &[PageRun], unreadable: &[String], build: &Build, with_rst: bool) -> bool {
    let mut failed = !unreadable.is_empty();
    println!("| page | tables read / RST | rows placed | wrong place | wrong type or flag | listed not read | lost | examples | status codes | not read | gen | build | docs-check |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut total = RstOutcome::default();
    let (mut tables, mut examples, mut statuses, mut notes, mut gen_ok, mut built, mut diffs) =
        (0, 0, 0, 0, 0, 0, 0);
    for r in runs {
        let rst = r.rst.as_ref();
        let n = |f: fn(&RstOutcome) -> usize| match rst {
            Some(o) if o.missing.is_none() => f(o).to_string(),
            Some(_) => "no RST".to_string(),
            None => "–".to_string(),
        };
        let rst_tables = match rst {
            Some(o) if o.missing.is_none() => o.tables.to_string(),
            _ => "–".to_string(),
        };
        let gen = match r.gen {
            Gen::Ok => {
                gen_ok += 1;
                "ok".to_string()
            }
            Gen::Failed(k) => {
                failed = true;
                format!("gen failed ({k} problems)")
            }
        };
        let build_cell = match (&r.gen, r.build_errors.len()) {
            (Gen::Failed(_), _) => "–".to_string(),
            (Gen::Ok, _) if build.skipped => "not built".to_string(),
            (Gen::Ok, 0) if build.ok => {
                built += 1;
                "ok".to_string()
            }
            (Gen::Ok, 0) => "not built".to_string(),
            (Gen::Ok, k) => format!("{k} errors"),
        };
        let check = if r.differences.is_empty() {
            "no difference".to_string()
        } else {
            format!("{} differences", r.differences.len())
        };
        failed |= !r.differences.is_empty();
        let page_examples = r.page.request_examples.len() + r.page.response_examples.len();
        println!(
            "| {} | {} / {rst_tables} | {} | {} | {} | {} | {} | {page_examples} | {} | {} | {gen} | {build_cell} | {check} |",
            r.name,
            r.page.tables.len(),
            n(|o| o.placed),
            n(|o| o.wrong_place),
            n(|o| o.wrong_type_or_flag),
            n(|o| o.listed),
            n(|o| o.lost),
            r.page.status_codes.len(),
            r.notes.len(),
        );
        tables += r.page.tables.len();
        examples += page_examples;
        statuses += r.page.status_codes.len();
        notes += r.notes.len();
        diffs += r.differences.len();
        if let Some(o) = rst.filter(|o| o.missing.is_none()) {
            total.tables += o.tables;
            total.placed += o.placed;
            total.wrong_place += o.wrong_place;
            total.wrong_type_or_flag += o.wrong_type_or_flag;
            total.listed += o.listed;
            total.lost += o.lost;
        }
    }
    failed |= !build.ok;
    failed |= rst_failed(runs);
    let t = |v: usize| if with_rst { v.to_string() } else { "–".to_string() };
    let rows =
        total.placed + total.wrong_place + total.wrong_type_or_flag + total.listed + total.lost;
    println!(
        "| all {} pages | {tables} / {} | {} of {} | {} | {} | {} | {} | {examples} | {statuses} | {notes} | {gen_ok} ok | {built} ok | {diffs} differences |",
        runs.len(),
        t(total.tables),
        t(total.placed),
        t(rows),
        t(total.wrong_place),
        t(total.wrong_type_or_flag),
        t(total.listed),
        t(total.lost),
    );
    for e in unreadable {
        println!();
        println!("unreadable: {e}");
    }

    println!();
    if build.skipped {
        println!("## Combined build: skipped (--no-build)");
    } else {
        let verdict = if build.ok { "built" } else { "FAILED" };
        println!(
            "## Combined build: {} drafts with the spec, one crate, {verdict} in {:.0} s",
            build.drafts, build.seconds
        );
    }
    for r in runs.iter().filter(|r| !r.build_errors.is_empty()) {
        println!("- {} ({}), {} errors:", r.spec_file.display(), r.name, r.build_errors.len());
        for e in &r.build_errors {
            println!("  - {e}");
        }
    }
    for (file, errors) in &build.other_errors {
        println!("- {file}, {} errors:", errors.len());
        for e in errors {
            println!("  - {}", e.replace('\n', "\n    "));
        }
    }

    if with_rst {
        println!();
        println!("## RST tables the draft has no row of (every row lost or listed)");
        for r in runs {
            if let Some(o) = &r.rst {
                if let Some(why) = &o.missing {
                    println!("- {}: {why}", r.name);
                }
                for m in &o.missed_tables {
                    println!("- {}: {m}", r.name);
                }
            }
        }
        println!();
        println!("## RST rows not placed, by table");
        for r in runs {
            for (table, rows) in r.rst.iter().flat_map(|o| &o.details) {
                let mut line = format!("- {}: {table}:", r.name);
                let mut by_what: Vec<(&str, Vec<&str>)> = Vec::new();
                for (name, what) in rows {
                    match by_what.iter_mut().find(|(w, _)| *w == what) {
                        Some((_, names)) => names.push(name),
                        None => by_what.push((what, vec![name])),
                    }
                }
                for (what, names) in by_what {
                    let _ = write!(line, " {what}: `{}`;", names.join("`, `"));
                }
                println!("{}", line.trim_end_matches(';'));
            }
        }
    }

    println!();
    println!("## Not read or not drafted, by kind");
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for note in runs.iter().flat_map(|r| &r.notes) {
        *kinds.entry(kind_of(note)).or_default() += 1;
    }
    let mut kinds: Vec<(String, usize)> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    println!("| count | kind |");
    println!("| --- | --- |");
    for (kind, count) in &kinds {
        println!("| {count} | {} |", kind.replace('|', "\\|"));
    }

    let all: Vec<&String> = runs.iter().flat_map(|r| &r.differences).collect();
    if !all.is_empty() {
        println!();
        println!("## docs-check: each page against its own draft");
        for d in all {
            println!("- {d}");
        }
    }
    failed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_keeps_the_reason_only() {
        assert_eq!(
            kind_of("line 12: `size`: a value range in words: not recorded: \"from 1 to 3\""),
            "…: a value range in words: not recorded"
        );
        assert_eq!(
            kind_of("200 response example `e-1`: `a` is not a field of the table; `b` is not a field of the table: kept"),
            "N response example …: … is not a field of the table: kept"
        );
        assert_eq!(kind_of("line 3: a quote cut short: \"never closed"), "a quote cut short");
        assert_eq!(
            kind_of("line 3: `x`: a table (by \"see Table N\"): \"x Object\""),
            "…: a table (by …)"
        );
        assert_eq!(kind_of("line 3: `x`: odd: \"see \"Some Title\".\""), "…: odd");
    }

    #[test]
    fn a_generated_file_belongs_to_the_module_of_its_folder() {
        assert_eq!(module_of("generated/src/draft_1_x/types.rs"), Some("draft_1_x"));
        assert_eq!(module_of("generated/src/draft_1_x/mod.rs"), Some("draft_1_x"));
        assert_eq!(module_of("generated/src/lib.rs"), None);
        assert_eq!(module_of("runtime/src/wire.rs"), None);
    }

    #[test]
    fn build_errors_are_told_by_their_file() {
        assert_eq!(
            error_file("generated/src/draft_1_x.rs:12:5: error[E0425]: cannot find value `y`")
                .as_deref(),
            Some("generated/src/draft_1_x.rs")
        );
        assert_eq!(error_file("generated/src/lib.rs:3:1: warning: unused import: `z`"), None);
        assert_eq!(
            error_file(
                "error: could not compile `huaweicloud-restore` (lib) due to 1 previous error"
            )
            .as_deref(),
            Some("")
        );
        assert_eq!(error_file("   Compiling huaweicloud-restore v0.1.0"), None);
    }

    #[test]
    fn sections_name_the_part_innermost_first() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(part_of(&s(&["Making a Thing", "URI"])), Some(Part::Uri));
        assert_eq!(part_of(&s(&["Making a Thing", "Request Message"])), Some(Part::Request));
        assert_eq!(part_of(&s(&["Making a Thing", "Responses", "Body"])), Some(Part::Response));
        assert_eq!(part_of(&s(&["Making a Thing", "Example Response"])), None);
        assert_eq!(part_of(&s(&["Making a Thing", "Status Codes"])), None);
        assert_eq!(part_of(&s(&["Making a Thing", "Function"])), None);
    }

    #[test]
    fn options_need_pages_and_a_file_for_rst() {
        assert!(parse_args(&[]).is_err());
        assert!(parse_args(&["--rst"]).is_err());
        assert!(parse_args(&["--rst", "--report", "p.txt"]).is_err());
        assert!(parse_args(&["--known-refusals", "--report", "p.txt"]).is_err());
        assert!(
            parse_args(&["--known-refusals", "k.txt", "p.txt"]).is_ok_and(|o| o.known.is_some())
        );
        assert!(parse_args(&["--bogus", "p.txt"]).is_err());
        let o = parse_args(&["--report", "--rst", "t.json", "a.txt", "b.txt"]).expect("parses");
        assert!(o.report && o.rst.is_some() && o.pages.len() == 2);
    }

    #[test]
    fn notes_mention_a_name_backticked_or_as_quoted_text() {
        let notes = vec![
            "line 4: `Table 2`: expected a row; not read: \"results\"".to_string(),
            "line 9: `limit`: odd".to_string(),
        ];
        assert!(mentioned(&notes, "results"));
        assert!(mentioned(&notes, "limit"));
        assert!(!mentioned(&notes, "res"));
        assert!(!mentioned(&notes, "Table"));
    }

    #[test]
    fn known_refusals_are_page_and_reason_lines() {
        let dir = std::env::temp_dir().join(format!("corpus-known-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("known.txt");
        std::fs::write(&file, "# why\n\na.txt: it is refused\n").expect("write");
        assert_eq!(load_known(&file), Ok(vec![("a.txt".to_string(), "it is refused".to_string())]));
        std::fs::write(&file, "a.txt\n").expect("write");
        assert!(load_known(&file).is_err_and(|e| e.contains(":1: expected")));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
