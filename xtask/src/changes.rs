//! `cargo xtask changes --since REV [--write]`: what changed in the generated crate's public
//! API since revision REV, classified for the teams that use it, with the semver bump it needs
//! and a drafted `CHANGELOG.md` entry (`--write` adds it to `generated/CHANGELOG.md` and sets
//! the crate's version).
//!
//! The old surface is the record `gen` committed at REV (`generated/api-surface.json`); the new
//! one is what the spec and the generator make now, whether or not `gen` has written it yet.

use std::path::Path;
use std::process::{Command, ExitCode};

use codegen::changes::{bump, changelog_entry, compare, Change, Class, Surface};

/// The generated crate's manifest and changelog, relative to the workspace root.
const MANIFEST: &str = "generated/Cargo.toml";
const CHANGELOG: &str = "generated/CHANGELOG.md";

/// `cargo xtask changes ARGS`.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let (since, write) = match args {
        ["--since", rev] => (*rev, false),
        ["--since", rev, "--write"] | ["--write", "--since", rev] => (*rev, true),
        _ => {
            eprintln!("usage: cargo xtask changes --since REV [--write]");
            return ExitCode::from(2);
        }
    };
    let old = match surface_at(root, since) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let new = match now(root) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("error: the spec has problems; nothing compared");
            return ExitCode::FAILURE;
        }
    };
    let changes = compare(&old, &new);
    let Some(version) = version(root) else {
        eprintln!("error: no `version = \"X.Y.Z\"` in {MANIFEST}");
        return ExitCode::FAILURE;
    };
    let Some(next) = bump(&version, &changes) else {
        eprintln!("error: the version `{version}` in {MANIFEST} is not MAJOR.MINOR.PATCH");
        return ExitCode::FAILURE;
    };
    print!("{}", report(since, &changes, &version, &next));
    if changes.is_empty() {
        return ExitCode::SUCCESS;
    }
    let entry = changelog_entry(&next, &today(), &changes);
    println!("\nDrafted {CHANGELOG} entry:\n\n{entry}");
    if write {
        if let Err(e) = write_release(root, &version, &next, &entry) {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        println!("wrote {CHANGELOG} and set {MANIFEST}'s version to {next}");
    }
    ExitCode::SUCCESS
}

/// The surface record on disk, as `gen` last wrote it (`None` when there is none that reads).
pub fn recorded(root: &Path) -> Option<Surface> {
    std::fs::read_to_string(root.join(codegen::SURFACE))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
}

/// After `gen` (or `update`) rewrote `generated/`: what changed in the public API since
/// `before`, for the teams that use the crate; nothing when nothing did.
pub fn print_since(root: &Path, before: Option<Surface>) {
    let (Some(before), Some(after)) = (before, recorded(root)) else { return };
    let found = compare(&before, &after);
    if !found.is_empty() {
        println!("\nthe public API changed (`cargo xtask changes --since HEAD` drafts the changelog entry):");
        for c in found {
            println!("  {:?}: {c}", c.class);
        }
    }
}

/// The changes, by class, then the bump.
pub fn report(since: &str, changes: &[Change], version: &str, next: &str) -> String {
    let mut out = String::new();
    for (class, title) in [
        (Class::Breaking, "breaking"),
        (Class::Additive, "additive"),
        (Class::Behaviour, "behaviour"),
    ] {
        let of: Vec<&Change> = changes.iter().filter(|c| c.class == class).collect();
        if !of.is_empty() {
            out.push_str(&format!("{title} ({}):\n", of.len()));
            for c in of {
                out.push_str(&format!("  {c}\n"));
            }
        }
    }
    if changes.is_empty() {
        out.push_str(&format!("no change of the public API since {since}\n"));
    } else if next == version {
        out.push_str(&format!("version: {version} stays\n"));
    } else {
        out.push_str(&format!("version: {version} -> {next}\n"));
    }
    out
}

