//! Map fields: the catalog of TriNet fields (from a fresh or cached fetch),
//! the mapping being edited (preview, check, save) and its versions
//! (restore). The fetch is kept in memory in `AppState::last_fetch`; raw
//! employee data never reaches the database. CPU-heavy work (catalog,
//! mapping every person) runs on blocking threads.

use std::sync::Arc;

use serde::Serialize;
use ts_rs::TS;

use super::connection::ensure_sandbox;
use super::{AppState, Failure};
use crate::connection;
use crate::mapping::{
    self, versions, MappingCheck, MappingSpec, Preview, SavedMapping, SourceField,
};
use crate::paths::Profile;
use crate::sync::mapping_versions;
use crate::sync::{FetchProgress, Fetched, SyncError};

/// Every TriNet field found in the last fetch.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Catalog {
    pub fields: Vec<SourceField>,
    /// People in the fetch.
    pub employees: u32,
    /// RFC 3339.
    pub fetched_at: String,
}

async fn blocking<T: Send + 'static>(
    doing: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Failure> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Failure::internal(doing, e))
}

/// The saved connection's company, to tell whether a cached fetch is theirs.
async fn connected_company(state: &AppState) -> Result<Option<String>, Failure> {
    Ok(state
        .read(|s| s.connection())
        .await?
        .map(|row| row.company_id))
}

/// The cached fetch if it belongs to the saved connection.
async fn cached(state: &AppState) -> Result<Option<Arc<Fetched>>, Failure> {
    let company = connected_company(state).await?;
    let slot = state.last_fetch.lock().await;
    Ok(slot
        .as_ref()
        .filter(|f| Some(&f.company_id) == company.as_ref())
        .cloned())
}

/// The cached fetch, or a new one when there is none (or `refresh`),
/// reporting each page to `progress`; `catalog_fetch.cancel()` stops it.
async fn fetched(
    state: &AppState,
    refresh: bool,
    mut progress: impl FnMut(FetchProgress) + Send,
) -> Result<Arc<Fetched>, Failure> {
    if state.profile() == Profile::Sandbox {
        ensure_sandbox(state).await?;
    }
    let (_, form) = state.read(connection::saved_form).await?;
    let mut slot = state.last_fetch.lock().await;
    if let Some(f) = slot.as_ref().filter(|f| !refresh && f.is_from(&form)) {
        return Ok(f.clone());
    }
    let records = state
        .catalog_fetch
        .fetch(&form, |p| progress(p.into()))
        .await?;
    let now = chrono::Utc::now();
    let fetched = Arc::new(
        blocking("read the fetched employees", move || {
            Fetched::new(&form, records, now)
        })
        .await?,
    );
    *slot = Some(fetched.clone());
    Ok(fetched)
}

/// The fields TriNet sends, fetching first (with progress) when nothing is
/// cached or `refresh` is set.
pub async fn catalog(
    state: &AppState,
    refresh: bool,
    progress: impl FnMut(FetchProgress) + Send,
) -> Result<Catalog, Failure> {
    let f = fetched(state, refresh, progress).await?;
    Ok(Catalog {
        fields: f.catalog.clone(),
        employees: f.records.len() as u32,
        fetched_at: connection::now_text(f.fetched_at),
    })
}

/// `spec` applied to the first `count` people of the cached fetch,
/// fetching first if nothing is cached.
pub async fn preview(state: &AppState, spec: MappingSpec, count: u32) -> Result<Preview, Failure> {
    let f = fetched(state, false, |_| {}).await?;
    blocking("preview the mapping", move || {
        mapping::preview_texts(&spec, &f.records, count as usize)
    })
    .await
}

/// Errors, warnings and group-name warnings for `spec`, against the cached
/// fetch when there is one (no fetch is started for a check).
pub async fn check(state: &AppState, spec: MappingSpec) -> Result<MappingCheck, Failure> {
    let f = cached(state).await?;
    let groups = match &f {
        Some(_) => {
            let spec = spec.clone();
            state
                .read(move |s| mapping_versions::existing_groups(s, &spec))
                .await?
        }
        None => Default::default(),
    };
    blocking("check the mapping", move || {
        versions::check_against(&spec, f.as_deref().map(Fetched::people), &groups)
    })
    .await
}

/// Saves `spec` as a new version. Refused (invalid_input, naming the
/// field) while the check has errors, or has group-name warnings without
/// `acknowledge_group_warnings`.
pub async fn save(
    state: &AppState,
    spec: MappingSpec,
    acknowledge_group_warnings: bool,
    note: Option<String>,
) -> Result<SavedMapping, Failure> {
    let f = cached(state).await?;
    let read = spec.clone();
    let (previous, groups) = state
        .read(move |s| {
            Ok::<_, SyncError>((
                mapping_versions::latest_spec(s)?,
                mapping_versions::existing_groups(s, &read)?,
            ))
        })
        .await?;
    let (spec, changed) = blocking("check the mapping", move || {
        let changed = versions::vet(
            &spec,
            previous.as_ref(),
            f.as_deref().map(Fetched::people),
            &groups,
            acknowledge_group_warnings,
        );
        (spec, changed)
    })
    .await?;
    let now = connection::now_text(chrono::Utc::now());
    let changed = changed?;
    state.write(|s| mapping_versions::record(s, &spec, changed, note.as_deref(), &now))
}

/// Saves version `version`'s spec again as the newest version.
pub async fn restore(state: &AppState, version: u32) -> Result<SavedMapping, Failure> {
    let f = cached(state).await?;
    let (spec, previous) = state
        .read(move |s| {
            Ok::<_, SyncError>((
                mapping_versions::spec_at(s, version)?,
                mapping_versions::latest_spec(s)?,
            ))
        })
        .await?;
    let (spec, changed) = blocking("compare the mapping versions", move || {
        let changed =
            versions::count_changed(previous.as_ref(), &spec, f.as_deref().map(Fetched::people));
        (spec, changed)
    })
    .await?;
    let now = connection::now_text(chrono::Utc::now());
    let note = versions::restore_note(version);
    state.write(|s| mapping_versions::record(s, &spec, changed, Some(&note), &now))
}
