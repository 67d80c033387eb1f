//! The `connection` table: the one configured TriNet connection (never its secret).

use rusqlite::{params, OptionalExtension};

use super::{Store, StoreError};

/// A saved connection as stored: everything but the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionRow {
    pub company_id: String,
    pub client_id: String,
    pub base_url: String,
    /// Space-separated, as TriNet sends them.
    pub scopes: String,
    pub company_name: Option<String>,
    pub legal_name: Option<String>,
    pub is_sandbox: bool,
    /// RFC 3339; the last successful check.
    pub last_verified_at: Option<String>,
    /// RFC 3339; the last check, successful or not.
    pub last_checked_at: Option<String>,
    /// Set while the last check failed: its error code and message.
    pub last_error_code: Option<String>,
    pub last_error: Option<String>,
}

impl ConnectionRow {
    /// A row that was never checked, for tests that need a saved connection.
    #[cfg(test)]
    pub fn unchecked(company_id: &str, client_id: &str, base_url: &str) -> Self {
        Self {
            company_id: company_id.into(),
            client_id: client_id.into(),
            base_url: base_url.into(),
            scopes: String::new(),
            company_name: None,
            legal_name: None,
            is_sandbox: false,
            last_verified_at: None,
            last_checked_at: None,
            last_error_code: None,
            last_error: None,
        }
    }
}

impl Store {
    /// Whether a TriNet connection has been saved.
    pub fn connection_configured(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM connection)", [], |r| r.get(0))?)
    }

    pub fn connection(&self) -> Result<Option<ConnectionRow>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT company_id, client_id, base_url, scopes, company_name, legal_name, is_sandbox,
                        last_verified_at, last_checked_at, last_error_code, last_error
                 FROM connection WHERE id = 1",
                [],
                |r| {
                    Ok(ConnectionRow {
                        company_id: r.get(0)?,
                        client_id: r.get(1)?,
                        base_url: r.get(2)?,
                        scopes: r.get(3)?,
                        company_name: r.get(4)?,
                        legal_name: r.get(5)?,
                        is_sandbox: r.get(6)?,
                        last_verified_at: r.get(7)?,
                        last_checked_at: r.get(8)?,
                        last_error_code: r.get(9)?,
                        last_error: r.get(10)?,
                    })
                },
            )
            .optional()?)
    }

    /// Saves `row` as the one connection, replacing any earlier one.
    pub fn save_connection(&self, row: &ConnectionRow, now: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO connection (id, company_id, client_id, base_url, scopes, company_name,
                 legal_name, is_sandbox, last_verified_at, last_checked_at, last_error_code,
                 last_error, created_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (id) DO UPDATE SET
                 company_id = excluded.company_id, client_id = excluded.client_id,
                 base_url = excluded.base_url, scopes = excluded.scopes,
                 company_name = excluded.company_name, legal_name = excluded.legal_name,
                 is_sandbox = excluded.is_sandbox, last_verified_at = excluded.last_verified_at,
                 last_checked_at = excluded.last_checked_at,
                 last_error_code = excluded.last_error_code, last_error = excluded.last_error",
            params![
                row.company_id,
                row.client_id,
                row.base_url,
                row.scopes,
                row.company_name,
                row.legal_name,
                row.is_sandbox,
                row.last_verified_at,
                row.last_checked_at,
                row.last_error_code,
                row.last_error,
                now
            ],
        )?;
        Ok(())
    }

    /// Records the outcome of a check of the saved connection.
    pub fn record_connection_check(
        &self,
        now: &str,
        failure: Option<(&str, &str)>,
    ) -> Result<(), StoreError> {
        match failure {
            None => self.conn().execute(
                "UPDATE connection SET last_verified_at = ?1, last_checked_at = ?1,
                     last_error_code = NULL, last_error = NULL WHERE id = 1",
                params![now],
            )?,
            Some((code, message)) => self.conn().execute(
                "UPDATE connection SET last_checked_at = ?1, last_error_code = ?2, last_error = ?3
                 WHERE id = 1",
                params![now, code, message],
            )?,
        };
        Ok(())
    }

    pub fn delete_connection(&self) -> Result<(), StoreError> {
        self.conn().execute("DELETE FROM connection", [])?;
        Ok(())
    }

    /// Every table's rows as text, for tests that prove a value is stored nowhere.
    #[cfg(test)]
    pub fn dump_all_text(&self) -> Result<String, StoreError> {
        let tables: Vec<String> = self
            .conn()
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = String::new();
        for t in tables {
            let mut stmt = self.conn().prepare(&format!("SELECT * FROM \"{t}\""))?;
            let cols = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                for i in 0..cols {
                    let v: rusqlite::types::Value = row.get(i)?;
                    out.push_str(&format!("{v:?}\t"));
                }
                out.push('\n');
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::ConnectionRow;
    use crate::store::{DbKey, Store};

    fn row() -> ConnectionRow {
        ConnectionRow {
            company_id: "ABC".into(),
            client_id: "cid".into(),
            base_url: "https://api.trinet.com".into(),
            scopes: "basic-read read".into(),
            company_name: Some("Example Robotics".into()),
            legal_name: Some("Example Robotics, Inc.".into()),
            is_sandbox: false,
            last_verified_at: Some("2026-11-22T10:00:00Z".into()),
            last_checked_at: Some("2026-11-22T10:00:00Z".into()),
            last_error_code: None,
            last_error: None,
        }
    }

    #[test]
    fn save_check_and_delete_a_connection() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("r.db"), &DbKey::from_bytes([3; 32])).unwrap();
        assert!(!store.connection_configured().unwrap());
        store
            .save_connection(&row(), "2026-11-22T10:00:00Z")
            .unwrap();
        assert!(store.connection_configured().unwrap());
        assert_eq!(store.connection().unwrap().unwrap(), row());

        store
            .record_connection_check("2026-11-23T09:00:00Z", Some(("bad_credentials", "wrong")))
            .unwrap();
        let failed = store.connection().unwrap().unwrap();
        assert_eq!(failed.last_error_code.as_deref(), Some("bad_credentials"));
        assert_eq!(
            failed.last_verified_at,
            row().last_verified_at,
            "last success is kept"
        );

        store
            .record_connection_check("2026-11-24T09:00:00Z", None)
            .unwrap();
        let ok = store.connection().unwrap().unwrap();
        assert_eq!(ok.last_error_code, None);
        assert_eq!(ok.last_verified_at.as_deref(), Some("2026-11-24T09:00:00Z"));

        store.delete_connection().unwrap();
        assert!(store.connection().unwrap().is_none());
    }
}
