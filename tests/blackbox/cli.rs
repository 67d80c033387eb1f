//! The command line as a script or an admin uses it.

use roster_tests::{database_key_entry, expected_version, roster, roster_bin};

#[test]
fn version_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let out = roster(dir.path(), &["--version"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("roster {}", expected_version())
    );
    let help = roster(dir.path(), &["--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(help.status.success());
    assert!(text.contains("Commands:"), "{text}");
    assert!(text.contains("info"), "{text}");
    assert!(text.contains("--data-dir"), "{text}");
}

#[test]
fn info_reports_the_chosen_data_folder_and_creates_an_encrypted_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = roster(dir.path(), &["info", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["data_dir"], dir.path().display().to_string());
    assert_eq!(info["version"], expected_version());
    assert_eq!(info["connection_configured"], false);
    assert!(info["storage_error"].is_null());
    let db = std::fs::read(dir.path().join("roster.db")).unwrap();
    assert!(
        !db.starts_with(b"SQLite format 3"),
        "database must be encrypted"
    );
    assert!(dir.path().join("logs").is_dir());
}

#[test]
fn data_dir_flag_overrides_the_environment() {
    let env_dir = tempfile::tempdir().unwrap();
    let flag_dir = tempfile::tempdir().unwrap();
    let out = roster(
        env_dir.path(),
        &[
            "--data-dir",
            flag_dir.path().to_str().unwrap(),
            "info",
            "--json",
        ],
    );
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["data_dir"], flag_dir.path().display().to_string());
}

#[test]
fn a_database_whose_key_is_gone_is_reported_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    assert!(roster(dir.path(), &["info"]).status.success());
    let db = dir.path().join("roster.db");
    let before = std::fs::read(&db).unwrap();
    // Remove the key from the real keyring with another client.
    let entry = database_key_entry(&db);
    let status = std::process::Command::new("secret-tool")
        .args(["clear", "service", "roster", "username", &entry])
        .status()
        .unwrap();
    assert!(status.success());
    let out = roster(dir.path(), &["info"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no longer in the OS keyring"), "{err}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the database is left as it was"
    );
}

#[test]
fn without_a_display_the_window_explains_itself_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(roster_bin())
        .env("ROSTER_DATA_DIR", dir.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("no display") && err.contains("xvfb-run"),
        "{err}"
    );
}

#[test]
fn a_bad_flag_value_is_refused_with_the_accepted_choices() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["history", "--outcome", "aplied"],
            "[possible values: pending, held, applied, rejected, superseded, failed]",
        ),
        (
            &["resolve", "--line", "1", "--as", "maybe"],
            "[possible values: approve, link, leave_out, none]",
        ),
        (
            &["export", "directory", "--out", "x.csv", "--status", "gone"],
            "[possible values: active, on_leave, pending_start, former]",
        ),
        (
            &["export", "events", "--out", "x.csv", "--kind", "hire"],
            "[possible values: joiner, baseline, leaver, mover, leave_start, leave_end, rehire, employment_type_change]",
        ),
        (
            &["history", "--from", "2026-13-01"],
            "write it as YYYY-MM-DD",
        ),
    ];
    for (args, shown) in cases {
        let out = roster(dir.path(), args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(shown), "{args:?}: {err}");
    }
    assert!(
        !dir.path().join("roster.db").exists(),
        "a bad flag opens no database"
    );
}
