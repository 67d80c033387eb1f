//! Auto-push: after an import is applied (the window or `roster sync`) and
//! on the sync schedule, each target with auto-push on gets the lines of
//! its push plan that trip no guardrail and need no one, sent at once
//! with trigger `automatic`; the rest waits for review in Provisioning as
//! the target's pending push. Never while a push waits for an admin, and
//! never two pushes to one target at once (the per-target run lock, shared
//! by every process using the data folder). Only once an admin has sent a
//! push planned with the target's current rules: until then (a new target,
//! changed attributes, groups or lifecycle policy) the whole plan waits.

use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

use super::provision as push;
use super::{AppState, Failure};
use crate::model::{counted, grouped, PushChange, PushCounts, PushKind, PushPlan, PushState};
use crate::net::CancelToken;
use crate::runlock::RunLockError;
use crate::store::provision::TargetRow;

/// How long auto-push waits for another push to the same target.
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// What auto-push did for one target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct AutoPushed {
    pub target: String,
    /// The push it sent, if it sent one.
    #[ts(type = "number | null")]
    pub push_id: Option<i64>,
    /// Operations that succeeded and failed.
    pub succeeded: u32,
    pub failed: u32,
    /// Lines held for review (guardrail, needs attention), and why.
    pub waiting: u32,
    #[ts(type = "number | null")]
    pub review_push_id: Option<i64>,
    pub reasons: Vec<String>,
    /// No push planned with the target's current rules has been sent by an
    /// admin yet, so the whole plan waits for review.
    pub rules_unreviewed: bool,
    /// Why auto-push could not plan or send for this target (nothing
    /// else happened then).
    pub error: Option<String>,
}

impl AutoPushed {
    /// One line, no personal data.
    pub fn line(&self) -> String {
        if let Some(error) = &self.error {
            return format!("Could not push to {}: {error}", self.target);
        }
        let mut line = match self.push_id {
            Some(id) => format!(
                "Pushed #{id} to {}: {} succeeded, {} failed.",
                self.target,
                counted(self.succeeded, "operation", "operations"),
                grouped(self.failed.into())
            ),
            None if self.rules_unreviewed => format!(
                "Nothing pushed to {}: no push with its current rules has been reviewed yet.",
                self.target
            ),
            None => format!("Nothing pushed to {}.", self.target),
        };
        if self.waiting > 0 {
            let review = self
                .review_push_id
                .map(|id| format!(" (push #{id})"))
                .unwrap_or_default();
            line.push_str(&format!(
                " {} for your review in Provisioning{review}.",
                counted(self.waiting, "account waits", "accounts wait")
            ));
        }
        line
    }
}

/// Whether a line may go out on its own: it needs no one, and it is not
/// one of the kinds a tripped guardrail counts (deactivations, deletions,
/// userName changes).
fn safe(line: &PushChange, plan: &PushPlan) -> bool {
    match line.kind {
        PushKind::NeedsAttention | PushKind::Orphan | PushKind::Unchanged => false,
        PushKind::Deactivate | PushKind::Delete => !plan.guardrail.tripped,
        _ => {
            let renames = line.target_id.is_some()
                && line.attributes.iter().any(|a| a.attribute == "userName");
            !(plan.guardrail.tripped && renames)
        }
    }
}

/// The lines held back: those a tripped guardrail counts, and those that
/// need someone.
fn held(plan: &PushPlan) -> u32 {
    plan.changes
        .iter()
        .filter(|c| !safe(c, plan) && !matches!(c.kind, PushKind::Orphan | PushKind::Unchanged))
        .count() as u32
}

/// `plan` cut to its safe lines (a plan that trips nothing).
fn safe_part(plan: &PushPlan) -> PushPlan {
    let changes: Vec<PushChange> = plan
        .changes
        .iter()
        .filter(|c| safe(c, plan))
        .cloned()
        .collect();
    PushPlan {
        counts: PushCounts::of(&changes),
        changes,
        guardrail: Default::default(),
        groups_to_create: plan.groups_to_create.clone(),
        group_look_alikes: plan.group_look_alikes.clone(),
        delete_after_days: plan.delete_after_days,
    }
}

/// Auto-push to every target that has it on; a target that fails says so
/// in its reasons (the others still go).
///
/// Driven to completion in place on this worker thread (the runtime must
/// be multi-threaded): the apply future is not provably `Send` (rustc's
/// higher-ranked closure limits), and the window spawns this.
pub async fn run(state: &AppState, by: &str) -> Vec<AutoPushed> {
    tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(run_all(state, by)))
}

