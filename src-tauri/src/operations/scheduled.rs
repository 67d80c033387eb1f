//! One scheduled sync (the window's schedule and `roster sync`): whether
//! one is due, the run itself (never two at once, never during a preview:
//! both hold `AppState::import_run` and the company's run lock), a panic
//! in it recorded as a failed run, and what the admin is told about it.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::FutureExt;

use super::connection::ensure_sandbox;
use super::{AppState, ErrorCode, Failure};
use crate::connection;
use crate::model::ImportTrigger;
use crate::model::Spelled;
use crate::paths::Profile;
use crate::runlock::{self, RunLockError};
use crate::sync::imports;
use crate::sync::run::{self, SyncOutcome, SyncResult};
use crate::sync::{self, schedule, settings};
use crate::trinet::CancelToken;

/// How long a scheduled run waits for another run (another process's
/// sync or preview) before it skips.
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// What history says of a scheduled import whose run never finished.
const INTERRUPTED: &str =
    "This scheduled run stopped before it finished (Roster was closed or killed); nothing was applied.";

/// One scheduled sync now: fetch with the saved connection, plan, then
/// apply or hold (see [`crate::sync::run`]). Failures of TriNet are
/// recorded in history and returned as `Ok` with result `failed`; `Err`
/// is for what stops the run before it reaches TriNet (not connected, no
/// secret, no keyring, an unusable database), which is not recorded. A run
/// that finds another one in progress (any process) skips; a run whose
/// company changes under it (profile switch, Revoke) stops unrecorded.
pub async fn run_once(state: &AppState) -> Result<SyncOutcome, Failure> {
    let _run = state.import_run.lock().await;
    let profile = state.profile();
    let lock_path = state.run_lock_path(profile);
    let cancel = CancelToken::new();
    let lock = runlock::acquire(&lock_path, BUSY_WAIT, &cancel);
    let _lock = match lock.await {
        Ok(lock) => lock,
        Err(RunLockError::Busy { .. }) => return Ok(skipped_busy()),
        Err(e) => return Err(e.into()),
    };
    if profile == Profile::Sandbox {
        ensure_sandbox(state).await?;
    }
    let (row, form) = connection::saved_form(&*state.store_of(profile)?)?;
    let local_today = chrono::Local::now().date_naive();
    {
        let store = state.store_of(profile)?;
        store.fail_interrupted_runs(&connection::now_text(Utc::now()), INTERRUPTED)?;
        if let Some(open) = run::waiting_review(&store)? {
            return Ok(run::skip_for_review(
                &store,
                open.import_id,
                &row.company_id,
                local_today,
                Utc::now(),
            )?);
        }
    }
    // Each record is kept only as its values at the paths the mapping reads.
    let (spec, mapping) = super::preview::mapping_to_fetch_for(state, profile)?;
    let fetched = sync::fetch_records(
        &form,
        sync::jitter_seed(),
        &CancelToken::new(),
        |_| {},
        mapping.clone(),
    )
    .await;
    let today = sync::fetch::plan_date(&form, profile == Profile::Sandbox, local_today).await;
    let now = Utc::now();
    let records = match fetched {
        Ok(e) => e,
        Err(e) => {
            let e = Failure::from(e);
            let store = state.store_for_run(profile, &row)?;
            return Ok(run::record_fetch_failure(
                &store,
                &row.company_id,
                today,
                now,
                e.code.as_str(),
                &e.message,
            )?);
        }
    };
    // Planned on a read connection; the writer is taken (and the company
    // checked unchanged) only to store, apply or hold the plan.
    let records = imports::Records::Kept {
        records: &records,
        spec: &spec,
        mapping: &mapping,
    };
    let input = run::scheduled(records, &row.company_id, today, now);
    tokio::task::block_in_place(|| {
        let reader = state.reader_of(Some(profile))?;
        let planned = imports::plan_only(&reader, &input);
        let store = state.store_for_run(profile, &row)?;
        Ok(run::decide_planned(&store, &input, planned)?)
    })
}

/// Auto-push after the run (an applied import, or on the schedule with
/// nothing to import): what it pushed and what waits go into the run's
/// line and reasons. A held or failed run pushes nothing.
async fn auto_push(state: &AppState, outcome: &mut SyncOutcome) {
    for done in super::auto_push::run(state, "automatic:sync").await {
        outcome.message.push(' ');
        outcome.message.push_str(&done.line());
        outcome.reasons.extend(done.reasons);
    }
}

