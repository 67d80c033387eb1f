//! How fast an approved import is applied: 100,000 changes (goal: under
//! 3 s), next to a bare rusqlite insert of the same 100,000 rows into the
//! same kind of database (SQLCipher, WAL, one transaction). Two cases: a
//! first import (100,000 new people) and a reorganisation (100,000 people
//! with a new job title and department). Prints figures; not a pass/fail
//! test: `cargo bench -p roster --bench apply`.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use roster_app::mapping::{default_spec, CompiledMapping};
use roster_app::model::ImportTrigger;
use roster_app::sandbox::Company;
use roster_app::store::{DbKey, Store};
use roster_app::sync::imports::{self, PlanInput};
use roster_app::trinet::Employee;
use serde_json::Value;

/// The allocator the `roster` binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PEOPLE: usize = 100_000;

fn key() -> DbKey {
    DbKey::from_bytes([7; 32])
}

mod common;
use common::{ms, row, Goal};

/// A database at `path` set up as Roster's is for a large write (raw key,
/// WAL, synchronous NORMAL, the large write's page cache, CHECK
/// constraints as a release build's large write has them), with the tables
/// `schema`; its commits leave the checkpoint to [`checkpoint_bare`], as
/// Roster's large writes leave it to `Store::checkpoint`.
fn bare_database(path: &Path, schema: &str) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\"; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         PRAGMA cache_size = {}; PRAGMA wal_autocheckpoint = 0;
         PRAGMA ignore_check_constraints = {}; {schema}",
        "07".repeat(32),
        roster_app::store::LARGE_WRITE_CACHE,
        !roster_app::store::CHECKS_IN_LARGE_WRITES,
    ))
    .unwrap();
    conn
}

/// The same rows as a bare insert: status and the mapped values as JSON,
/// into a database set up as Roster's is for a large write
/// ([`bare_database`]), with no index and no check.
fn bare_insert(dir: &std::path::Path, rows: &[(String, String)]) -> Duration {
    let conn = bare_database(
        &dir.join("bare.db"),
        "CREATE TABLE person (person_id INTEGER PRIMARY KEY, status TEXT NOT NULL, fields TEXT NOT NULL) STRICT;",
    );
    timed_write(&conn, "the bare insert", |tx| {
        let mut insert = tx
            .prepare("INSERT INTO person (status, fields) VALUES (?1, ?2)")
            .unwrap();
        for (status, fields) in rows {
            insert.execute([status, fields]).unwrap();
        }
    })
}

