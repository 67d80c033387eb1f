//! The offline queries on a real encrypted database filled by applying a
//! sandbox company's weeks: what the History and Directory screens and the
//! exports show must agree with what the imports did.

use chrono::Utc;

use super::model::{DirectoryQuery, EventQuery, HistoryQuery};
use super::*;
use crate::plan::{ChangeKind, LifecycleEventKind, PersonStatus};
use crate::sandbox::{ChurnRates, Company};
use crate::sync::imports;
use crate::sync::model::{ChangeQuery, ImportOutcome};
use crate::sync::tests as sync_tests;

fn plan(store: &Store, c: &Company) -> i64 {
    sync_tests::plan(store, &sync_tests::employees(c), c.today).import_id
}

/// Ten weekly imports of a 600-person company, all applied but the sixth
/// (rejected; the seventh plans the same week again).
fn history(dir: &tempfile::TempDir) -> (Store, Vec<i64>, i64) {
    let store = sync_tests::store(dir);
    let mut company = Company::generate(7, 600, sync_tests::start());
    let mut applied = Vec::new();
    let mut rejected = 0;
    for week in 0..10 {
        if week > 0 && week != 6 {
            company.advance(7, &ChurnRates::default());
        }
        let id = plan(&store, &company);
        if week == 5 {
            imports::reject(&store, id, Utc::now()).unwrap();
            rejected = id;
        } else {
            imports::apply(&store, id, true, Utc::now()).unwrap();
            applied.push(id);
        }
    }
    (store, applied, rejected)
}

fn all_events(store: &Store, q: EventQuery) -> Vec<model::EventRow> {
    let mut out = Vec::new();
    loop {
        let page = events(
            store,
            &EventQuery {
                offset: out.len() as u32,
                limit: 500,
                ..q.clone()
            },
        )
        .unwrap();
        let n = page.events.len();
        out.extend(page.events);
        if n == 0 || out.len() as u32 >= page.total {
            return out;
        }
    }
}

#[test]
fn the_timeline_lists_imports_newest_first_and_filters_by_outcome_and_day() {
    let dir = tempfile::tempdir().unwrap();
    let (store, applied, rejected) = history(&dir);
    let all = imports(&store, &HistoryQuery::default()).unwrap();
    assert_eq!(all.total, 10);
    let ids: Vec<i64> = all.imports.iter().map(|s| s.import_id).collect();
    let mut newest_first = ids.clone();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, newest_first);

    let only_rejected = imports(
        &store,
        &HistoryQuery {
            outcome: Some(ImportOutcome::Rejected),
            ..HistoryQuery::default()
        },
    )
    .unwrap();
    assert_eq!(only_rejected.total, 1);
    assert_eq!(only_rejected.imports[0].import_id, rejected);

    // Days are the planned days: weeks 2..=3 of the company (Jan 19 .. Jan 26).
    let window = imports(
        &store,
        &HistoryQuery {
            from: Some("2026-01-19".into()),
            to: Some("2026-01-26".into()),
            ..HistoryQuery::default()
        },
    )
    .unwrap();
    assert_eq!(window.total, 2, "{:?}", window.imports);
    assert!(window
        .imports
        .iter()
        .all(|s| ("2026-01-19"..="2026-01-26").contains(&s.plan_date.as_str())));

    // Every line of every import reads back, including needs-attention
    // items left unresolved in an applied import (they changed nothing).
    let mut left_out = 0;
    for s in &all.imports {
        let page = imports::changes(
            &store,
            s.import_id,
            &ChangeQuery {
                kind: Some(ChangeKind::NeedsAttention),
                limit: 500,
                ..ChangeQuery::default()
            },
        )
        .unwrap();
        for l in &page.lines {
            if l.resolution.is_none() {
                assert!(!l.applied, "an unresolved item changed nothing");
                left_out += 1;
            }
        }
    }
    assert!(left_out > 0, "ten weeks have needs-attention items");

    let second_page = imports(
        &store,
        &HistoryQuery {
            offset: 8,
            limit: 5,
            ..HistoryQuery::default()
        },
    )
    .unwrap();
    assert_eq!(second_page.imports.len(), 2);
    assert_eq!(second_page.total, 10);
    assert_eq!(applied.len(), 9);
}

#[test]
fn the_directory_filters_agree_with_its_facets_and_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = history(&dir);
    let everyone = store.directory().unwrap();
    let f = facets(&store).unwrap();
    assert_eq!(f.total as usize, everyone.len());
    assert_eq!(f.statuses.iter().map(|s| s.count).sum::<u32>(), f.total);
    assert!(f.departments.len() > 1, "{:?}", f.departments);

    let dept = &f.departments[0];
    let page = directory(
        &store,
        &DirectoryQuery {
            department: Some(dept.value.clone()),
            limit: 500,
            ..DirectoryQuery::default()
        },
    )
    .unwrap();
    assert_eq!(page.total, dept.count);
    assert!(page
        .people
        .iter()
        .all(|p| p.values.get("department") == Some(&dept.value)));
    let names: Vec<(String, String)> = page
        .people
        .iter()
        .map(|p| {
            (
                p.values["last_name"].clone(),
                p.values["first_name"].clone(),
            )
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "listed by last name, then first name");

    let former = directory(
        &store,
        &DirectoryQuery {
            status: Some(PersonStatus::Former),
            ..DirectoryQuery::default()
        },
    )
    .unwrap();
    let expected = everyone
        .iter()
        .filter(|p| p.status == PersonStatus::Former)
        .count();
    assert!(expected > 0, "ten weeks have leavers");
    assert_eq!(former.total as usize, expected);

    let someone = &page.people[0];
    let found = directory(
        &store,
        &DirectoryQuery {
            search: Some(someone.values["work_email"].to_uppercase()),
            ..DirectoryQuery::default()
        },
    )
    .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.people[0].person_id, someone.person_id);

    let (text, rows) = csv::directory(
        &store,
        &DirectoryQuery {
            department: Some(dept.value.clone()),
            ..DirectoryQuery::default()
        },
    )
    .unwrap();
    assert_eq!(rows, dept.count, "the export ignores paging");
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("person_id,status,employee_id,work_email,first_name,last_name"));
    assert_eq!(text.lines().count() as u32, rows + 1);
}

