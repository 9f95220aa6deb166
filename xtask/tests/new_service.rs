//! Adding a service is a change to `spec/` only. On a copy of the workspace, with the generated
//! code broken on purpose, a new spec file is dropped into `spec/`: `cargo xtask gen` must still
//! run (xtask does not link the generated crate), make a new module for it, and the crate must
//! build, with nothing outside `spec/` touched. The new service is the fixture that uses every
//! construct the generator supports, and its mock is then served by the mock program and
//! called over loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "cargo {command} {args:?} failed:\n{text}");
    text
}

#[test]
fn a_new_spec_file_is_all_it_takes_even_with_broken_generated_code() {
    let copy = std::env::temp_dir()
        .join(format!("huaweicloud-restore-new-service-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    copy_tree(&workspace(), &copy);

    // Generated code that does not compile must not stop a regeneration.
    let first = codegen::spec_files(&copy).expect("specs").into_iter().next().expect("a spec");
    let module = codegen::service(&copy.join(&first)).expect("loads").module;
    std::fs::write(copy.join(format!("generated/src/{module}/types.rs")), "this is not Rust {")
        .expect("break");

    // A new service: a spec file and nothing else.
    let fixture =
        std::fs::read_to_string(workspace().join("codegen/tests/fixtures/constructs.yaml"))
            .expect("fixture");
    let spec = fixture.replacen("x-service: constructs\n", "x-service: extra-things\n", 1);
    assert_ne!(spec, fixture);
    std::fs::write(copy.join("spec/extra-things.yaml"), spec).expect("write spec");

    let out = cargo(&copy, "run", &["-p", "xtask", "--", "gen"]);
    assert!(out.contains("generated/src/extra_things/mod.rs"), "{out}");
    let lib = std::fs::read_to_string(copy.join("generated/src/lib.rs")).expect("lib");
    assert!(lib.contains("pub mod extra_things;"), "{lib}");
    cargo(&copy, "run", &["-p", "xtask", "--", "gen", "--check"]);
    cargo(&copy, "build", &["-p", "huaweicloud-restore-mock"]);

    // The new service's mock, over loopback: its routes under its own prefix, its rules.
    let program = workspace().join("target/new-service-test/debug/huaweicloud-restore-mock");
    let child = Command::new(program)
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn the mock");
    let mut child = Killed(child);
    let mut line = String::new();
    // Kept open while the server runs, so its later lines have somewhere to go.
    let mut stdout = BufReader::new(child.0.stdout.take().expect("stdout"));
    stdout.read_line(&mut line).expect("first line");
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .and_then(|a| a.strip_suffix("/{service}"))
        .unwrap_or_else(|| panic!("{line}"))
        .to_string();
    let base = "/extra_things/v1/p/items";
    let missing = get(&addr, base);
    assert!(
        missing.starts_with("HTTP/1.1 400") && missing.contains("id: is mandatory [required]"),
        "{missing}"
    );
    let listed = get(&addr, &format!("{base}?id=x&tags=a&tags=b&ratio=0.5&flag=true"));
    assert!(
        listed.starts_with("HTTP/1.1 200") && listed.contains(r#""labels":{"env":"prod"}"#),
        "{listed}"
    );
    let bad_number = get(&addr, &format!("{base}?id=x&ratio=half"));
    assert!(bad_number.starts_with("HTTP/1.1 400") && bad_number.contains("ratio"), "{bad_number}");
    let report = get(&addr, &format!("{base}/i/report"));
    assert!(
        report.starts_with("HTTP/1.1 200")
            && report.to_ascii_lowercase().contains("content-type: text/plain")
            && report.ends_with("3 items, all well"),
        "{report}"
    );
    let body = r#"{"name":"n","comment":null}"#;
    let no_key = request(&addr, "POST", base, "", body);
    assert!(
        no_key.starts_with("HTTP/1.1 400")
            && no_key.contains("X-Idempotency-Key: is mandatory [required]"),
        "{no_key}"
    );
    let created = request(&addr, "POST", base, "X-Idempotency-Key: k-1\r\n", body);
    assert!(created.starts_with("HTTP/1.1 201") && created.contains("new-1"), "{created}");
    let other = get(&addr, "/ddm/v1/p/items?id=x");
    assert!(
        other.starts_with("HTTP/1.1 404"),
        "another service's prefix does not serve it: {other}"
    );
    drop(child);

    // The suites driven by the spec take the new service in, with no test code touched: its
    // examples round-trip through its types, the mock answers each of its operations, its
    // document is valid OpenAPI, and no count in a test breaks.
    let out = cargo(
        &copy,
        "test",
        &[
            "-p",
            "huaweicloud-restore-tests",
            "--test",
            "conformance",
            "--test",
            "mock",
            "--test",
            "spec_valid",
            "--test",
            "page_tables",
            "--",
            "--nocapture",
        ],
    );
    assert!(out.contains("documented examples checked"), "{out}");
    let _ = std::fs::remove_dir_all(&copy);
}

/// Kills the child when dropped, so a failing test leaves no server behind.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The whole answer to `GET path` with a token.
fn get(addr: &str, path: &str) -> String {
    request(addr, "GET", path, "", "")
}

/// The whole answer to a request with a token, `headers` (each line ending in CRLF) and `body`.
fn request(addr: &str, method: &str, path: &str, headers: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let length = if body.is_empty() {
        String::new()
    } else {
        format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len())
    };
    let request = format!("{method} {path} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\n{headers}{length}Connection: close\r\n\r\n{body}");
    stream.write_all(request.as_bytes()).expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    answer
}