/// What a first import must write at the least, as a bare insert: the
/// same people into a table with Roster's person columns, checks and
/// indexes (sort order, search text, department and location computed
/// beforehand), and each one's baseline event into an events table with
/// Roster's indexes; the indexes built after the rows, as a first apply
/// builds them. Printed beside the ratio, to show how far the bare insert
/// above is from that floor; the ratio stays against the bare insert.
fn schema_insert(dir: &std::path::Path, rows: &[(String, String)]) -> Duration {
    let conn = bare_database(
        &dir.join("schema.db"),
        "CREATE TABLE person (person_id INTEGER PRIMARY KEY,
             status TEXT NOT NULL CHECK (status IN ('active', 'on_leave', 'pending_start', 'former')),
             missing_runs INTEGER NOT NULL DEFAULT 0 CHECK (missing_runs >= 0),
             fields TEXT NOT NULL CHECK (json_valid(fields)),
             created_by INTEGER NOT NULL, updated_by INTEGER NOT NULL,
             sort_name TEXT, department TEXT, location TEXT, search TEXT NOT NULL DEFAULT '') STRICT;
         CREATE TABLE lifecycle_event (event_id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL,
             person_id INTEGER NOT NULL, kind TEXT NOT NULL, occurred_on TEXT NOT NULL,
             fields TEXT NOT NULL CHECK (json_valid(fields)), department TEXT, location TEXT) STRICT;",
    );
    let extra: Vec<[Option<String>; 4]> = rows
        .iter()
        .map(|(_, fields)| {
            let v: Value = serde_json::from_str(fields).unwrap();
            let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
            let sort = format!(
                "{}\u{1f}{}",
                s("last_name").unwrap_or_default(),
                s("first_name").unwrap_or_default()
            );
            let search = format!(
                "{} {}\u{1f}{}\u{1f}{}\u{1f}{}",
                s("first_name").unwrap_or_default(),
                s("last_name").unwrap_or_default(),
                s("preferred_name").unwrap_or_default(),
                s("employee_id").unwrap_or_default(),
                s("work_email").unwrap_or_default()
            )
            .to_lowercase();
            [Some(sort), Some(search), s("department"), s("location")]
        })
        .collect();
    timed_write(&conn, "the schema floor", |tx| {
        let mut insert = tx
            .prepare(
                "INSERT INTO person (person_id, status, missing_runs, fields, created_by, updated_by,
                                     sort_name, search, department, location)
                 VALUES (?1, ?2, 0, ?3, 1, 1, ?4, ?5, ?6, ?7)",
            )
            .unwrap();
        let mut event = tx
            .prepare(
                "INSERT INTO lifecycle_event (import_id, person_id, kind, occurred_on, fields,
                                              department, location)
                 VALUES (1, ?1, 'baseline', '2026-01-05', '[]', ?2, ?3)",
            )
            .unwrap();
        for (i, ((status, fields), [sort, search, dept, loc])) in
            rows.iter().zip(&extra).enumerate()
        {
            let id = i as i64 + 1;
            insert
                .execute(rusqlite::params![
                    id, status, fields, sort, search, dept, loc
                ])
                .unwrap();
            event.execute(rusqlite::params![id, dept, loc]).unwrap();
        }
        tx.execute_batch(
            "CREATE INDEX person_status ON person (status);
             CREATE INDEX person_sort_name ON person (sort_name);
             CREATE INDEX person_missing ON person (missing_runs) WHERE missing_runs > 0;
             CREATE INDEX person_search ON person (sort_name, person_id, status, search);
             CREATE INDEX person_department ON person (department, sort_name, person_id, status);
             CREATE INDEX person_location ON person (location, sort_name, person_id, status);
             CREATE INDEX lifecycle_event_date ON lifecycle_event (occurred_on, kind);
             CREATE INDEX lifecycle_event_import ON lifecycle_event (import_id);
             CREATE INDEX lifecycle_event_person ON lifecycle_event (person_id);",
        )
        .unwrap();
    })
}

/// What a reorganisation must write at the least, as bare statements on
/// the schema floor's database (its people, events and indexes, left by
/// [`schema_insert`]): everyone's row rewritten with their new title and
/// department (the new JSON made beforehand, in Rust), their department
/// index entry moved, and a mover event each, in one transaction. The
/// reorganisation's floor, as the schema floor is a first import's.
fn schema_update(dir: &std::path::Path, rows: &[(String, String)]) -> Duration {
    let conn = bare_database(&dir.join("schema.db"), "");
    let moved: Vec<(String, String)> = rows
        .iter()
        .map(|(_, fields)| {
            let mut v: Value = serde_json::from_str(fields).unwrap();
            let before = v.get("department").cloned().unwrap_or(Value::Null);
            let title = v
                .get("job_title")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            v["job_title"] = Value::String(format!("{title} II"));
            v["department"] = Value::String("Reorganised".into());
            let event = serde_json::json!([
                {"field": "department", "before": before, "after": "Reorganised"},
                {"field": "job_title", "before": title, "after": format!("{title} II")},
            ]);
            (v.to_string(), event.to_string())
        })
        .collect();
    timed_write(&conn, "the update floor", |tx| {
        let mut update = tx
            .prepare(
                "UPDATE person SET fields = ?2, department = 'Reorganised', updated_by = 2
                 WHERE person_id = ?1",
            )
            .unwrap();
        let mut event = tx
            .prepare(
                "INSERT INTO lifecycle_event (import_id, person_id, kind, occurred_on, fields,
                                              department, location)
                 VALUES (2, ?1, 'mover', '2026-01-05', ?2, 'Reorganised', NULL)",
            )
            .unwrap();
        for (i, (fields, moved)) in moved.iter().enumerate() {
            let id = i as i64 + 1;
            update.execute(rusqlite::params![id, fields]).unwrap();
            event.execute(rusqlite::params![id, moved]).unwrap();
        }
    })
}

