//! The schedule's background task while the window is open: wakes every
//! 30 seconds, runs a scheduled sync when one is due (see
//! `operations::scheduled`), announces it to the window and, when it needs
//! the admin, on the desktop.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tauri::{AppHandle, Manager, Runtime};

use crate::operations::scheduled::{due, notification, notifications_on, run_guarded, Announced};
use crate::operations::AppState;
use crate::sync;
use crate::sync::run::{SyncOutcome, SyncResult};

/// How often the task looks at the clock.
const TICK: Duration = Duration::from_secs(30);

/// Starts the background task (from the app's setup).
pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        // The last attempt, so a run that could not even start (no secret)
        // waits for the next interval instead of retrying every tick.
        let mut last_attempt: Option<DateTime<Utc>> = None;
        let mut announced = Announced::default();
        loop {
            tokio::time::sleep(TICK).await;
            let state = app.state::<AppState>();
            let now = Utc::now();
            if !due(&state, last_attempt, now) {
                continue;
            }
            last_attempt = Some(now);
            tracing::info!("scheduled sync starting");
            let outcome = match run_guarded(&state).await {
                Ok(o) => o,
                Err(e) => {
                    tracing::warn!(code = ?e.code, "scheduled sync could not start");
                    SyncOutcome {
                        result: SyncResult::Failed,
                        import_id: None,
                        review_import_id: None,
                        message: format!("Scheduled sync could not start: {}", e.message),
                        reasons: vec![e.message],
                        needs_attention: 0,
                        new_attention: 0,
                        counts: None,
                    }
                }
            };
            tracing::info!(result = ?outcome.result, import_id = ?outcome.import_id, "scheduled sync finished");
            if let Err(e) = super::surface::emit_scheduled_sync(&app, &outcome) {
                tracing::warn!(error = %e, "could not announce the scheduled sync");
            }
            if !announced.is_new(&outcome) {
                continue;
            }
            if let Some((title, body)) = notification(&outcome) {
                if notifications_on(&state) {
                    tokio::task::spawn_blocking(move || sync::notify::desktop(&title, &body));
                }
            }
        }
    });
}
