//! The database key: 32 random bytes made at first start and kept in the OS
//! keyring (one entry per database), never on disk beside the database; or,
//! on a machine without a keyring, in a file the admin names
//! (`--database-key-file`, see `key_file`).

use std::path::{Component, Path, PathBuf};

use crate::vault::{self, Sensitive, VaultError};

use super::{key_file, StoreError};

/// A 32-byte SQLCipher key (`Debug` shows it redacted).
#[derive(Debug)]
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

    pub(super) fn bytes(&self) -> &Sensitive<[u8; 32]> {
        &self.0
    }

    pub(super) fn from_hex(s: &str) -> Option<Self> {
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

/// Where a database's key is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// The OS keyring, one entry per database (made on first start).
    Keyring,
    /// A file the admin named for a machine without a keyring. Only
    /// `roster connect` makes it ([`create_file_if_missing`]); opening a
    /// database never does.
    File(PathBuf),
}

impl KeySource {
    /// The key file if one is given, else the keyring.
    pub fn from_key_file(file: Option<&Path>) -> Self {
        file.map_or(Self::Keyring, |f| Self::File(f.to_path_buf()))
    }
}

/// The keyring entry name for the database at `path`: one key per database,
/// so the sandbox's database and a real company's never share a key.
///
/// Invariant: the name depends on the path as written (made absolute, `.`
/// and `..` folded), never on the file system, so it is the same before and
/// after the folder exists, under a symlink, and on Windows.
pub fn entry_name(path: &Path) -> String {
    format!("database-key:{}", lexical_absolute(path).display())
}

/// The name earlier versions used: the folder's canonical path. It changed
/// once the folder existed (and differs under symlinks and on Windows), so
/// a key filed under it is moved to [`entry_name`] when found.
fn legacy_entry_name(path: &Path) -> Option<String> {
    let canonical = path.parent()?.canonicalize().ok()?;
    Some(format!(
        "database-key:{}",
        canonical.join(path.file_name()?).display()
    ))
}

