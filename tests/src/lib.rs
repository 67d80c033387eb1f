//! Shared pieces for black-box tests of the built `roster` binary: where the
//! binary is, how to run it, and the real window driven through fantoccini.

pub mod webdriver;

use std::path::PathBuf;
use std::process::{Command, Output};

/// The workspace root (tests/ sits one level below it).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The built `roster` binary: `ROSTER_BIN`, else debug/roster in the
/// cargo target folder (`CARGO_TARGET_DIR`, else target/).
/// The test command builds it before running these tests.
pub fn roster_bin() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| workspace_root().join(dir))
        .unwrap_or_else(|| workspace_root().join("target"));
    let path = std::env::var_os("ROSTER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target.join("debug/roster"));
    assert!(
        path.exists(),
        "{} not found: build it first with `cargo build -p roster` (the test command does)",
        path.display()
    );
    path
}

/// The version the app crate declares; what the binary and About must show.
pub fn expected_version() -> String {
    let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
    manifest
        .lines()
        .skip_while(|l| l.trim() != "[workspace.package]")
        .find_map(|l| l.trim().strip_prefix("version = "))
        .map(|v| v.trim_matches('"').to_string())
        .expect("workspace.package.version in Cargo.toml")
}

/// Every kind an import puts a person in, as `preview --json` and the
/// Review cards name them.
pub const CHANGE_KINDS: [&str; 9] = [
    "new",
    "updated",
    "deactivated",
    "reactivated",
    "leave_started",
    "leave_ended",
    "unchanged",
    "excluded",
    "needs_attention",
];

/// Runs `roster` with `args` and a private data folder.
pub fn roster(data_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(roster_bin())
        .args(args)
        .env("ROSTER_DATA_DIR", data_dir)
        .output()
        .expect("roster runs")
}

/// A TriNet company as Roster reaches it: its API, read with the client's
/// own credentials over real HTTP, and (for a sandbox) its control routes.
pub struct TriNet {
    pub url: String,
    pub company_id: String,
    pub client_id: String,
    pub client_secret: String,
}

impl TriNet {
    /// The sandbox company the window started in the data folder `data`
    /// ("Try the sandbox"): where it listens and its client ID, as
    /// `roster --sandbox status` reports them; its secret, from the keyring.
    pub fn of_window_sandbox(data: &std::path::Path) -> Self {
        let out = roster(data, &["--sandbox", "status", "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("status --json ({e}): {}", text(&out)));
        let field = |k: &str| {
            v[k].as_str()
                .unwrap_or_else(|| panic!("{k} missing in {v}"))
                .to_string()
        };
        let (company_id, client_id) = (field("company_id"), field("client_id"));
        Self {
            url: field("base_url"),
            client_secret: keyring_secret(&format!("trinet:{company_id}:{client_id}")),
            company_id,
            client_id,
        }
    }

    /// `POST /_sandbox/<what>` with a JSON body; the JSON answer.
    pub fn control(&self, what: &str, body: serde_json::Value) -> serde_json::Value {
        reqwest::blocking::Client::new()
            .post(format!("{}/_sandbox/{what}", self.url))
            .json(&body)
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .unwrap_or_else(|e| panic!("sandbox control {what} failed: {e}"))
    }

    /// `GET /_sandbox/state`: the sandbox's own account of its company
    /// (`employees` is how many records its employees endpoint returns).
    pub fn state(&self) -> serde_json::Value {
        reqwest::blocking::get(format!("{}/_sandbox/state", self.url))
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .unwrap_or_else(|e| panic!("sandbox state failed: {e}"))
    }

    /// Every employee record the company's API serves (`viewType=All`),
    /// read as any TriNet client reads them: a client-credentials token,
    /// then page after page.
    pub fn employees(&self) -> Vec<serde_json::Value> {
        let http = reqwest::blocking::Client::new();
        let token: serde_json::Value = http
            .post(format!("{}/oauth/accesstoken", self.url))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", &self.client_id),
                ("client_secret", &self.client_secret),
            ])
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .unwrap_or_else(|e| panic!("TriNet token request failed: {e}"));
        let token = token["access_token"].as_str().expect("an access token");
        let mut all = Vec::new();
        loop {
            let page: serde_json::Value = http
                .get(format!(
                    "{}/v1/company/{}/employees?viewType=All&offset={}",
                    self.url,
                    self.company_id,
                    all.len() + 1
                ))
                .bearer_auth(token)
                .send()
                .and_then(|r| r.error_for_status())
                .and_then(|r| r.json())
                .unwrap_or_else(|e| panic!("TriNet employees request failed: {e}"));
            let data = &page["data"];
            all.extend(
                data["employeeData"]
                    .as_array()
                    .unwrap_or_else(|| panic!("a page of employees: {page}"))
                    .iter()
                    .cloned(),
            );
            if data["hasMore"] != true {
                return all;
            }
        }
    }

