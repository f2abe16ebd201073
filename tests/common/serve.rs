//! `pierobeza serve` as a real process on loopback (tests/store.rs, tests/crash.rs).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

/// The binary under test: `PIEROBEZA_BIN` (scripts/test.sh passes the release
/// build, as deployed), else this test build's.
pub fn binary() -> String {
    std::env::var("PIEROBEZA_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_pierobeza").into())
}

/// A `pierobeza serve` on a database, with the address it printed; killed when dropped.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    /// `http://<addr>`.
    pub base: String,
}

impl Server {
    /// SIGKILL (what `Child::kill` sends on Unix): no shutdown of any kind. Waits
    /// until the process is gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `pierobeza serve --port 0 --database <database>`, once it listens.
pub fn serve(database: &str) -> Server {
    let mut child = Command::new(binary())
        .args(["serve", "--port", "0", "--database", database])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("starting pierobeza serve");
    let out = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(out).read_line(&mut line).unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_string();
    let addr = base
        .strip_prefix("http://")
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("not an address: {base}"));
    Server { child, addr, base }
}
