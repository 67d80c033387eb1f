//! A server or cron job with no session bus, so no OS keyring: the database
//! key lives in a key file (`--database-key-file` / ROSTER_DATABASE_KEY_FILE)
//! and the client secret in ROSTER_CLIENT_SECRET; connect, preview, apply and
//! sync all work against `roster sandbox`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use roster_tests::{roster_bin, text, SandboxProcess};
use serde_json::Value;

/// Under 50 people the sandbox seeds no bad records, so a sync can apply.
const EMPLOYEES: usize = 40;

/// A machine as cron sees it: nothing but PATH, a HOME with no keyring, and
/// `env`. No DBUS_SESSION_BUS_ADDRESS, DISPLAY or XDG_RUNTIME_DIR, so no
/// Secret Service can be reached.
struct Headless {
    home: tempfile::TempDir,
    data: tempfile::TempDir,
    /// Where the admin keeps the database key file.
    keys: tempfile::TempDir,
}

impl Headless {
    fn new() -> Self {
        Self {
            home: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
            keys: tempfile::tempdir().unwrap(),
        }
    }

    /// The database key file's path (not made yet).
    fn key_file(&self) -> std::path::PathBuf {
        self.keys.path().join("roster.key")
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(roster_bin())
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("ROSTER_DATA_DIR", self.data.path())
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .output()
            .expect("roster runs")
    }

    fn database(&self) -> std::path::PathBuf {
        self.data.path().join("roster.db")
    }
}

fn mode(file: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(file).unwrap().permissions().mode() & 0o777
}

#[test]
fn connect_preview_apply_and_sync_work_with_no_keyring_and_a_key_file() {
    let sb = SandboxProcess::in_own_folder(EMPLOYEES);
    let machine = Headless::new();
    let key_file = machine.key_file();
    let key_path = key_file.to_str().unwrap();
    let secret = ("ROSTER_CLIENT_SECRET", sb.client_secret.as_str());

    // Without a keyring and without a key file: a message naming the option.
    let out = machine.run(&sb.connect_args(), &[secret]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("No OS keyring is reachable"), "{err}");
    assert!(
        err.contains("--database-key-file") && err.contains("ROSTER_DATABASE_KEY_FILE"),
        "{err}"
    );
    assert!(!machine.database().exists(), "no database without a key");

    // With the option, connect makes the key file: 32 bytes, owner only.
    let mut args = vec!["--database-key-file", key_path];
    args.extend(sb.connect_args());
    let out = machine.run(&args, &[secret]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Connected to"), "{stdout}");
    assert!(stdout.contains(key_path), "{stdout}");
    assert_eq!(mode(&key_file), 0o600);
    let key = std::fs::read(&key_file).unwrap();
    assert_eq!(key.len(), 32);

    // Every other command reads it (here through the environment variable).
    let env = [secret, ("ROSTER_DATABASE_KEY_FILE", key_path)];
    let out = machine.run(&["preview", "--json"], &env);
    assert!(out.status.success(), "{}", text(&out));
    let preview: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(preview["counts"]["new"].as_u64(), Some(EMPLOYEES as u64));
    let out = machine.run(&["apply", "--yes"], &env);
    assert!(out.status.success(), "{}", text(&out));
    let out = machine.run(&["sync"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = machine.run(&["history", "--json"], &env);
    assert!(out.status.success(), "{}", text(&out));
    let history: Value = serde_json::from_slice(&out.stdout).unwrap();
    let triggers: Vec<(&str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["trigger"].as_str().unwrap(),
                i["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        triggers,
        [("scheduled", "applied"), ("cli", "applied")],
        "{history}"
    );
    assert_eq!(
        std::fs::read(&key_file).unwrap(),
        key,
        "the key file is unchanged"
    );

    // The database is encrypted with the file's key, and only with it.
    let plain = rusqlite::Connection::open(machine.database()).unwrap();
    assert!(
        plain
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r
                .get::<_, i64>(0))
            .is_err(),
        "the database opened as plain SQLite"
    );
    let keyed = rusqlite::Connection::open(machine.database()).unwrap();
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    keyed
        .execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
    let company: String = keyed
        .query_row("SELECT company_id FROM connection", [], |r| r.get(0))
        .unwrap();
    assert_eq!(company, sb.company_id);
}

#[test]
fn a_key_file_others_can_read_is_refused_with_what_to_do() {
    use std::os::unix::fs::PermissionsExt;
    let sb = SandboxProcess::in_own_folder(EMPLOYEES);
    let machine = Headless::new();
    let key_file = machine.key_file();
    let key_path = key_file.to_str().unwrap();
    let secret = ("ROSTER_CLIENT_SECRET", sb.client_secret.as_str());

    // A file an admin made with the wrong permissions is not used.
    std::fs::write(&key_file, [9u8; 32]).unwrap();
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut args = vec!["--database-key-file", key_path];
    args.extend(sb.connect_args());
    let out = machine.run(&args, &[secret]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("can be read by other users") && err.contains("chmod 600"),
        "{err}"
    );
    assert!(!machine.database().exists(), "nothing was made");
    assert_eq!(
        std::fs::read(&key_file).unwrap(),
        [9u8; 32],
        "the file is left as it was"
    );

    // Made private, it works; opened up again later, every command refuses it.
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = machine.run(&args, &[secret]);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let env = [secret, ("ROSTER_DATABASE_KEY_FILE", key_path)];
    let out = machine.run(&["sync"], &env);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("chmod 600"),
        "{}",
        text(&out)
    );
    let out = machine.run(&["preview"], &env);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("chmod 600"),
        "{}",
        text(&out)
    );
}
