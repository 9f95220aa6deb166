//! Adding a service is a change to `spec/` only. On a copy of the workspace, with the generated
//! code broken on purpose, a new spec file is dropped into `spec/`: `cargo xtask gen` must still
//! run (xtask does not link the generated crate), make a new module for it, and the crate must
//! build, with nothing outside `spec/` touched.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").filter_map(Result::ok) {
        let name = e.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let p = e.path();
        if p.is_dir() {
            copy_tree(&p, &to.join(&name));
        } else {
            std::fs::copy(&p, to.join(&name)).expect("copy");
        }
    }
}

/// Run cargo in `dir`, offline and locked, with a target folder of its own kept under the
/// workspace's `target/` (so a second run is quick); panics with the output when it fails.
fn cargo(dir: &Path, command: &str, args: &[&str]) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args([command, "--offline", "--locked", "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace().join("target/new-service-test"))
        .output()
        .expect("run cargo");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "cargo {command} {args:?} failed:\n{text}");
    text
}

#[test]
fn a_new_spec_file_is_all_it_takes_even_with_broken_generated_code() {
    let copy = std::env::temp_dir().join(format!("huaweicloud-restore-new-service-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    copy_tree(&workspace(), &copy);

    // Generated code that does not compile must not stop a regeneration.
    let first = codegen::spec_files(&copy).expect("specs").into_iter().next().expect("a spec");
    let module = codegen::service(&copy.join(&first)).expect("loads").module;
    std::fs::write(copy.join(format!("generated/src/{module}.rs")), "this is not Rust {").expect("break");

    // A new service: a spec file and nothing else.
    let fixture = std::fs::read_to_string(workspace().join("codegen/tests/fixtures/paging.yaml")).expect("fixture");
    let spec = fixture.replacen("x-service: paging\n", "x-service: extra-things\n", 1);
    assert_ne!(spec, fixture);
    std::fs::write(copy.join("spec/extra-things.yaml"), spec).expect("write spec");

    let out = cargo(&copy, "run", &["-p", "xtask", "--", "gen"]);
    assert!(out.contains("generated/src/extra_things.rs"), "{out}");
    let lib = std::fs::read_to_string(copy.join("generated/src/lib.rs")).expect("lib");
    assert!(lib.contains("pub mod extra_things;"), "{lib}");
    cargo(&copy, "run", &["-p", "xtask", "--", "gen", "--check"]);
    cargo(&copy, "check", &["-p", "huaweicloud-restore", "--all-features"]);
    let _ = std::fs::remove_dir_all(&copy);
}
