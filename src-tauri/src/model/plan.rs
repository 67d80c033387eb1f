//! What a plan says, person by person: the directory person it is compared
//! with, change kinds, field changes, counts and the guardrail verdict, in
//! the serde shape the review screen, the database and `roster preview
//! --json` share. The planner (`crate::plan`) writes these; the store keeps
//! them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text::spelled_enum;

spelled_enum! {
    /// Where a person stands in the directory.
    pub enum PersonStatus {
        Active,
        OnLeave,
        PendingStart,
        Former,
    }
}

/// One person as the directory holds them before this import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryPerson {
    /// Stable across imports, whatever TriNet key changes.
    pub person_id: i64,
    /// Stored values by directory field name (`employee_id`, `work_email`, ...).
    pub values: HashMap<String, String>,
    pub status: PersonStatus,
    /// Consecutive earlier imports this person was absent from TriNet.
    pub missing_runs: u32,
    /// TriNet's `alternateId`, the third identity key.
    pub alternate_id: Option<String>,
}

impl DirectoryPerson {
    /// The stored value of `field`; blank counts as none. `alternate_id`
    /// falls back to [`DirectoryPerson::alternate_id`].
    pub fn stored(&self, field: &str) -> Option<&str> {
        let value = self.values.get(field).map(String::as_str);
        let value = match value {
            None if field == ALTERNATE_ID => self.alternate_id.as_deref(),
            v => v,
        };
        value.filter(|v| !v.is_empty())
    }
}

/// The mapped field that, when a mapping has it, is the third identity key.
pub const ALTERNATE_ID: &str = "alternate_id";

/// When an import is held for a typed confirmation. Percentages are of
/// the directory's active people (active or on leave); a guardrail trips
/// when the count is strictly over its limit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct GuardrailSettings {
    pub max_deactivated_percent: f64,
    pub max_deactivated_people: u32,
    pub max_identity_changes_percent: f64,
}

impl Default for GuardrailSettings {
    fn default() -> Self {
        Self {
            max_deactivated_percent: 10.0,
            max_deactivated_people: 25,
            max_identity_changes_percent: 5.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PlanSettings {
    pub guardrails: GuardrailSettings,
    /// Consecutive runs a person may be missing from TriNet (with no
    /// termination) before the plan proposes deactivating them.
    pub missing_runs_to_deactivate: u32,
}

impl Default for PlanSettings {
    fn default() -> Self {
        Self {
            guardrails: GuardrailSettings::default(),
            missing_runs_to_deactivate: 3,
        }
    }
}

spelled_enum! {
    /// The one kind each person lands in.
    pub enum ChangeKind {
        New,
        Updated,
        Deactivated,
        Reactivated,
        LeaveStarted,
        LeaveEnded,
        Unchanged,
        Excluded,
        NeedsAttention,
    }
}

spelled_enum! {
    /// Why a person is held under Needs attention.
    pub enum AttentionReason {
        /// Employee ID, work email, first or last name missing (or unmappable),
        /// or an employee ID shared with another record of the same fetch.
        InvalidRecord,
        DuplicateEmail,
        PossibleDuplicate,
        PrivacyBlock,
        MissingFromSource,
    }
}

/// One directory field's value before and after the import; `None` is no value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A person's directory status before and after; `before` is `None` for
/// someone new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusChange {
    pub before: Option<PersonStatus>,
    pub after: PersonStatus,
}

/// The directory person a possible duplicate may be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Candidate {
    #[ts(type = "number")]
    pub person_id: i64,
    /// Legal first and last name as stored.
    pub name: String,
    pub status: PersonStatus,
}

/// What the import would do to one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PlannedChange {
    pub kind: ChangeKind,
    /// As TriNet sends it now (as stored, for someone missing from TriNet).
    pub employee_id: Option<String>,
    pub work_email: Option<String>,
    /// The directory person, when the record matched one.
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    /// Every changed field; every field with a value for someone new or
    /// unmatched.
    pub fields: Vec<FieldChange>,
    /// Set when the person's directory status changes (for a record under
    /// Needs attention: would change, if the admin approves it).
    pub status_change: Option<StatusChange>,
    /// Needs attention only.
    pub reason: Option<AttentionReason>,
    /// Possible duplicates only.
    pub candidate: Option<Candidate>,
    /// Missing from TriNet: the consecutive runs including this one.
    pub missing_runs: Option<u32>,
    /// Why, in words, when the kind alone does not say it (which fields are
    /// invalid, which record shares the email, excluded but in the directory).
    pub note: Option<String>,
    /// Index of the record in [`MappedFetch::records`]; `None` for someone
    /// missing from TriNet. Not part of the JSON.
    #[serde(skip)]
    #[ts(skip)]
    pub record: Option<usize>,
}

