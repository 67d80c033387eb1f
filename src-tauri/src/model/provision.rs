//! Provisioning's vocabulary: what a SCIM target holds and announces, and a
//! push plan (what Roster would send it), shared by the SCIM client, the
//! reconciliation rules, the store and the screens.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text::spelled_enum;

/// The SCIM schema of a user's enterprise attributes (RFC 7643 §4.3).
pub const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The SCIM core user schema.
pub const CORE_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The SCIM group schema.
pub const CORE_GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

/// An account as the target holds it. `resource` is the whole SCIM object,
/// for comparing any mapped attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetUser {
    /// The target's own id (opaque, server-assigned).
    pub id: String,
    pub external_id: Option<String>,
    pub user_name: String,
    pub active: bool,
    pub resource: serde_json::Value,
}

impl TargetUser {
    /// The account's version as read (`meta.version`, its ETag), for
    /// `If-Match` on a later update.
    pub fn version(&self) -> Option<&str> {
        self.resource
            .get("meta")?
            .get("version")?
            .as_str()
            .filter(|v| !v.is_empty())
    }
}

/// A group as the target holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetGroup {
    pub id: String,
    pub display_name: String,
    /// Member user ids.
    pub members: Vec<String>,
}

/// What a target says it supports (`/ServiceProviderConfig`,
/// `/ResourceTypes`, `/Schemas`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Capabilities {
    pub patch: bool,
    pub bulk: Option<BulkLimits>,
    /// The most results one filtered list returns, when filtering works.
    pub filter_max_results: Option<u32>,
    pub etag: bool,
    pub sort: bool,
    /// Whether the User resource type carries the enterprise extension.
    pub enterprise_user: bool,
    /// Whether the target has a Group resource type.
    pub groups: bool,
    /// User attributes the target's schemas declare, as mapping paths
    /// (`userName`, `name.givenName`, `emails`, `<enterprise urn>:department`).
    pub user_attributes: Vec<String>,
}

/// SCIM Bulk limits a target announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BulkLimits {
    pub max_operations: u32,
    #[ts(type = "number")]
    pub max_payload_size: u64,
}

spelled_enum! {
    /// What a push does to one account.
    pub enum PushKind {
        Create,
        Update,
        Deactivate,
        /// The account removed for good (`DELETE`): only an account
        /// already deactivated, whose person has been former for the
        /// days the lifecycle policy sets (off by default). Irreversible.
        Delete,
        Reactivate,
        /// Only group membership changes.
        GroupChange,
        Unchanged,
        /// Held: Roster will not guess (a possible duplicate, an active
        /// account for a former person).
        NeedsAttention,
        /// An account with no directory person: listed, left alone unless
        /// the admin chooses to deactivate orphans.
        Orphan,
    }
}

spelled_enum! {
    /// Why a line needs an admin.
    pub enum PushAttention {
        /// An account has this person's userName but another externalId.
        PossibleDuplicate,
        /// An active account for someone the directory calls former, that
        /// the policy would not deactivate (e.g. they left before Roster's
        /// baseline).
        ActiveFormer,
        /// No work email, so no userName to create the account with.
        NoUserName,
    }
}

/// One attribute's value before and after, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttributeChange {
    /// The SCIM path (`title`, `name.givenName`, `<enterprise urn>:department`).
    pub attribute: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One account's line in a push plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PushChange {
    pub kind: PushKind,
    /// The directory person, when there is one.
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub external_id: Option<String>,
    pub user_name: String,
    pub display_name: String,
    /// The account's id in the target, when it exists.
    pub target_id: Option<String>,
    /// For updates: every attribute that changes; for creates: every value sent.
    pub attributes: Vec<AttributeChange>,
    pub groups_added: Vec<String>,
    pub groups_removed: Vec<String>,
    pub attention: Option<PushAttention>,
    /// The values Roster wants the account to have, by attribute path (a
    /// manager by employee ID); `null` for an orphan.
    #[ts(type = "unknown")]
    pub desired: serde_json::Value,
    /// The account's version (`meta.version`) when the plan was made: an
    /// update is sent with `If-Match` on it where the target has ETags, so
    /// an account changed since the preview is never overwritten.
    #[serde(default)]
    pub version: Option<String>,
}

