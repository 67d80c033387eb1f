//! Step 2 in the real window: map a custom TriNet field of the sandbox
//! company onto a new directory field, save, change, save again; and a slow
//! read of TriNet shows its progress and stops on Cancel.

use roster_tests::webdriver::Window;
use roster_tests::{roster_bin, workspace_root, SandboxProcess};

const GROUP_A: &str = "employmentInfo.customGroupA";

fn save_and_expect(window: &Window, version: u32) {
    if window.exists("[data-testid=mapping-acknowledge]") {
        window.click("[data-testid=mapping-acknowledge]");
    }
    window.click_when_enabled("[data-testid=mapping-save]");
    window.wait_for_text("[data-testid=mapping-saved]", &format!("version {version}"));
}

#[test]
fn a_custom_field_is_mapped_saved_and_found_in_history() {
    let _one = super::window::ONE_WINDOW
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "needs the test command's Xvfb"
    );
    let data = tempfile::tempdir().unwrap();
    let window = Window::open(&roster_bin(), &[("ROSTER_DATA_DIR", data.path())]);

    window.click("[data-testid=welcome-sandbox]");
    window.wait_for_text("[data-testid=connection-status]", "Connected");
    window.click("[data-testid=nav-mapping]");

    // The TriNet column lists fields found in the sandbox's live data.
    let card = format!("[data-testid=\"mapping-source-{GROUP_A}\"]");
    let text = window.text(&card);
    assert!(text.contains(GROUP_A), "{text}");

    // A new directory field, fed from customGroupA through its source menu
    // (WebDriver picks an <option> directly, as a user's click in the list does).
    window.click("[data-testid=mapping-add-field]");
    window.type_into("[data-testid=mapping-new-field-label]", "Team");
    window.click("[data-testid=mapping-new-field-submit]");
    window.click(&format!(
        "[data-testid=mapping-source-select-team] option[value=\"{GROUP_A}\"]"
    ));
    let preview = window.wait_for_text("[data-testid=mapping-preview]", "Team");
    assert!(!preview.is_empty());
    window.screenshot(&workspace_root().join("tests/artifacts/window-mapping.png"));
    save_and_expect(&window, 1);

    // A second change (an exclusion rule) saves as version 2.
    window.click(
        "[data-testid=mapping-exclusion-source] option[value=\"employmentInfo.customGroupB\"]",
    );
    save_and_expect(&window, 2);
    window.find("[data-testid=mapping-history-version-2]");
    window.find("[data-testid=mapping-history-version-1]");
    window.screenshot(&workspace_root().join("tests/artifacts/window-mapping-saved.png"));
}

#[test]
fn reading_trinet_shows_its_progress_and_cancel_stops_it() {
    let _one = super::window::ONE_WINDOW
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let data = tempfile::tempdir().unwrap();
    let sandbox = SandboxProcess::with_employees(data.path(), 2_000);
    sandbox.connect(data.path());
    // Every TriNet request takes a second: the read is slow enough to watch.
    sandbox.control("faults", serde_json::json!({"latency_ms": 1_000}));
    let window = super::window::open(data.path());
    window.click("[data-testid=nav-mapping]");

    let text = window.wait_for_text("[data-testid=mapping-progress-text]", "employees so far");
    let received: u64 = text
        .split(" · ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.replace(',', "").parse().ok())
        .unwrap_or_else(|| panic!("a count of employees in {text:?}"));
    assert!(
        received > 0 && received < 2_000,
        "part of the company has arrived: {text}"
    );
    assert!(text.contains(" of "), "the page total is known: {text}");
    window.screenshot(&workspace_root().join("tests/artifacts/window-mapping-reading.png"));

    window.click("[data-testid=mapping-cancel]");
    let stopped = window.wait_for_text("[data-testid=mapping-cancelled]", "Reading TriNet stopped");
    assert!(stopped.contains("Nothing was changed"), "{stopped}");

    sandbox.control("faults", serde_json::json!({"latency_ms": 0}));
    window.click("[data-testid=mapping-read-again]");
    let card = window.text(&format!("[data-testid=\"mapping-source-{GROUP_A}\"]"));
    assert!(card.contains(GROUP_A), "{card}");
}