    /// Saves this company as the connection of the data folder `data_dir`.
    pub fn connect(&self, data_dir: &std::path::Path) {
        let out = roster_with_input(data_dir, &self.connect_args(), &self.client_secret, &[]);
        assert!(out.status.success(), "connect failed: {}", text(&out));
    }

    /// `roster connect` pointed at this company; the secret goes separately.
    pub fn connect_args(&self) -> Vec<&str> {
        vec![
            "connect",
            "--company",
            &self.company_id,
            "--client-id",
            &self.client_id,
            "--base-url",
            &self.url,
        ]
    }
}

/// The secret the OS keyring holds under `entry` (read with `secret-tool`,
/// another keyring client); empty when there is none.
pub fn keyring_secret(entry: &str) -> String {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "roster", "username", entry])
        .output()
        .expect("secret-tool");
    String::from_utf8(out.stdout).unwrap()
}

/// A finished `roster` run, exit code and both streams, for a failure message.
pub fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The standard output of a `roster` run that must have succeeded.
pub fn ok(out: &Output) -> String {
    assert!(out.status.success(), "roster failed: {}", text(out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The seed of the sandbox the window starts ("Try the sandbox").
const WINDOW_SANDBOX_SEED: u64 = 42;

/// The running test's own seed, from its name (libtest names each test's
/// thread after it): the same company every run, and a client ID no other
/// test's (nor the window's own sandbox's), so one test's Revoke cannot
/// remove the keyring entry another test's connection reads.
fn seed_of_this_test() -> u64 {
    let thread = std::thread::current();
    let name = thread.name().unwrap_or("unnamed");
    // FNV-1a: stable across runs and Rust versions, unlike DefaultHasher.
    let seed = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    if seed == WINDOW_SANDBOX_SEED {
        seed + 1
    } else {
        seed
    }
}

/// Which test started a sandbox with each client ID, in this test binary.
static CLIENT_IDS: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());

/// `roster sandbox --json` running as its own process; stopped on drop.
/// Its company (URL, credentials, API) is reached through `Deref`.
pub struct SandboxProcess {
    child: std::process::Child,
    company: TriNet,
    /// The sandbox's made-up identity directory (SCIM 2.0) and its token.
    pub scim_url: String,
    pub scim_token: String,
    /// The sandbox's own folder, when it made one (`connected`).
    _dir: Option<tempfile::TempDir>,
}

impl std::ops::Deref for SandboxProcess {
    type Target = TriNet;
    fn deref(&self) -> &TriNet {
        &self.company
    }
}

impl SandboxProcess {
    /// A sandbox company of `employees` people (the running test's own) in
    /// a folder of its own, and a fresh data folder connected to it.
    pub fn connected(employees: usize) -> (Self, tempfile::TempDir) {
        let sandbox = Self::in_own_folder(employees);
        let data = tempfile::tempdir().unwrap();
        sandbox.connect(data.path());
        (sandbox, data)
    }

    /// A sandbox company of `employees` people (the running test's own) in
    /// a folder of its own, removed after it stops.
    pub fn in_own_folder(employees: usize) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut sandbox = Self::with_employees(dir.path(), employees);
        sandbox._dir = Some(dir);
        sandbox
    }

    /// A sandbox company of 150 people, the running test's own.
    pub fn start(data_dir: &std::path::Path) -> Self {
        Self::with_employees(data_dir, 150)
    }

    /// A sandbox company of `employees` people, the running test's own.
    pub fn with_employees(data_dir: &std::path::Path, employees: usize) -> Self {
        Self::seeded(data_dir, employees, seed_of_this_test())
    }

    /// A sandbox company of `employees` people from `seed`. Panics if
    /// another test of this binary already has a sandbox with the same
    /// client ID (the seed decides it): the two would share a keyring entry.
    fn seeded(data_dir: &std::path::Path, employees: usize, seed: u64) -> Self {
        use std::io::BufRead;
        assert_ne!(
            seed, WINDOW_SANDBOX_SEED,
            "seed {seed} is the window's own sandbox's: its client ID would be shared"
        );
        let employees = employees.to_string();
        let seed = seed.to_string();
        let mut child = Command::new(roster_bin())
            .args([
                "sandbox",
                "--json",
                "--employees",
                &employees,
                "--seed",
                &seed,
            ])
            .env("ROSTER_DATA_DIR", data_dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("roster sandbox starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| {
            panic!("first stdout line of `roster sandbox --json` is not JSON ({e}): {line}")
        });
        let field = |k: &str| {
            v[k].as_str()
                .unwrap_or_else(|| panic!("{k} missing in {line}"))
                .to_string()
        };
        let sandbox = Self {
            scim_url: field("scim_url"),
            scim_token: field("scim_token"),
            company: TriNet {
                url: field("url"),
                company_id: field("company_id"),
                client_id: field("client_id"),
                client_secret: field("client_secret"),
            },
            child,
            _dir: None,
        };
        let test = std::thread::current()
            .name()
            .unwrap_or("unnamed")
            .to_string();
        let mut taken = CLIENT_IDS.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, other)) = taken
            .iter()
            .find(|(id, t)| *id == sandbox.client_id && *t != test)
        {
            panic!("{test} and {other} started sandboxes with the same client ID");
        }
        taken.push((sandbox.client_id.clone(), test));
        drop(taken);
        sandbox
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `roster` with `args`, `stdin` piped in, and extra environment.
pub fn roster_with_input(
    data_dir: &std::path::Path,
    args: &[&str],
    stdin: &str,
    env: &[(&str, &str)],
) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(roster_bin());
    cmd.args(args)
        .env("ROSTER_DATA_DIR", data_dir)
        .env_remove("ROSTER_CLIENT_SECRET")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("roster runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Every row of every table in the encrypted database at `db`, decrypted with
/// the key the app keeps in the OS keyring (read with `secret-tool`, another
/// keyring client), as text.
pub fn decrypted_dump(db: &std::path::Path) -> String {
    let conn = open_decrypted(db);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        tables.iter().any(|t| t == "connection"),
        "decrypted: {tables:?}"
    );
    let mut out = String::new();
    for t in tables {
        out.push_str(&table_dump(&conn, &format!("SELECT * FROM \"{t}\""), &t));
    }
    out
}

/// The rows `sql` selects, one line each, prefixed with `label`.
pub fn table_dump(conn: &rusqlite::Connection, sql: &str, label: &str) -> String {
    let mut out = String::new();
    let mut stmt = conn.prepare(sql).unwrap();
    let cols = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        out.push_str(label);
        for i in 0..cols {
            let v: rusqlite::types::Value = row.get(i).unwrap();
            out.push_str(&format!("\t{v:?}"));
        }
        out.push('\n');
    }
    out
}

