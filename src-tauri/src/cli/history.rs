//! `roster history` and `roster export`: the local history, read with no
//! network.

use crate::model::Spelled;
use std::path::PathBuf;

use crate::history;
use crate::model::{from_variant_name, ImportOutcome};
use crate::model::{DirectoryQuery, EventQuery, HistoryQuery};
use crate::model::{LifecycleEventKind, PersonStatus};
use crate::operations::Failure;

use super::imports::fail;
use super::{exit, ExportWhat, Workspace};

/// `value` as the named enum, or a usage error listing what is accepted.
fn choice<T: crate::model::Spelled>(
    what: &str,
    value: Option<String>,
    accepted: &str,
) -> Result<Option<T>, i32> {
    match value {
        None => Ok(None),
        Some(v) => from_variant_name(&v).map(Some).ok_or_else(|| {
            eprintln!("roster: {v:?} is not a {what}; use one of {accepted}.");
            exit::ENVIRONMENT
        }),
    }
}

/// A YYYY-MM-DD day, or a usage error.
fn day(flag: &str, value: Option<String>) -> Result<Option<String>, i32> {
    match value {
        None => Ok(None),
        Some(v) if chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").is_ok() => Ok(Some(v)),
        Some(v) => {
            eprintln!("roster: --{flag} {v:?} is not a day; write it as YYYY-MM-DD.");
            Err(exit::ENVIRONMENT)
        }
    }
}

/// The timeline query the flags ask for, or a usage error.
fn history_query(
    limit: u32,
    outcome: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<HistoryQuery, i32> {
    Ok(HistoryQuery {
        outcome: choice::<ImportOutcome>(
            "outcome",
            outcome,
            "pending, held, applied, rejected, superseded, failed",
        )?,
        from: day("from", from)?,
        to: day("to", to)?,
        limit: limit.clamp(1, history::MAX_PAGE),
        ..HistoryQuery::default()
    })
}

pub fn history(
    ws: Workspace,
    json: bool,
    limit: u32,
    outcome: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> i32 {
    let query = match history_query(limit, outcome, from, to) {
        Ok(q) => q,
        Err(code) => return code,
    };
    let state = ws.open();
    let page = match state
        .store()
        .and_then(|store| history::imports(&store, &query).map_err(Failure::from))
    {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if json {
        println!(
            "{}",
            serde_json::to_string(&page.imports).expect("history serialises")
        );
        return 0;
    }
    if page.imports.is_empty() {
        if query.outcome.is_none() && query.from.is_none() && query.to.is_none() {
            println!("No imports yet. Run roster preview.");
        } else {
            println!("No imports match.");
        }
        return 0;
    }
    println!(
        "{:>6}  {:<10}  {:<20}  {:<9}  {:<10}  {:>6} {:>8} {:>11} {:>9}",
        "Import",
        "Planned",
        "When",
        "Trigger",
        "Outcome",
        "New",
        "Updated",
        "Deactivated",
        "Attention"
    );
    for s in &page.imports {
        println!(
            "{:>6}  {:<10}  {:<20}  {:<9}  {:<10}  {:>6} {:>8} {:>11} {:>9}",
            s.import_id,
            s.plan_date,
            s.created_at,
            s.trigger.as_str(),
            s.outcome.as_str(),
            s.counts.new,
            s.counts.updated,
            s.counts.deactivated,
            s.counts.needs_attention
        );
    }
    for s in page.imports.iter().filter(|s| s.baseline) {
        println!(
            "Import {} is the baseline: its people were already employed, so they are not joiners.",
            s.import_id
        );
    }
    let removed = page.imports.iter().filter(|s| s.details_removed).count();
    if removed > 0 {
        println!(
            "{removed} of these imports had their per-person details removed by the retention setting; their counts are kept."
        );
    }
    if page.total as usize > page.imports.len() {
        println!(
            "({} of {} imports; use --limit for more)",
            page.imports.len(),
            page.total
        );
    }
    0
}

/// What `roster export` writes, checked before the database is opened.
enum Export {
    Import(i64),
    Directory(DirectoryQuery),
    Events(EventQuery),
}

/// Where to write and what, or a usage error.
fn export_of(what: ExportWhat) -> Result<(PathBuf, Export), i32> {
    Ok(match what {
        ExportWhat::Import { import_id, out } => (out, Export::Import(import_id)),
        ExportWhat::Directory {
            out,
            department,
            location,
            status,
        } => (
            out,
            Export::Directory(DirectoryQuery {
                department,
                location,
                status: choice::<PersonStatus>(
                    "status",
                    status,
                    "active, on_leave, pending_start, former",
                )?,
                ..DirectoryQuery::default()
            }),
        ),
        ExportWhat::Events {
            out,
            from,
            to,
            kind,
            department,
        } => (
            out,
            Export::Events(EventQuery {
                kind: choice::<LifecycleEventKind>(
                    "kind of event",
                    kind,
                    "joiner, leaver, mover, leave_start, leave_end, rehire, employment_type_change, baseline",
                )?,
                department,
                from: day("from", from)?,
                to: day("to", to)?,
                ..EventQuery::default()
            }),
        ),
    })
}

pub fn export(ws: Workspace, what: ExportWhat) -> i32 {
    let (out, export) = match export_of(what) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let state = ws.open();
    let written = state.store().and_then(|store| {
        let made = match &export {
            Export::Import(import_id) => history::csv::import_changes(&store, *import_id),
            Export::Directory(query) => history::csv::directory(&store, query),
            Export::Events(query) => history::csv::events(&store, query),
        };
        let (text, rows) = made?;
        history::write_file(&out, &text)?;
        Ok(rows)
    });
    match written {
        Ok(rows) => {
            println!("Wrote {rows} rows to {}.", out.display());
            0
        }
        Err(e) => fail(e),
    }
}
