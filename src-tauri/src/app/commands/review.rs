//! Step 3, Review: fetch and plan an import (with progress and Cancel),
//! page through its lines, decide needs-attention items, approve or reject,
//! export it as CSV; and the import history.

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::app::{AppState, IpcError};
use crate::model::{
    Applied, ChangeLine, ChangePage, ChangeQuery, ImportSummary, ImportTrigger, Resolution,
};
use crate::operations::auto_push;
use crate::operations::preview::{self, PreviewProgress};
use crate::sync::imports;

/// Fetches every employee afresh, maps them with the latest mapping, plans
/// the import against the directory and keeps it for review. Cancel with
/// `review_cancel`.
#[tauri::command]
pub async fn review_preview(
    state: State<'_, AppState>,
    on_progress: Channel<PreviewProgress>,
) -> Result<ImportSummary, IpcError> {
    Ok(preview::preview(&state, ImportTrigger::Manual, |p| {
        let _ = on_progress.send(p);
    })
    .await?)
}

/// Stops a running preview's fetch; it ends with a `cancelled` error.
#[tauri::command]
pub fn review_cancel(state: State<'_, AppState>) {
    state.preview_fetch.cancel();
}

/// The newest import waiting for review, if any.
#[tauri::command]
pub async fn review_open(state: State<'_, AppState>) -> Result<Option<ImportSummary>, IpcError> {
    Ok(state.read(imports::open_import).await?)
}

#[tauri::command]
pub async fn review_summary(
    state: State<'_, AppState>,
    import_id: i64,
) -> Result<ImportSummary, IpcError> {
    Ok(state.read(move |s| imports::summary(s, import_id)).await?)
}

/// A window of an import's lines, filtered.
#[tauri::command]
pub async fn review_changes(
    state: State<'_, AppState>,
    import_id: i64,
    query: ChangeQuery,
) -> Result<ChangePage, IpcError> {
    Ok(state
        .read(move |s| imports::changes(s, import_id, &query))
        .await?)
}

/// Records the decision on a needs-attention line (`None` takes it back).
#[tauri::command]
pub async fn review_resolve(
    state: State<'_, AppState>,
    import_id: i64,
    seq: u32,
    resolution: Option<Resolution>,
) -> Result<ChangeLine, IpcError> {
    Ok(state.write(|s| imports::resolve(s, import_id, seq, resolution))?)
}

/// Applies the import whole, or refuses with nothing applied.
#[tauri::command]
pub async fn review_approve<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    import_id: i64,
    confirm_guardrail: bool,
) -> Result<Applied, IpcError> {
    let applied =
        state.write(|s| imports::apply(s, import_id, confirm_guardrail, chrono::Utc::now()))?;
    state.checkpoint_soon();
    // Targets with auto-push get the safe part of their push in the
    // background; the window is told what went, what waits and what
    // failed, and History and Provisioning show it too.
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        for done in auto_push::run(&state, "automatic:import").await {
            if let Err(e) = crate::app::surface::emit_auto_push(&app, &done) {
                tracing::warn!(%e, "the auto-push notice could not be sent");
            }
        }
    });
    Ok(applied)
}

#[tauri::command]
pub async fn review_reject(
    state: State<'_, AppState>,
    import_id: i64,
) -> Result<ImportSummary, IpcError> {
    Ok(state.write(|s| imports::reject(s, import_id, chrono::Utc::now()))?)
}
