//! Group rules: which groups a person belongs to, which groups the rules
//! manage, and names that differ only in case or spacing.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::settings::GroupRule;
use crate::model::DirectoryPerson;

/// The groups `person` belongs to under `rules` (names borrowed from the
/// rules or the person where no prefix changes them).
pub fn groups_of<'a>(
    person: &'a DirectoryPerson,
    rules: &'a [GroupRule],
) -> BTreeSet<Cow<'a, str>> {
    rules
        .iter()
        .filter_map(|rule| match rule {
            GroupRule::Fixed { name } => Some(Cow::Borrowed(name.trim())),
            GroupRule::Field { field, prefix } => person.stored(field).map(|value| {
                if prefix.is_empty() {
                    Cow::Borrowed(value.trim())
                } else {
                    Cow::Owned(format!("{prefix}{}", value.trim()).trim().to_string())
                }
            }),
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// The key two look-alike names share: lower case, single spaces.
pub fn fold(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Sets of two or more names that differ only in case or spacing.
pub fn look_alikes<'a>(names: impl IntoIterator<Item = &'a String>) -> Vec<Vec<String>> {
    let mut by_key: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in names {
        by_key.entry(fold(name)).or_default().insert(name.clone());
    }
    by_key
        .into_values()
        .filter(|names| names.len() > 1)
        .map(|names| names.into_iter().collect())
        .collect()
}
