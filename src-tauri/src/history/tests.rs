//! The offline queries on a real encrypted database filled by applying a
//! sandbox company's weeks: what the History and Directory screens and the
//! exports show must agree with what the imports did.

use chrono::Utc;

use super::*;
use crate::model::{ChangeKind, LifecycleEventKind, PersonStatus};
use crate::model::{ChangeQuery, ImportOutcome};
use crate::model::{DirectoryQuery, EventQuery, HistoryQuery};
use crate::sandbox::{ChurnRates, Company};
use crate::sync::imports;
use crate::sync::tests as sync_tests;

fn plan(store: &Store, c: &Company) -> i64 {
    sync_tests::plan(store, &sync_tests::employees(c), c.today).import_id
}

/// `c` planned as if at `now` (created_at orders History and pruning).
fn plan_at(store: &Store, c: &Company, now: chrono::DateTime<Utc>) -> i64 {
    imports::plan_fetch(
        store,
        imports::PlanInput {
            records: (&sync_tests::employees(c)).into(),
            company_id: "SANDBOX",
            trigger: crate::model::ImportTrigger::Manual,
            today: c.today,
            now,
        },
    )
    .unwrap()
    .import_id
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

fn all_events(store: &Store, q: EventQuery) -> Vec<crate::model::EventRow> {
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

/// A 300-person company's first import, then its first simulated week,
/// both applied: (store, the first import, the week's import).
fn baseline_and_a_week(dir: &tempfile::TempDir) -> (Store, i64, i64) {
    let store = sync_tests::store(dir);
    let mut company = Company::generate(11, 300, sync_tests::start());
    let first = plan(&store, &company);
    imports::apply(&store, first, true, Utc::now()).unwrap();
    company.advance(7, &ChurnRates::default());
    let week = plan(&store, &company);
    imports::apply(&store, week, true, Utc::now()).unwrap();
    (store, first, week)
}

/// The people an import added who had not already left.
fn added(store: &Store, import_id: i64) -> usize {
    let page = imports::changes(
        store,
        import_id,
        &ChangeQuery {
            kind: Some(ChangeKind::New),
            limit: 500,
            ..ChangeQuery::default()
        },
    )
    .unwrap();
    assert_eq!(page.total as usize, page.lines.len(), "one page is enough");
    page.lines
        .iter()
        .filter(|l| l.change.status_change.map(|s| s.after) != Some(PersonStatus::Former))
        .count()
}

#[test]
fn after_a_first_import_and_a_week_joiners_are_only_the_weeks_hires() {
    let dir = tempfile::tempdir().unwrap();
    let (store, first, week) = baseline_and_a_week(&dir);
    let hired = added(&store, week);
    assert!(hired > 0, "a simulated week has a hire");
    assert!(added(&store, first) > 250, "the first import adds everyone");

    let c = charts(&store).unwrap();
    assert_eq!(
        c.months.iter().map(|m| m.joiners as usize).sum::<usize>(),
        hired,
        "the people already employed at the first import are not joiners"
    );
    let joiners = all_events(
        &store,
        EventQuery {
            kind: Some(LifecycleEventKind::Joiner),
            ..EventQuery::default()
        },
    );
    assert_eq!(joiners.len(), hired);
    assert!(joiners.iter().all(|e| e.import_id == week));

    // Every event listed and exported is the week's: the list starts after
    // the first import.
    let listed = all_events(&store, EventQuery::default());
    assert!(!listed.is_empty());
    assert!(listed.iter().all(|e| e.import_id == week), "{listed:?}");
    let (text, rows) = csv::events(&store, &EventQuery::default()).unwrap();
    assert_eq!(rows as usize, listed.len());
    for row in text.lines().skip(1) {
        let import = row.rsplit(',').nth(1).unwrap();
        assert_eq!(import, week.to_string(), "{row}");
    }

    // History says which import is the baseline, with its headcount, and
    // the charts start from it.
    let page = imports(&store, &HistoryQuery::default()).unwrap();
    let summary = |id: i64| page.imports.iter().find(|s| s.import_id == id).unwrap();
    assert!(summary(first).baseline);
    assert!(!summary(week).baseline);
    let start = &c.headcount[0];
    assert_eq!(start.import_id, first);
    assert_eq!(summary(first).headcount, Some(start.headcount));
    assert_eq!(
        c.baseline,
        Some(crate::model::BaselinePoint {
            import_id: first,
            date: summary(first).plan_date.clone(),
            headcount: Some(start.headcount),
        })
    );
    assert_eq!(c.months[0].month, summary(first).plan_date[..7]);

    // The people already employed are there when asked for by kind, and in
    // their own timelines: in the directory since the baseline.
    let already = all_events(
        &store,
        EventQuery {
            kind: Some(LifecycleEventKind::Baseline),
            ..EventQuery::default()
        },
    );
    assert_eq!(already.len(), added(&store, first));
    assert!(already.iter().all(|e| e.import_id == first));
    let someone = person(&store, already[0].person_id).unwrap();
    assert!(someone
        .events
        .iter()
        .any(|e| e.kind == LifecycleEventKind::Baseline && e.import_id == first));
    assert!(someone
        .events
        .iter()
        .all(|e| e.kind != LifecycleEventKind::Joiner));
    let hire = person(&store, joiners[0].person_id).unwrap();
    assert_eq!(hire.person.created_by, week);
    assert!(hire
        .events
        .iter()
        .any(|e| e.kind == LifecycleEventKind::Joiner));
}

#[test]
fn a_database_whose_first_import_recorded_joiners_reads_it_as_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let (store, first, week) = baseline_and_a_week(&dir);
    let hired = added(&store, week);
    // As Roster recorded it before the baseline (schema 5): joiners; then
    // the migration to schema 6 that reads them as the baseline.
    store
        .conn()
        .execute_batch("UPDATE lifecycle_event SET kind = 'joiner' WHERE kind = 'baseline';")
        .unwrap();
    store
        .conn()
        .execute_batch(include_str!("../../migrations/0006_baseline.sql"))
        .unwrap();
    drop(store);
    let store = sync_tests::store(&dir);
    let c = charts(&store).unwrap();
    assert_eq!(
        c.months.iter().map(|m| m.joiners as usize).sum::<usize>(),
        hired
    );
    assert!(all_events(&store, EventQuery::default())
        .iter()
        .all(|e| e.import_id == week));
    let already = all_events(
        &store,
        EventQuery {
            kind: Some(LifecycleEventKind::Baseline),
            ..EventQuery::default()
        },
    );
    assert_eq!(already.len(), added(&store, first));
}

#[test]
fn an_import_pruned_by_retention_reads_as_pruned_and_one_that_changed_no_one_as_that() {
    use crate::sync::settings;
    use chrono::{Duration, TimeZone};

    let dir = tempfile::tempdir().unwrap();
    let store = sync_tests::store(&dir);
    let company = Company::generate(5, 120, sync_tests::start());
    let then = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let first = plan_at(&store, &company, then);
    imports::apply(&store, first, true, then).unwrap();
    let mut s = settings::load(&store).unwrap();
    s.retention = settings::Retention::Months { months: 6 };
    settings::save(&store, &s, then).unwrap();

    // Seven months on, TriNet sends the same people: an import that
    // changes no one, and applying it prunes the first import's details.
    let later = then + Duration::days(210);
    let quiet = imports::summary(&store, plan_at(&store, &company, later)).unwrap();
    assert_eq!(
        quiet.counts.unchanged,
        quiet.counts.people(),
        "{:?}",
        quiet.counts
    );
    imports::apply(&store, quiet.import_id, false, later).unwrap();
    let failed = imports::record_failure(
        &store,
        crate::model::ImportTrigger::Scheduled,
        "SANDBOX",
        company.today,
        later,
        "unreachable",
        "TriNet could not be reached.",
    )
    .unwrap();

    let page = imports(&store, &HistoryQuery::default()).unwrap();
    let summary = |id: i64| page.imports.iter().find(|s| s.import_id == id).unwrap();
    let changed = |id: i64| {
        imports::changes(
            &store,
            id,
            &ChangeQuery {
                changed_only: true,
                limit: 10,
                ..ChangeQuery::default()
            },
        )
        .unwrap()
        .total
    };
    // Pruned: no line left, but it did change people.
    assert_eq!(changed(first), 0);
    assert!(summary(first).details_removed);
    assert!(summary(first).counts.new > 100, "its counts stay");
    // Truly empty: no changed line, and its details are all there.
    assert_eq!(changed(quiet.import_id), 0);
    assert!(!summary(quiet.import_id).details_removed);
    assert!(
        !summary(failed).details_removed,
        "a failed import had no details"
    );
}

/// The cells of one CSV line (quoted cells may hold commas and quotes).
fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cells.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

#[test]
fn the_directory_export_has_each_column_once() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = baseline_and_a_week(&dir);
    let (text, rows) = csv::directory(&store, &DirectoryQuery::default()).unwrap();
    let mut lines = text.lines();
    let header = csv_cells(lines.next().unwrap());
    let mut seen = std::collections::BTreeSet::new();
    for column in &header {
        assert!(seen.insert(column), "{column} twice in {header:?}");
    }
    // Roster's status beside TriNet's employment status, as mapped.
    let at = |name: &str| {
        header
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no {name} in {header:?}"))
    };
    let (roster, trinet) = (at("status"), at("trinet_status"));
    let everyone = store.directory().unwrap();
    assert_eq!(rows as usize, everyone.len());
    let mut pending = 0;
    for line in lines {
        let cells = csv_cells(line);
        assert_eq!(cells.len(), header.len(), "{line}");
        assert!(
            ["active", "on_leave", "pending_start", "former"].contains(&cells[roster].as_str()),
            "{line}"
        );
        assert!(
            ["active", "on_leave", "terminated", ""].contains(&cells[trinet].as_str()),
            "{line}"
        );
        if cells[roster] == "pending_start" {
            pending += 1;
            assert_eq!(cells[trinet], "active", "TriNet's own status: {line}");
        }
    }
    assert!(pending > 0, "the company has future starts");
}

