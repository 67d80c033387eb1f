//! Provisioning as both front ends see it: targets (the token goes to the
//! keyring, never to a reply), test connection, push preview, apply with
//! receipts, retry of the failed, and the reconciliation report.

use serde::Serialize;
use ts_rs::TS;

use super::{AppState, ErrorCode, Failure};
use crate::model::{Capabilities, PushCounts, PushPlan, PushState, Receipt, ReconciliationDetail};
use crate::net::CancelToken;
use crate::provision;
use crate::reconcile::{self, PushInput, TargetSettings};
use crate::scim::{ScimClient, TargetConfig};
use crate::store::provision::TargetRow;
use crate::vault::{self, Sensitive};

/// A target as lists show it (no token).
#[derive(Debug, Clone, Serialize, TS)]
pub struct TargetInfo {
    pub name: String,
    pub base_url: String,
    pub capabilities: Option<Capabilities>,
    pub checked_at: Option<String>,
    pub has_token: bool,
}

/// A stored push plan.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PushPreview {
    #[ts(type = "number")]
    pub push_id: i64,
    pub target: String,
    pub plan: PushPlan,
}

/// What an apply did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PushApplied {
    #[ts(type = "number")]
    pub push_id: i64,
    pub target: String,
    pub state: PushState,
    pub succeeded: usize,
    pub failed: usize,
    pub receipts: Vec<Receipt>,
}

pub(super) fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}

fn info(row: TargetRow) -> TargetInfo {
    let has_token = provision::token(&row.name, &row.base_url).is_ok();
    TargetInfo {
        capabilities: row
            .capabilities
            .as_deref()
            .and_then(|c| serde_json::from_str(c).ok()),
        name: row.name,
        base_url: row.base_url,
        checked_at: row.checked_at,
        has_token,
    }
}

pub(super) async fn target_row(state: &AppState, name: &str) -> Result<TargetRow, Failure> {
    let wanted = name.to_string();
    state
        .read(move |s| s.target(&wanted))
        .await?
        .ok_or_else(|| {
            Failure::new(
                ErrorCode::NoSuchTarget,
                format!("There is no target called \"{name}\". `roster target list` shows them."),
            )
        })
}

pub(super) fn settings_of(row: &TargetRow) -> TargetSettings {
    serde_json::from_str(&row.settings).unwrap_or_default()
}

/// Adds (or re-points) a target, keeps its token in the keyring, and tests
/// it; the target is saved even when the test fails, and the failure says why.
pub async fn add_target(
    state: &AppState,
    name: &str,
    base_url: &str,
    token: Sensitive<String>,
) -> Result<TargetInfo, Failure> {
    add_target_with(state, name, base_url, token, |_| {}).await
}

/// [`add_target`], with the target's rules changed by `adjust` before saving.
pub async fn add_target_with(
    state: &AppState,
    name: &str,
    base_url: &str,
    token: Sensitive<String>,
    adjust: impl FnOnce(&mut TargetSettings),
) -> Result<TargetInfo, Failure> {
    let name = name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(Failure::new(
            ErrorCode::InvalidInput,
            "A target needs a name.",
        ));
    }
    if name.contains("(removed ") {
        return Err(Failure::new(
            ErrorCode::InvalidInput,
            "\"(removed …)\" marks a removed target's history in Roster. Choose another name.",
        ));
    }
    if token.expose().trim().is_empty() {
        return Err(Failure::new(ErrorCode::InvalidInput, "The token is empty."));
    }
    let base = crate::scim::check_target_url(base_url)?;
    // Refuses a token with characters a header cannot carry, before storing it.
    ScimClient::new(TargetConfig::new(&base), &token)?;
    vault::set(&provision::token_entry(name, &base), &token)?;
    let saved = state
        .read({
            let name = name.to_string();
            move |s| s.target(&name)
        })
        .await?;
    let mut rules = saved.as_ref().map(settings_of).unwrap_or_default();
    adjust(&mut rules);
    let settings = serde_json::to_string(&rules).expect("settings serialise");
    state.write(|s| s.save_target(name, &base, &settings, &now()))?;
    test_target(state, name).await
}

