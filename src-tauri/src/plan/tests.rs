//! The plan's rules, one table per rule, against a small directory; today
//! is always 2026-06-15.

use std::collections::{HashMap, HashSet};
use strum::IntoEnumIterator;

use chrono::NaiveDate;

use super::*;
use crate::mapping::{MappedRecord, ValueError};
use crate::model::*;

const FIELDS: &[&str] = &[
    "employee_id",
    "work_email",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "start_date",
    "end_date",
    "status",
    "manager_email",
    "department",
    "location",
    "job_title",
    "employment_type",
    "alternate_id",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

type Values = HashMap<String, String>;
/// Fields to set (`Some`) or remove (`None`).
type Edits<'a> = &'a [(&'a str, Option<&'a str>)];

/// A complete, active person whose every value derives from `id`.
fn values(id: &str) -> Values {
    [
        ("employee_id", id.to_string()),
        ("work_email", format!("{}@example.com", id.to_lowercase())),
        ("first_name", format!("Ann{id}")),
        ("last_name", format!("Lee{id}")),
        ("preferred_name", format!("Ann{id}")),
        ("date_of_birth", "1990-01-01".into()),
        ("start_date", "2020-01-01".into()),
        ("status", "active".into()),
        ("manager_email", "boss@example.com".into()),
        ("department", "Sales".into()),
        ("location", "Denver".into()),
        ("job_title", "Rep".into()),
        ("employment_type", "FTE".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// `v` with fields set (`Some`) or removed (`None`).
fn with(mut v: Values, edits: Edits) -> Values {
    for (field, value) in edits {
        match value {
            Some(x) => v.insert(field.to_string(), x.to_string()),
            None => v.remove(*field),
        };
    }
    v
}

fn record(v: &Values) -> MappedRecord {
    MappedRecord {
        values: FIELDS.iter().map(|f| v.get(*f).cloned()).collect(),
        excluded: false,
        errors: vec![],
    }
}

fn excluded(v: &Values) -> MappedRecord {
    MappedRecord {
        excluded: true,
        ..record(v)
    }
}

fn person(person_id: i64, status: PersonStatus, values: Values) -> DirectoryPerson {
    DirectoryPerson {
        person_id,
        values,
        status,
        missing_runs: 0,
        alternate_id: None,
    }
}

fn active(person_id: i64, id: &str) -> DirectoryPerson {
    person(person_id, PersonStatus::Active, values(id))
}

fn fetch(records: Vec<MappedRecord>) -> MappedFetch {
    MappedFetch {
        fields: FIELDS.iter().map(|f| f.to_string()).collect(),
        records,
    }
}

fn plan_with(
    records: Vec<MappedRecord>,
    directory: &[DirectoryPerson],
    settings: &PlanSettings,
) -> ImportPlan {
    plan(&fetch(records), directory, settings, today()).expect("plans")
}

fn run(records: Vec<MappedRecord>, directory: &[DirectoryPerson]) -> ImportPlan {
    plan_with(records, directory, &PlanSettings::default())
}

/// The one change for fetched record `r`.
fn of_record(p: &ImportPlan, r: usize) -> &PlannedChange {
    let found: Vec<_> = p.changes.iter().filter(|c| c.record == Some(r)).collect();
    assert_eq!(found.len(), 1, "record {r} lands once");
    found[0]
}

fn of_person(p: &ImportPlan, person_id: i64) -> &PlannedChange {
    let found: Vec<_> = p
        .changes
        .iter()
        .filter(|c| c.person_id == Some(person_id))
        .collect();
    assert_eq!(found.len(), 1, "person {person_id} lands once");
    found[0]
}

fn changed(c: &PlannedChange) -> Vec<&str> {
    c.fields.iter().map(|f| f.field.as_str()).collect()
}

fn change(field: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
    FieldChange {
        field: field.into(),
        before: before.map(Into::into),
        after: after.map(Into::into),
    }
}

#[test]
fn a_record_matches_by_employee_id_then_work_email_then_alternate_id() {
    let mut by_alt = active(3, "E3");
    by_alt.alternate_id = Some("ALT-3".into());
    let directory = [active(1, "E1"), active(2, "E2"), by_alt];
    let cases: [(&str, Values, i64, &[&str]); 3] = [
        ("employee id", values("E1"), 1, &[]),
        (
            "work email, other case and spacing",
            with(
                values("E2"),
                &[
                    ("employee_id", Some("N2")),
                    ("work_email", Some(" E2@Example.com ")),
                ],
            ),
            2,
            &["employee_id", "work_email"],
        ),
        (
            "alternate id",
            with(
                values("E3"),
                &[
                    ("employee_id", Some("N3")),
                    ("work_email", Some("new3@example.com")),
                    ("alternate_id", Some("ALT-3")),
                ],
            ),
            3,
            &["employee_id", "work_email"],
        ),
    ];
    for (name, v, person_id, fields) in cases {
        let p = run(vec![record(&v)], &directory);
        let c = of_record(&p, 0);
        assert_eq!(c.person_id, Some(person_id), "{name}");
        assert_eq!(changed(c), fields, "{name}");
        let expected = if fields.is_empty() {
            ChangeKind::Unchanged
        } else {
            ChangeKind::Updated
        };
        assert_eq!(c.kind, expected, "{name}");
    }
}

#[test]
fn a_changed_key_is_shown_when_another_key_still_matches() {
    let directory = [active(1, "E1")];
    let cases = [
        (
            "new employee id, same email",
            with(values("E1"), &[("employee_id", Some("E1-B"))]),
            change("employee_id", Some("E1"), Some("E1-B")),
        ),
        (
            "new email, same employee id",
            with(values("E1"), &[("work_email", Some("ann.lee@example.com"))]),
            change(
                "work_email",
                Some("e1@example.com"),
                Some("ann.lee@example.com"),
            ),
        ),
    ];
    for (name, v, expected) in cases {
        let p = run(vec![record(&v)], &directory);
        let c = of_record(&p, 0);
        assert_eq!(c.kind, ChangeKind::Updated, "{name}");
        assert_eq!(c.person_id, Some(1), "{name}");
        assert_eq!(c.fields, vec![expected], "{name}");
        assert_eq!(p.identity_changes, 1, "{name}");
    }
}

#[test]
fn a_record_without_a_key_or_legal_name_is_invalid_and_says_which() {
    let mut unmappable = record(&with(values("E9"), &[("work_email", None)]));
    unmappable.errors.push(ValueError {
        field: 1,
        message: "TriNet has a group of values here".into(),
    });
    let cases = [
        (
            "no employee id",
            record(&with(values("E9"), &[("employee_id", None)])),
            "employee_id is missing",
        ),
        (
            "no work email",
            record(&with(values("E9"), &[("work_email", Some("  "))])),
            "work_email is missing",
        ),
        (
            "no first name",
            record(&with(values("E9"), &[("first_name", None)])),
            "first_name is missing",
        ),
        (
            "no last name",
            record(&with(values("E9"), &[("last_name", None)])),
            "last_name is missing",
        ),
        (
            "mapping error",
            unmappable,
            "work_email: TriNet has a group of values here",
        ),
    ];
    for (name, r, says) in cases {
        let p = run(vec![r], &[]);
        let c = of_record(&p, 0);
        assert_eq!(c.kind, ChangeKind::NeedsAttention, "{name}");
        assert_eq!(c.reason, Some(AttentionReason::InvalidRecord), "{name}");
        assert!(
            c.note.as_deref().unwrap().contains(says),
            "{name}: {:?}",
            c.note
        );
    }
}

#[test]
fn two_records_with_one_work_email_both_need_attention() {
    let p = run(
        vec![
            record(&values("E1")),
            record(&with(
                values("E2"),
                &[("work_email", Some("E1@EXAMPLE.com"))],
            )),
            record(&values("E3")),
        ],
        &[],
    );
    for r in [0, 1] {
        let c = of_record(&p, r);
        assert_eq!(c.kind, ChangeKind::NeedsAttention);
        assert_eq!(c.reason, Some(AttentionReason::DuplicateEmail));
    }
    assert!(of_record(&p, 0).note.as_deref().unwrap().contains("E2"));
    assert_eq!(of_record(&p, 2).kind, ChangeKind::New);
    assert_eq!(p.counts.needs_attention, 2);
}

#[test]
fn an_employee_id_on_two_records_holds_both() {
    let p = run(
        vec![
            record(&values("E1")),
            record(&with(values("E2"), &[("employee_id", Some("E1"))])),
        ],
        &[active(1, "E1")],
    );
    for r in [0, 1] {
        assert_eq!(
            of_record(&p, r).reason,
            Some(AttentionReason::InvalidRecord)
        );
    }
}

#[test]
fn same_legal_name_and_birth_date_without_a_key_is_a_possible_duplicate() {
    for status in [PersonStatus::Active, PersonStatus::Former] {
        let directory = [person(7, status, values("E1"))];
        let newcomer = with(
            values("N1"),
            &[
                ("first_name", Some("annE1")),
                ("last_name", Some("LEEE1")),
                ("date_of_birth", Some("1990-01-01")),
            ],
        );
        let p = run(vec![record(&newcomer)], &directory);
        let c = of_record(&p, 0);
        assert_eq!(c.kind, ChangeKind::NeedsAttention, "{status:?}");
        assert_eq!(c.reason, Some(AttentionReason::PossibleDuplicate));
        assert_eq!(c.person_id, None);
        let candidate = c.candidate.as_ref().unwrap();
        assert_eq!(
            (candidate.person_id, candidate.name.as_str()),
            (7, "AnnE1 LeeE1")
        );
        assert_eq!(candidate.status, status);

        let other_birthday = with(newcomer.clone(), &[("date_of_birth", Some("1991-01-01"))]);
        let p = run(vec![record(&other_birthday)], &directory);
        assert_eq!(of_record(&p, 0).kind, ChangeKind::New, "{status:?}");
    }
}

#[test]
fn two_of_name_birth_date_and_email_changing_at_once_is_blocked() {
    let directory = [active(1, "E1")];
    let name = ("last_name", Some("Smith"));
    let birth = ("date_of_birth", Some("1991-02-03"));
    let email = ("work_email", Some("ann.smith@example.com"));
    let cases: [(Edits, bool); 8] = [
        (&[name, birth], true),
        (&[name, email], true),
        (&[birth, email], true),
        (&[name, birth, email], true),
        (&[name], false),
        (&[birth], false),
        (&[email], false),
        (&[("preferred_name", Some("Annie")), birth], false),
    ];
    for (edits, blocked) in cases {
        let p = run(vec![record(&with(values("E1"), edits))], &directory);
        let c = of_record(&p, 0);
        assert_eq!(c.person_id, Some(1));
        assert_eq!(c.fields.len(), edits.len(), "{edits:?}");
        if blocked {
            assert_eq!(c.kind, ChangeKind::NeedsAttention, "{edits:?}");
            assert_eq!(c.reason, Some(AttentionReason::PrivacyBlock));
        } else {
            assert_eq!(c.kind, ChangeKind::Updated, "{edits:?}");
            assert_eq!(c.reason, None);
        }
    }
}

#[test]
fn someone_missing_from_trinet_is_flagged_until_the_nth_run_then_proposed_for_deactivation() {
    // (runs missing before, N, kind, runs recorded)
    let cases = [
        (0, 3, ChangeKind::NeedsAttention, 1),
        (1, 3, ChangeKind::NeedsAttention, 2),
        (2, 3, ChangeKind::Deactivated, 3),
        (5, 3, ChangeKind::Deactivated, 6),
        (0, 1, ChangeKind::Deactivated, 1),
    ];
    for (before, n, kind, runs) in cases {
        let mut missing = active(2, "E2");
        missing.missing_runs = before;
        let gone = person(3, PersonStatus::Former, values("E3"));
        let settings = PlanSettings {
            missing_runs_to_deactivate: n,
            ..PlanSettings::default()
        };
        let p = plan_with(
            vec![record(&values("E1"))],
            &[active(1, "E1"), missing, gone],
            &settings,
        );
        let c = of_person(&p, 2);
        assert_eq!(c.kind, kind, "{before} of {n}");
        assert_eq!(c.missing_runs, Some(runs));
        assert_eq!(c.record, None);
        if kind == ChangeKind::NeedsAttention {
            assert_eq!(c.reason, Some(AttentionReason::MissingFromSource));
            assert_eq!(c.status_change, None);
        } else {
            assert_eq!(c.status_change.unwrap().after, PersonStatus::Former);
        }
        assert!(
            p.changes.iter().all(|c| c.person_id != Some(3)),
            "former people are not missing"
        );
    }
}

#[test]
fn an_end_date_today_or_earlier_or_a_terminated_status_deactivates() {
    let cases = [
        (
            "ends today",
            "end_date",
            "2026-06-15",
            ChangeKind::Deactivated,
        ),
        ("ended", "end_date", "2026-05-31", ChangeKind::Deactivated),
        (
            "ended, US date",
            "end_date",
            "05/31/2026",
            ChangeKind::Deactivated,
        ),
        (
            "ends tomorrow",
            "end_date",
            "2026-06-16",
            ChangeKind::Updated,
        ),
        ("status T", "status", "T", ChangeKind::Deactivated),
        ("status U", "status", "U", ChangeKind::Deactivated),
        ("status D", "status", "D", ChangeKind::Deactivated),
        (
            "status terminated",
            "status",
            "terminated",
            ChangeKind::Deactivated,
        ),
    ];
    for (name, field, value, kind) in cases {
        let p = run(
            vec![record(&with(values("E1"), &[(field, Some(value))]))],
            &[active(1, "E1")],
        );
        let c = of_record(&p, 0);
        assert_eq!(c.kind, kind, "{name}");
        assert_eq!(
            c.fields,
            vec![change(
                field,
                values("E1").get(field).map(String::as_str),
                Some(value)
            )],
            "{name}"
        );
        if kind == ChangeKind::Deactivated {
            assert_eq!(
                c.status_change,
                Some(StatusChange {
                    before: Some(PersonStatus::Active),
                    after: PersonStatus::Former
                }),
                "{name}"
            );
        }
    }
}

#[test]
fn leave_starts_on_l_p_or_s_and_ends_when_the_status_returns_to_a() {
    let on_leave = || {
        person(
            1,
            PersonStatus::OnLeave,
            with(values("E1"), &[("status", Some("on_leave"))]),
        )
    };
    let cases = [
        (
            active(1, "E1"),
            "L",
            ChangeKind::LeaveStarted,
            Some(PersonStatus::OnLeave),
        ),
        (
            active(1, "E1"),
            "P",
            ChangeKind::LeaveStarted,
            Some(PersonStatus::OnLeave),
        ),
        (
            active(1, "E1"),
            "S",
            ChangeKind::LeaveStarted,
            Some(PersonStatus::OnLeave),
        ),
        (
            active(1, "E1"),
            "on_leave",
            ChangeKind::LeaveStarted,
            Some(PersonStatus::OnLeave),
        ),
        (
            on_leave(),
            "A",
            ChangeKind::LeaveEnded,
            Some(PersonStatus::Active),
        ),
        (
            on_leave(),
            "active",
            ChangeKind::LeaveEnded,
            Some(PersonStatus::Active),
        ),
        (on_leave(), "on_leave", ChangeKind::Unchanged, None),
    ];
    for (who, status, kind, after) in cases {
        let before = who.status;
        let p = run(
            vec![record(&with(values("E1"), &[("status", Some(status))]))],
            &[who],
        );
        let c = of_record(&p, 0);
        assert_eq!(c.kind, kind, "{before:?} → {status}");
        assert_eq!(c.status_change.map(|s| s.after), after);
    }
}

#[test]
fn a_former_employee_who_reappears_active_is_reactivated() {
    let former = person(
        4,
        PersonStatus::Former,
        with(
            values("E4"),
            &[
                ("status", Some("terminated")),
                ("end_date", Some("2025-03-31")),
            ],
        ),
    );
    let back = with(values("E4"), &[("start_date", Some("2026-06-01"))]);
    let p = run(vec![record(&back)], std::slice::from_ref(&former));
    let c = of_record(&p, 0);
    assert_eq!(c.kind, ChangeKind::Reactivated);
    assert_eq!(c.person_id, Some(4));
    assert_eq!(
        c.status_change,
        Some(StatusChange {
            before: Some(PersonStatus::Former),
            after: PersonStatus::Active
        })
    );
    assert_eq!(changed(c), ["start_date", "end_date", "status"]);

    let still_gone = with(
        values("E4"),
        &[("status", Some("T")), ("end_date", Some("2025-03-31"))],
    );
    let p = run(vec![record(&still_gone)], &[former]);
    assert_eq!(
        of_record(&p, 0).kind,
        ChangeKind::Updated,
        "status text changed only"
    );
    assert_eq!(of_record(&p, 0).status_change, None);
}

#[test]
fn a_future_start_date_is_pending_and_becomes_active_when_it_arrives() {
    let p = run(
        vec![record(&with(
            values("N1"),
            &[("start_date", Some("2026-07-01"))],
        ))],
        &[],
    );
    let c = of_record(&p, 0);
    assert_eq!(c.kind, ChangeKind::New);
    assert_eq!(
        c.status_change,
        Some(StatusChange {
            before: None,
            after: PersonStatus::PendingStart
        })
    );
    assert!(c.fields.iter().all(|f| f.before.is_none()));
    assert!(c
        .fields
        .contains(&change("start_date", None, Some("2026-07-01"))));

    let cases = [
        (
            "starts today",
            "2026-06-15",
            ChangeKind::Updated,
            Some(PersonStatus::Active),
        ),
        (
            "starts next month",
            "2026-07-01",
            ChangeKind::Unchanged,
            None,
        ),
    ];
    for (name, start, kind, after) in cases {
        let v = with(values("P1"), &[("start_date", Some(start))]);
        let p = run(
            vec![record(&v)],
            &[person(5, PersonStatus::PendingStart, v.clone())],
        );
        let c = of_record(&p, 0);
        assert_eq!(c.kind, kind, "{name}");
        assert!(c.fields.is_empty(), "{name}");
        assert_eq!(c.status_change.map(|s| s.after), after, "{name}");
    }
}

#[test]
fn excluded_records_are_listed_and_people_in_the_directory_are_left_untouched() {
    let p = run(
        vec![
            excluded(&values("X1")),
            excluded(&with(values("E1"), &[("department", Some("Board"))])),
            // Shares the excluded record's email: not a duplicate, it is not imported.
            record(&with(
                values("N1"),
                &[("work_email", Some("x1@example.com"))],
            )),
        ],
        &[active(1, "E1")],
    );
    let outsider = of_record(&p, 0);
    assert_eq!(
        (outsider.kind, outsider.person_id),
        (ChangeKind::Excluded, None)
    );
    let insider = of_record(&p, 1);
    assert_eq!(
        (insider.kind, insider.person_id),
        (ChangeKind::Excluded, Some(1))
    );
    assert!(insider.fields.is_empty());
    assert!(insider.note.as_deref().unwrap().contains("left untouched"));
    assert_eq!(
        of_person(&p, 1).kind,
        ChangeKind::Excluded,
        "not also missing"
    );
    assert_eq!(of_record(&p, 2).kind, ChangeKind::New);
    assert_eq!(p.counts.excluded, 2);
}

/// `active` active people, of whom the first `deactivated` are terminated
/// and the next `rekeyed` have a new work email.
fn guarded(active_count: usize, deactivated: usize, rekeyed: usize) -> ImportPlan {
    let directory: Vec<_> = (0..active_count)
        .map(|i| active(i as i64, &format!("E{i}")))
        .collect();
    let records = (0..active_count)
        .map(|i| {
            let v = values(&format!("E{i}"));
            record(&if i < deactivated {
                with(v, &[("status", Some("T"))])
            } else if i < deactivated + rekeyed {
                with(v, &[("work_email", Some(&format!("new{i}@example.com")))])
            } else {
                v
            })
        })
        .collect();
    run(records, &directory)
}

#[test]
fn guardrails_trip_over_their_thresholds_and_not_at_them() {
    // (active, deactivated, re-keyed, tripped, words in the reason)
    let cases = [
        (100, 10, 0, false, ""),
        (
            100,
            11,
            0,
            true,
            "11 people would be deactivated: more than 10% of the 100 people active",
        ),
        (300, 25, 0, false, ""),
        (
            300,
            26,
            0,
            true,
            "26 people would be deactivated: more than the limit of 25",
        ),
        (100, 0, 5, false, ""),
        (
            100,
            0,
            6,
            true,
            "6 work email or employee ID changes: more than 5% of the 100 people active",
        ),
    ];
    for (people, deactivated, rekeyed, tripped, says) in cases {
        let p = guarded(people, deactivated, rekeyed);
        assert_eq!(p.counts.deactivated as usize, deactivated);
        assert_eq!(p.identity_changes as usize, rekeyed);
        assert_eq!(
            p.guardrail.tripped, tripped,
            "{people}/{deactivated}/{rekeyed}: {:?}",
            p.guardrail
        );
        assert_eq!(p.guardrail.reasons.len(), usize::from(tripped));
        if tripped {
            assert_eq!(p.guardrail.reasons[0], format!("{says}."));
        }
    }
}

#[test]
fn guardrail_limits_come_from_settings() {
    let settings = GuardrailSettings {
        max_deactivated_percent: 50.0,
        max_deactivated_people: 1,
        max_identity_changes_percent: 100.0,
    };
    let g = guardrail::evaluate(&settings, 10, 2, 10);
    assert_eq!(
        g.reasons,
        ["2 people would be deactivated: more than the limit of 1."]
    );
}

#[test]
fn lifecycle_events_follow_each_kind_of_change() {
    use LifecycleEventKind as E;
    let on_leave = person(
        5,
        PersonStatus::OnLeave,
        with(values("E5"), &[("status", Some("on_leave"))]),
    );
    let former = person(
        6,
        PersonStatus::Former,
        with(values("E6"), &[("status", Some("terminated"))]),
    );
    let directory = [
        active(1, "E1"),
        active(2, "E2"),
        active(3, "E3"),
        active(4, "E4"),
        on_leave,
        former,
        active(7, "E7"),
    ];
    let records = vec![
        record(&values("N1")),                                 // joiner
        record(&with(values("E1"), &[("status", Some("T"))])), // leaver
        record(&with(
            values("E2"),
            &[
                ("department", Some("Ops")),
                ("manager_email", Some("b@example.com")),
                ("preferred_name", Some("Annie")),
            ],
        )), // mover
        record(&with(
            values("E3"),
            &[("employment_type", Some("Contractor"))],
        )), // type change
        record(&with(
            values("E4"),
            &[("status", Some("L")), ("job_title", Some("Lead"))],
        )), // leave start + mover
        record(&with(values("E5"), &[("status", Some("A"))])), // leave end
        record(&values("E6")),                                 // rehire
        record(&values("E7")),                                 // unchanged: none
        record(&with(values("N2"), &[("status", Some("T"))])), // new but former: none
    ];
    let p = run(records, &directory);
    let events: Vec<_> = lifecycle_events(&p)
        .into_iter()
        .map(|e| (e.kind, e.employee_id.unwrap()))
        .collect();
    let expected: Vec<(E, String)> = [
        (E::Joiner, "N1"),
        (E::Leaver, "E1"),
        (E::Mover, "E2"),
        (E::EmploymentTypeChange, "E3"),
        (E::LeaveStart, "E4"),
        (E::Mover, "E4"),
        (E::LeaveEnd, "E5"),
        (E::Rehire, "E6"),
    ]
    .into_iter()
    .map(|(k, id)| (k, id.to_string()))
    .collect();
    assert_eq!(events, expected);

    let mover = lifecycle_events(&p)
        .into_iter()
        .find(|e| e.kind == E::Mover)
        .unwrap();
    assert_eq!(mover.person_id, Some(2));
    assert_eq!(
        mover
            .fields
            .iter()
            .map(|f| f.field.as_str())
            .collect::<Vec<_>>(),
        ["manager_email", "department"],
        "only the moving fields"
    );
}

#[test]
fn the_plan_serialises_in_the_documented_shape() {
    let p = run(
        vec![record(&with(values("E1"), &[("job_title", Some("Lead"))]))],
        &[active(1, "E1")],
    );
    let json = serde_json::to_value(&p).unwrap();
    let counts: Vec<&str> = json["counts"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "new",
        "updated",
        "deactivated",
        "reactivated",
        "leave_started",
        "leave_ended",
        "unchanged",
        "excluded",
        "needs_attention",
    ];
    expected.sort_unstable();
    let mut counts = counts;
    counts.sort_unstable();
    assert_eq!(counts, expected);
    assert_eq!(
        json["guardrail"],
        serde_json::json!({"tripped": false, "reasons": []})
    );
    assert_eq!(
        json["changes"][0],
        serde_json::json!({
            "kind": "updated",
            "employee_id": "E1",
            "work_email": "e1@example.com",
            "person_id": 1,
            "fields": [{"field": "job_title", "before": "Rep", "after": "Lead"}],
            "status_change": null,
            "reason": null,
            "candidate": null,
            "missing_runs": null,
            "note": null,
        })
    );
    let reasons: Vec<String> = [
        AttentionReason::InvalidRecord,
        AttentionReason::DuplicateEmail,
        AttentionReason::PossibleDuplicate,
        AttentionReason::PrivacyBlock,
        AttentionReason::MissingFromSource,
    ]
    .iter()
    .map(|r| serde_json::to_string(r).unwrap())
    .collect();
    assert_eq!(
        reasons,
        [
            r#""invalid_record""#,
            r#""duplicate_email""#,
            r#""possible_duplicate""#,
            r#""privacy_block""#,
            r#""missing_from_source""#
        ]
    );
}

#[test]
fn a_fetch_without_key_fields_or_with_misshapen_records_is_refused() {
    let no_email = MappedFetch {
        fields: vec!["employee_id".into()],
        records: vec![],
    };
    assert!(matches!(
        plan(&no_email, &[], &PlanSettings::default(), today()),
        Err(PlanError::MissingKeyField {
            field: "work_email"
        })
    ));
    let mut short = fetch(vec![record(&values("E1"))]);
    short.records[0].values.pop();
    assert!(matches!(
        plan(&short, &[], &PlanSettings::default(), today()),
        Err(PlanError::RecordShape { record: 0, .. })
    ));
    assert!(matches!(
        plan(
            &fetch(vec![]),
            &[active(1, "E1"), active(1, "E2")],
            &PlanSettings::default(),
            today()
        ),
        Err(PlanError::DuplicatePerson { person_id: 1 })
    ));
}

/// A small deterministic generator, so the property check needs no crate.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn every_record_and_every_current_person_lands_in_exactly_one_kind() {
    let statuses = [
        PersonStatus::Active,
        PersonStatus::OnLeave,
        PersonStatus::PendingStart,
        PersonStatus::Former,
    ];
    for seed in 0..40 {
        let mut rng = Lcg(seed);
        let mut directory = Vec::new();
        let mut records = Vec::new();
        for i in 0..120 {
            let id = format!("E{i}");
            let mut p = person(i, statuses[rng.below(4) as usize], values(&id));
            p.missing_runs = rng.below(4) as u32;
            if rng.below(5) == 0 {
                p.alternate_id = Some(format!("ALT{i}"));
            }
            // Some people share a legal name and birth date with another.
            if rng.below(10) == 0 {
                p.values.insert("first_name".into(), "Sam".into());
                p.values.insert("last_name".into(), "Roe".into());
            }
            let v = values(&id);
            let r = match rng.below(14) {
                0 => None,
                1 => Some(record(&with(v, &[("department", Some("Ops"))]))),
                2 => Some(record(&with(v, &[("employee_id", Some(&format!("R{i}")))]))),
                3 => Some(record(&with(
                    v,
                    &[("work_email", Some(&format!("r{i}@example.com")))],
                ))),
                4 => Some(record(&with(v, &[("status", Some("T"))]))),
                5 => Some(record(&with(v, &[("status", Some("L"))]))),
                6 => Some(excluded(&v)),
                7 => Some(record(&with(v, &[("last_name", None)]))),
                8 => Some(record(&with(
                    v,
                    &[("work_email", Some("shared@example.com"))],
                ))),
                9 => Some(record(&with(v, &[("employee_id", Some("E0"))]))),
                10 => Some(record(&with(
                    v,
                    &[
                        ("last_name", Some("X")),
                        ("date_of_birth", Some("2000-01-01")),
                    ],
                ))),
                11 => Some(record(&with(
                    v,
                    &[
                        ("employee_id", Some(&format!("Z{i}"))),
                        ("work_email", Some(&format!("z{i}@example.com"))),
                        ("alternate_id", Some(&format!("ALT{i}"))),
                    ],
                ))),
                _ => Some(record(&v)),
            };
            directory.push(p);
            records.extend(r);
        }
        for j in 0..15 {
            let mut v = values(&format!("N{j}"));
            if rng.below(3) == 0 {
                v.insert("first_name".into(), "Sam".into());
                v.insert("last_name".into(), "Roe".into());
            }
            records.push(record(&v));
        }
        // Shuffle so claims happen in no particular order.
        for k in (1..records.len()).rev() {
            records.swap(k, rng.below(k as u64 + 1) as usize);
        }
        let n_records = records.len();
        let p = run(records, &directory);

        let mut seen_records = HashSet::new();
        let mut seen_people = HashSet::new();
        for c in &p.changes {
            if let Some(r) = c.record {
                assert!(seen_records.insert(r), "seed {seed}: record {r} twice");
            }
            if let Some(id) = c.person_id {
                assert!(seen_people.insert(id), "seed {seed}: person {id} twice");
            }
            assert_eq!(
                c.reason.is_some(),
                c.kind == ChangeKind::NeedsAttention,
                "seed {seed}: {c:?}"
            );
        }
        assert_eq!(seen_records.len(), n_records, "seed {seed}");
        for d in directory
            .iter()
            .filter(|d| d.status != PersonStatus::Former)
        {
            assert!(
                seen_people.contains(&d.person_id),
                "seed {seed}: person {} lost",
                d.person_id
            );
        }
        for kind in ChangeKind::iter() {
            let n = p.changes.iter().filter(|c| c.kind == kind).count();
            assert_eq!(p.counts.get(kind) as usize, n, "seed {seed}: {kind:?}");
        }
    }
}

#[test]
fn a_plan_split_across_threads_is_the_plan_made_on_one() {
    let directory: Vec<_> = (0..3_000).map(|i| active(i, &format!("E{i}"))).collect();
    let records: Vec<_> = (0..3_200)
        .map(|i| {
            let v = values(&format!("E{i}"));
            record(&match i % 7 {
                0 => with(v, &[("department", Some("Ops"))]),
                1 => with(v, &[("status", Some("T"))]),
                2 => with(v, &[("work_email", Some("same@example.com"))]),
                _ => v,
            })
        })
        .collect();
    let fetch = fetch(records);
    let settings = PlanSettings::default();
    let one = compare::plan_on(&fetch, &directory, &settings, today(), 1).unwrap();
    for threads in [2, 3] {
        let split = compare::plan_on(&fetch, &directory, &settings, today(), threads).unwrap();
        assert_eq!(split, one, "{threads} threads");
    }
    assert_eq!(one.changes.len(), 3_200);
}

#[test]
fn the_plan_types_declare_typescript_for_the_review_screen() {
    use ts_rs::TS;
    let change = PlannedChange::decl();
    assert!(change.contains("person_id: number | null"), "{change}");
    assert!(!change.contains("record:"), "{change}");
    assert!(ImportPlan::decl().contains("counts: PlanCounts"));
    assert!(LifecycleEvent::decl().contains("kind: LifecycleEventKind"));
}
