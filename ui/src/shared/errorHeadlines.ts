// A short "what happened" headline for each IPC error code; the Rust message beneath it says what to do.
import type { ErrorCode } from "../ipc/bindings";

export const errorHeadlines: Record<ErrorCode, string> = {
  keyring_unavailable: "Roster can't reach your system keyring",
  database_key_missing: "The key to Roster's database is missing",
  database_key_wrong: "The key doesn't open Roster's database",
  database_too_new: "This database was made by a newer Roster",
  invalid_input: "Roster didn't accept that input",
  internal: "Something went wrong inside Roster",
};
