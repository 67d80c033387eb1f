//! Applying a reviewed push: creates first (each looked up by externalId
//! just before, so a re-run after a crash never makes a second account),
//! then updates, reactivations and deactivations (always sending `active`),
//! then managers of new accounts, then group membership. Bounded
//! concurrency; every operation leaves a receipt, handed to `record` as it
//! completes so a crash keeps what was done.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use futures_util::stream::{self, StreamExt};
use serde_json::{json, Value};

use crate::model::{Capabilities, PushChange, PushKind, PushPlan, Receipt};
use crate::net::CancelToken;
use crate::reconcile::attributes::{self, Desired};
use crate::reconcile::settings::{manager_path, TargetSettings};
use crate::scim::{PatchOp, ScimClient, ScimError};

/// Requests in flight at once.
const CONCURRENCY: usize = 4;

/// What an apply did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    pub succeeded: usize,
    pub failed: usize,
}

struct Run<'a> {
    client: &'a ScimClient,
    caps: &'a Capabilities,
    cancel: &'a CancelToken,
    /// Employee ID → account id, growing as accounts are created.
    ids: Mutex<HashMap<String, String>>,
    record: Mutex<&'a mut (dyn FnMut(&Receipt) + Send)>,
    report: Mutex<ApplyReport>,
}

/// Applies `plan` to the target. Fails as a whole only when the target
/// cannot be read at the start; otherwise each failure is a receipt.
pub async fn apply(
    client: &ScimClient,
    caps: &Capabilities,
    plan: &PushPlan,
    settings: &TargetSettings,
    cancel: &CancelToken,
    record: &mut (dyn FnMut(&Receipt) + Send),
) -> Result<ApplyReport, ScimError> {
    let users = client.users(cancel).await?;
    let ids = users
        .iter()
        .filter_map(|u| Some((u.external_id.clone()?, u.id.clone())))
        .collect();
    let run = Run {
        client,
        caps,
        cancel,
        ids: Mutex::new(ids),
        record: Mutex::new(record),
        report: Mutex::new(ApplyReport::default()),
    };
    let of = |kinds: &[PushKind]| -> Vec<&PushChange> {
        plan.changes
            .iter()
            .filter(|c| kinds.contains(&c.kind))
            .collect()
    };
    let creates = of(&[PushKind::Create]);
    run.each(&creates, |c| run.create(c)).await;
    let changes = of(&[PushKind::Update, PushKind::Reactivate, PushKind::Deactivate]);
    run.each(&changes, |c| run.change(c)).await;
    run.each(&creates, |c| run.set_manager(c)).await;
    if caps.groups {
        run.groups(plan, settings).await;
    }
    Ok(run.report.into_inner().expect("report lock"))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Run<'_> {
    async fn each<'c, F, Fut>(&self, changes: &[&'c PushChange], work: F)
    where
        F: Fn(&'c PushChange) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        stream::iter(changes.iter().map(|c| work(c)))
            .buffer_unordered(CONCURRENCY)
            .collect::<Vec<()>>()
            .await;
    }

    fn receipt(
        &self,
        change: &PushChange,
        operation: String,
        outcome: Result<Option<String>, ScimError>,
    ) {
        let (ok, status, target_id, detail) = match outcome {
            Ok(id) => (true, 200, id.or_else(|| change.target_id.clone()), None),
            Err(e) => (
                false,
                e.status(),
                change.target_id.clone(),
                Some(e.to_string()),
            ),
        };
        let receipt = Receipt {
            external_id: change.external_id.clone(),
            user_name: change.user_name.clone(),
            kind: change.kind,
            operation,
            status,
            ok,
            target_id,
            detail,
        };
        {
            let mut report = lock(&self.report);
            if ok {
                report.succeeded += 1;
            } else {
                report.failed += 1;
            }
        }
        (lock(&self.record))(&receipt);
    }

    /// The values to send, with the manager resolved to an account id
    /// (left out while the manager has no account).
    fn values(&self, change: &PushChange, with_manager: bool) -> Desired {
        let mut values: Desired =
            serde_json::from_value(change.desired.clone()).unwrap_or_default();
        let manager = manager_path();
        if let Some(employee_id) = values.remove(&manager) {
            let id = lock(&self.ids).get(&employee_id).cloned();
            if let (true, Some(id)) = (with_manager, id) {
                values.insert(manager, id);
            }
        }
        values
    }

    async fn create(&self, change: &PushChange) {
        let Some(external_id) = change.external_id.as_deref() else {
            return;
        };
        // Created by an earlier run that was cut short: update it instead.
        let existing = self
            .client
            .user_by_external_id(external_id, self.cancel)
            .await;
        let outcome = match existing {
            Ok(Some(user)) => {
                let values = self.values(change, false);
                let ops = patch_ops(&values, change, true);
                self.client
                    .patch_user(&user.id, &ops, self.cancel)
                    .await
                    .map(|()| Some(user.id))
            }
            Ok(None) => {
                let resource = attributes::resource(external_id, &self.values(change, false), true);
                self.client
                    .create_user(&resource, self.cancel)
                    .await
                    .map(|user| Some(user.id))
            }
            Err(e) => Err(e),
        };
        if let Ok(Some(id)) = &outcome {
            lock(&self.ids).insert(external_id.to_string(), id.clone());
        }
        self.receipt(change, "POST /Users".into(), outcome);
    }

    async fn change(&self, change: &PushChange) {
        let Some(id) = change.target_id.clone() else {
            return;
        };
        let active = change.kind != PushKind::Deactivate;
        let values = self.values(change, true);
        let outcome = if self.caps.patch {
            let ops = patch_ops(&values, change, active);
            self.client.patch_user(&id, &ops, self.cancel).await
        } else {
            let external_id = change.external_id.as_deref().unwrap_or_default();
            let resource = attributes::resource(external_id, &values, active);
            self.client
                .replace_user(&id, &resource, self.cancel)
                .await
                .map(|_| ())
        };
        let method = if self.caps.patch { "PATCH" } else { "PUT" };
        self.receipt(
            change,
            format!("{method} /Users/{id}"),
            outcome.map(|()| Some(id)),
        );
    }

    /// A new account's manager, once every new account has an id.
    async fn set_manager(&self, change: &PushChange) {
        let values = self.values(change, true);
        let manager = manager_path();
        let (Some(value), Some(external_id)) = (values.get(&manager), change.external_id.as_ref())
        else {
            return;
        };
        let Some(id) = lock(&self.ids).get(external_id).cloned() else {
            return;
        };
        let (path, sent) = attributes::patch(&manager, value);
        let ops = [PatchOp::replace(&path, sent)];
        let outcome = self.client.patch_user(&id, &ops, self.cancel).await;
        self.receipt(
            change,
            format!("PATCH /Users/{id} (manager)"),
            outcome.map(|()| Some(id)),
        );
    }

    /// Membership changes gathered per group; missing groups created with
    /// their first members when the policy allows.
    async fn groups(&self, plan: &PushPlan, settings: &TargetSettings) {
        let mut adds: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut removes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let ids = lock(&self.ids).clone();
        for change in &plan.changes {
            let Some(id) = change.target_id.clone().or_else(|| {
                change
                    .external_id
                    .as_ref()
                    .and_then(|e| ids.get(e).cloned())
            }) else {
                continue;
            };
            if !matches!(change.kind, PushKind::NeedsAttention | PushKind::Orphan) {
                for group in &change.groups_added {
                    adds.entry(group).or_default().push(id.clone());
                }
                for group in &change.groups_removed {
                    removes.entry(group).or_default().push(id.clone());
                }
            }
        }
        let existing = match self.client.groups(self.cancel).await {
            Ok(groups) => groups,
            Err(e) => {
                let line = group_line("(all groups)");
                self.receipt(&line, "GET /Groups".into(), Err(e));
                return;
            }
        };
        let by_name: HashMap<&str, &str> = existing
            .iter()
            .map(|g| (g.display_name.as_str(), g.id.as_str()))
            .collect();
        let names: Vec<&str> = adds.keys().chain(removes.keys()).copied().collect();
        let mut done = std::collections::BTreeSet::new();
        for name in names {
            if !done.insert(name) {
                continue;
            }
            let add = adds.get(name).cloned().unwrap_or_default();
            let remove = removes.get(name).cloned().unwrap_or_default();
            let line = group_line(name);
            match by_name.get(name) {
                Some(id) => {
                    let outcome = self
                        .client
                        .patch_group_members(id, &add, &remove, self.cancel)
                        .await;
                    let op = format!("PATCH /Groups/{id}");
                    self.receipt(&line, op, outcome.map(|()| Some(id.to_string())));
                }
                None if settings.policy.create_missing_groups && !add.is_empty() => {
                    let outcome = self.client.create_group(name, &add, self.cancel).await;
                    self.receipt(&line, "POST /Groups".into(), outcome.map(|g| Some(g.id)));
                }
                None => {}
            }
        }
    }
}

