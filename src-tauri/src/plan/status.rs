//! Which directory status a TriNet record puts a person in, and which kind
//! of change moving between two statuses is: the lifecycle rules in one
//! place.

use std::cmp::Ordering;

use chrono::NaiveDate;

use crate::model::{ChangeKind, PersonStatus};
use crate::trinet::DateValue;

/// `today` as `YYYY-MM-DD`, the form mapped dates take, so most date
/// comparisons are plain string comparisons.
pub(super) struct Today {
    pub date: NaiveDate,
    pub iso: String,
}

impl Today {
    pub fn new(date: NaiveDate) -> Self {
        Self {
            date,
            iso: date.format("%Y-%m-%d").to_string(),
        }
    }

    /// How `value` compares with today; `None` when it is not a date.
    fn compare(&self, value: &str) -> Option<Ordering> {
        let v = value.trim();
        let b = v.as_bytes();
        let iso = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if iso {
            Some(v.cmp(self.iso.as_str()))
        } else {
            DateValue::parse(v).date().map(|d| d.cmp(&self.date))
        }
    }
}

/// The mapped `status` value read as TriNet's meaning: `active`/`A`,
/// `on_leave`/`L`/`P`/`S`, `terminated`/`T`/`U`/`D`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SourceStatus {
    Active,
    OnLeave,
    Terminated,
}

pub(super) fn source_status(value: &str) -> Option<SourceStatus> {
    let v = value.trim();
    let is = |names: &[&str]| names.iter().any(|n| v.eq_ignore_ascii_case(n));
    if is(&["terminated", "T", "U", "D"]) {
        Some(SourceStatus::Terminated)
    } else if is(&["on_leave", "L", "P", "S"]) {
        Some(SourceStatus::OnLeave)
    } else if is(&["active", "A"]) {
        Some(SourceStatus::Active)
    } else {
        None
    }
}

/// The status a record puts its person in: former when the end date is on
/// or before today or TriNet says terminated; on leave for L, P, S;
/// pending start when the start date is after today; active otherwise
/// (including an unknown status code).
pub(super) fn target_status(
    status: Option<&str>,
    start_date: Option<&str>,
    end_date: Option<&str>,
    today: &Today,
) -> PersonStatus {
    let source = status.and_then(source_status);
    let ended = end_date
        .and_then(|d| today.compare(d))
        .is_some_and(|o| o != Ordering::Greater);
    if ended || source == Some(SourceStatus::Terminated) {
        return PersonStatus::Former;
    }
    if source == Some(SourceStatus::OnLeave) {
        return PersonStatus::OnLeave;
    }
    let starts_later = start_date
        .and_then(|d| today.compare(d))
        .is_some_and(|o| o == Ordering::Greater);
    if starts_later {
        PersonStatus::PendingStart
    } else {
        PersonStatus::Active
    }
}

/// The kind of change for a matched person going from `before` to `after`
/// (before any privacy block), given whether any field changes.
pub fn matched_kind(before: PersonStatus, after: PersonStatus, fields_changed: bool) -> ChangeKind {
    use PersonStatus::*;
    match (before, after) {
        (Former, Former) => plain(fields_changed),
        (_, Former) => ChangeKind::Deactivated,
        (Former, _) => ChangeKind::Reactivated,
        (OnLeave, OnLeave) => plain(fields_changed),
        (_, OnLeave) => ChangeKind::LeaveStarted,
        (OnLeave, _) => ChangeKind::LeaveEnded,
        // Pending start ↔ active is a status change worth an update.
        (b, a) => plain(fields_changed || b != a),
    }
}

fn plain(changed: bool) -> ChangeKind {
    if changed {
        ChangeKind::Updated
    } else {
        ChangeKind::Unchanged
    }
}
