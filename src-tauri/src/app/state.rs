//! The one managed `AppState`: where the data lives and the open database
//! (or why it could not be opened, so the window can still explain it).

use std::sync::{Mutex, MutexGuard};

use crate::paths::DataDir;
use crate::store::Store;

use super::IpcError;

pub struct AppState {
    pub data_dir: DataDir,
    store: Mutex<Result<Store, IpcError>>,
}

impl AppState {
    /// Opens the database in `data_dir`; a failure is kept and reported by
    /// every command that needs the database, rather than aborting start-up.
    pub fn open(data_dir: DataDir) -> Self {
        let store = Store::open_with_keyring(&data_dir.database()).map_err(IpcError::from);
        Self {
            data_dir,
            store: Mutex::new(store),
        }
    }

    /// The open database, or the reason it is not open.
    pub fn store(&self) -> Result<StoreGuard<'_>, IpcError> {
        let guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        match &*guard {
            Ok(_) => Ok(StoreGuard(guard)),
            Err(e) => Err(e.clone()),
        }
    }
}

/// A locked, known-good database handle.
pub struct StoreGuard<'a>(MutexGuard<'a, Result<Store, IpcError>>);

impl std::ops::Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.0
            .as_ref()
            .expect("StoreGuard is only built over an open store")
    }
}
