//! The one `AppState`: where the data lives, which profile is active (the
//! real company, or the sandbox company in its own database so the two
//! never mix), the open database of that profile (or why it could not be
//! opened, so the window can still explain it), and the running sandbox.
//!
//! The database has one writer connection (`store`, held by previews,
//! applies and settings for their writes) and a pool of read-only
//! connections (`read`): with WAL, History, Directory and the status line
//! read the last committed state and never wait for the writer.

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use crate::connection::ValidForm;
use crate::mapping::RecordTexts;
use crate::paths::{DataDir, Profile};
use crate::sandbox::SandboxHandle;
use crate::store::{ConnectionRow, DbKey, KeySource, Store};
use crate::sync::{self, Fetched, SyncError};
use crate::trinet::{CancelToken, Progress};

use super::{ErrorCode, Failure};

pub struct AppState {
    /// The root data folder (logs, the profile marker, both profiles' data).
    pub data_dir: DataDir,
    active: Mutex<Active>,
    /// A copy of `active.profile`, readable while a `StoreGuard` holds
    /// `active` (reading the profile must never wait for the database lock).
    /// Written only inside `switch_profile`, under `active`'s lock.
    profile: RwLock<Profile>,
    /// The active profile's read-only connections, idle until a read
    /// borrows one. Never locked for longer than taking or returning one.
    readers: Arc<Mutex<Readers>>,
    /// The embedded sandbox server while the sandbox profile is in use.
    /// Held across `.await` (start and stop), hence tokio's Mutex.
    pub sandbox: tokio::sync::Mutex<Option<SandboxHandle>>,
    /// The last employee fetch, for the mapping screen's catalog and
    /// preview. Memory only: raw TriNet records never reach the database.
    /// Held across the fetch itself, so two screens never fetch at once.
    pub last_fetch: tokio::sync::Mutex<Option<Arc<Fetched>>>,
    /// Review's preview (waiting for its turn, then fetching), cancellable
    /// while it runs.
    pub preview_fetch: FetchSlot,
    /// Map fields' fetch, cancellable while it runs.
    pub catalog_fetch: FetchSlot,
    /// Provisioning's push preview (reading a target), cancellable while
    /// it runs.
    pub push_preview: FetchSlot,
    /// Held for a whole preview or scheduled sync (fetch, plan, apply), so
    /// two never run at once.
    pub import_run: tokio::sync::Mutex<()>,
    /// Tests only: a preview that has taken the writer to store its plan
    /// waits here until the test has read meanwhile (see `hold_store_plan`).
    #[cfg(test)]
    pub(crate) store_plan_hold: Mutex<Option<std::sync::mpsc::Receiver<()>>>,
}

/// The active profile and its writer connection.
struct Active {
    profile: Profile,
    store: Result<Store, Failure>,
}

/// Where read connections come from, and the idle ones.
struct Readers {
    profile: Profile,
    /// The database and its key, or why it could not be opened.
    source: Result<(std::path::PathBuf, Arc<DbKey>), Failure>,
    idle: Vec<Store>,
}

/// The idle read connections kept open; more are opened when reads overlap.
const IDLE_READERS: usize = 4;

fn open_store(data_dir: &DataDir, profile: Profile) -> Result<(Store, Arc<DbKey>), Failure> {
    let dir = data_dir.profile(profile);
    Store::open_keyed(&dir.database(), &KeySource::from_key_file(dir.key_file()))
        .map(|(store, key)| (store, Arc::new(key)))
        .map_err(Failure::from)
}

fn split(profile: Profile, opened: Result<(Store, Arc<DbKey>), Failure>) -> (Active, Readers) {
    let (store, source) = match opened {
        Ok((store, key)) => {
            let path = store.path().to_path_buf();
            (Ok(store), Ok((path, key)))
        }
        Err(e) => (Err(e.clone()), Err(e)),
    };
    (
        Active { profile, store },
        Readers {
            profile,
            source,
            idle: Vec::new(),
        },
    )
}

