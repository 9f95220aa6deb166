//! The mock program (what `cargo xtask mock` runs): it prints one `listening on` line when
//! ready, and serves any HTTP client until stopped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

/// Kills the child when dropped, so a failing test leaves no server behind.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn raw_request(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.write_all(request.as_bytes()).expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

#[test]
fn the_mock_program_serves_until_stopped() {
    let child = Command::new(env!("CARGO_BIN_EXE_huaweicloud-restore-mock"))
        .args(["--addr", "127.0.0.1:0", "--token", "cli-token"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut child = Child(child);
    let stdout = child.0.stdout.take().expect("stdout");
    let mut line = String::new();
    let mut reader = BufReader::new(stdout);
    reader.read_line(&mut line).expect("first line");
    let url = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
    let addr = url
        .strip_suffix("/{service}")
        .unwrap_or_else(|| panic!("not an endpoint template: {line:?}"))
        .to_string();
    // One line per service, with its base URL.
    let mut services = Vec::new();
    for _ in huaweicloud_restore::SERVICES {
        let mut l = String::new();
        reader.read_line(&mut l).expect("a service line");
        services.push(l.trim().to_string());
    }
    for s in huaweicloud_restore::SERVICES {
        let line = format!("{}: http://{addr}/{}, without prefix http://{addr}", s.name, s.name);
        assert!(services.iter().any(|l| l.starts_with(&line)), "{services:?}");
    }

    let ok = raw_request(
        &addr,
        "GET /ddm/v3/p/instances/i/backups/restorable-instances HTTP/1.1\r\nHost: x\r\nX-Auth-Token: cli-token\r\nConnection: close\r\n\r\n",
    );
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(ok.contains("ddm-agent-create-instance1"), "{ok}");
    // At the root path too, as an official SDK sends it (scheme, host and port only).
    let root = raw_request(
        &addr,
        "GET /v3/p/instances/i/backups/restorable-instances HTTP/1.1\r\nHost: x\r\nX-Auth-Token: cli-token\r\nConnection: close\r\n\r\n",
    );
    assert!(
        root.starts_with("HTTP/1.1 200") && root.contains("ddm-agent-create-instance1"),
        "{root}"
    );
    let refused = raw_request(
        &addr,
        "GET /ddm/v3/p/instances/i/backups/restorable-instances HTTP/1.1\r\nHost: x\r\nX-Auth-Token: other\r\nConnection: close\r\n\r\n",
    );
    assert!(refused.starts_with("HTTP/1.1 401") && refused.contains("APIGW.0301"), "{refused}");
}

#[test]
fn bad_arguments_are_refused_with_usage() {
    for args in [
        &["--addr", "nowhere"][..],
        &["--port", "1"],
        &["--token"],
        &["--ak", "only-ak"],
        &["frobnicate"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_huaweicloud-restore-mock"))
            .args(args)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}
