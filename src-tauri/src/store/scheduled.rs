//! The `import` table as the scheduler and data retention see it: when the
//! last run of a trigger was, holding a scheduled plan for review, and
//! dropping old per-person change details while keeping every import.

use crate::model::Spelled;
use rusqlite::{params, OptionalExtension};

use super::{Store, StoreError};
use crate::model::ImportTrigger;

impl Store {
    /// When the newest import started by `trigger` was made (RFC 3339).
    pub fn last_import_at(&self, trigger: ImportTrigger) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT created_at FROM import WHERE trigger = ?1 ORDER BY import_id DESC LIMIT 1",
                params![trigger.as_str()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Marks a plan still pending as held for review; false when it is
    /// not pending (already held, or decided).
    pub fn hold_import(&self, import_id: i64) -> Result<bool, StoreError> {
        Ok(self.conn().execute(
            "UPDATE import SET outcome = 'held' WHERE import_id = ?1 AND outcome = 'pending'",
            params![import_id],
        )? == 1)
    }

    /// Marks the open import `import_id` failed with why (a scheduled
    /// import that could not be applied); false when it is not open.
    pub fn fail_import(
        &self,
        import_id: i64,
        decided_at: &str,
        error_code: &str,
        error: &str,
    ) -> Result<bool, StoreError> {
        Ok(self.conn().execute(
            "UPDATE import SET outcome = 'failed', decided_at = ?2, error_code = ?3, error = ?4
             WHERE import_id = ?1 AND outcome IN ('pending', 'held')",
            params![import_id, decided_at, error_code, error],
        )? == 1)
    }

    /// Marks scheduled imports left pending by a run that never finished
    /// (killed between planning and applying) as failed. Only call it while
    /// holding the run lock, when no scheduled run can be in flight.
    pub fn fail_interrupted_runs(&self, decided_at: &str, error: &str) -> Result<u64, StoreError> {
        Ok(self.conn().execute(
            "UPDATE import SET outcome = 'failed', decided_at = ?1, error_code = 'interrupted',
                               error = ?2
             WHERE outcome = 'pending' AND trigger = 'scheduled'",
            params![decided_at, error],
        )? as u64)
    }

    /// Deletes the per-person lines of decided imports made before
    /// `before` (RFC 3339). The imports themselves, their counts, the
    /// directory and the lifecycle events stay. Returns the lines deleted.
    pub fn prune_change_details(&self, before: &str) -> Result<u64, StoreError> {
        let mut deleted = 0;
        for table in ["import_change", "import_unchanged"] {
            deleted += self.conn().execute(
                &format!(
                    "DELETE FROM {table} WHERE import_id IN (
                         SELECT import_id FROM import
                         WHERE outcome NOT IN ('pending', 'held') AND created_at < ?1)"
                ),
                params![before],
            )? as u64;
        }
        if deleted > 0 {
            // Values no line proposes any more.
            self.conn().execute(
                "DELETE FROM line_body WHERE NOT EXISTS (
                     SELECT 1 FROM import_change c WHERE c.body_id = line_body.body_id)",
                [],
            )?;
        }
        Ok(deleted)
    }

    /// Per-person lines stored for `import_id`.
    pub fn change_count(&self, import_id: i64) -> Result<i64, StoreError> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM import_line WHERE import_id = ?1",
            params![import_id],
            |r| r.get(0),
        )?)
    }

    /// Distinct sets of needs-attention values stored (`line_body`).
    #[cfg(test)]
    pub fn line_body_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM line_body", [], |r| r.get(0))?)
    }

    /// Lifecycle events recorded by `import_id`.
    #[cfg(test)]
    pub fn lifecycle_event_count(&self, import_id: i64) -> Result<i64, StoreError> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM lifecycle_event WHERE import_id = ?1",
            params![import_id],
            |r| r.get(0),
        )?)
    }
}
