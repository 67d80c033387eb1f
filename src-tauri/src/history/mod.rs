//! The offline half of Roster: the import timeline, the directory, one
//! person's timeline, lifecycle events, the charts and the CSV exports.
//! Everything here reads the local database only; nothing needs TriNet.

pub mod csv;

use std::path::{Path, PathBuf};

use crate::mapping::MappingError;
use crate::model::{
    BaselinePoint, DirectoryFacets, DirectoryPage, DirectoryQuery, EventPage, EventQuery,
    HistoryCharts, HistoryPage, HistoryQuery, MonthFlow, PersonChange, PersonTimeline, PushDetail,
    PushKind, PushPage, PushQuery, ReconciliationDetail, ReconciliationPage, ReconciliationQuery,
};
use crate::store::history::Facetable;
use crate::store::{Store, StoreError};
use crate::sync::imports::to_summary;
use crate::sync::SyncError;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Mapping(#[from] MappingError),
    #[error("Person {person_id} is not in the directory.")]
    NoSuchPerson { person_id: i64 },
    #[error("There is no push {push_id}. `roster push list` shows them.")]
    NoSuchPush { push_id: i64 },
    #[error("There is no reconciliation {reconciliation_id}. `roster reconcile list` shows them.")]
    NoSuchReconciliation { reconciliation_id: i64 },
    #[error(
        "Roster could not write {}: {reason}. Choose another folder or file name and try again.",
        .path.display()
    )]
    Write { path: PathBuf, reason: String },
}

/// Pages are at most this long; the UI asks for the next one as it scrolls.
pub const MAX_PAGE: u32 = 500;

fn page_limit(limit: u32) -> u32 {
    if limit == 0 {
        100
    } else {
        limit.min(MAX_PAGE)
    }
}

/// A page of the import timeline, newest first.
pub fn imports(store: &Store, query: &HistoryQuery) -> Result<HistoryPage, HistoryError> {
    let query = HistoryQuery {
        limit: page_limit(query.limit),
        ..query.clone()
    };
    let (total, rows) = store.import_page(&query)?;
    let last = store.last_applied_import()?;
    let imports = rows
        .into_iter()
        .map(|row| to_summary(store, row, last))
        .collect::<Result<_, _>>()?;
    Ok(HistoryPage {
        total,
        offset: query.offset,
        imports,
    })
}

/// A page of the directory, by name.
pub fn directory(store: &Store, query: &DirectoryQuery) -> Result<DirectoryPage, HistoryError> {
    let query = DirectoryQuery {
        limit: page_limit(query.limit),
        ..query.clone()
    };
    let (total, people) = store.directory_page(&query)?;
    Ok(DirectoryPage {
        total,
        offset: query.offset,
        people,
    })
}

/// The values the directory's filters offer, with counts.
pub fn facets(store: &Store) -> Result<DirectoryFacets, HistoryError> {
    let statuses = store.directory_facet(Facetable::Status)?;
    Ok(DirectoryFacets {
        total: statuses.iter().map(|f| f.count).sum(),
        statuses,
        departments: store.directory_facet(Facetable::Department)?,
        locations: store.directory_facet(Facetable::Location)?,
    })
}

/// Everything that happened to one person, newest first.
pub fn person(store: &Store, person_id: i64) -> Result<PersonTimeline, HistoryError> {
    let person = store
        .directory_entry(person_id)?
        .ok_or(HistoryError::NoSuchPerson { person_id })?;
    let changes = store
        .person_lines(person_id)?
        .into_iter()
        .map(|l| PersonChange {
            import_id: l.import.import_id,
            plan_date: l.import.plan_date,
            created_at: l.import.created_at,
            trigger: l.import.trigger,
            outcome: l.import.outcome,
            mapping_version: l.import.mapping_version,
            line: l.line,
        })
        .collect();
    let accounts = match store
        .person(person_id)?
        .as_ref()
        .and_then(|p| p.stored("employee_id"))
    {
        Some(employee_id) => store.account_actions(employee_id)?,
        None => Vec::new(),
    };
    Ok(PersonTimeline {
        person,
        changes,
        events: store.person_events(person_id)?,
        accounts,
    })
}

/// A page of every target's pushes, newest first.
pub fn pushes(store: &Store, query: &PushQuery) -> Result<PushPage, HistoryError> {
    let query = PushQuery {
        limit: page_limit(query.limit),
        ..query.clone()
    };
    let (total, pushes) = store.push_page(&query)?;
    Ok(PushPage {
        total,
        offset: query.offset,
        pushes,
        targets: store.target_names()?,
    })
}

