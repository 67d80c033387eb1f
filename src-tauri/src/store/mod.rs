//! Roster's local database: one SQLCipher-encrypted SQLite file in the data
//! folder. All SQL lives under this module: migrations, one module per table.
//! The 32-byte key is a parameter so tests can pass their own; `key` fetches
//! or creates the real one in the OS keyring, or reads it from the admin's
//! key file (`key_file`) on a machine without a keyring.

pub mod connection;
mod directory;
pub mod history;
pub mod imports;
pub mod key;
mod key_file;
pub mod mapping;
mod migrations;
pub mod provision;
mod reconciliations;
mod scheduled;
mod settings;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use connection::ConnectionRow;
pub use imports::{ApplyStats, ApplyWrites, ImportRow, NewImport, PersonWrite, Refusal};
pub use key::{DbKey, KeySource};
pub use mapping::MappingVersionRow;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "Roster's database at {path} is encrypted with a key that is no longer in the OS keyring. \
         Restore the keyring (or the login session) it was created in, or move the file away to start \
         with an empty database."
    )]
    KeyMissing { path: PathBuf },
    #[error(
        "Roster's database at {path} cannot be opened with the key in the OS keyring (wrong key, or \
         the file is damaged). Restore the matching keyring, or move the file away to start afresh."
    )]
    WrongKey { path: PathBuf },
    #[error(
        "Roster's database at {path} cannot be opened with the key in {file} (another database's key, \
         or a damaged file). Use the key file this database was made with, or move the database away \
         to start afresh."
    )]
    WrongKeyFile { path: PathBuf, file: PathBuf },
    #[error(
        "No OS keyring is reachable to hold the key of Roster's database at {path} (a server, or a cron \
         job outside a desktop session). Give Roster a key file instead: --database-key-file FILE (or \
         ROSTER_DATABASE_KEY_FILE=FILE) on every command; `roster connect` with it creates the file. \
         (detail: {detail})"
    )]
    NoKeyring { path: PathBuf, detail: String },
    #[error(
        "The database key file {file} does not exist. `roster connect --database-key-file {file}` \
         creates it for a new database; for a database that already exists, restore the key file it \
         was made with."
    )]
    KeyFileMissing { file: PathBuf },
    #[error(
        "The database key file {file} can be read by other users (mode {mode:03o}), so Roster will not \
         use it. Make it private with `chmod 600 {file}` and try again."
    )]
    KeyFileShared { file: PathBuf, mode: u32 },
    #[error(
        "The database key file {file} does not hold a database key (32 bytes, or 64 hex digits). \
         Restore the key file this database was made with."
    )]
    KeyFileInvalid { file: PathBuf },
    #[error("Could not use the database key file {file}: {source}")]
    KeyFileIo {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("Roster's database was written by a newer version of Roster (schema {found}, this build knows {known}). Update Roster.")]
    TooNew { found: i64, known: i64 },
    #[error(transparent)]
    Vault(#[from] crate::vault::VaultError),
    #[error("Could not use Roster's database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("Could not use Roster's data folder: {0}")]
    Io(#[from] std::io::Error),
}

/// The writer's page cache, in KiB (SQLite's negative `cache_size`): what
/// the Directory and History read at 100,000 people (tens of MB) stays
/// decrypted in memory; SQLite takes the memory only as pages are read. A
/// plan's store or an apply raises it while it runs (`imports::LargeWrite`).
pub const WRITER_CACHE: i64 = -65_536;

/// The page cache of a large write, in KiB (SQLite's negative
/// `cache_size`). A first import of 100,000 people writes about 22,300
/// pages (87 MB): more than the connection's usual cache (64 MiB), so
/// SQLite spilled dirty pages into the log mid-transaction, and each index
/// the apply then builds read them back and decrypted them again (about a
/// quarter of the rebuild's time). SQLite takes the memory only as pages
/// are written, and gives back what is over the usual size when the write
/// ends.
pub const LARGE_WRITE_CACHE: i64 = -262_144;

/// Whether a large write checks the schema's CHECK constraints: in debug
/// builds (every test) yes, in release no. What a large write stores is
/// made by Roster's own code: JSON by serde_json, kinds, statuses and
/// reasons from their Rust types' names, so a check can only fail on a
/// bug, which the tests would meet. Checking costs at 100,000 people:
/// `json_valid` parses every line's and every person's fields again, about
/// 9% of storing a plan and 3% of an apply (perf, release build).
pub const CHECKS_IN_LARGE_WRITES: bool = cfg!(debug_assertions);

/// How long a statement waits for another connection's write lock.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Sets SQLite up for this process before its first connection: its
/// memory comes from mimalloc, like the rest of Roster's, and it keeps no
/// memory statistics (which take a global lock on every allocation). A
/// store write at 100,000 people makes millions of small allocations
/// (pages, records, statements), about a tenth of its time in glibc's
/// malloc. Called by every [`Store`] open; once SQLite is in use (an
/// earlier connection) it keeps what it had, which is only slower.
pub fn prepare_sqlite() {
    use rusqlite::ffi;
    use std::ffi::{c_int, c_void};

    // mimalloc's own entry points, linked through the `mimalloc` crate.
    extern "C" {
        fn mi_malloc(size: usize) -> *mut c_void;
        fn mi_realloc(p: *mut c_void, size: usize) -> *mut c_void;
        fn mi_free(p: *mut c_void);
        fn mi_usable_size(p: *const c_void) -> usize;
    }
    // SAFETY (all four): SQLite passes sizes it checked to be positive and
    // pointers it got from these same functions.
    unsafe extern "C" fn malloc(n: c_int) -> *mut c_void {
        mi_malloc(n as usize)
    }
    unsafe extern "C" fn free(p: *mut c_void) {
        mi_free(p)
    }
    unsafe extern "C" fn realloc(p: *mut c_void, n: c_int) -> *mut c_void {
        mi_realloc(p, n as usize)
    }
    unsafe extern "C" fn size(p: *mut c_void) -> c_int {
        mi_usable_size(p) as c_int
    }
    extern "C" fn roundup(n: c_int) -> c_int {
        (n + 7) & !7
    }
    extern "C" fn init(_: *mut c_void) -> c_int {
        ffi::SQLITE_OK
    }
    extern "C" fn shutdown(_: *mut c_void) {}

    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let methods = ffi::sqlite3_mem_methods {
            xMalloc: Some(malloc),
            xFree: Some(free),
            xRealloc: Some(realloc),
            xSize: Some(size),
            xRoundup: Some(roundup),
            xInit: Some(init),
            xShutdown: Some(shutdown),
            pAppData: std::ptr::null_mut(),
        };
        // SAFETY: both options are documented for use before SQLite
        // initialises (they answer SQLITE_MISUSE after, changing nothing);
        // SQLite copies `methods` before the call returns.
        let answers = unsafe {
            [
                ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 0 as c_int),
                ffi::sqlite3_config(
                    ffi::SQLITE_CONFIG_MALLOC,
                    &methods as *const ffi::sqlite3_mem_methods,
                ),
            ]
        };
        if answers.iter().any(|&rc| rc != ffi::SQLITE_OK) {
            tracing::debug!(?answers, "SQLite was already in use: its allocator stays");
        }
    });
}

