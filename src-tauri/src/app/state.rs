//! The one managed `AppState`: where the data lives, which profile is active
//! (the real company, or the sandbox company in its own database so the two
//! never mix), the open database of that profile (or why it could not be
//! opened, so the window can still explain it), and the running sandbox.

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use crate::connection::ValidForm;
use crate::paths::{DataDir, Profile};
use crate::sandbox::SandboxHandle;
use crate::store::Store;
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
    Store::open_with_keyring(&dir.database()).map_err(IpcError::from)
}

impl AppState {
    /// Opens the database of the last active profile in `data_dir`; a failure
    /// is kept and reported by every command that needs the database, rather
    /// than aborting start-up.
    pub fn open(data_dir: DataDir) -> Self {
        let profile = data_dir.active_profile();
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

    /// The open database, or the reason it is not open.
    pub fn store(&self) -> Result<StoreGuard<'_>, IpcError> {
        let guard = self.lock();
        match &guard.store {
            Ok(_) => Ok(StoreGuard(guard)),
            Err(e) => Err(e.clone()),
        }
    }
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
}
