//! `cargo xtask`: the project's own commands.
//!
//! - `cargo xtask gen`: regenerate `generated/` from `spec/`.
//! - `cargo xtask gen --check`: write nothing; fail, naming each stale file, when `generated/`
//!   is not what the spec and the generator make.
//! - `cargo xtask docs-check [--service NAME] [PAGE ...]`: compare the saved pages (by default
//!   every page in `spec/sources/`) with the spec, one line per difference; fail when there is
//!   any. A page's operation is looked up in the service named, or in every service.
//! - `cargo xtask update [--service NAME] [--dry-run] PAGE ...`: apply each page to the spec
//!   surgically (every difference `docs-check` reports that needs no judgement), regenerate,
//!   and save a page kept in `spec/sources/` over its old copy; list what needs a maintainer
//!   (spec and page lines) and fail ([`update`]). `--dry-run` prints the patch instead, and fails
//!   when there is one (CI: the reference pages must need none).
//! - `cargo xtask import [--service NAME] PAGE`: print a draft spec for a page, ending with what
//!   the reader could not read, as comments. `cargo xtask import --compare [PAGE ...]` measures
//!   how much of the hand-made spec the drafts of the pages (by default those in `spec/sources/`)
//!   reproduce. `cargo xtask import
//!   --gen PAGE ...` tries each page's draft as a new `spec/` file (generating in memory,
//!   writing nothing) and compares the page with its own draft; it fails when either fails.
//! - `cargo xtask corpus [--report] [--no-build] [--rst TABLES.json] [--known-refusals FILE]
//!   PAGE ...`: every page
//!   through `import`, all the drafts that generate built together into one crate (once, in a
//!   copy of the workspace), `docs-check` of each page against its draft, a count of what is
//!   listed as not read and, with `--rst`, each table row of the pages' reStructuredText sources
//!   (read by `xtask/corpus/rst_tables.py`) placed, misplaced or lost in the drafts
//!   ([`corpus`]). Fails when a draft does not generate (but the known refusals) or build, a
//!   page differs from its draft, or an RST row is misplaced, mistyped or lost; `--report`
//!   prints the same and exits 0; `--no-build` skips the build.
//! - `cargo xtask mock [--addr 127.0.0.1:PORT] [--token T] [--ak AK --sk SK]`: serve the mock
//!   of every API until stopped, for any HTTP client.
//! - `cargo xtask changes --since REV [--write]`: what changed in the generated crate's public
//!   API since revision REV (its record, `generated/api-surface.json`, at REV against what the
//!   spec and the generator make now): breaking, additive, behaviour; the semver bump; a drafted
//!   changelog entry, which `--write` adds to `generated/CHANGELOG.md` with the new version.
//!   `gen` prints the same classification whenever it changes the record.
//! - `cargo xtask bench-gen N [--write DIR]`: the generator's cost, stage by stage, on a
//!   synthetic spec of N operations (run with `--release`, one N per process).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod bench;
mod changes;
mod corpus;
mod update;

/// The allocator of every `cargo xtask` command: generation is mostly small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn usage() -> ExitCode {
    eprintln!("usage: cargo xtask gen [--check]");
    eprintln!("       cargo xtask docs-check [--service NAME] [PAGE ...]");
    eprintln!("       cargo xtask update [--service NAME] [--dry-run] PAGE ...");
    eprintln!("       cargo xtask import [--service NAME] PAGE | import --compare [PAGE ...] | import --gen PAGE ...");
    eprintln!("       cargo xtask corpus [--report] [--no-build] [--rst TABLES.json] [--known-refusals FILE] PAGE ...");
    eprintln!("       cargo xtask mock [--addr 127.0.0.1:PORT] [--token TOKEN] [--ak AK --sk SK]");
    eprintln!("       cargo xtask changes --since REV [--write]");
    eprintln!("       cargo xtask bench-gen N [--write DIR]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["gen"] => gen(&root, false),
        ["gen", "--check"] => gen(&root, true),
        ["mock", rest @ ..] => mock(rest),
        ["docs-check", "--service", service, pages @ ..] => docs_check(&root, pages, Some(service)),
        ["docs-check", pages @ ..] if !pages.iter().any(|p| p.starts_with("--")) => {
            docs_check(&root, pages, None)
        }
        ["update", rest @ ..] => update::run(&root, rest),
        ["import", "--compare", pages @ ..] => import_compare(&root, pages),
        ["import", "--gen", pages @ ..] if !pages.is_empty() => import_gen(&root, pages),
        ["import", "--service", service, page] => import(page, Some(service)),
        ["import", page] if !page.starts_with("--") => import(page, None),
        ["corpus", rest @ ..] => corpus::run(&root, rest),
        ["changes", rest @ ..] => changes::run(&root, rest),
        ["bench-gen", n] => bench_gen(n, None),
        ["bench-gen", n, "--write", dir] => bench_gen(n, Some(Path::new(dir))),
        _ => usage(),
    }
}

