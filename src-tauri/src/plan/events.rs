//! The joiners, movers and leavers an applied import produces, for history
//! and for IT's CSV export.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{ChangeKind, FieldChange, ImportPlan, PersonStatus, PlannedChange};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleEventKind {
    Joiner,
    /// In the directory from the baseline, the first applied import: the
    /// people already employed when Roster started, who are not joiners.
    /// Applying that import records this in place of joiner; lists,
    /// charts and the events export start after it.
    Baseline,
    Leaver,
    /// Department, job title, location or manager changed.
    Mover,
    LeaveStart,
    LeaveEnd,
    Rehire,
    EmploymentTypeChange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LifecycleEvent {
    pub kind: LifecycleEventKind,
    /// `None` for a joiner: the directory assigns it on apply.
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub employee_id: Option<String>,
    pub work_email: Option<String>,
    /// The changes behind the event (for a mover, only the moving fields).
    pub fields: Vec<FieldChange>,
}

/// Fields whose change makes someone a mover.
pub const MOVER_FIELDS: &[&str] = &["department", "job_title", "location", "manager_email"];

fn event(kind: LifecycleEventKind, c: &PlannedChange, fields: Vec<FieldChange>) -> LifecycleEvent {
    LifecycleEvent {
        kind,
        person_id: c.person_id,
        employee_id: c.employee_id.clone(),
        work_email: c.work_email.clone(),
        fields,
    }
}

fn only(c: &PlannedChange, names: &[&str]) -> Vec<FieldChange> {
    c.fields
        .iter()
        .filter(|f| names.contains(&f.field.as_str()))
        .cloned()
        .collect()
}

/// The events of applying `plan` as it stands. Needs attention, excluded
/// and unchanged people produce none; a new person recorded as already
/// former is history, not a joiner. A rehire is one event, whatever else
/// changed; a move or a change of employment type shows beside an update
/// or a leave.
pub fn lifecycle_events(plan: &ImportPlan) -> Vec<LifecycleEvent> {
    let mut out = Vec::new();
    for c in &plan.changes {
        events_of(c, &mut out);
    }
    out
}

/// Appends the events of applying one change (as [`lifecycle_events`]).
pub fn events_of(c: &PlannedChange, out: &mut Vec<LifecycleEvent>) {
    use LifecycleEventKind as E;
    let primary = match c.kind {
        ChangeKind::New => {
            let former = c
                .status_change
                .is_some_and(|s| s.after == PersonStatus::Former);
            (!former).then_some(E::Joiner)
        }
        ChangeKind::Deactivated => Some(E::Leaver),
        ChangeKind::Reactivated => Some(E::Rehire),
        ChangeKind::LeaveStarted => Some(E::LeaveStart),
        ChangeKind::LeaveEnded => Some(E::LeaveEnd),
        ChangeKind::Updated
        | ChangeKind::Unchanged
        | ChangeKind::Excluded
        | ChangeKind::NeedsAttention => None,
    };
    if let Some(kind) = primary {
        out.push(event(kind, c, c.fields.clone()));
    }
    if matches!(
        c.kind,
        ChangeKind::Updated | ChangeKind::LeaveStarted | ChangeKind::LeaveEnded
    ) {
        let moved = only(c, MOVER_FIELDS);
        if !moved.is_empty() {
            out.push(event(E::Mover, c, moved));
        }
    }
    if matches!(
        c.kind,
        ChangeKind::Updated
            | ChangeKind::LeaveStarted
            | ChangeKind::LeaveEnded
            | ChangeKind::Reactivated
    ) {
        let typed = only(c, &["employment_type"]);
        if typed.iter().any(|f| f.before.is_some()) {
            out.push(event(E::EmploymentTypeChange, c, typed));
        }
    }
}
