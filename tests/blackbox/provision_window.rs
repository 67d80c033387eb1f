//! Provisioning in the real window: try the sandbox company, import it,
//! open Provisioning, use the sandbox's identity directory as a target,
//! preview a push, approve it and read the receipts; then the identity
//! directory itself (over HTTP, with the token from the keyring) holds the
//! accounts the receipts name.

use roster_tests::webdriver::Window;
use roster_tests::{keyring_secret, roster, text, workspace_root};
use serde_json::Value;

/// The number shown in a push card, digits only ("1,234" → 1234).
fn push_count(window: &Window, kind: &str) -> u64 {
    let shown = window.text(&format!("[data-testid=push-count-{kind}]"));
    let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("count of {kind}: {shown:?}"))
}

/// Every user the SCIM service at `base` holds, read with `token`.
fn scim_users(base: &str, token: &str) -> Vec<Value> {
    let page: Value = reqwest::blocking::Client::new()
        .get(format!("{base}/Users?count=1000"))
        .bearer_auth(token)
        .send()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .expect("the identity directory answers");
    page["Resources"].as_array().cloned().unwrap_or_default()
}

fn import_the_sandbox_company(window: &Window) {
    window.click("[data-testid=welcome-sandbox]");
    window.wait_for_text("[data-testid=connection-status]", "Connected");
    window.click("[data-testid=nav-review]");
    window.click_when_enabled("[data-testid=review-preview]");
    window.find("[data-testid=review-row]");
    window.click_when_enabled("[data-testid=review-approve]");
    window.click_when_enabled("[data-testid=review-confirm-approve]");
    window.find("[data-testid=review-applied]");
}

#[test]
fn the_sandbox_company_is_pushed_to_its_identity_directory_from_the_window() {
    let _one = super::window::one_at_a_time();
    let data = tempfile::tempdir().unwrap();
    let window = super::window::open(data.path());
    let shots = workspace_root().join("tests/artifacts");
    import_the_sandbox_company(&window);

    window.click("[data-testid=nav-provisioning]");
    window.wait_for_text("[data-testid=provisioning-title]", "Provisioning");
    window.click_when_enabled("[data-testid=target-use-sandbox]");
    let capabilities = window.wait_for_text("[data-testid=target-capabilities]", "PATCH");
    // Counts carry a thousands separator even when the OS locale is only
    // POSIX (LANG=C or C.UTF-8, as under this Xvfb), which WebKit alone writes as "1000".
    assert!(
        capabilities.contains("up to 1,000 results"),
        "{capabilities}"
    );

    window.click_when_enabled("[data-testid=push-preview]");
    window.find("[data-testid=push-row]");
    let creates = push_count(&window, "create");
    assert!(
        creates > 100,
        "the company's people get accounts: {creates}"
    );
    assert_eq!(push_count(&window, "orphan"), 1, "the seeded contractor");
    assert_eq!(push_count(&window, "needs_attention"), 1, "the look-alike");
    window.execute("document.querySelectorAll('main, .app-main').forEach(e => e.scrollTo(0, 420)); return null;");
    std::thread::sleep(std::time::Duration::from_millis(700));
    window.screenshot(&shots.join("provisioning-push-review.png"));

    window.click_when_enabled("[data-testid=push-approve]");
    window.click_when_enabled("[data-testid=push-confirm-approve]");
    let summary = window.wait_for_text(
        "[data-testid=push-receipts-summary]",
        "operations succeeded",
    );
    assert!(!summary.contains("failed"), "{summary}");
    assert_eq!(window.count("[data-testid=receipt-failed]"), 0);
    assert!(window.count("[data-testid=receipt-ok]") as u64 >= creates);
    window.screenshot(&shots.join("provisioning-receipts.png"));

    // The identity directory itself, read apart from the window.
    let listed = roster(data.path(), &["--sandbox", "target", "list", "--json"]);
    let targets: Value = serde_json::from_slice(&listed.stdout)
        .unwrap_or_else(|e| panic!("target list --json ({e}): {}", text(&listed)));
    let base = targets[0]["base_url"].as_str().unwrap().to_string();
    let token = keyring_secret(&format!("scim-target-token:{base}:Sandbox directory"));
    let users = scim_users(&base, &token);
    let managed = users
        .iter()
        .filter(|u| {
            u["externalId"]
                .as_str()
                .is_some_and(|id| id.starts_with("0000"))
        })
        .count() as u64;
    assert_eq!(managed, creates, "an account per create, each once");

    // The long rules editor scrolls inside the app: WebKitGTK once
    // scrolled the window itself past the sidebar into a blank band.
    window.click("[data-testid=provisioning-tab-rules]");
    window.find("[data-testid=attribute-rules]");
    let overflow = window.execute(
        "const main = document.querySelector('.app-main'); main.scrollTo(0, main.scrollHeight); \
         window.scrollTo(0, document.documentElement.scrollHeight); \
         return [document.documentElement.scrollHeight - window.innerHeight, window.scrollY];",
    );
    assert_eq!(
        overflow,
        serde_json::json!([0, 0]),
        "[window overflow, window scroll]"
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    window.screenshot(&shots.join("provisioning-rules-end.png"));
}
