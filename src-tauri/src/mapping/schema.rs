//! The directory's side of a mapping: the core fields every Roster directory
//! has, and the rules for the custom fields an admin adds beside them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of value a directory field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    /// `YYYY-MM-DD`.
    Date,
    Number,
    Boolean,
}

/// One field of the directory: a core field, or a custom one the admin added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DirectoryField {
    /// A snake_case identifier, unique across core and custom fields.
    pub name: String,
    /// What the admin sees.
    pub label: String,
    pub kind: FieldKind,
    /// Core fields are always present and cannot be removed.
    #[serde(default)]
    pub core: bool,
    /// Whether its values name a group in the directory (checked for
    /// near-duplicate spellings before saving).
    #[serde(default)]
    pub drives_group: bool,
}

/// The core fields, in the order previews and records list them.
const CORE: &[(&str, &str, FieldKind, bool)] = &[
    ("employee_id", "Employee ID", FieldKind::Text, false),
    ("work_email", "Work email", FieldKind::Text, false),
    ("first_name", "Legal first name", FieldKind::Text, false),
    ("last_name", "Legal last name", FieldKind::Text, false),
    ("preferred_name", "Preferred name", FieldKind::Text, false),
    ("date_of_birth", "Date of birth", FieldKind::Date, false),
    ("start_date", "Start date", FieldKind::Date, false),
    ("end_date", "End date", FieldKind::Date, false),
    ("status", "Employment status", FieldKind::Text, false),
    (
        "manager_email",
        "Manager (work email)",
        FieldKind::Text,
        false,
    ),
    ("department", "Department", FieldKind::Text, true),
    ("location", "Location", FieldKind::Text, true),
    ("job_title", "Job title", FieldKind::Text, false),
    ("employment_type", "Employment type", FieldKind::Text, false),
];

/// The directory's core fields.
pub fn core_fields() -> Vec<DirectoryField> {
    CORE.iter()
        .map(|&(name, label, kind, drives_group)| DirectoryField {
            name: name.to_string(),
            label: label.to_string(),
            kind,
            core: true,
            drives_group,
        })
        .collect()
}

pub fn is_core(name: &str) -> bool {
    CORE.iter().any(|(n, ..)| *n == name)
}

/// Identity keys: a mapping without them cannot match anyone.
pub const REQUIRED: &[&str] = &["employee_id", "work_email"];

/// Why `name` is not acceptable as a custom field's name, if it is not.
pub fn custom_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("Give the field a name.".into());
    }
    if name.len() > 64 {
        return Some("The name is longer than 64 characters.".into());
    }
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    if !first_ok || !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        return Some(format!(
            "\"{name}\" is not a valid name: use lowercase letters, digits and underscores, starting with a letter (e.g. cost_center)."
        ));
    }
    if is_core(name) {
        return Some(format!(
            "\"{name}\" is already a core field; pick another name."
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_fields_are_the_fourteen_in_order() {
        let names: Vec<String> = core_fields().into_iter().map(|f| f.name).collect();
        assert_eq!(names.len(), 14);
        assert_eq!(names[0], "employee_id");
        assert_eq!(names[13], "employment_type");
        assert!(core_fields().iter().all(|f| f.core));
    }

    #[test]
    fn custom_names_must_be_snake_case_and_new() {
        assert_eq!(custom_name_problem("cost_center"), None);
        assert_eq!(custom_name_problem("team2"), None);
        assert!(custom_name_problem("Cost Center").is_some());
        assert!(custom_name_problem("2team").is_some());
        assert!(custom_name_problem("").is_some());
        assert!(custom_name_problem("department")
            .unwrap()
            .contains("core field"));
    }
}
