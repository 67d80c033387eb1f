//! `roster target …`, `roster push …` and `roster reconcile`: provisioning
//! for scripts, through the same operations as the window. The JSON shapes
//! are a stable interface (documented in the README).

use std::path::Path;

use serde::Serialize;

use super::connect::piped_secret;
use super::imports::{confirm, fail};
use super::{exit, Workspace};
use crate::model::{counted, ReconcileReport};
use crate::model::{PushChange, PushCounts, PushGuardrail};
use crate::net::CancelToken;
use crate::operations::provision::{self as push, PushApplied, PushPreview, TargetInfo};
use crate::operations::AppState;
use crate::provision::TOKEN_ENV;
use crate::vault::Sensitive;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn print_target(t: &TargetInfo) {
    let tested = match (&t.capabilities, &t.checked_at) {
        (Some(c), Some(at)) => format!(
            "tested {at}: PATCH {}, bulk {}, groups {}, enterprise extension {}",
            yes_no(c.patch),
            c.bulk.map_or("no".into(), |b| format!(
                "up to {} operations",
                b.max_operations
            )),
            yes_no(c.groups),
            yes_no(c.enterprise_user)
        ),
        _ => "not tested yet".into(),
    };
    let token = if t.has_token {
        "token stored"
    } else {
        "NO TOKEN"
    };
    println!("{}  {}  ({token}; {tested})", t.name, t.base_url);
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// `target add scim`: the token from ROSTER_TARGET_TOKEN or standard input.
pub fn add(ws: Workspace, name: &str, url: &str, bulk_max: Option<u32>, auto_push: bool) -> i32 {
    let token = match std::env::var(TOKEN_ENV)
        .ok()
        .filter(|t| !t.trim().is_empty())
    {
        Some(t) => Sensitive::new(t),
        None => match piped_secret("target token", TOKEN_ENV) {
            Ok(t) => t,
            Err(msg) => {
                eprintln!("roster: {msg}");
                return exit::ENVIRONMENT;
            }
        },
    };
    let state = ws.open();
    let adjust = |rules: &mut crate::reconcile::TargetSettings| {
        if auto_push {
            rules.auto_push = true;
        }
        if bulk_max.is_some() {
            rules.bulk_max_operations = bulk_max;
        }
    };
    match runtime().block_on(push::add_target_with(&state, name, url, token, adjust)) {
        Ok(target) => {
            print_target(&target);
            0
        }
        Err(e) => {
            eprintln!("roster: target \"{name}\" was saved with its token, but the test failed.");
            fail(e)
        }
    }
}

pub fn test(ws: Workspace, name: &str) -> i32 {
    let state = ws.open();
    match runtime().block_on(push::test_target(&state, name)) {
        Ok(target) => {
            print_target(&target);
            0
        }
        Err(e) => fail(e),
    }
}

pub fn list(ws: Workspace, json: bool) -> i32 {
    let state = ws.open_quiet();
    let targets = match runtime().block_on(push::list_targets(&state)) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string(&targets).expect("targets serialise")
        );
    } else if targets.is_empty() {
        println!("No targets. Add one with `roster target add scim --name NAME --url URL`.");
    } else {
        targets.iter().for_each(print_target);
    }
    0
}

pub fn remove(ws: Workspace, name: &str) -> i32 {
    let state = ws.open();
    match runtime().block_on(push::remove_target(&state, name)) {
        Ok(()) => {
            println!(
                "Removed target \"{name}\" and its token. History keeps its pushes and reconciliations."
            );
            0
        }
        Err(e) => fail(e),
    }
}

/// `push preview --json`: one object.
#[derive(Serialize)]
struct PushJson<'a> {
    push_id: i64,
    target: &'a str,
    counts: &'a PushCounts,
    guardrail: &'a PushGuardrail,
    changes: &'a [PushChange],
}

fn print_counts(preview: &PushPreview) {
    let c = &preview.plan.counts;
    println!(
        "Push {} to {}: {} to create, {} to update, {} to deactivate, {} to reactivate, {}, {} unchanged, {} need attention, {}.",
        preview.push_id, preview.target, c.create, c.update, c.deactivate, c.reactivate,
        counted(c.group_changes, "group change", "group changes"), c.unchanged, c.needs_attention,
        counted(c.orphans, "orphaned account", "orphaned accounts")
    );
    if preview.plan.guardrail.tripped {
        println!("Held by a guardrail:");
        for reason in &preview.plan.guardrail.reasons {
            println!("  {reason}");
        }
    }
}

