//! Stopping `cargo xtask mock` stops the server: the process a caller starts is the one to
//! signal, and once it is gone the port no longer accepts connections and the caller's pipe
//! from its output reaches its end (no server left behind, orphaned, holding it open).
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

/// The xtask started in a process group of its own, which is killed whole when dropped, so a
/// failing test leaves nothing behind (neither cargo nor the server it ran).
struct Group(std::process::Child);

impl Drop for Group {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.0.id())]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether `addr` stops accepting connections within `bound`.
fn stops_accepting(addr: &str, bound: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < bound {
        if TcpStream::connect(addr).is_err() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn a_signal_to_cargo_xtask_mock_stops_the_server_and_closes_its_output() {
    let child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["mock", "--addr", "127.0.0.1:0"])
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .process_group(0)
        .spawn()
        .expect("run xtask");
    let mut child = Group(child);
    let stdout = child.0.stdout.take().expect("stdout");

    // The first line (after cargo builds the mock program, if it must), then everything to the
    // end of the pipe, read on a thread so that the test can bound how long it waits.
    let (lines, first) = mpsc::channel();
    let (ends, end) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = lines.send(line);
        let mut rest = Vec::new();
        let _ = reader.read_to_end(&mut rest);
        let _ = ends.send(());
    });
    let line =
        first.recv_timeout(Duration::from_secs(900)).expect("the mock says where it listens");
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .and_then(|a| a.strip_suffix("/{service}"))
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string();
    assert!(TcpStream::connect(&addr).is_ok(), "the mock accepts connections at {addr}");

    // SIGTERM to the very process started, as a supervisor or `timeout` sends it.
    let status =
        Command::new("kill").args(["-TERM", &child.0.id().to_string()]).status().expect("kill");
    assert!(status.success());
    let bound = Duration::from_secs(30);
    assert!(
        stops_accepting(&addr, bound),
        "{addr} still accepts connections {bound:?} after the signal"
    );
    assert!(
        end.recv_timeout(bound).is_ok(),
        "the output pipe is still open {bound:?} after the signal"
    );
}