/// Reads the target's discovery documents and records what it supports.
pub async fn test_target(state: &AppState, name: &str) -> Result<TargetInfo, Failure> {
    let row = target_row(state, name).await?;
    let client = provision::client(&row.name, &row.base_url)?;
    let caps = client.discover(&CancelToken::new()).await?;
    let text = serde_json::to_string(&caps).expect("capabilities serialise");
    let checked_at = now();
    state.write(|s| s.set_target_checked(row.target_id, &text, &checked_at))?;
    Ok(info(TargetRow {
        capabilities: Some(text),
        checked_at: Some(checked_at),
        ..row
    }))
}

pub async fn list_targets(state: &AppState) -> Result<Vec<TargetInfo>, Failure> {
    let rows = state.read(|s| s.targets()).await?;
    Ok(rows.into_iter().map(info).collect())
}

/// Removes a target and its token; History keeps its pushes and
/// reconciliations. Waits briefly for a push to it that is running (in
/// this process or another) and refuses if it goes on.
pub async fn remove_target(state: &AppState, name: &str) -> Result<(), Failure> {
    let row = target_row(state, name).await?;
    let _lock = crate::runlock::acquire(
        &push_lock(state, row.target_id),
        std::time::Duration::from_secs(2),
        &CancelToken::new(),
    )
    .await?;
    state.write(|s| s.remove_target(&row.name, &now()))?;
    vault::delete(&provision::token_entry(&row.name, &row.base_url))?;
    Ok(())
}

/// Plans again, keeping only the accounts whose operations failed in the
/// target's last partial push, and sends that: a retry of the failed ones
/// only, checked against the target as it is now.
pub async fn retry(
    state: &AppState,
    name: &str,
    by: &str,
    cancel: &CancelToken,
) -> Result<PushApplied, Failure> {
    let row = target_row(state, name).await?;
    let target_id = row.target_id;
    let last = state.read(move |s| s.pushes(target_id)).await?;
    let partial = last
        .into_iter()
        .find(|p| p.state != PushState::Superseded && p.state != PushState::Rejected)
        .filter(|p| p.state == PushState::Partial)
        .ok_or_else(|| {
            Failure::new(
                ErrorCode::NoOpenPush,
                format!(
                    "The last push to \"{}\" has no failed operations to retry.",
                    row.name
                ),
            )
        })?;
    let push_id = partial.push_id;
    let failed: std::collections::HashSet<String> = state
        .read(move |s| s.receipts(push_id))
        .await?
        .into_iter()
        .filter(|r| !r.ok)
        .filter_map(|r| r.external_id)
        .collect();
    let mut plan = plan_now(state, &row, cancel).await?;
    plan.changes
        .retain(|c| c.external_id.as_ref().is_some_and(|e| failed.contains(e)));
    plan.counts = crate::model::PushCounts::of(&plan.changes);
    store_plan(state, &row, &plan)?;
    apply(state, name, true, by, cancel).await
}

/// Stores `plan` as the target's push waiting for review, with the
/// sending rules it was planned with.
pub(super) fn store_plan(
    state: &AppState,
    row: &TargetRow,
    plan: &PushPlan,
) -> Result<i64, Failure> {
    let rules = settings_of(row).sending_rules();
    state.write(|s| s.store_push(row.target_id, plan, &rules, &now()))
}

