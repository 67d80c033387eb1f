//! The Users and Groups themselves: create, replace, patch, delete with
//! the rules a SCIM service keeps (userName unique without regard to case,
//! server-assigned ids, `meta` with a version per write, members that name
//! real resources), and how a stored resource is shown (`meta.location`, a
//! User's read-only `groups` computed from Group membership).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::SystemTime;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::error::ScimError;
use super::filter::{self, Filter};
use super::patch;
use super::schema::{self, Kind, Resource};
use crate::rng::Rng;

/// Every User and Group, and the counters ids and versions come from.
/// Serialised whole into the sandbox's state file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "Stored")]
pub struct Directory {
    seed: u64,
    /// Ids minted so far (the next id derives from it and the seed).
    minted: u64,
    /// Last `meta.version` given out; every write takes the next.
    version: u64,
    users: BTreeMap<String, Resource>,
    groups: BTreeMap<String, Resource>,
    /// Each User's userName, lowercased, → its id: derived from `users`,
    /// never stored, so checking a new userName is not a scan of everyone.
    #[serde(skip)]
    names: HashMap<String, String>,
}

/// What the state file holds of a [`Directory`].
#[derive(Deserialize)]
struct Stored {
    seed: u64,
    minted: u64,
    version: u64,
    users: BTreeMap<String, Resource>,
    groups: BTreeMap<String, Resource>,
}

impl From<Stored> for Directory {
    fn from(stored: Stored) -> Self {
        let names = stored
            .users
            .iter()
            .filter_map(|(id, u)| Some((lowercase_name(u)?, id.clone())))
            .collect();
        Self {
            seed: stored.seed,
            minted: stored.minted,
            version: stored.version,
            users: stored.users,
            groups: stored.groups,
            names,
        }
    }
}

/// A User's userName, lowercased (userName is unique without regard to case).
fn lowercase_name(user: &Resource) -> Option<String> {
    user.get("userName")
        .and_then(Value::as_str)
        .map(str::to_lowercase)
}

