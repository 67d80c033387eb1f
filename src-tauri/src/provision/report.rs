//! The reconciliation report: accounts with no directory person
//! (orphans), directory people with no account (missing), and accounts
//! whose attributes differ from the directory (mismatched).

use crate::model::{PushChange, PushKind, PushPlan, ReconcileEntry, ReconcileReport, Spelled};

fn entry(change: &PushChange, detail: String) -> ReconcileEntry {
    ReconcileEntry {
        user_name: change.user_name.clone(),
        external_id: change.external_id.clone(),
        display_name: change.display_name.clone(),
        detail,
    }
}

/// The report a push plan implies.
pub fn report(plan: &PushPlan) -> ReconcileReport {
    let mut report = ReconcileReport::default();
    for change in &plan.changes {
        match change.kind {
            PushKind::Orphan => report.orphans.push(entry(
                change,
                "active account with no directory person".into(),
            )),
            PushKind::Deactivate if change.person_id.is_none() => report.orphans.push(entry(
                change,
                "active account with no directory person".into(),
            )),
            PushKind::Create => report.missing.push(entry(change, "no account".into())),
            PushKind::Update
            | PushKind::Reactivate
            | PushKind::Deactivate
            | PushKind::GroupChange => {
                let mut what: Vec<String> = change
                    .attributes
                    .iter()
                    .map(|a| {
                        a.attribute
                            .rsplit(':')
                            .next()
                            .unwrap_or(&a.attribute)
                            .to_string()
                    })
                    .collect();
                if !change.groups_added.is_empty() || !change.groups_removed.is_empty() {
                    what.push("groups".into());
                }
                report.mismatched.push(entry(change, what.join(", ")));
            }
            PushKind::Delete => report.mismatched.push(entry(
                change,
                "inactive account of a person former past the deletion policy's days".into(),
            )),
            PushKind::NeedsAttention => {
                let why = change
                    .attention
                    .map(|a| a.as_str().replace('_', " "))
                    .unwrap_or_default();
                report.mismatched.push(entry(change, why));
            }
            PushKind::Unchanged => {}
        }
    }
    report
}
