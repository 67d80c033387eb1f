//! Step 3, Review: fetch and plan an import (with progress and Cancel),
//! page through its lines, decide needs-attention items, approve or reject,
//! export it as CSV; and the import history.

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;

use crate::app::{AppState, IpcError};
use crate::connection;
use crate::paths::Profile;
use crate::runlock;
use crate::sync;
use crate::sync::imports::{self, PlanInput};
use crate::sync::model::{
    Applied, ChangeLine, ChangePage, ChangeQuery, ImportSummary, ImportTrigger, Resolution,
};
use crate::trinet::CancelToken;

use super::connection::ensure_sandbox;

/// How long a preview waits for another run (a scheduled sync, or a
/// preview in another window or terminal) to finish.
const PREVIEW_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// How far a preview has got.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum PreviewProgress {
    /// Pages of employees arriving from TriNet.
    Fetching(sync::FetchProgress),
    /// Mapping and comparing with the directory.
    Planning { employees: u32 },
}

/// Fetches every employee afresh, maps them with the latest mapping, plans
/// the import against the directory and keeps it for review. Cancel with
/// `review_cancel`.
#[tauri::command]
pub async fn review_preview(
    state: State<'_, AppState>,
    on_progress: Channel<PreviewProgress>,
) -> Result<ImportSummary, IpcError> {
    preview(&state, ImportTrigger::Manual, |p| {
        let _ = on_progress.send(p);
    })
    .await
}

/// Fetch, map, plan and store, reporting progress; shared by the window
/// and (through the same domain calls) the CLI.
pub async fn preview(
    state: &AppState,
    trigger: ImportTrigger,
    mut progress: impl FnMut(PreviewProgress) + Send,
) -> Result<ImportSummary, IpcError> {
    // A scheduled sync in progress (this process or another) finishes first.
    let _run = state.import_run.lock().await;
    let profile = state.profile();
    let lock_path = state.run_lock_path(profile);
    let cancel = CancelToken::new();
    let lock = runlock::acquire(&lock_path, PREVIEW_WAIT, &cancel);
    let _lock = lock.await?;
    if profile == Profile::Sandbox {
        ensure_sandbox(state).await?;
    }
    let (row, form) = connection::saved_form(&*state.store_of(profile)?)?;
    let employees = state
        .preview_fetch
        .fetch(&form, |p| progress(PreviewProgress::Fetching(p.into())))
        .await?;
    let today = sync::fetch::plan_date(
        &form,
        profile == Profile::Sandbox,
        chrono::Local::now().date_naive(),
    )
    .await;
    progress(PreviewProgress::Planning {
        employees: employees.len() as u32,
    });
    let now = chrono::Utc::now();
    let company_id = form.credentials.company_id.clone();
    let summary = {
        // Refused if the company changed while fetching: its people must
        // never be planned into another company's database.
        let store = state.store_for_run(profile, &row)?;
        // Planning a large company takes a moment; the database is held
        // for it so no other write interleaves.
        tokio::task::block_in_place(|| {
            imports::plan_fetch(
                &store,
                PlanInput {
                    employees: &employees,
                    company_id: &company_id,
                    trigger,
                    today,
                    now,
                },
            )
        })?
    };
    Ok(summary)
}

/// Stops a running preview's fetch; it ends with a `cancelled` error.
#[tauri::command]
pub fn review_cancel(state: State<'_, AppState>) {
    state.preview_fetch.cancel();
}

/// The newest import waiting for review, if any.
#[tauri::command]
pub async fn review_open(state: State<'_, AppState>) -> Result<Option<ImportSummary>, IpcError> {
    Ok(imports::open_import(&*state.store()?)?)
}

#[tauri::command]
pub async fn review_summary(
    state: State<'_, AppState>,
    import_id: i64,
) -> Result<ImportSummary, IpcError> {
    Ok(imports::summary(&*state.store()?, import_id)?)
}

/// A window of an import's lines, filtered.
#[tauri::command]
pub async fn review_changes(
    state: State<'_, AppState>,
    import_id: i64,
    query: ChangeQuery,
) -> Result<ChangePage, IpcError> {
    Ok(imports::changes(&*state.store()?, import_id, &query)?)
}

/// Records the decision on a needs-attention line (`None` takes it back).
#[tauri::command]
pub async fn review_resolve(
    state: State<'_, AppState>,
    import_id: i64,
    seq: u32,
    resolution: Option<Resolution>,
) -> Result<ChangeLine, IpcError> {
    Ok(imports::resolve(
        &*state.store()?,
        import_id,
        seq,
        resolution,
    )?)
}

/// Applies the import whole, or refuses with nothing applied.
#[tauri::command]
pub async fn review_approve(
    state: State<'_, AppState>,
    import_id: i64,
    confirm_guardrail: bool,
) -> Result<Applied, IpcError> {
    let store = state.store()?;
    Ok(tokio::task::block_in_place(|| {
        imports::apply(&store, import_id, confirm_guardrail, chrono::Utc::now())
    })?)
}

#[tauri::command]
pub async fn review_reject(
    state: State<'_, AppState>,
    import_id: i64,
) -> Result<ImportSummary, IpcError> {
    Ok(imports::reject(
        &*state.store()?,
        import_id,
        chrono::Utc::now(),
    )?)
}
