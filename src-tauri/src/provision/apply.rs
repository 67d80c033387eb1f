//! Applying a reviewed push: creates first (in SCIM Bulk requests within
//! the target's limits where it has Bulk; a person the start-of-run read
//! finds anchored already, say from a run a crash cut short, is updated
//! instead, so a re-run never makes a second account),
//! then updates, reactivations and deactivations (always sending `active`),
//! then managers of new accounts, then group membership, then deletions
//! (only those the lifecycle policy's deletion after N days proposed). Bounded
//! concurrency; every operation leaves a receipt, handed to `record` as it
//! completes so a crash keeps what was done, with the status the target
//! answered (201 for a create, 200 or 204 for a PATCH, each Bulk
//! operation's own).
//!
//! Invariant: where the target has ETags, an update carries the version
//! the preview read (`If-Match`); an account changed since is never
//! overwritten (a 412 is a failed receipt saying to preview again).

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use futures_util::stream::{self, StreamExt};
use serde_json::{json, Value};

use crate::model::{BulkLimits, Capabilities, PushChange, PushKind, PushPlan, Receipt};
use crate::net::CancelToken;
use crate::reconcile::attributes::{self, Desired};
use crate::reconcile::settings::{manager_path, TargetSettings};
use crate::scim::{BulkOperation, PatchOp, ScimClient, ScimError};

