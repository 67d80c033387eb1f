//! Provisioning: SCIM targets (the token goes inward to the keyring and is
//! never in a reply), their rules, push preview (cancellable), approve or
//! reject, receipts, and the reconciliation report (kept in History) with
//! its CSV.

use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime, State};
use ts_rs::TS;

use crate::app::dialog::{self, CSV};
use crate::app::{AppState, IpcError};
use crate::model::{Exported, ReconciliationDetail};
use crate::operations::provision::{
    self as operation, PushApplied, PushPreview, PushRecord, TargetInfo,
};
use crate::operations::target_rules::RulesCheck;
use crate::reconcile::TargetSettings;
use crate::vault::Sensitive;

/// Who decides a push from the window, as history records it.
const BY: &str = "window";

/// The Add target form. The token only ever travels inward.
#[derive(Debug, Deserialize, TS)]
pub struct TargetForm {
    pub name: String,
    pub base_url: String,
    #[ts(type = "string")]
    pub token: Sensitive<String>,
}

#[tauri::command]
pub async fn target_list(state: State<'_, AppState>) -> Result<Vec<TargetInfo>, IpcError> {
    Ok(operation::list_targets(&state).await?)
}

/// Saves the target (token to the keyring) and tests it; a failed test
/// still keeps the target and says why.
#[tauri::command]
pub async fn target_add(
    state: State<'_, AppState>,
    form: TargetForm,
) -> Result<TargetInfo, IpcError> {
    Ok(operation::add_target(&state, &form.name, &form.base_url, form.token).await?)
}

/// Reads the target's discovery documents again.
#[tauri::command]
pub async fn target_test(state: State<'_, AppState>, name: String) -> Result<TargetInfo, IpcError> {
    Ok(operation::test_target(&state, &name).await?)
}

/// Removes the target and its token; History keeps its pushes and reconciliations.
#[tauri::command]
pub async fn target_remove(state: State<'_, AppState>, name: String) -> Result<(), IpcError> {
    Ok(operation::remove_target(&state, &name).await?)
}

/// "Use the sandbox directory": the sandbox's identity directory as a target.
#[tauri::command]
pub async fn target_use_sandbox(state: State<'_, AppState>) -> Result<TargetInfo, IpcError> {
    Ok(operation::connect_sandbox_target(&state).await?)
}

#[tauri::command]
pub async fn target_settings(
    state: State<'_, AppState>,
    name: String,
) -> Result<TargetSettings, IpcError> {
    Ok(operation::target_settings(&state, &name).await?)
}

#[tauri::command]
pub async fn target_settings_save(
    state: State<'_, AppState>,
    name: String,
    settings: TargetSettings,
) -> Result<TargetSettings, IpcError> {
    Ok(operation::save_target_settings(&state, &name, settings).await?)
}

/// The draft rules' group names checked against the directory, while the
/// admin edits them (nothing is saved).
#[tauri::command]
pub async fn target_rules_check(
    state: State<'_, AppState>,
    name: String,
    settings: TargetSettings,
) -> Result<RulesCheck, IpcError> {
    Ok(crate::operations::target_rules::check_rules(&state, &name, &settings).await?)
}

/// Reads the directory and the target and keeps the plan for review.
/// Cancel with `push_cancel`.
#[tauri::command]
pub async fn push_preview(
    state: State<'_, AppState>,
    target: String,
) -> Result<PushPreview, IpcError> {
    let cancel = state.push_preview.start();
    let preview = operation::preview(&state, &target, &cancel).await;
    state.push_preview.finish();
    Ok(preview?)
}

/// Stops a running push preview; it ends with a `cancelled` error.
#[tauri::command]
pub fn push_cancel(state: State<'_, AppState>) {
    state.push_preview.cancel();
}

/// The target's push waiting for review, if any.
#[tauri::command]
pub async fn push_open(
    state: State<'_, AppState>,
    target: String,
) -> Result<Option<PushPreview>, IpcError> {
    Ok(operation::open_push(&state, &target).await?)
}