/// Everyone in the directory, page by page, as the Directory screen lists them.
fn listed(store: &Store, q: DirectoryQuery) -> (u32, Vec<crate::model::DirectoryEntry>) {
    let mut people = Vec::new();
    loop {
        let page = directory(
            store,
            &DirectoryQuery {
                offset: people.len() as u32,
                limit: 100,
                ..q.clone()
            },
        )
        .unwrap();
        let n = page.people.len();
        people.extend(page.people);
        if n == 0 || people.len() as u32 >= page.total {
            return (page.total, people);
        }
    }
}

#[test]
fn a_renamed_person_moves_in_the_directory_order_and_a_move_shows_in_the_filters() {
    use crate::trinet::Employee;

    let dir = tempfile::tempdir().unwrap();
    let store = sync_tests::store(&dir);
    let company = Company::generate(3, 150, sync_tests::start());
    let mut raw = company.to_employee_json();
    let employees: Vec<Employee> = raw.iter().cloned().map(Employee::from_raw).collect();
    let first = sync_tests::plan(&store, &employees, company.today).import_id;
    imports::apply(&store, first, true, Utc::now()).unwrap();
    let (total, before) = listed(&store, DirectoryQuery::default());
    assert_eq!(total as usize, before.len());
    let last = before.last().unwrap().clone();
    let by_name = |p: &crate::model::DirectoryEntry| {
        (
            p.values.get("last_name").cloned(),
            p.values.get("first_name").cloned(),
        )
    };
    assert!(before.windows(2).all(|w| by_name(&w[0]) <= by_name(&w[1])));

    // The person listed last is renamed "Aardvark" and moves to a new department.
    let record = raw
        .iter_mut()
        .find(|r| r["employeeId"].as_str() == last.values.get("employee_id").map(String::as_str))
        .unwrap();
    for name in record["names"].as_array_mut().unwrap() {
        name["lastName"] = "Aardvark".into();
    }
    record["employmentInfo"]["department"]["deptName"] = "Skunkworks".into();
    let employees: Vec<Employee> = raw.into_iter().map(Employee::from_raw).collect();
    let week = sync_tests::plan(&store, &employees, company.today).import_id;
    imports::apply(&store, week, true, Utc::now()).unwrap();

    let (total, after) = listed(&store, DirectoryQuery::default());
    assert_eq!(total as usize, before.len(), "nobody joined or left");
    assert_eq!(after[0].person_id, last.person_id, "Aardvark comes first");
    assert_eq!(after[0].values["last_name"], "Aardvark");
    assert!(after.windows(2).all(|w| by_name(&w[0]) <= by_name(&w[1])));

    let f = facets(&store).unwrap();
    let skunkworks = f.departments.iter().find(|d| d.value == "Skunkworks");
    assert_eq!(skunkworks.map(|d| d.count), Some(1), "{:?}", f.departments);
    let (total, moved) = listed(
        &store,
        DirectoryQuery {
            department: Some("Skunkworks".into()),
            ..DirectoryQuery::default()
        },
    );
    assert_eq!((total, moved[0].person_id), (1, last.person_id));
    let old = last.values["department"].clone();
    let was = f
        .departments
        .iter()
        .find(|d| d.value == old)
        .map_or(0, |d| d.count);
    let (total, _) = listed(
        &store,
        DirectoryQuery {
            department: Some(old),
            status: Some(last.status),
            ..DirectoryQuery::default()
        },
    );
    assert!(total <= was, "two filters count the people they list");
}

