//! The `settings` table: named JSON values (plan settings, and later the
//! schedule), each written whole.

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
