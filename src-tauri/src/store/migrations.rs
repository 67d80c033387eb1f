//! Numbered schema migrations embedded in the binary. `PRAGMA user_version`
//! records the last one applied; each runs in its own transaction, so a
//! crash mid-migration leaves the previous schema intact.

use rusqlite::Connection;

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
];

#[cfg(test)]
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn run(conn: &mut Connection) -> Result<(), StoreError> {
    apply(conn, MIGRATIONS)
}

fn apply(conn: &mut Connection, migrations: &[(&str, &str)]) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = migrations.len() as i64;
    if current > known {
        return Err(StoreError::TooNew {
            found: current,
            known,
        });
    }
    for (index, (name, sql)) in migrations.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(migration = name, version, "applied database migration");
    }
    Ok(())
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

    #[test]
    fn running_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        run(&mut conn).unwrap();
        run(&mut conn).unwrap();
        assert_eq!(version(&conn), latest());
    }
}
