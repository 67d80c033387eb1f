//! A target's rules checked while the admin edits them, before saving:
//! the group names the draft's group rules would make from the directory,
//! and those that differ only in case or spacing from one another or from
//! a group the target already has (as its last preview read them), as Map
//! fields flags them.

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
    /// Sets of group names that differ only in case or spacing, each with
    /// at least one name the draft makes.
    pub group_look_alikes: Vec<Vec<String>>,
    /// Those names that are groups the target already has.
    pub in_target: Vec<String>,
}

/// Checks `settings`' group rules against the directory as it is now
/// (people who are not former); reads no target.
pub async fn check_rules(
    state: &AppState,
    name: &str,
    settings: &TargetSettings,
) -> Result<RulesCheck, Failure> {
    let wanted = name.to_string();
    let Some(target) = state.read(move |s| s.target(&wanted)).await? else {
        return Err(Failure::new(
            ErrorCode::NoSuchTarget,
            format!("There is no target called \"{name}\"."),
        ));
    };
    let target_id = target.target_id;
    let existing = state.read(move |s| s.target_group_names(target_id)).await?;
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
    let (group_look_alikes, in_target) = look_alikes_with(&names, &existing);
    Ok(RulesCheck {
        group_count: names.len() as u32,
        group_look_alikes,
        in_target,
        group_names: names.into_iter().collect(),
    })
}

/// The look-alike sets among `names` and the target's `existing` groups
/// that hold at least one of `names` (two of the target's own are its
/// business, not the draft's), and the names in them the target has.
fn look_alikes_with(
    names: &BTreeSet<String>,
    existing: &[String],
) -> (Vec<Vec<String>>, Vec<String>) {
    let existing: BTreeSet<&String> = existing.iter().collect();
    let sets: Vec<Vec<String>> = look_alikes(names.iter().chain(existing.iter().copied()))
        .into_iter()
        .filter(|set| set.iter().any(|n| names.contains(n)))
        .collect();
    let in_target = sets
        .iter()
        .flatten()
        .filter(|n| existing.contains(n))
        .cloned()
        .collect();
    (sets, in_target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::CancelToken;
    use crate::operations::provision as push;
    use crate::operations::provision_tests::import;
    use crate::operations::tests::sandbox_state;
    use crate::scim::reference_server::ReferenceServer;
    use crate::scim::{ScimClient, TargetConfig};

    /// A rule's group that looks like a group the target already has
    /// ("Engineering" beside the target's "engineering") is flagged once a
    /// preview has read the target's groups; two of the target's own
    /// look-alikes are not the draft's to fix.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_group_like_one_the_target_has_is_flagged_once_the_target_was_read() {
        let server = ReferenceServer::start();
        let dir = tempfile::tempdir().unwrap();
        let state = sandbox_state(dir.path(), 40, 1406).await;
        import(&state).await;
        push::add_target(&state, "Reference", &server.base_url, server.token.clone())
            .await
            .unwrap();
        let settings = push::target_settings(&state, "Reference").await.unwrap();
        let before = check_rules(&state, "Reference", &settings).await.unwrap();
        assert_eq!(before.group_look_alikes, Vec::<Vec<String>>::new());
        let made = before
            .group_names
            .iter()
            .find(|n| n.chars().any(char::is_uppercase))
            .expect("a department group")
            .clone();
        let theirs = made.to_lowercase();
        let client = ScimClient::new(TargetConfig::new(&server.base_url), &server.token).unwrap();
        let cancel = CancelToken::new();
        for name in [theirs.as_str(), "Contractors", "contractors"] {
            client.create_group(name, &[], &cancel).await.unwrap();
        }
        // Not read yet: nothing known of the target's groups.
        let unread = check_rules(&state, "Reference", &settings).await.unwrap();
        assert_eq!(unread.group_look_alikes, Vec::<Vec<String>>::new());

        push::preview(&state, "Reference", &cancel).await.unwrap();
        let check = check_rules(&state, "Reference", &settings).await.unwrap();
        let mut expected = vec![theirs.clone(), made.clone()];
        expected.sort();
        assert_eq!(check.group_look_alikes, vec![expected], "{check:?}");
        assert_eq!(check.in_target, vec![theirs]);
        assert_eq!(
            check.group_names, before.group_names,
            "the draft's own names"
        );
    }
}
