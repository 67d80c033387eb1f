//! What an import looks like to the review screen, history and the CLI: its
//! summary, its per-person lines, and the admin's decisions on them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::plan::{AttentionReason, ChangeKind, Guardrail, PlanCounts, PlannedChange};
use super::text::spelled_enum;

spelled_enum! {
    /// What became of an import.
    pub enum ImportOutcome {
        /// Planned and waiting for review.
        Pending,
        /// Waiting for review and tripped a guardrail (or, scheduled, had
        /// needs-attention items): approving it needs a confirmation.
        Held,
        Applied,
        Rejected,
        /// A newer preview replaced it before anyone decided.
        Superseded,
        /// It could not be planned or applied; `error` says why.
        Failed,
    }
}

impl ImportOutcome {
    /// Still waiting for an approve or reject.
    pub fn is_open(self) -> bool {
        matches!(self, ImportOutcome::Pending | ImportOutcome::Held)
    }
}

spelled_enum! {
    /// Who started an import.
    pub enum ImportTrigger {
        /// From the window.
        Manual,
        /// `roster preview`.
        Cli,
        /// The schedule, or `roster sync`.
        Scheduled,
    }
}
spelled_enum! {
    /// The admin's decision on a needs-attention line.
    pub enum Resolution {
        /// Apply what the record says (add, update, or for someone missing
        /// from TriNet, deactivate).
        Approve,
        /// A possible duplicate is the candidate person: update them.
        Link,
        /// Leave the person as they are.
        LeaveOut,
    }
}

impl Resolution {
    /// The decisions that make sense for a line under Needs attention.
    pub fn allowed(reason: AttentionReason) -> &'static [Resolution] {
        use Resolution::*;
        match reason {
            // Fix the record in TriNet; there is nothing safe to apply.
            AttentionReason::InvalidRecord => &[LeaveOut],
            AttentionReason::PossibleDuplicate => &[Link, Approve, LeaveOut],
            AttentionReason::DuplicateEmail
            | AttentionReason::PrivacyBlock
            | AttentionReason::MissingFromSource => &[Approve, LeaveOut],
        }
    }
}

/// One import as history and the review screen list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportSummary {
    #[ts(type = "number")]
    pub import_id: i64,
    /// RFC 3339.
    pub created_at: String,
    pub trigger: ImportTrigger,
    pub company_id: String,
    pub mapping_version: Option<u32>,
    /// The day the lifecycle rules were evaluated for (YYYY-MM-DD).
    pub plan_date: String,
    pub outcome: ImportOutcome,
    /// RFC 3339; when it was applied, rejected, superseded or failed.
    pub decided_at: Option<String>,
    pub counts: PlanCounts,
    pub guardrail: Guardrail,
    pub guardrail_confirmed: bool,
    pub active_people: u32,
    pub identity_changes: u32,
    /// Open, but the directory changed since it was planned: it can only
    /// be rejected or planned again.
    pub stale: bool,
    /// Needs-attention lines without a decision (they stay out if applied).
    pub unresolved: u32,
    /// Why it failed.
    pub error: Option<String>,
    /// The baseline: the first applied import. The people it added were
    /// already employed, so they are not joiners; charts and lifecycle
    /// events start after it.
    pub baseline: bool,
    /// Active and on-leave people right after it was applied (`None` when
    /// it was not applied, or applied before Roster recorded it).
    pub headcount: Option<u32>,
    /// Decided, with people in it, but none of its per-person lines is
    /// stored: the retention setting removed them (its counts stay).
    pub details_removed: bool,
}

/// One person's line of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChangeLine {
    /// Position in the import.
    pub seq: u32,
    #[serde(flatten)]
    #[ts(flatten)]
    pub change: PlannedChange,
    /// First and last name (as TriNet sends them, else as stored).
    pub name: Option<String>,
    pub resolution: Option<Resolution>,
    /// Applied imports: whether this line changed the directory.
    pub applied: bool,
}

/// Which lines of an import to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ChangeQuery {
    pub kind: Option<ChangeKind>,
    pub reason: Option<AttentionReason>,
    /// Matched case-insensitively against name, employee ID and work email.
    pub search: Option<String>,
    /// Only lines that change this directory field.
    pub field: Option<String>,
    /// Leave out the people the import did not change.
    pub changed_only: bool,
    pub offset: u32,
    /// At most 500.
    pub limit: u32,
}

/// A window of an import's lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChangePage {
    /// Lines matching the query, over all pages.
    pub total: u32,
    pub offset: u32,
    pub lines: Vec<ChangeLine>,
}

/// What applying an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Applied {
    pub summary: ImportSummary,
    /// People whose directory row changed (added, updated or deactivated).
    pub people_changed: u32,
    /// Needs-attention lines applied as resolved / left out.
    pub attention_applied: u32,
    pub attention_left_out: u32,
    pub lifecycle_events: u32,
}
