//! `app_info`: what the About panel shows. Facts about this install only;
//! whether a connection exists is a yes/no, never its secret.

use tauri::State;

use crate::app::{AppState, IpcError};
use crate::operations::app_info::{collect, AppInfo};

/// Async so it runs off the main thread: opening the database may wait on
/// another process's write.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    Ok(tokio::task::block_in_place(|| collect(&state)))
}
