//! How fast the offline screens open on a long history: 1,000 applied
//! imports of a 1,000-person company (one line per person per import:
//! 1,000,000 change rows), made by planning and applying the sandbox
//! company day after day. Goals: History's first screen (the first page of
//! the timeline and the charts) under 300 ms, an import's detail (its
//! summary and first page of changes) under 200 ms. Prints figures; not a
//! pass/fail test: `cargo bench -p roster --bench history`.
//!
//! The database is kept in target/bench-history/ and reused by later runs
//! (delete it to rebuild; building takes a minute or two).

use std::path::PathBuf;
use std::time::Instant;

use chrono::{NaiveDate, TimeZone, Utc};
use roster_app::history;
use roster_app::model::*;
use roster_app::model::{ChangeQuery, ImportTrigger};
use roster_app::sandbox::{ChurnRates, Company};
use roster_app::store::{DbKey, Store};
use roster_app::sync::imports::{self, PlanInput};
use roster_app::trinet::Employee;

/// The allocator the `roster` binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PEOPLE: usize = 1_000;
const IMPORTS: usize = 1_000;

fn key() -> DbKey {
    DbKey::from_bytes([5; 32])
}

mod common;
use common::{ms, row, Goal};

fn db_path() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("bench-history");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("history-{PEOPLE}x{IMPORTS}.db"))
}

