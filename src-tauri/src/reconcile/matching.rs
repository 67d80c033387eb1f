//! Each directory person matched to at most one account, and what the
//! lifecycle policy wants of it.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Days, NaiveDate};

use super::attributes::{current, lower, same, Context, ManagerIds, Rules, Values};
use super::groups::groups_of;
use super::settings::{LeaveAction, WORK_EMAIL};
use super::{GroupIndex, PushInput};
use crate::model::{
    AttributeChange, DirectoryPerson, PersonStatus, PushAttention, PushChange, PushKind, TargetUser,
};

/// What the policy wants of a person's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Active,
    Inactive,
    /// No account wanted yet, and an existing one is left as it is.
    Nothing,
}

/// How an account was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    Anchor,
    /// By userName or work email, with no externalId on the account.
    Name,
}

/// One directory person's line before group changes are known.
pub struct PersonLine<'a> {
    person: &'a DirectoryPerson,
    external_id: &'a str,
    /// A value per slot of `rules`.
    values: Values,
    /// Slots the directory leaves empty (removed from the account).
    cleared: Vec<usize>,
    account: Option<(&'a TargetUser, Found)>,
    want: Want,
    /// Former long enough that the policy deletes an inactive account.
    deletable: bool,
    attention: Option<PushAttention>,
    pub groups: BTreeSet<Cow<'a, str>>,
    rules: &'a Rules<'a>,
    /// Account id → employee ID, to show a manager by who they are.
    manager_names: &'a HashMap<&'a str, &'a str>,
}

struct Index<'a> {
    by_anchor: HashMap<&'a str, &'a TargetUser>,
    by_name: HashMap<Cow<'a, str>, &'a TargetUser>,
    by_email: HashMap<Cow<'a, str>, &'a TargetUser>,
}

impl<'a> Index<'a> {
    fn new(users: &'a [TargetUser]) -> Self {
        let mut index = Self {
            by_anchor: HashMap::with_capacity(users.len()),
            by_name: HashMap::with_capacity(users.len()),
            by_email: HashMap::with_capacity(users.len()),
        };
        for user in users {
            if let Some(anchor) = user.external_id.as_deref() {
                index.by_anchor.entry(anchor).or_insert(user);
            }
            index.by_name.entry(lower(&user.user_name)).or_insert(user);
            if let Some(email) = current(user, WORK_EMAIL) {
                let email = match email {
                    Cow::Borrowed(email) => lower(email),
                    Cow::Owned(email) => Cow::Owned(email.to_lowercase()),
                };
                index.by_email.entry(email).or_insert(user);
            }
        }
        index
    }

    /// The account for `external_id`, else one found by name or email:
    /// adopted when it has no anchor, a possible duplicate when it has another.
    fn find(
        &self,
        external_id: &str,
        user_name: Option<&str>,
        email: Option<&str>,
    ) -> (Option<(&'a TargetUser, Found)>, Option<&'a TargetUser>) {
        if let Some(user) = self.by_anchor.get(external_id) {
            return (Some((user, Found::Anchor)), None);
        }
        let by_name = user_name.and_then(|n| self.by_name.get(lower(n).as_ref()));
        let by_email = email.and_then(|e| self.by_email.get(lower(e).as_ref()));
        match by_name.or(by_email) {
            Some(user) if user.external_id.is_none() => (Some((user, Found::Name)), None),
            Some(user) => (None, Some(user)),
            None => (None, None),
        }
    }
}

fn want(person: &DirectoryPerson, input: &PushInput) -> Want {
    let policy = &input.settings.policy;
    match person.status {
        PersonStatus::Active => Want::Active,
        PersonStatus::OnLeave => match policy.leave {
            LeaveAction::Suspend => Want::Inactive,
            LeaveAction::Keep => Want::Active,
        },
        PersonStatus::PendingStart => {
            let start = person
                .stored("start_date")
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let opens = start.and_then(|s| {
                s.checked_sub_days(Days::new(policy.create_days_before_start.into()))
            });
            match opens {
                Some(opens) if opens <= input.today => Want::Active,
                _ => Want::Nothing,
            }
        }
        PersonStatus::Former => Want::Inactive,
    }
}

/// Whether the policy deletes this former person's account (once it is
/// inactive): only with deletion on, and only after the days it sets since
/// the person's recorded leaving day.
fn deletable(person: &DirectoryPerson, input: &PushInput) -> bool {
    let Some(days) = input.settings.policy.delete_after_days else {
        return false;
    };
    if person.status != PersonStatus::Former {
        return false;
    }
    input
        .former_since
        .get(&person.person_id)
        .and_then(|left| left.checked_add_days(Days::new(days.into())))
        .is_some_and(|due| due <= input.today)
}

/// Manager lookups: directory work email → employee ID, and account id →
/// employee ID (to read an account's manager as a person).
pub struct Managers<'a> {
    pub by_email: ManagerIds<'a>,
    pub by_account: HashMap<&'a str, &'a str>,
}

