//! What a simulated week schedules and reports: changes due on a later
//! day, and the kinds of change. Shared by the company (which keeps the
//! schedule) and the churn (which fills it), so neither needs the other's
//! internals.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A change due on a later day.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub on: NaiveDate,
    pub employee: usize,
    pub kind: PendingKind,
}

#[derive(Debug, Clone)]
pub(crate) enum PendingKind {
    /// The final paycheck ran: the termination becomes visible.
    PublishTermination {
        last_day: NaiveDate,
        status: char,
    },
    Return,
    FixRecord,
    Reappear,
}

/// What one change was, for the advance summary and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Hire,
    FutureStartHire,
    TerminationDecided,
    Termination,
    Leave,
    ReturnFromLeave,
    Transfer,
    Promotion,
    ManagerChange,
    ReportsReassigned,
    EmailChange,
    LegalNameChange,
    Rehire,
    EmploymentTypeChange,
    BadRecord,
    BadRecordFixed,
    MissingFromFeed,
    BackInFeed,
    RehireAsNewRecord,
    AlternateIdChange,
}
