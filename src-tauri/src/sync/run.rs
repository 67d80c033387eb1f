//! One scheduled sync (the app's schedule, or `roster sync`), after the
//! fetch: plan with trigger `scheduled`, then apply on its own only a plan
//! that trips no guardrail and has nothing under Needs attention; hold any
//! other for review. Every run lands in history, failures too.
//!
//! An import already waiting for review (whoever started it) is never
//! replaced by a scheduled run: the run is skipped, recorded as failed
//! with the reason ("Import #12 is waiting for your review"), and reported
//! as held, so the admin's review and decisions are never lost behind
//! their back. Scheduled syncs resume once it is approved or rejected.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::imports::{self, PlanInput};
use super::{settings, SyncError};
use crate::model::{ChangeKind, PlanCounts};
use crate::model::{ImportOutcome, ImportSummary, ImportTrigger};
use crate::store::Store;

/// The error code history records for a run skipped because an import
/// waits for review.
pub const REVIEW_WAITING: &str = "review_waiting";

/// What a scheduled sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncResult {
    /// The plan had changes and was applied.
    Applied,
    /// The plan changed nobody (it is in history as applied, with no changes).
    NothingToDo,
    /// An import waits for the admin's review (`review_import_id`).
    Held,
    /// It could not run; `reasons` says why.
    Failed,
    /// Another run (another process) was in progress; this one did nothing
    /// and is not recorded.
    Skipped,
}

/// One scheduled run, as the CLI prints it and the window announces it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncOutcome {
    pub result: SyncResult,
    /// This run's import in history.
    #[ts(type = "number | null")]
    pub import_id: Option<i64>,
    /// Held: the import waiting for review (this run's own, or one that
    /// was already open).
    #[ts(type = "number | null")]
    pub review_import_id: Option<i64>,
    /// Held: why (guardrails, an open review); failed: the error; applied:
    /// the needs-attention items left out, if any.
    pub reasons: Vec<String>,
    /// Needs-attention items this run left out (waiting in Review).
    pub needs_attention: u32,
    /// Of those, how many were not under Needs attention in the previous
    /// import: the admin is notified only when this is above 0.
    pub new_attention: u32,
    pub counts: Option<PlanCounts>,
    /// One line, no personal data.
    pub message: String,
}

fn changed(c: &PlanCounts) -> u32 {
    [
        ChangeKind::New,
        ChangeKind::Updated,
        ChangeKind::Deactivated,
        ChangeKind::Reactivated,
        ChangeKind::LeaveStarted,
        ChangeKind::LeaveEnded,
    ]
    .into_iter()
    .map(|k| c.get(k))
    .sum()
}

fn count_words(c: &PlanCounts) -> String {
    format!(
        "{} new, {} updated, {} deactivated, {} reactivated, {} leave started, {} leave ended",
        c.new, c.updated, c.deactivated, c.reactivated, c.leave_started, c.leave_ended
    )
}

/// Why a planned import may not apply on its own (empty: it may). Only a
/// tripped guardrail holds it: needs-attention items stay out of an
/// applied import and wait in Review, so one bad record in TriNet never
/// holds every scheduled sync.
pub fn hold_reasons(summary: &ImportSummary) -> Vec<String> {
    let mut reasons = summary.guardrail.reasons.clone();
    if summary.guardrail.tripped && reasons.is_empty() {
        reasons.push("A guardrail tripped.".into());
    }
    reasons
}

/// "N items need attention and were left out", or nothing.
fn left_out_words(n: u32) -> Option<String> {
    match n {
        0 => None,
        1 => Some("1 item needs attention and was left out; decide it in Review.".into()),
        n => Some(format!(
            "{n} items need attention and were left out; decide them in Review."
        )),
    }
}

/// Who is under Needs attention, and why: a person (by employee ID) or a
/// record without one, per reason.
type AttentionKey = (Option<String>, Option<crate::model::AttentionReason>);

fn attention_keys(lines: &[crate::model::ChangeLine]) -> std::collections::HashSet<AttentionKey> {
    lines
        .iter()
        .map(|l| (l.change.employee_id.clone(), l.change.reason))
        .collect()
}

/// The import waiting for review, if any: a scheduled run must leave it be.
pub fn waiting_review(store: &Store) -> Result<Option<ImportSummary>, SyncError> {
    imports::open_import(store)
}

