//! Attribute values: what a directory person should have in the target,
//! what an account has now, and the SCIM messages that make them equal.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use super::settings::{AttributeRule, Source, WORK_EMAIL};
use crate::mapping::template::{parse, Piece};
use crate::model::{DirectoryPerson, TargetUser, CORE_USER, ENTERPRISE_USER};

/// Desired values by attribute path; a manager is named by their employee
/// ID (resolved to the manager's account id when sent).
pub type Desired = BTreeMap<String, String>;

/// What values are filled from besides the person: managers by the work
/// email the directory stores for them, and the company's name.
pub struct Context<'a> {
    pub managers: &'a HashMap<String, String>,
    pub company: Option<&'a str>,
}

/// The values `person` should have.
pub fn desired(person: &DirectoryPerson, rules: &[AttributeRule], context: &Context) -> Desired {
    let mut values = Desired::new();
    for rule in rules {
        let value = match &rule.source {
            Source::Field(name) => person.stored(name).map(str::to_string),
            Source::FirstOf(names) => names
                .iter()
                .find_map(|n| person.stored(n))
                .map(str::to_string),
            Source::Template(template) => fill(template, person),
            Source::Fixed(text) => Some(text.clone()).filter(|t| !t.is_empty()),
            Source::ManagerOf(field) => person
                .stored(field)
                .and_then(|email| context.managers.get(&email.to_lowercase()))
                .cloned(),
            Source::Company => context.company.map(str::to_string),
        };
        if let Some(value) = value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
        {
            values.insert(rule.attribute.clone(), value);
        }
    }
    values
}

/// The attributes `rules` fill that the directory leaves empty for
/// `person` (a title removed, a manager gone): taken off the account.
/// Never userName or the work email (an account keeps its login), nor a
/// value the directory has but Roster cannot resolve (a manager without an
/// account, the company's name before TriNet gave it).
pub fn cleared<'r>(
    person: &DirectoryPerson,
    rules: &'r [AttributeRule],
    values: &Desired,
    context: &Context,
) -> Vec<&'r str> {
    rules
        .iter()
        .filter(|r| !values.contains_key(&r.attribute))
        .filter(|r| r.attribute != "userName" && r.attribute != WORK_EMAIL)
        .filter(|r| match &r.source {
            Source::ManagerOf(field) => person.stored(field).is_none(),
            Source::Company => context.company.is_some(),
            _ => true,
        })
        .map(|r| r.attribute.as_str())
        .collect()
}

fn fill(template: &str, person: &DirectoryPerson) -> Option<String> {
    let pieces = parse(template).ok()?;
    let mut text = String::new();
    for piece in pieces {
        match piece {
            Piece::Literal(literal) => text.push_str(&literal),
            Piece::Field(names) => {
                let value = names.split('|').find_map(|n| person.stored(n.trim()));
                text.push_str(value.unwrap_or(""));
            }
            Piece::Source(_) => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// The value `account` has for `attribute`, as text. A manager reads as
/// the manager account's id.
pub fn current(account: &TargetUser, attribute: &str) -> Option<String> {
    let resource = &account.resource;
    if attribute == WORK_EMAIL {
        let emails = resource.get("emails")?.as_array()?;
        let work = emails
            .iter()
            .find(|e| e.get("type").and_then(Value::as_str) == Some("work"))
            .or_else(|| {
                emails
                    .iter()
                    .find(|e| e.get("primary") == Some(&Value::Bool(true)))
            })
            .or(emails.first())?;
        return text(work.get("value")?);
    }
    let (urn, rest) = split_urn(attribute);
    let mut node = match urn {
        Some(urn) => resource.get(urn)?,
        None => resource,
    };
    for part in rest.split('.') {
        node = node.get(part)?;
    }
    if let Some(id) = node.get("value") {
        return text(id);
    }
    text(node)
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Whether two values are the same to the target: userName and emails
/// compare without case.
pub fn same(attribute: &str, a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) if attribute == "userName" || attribute == WORK_EMAIL => {
            a.eq_ignore_ascii_case(b)
        }
        (a, b) => a == b,
    }
}

/// The value sent for `attribute` (`manager` sends `{"value": id}`).
pub fn sent_value(attribute: &str, value: &str) -> Value {
    if attribute.ends_with(":manager") {
        json!({ "value": value })
    } else {
        Value::String(value.to_string())
    }
}

/// A whole User resource with `values` (managers already resolved to
/// account ids), the anchor and `active`, for POST or PUT.
pub fn resource(external_id: &str, values: &Desired, active: bool) -> Value {
    let mut user = Map::new();
    let mut enterprise = Map::new();
    user.insert("externalId".into(), json!(external_id));
    user.insert("active".into(), json!(active));
    for (attribute, value) in values {
        if attribute == WORK_EMAIL {
            let email = json!([{"value": value, "type": "work", "primary": true}]);
            user.insert("emails".into(), email);
            continue;
        }
        let (urn, rest) = split_urn(attribute);
        let target = if urn.is_some() {
            &mut enterprise
        } else {
            &mut user
        };
        insert_path(target, rest, sent_value(attribute, value));
    }
    let mut schemas = vec![json!(CORE_USER)];
    if !enterprise.is_empty() {
        schemas.push(json!(ENTERPRISE_USER));
        user.insert(ENTERPRISE_USER.into(), Value::Object(enterprise));
    }
    user.insert("schemas".into(), Value::Array(schemas));
    Value::Object(user)
}

fn insert_path(target: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            target.insert(path.into(), value);
        }
        Some((head, tail)) => {
            let child = target
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(child) = child {
                insert_path(child, tail, value);
            }
        }
    }
}

/// `(urn, attribute)` for an extension attribute
/// (`urn:…:enterprise:2.0:User:department`), `(None, path)` otherwise.
pub fn split_urn(attribute: &str) -> (Option<&str>, &str) {
    if !attribute.starts_with("urn:") {
        return (None, attribute);
    }
    match attribute.rfind(':') {
        Some(i) => (Some(&attribute[..i]), &attribute[i + 1..]),
        None => (None, attribute),
    }
}

/// The PATCH path for `attribute` (RFC 7644 §3.5.2) and the value to send.
/// The work email replaces `emails` whole: a filtered path fails on an
/// account that has no work email yet.
pub fn patch(attribute: &str, value: &str) -> (String, Value) {
    if attribute == WORK_EMAIL {
        let emails = json!([{"value": value, "type": "work", "primary": true}]);
        return ("emails".to_string(), emails);
    }
    (attribute.to_string(), sent_value(attribute, value))
}
