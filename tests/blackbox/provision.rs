//! Provisioning from the command line, as two real processes: `roster
//! sandbox` serving a company and its made-up identity directory (SCIM
//! 2.0), and `roster` importing the company and pushing it there.

use roster_tests::{ok, roster, roster_with_input, text, SandboxProcess};
use serde_json::Value;

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&ok(out)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(out)))
}

#[test]
fn a_sandbox_company_is_pushed_to_its_identity_directory_and_reconciled() {
    let (sandbox, data) = SandboxProcess::connected(40);
    let dir = data.path();
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
    let added = roster_with_input(dir, &add, &sandbox.scim_token, &[]);
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
    assert!(written.starts_with("finding,user_name,external_id,display_name,detail"));
    assert!(written.contains("orphan,j.doe.contractor@"));

    ok(&roster(dir, &["target", "remove", "Sandbox directory"]));
    let empty = roster(dir, &["push", "preview", "--target", "Sandbox directory"]);
    assert!(!empty.status.success());
    assert!(
        text(&empty).contains("no target called"),
        "{}",
        text(&empty)
    );
}
