//! Tauri commands, one file per feature. Each deserialises, calls one domain
//! or store function and maps the error.

pub mod app_info;
pub mod config;
pub mod connection;
pub mod directory;
pub mod history;
pub mod mapping;
pub mod review;
pub mod sandbox;
pub mod settings;

#[cfg(test)]
mod tests {
    /// Tauri runs a command that is not `async` on the main thread, where a
    /// database wait (another process's apply holds the write lock for
    /// seconds) freezes the whole window. Only commands that never touch
    /// the database may be plain functions.
    #[test]
    fn commands_that_use_the_database_are_async() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app/commands");
        let mut offenders = vec![];
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == "mod.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, chunk) in text.split("#[tauri::command]").enumerate().skip(1) {
                let signature = chunk.trim_start();
                if signature.starts_with("pub async fn") {
                    continue;
                }
                // The body: up to the next item at column 0.
                let body = signature.split("\n}\n").next().unwrap_or(signature);
                if body.contains("store(")
                    || body.contains("current_status(")
                    || body.contains("collect(")
                {
                    offenders.push(format!("{} command #{i}", path.display()));
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "sync commands on the database: {offenders:?}"
        );
    }
}
