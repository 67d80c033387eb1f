//! `/Bulk` (RFC 7644 §3.7): many writes in one request, answered one by
//! one, with `bulkId:` references between them (a Group naming Users made
//! in the same request, in any order), `failOnErrors`, and the
//! `maxOperations` limit the service provider config announces.

use std::collections::HashMap;
use std::time::SystemTime;

use serde_json::{json, Value};

use super::directory::{self, Directory};
use super::error::ScimError;
use super::filter::get_ci;
use super::schema::{self, Kind, Resource};

struct Operation {
    method: String,
    path: String,
    bulk_id: Option<String>,
    version: Option<String>,
    data: Value,
    /// A create naming no `bulkId:`, its data already cleaned (outside
    /// the directory's lock).
    ready: Option<(Kind, Result<Resource, ScimError>)>,
}

impl Operation {
    fn read(op: &Value) -> Result<Operation, ScimError> {
        let op = op.as_object().ok_or_else(|| {
            ScimError::bad_request("invalidSyntax", "Each bulk operation must be an object.")
        })?;
        let text = |k: &str| get_ci(op, k).and_then(Value::as_str).map(str::to_string);
        Ok(Operation {
            method: text("method").unwrap_or_default().to_ascii_uppercase(),
            path: text("path").unwrap_or_default(),
            bulk_id: text("bulkId"),
            version: text("version"),
            data: get_ci(op, "data").cloned().unwrap_or(Value::Null),
            ready: None,
        })
    }

    /// Cleans a create's data now when it names no `bulkId:` (nothing in
    /// it waits on another operation), so the directory is held only for
    /// the checks against other resources and the store.
    fn clean_ahead(&mut self) {
        let kind = Kind::from_endpoint(self.path.trim_matches('/'));
        if let (Some(kind), "POST", false) = (kind, self.method.as_str(), names_bulk_id(&self.data))
        {
            let data = std::mem::take(&mut self.data);
            self.ready = Some((kind, directory::clean(kind, data)));
        }
    }
}

fn names_bulk_id(v: &Value) -> bool {
    match v {
        Value::String(s) => s.starts_with("bulkId:"),
        Value::Array(a) => a.iter().any(names_bulk_id),
        Value::Object(m) => m.values().any(names_bulk_id),
        _ => false,
    }
}

/// A BulkRequest read and checked, its creates cleaned: everything that
/// needs no other resource, done before the directory is taken.
pub struct Request {
    ops: Vec<Operation>,
    fail_on: Option<usize>,
}

/// Each operation's method, bulkId and outcome: (status, the id and
/// version it names) or its error; the BulkResponse is written from
/// these once the directory is free again.
pub struct Ran(Vec<(String, Option<String>, Outcome)>);

type Outcome = Result<(u16, Option<(Kind, String, Value)>), ScimError>;

/// Reads a BulkRequest: its shape, the `maxOperations` limit, and each
/// create's data cleaned.
pub fn read(body: &Value) -> Result<Request, ScimError> {
    let request = body.as_object().ok_or_else(|| {
        ScimError::bad_request("invalidSyntax", "A bulk request must be a JSON object.")
    })?;
    let ops = get_ci(request, "Operations")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            ScimError::bad_request(
                "invalidSyntax",
                "A bulk request needs a list of Operations.",
            )
        })?;
    if ops.len() > schema::MAX_BULK_OPERATIONS {
        return Err(ScimError::new(
            413,
            None,
            format!(
                "The bulk request has {} operations; the most is {} (maxOperations). Split it.",
                ops.len(),
                schema::MAX_BULK_OPERATIONS
            ),
        ));
    }
    let fail_on = get_ci(request, "failOnErrors")
        .and_then(Value::as_u64)
        .map(|n| n.max(1) as usize);
    let mut ops: Vec<Operation> = ops.iter().map(Operation::read).collect::<Result<_, _>>()?;
    ops.iter_mut().for_each(Operation::clean_ahead);
    Ok(Request { ops, fail_on })
}

/// Runs a read BulkRequest on the directory, in order, `bulkId:`
/// references resolved as the resources they name are created.
pub fn run(dir: &mut Directory, request: Request, now: SystemTime) -> Ran {
    let Request { mut ops, fail_on } = request;
    let posted: Vec<String> = ops
        .iter()
        .filter(|o| o.method == "POST")
        .filter_map(|o| o.bulk_id.clone())
        .collect();
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut results: Vec<Option<Outcome>> = (0..ops.len()).map(|_| None).collect();
    let mut errors = 0;
    let mut waiting: Vec<usize> = (0..ops.len()).collect();
    while !waiting.is_empty() {
        let before = waiting.len();
        let mut still = Vec::new();
        for n in waiting {
            let ready = ops[n].ready.take();
            let op = &ops[n];
            let result = match ready {
                Some((kind, attrs)) => attrs.and_then(|a| create(dir, op, kind, a, now)),
                None => match resolve(op, &ids) {
                    Err(missing)
                        if posted.contains(&missing) && !failed(&results, &ops, &missing) =>
                    {
                        still.push(n);
                        continue;
                    }
                    Err(missing) => Err(ScimError::new(
                        409,
                        Some("invalidValue"),
                        format!("bulkId:{missing} names no resource created in this request."),
                    )),
                    Ok((path, data)) => execute(dir, op, &path, data, now),
                },
            };
            note(op, &result, &mut ids, &mut errors);
            results[n] = Some(result);
            if fail_on.is_some_and(|limit| errors >= limit) {
                return ran(&ops, results);
            }
        }
        if still.len() == before {
            for n in &still {
                let e = ScimError::new(
                    409,
                    Some("invalidValue"),
                    "Its bulkId references go round in a circle.",
                );
                let result = Err(e);
                note(&ops[*n], &result, &mut ids, &mut errors);
                results[*n] = Some(result);
            }
            break;
        }
        waiting = still;
    }
    ran(&ops, results)
}