fn timestamp(now: SystemTime) -> String {
    DateTime::<Utc>::from(now).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `W/"n"`, the weak ETag a resource's `meta.version` carries.
pub fn version_tag(n: u64) -> String {
    format!("W/\"{n}\"")
}

impl Directory {
    pub fn empty(seed: u64) -> Self {
        Self {
            seed,
            minted: 0,
            version: 0,
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            names: HashMap::new(),
        }
    }

    fn mint_id(&mut self) -> String {
        self.minted += 1;
        let mut rng = Rng::derive(self.seed ^ self.minted.rotate_left(32), 0x5C1D);
        let (a, b) = (rng.next_u64(), rng.next_u64());
        format!(
            "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            b >> 52,
            b & 0xffff_ffff_ffff
        )
    }

    fn table(&self, kind: Kind) -> &BTreeMap<String, Resource> {
        match kind {
            Kind::User => &self.users,
            Kind::Group => &self.groups,
        }
    }

    fn table_mut(&mut self, kind: Kind) -> &mut BTreeMap<String, Resource> {
        match kind {
            Kind::User => &mut self.users,
            Kind::Group => &mut self.groups,
        }
    }

    /// Stored Users, in id order.
    pub fn users(&self) -> impl Iterator<Item = &Resource> + '_ {
        self.users.values()
    }

    /// Stored Groups, in id order.
    pub fn groups(&self) -> impl Iterator<Item = &Resource> + '_ {
        self.groups.values()
    }

    /// The User whose userName is `name` (without regard to case).
    pub fn user_named(&self, name: &str) -> Option<&Resource> {
        self.names
            .get(&name.to_lowercase())
            .and_then(|id| self.users.get(id))
    }

    pub fn get(&self, kind: Kind, id: &str) -> Result<&Resource, ScimError> {
        self.table(kind)
            .get(id)
            .ok_or_else(|| ScimError::not_found(kind, id))
    }

    pub fn create(
        &mut self,
        kind: Kind,
        body: Value,
        now: SystemTime,
    ) -> Result<Resource, ScimError> {
        let attrs = clean(kind, body)?;
        let id = self.create_clean(kind, attrs, now)?;
        self.get(kind, &id).cloned()
    }

    /// Creates from attributes [`clean`] already made ready (outside the
    /// directory's lock, in a Bulk request): the checks that need the other
    /// resources (userName unique, members real), then an id and `meta`.
    /// The new resource's id.
    pub fn create_clean(
        &mut self,
        kind: Kind,
        mut attrs: Resource,
        now: SystemTime,
    ) -> Result<String, ScimError> {
        self.check(kind, &mut attrs, None)?;
        let id = self.mint_id();
        self.stamp(kind, id.clone(), attrs, None, now);
        Ok(id)
    }

    /// PUT: every writable attribute is replaced by the body's (absent ones
    /// are cleared); `id` and `meta.created` stay.
    pub fn replace(
        &mut self,
        kind: Kind,
        id: &str,
        body: Value,
        if_match: Option<&str>,
        now: SystemTime,
    ) -> Result<&Resource, ScimError> {
        let created = self.check_version(kind, id, if_match)?;
        let attrs = self.prepare(kind, body, Some(id))?;
        Ok(self.stamp(kind, id.to_string(), attrs, Some(created), now))
    }

    /// PATCH with a PatchOp body. A patch that changes nothing keeps the
    /// resource (and its version) as it was.
    pub fn patch(
        &mut self,
        kind: Kind,
        id: &str,
        body: &Value,
        if_match: Option<&str>,
        now: SystemTime,
    ) -> Result<&Resource, ScimError> {
        let created = self.check_version(kind, id, if_match)?;
        let before = attributes_of(self.get(kind, id)?);
        let mut after = before.clone();
        patch::apply(kind, &mut after, body)?;
        let after = self.prepare(kind, Value::Object(after), Some(id))?;
        if after == before {
            return self.get(kind, id);
        }
        Ok(self.stamp(kind, id.to_string(), after, Some(created), now))
    }

    /// Removes the resource for good, and its memberships.
    pub fn delete(
        &mut self,
        kind: Kind,
        id: &str,
        if_match: Option<&str>,
    ) -> Result<(), ScimError> {
        self.check_version(kind, id, if_match)?;
        if let Some(gone) = self.table_mut(kind).remove(id) {
            if let (Kind::User, Some(name)) = (kind, lowercase_name(&gone)) {
                self.names.remove(&name);
            }
        }
        self.version += 1;
        let version = version_tag(self.version);
        for group in self.groups.values_mut() {
            let Some(Value::Array(members)) = group.get_mut("members") else {
                continue;
            };
            let before = members.len();
            members.retain(|m| m["value"].as_str() != Some(id));
            if members.len() == before {
                continue;
            }
            if members.is_empty() {
                group.remove("members");
            }
            group["meta"]["version"] = json!(version);
        }
        Ok(())
    }

    /// `meta.created` of the resource, once `if_match` (when sent) names
    /// its current version or `*`.
    fn check_version(
        &self,
        kind: Kind,
        id: &str,
        if_match: Option<&str>,
    ) -> Result<String, ScimError> {
        let stored = self.get(kind, id)?;
        let current = stored["meta"]["version"].as_str().unwrap_or_default();
        if let Some(wanted) = if_match {
            let strip = |t: &str| {
                t.trim()
                    .trim_start_matches("W/")
                    .trim_matches('"')
                    .to_string()
            };
            let ok = wanted
                .split(',')
                .any(|t| t.trim() == "*" || strip(t) == strip(current));
            if !ok {
                return Err(ScimError::new(
                    412,
                    None,
                    format!(
                        "The {} changed since {wanted}; it is now at {current}. Read it again.",
                        kind.name()
                    ),
                ));
            }
        }
        Ok(stored["meta"]["created"]
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// The attributes a body sets, cleaned ([`clean`]) and checked against
    /// the other resources ([`Directory::check`]).
    fn prepare(&self, kind: Kind, body: Value, id: Option<&str>) -> Result<Resource, ScimError> {
        let mut attrs = clean(kind, body)?;
        self.check(kind, &mut attrs, id)?;
        Ok(attrs)
    }

    /// The checks that need the other resources: the required ones
    /// present, userName unique, members naming existing resources.
    fn check(&self, kind: Kind, attrs: &mut Resource, id: Option<&str>) -> Result<(), ScimError> {
        match kind {
            Kind::User => self.check_user(attrs, id),
            Kind::Group => self.check_group(attrs, id),
        }
    }

    fn check_user(&self, attrs: &mut Resource, id: Option<&str>) -> Result<(), ScimError> {
        let name = required_text(attrs, "userName", Kind::User)?;
        let taken = self.user_named(&name).filter(|u| u["id"].as_str() != id);
        if let Some(other) = taken {
            return Err(ScimError::new(
                409,
                Some("uniqueness"),
                format!(
                    "The userName {name:?} is already taken by the User {} (userName is unique without regard to case).",
                    other["id"].as_str().unwrap_or_default()
                ),
            ));
        }
        for multi in ["emails"] {
            if attrs.get(multi).is_some_and(|v| !v.is_array()) {
                return Err(ScimError::bad_request(
                    "invalidValue",
                    format!("{multi} must be a list."),
                ));
            }
        }
        match attrs.get(schema::ENTERPRISE) {
            Some(Value::Object(_)) | None => Ok(()),
            Some(_) => Err(ScimError::bad_request(
                "invalidValue",
                "The enterprise extension must be an object.",
            )),
        }
    }

    fn check_group(&self, attrs: &mut Resource, id: Option<&str>) -> Result<(), ScimError> {
        required_text(attrs, "displayName", Kind::Group)?;
        let Some(members) = attrs.get_mut("members") else {
            return Ok(());
        };
        let Value::Array(list) = members else {
            return Err(ScimError::bad_request(
                "invalidValue",
                "members must be a list.",
            ));
        };
        let mut seen = std::collections::HashSet::new();
        let mut kept = Vec::new();
        for member in list.drain(..) {
            let Some(value) = member
                .get("value")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                return Err(ScimError::bad_request(
                    "invalidValue",
                    "Each member needs a value: the id of a User or Group.",
                ));
            };
            let known = self.users.contains_key(&value)
                || (self.groups.contains_key(&value) && Some(value.as_str()) != id);
            if !known {
                return Err(ScimError::bad_request(
                    "invalidValue",
                    format!("The member {value:?} is not the id of a User or another Group here."),
                ));
            }
            if seen.insert(value) {
                kept.push(member);
            }
        }
        *list = kept;
        Ok(())
    }

    /// Stores the attributes under `id` with fresh `schemas` and `meta`.
    fn stamp(
        &mut self,
        kind: Kind,
        id: String,
        attrs: Resource,
        created: Option<String>,
        now: SystemTime,
    ) -> &Resource {
        self.version += 1;
        let now = timestamp(now);
        let mut schemas = vec![json!(kind.core())];
        if attrs.contains_key(schema::ENTERPRISE) {
            schemas.push(json!(schema::ENTERPRISE));
        }
        let mut stored = Map::new();
        stored.insert("schemas".into(), Value::Array(schemas));
        stored.insert("id".into(), json!(id));
        stored.insert(
            "meta".into(),
            json!({
                "resourceType": kind.name(),
                "created": created.unwrap_or_else(|| now.clone()),
                "lastModified": now,
                "version": version_tag(self.version),
            }),
        );
        stored.extend(attrs);
        if kind == Kind::User {
            if let Some(name) = self.users.get(&id).and_then(lowercase_name) {
                self.names.remove(&name);
            }
            if let Some(name) = lowercase_name(&stored) {
                self.names.insert(name, id.clone());
            }
        }
        let table = self.table_mut(kind);
        table.insert(id.clone(), stored);
        &table[&id]
    }

    /// A stored resource as a client sees it, under `base` (`.../scim/v2`).
    pub fn render(&self, kind: Kind, stored: &Resource, base: &str, groups: &Memberships) -> Value {
        let mut shown = stored.clone();
        let id = stored["id"].as_str().unwrap_or_default();
        shown["meta"]["location"] = json!(format!("{base}/{}/{id}", kind.endpoint()));
        match kind {
            Kind::User => {
                if let Some(list) = groups.get(id) {
                    let list: Vec<Value> = list
                        .iter()
                        .map(|(gid, name)| {
                            json!({ "value": gid, "$ref": format!("{base}/Groups/{gid}"), "display": name, "type": "direct" })
                        })
                        .collect();
                    shown.insert("groups".into(), Value::Array(list));
                }
                self.show_manager(&mut shown);
            }
            Kind::Group => self.show_members(&mut shown, base),
        }
        Value::Object(shown)
    }

    fn show_manager(&self, shown: &mut Resource) {
        let Some(Value::Object(manager)) = shown
            .get_mut(schema::ENTERPRISE)
            .and_then(|e| e.get_mut("manager"))
        else {
            return;
        };
        if manager.contains_key("displayName") {
            return;
        }
        let name = manager["value"]
            .as_str()
            .and_then(|m| self.users.get(m))
            .and_then(|m| m.get("displayName"))
            .cloned();
        if let Some(name) = name {
            manager.insert("displayName".into(), name);
        }
    }

    /// Fills each member's `$ref`, `type` and `display` when not stored.
    fn show_members(&self, shown: &mut Resource, base: &str) {
        let Some(Value::Array(members)) = shown.get_mut("members") else {
            return;
        };
        for member in members.iter_mut().filter_map(Value::as_object_mut) {
            let value = member["value"].as_str().unwrap_or_default().to_string();
            let (kind, target) = match self.users.get(&value) {
                Some(u) => (Kind::User, Some(u)),
                None => (Kind::Group, self.groups.get(&value)),
            };
            member
                .entry("$ref")
                .or_insert_with(|| json!(format!("{base}/{}/{value}", kind.endpoint())));
            member.entry("type").or_insert_with(|| json!(kind.name()));
            let display = target.and_then(|t| t.get("displayName").or_else(|| t.get("userName")));
            if let (false, Some(d)) = (member.contains_key("display"), display) {
                member.insert("display".into(), d.clone());
            }
        }
    }

    /// user id → [(group id, group displayName)], for every user, or for
    /// `only` that one (a single resource shown after a write: building the
    /// whole map there made a 10,000-account push quadratic).
    fn memberships_for(&self, only: Option<&str>) -> Memberships {
        self.memberships_where(|uid| only.is_none_or(|o| o == uid))
    }

    /// user id → [(group id, group displayName)] for the users `wanted` picks.
    fn memberships_where(&self, wanted: impl Fn(&str) -> bool) -> Memberships {
        let mut out: Memberships = HashMap::new();
        for group in self.groups.values() {
            let gid = group["id"].as_str().unwrap_or_default();
            let name = group["displayName"].as_str().unwrap_or_default();
            for member in group
                .get("members")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(uid) = member["value"].as_str() else {
                    continue;
                };
                if wanted(uid) {
                    out.entry(uid.to_string())
                        .or_default()
                        .push((gid.to_string(), name.to_string()));
                }
            }
        }
        out
    }

    /// user id → [(group id, group displayName)].
    pub fn memberships(&self) -> Memberships {
        self.memberships_for(None)
    }

    /// The resources of `kinds` the filter selects (all when `None`):
    /// how many, and those from the 1-based `start`, at most `count`, as
    /// shown. Only the page is rendered, unless the filter names what
    /// rendering computes (a User's groups, members' display, a manager's
    /// displayName).
    pub fn page(
        &self,
        kinds: &[Kind],
        filter: Option<&Filter>,
        start: usize,
        count: usize,
        base: &str,
    ) -> (usize, Vec<Value>) {
        let computed = filter.is_some_and(|f| f.names_any(&["groups", "members", "manager"]));
        let all_groups = if computed {
            self.memberships()
        } else {
            Memberships::new()
        };
        let selected: Vec<(Kind, &Resource)> = kinds
            .iter()
            .flat_map(|k| self.table(*k).values().map(move |r| (*k, r)))
            .filter(|(k, r)| match filter {
                None => true,
                Some(f) if computed => match self.render(*k, r, base, &all_groups) {
                    Value::Object(shown) => filter::matches(f, &shown, None),
                    _ => false,
                },
                Some(f) => filter::matches(f, r, None),
            })
            .collect();
        let page = selected.iter().skip(start.saturating_sub(1)).take(count);
        // Only the page's Users' groups, unless the filter needed everyone's
        // (a listing of a large directory built them all for every page).
        let groups = if computed {
            all_groups
        } else {
            let ids: HashSet<&str> = page
                .clone()
                .filter(|(k, _)| *k == Kind::User)
                .filter_map(|(_, r)| r["id"].as_str())
                .collect();
            self.memberships_where(|uid| ids.contains(uid))
        };
        let shown = page
            .map(|(k, r)| self.render(*k, r, base, &groups))
            .collect();
        (selected.len(), shown)
    }

    /// One resource as shown.
    pub fn show(&self, kind: Kind, id: &str, base: &str) -> Result<Value, ScimError> {
        let stored = self.get(kind, id)?;
        let groups = match kind {
            Kind::User => self.memberships_for(Some(id)),
            Kind::Group => Memberships::new(),
        };
        Ok(self.render(kind, stored, base, &groups))
    }
}