/// A receipt line for a group operation.
fn group_line(name: &str) -> PushChange {
    PushChange {
        kind: PushKind::GroupChange,
        person_id: None,
        external_id: None,
        user_name: name.to_string(),
        display_name: name.to_string(),
        target_id: None,
        attributes: Vec::new(),
        groups_added: Vec::new(),
        groups_removed: Vec::new(),
        attention: None,
        desired: Value::Null,
    }
}

/// The PATCH operations for a change: every changed attribute (or, for a
/// create found existing, every value), the anchor, and `active` always.
fn patch_ops(values: &Desired, change: &PushChange, active: bool) -> Vec<PatchOp> {
    let changed: Vec<&str> = if change.kind == PushKind::Create {
        values.keys().map(String::as_str).collect()
    } else {
        change
            .attributes
            .iter()
            .map(|a| a.attribute.as_str())
            .collect()
    };
    let mut ops: Vec<PatchOp> = changed
        .into_iter()
        .filter(|a| *a != "active" && *a != "externalId")
        .filter_map(|a| {
            let (path, value) = attributes::patch(a, values.get(a)?);
            Some(PatchOp::replace(&path, value))
        })
        .collect();
    if let Some(external_id) = &change.external_id {
        ops.push(PatchOp::replace("externalId", json!(external_id)));
    }
    ops.push(PatchOp::replace("active", json!(active)));
    ops
}