fn ran(ops: &[Operation], results: Vec<Option<Outcome>>) -> Ran {
    Ran(ops
        .iter()
        .zip(results)
        .filter_map(|(op, r)| Some((op.method.clone(), op.bulk_id.clone(), r?)))
        .collect())
}

fn failed(results: &[Option<Outcome>], ops: &[Operation], bulk_id: &str) -> bool {
    ops.iter().zip(results).any(|(o, r)| {
        o.bulk_id.as_deref() == Some(bulk_id) && r.as_ref().is_some_and(Result::is_err)
    })
}

/// The BulkResponse body, each operation's `location` under `base`.
pub fn response(ran: Ran, base: &str) -> Value {
    let answers: Vec<Value> = ran
        .0
        .into_iter()
        .map(|(method, bulk_id, result)| answer(method, bulk_id, result, base))
        .collect();
    json!({ "schemas": [schema::BULK_RESPONSE], "Operations": answers })
}

/// The operation's path and data with every `bulkId:X` replaced by the id
/// created for X, or the first X not created yet.
fn resolve(op: &Operation, ids: &HashMap<String, String>) -> Result<(String, Value), String> {
    let path = op
        .path
        .split('/')
        .map(|seg| swap(seg, ids))
        .collect::<Result<Vec<_>, _>>()?
        .join("/");
    let mut data = op.data.clone();
    swap_all(&mut data, ids)?;
    Ok((path, data))
}

fn swap(text: &str, ids: &HashMap<String, String>) -> Result<String, String> {
    match text.strip_prefix("bulkId:") {
        Some(key) => ids.get(key).cloned().ok_or_else(|| key.to_string()),
        None => Ok(text.to_string()),
    }
}

fn swap_all(v: &mut Value, ids: &HashMap<String, String>) -> Result<(), String> {
    match v {
        Value::String(s) => *s = swap(s, ids)?,
        Value::Array(a) => a.iter_mut().try_for_each(|x| swap_all(x, ids))?,
        Value::Object(m) => m.values_mut().try_for_each(|x| swap_all(x, ids))?,
        _ => {}
    }
    Ok(())
}

/// A create from data cleaned ahead.
fn create(
    dir: &mut Directory,
    op: &Operation,
    kind: Kind,
    attrs: Resource,
    now: SystemTime,
) -> Outcome {
    if op.bulk_id.is_none() {
        return Err(ScimError::bad_request(
            "invalidValue",
            "A bulk POST needs a bulkId.",
        ));
    }
    let id = dir.create_clean(kind, attrs, now)?;
    shown(dir, kind, &id).map(|s| (201, s))
}

/// What an answer names of a resource: its kind, id and version (the
/// resource is not rendered, which would compute its groups every time).
fn shown(
    dir: &Directory,
    kind: Kind,
    id: &str,
) -> Result<Option<(Kind, String, Value)>, ScimError> {
    let version = dir.get(kind, id)?["meta"]["version"].clone();
    Ok(Some((kind, id.to_string(), version)))
}

/// (status, what the answer names) of one operation.
fn execute(
    dir: &mut Directory,
    op: &Operation,
    path: &str,
    data: Value,
    now: SystemTime,
) -> Outcome {
    let mut segments = path.trim_matches('/').split('/');
    let kind = segments.next().and_then(Kind::from_endpoint);
    let id = segments.next().map(str::to_string);
    let (Some(kind), None) = (kind, segments.next()) else {
        return Err(ScimError::bad_request(
            "invalidPath",
            format!("{path:?} is not /Users, /Groups or one of theirs."),
        ));
    };
    let version = op.version.as_deref();
    match (op.method.as_str(), id) {
        ("POST", None) => {
            let attrs = directory::clean(kind, data)?;
            create(dir, op, kind, attrs, now)
        }
        ("PUT", Some(id)) => {
            dir.replace(kind, &id, data, version, now)?;
            Ok((200, shown(dir, kind, &id)?))
        }
        ("PATCH", Some(id)) => {
            dir.patch(kind, &id, &data, version, now)?;
            Ok((200, shown(dir, kind, &id)?))
        }
        ("DELETE", Some(id)) => {
            dir.delete(kind, &id, version)?;
            Ok((204, None))
        }
        (method, _) => Err(ScimError::bad_request(
            "invalidSyntax",
            format!("{method} {path} is not a bulk operation; use POST /Users or PUT|PATCH|DELETE /Users/ID."),
        )),
    }
}

/// Keeps the id a POST with a bulkId made, for later references, and
/// counts errors for `failOnErrors`.
fn note(op: &Operation, result: &Outcome, ids: &mut HashMap<String, String>, errors: &mut usize) {
    match result {
        Ok((_, Some((_, id, _)))) => {
            if let Some(b) = &op.bulk_id {
                ids.insert(b.clone(), id.clone());
            }
        }
        Ok(_) => {}
        Err(_) => *errors += 1,
    }
}

fn answer(method: String, bulk_id: Option<String>, result: Outcome, base: &str) -> Value {
    let mut out = json!({ "method": method });
    if let Some(b) = bulk_id {
        out["bulkId"] = json!(b);
    }
    match result {
        Ok((status, shown)) => {
            out["status"] = json!(status.to_string());
            if let Some((kind, id, version)) = shown {
                out["location"] = json!(format!("{base}/{}/{id}", kind.endpoint()));
                out["version"] = version;
            }
        }
        Err(e) => {
            out["status"] = json!(e.status.to_string());
            out["response"] = e.body();
        }
    }
    out
}
