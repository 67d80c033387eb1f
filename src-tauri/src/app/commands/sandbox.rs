//! The sandbox company's clock, from the window (see `operations::sandbox`).

use tauri::State;

use crate::app::{AppState, IpcError};
use crate::operations::sandbox::{self, SandboxAdvanced};

/// Moves the sandbox company `days` (1 to 31) days forward.
#[tauri::command]
pub async fn sandbox_advance(
    state: State<'_, AppState>,
    days: u32,
) -> Result<SandboxAdvanced, IpcError> {
    Ok(sandbox::advance(&state, days).await?)
}
