//! Desktop notifications for scheduled syncs that held or failed (Secret
//! Service's neighbour on Linux: the notification daemon over D-Bus).
//! A notification that cannot be shown is only logged: the run's outcome is
//! in history and, in the window, in its banner.

use std::time::Duration;

/// Shows `title` / `body` (no personal data) as a desktop notification,
/// waiting at most a few seconds for the desktop to take it.
pub fn desktop(title: &str, body: &str) {
    let (title, body) = (title.to_string(), body.to_string());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let shown = notify_rust::Notification::new()
            .appname("Roster")
            .summary(&title)
            .body(&body)
            .show()
            .map(|_| ())
            .map_err(|e| e.to_string());
        let _ = tx.send(shown);
    });
    match rx.recv_timeout(Duration::from_secs(5)) {
        Ok(Ok(())) => tracing::info!("desktop notification shown"),
        Ok(Err(e)) => tracing::warn!(error = %e, "desktop notification could not be shown"),
        Err(_) => tracing::warn!("desktop notification timed out"),
    }
}
