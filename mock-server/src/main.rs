//! `huaweicloud-restore-mock`: the generated mock of every API as a program, for HTTP clients
//! in any language (`cargo xtask mock` runs it).
//!
//! ```sh
//! huaweicloud-restore-mock [--addr 127.0.0.1:PORT] [--token TOKEN] [--ak AK --sk SK]
//! ```
//!
//! It prints `listening on http://ADDR/{service}` when ready (the endpoint to give
//! `Config::with_endpoint`), then one line per service with its base URL under its prefix and
//! the base URL without one, for Huawei's official SDKs, which keep only an endpoint's scheme,
//! host and port (`ddm: http://ADDR/ddm, without prefix http://ADDR`; when some of a service's
//! operations share their method and path with another service's, the line ends by naming
//! them: `(prefix only: show_job)`). It serves until stopped (SIGINT, SIGTERM or a kill). It
//! keeps no record of the requests (nobody could read it), so its memory stays flat however
//! long it serves.
//!
//! It is a program of its own, not a command of `xtask`, so that `cargo xtask gen` never needs
//! the generated crate to compile: broken generated code can always be regenerated.

use std::io::Write;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: cargo xtask mock [--addr 127.0.0.1:PORT] [--token TOKEN] [--ak AK --sk SK]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    mock(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn mock(args: &[&str]) -> ExitCode {
    use huaweicloud_restore::mock::{MockOptions, MockServer};
    let mut options = MockOptions::default().with_record_limit(0);
    let (mut ak, mut sk) = (None, None);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match (*flag, rest.next()) {
            ("--addr", Some(a)) => match a.parse() {
                Ok(addr) => options = options.with_addr(addr),
                Err(_) => {
                    eprintln!("error: `{a}` is not an address such as 127.0.0.1:8080");
                    return ExitCode::from(2);
                }
            },
            ("--token", Some(t)) if !t.is_empty() => options = options.with_token(*t),
            ("--ak", Some(a)) if !a.is_empty() => ak = Some(*a),
            ("--sk", Some(s)) if !s.is_empty() => sk = Some(*s),
            _ => return usage(),
        }
    }
    match (ak, sk) {
        (Some(a), Some(s)) => options = options.with_aksk(a, s),
        (None, None) => {}
        _ => {
            eprintln!("error: --ak and --sk go together");
            return ExitCode::from(2);
        }
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let server = match MockServer::start_with(options).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot listen: {e}");
                return ExitCode::FAILURE;
            }
        };
        // The first line is the endpoint for `Config::with_endpoint`; then each service's base.
        // A reader that closes our stdout must not stop the server: write errors are ignored.
        let mut out = std::io::stdout();
        let _ = writeln!(out, "listening on {}", server.uri());
        for s in huaweicloud_restore::SERVICES {
            let shared = server.ambiguous_at_root(s.name);
            let only = if shared.is_empty() {
                String::new()
            } else {
                format!(" (prefix only: {})", shared.join(", "))
            };
            let _ = writeln!(
                out,
                "{}: {}, without prefix {}{only}",
                s.name,
                server.service_uri(s.name),
                server.root_uri()
            );
        }
        let _ = out.flush();
        let _ = tokio::signal::ctrl_c().await;
        ExitCode::SUCCESS
    })
}
