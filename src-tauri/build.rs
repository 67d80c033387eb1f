fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "app_info",
            "connection_status",
            "test_connection",
            "save_connection",
            "check_connection",
            "revoke_connection",
            "start_sandbox",
            "mapping_catalog",
            "directory_fields",
            "mapping_current",
            "mapping_preview",
            "mapping_check",
            "mapping_save",
            "mapping_history",
            "mapping_version",
            "mapping_restore",
        ]),
    ))
    .expect("tauri build script failed");
}
