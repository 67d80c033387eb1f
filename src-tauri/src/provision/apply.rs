//! Applying a reviewed push: creates first (in SCIM Bulk requests within
//! the target's limits where it has Bulk; a person the start-of-run read
//! finds anchored already, say from a run a crash cut short, is updated
//! instead, so a re-run never makes a second account),
//! then, side by side (each needs only the new accounts' ids), updates,
//! reactivations and deactivations (always sending `active`), managers of
//! new accounts, and group membership; then deletions (only those the
//! lifecycle policy's deletion after N days proposed). At most
//! `CONCURRENCY` requests in flight, across phases; Bulk requests are made
//! as they are about to be sent, not all before the first goes. Every
//! operation leaves a receipt, handed to `record` as it
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
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::model::{
    BulkLimits, Capabilities, PushChange, PushKind, PushPlan, Receipt, TargetGroup,
};
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

/// Where receipts go (the store, in the app and the CLI).
type Record<'a> = &'a mut (dyn FnMut(&[Receipt]) + Send);

struct Run<'a> {
    client: &'a ScimClient,
    caps: &'a Capabilities,
    cancel: &'a CancelToken,
    /// One permit per request in flight: phases that run side by side
    /// share CONCURRENCY between them.
    slots: Semaphore,
    /// Employee ID → account id, growing as accounts are created.
    ids: Mutex<HashMap<String, String>>,
    /// Receipts are handed over as their answers are read: a Bulk
    /// request's together (one write), others one by one.
    record: Mutex<Record<'a>>,
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
    record: &mut (dyn FnMut(&[Receipt]) + Send),
) -> Result<ApplyReport, ScimError> {
    let mut phase = Phase::start();
    // The groups are read beside the users (they do not change with the
    // accounts); a failed read of them fails only the group changes.
    let read_groups = async {
        match caps.groups {
            true => Some(client.groups(cancel).await),
            false => None,
        }
    };
    let (users, groups) = futures_util::join!(client.users(cancel), read_groups);
    let users = users?;
    phase.done("read users and groups");
    let ids = users
        .iter()
        .filter_map(|u| Some((u.external_id.clone()?, u.id.clone())))
        .collect();
    let run = Run {
        client,
        caps,
        cancel,
        slots: Semaphore::new(CONCURRENCY),
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
    phase.done("creates");
    // Updates, new accounts' managers and group membership touch nothing
    // the others do, and each needs only the creates done: all at once,
    // still within CONCURRENCY requests in flight (`slots`).
    let bulk = settings.bulk_limits(caps.bulk);
    let changes = of(&[PushKind::Update, PushKind::Reactivate, PushKind::Deactivate]);
    let updates = changes
        .iter()
        .filter_map(|c| Some((*c, run.update_request(c)?)));
    let managers = creates
        .iter()
        .filter_map(|c| Some((*c, run.manager_request(c)?)));
    let groups = async {
        if let Some(groups) = groups {
            run.groups(groups, plan, settings).await;
        }
    };
    futures_util::join!(
        run.send_all(updates, "update", bulk),
        run.send_all(managers, "manager", bulk),
        groups,
    );
    phase.done("updates, managers and groups");
    // Last, and one by one: the only irreversible operation.
    let deletes = of(&[PushKind::Delete]);
    run.each(&deletes, |c| run.delete(c)).await;
    Ok(run.report.into_inner().expect("report lock"))
}

/// How long each phase of a push took, at debug level (a profile of a
/// slow push: `ROSTER_LOG=roster_app::provision=debug`).
struct Phase(std::time::Instant);

impl Phase {
    fn start() -> Self {
        Self(std::time::Instant::now())
    }

    fn done(&mut self, phase: &str) {
        let ms = self.0.elapsed().as_secs_f64() * 1e3;
        tracing::debug!(phase, ms, "push phase done");
        self.0 = std::time::Instant::now();
    }
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

    /// Waits for a request slot; the request is sent while it is held.
    async fn slot(&self) -> SemaphorePermit<'_> {
        self.slots
            .acquire()
            .await
            .expect("the slots are never closed")
    }

    fn receipt(&self, change: &PushChange, operation: String, outcome: Outcome) {
        let receipt = self.receipt_of(change, operation, outcome);
        (lock(&self.record))(&[receipt]);
    }

    /// The receipt of one operation, counted in the report (recorded by
    /// the caller, alone or with the rest of its Bulk request's).
    fn receipt_of(&self, change: &PushChange, operation: String, outcome: Outcome) -> Receipt {
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
        receipt
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
        let receipt = self.created_receipt(change, operation, outcome);
        (lock(&self.record))(&[receipt]);
    }

    /// The account's id kept for later operations, and the receipt.
    fn created_receipt(&self, change: &PushChange, operation: String, outcome: Outcome) -> Receipt {
        if let (Ok((_, Some(id))), Some(external_id)) = (&outcome, &change.external_id) {
            lock(&self.ids).insert(external_id.clone(), id.clone());
        }
        self.receipt_of(change, operation, outcome)
    }

    async fn create(&self, change: &PushChange) {
        let Some(external_id) = change.external_id.as_deref() else {
            return;
        };
        let values = self.values(change, false);
        let slot = self.slot().await;
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
        drop(slot);
        self.created(change, "POST /Users".into(), outcome);
    }

    /// Deletes an account for good. An account already gone counts as
    /// done (a re-run after a crash never fails on it).
    async fn delete(&self, change: &PushChange) {
        let Some(id) = change.target_id.clone() else {
            return;
        };
        // `delete_user` answers Ok(404) for an account already gone.
        let outcome = {
            let _slot = self.slot().await;
            self.client.delete_user(&id, self.cancel).await
        };
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
        let items = new.iter().map(|c| (*c, self.bulk_operation(c)));
        self.in_bulk(items, limits, "POST /Bulk (create)").await;
    }

    /// `items` in Bulk requests within `limits`, several at once, each
    /// batch made as a request slot is about to free (the first is sent
    /// while the rest are still to be made).
    async fn in_bulk<'c>(
        &self,
        items: impl Iterator<Item = (&'c PushChange, BulkOperation)>,
        limits: BulkLimits,
        label: &str,
    ) {
        let batches = Batches {
            items,
            limits,
            carried: None,
        };
        stream::iter(batches.map(|batch| self.send_batch(batch, label)))
            .buffer_unordered(CONCURRENCY)
            .collect::<Vec<()>>()
            .await;
    }

    /// One Bulk request, and a receipt per operation in it, recorded
    /// together once the answer is read.
    async fn send_batch(&self, batch: Vec<(&PushChange, BulkOperation)>, operation: &str) {
        let (changes, operations): (Vec<&PushChange>, Vec<BulkOperation>) =
            batch.into_iter().unzip();
        let answered = {
            let _slot = self.slot().await;
            let sent = std::time::Instant::now();
            let answered = self.client.bulk(&operations, self.cancel).await;
            let ms = sent.elapsed().as_secs_f64() * 1e3;
            tracing::debug!(operations = operations.len(), ms, "bulk answered");
            answered
        };
        let outcomes = match answered {
            Ok(outcomes) => outcomes,
            Err(e) => {
                let receipts: Vec<Receipt> = changes
                    .into_iter()
                    .map(|c| self.created_receipt(c, operation.into(), Err(e.clone())))
                    .collect();
                (lock(&self.record))(&receipts);
                return;
            }
        };
        let by_id: HashMap<&str, &crate::scim::BulkOutcome> = outcomes
            .iter()
            .filter_map(|o| Some((o.bulk_id.as_deref()?, o)))
            .collect();
        let mut receipts = Vec::with_capacity(changes.len());
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
            receipts.push(self.created_receipt(change, operation.into(), result));
        }
        (lock(&self.record))(&receipts);
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

    /// Sends `requests`: in Bulk when the target has it and there are
    /// two or more, else one by one; each made only as it is about to go.
    async fn send_all<'c>(
        &self,
        requests: impl Iterator<Item = (&'c PushChange, Request)>,
        label: &str,
        bulk: Option<BulkLimits>,
    ) {
        let mut requests = requests.peekable();
        let first = requests.next();
        match (bulk, first, requests.peek().is_some()) {
            (_, None, _) => {}
            (Some(limits), Some(first), true) => {
                let items = std::iter::once(first)
                    .chain(requests)
                    .map(|(change, request)| (change, request.bulk(change)));
                self.in_bulk(items, limits, &format!("POST /Bulk ({label})"))
                    .await;
            }
            (_, Some(first), _) => {
                stream::iter(
                    std::iter::once(first)
                        .chain(requests)
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
        let slot = self.slot().await;
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
        drop(slot);
        let operation = format!("{method} /Users/{id} ({label})");
        self.receipt(change, operation, outcome.map(|status| (status, Some(id))));
    }

    /// Membership changes gathered per group; missing groups created with
    /// their first members when the policy allows.
    async fn groups(
        &self,
        existing: Result<Vec<TargetGroup>, ScimError>,
        plan: &PushPlan,
        settings: &TargetSettings,
    ) {
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
        let existing = match existing {
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
                let slot = self.slot().await;
                match id {
                    Some(id) => {
                        let outcome = self
                            .client
                            .patch_group_members(id, &add, &remove, self.cancel)
                            .await;
                        let op = format!("PATCH /Groups/{id}");
                        let outcome = outcome.map(|w| (w.status, Some(id.to_string())));
                        drop(slot);
                        self.receipt(&line, op, outcome);
                    }
                    None if create => {
                        let outcome = self.client.create_group(name, &add, self.cancel).await;
                        let outcome = outcome.map(|w| (w.status, Some(w.value.id)));
                        drop(slot);
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

/// Bulk operations in batches of at most `max_operations` and (with the
/// request's envelope) `max_payload_size` bytes, each made when asked for.
struct Batches<'c, I> {
    items: I,
    limits: BulkLimits,
    /// The operation that did not fit the last batch, with its size.
    carried: Option<(&'c PushChange, BulkOperation, u64)>,
}

impl<'c, I: Iterator<Item = (&'c PushChange, BulkOperation)>> Iterator for Batches<'c, I> {
    type Item = Vec<(&'c PushChange, BulkOperation)>;

    fn next(&mut self) -> Option<Self::Item> {
        const ENVELOPE: u64 = 200;
        let max_ops = self.limits.max_operations.max(1) as usize;
        let mut batch = Vec::new();
        let mut size = ENVELOPE;
        loop {
            let next = self.carried.take().or_else(|| {
                let (change, op) = self.items.next()?;
                let op_size = serialized_size(&op) + 1;
                Some((change, op, op_size))
            });
            let Some((change, op, op_size)) = next else {
                break;
            };
            let full = batch.len() >= max_ops || size + op_size > self.limits.max_payload_size;
            if full && !batch.is_empty() {
                self.carried = Some((change, op, op_size));
                break;
            }
            size += op_size;
            batch.push((change, op));
        }
        (!batch.is_empty()).then_some(batch)
    }
}

/// The bytes `op` takes as JSON, counted without keeping them.
fn serialized_size(op: &BulkOperation) -> u64 {
    struct Count(u64);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len() as u64;
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, op).map_or(0, |()| count.0)
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
