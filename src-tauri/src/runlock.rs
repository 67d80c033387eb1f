//! One import run at a time per company database, across processes: the
//! window's preview, its schedule, `roster preview` and `roster sync` under
//! cron all take an OS file lock on `run.lock` in the profile's data folder
//! before they fetch and hold it until their import is stored (and, for a
//! scheduled run, applied or held). The OS drops the lock when the process
//! ends, so a crashed or killed run never leaves it stuck.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::trinet::CancelToken;

/// The lock file in a profile's data folder.
pub fn lock_path(profile_root: &Path) -> PathBuf {
    profile_root.join("run.lock")
}

/// Why the lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum RunLockError {
    #[error(
        "Another Roster run (a scheduled sync, or a preview in another window or terminal) is \
         using this company's data; waited {waited_secs} s. Try again once it has finished."
    )]
    Busy { waited_secs: u64 },
    #[error("Stopped while waiting for another Roster run to finish; nothing changed.")]
    Cancelled,
    #[error("Could not use the run lock {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The held lock; released on drop (and by the OS if the process dies).
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

fn open(path: &Path) -> Result<File, RunLockError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| RunLockError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|source| RunLockError::Io {
            path: path.to_path_buf(),
            source,
        })
}

/// Takes the lock at `path`, waiting up to `wait` for another run to
/// finish. `cancel` ends the wait early.
pub async fn acquire(
    path: &Path,
    wait: Duration,
    cancel: &CancelToken,
) -> Result<RunLock, RunLockError> {
    let file = open(path)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(RunLock { _file: file }),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(source)) => {
                return Err(RunLockError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        }
        if cancel.is_cancelled() {
            return Err(RunLockError::Cancelled);
        }
        if started.elapsed() >= wait {
            return Err(RunLockError::Busy {
                waited_secs: wait.as_secs(),
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_run_waits_then_gives_up_and_a_released_lock_is_free() {
        let dir = tempfile::tempdir().unwrap();
        let path = lock_path(dir.path());
        let none = CancelToken::new();
        let first = acquire(&path, Duration::ZERO, &none).await.unwrap();
        let waited = Instant::now();
        let second = acquire(&path, Duration::from_millis(300), &none).await;
        assert!(
            matches!(second, Err(RunLockError::Busy { .. })),
            "{second:?}"
        );
        assert!(waited.elapsed() >= Duration::from_millis(300));
        let cancelled = CancelToken::new();
        cancelled.cancel();
        assert!(matches!(
            acquire(&path, Duration::from_secs(60), &cancelled).await,
            Err(RunLockError::Cancelled)
        ));
        drop(first);
        acquire(&path, Duration::ZERO, &none)
            .await
            .expect("free once the first run ends");
    }
}
