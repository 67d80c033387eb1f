//! The joiners, movers and leavers an applied import produces, for history
//! and for IT's CSV export.

use crate::model::{
    ChangeKind, FieldChange, ImportPlan, LifecycleEvent, LifecycleEventKind, PersonStatus,
    PlannedChange,
};

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