/// The surface recorded at revision `rev`.
fn surface_at(root: &Path, rev: &str) -> Result<Surface, String> {
    let spec = format!("{rev}:{}", codegen::SURFACE);
    let out = Command::new("git")
        .current_dir(root)
        .args(["show", &spec])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        return Err(format!("no surface record at {rev} ({}): {}", codegen::SURFACE, why.trim()));
    }
    serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("the surface record at {rev} does not read: {e}"))
}

/// The surface the spec and the generator make now.
fn now(root: &Path) -> Result<Surface, codegen::Diagnostics> {
    let files = codegen::generate(root)?;
    let text = files
        .iter()
        .find(|f| f.path == Path::new(codegen::SURFACE))
        .map(|f| f.contents.clone())
        .unwrap_or_default();
    serde_json::from_str(&text)
        .map_err(|e| codegen::Diagnostics::whole_file(&root.join(codegen::SURFACE), e.to_string()))
}

/// The generated crate's version, from its manifest's `[package]`.
fn version(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(MANIFEST)).ok()?;
    let package = text.split("\n[").next()?;
    package
        .lines()
        .find_map(|l| l.trim().strip_prefix("version = \"")?.strip_suffix('"').map(str::to_string))
}

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Add `entry` at the top of the changelog and set the manifest's version to `next`.
fn write_release(root: &Path, version: &str, next: &str, entry: &str) -> Result<(), String> {
    let path = root.join(CHANGELOG);
    let old = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Changelog\n".to_string());
    std::fs::write(&path, changelog_with(&old, entry))
        .map_err(|e| format!("cannot write {CHANGELOG}: {e}"))?;
    let manifest = root.join(MANIFEST);
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("cannot read {MANIFEST}: {e}"))?;
    let from = format!("version = \"{version}\"");
    let text = text.replacen(&from, &format!("version = \"{next}\""), 1);
    std::fs::write(&manifest, text).map_err(|e| format!("cannot write {MANIFEST}: {e}"))
}

/// The changelog `old` with `entry` added above the releases before it.
fn changelog_with(old: &str, entry: &str) -> String {
    let (head, rest) =
        old.split_once("\n## ").map_or((old, String::new()), |(h, r)| (h, format!("## {r}")));
    // Notes written by hand under `## Unreleased` become the new version's, above the drafted
    // lists; the heading goes.
    let (notes, rest) = match rest.strip_prefix("## Unreleased\n") {
        Some(unreleased) => match unreleased.split_once("\n## ") {
            Some((notes, older)) => (notes.trim().to_string(), format!("## {older}")),
            None => (unreleased.trim().to_string(), String::new()),
        },
        None => (String::new(), rest),
    };
    let (heading, lists) = entry.split_once('\n').unwrap_or((entry, ""));
    let notes = if notes.is_empty() { String::new() } else { format!("\n{notes}\n") };
    let older = if rest.is_empty() { String::new() } else { format!("\n{rest}") };
    format!("{}\n\n{heading}\n{notes}{lists}{older}", head.trim_end())
}

#[cfg(test)]
mod tests {
    use super::changelog_with;

    #[test]
    fn an_entry_goes_above_the_releases_and_takes_the_unreleased_notes() {
        let entry = "## 0.2.0 - 2026-12-08\n\n### Breaking\n\n- `a`: removed\n";
        let old = "# Changelog\n\nIntro.\n\n## Unreleased\n\n- by hand\n\n## 0.1.0\n\nFirst.\n";
        assert_eq!(
            changelog_with(old, entry),
            "# Changelog\n\nIntro.\n\n## 0.2.0 - 2026-12-08\n\n- by hand\n\n### Breaking\n\n- `a`: removed\n\n## 0.1.0\n\nFirst.\n"
        );
        let plain = "# Changelog\n\n## 0.1.0\n\nFirst.\n";
        assert_eq!(changelog_with(plain, entry), "# Changelog\n\n## 0.2.0 - 2026-12-08\n\n### Breaking\n\n- `a`: removed\n\n## 0.1.0\n\nFirst.\n");
        assert_eq!(changelog_with("# Changelog\n", entry), format!("# Changelog\n\n{entry}"));
    }
}
