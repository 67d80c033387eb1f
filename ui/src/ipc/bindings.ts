// Generated from Rust by src-tauri/src/app/bindings.rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p roster bindings` after changing an IPC type.

export type ErrorCode = "keyring_unavailable" | "database_key_missing" | "database_key_wrong" | "database_too_new" | "invalid_input" | "bad_credentials" | "missing_scope" | "unknown_company" | "rate_limited" | "unreachable" | "timeout" | "trinet_error" | "malformed_response" | "cancelled" | "not_connected" | "secret_missing" | "sandbox_failed" | "internal";

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

export type Profile = "company" | "sandbox";

export type ConnectionForm = { company_id: string, client_id: string, client_secret: string, 
/**
 * Empty or absent means TriNet's production API.
 */
base_url: string | null, };

export type ConnectionTest = { company_id: string, company_name: string | null, legal_name: string | null, scopes: Array<string>, };

export type ConnectionState = "not_connected" | "connected" | "needs_attention";

export type ConnectionStatus = { state: ConnectionState, profile: Profile, company_id: string | null, client_id: string | null, company_name: string | null, legal_name: string | null, base_url: string | null, scopes: Array<string>, 
/**
 * RFC 3339.
 */
last_verified_at: string | null, last_checked_at: string | null, problem: IpcError | null, };
