//! The whole wizard in the real window: try the sandbox company (Connect),
//! save the mapping (Map fields), preview the import (Review), approve it,
//! and find it in History; simulate a week, preview the week's joiners,
//! leavers, movers, leaves, rehires, email changes and bad records, and
//! approve that too; then the CLI reads the same numbers the screen showed.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use roster_tests::webdriver::Window;
use roster_tests::{roster, workspace_root, TriNet, CHANGE_KINDS};

/// A review row as the table shows it.
struct Row {
    kind: String,
    employee_id: String,
    text: String,
}

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

/// Every row of the review table, scrolling the table a screenful at a
/// time until no new row appears.
fn table_rows(window: &Window) -> Vec<Row> {
    let mut seen = BTreeMap::new();
    let mut still = 0;
    while still < 3 {
        let rows = window.execute(
            "return [...document.querySelectorAll('[data-testid=review-row]')]\
             .map(r => [Number(r.dataset.seq), r.dataset.kind, r.textContent, \
                         r.querySelector('.change-row__ids .mono').textContent]);",
        );
        let before = seen.len();
        for row in rows.as_array().into_iter().flatten() {
            let cell = |i: usize| row[i].as_str().unwrap().to_string();
            seen.insert(
                row[0].as_i64().unwrap(),
                Row {
                    kind: cell(1),
                    text: cell(2),
                    employee_id: cell(3),
                },
            );
        }
        still = if seen.len() == before { still + 1 } else { 0 };
        window.execute(
            "const t = document.querySelector('.change-table__scroll'); \
             t.scrollTop += t.clientHeight; return null;",
        );
        std::thread::sleep(Duration::from_millis(400));
    }
    seen.into_values().collect()
}

/// Shows only `kind`'s rows (its summary card) and reads them all.
fn rows_of(window: &Window, kind: &str, expected: u64) -> Vec<Row> {
    window.click(&format!("[data-testid=review-card-{kind}]"));
    let people = if expected == 1 {
        "1 person".to_string()
    } else {
        format!("{expected} people")
    };
    window.wait_for_text("[data-testid=review-table-count]", &people);
    let others = format!("[data-testid=review-row]:not([data-kind={kind}])");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while window.count(&others) > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let rows = table_rows(window);
    assert!(
        rows.iter().all(|r| r.kind == kind),
        "the {kind} card shows only {kind} rows"
    );
    assert_eq!(rows.len() as u64, expected, "every {kind} row is listed");
    rows
}

/// The count of `kind` among `counts`, given in CHANGE_KINDS's order.
fn count_of(counts: &[u64], kind: &str) -> u64 {
    counts[CHANGE_KINDS.iter().position(|k| *k == kind).unwrap()]
}

/// The employee IDs of `rows`.
fn ids(rows: &[Row]) -> BTreeSet<String> {
    rows.iter().map(|r| r.employee_id.clone()).collect()
}