/// Every line of an import, unchanged people included, page by page, as
/// Review and History's "Include unchanged people" list them.
fn every_line(store: &Store, import_id: i64, q: ChangeQuery) -> Vec<crate::model::ChangeLine> {
    let mut lines = Vec::new();
    loop {
        let page = imports::changes(
            store,
            import_id,
            &ChangeQuery {
                offset: lines.len() as u32,
                limit: 500,
                ..q.clone()
            },
        )
        .unwrap();
        let n = page.lines.len();
        lines.extend(page.lines);
        if n == 0 || lines.len() as u32 >= page.total {
            return lines;
        }
    }
}

#[test]
fn an_applied_import_lists_its_unchanged_people_as_its_review_did() {
    let dir = tempfile::tempdir().unwrap();
    let store = sync_tests::store(&dir);
    let mut company = Company::generate(13, 700, sync_tests::start());
    let first = plan(&store, &company);
    imports::apply(&store, first, true, Utc::now()).unwrap();
    company.advance(7, &ChurnRates::default());
    let week = plan(&store, &company);
    let reviewed = every_line(&store, week, ChangeQuery::default());
    let counts = imports::summary(&store, week).unwrap().counts;
    assert!(counts.unchanged > 600, "{counts:?}");
    assert_eq!(reviewed.len() as u32, counts.people());
    imports::apply(&store, week, true, Utc::now()).unwrap();

    let kept = every_line(&store, week, ChangeQuery::default());
    let seen = |lines: &[crate::model::ChangeLine]| -> Vec<_> {
        lines
            .iter()
            .map(|l| (l.seq, l.change.kind, l.change.person_id, l.name.clone()))
            .collect()
    };
    assert_eq!(
        seen(&kept),
        seen(&reviewed),
        "the same people, in the same order"
    );
    assert_eq!(imports::summary(&store, week).unwrap().counts, counts);
    let unchanged = every_line(
        &store,
        week,
        ChangeQuery {
            kind: Some(ChangeKind::Unchanged),
            ..ChangeQuery::default()
        },
    );
    assert_eq!(unchanged.len() as u32, counts.unchanged);
    let someone = &unchanged[unchanged.len() / 2];
    let before = reviewed.iter().find(|l| l.seq == someone.seq).unwrap();
    assert_eq!(
        (&someone.change.employee_id, &someone.change.work_email),
        (&before.change.employee_id, &before.change.work_email)
    );
    let found = every_line(
        &store,
        week,
        ChangeQuery {
            search: someone.change.work_email.clone(),
            ..ChangeQuery::default()
        },
    );
    assert_eq!(
        found.iter().map(|l| l.seq).collect::<Vec<_>>(),
        [someone.seq]
    );
    let changed = every_line(
        &store,
        week,
        ChangeQuery {
            changed_only: true,
            ..ChangeQuery::default()
        },
    );
    assert_eq!(changed.len() as u32, counts.people() - counts.unchanged);
    assert!(!imports(&store, &HistoryQuery::default())
        .unwrap()
        .imports
        .iter()
        .any(|s| s.details_removed));
}

