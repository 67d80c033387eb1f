//! The real Roster window (WebKitGTK) under Xvfb, driven by tauri-driver.

use roster_tests::webdriver::Window;
use roster_tests::{expected_version, roster_bin, workspace_root};

#[test]
fn welcome_screen_and_about_panel_show_values_from_rust() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "the window tests need a display: run them through the README's test command (it starts Xvfb)"
    );
    let data = tempfile::tempdir().unwrap();
    let window = Window::open(&roster_bin(), &[("ROSTER_DATA_DIR", data.path())]);
    let shots = workspace_root().join("tests/artifacts");

    assert_eq!(window.title(), "Roster");
    let welcome = window.text("[data-testid=welcome-title]");
    assert!(welcome.contains("Welcome to Roster"), "{welcome}");
    window.find("[data-testid=welcome-connect]");
    window.find("[data-testid=welcome-sandbox]");
    window.screenshot(&shots.join("window-welcome.png"));

    window.click("[data-testid=open-about]");
    assert_eq!(
        window.text("[data-testid=about-version]"),
        expected_version()
    );
    assert_eq!(
        window.text("[data-testid=about-data-dir]"),
        data.path().display().to_string()
    );
    assert_eq!(
        window.text("[data-testid=about-log-dir]"),
        data.path().join("logs").display().to_string()
    );
    let connection = window.text("[data-testid=about-connection]");
    assert!(connection.contains("Not configured"), "{connection}");
    window.screenshot(&shots.join("window-about.png"));
    assert!(
        data.path().join("roster.db").exists(),
        "the app opened its database"
    );
}
