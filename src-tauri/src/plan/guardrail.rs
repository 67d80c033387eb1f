//! The brakes on a mass change: an import that would deactivate or re-key
//! too many people at once is held until an admin confirms it by typing.

use crate::model::{Guardrail, GuardrailSettings};

/// `count` strictly over `percent`% of `of`, exactly for whole percentages.
pub fn over_share(count: u32, percent: f64, of: u32) -> bool {
    f64::from(count) * 100.0 > percent * f64::from(of)
}

fn people(n: u32) -> String {
    if n == 1 {
        "1 person".into()
    } else {
        format!("{n} people")
    }
}

/// The verdict for a plan with `deactivations` and `identity_changes`
/// against `active_people` (active or on leave) in the directory.
pub fn evaluate(
    limits: &GuardrailSettings,
    active_people: u32,
    deactivations: u32,
    identity_changes: u32,
) -> Guardrail {
    let mut reasons = Vec::new();
    if deactivations > 0 && over_share(deactivations, limits.max_deactivated_percent, active_people)
    {
        reasons.push(format!(
            "{} would be deactivated: more than {}% of the {} active.",
            people(deactivations),
            limits.max_deactivated_percent,
            people(active_people),
        ));
    }
    if deactivations > limits.max_deactivated_people {
        reasons.push(format!(
            "{} would be deactivated: more than the limit of {}.",
            people(deactivations),
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
            "{identity_changes} work email or employee ID change(s): more than {}% of the {} active.",
            limits.max_identity_changes_percent,
            people(active_people),
        ));
    }
    Guardrail {
        tripped: !reasons.is_empty(),
        reasons,
    }
}
