//! Shared pieces for black-box tests of the built `roster` binary: where the
//! binary is, how to run it, and a small WebDriver client for the real window.

pub mod webdriver;

use std::path::PathBuf;
use std::process::{Command, Output};

/// The workspace root (tests/ sits one level below it).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The built `roster` binary: `ROSTER_BIN`, else target/debug/roster.
/// The test command builds it before running these tests.
pub fn roster_bin() -> PathBuf {
    let path = std::env::var_os("ROSTER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/roster"));
    assert!(
        path.exists(),
        "{} not found: build it first with `cargo build -p roster` (the test command does)",
        path.display()
    );
    path
}

/// The version the app crate declares; what the binary and About must show.
pub fn expected_version() -> String {
    let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
    manifest
        .lines()
        .skip_while(|l| l.trim() != "[workspace.package]")
        .find_map(|l| l.trim().strip_prefix("version = "))
        .map(|v| v.trim_matches('"').to_string())
        .expect("workspace.package.version in Cargo.toml")
}

/// Runs `roster` with `args` and a private data folder.
pub fn roster(data_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(roster_bin())
        .args(args)
        .env("ROSTER_DATA_DIR", data_dir)
        .output()
        .expect("roster runs")
}
