//! The configuration file, from Settings: export and import through the
//! native save and open dialogs, so a path never comes from the webview.

use chrono::Utc;
use tauri::{AppHandle, Runtime, State};

use crate::app::{dialog, AppState, IpcError};
use crate::paths::Profile;
use crate::sync::config::{self, ConfigImported};

/// Asks where to save the configuration, then writes it there. `None`:
/// the admin cancelled.
#[tauri::command]
pub async fn config_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>, IpcError> {
    let text = state.read(|s| config::export(s, Utc::now())).await?;
    let Some(path) = dialog::save_path(
        &app,
        "Export Roster configuration",
        "roster-configuration.json",
        dialog::CONFIG,
    )
    .await
    else {
        return Ok(None);
    };
    // A few kilobytes: written in place rather than handed to another thread.
    crate::files::write_whole(&path, text.as_bytes())
        .map_err(|e| crate::operations::Failure::internal("write the configuration file", e))?;
    tracing::info!("configuration exported");
    Ok(Some(file_name(&path)))
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Asks for a configuration file, then imports it (checked whole first;
/// a bad file changes nothing). `None`: the admin cancelled.
#[tauri::command]
pub async fn config_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ConfigImported>, IpcError> {
    let Some(path) = dialog::open_path(&app, "Import Roster configuration", dialog::CONFIG).await
    else {
        return Ok(None);
    };
    let text = match tokio::fs::read(&path).await {
        Ok(bytes) if bytes.len() <= 16 * 1024 * 1024 => {
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Ok(_) => {
            return Err(crate::sync::SyncError::InvalidConfig {
                message: "the file is larger than a configuration can be.".into(),
            }
            .into())
        }
        Err(e) => {
            return Err(crate::sync::SyncError::InvalidConfig {
                message: format!("{} could not be read ({e}).", file_name(&path)),
            }
            .into())
        }
    };
    let sandbox = state.profile() == Profile::Sandbox;
    Ok(Some(state.write(|s| {
        config::import(s, &text, sandbox, Utc::now())
    })?))
}