/// The employee IDs TriNet's API serves for `company` now.
fn trinet_ids(company: &TriNet) -> BTreeSet<String> {
    company
        .employees()
        .iter()
        .map(|e| e["employeeId"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn connect_map_review_approve_and_find_the_import_in_history() {
    let _one = super::window::one_at_a_time();
    let data = tempfile::tempdir().unwrap();
    let window = super::window::open(data.path());
    let shots = workspace_root().join("tests/artifacts");

    // Step 1: the sandbox company.
    window.click("[data-testid=welcome-sandbox]");
    window.wait_for_text("[data-testid=connection-status]", "Connected");
    // The company the window started, as its own API and control routes tell it.
    let company = TriNet::of_window_sandbox(data.path());

    // Step 2: keep the default mapping, saved as version 1 (this company's
    // department and location names are each spelt one way: no group
    // warnings stand in the way).
    window.click("[data-testid=nav-mapping]");
    window.find("[data-testid=mapping-save]");
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
    let records = company.state()["employees"].as_u64().unwrap();
    assert_eq!(
        count_of(&shown, "new") + count_of(&shown, "needs_attention"),
        records,
        "everyone TriNet serves is new, but the held bad records: {shown:?}"
    );
    window.execute("window.scrollTo(0, 0); document.querySelectorAll('main, .app-main').forEach(e => e.scrollTo(0, 0)); return null;");
    std::thread::sleep(std::time::Duration::from_millis(700));
    window.screenshot(&shots.join("wizard-review.png"));
    // The people listed are the ones TriNet serves, each once.
    let served = trinet_ids(&company);
    let first_new = ids(&rows_of(&window, "new", count_of(&shown, "new")));
    let first_held = rows_of(
        &window,
        "needs_attention",
        count_of(&shown, "needs_attention"),
    );
    assert!(
        first_new.is_subset(&served),
        "new people are TriNet's: {:?}",
        first_new.difference(&served).collect::<Vec<_>>()
    );
    assert_eq!(
        served.difference(&first_new).count(),
        first_held.len(),
        "whoever TriNet serves that is not new is held"
    );
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
    let of = |kind: &str| count_of(&week, kind);
    for kind in CHANGE_KINDS
        .into_iter()
        .filter(|k| !["unchanged", "excluded"].contains(k))
    {
        assert!(of(kind) > 0, "the week shows {kind}: {week:?}");
    }
    assert!(
        of("unchanged") > shown[0] / 2,
        "most people are unchanged: {week:?}"
    );
    window.screenshot(&shots.join("wizard-next-week.png"));
    // The week's joiners are people TriNet serves now and did not before.
    let served_now = trinet_ids(&company);
    let joiners = ids(&rows_of(&window, "new", of("new")));
    assert!(
        joiners.is_subset(&served_now) && joiners.is_disjoint(&served),
        "joiners are TriNet's new people: {joiners:?}"
    );
    let records_now = company.state()["employees"].as_u64().unwrap();
    assert!(
        week.iter().sum::<u64>() >= records_now,
        "everyone TriNet serves ({records_now}) is in one card: {week:?}"
    );
    // Movers and an email change are updates showing what changed.
    let updates = rows_of(&window, "updated", of("updated"));
    for label in ["Work email", "Department", "Job title", "Manager"] {
        assert!(
            updates
                .iter()
                .any(|r| r.text.contains(label) && r.text.contains('→')),
            "an update of {label} with before → after"
        );
    }
    assert!(
        ids(&updates).is_subset(&served_now),
        "updated people are TriNet's"
    );
    // Each bad record is held with its reason.
    let held = rows_of(&window, "needs_attention", of("needs_attention"));
    for Row { text, .. } in &held {
        assert!(
            [
                "Invalid record",
                "Duplicate email",
                "Possible duplicate",
                "Privacy block"
            ]
            .iter()
            .any(|r| text.contains(r)),
            "a held record names its reason: {text}"
        );
    }
    // Approving applies the week; the held records stay out.
    window.click_when_enabled("[data-testid=review-approve]");
    window.click_when_enabled("[data-testid=review-confirm-approve]");
    window.find("[data-testid=review-applied]");
    drop(window);

    // The CLI reads the same numbers the screen showed.
    let out = roster(data.path(), &["--sandbox", "history", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let history: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let counts = |import: &serde_json::Value| -> Vec<u64> {
        CHANGE_KINDS
            .iter()
            .map(|k| import["counts"][k].as_u64().unwrap())
            .collect()
    };
    let (latest, first) = (&history[0], &history[1]);
    for import in [latest, first] {
        assert_eq!(import["outcome"], "applied");
        assert_eq!(import["trigger"], "manual");
        assert_eq!(import["mapping_version"], 1);
    }
    assert_eq!(
        counts(first),
        shown,
        "CLI and screen agree on the first import, kind by kind ({CHANGE_KINDS:?})"
    );
    assert_eq!(
        counts(latest),
        week,
        "CLI and screen agree on the week, kind by kind ({CHANGE_KINDS:?})"
    );
}