/// The directory against what the target holds now. A failed read of
/// either is an error: never an empty side that reads as "everyone left".
pub(super) async fn plan_now(
    state: &AppState,
    row: &TargetRow,
    cancel: &CancelToken,
) -> Result<PushPlan, Failure> {
    let client = provision::client(&row.name, &row.base_url)?;
    let caps = client.discover(cancel).await?;
    let snapshot = provision::read_target(&client, caps.groups, cancel).await?;
    // Kept for the Rules editor, which compares its group names with the
    // target's without reading the target.
    let mut group_names: Vec<String> = snapshot
        .groups
        .iter()
        .map(|g| g.display_name.clone())
        .collect();
    group_names.sort_unstable();
    group_names.dedup();
    state.write(|s| s.set_target_group_names(row.target_id, &group_names, &now()))?;
    let (people, former_since, last_day, connection) = state
        .read(|s| {
            Ok::<_, crate::store::StoreError>((
                s.directory()?,
                s.former_since()?,
                s.last_applied_day()?,
                s.connection()?,
            ))
        })
        .await?;
    let company = connection.and_then(|c| c.legal_name.or(c.company_name));
    // The directory's own day: the computer's, or for the sandbox company
    // its own clock (its leavers left on its days), read from its last import.
    let local = chrono::Local::now().date_naive();
    let today = match (state.profile(), last_day) {
        (crate::paths::Profile::Sandbox, Some(day)) => day,
        _ => local,
    };
    let settings = settings_of(row);
    Ok(reconcile::plan(&PushInput {
        people: &people,
        users: &snapshot.users,
        groups: &snapshot.groups,
        settings: &settings,
        today,
        company: company.as_deref(),
        former_since: &former_since,
    })?)
}

/// Reads the directory and the target, plans, and stores the plan as the
/// target's pending push.
pub async fn preview(
    state: &AppState,
    name: &str,
    cancel: &CancelToken,
) -> Result<PushPreview, Failure> {
    let row = target_row(state, name).await?;
    let plan = plan_now(state, &row, cancel).await?;
    let push_id = store_plan(state, &row, &plan)?;
    tracing::info!(push_id, to_send = plan.counts.to_send(), "push previewed");
    Ok(PushPreview {
        push_id,
        target: row.name,
        plan,
    })
}

/// The file lock that keeps one push at a time per target, across processes.
pub(super) fn push_lock(state: &AppState, target_id: i64) -> std::path::PathBuf {
    state
        .profile_dir()
        .root()
        .join(format!("push-{target_id}.lock"))
}

/// Applies the target's pending push (or resumes one a crash cut short).
/// A tripped guardrail needs `confirm_guardrail`.
pub async fn apply(
    state: &AppState,
    name: &str,
    confirm_guardrail: bool,
    by: &str,
    cancel: &CancelToken,
) -> Result<PushApplied, Failure> {
    let row = target_row(state, name).await?;
    let target_id = row.target_id;
    let _lock = crate::runlock::acquire(
        &push_lock(state, target_id),
        std::time::Duration::from_secs(2),
        cancel,
    )
    .await?;
    let open = state
        .read(move |s| s.pushes(target_id))
        .await?
        .into_iter()
        .find(|p| matches!(p.state, PushState::Pending | PushState::Applying))
        .ok_or_else(|| {
            Failure::new(
                ErrorCode::NoOpenPush,
                format!(
                    "No push is waiting for review for \"{}\". Preview one first.",
                    row.name
                ),
            )
        })?;
    let push_id = open.push_id;
    let mut plan = state
        .read(move |s| s.push_plan(push_id))
        .await?
        .ok_or_else(|| Failure::internal("read the push plan", push_id))?;
    if open.state == PushState::Applying {
        // Resumed after a crash: an account this push already updated has
        // the version this push gave it, not the preview's.
        let done: std::collections::HashSet<String> = state
            .read(move |s| s.receipts(push_id))
            .await?
            .into_iter()
            .filter(|r| r.ok)
            .filter_map(|r| r.external_id)
            .collect();
        for change in &mut plan.changes {
            if change
                .external_id
                .as_ref()
                .is_some_and(|e| done.contains(e))
            {
                change.version = None;
            }
        }
    }
    if plan.guardrail.tripped && !confirm_guardrail {
        return Err(Failure::new(
            ErrorCode::GuardrailNotConfirmed,
            format!(
                "This push is held: {} Confirm it to apply it anyway.",
                plan.guardrail.reasons.join(" ")
            ),
        ));
    }
    send(state, &row, (push_id, open.state), &plan, by, cancel).await
}

