//! The real Roster window (WebKitGTK) under Xvfb, driven by tauri-driver.

use std::sync::{Mutex, MutexGuard};

use roster_tests::webdriver::Window;
use roster_tests::{
    all_logs, decrypted_dump, expected_version, keyring_secret, roster, roster_bin, workspace_root,
    SandboxProcess,
};

/// One window at a time: they share the X display and the keyring session.
static ONE_WINDOW: Mutex<()> = Mutex::new(());

/// Waits for this test's turn at the display; the turn lasts as long as
/// the guard (a test that failed holding it does not stop the others).
pub(super) fn one_at_a_time() -> MutexGuard<'static, ()> {
    ONE_WINDOW.lock().unwrap_or_else(|p| p.into_inner())
}

pub(super) fn open(data: &std::path::Path) -> Window {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "the window tests need a display: run them through the README's test command (it starts Xvfb)"
    );
    Window::open(&roster_bin(), &[("ROSTER_DATA_DIR", data)])
}

fn shot(window: &Window, name: &str) {
    window.screenshot(&workspace_root().join("tests/artifacts").join(name));
}

#[test]
fn welcome_screen_and_about_panel_show_values_from_rust() {
    let _one = one_at_a_time();
    let data = tempfile::tempdir().unwrap();
    let window = open(data.path());

    assert_eq!(window.title(), "Roster");
    let welcome = window.text("[data-testid=welcome-title]");
    assert!(welcome.contains("Welcome to Roster"), "{welcome}");
    window.find("[data-testid=welcome-connect]");
    window.find("[data-testid=welcome-sandbox]");
    shot(&window, "window-welcome.png");

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
    shot(&window, "window-about.png");
    assert!(
        data.path().join("roster.db").exists(),
        "the app opened its database"
    );
}

#[test]
fn try_the_sandbox_reaches_connected_and_the_secret_stays_in_the_keyring() {
    let _one = one_at_a_time();
    let data = tempfile::tempdir().unwrap();
    let window = open(data.path());

    window.click("[data-testid=welcome-sandbox]");
    window.wait_for_text("[data-testid=connection-status]", "Connected");
    window.find("[data-testid=sandbox-badge]");
    shot(&window, "window-sandbox-connected.png");

    // The sandbox company has its own database; the real one stays empty.
    let v: serde_json::Value =
        serde_json::from_slice(&roster(data.path(), &["--sandbox", "status", "--json"]).stdout)
            .unwrap();
    assert_eq!(v["state"], "connected");
    assert_eq!(v["profile"], "sandbox");
    let name = v["company_name"].as_str().unwrap().to_string();
    let sidebar = window
        .execute("return document.querySelector('[data-testid=connection-status]').textContent;");
    assert!(
        sidebar.as_str().unwrap_or_default().contains(&name),
        "the sidebar names the company: {sidebar}"
    );

    // The secret the app stored, read back from the keyring by another client.
    let entry = format!(
        "trinet:{}:{}",
        v["company_id"].as_str().unwrap(),
        v["client_id"].as_str().unwrap()
    );
    let secret = keyring_secret(&entry);
    assert!(secret.len() >= 16, "the sandbox secret is in the keyring");

    let replies = window.execute("return JSON.stringify(window.__rosterIpcReplies || null);");
    let replies = replies.as_str().unwrap_or_default();
    assert!(
        replies.contains(&name),
        "IPC replies were recorded: {replies}"
    );
    assert!(!replies.contains(&secret), "the secret reached the UI");
    let sandbox_db = data.path().join("sandbox/roster.db");
    let dump = decrypted_dump(&sandbox_db);
    assert!(dump.contains(&name));
    assert!(!dump.contains(&secret), "the secret reached the database");
    assert!(!all_logs(&data.path().join("logs")).contains(&secret));
}

#[test]
fn a_wrong_secret_shows_the_bad_credentials_message() {
    let _one = one_at_a_time();
    let sb = SandboxProcess::in_own_folder(150);
    let data = tempfile::tempdir().unwrap();
    let window = open(data.path());

    window.click("[data-testid=welcome-connect]");
    window.type_into("[data-testid=connect-company-id]", &sb.company_id);
    window.type_into("[data-testid=connect-client-id]", &sb.client_id);
    window.type_into("[data-testid=connect-client-secret]", "not-the-secret");
    window.click("[data-testid=connect-advanced]");
    window.type_into("[data-testid=connect-base-url]", &sb.url);
    window.click("[data-testid=connect-test]");
    let error = window.wait_for_text("[data-testid=connect-error]", "Client Secret");
    assert!(error.contains("did not accept"), "{error}");
    assert_eq!(
        window
            .attribute("[data-testid=connect-error]", "data-code")
            .as_deref(),
        Some("bad_credentials")
    );
    shot(&window, "window-connect-bad-credentials.png");
    let status = window.text("[data-testid=connection-status]");
    assert!(status.contains("Not connected"), "{status}");
}
