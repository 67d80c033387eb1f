//! Attribute values: what a directory person should have in the target,
//! what an account has now, and the SCIM messages that make them equal.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use super::settings::{manager_path, AttributeRule, Source, WORK_EMAIL};
use crate::mapping::template::{parse, Piece};
use crate::model::{DirectoryPerson, TargetUser, CORE_USER, ENTERPRISE_USER};

/// Desired values by attribute path; a manager is named by their employee
/// ID (resolved to the manager's account id when sent).
pub type Desired = BTreeMap<String, String>;

/// One person's desired values, a slot per attribute path of [`Rules`];
/// none where the directory gives nothing.
pub type Values = Vec<Option<String>>;

/// Work email (lowercased) → employee ID, for the manager rule.
pub type ManagerIds<'a> = HashMap<Cow<'a, str>, &'a str>;

/// What values are filled from besides the person: managers by the work
/// email the directory stores for them, and the company's name.
pub struct Context<'a> {
    pub managers: &'a ManagerIds<'a>,
    pub company: Option<&'a str>,
}

/// `text` lowercased, borrowed when it already is (userNames and emails
/// mostly are): matching compares without case and allocates only when
/// it must.
pub fn lower(text: &str) -> Cow<'_, str> {
    if text
        .bytes()
        .any(|b| !b.is_ascii() || b.is_ascii_uppercase())
    {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// A target's attribute rules resolved once per plan rather than once per
/// person: every attribute path has a slot, in path order (the order the
/// plan lists attribute changes in), templates are parsed, and the slots
/// the plan reads by name are known.
pub struct Rules<'r> {
    rules: Vec<Rule<'r>>,
    /// Slot → attribute path, sorted, each once.
    paths: Vec<&'r str>,
    pub user_name: Option<usize>,
    pub work_email: Option<usize>,
    pub display_name: Option<usize>,
    /// The enterprise manager, sent as the manager's account id.
    pub manager: Option<usize>,
}

struct Rule<'r> {
    attribute: &'r str,
    source: &'r Source,
    slot: usize,
    /// A template's pieces; none when it does not parse (it gives no value).
    template: Option<Vec<Piece<'r>>>,
}

impl<'r> Rules<'r> {
    pub fn new(rules: &'r [AttributeRule]) -> Self {
        let mut paths: Vec<&str> = rules.iter().map(|r| r.attribute.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        let slot = |path: &str| paths.binary_search(&path).ok();
        let compiled = rules
            .iter()
            .map(|r| Rule {
                attribute: &r.attribute,
                source: &r.source,
                slot: slot(&r.attribute).expect("every rule's path has a slot"),
                template: match &r.source {
                    Source::Template(template) => parse(template).ok(),
                    _ => None,
                },
            })
            .collect();
        Self {
            rules: compiled,
            user_name: slot("userName"),
            work_email: slot(WORK_EMAIL),
            display_name: slot("displayName"),
            manager: slot(&manager_path()),
            paths,
        }
    }

    /// The attribute path of `slot`.
    pub fn path(&self, slot: usize) -> &'r str {
        self.paths[slot]
    }

    /// The value in `slot`, if the rules have it and the person a value.
    pub fn get<'v>(&self, values: &'v Values, slot: Option<usize>) -> Option<&'v str> {
        values.get(slot?)?.as_deref()
    }

    /// The values `person` should have.
    pub fn desired(&self, person: &DirectoryPerson, context: &Context) -> Values {
        let mut values: Values = vec![None; self.paths.len()];
        for rule in &self.rules {
            let value: Option<Cow<str>> = match rule.source {
                Source::Field(name) => person.stored(name).map(Cow::Borrowed),
                Source::FirstOf(names) => names
                    .iter()
                    .find_map(|n| person.stored(n))
                    .map(Cow::Borrowed),
                Source::Template(_) => rule
                    .template
                    .as_ref()
                    .and_then(|pieces| fill(pieces, person))
                    .map(Cow::Owned),
                Source::Fixed(text) => Some(Cow::Borrowed(text.as_str())),
                Source::ManagerOf(field) => person
                    .stored(field)
                    .and_then(|email| context.managers.get(lower(email).as_ref()))
                    .map(|id| Cow::Borrowed(*id)),
                Source::Company => context.company.map(Cow::Borrowed),
            };
            if let Some(value) = value.and_then(trimmed) {
                values[rule.slot] = Some(value);
            }
        }
        values
    }

    /// The slots (in rule order) that the rules fill and the directory
    /// leaves empty for `person` (a title removed, a manager gone): taken
    /// off the account. Never userName or the work email (an account keeps
    /// its login), nor a value the directory has but Roster cannot resolve
    /// (a manager without an account, the company's name before TriNet gave it).
    pub fn cleared(
        &self,
        person: &DirectoryPerson,
        values: &Values,
        context: &Context,
    ) -> Vec<usize> {
        self.rules
            .iter()
            .filter(|r| values[r.slot].is_none())
            .filter(|r| r.attribute != "userName" && r.attribute != WORK_EMAIL)
            .filter(|r| match r.source {
                Source::ManagerOf(field) => person.stored(field).is_none(),
                Source::Company => context.company.is_some(),
                _ => true,
            })
            .map(|r| r.slot)
            .collect()
    }

    /// `values` as the JSON object a push change keeps (path → value).
    pub fn to_json(&self, values: Values) -> Value {
        let map: Map<String, Value> = values
            .into_iter()
            .enumerate()
            .filter_map(|(slot, v)| Some((self.paths[slot].to_string(), Value::String(v?))))
            .collect();
        Value::Object(map)
    }
}

/// `value` without surrounding whitespace, none when that leaves nothing.
fn trimmed(value: Cow<str>) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == value.len() {
        Some(value.into_owned())
    } else {
        Some(trimmed.to_string())
    }
}

/// A template filled from `person`, runs of whitespace made one space.
fn fill(pieces: &[Piece], person: &DirectoryPerson) -> Option<String> {
    let mut text = String::new();
    for piece in pieces {
        match piece {
            Piece::Literal(literal) => text.push_str(literal),
            Piece::Field(names) => {
                let value = names.split('|').find_map(|n| person.stored(n.trim()));
                text.push_str(value.unwrap_or(""));
            }
            Piece::Source(_) => {}
        }
    }
    let mut words = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
    }
    (!words.is_empty()).then_some(words)
}

/// The value `account` has for `attribute`, as text. A manager reads as
/// the manager account's id.
pub fn current<'u>(account: &'u TargetUser, attribute: &str) -> Option<Cow<'u, str>> {
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

fn text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) if !s.is_empty() => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(true) => Some(Cow::Borrowed("true")),
        Value::Bool(false) => Some(Cow::Borrowed("false")),
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
