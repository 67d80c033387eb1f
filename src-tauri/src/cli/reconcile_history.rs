//! `roster reconcile list` and `roster reconcile show`: every
//! reconciliation kept in the local history, read with no network, as
//! History shows them.

use std::path::Path;

use super::imports::fail;
use super::push_history::{print_more, write_out};
use super::Workspace;
use crate::history;
use crate::model::{ReconcileReport, ReconciliationQuery, ReconciliationSummary, Spelled};
use crate::operations::Failure;

/// Each account or person a report lists, one line each.
pub(super) fn print_entries(report: &ReconcileReport) {
    for (finding, e) in report.entries() {
        println!(
            "  {}: {} ({}) {}",
            finding.as_str(),
            e.user_name,
            e.external_id.as_deref().unwrap_or("-"),
            e.detail
        );
    }
}

fn found(s: &ReconciliationSummary) -> String {
    match &s.failure {
        Some(why) => format!("FAILED: {why}"),
        None => format!(
            "{} orphaned, {} missing, {} mismatched",
            s.orphans, s.missing, s.mismatched
        ),
    }
}

pub fn list(ws: Workspace, query: &ReconciliationQuery, json: bool) -> i32 {
    let state = ws.open_quiet();
    let page = match state
        .store()
        .and_then(|store| history::reconciliations(&store, query).map_err(Failure::from))
    {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string(&page.reconciliations).expect("reconciliations serialise")
        );
        return 0;
    }
    if page.reconciliations.is_empty() {
        println!("No reconciliations match. `roster reconcile --target NAME` runs one.");
        return 0;
    }
    println!(
        "{:>5}  {:<20}  {:<25}  {:<16}  Found",
        "Run", "Target", "When", "By"
    );
    for s in &page.reconciliations {
        println!(
            "{:>5}  {:<20}  {:<25}  {:<16}  {}",
            s.reconciliation_id,
            s.target,
            s.run_at,
            s.run_by,
            found(s)
        );
    }
    print_more(page.reconciliations.len(), page.total, "reconciliations");
    0
}

pub fn show(ws: Workspace, reconciliation_id: i64, json: bool, out: Option<&Path>) -> i32 {
    let state = ws.open_quiet();
    let store = match state.store() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let detail = match history::reconciliation(&store, reconciliation_id) {
        Ok(d) => d,
        Err(e) => return fail(Failure::from(e)),
    };
    if let Some(path) = out {
        if let Err(code) = write_out(path, Ok(history::csv::reconciliation_rows(&detail))) {
            return code;
        }
    }
    if json {
        println!(
            "{}",
            serde_json::to_string(&detail).expect("reconciliations serialise")
        );
        return 0;
    }
    let s = &detail.summary;
    println!(
        "Reconciliation {} of {}, run {} by {}: {}.",
        s.reconciliation_id,
        s.target,
        s.run_at,
        s.run_by,
        found(s)
    );
    print_entries(&detail.report);
    0
}
