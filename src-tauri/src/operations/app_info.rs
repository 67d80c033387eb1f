//! What the About panel and `roster info` show: facts about this install
//! only; whether a connection exists is a yes/no, never its secret.

use serde::Serialize;
use ts_rs::TS;

use super::{AppState, Failure};

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub database_path: String,
    pub log_dir: String,
    /// Whether a TriNet connection has been saved (never the secret itself).
    pub connection_configured: bool,
    /// Why the database could not be opened, when it could not.
    pub storage_error: Option<Failure>,
}

/// Gathers `AppInfo` from the state; for the window and the CLI.
pub fn collect(state: &AppState) -> AppInfo {
    let (connection_configured, storage_error) = match state.reader() {
        Ok(store) => match store.connection_configured() {
            Ok(c) => (c, None),
            Err(e) => (false, Some(Failure::from(e))),
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