/// Runs `write` in one transaction on `conn`, timed (wall and CPU time,
/// printed as `what`), then its checkpoint timed apart: how each floor is
/// measured.
fn timed_write(
    conn: &rusqlite::Connection,
    what: &str,
    write: impl FnOnce(&rusqlite::Transaction<'_>),
) -> Duration {
    let (started, cpu) = (Instant::now(), common::cpu_ms());
    let tx = conn.unchecked_transaction().unwrap();
    write(&tx);
    tx.commit().unwrap();
    let took = started.elapsed();
    print_cpu(what, took, cpu);
    checkpoint_bare(conn, what);
    took
}

/// The checkpoint after a bare insert, timed apart as Roster's is (see
/// [`checkpoint_after`]).
fn checkpoint_bare(conn: &rusqlite::Connection, what: &str) {
    let started = Instant::now();
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        .unwrap();
    eprintln!("checkpoint after {what}: {:.0} ms", ms(started.elapsed()));
}

fn main() {
    // Where an apply's time goes: its steps, logged at debug level.
    tracing_subscriber::fmt()
        .with_env_filter("roster_app::store::imports=debug,roster_app::sync::imports=debug")
        .with_writer(std::io::stderr)
        .init();
    // SQLite set up as Roster sets it up, before the bare inserts' own
    // connections (the first connection fixes it for the process).
    roster_app::store::prepare_sqlite();
    let today = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    eprintln!("generating {PEOPLE} sandbox employees...");
    let company = Company::generate(42, PEOPLE, today);
    let raw: Vec<Value> = company.to_employee_json();
    let employees: Vec<Employee> = raw.iter().cloned().map(Employee::from_raw).collect();

    // The rows a bare insert writes: the mapped values of everyone.
    let spec = default_spec();
    let mapping = CompiledMapping::compile(&spec);
    let rows: Vec<(String, String)> = mapping
        .map_all(&employees)
        .into_iter()
        .map(|r| {
            let object: serde_json::Map<String, Value> = mapping
                .fields()
                .iter()
                .zip(r.values)
                .filter_map(|(f, v)| Some((f.name.clone(), Value::String(v?))))
                .collect();
            ("active".to_string(), Value::Object(object).to_string())
        })
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let bare = bare_insert(dir.path(), &rows);
    let schema = schema_insert(dir.path(), &rows);
    let update_floor = schema_update(dir.path(), &rows);

    let db = dir.path().join("roster.db");
    let store = Store::open(&db, &key()).unwrap();
    let (first, planned) = plan_then_store(&store, &employees, today);
    let (started, cpu) = (Instant::now(), common::cpu_ms());
    let applied = imports::apply(&store, first, true, Utc::now()).expect("apply");
    let first_apply = started.elapsed();
    print_cpu("the first apply", first_apply, cpu);
    checkpoint_after(&store, "the first apply");

    // Everyone moves: new department and title.
    let moved: Vec<Employee> = raw
        .into_iter()
        .map(|mut v| {
            let info = &mut v["employmentInfo"];
            let title = info["businessTitle"].as_str().unwrap_or("").to_string();
            info["businessTitle"] = Value::String(format!("{title} II"));
            if let Some(dept) = info.get_mut("department") {
                dept["deptName"] = Value::String("Reorganised".into());
            }
            Employee::from_raw(v)
        })
        .collect();
    let (second, replanned) = plan_then_store(&store, &moved, today);
    let (started, cpu) = (Instant::now(), common::cpu_ms());
    let updated = imports::apply(&store, second, true, Utc::now()).expect("apply");
    let second_apply = started.elapsed();
    print_cpu("the reorganisation", second_apply, cpu);
    checkpoint_after(&store, "the reorganisation");

    println!("apply bench: {PEOPLE} people, SQLCipher + WAL, one transaction");
    println!(
        "  bare rusqlite insert of the same {} rows: {:>8.1} ms",
        rows.len(),
        ms(bare)
    );
    println!(
        "  bare insert into Roster's person and event columns and indexes: {:>8.1} ms ({:.2}x the bare insert)",
        ms(schema),
        schema.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "  first import ({} new, {} events):       {:>8.1} ms  ratio {:.2}x ({:.2}x the schema floor)",
        applied.people_changed,
        applied.lifecycle_events,
        ms(first_apply),
        first_apply.as_secs_f64() / bare.as_secs_f64(),
        first_apply.as_secs_f64() / schema.as_secs_f64(),
    );
    println!(
        "  bare update of everyone's row and department, with a mover event each, in that schema: {:>8.1} ms ({:.2}x the bare insert)",
        ms(update_floor),
        update_floor.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "  reorganisation ({} updated, {} events): {:>8.1} ms  ratio {:.2}x ({:.2}x the update floor)",
        updated.people_changed,
        updated.lifecycle_events,
        ms(second_apply),
        second_apply.as_secs_f64() / bare.as_secs_f64(),
        second_apply.as_secs_f64() / update_floor.as_secs_f64()
    );
    println!(
        "  store the plan of the reorganisation: {:>8.1} ms",
        ms(replanned)
    );
    row(
        "store the plan for review (first import)",
        ms(planned),
        None,
        "ms",
        Goal {
            text: "< 800 ms",
            below: Some(800.0),
            ratio_at_most: None,
        },
    );
    for (stage, took) in [
        ("apply first import (vs bare insert)", first_apply),
        ("apply a reorganisation (vs bare insert)", second_apply),
    ] {
        row(
            stage,
            ms(took),
            Some(ms(bare)),
            "ms",
            Goal {
                text: "<= 2x a bare rusqlite insert",
                below: None,
                ratio_at_most: Some(2.0),
            },
        );
    }
    drop(store);
    directory_rows(&db);
}

/// Plans `employees` on the store, then stores the plan; the import's id
/// and how long storing took.
fn plan_then_store(store: &Store, employees: &[Employee], today: NaiveDate) -> (i64, Duration) {
    let input = PlanInput {
        records: employees.into(),
        company_id: "BENCH",
        trigger: ImportTrigger::Cli,
        today,
        now: Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap(),
    };
    let planned = imports::plan_only(store, &input).expect("plan");
    let (started, cpu) = (Instant::now(), common::cpu_ms());
    let id = imports::store_plan(store, &input, planned)
        .expect("store")
        .import_id;
    let took = started.elapsed();
    print_cpu("storing the plan", took, cpu);
    checkpoint_after(store, "storing the plan");
    (id, took)
}

/// `took` and the CPU time since `cpu` (the process's, 10 ms ticks): on
/// busy shared cores the wall time is partly waiting for a core.
fn print_cpu(what: &str, took: Duration, cpu: Option<f64>) {
    if let (Some(before), Some(after)) = (cpu, common::cpu_ms()) {
        eprintln!(
            "{what}: {:.0} ms, {:.0} ms of CPU time",
            ms(took),
            after - before
        );
    }
}

/// The checkpoint the window runs once it has answered (storing a plan
/// or applying one leaves its pages in the log), timed apart.
fn checkpoint_after(store: &Store, what: &str) {
    let started = Instant::now();
    let (log, done) = store.checkpoint().expect("checkpoint");
    eprintln!(
        "checkpoint after {what}: {:.0} ms ({done} of {log} pages)",
        ms(started.elapsed())
    );
}

/// Best of five runs of `f`, each on a freshly opened database.
fn best_fresh(db: &Path, mut f: impl FnMut(&Store)) -> f64 {
    (0..5)
        .map(|_| {
            let store = Store::open(db, &key()).unwrap();
            let started = Instant::now();
            f(&store);
            ms(started.elapsed())
        })
        .fold(f64::MAX, f64::min)
}

/// The Directory screen on this 100,000-person directory: the first page
/// with the filters' facets, and a page halfway down.
fn directory_rows(db: &Path) {
    use roster_app::model::DirectoryQuery;
    let page = |offset: u32| DirectoryQuery {
        limit: 100,
        offset,
        ..Default::default()
    };
    let first = best_fresh(db, |s| {
        let p = roster_app::history::directory(s, &page(0)).expect("directory");
        assert_eq!(p.people.len(), 100);
        roster_app::history::facets(s).expect("facets");
    });
    let scroll = best_fresh(db, |s| {
        let p = roster_app::history::directory(s, &page(PEOPLE as u32 / 2)).expect("directory");
        assert_eq!(p.people.len(), 100);
    });
    row(
        "directory first page + facets, 100,000 people",
        first,
        None,
        "ms",
        Goal {
            text: "< 50 ms",
            below: Some(50.0),
            ratio_at_most: None,
        },
    );
    row(
        "directory scroll page (offset 50,000)",
        scroll,
        None,
        "ms",
        Goal {
            text: "< 20 ms",
            below: Some(20.0),
            ratio_at_most: None,
        },
    );
}
