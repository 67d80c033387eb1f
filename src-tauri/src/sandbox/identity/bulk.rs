//! `/Bulk` (RFC 7644 §3.7): many writes in one request, answered one by
//! one, with `bulkId:` references between them (a Group naming Users made
//! in the same request, in any order), `failOnErrors`, and the
//! `maxOperations` limit the service provider config announces.

use std::collections::HashMap;
use std::time::SystemTime;

use serde_json::{json, Value};

use super::directory::Directory;
use super::error::ScimError;
use super::filter::get_ci;
use super::schema::{self, Kind};

struct Operation {
    method: String,
    path: String,
    bulk_id: Option<String>,
    version: Option<String>,
    data: Value,
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
        })
    }
}

/// Runs a BulkRequest and returns the BulkResponse body.
pub fn run(
    dir: &mut Directory,
    body: &Value,
    base: &str,
    now: SystemTime,
) -> Result<Value, ScimError> {
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
    let ops: Vec<Operation> = ops.iter().map(Operation::read).collect::<Result<_, _>>()?;
    let posted: Vec<&str> = ops
        .iter()
        .filter(|o| o.method == "POST")
        .filter_map(|o| o.bulk_id.as_deref())
        .collect();
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut results: Vec<Option<Value>> = vec![None; ops.len()];
    let mut errors = 0;
    let mut waiting: Vec<usize> = (0..ops.len()).collect();
    while !waiting.is_empty() {
        let before = waiting.len();
        let mut still = Vec::new();
        for n in waiting {
            let op = &ops[n];
            let result = match resolve(op, &ids) {
                Err(missing)
                    if posted.contains(&missing.as_str()) && !failed(&results, &ops, &missing) =>
                {
                    still.push(n);
                    continue;
                }
                Err(missing) => Err(ScimError::new(
                    409,
                    Some("invalidValue"),
                    format!("bulkId:{missing} names no resource created in this request."),
                )),
                Ok((path, data)) => execute(dir, op, &path, data, base, now),
            };
            results[n] = Some(answer(op, result, &mut ids, &mut errors));
            if fail_on.is_some_and(|limit| errors >= limit) {
                return Ok(response(results));
            }
        }
        if still.len() == before {
            for n in &still {
                let e = ScimError::new(
                    409,
                    Some("invalidValue"),
                    "Its bulkId references go round in a circle.",
                );
                results[*n] = Some(answer(&ops[*n], Err(e), &mut ids, &mut errors));
            }
            break;
        }
        waiting = still;
    }
    Ok(response(results))
}

fn failed(results: &[Option<Value>], ops: &[Operation], bulk_id: &str) -> bool {
    ops.iter().zip(results).any(|(o, r)| {
        o.bulk_id.as_deref() == Some(bulk_id)
            && r.as_ref().is_some_and(|r| r.get("response").is_some())
    })
}

fn response(results: Vec<Option<Value>>) -> Value {
    json!({ "schemas": [schema::BULK_RESPONSE], "Operations": results.into_iter().flatten().collect::<Vec<_>>() })
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

/// (status, resource) of one operation.
fn execute(
    dir: &mut Directory,
    op: &Operation,
    path: &str,
    data: Value,
    base: &str,
    now: SystemTime,
) -> Result<(u16, Option<Value>), ScimError> {
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
    // What the answer names (id, location, version): the resource is not
    // rendered, which would compute its groups for every operation.
    let shown = |dir: &Directory, id: &str| {
        let stored = dir.get(kind, id)?;
        let meta = json!({
            "location": format!("{base}/{}/{id}", kind.endpoint()),
            "version": stored["meta"]["version"],
        });
        Ok(Some(json!({ "id": id, "meta": meta })))
    };
    match (op.method.as_str(), id) {
        ("POST", None) => {
            if op.bulk_id.is_none() {
                return Err(ScimError::bad_request("invalidValue", "A bulk POST needs a bulkId."));
            }
            let made = dir.create(kind, data, now)?;
            let id = made["id"].as_str().unwrap_or_default().to_string();
            Ok((201, shown(dir, &id)?))
        }
        ("PUT", Some(id)) => {
            dir.replace(kind, &id, data, version, now)?;
            Ok((200, shown(dir, &id)?))
        }
        ("PATCH", Some(id)) => {
            dir.patch(kind, &id, &data, version, now)?;
            Ok((200, shown(dir, &id)?))
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

fn answer(
    op: &Operation,
    result: Result<(u16, Option<Value>), ScimError>,
    ids: &mut HashMap<String, String>,
    errors: &mut usize,
) -> Value {
    let mut out = json!({ "method": op.method });
    if let Some(b) = &op.bulk_id {
        out["bulkId"] = json!(b);
    }
    match result {
        Ok((status, shown)) => {
            out["status"] = json!(status.to_string());
            if let Some(shown) = shown {
                out["location"] = shown["meta"]["location"].clone();
                out["version"] = shown["meta"]["version"].clone();
                if let (Some(b), Some(id)) = (&op.bulk_id, shown["id"].as_str()) {
                    ids.insert(b.clone(), id.to_string());
                }
            }
        }
        Err(e) => {
            *errors += 1;
            out["status"] = json!(e.status.to_string());
            out["response"] = e.body();
        }
    }
    out
}
