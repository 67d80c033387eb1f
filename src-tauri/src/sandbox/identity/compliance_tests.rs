//! The identity directory passes scim2-tester's RFC 7643/7644 compliance
//! checks, run through scim2-cli's `scim2 test` exactly as a reviewer would,
//! against the sandbox over real HTTP. The checks come from PyPI, installed
//! by `bash scripts/setup.sh --test`; without them this test fails.

use std::path::PathBuf;
use std::process::Command;

use crate::sandbox::{start, SandboxConfig};

/// `${ROSTER_SCIM_VENV:-$HOME/.cache/roster/scim-venv}`, as setup.sh has it.
fn venv() -> PathBuf {
    match std::env::var_os("ROSTER_SCIM_VENV").filter(|v| !v.is_empty()) {
        Some(v) => PathBuf::from(v),
        None => PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
            .join(".cache/roster/scim-venv"),
    }
}

/// Each check's outcome line (`SUCCESS title`, `ERROR title`, ...), without
/// colour codes; the indented reason lines under them are left out.
fn outcomes(output: &str) -> Vec<String> {
    output
        .lines()
        .map(|l| {
            let mut plain = String::new();
            let mut chars = l.chars();
            while let Some(c) = chars.next() {
                if c == '\u{1b}' {
                    chars.by_ref().find(|c| c.is_ascii_alphabetic());
                } else {
                    plain.push(c);
                }
            }
            plain
        })
        .filter(|l| !l.starts_with(' ') && !l.is_empty() && !l.starts_with("Performing a SCIM"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn identity_directory_passes_scim2_tester() {
    let scim2 = venv().join("bin/scim2");
    assert!(
        scim2.is_file(),
        "scim2 (scim2-cli with scim2-tester) is not installed at {}: run `bash scripts/setup.sh --test`",
        scim2.display()
    );
    let h = start(SandboxConfig::default())
        .await
        .expect("sandbox starts");
    let (url, header) = (
        h.scim_base_url(),
        format!("Authorization: Bearer {}", h.scim_token()),
    );
    // The token travels in the environment, never on a command line.
    let out = tokio::task::spawn_blocking(move || {
        Command::new(scim2)
            .args(["--url", &url, "test"])
            .env("SCIM_CLI_HEADERS", header)
            .output()
            .expect("scim2 runs")
    })
    .await
    .unwrap();
    h.shutdown().await;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let outcomes = outcomes(&text);
    let passed = outcomes
        .iter()
        .filter(|l| l.starts_with("SUCCESS "))
        .count();
    let failed: Vec<&String> = outcomes
        .iter()
        .filter(|l| !l.starts_with("SUCCESS "))
        .collect();
    assert!(
        // scim2 exits 1 on any check that is not SUCCESS; the lines are read
        // too, so a zero exit with a failing line still fails. The floor
        // catches a run that checked almost nothing (94 checks at writing).
        out.status.success() && failed.is_empty() && passed >= 80,
        "scim2 test: exit {:?}, {passed} checks passed, not passed: {failed:#?}\n{text}",
        out.status.code()
    );
    eprintln!("scim2-tester: {passed} checks passed");
}

#[test]
fn identity_compliance_reads_every_outcome_line() {
    let sample = "Performing a SCIM compliance check on http://x/ ...\n\u{1b}[32mSUCCESS\u{1b}[0m a\n  reason\nERROR b\n  why\nSKIPPED c\n";
    assert_eq!(outcomes(sample), vec!["SUCCESS a", "ERROR b", "SKIPPED c"]);
}
