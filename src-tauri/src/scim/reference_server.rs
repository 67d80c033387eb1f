//! Tests only: the reference SCIM server from PyPI (`scim2-server`), which
//! `scripts/setup.sh --test` installs into a virtual environment, started on
//! a free loopback port with a bearer token and stopped when dropped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::vault::Sensitive;

/// The virtual environment holding `scim2-server` and `scim2`.
pub fn venv() -> PathBuf {
    std::env::var_os("ROSTER_SCIM_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").expect("HOME is set");
            PathBuf::from(home).join(".cache/roster/scim-venv")
        })
}

pub struct ReferenceServer {
    child: Child,
    pub base_url: String,
    pub token: Sensitive<String>,
}

impl ReferenceServer {
    /// Starts `scim2-server`; panics with what to run when it is missing.
    pub fn start() -> Self {
        let program = venv().join("bin/scim2-server");
        assert!(
            program.exists(),
            "{} is missing: run `bash scripts/setup.sh --test` (it installs the SCIM test servers)",
            program.display()
        );
        let port = free_port();
        let token = format!("reference-{port}");
        let child = Command::new(&program)
            .args(["--hostname", "127.0.0.1", "--port", &port.to_string()])
            .args(["--bearer-token", &token])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("scim2-server starts");
        let server = Self {
            child,
            base_url: format!("http://127.0.0.1:{port}/v2"),
            token: Sensitive::new(token),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "scim2-server did not start in 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }
}

impl Drop for ReferenceServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
