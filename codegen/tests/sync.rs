//! `cargo xtask gen` and `gen --check`, through `codegen::sync`, on a copy of the workspace's
//! spec and generated crate in a temporary folder.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

fn scratch(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("codegen-sync-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(&workspace().join("spec"), &root.join("spec"));
    copy_dir(&workspace().join("generated/src"), &root.join("generated/src"));
    std::fs::copy(workspace().join(codegen::SURFACE), root.join(codegen::SURFACE))
        .expect("the surface record");
    let manifest = codegen::manifest::MANIFEST;
    std::fs::copy(workspace().join(manifest), root.join(manifest))
        .expect("the generated crate's manifest");
    root
}

fn snapshot(root: &Path) -> Vec<(PathBuf, String)> {
    let dir = root.join("generated/src");
    let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| (p.clone(), std::fs::read_to_string(&p).expect("read")))
        .collect();
    files.sort();
    files
}

#[test]
fn check_names_every_stale_file_and_writes_nothing() {
    let root = scratch("check");
    let clean = codegen::sync(&root, true).expect("generates");
    assert!(clean.stale.is_empty() && clean.orphans.is_empty(), "{clean:?}");

    // A hand edit, a deleted file and an orphan with the header.
    let ddm = root.join("generated/src/ddm.rs");
    std::fs::write(&ddm, std::fs::read_to_string(&ddm).expect("ddm") + "\n// edited by hand\n")
        .expect("edit");
    std::fs::remove_file(root.join("generated/src/cbr.rs")).expect("rm");
    std::fs::write(
        root.join("generated/src/old.rs"),
        format!("{}\npub struct Old;\n", codegen::HEADER),
    )
    .expect("orphan");
    let before = snapshot(&root);
    let found = codegen::sync(&root, true).expect("generates");
    let mut stale = found.stale.clone();
    stale.sort();
    assert_eq!(
        stale,
        vec![PathBuf::from("generated/src/cbr.rs"), PathBuf::from("generated/src/ddm.rs")]
    );
    assert_eq!(found.orphans, vec![PathBuf::from("generated/src/old.rs")]);
    assert_eq!(snapshot(&root), before, "checking wrote nothing");

    // Writing puts it right, and then the check is clean.
    let wrote = codegen::sync(&root, false).expect("generates");
    assert_eq!(wrote.stale.len(), 2);
    assert!(!root.join("generated/src/old.rs").exists());
    assert_eq!(
        codegen::sync(&root, true).expect("generates"),
        codegen::SyncOutcome { files: clean.files, ..Default::default() }
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_hand_written_file_under_generated_src_is_refused_with_its_path() {
    let root = scratch("hand-written");
    let dir = root.join("generated/src/extra");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("helpers.rs"), "pub fn helper() {}\n").expect("write");
    let before = snapshot(&root);
    for check in [true, false] {
        let err = codegen::sync(&root, check).unwrap_err().to_string();
        assert!(
            err.contains("generated/src/extra/helpers.rs")
                && err.contains("not written by the generator"),
            "{err}"
        );
    }
    assert_eq!(snapshot(&root), before, "nothing written");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_spec_change_makes_the_generated_module_stale() {
    let root = scratch("spec-change");
    let rds = root.join("spec/rds.yaml");
    let text = std::fs::read_to_string(&rds).expect("rds");
    std::fs::write(
        &rds,
        text.replacen("Indicates the job ID.", "Indicates the job ID (changed).", 1),
    )
    .expect("edit");
    let found = codegen::sync(&root, true).expect("generates");
    assert_eq!(found.stale, vec![PathBuf::from("generated/src/rds.rs")]);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_broken_spec_generates_nothing() {
    let root = scratch("broken");
    let cbr = root.join("spec/cbr.yaml");
    let text = std::fs::read_to_string(&cbr).expect("cbr");
    std::fs::write(
        &cbr,
        text.replacen(
            "$ref: '#/components/schemas/BackupRestoreServerMapping'",
            "$ref: '#/components/schemas/Nope'",
            1,
        ),
    )
    .expect("edit");
    let before = snapshot(&root);
    let err = codegen::sync(&root, false).unwrap_err();
    assert!(
        err.to_string().contains("cbr.yaml:") && err.to_string().contains("dangling reference"),
        "{err}"
    );
    assert_eq!(snapshot(&root), before);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_new_spec_file_is_a_new_module_with_no_list_to_edit() {
    let root = scratch("new-service");
    let cbr = std::fs::read_to_string(root.join("spec/cbr.yaml")).expect("cbr");
    assert_eq!(cbr.matches("x-service: cbr\n").count(), 1);
    std::fs::write(
        root.join("spec/extra.yaml"),
        cbr.replacen("x-service: cbr\n", "x-service: extra-backup\n", 1),
    )
    .expect("write");
    let wrote = codegen::sync(&root, false).expect("generates");
    assert!(wrote.stale.contains(&PathBuf::from("generated/src/extra_backup.rs")), "{wrote:?}");
    let lib = std::fs::read_to_string(root.join("generated/src/lib.rs")).expect("lib");
    assert!(lib.contains("pub mod extra_backup;") && lib.contains("pub mod cbr;"), "{lib}");
    // Its cargo feature, on by default, written into the generated crate's manifest.
    let manifest =
        std::fs::read_to_string(root.join(codegen::manifest::MANIFEST)).expect("manifest");
    assert!(manifest.contains("\nextra_backup = []\n"), "{manifest}");
    let default = manifest.lines().find(|l| l.starts_with("default = ")).expect("default features");
    assert!(default.contains("\"extra_backup\"") && default.contains("\"cbr\""), "{default}");

    // Two documents that make one module are refused, naming the second.
    std::fs::write(
        root.join("spec/extra2.yaml"),
        cbr.replacen("x-service: cbr\n", "x-service: extra_backup\n", 1),
    )
    .expect("write");
    let err = codegen::sync(&root, true).unwrap_err().to_string();
    assert!(
        err.contains("extra2.yaml") && err.contains("makes the module `extra_backup`"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&root);
}
