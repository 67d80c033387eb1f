//! The database key kept in a file (`--database-key-file`), for servers and
//! cron jobs that have no OS keyring. The file holds the 32 key bytes and
//! must be readable by its owner only: Roster refuses a file that group or
//! others may read, as ssh refuses a private key.

use std::io::Write;
use std::path::Path;

use super::key::DbKey;
use super::StoreError;

/// Permission bits that must be clear on a key file (group and others).
#[cfg(unix)]
const SHARED_BITS: u32 = 0o077;

/// The key in `file`: 32 raw bytes, or 64 hex digits (as `openssl rand -hex
/// 32` writes them) with surrounding whitespace. Refuses a file others can read.
pub fn read(file: &Path) -> Result<DbKey, StoreError> {
    let io = |source| StoreError::KeyFileIo {
        file: file.to_path_buf(),
        source,
    };
    let meta = match std::fs::metadata(file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::KeyFileMissing {
                file: file.to_path_buf(),
            })
        }
        other => other.map_err(io)?,
    };
    check_private(file, &meta)?;
    let bytes = std::fs::read(file).map_err(io)?;
    parse(&bytes).ok_or_else(|| StoreError::KeyFileInvalid {
        file: file.to_path_buf(),
    })
}

/// Writes `key` to a new `file` (never over an existing one), readable and
/// writable by its owner only from the moment it exists.
pub fn create(file: &Path, key: &DbKey) -> Result<(), StoreError> {
    let io = |source| StoreError::KeyFileIo {
        file: file.to_path_buf(),
        source,
    };
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut out = options.open(file).map_err(io)?;
    let written = out
        .write_all(key.bytes().expose())
        .and_then(|()| out.sync_all());
    if let Err(e) = written {
        drop(out);
        let _ = std::fs::remove_file(file);
        return Err(io(e));
    }
    Ok(())
}

fn parse(bytes: &[u8]) -> Option<DbKey> {
    if let Ok(raw) = <[u8; 32]>::try_from(bytes) {
        return Some(DbKey::from_bytes(raw));
    }
    DbKey::from_hex(std::str::from_utf8(bytes).ok()?.trim())
}

#[cfg(unix)]
fn check_private(file: &Path, meta: &std::fs::Metadata) -> Result<(), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & SHARED_BITS != 0 {
        return Err(StoreError::KeyFileShared {
            file: file.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

/// Windows files inherit their folder's access list; the user profile's
/// folders are private by default.
#[cfg(not(unix))]
fn check_private(_file: &Path, _meta: &std::fs::Metadata) -> Result<(), StoreError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_file_reads_back_the_same_key_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keys/roster.key");
        let key = DbKey::from_bytes([7; 32]);
        create(&file, &key).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), [7u8; 32]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(read(&file).unwrap().bytes().expose(), &[7; 32]);
        let again = create(&file, &DbKey::from_bytes([8; 32]));
        assert!(
            matches!(again, Err(StoreError::KeyFileIo { .. })),
            "{again:?}"
        );
        assert_eq!(
            std::fs::read(&file).unwrap(),
            [7u8; 32],
            "an existing key file is never overwritten"
        );
    }

    #[test]
    fn hex_text_is_accepted_and_other_content_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k");
        create_text(&file, &format!("{}\n", "ab".repeat(32)));
        assert_eq!(read(&file).unwrap().bytes().expose(), &[0xab; 32]);
        let short = dir.path().join("short");
        create_text(&short, "abcd\n");
        let err = read(&short).unwrap_err();
        assert!(matches!(err, StoreError::KeyFileInvalid { .. }), "{err:?}");
        assert!(err.to_string().contains("64 hex digits"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k");
        create(&file, &DbKey::from_bytes([1; 32])).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = read(&file).unwrap_err();
        assert!(
            matches!(err, StoreError::KeyFileShared { mode: 0o644, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("chmod 600"), "{err}");
    }

    #[test]
    fn a_missing_file_says_how_to_make_one() {
        let dir = tempfile::tempdir().unwrap();
        let err = read(&dir.path().join("none")).unwrap_err();
        assert!(matches!(err, StoreError::KeyFileMissing { .. }), "{err:?}");
        assert!(err.to_string().contains("roster connect"), "{err}");
    }

    fn create_text(file: &Path, text: &str) {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        options
            .open(file)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
}
