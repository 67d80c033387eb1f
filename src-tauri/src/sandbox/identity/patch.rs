//! PATCH (RFC 7644 §3.5.2): `add`, `replace` and `remove` operations on a
//! resource's attributes, with or without a path, including value filters
//! (`members[value eq "id"]`, `emails[type eq "work"].value`) and paths
//! inside the enterprise extension. The result is checked afterwards by
//! the directory like any other write.

use serde_json::{Map, Value};

use super::error::ScimError;
use super::filter::{self, Filter, Op};
use super::schema::{self, Kind, Resource};

/// Where an operation's `path` points.
#[derive(Debug)]
struct Target {
    /// The extension the attribute lives in (`None`: the core schema).
    urn: Option<String>,
    /// `None`: the whole extension object.
    attr: Option<String>,
    filter: Option<Filter>,
    sub: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Add,
    Replace,
}

fn invalid_path(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request("invalidPath", detail)
}

/// Applies a PatchOp body to `attrs` (a resource without id and meta).
pub fn apply(kind: Kind, attrs: &mut Resource, body: &Value) -> Result<(), ScimError> {
    let ops = body
        .as_object()
        .and_then(|b| filter::get_ci(b, "Operations"))
        .and_then(Value::as_array)
        .ok_or_else(|| {
            ScimError::bad_request(
                "invalidSyntax",
                format!(
                    "A PATCH body is a {} message with a list of Operations.",
                    schema::PATCH_OP
                ),
            )
        })?;
    for op in ops {
        one(kind, attrs, op)?;
    }
    Ok(())
}

fn one(kind: Kind, attrs: &mut Resource, op: &Value) -> Result<(), ScimError> {
    let Some(op) = op.as_object() else {
        return Err(ScimError::bad_request(
            "invalidSyntax",
            "Each operation must be an object.",
        ));
    };
    let name = filter::get_ci(op, "op")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let path = filter::get_ci(op, "path")
        .and_then(Value::as_str)
        .filter(|p| !p.trim().is_empty());
    let value = filter::get_ci(op, "value").cloned();
    let mode = match name.as_str() {
        "add" => Mode::Add,
        "replace" => Mode::Replace,
        "remove" => {
            let Some(path) = path else {
                return Err(ScimError::bad_request(
                    "noTarget",
                    "A remove operation needs a path.",
                ));
            };
            return remove(attrs, &target(kind, path)?, value);
        }
        other => {
            return Err(ScimError::bad_request(
                "invalidSyntax",
                format!("Unknown PATCH op {other:?}: use add, replace or remove."),
            ));
        }
    };
    let Some(value) = value else {
        return Err(ScimError::bad_request(
            "invalidValue",
            format!("The {name} operation needs a value."),
        ));
    };
    match path {
        Some(path) => set(kind, attrs, &target(kind, path)?, value, mode),
        None => set_each(kind, attrs, value, mode),
    }
}

/// An operation without a path: each member of the value object is set.
fn set_each(kind: Kind, attrs: &mut Resource, value: Value, mode: Mode) -> Result<(), ScimError> {
    let Value::Object(object) = value else {
        return Err(ScimError::bad_request(
            "invalidValue",
            "Without a path, the value must be an object of attributes.",
        ));
    };
    for (key, value) in schema::canonicalize(kind, object) {
        if let Some(urn) = schema::extension_urn(kind, &key) {
            let t = Target {
                urn: Some(urn.to_string()),
                attr: None,
                filter: None,
                sub: None,
            };
            set(kind, attrs, &t, value, mode)?;
            continue;
        }
        if is_read_only(kind, None, &key) {
            continue;
        }
        let t = Target {
            urn: None,
            attr: Some(key),
            filter: None,
            sub: None,
        };
        set(kind, attrs, &t, value, mode)?;
    }
    Ok(())
}

fn is_read_only(kind: Kind, urn: Option<&str>, attr: &str) -> bool {
    ["id", "meta", "schemas"]
        .iter()
        .any(|r| r.eq_ignore_ascii_case(attr))
        || schema::attribute(urn.unwrap_or(kind.core()), attr).is_some_and(schema::is_read_only)
}

