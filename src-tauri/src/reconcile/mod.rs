//! Reconciliation: the directory against a SCIM target's accounts and
//! groups, as a push plan (create, update, deactivate, reactivate, group
//! changes, unchanged, needs attention, orphans) under the target's rules.
//! Pure: reads nothing and sends nothing.
//!
//! Matching: by `externalId` (the employee ID, the identity anchor), then
//! by userName, then by work email; an account found by userName or email
//! that carries another externalId is a possible duplicate, held, never
//! overwritten.

pub mod attributes;
pub mod groups;
mod matching;
pub mod settings;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;

use crate::model::{
    DirectoryPerson, PushChange, PushCounts, PushGuardrail, PushKind, PushPlan, TargetGroup,
    TargetUser,
};
use crate::plan::guardrail::{evaluate_for, ACCOUNTS};
pub use settings::TargetSettings;

/// What a push plan is made from.
pub struct PushInput<'a> {
    pub people: &'a [DirectoryPerson],
    pub users: &'a [TargetUser],
    pub groups: &'a [TargetGroup],
    pub settings: &'a TargetSettings,
    pub today: NaiveDate,
    /// The company's legal name (else its name), for `Source::Company`.
    pub company: Option<&'a str>,
    /// The day each former person left (their last leaver event), for the
    /// policy's deletion after N days; someone missing here is never deleted.
    pub former_since: &'a HashMap<i64, NaiveDate>,
}

/// Why no plan was made: nothing is sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanRefused {
    #[error(
        "The directory is empty, so Roster will not push: an empty directory would read as \
         \"everyone left\". Import from TriNet first (Review), then preview the push again."
    )]
    EmptyDirectory,
}

/// The push plan for `input`.
pub fn plan(input: &PushInput) -> Result<PushPlan, PlanRefused> {
    if input.people.is_empty() {
        return Err(PlanRefused::EmptyDirectory);
    }
    let settings = input.settings;
    let rules = attributes::Rules::new(&settings.attributes);
    let managers = matching::Managers::new(input);
    let lines = matching::lines(input, &rules, &managers);
    let claimed: HashSet<&str> = lines.iter().filter_map(|l| l.account_id()).collect();
    let orphans = matching::orphans(input, &claimed);
    let managed: BTreeSet<&str> = lines
        .iter()
        .flat_map(|l| l.groups.iter().map(|g| g.as_ref()))
        .collect();
    let group_index = GroupIndex::new(input.groups, &managed);
    let existing: BTreeSet<&str> = input
        .groups
        .iter()
        .map(|g| g.display_name.as_str())
        .collect();
    let groups_to_create: Vec<String> = managed
        .iter()
        .filter(|name| !existing.contains(*name))
        .map(|name| name.to_string())
        .collect();
    let all_names: Vec<String> = managed
        .iter()
        .copied()
        .chain(existing.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    drop(managed);
    let mut changes: Vec<PushChange> = lines
        .into_iter()
        .map(|line| line.into_change(&group_index))
        .collect();
    changes.extend(orphans);
    sort(&mut changes);
    let counts = PushCounts::of(&changes);
    let active_accounts = input.users.iter().filter(|u| u.active).count() as u32;
    let guardrail = guardrail(settings, &changes, active_accounts);
    Ok(PushPlan {
        changes,
        counts,
        guardrail,
        groups_to_create,
        group_look_alikes: groups::look_alikes(&all_names),
        delete_after_days: settings.policy.delete_after_days,
    })
}

/// Each account's managed groups, by the target's group names.
pub struct GroupIndex<'g> {
    member_of: HashMap<&'g str, BTreeSet<&'g str>>,
}

impl<'g> GroupIndex<'g> {
    fn new(groups: &'g [TargetGroup], managed: &BTreeSet<&str>) -> Self {
        let mut member_of: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        for group in groups
            .iter()
            .filter(|g| managed.contains(g.display_name.as_str()))
        {
            for member in &group.members {
                member_of
                    .entry(member)
                    .or_default()
                    .insert(&group.display_name);
            }
        }
        Self { member_of }
    }

    /// The managed groups account `id` is in now (none: in no managed group).
    pub fn of(&self, id: &str) -> Option<&BTreeSet<&'g str>> {
        self.member_of.get(id)
    }
}

/// Lines by kind, then display name without case, then userName (then
/// as they came). Each key is made once per line, borrowing where it can.
fn sort(changes: &mut Vec<PushChange>) {
    let mut keys: Vec<(u8, Cow<str>, &str, usize)> = changes
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let name = attributes::lower(&c.display_name);
            (c.kind as u8, name, c.user_name.as_str(), n)
        })
        .collect();
    keys.sort_unstable();
    let order: Vec<usize> = keys.into_iter().map(|(.., n)| n).collect();
    let mut taken: Vec<Option<PushChange>> = changes.drain(..).map(Some).collect();
    changes.extend(order.into_iter().filter_map(|n| taken[n].take()));
}

fn guardrail(settings: &TargetSettings, changes: &[PushChange], active: u32) -> PushGuardrail {
    let deactivations = changes
        .iter()
        .filter(|c| matches!(c.kind, PushKind::Deactivate | PushKind::Delete))
        .count() as u32;
    let renames = changes
        .iter()
        .filter(|c| c.attributes.iter().any(|a| a.attribute == "userName") && c.target_id.is_some())
        .count() as u32;
    let verdict = evaluate_for(
        &ACCOUNTS,
        &settings.guardrails,
        active,
        deactivations,
        renames,
    );
    PushGuardrail {
        tripped: verdict.tripped,
        reasons: verdict.reasons,
    }
}
