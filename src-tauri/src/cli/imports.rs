//! `roster preview`, `roster apply`, `roster resolve`, `roster reject` and
//! `roster history`: the Review step for scripts, through the same calls
//! as the window. The JSON shapes printed here are a stable interface
//! (documented in the README).

use crate::model::Spelled;
use std::io::{BufRead, IsTerminal, Write};
use strum::IntoEnumIterator;

use serde::Serialize;

use crate::model::{AttentionReason, ChangeKind, FieldChange, Guardrail, PlanCounts};
use crate::model::{ImportOutcome, ImportSummary, ImportTrigger, Resolution};
use crate::operations::preview::{self as review, PreviewProgress};
use crate::operations::{AppState, ErrorCode, Failure};
use crate::sync::imports;

use super::{exit, Workspace};

pub(super) fn fail(e: impl Into<Failure>) -> i32 {
    let e = e.into();
    eprintln!("roster: {}", e.message);
    match e.code {
        ErrorCode::GuardrailNotConfirmed => exit::HELD,
        _ => exit::FAILED,
    }
}

/// `preview --json`: one object.
#[derive(Serialize)]
struct PreviewJson {
    plan_id: i64,
    outcome: ImportOutcome,
    stale: bool,
    counts: PlanCounts,
    /// `{tripped, reasons}`.
    guardrail: Guardrail,
    changes: Vec<ChangeJson>,
}

#[derive(Serialize)]
struct ChangeJson {
    /// The line number `roster resolve --line` takes.
    line: u32,
    kind: ChangeKind,
    employee_id: Option<String>,
    work_email: Option<String>,
    fields: Vec<FieldChange>,
    reason: Option<AttentionReason>,
    resolution: Option<Resolution>,
}

fn kind_label(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::New => "New",
        ChangeKind::Updated => "Updated",
        ChangeKind::Deactivated => "Deactivated",
        ChangeKind::Reactivated => "Reactivated",
        ChangeKind::LeaveStarted => "Leave started",
        ChangeKind::LeaveEnded => "Leave ended",
        ChangeKind::Unchanged => "Unchanged",
        ChangeKind::Excluded => "Excluded",
        ChangeKind::NeedsAttention => "Needs attention",
    }
}

fn print_summary(s: &ImportSummary) {
    println!(
        "Import {} ({}, planned for {}, mapping version {}):",
        s.import_id,
        s.outcome.as_str(),
        s.plan_date,
        s.mapping_version
            .map_or_else(|| "none".to_string(), |v| v.to_string())
    );
    for kind in ChangeKind::iter() {
        println!("  {:<16} {}", kind_label(kind), s.counts.get(kind));
    }
    if s.guardrail.tripped {
        println!("Held by a guardrail:");
        for r in &s.guardrail.reasons {
            println!("  - {r}");
        }
        println!(
            "Apply it with: roster apply --plan {} --confirm-guardrail",
            s.import_id
        );
    }
    if s.unresolved > 0 {
        println!(
            "{} attention and stay out unless resolved (roster resolve --plan {} --line N --as approve|link|leave_out).",
            crate::model::counted(s.unresolved, "item needs", "items need"),
            s.import_id
        );
    }
    if s.stale {
        println!("Out of date: the directory changed after this plan was made. Run roster preview again.");
    }
}

pub fn preview(ws: Workspace, json: bool) -> i32 {
    let state = ws.open();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let quiet = json || !std::io::stderr().is_terminal();
    let result = runtime.block_on(review::preview(&state, ImportTrigger::Cli, |p| {
        if let PreviewProgress::Waiting = p {
            // Said even to a log: a preview that seems stuck is waiting.
            eprintln!(
                "Another Roster run (a scheduled sync, or a preview in another window or \
                 terminal) is using this company's data; waiting for it to finish (up to 2 minutes)."
            );
            return;
        }
        if quiet {
            return;
        }
        match p {
            PreviewProgress::Waiting => {}
            PreviewProgress::Fetching(f) => {
                eprint!("\rFetching employees from TriNet: {}", f.employees_received)
            }
            PreviewProgress::Planning { employees } => {
                eprintln!("\rFetched {employees} employees; planning the import.")
            }
        }
    }));
    let summary = match result {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if !json {
        print_summary(&summary);
        return 0;
    }
    let store = match state.store() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let lines = match store.import_changes(summary.import_id) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let out = PreviewJson {
        plan_id: summary.import_id,
        outcome: summary.outcome,
        stale: summary.stale,
        counts: summary.counts,
        guardrail: summary.guardrail,
        changes: lines
            .into_iter()
            .filter(|l| l.change.kind != ChangeKind::Unchanged)
            .map(|l| ChangeJson {
                line: l.seq,
                kind: l.change.kind,
                employee_id: l.change.employee_id,
                work_email: l.change.work_email,
                fields: l.change.fields,
                reason: l.change.reason,
                resolution: l.resolution,
            })
            .collect(),
    };
    println!(
        "{}",
        serde_json::to_string(&out).expect("the preview serialises")
    );
    0
}

/// The import `plan` names, or the open one.
fn target(state: &AppState, plan: Option<i64>) -> Result<ImportSummary, Failure> {
    let store = state.store()?;
    match plan {
        Some(id) => Ok(imports::summary(&store, id)?),
        None => Ok(imports::open_import(&store)?.ok_or(crate::sync::SyncError::NothingOpen)?),
    }
}

pub(super) fn confirm(question: &str) -> Result<bool, String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err("not applied: confirm with --yes (there is no terminal to ask on)".to_string());
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|e| format!("could not read the answer: {e}"))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