fn lexical_absolute(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The key for the database at `path` from `source`. From the keyring it is
/// created and stored on first start; a key file is only read. If the
/// database exists but its key is gone, fails rather than start over.
pub fn for_database(path: &Path, source: &KeySource) -> Result<DbKey, StoreError> {
    match source {
        KeySource::File(file) => key_file::read(file),
        KeySource::Keyring => match stored_key(path)? {
            Some(key) => Ok(key),
            None if path.exists() => Err(StoreError::KeyMissing {
                path: path.to_path_buf(),
            }),
            None => {
                let key = DbKey::random()?;
                vault::set(&entry_name(path), &key.hex()).map_err(|e| no_keyring(path, e))?;
                Ok(key)
            }
        },
    }
}

/// The key the keyring holds for the database at `path`, moving it from
/// its legacy entry name if it is filed there.
fn stored_key(path: &Path) -> Result<Option<DbKey>, StoreError> {
    let name = entry_name(path);
    let hex = match vault::get(&name).map_err(|e| no_keyring(path, e))? {
        Some(hex) => hex,
        None => match move_legacy_entry(path, &name)? {
            Some(hex) => hex,
            None => return Ok(None),
        },
    };
    DbKey::from_hex(hex.expose())
        .map(Some)
        .ok_or_else(|| StoreError::WrongKey {
            path: path.to_path_buf(),
        })
}

/// Files the key kept under the legacy name under `name`, then removes the
/// legacy entry (only once the new one is stored).
fn move_legacy_entry(path: &Path, name: &str) -> Result<Option<Sensitive<String>>, StoreError> {
    let Some(legacy) = legacy_entry_name(path).filter(|legacy| legacy != name) else {
        return Ok(None);
    };
    let Some(hex) = vault::get(&legacy)? else {
        return Ok(None);
    };
    vault::set(name, &hex)?;
    vault::delete(&legacy)?;
    tracing::info!("moved the database key to its keyring entry name");
    Ok(Some(hex))
}

/// A keyring that cannot be reached becomes the error that names
/// `--database-key-file`; other keyring failures stay as they are.
fn no_keyring(path: &Path, e: VaultError) -> StoreError {
    match e {
        VaultError::Unavailable { detail, .. } => StoreError::NoKeyring {
            path: path.to_path_buf(),
            detail,
        },
        other => StoreError::Vault(other),
    }
}

/// For `roster connect --database-key-file FILE`: makes `file` when it does
/// not exist yet. A new database gets a new random key; a database that
/// already exists gets the key the OS keyring holds for it (so a desktop
/// set-up can hand over to cron), and without one the file is not made.
/// An existing file is checked, never replaced. Returns whether it made it.
pub fn create_file_if_missing(database: &Path, file: &Path) -> Result<bool, StoreError> {
    if std::fs::symlink_metadata(file).is_ok() {
        key_file::read(file)?;
        return Ok(false);
    }
    let key = if database.exists() {
        match stored_key(database) {
            Ok(Some(key)) => key,
            Ok(None) | Err(StoreError::NoKeyring { .. }) => {
                return Err(StoreError::KeyFileMissing {
                    file: file.to_path_buf(),
                })
            }
            Err(e) => return Err(e),
        }
    } else {
        DbKey::random()?
    };
    key_file::create(file, &key)?;
    Ok(true)
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
    fn the_entry_name_is_the_same_before_and_after_the_folder_exists() {
        let tmp = tempfile::tempdir().unwrap();
        let plain = tmp.path().join("data/sandbox/roster.db");
        let before = entry_name(&plain);
        std::fs::create_dir_all(plain.parent().unwrap()).unwrap();
        assert_eq!(entry_name(&plain), before);
        assert_eq!(
            entry_name(&tmp.path().join("data/./x/../sandbox/roster.db")),
            before,
            "`.` and `..` are folded"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_entry_name_is_the_same_before_and_after_the_folder_exists_under_a_symlink() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("real")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("real"), tmp.path().join("link")).unwrap();
        let path = tmp.path().join("link/sandbox/roster.db");
        let before = entry_name(&path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        assert_eq!(entry_name(&path), before);
    }

    /// A sandbox database (its folder made by the first start) in a data
    /// folder reached through a symlink opens again on the second start.
    #[cfg(unix)]
    #[test]
    fn a_sandbox_database_under_a_symlinked_data_folder_opens_on_its_second_start() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("real")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("real"), tmp.path().join("link")).unwrap();
        let path = tmp.path().join("link/sandbox/roster.db");
        drop(Store::open_with_keyring(&path).unwrap());
        let second = Store::open_with_keyring(&path);
        vault::delete(&entry_name(&path)).unwrap();
        second.expect("the second start finds the key the first one made");
    }

    /// Databases whose key an earlier Roster filed under the canonical path
    /// still open; the key moves to the new name.
    #[cfg(unix)]
    #[test]
    fn a_key_under_the_legacy_name_opens_the_database_and_moves_to_the_new_name() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("real")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("real"), tmp.path().join("link")).unwrap();
        let path = tmp.path().join("link/roster.db");
        let legacy = legacy_entry_name(&path).unwrap();
        assert_ne!(legacy, entry_name(&path));
        let key = DbKey::from_bytes([0x5a; 32]);
        drop(Store::open(&path, &key).unwrap());
        vault::set(&legacy, &key.hex()).unwrap();

        let opened = Store::open_with_keyring(&path);
        let moved = vault::get(&entry_name(&path)).unwrap();
        let left = vault::get(&legacy).unwrap();
        vault::delete(&entry_name(&path)).unwrap();
        vault::delete(&legacy).unwrap();
        opened.expect("the database opens with the legacy entry's key");
        assert_eq!(moved.unwrap().expose(), key.hex().expose());
        assert!(left.is_none(), "the legacy entry is gone");
    }

    #[test]
    fn a_key_file_is_read_never_made_when_a_database_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roster.db");
        let file = dir.path().join("roster.key");
        let err = Store::open_with_key_from(&path, &KeySource::File(file.clone())).unwrap_err();
        assert!(matches!(err, StoreError::KeyFileMissing { .. }), "{err:?}");
        assert!(!path.exists() && !file.exists(), "nothing is made");

        assert!(create_file_if_missing(&path, &file).unwrap());
        drop(Store::open_with_key_from(&path, &KeySource::File(file.clone())).unwrap());
        assert!(
            !create_file_if_missing(&path, &file).unwrap(),
            "an existing file is kept"
        );
        drop(Store::open_with_key_from(&path, &KeySource::File(file.clone())).unwrap());

        let other = dir.path().join("other.key");
        key_file::create(&other, &DbKey::from_bytes([3; 32])).unwrap();
        let err = Store::open_with_key_from(&path, &KeySource::File(other)).unwrap_err();
        assert!(matches!(err, StoreError::WrongKeyFile { .. }), "{err:?}");
    }

    #[test]
    fn a_key_file_for_an_existing_database_takes_the_key_the_keyring_holds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roster.db");
        drop(Store::open_with_keyring(&path).unwrap());
        let file = dir.path().join("roster.key");
        let made = create_file_if_missing(&path, &file);
        vault::delete(&entry_name(&path)).unwrap();
        assert!(made.unwrap());
        drop(Store::open_with_key_from(&path, &KeySource::File(file)).unwrap());

        let unknown = dir.path().join("unknown.key");
        let err = create_file_if_missing(&path, &unknown).unwrap_err();
        assert!(matches!(err, StoreError::KeyFileMissing { .. }), "{err:?}");
        assert!(!unknown.exists(), "no key file the database cannot use");
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