/// user id → the groups it is a direct member of.
pub type Memberships = HashMap<String, Vec<(String, String)>>;

/// The attributes a body sets, cleaned: names in their declared spelling,
/// read-only ones dropped, nulls removed, `active` as a boolean. Needs no
/// other resource, so a Bulk request does it before taking the directory.
pub fn clean(kind: Kind, body: Value) -> Result<Resource, ScimError> {
    let Value::Object(body) = body else {
        return Err(ScimError::bad_request(
            "invalidSyntax",
            format!("A {} must be a JSON object.", kind.name()),
        ));
    };
    let mut attrs = schema::canonicalize(kind, body);
    for read_only in ["id", "meta", "schemas", "groups"] {
        if read_only != "groups" || kind == Kind::User {
            attrs.remove(read_only);
        }
    }
    prune(&mut attrs);
    if let Some(active) = attrs.get_mut("active") {
        coerce_bool(active)?;
    }
    Ok(attrs)
}

fn attributes_of(stored: &Resource) -> Resource {
    let mut attrs = stored.clone();
    for key in ["id", "meta", "schemas"] {
        attrs.remove(key);
    }
    attrs
}

/// Drops nulls, empty lists and empty objects (an unassigned attribute),
/// one level into complex values and the extension object.
fn prune(attrs: &mut Resource) {
    fn empty(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::Array(a) => a.is_empty(),
            Value::Object(m) => m.is_empty(),
            _ => false,
        }
    }
    for value in attrs.values_mut() {
        if let Value::Object(inner) = value {
            inner.retain(|_, v| !v.is_null());
            for deeper in inner.values_mut() {
                if let Value::Object(m) = deeper {
                    m.retain(|_, v| !v.is_null());
                }
            }
            inner.retain(|_, v| !empty(v));
        }
        if let Value::Array(items) = value {
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                item.retain(|_, v| !v.is_null());
            }
        }
    }
    attrs.retain(|_, v| !empty(v));
}