/// `cargo xtask bench-gen N`: one row of the generator's cost on a synthetic spec of N operations.
fn bench_gen(n: &str, write: Option<&Path>) -> ExitCode {
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("error: `{n}` is not a number of operations");
        return ExitCode::from(2);
    };
    match bench::run(n, write) {
        Ok(row) => {
            println!("{}", bench::HEADER);
            println!("{row}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

fn gen(root: &Path, check: bool) -> ExitCode {
    let before = if check { None } else { changes::recorded(root) };
    let outcome = match codegen::sync(root, check) {
        Ok(o) => o,
        Err(d) => {
            eprintln!("{d}");
            eprintln!("error: the spec has {} problem(s); nothing was generated", d.0.len());
            return ExitCode::FAILURE;
        }
    };
    if check {
        if outcome.stale.is_empty() && outcome.orphans.is_empty() {
            println!("generated code is up to date ({} files)", outcome.files);
            return ExitCode::SUCCESS;
        }
        for s in &outcome.stale {
            eprintln!("stale: {}", s.display());
        }
        for o in &outcome.orphans {
            eprintln!("stale (no longer generated): {}", o.display());
        }
        eprintln!(
            "error: {} generated file(s) are stale; run `cargo xtask gen`",
            outcome.stale.len() + outcome.orphans.len()
        );
        return ExitCode::FAILURE;
    }
    for s in &outcome.stale {
        println!("wrote {}", s.display());
    }
    for o in &outcome.orphans {
        println!("removed {}", o.display());
    }
    println!("generated {} files", outcome.files);
    // What the teams that use the crate should know of this change.
    changes::print_since(root, before);
    ExitCode::SUCCESS
}

/// `cargo xtask mock ARGS`: runs the mock program (`mock-server/`), which links the generated
/// crate; xtask itself does not, so `gen` works whatever state `generated/` is in.
///
/// On Unix, xtask becomes `cargo run` (exec, not a child), and `cargo run` becomes the mock
/// program in turn: the process the caller started is the server, so a signal to it (Ctrl-C,
/// SIGTERM, a kill) stops the server, and nothing is left holding the caller's output pipes.
#[cfg(unix)]
fn mock(args: &[&str]) -> ExitCode {
    use std::os::unix::process::CommandExt;
    // `exec` returns only when it could not replace this process.
    let e = mock_command(args).exec();
    eprintln!("error: cannot run cargo: {e}");
    ExitCode::FAILURE
}

/// `cargo xtask mock ARGS` where a process cannot be replaced: `cargo run` as a child, waited
/// for. Ctrl-C reaches the whole console group, child included; if xtask is ended otherwise,
/// the child is killed on the way out where that is still possible.
#[cfg(not(unix))]
fn mock(args: &[&str]) -> ExitCode {
    /// Kills the child when dropped (an error or a panic in xtask).
    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = match mock_command(args).spawn() {
        Ok(c) => Killed(c),
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            return ExitCode::FAILURE;
        }
    };
    match child.0.wait() {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => ExitCode::from(u8::try_from(s.code().unwrap_or(1)).unwrap_or(1)),
        Err(e) => {
            eprintln!("error: cannot wait for cargo: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo run` of the mock program with `args`.
fn mock_command(args: &[&str]) -> std::process::Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = std::process::Command::new(cargo);
    command.args(["run", "--quiet", "-p", "huaweicloud-restore-mock", "--"]).args(args);
    command
}

/// The saved pages in `spec/sources/`, sorted.
fn source_pages(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root.join("spec/sources"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn spec_documents(root: &Path) -> Result<Vec<codegen::model::Document>, codegen::Diagnostics> {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for f in codegen::spec_files(root)? {
        match codegen::load::load_file(&root.join(f)) {
            Ok(s) => docs.push(s.document),
            Err(d) => problems.extend(d),
        }
    }
    if problems.is_empty() {
        Ok(docs)
    } else {
        Err(codegen::Diagnostics(problems))
    }
}

fn docs_check(root: &Path, pages: &[&str], service: Option<&str>) -> ExitCode {
    let docs = match spec_documents(root) {
        Ok(d) => d,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::FAILURE;
        }
    };
    let paths: Vec<PathBuf> = if pages.is_empty() {
        let found = source_pages(root);
        if found.is_empty() {
            eprintln!("error: no pages in {}", root.join("spec/sources").display());
            return ExitCode::FAILURE;
        }
        found
    } else {
        pages.iter().map(PathBuf::from).collect()
    };
    let mut total = codegen::docs::drift::Summary::default();
    let mut failed = false;
    for path in &paths {
        let name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: cannot read the page: {e}", path.display());
                failed = true;
                continue;
            }
        };
        match codegen::docs::drift::check_page(&name, &text, &docs, service) {
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                failed = true;
            }
            Ok(checked) => {
                for d in &checked.differences {
                    println!("{d}");
                }
                for u in &checked.not_compared {
                    println!("{name}: not compared: {u}");
                }
                failed |= !checked.differences.is_empty();
                total.add(checked.summary);
            }
        }
    }
    if failed {
        return ExitCode::FAILURE;
    }
    println!("{total}");
    ExitCode::SUCCESS
}

fn read_page(path: &Path) -> Result<(String, codegen::docs::page::Page), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the page: {e}", path.display()))?;
    let page = codegen::docs::page::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    Ok((name, page))
}

/// The service name a draft of `file` gets unless one is given: `draft-` and the file's stem.
fn draft_service(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let words: Vec<String> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    format!("draft-{}", words.join("-"))
}

fn import(page: &str, service: Option<&str>) -> ExitCode {
    match read_page(Path::new(page)) {
        Ok((name, p)) => {
            let service = service.map_or_else(|| draft_service(&name), str::to_string);
            print!("{}", codegen::docs::import::draft(&name, &p, &service));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn import_compare(root: &Path, pages: &[&str]) -> ExitCode {
    let docs = match spec_documents(root) {
        Ok(d) => d,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::FAILURE;
        }
    };
    let pages: Vec<PathBuf> = if pages.is_empty() {
        source_pages(root)
    } else {
        pages.iter().map(PathBuf::from).collect()
    };
    let mut total = codegen::docs::drift::Agreement::default();
    let mut failed = false;
    println!("| page | items (name, mandatory, type) | constraints | examples | status codes |");
    println!("| --- | --- | --- | --- | --- |");
    for path in pages {
        let (name, page) = match read_page(&path) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e}");
                failed = true;
                continue;
            }
        };
        let draft: codegen::model::Document = match serde_yaml::from_str(
            &codegen::docs::import::draft(&name, &page, &draft_service(&name)),
        ) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{name}: the draft does not load: {e}");
                failed = true;
                continue;
            }
        };
        let Some(spec) =
            docs.iter().find(|d| codegen::docs::drift::find_operation(d, &name, &page).is_some())
        else {
            eprintln!("{name}: no spec document has this page's operation");
            failed = true;
            continue;
        };
        let a = codegen::docs::drift::agreement(&name, &page, &draft, spec);
        println!(
            "| {name} | {}/{} | {}/{} | {}/{} | {}/{} |",
            a.items_agreeing,
            a.items,
            a.constraints_agreeing,
            a.constraints,
            a.examples_agreeing,
            a.examples,
            a.statuses_agreeing,
            a.statuses
        );
        for d in &a.differences {
            println!("|   {d} | | | | |");
        }
        failed |= a.items_agreeing != a.items;
        total.add(&a);
    }
    println!(
        "| all | {}/{} | {}/{} | {}/{} | {}/{} |",
        total.items_agreeing,
        total.items,
        total.constraints_agreeing,
        total.constraints,
        total.examples_agreeing,
        total.examples,
        total.statuses_agreeing,
        total.statuses
    );
    if failed {
        eprintln!("error: a draft disagrees with the spec on a name, a Mandatory flag or a type");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `cargo xtask import --gen PAGE ...`: each page's draft, saved as a new spec file, must
/// generate, and the page must agree with its own draft.
fn import_gen(root: &Path, pages: &[&str]) -> ExitCode {
    let mut failed = false;
    println!("| page | tables | items | examples | status codes | not read | gen | docs-check on its draft |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for page in pages {
        let (name, p) = match read_page(Path::new(page)) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("{e}");
                failed = true;
                continue;
            }
        };
        let service = draft_service(&name);
        let yaml = codegen::docs::import::draft(&name, &p, &service);
        let file = PathBuf::from(format!("spec/{service}.yaml"));
        let gen = match codegen::generate_with(root, &[(file, yaml.clone())]) {
            Ok(_) => "ok".to_string(),
            Err(d) => {
                eprintln!("{name}: the draft does not generate:\n{d}");
                failed = true;
                format!("{} problems", d.0.len())
            }
        };
        let check = match serde_yaml::from_str::<codegen::model::Document>(&yaml) {
            Ok(draft) => {
                let (diffs, _) = codegen::docs::drift::compare(&name, &p, &draft);
                for d in &diffs {
                    eprintln!("{d}");
                }
                failed |= !diffs.is_empty();
                if diffs.is_empty() {
                    "no difference".to_string()
                } else {
                    format!("{} differences", diffs.len())
                }
            }
            Err(e) => {
                eprintln!("{name}: the draft does not load: {e}");
                failed = true;
                "does not load".to_string()
            }
        };
        let items: usize = p.tables.iter().map(|t| t.rows.len()).sum();
        let examples = p.request_examples.len() + p.response_examples.len();
        println!(
            "| {name} | {} | {items} | {examples} | {} | {} | {gen} | {check} |",
            p.tables.len(),
            p.status_codes.len(),
            p.unread.len()
        );
    }
    if failed {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