impl<'a> Managers<'a> {
    pub fn new(input: &PushInput<'a>) -> Self {
        let by_email = input
            .people
            .iter()
            .filter_map(|p| Some((lower(p.stored("work_email")?), p.stored("employee_id")?)))
            .collect();
        let by_account = input
            .users
            .iter()
            .filter_map(|u| Some((u.id.as_str(), u.external_id.as_deref()?)))
            .collect();
        Self {
            by_email,
            by_account,
        }
    }
}

/// A line per directory person who has or wants an account.
pub fn lines<'a>(
    input: &PushInput<'a>,
    rules: &'a Rules<'a>,
    managers: &'a Managers<'a>,
) -> Vec<PersonLine<'a>> {
    let index = Index::new(input.users);
    let settings = input.settings;
    let context = Context {
        managers: &managers.by_email,
        company: input.company,
    };
    let mut lines = Vec::with_capacity(input.people.len());
    for person in input.people {
        let Some(external_id) = person.stored("employee_id") else {
            continue;
        };
        let values = rules.desired(person, &context);
        let cleared = rules.cleared(person, &values, &context);
        let user_name = rules.get(&values, rules.user_name);
        let email = rules.get(&values, rules.work_email);
        let (account, duplicate) = index.find(external_id, user_name, email);
        let want = want(person, input);
        if account.is_none() && duplicate.is_none() && want != Want::Active {
            continue;
        }
        let attention = if duplicate.is_some() {
            Some(PushAttention::PossibleDuplicate)
        } else if account.is_none() && user_name.is_none() {
            Some(PushAttention::NoUserName)
        } else if matches!(account, Some((u, Found::Name)) if u.active)
            && person.status == PersonStatus::Former
        {
            Some(PushAttention::ActiveFormer)
        } else {
            None
        };
        let groups = if want == Want::Active {
            groups_of(person, &settings.groups)
        } else {
            BTreeSet::new()
        };
        lines.push(PersonLine {
            person,
            external_id,
            values,
            cleared,
            account: account.or(duplicate.map(|u| (u, Found::Name))),
            want,
            deletable: deletable(person, input),
            attention,
            groups,
            rules,
            manager_names: &managers.by_account,
        });
    }
    drop_unreachable_managers(&mut lines, rules.manager);
    lines
}

/// A manager is sent as their account's id: left out while the manager
/// has no account anchored to them and gets none in this push (a held
/// line, someone without an account), so it is not proposed forever.
fn drop_unreachable_managers(lines: &mut [PersonLine], manager: Option<usize>) {
    let Some(manager) = manager else {
        return;
    };
    let anchored: HashSet<&str> = lines
        .iter()
        .filter(|l| l.attention.is_none())
        .filter(|l| match l.account {
            Some((_, found)) => found == Found::Anchor || l.want == Want::Active,
            None => l.want == Want::Active,
        })
        .map(|l| l.external_id)
        .collect();
    let unreachable: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.values[manager]
                .as_deref()
                .is_some_and(|m| !anchored.contains(m))
        })
        .map(|(n, _)| n)
        .collect();
    for n in unreachable {
        lines[n].values[manager] = None;
    }
}

/// Accounts no directory person claims: listed, or deactivated when the
/// policy says so. Inactive ones are left out (they grant nothing).
pub fn orphans(input: &PushInput, claimed: &HashSet<&str>) -> Vec<PushChange> {
    let deactivate = input.settings.policy.deactivate_orphans;
    input
        .users
        .iter()
        .filter(|u| u.active && !claimed.contains(u.id.as_str()))
        .map(|user| PushChange {
            kind: if deactivate {
                PushKind::Deactivate
            } else {
                PushKind::Orphan
            },
            person_id: None,
            external_id: user.external_id.clone(),
            user_name: user.user_name.clone(),
            display_name: current(user, "displayName")
                .map_or_else(|| user.user_name.clone(), Cow::into_owned),
            target_id: Some(user.id.clone()),
            attributes: deactivate
                .then(|| active_change(true, false))
                .into_iter()
                .collect(),
            groups_added: Vec::new(),
            groups_removed: Vec::new(),
            attention: None,
            desired: serde_json::Value::Null,
            version: user.version().map(str::to_string),
        })
        .collect()
}

fn active_change(before: bool, after: bool) -> AttributeChange {
    AttributeChange {
        attribute: "active".into(),
        before: Some(before.to_string()),
        after: Some(after.to_string()),
    }
}

impl<'a> PersonLine<'a> {
    /// The account's id, when the line has one.
    pub fn account_id(&self) -> Option<&str> {
        self.account.map(|(u, _)| u.id.as_str())
    }

