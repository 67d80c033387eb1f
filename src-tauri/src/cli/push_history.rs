//! `roster push list` and `roster push show`: every push in the local
//! history, read with no network, as History shows them.

use std::path::Path;

use super::exit;
use super::imports::fail;
use super::Workspace;
use crate::history;
use crate::model::{counted, PushCounts, PushQuery, PushSummary, Spelled};
use crate::operations::Failure;

fn sent(c: &PushCounts) -> String {
    format!(
        "{} created, {} updated, {} deactivated, {} deleted, {} reactivated, {}, {} held",
        c.create,
        c.update,
        c.deactivate,
        c.delete,
        c.reactivate,
        counted(c.group_changes, "group change", "group changes"),
        c.needs_attention
    )
}

/// `--out FILE`: writes the CSV (its text and row count) there and says
/// so on standard error; the exit code when it could not.
pub(super) fn write_out(
    path: &Path,
    csv: Result<(String, u32), history::HistoryError>,
) -> Result<(), i32> {
    match csv.and_then(|(text, rows)| history::write_file(path, &text).map(|()| rows)) {
        Ok(rows) => {
            eprintln!(
                "roster: wrote {} to {}",
                counted(rows, "row", "rows"),
                path.display()
            );
            Ok(())
        }
        Err(e) => {
            eprintln!("roster: {e}");
            Err(exit::FAILED)
        }
    }
}

/// The line under a list cut short by `--limit`.
pub(super) fn print_more(shown: usize, total: u32, noun: &str) {
    if total > shown as u32 {
        println!("{shown} of {total} {noun} shown (--limit N shows more).");
    }
}

fn trigger(s: &PushSummary) -> &'static str {
    s.trigger.map_or("-", |t| t.as_str())
}

pub fn list(ws: Workspace, query: &PushQuery, json: bool) -> i32 {
    let state = ws.open_quiet();
    let page = match state
        .store()
        .and_then(|store| history::pushes(&store, query).map_err(Failure::from))
    {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string(&page.pushes).expect("pushes serialise")
        );
        return 0;
    }
    if page.pushes.is_empty() {
        println!("No pushes match. `roster push preview --target NAME` plans one.");
        return 0;
    }
    println!(
        "{:>5}  {:<20}  {:<25}  {:<9}  {:<10}  {:>4} {:>6}  Lines",
        "Push", "Target", "When", "Trigger", "State", "OK", "Failed"
    );
    for s in &page.pushes {
        println!(
            "{:>5}  {:<20}  {:<25}  {:<9}  {:<10}  {:>4} {:>6}  {}",
            s.push_id,
            s.target,
            s.decided_at.as_deref().unwrap_or(&s.created_at),
            trigger(s),
            s.state.as_str(),
            s.succeeded,
            s.failed,
            sent(&s.counts)
        );
    }
    print_more(page.pushes.len(), page.total, "pushes");
    0
}

pub fn show(ws: Workspace, push_id: i64, json: bool, out: Option<&Path>) -> i32 {
    let state = ws.open_quiet();
    let store = match state.store() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let detail = match history::push(&store, push_id) {
        Ok(d) => d,
        Err(e) => return fail(Failure::from(e)),
    };
    if let Some(path) = out {
        if let Err(code) = write_out(path, history::csv::push(&store, push_id)) {
            return code;
        }
    }
    if json {
        println!(
            "{}",
            serde_json::to_string(&detail).expect("pushes serialise")
        );
        return 0;
    }
    let s = &detail.summary;
    println!(
        "Push {} to {} ({}), planned {}, {} by {}: {}.",
        s.push_id,
        s.target,
        s.state.as_str(),
        s.created_at,
        s.decided_at.as_deref().unwrap_or("not decided"),
        s.decided_by.as_deref().unwrap_or("nobody yet"),
        sent(&s.counts)
    );
    for reason in &detail.guardrail.reasons {
        println!("  held: {reason}");
    }
    println!(
        "{} succeeded, {} failed.",
        counted(s.succeeded, "operation", "operations"),
        s.failed
    );
    for r in &detail.receipts {
        let outcome = if r.ok { "ok    " } else { "FAILED" };
        println!(
            "  {outcome} {:<10} {} {}{}",
            r.kind.as_str(),
            r.user_name,
            r.operation,
            r.detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        );
    }
    0
}