/// Parses `path` into a target with names in their declared spelling.
fn target(kind: Kind, path: &str) -> Result<Target, ScimError> {
    let (urn, rest) = filter::split_urn(path.trim());
    if urn.is_some() && rest.is_empty() {
        return Ok(Target {
            urn,
            attr: None,
            filter: None,
            sub: None,
        });
    }
    let (attr, filter, sub) = match rest.find('[') {
        Some(open) => {
            let close = rest
                .rfind(']')
                .filter(|c| *c > open)
                .ok_or_else(|| invalid_path(format!("{path:?}: a [ is not closed")))?;
            let after = &rest[close + 1..];
            let sub = match after {
                "" => None,
                _ => Some(
                    after
                        .strip_prefix('.')
                        .ok_or_else(|| invalid_path(format!("{path:?}: expected .sub after ]")))?
                        .to_string(),
                ),
            };
            (
                rest[..open].to_string(),
                Some(filter::parse(&rest[open + 1..close])?),
                sub,
            )
        }
        None => {
            let p = filter::attr_path(rest).map_err(|e| invalid_path(e.detail))?;
            (p.attr, None, p.sub)
        }
    };
    let owner = urn.as_deref().unwrap_or(kind.core());
    let declared = schema::attribute(owner, &attr);
    if is_read_only(kind, urn.as_deref(), &attr) {
        return Err(ScimError::bad_request(
            "mutability",
            format!("{attr} is read-only."),
        ));
    }
    let attr = declared
        .and_then(|a| a["name"].as_str())
        .map(str::to_string)
        .unwrap_or(attr);
    let attr = ["externalId"]
        .into_iter()
        .find(|c| c.eq_ignore_ascii_case(&attr))
        .map(str::to_string)
        .unwrap_or(attr);
    let sub = sub.map(|s| {
        declared
            .and_then(|a| schema::sub_attribute(a, &s))
            .and_then(|a| a["name"].as_str())
            .map(str::to_string)
            .unwrap_or(s)
    });
    Ok(Target {
        urn,
        attr: Some(attr),
        filter,
        sub,
    })
}

/// The object an attribute lives in, made when `create` and missing.
fn container<'a>(
    attrs: &'a mut Resource,
    urn: Option<&str>,
    create: bool,
) -> Option<&'a mut Map<String, Value>> {
    match urn {
        None => Some(attrs),
        Some(urn) => {
            if create && !matches!(attrs.get(urn), Some(Value::Object(_))) {
                attrs.insert(urn.to_string(), Value::Object(Map::new()));
            }
            attrs.get_mut(urn).and_then(Value::as_object_mut)
        }
    }
}

/// `value` with its sub-attribute names in the declared spelling.
fn canonical(kind: Kind, t: &Target, attr: &str, value: Value) -> Value {
    let mut wrapper = Map::new();
    wrapper.insert(attr.to_string(), value);
    let wrapper = match &t.urn {
        None => wrapper,
        Some(urn) => {
            let mut outer = Map::new();
            outer.insert(urn.clone(), Value::Object(wrapper));
            outer
        }
    };
    let mut folded = schema::canonicalize(kind, wrapper);
    let inner = match &t.urn {
        None => Some(&mut folded),
        Some(urn) => folded.get_mut(urn).and_then(Value::as_object_mut),
    };
    inner.and_then(|m| m.remove(attr)).unwrap_or(Value::Null)
}