/// What a push run sends.
enum PushRun {
    /// The pending push (a tripped guardrail needs the confirmation).
    Pending { confirm_guardrail: bool },
    /// The failed accounts of the last partial push.
    Failed,
}

/// Runs `what` to completion on a blocking thread: the apply future is not
/// provably `Send` (rustc's higher-ranked closure limits), so it cannot run
/// on an async worker.
async fn send<R: Runtime>(
    app: AppHandle<R>,
    target: String,
    what: PushRun,
) -> Result<PushApplied, IpcError> {
    let applied = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let cancel = crate::net::CancelToken::new();
        tauri::async_runtime::block_on(async {
            match what {
                PushRun::Pending { confirm_guardrail } => {
                    operation::apply(&state, &target, confirm_guardrail, BY, &cancel).await
                }
                PushRun::Failed => operation::retry(&state, &target, BY, &cancel).await,
            }
        })
    })
    .await
    .map_err(|e| crate::operations::Failure::internal("send the push", e))?;
    Ok(applied?)
}

/// Sends the pending push; a tripped guardrail needs `confirm_guardrail`.
#[tauri::command]
pub async fn push_apply<R: Runtime>(
    app: AppHandle<R>,
    target: String,
    confirm_guardrail: bool,
) -> Result<PushApplied, IpcError> {
    send(app, target, PushRun::Pending { confirm_guardrail }).await
}

/// Sends again only the accounts whose operations failed in the last
/// partial push, planned against the target as it is now.
#[tauri::command]
pub async fn push_retry<R: Runtime>(
    app: AppHandle<R>,
    target: String,
) -> Result<PushApplied, IpcError> {
    send(app, target, PushRun::Failed).await
}

#[tauri::command]
pub async fn push_reject(state: State<'_, AppState>, target: String) -> Result<(), IpcError> {
    Ok(operation::reject(&state, &target, BY).await?)
}

/// The target's pushes, newest first, with counts and receipts.
#[tauri::command]
pub async fn push_history(
    state: State<'_, AppState>,
    target: String,
) -> Result<Vec<PushRecord>, IpcError> {
    Ok(operation::pushes(&state, &target).await?)
}

/// A push as CSV (its plan, each line's receipt status), saved where the
/// admin chooses; History and Provisioning both export through it.
#[tauri::command]
pub async fn export_push_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    push_id: i64,
) -> Result<Option<Exported>, IpcError> {
    let (text, rows) = operation::push_plan_csv(&state, push_id).await?;
    let name = format!("roster-push-{push_id}.csv");
    save_csv(&app, "Export push plan", &name, &text, rows).await
}

/// Orphans, missing and mismatched accounts in the target now; the run
/// is kept in History (a failed one with why).
#[tauri::command]
pub async fn reconcile_report(
    state: State<'_, AppState>,
    target: String,
) -> Result<ReconciliationDetail, IpcError> {
    let cancel = crate::net::CancelToken::new();
    Ok(operation::reconcile(&state, &target, BY, &cancel).await?)
}

/// A stored reconciliation as CSV, saved where the admin chooses; History
/// and Provisioning both export through it.
#[tauri::command]
pub async fn export_reconcile_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    reconciliation_id: i64,
) -> Result<Option<Exported>, IpcError> {
    let (text, rows) = operation::reconciliation_csv(&state, reconciliation_id).await?;
    let name = format!("roster-reconciliation-{reconciliation_id}.csv");
    save_csv(&app, "Export reconciliation", &name, &text, rows).await
}

/// Asks where to save `file_name` and writes `text` whole; `None` when the
/// admin cancels the dialog.
async fn save_csv<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    text: &str,
    rows: u32,
) -> Result<Option<Exported>, IpcError> {
    let Some(path) = dialog::save_path(app, title, file_name, CSV).await else {
        return Ok(None);
    };
    crate::history::write_file(&path, text)?;
    tracing::info!(rows, "exported a CSV file");
    Ok(Some(Exported {
        path: path.display().to_string(),
        rows,
    }))
}