/// One push: every line but the unchanged, and its receipts with the
/// failed ones first.
pub fn push(store: &Store, push_id: i64) -> Result<PushDetail, HistoryError> {
    let missing = || HistoryError::NoSuchPush { push_id };
    let summary = store.push_summary(push_id)?.ok_or_else(missing)?;
    let plan = store.push_plan(push_id)?.ok_or_else(missing)?;
    let mut receipts = store.receipts(push_id)?;
    // Stable: within each half, the order they were sent in.
    receipts.sort_by_key(|r| r.ok);
    Ok(PushDetail {
        summary,
        guardrail: plan.guardrail,
        delete_after_days: plan.delete_after_days,
        changes: plan
            .changes
            .into_iter()
            .filter(|c| c.kind != PushKind::Unchanged)
            .collect(),
        receipts,
    })
}

/// A page of every target's reconciliations, newest first.
pub fn reconciliations(
    store: &Store,
    query: &ReconciliationQuery,
) -> Result<ReconciliationPage, HistoryError> {
    let query = ReconciliationQuery {
        limit: page_limit(query.limit),
        ..query.clone()
    };
    let (total, reconciliations) = store.reconciliation_page(&query)?;
    Ok(ReconciliationPage {
        total,
        offset: query.offset,
        reconciliations,
        targets: store.target_names()?,
    })
}

/// One stored reconciliation with every account and person it listed.
pub fn reconciliation(
    store: &Store,
    reconciliation_id: i64,
) -> Result<ReconciliationDetail, HistoryError> {
    let summary = store
        .reconciliation_summary(reconciliation_id)?
        .ok_or(HistoryError::NoSuchReconciliation { reconciliation_id })?;
    Ok(ReconciliationDetail {
        summary,
        report: store.reconciliation_report(reconciliation_id)?,
    })
}

/// A page of lifecycle events, newest first.
pub fn events(store: &Store, query: &EventQuery) -> Result<EventPage, HistoryError> {
    let query = EventQuery {
        limit: page_limit(query.limit),
        ..query.clone()
    };
    let (total, events) = store.event_page(&query)?;
    Ok(EventPage {
        total,
        offset: query.offset,
        events,
    })
}

/// Headcount after each applied import, and joiners and leavers per month
/// from the baseline's month on.
pub fn charts(store: &Store) -> Result<HistoryCharts, HistoryError> {
    let baseline = store
        .baseline()?
        .map(|(import_id, date, headcount)| BaselinePoint {
            import_id,
            date,
            headcount,
        });
    let headcount = store.headcount_points()?;
    let flows = store.month_flows()?;
    let months = match &baseline {
        Some(b) => {
            let last = [
                flows.last().map(|m| m.month.as_str()),
                headcount.last().map(|p| month_of(&p.date)),
            ]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(month_of(&b.date))
            .to_string();
            every_month(month_of(&b.date), &last, flows)
        }
        None => flows,
    };
    Ok(HistoryCharts {
        baseline,
        headcount,
        months,
    })
}

/// The YYYY-MM of a YYYY-MM-DD day.
fn month_of(day: &str) -> &str {
    day.get(..7).unwrap_or(day)
}

/// `flows` with a zero month for each month from `from` to `to` (YYYY-MM)
/// that has none; flows outside that range are kept.
fn every_month(from: &str, to: &str, flows: Vec<MonthFlow>) -> Vec<MonthFlow> {
    let parse = |m: &str| -> Option<(i32, u32)> {
        Some((m.get(..4)?.parse().ok()?, m.get(5..7)?.parse().ok()?))
    };
    let (Some(mut at), Some(end)) = (parse(from), parse(to)) else {
        return flows;
    };
    let mut by_month: std::collections::BTreeMap<String, MonthFlow> =
        flows.into_iter().map(|m| (m.month.clone(), m)).collect();
    while at <= end {
        let month = format!("{:04}-{:02}", at.0, at.1);
        by_month.entry(month.clone()).or_insert(MonthFlow {
            month,
            joiners: 0,
            leavers: 0,
            rehires: 0,
        });
        at = if at.1 == 12 {
            (at.0 + 1, 1)
        } else {
            (at.0, at.1 + 1)
        };
    }
    by_month.into_values().collect()
}

/// Writes an export to `path` whole or not at all, or says why it could not.
pub fn write_file(path: &Path, text: &str) -> Result<(), HistoryError> {
    crate::files::write_whole(path, text.as_bytes()).map_err(|e| HistoryError::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests;