/// What one operation came to: the status answered and the account's id.
type Outcome = Result<(u16, Option<String>), ScimError>;

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
    match settings.bulk_limits(caps.bulk) {
        Some(limits) if creates.len() > 1 => run.create_in_bulk(&creates, limits).await,
        _ => run.each(&creates, |c| run.create(c)).await,
    }
    let bulk = settings.bulk_limits(caps.bulk);
    let changes = of(&[PushKind::Update, PushKind::Reactivate, PushKind::Deactivate]);
    let updates = changes
        .iter()
        .filter_map(|c| Some((*c, run.update_request(c)?)))
        .collect();
    run.send_all(updates, "update", bulk).await;
    let managers = creates
        .iter()
        .filter_map(|c| Some((*c, run.manager_request(c)?)))
        .collect();
    run.send_all(managers, "manager", bulk).await;
    if caps.groups {
        run.groups(plan, settings).await;
    }
    // Last, and one by one: the only irreversible operation.
    let deletes = of(&[PushKind::Delete]);
    run.each(&deletes, |c| run.delete(c)).await;
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

    fn receipt(&self, change: &PushChange, operation: String, outcome: Outcome) {
        let (ok, status, target_id, detail) = match outcome {
            Ok((status, id)) => (true, status, id.or_else(|| change.target_id.clone()), None),
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
        // Read in place (a copy of the whole JSON tree per operation showed
        // in a 10,000-account push); anything but an object of texts is none.
        let mut values: Desired = match &change.desired {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect::<Option<Desired>>()
                .unwrap_or_default(),
            _ => Desired::new(),
        };
        let manager = manager_path();
        if let Some(employee_id) = values.remove(&manager) {
            let id = lock(&self.ids).get(&employee_id).cloned();
            if let (true, Some(id)) = (with_manager, id) {
                values.insert(manager, id);
            }
        }
        values
    }

    /// The account already anchored to this person (created by an earlier
    /// run that was cut short, read at the start of this one).
    fn existing(&self, change: &PushChange) -> Option<String> {
        let external_id = change.external_id.as_deref()?;
        lock(&self.ids).get(external_id).cloned()
    }

    fn created(&self, change: &PushChange, operation: String, outcome: Outcome) {
        if let (Ok((_, Some(id))), Some(external_id)) = (&outcome, &change.external_id) {
            lock(&self.ids).insert(external_id.clone(), id.clone());
        }
        self.receipt(change, operation, outcome);
    }

    async fn create(&self, change: &PushChange) {
        let Some(external_id) = change.external_id.as_deref() else {
            return;
        };
        let values = self.values(change, false);
        let outcome = match self.existing(change) {
            Some(id) => {
                let ops = patch_ops(&values, change, true);
                let sent = self.client.patch_user(&id, &ops, None, self.cancel).await;
                sent.map(|w| (w.status, Some(id)))
            }
            None => {
                let resource = attributes::resource(external_id, &values, true);
                let sent = self.client.create_user(&resource, self.cancel).await;
                sent.map(|w| (w.status, Some(w.value.id)))
            }
        };
        self.created(change, "POST /Users".into(), outcome);
    }

    /// Deletes an account for good. An account already gone counts as
    /// done (a re-run after a crash never fails on it).
    async fn delete(&self, change: &PushChange) {
        let Some(id) = change.target_id.clone() else {
            return;
        };
        // `delete_user` answers Ok(404) for an account already gone.
        let outcome = self.client.delete_user(&id, self.cancel).await;
        self.receipt(
            change,
            format!("DELETE /Users/{id}"),
            outcome.map(|status| (status, None)),
        );
    }

    /// Creates in SCIM Bulk requests within the target's limits; people
    /// an earlier run already created are updated one by one instead.
    async fn create_in_bulk(&self, creates: &[&PushChange], limits: BulkLimits) {
        let (found, new): (Vec<&PushChange>, Vec<&PushChange>) =
            creates.iter().partition(|c| self.existing(c).is_some());
        self.each(&found, |c| self.create(c)).await;
        let items = new.iter().map(|c| (*c, self.bulk_operation(c))).collect();
        self.in_bulk(items, limits, "POST /Bulk (create)").await;
    }

    /// `items` in Bulk requests within `limits`, several at once.
    async fn in_bulk(
        &self,
        items: Vec<(&PushChange, BulkOperation)>,
        limits: BulkLimits,
        label: &str,
    ) {
        let batches = batches(items, limits);
        stream::iter(
            batches
                .into_iter()
                .map(|batch| self.send_batch(batch, label)),
        )
        .buffer_unordered(CONCURRENCY)
        .collect::<Vec<()>>()
        .await;
    }

    /// One Bulk request, and a receipt per operation in it.
    async fn send_batch(&self, batch: Vec<(&PushChange, BulkOperation)>, operation: &str) {
        let (changes, operations): (Vec<&PushChange>, Vec<BulkOperation>) =
            batch.into_iter().unzip();
        let outcomes = match self.client.bulk(&operations, self.cancel).await {
            Ok(outcomes) => outcomes,
            Err(e) => {
                for change in changes {
                    self.created(change, operation.into(), Err(e.clone()));
                }
                return;
            }
        };
        let by_id: HashMap<&str, &crate::scim::BulkOutcome> = outcomes
            .iter()
            .filter_map(|o| Some((o.bulk_id.as_deref()?, o)))
            .collect();
        for change in changes {
            let outcome = change.external_id.as_deref().and_then(|e| by_id.get(e));
            let result = match outcome {
                Some(o) if o.ok() => Ok((o.status, o.id.clone())),
                Some(o) if o.status == 412 => Err(ScimError::Changed {
                    endpoint: "/Bulk".into(),
                }),
                Some(o) => Err(ScimError::Refused {
                    endpoint: "/Bulk".into(),
                    status: o.status,
                    scim_type: None,
                    detail: o
                        .detail
                        .as_ref()
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default(),
                }),
                None => Err(ScimError::BadAnswer {
                    endpoint: "/Bulk".into(),
                    detail: "no answer for this operation".into(),
                }),
            };
            self.created(change, operation.into(), result);
        }
    }

    fn bulk_operation(&self, change: &PushChange) -> BulkOperation {
        let external_id = change.external_id.clone().unwrap_or_default();
        BulkOperation {
            method: "POST".into(),
            bulk_id: Some(external_id.clone()),
            path: "/Users".into(),
            data: Some(attributes::resource(
                &external_id,
                &self.values(change, false),
                true,
            )),
            version: None,
        }
    }

    /// The request bringing an existing account in line: PATCH of what
    /// changed, or PUT of the whole account where the target lacks PATCH;
    /// `active` always.
    fn update_request(&self, change: &PushChange) -> Option<Request> {
        let id = change.target_id.clone()?;
        let active = change.kind != PushKind::Deactivate;
        let values = self.values(change, true);
        let body = if self.caps.patch {
            Body::Patch(patch_ops(&values, change, active))
        } else {
            let external_id = change.external_id.as_deref().unwrap_or_default();
            Body::Put(attributes::resource(external_id, &values, active))
        };
        let version = change.version.clone().filter(|_| self.caps.etag);
        Some(Request { id, body, version })
    }

    /// A new account's manager, once every new account has an id (the
    /// whole account again where the target lacks PATCH).
    fn manager_request(&self, change: &PushChange) -> Option<Request> {
        let values = self.values(change, true);
        let manager = manager_path();
        let value = values.get(&manager)?;
        let external_id = change.external_id.as_ref()?;
        let id = lock(&self.ids).get(external_id).cloned()?;
        let body = if self.caps.patch {
            let (path, sent) = attributes::patch(&manager, value);
            Body::Patch(vec![PatchOp::replace(&path, sent)])
        } else {
            Body::Put(attributes::resource(external_id, &values, true))
        };
        // Created in this run: no version was read to hold it to.
        Some(Request {
            id,
            body,
            version: None,
        })
    }

    /// Sends `requests`: in Bulk when the target has it, else one by one.
    async fn send_all(
        &self,
        requests: Vec<(&PushChange, Request)>,
        label: &str,
        bulk: Option<BulkLimits>,
    ) {
        match bulk {
            Some(limits) if requests.len() > 1 => {
                let items = requests
                    .into_iter()
                    .map(|(change, request)| (change, request.bulk(change)))
                    .collect();
                self.in_bulk(items, limits, &format!("POST /Bulk ({label})"))
                    .await;
            }
            _ => {
                stream::iter(
                    requests
                        .into_iter()
                        .map(|(c, r)| self.send_one(c, r, label)),
                )
                .buffer_unordered(CONCURRENCY)
                .collect::<Vec<()>>()
                .await;
            }
        }
    }

    async fn send_one(&self, change: &PushChange, request: Request, label: &str) {
        let Request { id, body, version } = request;
        let version = version.as_deref();
        let (outcome, method) = match body {
            Body::Patch(ops) => {
                let sent = self.client.patch_user(&id, &ops, version, self.cancel);
                (sent.await.map(|w| w.status), "PATCH")
            }
            Body::Put(resource) => {
                let sent = self
                    .client
                    .replace_user(&id, &resource, version, self.cancel);
                (sent.await.map(|w| w.status), "PUT")
            }
        };
        let operation = format!("{method} /Users/{id} ({label})");
        self.receipt(change, operation, outcome.map(|status| (status, Some(id))));
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
        let mut names: Vec<&str> = adds.keys().chain(removes.keys()).copied().collect();
        names.sort_unstable();
        names.dedup();
        // Groups are independent of one another: several at once, like
        // every other phase (one by one, a push's last requests waited
        // on each other).
        let group = names.into_iter().map(|name| {
            let add = adds.get(name).cloned().unwrap_or_default();
            let remove = removes.get(name).cloned().unwrap_or_default();
            let id = by_name.get(name).copied();
            let create = settings.policy.create_missing_groups && !add.is_empty();
            async move {
                let line = group_line(name);
                match id {
                    Some(id) => {
                        let outcome = self
                            .client
                            .patch_group_members(id, &add, &remove, self.cancel)
                            .await;
                        let op = format!("PATCH /Groups/{id}");
                        let outcome = outcome.map(|w| (w.status, Some(id.to_string())));
                        self.receipt(&line, op, outcome);
                    }
                    None if create => {
                        let outcome = self.client.create_group(name, &add, self.cancel).await;
                        let outcome = outcome.map(|w| (w.status, Some(w.value.id)));
                        self.receipt(&line, "POST /Groups".into(), outcome);
                    }
                    None => {}
                }
            }
        });
        stream::iter(group)
            .buffer_unordered(CONCURRENCY)
            .collect::<Vec<()>>()
            .await;
    }
}

