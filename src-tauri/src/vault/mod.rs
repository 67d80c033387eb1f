//! The only module that touches the OS keyring (Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows). Secrets leave it as
//! `Sensitive<T>`, which cannot be printed or serialised by accident.

mod sensitive;

pub use sensitive::Sensitive;

/// Keyring service name under which every Roster secret is filed.
pub const SERVICE: &str = "roster";

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error(
        "No OS keyring is reachable, so Roster cannot keep secrets safely. {hint} (detail: {detail})"
    )]
    Unavailable { hint: &'static str, detail: String },
    #[error(
        "The OS keyring refused access to Roster's entry: {0}. Unlock the keyring and try again."
    )]
    Denied(String),
    #[error("The secret stored in the OS keyring is not valid text.")]
    Corrupt,
}

#[cfg(target_os = "linux")]
const INSTALL_HINT: &str = "Install and start a Secret Service provider (on Debian: \
    `apt-get install gnome-keyring dbus-x11`, then log in to a desktop session, or run \
    Roster inside `dbus-run-session` with `gnome-keyring-daemon --unlock`).";
#[cfg(target_os = "macos")]
const INSTALL_HINT: &str = "Make sure the login Keychain is unlocked.";
#[cfg(target_os = "windows")]
const INSTALL_HINT: &str = "Make sure Windows Credential Manager is running.";

fn map_err(e: keyring::Error) -> VaultError {
    match e {
        keyring::Error::PlatformFailure(inner) => VaultError::Unavailable {
            hint: INSTALL_HINT,
            detail: inner.to_string(),
        },
        keyring::Error::NoStorageAccess(inner) => VaultError::Denied(inner.to_string()),
        keyring::Error::BadEncoding(_) => VaultError::Corrupt,
        other => VaultError::Unavailable {
            hint: INSTALL_HINT,
            detail: other.to_string(),
        },
    }
}

/// Pauses before the second and third try of a keyring call.
const RETRY_PAUSES: [std::time::Duration; 2] = [
    std::time::Duration::from_millis(100),
    std::time::Duration::from_millis(400),
];

/// Runs `call` on the entry for `name`, trying again (twice, half a second in
/// all) when the keyring service could not be reached: a Secret Service
/// daemon that exits or restarts loses the call in flight, and the session
/// bus starts it again for the next one. Refusals and missing entries are
/// answers, not failures, and are never repeated.
fn with_entry<T>(
    name: &str,
    call: impl Fn(&keyring::Entry) -> Result<T, keyring::Error>,
) -> Result<T, keyring::Error> {
    let mut pauses = RETRY_PAUSES.iter();
    loop {
        let result = keyring::Entry::new(SERVICE, name).and_then(|e| call(&e));
        match (result, pauses.next()) {
            (Err(keyring::Error::PlatformFailure(_)), Some(pause)) => std::thread::sleep(*pause),
            (result, _) => return result,
        }
    }
}

/// Stores `secret` under `name`, replacing any earlier value.
pub fn set(name: &str, secret: &Sensitive<String>) -> Result<(), VaultError> {
    with_entry(name, |e| e.set_password(secret.expose())).map_err(map_err)
}

/// The secret stored under `name`, or `None` when there is none.
pub fn get(name: &str) -> Result<Option<Sensitive<String>>, VaultError> {
    match with_entry(name, |e| e.get_password()) {
        Ok(s) => Ok(Some(Sensitive::new(s))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(map_err(e)),
    }
}

/// Removes the secret under `name`; `false` when there was none.
pub fn delete(name: &str) -> Result<bool, VaultError> {
    match with_entry(name, |e| e.delete_credential()) {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(map_err(e)),
    }
}

#[cfg(test)]
mod tests {
    //! These run against the real Secret Service: the test command starts
    //! gnome-keyring inside dbus-run-session with a scratch HOME.
    use super::*;

    #[test]
    fn round_trip_through_the_os_keyring() {
        let name = format!("test-roundtrip-{}", std::process::id());
        assert!(get(&name).unwrap().is_none(), "fresh name must be empty");
        set(&name, &Sensitive::new("s3cr3t-value".to_string())).unwrap();
        assert_eq!(get(&name).unwrap().unwrap().expose(), "s3cr3t-value");
        set(&name, &Sensitive::new("second".to_string())).unwrap();
        assert_eq!(get(&name).unwrap().unwrap().expose(), "second");
        assert!(delete(&name).unwrap());
        assert!(get(&name).unwrap().is_none());
        assert!(!delete(&name).unwrap());
    }

    /// Serialises the tests that talk to the keyring outside this module's
    /// retrying calls (secret-tool) with the one that stops the daemon.
    static OUTSIDE_CALLS: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn a_keyring_daemon_that_stops_between_calls_costs_no_secret() {
        // Only the private session scripts/with-keyring.sh starts may lose its
        // daemon: on a developer's desktop this would stop their own keyring.
        assert!(
            std::env::var_os("ROSTER_TEST_KEYRING").is_some(),
            "run the keyring tests through scripts/with-keyring.sh"
        );
        let _outside = OUTSIDE_CALLS.lock().unwrap_or_else(|p| p.into_inner());
        let name = format!("test-restart-{}", std::process::id());
        set(&name, &Sensitive::new("kept".to_string())).unwrap();
        // Only this session's daemon: other keyring sessions on the machine
        // (a parallel test run, the developer's own) are left alone.
        let owner = std::process::Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.GetConnectionUnixProcessID",
                "string:org.freedesktop.secrets",
            ])
            .output()
            .expect("dbus-send must be installed for the test run");
        let reply = String::from_utf8_lossy(&owner.stdout);
        let pid = reply
            .split_whitespace()
            .skip_while(|word| *word != "uint32")
            .nth(1)
            .unwrap_or_else(|| panic!("no Secret Service on this session bus: {reply}"));
        let killed = std::process::Command::new("kill")
            .args(["-KILL", pid])
            .status()
            .unwrap();
        assert!(killed.success(), "could not stop the keyring daemon {pid}");
        assert_eq!(get(&name).unwrap().unwrap().expose(), "kept");
        set(&name, &Sensitive::new("after".to_string())).unwrap();
        assert_eq!(get(&name).unwrap().unwrap().expose(), "after");
        assert!(delete(&name).unwrap());
    }

    #[test]
    fn secret_is_visible_to_other_keyring_clients() {
        let _outside = OUTSIDE_CALLS.lock().unwrap_or_else(|p| p.into_inner());
        // Proves the entry lives in the real Secret Service, not an in-process mock:
        // `secret-tool` (libsecret) is a separate process reading the same store.
        let name = format!("test-external-{}", std::process::id());
        set(&name, &Sensitive::new("seen-by-secret-tool".to_string())).unwrap();
        let out = std::process::Command::new("secret-tool")
            .args(["lookup", "service", SERVICE, "username", &name])
            .output()
            .expect("secret-tool (libsecret-tools) must be installed for the test run");
        delete(&name).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "seen-by-secret-tool"
        );
    }
}
