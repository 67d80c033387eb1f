//! The `mapping_version` table: every saved field mapping, numbered 1, 2, …
//! The spec is stored as JSON text, opaque here: the layers above the store
//! parse and write it (the store knows no mapping rule).

use rusqlite::{params, OptionalExtension, Row};

use super::{Store, StoreError};

/// One saved mapping version as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingVersionRow {
    pub version: u32,
    /// RFC 3339.
    pub saved_at: String,
    /// The mapping spec as JSON.
    pub spec: String,
    pub note: Option<String>,
}

fn row(r: &Row<'_>) -> rusqlite::Result<MappingVersionRow> {
    Ok(MappingVersionRow {
        version: r.get(0)?,
        saved_at: r.get(1)?,
        spec: r.get(2)?,
        note: r.get(3)?,
    })
}

const COLUMNS: &str = "version, saved_at, spec, note";

impl Store {
    /// Saves `spec` (JSON) as the next version (the highest so far + 1) in
    /// one statement, so two saves never share a number.
    pub fn save_mapping_version(
        &self,
        spec: &str,
        saved_at: &str,
        note: Option<&str>,
    ) -> Result<MappingVersionRow, StoreError> {
        Ok(self.conn().query_row(
            &format!(
                "INSERT INTO mapping_version (version, saved_at, spec, note)
                 SELECT COALESCE(MAX(version), 0) + 1, ?1, ?2, ?3 FROM mapping_version
                 RETURNING {COLUMNS}"
            ),
            params![saved_at, spec, note],
            row,
        )?)
    }

    /// The newest version, if any was saved.
    pub fn latest_mapping_version(&self) -> Result<Option<MappingVersionRow>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM mapping_version ORDER BY version DESC LIMIT 1"),
                [],
                row,
            )
            .optional()?)
    }

    pub fn mapping_version(&self, version: u32) -> Result<Option<MappingVersionRow>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM mapping_version WHERE version = ?1"),
                [version],
                row,
            )
            .optional()?)
    }

    /// Every version, newest first.
    pub fn mapping_versions(&self) -> Result<Vec<MappingVersionRow>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM mapping_version ORDER BY version DESC"
        ))?;
        let rows = stmt.query_map([], row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{DbKey, Store};

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("r.db"), &DbKey::from_bytes([5; 32])).unwrap();
        (dir, store)
    }

    #[test]
    fn versions_count_up_from_one_and_read_back() {
        let (_dir, store) = store();
        assert_eq!(store.latest_mapping_version().unwrap(), None);
        let one = store
            .save_mapping_version(r#"{"mappings":[]}"#, "2026-11-22T10:00:00Z", None)
            .unwrap();
        let two = store
            .save_mapping_version(
                r#"{"mappings":[1]}"#,
                "2026-11-22T11:00:00Z",
                Some("second"),
            )
            .unwrap();
        assert_eq!((one.version, two.version), (1, 2));
        assert_eq!(store.latest_mapping_version().unwrap(), Some(two.clone()));
        assert_eq!(store.mapping_version(1).unwrap(), Some(one.clone()));
        assert_eq!(store.mapping_version(9).unwrap(), None);
        assert_eq!(store.mapping_versions().unwrap(), vec![two, one]);
    }

    #[test]
    fn a_spec_that_is_not_json_is_refused() {
        let (_dir, store) = store();
        assert!(store
            .save_mapping_version("not json", "2026-11-22T10:00:00Z", None)
            .is_err());
        assert_eq!(store.mapping_versions().unwrap(), vec![]);
    }
}
