//! The `settings` table: named JSON values (plan settings, the schedule
//! and retention), each written whole.

use rusqlite::{params, OptionalExtension};

use super::{Store, StoreError};

impl Store {
    /// The JSON text stored under `key`.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![key],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str, updated_at: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            params![key, value, updated_at],
        )?;
        Ok(())
    }
}

impl Store {
    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled
    /// back otherwise. Inside another `in_transaction`, `f` joins that one.
    pub fn in_transaction<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<T, E> {
        if !self.conn().is_autocommit() {
            return f(self);
        }
        let tx = self
            .write_transaction()
            .map_err(|e| E::from(StoreError::from(e)))?;
        let value = f(self)?;
        tx.commit().map_err(|e| E::from(StoreError::from(e)))?;
        Ok(value)
    }
}