impl AppState {
    /// Opens the database of the last active profile in `data_dir`; a failure
    /// is kept and reported by every command that needs the database, rather
    /// than aborting start-up.
    pub fn open(data_dir: DataDir) -> Self {
        let profile = data_dir.active_profile();
        Self::open_profile(data_dir, profile)
    }

    /// Opens `profile`'s database without changing which profile the window
    /// opens on next (the command line picks its company with `--sandbox`).
    pub fn open_profile(data_dir: DataDir, profile: Profile) -> Self {
        let (active, readers) = split(profile, open_store(&data_dir, profile));
        Self {
            data_dir,
            active: Mutex::new(active),
            profile: RwLock::new(profile),
            readers: Arc::new(Mutex::new(readers)),
            sandbox: tokio::sync::Mutex::new(None),
            last_fetch: tokio::sync::Mutex::new(None),
            preview_fetch: FetchSlot::default(),
            push_preview: FetchSlot::default(),
            #[cfg(test)]
            store_plan_hold: Mutex::new(None),
            catalog_fetch: FetchSlot::default(),
            import_run: tokio::sync::Mutex::new(()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Active> {
        self.active.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn profile(&self) -> Profile {
        *self.profile.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The data folder of the active profile.
    pub fn profile_dir(&self) -> DataDir {
        self.data_dir.profile(self.profile())
    }

    /// Switches to `profile`, opening its database and remembering the choice.
    pub fn switch_profile(&self, profile: Profile) -> Result<(), Failure> {
        let mut active = self.lock();
        if active.profile == profile && active.store.is_ok() {
            return Ok(());
        }
        let opened = open_store(&self.data_dir, profile)?;
        self.data_dir
            .set_active_profile(profile)
            .map_err(|e| Failure::internal("remember the active profile", e))?;
        let (now_active, readers) = split(profile, Ok(opened));
        *active = now_active;
        *lock(&self.readers) = readers;
        *self.profile.write().unwrap_or_else(|p| p.into_inner()) = profile;
        Ok(())
    }

    /// The open database of `profile`, refused when another profile became
    /// active since a run started on `profile` (its people must never be
    /// planned into the other company's database).
    pub fn store_of(&self, profile: Profile) -> Result<StoreGuard<'_>, Failure> {
        let guard = self.lock();
        if guard.profile != profile {
            return Err(connection_changed());
        }
        match &guard.store {
            Ok(_) => Ok(StoreGuard(guard)),
            Err(e) => Err(e.clone()),
        }
    }

    /// The lock file that keeps import runs on `profile`'s database one at
    /// a time, across processes.
    pub fn run_lock_path(&self, profile: Profile) -> std::path::PathBuf {
        crate::runlock::lock_path(self.data_dir.profile(profile).root())
    }

    /// The database a run that started on `profile` with the saved
    /// connection `started` may write to: refused when the profile or the
    /// saved connection (company, client ID, base URL) changed meanwhile.
    pub fn store_for_run(
        &self,
        profile: Profile,
        started: &ConnectionRow,
    ) -> Result<StoreGuard<'_>, Failure> {
        let store = self.store_of(profile)?;
        let same = store.connection()?.is_some_and(|now| {
            (&now.company_id, &now.client_id, &now.base_url)
                == (&started.company_id, &started.client_id, &started.base_url)
        });
        if !same {
            return Err(connection_changed());
        }
        Ok(store)
    }

    /// A read-only connection to the active profile's database, or the
    /// reason it is not open. Never waits for the writer ([`AppState::store`]):
    /// it sees the last committed state.
    pub fn reader(&self) -> Result<ReadGuard, Failure> {
        self.reader_of(None)
    }

    /// [`AppState::reader`] of `profile`'s database, refused when another
    /// profile became active since a run started on `profile`.
    pub fn reader_of(&self, profile: Option<Profile>) -> Result<ReadGuard, Failure> {
        let mut readers = lock(&self.readers);
        if profile.is_some_and(|p| p != readers.profile) {
            return Err(connection_changed());
        }
        let profile = readers.profile;
        if let Some(store) = readers.idle.pop() {
            return Ok(ReadGuard {
                store: Some(store),
                profile,
                pool: self.readers.clone(),
            });
        }
        let (path, key) = readers.source.clone()?;
        // Opening (no key derivation: the key is raw) is quick; done
        // outside the pool's lock so other reads go on meanwhile.
        drop(readers);
        let store = Store::open_reader(&path, &key).map_err(Failure::from)?;
        Ok(ReadGuard {
            store: Some(store),
            profile,
            pool: self.readers.clone(),
        })
    }

    /// Runs `work` on a read-only connection on the blocking pool (never on
    /// an async worker thread, and never waiting for the writer).
    pub async fn read<T, E>(
        &self,
        work: impl FnOnce(&Store) -> Result<T, E> + Send + 'static,
    ) -> Result<T, Failure>
    where
        T: Send + 'static,
        E: Send + 'static,
        Failure: From<E>,
    {
        let reader = self.reader()?;
        tokio::task::spawn_blocking(move || work(&reader))
            .await
            .map_err(|e| Failure::internal("read the database", e))?
            .map_err(Failure::from)
    }

    /// Copies the database log into the database in the background, on a
    /// read connection ([`Store::checkpoint`]): after a plan is stored or
    /// applied, once the window has its answer.
    pub fn checkpoint_soon(&self) {
        let reader = match self.reader() {
            Ok(reader) => reader,
            Err(e) => {
                tracing::warn!(error = %e.message, "could not copy the database log into the database");
                return;
            }
        };
        tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            match reader.checkpoint() {
                Ok((pages, copied)) => tracing::debug!(
                    pages,
                    copied,
                    ms = started.elapsed().as_millis() as u64,
                    "database log copied into the database"
                ),
                Err(e) => {
                    tracing::warn!(error = %e, "could not copy the database log into the database")
                }
            }
        });
    }

    /// Runs `work` with the writer connection, off the async workers
    /// (`block_in_place`): a write waits only for another write.
    pub fn write<T, E>(&self, work: impl FnOnce(&Store) -> Result<T, E>) -> Result<T, Failure>
    where
        Failure: From<E>,
    {
        tokio::task::block_in_place(|| {
            let store = self.store()?;
            work(&store).map_err(Failure::from)
        })
    }

    /// Whether a write holds the database now (for tests that prove reads
    /// go on meanwhile).
    #[cfg(test)]
    pub fn writer_busy(&self) -> bool {
        self.active.try_lock().is_err()
    }

    /// Tests only: the next preview, once it holds the writer to store its
    /// plan, waits until the returned sender sends (or is dropped).
    #[cfg(test)]
    pub(crate) fn hold_store_plan(&self) -> std::sync::mpsc::Sender<()> {
        let (release, hold) = std::sync::mpsc::channel();
        *lock(&self.store_plan_hold) = Some(hold);
        release
    }

    /// Tests only: waits where [`AppState::hold_store_plan`] asked to.
    #[cfg(test)]
    pub(crate) fn wait_if_held(&self) {
        let hold = lock(&self.store_plan_hold).take();
        if let Some(hold) = hold {
            let _ = hold.recv_timeout(std::time::Duration::from_secs(60));
        }
    }

    /// The open database, or the reason it is not open.
    pub fn store(&self) -> Result<StoreGuard<'_>, Failure> {
        let guard = self.lock();
        match &guard.store {
            Ok(_) => Ok(StoreGuard(guard)),
            Err(e) => Err(e.clone()),
        }
    }
}

