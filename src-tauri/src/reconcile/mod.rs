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
    let managers = matching::Managers::new(input);
    let lines = matching::lines(input, &managers);
    let claimed: HashSet<&str> = lines.iter().filter_map(|l| l.account_id()).collect();
    let orphans = matching::orphans(input, &claimed);
    let managed: BTreeSet<String> = lines
        .iter()
        .flat_map(|l| l.groups.iter().cloned())
        .collect();
    let group_index = GroupIndex::new(input.groups, &managed);
    let mut changes: Vec<PushChange> = lines
        .into_iter()
        .map(|line| line.into_change(&group_index))
        .collect();
    changes.extend(orphans);
    // The key is made once per line (not twice per comparison).
    changes.sort_by_cached_key(|c| {
        (
            c.kind as u8,
            c.display_name.to_lowercase(),
            c.user_name.clone(),
        )
    });
    let counts = PushCounts::of(&changes);
    let active_accounts = input.users.iter().filter(|u| u.active).count() as u32;
    let guardrail = guardrail(settings, &changes, active_accounts);
    let existing: BTreeSet<&str> = input
        .groups
        .iter()
        .map(|g| g.display_name.as_str())
        .collect();
    let groups_to_create = managed
        .iter()
        .filter(|name| !existing.contains(name.as_str()))
        .cloned()
        .collect();
    let all_names: Vec<String> = managed
        .iter()
        .cloned()
        .chain(input.groups.iter().map(|g| g.display_name.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Ok(PushPlan {
        changes,
        counts,
        guardrail,
        groups_to_create,
        group_look_alikes: groups::look_alikes(&all_names),
        delete_after_days: settings.policy.delete_after_days,
    })
}

/// The target's groups by name, and each account's managed groups.
pub struct GroupIndex {
    member_of: HashMap<String, BTreeSet<String>>,
}

impl GroupIndex {
    fn new(groups: &[TargetGroup], managed: &BTreeSet<String>) -> Self {
        let mut member_of: HashMap<String, BTreeSet<String>> = HashMap::new();
        for group in groups.iter().filter(|g| managed.contains(&g.display_name)) {
            for member in &group.members {
                member_of
                    .entry(member.clone())
                    .or_default()
                    .insert(group.display_name.clone());
            }
        }
        Self { member_of }
    }

    /// The managed groups account `id` is in now.
    pub fn of(&self, id: &str) -> BTreeSet<String> {
        self.member_of.get(id).cloned().unwrap_or_default()
    }
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