/// Counts per kind, as `--json` and the cards show them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PushCounts {
    pub create: u32,
    pub update: u32,
    pub deactivate: u32,
    /// Accounts deleted for good (irreversible).
    #[serde(default)]
    pub delete: u32,
    pub reactivate: u32,
    pub group_changes: u32,
    pub unchanged: u32,
    pub needs_attention: u32,
    pub orphans: u32,
}

impl PushCounts {
    pub fn of(changes: &[PushChange]) -> Self {
        let mut counts = Self::default();
        for change in changes {
            let slot = match change.kind {
                PushKind::Create => &mut counts.create,
                PushKind::Update => &mut counts.update,
                PushKind::Deactivate => &mut counts.deactivate,
                PushKind::Delete => &mut counts.delete,
                PushKind::Reactivate => &mut counts.reactivate,
                PushKind::GroupChange => &mut counts.group_changes,
                PushKind::Unchanged => &mut counts.unchanged,
                PushKind::NeedsAttention => &mut counts.needs_attention,
                PushKind::Orphan => &mut counts.orphans,
            };
            *slot += 1;
        }
        counts
    }

    /// Lines that would send something.
    pub fn to_send(&self) -> u32 {
        self.create
            + self.update
            + self.deactivate
            + self.delete
            + self.reactivate
            + self.group_changes
    }
}

/// Whether a push is held for a typed confirmation, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PushGuardrail {
    pub tripped: bool,
    pub reasons: Vec<String>,
}

/// A group the plan creates, and the groups the rules manage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PushPlan {
    pub changes: Vec<PushChange>,
    pub counts: PushCounts,
    pub guardrail: PushGuardrail,
    /// Groups the rules name that the target lacks (created on apply when
    /// the rules allow it).
    pub groups_to_create: Vec<String>,
    /// Group names that differ only in case or spacing.
    pub group_look_alikes: Vec<Vec<String>>,
    /// The target's deletion policy when the plan was made: accounts are
    /// deleted once their person has been former this many days; none:
    /// never (the review shows no Delete card then).
    #[serde(default)]
    pub delete_after_days: Option<u32>,
}

spelled_enum! {
    /// Where a push stands.
    pub enum PushState {
        Pending,
        /// Being sent (or cut short by a crash: applying it again resumes).
        Applying,
        Applied,
        /// Applied, but some operations failed (each has a receipt).
        Partial,
        Rejected,
        Failed,
        Superseded,
    }
}

/// What happened to one operation of an applied push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Receipt {
    pub external_id: Option<String>,
    pub user_name: String,
    pub kind: PushKind,
    /// The HTTP method and path sent (`POST /Users`).
    pub operation: String,
    /// HTTP status, 0 when nothing was answered.
    pub status: u16,
    pub ok: bool,
    /// The account's id in the target after the operation.
    pub target_id: Option<String>,
    /// The target's error detail when it failed.
    pub detail: Option<String>,
}

spelled_enum! {
    /// Who or what sent a push.
    pub enum PushTrigger {
        /// An admin in the window.
        Window,
        /// `roster push apply` or `retry`.
        Cli,
        /// Sent on its own after an import or on the sync schedule (the
        /// target's auto-push): only lines that trip no guardrail and need no one.
        Automatic,
    }
}

impl PushTrigger {
    /// The trigger a push's `decided_by` names (`window`, `cli:NAME`,
    /// `automatic:...`); none for a push nobody has sent.
    pub fn of(decided_by: &str) -> Option<Self> {
        let head = decided_by.split(':').next().unwrap_or_default();
        <Self as super::Spelled>::parse(head)
    }
}

/// Which pushes History lists, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PushQuery {
    /// A target's name.
    pub target: Option<String>,
    pub state: Option<PushState>,
    pub trigger: Option<PushTrigger>,
    pub offset: u32,
    /// At most 500.
    pub limit: u32,
}

