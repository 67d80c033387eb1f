export type ErrorCode = "keyring_unavailable" | "database_key_missing" | "database_key_wrong" | "database_too_new" | "invalid_input" | "internal";
export type IpcError = { code: ErrorCode, message: string, };
export type AppInfo = { version: string, data_dir: string, database_path: string, log_dir: string, connection_configured: boolean, storage_error: IpcError | null, };