/// `changes` with their Bulk operations, in batches of at most
/// `max_operations` and (with the request's envelope) `max_payload_size`
/// bytes.
fn batches(
    items: Vec<(&PushChange, BulkOperation)>,
    limits: BulkLimits,
) -> Vec<Vec<(&PushChange, BulkOperation)>> {
    const ENVELOPE: u64 = 200;
    let max_ops = limits.max_operations.max(1) as usize;
    let mut batches: Vec<Vec<(&PushChange, BulkOperation)>> = Vec::new();
    let mut size = ENVELOPE;
    for (change, op) in items {
        let op_size = serde_json::to_vec(&op).map_or(0, |b| b.len() as u64) + 1;
        let full = batches
            .last()
            .is_none_or(|b| b.len() >= max_ops || size + op_size > limits.max_payload_size);
        if full {
            batches.push(Vec::new());
            size = ENVELOPE;
        }
        size += op_size;
        batches.last_mut().expect("a batch").push((change, op));
    }
    batches
}

/// One account's request: its id, what to send, and the version it
/// expects (`If-Match`) when the target has ETags.
struct Request {
    id: String,
    body: Body,
    version: Option<String>,
}

enum Body {
    Patch(Vec<PatchOp>),
    Put(Value),
}

impl Request {
    /// The same request as a Bulk operation, answered under the person's
    /// employee ID.
    fn bulk(self, change: &PushChange) -> BulkOperation {
        let (method, data) = match self.body {
            Body::Patch(ops) => ("PATCH", PatchOp::message(&ops)),
            Body::Put(resource) => ("PUT", resource),
        };
        BulkOperation {
            method: method.into(),
            bulk_id: change.external_id.clone(),
            path: format!("/Users/{}", self.id),
            data: Some(data),
            version: self.version,
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
        version: None,
    }
}

/// The PATCH operations for a change: every changed attribute (or, for a
/// create found existing, every value; an attribute cleared in the
/// directory is removed), the anchor, and `active` always.
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
    let cleared = |a: &str| {
        change
            .attributes
            .iter()
            .any(|c| c.attribute == a && c.after.is_none())
    };
    let mut ops: Vec<PatchOp> = changed
        .into_iter()
        .filter(|a| *a != "active" && *a != "externalId")
        .filter_map(|a| match values.get(a) {
            Some(value) => {
                let (path, value) = attributes::patch(a, value);
                Some(PatchOp::replace(&path, value))
            }
            // Cleared in the directory: taken off the account too.
            None if cleared(a) => Some(PatchOp::remove(a)),
            None => None,
        })
        .collect();
    if let Some(external_id) = &change.external_id {
        ops.push(PatchOp::replace("externalId", json!(external_id)));
    }
    ops.push(PatchOp::replace("active", json!(active)));
    ops
}
