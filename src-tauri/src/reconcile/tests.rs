//! The reconciliation rules on small hand-made directories and targets.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::json;

use super::settings::{LifecyclePolicy, TargetSettings};
use super::{plan, PlanRefused, PushInput};
use crate::model::{
    DirectoryPerson, PersonStatus, PushAttention, PushKind, PushPlan, TargetGroup, TargetUser,
    ENTERPRISE_USER,
};

fn person(id: i64, employee_id: &str, email: &str, status: PersonStatus) -> DirectoryPerson {
    let values: HashMap<String, String> = [
        ("employee_id", employee_id),
        ("work_email", email),
        ("first_name", "Ada"),
        ("last_name", &format!("Person{id}")),
        ("job_title", "Engineer"),
        ("department", "Engineering"),
        ("start_date", "2026-01-05"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    DirectoryPerson {
        person_id: id,
        values,
        status,
        missing_runs: 0,
        alternate_id: None,
    }
}

/// The account Roster would have created for `p`.
fn account_for(p: &DirectoryPerson, id: &str, active: bool) -> TargetUser {
    let v = |k: &str| p.values[k].clone();
    TargetUser {
        id: id.into(),
        external_id: Some(v("employee_id")),
        user_name: v("work_email"),
        active,
        resource: json!({
            "id": id, "userName": v("work_email"), "externalId": v("employee_id"),
            "active": active,
            "name": {"givenName": v("first_name"), "familyName": v("last_name")},
            "displayName": format!("{} {}", v("first_name"), v("last_name")),
            "title": v("job_title"),
            "emails": [{"value": v("work_email"), "type": "work", "primary": true}],
            ENTERPRISE_USER: {"employeeNumber": v("employee_id"), "department": v("department")}
        }),
    }
}

fn push(people: &[DirectoryPerson], users: &[TargetUser], groups: &[TargetGroup]) -> PushPlan {
    let settings = TargetSettings::default();
    plan(&PushInput {
        people,
        users,
        groups,
        settings: &settings,
        today: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        company: None,
        former_since: &Default::default(),
    })
    .unwrap()
}

fn all_groups(members: &[&str]) -> Vec<TargetGroup> {
    ["All employees", "Engineering"]
        .iter()
        .enumerate()
        .map(|(i, name)| TargetGroup {
            id: format!("g{i}"),
            display_name: name.to_string(),
            members: members.iter().map(|m| m.to_string()).collect(),
        })
        .collect()
}

#[test]
fn an_empty_target_gets_everyone_active_created_with_groups() {
    let people = [
        person(1, "E1", "a@x.test", PersonStatus::Active),
        person(2, "E2", "b@x.test", PersonStatus::Former),
    ];
    let plan = push(&people, &[], &[]);
    assert_eq!(plan.counts.create, 1, "the former person gets no account");
    let created = &plan.changes[0];
    assert_eq!(created.kind, PushKind::Create);
    assert_eq!(created.user_name, "a@x.test");
    assert_eq!(created.display_name, "Ada Person1");
    assert_eq!(created.groups_added, vec!["All employees", "Engineering"]);
    assert_eq!(plan.groups_to_create, vec!["All employees", "Engineering"]);
}

#[test]
fn a_pushed_directory_plans_nothing_to_do() {
    let people = [person(1, "E1", "a@x.test", PersonStatus::Active)];
    let users = [account_for(&people[0], "u1", true)];
    let plan = push(&people, &users, &all_groups(&["u1"]));
    assert_eq!(plan.counts.unchanged, 1, "{:#?}", plan.changes);
    assert_eq!(plan.counts.to_send(), 0);
}

#[test]
fn movers_leavers_leave_and_rehires_become_updates_deactivations_and_reactivations() {
    let mut mover = person(1, "E1", "a@x.test", PersonStatus::Active);
    let leaver = person(2, "E2", "b@x.test", PersonStatus::Former);
    let on_leave = person(3, "E3", "c@x.test", PersonStatus::OnLeave);
    let rehire = person(4, "E4", "d@x.test", PersonStatus::Active);
    let users = [
        account_for(&mover, "u1", true),
        account_for(&leaver, "u2", true),
        account_for(&on_leave, "u3", true),
        account_for(&rehire, "u4", false),
    ];
    mover.values.insert("department".into(), "Sales".into());
    mover
        .values
        .insert("work_email".into(), "a.new@x.test".into());
    let people = [mover, leaver, on_leave, rehire];
    let plan = push(&people, &users, &all_groups(&["u1", "u2", "u3", "u4"]));
    let line = |id: &str| {
        plan.changes
            .iter()
            .find(|c| c.external_id.as_deref() == Some(id))
            .unwrap()
    };
    let moved = line("E1");
    assert_eq!(moved.kind, PushKind::Update);
    assert_eq!(
        moved.target_id.as_deref(),
        Some("u1"),
        "an email change keeps the account"
    );
    assert!(moved.attributes.iter().any(|a| a.attribute == "userName"
        && a.before.as_deref() == Some("a@x.test")
        && a.after.as_deref() == Some("a.new@x.test")));
    assert_eq!(moved.groups_added, vec!["Sales"]);
    assert_eq!(moved.groups_removed, vec!["Engineering"]);
    assert_eq!(line("E2").kind, PushKind::Deactivate);
    assert_eq!(
        line("E3").kind,
        PushKind::Deactivate,
        "leave suspends by default"
    );
    assert_eq!(line("E4").kind, PushKind::Reactivate);
    assert_eq!(
        line("E4").target_id.as_deref(),
        Some("u4"),
        "a rehire gets the same account"
    );
}

#[test]
fn duplicates_orphans_and_unanchored_accounts_are_told_apart() {
    let people = [
        person(1, "E1", "a@x.test", PersonStatus::Active),
        person(2, "E2", "b@x.test", PersonStatus::Active),
    ];
    let mut duplicate = account_for(&people[0], "u1", true);
    duplicate.external_id = Some("OTHER".into());
    let mut unanchored = account_for(&people[1], "u2", true);
    unanchored.external_id = None;
    let mut orphan = account_for(
        &person(9, "E9", "z@x.test", PersonStatus::Active),
        "u9",
        true,
    );
    orphan.external_id = Some("E9".into());
    let plan = push(&people, &[duplicate, unanchored, orphan], &[]);
    let line = |name: &str| plan.changes.iter().find(|c| c.user_name == name).unwrap();
    assert_eq!(line("a@x.test").kind, PushKind::NeedsAttention);
    assert_eq!(
        line("a@x.test").attention,
        Some(PushAttention::PossibleDuplicate)
    );
    let adopted = line("b@x.test");
    assert_eq!(
        adopted.kind,
        PushKind::Update,
        "the anchor is written onto it"
    );
    assert!(adopted
        .attributes
        .iter()
        .any(|a| a.attribute == "externalId"));
    assert_eq!(line("z@x.test").kind, PushKind::Orphan);
    assert_eq!(plan.counts.orphans, 1);
}

#[test]
fn pending_starters_get_accounts_on_their_start_date_or_the_days_before() {
    let mut starter = person(1, "E1", "a@x.test", PersonStatus::PendingStart);
    starter
        .values
        .insert("start_date".into(), "2026-06-05".into());
    let people = [starter];
    let mut settings = TargetSettings::default();
    let input = |settings: &TargetSettings| {
        plan(&PushInput {
            people: &people,
            users: &[],
            groups: &[],
            settings,
            today: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            company: None,
            former_since: &Default::default(),
        })
        .unwrap()
    };
    assert_eq!(input(&settings).counts.create, 0);
    settings.policy = LifecyclePolicy {
        create_days_before_start: 7,
        ..LifecyclePolicy::default()
    };
    assert_eq!(input(&settings).counts.create, 1);
}

#[test]
fn mass_deactivation_trips_the_guardrail_and_an_empty_directory_sends_nothing() {
    let people: Vec<DirectoryPerson> = (1..=10)
        .map(|i| {
            person(
                i,
                &format!("E{i}"),
                &format!("p{i}@x.test"),
                PersonStatus::Active,
            )
        })
        .collect();
    let users: Vec<TargetUser> = people
        .iter()
        .map(|p| account_for(p, &format!("u{}", p.person_id), true))
        .collect();
    let mut leaving = people.clone();
    for p in leaving.iter_mut().take(2) {
        p.status = PersonStatus::Former;
    }
    let plan = push(&leaving, &users, &[]);
    assert_eq!(plan.counts.deactivate, 2);
    assert!(plan.guardrail.tripped, "2 of 10 is over 10%");
    assert_eq!(
        plan.guardrail.reasons,
        vec![
            "2 accounts would be deactivated or deleted: more than 10% of the 10 accounts active."
        ],
        "the import guardrail's rule, in accounts"
    );
    let settings = TargetSettings::default();
    let refused = super::plan(&PushInput {
        people: &[],
        users: &users,
        groups: &[],
        settings: &settings,
        today: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        company: None,
        former_since: &Default::default(),
    });
    assert_eq!(refused.unwrap_err(), PlanRefused::EmptyDirectory);
}

#[test]
fn a_title_removed_in_the_directory_is_cleared_and_the_version_read_is_kept() {
    let mut person = person(1, "E1", "a@x.test", PersonStatus::Active);
    let mut account = account_for(&person, "u1", true);
    account.resource["meta"] = json!({"version": "W/\"7\""});
    person.values.remove("job_title");
    let plan = push(&[person], &[account], &all_groups(&["u1"]));
    let line = &plan.changes[0];
    assert_eq!(line.kind, PushKind::Update, "{line:#?}");
    assert_eq!(
        line.attributes,
        vec![crate::model::AttributeChange {
            attribute: "title".into(),
            before: Some("Engineer".into()),
            after: None,
        }]
    );
    assert_eq!(line.version.as_deref(), Some("W/\"7\""));
}

#[test]
fn the_company_name_fills_organization_and_an_unknown_one_clears_nothing() {
    let people = [person(1, "E1", "a@x.test", PersonStatus::Active)];
    let settings = TargetSettings::default();
    let organization = format!("{ENTERPRISE_USER}:organization");
    let plan_with = |company: Option<&str>, users: &[TargetUser]| {
        plan(&PushInput {
            people: &people,
            users,
            groups: &[],
            settings: &settings,
            today: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            company,
            former_since: &Default::default(),
        })
        .unwrap()
    };
    let created = plan_with(Some("Example Robotics, Inc."), &[]);
    assert!(created.changes[0].attributes.iter().any(
        |a| a.attribute == organization && a.after.as_deref() == Some("Example Robotics, Inc.")
    ));
    let mut account = account_for(&people[0], "u1", true);
    account.resource[ENTERPRISE_USER]["organization"] = json!("Example Robotics, Inc.");
    let unknown = plan_with(None, std::slice::from_ref(&account));
    assert!(
        unknown.changes[0]
            .attributes
            .iter()
            .all(|a| a.attribute != organization),
        "{:#?}",
        unknown.changes[0]
    );
}

#[test]
fn deletion_after_n_days_deletes_only_deactivated_accounts_of_people_former_long_enough() {
    let people: Vec<DirectoryPerson> = (1..=20)
        .map(|i| {
            let status = if i <= 3 {
                PersonStatus::Former
            } else {
                PersonStatus::Active
            };
            person(i, &format!("E{i}"), &format!("p{i}@x.test"), status)
        })
        .collect();
    // 1 and 2 already deactivated, 3 still active; 1 left 40 days ago, 2 ten.
    let users: Vec<TargetUser> = people
        .iter()
        .map(|p| account_for(p, &format!("u{}", p.person_id), p.person_id > 2))
        .collect();
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let former_since: HashMap<i64, NaiveDate> = [(1, 40), (2, 10), (3, 90)]
        .into_iter()
        .map(|(id, days)| (id, today - chrono::Days::new(days)))
        .collect();
    let run = |settings: &TargetSettings| {
        plan(&PushInput {
            people: &people,
            users: &users,
            groups: &[],
            settings,
            today,
            company: None,
            former_since: &former_since,
        })
        .unwrap()
    };
    let mut settings = TargetSettings::default();
    settings.groups.clear();
    let off = run(&settings);
    assert_eq!(off.counts.delete, 0, "deletion is off by default");
    assert_eq!(off.counts.deactivate, 1);

    settings.policy.delete_after_days = Some(30);
    let on = run(&settings);
    let deleted: Vec<&str> = on
        .changes
        .iter()
        .filter(|c| c.kind == PushKind::Delete)
        .map(|c| c.user_name.as_str())
        .collect();
    assert_eq!(
        deleted,
        vec!["p1@x.test"],
        "only the deactivated account of someone former for 30 days or more; \
         the active one (left 90 days ago) is deactivated first, never deleted in one step"
    );
    assert_eq!(on.counts.deactivate, 1);
    assert_eq!(on.counts.to_send(), 2);
    // Deletions count with deactivations: 2 of 18 active is over 10%.
    assert!(on.guardrail.tripped, "{:?}", on.guardrail);
    assert!(on.guardrail.reasons[0].contains("deactivated or deleted"));

    // Someone Roster never saw leave (former since before the baseline) is never deleted.
    let mut no_day = former_since.clone();
    no_day.remove(&1);
    let unknown = plan(&PushInput {
        people: &people,
        users: &users,
        groups: &[],
        settings: &settings,
        today,
        company: None,
        former_since: &no_day,
    })
    .unwrap();
    assert_eq!(unknown.counts.delete, 0);
}
