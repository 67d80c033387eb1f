//! Numbered schema migrations embedded in the binary. `PRAGMA user_version`
//! records the last one applied; each runs in its own transaction, so a
//! crash mid-migration leaves the previous schema intact.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// In order; a migration's number is its position + 1. Never edit a shipped one.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../migrations/0001_init.sql")),
    (
        "0002_connection_check",
        include_str!("../../migrations/0002_connection_check.sql"),
    ),
    (
        "0003_mapping",
        include_str!("../../migrations/0003_mapping.sql"),
    ),
    (
        "0004_imports",
        include_str!("../../migrations/0004_imports.sql"),
    ),
    (
        "0005_history",
        include_str!("../../migrations/0005_history.sql"),
    ),
    (
        "0006_baseline",
        include_str!("../../migrations/0006_baseline.sql"),
    ),
    (
        "0007_provisioning",
        include_str!("../../migrations/0007_provisioning.sql"),
    ),
    (
        "0008_directory_speed",
        include_str!("../../migrations/0008_directory_speed.sql"),
    ),
    (
        "0009_compact_history",
        include_str!("../../migrations/0009_compact_history.sql"),
    ),
    (
        "0010_push_lines",
        include_str!("../../migrations/0010_push_lines.sql"),
    ),
    (
        "0011_repeated_lines",
        include_str!("../../migrations/0011_repeated_lines.sql"),
    ),
    (
        "0012_missing_index",
        include_str!("../../migrations/0012_missing_index.sql"),
    ),
    (
        "0013_directory_filters",
        include_str!("../../migrations/0013_directory_filters.sql"),
    ),
    (
        "0014_line_finder",
        include_str!("../../migrations/0014_line_finder.sql"),
    ),
    (
        "0015_reconciliations",
        include_str!("../../migrations/0015_reconciliations.sql"),
    ),
    (
        "0016_person_columns",
        include_str!("../../migrations/0016_person_columns.sql"),
    ),
    (
        "0017_kept_targets",
        include_str!("../../migrations/0017_kept_targets.sql"),
    ),
];

#[cfg(test)]
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn run(conn: &mut Connection) -> Result<(), StoreError> {
    // Migration 0016 fills the search text with it, as apply does later on
    // this (the writer's) connection.
    super::directory::register_search_text(conn)?;
    apply(conn, MIGRATIONS)
}

fn apply(conn: &mut Connection, migrations: &[(&str, &str)]) -> Result<(), StoreError> {
    let known = migrations.len() as i64;
    loop {
        // The version is read inside the write transaction: two processes
        // starting after an upgrade queue here, and the second sees what
        // the first applied instead of running it again.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if current > known {
            return Err(StoreError::TooNew {
                found: current,
                known,
            });
        }
        let Some((name, sql)) = migrations.get(current as usize) else {
            return Ok(());
        };
        let version = current + 1;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(migration = name, version, "applied database migration");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_failing_migration_keeps_the_previous_schema() {
        let mut conn = Connection::open_in_memory().unwrap();
        let list: &[(&str, &str)] = &[
            ("0001_ok", "CREATE TABLE a (x INTEGER);"),
            (
                "0002_bad",
                "CREATE TABLE half (x INTEGER); THIS IS NOT SQL;",
            ),
        ];
        assert!(apply(&mut conn, list).is_err());
        assert_eq!(version(&conn), 1, "the good migration stays applied");
        let half: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'half'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(half, 0, "the failed migration left nothing behind");
    }

    #[test]
    fn refuses_a_schema_from_a_newer_build() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest() + 1)
            .unwrap();
        assert!(matches!(run(&mut conn), Err(StoreError::TooNew { .. })));
    }

    /// Targets saved before `organization` was a default attribute get
    /// it, filled from the company's name; one whose admin fills it
    /// another way keeps that.
    #[test]
    fn older_targets_get_the_organization_default_and_an_admins_choice_stays() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, &MIGRATIONS[..13]).unwrap();
        let organization = format!("{}:organization", crate::model::ENTERPRISE_USER);
        let title = r#"{"attribute":"title","source":{"kind":"field","value":"job_title"}}"#;
        let own = format!(
            r#"{{"attribute":"{organization}","source":{{"kind":"fixed","value":"Acme EMEA"}}}}"#
        );
        for (name, settings) in [
            (
                "Old",
                format!(r#"{{"attributes":[{title}],"auto_push":true}}"#),
            ),
            ("Chosen", format!(r#"{{"attributes":[{title},{own}]}}"#)),
            ("Defaults", "{}".to_string()),
        ] {
            conn.execute(
                "INSERT INTO target (name, base_url, settings, created_at)
                 VALUES (?1, 'https://idp.test/scim/v2', ?2, '2026-01-01')",
                rusqlite::params![name, settings],
            )
            .unwrap();
        }
        run(&mut conn).unwrap();
        let rules = |name: &str| -> crate::reconcile::TargetSettings {
            let text: String = conn
                .query_row("SELECT settings FROM target WHERE name = ?1", [name], |r| {
                    r.get(0)
                })
                .unwrap();
            serde_json::from_str(&text).unwrap()
        };
        let source = |name: &str| {
            rules(name)
                .attributes
                .into_iter()
                .filter(|a| a.attribute == organization)
                .map(|a| a.source)
                .collect::<Vec<_>>()
        };
        use crate::reconcile::settings::Source;
        assert_eq!(source("Old"), [Source::Company]);
        let old = rules("Old");
        assert_eq!(
            old.attributes[0].attribute, "title",
            "the admin's rules stay"
        );
        assert!(old.auto_push);
        assert_eq!(source("Chosen"), [Source::Fixed("Acme EMEA".into())]);
        assert_eq!(source("Defaults"), [Source::Company]);
    }

    #[test]
    fn running_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        run(&mut conn).unwrap();
        run(&mut conn).unwrap();
        assert_eq!(version(&conn), latest());
    }

    #[test]
    fn two_processes_starting_at_once_migrate_once() {
        // Two connections to one file stand for two Roster processes that
        // start together after an upgrade; each must end on the latest schema.
        for _ in 0..10 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("race.db");
            let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
            let runs: Vec<_> = (0..2)
                .map(|_| {
                    let (path, barrier) = (path.clone(), barrier.clone());
                    std::thread::spawn(move || {
                        let mut conn = Connection::open(&path).unwrap();
                        conn.busy_timeout(std::time::Duration::from_secs(10))
                            .unwrap();
                        barrier.wait();
                        run(&mut conn).map_err(|e| e.to_string())
                    })
                })
                .collect();
            for r in runs {
                r.join().unwrap().expect("both starts succeed");
            }
            assert_eq!(version(&Connection::open(&path).unwrap()), latest());
        }
    }
}