/// [`run_once`], with a panic anywhere in it caught and recorded in
/// history as a failed scheduled run, so a bug (or a hostile answer that
/// reaches one) never kills the schedule or goes unrecorded.
pub async fn run_guarded(state: &AppState) -> Result<SyncOutcome, Failure> {
    let ran = catch_panic(run_once(state)).await;
    super::give_back_freed_memory();
    let panicked = match ran {
        Ok(result) => {
            let mut outcome = result?;
            if matches!(
                outcome.result,
                SyncResult::Applied | SyncResult::NothingToDo
            ) {
                auto_push(state, &mut outcome).await;
            }
            return Ok(outcome);
        }
        Err(what) => what,
    };
    tracing::error!(panic = %panicked, "scheduled sync panicked");
    let reason = "Roster hit an internal error during this scheduled run and stopped; nothing \
                  was applied. Details are in the log file (see About)."
        .to_string();
    let store = state.store()?;
    let company = store
        .connection()
        .ok()
        .flatten()
        .map(|r| r.company_id)
        .unwrap_or_default();
    let now = Utc::now();
    Ok(run::record_fetch_failure(
        &store,
        &company,
        chrono::Local::now().date_naive(),
        now,
        ErrorCode::Internal.as_str(),
        &reason,
    )?)
}

/// Runs `work`, turning a panic inside it into `Err` with the panic's text.
pub async fn catch_panic<T>(work: impl Future<Output = T>) -> Result<T, String> {
    AssertUnwindSafe(work)
        .catch_unwind()
        .await
        .map_err(|payload| {
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".into())
        })
}

/// A run that found another one in progress.
fn skipped_busy() -> SyncOutcome {
    let reason = "Another Roster run (a scheduled sync or a preview) was in progress, so this \
                  scheduled sync skipped; the next one runs as usual."
        .to_string();
    tracing::info!("scheduled sync skipped: another run is in progress");
    SyncOutcome {
        result: SyncResult::Skipped,
        import_id: None,
        review_import_id: None,
        message: format!("Scheduled sync skipped: {reason}"),
        reasons: vec![reason],
        needs_attention: 0,
        new_attention: 0,
        counts: None,
    }
}

/// Whether a scheduled run is due now, with the saved connection.
pub fn due(state: &AppState, last_attempt: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    let Ok(store) = state.store() else {
        return false;
    };
    if !store.connection_configured().unwrap_or(false) {
        return false;
    }
    let Ok((schedule, since)) = settings::schedule(&store) else {
        return false;
    };
    let last_run = store
        .last_import_at(ImportTrigger::Scheduled)
        .ok()
        .flatten()
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc));
    schedule::is_due(
        &schedule,
        last_run.max(last_attempt),
        since,
        now,
        &chrono::Local,
    )
}

/// Whether the admin wants desktop notifications (on unless turned off).
pub fn notifications_on(state: &AppState) -> bool {
    state
        .store()
        .ok()
        .and_then(|s| settings::load(&s).ok())
        .is_none_or(|s| s.notifications)
}

/// The desktop notification for a run that needs the admin, if any.
pub fn notification(outcome: &SyncOutcome) -> Option<(String, String)> {
    match outcome.result {
        SyncResult::Held => Some((
            match outcome.review_import_id {
                Some(id) => format!("Roster held import #{id} for review"),
                None => "Roster held a scheduled sync".into(),
            },
            outcome.reasons.join(" "),
        )),
        SyncResult::Failed => Some((
            "Roster's scheduled sync failed".into(),
            outcome.reasons.join(" "),
        )),
        SyncResult::Applied | SyncResult::NothingToDo if outcome.new_attention > 0 => Some((
            match outcome.new_attention {
                1 => "1 new item needs your attention in Roster".to_string(),
                n => format!("{n} new items need your attention in Roster"),
            },
            outcome.reasons.join(" "),
        )),
        SyncResult::Applied | SyncResult::NothingToDo | SyncResult::Skipped => None,
    }
}

/// What was last announced, so a held import (and the runs skipped while it
/// waits) or a run of failures is announced once, not after every run.
#[derive(Debug, Default)]
pub struct Announced(Option<(SyncResult, Option<i64>)>);