/// Records a run skipped because import `open_id` waits for review.
pub fn skip_for_review(
    store: &Store,
    open_id: i64,
    company_id: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<SyncOutcome, SyncError> {
    let reason = format!(
        "Import #{open_id} is waiting for your review; scheduled sync resumes once it is approved or rejected."
    );
    let import_id = imports::record_failure(
        store,
        ImportTrigger::Scheduled,
        company_id,
        today,
        now,
        REVIEW_WAITING,
        &reason,
    )?;
    tracing::info!(
        import_id,
        waiting = open_id,
        "scheduled sync skipped: an import waits for review"
    );
    Ok(SyncOutcome {
        result: SyncResult::Held,
        import_id: Some(import_id),
        review_import_id: Some(open_id),
        message: format!("Scheduled sync did not run: {reason}"),
        reasons: vec![reason],
        needs_attention: 0,
        new_attention: 0,
        counts: None,
    })
}

/// [`decide`] on a scheduled run's plan (made with
/// [`imports::plan_only`]); a plan refused because a mapping was saved
/// while the run fetched, here or in storing it, is recorded as a failed
/// run.
pub fn decide_planned(
    store: &Store,
    input: &PlanInput<'_>,
    planned: Result<imports::Planned, SyncError>,
) -> Result<SyncOutcome, SyncError> {
    match planned.and_then(|planned| decide(store, input, planned)) {
        Err(SyncError::MappingChanged) => record_mapping_changed(store, input),
        decided => decided,
    }
}

/// Records a run whose plan was made for the mapping before one saved
/// while it fetched (the fetch kept only what the old mapping reads): a
/// failed run in History, so the skipped run is not silent.
fn record_mapping_changed(store: &Store, input: &PlanInput<'_>) -> Result<SyncOutcome, SyncError> {
    record_fetch_failure(
        store,
        input.company_id,
        input.today,
        input.now,
        "mapping_changed",
        "A field mapping was saved while this run was fetching, so its plan (made for the mapping \
         before) was not kept and nothing was applied. The next run uses the new mapping.",
    )
}

/// Records a run whose fetch (or connection) failed.
pub fn record_fetch_failure(
    store: &Store,
    company_id: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
    code: &str,
    message: &str,
) -> Result<SyncOutcome, SyncError> {
    let import_id = imports::record_failure(
        store,
        ImportTrigger::Scheduled,
        company_id,
        today,
        now,
        code,
        message,
    )?;
    tracing::warn!(import_id, code, "scheduled sync failed");
    Ok(SyncOutcome {
        result: SyncResult::Failed,
        import_id: Some(import_id),
        review_import_id: None,
        reasons: vec![message.to_string()],
        needs_attention: 0,
        new_attention: 0,
        counts: None,
        message: format!("Scheduled sync failed (import #{import_id}): {message}"),
    })
}

/// What a scheduled run plans.
pub fn scheduled<'a>(
    records: imports::Records<'a>,
    company_id: &'a str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> PlanInput<'a> {
    PlanInput {
        records,
        company_id,
        trigger: ImportTrigger::Scheduled,
        today,
        now,
    }
}

/// Stores `planned` (made with [`imports::plan_only`], on a read
/// connection) as a scheduled import, then applies it when nothing needs a
/// person's eyes, or holds it for review. An import waiting for review when
/// the plan is stored is never replaced (the run is recorded as skipped); a
/// plan that cannot be applied is recorded as failed with why, never left
/// pending.
pub fn decide(
    store: &Store,
    input: &PlanInput<'_>,
    planned: imports::Planned,
) -> Result<SyncOutcome, SyncError> {
    let (company_id, today, now) = (input.company_id, input.today, input.now);
    let known_attention = attention_keys(&store.previous_attention_lines()?);
    let planned = imports::store_plan(store, input, planned);
    let summary = match planned {
        Ok(s) => s,
        Err(SyncError::ReviewWaiting { import_id }) => {
            return skip_for_review(store, import_id, company_id, today, now)
        }
        Err(e) => return Err(e),
    };
    let import_id = summary.import_id;
    let reasons = hold_reasons(&summary);
    let outcome = if !reasons.is_empty() {
        if summary.outcome == ImportOutcome::Pending {
            store.hold_import(import_id)?;
        }
        tracing::info!(import_id, "scheduled sync held the import for review");
        SyncOutcome {
            result: SyncResult::Held,
            import_id: Some(import_id),
            review_import_id: Some(import_id),
            message: format!(
                "Scheduled sync held import #{import_id} for review: {}",
                reasons.join(" ")
            ),
            reasons,
            needs_attention: summary.unresolved,
            new_attention: 0,
            counts: Some(summary.counts),
        }
    } else {
        // Undecided needs-attention lines stay out of the directory.
        let unresolved: Vec<_> = store
            .attention_lines(import_id)?
            .into_iter()
            .filter(|l| l.resolution.is_none())
            .collect();
        let new_attention = attention_keys(&unresolved)
            .difference(&known_attention)
            .count() as u32;
        let applied = match imports::apply(store, import_id, false, now) {
            Ok(a) => a,
            Err(e) => return fail_unapplied(store, import_id, &e, now),
        };
        let counts = applied.summary.counts;
        let left_out = left_out_words(unresolved.len() as u32);
        let mut message = if changed(&counts) == 0 {
            format!("Scheduled sync found nothing to change (import #{import_id}).")
        } else {
            format!(
                "Scheduled sync applied import #{import_id}: {}.",
                count_words(&counts)
            )
        };
        if let Some(words) = &left_out {
            message = format!("{message} {words}");
        }
        SyncOutcome {
            result: if changed(&counts) == 0 {
                SyncResult::NothingToDo
            } else {
                SyncResult::Applied
            },
            import_id: Some(import_id),
            review_import_id: None,
            reasons: left_out.into_iter().collect(),
            needs_attention: unresolved.len() as u32,
            new_attention,
            counts: Some(counts),
            message,
        }
    };
    settings::prune(store, now)?;
    // The plan's and the apply's pages go from the log into the database
    // now, with nobody waiting for the run (see `Store::checkpoint`).
    if let Err(e) = store.checkpoint() {
        tracing::warn!(error = %e, "could not copy the database log into the database");
    }
    Ok(outcome)
}

/// Records the scheduled import `import_id`, which could not be applied,
/// as failed with why, so it never waits for a review nobody asked for.
fn fail_unapplied(
    store: &Store,
    import_id: i64,
    e: &SyncError,
    now: DateTime<Utc>,
) -> Result<SyncOutcome, SyncError> {
    let (code, reason) = match e {
        SyncError::Stale { .. } => (
            "import_stale",
            "The directory changed while this run was planning (another import was approved \
             meanwhile); nothing was applied. The next run picks up the changes."
                .to_string(),
        ),
        other => ("internal", format!("It could not be applied: {other}")),
    };
    tracing::warn!(import_id, code, "scheduled import could not be applied");
    store.fail_import(import_id, &crate::connection::now_text(now), code, &reason)?;
    Ok(SyncOutcome {
        result: SyncResult::Failed,
        import_id: Some(import_id),
        review_import_id: None,
        message: format!("Scheduled sync failed (import #{import_id}): {reason}"),
        reasons: vec![reason],
        needs_attention: 0,
        new_attention: 0,
        counts: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trinet::Employee;

    /// A scheduled run's plan and decision on one connection.
    fn plan_and_decide(
        store: &Store,
        employees: &[Employee],
        company_id: &str,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<SyncOutcome, SyncError> {
        let input = scheduled(employees.into(), company_id, today, now);
        let planned = imports::plan_only(store, &input)?;
        decide(store, &input, planned)
    }
    use crate::model::GuardrailSettings;
    use crate::model::Resolution;
    use crate::sandbox::{ChurnRates, Company};
    use crate::sync::tests::{employees, start, store};
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap()
    }

    fn run(store: &Store, c: &Company, now: DateTime<Utc>) -> SyncOutcome {
        assert!(waiting_review(store).unwrap().is_none());
        plan_and_decide(store, &employees(c), "SANDBOX", c.today, now).unwrap()
    }

    /// `c`'s people planned with `trigger`, as a preview or a scheduled
    /// run stores them.
    fn plan_as(
        store: &Store,
        c: &Company,
        trigger: ImportTrigger,
        now: DateTime<Utc>,
    ) -> ImportSummary {
        imports::plan_fetch(
            store,
            PlanInput {
                records: (&employees(c)).into(),
                company_id: "SANDBOX",
                trigger,
                today: c.today,
                now,
            },
        )
        .unwrap()
    }

    /// The admin's preview from the window, left open for review.
    fn preview(store: &Store, c: &Company, now: DateTime<Utc>) -> ImportSummary {
        plan_as(store, c, ImportTrigger::Manual, now)
    }

    /// A company with no bad records (fewer than 50 people get none).
    fn clean_company() -> Company {
        Company::generate(7, 40, start())
    }

    #[test]
    fn a_clean_plan_applies_on_its_own_and_a_quiet_one_has_nothing_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let company = clean_company();
        let first = run(&store, &company, now());
        assert_eq!(first.result, SyncResult::Applied, "{first:?}");
        let summary = imports::summary(&store, first.import_id.unwrap()).unwrap();
        assert_eq!(summary.outcome, ImportOutcome::Applied);
        assert_eq!(summary.trigger, ImportTrigger::Scheduled);
        assert_eq!(
            store.directory().unwrap().len() as u32,
            first.counts.unwrap().new
        );
        assert!(
            !first.message.contains('@'),
            "no personal data: {}",
            first.message
        );

        let second = run(&store, &company, now() + Duration::minutes(5));
        assert_eq!(second.result, SyncResult::NothingToDo, "{second:?}");
        let s = imports::summary(&store, second.import_id.unwrap()).unwrap();
        assert_eq!(s.outcome, ImportOutcome::Applied);
        assert_eq!(s.trigger, ImportTrigger::Scheduled);
    }

    #[test]
    fn a_bad_record_is_left_out_and_the_rest_applies_on_schedule() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        // 500 people: the sandbox seeds two bad records.
        let company = Company::generate(42, 500, start());
        let first = run(&store, &company, now());
        assert_eq!(first.result, SyncResult::Applied, "{first:?}");
        assert!(first.needs_attention > 0, "{first:?}");
        assert_eq!(first.new_attention, first.needs_attention, "all new");
        assert!(first.message.contains("left out"), "{}", first.message);
        let applied = imports::summary(&store, first.import_id.unwrap()).unwrap();
        assert_eq!(applied.outcome, ImportOutcome::Applied);
        let directory = store.directory().unwrap().len() as u32;
        assert_eq!(directory, first.counts.unwrap().new, "everyone safe is in");
        // The same bad records next time: still left out, nothing new to tell.
        let second = run(&store, &company, now() + Duration::minutes(5));
        assert_eq!(second.result, SyncResult::NothingToDo, "{second:?}");
        assert_eq!(second.needs_attention, first.needs_attention);
        assert_eq!(second.new_attention, 0);
        assert!(crate::operations::scheduled::notification(&second).is_none());
        assert!(crate::operations::scheduled::notification(&first).is_some());
    }

    #[test]
    fn leave_out_carries_over_while_the_record_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let company = Company::generate(42, 500, start());
        let first = preview(&store, &company, now());
        let lines = store.attention_lines(first.import_id).unwrap();
        assert!(!lines.is_empty());
        for line in &lines {
            imports::resolve(
                &store,
                first.import_id,
                line.seq,
                Some(Resolution::LeaveOut),
            )
            .unwrap();
        }
        imports::apply(&store, first.import_id, false, now()).unwrap();

        let again = preview(&store, &company, now() + Duration::hours(1));
        assert_eq!(again.unresolved, 0, "decided before: not asked again");
        let carried = store.attention_lines(again.import_id).unwrap();
        assert!(carried
            .iter()
            .all(|l| l.resolution == Some(Resolution::LeaveOut)));

        // The first left-out person's record changes in TriNet: asked again.
        let changed_id = lines
            .iter()
            .find_map(|l| l.change.employee_id.clone())
            .expect("a left-out line with an employee ID");
        let mut raw = company.to_employee_json();
        let record = raw
            .iter_mut()
            .find(|v| v["employeeId"] == changed_id.as_str())
            .unwrap();
        record["names"][0]["lastName"] = "Renamed".into();
        let employees: Vec<Employee> = raw.into_iter().map(Employee::from_raw).collect();
        let third = imports::plan_fetch(
            &store,
            PlanInput {
                records: (&employees).into(),
                company_id: "SANDBOX",
                trigger: ImportTrigger::Manual,
                today: company.today,
                now: now() + Duration::hours(2),
            },
        )
        .unwrap();
        let asked: Vec<_> = store
            .attention_lines(third.import_id)
            .unwrap()
            .into_iter()
            .filter(|l| l.resolution.is_none())
            .collect();
        assert!(
            asked
                .iter()
                .any(|l| l.change.employee_id.as_deref() == Some(&changed_id)),
            "the changed record is asked about again"
        );
    }

    #[test]
    fn a_tripped_guardrail_holds_the_plan() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let mut company = clean_company();
        assert_eq!(run(&store, &company, now()).result, SyncResult::Applied);
        let mut s = settings::load(&store).unwrap();
        s.guardrails = GuardrailSettings {
            max_deactivated_percent: 100.0,
            max_deactivated_people: 0,
            max_identity_changes_percent: 100.0,
        };
        settings::save(&store, &s, now()).unwrap();
        // Weeks of churn with terminations but no bad records.
        let rates = ChurnRates {
            bad_record: 0.0,
            ..ChurnRates::default()
        };
        let mut deactivated = 0;
        let mut tries = 0;
        let mut outcome = None;
        while deactivated == 0 && tries < 20 {
            company.advance(14, &rates);
            let o = run(&store, &company, now() + Duration::days(14 * (tries + 1)));
            deactivated = o.counts.unwrap().deactivated;
            if deactivated == 0 && o.result == SyncResult::Held {
                // Held for something else (a privacy block): out of the way.
                imports::reject(&store, o.import_id.unwrap(), now()).unwrap();
            }
            tries += 1;
            outcome = Some(o);
        }
        let held = outcome.unwrap();
        assert!(
            deactivated > 0,
            "the sandbox terminated someone in 40 weeks"
        );
        assert_eq!(held.result, SyncResult::Held, "{held:?}");
        let summary = imports::summary(&store, held.import_id.unwrap()).unwrap();
        assert!(summary.guardrail.tripped);
        assert_eq!(summary.outcome, ImportOutcome::Held);
        assert!(
            held.reasons.iter().any(|r| r.contains("deactivated")),
            "{:?}",
            held.reasons
        );
    }

    #[test]
    fn an_open_review_is_never_replaced_by_a_scheduled_run() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let company = clean_company();
        let manual = preview(&store, &company, now());
        let open = waiting_review(&store)
            .unwrap()
            .expect("the admin's preview is open");
        let skipped =
            skip_for_review(&store, open.import_id, "SANDBOX", company.today, now()).unwrap();
        assert_eq!(skipped.result, SyncResult::Held);
        assert_eq!(skipped.review_import_id, Some(manual.import_id));
        assert!(skipped
            .message
            .contains(&format!("Import #{}", manual.import_id)));
        // The admin's import is still open, untouched; history has the skip.
        let still = imports::summary(&store, manual.import_id).unwrap();
        assert_eq!(still.outcome, ImportOutcome::Pending);
        let skip = imports::summary(&store, skipped.import_id.unwrap()).unwrap();
        assert_eq!(skip.outcome, ImportOutcome::Failed);
        assert_eq!(skip.trigger, ImportTrigger::Scheduled);
        assert!(skip.error.unwrap().contains("waiting for your review"));
    }

    #[test]
    fn a_preview_made_during_a_scheduled_fetch_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let company = clean_company();
        // The scheduled run checked before its fetch: nothing was waiting.
        assert!(waiting_review(&store).unwrap().is_none());
        // Meanwhile the admin previews and decides in the window.
        let manual = preview(&store, &company, now());
        // The run's fetch ends and it stores its plan.
        let run = plan_and_decide(
            &store,
            &employees(&company),
            "SANDBOX",
            company.today,
            now(),
        )
        .unwrap();
        assert_eq!(run.result, SyncResult::Held, "{run:?}");
        assert_eq!(run.review_import_id, Some(manual.import_id));
        let still = imports::summary(&store, manual.import_id).unwrap();
        assert_eq!(
            still.outcome,
            ImportOutcome::Pending,
            "the admin's import stays open"
        );
        let skip = imports::summary(&store, run.import_id.unwrap()).unwrap();
        assert_eq!(skip.outcome, ImportOutcome::Failed);
        assert!(store.directory().unwrap().is_empty(), "nothing applied");
    }

    #[test]
    fn a_scheduled_import_that_cannot_be_applied_is_failed_not_left_pending() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let company = clean_company();
        let planned = plan_as(&store, &company, ImportTrigger::Scheduled, now());
        // In flight: nobody can pick it up for review or approval.
        assert!(waiting_review(&store).unwrap().is_none());
        let failed = fail_unapplied(
            &store,
            planned.import_id,
            &SyncError::Stale {
                import_id: planned.import_id,
            },
            now(),
        )
        .unwrap();
        assert_eq!(failed.result, SyncResult::Failed);
        let s = imports::summary(&store, planned.import_id).unwrap();
        assert_eq!(s.outcome, ImportOutcome::Failed);
        assert!(s.error.unwrap().contains("directory changed"));
        // The next run is not blocked by it.
        let next = run(&store, &company, now() + Duration::minutes(5));
        assert_eq!(next.result, SyncResult::Applied, "{next:?}");
    }

    #[test]
    fn a_run_killed_before_it_applied_is_marked_failed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let company = clean_company();
        let orphan = plan_as(&store, &company, ImportTrigger::Scheduled, now());
        assert_eq!(
            store
                .fail_interrupted_runs("2026-01-05T10:00:00Z", "stopped")
                .unwrap(),
            1
        );
        let s = imports::summary(&store, orphan.import_id).unwrap();
        assert_eq!(s.outcome, ImportOutcome::Failed);
        assert_eq!(run(&store, &company, now()).result, SyncResult::Applied);
    }

    #[test]
    fn a_failed_fetch_is_in_history_as_a_failed_scheduled_import() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let failed = record_fetch_failure(
            &store,
            "ACME",
            start(),
            now(),
            "unreachable",
            "TriNet could not be reached.",
        )
        .unwrap();
        assert_eq!(failed.result, SyncResult::Failed);
        let s = imports::summary(&store, failed.import_id.unwrap()).unwrap();
        assert_eq!(
            (s.outcome, s.trigger),
            (ImportOutcome::Failed, ImportTrigger::Scheduled)
        );
        assert_eq!(
            store.last_import_at(ImportTrigger::Scheduled).unwrap(),
            Some(s.created_at),
            "the scheduler counts from it"
        );
    }

    #[test]
    fn retention_drops_old_change_details_but_keeps_imports_and_events() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let company = clean_company();
        let first = run(&store, &company, now());
        let old = first.import_id.unwrap();
        let old_events = store.lifecycle_event_count(old).unwrap();
        assert!(old_events > 0);
        assert!(store.change_count(old).unwrap() > 0);
        let mut s = settings::load(&store).unwrap();
        s.retention = settings::Retention::Months { months: 6 };
        settings::save(&store, &s, now()).unwrap();

        // Five months later: still kept.
        let soon = run(&store, &company, now() + Duration::days(150))
            .import_id
            .unwrap();
        assert!(
            store.change_count(old).unwrap() > 0,
            "younger than 6 months"
        );
        // Seven months later, with an import waiting for review: the old
        // applied import loses its lines, the open one keeps them.
        let later = now() + Duration::days(210);
        let open = preview(&store, &company, now() + Duration::days(1));
        let deleted = settings::prune(&store, later).unwrap();
        assert!(deleted > 0);
        assert_eq!(store.change_count(old).unwrap(), 0);
        assert!(
            store.change_count(open.import_id).unwrap() > 0,
            "open imports keep their lines"
        );
        let kept = imports::summary(&store, old).unwrap();
        assert_eq!(kept.outcome, ImportOutcome::Applied);
        assert_eq!(Some(kept.counts), first.counts, "counts stay");
        assert_eq!(
            store.lifecycle_event_count(old).unwrap(),
            old_events,
            "events stay"
        );
        assert!(
            store.change_count(soon).unwrap() > 0,
            "five months old: kept"
        );

        // Keep everything (the default) never deletes.
        s.retention = settings::Retention::KeepAll;
        settings::save(&store, &s, later).unwrap();
        assert_eq!(
            settings::prune(&store, later + Duration::days(9999)).unwrap(),
            0
        );
        assert!(store.change_count(soon).unwrap() > 0);
    }

    #[test]
    fn an_approval_by_hand_also_applies_retention() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let company = clean_company();
        let old = run(&store, &company, now()).import_id.unwrap();
        let s = settings::Settings {
            retention: settings::Retention::Months { months: 6 },
            ..settings::load(&store).unwrap()
        };
        settings::save(&store, &s, now()).unwrap();
        let later = now() + Duration::days(200);
        let open = preview(&store, &company, later);
        assert!(store.change_count(old).unwrap() > 0);
        imports::apply(&store, open.import_id, false, later).unwrap();
        assert_eq!(
            store.change_count(old).unwrap(),
            0,
            "pruned after the approval"
        );
        assert!(store.change_count(open.import_id).unwrap() > 0);
    }
}
