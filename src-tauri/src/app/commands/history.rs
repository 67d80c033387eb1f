//! History: the import timeline, one import's changes, one person's
//! timeline, lifecycle events, the charts, pushes and reconciliations, and
//! their CSV exports. All of it
//! reads the local database; none of it needs TriNet.

use tauri::{AppHandle, Runtime, State};

use crate::app::dialog::{self, CSV};
use crate::app::{AppState, IpcError};
use crate::history::{self, HistoryError};
use crate::model::{
    EventPage, EventQuery, Exported, HistoryCharts, HistoryPage, HistoryQuery, PersonTimeline,
    PushDetail, PushPage, PushQuery, ReconciliationDetail, ReconciliationPage, ReconciliationQuery,
};

/// A page of the import timeline, newest first.
#[tauri::command]
pub async fn history_imports(
    state: State<'_, AppState>,
    query: HistoryQuery,
) -> Result<HistoryPage, IpcError> {
    Ok(state.read(move |s| history::imports(s, &query)).await?)
}

/// Headcount after each applied import, and joiners and leavers per month.
#[tauri::command]
pub async fn history_charts(state: State<'_, AppState>) -> Result<HistoryCharts, IpcError> {
    Ok(state.read(history::charts).await?)
}

/// A page of lifecycle events, newest first.
#[tauri::command]
pub async fn history_events(
    state: State<'_, AppState>,
    query: EventQuery,
) -> Result<EventPage, IpcError> {
    Ok(state.read(move |s| history::events(s, &query)).await?)
}

/// A page of every target's pushes, newest first.
#[tauri::command]
pub async fn history_pushes(
    state: State<'_, AppState>,
    query: PushQuery,
) -> Result<PushPage, IpcError> {
    Ok(state.read(move |s| history::pushes(s, &query)).await?)
}

/// One push: its lines and its receipts, failures first.
#[tauri::command]
pub async fn history_push(
    state: State<'_, AppState>,
    push_id: i64,
) -> Result<PushDetail, IpcError> {
    Ok(state.read(move |s| history::push(s, push_id)).await?)
}

/// A page of every target's reconciliations, newest first.
#[tauri::command]
pub async fn history_reconciliations(
    state: State<'_, AppState>,
    query: ReconciliationQuery,
) -> Result<ReconciliationPage, IpcError> {
    Ok(state
        .read(move |s| history::reconciliations(s, &query))
        .await?)
}

/// One reconciliation with every account and person it listed.
#[tauri::command]
pub async fn history_reconciliation(
    state: State<'_, AppState>,
    reconciliation_id: i64,
) -> Result<ReconciliationDetail, IpcError> {
    Ok(state
        .read(move |s| history::reconciliation(s, reconciliation_id))
        .await?)
}

/// Every change to one person across all imports, and their events.
#[tauri::command]
pub async fn person_timeline(
    state: State<'_, AppState>,
    person_id: i64,
) -> Result<PersonTimeline, IpcError> {
    Ok(state.read(move |s| history::person(s, person_id)).await?)
}

/// Asks where to save `file_name`, makes the CSV and writes it whole.
/// `None` when the admin cancels the dialog.
pub(super) async fn export_csv<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    title: &str,
    file_name: &str,
    make: impl FnOnce(&crate::store::Store) -> Result<(String, u32), HistoryError> + Send + 'static,
) -> Result<Option<Exported>, IpcError> {
    let Some(path) = dialog::save_path(app, title, file_name, CSV).await else {
        return Ok(None);
    };
    let (text, rows) = state.read(make).await?;
    history::write_file(&path, &text)?;
    tracing::info!(rows, "exported a CSV file");
    Ok(Some(Exported {
        path: path.display().to_string(),
        rows,
    }))
}

/// One import's changes as CSV, saved where the admin chooses.
#[tauri::command]
pub async fn export_import_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    import_id: i64,
) -> Result<Option<Exported>, IpcError> {
    export_csv(
        &app,
        &state,
        "Export import changes",
        &format!("roster-import-{import_id}.csv"),
        move |store| history::csv::import_changes(store, import_id),
    )
    .await
}

/// Lifecycle events matching `query` (every page) as CSV.
#[tauri::command]
pub async fn export_events_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: EventQuery,
) -> Result<Option<Exported>, IpcError> {
    let range = match (query.from.as_deref(), query.to.as_deref()) {
        (Some(from), Some(to)) => format!("-{from}-to-{to}"),
        (Some(from), None) => format!("-from-{from}"),
        (None, Some(to)) => format!("-to-{to}"),
        (None, None) => String::new(),
    };
    export_csv(
        &app,
        &state,
        "Export lifecycle events",
        &format!("roster-events{range}.csv"),
        move |store| history::csv::events(store, &query),
    )
    .await
}