#[test]
fn charts_and_events_are_computed_from_what_was_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (store, applied, _) = history(&dir);
    let c = charts(&store).unwrap();
    assert_eq!(
        c.headcount.iter().map(|p| p.import_id).collect::<Vec<_>>(),
        applied,
        "one point per applied import, in order"
    );
    let now = store
        .directory()
        .unwrap()
        .iter()
        .filter(|p| matches!(p.status, PersonStatus::Active | PersonStatus::OnLeave))
        .count();
    assert_eq!(c.headcount.last().unwrap().headcount as usize, now);

    let joiners = all_events(
        &store,
        EventQuery {
            kind: Some(LifecycleEventKind::Joiner),
            ..EventQuery::default()
        },
    );
    let leavers = all_events(
        &store,
        EventQuery {
            kind: Some(LifecycleEventKind::Leaver),
            ..EventQuery::default()
        },
    );
    assert!(!leavers.is_empty());
    assert_eq!(
        c.months.iter().map(|m| m.joiners as usize).sum::<usize>(),
        joiners.len()
    );
    assert_eq!(
        c.months.iter().map(|m| m.leavers as usize).sum::<usize>(),
        leavers.len()
    );

    // Joiners of one department over a range: exactly the new people of the
    // imports planned in that range who started there.
    let dept = facets(&store).unwrap().departments[0].value.clone();
    let (from, to) = ("2026-01-12", "2026-02-09");
    let found = all_events(
        &store,
        EventQuery {
            kind: Some(LifecycleEventKind::Joiner),
            department: Some(dept.clone()),
            from: Some(from.into()),
            to: Some(to.into()),
            ..EventQuery::default()
        },
    );
    let mut expected = 0;
    for s in imports(&store, &HistoryQuery::default()).unwrap().imports {
        if s.outcome != ImportOutcome::Applied || !(from..=to).contains(&s.plan_date.as_str()) {
            continue;
        }
        let new = imports::changes(
            &store,
            s.import_id,
            &ChangeQuery {
                kind: Some(ChangeKind::New),
                limit: 500,
                ..ChangeQuery::default()
            },
        )
        .unwrap();
        expected += new
            .lines
            .iter()
            .filter(|l| {
                l.change.status_change.map(|s| s.after) != Some(PersonStatus::Former)
                    && l.change
                        .fields
                        .iter()
                        .any(|f| f.field == "department" && f.after.as_deref() == Some(&dept))
            })
            .count();
    }
    assert!(expected > 0, "the range has joiners in {dept}");
    assert_eq!(found.len(), expected);
    assert!(found
        .iter()
        .all(|e| e.department.as_deref() == Some(dept.as_str())
            && (from..=to).contains(&e.occurred_on.as_str())));

    let (text, rows) = csv::events(
        &store,
        &EventQuery {
            kind: Some(LifecycleEventKind::Joiner),
            department: Some(dept),
            from: Some(from.into()),
            to: Some(to.into()),
            ..EventQuery::default()
        },
    )
    .unwrap();
    assert_eq!(rows as usize, expected);
    assert_eq!(text.lines().count(), expected + 1);
}

#[test]
fn a_persons_timeline_has_every_change_and_event_and_keeps_where_they_moved_from() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = history(&dir);
    let movers = all_events(
        &store,
        EventQuery {
            kind: Some(LifecycleEventKind::Mover),
            ..EventQuery::default()
        },
    );
    let moved = movers
        .iter()
        .find(|e| e.fields.iter().any(|f| f.field == "department"))
        .expect("ten weeks have a department move");
    let timeline = person(&store, moved.person_id).unwrap();
    assert_eq!(timeline.person.person_id, moved.person_id);
    assert!(timeline
        .changes
        .iter()
        .any(|c| c.import_id == moved.import_id && c.line.change.kind == ChangeKind::Updated));
    assert!(timeline
        .changes
        .iter()
        .all(|c| c.line.change.kind != ChangeKind::Unchanged));
    assert!(timeline.events.iter().any(|e| e.event_id == moved.event_id));
    let to = moved
        .fields
        .iter()
        .find(|f| f.field == "department")
        .unwrap();
    assert_eq!(
        moved.department, to.after,
        "a move happens in the new department"
    );
    if let Some(joined) = timeline
        .events
        .iter()
        .find(|e| e.kind == LifecycleEventKind::Joiner)
    {
        assert_eq!(joined.department, to.before, "they joined where they were");
    }

    assert!(matches!(
        person(&store, 999_999),
        Err(HistoryError::NoSuchPerson { person_id: 999_999 })
    ));
}

#[test]
fn an_export_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    write_file(&path, "a,b\r\n1,2\r\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\r\n1,2\r\n");
    write_file(&path, "c\r\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "c\r\n", "replaced");
    let missing = dir.path().join("no-such-folder").join("out.csv");
    let err = write_file(&missing, "x").unwrap_err();
    assert!(err.to_string().contains("Choose another folder"), "{err}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file is left behind"
    );
}
