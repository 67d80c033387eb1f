//! The installed package, as an HR admin meets it: `bash scripts/test-package.sh DEB`
//! installs a built .deb with dpkg, runs these against /usr/bin/roster, then removes it.
//! They are ignored in a plain `cargo test` (there is no installed package then); the
//! script runs them with `--ignored` and tells them what it installed:
//! `ROSTER_BIN` (the installed binary), `ROSTER_PACKAGE_VERSION` (the .deb's Version) and
//! `ROSTER_PACKAGE_BUILD` (`debug` for test.sh's package, `release` for package.sh's).

use std::time::Duration;

use roster_tests::webdriver::Window;
use roster_tests::{expected_version, roster, roster_bin, workspace_root, SandboxProcess};

use super::window::one_at_a_time;

const WHY: &str = "needs the installed package: bash scripts/test-package.sh DEB";

fn package_env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: {WHY}"))
}

/// The installed binary and the version of the package that installed it.
fn installed() -> (std::path::PathBuf, String) {
    let bin = roster_bin();
    assert!(
        !bin.starts_with(workspace_root()),
        "ROSTER_BIN is {}, a build in the work tree, not an installed package: {WHY}",
        bin.display()
    );
    (bin, package_env("ROSTER_PACKAGE_VERSION"))
}

#[test]
#[ignore = "needs the installed package: bash scripts/test-package.sh DEB"]
fn installed_roster_version_is_the_package_version() {
    let (_, version) = installed();
    assert_eq!(
        version,
        expected_version(),
        "the package takes the workspace version"
    );
    let data = tempfile::tempdir().unwrap();
    let out = roster(data.path(), &["--version"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("roster {version}")
    );
}

#[test]
#[ignore = "needs the installed package: bash scripts/test-package.sh DEB"]
fn installed_sandbox_prints_its_json_line_and_serves_the_company() {
    installed();
    let data = tempfile::tempdir().unwrap();
    // Reads the first stdout line of `roster sandbox --json` and fails unless it is the JSON object.
    let sandbox = SandboxProcess::start(data.path());
    assert!(
        sandbox.url.starts_with("http://127.0.0.1:"),
        "{}",
        sandbox.url
    );
    assert!(!sandbox.company_id.is_empty() && !sandbox.client_id.is_empty());
    assert!(sandbox.client_secret.len() >= 16);
    let state: serde_json::Value =
        reqwest::blocking::get(format!("{}/_sandbox/state", sandbox.url))
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .expect("the sandbox answers");
    assert!(state.is_object(), "{state}");
}

#[test]
#[ignore = "needs the installed package: bash scripts/test-package.sh DEB"]
fn installed_window_opens_on_the_sandbox_company_and_about_shows_the_package_version() {
    let _one = one_at_a_time();
    let (bin, version) = installed();
    let release = match package_env("ROSTER_PACKAGE_BUILD").as_str() {
        "release" => true,
        "debug" => false,
        other => panic!("ROSTER_PACKAGE_BUILD is {other:?}, not debug or release"),
    };
    let data = tempfile::tempdir().unwrap();
    let window = Window::open_with_args(&bin, &["--sandbox"], &[("ROSTER_DATA_DIR", data.path())]);
    let artifacts = workspace_root().join("tests/artifacts");

    assert_eq!(window.title(), "Roster");
    window.wait_for_text("[data-testid=connection-status]", "Connected");
    window.find("[data-testid=sandbox-badge]");
    // Lets the screen settle after "Connected" so the screenshot shows it whole.
    std::thread::sleep(Duration::from_millis(500));
    window.screenshot(&artifacts.join("package-window-sandbox.png"));

    window.click("[data-testid=open-about]");
    assert_eq!(window.text("[data-testid=about-version]"), version);
    window.screenshot(&artifacts.join("package-window-about.png"));

    // Employees' data must never be kept for tests in a shipped build; a debug build keeps it,
    // which shows this check can see the record when it is there.
    let record = window.execute("return typeof window.__rosterIpcReplies;");
    let expected = if release { "undefined" } else { "object" };
    assert_eq!(
        record.as_str(),
        Some(expected),
        "window.__rosterIpcReplies in a {} build",
        if release { "release" } else { "debug" }
    );
}
