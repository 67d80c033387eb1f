/// The command names in src/app/command_list.rs (`file::command`).
macro_rules! ipc_commands {
    ($($file:ident::$command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}

/// Every IPC command, from the one list lib.rs registers them from.
const COMMANDS: &[&str] = include!("src/app/command_list.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
