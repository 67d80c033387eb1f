// Generated from Rust by src-tauri/src/app/bindings.rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p roster bindings` after changing an IPC type.

export type ErrorCode = "keyring_unavailable" | "database_key_missing" | "database_key_wrong" | "database_too_new" | "invalid_input" | "internal";

export type IpcError = { code: ErrorCode, message: string, };

export type AppInfo = { version: string, data_dir: string, database_path: string, log_dir: string, 
/**
 * Whether a TriNet connection has been saved (never the secret itself).
 */
connection_configured: boolean, 
/**
 * Why the database could not be opened, when it could not.
 */
storage_error: IpcError | null, };
