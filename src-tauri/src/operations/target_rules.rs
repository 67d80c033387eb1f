//! A target's rules checked while the admin edits them, before saving:
//! the group names the draft's group rules would make from the directory,
//! and those that differ only in case or spacing (as Map fields flags them).

use std::collections::BTreeSet;

use serde::Serialize;
use ts_rs::TS;

use super::{AppState, ErrorCode, Failure};
use crate::reconcile::groups::look_alikes;
use crate::reconcile::settings::GroupRule;
use crate::reconcile::TargetSettings;

/// What the Rules editor shows about an unsaved draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct RulesCheck {
    /// How many groups the draft's rules name over today's directory.
    pub group_count: u32,
    /// Those names, sorted.
    pub group_names: Vec<String>,
    /// Sets of group names that differ only in case or spacing.
    pub group_look_alikes: Vec<Vec<String>>,
}

/// Checks `settings`' group rules against the directory as it is now
/// (people who are not former); reads no target.
pub async fn check_rules(
    state: &AppState,
    name: &str,
    settings: &TargetSettings,
) -> Result<RulesCheck, Failure> {
    let wanted = name.to_string();
    if state.read(move |s| s.target(&wanted)).await?.is_none() {
        return Err(Failure::new(
            ErrorCode::NoSuchTarget,
            format!("There is no target called \"{name}\"."),
        ));
    }
    let fields: Vec<String> = settings
        .groups
        .iter()
        .filter_map(|rule| match rule {
            GroupRule::Field { field, .. } => Some(field.trim().to_string()),
            GroupRule::Fixed { .. } => None,
        })
        .collect();
    let values = state.read(move |s| s.group_names(&fields)).await?;
    let mut names = BTreeSet::new();
    for rule in &settings.groups {
        match rule {
            GroupRule::Fixed { name } => {
                names.insert(name.trim().to_string());
            }
            GroupRule::Field { field, prefix } => {
                for value in values.get(field.trim()).into_iter().flatten() {
                    names.insert(format!("{prefix}{}", value.trim()).trim().to_string());
                }
            }
        }
    }
    names.remove("");
    Ok(RulesCheck {
        group_count: names.len() as u32,
        group_look_alikes: look_alikes(&names),
        group_names: names.into_iter().collect(),
    })
}