/// Opens `path` and unlocks it with `key`; `WrongKey` instead of touching
/// a file it cannot decrypt.
fn unlock(path: &Path, key: &DbKey) -> Result<Connection, StoreError> {
    prepare_sqlite();
    let conn = Connection::open(path)?;
    // Another process may hold the write lock for a whole apply (a few
    // seconds at 100,000 people); wait for it rather than fail.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.hex().expose()))?;
    // The first read is where SQLCipher notices a wrong key.
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(StoreError::WrongKey {
                path: path.to_path_buf(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// An open, migrated, encrypted database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (or creates) the database at `path` with `key`, then runs any
    /// pending migrations. Fails with `WrongKey` instead of touching a file
    /// it cannot decrypt.
    pub fn open(path: &Path, key: &DbKey) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let conn = unlock(path, key)?;
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = WAL;
             PRAGMA foreign_keys = ON;
             PRAGMA synchronous = NORMAL;
             PRAGMA cache_size = {WRITER_CACHE};"
        ))?;
        // An apply's person updates come in a few shapes (which of status,
        // department, location and names they write), each a cached statement.
        conn.set_prepared_statement_cache_capacity(64);
        let mut store = Self {
            conn,
            path: path.to_path_buf(),
        };
        migrations::run(&mut store.conn)?;
        Ok(store)
    }

    /// A second, read-only connection to the database `open` made: WAL lets
    /// it read the last committed state while another connection writes,
    /// so the offline screens never wait for a preview or an apply. It runs
    /// no migrations (the writer did) and refuses to write.
    pub fn open_reader(path: &Path, key: &DbKey) -> Result<Self, StoreError> {
        let conn = unlock(path, key)?;
        conn.execute_batch("PRAGMA query_only = ON;")?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens the database at `path` with its key from the OS keyring,
    /// creating both on first start. A database whose key is gone is never
    /// replaced by a new empty one.
    pub fn open_with_keyring(path: &Path) -> Result<Self, StoreError> {
        Self::open_with_key_from(path, &KeySource::Keyring)
    }

    /// Opens the database at `path` with its key from `source` (see
    /// [`key::for_database`]).
    pub fn open_with_key_from(path: &Path, source: &KeySource) -> Result<Self, StoreError> {
        Self::open_keyed(path, source).map(|(store, _)| store)
    }

    /// [`Store::open_with_key_from`], also returning the key, so read
    /// connections ([`Store::open_reader`]) can be opened beside it.
    pub fn open_keyed(path: &Path, source: &KeySource) -> Result<(Self, DbKey), StoreError> {
        let key = key::for_database(path, source)?;
        match (Self::open(path, &key), source) {
            (Err(StoreError::WrongKey { path }), KeySource::File(file)) => {
                Err(StoreError::WrongKeyFile {
                    path,
                    file: file.clone(),
                })
            }
            (opened, _) => opened.map(|store| (store, key)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Empties every table (directory, history, settings, connection) in one
    /// transaction, keeping the schema: "erase the local data".
    pub fn erase_local_data(&self) -> Result<(), StoreError> {
        let tables: Vec<String> = self
            .conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let tx = self.write_transaction()?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
        for t in tables {
            tx.execute(&format!("DELETE FROM \"{t}\""), [])?;
        }
        tx.commit()?;
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Copies the pages the log holds into the database file: a passive
    /// checkpoint, which never waits for (nor holds up) readers or a writer
    /// and copies what no reader still needs. Storing a plan and applying
    /// one leave their pages in the log for this, so the admin waiting for
    /// the review screen or the directory does not also wait for the copy:
    /// the window runs it on a read connection once it has answered
    /// (`AppState::checkpoint_soon`), a scheduled run once it is done.
    /// Should nobody run it, the next large write does before it begins,
    /// the writer's other commits do (SQLite's automatic checkpoint, at
    /// 1,000 pages), and closing the last connection does too. Answers the
    /// log's pages and how many of them are now in the database; (0, 0)
    /// when SQLite could not run one now, e.g. while another connection's
    /// checkpoint runs (it answers -1 for both then): this one copied
    /// nothing, and that is no failure.
    pub fn checkpoint(&self) -> Result<(u32, u32), StoreError> {
        let (log, copied): (i64, i64) =
            self.conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                    Ok((r.get(1)?, r.get(2)?))
                })?;
        let pages = |n: i64| u32::try_from(n).unwrap_or(0);
        Ok((pages(log), pages(copied)))
    }

    /// A write transaction that takes the write lock at once (a deferred
    /// one that read first could not upgrade if another process wrote
    /// meanwhile), and rolls back if dropped uncommitted (a panic, an
    /// early return).
    pub(crate) fn write_transaction(&self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        rusqlite::Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> DbKey {
        DbKey::from_bytes([byte; 32])
    }

    #[test]
    fn migrates_a_new_file_and_reopens_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let store = Store::open(&path, &key(1)).unwrap();
        assert_eq!(store.schema_version().unwrap(), migrations::latest());
        let journal: String = store
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
        let fk: i64 = store
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        drop(store);
        let again = Store::open(&path, &key(1)).unwrap();
        assert_eq!(again.schema_version().unwrap(), migrations::latest());
    }

    #[test]
    fn another_key_cannot_open_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        drop(Store::open(&path, &key(1)).unwrap());
        let before = std::fs::read(&path).unwrap();
        match Store::open(&path, &key(2)) {
            Err(StoreError::WrongKey { .. }) => {}
            other => panic!("expected WrongKey, got {other:?}"),
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "a failed open must not alter the file"
        );
    }

    #[test]
    fn file_is_unreadable_without_sqlcipher() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let store = Store::open(&path, &key(7)).unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO settings (key, value, updated_at) VALUES ('marker', 'Grace Hopper', 'now')",
                [],
            )
            .unwrap();
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        drop(store);
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "header must be encrypted"
        );
        assert!(
            !bytes.windows(12).any(|w| w == b"Grace Hopper"),
            "plain text must not appear on disk"
        );
        // Plain sqlite3 (if installed) cannot read it either.
        if let Ok(out) = std::process::Command::new("sqlite3")
            .arg(&path)
            .arg("SELECT count(*) FROM sqlite_master;")
            .output()
        {
            assert!(!out.status.success(), "sqlite3 read an encrypted file");
            assert!(String::from_utf8_lossy(&out.stderr).contains("not a database"));
        }
    }
}
