//! Preview: fetch every employee afresh, map them with the latest mapping,
//! plan the import against the directory and keep it for review, one run
//! at a time per company (across processes), with progress and Cancel.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

use super::connection::ensure_sandbox;
use super::{AppState, Failure};
use crate::connection;
use crate::mapping::{CompiledMapping, MappingSpec};
use crate::model::{ImportSummary, ImportTrigger};
use crate::paths::Profile;
use crate::runlock::{self, RunLockError};
use crate::sync;
use crate::sync::imports::{self, PlanInput, Records};
use crate::trinet::CancelToken;

/// How long a preview waits for another run (a scheduled sync, or a
/// preview in another window or terminal) to finish.
const PREVIEW_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// How far a preview has got.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum PreviewProgress {
    /// Another run (a scheduled sync, or a preview in another window or
    /// terminal) is using this company's data; the preview starts when it
    /// ends, and Cancel stops the wait.
    Waiting,
    /// Pages of employees arriving from TriNet.
    Fetching(sync::FetchProgress),
    /// Mapping and comparing with the directory.
    Planning { employees: u32 },
}

/// The mapping a run fetches each record's values for (the latest one),
/// and it compiled (shared with the fetch's page tasks).
pub(crate) fn mapping_to_fetch_for(
    state: &AppState,
    profile: Profile,
) -> Result<(MappingSpec, Arc<CompiledMapping>), Failure> {
    let spec = tokio::task::block_in_place(|| {
        imports::latest_spec(&*state.reader_of(Some(profile))?).map_err(Failure::from)
    })?;
    let mapping = Arc::new(CompiledMapping::compile(&spec));
    Ok((spec, mapping))
}

/// Fetch, map, plan and store, reporting progress; the window's Preview and
/// `roster preview`.
pub async fn preview(
    state: &AppState,
    trigger: ImportTrigger,
    mut progress: impl FnMut(PreviewProgress) + Send,
) -> Result<ImportSummary, Failure> {
    let cancel = state.preview_fetch.start();
    let previewed = run(state, trigger, &cancel, &mut progress).await;
    state.preview_fetch.finish();
    super::give_back_freed_memory();
    previewed
}

/// [`preview`] with its cancel token: the wait for another run, the fetch
/// and nothing after it can be cancelled.
async fn run(
    state: &AppState,
    trigger: ImportTrigger,
    cancel: &CancelToken,
    progress: &mut (impl FnMut(PreviewProgress) + Send),
) -> Result<ImportSummary, Failure> {
    // A scheduled sync in progress (this process or another) finishes first.
    let _run = match state.import_run.try_lock() {
        Ok(run) => run,
        Err(_) => {
            progress(PreviewProgress::Waiting);
            tokio::select! {
                run = state.import_run.lock() => run,
                () = cancel.cancelled() => return Err(RunLockError::Cancelled.into()),
            }
        }
    };
    let profile = state.profile();
    let lock_path = state.run_lock_path(profile);
    let _lock = match runlock::acquire(&lock_path, Duration::ZERO, cancel).await {
        Err(RunLockError::Busy { .. }) => {
            progress(PreviewProgress::Waiting);
            runlock::acquire(&lock_path, PREVIEW_WAIT, cancel).await?
        }
        taken => taken?,
    };
    if profile == Profile::Sandbox {
        ensure_sandbox(state).await?;
    }
    let (row, form) = connection::saved_form(&*state.store_of(profile)?)?;
    let started = std::time::Instant::now();
    // Each record is kept only as its values at the paths the mapping
    // reads; a mapping saved meanwhile makes the plan refuse.
    let (spec, mapping) = mapping_to_fetch_for(state, profile)?;
    let records = sync::fetch_records(
        &form,
        sync::jitter_seed(),
        cancel,
        |p| progress(PreviewProgress::Fetching(p.into())),
        mapping.clone(),
    )
    .await?;
    let today = sync::fetch::plan_date(
        &form,
        profile == Profile::Sandbox,
        chrono::Local::now().date_naive(),
    )
    .await;
    let fetched = started.elapsed();
    progress(PreviewProgress::Planning {
        employees: records.len() as u32,
    });
    let now = chrono::Utc::now();
    let company_id = form.credentials.company_id.clone();
    let input = PlanInput {
        records: Records::Kept {
            records: &records,
            spec: &spec,
            mapping: &mapping,
        },
        company_id: &company_id,
        trigger,
        today,
        now,
    };
    // Planning a large company takes a moment: on a read connection, so
    // other writes (a decision, a setting) go on meanwhile.
    let planned = tokio::task::block_in_place(|| {
        let reader = state.reader_of(Some(profile))?;
        imports::plan_only(&reader, &input).map_err(Failure::from)
    })?;
    let planned_at = started.elapsed();
    // Refused if the company changed while fetching: its people must never
    // be planned into another company's database.
    let store = state.store_for_run(profile, &row)?;
    #[cfg(test)]
    tokio::task::block_in_place(|| state.wait_if_held());
    let summary = tokio::task::block_in_place(|| imports::store_plan(&store, &input, planned))?;
    state.checkpoint_soon();
    tracing::info!(
        fetch_ms = fetched.as_millis() as u64,
        plan_ms = (planned_at - fetched).as_millis() as u64,
        store_ms = (started.elapsed() - planned_at).as_millis() as u64,
        "preview timings"
    );
    Ok(summary)
}