/// How many people land in each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanCounts {
    pub new: u32,
    pub updated: u32,
    pub deactivated: u32,
    pub reactivated: u32,
    pub leave_started: u32,
    pub leave_ended: u32,
    pub unchanged: u32,
    pub excluded: u32,
    pub needs_attention: u32,
}

impl PlanCounts {
    pub fn get(&self, kind: ChangeKind) -> u32 {
        match kind {
            ChangeKind::New => self.new,
            ChangeKind::Updated => self.updated,
            ChangeKind::Deactivated => self.deactivated,
            ChangeKind::Reactivated => self.reactivated,
            ChangeKind::LeaveStarted => self.leave_started,
            ChangeKind::LeaveEnded => self.leave_ended,
            ChangeKind::Unchanged => self.unchanged,
            ChangeKind::Excluded => self.excluded,
            ChangeKind::NeedsAttention => self.needs_attention,
        }
    }

    /// Everyone the plan looked at, whatever their kind.
    pub fn people(&self) -> u32 {
        self.new
            + self.updated
            + self.deactivated
            + self.reactivated
            + self.leave_started
            + self.leave_ended
            + self.unchanged
            + self.excluded
            + self.needs_attention
    }

    pub fn merge(&mut self, other: &PlanCounts) {
        self.new += other.new;
        self.updated += other.updated;
        self.deactivated += other.deactivated;
        self.reactivated += other.reactivated;
        self.leave_started += other.leave_started;
        self.leave_ended += other.leave_ended;
        self.unchanged += other.unchanged;
        self.excluded += other.excluded;
        self.needs_attention += other.needs_attention;
    }

    pub fn add(&mut self, kind: ChangeKind) {
        let slot = match kind {
            ChangeKind::New => &mut self.new,
            ChangeKind::Updated => &mut self.updated,
            ChangeKind::Deactivated => &mut self.deactivated,
            ChangeKind::Reactivated => &mut self.reactivated,
            ChangeKind::LeaveStarted => &mut self.leave_started,
            ChangeKind::LeaveEnded => &mut self.leave_ended,
            ChangeKind::Unchanged => &mut self.unchanged,
            ChangeKind::Excluded => &mut self.excluded,
            ChangeKind::NeedsAttention => &mut self.needs_attention,
        };
        *slot += 1;
    }
}

/// Whether the import must be held for a typed confirmation, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Guardrail {
    pub tripped: bool,
    /// One sentence per tripped limit, with the numbers.
    pub reasons: Vec<String>,
}

/// Everything one import would do, before anyone approves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportPlan {
    pub counts: PlanCounts,
    pub guardrail: Guardrail,
    /// Active or on-leave people in the directory before the import: what
    /// the guardrail percentages are of.
    pub active_people: u32,
    /// Work email or employee ID changes of matched people.
    pub identity_changes: u32,
    /// Records in fetch order, then people missing from TriNet in
    /// directory order.
    pub changes: Vec<PlannedChange>,
}

spelled_enum! {
    /// A joiner, mover or leaver an applied import produces.
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