/// The encrypted database at `db`, opened with the key the app keeps in
/// the OS keyring (read with `secret-tool`, another keyring client).
pub fn open_decrypted(db: &std::path::Path) -> rusqlite::Connection {
    let key = keyring_secret(&database_key_entry(db));
    assert_eq!(key.trim().len(), 64, "database key found in the keyring");
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.trim()))
        .unwrap();
    conn
}

/// The keyring entry that holds the key of the database at `db`: its
/// absolute path as written (symlinks are not followed).
pub fn database_key_entry(db: &std::path::Path) -> String {
    assert!(db.is_absolute(), "{}", db.display());
    format!("database-key:{}", db.display())
}

/// Every log file under `dir`, concatenated.
pub fn all_logs(dir: &std::path::Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
    }
    text
}

/// Answers the native save dialog titled `title` on the test's X display
/// with `path`, as a person would: focus it, type the full path into the
/// file name field, press Enter. Needs xdotool.
pub fn answer_save_dialog(title: &str, path: &std::path::Path) {
    let xdotool = |args: &[&str]| {
        Command::new("xdotool")
            .args(args)
            .output()
            .expect("xdotool runs (apt-get install xdotool)")
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let window = loop {
        let found = xdotool(&["search", "--onlyvisible", "--name", title]);
        let ids = String::from_utf8_lossy(&found.stdout);
        if let Some(id) = ids.lines().next().filter(|l| !l.trim().is_empty()) {
            break id.trim().to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no save dialog titled {title:?} appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    xdotool(&["windowfocus", "--sync", &window]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&[
        "type",
        "--clearmodifiers",
        "--delay",
        "10",
        &path.display().to_string(),
    ]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    xdotool(&["key", "--clearmodifiers", "Return"]);
}