pub fn preview(ws: Workspace, target: &str, json: bool) -> i32 {
    let state = ws.open();
    let preview = match runtime().block_on(push::preview(&state, target, &CancelToken::new())) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if json {
        let out = PushJson {
            push_id: preview.push_id,
            target: &preview.target,
            counts: &preview.plan.counts,
            guardrail: &preview.plan.guardrail,
            changes: &preview.plan.changes,
        };
        println!("{}", serde_json::to_string(&out).expect("plans serialise"));
    } else {
        print_counts(&preview);
    }
    0
}

pub fn apply(ws: Workspace, target: &str, yes: bool, confirm_guardrail: bool) -> i32 {
    if !yes {
        match confirm(&format!("Send the push waiting for review to {target}?")) {
            Ok(true) => {}
            Ok(false) => {
                eprintln!("roster: not sent.");
                return exit::FAILED;
            }
            Err(msg) => {
                eprintln!("roster: {msg}");
                return exit::ENVIRONMENT;
            }
        }
    }
    let state = ws.open();
    let by = format!("cli:{}", whoami());
    let applied = runtime().block_on(push::apply(
        &state,
        target,
        confirm_guardrail,
        &by,
        &CancelToken::new(),
    ));
    match applied {
        Ok(applied) => print_applied(&applied),
        Err(e) => fail(e),
    }
}

pub fn retry(ws: Workspace, target: &str) -> i32 {
    let state = ws.open();
    let by = format!("cli:{}", whoami());
    match runtime().block_on(push::retry(&state, target, &by, &CancelToken::new())) {
        Ok(applied) => print_applied(&applied),
        Err(e) => fail(e),
    }
}

fn print_applied(applied: &PushApplied) -> i32 {
    println!(
        "Push {} to {}: {} succeeded, {} failed.",
        applied.push_id,
        applied.target,
        counted(applied.succeeded as u64, "operation", "operations"),
        applied.failed
    );
    for receipt in applied.receipts.iter().filter(|r| !r.ok) {
        println!(
            "  failed: {} {} ({})",
            receipt.operation,
            receipt.user_name,
            receipt.detail.as_deref().unwrap_or("no detail")
        );
    }
    if applied.failed == 0 {
        0
    } else {
        exit::FAILED
    }
}

pub(super) fn whoami() -> String {
    std::env::var("USER").unwrap_or_else(|_| "unknown".into())
}

/// `reconcile --json`: the report with the id it is kept under in History.
#[derive(Serialize)]
struct ReconcileJson<'a> {
    reconciliation_id: i64,
    target: &'a str,
    run_at: &'a str,
    #[serde(flatten)]
    report: &'a ReconcileReport,
}

pub fn reconcile(ws: Workspace, target: &str, json: bool, out: Option<&Path>) -> i32 {
    let state: AppState = ws.open();
    let by = format!("cli:{}", whoami());
    let cancel = CancelToken::new();
    let detail = match runtime().block_on(push::reconcile(&state, target, &by, &cancel)) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let report = &detail.report;
    if let Some(path) = out {
        let (text, _) = crate::history::csv::reconciliation_rows(&detail);
        if let Err(e) = crate::files::write_whole(path, text.as_bytes()) {
            eprintln!("roster: could not write {}: {e}", path.display());
            return exit::FAILED;
        }
    }
    if json {
        let out = ReconcileJson {
            reconciliation_id: detail.summary.reconciliation_id,
            target: &detail.summary.target,
            run_at: &detail.summary.run_at,
            report,
        };
        println!(
            "{}",
            serde_json::to_string(&out).expect("reports serialise")
        );
    } else {
        println!(
            "{}: {}, {}, {} mismatched (kept in History as reconciliation {}).",
            detail.summary.target,
            counted(
                report.orphans.len() as u64,
                "orphaned account",
                "orphaned accounts"
            ),
            counted(
                report.missing.len() as u64,
                "missing account",
                "missing accounts"
            ),
            report.mismatched.len(),
            detail.summary.reconciliation_id
        );
        super::reconcile_history::print_entries(report);
    }
    0
}
