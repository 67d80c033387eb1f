//! Where Roster keeps its data: the OS app-data folder unless `--data-dir` or
//! `ROSTER_DATA_DIR` says otherwise, and where its database key is (the OS
//! keyring unless `--database-key-file` names a file). Resolved without
//! tauri so the CLI and the window agree on one folder.

use std::path::{Path, PathBuf};

/// Matches `identifier` in tauri.conf.json, so the window and the CLI share a folder.
pub const APP_IDENTIFIER: &str = "dev.roster.desktop";

/// Whose data a database holds: the connected company's, or the embedded
/// sandbox company's. They never share a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    Company,
    Sandbox,
}

/// The folder layout under one data directory.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
    /// The file holding the database key on a machine without a keyring
    /// (`--database-key-file`); `None`: the OS keyring. Absolute.
    key_file: Option<PathBuf>,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            key_file: None,
        }
    }

    /// Keeps the database key in `file` (from `--database-key-file` /
    /// `ROSTER_DATABASE_KEY_FILE`) instead of the OS keyring.
    pub fn with_key_file(self, file: Option<PathBuf>) -> Self {
        Self {
            key_file: file.map(absolute),
            ..self
        }
    }

    pub fn key_file(&self) -> Option<&Path> {
        self.key_file.as_deref()
    }

    /// `override_dir` (from `--data-dir` / `ROSTER_DATA_DIR`) or the OS default.
    pub fn resolve(override_dir: Option<PathBuf>) -> Result<Self, String> {
        match override_dir {
            Some(dir) => Ok(Self::new(absolute(dir))),
            None => os_data_dir()
                .map(|d| Self::new(d.join(APP_IDENTIFIER)))
                .ok_or_else(|| {
                    "Could not find your home folder to keep Roster's data in. \
                     Set ROSTER_DATA_DIR or pass --data-dir."
                        .to_string()
                }),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn database(&self) -> PathBuf {
        self.root.join("roster.db")
    }

    pub fn logs(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// The folder of one profile: the real company uses the root; the sandbox
    /// company has its own folder (and so its own database) below it.
    pub fn profile(&self, profile: Profile) -> DataDir {
        match profile {
            Profile::Company => self.clone(),
            Profile::Sandbox => DataDir {
                root: self.root.join("sandbox"),
                key_file: self.key_file.clone(),
            },
        }
    }

    /// The profile in use when Roster last ran (the real company by default).
    pub fn active_profile(&self) -> Profile {
        match std::fs::read_to_string(self.root.join("active-profile")) {
            Ok(s) if s.trim() == "sandbox" => Profile::Sandbox,
            _ => Profile::Company,
        }
    }

    pub fn set_active_profile(&self, profile: Profile) -> std::io::Result<()> {
        let marker = self.root.join("active-profile");
        match profile {
            Profile::Sandbox => std::fs::write(marker, "sandbox\n"),
            Profile::Company => match std::fs::remove_file(marker) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        }
    }

    /// Where the embedded sandbox keeps its company between runs.
    pub fn sandbox_state(&self) -> PathBuf {
        self.profile(Profile::Sandbox)
            .root
            .join("sandbox-company.json")
    }

    pub fn create(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.root)?;
        std::fs::create_dir_all(self.logs())
    }
}

fn absolute(dir: PathBuf) -> PathBuf {
    if dir.is_absolute() {
        dir
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(&dir))
            .unwrap_or(dir)
    }
}

fn non_empty_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

#[cfg(target_os = "linux")]
fn os_data_dir() -> Option<PathBuf> {
    non_empty_env("XDG_DATA_HOME").or_else(|| non_empty_env("HOME").map(|h| h.join(".local/share")))
}

#[cfg(target_os = "macos")]
fn os_data_dir() -> Option<PathBuf> {
    non_empty_env("HOME").map(|h| h.join("Library/Application Support"))
}

#[cfg(target_os = "windows")]
fn os_data_dir() -> Option<PathBuf> {
    non_empty_env("APPDATA")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_wins_and_is_made_absolute() {
        let d = DataDir::resolve(Some(PathBuf::from("rel/dir"))).unwrap();
        assert!(d.root().is_absolute());
        assert!(d.root().ends_with("rel/dir"));
        assert_eq!(d.database(), d.root().join("roster.db"));
    }

    #[test]
    fn the_key_file_is_made_absolute_and_serves_both_profiles() {
        let d = DataDir::new("/data").with_key_file(Some(PathBuf::from("keys/roster.key")));
        let file = d.key_file().unwrap();
        assert!(file.is_absolute() && file.ends_with("keys/roster.key"));
        assert_eq!(d.profile(Profile::Sandbox).key_file(), Some(file));
        assert_eq!(DataDir::new("/data").key_file(), None);
    }

    #[test]
    fn the_sandbox_has_its_own_database_and_the_choice_is_remembered() {
        let tmp = tempfile::tempdir().unwrap();
        let d = DataDir::new(tmp.path());
        assert_eq!(d.active_profile(), Profile::Company);
        assert_ne!(d.profile(Profile::Sandbox).database(), d.database());
        d.set_active_profile(Profile::Sandbox).unwrap();
        assert_eq!(d.active_profile(), Profile::Sandbox);
        d.set_active_profile(Profile::Company).unwrap();
        d.set_active_profile(Profile::Company).unwrap();
        assert_eq!(d.active_profile(), Profile::Company);
    }
}
