//! Settings: the schedule, guardrails, the missing-from-TriNet count,
//! notifications and retention.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::app::{AppState, IpcError};
use crate::model::ImportTrigger;
use crate::store::Store;
use crate::sync::schedule;
use crate::sync::settings::{self, Settings};

/// The Settings screen's values, and what the schedule means right now.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SettingsView {
    pub settings: Settings,
    /// RFC 3339: when the next scheduled sync is due (none while the
    /// schedule is off or no connection is saved).
    pub next_run_at: Option<String>,
    /// RFC 3339: the last scheduled sync.
    pub last_run_at: Option<String>,
    pub connected: bool,
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The settings with the schedule's next and last run (shared with tests).
pub fn view(store: &Store, now: DateTime<Utc>) -> Result<SettingsView, crate::operations::Failure> {
    let settings = settings::load(store)?;
    let (schedule, since) = settings::schedule(store)?;
    let last_run_at = store.last_import_at(ImportTrigger::Scheduled)?;
    let connected = store.connection_configured()?;
    let next = connected
        .then(|| {
            schedule::next_due(
                &schedule,
                last_run_at.as_deref().and_then(parse_time),
                since,
                now,
                &chrono::Local,
            )
        })
        .flatten()
        .map(|t| t.max(now).to_rfc3339_opts(SecondsFormat::Secs, true));
    Ok(SettingsView {
        settings,
        next_run_at: next,
        last_run_at,
        connected,
    })
}

#[tauri::command]
pub async fn settings_get(state: State<'_, AppState>) -> Result<SettingsView, IpcError> {
    Ok(state.read(|s| view(s, Utc::now())).await?)
}

/// Validates and saves every setting at once; an invalid value saves
/// nothing and the message names its field.
#[tauri::command]
pub async fn settings_save(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<SettingsView, IpcError> {
    let now = Utc::now();
    state.write(|s| settings::save(s, &settings, now))?;
    Ok(state.read(move |s| view(s, now)).await?)
}
