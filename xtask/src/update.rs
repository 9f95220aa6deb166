//! `cargo xtask update [--service NAME] [--dry-run] PAGE...`: applies each page to the spec
//! document that has its operation (`codegen::docs::update`), then regenerates and checks the
//! page again. A page kept in `spec/sources/` is saved over the old copy. What needs a human is
//! listed with the spec's and the page's lines, and the command fails, having applied the rest.
//! `--dry-run` writes nothing, prints the patch, and fails when there is one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::docs::{drift, page, update};

/// Run the command with the arguments after `update`.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let mut service = None;
    let mut dry_run = false;
    let mut pages = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "--dry-run" => dry_run = true,
            "--service" => match it.next() {
                Some(s) => service = Some(*s),
                None => return usage(),
            },
            p if p.starts_with("--") => return usage(),
            p => pages.push(PathBuf::from(p)),
        }
    }
    if pages.is_empty() {
        return usage();
    }
    let mut failed = false;
    let mut written = Vec::new();
    for path in &pages {
        match one(root, path, service, dry_run) {
            Ok((ok, wrote)) => {
                failed |= !ok;
                written.extend(wrote.then(|| path.clone()));
            }
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                failed = true;
            }
        }
    }
    if !dry_run && !written.is_empty() {
        // Regenerate as `cargo xtask gen` does, and say what changed as it says it.
        let before = crate::changes::recorded(root);
        match codegen::sync(root, false) {
            Ok(o) => {
                for s in &o.stale {
                    println!("wrote {}", s.display());
                }
                crate::changes::print_since(root, before);
            }
            Err(d) => {
                eprintln!("{d}");
                eprintln!("error: the updated spec does not generate");
                return ExitCode::FAILURE;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: cargo xtask update [--service NAME] [--dry-run] PAGE ...");
    ExitCode::from(2)
}

/// Apply one page: whether nothing needed a human, and whether the spec was written.
fn one(
    root: &Path,
    path: &Path,
    service: Option<&str>,
    dry_run: bool,
) -> Result<(bool, bool), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the page: {e}"))?;
    let p = page::parse(&text).map_err(|e| e.to_string())?;
    let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let files = codegen::spec_files(root).map_err(|d| d.to_string())?;
    let mut docs = Vec::new();
    for f in &files {
        docs.push(
            codegen::load::load_file(&root.join(f))
                .map_err(|d| codegen::Diagnostics(d).to_string())?
                .document,
        );
    }
    let doc = drift::document_for(&file, &p, &docs, service)?;
    let k = docs.iter().position(|d| std::ptr::eq(d, doc)).ok_or("no such document")?;
    let spec_file = root.join(&files[k]);
    let shown = files[k].display().to_string();
    let old =
        std::fs::read_to_string(&spec_file).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let up = update::update(&old, &file, &p)?;
    for a in &up.applied {
        println!("{file}: applied: {a}");
    }
    for e in &up.errata_removed {
        println!("{file}: erratum removed: {e}");
    }
    for r in &up.refusals {
        eprintln!("{}", r.show(&shown, &path.display().to_string()));
    }
    let ok = up.refusals.is_empty();
    if up.text == old && ok {
        println!("{file}: the spec already says what the page says ({shown}): nothing to apply");
    }
    if !ok {
        eprintln!("{file}: {} difference(s) need a maintainer (listed above); everything else was applied", up.refusals.len());
    }
    if dry_run {
        // A patch to apply fails the dry run, as `rustfmt --check` does: CI requires none.
        print!("{}", update::unified_diff(&old, &up.text, &shown));
        return Ok((ok && up.text == old, false));
    }
    if up.text == old {
        return Ok((ok, false));
    }
    std::fs::write(&spec_file, &up.text).map_err(|e| format!("cannot write {shown}: {e}"))?;
    println!("{file}: wrote {shown}");
    // Written: whatever follows, the generated code must be brought in line with it.
    match after_write(root, path, &file, &p, &text, &up.text) {
        Ok(()) => Ok((ok, true)),
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            Ok((false, true))
        }
    }
}

/// After the spec is written: the page copy the repository keeps is replaced by the new save,
/// and docs-check on the page must find no difference but those listed for a maintainer.
fn after_write(
    root: &Path,
    path: &Path,
    file: &str,
    p: &page::Page,
    text: &str,
    spec: &str,
) -> Result<(), String> {
    let updated: codegen::model::Document =
        serde_yaml::from_str(spec).map_err(|e| e.to_string())?;
    if let Some((_, _, op)) = drift::find_operation(&updated, file, p) {
        if update::page_is_kept(&op.source.page) {
            let kept = root.join("spec").join(&op.source.page);
            let same = std::fs::canonicalize(&kept).ok() == std::fs::canonicalize(path).ok();
            if !same {
                std::fs::write(&kept, text)
                    .map_err(|e| format!("cannot save the page over {}: {e}", kept.display()))?;
                println!("{file}: saved the page over spec/{}", op.source.page);
            }
        }
    }
    Ok(())
}
