//! How fast an approved import is applied: 100,000 changes (goal: under
//! 3 s), next to a bare rusqlite insert of the same 100,000 rows into the
//! same kind of database (SQLCipher, WAL, one transaction). Two cases: a
//! first import (100,000 new people) and a reorganisation (100,000 people
//! with a new job title and department). Prints figures; not a pass/fail
//! test: `cargo bench -p roster --bench apply`.

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

fn plan(store: &Store, employees: &[Employee], today: NaiveDate) -> i64 {
    imports::plan_fetch(
        store,
        PlanInput {
            employees,
            company_id: "BENCH",
            trigger: ImportTrigger::Cli,
            today,
            now: Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap(),
        },
    )
    .expect("plan")
    .import_id
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The same rows as a bare insert: status and the mapped values as JSON.
fn bare_insert(dir: &std::path::Path, rows: &[(String, String)]) -> Duration {
    let path = dir.join("bare.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\"; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         CREATE TABLE person (person_id INTEGER PRIMARY KEY, status TEXT NOT NULL, fields TEXT NOT NULL) STRICT;",
        "07".repeat(32)
    ))
    .unwrap();
    let started = Instant::now();
    let tx = conn.unchecked_transaction().unwrap();
    {
        let mut insert = tx
            .prepare("INSERT INTO person (status, fields) VALUES (?1, ?2)")
            .unwrap();
        for (status, fields) in rows {
            insert.execute([status, fields]).unwrap();
        }
    }
    tx.commit().unwrap();
    started.elapsed()
}

fn main() {
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

    let store = Store::open(&dir.path().join("roster.db"), &key()).unwrap();
    let planning = Instant::now();
    let first = plan(&store, &employees, today);
    let planned = planning.elapsed();
    let started = Instant::now();
    let applied = imports::apply(&store, first, true, Utc::now()).expect("apply");
    let first_apply = started.elapsed();

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
    let second = plan(&store, &moved, today);
    let started = Instant::now();
    let updated = imports::apply(&store, second, true, Utc::now()).expect("apply");
    let second_apply = started.elapsed();

    println!("apply bench: {PEOPLE} people, SQLCipher + WAL, one transaction");
    println!(
        "  bare rusqlite insert of the same {} rows: {:>8.1} ms",
        rows.len(),
        ms(bare)
    );
    println!(
        "  first import ({} new, {} events):       {:>8.1} ms  ratio {:.2}x  (planning and storing the plan took {:.1} ms)",
        applied.people_changed,
        applied.lifecycle_events,
        ms(first_apply),
        first_apply.as_secs_f64() / bare.as_secs_f64(),
        ms(planned)
    );
    println!(
        "  reorganisation ({} updated, {} events): {:>8.1} ms  ratio {:.2}x",
        updated.people_changed,
        updated.lifecycle_events,
        ms(second_apply),
        second_apply.as_secs_f64() / bare.as_secs_f64()
    );
    println!("  goal: under 3,000 ms for 100,000 changes");

    // The Directory screen on this 100,000-person directory (no goal; the
    // directory is sorted by name without an index, which would cost every
    // apply ~1.3 s here to maintain).
    let started = Instant::now();
    let page = roster_app::history::directory(
        &store,
        &roster_app::model::DirectoryQuery {
            limit: 100,
            ..Default::default()
        },
    )
    .expect("directory");
    let facets = roster_app::history::facets(&store).expect("facets");
    println!(
        "  directory first page of {} + facets ({} departments): {:>8.1} ms",
        page.total,
        facets.departments.len(),
        ms(started.elapsed())
    );
}
