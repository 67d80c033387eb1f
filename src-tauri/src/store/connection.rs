//! The `connection` table: the one configured TriNet connection (never its secret).

use super::{Store, StoreError};

impl Store {
    /// Whether a TriNet connection has been saved.
    pub fn connection_configured(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM connection)", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{DbKey, Store};

    #[test]
    fn a_new_database_has_no_connection() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("r.db"), &DbKey::from_bytes([3; 32])).unwrap();
        assert!(!store.connection_configured().unwrap());
        store
            .conn()
            .execute(
                "INSERT INTO connection (id, company_id, client_id, base_url, created_at) \
                 VALUES (1, 'ABC', 'cid', 'https://api.trinet.com', 'now')",
                [],
            )
            .unwrap();
        assert!(store.connection_configured().unwrap());
    }
}
