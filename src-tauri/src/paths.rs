//! Where Roster keeps its data: the OS app-data folder unless `--data-dir` or
//! `ROSTER_DATA_DIR` says otherwise. Resolved without tauri so the CLI and
//! the window agree on one folder.

use std::path::{Path, PathBuf};

/// Matches `identifier` in tauri.conf.json, so the window and the CLI share a folder.
pub const APP_IDENTIFIER: &str = "dev.roster.desktop";

/// The folder layout under one data directory.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
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
}
