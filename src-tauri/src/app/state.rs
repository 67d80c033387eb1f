//! The one managed `AppState`: where the data lives, which profile is active
//! (the real company, or the sandbox company in its own database so the two
//! never mix), the open database of that profile (or why it could not be
//! opened, so the window can still explain it), and the running sandbox.

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use crate::connection::ValidForm;
use crate::paths::{DataDir, Profile};
use crate::sandbox::SandboxHandle;
use crate::store::{ConnectionRow, KeySource, Store};
use crate::sync::{self, Fetched, SyncError};
use crate::trinet::{CancelToken, Employee, Progress};

use super::IpcError;

pub struct AppState {
    /// The root data folder (logs, the profile marker, both profiles' data).
    pub data_dir: DataDir,
    active: Mutex<Active>,
    /// A copy of `active.profile`, readable while a `StoreGuard` holds
    /// `active` (reading the profile must never wait for the database lock).
    /// Written only inside `switch_profile`, under `active`'s lock.
    profile: RwLock<Profile>,
    /// The embedded sandbox server while the sandbox profile is in use.
    /// Held across `.await` (start and stop), hence tokio's Mutex.
    pub sandbox: tokio::sync::Mutex<Option<SandboxHandle>>,
    /// The last employee fetch, for the mapping screen's catalog and
    /// preview. Memory only: raw TriNet records never reach the database.
    /// Held across the fetch itself, so two screens never fetch at once.
    pub last_fetch: tokio::sync::Mutex<Option<Arc<Fetched>>>,
    /// Review's preview fetch, cancellable while it runs.
    pub preview_fetch: FetchSlot,
    /// Map fields' fetch, cancellable while it runs.
    pub catalog_fetch: FetchSlot,
    /// Held for a whole preview or scheduled sync (fetch, plan, apply), so
    /// two never run at once.
    pub import_run: tokio::sync::Mutex<()>,
}

struct Active {
    profile: Profile,
    store: Result<Store, IpcError>,
}

fn open_store(data_dir: &DataDir, profile: Profile) -> Result<Store, IpcError> {
    let dir = data_dir.profile(profile);
    Store::open_with_key_from(&dir.database(), &KeySource::from_key_file(dir.key_file()))
        .map_err(IpcError::from)
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
        let store = open_store(&data_dir, profile);
        Self {
            data_dir,
            active: Mutex::new(Active { profile, store }),
            profile: RwLock::new(profile),
            sandbox: tokio::sync::Mutex::new(None),
            last_fetch: tokio::sync::Mutex::new(None),
            preview_fetch: FetchSlot::default(),
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
    pub fn switch_profile(&self, profile: Profile) -> Result<(), IpcError> {
        let mut active = self.lock();
        if active.profile == profile && active.store.is_ok() {
            return Ok(());
        }
        let store = open_store(&self.data_dir, profile)?;
        self.data_dir
            .set_active_profile(profile)
            .map_err(|e| IpcError::internal("remember the active profile", e))?;
        *active = Active {
            profile,
            store: Ok(store),
        };
        *self.profile.write().unwrap_or_else(|p| p.into_inner()) = profile;
        Ok(())
    }

    /// The open database of `profile`, refused when another profile became
    /// active since a run started on `profile` (its people must never be
    /// planned into the other company's database).
    pub fn store_of(&self, profile: Profile) -> Result<StoreGuard<'_>, IpcError> {
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
    ) -> Result<StoreGuard<'_>, IpcError> {
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

    /// The open database, or the reason it is not open.
    pub fn store(&self) -> Result<StoreGuard<'_>, IpcError> {
        let guard = self.lock();
        match &guard.store {
            Ok(_) => Ok(StoreGuard(guard)),
            Err(e) => Err(e.clone()),
        }
    }
}

/// The run's company changed under it; nothing was planned.
pub fn connection_changed() -> IpcError {
    IpcError::new(
        super::ErrorCode::ConnectionChanged,
        "The company changed while the import was running (the sandbox was started or left, or \
         the connection was revoked or replaced), so nothing was planned. Run it again.",
    )
}

/// One kind of employee fetch the window can cancel: the token of the one
/// in progress, if any.
#[derive(Default)]
pub struct FetchSlot(Mutex<Option<CancelToken>>);

impl FetchSlot {
    /// Every employee behind `form`; [`FetchSlot::cancel`] ends it early
    /// with `cancelled`.
    pub async fn fetch(
        &self,
        form: &ValidForm,
        progress: impl FnMut(Progress) + Send,
    ) -> Result<Vec<Employee>, SyncError> {
        let cancel = CancelToken::new();
        *self.token() = Some(cancel.clone());
        let fetched = sync::fetch_employees(form, sync::jitter_seed(), &cancel, progress).await;
        self.token().take();
        fetched
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
        ConnectionRow {
            company_id: company.into(),
            client_id: "c".into(),
            base_url: "https://api.example.test".into(),
            scopes: String::new(),
            company_name: None,
            legal_name: None,
            is_sandbox: false,
            last_verified_at: None,
            last_checked_at: None,
            last_error_code: None,
            last_error: None,
        }
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
        assert_eq!(e.code, super::super::ErrorCode::ConnectionChanged);
        // Try the sandbox while the run fetched the real company.
        state.switch_profile(Profile::Sandbox).unwrap();
        let e = state
            .store_for_run(Profile::Company, &row("OTHER"))
            .err()
            .unwrap();
        assert_eq!(e.code, super::super::ErrorCode::ConnectionChanged);
        // Revoke: no connection at all.
        state.switch_profile(Profile::Company).unwrap();
        state.store().unwrap().delete_connection().unwrap();
        assert!(state
            .store_for_run(Profile::Company, &row("OTHER"))
            .is_err());
    }
}