fn set(
    kind: Kind,
    attrs: &mut Resource,
    t: &Target,
    value: Value,
    mode: Mode,
) -> Result<(), ScimError> {
    let Some(attr) = t.attr.clone() else {
        let Value::Object(object) = value else {
            return Err(ScimError::bad_request(
                "invalidValue",
                "The extension's value must be an object.",
            ));
        };
        let urn = t.urn.clone().unwrap_or_default();
        // The extension's own `schemas` or read-only parts are not set.
        for (key, value) in object {
            if !is_read_only(kind, Some(&urn), &key) {
                set(
                    kind,
                    attrs,
                    &target(kind, &format!("{urn}:{key}"))?,
                    value,
                    mode,
                )?;
            }
        }
        return Ok(());
    };
    let value = canonical(kind, t, &attr, value);
    let declared = schema::attribute(t.urn.as_deref().unwrap_or(kind.core()), &attr);
    let place = container(attrs, t.urn.as_deref(), true).expect("made above");
    let multi = declared
        .map(schema::is_multi_valued)
        .unwrap_or_else(|| place.get(&attr).is_some_and(Value::is_array));
    if let Some(f) = &t.filter {
        return set_filtered(place, &attr, f, t.sub.as_deref(), value, mode);
    }
    match (&t.sub, multi) {
        (Some(_), true) => Err(invalid_path(format!(
            "{attr} has several values; name one with a filter, e.g. {attr}[type eq \"work\"].{}",
            t.sub.as_deref().unwrap_or("value")
        ))),
        (Some(sub), false) => {
            let entry = place
                .entry(attr.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            entry[sub.as_str()] = value;
            Ok(())
        }
        (None, true) => {
            let new = match value {
                Value::Array(a) => a,
                v => vec![v],
            };
            let list = place
                .entry(attr)
                .or_insert_with(|| Value::Array(Vec::new()));
            match (mode, list) {
                (Mode::Add, Value::Array(items)) => {
                    for v in new {
                        if !items.iter().any(|i| same_value(i, &v)) {
                            items.push(v);
                        }
                    }
                }
                (_, list) => *list = Value::Array(new),
            }
            Ok(())
        }
        (None, false) => {
            match (place.get_mut(&attr), value) {
                (Some(Value::Object(old)), Value::Object(new)) => old.extend(new),
                (_, value) => {
                    place.insert(attr, value);
                }
            }
            Ok(())
        }
    }
}

/// Two values of a multi-valued attribute are the same one when equal, or
/// (complex values) when their `value`s are.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a.get("value"), b.get("value")) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// `attr[filter]` or `attr[filter].sub` on add or replace. When no value
/// matches and the filter only names sub-attributes with `eq` (`emails[type
/// eq "work"].value`), a value with those sub-attributes is added.
fn set_filtered(
    place: &mut Map<String, Value>,
    attr: &str,
    f: &Filter,
    sub: Option<&str>,
    value: Value,
    mode: Mode,
) -> Result<(), ScimError> {
    let list = place
        .entry(attr.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(items) = list else {
        return Err(invalid_path(format!(
            "{attr} is not multi-valued; drop the filter."
        )));
    };
    let mut hits: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| {
            i.as_object()
                .is_some_and(|m| filter::matches(f, m, Some(attr)))
        })
        .map(|(n, _)| n)
        .collect();
    if hits.is_empty() {
        let mut seed = Map::new();
        if !equalities(f, &mut seed) {
            return Err(ScimError::bad_request(
                "noTarget",
                format!("No value of {attr} matches the filter."),
            ));
        }
        items.push(Value::Object(seed));
        hits.push(items.len() - 1);
    }
    for n in hits {
        match (sub, &value, mode) {
            (Some(sub), _, _) => items[n][sub] = value.clone(),
            (None, Value::Object(new), Mode::Add) => {
                if let Some(old) = items[n].as_object_mut() {
                    old.extend(new.clone());
                }
            }
            (None, _, _) => items[n] = value.clone(),
        }
    }
    Ok(())
}

/// Collects `a eq x and b eq y` into `{a: x, b: y}`; false for any other filter.
fn equalities(f: &Filter, into: &mut Map<String, Value>) -> bool {
    match f {
        Filter::And(a, b) => equalities(a, into) && equalities(b, into),
        Filter::Compare(p, Op::Eq, v) if p.urn.is_none() && p.sub.is_none() => {
            into.insert(p.attr.clone(), v.clone());
            true
        }
        _ => false,
    }
}

fn remove(attrs: &mut Resource, t: &Target, value: Option<Value>) -> Result<(), ScimError> {
    let Some(attr) = &t.attr else {
        if let Some(urn) = &t.urn {
            attrs.remove(urn);
        }
        return Ok(());
    };
    let Some(place) = container(attrs, t.urn.as_deref(), false) else {
        return Ok(());
    };
    match (&t.filter, place.get_mut(attr)) {
        (_, None) => {}
        (Some(f), Some(Value::Array(items))) => match &t.sub {
            Some(sub) => {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    if filter::matches(f, item, Some(attr)) {
                        item.remove(sub);
                    }
                }
            }
            None => items.retain(|i| {
                !i.as_object()
                    .is_some_and(|m| filter::matches(f, m, Some(attr)))
            }),
        },
        (Some(_), Some(_)) => {
            return Err(invalid_path(format!(
                "{attr} is not multi-valued; drop the filter."
            )))
        }
        (None, Some(Value::Array(items))) => match (&t.sub, value) {
            (Some(sub), _) => items
                .iter_mut()
                .filter_map(Value::as_object_mut)
                .for_each(|i| {
                    i.remove(sub);
                }),
            (None, Some(gone)) => {
                let gone = match gone {
                    Value::Array(a) => a,
                    v => vec![v],
                };
                items.retain(|i| !gone.iter().any(|g| same_value(i, g)));
            }
            (None, None) => {
                place.remove(attr);
            }
        },
        (None, Some(Value::Object(inner))) if t.sub.is_some() => {
            inner.remove(t.sub.as_deref().unwrap_or_default());
        }
        (None, Some(_)) => {
            place.remove(attr);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn patched(kind: Kind, start: Value, ops: Value) -> Result<Value, ScimError> {
        let Value::Object(mut attrs) = start else {
            unreachable!()
        };
        apply(
            kind,
            &mut attrs,
            &json!({ "schemas": [schema::PATCH_OP], "Operations": ops }),
        )?;
        Ok(Value::Object(attrs))
    }

    #[test]
    fn identity_patch_adds_replaces_and_removes_as_rfc_7644_says() {
        let group =
            json!({ "displayName": "Sales", "members": [{ "value": "a" }, { "value": "b" }] });
        let out = patched(
            Kind::Group,
            group.clone(),
            json!([
                { "op": "add", "path": "members", "value": [{ "value": "b" }, { "value": "c" }] },
                { "op": "remove", "path": "members", "value": [{ "value": "a" }] },
            ]),
        )
        .unwrap();
        assert_eq!(
            out["members"],
            json!([{ "value": "b" }, { "value": "c" }]),
            "no duplicate b; a removed by value"
        );
        let out = patched(
            Kind::Group,
            group,
            json!([{ "op": "replace", "path": "members", "value": [{ "value": "z" }] }]),
        )
        .unwrap();
        assert_eq!(out["members"], json!([{ "value": "z" }]));

        let user = json!({
            "userName": "a@x.test",
            "name": { "givenName": "Ann", "familyName": "Lee" },
            "emails": [{ "value": "a@x.test", "type": "work" }, { "value": "a@home.test", "type": "home" }],
            schema::ENTERPRISE: { "department": "Sales" },
        });
        let out = patched(
            Kind::User,
            user.clone(),
            json!([
                { "op": "Add", "value": { "name": { "familyName": "Li" }, "TITLE": "CFO" } },
                { "op": "remove", "path": "emails[type eq \"home\"]" },
                { "op": "remove", "path": schema::ENTERPRISE },
            ]),
        )
        .unwrap();
        assert_eq!(
            out["name"],
            json!({ "givenName": "Ann", "familyName": "Li" }),
            "complex values merge"
        );
        assert_eq!(out["title"], "CFO");
        assert_eq!(
            out["emails"],
            json!([{ "value": "a@x.test", "type": "work" }])
        );
        assert!(out.get(schema::ENTERPRISE).is_none());

        let refused = |ops: Value| {
            patched(Kind::User, user.clone(), ops)
                .unwrap_err()
                .scim_type
        };
        assert_eq!(refused(json!([{ "op": "remove" }])), Some("noTarget"));
        assert_eq!(
            refused(json!([{ "op": "move", "path": "title" }])),
            Some("invalidSyntax")
        );
        assert_eq!(
            refused(json!([{ "op": "replace", "path": "meta", "value": {} }])),
            Some("mutability")
        );
        assert_eq!(
            refused(json!([{ "op": "replace", "path": "emails.value", "value": "x" }])),
            Some("invalidPath")
        );
        assert_eq!(
            refused(
                json!([{ "op": "replace", "path": "emails[type sw \"q\"].value", "value": "x" }])
            ),
            Some("noTarget")
        );
    }
}