#[test]
fn a_needs_attention_line_proposed_day_after_day_reads_in_full_each_time_and_is_stored_once() {
    use chrono::TimeZone;
    let dir = tempfile::tempdir().unwrap();
    let store = sync_tests::store(&dir);
    let mut company = Company::generate(17, 400, sync_tests::start());
    let attention = ChangeQuery {
        kind: Some(ChangeKind::NeedsAttention),
        ..ChangeQuery::default()
    };
    let (mut days, mut reviewed) = (Vec::new(), Vec::new());
    for day in 0..4u32 {
        if day > 0 {
            company.advance(1, &ChurnRates::default());
        }
        let now = Utc.with_ymd_and_hms(2026, 11, 22 + day, 9, 0, 0).unwrap();
        let id = plan_at(&store, &company, now);
        reviewed.push(every_line(&store, id, attention.clone()));
        imports::apply(&store, id, true, Utc::now()).unwrap();
        days.push(id);
    }
    // History lists each day's needs-attention lines as Review did.
    for (id, before) in days.iter().zip(&reviewed) {
        assert_eq!(&every_line(&store, *id, attention.clone()), before);
    }
    // The same bad records, proposed again each day with the same values.
    let values = |l: &crate::model::ChangeLine| {
        (
            l.change.employee_id.clone(),
            l.change.reason,
            l.change.fields.clone(),
            l.change.candidate.clone(),
            l.change.note.clone(),
        )
    };
    let repeated: usize = reviewed
        .windows(2)
        .map(|w| {
            w[1].iter()
                .filter(|l| w[0].iter().any(|f| values(f) == values(l)))
                .count()
        })
        .sum();
    assert!(repeated >= 3, "{repeated} lines proposed again");
    let lines: usize = reviewed.iter().map(Vec::len).sum();
    let bodies = store.line_body_count().unwrap() as usize;
    assert!(
        bodies + repeated <= lines,
        "{lines} lines, {repeated} of them repeats, {bodies} sets of values stored"
    );
    // A person's timeline shows each day's line as Review did too.
    let in_directory = |l: &&crate::model::ChangeLine| {
        l.change
            .person_id
            .is_some_and(|p| store.directory_entry(p).unwrap().is_some())
    };
    for line in reviewed[3].iter().filter(in_directory) {
        let timeline = person(&store, line.change.person_id.unwrap()).unwrap();
        for (id, day) in days.iter().zip(&reviewed) {
            let shown = timeline
                .changes
                .iter()
                .find(|c| c.import_id == *id && c.line.change.kind == ChangeKind::NeedsAttention);
            let proposed = day
                .iter()
                .find(|l| l.change.person_id == line.change.person_id);
            assert_eq!(shown.map(|c| &c.line), proposed);
        }
    }

    // Removing the first two days' lines keeps the later days whole, and
    // the values no line proposes any more go with them.
    store.prune_change_details("2026-11-24T00:00:00Z").unwrap();
    for (id, before) in days.iter().zip(&reviewed).skip(2) {
        assert_eq!(&every_line(&store, *id, attention.clone()), before);
    }
    store.prune_change_details("2027-01-01T00:00:00Z").unwrap();
    assert_eq!(store.line_body_count().unwrap(), 0);
}