async fn run_all(state: &AppState, by: &str) -> Vec<AutoPushed> {
    let rows = match state.read(|s| s.targets()).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(error = %e.message, "auto-push could not list targets");
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for row in rows {
        if !push::settings_of(&row).auto_push {
            continue;
        }
        let name = row.name.clone();
        let done = match one(state, row, by).await {
            Ok(done) => done,
            Err(e) => AutoPushed {
                target: name,
                reasons: vec![e.message.clone()],
                error: Some(e.message),
                ..AutoPushed::default()
            },
        };
        tracing::info!(target = %done.target, push_id = ?done.push_id, waiting = done.waiting, "auto-push");
        out.push(done);
    }
    out
}

/// Nobody has seen what the target's rules do to accounts (a new target,
/// or rules changed since the last push an admin sent): the whole plan
/// waits; auto-push goes on once an admin has sent it.
fn hold_for_review(
    state: &AppState,
    row: &TargetRow,
    plan: &PushPlan,
    mut done: AutoPushed,
) -> Result<AutoPushed, Failure> {
    done.rules_unreviewed = true;
    let waiting = plan.counts.to_send() + plan.counts.needs_attention;
    if waiting > 0 {
        done.review_push_id = Some(push::store_plan(state, row, plan)?);
        done.waiting = waiting;
        done.reasons.push(format!(
            "No push made with {}'s current rules has been reviewed yet (a new target, or \
             changed rules): auto-push sends on its own once you have sent this one.",
            row.name
        ));
    }
    Ok(done)
}

/// Auto-push to one target.
async fn one(state: &AppState, row: TargetRow, by: &str) -> Result<AutoPushed, Failure> {
    let cancel = CancelToken::new();
    let target_id = row.target_id;
    let mut done = AutoPushed {
        target: row.name.clone(),
        ..AutoPushed::default()
    };
    let _lock =
        match crate::runlock::acquire(&push::push_lock(state, target_id), BUSY_WAIT, &cancel).await
        {
            Ok(lock) => lock,
            Err(RunLockError::Busy { .. }) => {
                done.reasons
                    .push("Another push to this target was running; skipped.".into());
                return Ok(done);
            }
            Err(e) => return Err(e.into()),
        };
    let open = state
        .read(move |s| s.pushes(target_id))
        .await?
        .into_iter()
        .find(|p| matches!(p.state, PushState::Pending | PushState::Applying));
    if let Some(open) = open {
        // An admin is reviewing (or a push was cut short): never replaced.
        done.waiting = open.counts.to_send() + open.counts.needs_attention;
        done.review_push_id = Some(open.push_id);
        done.reasons.push(format!(
            "Push #{} is waiting for your review in Provisioning.",
            open.push_id
        ));
        return Ok(done);
    }
    let plan = push::plan_now(state, &row, &cancel).await?;
    let rules = push::settings_of(&row).sending_rules();
    if !state
        .read(move |s| s.rules_reviewed(target_id, &rules))
        .await?
    {
        return hold_for_review(state, &row, &plan, done);
    }
    let safe = safe_part(&plan);
    let waiting = held(&plan);
    if safe.counts.to_send() > 0 {
        let push_id = push::store_plan(state, &row, &safe)?;
        let sent = push::send(
            state,
            &row,
            (push_id, PushState::Pending),
            &safe,
            by,
            &cancel,
        )
        .await?;
        done.push_id = Some(push_id);
        done.succeeded = sent.succeeded as u32;
        done.failed = sent.failed as u32;
    }
    if waiting > 0 && !plan.guardrail.tripped {
        // Only held lines that need someone: listed in every preview, never
        // a pending push of their own (that would stop auto-push until decided).
        done.waiting = waiting;
        done.reasons.push(format!(
            "{}: preview a push in Provisioning to see them.",
            counted(
                plan.counts.needs_attention,
                "account needs attention",
                "accounts need attention"
            )
        ));
    } else if waiting > 0 {
        // What a guardrail held, planned against the target as it is now,
        // waits as the target's push for review and a typed confirmation.
        let rest = push::plan_now(state, &row, &cancel).await?;
        let review = push::store_plan(state, &row, &rest)?;
        done.waiting = held(&rest);
        done.review_push_id = Some(review);
        done.reasons.extend(rest.guardrail.reasons.iter().cloned());
        if rest.counts.needs_attention > 0 {
            done.reasons.push(format!(
                "{}.",
                counted(
                    rest.counts.needs_attention,
                    "account needs attention",
                    "accounts need attention"
                )
            ));
        }
    }
    Ok(done)
}
