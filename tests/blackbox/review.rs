//! `roster preview / apply / resolve / history` against `roster sandbox`
//! week after week, and applies killed with SIGKILL at random moments.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use roster_tests::{
    ok, open_decrypted, roster, roster_bin, table_dump, SandboxProcess, CHANGE_KINDS,
};
use serde_json::Value;

fn preview_json(data: &Path) -> Value {
    let text = ok(&roster(data, &["preview", "--json"]));
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn count(v: &Value, kind: &str) -> u64 {
    v["counts"][kind]
        .as_u64()
        .unwrap_or_else(|| panic!("counts.{kind} is an integer"))
}

fn changes_of<'a>(v: &'a Value, kind: &str) -> Vec<&'a Value> {
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == kind)
        .collect()
}

#[test]
fn preview_and_apply_follow_the_sandbox_week_after_week() {
    let (sb, data) = SandboxProcess::connected(2_000);

    let first = preview_json(data.path());
    // The documented shape: exactly these count keys, integers.
    let keys: BTreeSet<&str> = first["counts"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, CHANGE_KINDS.into_iter().collect());
    assert_eq!(first["guardrail"]["tripped"], false);
    assert!(first["guardrail"]["reasons"].as_array().unwrap().is_empty());
    let state: Value = reqwest::blocking::get(format!("{}/_sandbox/state", sb.url))
        .unwrap()
        .json()
        .unwrap();
    let visible = state["employees"].as_u64().unwrap();
    assert_eq!(
        count(&first, "new") + count(&first, "needs_attention"),
        visible,
        "everyone is new except the sandbox's bad records"
    );
    // A 2,000-person sandbox always seeds bad records: these checks always run.
    let held = changes_of(&first, "needs_attention");
    assert!(!held.is_empty(), "the sandbox's bad records are held");
    for c in held {
        let reason = c["reason"]
            .as_str()
            .expect("a reason for every held record");
        assert!(
            ["invalid_record", "duplicate_email"].contains(&reason),
            "{c}"
        );
    }
    let applied = ok(&roster(data.path(), &["apply", "--yes"]));
    assert!(
        applied.contains(&format!("{} new", count(&first, "new"))),
        "{applied}"
    );

    // Without --yes and without a terminal, nothing is applied.
    let week = sb.control("advance", serde_json::json!({"days": 7}));
    let second = preview_json(data.path());
    let refused = roster(data.path(), &["apply"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--yes"));

    let churn = |k: &str| week["counts"][k].as_u64().unwrap_or(0);
    assert_eq!(count(&second, "leave_started"), churn("leave"), "{week}");
    assert_eq!(count(&second, "reactivated"), churn("rehire"));
    assert!(count(&second, "new") >= churn("hire"));
    let updated = changes_of(&second, "updated");
    assert!(
        updated.iter().any(|c| c["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "work_email")),
        "an email change shows as updated"
    );
    assert!(
        updated.iter().any(|c| c["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "department"
                && f["before"].is_string()
                && f["after"].is_string())),
        "a transfer shows its department before and after"
    );
    let held = changes_of(&second, "needs_attention");
    assert!(!held.is_empty(), "the week's bad records are held");
    for c in &held {
        assert!(c["reason"].is_string(), "{c}");
    }
    let summed: u64 = CHANGE_KINDS.iter().map(|k| count(&second, k)).sum();
    assert!(summed >= visible, "every person lands in one kind");

    // Resolve one held record and apply; history agrees with the preview.
    let line = held[0]["line"].as_u64().unwrap().to_string();
    ok(&roster(
        data.path(),
        &["resolve", "--line", &line, "--as", "leave_out"],
    ));
    ok(&roster(data.path(), &["apply", "--yes"]));
    let history: Value =
        serde_json::from_str(&ok(&roster(data.path(), &["history", "--json"]))).unwrap();
    let latest = &history[0];
    assert_eq!(latest["outcome"], "applied");
    assert_eq!(latest["import_id"], second["plan_id"]);
    assert_eq!(
        latest["counts"], second["counts"],
        "the CLI shows the same numbers"
    );
    assert_eq!(history[1]["outcome"], "applied");
    assert_eq!(history[1]["trigger"], "cli");

    // Applying again is refused: there is nothing open.
    let again = roster(data.path(), &["apply", "--yes"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("preview"));

    // Nothing changed in TriNet: the next preview proposes nothing new.
    let third = preview_json(data.path());
    assert_eq!(
        count(&third, "new") + count(&third, "updated"),
        0,
        "{third}"
    );
    let rejected = ok(&roster(data.path(), &["reject"]));
    assert!(rejected.contains("Rejected"));
    let text = ok(&roster(data.path(), &["history"]));
    assert!(
        text.contains("rejected") && text.contains("applied"),
        "{text}"
    );
}

/// Kill points in milliseconds: a sweep through an apply's lifetime
/// (start-up, keyring, reading the plan, the transaction, the commit).
const SWEEP: [u64; 14] = [
    5, 30, 80, 150, 230, 320, 400, 480, 560, 650, 750, 860, 980, 1100,
];

/// The directory and the import's own rows, as text.
fn snapshot(db: &Path, import_id: i64) -> (String, String, i64) {
    let conn = open_decrypted(db);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "integrity_check after a kill");
    let people = table_dump(
        &conn,
        "SELECT person_id, status, missing_runs, fields FROM person ORDER BY person_id",
        "person",
    );
    let outcome: String = conn
        .query_row(
            "SELECT outcome FROM import WHERE import_id = ?1",
            [import_id],
            |r| r.get(0),
        )
        .unwrap();
    let events: i64 = conn
        .query_row(
            "SELECT count(*) FROM lifecycle_event WHERE import_id = ?1",
            [import_id],
            |r| r.get(0),
        )
        .unwrap();
    (people, outcome, events)
}

/// A `roster apply --yes --confirm-guardrail` with the debug build's crash-test hook on: it
/// reports on stderr when its transaction has begun and when every write
/// is made, then holds the uncommitted transaction `hold_ms`.
struct Apply {
    child: std::process::Child,
    started: Instant,
    /// Each hook line with the moment this test read it.
    said: std::sync::mpsc::Receiver<(String, Instant)>,
    heard: Vec<(String, Instant)>,
    /// What else it wrote on stderr (its error, if it failed).
    other: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Apply {
    fn spawn(data: &Path, hold_ms: u64) -> Self {
        use std::io::BufRead;
        let mut child = Command::new(roster_bin())
            // A larger company's week can trip the deactivation guardrail
            // (96 leavers in a 100,000-person week): confirmed, as an admin
            // would, since this test is about crashes, not guardrails.
            .args(["apply", "--yes", "--confirm-guardrail"])
            .env("ROSTER_DATA_DIR", data)
            .env("ROSTER_TEST_APPLY_HOLD_MS", hold_ms.to_string())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        let (tell, said) = std::sync::mpsc::channel();
        let other = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let others = other.clone();
        std::thread::spawn(move || {
            for line in stderr.split(b'\n').map_while(Result::ok) {
                let line = match String::from_utf8(line) {
                    Ok(text) => text,
                    Err(e) => format!("[not UTF-8] {}", String::from_utf8_lossy(e.as_bytes())),
                };
                match line.strip_prefix("roster test hook: apply transaction ") {
                    Some(moment) => drop(tell.send((moment.to_string(), Instant::now()))),
                    None => others.lock().unwrap().push(line),
                }
            }
            others.lock().unwrap().push("[stderr closed]".into());
        });
        Self {
            child,
            started: Instant::now(),
            said,
            heard: Vec::new(),
            other,
        }
    }

    fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Waits until the hook says `moment`; false if the process ended first.
    fn wait_for(&mut self, moment: &str) -> bool {
        while let Ok(said) = self.said.recv_timeout(Duration::from_secs(120)) {
            self.heard.push(said);
            if self.heard.last().unwrap().0 == moment {
                return true;
            }
        }
        false
    }

    /// SIGKILL (no destructor, no rollback code runs) unless it has exited;
    /// whether the kill was sent after the hook said the transaction began.
    fn kill(mut self) -> (bool, bool) {
        let exited = self.child.try_wait().unwrap().is_some();
        let killed_at = Instant::now();
        if !exited {
            self.child.kill().unwrap();
        }
        self.child.wait().unwrap();
        self.heard.extend(self.said.try_iter());
        let begun = self
            .heard
            .iter()
            .any(|(moment, at)| moment == "begun" && *at < killed_at);
        (!exited, begun)
    }
}

/// Kills held inside the written, uncommitted transaction, each week.
const HELD_KILLS: usize = 3;
/// How long the hook holds the transaction in those trials; each kill
/// lands within the first half of it.
const HOLD_MS: u64 = 2_000;

#[test]
fn an_apply_killed_at_any_moment_leaves_the_directory_exactly_before_or_after() {
    // 10,000 people; `ROSTER_TEST_PEOPLE=100000` runs it at full size.
    let people = std::env::var("ROSTER_TEST_PEOPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let (sb, data) = SandboxProcess::connected(people);
    let db = data.path().join("roster.db");

    // A deterministic spread of kill points, in milliseconds.
    let mut seed: u64 = 0x5eed;
    let mut next_delay = |max: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % max
    };
    let (mut killed, mut inside, mut held_inside, mut after_reached) = (0, 0, 0, 0);
    for week in 0..3 {
        if week > 0 {
            sb.control("advance", serde_json::json!({"days": 7}));
        }
        let plan = preview_json(data.path());
        let id = plan["plan_id"].as_i64().unwrap();
        let changed = count(&plan, "new") + count(&plan, "updated");
        let (before, _, _) = snapshot(&db, id);
        let killed_before_commit = |people: &str, outcome: &str, events: i64| {
            assert!(
                ["pending", "held"].contains(&outcome),
                "week {week}: killed before commit, yet the import is {outcome}"
            );
            assert_eq!(people, before, "killed before commit: directory as before");
            assert_eq!(events, 0);
        };
        // First, kills aimed inside the transaction: every write made, none committed.
        for _ in 0..HELD_KILLS {
            let mut apply = Apply::spawn(data.path(), HOLD_MS);
            if !apply.wait_for("written") {
                let (running, heard) = (apply.running(), apply.heard.clone());
                panic!(
                    "week {week}: the apply never reported its transaction written \
                     (after {:?}; still running: {running}; heard {heard:?}): {}",
                    apply.started.elapsed(),
                    apply.other.lock().unwrap().join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(next_delay(HOLD_MS / 2)));
            let (sent, begun) = apply.kill();
            let (people, outcome, events) = snapshot(&db, id);
            killed_before_commit(&people, &outcome, events);
            killed += 1;
            if sent && begun {
                inside += 1;
                held_inside += 1;
            }
        }
        // Then a sweep through an apply's lifetime (start-up, keyring, reading
        // the plan, the transaction, the commit), jittered per week so the
        // same moments are not hit every time, until one gets through (the
        // last attempt is never killed).
        let mut applied = false;
        for attempt in 0..=SWEEP.len() {
            let mut apply = Apply::spawn(data.path(), 0);
            let delay = match SWEEP.get(attempt) {
                Some(d) => d + next_delay(20),
                None => 600_000,
            };
            while apply.started.elapsed() < Duration::from_millis(delay) && apply.running() {
                std::thread::sleep(Duration::from_millis(2));
            }
            let took = apply.started.elapsed();
            let (sent, begun) = apply.kill();
            let (people, outcome, events) = snapshot(&db, id);
            if outcome == "applied" {
                eprintln!("week {week}: applied on attempt {attempt} after {took:?}");
                assert_ne!(people, before, "{changed} changes are in the directory");
                applied = true;
                after_reached += 1;
                break;
            }
            killed_before_commit(&people, &outcome, events);
            killed += 1;
            if sent && begun {
                inside += 1;
            }
        }
        assert!(applied, "the import applied in the end");
        // "After" is exactly TriNet's data: a new preview proposes no new
        // or changed values (only someone missing for one more run may be
        // proposed for deactivation).
        let check = preview_json(data.path());
        assert_eq!(
            [
                "new",
                "updated",
                "reactivated",
                "leave_started",
                "leave_ended"
            ]
            .iter()
            .map(|k| count(&check, k))
            .sum::<u64>(),
            0,
            "week {week}: the directory is exactly the applied plan: {:?}",
            check["changes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| !["needs_attention", "excluded", "deactivated"]
                    .contains(&c["kind"].as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
        );
        ok(&roster(data.path(), &["reject"]));
    }
    eprintln!(
        "crash safety: {killed} kills, {inside} inside the apply transaction \
         ({held_inside} of {} aimed at its written, uncommitted state), {after_reached} applies completed",
        3 * HELD_KILLS
    );
    // A kill counts as inside only when it was sent after the apply said its
    // transaction had begun and the import was still not applied after it.
    assert!(
        held_inside * 3 >= 3 * HELD_KILLS * 2,
        "at least two thirds of the aimed kills landed inside the transaction: {held_inside} of {}",
        3 * HELD_KILLS
    );
}
