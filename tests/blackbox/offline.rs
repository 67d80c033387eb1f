//! The offline half in the real window: a history made over real HTTP,
//! then the sandbox stopped, and History, Directory, the charts, a person's
//! timeline and the CSV exports (through the native save dialog) still work.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use roster_tests::{
    answer_save_dialog, ok, open_decrypted, roster, workspace_root, SandboxProcess,
};

/// Each import's id (as the CSV exports write it), with each employee's
/// department as TriNet's API served it when that import was planned.
type Served = BTreeMap<String, BTreeMap<String, String>>;

/// Five weeks of a 400-person sandbox company, all applied but one
/// rejected; then the sandbox process stops. Returns its URL and what
/// TriNet served each week.
fn make_history(data: &Path) -> (String, Served) {
    let sandbox = SandboxProcess::with_employees(data, 400);
    sandbox.connect(data);
    let mut served = Served::new();
    for week in 0..5 {
        if week > 0 {
            sandbox.control("advance", serde_json::json!({"days": 7}));
        }
        let departments = sandbox
            .employees()
            .iter()
            .map(|e| {
                let dept = &e["employmentInfo"]["department"]["deptName"];
                (
                    e["employeeId"].as_str().unwrap().to_string(),
                    dept.as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let plan: serde_json::Value =
            serde_json::from_str(&ok(&roster(data, &["preview", "--json"]))).unwrap();
        served.insert(plan["plan_id"].to_string(), departments);
        if week == 3 {
            ok(&roster(data, &["reject"]));
        } else {
            ok(&roster(data, &["apply", "--yes", "--confirm-guardrail"]));
        }
    }
    (sandbox.url.clone(), served)
}

fn count(text: &str) -> u64 {
    text.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("a number in {text:?}"))
}

#[test]
fn history_directory_and_exports_work_with_the_sandbox_stopped() {
    let _one = super::window::one_at_a_time();
    let data = tempfile::tempdir().unwrap();
    let (url, served) = make_history(data.path());
    assert!(
        reqwest::blocking::get(format!("{url}/_sandbox/state")).is_err(),
        "the sandbox is stopped: TriNet is unreachable from here on"
    );
    let shots = workspace_root().join("tests/artifacts");
    let out = tempfile::tempdir().unwrap();

    let imports: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&roster(data.path(), &["history", "--json"]))).unwrap();
    assert_eq!(imports.len(), 5);
    let rejected: Vec<serde_json::Value> = serde_json::from_str(&ok(&roster(
        data.path(),
        &["history", "--json", "--outcome", "rejected"],
    )))
    .unwrap();
    assert_eq!(rejected.len(), 1);
    let typo = roster(data.path(), &["history", "--outcome", "aplied"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("applied"));
    let db = open_decrypted(&data.path().join("roster.db"));
    let people: i64 = db
        .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
        .unwrap();
    let (dept, in_dept): (String, i64) = db
        .query_row(
            "SELECT department, count(*) n FROM person GROUP BY department ORDER BY n DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // Joiners come after the first import (the baseline): a department
    // where someone joined since.
    let joined_dept: String = db
        .query_row(
            "SELECT department FROM lifecycle_event WHERE kind = 'joiner' AND department IS NOT NULL
             GROUP BY department ORDER BY count(*) DESC, department LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (email, person_id): (String, i64) = db
        .query_row(
            "SELECT work_email, person_id FROM person WHERE person_id IN
                 (SELECT person_id FROM lifecycle_event WHERE kind = 'mover') LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(db);

    let window = super::window::open(data.path());

    // History: every import, filterable by outcome; the detail names the
    // mapping version and exports through the save dialog.
    window.click("[data-testid=nav-history]");
    window.find("[data-testid=history-row]");
    assert_eq!(window.count("[data-testid=history-row]"), 5);
    assert_eq!(
        window.count("[data-testid=history-row][data-outcome=applied]"),
        4
    );
    window.click("[data-testid=history-tab-charts]");
    window.find("[data-testid=chart-headcount] canvas");
    window.find("[data-testid=chart-flows] canvas");
    window.execute(
        "document.querySelectorAll('main, .app-main').forEach(e => e.scrollTo(0, 0)); return null;",
    );
    std::thread::sleep(Duration::from_millis(500));
    window.screenshot(&shots.join("offline-charts.png"));
    window.click("[data-testid=history-tab-imports]");
    window.find("[data-testid=history-row]");
    window.screenshot(&shots.join("offline-history.png"));
    window.set_value("[data-testid=history-filter-outcome]", "rejected");
    // The filter leaves one row.
    window.wait_for_count("[data-testid=history-row]", 1, Duration::from_secs(10));
    assert!(window.exists("[data-testid=history-row][data-outcome=rejected]"));
    window.set_value("[data-testid=history-filter-outcome]", "");

    let latest = imports[0]["import_id"].as_i64().unwrap();
    window.click(&format!(
        "[data-testid=history-row][data-import-id='{latest}']"
    ));
    window.find("[data-testid=import-detail]");
    let version = window.text("[data-testid=import-detail-mapping-version]");
    assert!(version.contains('1'), "{version}");
    window.screenshot(&shots.join("offline-import-detail.png"));
    let saved = out.path().join("import.csv");
    window.click("[data-testid=import-export-csv]");
    answer_save_dialog("Export import changes", &saved);
    let done = window.wait_for_text("[data-testid=export-done]", "import.csv");
    let cli = out.path().join("cli-import.csv");
    ok(&roster(
        data.path(),
        &[
            "export",
            "import",
            &latest.to_string(),
            "--out",
            cli.to_str().unwrap(),
        ],
    ));
    let written = std::fs::read_to_string(&saved).expect("the window wrote the file");
    assert_eq!(
        written,
        std::fs::read_to_string(&cli).unwrap(),
        "the window and the CLI export the same rows"
    );
    let rows = written.lines().count() as u64 - 1;
    assert!(rows > 0);
    let digits = done.replace([',', '.', ' ', '\u{a0}', '\u{202f}'], "");
    assert!(
        digits.contains(&rows.to_string()),
        "{done} names {rows} rows"
    );

    // Lifecycle events: joiners of one department, exported as filtered.
    window.click("[data-testid=import-detail-back]");
    window.click("[data-testid=history-tab-events]");
    window.set_value("[data-testid=events-filter-kind]", "joiner");
    window.set_value("[data-testid=events-filter-department]", &joined_dept);
    window.find("[data-testid=events-row]");
    let events = out.path().join("events.csv");
    window.click("[data-testid=events-export-csv]");
    answer_save_dialog("Export lifecycle events", &events);
    window.wait_for_text("[data-testid=export-done]", "events.csv");
    let cli = out.path().join("cli-events.csv");
    ok(&roster(
        data.path(),
        &[
            "export",
            "events",
            "--kind",
            "joiner",
            "--department",
            &joined_dept,
            "--out",
            cli.to_str().unwrap(),
        ],
    ));
    let written = std::fs::read_to_string(&events).expect("the window wrote the events");
    assert_eq!(written, std::fs::read_to_string(&cli).unwrap());
    assert!(written.lines().count() > 1, "{joined_dept} has joiners");
    // Each joiner is someone TriNet served in that department when their import was planned.
    let header = csv_cells(written.lines().next().unwrap());
    let at = |name: &str| header.iter().position(|c| c == name).unwrap();
    for row in written.lines().skip(1).map(csv_cells) {
        let trinet = &served[&row[at("import")]];
        assert_eq!(
            trinet.get(&row[at("employee_id")]),
            Some(&row[at("department")]),
            "joiner {row:?} is in TriNet's data of their import"
        );
    }
    assert!(written.lines().skip(1).all(|l| l.contains(",joiner,")));

    // Directory: everyone, filtered by department, found by email, and
    // their timeline.
    window.click("[data-testid=nav-directory]");
    window.find("[data-testid=directory-row]");
    assert_eq!(
        count(&window.text("[data-testid=directory-total]")),
        people as u64
    );
    window.set_value("[data-testid=directory-filter-department]", &dept);
    window.wait_for_text("[data-testid=directory-total]", &in_dept.to_string());
    window.screenshot(&shots.join("offline-directory.png"));
    window.set_value("[data-testid=directory-filter-department]", "");
    window.type_into("[data-testid=directory-search]", &email);
    // The search finds one person.
    window.wait_for_count("[data-testid=directory-row]", 1, Duration::from_secs(10));
    window.click(&format!(
        "[data-testid=directory-row][data-person-id='{person_id}']"
    ));
    window.find("[data-testid=person-timeline]");
    window.find("[data-testid=person-change]");
    window.find("[data-testid=person-event]");
    std::thread::sleep(Duration::from_millis(800));
    window.find("[data-testid=person-change]");
    window.screenshot(&shots.join("offline-person.png"));

    // Settings opens offline too: the schedule is off until someone turns it on.
    window.click("[data-testid=person-timeline] button[aria-label=Close]");
    // The panel closes.
    window.wait_for_count("[data-testid=person-timeline]", 0, Duration::from_secs(5));
    window.click("[data-testid=nav-settings]");
    window.find("[data-testid=settings-form]");
    let schedule = window.text("[data-testid=settings-schedule-status]");
    assert!(schedule.to_lowercase().contains("off"), "{schedule}");
    window.screenshot(&shots.join("offline-settings.png"));
}

/// The cells of one CSV line as the exports write them (quoted cells may
/// hold commas and doubled quotes).
fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

#[test]
fn the_exports_start_after_the_baseline_and_name_each_column_once() {
    let data = tempfile::tempdir().unwrap();
    let sandbox = SandboxProcess::with_employees(data.path(), 200);
    sandbox.connect(data.path());
    for week in 0..2 {
        if week > 0 {
            sandbox.control("advance", serde_json::json!({"days": 7}));
        }
        ok(&roster(data.path(), &["preview", "--json"]));
        ok(&roster(
            data.path(),
            &["apply", "--yes", "--confirm-guardrail"],
        ));
    }
    let imports: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&roster(data.path(), &["history", "--json"]))).unwrap();
    let (week, first) = (&imports[0], &imports[1]);
    assert_eq!(first["baseline"], true, "{first}");
    assert_eq!(week["baseline"], false);
    let text = ok(&roster(data.path(), &["history"]));
    assert!(
        text.contains(&format!("Import {} is the baseline", first["import_id"])),
        "{text}"
    );

    // Events: the week's only, none of the people already employed.
    let out = tempfile::tempdir().unwrap();
    let events = out.path().join("events.csv");
    ok(&roster(
        data.path(),
        &["export", "events", "--out", events.to_str().unwrap()],
    ));
    let events = std::fs::read_to_string(&events).unwrap();
    let header = csv_cells(events.lines().next().unwrap());
    let import_at = header.iter().position(|c| c == "import").unwrap();
    let event_at = header.iter().position(|c| c == "event").unwrap();
    let rows: Vec<Vec<String>> = events.lines().skip(1).map(csv_cells).collect();
    let week_id = week["import_id"].to_string();
    assert!(rows.iter().any(|r| r[event_at] == "joiner"), "{events}");
    assert!(
        rows.iter().all(|r| r[import_at] == week_id),
        "the export starts after the baseline: {events}"
    );
    let joiners = rows.iter().filter(|r| r[event_at] == "joiner").count() as u64;
    assert!(
        joiners <= week["counts"]["new"].as_u64().unwrap(),
        "joiners are the week's new people"
    );

    // The directory: Roster's status and TriNet's, each column once.
    let directory = out.path().join("directory.csv");
    ok(&roster(
        data.path(),
        &["export", "directory", "--out", directory.to_str().unwrap()],
    ));
    let directory = std::fs::read_to_string(&directory).unwrap();
    let header = csv_cells(directory.lines().next().unwrap());
    let unique: std::collections::BTreeSet<&String> = header.iter().collect();
    assert_eq!(unique.len(), header.len(), "{header:?}");
    assert!(
        header.contains(&"status".to_string()) && header.contains(&"trinet_status".to_string())
    );
    assert!(directory
        .lines()
        .skip(1)
        .all(|l| csv_cells(l).len() == header.len()));
}