/// Sends stored push `push_id` (in state `from`), a receipt stored per
/// operation; the caller holds the target's run lock.
pub(super) async fn send(
    state: &AppState,
    row: &TargetRow,
    (push_id, from): (i64, PushState),
    plan: &PushPlan,
    by: &str,
    cancel: &CancelToken,
) -> Result<PushApplied, Failure> {
    state.write(|s| s.decide_push(push_id, from, PushState::Applying, by, &now()))?;
    let client = provision::client(&row.name, &row.base_url)?;
    let caps = client.discover(cancel).await?;
    let settings = settings_of(row);
    // One transaction per answer read (a Bulk request's hundred receipts
    // together): written once the target has answered, so a receipt never
    // claims what did not happen, and a crash loses at most the receipts
    // of answers still being written (the re-run's look-up by externalId
    // finds those accounts).
    let mut record = |receipts: &[Receipt]| {
        if let Err(e) = state.write(|s| s.add_receipts(push_id, receipts, &now())) {
            tracing::error!(%e, "receipts could not be stored");
        }
    };
    let report = provision::apply(&client, &caps, plan, &settings, cancel, &mut record).await?;
    let done = if report.failed == 0 {
        PushState::Applied
    } else {
        PushState::Partial
    };
    state.write(|s| s.decide_push(push_id, PushState::Applying, done, by, &now()))?;
    let receipts = state.read(move |s| s.receipts(push_id)).await?;
    Ok(PushApplied {
        push_id,
        target: row.name.clone(),
        state: done,
        succeeded: report.succeeded,
        failed: report.failed,
        receipts,
    })
}

/// Reconciles the target now (nothing is sent) and records the run in
/// History: who, when, its counts and every account and person it listed,
/// or why it could not read the directory or the target.
pub async fn reconcile(
    state: &AppState,
    name: &str,
    by: &str,
    cancel: &CancelToken,
) -> Result<ReconciliationDetail, Failure> {
    let row = target_row(state, name).await?;
    let outcome = plan_now(state, &row, cancel)
        .await
        .map(|plan| provision::report(&plan));
    if let Err(e) = &outcome {
        if e.code == ErrorCode::Cancelled {
            return Err(e.clone());
        }
    }
    let stored = outcome.as_ref().map_err(|e| e.message.as_str());
    let id = state.write(|s| s.store_reconciliation(row.target_id, stored, by, &now()))?;
    tracing::info!(
        reconciliation_id = id,
        failed = outcome.is_err(),
        "reconciled"
    );
    let report = outcome?;
    let summary = state
        .read(move |s| s.reconciliation_summary(id))
        .await?
        .ok_or_else(|| Failure::internal("read the reconciliation back", id))?;
    Ok(ReconciliationDetail { summary, report })
}

/// A stored reconciliation as CSV for auditors: a row per finding.
pub async fn reconciliation_csv(
    state: &AppState,
    reconciliation_id: i64,
) -> Result<(String, u32), Failure> {
    state
        .read(move |s| crate::history::csv::reconciliation(s, reconciliation_id))
        .await
}

/// A push as the Provisioning screen's history lists it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PushRecord {
    #[ts(type = "number")]
    pub push_id: i64,
    pub state: PushState,
    pub created_at: String,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
    pub counts: PushCounts,
    /// Its receipts (empty until applied).
    pub receipts: Vec<Receipt>,
}

/// A target's pushes, newest first, each with its receipts.
pub async fn pushes(state: &AppState, name: &str) -> Result<Vec<PushRecord>, Failure> {
    let target_id = target_row(state, name).await?.target_id;
    state
        .read(move |s| {
            let mut out = vec![];
            for row in s.pushes(target_id)? {
                out.push(PushRecord {
                    receipts: s.receipts(row.push_id)?,
                    push_id: row.push_id,
                    state: row.state,
                    created_at: row.created_at,
                    decided_at: row.decided_at,
                    decided_by: row.decided_by,
                    counts: row.counts,
                });
            }
            Ok::<_, crate::store::StoreError>(out)
        })
        .await
}