/// One push as History lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PushSummary {
    #[ts(type = "number")]
    pub push_id: i64,
    pub target: String,
    pub state: PushState,
    /// When it was planned (RFC 3339).
    pub created_at: String,
    /// When it was sent, rejected or superseded.
    pub decided_at: Option<String>,
    /// Who: `window`, `cli:USER`, `automatic:...`.
    pub decided_by: Option<String>,
    pub trigger: Option<PushTrigger>,
    pub counts: PushCounts,
    /// Operations that succeeded and failed (none until sent).
    pub succeeded: u32,
    pub failed: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PushPage {
    pub total: u32,
    pub offset: u32,
    pub pushes: Vec<PushSummary>,
    /// Every target the filter can name, removed ones included ("Okta
    /// (removed 2026-12-07)"): History keeps their pushes.
    pub targets: Vec<String>,
}

/// One push in full: its lines (every one but the unchanged) and its
/// receipts, failures first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PushDetail {
    pub summary: PushSummary,
    pub guardrail: PushGuardrail,
    /// The deletion policy the push was planned with (see [`PushPlan`]).
    #[serde(default)]
    pub delete_after_days: Option<u32>,
    pub changes: Vec<PushChange>,
    pub receipts: Vec<Receipt>,
}

/// One thing a push did (or tried) to a person's account in a target, for
/// their timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AccountAction {
    #[ts(type = "number")]
    pub push_id: i64,
    pub target: String,
    /// When the push was sent (RFC 3339).
    pub at: String,
    pub trigger: Option<PushTrigger>,
    pub kind: PushKind,
    /// For an update, every attribute that changed.
    pub attributes: Vec<AttributeChange>,
    pub groups_added: Vec<String>,
    pub groups_removed: Vec<String>,
    /// Whether every operation for it succeeded (false: see `detail`).
    pub ok: bool,
    /// The target's error detail of the first failed operation.
    pub detail: Option<String>,
}

spelled_enum! {
    /// What a reconciliation found about one account or person.
    pub enum Finding {
        /// An active account no directory person matches.
        Orphan,
        /// A directory person with no account.
        Missing,
        /// An account whose attributes or groups differ from the directory,
        /// or that needs an admin.
        Mismatched,
    }
}

/// One account or person in a reconciliation report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReconcileEntry {
    pub user_name: String,
    pub external_id: Option<String>,
    pub display_name: String,
    /// What differs, or why it needs an admin.
    pub detail: String,
}

/// The target against the directory: orphaned, missing and mismatched
/// accounts (the `--json` shape of `roster reconcile`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReconcileReport {
    pub orphans: Vec<ReconcileEntry>,
    pub missing: Vec<ReconcileEntry>,
    pub mismatched: Vec<ReconcileEntry>,
}

impl ReconcileReport {
    /// Every entry with its finding, in the report's order.
    pub fn entries(&self) -> impl Iterator<Item = (Finding, &ReconcileEntry)> {
        let tag = |finding: Finding| move |e| (finding, e);
        self.orphans
            .iter()
            .map(tag(Finding::Orphan))
            .chain(self.missing.iter().map(tag(Finding::Missing)))
            .chain(self.mismatched.iter().map(tag(Finding::Mismatched)))
    }

    /// The entries a finding lists.
    pub fn of_mut(&mut self, finding: Finding) -> &mut Vec<ReconcileEntry> {
        match finding {
            Finding::Orphan => &mut self.orphans,
            Finding::Missing => &mut self.missing,
            Finding::Mismatched => &mut self.mismatched,
        }
    }
}

/// Which reconciliations History lists, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ReconciliationQuery {
    /// A target's name.
    pub target: Option<String>,
    pub offset: u32,
    /// At most 500.
    pub limit: u32,
}

/// One reconciliation as History lists it: who ran it, when, against
/// which target, and how many accounts each finding lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReconciliationSummary {
    #[ts(type = "number")]
    pub reconciliation_id: i64,
    pub target: String,
    /// When it ran (RFC 3339).
    pub run_at: String,
    /// Who: `window`, `cli:USER` (a push's spellings).
    pub run_by: String,
    pub trigger: Option<PushTrigger>,
    pub orphans: u32,
    pub missing: u32,
    pub mismatched: u32,
    /// Why it could not read the directory or the target (no counts then).
    pub failure: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReconciliationPage {
    pub total: u32,
    pub offset: u32,
    pub reconciliations: Vec<ReconciliationSummary>,
    /// Every target the filter can name, removed ones included.
    pub targets: Vec<String>,
}

/// One stored reconciliation in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReconciliationDetail {
    pub summary: ReconciliationSummary,
    pub report: ReconcileReport,
}
