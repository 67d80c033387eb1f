//! The whole wizard in the real window: try the sandbox company (Connect),
//! save the mapping (Map fields), preview the import (Review), approve it,
//! and find it in History; simulate a week and preview again; then the CLI
//! reads the same numbers the screen showed.

use roster_tests::webdriver::Window;
use roster_tests::{roster, workspace_root, CHANGE_KINDS};

/// The number shown in a card, digits only ("1,234" → 1234).
fn card_count(window: &Window, kind: &str) -> u64 {
    let text = window
        .execute(&format!(
            "return document.querySelector('[data-testid=review-count-{kind}]').textContent;"
        ))
        .as_str()
        .unwrap_or_default()
        .to_string();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("count of {kind} is a number: {text:?}"))
}

#[test]
fn connect_map_review_approve_and_find_the_import_in_history() {
    let _one = super::window::ONE_WINDOW
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let data = tempfile::tempdir().unwrap();
    let window = super::window::open(data.path());
    let shots = workspace_root().join("tests/artifacts");

    // Step 1: the sandbox company.
    window.click("[data-testid=welcome-sandbox]");
    window.wait_for_text("[data-testid=connection-status]", "Connected");

    // Step 2: keep the default mapping, saved as version 1.
    window.click("[data-testid=nav-mapping]");
    window.find("[data-testid=mapping-save]");
    if window.exists("[data-testid=mapping-acknowledge]") {
        window.click("[data-testid=mapping-acknowledge]");
    }
    window.click_when_enabled("[data-testid=mapping-save]");
    window.wait_for_text("[data-testid=mapping-saved]", "version 1");

    // Step 3: preview, see the cards, approve.
    window.click("[data-testid=nav-review]");
    window.click_when_enabled("[data-testid=review-preview]");
    window.find("[data-testid=review-count-new]");
    window.find("[data-testid=review-row]");
    let shown: Vec<u64> = CHANGE_KINDS
        .iter()
        .map(|k| card_count(&window, k))
        .collect();
    assert!(shown[0] > 100, "the sandbox's people are new: {shown:?}");
    window.execute("window.scrollTo(0, 0); document.querySelectorAll('main, .app-main').forEach(e => e.scrollTo(0, 0)); return null;");
    std::thread::sleep(std::time::Duration::from_millis(700));
    window.screenshot(&shots.join("wizard-review.png"));
    window.click_when_enabled("[data-testid=review-approve]");
    window.click_when_enabled("[data-testid=review-confirm-approve]");
    window.find("[data-testid=review-applied]");
    window.screenshot(&shots.join("wizard-applied.png"));

    // History lists it as applied.
    window.click("[data-testid=nav-history]");
    window.find("[data-testid='history-row'][data-outcome='applied']");
    window.screenshot(&shots.join("wizard-history.png"));

    // A week later in the sandbox, the next preview shows the week's changes.
    window.click("[data-testid=sandbox-advance]");
    window.wait_for_text("[data-testid=sandbox-clock]", "changes in TriNet");
    window.click("[data-testid=nav-review]");
    window.click_when_enabled("[data-testid=review-preview]");
    window.find("[data-testid=review-row]");
    let week: Vec<u64> = CHANGE_KINDS
        .iter()
        .map(|k| card_count(&window, k))
        .collect();
    assert!(
        week[0] > 0 && week[1] > 0,
        "joiners and updates arrive: {week:?}"
    );
    assert!(
        week[6] > shown[0] / 2,
        "most people are unchanged: {week:?}"
    );
    window.screenshot(&shots.join("wizard-next-week.png"));
    drop(window);

    // The CLI reads the same numbers the screen showed.
    let out = roster(data.path(), &["history", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let history: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        history[0]["outcome"], "pending",
        "the second preview waits for review"
    );
    let latest = &history[1];
    assert_eq!(latest["outcome"], "applied");
    assert_eq!(latest["trigger"], "manual");
    assert_eq!(latest["mapping_version"], 1);
    let cli: Vec<u64> = CHANGE_KINDS
        .iter()
        .map(|k| latest["counts"][k].as_u64().unwrap())
        .collect();
    assert_eq!(
        cli, shown,
        "CLI and screen agree, kind by kind ({CHANGE_KINDS:?})"
    );
}