/// The run's company changed under it; nothing was planned.
pub fn connection_changed() -> Failure {
    Failure::new(
        ErrorCode::ConnectionChanged,
        "The company changed while the import was running (the sandbox was started or left, or \
         the connection was revoked or replaced), so nothing was planned. Run it again.",
    )
}

/// One kind of employee fetch the window can cancel: the token of the one
/// in progress, if any.
#[derive(Default)]
pub struct FetchSlot(Mutex<Option<CancelToken>>);

impl FetchSlot {
    /// Every employee record behind `form`, as Map fields keeps them;
    /// [`FetchSlot::cancel`] ends it early with `cancelled`.
    pub async fn fetch(
        &self,
        form: &ValidForm,
        progress: impl FnMut(Progress) + Send,
    ) -> Result<RecordTexts, SyncError> {
        let cancel = self.start();
        let fetched = sync::fetch_texts(form, sync::jitter_seed(), &cancel, progress).await;
        self.finish();
        fetched
    }

    /// Starts a cancellable run (waiting for its turn, then fetching): the
    /// token [`FetchSlot::cancel`] flips until [`FetchSlot::finish`].
    pub fn start(&self) -> CancelToken {
        let cancel = CancelToken::new();
        *self.token() = Some(cancel.clone());
        cancel
    }

