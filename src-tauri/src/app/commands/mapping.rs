//! Step 2, Map fields, from the window: the catalog of TriNet fields, the
//! directory's core fields, the mapping being edited (preview, check, save)
//! and its versions (history, view, restore); see `operations::mapping`.

use tauri::ipc::Channel;
use tauri::State;

use crate::app::{AppState, IpcError};
use crate::mapping::{
    self, DirectoryField, MappingCheck, MappingSpec, MappingState, MappingVersionSummary, Preview,
    SavedMapping,
};
use crate::operations::mapping::{self as operation, Catalog};
use crate::sync::mapping_versions;
use crate::sync::FetchProgress;

/// The fields TriNet sends, fetching first (with progress through
/// `on_progress`) when nothing is cached or `refresh` is set. A fetch ends
/// early, with `cancelled`, on `mapping_cancel`.
#[tauri::command]
pub async fn mapping_catalog(
    state: State<'_, AppState>,
    refresh: bool,
    on_progress: Channel<FetchProgress>,
) -> Result<Catalog, IpcError> {
    Ok(operation::catalog(&state, refresh, |p| {
        let _ = on_progress.send(p);
    })
    .await?)
}

/// Stops Map fields' fetch in progress, if any; it ends with `cancelled`
/// and the earlier fetch (if any) stays cached.
#[tauri::command]
pub fn mapping_cancel(state: State<'_, AppState>) {
    state.catalog_fetch.cancel();
}

/// The directory's core fields, in record order. The full field list is
/// these followed by the mapping's `custom_fields`.
#[tauri::command]
pub fn directory_fields() -> Vec<DirectoryField> {
    mapping::core_fields()
}

/// The latest saved mapping, or the default one when none is saved yet.
#[tauri::command]
pub async fn mapping_current(state: State<'_, AppState>) -> Result<MappingState, IpcError> {
    Ok(state.read(mapping_versions::current).await?)
}

/// `spec` applied to the first `count` (at most 50) people of the cached
/// fetch, fetching first if nothing is cached.
#[tauri::command]
pub async fn mapping_preview(
    state: State<'_, AppState>,
    spec: MappingSpec,
    count: u32,
) -> Result<Preview, IpcError> {
    Ok(operation::preview(&state, spec, count).await?)
}

/// Errors, warnings and group-name warnings for `spec`, against the cached
/// fetch when there is one (no fetch is started for a check).
#[tauri::command]
pub async fn mapping_check(
    state: State<'_, AppState>,
    spec: MappingSpec,
) -> Result<MappingCheck, IpcError> {
    Ok(operation::check(&state, spec).await?)
}

/// Saves `spec` as a new version. Refused (invalid_input, naming the
/// field) while the check has errors, or has group-name warnings without
/// `acknowledge_group_warnings`.
#[tauri::command]
pub async fn mapping_save(
    state: State<'_, AppState>,
    spec: MappingSpec,
    acknowledge_group_warnings: bool,
    note: Option<String>,
) -> Result<SavedMapping, IpcError> {
    Ok(operation::save(&state, spec, acknowledge_group_warnings, note).await?)
}

/// Every saved version, newest first.
#[tauri::command]
pub async fn mapping_history(
    state: State<'_, AppState>,
) -> Result<Vec<MappingVersionSummary>, IpcError> {
    Ok(state.read(mapping_versions::history).await?)
}

/// One saved version, to view before restoring it.
#[tauri::command]
pub async fn mapping_version(
    state: State<'_, AppState>,
    version: u32,
) -> Result<MappingState, IpcError> {
    Ok(state
        .read(move |s| mapping_versions::version(s, version))
        .await?)
}

/// Saves version `version`'s spec again as the newest version.
#[tauri::command]
pub async fn mapping_restore(
    state: State<'_, AppState>,
    version: u32,
) -> Result<SavedMapping, IpcError> {
    Ok(operation::restore(&state, version).await?)
}
