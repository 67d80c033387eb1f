//! Provisioning from the command line, as two real processes: `roster
//! sandbox` serving a company and its made-up identity directory (SCIM
//! 2.0), and `roster` importing the company and pushing it there.

use roster_tests::{ok, roster, roster_with_input, text, SandboxProcess};
use serde_json::Value;

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&ok(out)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(out)))
}

/// A sandbox company imported once, and its identity directory added as
/// the target "Sandbox directory" with `flags`; what `target add` said.
fn imported_with_target(
    sandbox: &SandboxProcess,
    dir: &std::path::Path,
    flags: &[&str],
) -> std::process::Output {
    ok(&roster(dir, &["preview", "--json"]));
    ok(&roster(dir, &["apply", "--yes"]));
    // The token comes on standard input, never as an argument.
    let add = [
        "target",
        "add",
        "scim",
        "--name",
        "Sandbox directory",
        "--url",
        &sandbox.scim_url,
    ];
    roster_with_input(dir, &[&add[..], flags].concat(), &sandbox.scim_token, &[])
}

#[test]
fn a_sandbox_company_is_pushed_to_its_identity_directory_and_reconciled() {
    let (sandbox, data) = SandboxProcess::connected(40);
    let dir = data.path();
    let added = imported_with_target(&sandbox, dir, &[]);
    assert!(ok(&added).contains("PATCH yes"), "{}", text(&added));
    let listed = json(&roster(dir, &["target", "list", "--json"]));
    assert_eq!(listed[0]["name"], "Sandbox directory");
    assert!(
        !listed.to_string().contains(&sandbox.scim_token),
        "no token in replies"
    );

    let target = ["--target", "Sandbox directory"];
    let plan = json(&roster(
        dir,
        &[&["push", "preview", "--json"][..], &target].concat(),
    ));
    let counts = &plan["counts"];
    assert!(counts["create"].as_u64().unwrap() > 20, "{counts}");
    assert_eq!(
        counts["needs_attention"], 1,
        "the seeded look-alike account is held: {counts}"
    );
    assert_eq!(
        counts["orphans"], 1,
        "the seeded contractor account: {counts}"
    );
    let held = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "needs_attention")
        .unwrap();
    assert_eq!(held["attention"], "possible_duplicate");

    let applied = roster(dir, &[&["push", "apply", "--yes"][..], &target].concat());
    assert!(ok(&applied).contains("0 failed"), "{}", text(&applied));
    let again = json(&roster(
        dir,
        &[&["push", "preview", "--json"][..], &target].concat(),
    ));
    assert_eq!(again["counts"]["create"], 0, "{}", again["counts"]);
    let updates: Vec<&Value> = again["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "update")
        .collect();
    assert_eq!(again["counts"]["update"], 0, "{updates:#?}");

    let csv = dir.join("reconcile.csv");
    let out = [
        "reconcile",
        "--target",
        "Sandbox directory",
        "--json",
        "--out",
    ];
    let report = json(&roster(dir, &[&out[..], &[csv.to_str().unwrap()]].concat()));
    let orphans = report["orphans"].as_array().unwrap();
    assert_eq!(orphans.len(), 1);
    assert!(orphans[0]["user_name"]
        .as_str()
        .unwrap()
        .starts_with("j.doe.contractor@"));
    assert_eq!(
        report["mismatched"].as_array().unwrap().len(),
        1,
        "only the held duplicate"
    );
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(written
        .starts_with("finding,user_name,external_id,display_name,detail,target,run_at,run_by"));
    assert!(written.contains("orphan,j.doe.contractor@"));

    // Every reconciliation is kept: listed with who ran it and what it
    // found, and shown (and exported) again with no network.
    let kept = json(&roster(dir, &["reconcile", "list", "--json"]));
    let kept = kept.as_array().unwrap();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0]["reconciliation_id"], report["reconciliation_id"]);
    assert_eq!(kept[0]["target"], "Sandbox directory");
    assert_eq!(kept[0]["trigger"], "cli");
    assert!(kept[0]["run_by"].as_str().unwrap().starts_with("cli:"));
    assert_eq!(kept[0]["orphans"], 1);
    assert_eq!(kept[0]["failure"], Value::Null);
    let id = report["reconciliation_id"].to_string();
    let again_csv = dir.join("reconcile-again.csv");
    let show = [
        "reconcile",
        "show",
        "--id",
        &id,
        "--json",
        "--out",
        again_csv.to_str().unwrap(),
    ];
    let shown = json(&roster(dir, &show));
    assert_eq!(shown["report"]["orphans"], report["orphans"]);
    assert_eq!(shown["report"]["mismatched"], report["mismatched"]);
    assert_eq!(
        std::fs::read_to_string(&again_csv).unwrap(),
        written,
        "the kept run exports the same file"
    );
    let listed = roster(dir, &["reconcile", "list"]);
    assert!(
        ok(&listed).contains("1 orphaned, 0 missing, 1 mismatched"),
        "{}",
        text(&listed)
    );
    let missing = roster(dir, &["reconcile", "show", "--id", "999"]);
    assert!(!missing.status.success());
    assert!(
        text(&missing).contains("no reconciliation 999"),
        "{}",
        text(&missing)
    );
    let needs_target = roster(dir, &["reconcile"]);
    assert!(!needs_target.status.success());
    assert!(
        text(&needs_target).contains("--target"),
        "{}",
        text(&needs_target)
    );

    // History: every push with who sent it, and one shown whole and as CSV.
    let pushes = json(&roster(dir, &["push", "list", "--json"]));
    let pushes = pushes.as_array().unwrap();
    assert_eq!(pushes.len(), 2, "the applied push and the later preview");
    let sent = pushes.iter().find(|p| p["state"] == "applied").unwrap();
    assert_eq!(sent["trigger"], "cli");
    assert_eq!(sent["target"], "Sandbox directory");
    assert_eq!(sent["failed"], 0);
    let by_cli = json(&roster(
        dir,
        &["push", "list", "--json", "--trigger", "cli"],
    ));
    assert_eq!(by_cli.as_array().unwrap().len(), 1);
    let listed = roster(dir, &["push", "list"]);
    assert!(
        ok(&listed).contains("Sandbox directory"),
        "{}",
        text(&listed)
    );
    let id = sent["push_id"].to_string();
    let push_csv = dir.join("push.csv");
    let show = [
        "push",
        "show",
        "--id",
        &id,
        "--json",
        "--out",
        push_csv.to_str().unwrap(),
    ];
    let shown = json(&roster(dir, &show));
    assert_eq!(shown["summary"]["state"], "applied");
    assert!(
        shown["receipts"].as_array().unwrap().len() as u64 >= counts["create"].as_u64().unwrap()
    );
    let written = std::fs::read_to_string(&push_csv).unwrap();
    assert!(written.starts_with(
        "kind,user_name,external_id,display_name,attribute,before,after,groups_added,\
         groups_removed,attention,receipt,operation,http_status,detail"
    ));
    assert!(written
        .lines()
        .any(|l| l.starts_with("create,") && l.contains(",ok,")));
    assert!(
        written
            .lines()
            .any(|l| l.starts_with("needs_attention,") && l.contains(",not sent,")),
        "a held line was never sent"
    );
    let missing = roster(dir, &["push", "show", "--id", "999"]);
    assert!(!missing.status.success());
    assert!(text(&missing).contains("no push 999"), "{}", text(&missing));

    let removed = roster(dir, &["target", "remove", "Sandbox directory"]);
    assert!(ok(&removed).contains("History keeps its pushes"));
    let empty = roster(dir, &["push", "preview", "--target", "Sandbox directory"]);
    assert!(!empty.status.success());
    assert!(
        text(&empty).contains("no target called"),
        "{}",
        text(&empty)
    );
    // Auditors still read what was sent to a removed target, CSV included.
    let kept = json(&roster(dir, &["push", "list", "--json"]));
    let kept = kept.as_array().unwrap();
    assert_eq!(kept.len(), pushes.len());
    assert!(
        kept.iter().all(|p| p["state"] != "pending"),
        "the preview waits no more"
    );
    assert!(
        kept.iter().all(|p| p["target"]
            .as_str()
            .unwrap()
            .starts_with("Sandbox directory (removed 20")),
        "{kept:?}"
    );
    std::fs::remove_file(&push_csv).unwrap();
    ok(&roster(dir, &show));
    assert_eq!(std::fs::read_to_string(&push_csv).unwrap(), written);
}

