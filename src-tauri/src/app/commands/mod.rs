//! Tauri commands, one file per feature. Each deserialises, calls one domain
//! or store function and maps the error.

pub mod app_info;
pub mod config;
pub mod connection;
pub mod directory;
pub mod history;
pub mod mapping;
pub mod provision;
pub mod review;
pub mod sandbox;
pub mod settings;

#[cfg(test)]
mod tests {
    /// Each `#[tauri::command]` in `src/app/commands`, as (where, body).
    fn commands() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app/commands");
        let mut out = vec![];
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == "mod.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, chunk) in text.split("#[tauri::command]").enumerate().skip(1) {
                let signature = chunk.trim_start();
                // The body: up to the next item at column 0.
                let body = signature.split("\n}\n").next().unwrap_or(signature);
                out.push((format!("{} command #{i}", path.display()), body.to_string()));
            }
        }
        out
    }

    /// Where each command picked by `which` calls any of `calls`.
    fn commands_calling(calls: &[&str], which: impl Fn(&str) -> bool) -> Vec<String> {
        commands()
            .into_iter()
            .filter(|(_, body)| which(body) && calls.iter().any(|call| body.contains(call)))
            .map(|(at, _)| at)
            .collect()
    }

    /// Tauri runs a command that is not `async` on the main thread, where a
    /// database wait (another process's apply holds the write lock for
    /// seconds) freezes the whole window. Only commands that never touch
    /// the database may be plain functions.
    #[test]
    fn commands_that_use_the_database_are_async() {
        let offenders = commands_calling(
            &["store(", "read(", "write(", "current_status(", "collect("],
            |body| !body.starts_with("pub async fn"),
        );
        assert!(
            offenders.is_empty(),
            "sync commands on the database: {offenders:?}"
        );
    }

    /// A command reaches the database through `AppState::read` (a read
    /// connection on the blocking pool: never waits for the writer) or
    /// `AppState::write` (the writer, off the async workers), never by
    /// holding a connection on an async worker thread.
    #[test]
    fn commands_use_the_database_through_read_or_write() {
        let offenders = commands_calling(
            &[
                "state.store()",
                "state.reader()",
                "store_of(",
                "store_for_run(",
            ],
            |_| true,
        );
        assert!(
            offenders.is_empty(),
            "commands holding a connection on an async worker: {offenders:?}"
        );
    }
}
