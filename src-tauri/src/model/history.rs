//! What the offline screens read: the import timeline, the directory, one
//! person's timeline, lifecycle events and the charts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::import::{ChangeLine, ImportOutcome, ImportSummary, ImportTrigger};
use super::plan::{FieldChange, LifecycleEventKind, PersonStatus};

/// Which imports the timeline lists, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct HistoryQuery {
    pub outcome: Option<ImportOutcome>,
    pub trigger: Option<ImportTrigger>,
    /// Planned on or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Planned on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    pub offset: u32,
    /// At most 500.
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryPage {
    /// Imports matching the query, over all pages.
    pub total: u32,
    pub offset: u32,
    pub imports: Vec<ImportSummary>,
}

/// Which people the directory lists, by last name then first name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct DirectoryQuery {
    /// Matched case-insensitively against name, employee ID and work email.
    pub search: Option<String>,
    pub department: Option<String>,
    pub location: Option<String>,
    pub status: Option<PersonStatus>,
    pub offset: u32,
    /// At most 500.
    pub limit: u32,
}

/// One person as the directory holds them now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DirectoryEntry {
    #[ts(type = "number")]
    pub person_id: i64,
    pub status: PersonStatus,
    /// Mapped values by directory field name (only mapped fields are stored).
    pub values: BTreeMap<String, String>,
    /// Consecutive imports this person was absent from TriNet.
    pub missing_runs: u32,
    /// The import that added them and the last one that changed them.
    #[ts(type = "number")]
    pub created_by: i64,
    #[ts(type = "number")]
    pub updated_by: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DirectoryPage {
    pub total: u32,
    pub offset: u32,
    pub people: Vec<DirectoryEntry>,
}

/// A value of a filter and how many people have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Facet {
    pub value: String,
    pub count: u32,
}

/// What the directory's filters offer, over everyone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DirectoryFacets {
    pub total: u32,
    /// Status names (active, on_leave, pending_start, former) with counts.
    pub statuses: Vec<Facet>,
    pub departments: Vec<Facet>,
    pub locations: Vec<Facet>,
}

/// One import's line about a person, with the import it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonChange {
    #[ts(type = "number")]
    pub import_id: i64,
    pub plan_date: String,
    /// RFC 3339.
    pub created_at: String,
    pub trigger: ImportTrigger,
    pub outcome: ImportOutcome,
    pub mapping_version: Option<u32>,
    pub line: ChangeLine,
}

/// Everything Roster knows happened to one person, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonTimeline {
    pub person: DirectoryEntry,
    /// Every line about them that was not "unchanged", in any import.
    pub changes: Vec<PersonChange>,
    pub events: Vec<EventRow>,
    /// What pushes did to their accounts in each target, oldest first.
    pub accounts: Vec<super::AccountAction>,
}

/// Which lifecycle events to list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct EventQuery {
    pub kind: Option<LifecycleEventKind>,
    /// Where it happened (the department at the time of the event).
    pub department: Option<String>,
    pub location: Option<String>,
    /// On or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// On or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    pub offset: u32,
    /// At most 500.
    pub limit: u32,
}

/// One lifecycle event of an applied import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EventRow {
    #[ts(type = "number")]
    pub event_id: i64,
    #[ts(type = "number")]
    pub import_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub kind: LifecycleEventKind,
    /// The day of the import that applied it (YYYY-MM-DD).
    pub occurred_on: String,
    /// The person's name, employee ID and work email as the directory has them now.
    pub name: Option<String>,
    pub employee_id: Option<String>,
    pub work_email: Option<String>,
    /// Department and location when it happened.
    pub department: Option<String>,
    pub location: Option<String>,
    /// For a mover or an employment-type change, the fields behind it.
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EventPage {
    pub total: u32,
    pub offset: u32,
    pub events: Vec<EventRow>,
}

/// The headcount one applied import left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HeadcountPoint {
    #[ts(type = "number")]
    pub import_id: i64,
    /// The import's planned day (YYYY-MM-DD).
    pub date: String,
    /// Active and on-leave people.
    pub headcount: u32,
}

/// Joiners and leavers of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MonthFlow {
    /// YYYY-MM.
    pub month: String,
    pub joiners: u32,
    pub leavers: u32,
    pub rehires: u32,
}

/// The first applied import, where the charts start: the people it added
/// were already employed, so they are not joiners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BaselinePoint {
    #[ts(type = "number")]
    pub import_id: i64,
    /// Its planned day (YYYY-MM-DD).
    pub date: String,
    /// Active and on-leave people it left (`None` when it was applied
    /// before Roster recorded headcounts).
    pub headcount: Option<u32>,
}

/// The History charts, computed from applied imports and their events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryCharts {
    /// `None` until an import is applied.
    pub baseline: Option<BaselinePoint>,
    /// In the order the imports were applied, the baseline first.
    pub headcount: Vec<HeadcountPoint>,
    /// Every month from the baseline's to the last with an applied import,
    /// oldest first, months without joiners or leavers included.
    pub months: Vec<MonthFlow>,
}

/// A CSV file written to where the admin chose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Exported {
    pub path: String,
    /// Data rows written (without the header).
    pub rows: u32,
}