/// No externalId (employee ID) on two accounts.
fn assert_one_account_each(users: &[Value]) {
    let mut anchors: Vec<&str> = users
        .iter()
        .filter_map(|u| u["externalId"].as_str())
        .collect();
    let count = anchors.len();
    anchors.sort();
    anchors.dedup();
    assert_eq!(anchors.len(), count, "no externalId twice");
}

/// Every account in the sandbox's identity directory, read over SCIM.
fn accounts(sandbox: &SandboxProcess) -> Vec<Value> {
    let page: Value = reqwest::blocking::Client::new()
        .get(format!("{}/Users?count=1000", sandbox.scim_url))
        .bearer_auth(&sandbox.scim_token)
        .send()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .expect("the identity directory lists its users");
    page["Resources"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_push_killed_mid_way_and_run_again_leaves_no_duplicate_account() {
    let (sandbox, data) = SandboxProcess::connected(45);
    let dir = data.path();
    ok(&roster(dir, &["preview", "--json"]));
    ok(&roster(dir, &["apply", "--yes"]));
    // Two creates per Bulk request, so the push is many requests long.
    let url = sandbox.scim_url.as_str();
    let add = [
        "target",
        "add",
        "scim",
        "--name",
        "Slow",
        "--url",
        url,
        "--bulk-max",
        "2",
    ];
    ok(&roster_with_input(dir, &add, &sandbox.scim_token, &[]));
    let plan = json(&roster(
        dir,
        &["push", "preview", "--json", "--target", "Slow"],
    ));
    let to_create = plan["counts"]["create"].as_u64().unwrap() as usize;
    let before = accounts(&sandbox).len();

    // Every directory answer now takes 150 ms: the push is killed part way.
    sandbox.control(
        "faults",
        serde_json::json!({"latency_ms": 150, "identity_faults": true}),
    );
    let mut push = std::process::Command::new(roster_tests::roster_bin())
        .args(["push", "apply", "--yes", "--target", "Slow"])
        .env("ROSTER_DATA_DIR", dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while accounts(&sandbox).len() < before + 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "the push never started creating"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    push.kill().unwrap();
    push.wait().unwrap();
    let cut_short = accounts(&sandbox).len() - before;
    assert!(
        cut_short < to_create,
        "killed before it finished ({cut_short} of {to_create})"
    );

    sandbox.control(
        "faults",
        serde_json::json!({"latency_ms": 0, "identity_faults": false}),
    );
    let resumed = roster(dir, &["push", "apply", "--yes", "--target", "Slow"]);
    assert!(ok(&resumed).contains("0 failed"), "{}", text(&resumed));
    let all = accounts(&sandbox);
    assert_eq!(
        all.len(),
        before + to_create,
        "every joiner has exactly one account"
    );
    assert_one_account_each(&all);
    let again = json(&roster(
        dir,
        &["push", "preview", "--json", "--target", "Slow"],
    ));
    assert_eq!(again["counts"]["create"], 0);
}

/// Auto-push from two `roster sync` started together on one data folder
/// (two cron jobs, or cron beside the window's schedule): one push goes,
/// the other run finds nothing left to send, and no account is made twice.
#[test]
fn auto_push_from_two_syncs_at_once_sends_once_and_makes_no_second_account() {
    let (sandbox, data) = SandboxProcess::connected(40);
    let dir = data.path();
    ok(&imported_with_target(&sandbox, dir, &["--auto-push"]));
    // A new target's first push waits for an admin: auto-push sends only
    // what rules someone has already seen at work.
    let seeded: Vec<Value> = accounts(&sandbox)
        .into_iter()
        .map(|u| u["id"].clone())
        .collect();
    let first = roster(dir, &["sync"]);
    assert!(
        ok(&first).contains("Nothing pushed")
            && text(&first).contains("no push with its current rules has been reviewed yet"),
        "{}",
        text(&first)
    );
    assert_eq!(
        accounts(&sandbox).len(),
        seeded.len(),
        "nothing sent before a review"
    );
    ok(&roster(
        dir,
        &["push", "apply", "--target", "Sandbox directory", "--yes"],
    ));
    // Five pushed accounts vanish from the identity directory: the next
    // syncs have something to send on their own.
    let http = reqwest::blocking::Client::new();
    let pushed: Vec<Value> = accounts(&sandbox)
        .into_iter()
        .filter(|u| !seeded.contains(&u["id"]))
        .collect();
    for user in pushed.iter().take(5) {
        http.delete(format!(
            "{}/Users/{}",
            sandbox.scim_url,
            user["id"].as_str().unwrap()
        ))
        .bearer_auth(&sandbox.scim_token)
        .send()
        .and_then(|r| r.error_for_status())
        .expect("the identity directory deletes an account");
    }
    let spawn = || {
        std::process::Command::new(roster_tests::roster_bin())
            .arg("sync")
            .env("ROSTER_DATA_DIR", dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("roster sync starts")
    };
    let (a, b) = (spawn(), spawn());
    let outs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
    for out in &outs {
        assert_eq!(out.status.code(), Some(0), "{}", text(out));
    }
    let said: String = outs.iter().map(text).collect();
    assert!(said.contains("Pushed #"), "{said}");
    assert!(
        said.contains("1 account waits for your review"),
        "the seeded look-alike waits: {said}"
    );

    let automatic = json(&roster(
        dir,
        &["push", "list", "--json", "--trigger", "automatic"],
    ));
    let automatic = automatic.as_array().unwrap();
    assert_eq!(automatic.len(), 1, "one push went: {automatic:?}");
    assert_eq!(automatic[0]["state"], "applied");
    let users = accounts(&sandbox);
    assert_one_account_each(&users);
    assert!(users.len() > 20, "{} accounts", users.len());

    let again = roster(dir, &["sync"]);
    assert!(ok(&again).contains("Nothing pushed"), "{}", text(&again));
}