impl Announced {
    /// Whether `outcome` says something new.
    pub fn is_new(&mut self, outcome: &SyncOutcome) -> bool {
        let key = Some((outcome.result, outcome.review_import_id));
        let new = self.0 != key || outcome.new_attention > 0;
        self.0 = key;
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::DataDir;
    use crate::store::ConnectionRow;
    use crate::sync::schedule::Schedule;
    use crate::sync::settings::Settings;

    fn outcome(result: SyncResult, import_id: i64, review: Option<i64>) -> SyncOutcome {
        SyncOutcome {
            result,
            import_id: Some(import_id),
            review_import_id: review,
            reasons: vec!["2 items need attention.".into()],
            needs_attention: 0,
            new_attention: 0,
            counts: None,
            message: String::new(),
        }
    }

    #[tokio::test]
    async fn a_panic_inside_a_run_is_caught_with_its_message() {
        let panicking = async {
            let lifetime: u64 = std::hint::black_box(u64::MAX);
            // The overflow a hostile token lifetime used to cause.
            let _ = std::time::Instant::now() + Duration::from_secs(lifetime);
            1
        };
        let caught = catch_panic(panicking).await;
        assert!(caught.unwrap_err().contains("overflow"));
        assert_eq!(catch_panic(async { 2 }).await, Ok(2));
    }

    #[test]
    fn a_held_import_is_announced_once_and_a_new_problem_again() {
        let mut a = Announced::default();
        assert!(a.is_new(&outcome(SyncResult::Held, 12, Some(12))));
        // Later runs skipped while #12 waits: nothing new.
        assert!(!a.is_new(&outcome(SyncResult::Held, 13, Some(12))));
        assert!(!a.is_new(&outcome(SyncResult::Held, 14, Some(12))));
        assert!(a.is_new(&outcome(SyncResult::Failed, 15, None)));
        assert!(!a.is_new(&outcome(SyncResult::Failed, 16, None)));
        assert!(a.is_new(&outcome(SyncResult::Applied, 17, None)));
        assert!(a.is_new(&outcome(SyncResult::Held, 18, Some(18))));
        let (title, body) = notification(&outcome(SyncResult::Held, 18, Some(18))).unwrap();
        assert_eq!(title, "Roster held import #18 for review");
        assert_eq!(body, "2 items need attention.");
        assert!(notification(&outcome(SyncResult::NothingToDo, 19, None)).is_none());
    }

    /// Needs the keyring session (`AppState` keeps its database key there).
    #[test]
    fn the_task_runs_only_when_connected_and_due() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(DataDir::new(dir.path()));
        let now = Utc::now();
        let ten_minutes_ago = now - chrono::Duration::minutes(10);
        {
            let store = state
                .store()
                .expect("database opens in the keyring session");
            let every_five = Settings {
                schedule: Schedule::EveryMinutes { minutes: 5 },
                ..Settings::default()
            };
            settings::save(&store, &every_five, ten_minutes_ago).unwrap();
        }
        assert!(!due(&state, None, now), "not connected: never");
        state
            .store()
            .unwrap()
            .save_connection(
                &ConnectionRow::unchecked("ACME", "c", "https://api.example.test"),
                "2026-01-01T00:00:00Z",
            )
            .unwrap();
        assert!(
            due(&state, None, now),
            "5 minutes since the schedule was set: due"
        );
        assert!(
            !due(&state, Some(now - chrono::Duration::minutes(1)), now),
            "an attempt a minute ago that recorded nothing still counts"
        );
        {
            let store = state.store().unwrap();
            crate::sync::imports::record_failure(
                &store,
                ImportTrigger::Scheduled,
                "ACME",
                now.date_naive(),
                now - chrono::Duration::minutes(2),
                "unreachable",
                "TriNet could not be reached.",
            )
            .unwrap();
        }
        assert!(
            !due(&state, None, now),
            "the last scheduled run was 2 minutes ago"
        );
        assert!(due(&state, None, now + chrono::Duration::minutes(3)));
        settings::stop_schedule(&state.store().unwrap(), now).unwrap();
        assert!(
            !due(&state, None, now + chrono::Duration::days(1)),
            "off: never"
        );
    }
}
