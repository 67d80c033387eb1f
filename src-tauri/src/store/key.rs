//! The database key: 32 random bytes made at first start and kept in the OS
//! keyring (one entry per data folder), never on disk beside the database.

use std::path::Path;

use crate::vault::{self, Sensitive};

use super::StoreError;

/// A 32-byte SQLCipher key.
pub struct DbKey(Sensitive<[u8; 32]>);

impl DbKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Sensitive::new(bytes))
    }

    pub fn random() -> Result<Self, StoreError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Io(std::io::Error::other(format!("no OS randomness: {e}"))))?;
        Ok(Self::from_bytes(bytes))
    }

    pub fn hex(&self) -> Sensitive<String> {
        Sensitive::new(self.0.expose().iter().map(|b| format!("{b:02x}")).collect())
    }

    fn from_hex(s: &str) -> Option<Self> {
        if s.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
        }
        Some(Self::from_bytes(bytes))
    }
}

/// The keyring entry name for the database at `path`: one key per data folder,
/// so the sandbox's database and a real company's never share a key.
pub fn entry_name(path: &Path) -> String {
    let canonical = path
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .map(|p| p.join(path.file_name().unwrap_or_default()))
        .unwrap_or_else(|| path.to_path_buf());
    format!("database-key:{}", canonical.display())
}

/// The key for the database at `path`, created and stored on first start.
/// If the file exists but its key is gone, fails rather than start over.
pub fn for_database(path: &Path) -> Result<DbKey, StoreError> {
    let name = entry_name(path);
    match vault::get(&name)? {
        Some(hex) => DbKey::from_hex(hex.expose()).ok_or_else(|| StoreError::WrongKey {
            path: path.to_path_buf(),
        }),
        None if path.exists() => Err(StoreError::KeyMissing {
            path: path.to_path_buf(),
        }),
        None => {
            let key = DbKey::random()?;
            vault::set(&name, &key.hex())?;
            Ok(key)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn hex_round_trip() {
        let k = DbKey::from_bytes([0xab; 32]);
        let back = DbKey::from_hex(k.hex().expose()).unwrap();
        assert_eq!(back.0.expose(), &[0xab; 32]);
        assert!(DbKey::from_hex("zz").is_none());
    }

    #[test]
    fn first_start_creates_a_key_in_the_keyring_and_reopens_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roster.db");
        drop(Store::open_with_keyring(&path).unwrap());
        let stored = vault::get(&entry_name(&path))
            .unwrap()
            .expect("key saved in keyring");
        assert_eq!(stored.expose().len(), 64);
        drop(Store::open_with_keyring(&path).unwrap());
        vault::delete(&entry_name(&path)).unwrap();
    }

    #[test]
    fn missing_key_is_a_clear_error_and_no_new_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roster.db");
        drop(Store::open_with_keyring(&path).unwrap());
        let before = std::fs::read(&path).unwrap();
        vault::delete(&entry_name(&path)).unwrap();
        let err = Store::open_with_keyring(&path).unwrap_err();
        assert!(matches!(err, StoreError::KeyMissing { .. }), "{err:?}");
        assert!(err.to_string().contains("no longer in the OS keyring"));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the old file is kept as it was"
        );
        assert!(
            vault::get(&entry_name(&path)).unwrap().is_none(),
            "no new key was made"
        );
    }
}