/// `true`/`false`, also from the strings some identity providers send.
fn coerce_bool(v: &mut Value) -> Result<(), ScimError> {
    if let Value::String(s) = v {
        match s.to_ascii_lowercase().as_str() {
            "true" => *v = json!(true),
            "false" => *v = json!(false),
            _ => {}
        }
    }
    if v.is_boolean() {
        Ok(())
    } else {
        Err(ScimError::bad_request(
            "invalidValue",
            "active must be true or false.",
        ))
    }
}

fn required_text(attrs: &Resource, name: &str, kind: Kind) -> Result<String, ScimError> {
    match attrs.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(_) => Err(ScimError::bad_request(
            "invalidValue",
            format!("{name} must be a non-empty string."),
        )),
        None => Err(ScimError::bad_request(
            "invalidValue",
            format!("A {} needs a {name}.", kind.name()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn identity_patch_that_changes_nothing_keeps_the_version() {
        let mut dir = Directory::empty(7);
        let t0 = UNIX_EPOCH + Duration::from_secs(1_767_600_000);
        let made = dir
            .create(
                Kind::User,
                json!({ "userName": "a@x.test", "active": true }),
                t0,
            )
            .unwrap();
        let id = made["id"].as_str().unwrap();
        let same = json!({ "Operations": [{ "op": "replace", "path": "active", "value": true }] });
        let t1 = t0 + Duration::from_secs(60);
        let kept = dir.patch(Kind::User, id, &same, None, t1).unwrap();
        assert_eq!(kept["meta"], made["meta"]);
        let off = json!({ "Operations": [{ "op": "replace", "path": "active", "value": false }] });
        let changed = dir.patch(Kind::User, id, &off, None, t1).unwrap();
        assert_ne!(changed["meta"]["version"], made["meta"]["version"]);
        assert_eq!(changed["meta"]["created"], "2026-01-05T08:00:00.000Z");
        assert_eq!(changed["meta"]["lastModified"], "2026-01-05T08:01:00.000Z");
        assert_eq!(changed["id"], made["id"]);
    }

    #[test]
    fn a_user_name_stays_unique_through_renames_deletes_and_a_reload() {
        let now = UNIX_EPOCH + Duration::from_secs(1_767_600_000);
        let mut dir = Directory::empty(7);
        let user = |name: &str| json!({ "userName": name, "active": true });
        let a = dir.create(Kind::User, user("Ann@x.test"), now).unwrap();
        let a_id = a["id"].as_str().unwrap().to_string();
        let taken = dir.create(Kind::User, user("ann@X.TEST"), now).unwrap_err();
        assert_eq!(taken.status, 409, "the same name in another case is taken");
        // A rename frees the old name and takes the new one.
        dir.replace(Kind::User, &a_id, user("anne@x.test"), None, now)
            .unwrap();
        assert!(dir.user_named("ANN@x.test").is_none());
        assert_eq!(dir.user_named("Anne@X.test").unwrap()["id"], a_id.as_str());
        let b = dir.create(Kind::User, user("ann@x.test"), now).unwrap();
        // A deleted user's name is free again.
        dir.delete(Kind::User, b["id"].as_str().unwrap(), None)
            .unwrap();
        assert!(dir.user_named("ann@x.test").is_none());
        // The state file holds no index; a reloaded directory still knows every name.
        let reloaded: Directory =
            serde_json::from_str(&serde_json::to_string(&dir).unwrap()).unwrap();
        assert_eq!(reloaded, dir);
        assert_eq!(
            reloaded.user_named("ANNE@x.test").unwrap()["id"],
            a_id.as_str()
        );
        let mut reloaded = reloaded;
        let again = reloaded
            .create(Kind::User, user("anne@x.TEST"), now)
            .unwrap_err();
        assert_eq!(again.status, 409);
    }
}