#[test]
fn after_an_import_that_changes_only_titles_the_filters_still_count_whom_they_list() {
    use crate::trinet::Employee;

    let dir = tempfile::tempdir().unwrap();
    let store = sync_tests::store(&dir);
    let company = Company::generate(19, 150, sync_tests::start());
    let mut raw = company.to_employee_json();
    let employees: Vec<Employee> = raw.iter().cloned().map(Employee::from_raw).collect();
    let first = sync_tests::plan(&store, &employees, company.today).import_id;
    imports::apply(&store, first, true, Utc::now()).unwrap();
    let before = facets(&store).unwrap();

    for record in raw.iter_mut().step_by(3) {
        record["employmentInfo"]["businessTitle"] = "Principal Something".into();
    }
    let employees: Vec<Employee> = raw.into_iter().map(Employee::from_raw).collect();
    let titles = sync_tests::plan(&store, &employees, company.today).import_id;
    let applied = imports::apply(&store, titles, true, Utc::now()).unwrap();
    assert!(applied.people_changed >= 40, "{applied:?}");

    let after = facets(&store).unwrap();
    assert_eq!(after, before);
    for dept in &after.departments {
        let (total, _) = listed(
            &store,
            DirectoryQuery {
                department: Some(dept.value.clone()),
                ..DirectoryQuery::default()
            },
        );
        assert_eq!(total, dept.count, "{}", dept.value);
    }
}

/// The people whose name, preferred name, employee ID or work email holds
/// `typed`, ignoring case, worked out here from everyone's values.
fn expected_matches(store: &Store, typed: &str) -> Vec<i64> {
    let needle = typed.trim().to_lowercase();
    let mut ids: Vec<i64> = store
        .directory()
        .unwrap()
        .into_iter()
        .filter(|p| {
            let value = |k: &str| p.values.get(k).cloned().unwrap_or_default();
            [
                format!("{} {}", value("first_name"), value("last_name")),
                value("preferred_name"),
                value("employee_id"),
                value("work_email"),
            ]
            .iter()
            .any(|text| text.to_lowercase().contains(&needle))
        })
        .map(|p| p.person_id)
        .collect();
    ids.sort_unstable();
    ids
}

