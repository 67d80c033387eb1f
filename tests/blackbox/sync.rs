//! `roster sync` against `roster sandbox` over HTTP: its exit codes (0
//! applied or nothing to do, 3 held, 1 failed, 2 not connected), every run
//! in history as scheduled; and `roster config export / import` into a
//! fresh data folder.

use std::path::Path;
use std::process::Output;

use roster_tests::{roster, text, SandboxProcess};
use serde_json::Value;

/// `roster sync`, asserting its exit code; returns its one line.
fn sync(data: &Path, code: i32) -> String {
    let out = roster(data, &["sync"]);
    assert_eq!(out.status.code(), Some(code), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if code != 2 {
        assert_eq!(stdout.trim().lines().count(), 1, "one line: {stdout}");
        assert!(!stdout.contains('@'), "no personal data: {stdout}");
    }
    stdout
}

fn history(data: &Path) -> Vec<Value> {
    let out = roster(data, &["history", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn newest(data: &Path) -> Value {
    history(data)
        .into_iter()
        .next()
        .expect("an import in history")
}

#[test]
fn sync_applies_quietly_holds_risky_imports_and_records_failures() {
    // Fewer than 50 people: the sandbox seeds no bad records.
    let (sb, data) = SandboxProcess::connected(40);

    let first = sync(data.path(), 0);
    assert!(first.contains("applied import"), "{first}");
    let h = newest(data.path());
    assert_eq!(
        (h["trigger"].as_str(), h["outcome"].as_str()),
        (Some("scheduled"), Some("applied"))
    );
    assert!(h["counts"]["new"].as_u64().unwrap() > 0);

    let quiet = sync(data.path(), 0);
    assert!(quiet.contains("nothing to change"), "{quiet}");
    let h = newest(data.path());
    assert_eq!(
        (h["trigger"].as_str(), h["outcome"].as_str()),
        (Some("scheduled"), Some("applied"))
    );

    // A guardrail trip: any deactivation is held once the limit is 0.
    let config = data.path().join("config.json");
    let out = roster(
        data.path(),
        &["config", "export", "--out", config.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let mut file: Value = serde_json::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
    file["settings"]["guardrails"]["max_deactivated_people"] = 0.into();
    file["settings"]["guardrails"]["max_deactivated_percent"] = 100.into();
    std::fs::write(&config, file.to_string()).unwrap();
    let out = roster(data.path(), &["config", "import", config.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let mut tripped = None;
    for _ in 0..20 {
        sb.control("advance", serde_json::json!({"days": 14}));
        let out = roster(data.path(), &["sync"]);
        let h = newest(data.path());
        assert_eq!(h["trigger"], "scheduled");
        if h["guardrail"]["tripped"] == true {
            assert_eq!(out.status.code(), Some(3), "{}", text(&out));
            tripped = Some(h);
            break;
        }
        if out.status.code() == Some(3) {
            // Held for needs attention only: reject it and go on.
            let r = roster(data.path(), &["reject"]);
            assert!(r.status.success(), "{}", text(&r));
        }
    }
    let held = tripped.expect("someone was terminated within 40 weeks");
    assert_eq!(held["outcome"], "held");
    assert!(held["counts"]["deactivated"].as_u64().unwrap() > 0);

    // While it waits for review, a run does not replace it.
    let skipped = sync(data.path(), 3);
    assert!(
        skipped.contains(&format!("Import #{}", held["import_id"])),
        "{skipped}"
    );
    let h = newest(data.path());
    assert_eq!(
        (h["trigger"].as_str(), h["outcome"].as_str()),
        (Some("scheduled"), Some("failed"))
    );
    assert!(h["error"]
        .as_str()
        .unwrap()
        .contains("waiting for your review"));
    let list = history(data.path());
    let still = list
        .iter()
        .find(|i| i["import_id"] == held["import_id"])
        .unwrap();
    assert_eq!(still["outcome"], "held", "the held import is untouched");
    assert!(roster(data.path(), &["reject"]).status.success());

    // TriNet unreachable: failed (1), and in history.
    drop(sb);
    let failed = sync(data.path(), 1);
    assert!(failed.contains("failed"), "{failed}");
    let h = newest(data.path());
    assert_eq!(
        (h["trigger"].as_str(), h["outcome"].as_str()),
        (Some("scheduled"), Some("failed"))
    );
    assert!(h["error"].is_string());
}

#[test]
fn a_week_with_bad_records_applies_the_rest_and_leaves_them_out() {
    let (sb, data) = SandboxProcess::connected(2_000);
    // The first import has the sandbox's seeded bad records: everyone else
    // is applied, the bad records are left out and named (0).
    let first = sync(data.path(), 0);
    assert!(first.contains("applied import"), "{first}");
    assert!(
        first.contains("need attention and were left out"),
        "{first}"
    );
    let h = newest(data.path());
    assert_eq!(
        (h["trigger"].as_str(), h["outcome"].as_str()),
        (Some("scheduled"), Some("applied"))
    );
    let attention = h["counts"]["needs_attention"].as_u64().unwrap();
    assert!(attention > 0);
    let people = directory_count(data.path());
    assert_eq!(
        people,
        h["counts"]["new"].as_u64().unwrap(),
        "the bad records are not in the directory"
    );

    // The same bad records again next run: still out, and nothing holds.
    let again = sync(data.path(), 0);
    assert!(again.contains("left out"), "{again}");
    assert_eq!(directory_count(data.path()), people);
    assert!(open_imports(data.path()).is_empty(), "nothing waits");

    // A week later the week's own bad record is left out too; the rest applies.
    sb.control("advance", serde_json::json!({"days": 7}));
    let week = sync(data.path(), 0);
    assert!(week.contains("applied import"), "{week}");
    assert!(week.contains("left out"), "{week}");
    assert!(open_imports(data.path()).is_empty(), "nothing waits");
}

/// People in the directory, from `roster export directory`.
fn directory_count(data: &Path) -> u64 {
    let out_file = data.join("directory.csv");
    let out = roster(
        data,
        &["export", "directory", "--out", out_file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let text = std::fs::read_to_string(out_file).unwrap();
    text.lines().count() as u64 - 1
}

#[test]
fn sync_without_a_connection_is_an_environment_error() {
    let data = tempfile::tempdir().unwrap();
    let out = roster(data.path(), &["sync"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not connected"),
        "{}",
        text(&out)
    );
    assert!(
        history(data.path()).is_empty(),
        "nothing ran, nothing recorded"
    );
}

#[test]
fn config_export_and_import_through_the_cli() {
    let (sb, data) = SandboxProcess::connected(150);
    // A first preview saves the default mapping as version 1.
    assert!(roster(data.path(), &["preview"]).status.success());

    let file = data.path().join("shared.json");
    let out = roster(
        data.path(),
        &["config", "export", "--out", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let exported = std::fs::read_to_string(&file).unwrap();
    assert!(
        !exported.contains(&sb.client_secret),
        "the secret is never exported"
    );
    let mut v: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(
        v["connection"]["company_id"].as_str(),
        Some(sb.company_id.as_str())
    );
    v["settings"]["schedule"] = serde_json::json!({"kind": "daily", "at": "06:45"});
    v["settings"]["missing_runs_to_deactivate"] = 4.into();
    // A client ID of its own: every sandbox shares one keyring entry, which
    // the Revoke below must not take from the other tests.
    v["connection"]["client_id"] = "config-roundtrip-client".into();
    std::fs::write(&file, v.to_string()).unwrap();

    // Another admin's fresh data folder.
    let other = tempfile::tempdir().unwrap();
    let out = roster(other.path(), &["config", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("version 1"), "{said}");

    let back = other.path().join("back.json");
    let out = roster(
        other.path(),
        &["config", "export", "--out", back.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let mut again: Value = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
    again["exported_at"] = v["exported_at"].clone();
    assert_eq!(again, v, "the same mapping, settings and connection");
    let status = roster(other.path(), &["status", "--json"]);
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["company_id"].as_str(), Some(sb.company_id.as_str()));

    // A bad file changes nothing and says what is wrong.
    v["settings"]["schedule"] = serde_json::json!({"kind": "every_minutes", "minutes": 1});
    std::fs::write(&file, v.to_string()).unwrap();
    let out = roster(other.path(), &["config", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Nothing was imported"),
        "{}",
        text(&out)
    );
    let out = roster(
        other.path(),
        &["config", "export", "--out", back.to_str().unwrap()],
    );
    assert!(out.status.success());
    let unchanged: Value = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
    assert_eq!(unchanged["settings"]["schedule"]["at"], "06:45");

    // Revoke stops the schedule.
    let out = roster(other.path(), &["revoke"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = roster(
        other.path(),
        &["config", "export", "--out", back.to_str().unwrap()],
    );
    assert!(out.status.success());
    let revoked: Value = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();
    assert_eq!(revoked["settings"]["schedule"]["kind"], "off");
    assert!(revoked["connection"].is_null());
}

/// Every import in history that still waits for someone.
fn open_imports(data: &Path) -> Vec<Value> {
    history(data)
        .into_iter()
        .filter(|i| i["outcome"] == "pending" || i["outcome"] == "held")
        .collect()
}

/// Two `roster sync` started together on one data folder (two cron jobs).
fn two_syncs(data: &Path) -> [Output; 2] {
    let spawn = || {
        std::process::Command::new(roster_tests::roster_bin())
            .arg("sync")
            .env("ROSTER_DATA_DIR", data)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("roster sync starts")
    };
    let (a, b) = (spawn(), spawn());
    [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()]
}

#[test]
fn two_syncs_at_once_never_overlap_nor_leave_an_import_waiting() {
    let (sb, data) = SandboxProcess::connected(40);
    // Slow enough that the two runs' fetches would overlap.
    sb.control("faults", serde_json::json!({"latency_ms": 300}));
    for trial in 0..4 {
        if trial > 0 {
            sb.control("advance", serde_json::json!({"days": 7}));
        }
        for out in two_syncs(data.path()) {
            // 0: applied, nothing to do, or skipped; 3 only for a held week.
            assert!(
                matches!(out.status.code(), Some(0) | Some(3)),
                "trial {trial}: {}",
                text(&out)
            );
        }
        for open in open_imports(data.path()) {
            assert_eq!(
                open["outcome"], "held",
                "trial {trial}: a run left its import pending: {open}"
            );
            // A held week (a guardrail or a bad record) is the admin's to decide.
            assert!(roster(data.path(), &["reject"]).status.success());
        }
        let failed_stale = history(data.path())
            .into_iter()
            .filter(|i| {
                i["error"]
                    .as_str()
                    .is_some_and(|e| e.contains("directory changed"))
            })
            .count();
        assert_eq!(failed_stale, 0, "trial {trial}: no run lost a race");
    }
    // The next run is not blocked by anything the pairs left behind.
    sb.control("faults", serde_json::json!({"latency_ms": 0}));
    let after = sync(data.path(), 0);
    assert!(!after.contains("waiting for your review"), "{after}");
}

#[test]
fn a_sync_that_finds_another_run_in_progress_says_it_skipped() {
    let (sb, data) = SandboxProcess::connected(40);
    // Each request takes 12 s: the first run holds the lock longer than the
    // 10 s the second waits.
    sb.control("faults", serde_json::json!({"latency_ms": 12_000}));
    let outs = two_syncs(data.path());
    let skipped: Vec<&Output> = outs
        .iter()
        .filter(|o| String::from_utf8_lossy(&o.stdout).contains("skipped"))
        .collect();
    assert_eq!(skipped.len(), 1, "{}\n{}", text(&outs[0]), text(&outs[1]));
    assert_eq!(skipped[0].status.code(), Some(0));
    assert!(String::from_utf8_lossy(&skipped[0].stdout).contains("Another Roster run"));
    let runs = history(data.path());
    assert_eq!(runs.len(), 1, "the skipped run records nothing: {runs:?}");
    assert_eq!(runs[0]["outcome"], "applied");
}

#[test]
fn cron_syncs_the_real_company_even_after_the_window_tried_the_sandbox() {
    let (sb, data) = SandboxProcess::connected(40);
    // What "Try the sandbox" in the window leaves behind.
    std::fs::write(data.path().join("active-profile"), "sandbox\n").unwrap();
    let out = roster(data.path(), &["sync"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("using your TriNet company")
            && said.contains(&format!("({})", sb.company_id)),
        "names the company: {said}"
    );
    assert_eq!(newest(data.path())["company_id"], sb.company_id.as_str());
    // The sandbox's own database was not touched by cron.
    let sandbox_history = roster(data.path(), &["--sandbox", "history", "--json"]);
    assert!(
        String::from_utf8_lossy(&sandbox_history.stderr).contains("sandbox company"),
        "{}",
        text(&sandbox_history)
    );
    assert_eq!(
        String::from_utf8_lossy(&sandbox_history.stdout).trim(),
        "[]"
    );
}
