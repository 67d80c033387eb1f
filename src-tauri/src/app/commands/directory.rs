//! Directory: the people as the last applied import left them, with search
//! and filters, and their CSV export.

use tauri::{AppHandle, Runtime, State};

use super::history::export_csv;
use crate::app::{AppState, IpcError};
use crate::history;
use crate::model::{DirectoryFacets, DirectoryPage, DirectoryQuery, Exported};

/// A page of the directory, by name.
#[tauri::command]
pub async fn directory_people(
    state: State<'_, AppState>,
    query: DirectoryQuery,
) -> Result<DirectoryPage, IpcError> {
    Ok(state.read(move |s| history::directory(s, &query)).await?)
}

/// The departments, locations and statuses the filters offer, with counts.
#[tauri::command]
pub async fn directory_facets(state: State<'_, AppState>) -> Result<DirectoryFacets, IpcError> {
    Ok(state.read(history::facets).await?)
}

/// The people matching `query` (every page) as CSV.
#[tauri::command]
pub async fn export_directory_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: DirectoryQuery,
) -> Result<Option<Exported>, IpcError> {
    let today = chrono::Local::now().date_naive();
    export_csv(
        &app,
        &state,
        "Export the directory",
        &format!("roster-directory-{today}.csv"),
        move |store| history::csv::directory(store, &query),
    )
    .await
}
