//! `app_info`: what the About panel shows. Facts about this install only;
//! whether a connection exists is a yes/no, never its secret.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::app::{AppState, IpcError};

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub database_path: String,
    pub log_dir: String,
    /// Whether a TriNet connection has been saved (never the secret itself).
    pub connection_configured: bool,
    /// Why the database could not be opened, when it could not.
    pub storage_error: Option<IpcError>,
}

/// Gathers `AppInfo` from the state; shared by the command and the CLI.
pub fn collect(state: &AppState) -> AppInfo {
    let (connection_configured, storage_error) = match state.store() {
        Ok(store) => match store.connection_configured() {
            Ok(c) => (c, None),
            Err(e) => (false, Some(IpcError::from(e))),
        },
        Err(e) => (false, Some(e)),
    };
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir.root().display().to_string(),
        database_path: state.data_dir.database().display().to_string(),
        log_dir: state.data_dir.logs().display().to_string(),
        connection_configured,
        storage_error,
    }
}

/// Async so it runs off the main thread: opening the database may wait on
/// another process's write.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    Ok(tokio::task::block_in_place(|| collect(&state)))
}