    /// Ends the run [`FetchSlot::start`] began.
    pub fn finish(&self) {
        self.token().take();
    }

    /// Stops the fetch in progress, if any.
    pub fn cancel(&self) {
        if let Some(token) = self.token().as_ref() {
            token.cancel();
        }
    }

    fn token(&self) -> MutexGuard<'_, Option<CancelToken>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// A borrowed read-only connection; returned to the pool when dropped
/// (unless the profile changed meanwhile).
pub struct ReadGuard {
    store: Option<Store>,
    profile: Profile,
    pool: Arc<Mutex<Readers>>,
}

impl std::ops::Deref for ReadGuard {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store
            .as_ref()
            .expect("a ReadGuard holds its store until dropped")
    }
}

impl Drop for ReadGuard {
    fn drop(&mut self) {
        let mut pool = lock(&self.pool);
        if pool.profile == self.profile && pool.idle.len() < IDLE_READERS {
            if let Some(store) = self.store.take() {
                pool.idle.push(store);
            }
        }
    }
}

/// A locked, known-good database handle. Hold it briefly and never across `.await`.
pub struct StoreGuard<'a>(MutexGuard<'a, Active>);

impl std::ops::Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.0
            .store
            .as_ref()
            .expect("StoreGuard is only built over an open store")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_can_be_read_while_the_database_is_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(DataDir::new(dir.path()));
        let store = state
            .store()
            .expect("database opens in the keyring session");
        // Used to deadlock: the profile lived under the database's lock.
        assert_eq!(state.profile(), Profile::Company);
        drop(store);
        state.switch_profile(Profile::Sandbox).unwrap();
        assert_eq!(state.profile(), Profile::Sandbox);
        assert_eq!(DataDir::new(dir.path()).active_profile(), Profile::Sandbox);
    }

    fn row(company: &str) -> ConnectionRow {
        ConnectionRow::unchecked(company, "c", "https://api.example.test")
    }

    #[test]
    fn a_run_cannot_write_after_its_company_changed() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(DataDir::new(dir.path()));
        let started = row("ACME");
        state
            .store()
            .expect("database opens in the keyring session")
            .save_connection(&started, "2026-01-01T00:00:00Z")
            .unwrap();
        assert!(state.store_for_run(Profile::Company, &started).is_ok());
        // Another connection saved meanwhile (a configuration import, Connect).
        state
            .store()
            .unwrap()
            .save_connection(&row("OTHER"), "2026-01-01T00:01:00Z")
            .unwrap();
        let e = state
            .store_for_run(Profile::Company, &started)
            .err()
            .unwrap();
        assert_eq!(e.code, super::ErrorCode::ConnectionChanged);
        // Try the sandbox while the run fetched the real company.
        state.switch_profile(Profile::Sandbox).unwrap();
        let e = state
            .store_for_run(Profile::Company, &row("OTHER"))
            .err()
            .unwrap();
        assert_eq!(e.code, super::ErrorCode::ConnectionChanged);
        // Revoke: no connection at all.
        state.switch_profile(Profile::Company).unwrap();
        state.store().unwrap().delete_connection().unwrap();
        assert!(state
            .store_for_run(Profile::Company, &row("OTHER"))
            .is_err());
    }
}
