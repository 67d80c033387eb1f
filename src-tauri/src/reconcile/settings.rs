//! A target's rules: which directory field fills which SCIM attribute,
//! which groups people belong to, what a lifecycle change does to an
//! account, and the brakes on a mass change. Defaults work with no editing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{BulkLimits, GuardrailSettings, ENTERPRISE_USER};

/// Where an attribute's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Source {
    /// A directory field's stored value.
    Field(String),
    /// The first of these fields that has a value.
    FirstOf(Vec<String>),
    /// Text with `{field}` (or `{a|b}`: the first with a value) filled in,
    /// in the template language of Map fields.
    Template(String),
    /// The same text for everyone.
    Fixed(String),
    /// The manager's account in the target, found through the directory
    /// field holding the manager's work email.
    ManagerOf(String),
    /// The company's legal name as TriNet gives it (else its name), the same
    /// for everyone: what an admin expects in `organization`.
    Company,
}

/// One SCIM attribute and where its value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttributeRule {
    /// A SCIM attribute path: `title`, `name.givenName`, `emails.work`
    /// (the work email), `<enterprise urn>:department`.
    pub attribute: String,
    pub source: Source,
}

/// The path Roster uses for the work email (`emails[type eq "work"].value`).
pub const WORK_EMAIL: &str = "emails.work";
/// The manager attribute of the enterprise extension.
pub fn manager_path() -> String {
    format!("{ENTERPRISE_USER}:manager")
}

/// A rule putting people into groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum GroupRule {
    /// One group per value of a directory field (`department`: "Sales",
    /// "Engineering", ...), optionally prefixed ("Dept - Sales").
    Field {
        field: String,
        #[serde(default)]
        prefix: String,
    },
    /// Everyone with an account ("All employees").
    Fixed { name: String },
}

/// What a person on leave keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LeaveAction {
    /// `active=false` while on leave, restored on return.
    Suspend,
    Keep,
}

/// What a lifecycle change does to an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct LifecyclePolicy {
    pub leave: LeaveAction,
    /// Accounts for pending starters are created this many days before
    /// their start date (0: on it).
    pub create_days_before_start: u32,
    /// Deactivate accounts no directory person matches (off: only listed).
    pub deactivate_orphans: bool,
    /// Create groups the rules name that the target lacks.
    pub create_missing_groups: bool,
    /// Delete (for good) an account already deactivated once its person
    /// has been former for this many days; none: never delete (the default).
    pub delete_after_days: Option<u32>,
}

impl Default for LifecyclePolicy {
    fn default() -> Self {
        Self {
            leave: LeaveAction::Suspend,
            create_days_before_start: 0,
            deactivate_orphans: false,
            create_missing_groups: true,
            delete_after_days: None,
        }
    }
}

/// Everything a target's push follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TargetSettings {
    pub attributes: Vec<AttributeRule>,
    pub groups: Vec<GroupRule>,
    pub policy: LifecyclePolicy,
    /// Deactivations over a share or a count, userName changes over a
    /// share (`max_identity_changes_percent`): held for a typed confirmation.
    pub guardrails: GuardrailSettings,
    /// At most this many operations per SCIM Bulk request, below the
    /// target's own limit (0: never use Bulk; none: the target's limit).
    pub bulk_max_operations: Option<u32>,
    /// Push on its own after an import is applied and on the sync
    /// schedule: only the lines that trip no guardrail and need no one;
    /// the rest waits for review (off by default).
    pub auto_push: bool,
}

impl Default for TargetSettings {
    fn default() -> Self {
        Self {
            attributes: default_attributes(),
            groups: vec![
                GroupRule::Fixed {
                    name: "All employees".into(),
                },
                GroupRule::Field {
                    field: "department".into(),
                    prefix: String::new(),
                },
            ],
            policy: LifecyclePolicy::default(),
            guardrails: GuardrailSettings::default(),
            bulk_max_operations: None,
            auto_push: false,
        }
    }
}

impl TargetSettings {
    /// What decides the accounts a push makes (attributes, groups, the
    /// lifecycle policy), as text to compare: auto-push sends only once an
    /// admin has approved a push planned with exactly these rules.
    /// Guardrails, Bulk size and auto-push itself are left out: they change
    /// what waits or how it travels, not what an account becomes.
    pub fn sending_rules(&self) -> String {
        serde_json::to_string(&(&self.attributes, &self.groups, &self.policy))
            .expect("rules serialise")
    }

    /// The Bulk limits to send within, if Bulk is used at all.
    pub fn bulk_limits(&self, announced: Option<BulkLimits>) -> Option<BulkLimits> {
        let mut limits = announced?;
        match self.bulk_max_operations {
            Some(0) => None,
            Some(n) => {
                limits.max_operations = limits.max_operations.min(n);
                Some(limits)
            }
            None => Some(limits),
        }
    }
}

fn rule(attribute: &str, source: Source) -> AttributeRule {
    AttributeRule {
        attribute: attribute.into(),
        source,
    }
}

fn field(name: &str) -> Source {
    Source::Field(name.into())
}

/// The attributes a target gets with no editing. `externalId` (the
/// employee ID) is the identity anchor and always sent; `active` follows
/// the lifecycle policy.
pub fn default_attributes() -> Vec<AttributeRule> {
    let enterprise = |name: &str| format!("{ENTERPRISE_USER}:{name}");
    vec![
        rule("userName", field("work_email")),
        rule(WORK_EMAIL, field("work_email")),
        rule(
            "name.givenName",
            Source::FirstOf(vec!["preferred_name".into(), "first_name".into()]),
        ),
        rule("name.familyName", field("last_name")),
        rule(
            "displayName",
            Source::Template("{preferred_name|first_name} {last_name}".into()),
        ),
        rule("title", field("job_title")),
        rule(&enterprise("employeeNumber"), field("employee_id")),
        rule(&enterprise("department"), field("department")),
        rule(&manager_path(), Source::ManagerOf("manager_email".into())),
        rule(&enterprise("organization"), Source::Company),
    ]
}