    /// The plan's line, with group changes against `groups`.
    pub fn into_change(self, groups: &GroupIndex) -> PushChange {
        let account = self.account.map(|(u, _)| u);
        let rules = self.rules;
        let display_name = rules
            .get(&self.values, rules.display_name)
            .map(str::to_string)
            .or_else(|| account.map(|u| u.user_name.clone()))
            .unwrap_or_else(|| self.external_id.to_string());
        let user_name = rules
            .get(&self.values, rules.user_name)
            .map(str::to_string)
            .or_else(|| account.map(|u| u.user_name.clone()))
            .unwrap_or_default();
        let (before_groups, active_now) = match account {
            Some(u) => (groups.of(&u.id), u.active),
            None => (None, false),
        };
        let (groups_added, groups_removed) = if self.want == Want::Active {
            let had = |g: &str| before_groups.is_some_and(|b| b.contains(g));
            let added = self.groups.iter().filter(|g| !had(g));
            let removed = before_groups
                .into_iter()
                .flatten()
                .filter(|g| !self.groups.contains(**g));
            (
                added.map(|g| g.to_string()).collect(),
                removed.map(|g| g.to_string()).collect(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let mut attributes = self.attribute_changes(account);
        let kind = self.kind(
            account,
            active_now,
            &attributes,
            &groups_added,
            &groups_removed,
        );
        if matches!(kind, PushKind::Deactivate | PushKind::Reactivate) {
            attributes.push(active_change(active_now, !active_now));
        }
        if matches!(kind, PushKind::Unchanged | PushKind::Deactivate) {
            attributes.retain(|a| a.attribute == "active");
        }
        if kind == PushKind::Delete {
            attributes.clear();
        }
        // What apply sends; an unchanged line sends nothing.
        let desired = match kind {
            PushKind::Unchanged => serde_json::Value::Null,
            _ => rules.to_json(self.values),
        };
        PushChange {
            kind,
            person_id: Some(self.person.person_id),
            external_id: Some(self.external_id.to_string()),
            user_name,
            display_name,
            target_id: account.map(|u| u.id.clone()),
            attributes,
            groups_added,
            groups_removed,
            attention: self.attention,
            desired,
            version: account.and_then(|u| u.version()).map(str::to_string),
        }
    }

    fn kind(
        &self,
        account: Option<&TargetUser>,
        active_now: bool,
        attributes: &[AttributeChange],
        added: &[String],
        removed: &[String],
    ) -> PushKind {
        if self.attention.is_some() {
            return PushKind::NeedsAttention;
        }
        match (account, self.want) {
            (None, Want::Active) => PushKind::Create,
            (None, _) => PushKind::Unchanged,
            (Some(_), Want::Active) if !active_now => PushKind::Reactivate,
            (Some(_), Want::Inactive) if active_now => PushKind::Deactivate,
            // Two steps, never one: deactivated first, deleted on a later push.
            // Only an account anchored to this person, never one found by name.
            (Some(_), Want::Inactive)
                if self.deletable && matches!(self.account, Some((_, Found::Anchor))) =>
            {
                PushKind::Delete
            }
            (Some(_), Want::Active) if !attributes.is_empty() => PushKind::Update,
            (Some(_), Want::Active) if !added.is_empty() || !removed.is_empty() => {
                PushKind::GroupChange
            }
            _ => PushKind::Unchanged,
        }
    }

    /// What `account` has in `attribute`; a manager shows as their
    /// employee ID.
    fn before(&self, account: &'a TargetUser, attribute: &str) -> Option<Cow<'a, str>> {
        let before = current(account, attribute)?;
        if !attribute.ends_with(":manager") {
            return Some(before);
        }
        self.manager_names
            .get(before.as_ref())
            .map(|employee_id| Cow::Borrowed(*employee_id))
    }

    /// Every mapped attribute whose value differs (for a create: every
    /// value sent). A manager shows as their employee ID.
    fn attribute_changes(&self, account: Option<&'a TargetUser>) -> Vec<AttributeChange> {
        let mut changes = Vec::new();
        for (slot, after) in self.values.iter().enumerate() {
            let Some(after) = after else {
                continue;
            };
            let attribute = self.rules.path(slot);
            let before = account.and_then(|u| self.before(u, attribute));
            if account.is_none() || !same(attribute, before.as_deref(), Some(after)) {
                changes.push(AttributeChange {
                    attribute: attribute.to_string(),
                    before: before.map(Cow::into_owned),
                    after: Some(after.clone()),
                });
            }
        }
        for &slot in account.map_or(&[][..], |_| &self.cleared[..]) {
            let attribute = self.rules.path(slot);
            let Some(before) = account.and_then(|u| current(u, attribute)) else {
                continue;
            };
            let before = if attribute.ends_with(":manager") {
                self.manager_names
                    .get(before.as_ref())
                    .map_or_else(|| before.into_owned(), |e| e.to_string())
            } else {
                before.into_owned()
            };
            changes.push(AttributeChange {
                attribute: attribute.to_string(),
                before: Some(before),
                after: None,
            });
        }
        if let Some(user) = account {
            if user.external_id.as_deref() != Some(self.external_id) {
                changes.push(AttributeChange {
                    attribute: "externalId".into(),
                    before: user.external_id.clone(),
                    after: Some(self.external_id.to_string()),
                });
            }
        }
        changes
    }
}