/// The target's push waiting for review, if any (a window reopened on
/// Provisioning shows it again without reading the target).
pub async fn open_push(state: &AppState, name: &str) -> Result<Option<PushPreview>, Failure> {
    let row = target_row(state, name).await?;
    let target_id = row.target_id;
    let found = state
        .read(move |s| {
            let Some(open) = s
                .pushes(target_id)?
                .into_iter()
                .find(|p| p.state == PushState::Pending)
            else {
                return Ok(None);
            };
            Ok::<_, crate::store::StoreError>(s.push_plan(open.push_id)?.map(|p| (open.push_id, p)))
        })
        .await?;
    Ok(found.map(|(push_id, plan)| PushPreview {
        push_id,
        target: row.name,
        plan,
    }))
}

/// Rejects the target's push waiting for review: nothing is sent.
pub async fn reject(state: &AppState, name: &str, by: &str) -> Result<(), Failure> {
    let Some(open) = open_push(state, name).await? else {
        return Err(Failure::new(
            ErrorCode::NoOpenPush,
            format!("No push is waiting for review for \"{name}\"."),
        ));
    };
    state.write(|s| {
        s.decide_push(
            open.push_id,
            PushState::Pending,
            PushState::Rejected,
            by,
            &now(),
        )
    })?;
    Ok(())
}

/// The target's rules (attribute mapping, groups, policy, guardrails).
pub async fn target_settings(state: &AppState, name: &str) -> Result<TargetSettings, Failure> {
    Ok(settings_of(&target_row(state, name).await?))
}

/// Replaces the target's rules, refusing whole any that could not push.
pub async fn save_target_settings(
    state: &AppState,
    name: &str,
    settings: TargetSettings,
) -> Result<TargetSettings, Failure> {
    let row = target_row(state, name).await?;
    check_settings(&settings).map_err(|m| Failure::new(ErrorCode::InvalidInput, m))?;
    let text = serde_json::to_string(&settings).expect("settings serialise");
    state.write(|s| s.set_target_settings(row.target_id, &text))?;
    Ok(settings)
}

/// Why `settings` cannot push, if it cannot.
fn check_settings(settings: &TargetSettings) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for rule in &settings.attributes {
        if rule.attribute.trim().is_empty() {
            return Err("An attribute rule has no SCIM attribute.".into());
        }
        if !seen.insert(rule.attribute.as_str()) {
            return Err(format!("\"{}\" is filled twice.", rule.attribute));
        }
    }
    if !seen.contains("userName") {
        return Err("userName must be filled: every account needs one.".into());
    }
    for group in &settings.groups {
        let empty = match group {
            reconcile::settings::GroupRule::Field { field, .. } => field.trim().is_empty(),
            reconcile::settings::GroupRule::Fixed { name } => name.trim().is_empty(),
        };
        if empty {
            return Err("A group rule needs a field or a group name.".into());
        }
    }
    let g = &settings.guardrails;
    if !(0.0..=100.0).contains(&g.max_deactivated_percent)
        || !(0.0..=100.0).contains(&g.max_identity_changes_percent)
    {
        return Err("Guardrail shares are between 0 and 100 percent.".into());
    }
    Ok(())
}

/// The sandbox's made-up identity directory as the target "Sandbox
/// directory" (re-pointed when the sandbox listens on a new port).
pub async fn connect_sandbox_target(state: &AppState) -> Result<TargetInfo, Failure> {
    if state.profile() != crate::paths::Profile::Sandbox {
        return Err(Failure::new(
            ErrorCode::InvalidInput,
            "The sandbox directory is only there while you try the sandbox company.",
        ));
    }
    super::connection::ensure_sandbox(state).await?;
    let (url, token) = {
        let slot = state.sandbox.lock().await;
        let handle = slot.as_ref().ok_or_else(|| {
            Failure::new(
                ErrorCode::SandboxFailed,
                "The sandbox company is not running. Try the sandbox company again.",
            )
        })?;
        (handle.scim_base_url(), handle.scim_token().to_string())
    };
    add_target(state, SANDBOX_TARGET, &url, Sensitive::new(token)).await
}

/// The name the sandbox's identity directory gets as a target.
pub const SANDBOX_TARGET: &str = "Sandbox directory";

/// A stored push as CSV: its plan, and each line's receipt status.
pub async fn push_plan_csv(state: &AppState, push_id: i64) -> Result<(String, u32), Failure> {
    state
        .read(move |s| crate::history::csv::push(s, push_id))
        .await
}