/// Plans and applies the company day after day until it has `IMPORTS`
/// applied imports.
fn build(path: &std::path::Path) {
    let done = path.with_extension("done");
    if done.exists() {
        return;
    }
    let _ = std::fs::remove_file(path);
    let store = Store::open(path, &key()).unwrap();
    let mut company = Company::generate(11, PEOPLE, NaiveDate::from_ymd_opt(2023, 1, 2).unwrap());
    let started = Instant::now();
    for n in 0..IMPORTS {
        if n > 0 {
            company.advance(1, &ChurnRates::default());
        }
        let employees: Vec<Employee> = company
            .to_employee_json()
            .into_iter()
            .map(Employee::from_raw)
            .collect();
        let id = imports::plan_fetch(
            &store,
            PlanInput {
                records: (&employees).into(),
                company_id: "BENCH",
                trigger: ImportTrigger::Scheduled,
                today: company.today,
                now: Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap(),
            },
        )
        .unwrap()
        .import_id;
        imports::apply(&store, id, true, Utc::now()).unwrap();
        if n % 100 == 99 {
            eprintln!(
                "  built {} imports in {:.0} s",
                n + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    std::fs::write(done, "").unwrap();
}

/// Best and median of `rounds` runs of `f`, each on a freshly opened
/// database (so no statement is cached).
fn time(path: &std::path::Path, rounds: usize, mut f: impl FnMut(&Store)) -> (f64, f64) {
    let mut all = Vec::new();
    for _ in 0..rounds {
        let store = Store::open(path, &key()).unwrap();
        let started = Instant::now();
        f(&store);
        all.push(ms(started.elapsed()));
    }
    all.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (all[0], all[all.len() / 2])
}

fn main() {
    // SQLite set up as Roster sets it up, before this bench's own
    // connection (the first connection fixes it for the process).
    roster_app::store::prepare_sqlite();
    let path = db_path();
    build(&path);
    storage_row(&path);
    storage_breakdown(&path);
    let store = Store::open(&path, &key()).unwrap();
    let page = history::imports(&store, &HistoryQuery::default()).unwrap();
    let ids: Vec<i64> = page.imports.iter().map(|s| s.import_id).collect();
    let first = 1;
    let recent = ids[ids.len() / 2];
    let rows: u32 = imports::changes(
        &store,
        first,
        &ChangeQuery {
            limit: 1,
            ..ChangeQuery::default()
        },
    )
    .unwrap()
    .total;
    // Every import has one line per person it planned for.
    let mut lines: u64 = 0;
    for offset in (0..page.total).step_by(500) {
        let part = history::imports(
            &store,
            &HistoryQuery {
                offset,
                limit: 500,
                ..HistoryQuery::default()
            },
        )
        .unwrap();
        lines += part
            .imports
            .iter()
            .map(|s| {
                let c = s.counts;
                u64::from(
                    c.new
                        + c.updated
                        + c.deactivated
                        + c.reactivated
                        + c.leave_started
                        + c.leave_ended
                        + c.unchanged
                        + c.excluded
                        + c.needs_attention,
                )
            })
            .sum::<u64>();
    }
    let events = history::events(&store, &EventQuery::default())
        .unwrap()
        .total;
    println!(
        "history bench: {} imports, {} change rows ({} in the first import), {} lifecycle events",
        page.total, lines, rows, events
    );
    drop(store);

    let report = |what: &str, goal: Option<f64>, (best, median): (f64, f64)| {
        let verdict = match goal {
            Some(g) if median < g => format!("goal < {g} ms: met"),
            Some(g) => format!("goal < {g} ms: MISSED"),
            None => String::new(),
        };
        println!("  {what:<58} best {best:>7.1} ms  median {median:>7.1} ms  {verdict}");
        if let Some(g) = goal {
            let text: &'static str = if g >= 300.0 { "< 300 ms" } else { "< 200 ms" };
            row(
                &format!("history: {what}"),
                median,
                None,
                "ms",
                Goal {
                    text,
                    below: Some(g),
                    ratio_at_most: None,
                },
            );
        }
    };
    report(
        "History first screen (50 imports + charts)",
        Some(300.0),
        time(&path, 7, |s| {
            history::imports(
                s,
                &HistoryQuery {
                    limit: 50,
                    ..HistoryQuery::default()
                },
            )
            .unwrap();
            history::charts(s).unwrap();
        }),
    );
    report(
        "History filtered (applied, one quarter)",
        None,
        time(&path, 7, |s| {
            history::imports(
                s,
                &HistoryQuery {
                    outcome: Some(roster_app::model::ImportOutcome::Applied),
                    from: Some("2024-01-01".into()),
                    to: Some("2024-03-31".into()),
                    limit: 50,
                    ..HistoryQuery::default()
                },
            )
            .unwrap();
        }),
    );
    for (label, id) in [
        ("first import, 1,000 new", first),
        ("a later import", recent),
    ] {
        report(
            &format!("Import detail ({label})"),
            Some(200.0),
            time(&path, 7, |s| {
                imports::summary(s, id).unwrap();
                imports::changes(
                    s,
                    id,
                    &ChangeQuery {
                        changed_only: true,
                        limit: 100,
                        ..ChangeQuery::default()
                    },
                )
                .unwrap();
            }),
        );
    }
    let person = {
        let s = Store::open(&path, &key()).unwrap();
        history::directory(&s, &DirectoryQuery::default())
            .unwrap()
            .people[0]
            .person_id
    };
    report(
        "Person timeline (all imports)",
        None,
        time(&path, 7, |s| {
            history::person(s, person).unwrap();
        }),
    );
    report(
        "Directory first page + facets",
        None,
        time(&path, 7, |s| {
            history::directory(
                s,
                &DirectoryQuery {
                    limit: 100,
                    ..DirectoryQuery::default()
                },
            )
            .unwrap();
            history::facets(s).unwrap();
        }),
    );
    report(
        "Joiners of one department in a quarter",
        None,
        time(&path, 7, |s| {
            history::events(
                s,
                &EventQuery {
                    kind: Some(roster_app::model::LifecycleEventKind::Joiner),
                    department: Some("Engineering".into()),
                    from: Some("2024-01-01".into()),
                    to: Some("2024-03-31".into()),
                    ..EventQuery::default()
                },
            )
            .unwrap();
        }),
    );
}

/// The database's size on disk once its write-ahead log is folded in.
fn storage_row(path: &std::path::Path) {
    // Closing the last connection folds the log into the database.
    drop(Store::open(path, &key()).unwrap());
    let wal = path.with_extension("db-wal");
    let bytes =
        std::fs::metadata(path).unwrap().len() + std::fs::metadata(&wal).map_or(0, |m| m.len());
    row(
        "history storage, 1,000 daily imports of 1,000 people",
        bytes as f64 / 1e6,
        None,
        "MB",
        Goal {
            text: "< 50 MB",
            below: Some(50.0),
            ratio_at_most: None,
        },
    );
}

/// Where the bytes are: pages per table and index, and the stored lines by
/// kind with the length of their values, so a storage change can be aimed.
fn storage_breakdown(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", "05".repeat(32)))
        .unwrap();
    let mut tables = conn
        .prepare(
            "SELECT name, count(*), sum(pgsize), sum(unused) FROM dbstat
             GROUP BY name ORDER BY sum(pgsize) DESC LIMIT 12",
        )
        .unwrap();
    let rows = tables
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (name, pages, bytes, unused) = row.unwrap();
        println!(
            "  {name:<28} {pages:>7} pages {:>7.1} MB ({:.1} MB unused)",
            bytes as f64 / 1e6,
            unused as f64 / 1e6
        );
    }
    let mut kinds = conn
        .prepare(
            "SELECT kind, count(*), sum(length(fields)), sum(length(candidate)), sum(length(note))
             FROM import_change GROUP BY kind ORDER BY 3 DESC",
        )
        .unwrap();
    let rows = kinds
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                r.get::<_, Option<i64>>(4)?.unwrap_or(0),
            ))
        })
        .unwrap();
    for row in rows {
        let (kind, n, fields, candidate, note) = row.unwrap();
        println!(
            "  lines {kind:<16} {n:>8}: fields {:>6.1} MB, candidates {:>5.1} MB, notes {:>5.1} MB",
            fields as f64 / 1e6,
            candidate as f64 / 1e6,
            note as f64 / 1e6
        );
    }
}
