// AppInfo values for unit tests, shaped exactly like the generated binding.
import type { AppInfo } from "../ipc/bindings";

export const healthyAppInfo: AppInfo = {
  version: "1.2.3",
  data_dir: "/home/ada/.local/share/dev.roster.desktop",
  database_path: "/home/ada/.local/share/dev.roster.desktop/roster.sqlite3",
  log_dir: "/home/ada/.local/share/dev.roster.desktop/logs",
  connection_configured: false,
  storage_error: null,
};

export const brokenStorageAppInfo: AppInfo = {
  ...healthyAppInfo,
  connection_configured: true,
  storage_error: {
    code: "database_key_wrong",
    message: "The stored key does not open roster.sqlite3. Restore the keyring entry or move the file aside.",
  },
};
