//! `roster connect / status / revoke` against `roster sandbox`, as a script
//! on a server would use them, with the real keyring.

use roster_tests::{all_logs, decrypted_dump, roster, roster_with_input, SandboxProcess};

#[test]
fn connect_status_and_revoke_through_the_cli() {
    let sb = SandboxProcess::in_own_folder(150);
    let data = tempfile::tempdir().unwrap();
    let args = sb.connect_args();

    // Wrong secret: its own message, nothing saved.
    let out = roster_with_input(data.path(), &args, "wrong-secret\n", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did not accept the Client ID and Client Secret"),
        "{err}"
    );
    let status = roster(data.path(), &["status", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(v["state"], "not_connected");

    // Unknown company.
    let mut other = args.clone();
    other[2] = "ZZZ";
    let out = roster_with_input(data.path(), &other, &format!("{}\n", sb.client_secret), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not know company \"ZZZ\""));

    // The right secret on stdin.
    let out = roster_with_input(data.path(), &args, &format!("{}\n", sb.client_secret), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Connected to "));

    let status = roster(data.path(), &["status", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(v["state"], "connected");
    assert_eq!(v["company_id"], sb.company_id.as_str());
    assert!(v["company_name"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(v["last_verified_at"].is_string());
    let text = String::from_utf8_lossy(&roster(data.path(), &["status"]).stdout).to_string();
    assert!(text.starts_with("Connected: "), "{text}");

    // The secret is nowhere but the keyring: not in any table, log or reply.
    let dump = decrypted_dump(&data.path().join("roster.db"));
    assert!(
        dump.contains(&sb.company_id),
        "the dump really is decrypted"
    );
    assert!(
        !dump.contains(&sb.client_secret),
        "secret found in the database"
    );
    assert!(!all_logs(&data.path().join("logs")).contains(&sb.client_secret));
    assert!(!String::from_utf8_lossy(&status.stdout).contains(&sb.client_secret));

    let out = roster(data.path(), &["revoke"]);
    assert!(out.status.success());
    let v: serde_json::Value =
        serde_json::from_slice(&roster(data.path(), &["status", "--json"]).stdout).unwrap();
    assert_eq!(v["state"], "not_connected");
}

#[test]
fn the_secret_can_come_from_the_environment_and_never_from_an_argument() {
    let sb = SandboxProcess::in_own_folder(150);
    let data = tempfile::tempdir().unwrap();
    let args = sb.connect_args();
    let out = roster_with_input(
        data.path(),
        &args,
        "",
        &[("ROSTER_CLIENT_SECRET", &sb.client_secret)],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut with_flag = args.to_vec();
    with_flag.extend(["--client-secret", "x"]);
    let out = roster_with_input(data.path(), &with_flag, "", &[]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "clap refuses an unknown --client-secret"
    );
}
