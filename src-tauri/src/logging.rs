//! Diagnostics go to a daily-rotated file under the data folder (and stderr
//! when asked). Log lines carry ids and counts, never secrets or employee
//! personal data: callers log `Sensitive` values only through its redacted Debug.

use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// How many daily log files are kept before the oldest is removed.
pub const KEEP_LOG_FILES: usize = 14;

/// Starts file logging in `dir`. Keep the guard alive for the life of the
/// process: dropping it flushes and stops the writer.
pub fn init(dir: &Path, also_stderr: bool) -> Result<WorkerGuard, String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("Could not create the log folder {}: {e}", dir.display()))?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("roster")
        .filename_suffix("log")
        .max_log_files(KEEP_LOG_FILES)
        .build(dir)
        .map_err(|e| format!("Could not open a log file in {}: {e}", dir.display()))?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("ROSTER_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let file_layer = fmt::layer().with_ansi(false).with_writer(writer);
    let stderr_layer = also_stderr.then(|| fmt::layer().with_writer(std::io::stderr));
    // A second init in one process (tests) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    Ok(guard)
}