/// Everyone the Directory's search lists for `typed`, page after page
/// (sorted by id), and the total it announced.
fn searched(store: &Store, typed: &str) -> (u32, Vec<i64>) {
    let (total, people) = listed(
        store,
        DirectoryQuery {
            search: Some(typed.into()),
            ..DirectoryQuery::default()
        },
    );
    let mut ids: Vec<i64> = people.iter().map(|p| p.person_id).collect();
    ids.sort_unstable();
    (total, ids)
}

#[test]
fn the_directory_search_finds_what_a_user_types_in_any_case_accents_included() {
    let dir = tempfile::tempdir().unwrap();
    let store = sync_tests::store(&dir);
    let company = Company::generate(11, 300, sync_tests::start());
    // TriNet's records, with the names a test gives some of them.
    let mut raw = company.to_employee_json();
    let mut rename = |i: usize, first: &str, last: &str| {
        for name in raw[i]["names"].as_array_mut().unwrap() {
            name["firstName"] = first.into();
            name["lastName"] = last.into();
            name["name"] = format!("{last},{first}").into();
        }
        raw.iter()
            .cloned()
            .map(crate::trinet::Employee::from_raw)
            .collect::<Vec<_>>()
    };
    let people = rename(3, "Émile", "Öberg-Nuñez");
    let first = sync_tests::plan(&store, &people, company.today).import_id;
    imports::apply(&store, first, true, Utc::now()).unwrap();

    let someone = store.directory().unwrap()[40].clone();
    let typed = [
        "ÖBERG",
        "émile öB",
        "  nuÑez ",
        "son",
        "a",
        &someone.values["employee_id"].to_lowercase(),
        &someone.values["work_email"].to_uppercase(),
    ];
    for typed in typed {
        let expected = expected_matches(&store, typed);
        assert!(!expected.is_empty(), "{typed:?} is someone's");
        assert_eq!(
            searched(&store, typed),
            (expected.len() as u32, expected),
            "{typed:?}"
        );
    }
    // Accents are letters of their own, as before: "Emile" is someone else.
    assert_eq!(searched(&store, "emile öberg").0, 0);

    // A later import renames two people: the search follows the new names.
    rename(3, "Emile", "Oberg");
    let people = rename(7, "Zoë", "Ångström");
    let second = sync_tests::plan(&store, &people, company.today).import_id;
    imports::apply(&store, second, true, Utc::now()).unwrap();
    assert_eq!(searched(&store, "ÖBERG").0, 0, "the old name is gone");
    for typed in ["emile oberg", "zoË ÅNG", "ström"] {
        let expected = expected_matches(&store, typed);
        assert_eq!(expected.len(), 1, "{typed:?}");
        assert_eq!(searched(&store, typed), (1, expected), "{typed:?}");
    }
}

#[test]
fn an_imports_lines_search_finds_what_was_typed_in_any_case_and_takes_wildcards_literally() {
    let dir = tempfile::tempdir().unwrap();
    let store = sync_tests::store(&dir);
    let company = Company::generate(17, 400, sync_tests::start());
    let id = plan(&store, &company);
    let all = every_line(&store, id, ChangeQuery::default());
    let found = |typed: &str| -> Vec<u32> {
        let query = ChangeQuery {
            search: Some(typed.into()),
            ..ChangeQuery::default()
        };
        every_line(&store, id, query)
            .iter()
            .map(|l| l.seq)
            .collect()
    };
    // Name, employee ID or work email contains it, ASCII case folded.
    let expected = |needle: &str| -> Vec<u32> {
        let needle = needle.to_ascii_lowercase();
        all.iter()
            .filter(|l| {
                [&l.name, &l.change.employee_id, &l.change.work_email]
                    .into_iter()
                    .flatten()
                    .any(|text| text.to_ascii_lowercase().contains(&needle))
            })
            .map(|l| l.seq)
            .collect()
    };
    let son = expected("son");
    assert!(!son.is_empty() && son.len() < all.len(), "{}", son.len());
    assert_eq!(found("son"), son);
    assert_eq!(found("SoN"), son);
    let email = all[all.len() / 2].change.work_email.clone().unwrap();
    assert_eq!(found(&email.to_uppercase()), expected(&email));
    for typed in ["%", "_", "s%n", "s_n", "\\"] {
        assert_eq!(found(typed), expected(typed), "{typed:?}");
    }
}
