//! The operating system's own file dialogs. They are opened from Rust, so a
//! path Roster writes to or reads from is always one the admin picked, never
//! one the webview made up.

use std::path::PathBuf;

#[cfg(test)]
use tauri::Manager;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// A kind of file a dialog offers.
#[derive(Debug, Clone, Copy)]
pub struct FileKind {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

pub const CSV: FileKind = FileKind {
    name: "CSV (comma-separated values)",
    extensions: &["csv"],
};

pub const CONFIG: FileKind = FileKind {
    name: "Roster configuration",
    extensions: &["json"],
};

/// Asks where to save a file; `None` when the admin cancels.
pub async fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    kind: FileKind,
) -> Option<PathBuf> {
    #[cfg(test)]
    if let Some(answers) = app.try_state::<Scripted>() {
        return answers.answer(title);
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(kind.name, kind.extensions)
        .save_file(move |path| {
            let _ = tx.send(path);
        });
    rx.await.ok().flatten().and_then(|p| p.into_path().ok())
}

/// Asks which file to open; `None` when the admin cancels.
pub async fn open_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    kind: FileKind,
) -> Option<PathBuf> {
    #[cfg(test)]
    if let Some(answers) = app.try_state::<Scripted>() {
        return answers.answer(title);
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(kind.name, kind.extensions)
        .pick_file(move |path| {
            let _ = tx.send(path);
        });
    rx.await.ok().flatten().and_then(|p| p.into_path().ok())
}

/// Tests only (app::ipc_tests): the admin's answers to the next dialogs, in
/// order, given instead of opening them (`None` is Cancel). Managed per app,
/// so tests running side by side never take each other's answers.
#[cfg(test)]
#[derive(Default)]
pub struct Scripted(std::sync::Mutex<std::collections::VecDeque<Option<PathBuf>>>);

#[cfg(test)]
impl Scripted {
    pub fn push(&self, answer: Option<PathBuf>) {
        self.0.lock().unwrap().push_back(answer);
    }

    fn answer(&self, title: &str) -> Option<PathBuf> {
        self.0
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| panic!("the dialog \"{title}\" opened with no answer scripted"))
    }
}
