//! The brakes on a mass change: an import that would deactivate or re-key
//! too many people at once (or a push, too many accounts) is held until an
//! admin confirms it by typing. One rule for both; only the nouns differ.

use crate::model::{counted, Guardrail, GuardrailSettings};

/// `count` strictly over `percent`% of `of`, exactly for whole percentages.
pub fn over_share(count: u32, percent: f64, of: u32) -> bool {
    f64::from(count) * 100.0 > percent * f64::from(of)
}

/// What a guardrail counts, as its reasons name it.
#[derive(Debug, Clone, Copy)]
pub struct Nouns {
    pub one: &'static str,
    pub many: &'static str,
    /// The identity changes it limits, one and many.
    pub identity_change: (&'static str, &'static str),
    /// What the deactivation limits count ("would be …").
    pub deactivated: &'static str,
}

/// An import's guardrail: people, and their work email or employee ID.
pub const PEOPLE: Nouns = Nouns {
    one: "person",
    many: "people",
    identity_change: (
        "work email or employee ID change",
        "work email or employee ID changes",
    ),
    deactivated: "deactivated",
};

/// A push's guardrail: accounts, and their userName.
pub const ACCOUNTS: Nouns = Nouns {
    one: "account",
    many: "accounts",
    identity_change: ("userName change", "userName changes"),
    // A deletion counts as a deactivation (and more): both lose access.
    deactivated: "deactivated or deleted",
};

impl Nouns {
    fn count(&self, n: u32) -> String {
        counted(n, self.one, self.many)
    }
}

/// The verdict for an import with `deactivations` and `identity_changes`
/// against `active_people` (active or on leave) in the directory.
pub fn evaluate(
    limits: &GuardrailSettings,
    active_people: u32,
    deactivations: u32,
    identity_changes: u32,
) -> Guardrail {
    evaluate_for(
        &PEOPLE,
        limits,
        active_people,
        deactivations,
        identity_changes,
    )
}

/// The verdict for `deactivations` and `identity_changes` of `active`
/// things called `nouns`.
pub fn evaluate_for(
    nouns: &Nouns,
    limits: &GuardrailSettings,
    active_people: u32,
    deactivations: u32,
    identity_changes: u32,
) -> Guardrail {
    let people = |n| nouns.count(n);
    let mut reasons = Vec::new();
    if deactivations > 0 && over_share(deactivations, limits.max_deactivated_percent, active_people)
    {
        reasons.push(format!(
            "{} would be {}: more than {}% of the {} active.",
            people(deactivations),
            nouns.deactivated,
            limits.max_deactivated_percent,
            people(active_people),
        ));
    }
    if deactivations > limits.max_deactivated_people {
        reasons.push(format!(
            "{} would be {}: more than the limit of {}.",
            people(deactivations),
            nouns.deactivated,
            limits.max_deactivated_people,
        ));
    }
    if identity_changes > 0
        && over_share(
            identity_changes,
            limits.max_identity_changes_percent,
            active_people,
        )
    {
        reasons.push(format!(
            "{}: more than {}% of the {} active.",
            counted(
                identity_changes,
                nouns.identity_change.0,
                nouns.identity_change.1
            ),
            limits.max_identity_changes_percent,
            people(active_people),
        ));
    }
    Guardrail {
        tripped: !reasons.is_empty(),
        reasons,
    }
}