/// The import `roster apply` may approve: the one named, or the one waiting
/// for review when the command started. One planned after that (by another
/// window or run) is refused: nobody running this command has seen it.
fn bound_target(
    state: &AppState,
    plan: Option<i64>,
    started: chrono::DateTime<chrono::Utc>,
) -> Result<ImportSummary, Failure> {
    let summary = target(state, plan)?;
    let created = chrono::DateTime::parse_from_rfc3339(&summary.created_at)
        .map_err(|e| Failure::internal("read when the import was planned", e))?;
    if plan.is_none() && created > started {
        return Err(crate::sync::SyncError::Unseen {
            import_id: summary.import_id,
        }
        .into());
    }
    Ok(summary)
}

pub fn apply(ws: Workspace, plan: Option<i64>, yes: bool, confirm_guardrail: bool) -> i32 {
    let started = ws.started;
    let state = ws.open();
    let summary = match bound_target(&state, plan, started) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if !yes {
        print_summary(&summary);
        match confirm(&format!("Apply import {}?", summary.import_id)) {
            Ok(true) => {}
            Ok(false) => {
                eprintln!("roster: not applied.");
                return exit::FAILED;
            }
            Err(msg) => {
                eprintln!("roster: {msg}");
                return exit::ENVIRONMENT;
            }
        }
    }
    let store = match state.store() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let applied = match imports::apply(
        &store,
        summary.import_id,
        confirm_guardrail,
        chrono::Utc::now(),
    ) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let c = &applied.summary.counts;
    println!(
        "Applied import {}: {} people changed ({} new, {} updated, {} deactivated, {} reactivated, {} leave started, {} leave ended); {} needs-attention item(s) applied as resolved, {} left out; {} lifecycle event(s).",
        applied.summary.import_id,
        applied.people_changed,
        c.new,
        c.updated,
        c.deactivated,
        c.reactivated,
        c.leave_started,
        c.leave_ended,
        applied.attention_applied,
        applied.attention_left_out,
        applied.lifecycle_events,
    );
    0
}

/// `--as`'s choices: a needs-attention line's decision, or none.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Link,
    LeaveOut,
    None,
}

pub fn resolve(ws: Workspace, plan: Option<i64>, line: u32, decision: &Decision) -> i32 {
    let resolution = match decision {
        Decision::Approve => Some(Resolution::Approve),
        Decision::Link => Some(Resolution::Link),
        Decision::LeaveOut => Some(Resolution::LeaveOut),
        Decision::None => None,
    };
    let state = ws.open();
    let summary = match target(&state, plan) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let store = match state.store() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    match imports::resolve(&store, summary.import_id, line, resolution) {
        Ok(l) => {
            println!(
                "Import {} line {}: {}.",
                summary.import_id,
                l.seq,
                l.resolution.map_or("no decision", Resolution::as_str)
            );
            0
        }
        Err(e) => fail(e),
    }
}

pub fn reject(ws: Workspace, plan: Option<i64>) -> i32 {
    let state = ws.open();
    let summary = match target(&state, plan) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let store = match state.store() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    match imports::reject(&store, summary.import_id, chrono::Utc::now()) {
        Ok(s) => {
            println!("Rejected import {}; nothing was applied.", s.import_id);
            0
        }
        Err(e) => fail(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::{DataDir, Profile};
    use crate::sandbox::Company;
    use crate::sync::imports::PlanInput;
    use crate::sync::tests::{employees, start};

    /// Needs the keyring session (`AppState` keeps its database key there).
    #[test]
    fn apply_never_takes_an_import_planned_after_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open_profile(DataDir::new(dir.path()), Profile::Company);
        let company = Company::generate(7, 30, start());
        let planned_at = chrono::Utc::now();
        let just_before = planned_at - chrono::Duration::milliseconds(300);
        let import_id = imports::plan_fetch(
            &state
                .store()
                .expect("database opens in the keyring session"),
            PlanInput {
                records: (&employees(&company)).into(),
                company_id: "ACME",
                trigger: ImportTrigger::Manual,
                today: company.today,
                now: planned_at,
            },
        )
        .unwrap()
        .import_id;
        // Started before the import was planned: it is not the one waiting
        // then, so `apply --yes` refuses it and says how to apply it.
        let before = planned_at - chrono::Duration::seconds(2);
        let refused = bound_target(&state, None, before).unwrap_err();
        assert!(
            refused.message.contains(&format!("--plan {import_id}")),
            "{}",
            refused.message
        );
        // Started a moment before it, in the same second: refused too.
        assert!(bound_target(&state, None, just_before).is_err());
        // Started after it: the import waiting is the one it binds to.
        let after = planned_at + chrono::Duration::seconds(1);
        assert_eq!(
            bound_target(&state, None, after).unwrap().import_id,
            import_id
        );
        // Named explicitly: the caller chose it.
        assert_eq!(
            bound_target(&state, Some(import_id), before)
                .unwrap()
                .import_id,
            import_id
        );
    }
}
